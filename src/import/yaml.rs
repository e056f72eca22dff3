//! Spec files as YAML text, the way a person would write them.
//!
//! The serializer writes the model (short lists of plain values on one line); amounts
//! are then unquoted (`amount: 19.90`, the
//! exact text of `Money`'s `Display`), a blank line sets the campaigns apart, and the
//! header says where the file came from. The text is read back before it is used:
//! a file that would not load as the same spec is never written.

use std::fmt::Write;

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::spec::load;
use crate::spec::model::SpecFile;

/// Keys whose values are amounts.
const MONEY_KEYS: &[&str] = &["amount", "roas", "historical_cpa"];

/// What the comment lines at the top of the file say.
#[derive(Clone, Debug)]
pub struct Header {
    pub advertiser_id: String,
    /// When the import ran, shown in UTC.
    pub imported_at: jiff::Timestamp,
    /// The `$schema` path for yaml-language-server.
    pub schema: String,
    /// Settings left out because the spec format cannot express them.
    pub unsupported: Vec<String>,
    /// File names of media ids, written as comments beside them.
    pub media_names: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum YamlError {
    #[error("cannot write the spec as YAML: {0}")]
    Serialize(String),
    #[error("the written YAML does not read back as the same spec")]
    NotFaithful,
}

/// The whole file: header comments, then the spec.
pub fn render(file: &SpecFile, header: &Header) -> Result<String, YamlError> {
    let body = body(file)?;
    let mut out = String::new();
    let when = header.imported_at.strftime("%Y-%m-%d %H:%M UTC");
    let _ = writeln!(
        out,
        "# Imported by `smartplus import` from advertiser {} on {when}.",
        header.advertiser_id
    );
    if !header.schema.is_empty() {
        let _ = writeln!(out, "# yaml-language-server: $schema={}", header.schema);
    }
    if !header.unsupported.is_empty() {
        let _ = writeln!(out, "#");
        let _ = writeln!(
            out,
            "# Not in this file: the spec format cannot express these settings yet. They stay"
        );
        let _ = writeln!(
            out,
            "# as they are in the account, but an object created again from this file lacks them."
        );
        for u in &header.unsupported {
            // One comment line per setting, whatever characters it holds.
            let flat: String = u
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let _ = writeln!(out, "#   - {flat}");
        }
    }
    out.push_str(&name_media(&body, &header.media_names));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    // The header is comments only, but check the whole file as it will be read.
    if load::parse_str(&out).ok().as_ref() != Some(file) {
        return Err(YamlError::NotFaithful);
    }
    Ok(out)
}

/// Each line that holds media ids gets their file names as a comment
/// (`id: v10033g50000…  # hero.mp4`): the file cannot be had back from the account,
/// but its name tells people which one it was.
fn name_media(body: &str, names: &std::collections::BTreeMap<String, String>) -> String {
    if names.is_empty() {
        return body.to_owned();
    }
    let mut out = String::with_capacity(body.len() + 256);
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let value = content
            .split_once(": ")
            .map_or_else(|| content.trim_start().trim_start_matches("- "), |(_, v)| v);
        let found: Vec<String> = value
            .trim_matches(|c| c == '[' || c == ']')
            .split(", ")
            .map(|t| t.trim().trim_matches('"').trim_matches('\''))
            .filter_map(|t| names.get(t))
            .map(|n| {
                n.chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect()
            })
            .collect();
        if found.is_empty() || content.contains(" #") {
            out.push_str(line);
            continue;
        }
        out.push_str(content);
        out.push_str("  # ");
        out.push_str(&found.join(", "));
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Short lists of plain values are written on one line, `locations: ["6252001"]`.
const FLOW_WIDTH: usize = 60;

/// The spec as a YAML tree: the model's own serialization, with short scalar lists
/// in flow style.
struct Node<'a>(&'a Value);

/// `YYYY-MM-DD`, with or without a time after it.
fn looks_like_a_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

fn is_flow(items: &[Value]) -> bool {
    let mut width = 2;
    for item in items {
        width += match item {
            Value::String(s) => s.chars().count() + 4,
            Value::Bool(_) | Value::Number(_) => 8,
            _ => return false,
        };
    }
    width <= FLOW_WIDTH
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => s.serialize_u64(u),
                (_, Some(i)) => s.serialize_i64(i),
                _ => s.serialize_str(&n.to_string()),
            },
            // A date or a time is quoted, as people write them in specs: some YAML
            // readers take `2026-12-01 09:00` unquoted for a timestamp, not text.
            Value::String(t) if looks_like_a_date(t) => {
                serde_saphyr::DoubleQuoted(t.as_str()).serialize(s)
            }
            Value::String(t) => s.serialize_str(t),
            Value::Array(items) if is_flow(items) => {
                serde_saphyr::FlowSeq(items.iter().map(Node).collect::<Vec<_>>()).serialize(s)
            }
            Value::Array(items) => s.collect_seq(items.iter().map(Node)),
            Value::Object(map) => s.collect_map(map.iter().map(|(k, v)| (k, Node(v)))),
        }
    }
}

/// The spec as YAML, amounts unquoted when that reads back the same.
fn body(file: &SpecFile) -> Result<String, YamlError> {
    let tree = serde_json::to_value(file).map_err(|e| YamlError::Serialize(e.to_string()))?;
    let options = serde_saphyr::ser_options! {
        compact_list_indent: false,
    };
    let plain = serde_saphyr::to_string_with_options(&Node(&tree), options)
        .map_err(|e| YamlError::Serialize(e.to_string()))?;
    let tidy = spaced(&unquote_amounts(&plain));
    if load::parse_str(&tidy).ok().as_ref() == Some(file) {
        return Ok(tidy);
    }
    if load::parse_str(&plain).ok().as_ref() == Some(file) {
        return Ok(plain);
    }
    Err(YamlError::NotFaithful)
}

/// `amount: "19.90"` → `amount: 19.90`: amounts are read from their text, and a
/// number is how people write them.
fn unquote_amounts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (content, newline) = match line.strip_suffix('\n') {
            Some(c) => (c, "\n"),
            None => (line, ""),
        };
        let indent = content.len() - content.trim_start().len();
        let rest = &content[indent..];
        let unquoted = MONEY_KEYS.iter().find_map(|key| {
            let value = rest.strip_prefix(key)?.strip_prefix(": ")?;
            let inner = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))?;
            is_decimal(inner).then(|| format!("{}{key}: {inner}", &content[..indent]))
        });
        match unquoted {
            Some(l) => {
                out.push_str(&l);
                out.push_str(newline);
            }
            None => out.push_str(line),
        }
    }
    out
}

fn is_decimal(s: &str) -> bool {
    let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
    !whole.is_empty()
        && !frac.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// A blank line before `campaigns:` and between ad groups, for the eye.
fn spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_groups: Option<usize> = None;
    let mut first_group = true;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let rest = line.trim_start();
        if indent == 0 && rest.starts_with("campaigns:") && !out.is_empty() {
            out.push('\n');
        }
        if let Some(list_indent) = in_groups {
            if indent < list_indent || (indent == list_indent && !rest.starts_with("- ")) {
                in_groups = None;
            } else if indent == list_indent && rest.starts_with("- ") {
                if !first_group {
                    out.push('\n');
                }
                first_group = false;
            }
        }
        if rest.starts_with("ad_groups:") {
            // Items follow one level deeper (expanded list indentation).
            in_groups = Some(indent + 2);
            first_group = true;
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
advertiser_id: "7000000000000000001"
currency: USD
account:
  time_zone: America/New_York
campaigns:
  - name: "Sale: 50% off"
    id: "1800000000000001"
    objective: web_conversions
    sales_destination: website
    budget:
      cbo: true
      amount: 500.5
    ad_groups:
      - name: "yes"
        id: "1800000000000002"
        optimization: {goal: value, event: complete_payment, pixel_id: "7100000000000000001"}
        bidding: {strategy: min_roas, roas: "1.25"}
        schedule:
          start: "2026-12-01 09:00"
          dayparting: {monday: ["09:00-17:30"], sunday: []}
        targeting: {locations: ["6252001"], minimum_age: 25+}
        ads:
          - name: "Hero #1"
            identity: {type: tiktok_user, id: "7200000000000000001"}
            creatives: [{spark_post: "7300000000000000001"}]
            call_to_action_id: "7500000000000000001"
            landing_page: https://shop.example.com/?a=1&b=2
      - name: Second
        optimization: {goal: value, event: complete_payment, pixel_id: "7100000000000000001"}
        bidding: {strategy: min_roas, roas: 1.25}
        targeting: {locations: ["6252001"]}
"#;

    fn header(unsupported: Vec<String>) -> Header {
        Header {
            media_names: std::collections::BTreeMap::new(),
            advertiser_id: "7000000000000000001".into(),
            imported_at: "2026-08-24T10:15:30Z".parse().expect("time"),
            schema: "../smartplus.schema.json".into(),
            unsupported,
        }
    }

    #[test]
    fn writes_readable_yaml_that_reads_back_the_same() {
        let spec = load::parse_str(SPEC).expect("spec");
        let text = render(&spec, &header(Vec::new())).expect("render");
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(
                "# Imported by `smartplus import` from advertiser 7000000000000000001 on 2026-08-24 10:15 UTC."
            )
        );
        assert_eq!(
            lines.next(),
            Some("# yaml-language-server: $schema=../smartplus.schema.json")
        );
        assert!(text.contains("\n      amount: 500.50\n"), "{text}");
        assert!(text.contains("\n          roas: 1.25\n"), "{text}");
        assert!(text.contains("\n\ncampaigns:\n"), "{text}");
        assert!(text.contains("\n\n      - name: Second\n"), "{text}");
        assert!(
            text.contains("advertiser_id: \"7000000000000000001\""),
            "{text}"
        );
        assert!(
            text.contains("\n          locations: [\"6252001\"]\n"),
            "{text}"
        );
        assert!(text.contains("\n            sunday: []\n"), "{text}");
        assert!(text.contains("start: \"2026-12-01 09:00\""), "{text}");
        assert_eq!(load::parse_str(&text).expect("reads back"), spec);
    }

    #[test]
    fn unsupported_settings_are_listed_as_comments() {
        let spec = load::parse_str(SPEC).expect("spec");
        let text = render(
            &spec,
            &header(vec!["ad group `G`: pacing: \"PACING_MODE_FAST\"\nx".into()]),
        )
        .expect("render");
        assert!(
            text.contains("#   - ad group `G`: pacing: \"PACING_MODE_FAST\" x\n"),
            "{text}"
        );
        assert_eq!(load::parse_str(&text).expect("reads back"), spec);
    }

    #[test]
    fn only_whole_amount_lines_are_unquoted() {
        let text = "a:\n  amount: \"12\"\n  roas: '0.50'\n  name: \"12\"\n  amount: \"1e5\"\n";
        assert_eq!(
            unquote_amounts(text),
            "a:\n  amount: 12\n  roas: 0.50\n  name: \"12\"\n  amount: \"1e5\"\n"
        );
    }
}
