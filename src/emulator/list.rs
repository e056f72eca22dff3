//! What the list (`get`) endpoints share: JSON-encoded query parameters, the
//! `primary_status` filter, paging and `fields`.

use serde_json::{Map, Value, json};

use super::check::{self, Obj};
use super::clock;
use super::request::Req;
use super::state::{Kind, State};
use super::wire::{ApiError, ApiResult, code};

pub struct ListParams {
    pub page: u64,
    pub page_size: u64,
    pub fields: Option<Vec<String>>,
    pub filtering: Obj,
}

pub const PRIMARY_STATUSES: &[&str] = &[
    "STATUS_ALL",
    "STATUS_NOT_DELETE",
    "STATUS_DELETE",
    "STATUS_DELIVERY_OK",
    "STATUS_DISABLE",
    "STATUS_NOT_DELIVERY",
    "STATUS_TIME_DONE",
];

fn positive_int(req: &Req, key: &str, default: u64) -> ApiResult<u64> {
    match req.query.get(key) {
        None => Ok(default),
        Some(s) => match s.trim().parse::<u64>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(ApiError::param(key, "Must be an integer of at least 1.")),
        },
    }
}

pub fn params(req: &Req, cap: u32, filter_keys: &[&str]) -> ApiResult<ListParams> {
    let page = positive_int(req, "page", 1)?;
    let page_size = positive_int(req, "page_size", 10)?;
    if page_size > u64::from(cap) {
        return Err(ApiError::param(
            "page_size",
            format!("Must be between 1 and {cap}."),
        ));
    }
    let fields = match req.json_param("fields")? {
        None => None,
        Some(Value::Array(a)) => Some(
            a.into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(ApiError::param("fields", "Every field must be a string.")),
                })
                .collect::<ApiResult<Vec<_>>>()?,
        ),
        Some(_) => return Err(ApiError::param("fields", "Must be a JSON list of strings.")),
    };
    let filtering = match req.json_param("filtering")? {
        None => Map::new(),
        Some(Value::Object(o)) => o,
        Some(_) => return Err(ApiError::param("filtering", "Must be a JSON object.")),
    };
    for key in filtering.keys() {
        if !filter_keys.contains(&key.as_str()) {
            return Err(ApiError::param(
                &format!("filtering.{key}"),
                format!(
                    "Unknown filter; accepted filters are: {}.",
                    filter_keys.join(", ")
                ),
            ));
        }
    }
    Ok(ListParams {
        page,
        page_size,
        fields,
        filtering,
    })
}

/// An id filter (`campaign_ids`, …): at most 100 ids.
pub fn id_filter(f: &Obj, key: &str) -> ApiResult<Option<Vec<String>>> {
    let label = format!("filtering.{key}");
    let Some(list) = check::opt_str_list(f, key).map_err(|e| ApiError {
        message: e.message.replacen(key, &label, 1),
        ..e
    })?
    else {
        return Ok(None);
    };
    if list.len() > crate::facts::MAX_FILTER_IDS {
        return Err(ApiError::new(
            code::TOO_MANY_IDS,
            format!(
                "Too many ids in {label}: at most {} are allowed, got {}.",
                crate::facts::MAX_FILTER_IDS,
                list.len()
            ),
        ));
    }
    Ok(Some(list))
}

/// A filter holding one enum value or a list of them; `None` when absent.
pub fn str_filter(f: &Obj, key: &str) -> ApiResult<Option<Vec<String>>> {
    match f.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        Some(Value::Array(_)) => check::opt_str_list(f, key),
        Some(_) => Err(ApiError::param(
            &format!("filtering.{key}"),
            "Not a valid string.",
        )),
    }
}

/// Checks the `primary_status` filter and returns it (default `STATUS_NOT_DELETE`).
pub fn primary_status(f: &Obj) -> ApiResult<String> {
    match check::opt_str(f, "primary_status") {
        Ok(None) => Ok("STATUS_NOT_DELETE".into()),
        Ok(Some(s)) => {
            check::check_enum("filtering.primary_status", s, PRIMARY_STATUSES)?;
            Ok(s.to_owned())
        }
        Err(_) => Err(ApiError::param(
            "filtering.primary_status",
            "Not a valid string.",
        )),
    }
}

/// Whether an object passes a `primary_status` filter.
pub fn primary_status_matches(st: &State, kind: Kind, id: &str, status: &str) -> bool {
    let deleted = st.effectively_deleted(kind, id);
    let secondary = st.secondary_status(kind, id);
    let Some(rec) = st.map(kind).get(id) else {
        return false;
    };
    let time_done = rec
        .str("schedule_end_time")
        .and_then(clock::parse)
        .is_some_and(|end| end <= st.clock.now());
    let off = secondary.ends_with("_DISABLE");
    match status {
        "STATUS_ALL" => true,
        "STATUS_DELETE" => deleted,
        "STATUS_NOT_DELETE" => !deleted,
        "STATUS_DISABLE" => !deleted && off,
        "STATUS_TIME_DONE" => !deleted && time_done,
        "STATUS_DELIVERY_OK" => !deleted && !off && !time_done,
        "STATUS_NOT_DELIVERY" => !deleted && (off || time_done),
        _ => false,
    }
}

/// Creation-time window filters.
pub fn creation_window(f: &Obj, create_time: Option<&str>) -> ApiResult<bool> {
    let created = create_time.and_then(clock::parse);
    for (key, after) in [
        ("creation_filter_start_time", true),
        ("creation_filter_end_time", false),
    ] {
        if let Some(s) = check::opt_str(f, key)? {
            let bound = check::time(&format!("filtering.{key}"), s)?;
            let Some(c) = created else { return Ok(false) };
            if (after && c < bound) || (!after && c > bound) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Pages the matching objects and applies `fields`.
pub fn page(items: Vec<Map<String, Value>>, p: &ListParams) -> Value {
    page_lazy(items, p, Some)
}

/// Pages matching items, rendering only the ones on the page (large accounts list
/// thousands of ads; rendering each for every page made listing quadratic).
pub fn page_lazy<T>(
    items: Vec<T>,
    p: &ListParams,
    mut render: impl FnMut(T) -> Option<Map<String, Value>>,
) -> Value {
    let total = items.len() as u64;
    let total_page = total.div_ceil(p.page_size);
    let skip = (p.page - 1).saturating_mul(p.page_size);
    let list: Vec<Value> = items
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(p.page_size).unwrap_or(usize::MAX))
        .filter_map(&mut render)
        .map(|obj| Value::Object(project(obj, p.fields.as_deref())))
        .collect();
    json!({
        "list": list,
        "page_info": {
            "page": p.page,
            "page_size": p.page_size,
            "total_number": total,
            "total_page": total_page,
        }
    })
}

fn project(obj: Map<String, Value>, fields: Option<&[String]>) -> Map<String, Value> {
    match fields {
        None => obj,
        // In the order asked for; unknown fields are left out.
        Some(fields) => {
            let mut obj = obj;
            fields
                .iter()
                .filter_map(|f| obj.remove(f).map(|v| (f.clone(), v)))
                .collect()
        }
    }
}

/// Ids of a kind, newest first (TikTok lists by creation time, descending).
pub fn newest_first(st: &State, kind: Kind) -> Vec<String> {
    let mut v: Vec<(&String, u64)> = st.map(kind).iter().map(|(id, r)| (id, r.seq)).collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    v.into_iter().map(|(id, _)| id.clone()).collect()
}

/// Whether `value` is one of the filter's values (no filter matches everything).
pub fn one_of(filter: &Option<Vec<String>>, value: Option<&str>) -> bool {
    match filter {
        None => true,
        Some(l) => value.is_some_and(|v| l.iter().any(|x| x == v)),
    }
}
