//! Small typed readers over JSON request bodies: each names the field in its error,
//! the way TikTok's parameter errors (40002) do.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::clock;
use super::wire::{ApiError, ApiResult};

pub(super) type Obj = Map<String, Value>;

fn present<'a>(m: &'a Obj, key: &str) -> Option<&'a Value> {
    match m.get(key) {
        None | Some(Value::Null) => None,
        Some(v) => Some(v),
    }
}

pub(super) fn has(m: &Obj, key: &str) -> bool {
    present(m, key).is_some()
}

pub(super) fn opt_str<'a>(m: &'a Obj, key: &str) -> ApiResult<Option<&'a str>> {
    match present(m, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::param(key, "Not a valid string.")),
    }
}

pub(super) fn req_str<'a>(m: &'a Obj, key: &str) -> ApiResult<&'a str> {
    match opt_str(m, key)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(ApiError::missing(key)),
    }
}

pub(super) fn check_enum(key: &str, value: &str, allowed: &[&str]) -> ApiResult<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ApiError::param(
            key,
            format!(
                "Invalid enum value `{value}`; accepted values are: {}.",
                allowed.join(", ")
            ),
        ))
    }
}

pub(super) fn opt_enum<'a>(m: &'a Obj, key: &str, allowed: &[&str]) -> ApiResult<Option<&'a str>> {
    let v = opt_str(m, key)?;
    if let Some(s) = v {
        check_enum(key, s, allowed)?;
    }
    Ok(v)
}

pub(super) fn req_enum<'a>(m: &'a Obj, key: &str, allowed: &[&str]) -> ApiResult<&'a str> {
    let s = req_str(m, key)?;
    check_enum(key, s, allowed)?;
    Ok(s)
}

/// A platform literal: TikTok's vocabularies grow (events, calls to action,
/// placements, ages, attribution windows), so any value shaped like one of its enum
/// literals (capitals, digits, underscores) is taken; anything else is refused.
pub(super) fn check_literal(key: &str, value: &str) -> ApiResult<()> {
    let b = value.as_bytes();
    let ok = (1..=100).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::param(
            key,
            format!("Invalid enum value `{value}`."),
        ))
    }
}

pub(super) fn opt_literal<'a>(m: &'a Obj, key: &str) -> ApiResult<Option<&'a str>> {
    let v = opt_str(m, key)?;
    if let Some(s) = v {
        check_literal(key, s)?;
    }
    Ok(v)
}

pub(super) fn opt_literal_list(m: &Obj, key: &str) -> ApiResult<Option<Vec<String>>> {
    let list = opt_str_list(m, key)?;
    if let Some(l) = &list {
        for s in l {
            check_literal(key, s)?;
        }
    }
    Ok(list)
}

pub(super) fn opt_bool(m: &Obj, key: &str) -> ApiResult<Option<bool>> {
    match present(m, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::param(key, "Not a valid boolean.")),
    }
}

/// A JSON number as an exact decimal (money, bids).
pub(super) fn opt_num(m: &Obj, key: &str) -> ApiResult<Option<Decimal>> {
    match present(m, key) {
        None => Ok(None),
        Some(Value::Number(n)) => {
            let text = n.to_string();
            Decimal::from_str(&text)
                .or_else(|_| Decimal::from_scientific(&text))
                .map(Some)
                .map_err(|_| ApiError::param(key, "Number out of range."))
        }
        Some(_) => Err(ApiError::param(key, "Not a valid number.")),
    }
}

pub(super) fn req_num(m: &Obj, key: &str) -> ApiResult<Decimal> {
    opt_num(m, key)?.ok_or_else(|| ApiError::missing(key))
}

pub(super) fn opt_array<'a>(m: &'a Obj, key: &str) -> ApiResult<Option<&'a Vec<Value>>> {
    match present(m, key) {
        None => Ok(None),
        Some(Value::Array(a)) => Ok(Some(a)),
        Some(_) => Err(ApiError::param(key, "Not a valid list.")),
    }
}

pub(super) fn opt_object<'a>(m: &'a Obj, key: &str) -> ApiResult<Option<&'a Obj>> {
    match present(m, key) {
        None => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(ApiError::param(key, "Not a valid object.")),
    }
}

/// A list of strings.
pub(super) fn opt_str_list(m: &Obj, key: &str) -> ApiResult<Option<Vec<String>>> {
    let Some(a) = opt_array(m, key)? else {
        return Ok(None);
    };
    a.iter()
        .map(|v| match v {
            Value::String(s) => Ok(s.clone()),
            _ => Err(ApiError::param(key, "Every item must be a string.")),
        })
        .collect::<ApiResult<Vec<_>>>()
        .map(Some)
}

pub(super) fn opt_enum_list(
    m: &Obj,
    key: &str,
    allowed: &[&str],
) -> ApiResult<Option<Vec<String>>> {
    let list = opt_str_list(m, key)?;
    if let Some(l) = &list {
        for s in l {
            check_enum(key, s, allowed)?;
        }
    }
    Ok(list)
}

/// An id: a non-empty string of digits (v1.3 sends every id as a string).
pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn req_id<'a>(m: &'a Obj, key: &str) -> ApiResult<&'a str> {
    match present(m, key) {
        None => Err(ApiError::missing(key)),
        Some(Value::String(s)) if is_id(s) => Ok(s),
        Some(Value::String(s)) if s.is_empty() => Err(ApiError::missing(key)),
        Some(_) => Err(ApiError::param(
            key,
            "Must be an id: a string of digits, e.g. \"1728545382536225\".",
        )),
    }
}

/// A list of ids, 1..=max.
pub(super) fn req_id_list(m: &Obj, key: &str, max: usize) -> ApiResult<Vec<String>> {
    let list = opt_str_list(m, key)?.ok_or_else(|| ApiError::missing(key))?;
    if list.is_empty() {
        return Err(ApiError::param(key, "Must contain at least 1 id."));
    }
    if list.len() > max {
        return Err(ApiError::param(
            key,
            format!("At most {max} ids are allowed, got {}.", list.len()),
        ));
    }
    if let Some(bad) = list.iter().find(|s| !is_id(s)) {
        return Err(ApiError::param(key, format!("`{bad}` is not an id.")));
    }
    Ok(list)
}

/// Object names: ≤512 characters where CJK counts double, and no emoji.
pub(super) fn name(key: &str, s: &str) -> ApiResult<()> {
    if s.trim().is_empty() {
        return Err(ApiError::missing(key));
    }
    let len: usize = s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum();
    if len > crate::facts::MAX_NAME_LEN {
        return Err(ApiError::param(
            key,
            format!(
                "Must be at most {} characters (CJK characters count as 2); got {len}.",
                crate::facts::MAX_NAME_LEN
            ),
        ));
    }
    if s.chars().any(is_emoji) {
        return Err(ApiError::param(key, "Emoji are not allowed in names."));
    }
    Ok(())
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF
        | 0x2600..=0x27BF
        | 0x2B00..=0x2BFF
        | 0x231A..=0x231B
        | 0x23E9..=0x23FA
        | 0xFE0F
        | 0x200D)
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) → Unix seconds.
pub(super) fn time(key: &str, s: &str) -> ApiResult<i64> {
    clock::parse(s).ok_or_else(|| {
        ApiError::param(
            key,
            format!("`{s}` is not a valid time; use YYYY-MM-DD HH:MM:SS (UTC)."),
        )
    })
}

/// Equality where 10 and 10.0 are the same number.
pub(super) fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    let norm = |v: Option<&Value>| match v {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.clone()),
    };
    match (norm(a), norm(b)) {
        (None, None) => true,
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (x, y) => x == y,
    }
}

/// Money formatted with the currency's decimals.
pub(super) fn money(d: Decimal, decimals: u32) -> String {
    let mut r = d.round_dp(decimals);
    r.rescale(decimals);
    r.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names() {
        assert!(name("n", "Spring sale").is_ok());
        assert!(name("n", "Sale 🎉").is_err());
        assert!(name("n", &"a".repeat(512)).is_ok());
        assert!(name("n", &"a".repeat(513)).is_err());
        assert!(name("n", &"広".repeat(256)).is_ok());
        assert!(name("n", &"広".repeat(257)).is_err());
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(same(Some(&json!(10)), Some(&json!(10.0))));
        assert!(!same(Some(&json!(10)), Some(&json!(10.5))));
        assert!(same(None, Some(&Value::Null)));
    }

    #[test]
    fn money_rounds_to_currency() {
        assert_eq!(money(Decimal::from_str("12.3456").unwrap(), 2), "12.35");
        assert_eq!(money(Decimal::from(5), 2), "5.00");
        assert_eq!(money(Decimal::from_str("5000.4").unwrap(), 0), "5000");
    }
}
