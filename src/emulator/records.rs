//! Helpers every `/smart_plus/` write handler shares: the create idempotency key,
//! which records it may change, and switching a record on, off or deleting it.

use serde_json::json;

use super::check::{self, Obj};
use super::state::{Automation, Kind, Record, State};
use super::wire::{ApiError, ApiResult};

/// A `request_id`: a 64-bit integer sent as a string of digits (no sign, no prefix:
/// live refuses UUIDs and values like `req_123`).
pub(super) fn request_id(b: &Obj) -> ApiResult<&str> {
    let s = check::req_str(b, "request_id")?;
    check_request_id(s)?;
    Ok(s)
}

/// An optional `request_id` (ad create takes one; the others require it).
pub(super) fn opt_request_id(b: &Obj) -> ApiResult<Option<&str>> {
    let s = check::opt_str(b, "request_id")?;
    if let Some(s) = s {
        check_request_id(s)?;
    }
    Ok(s)
}

fn check_request_id(s: &str) -> ApiResult<()> {
    let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits || s.parse::<i64>().is_err() {
        return Err(ApiError::param(
            "request_id",
            "Must be a 64-bit integer sent as a string of digits, e.g. \"7281934412907510785\".",
        ));
    }
    Ok(())
}

/// An Upgraded Smart+ record that `/smart_plus/*` may change: it exists, is not
/// legacy or manual, and neither it nor a parent is deleted.
pub(super) fn writable<'a>(st: &'a State, kind: Kind, id: &str) -> ApiResult<&'a Record> {
    let noun = capitalise(kind.noun());
    let rec = st
        .map(kind)
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("{noun} {id}")))?;
    if rec.automation != Automation::UpgradedSmartPlus {
        return Err(not_upgraded(kind, id, rec.automation));
    }
    if st.effectively_deleted(kind, id) {
        return Err(ApiError::param(
            id_field(kind),
            format!("{noun} {id} is deleted and cannot be changed."),
        ));
    }
    Ok(rec)
}

/// The field a `/smart_plus/` request names the record by.
fn id_field(kind: Kind) -> &'static str {
    match kind {
        Kind::Campaign => "campaign_id",
        Kind::AdGroup => "adgroup_id",
        Kind::Ad => "smart_plus_ad_id",
    }
}

fn not_upgraded(kind: Kind, id: &str, a: Automation) -> ApiError {
    let what = match a {
        Automation::SmartPlus => "a legacy Smart+ object (campaign_automation_type SMART_PLUS)",
        _ => "a manual object (campaign_automation_type MANUAL)",
    };
    ApiError::param(
        &format!("{}_id", kind.noun().replace(' ', "")),
        format!(
            "{} {id} is {what}; the /smart_plus/ endpoints only change Upgraded Smart+ objects.",
            capitalise(kind.noun())
        ),
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Applies `ENABLE`, `DISABLE` or `DELETE` to a record.
pub(super) fn set_status(rec: &mut Record, op: &str, now: &str) {
    if op == "DELETE" {
        rec.deleted = true;
        // Tombstones read as switched off.
        rec.data.insert("operation_status".into(), json!("DISABLE"));
    } else {
        rec.data.insert("operation_status".into(), json!(op));
    }
    rec.data.insert("modify_time".into(), json!(now));
}
