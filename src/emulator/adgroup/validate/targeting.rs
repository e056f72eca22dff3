//! Who the ad group targets.

use crate::emulator::check::{self, Obj};
use crate::emulator::wire::{ApiError, ApiResult};

const TARGETING_MODES: &[&str] = &["AUTOMATIC", "MANUAL"];
const GENDERS: &[&str] = &["GENDER_FEMALE", "GENDER_MALE", "GENDER_UNLIMITED"];
const OPERATING_SYSTEMS: &[&str] = &["ANDROID", "IOS"];
const SPENDING_POWER: &[&str] = &["ALL", "HIGH"];
/// Targeting fields that hold lists of ids or codes.
const ID_LISTS: &[&str] = &[
    "location_ids",
    "zipcode_ids",
    "languages",
    "audience_ids",
    "excluded_audience_ids",
    "interest_category_ids",
    "interest_keyword_ids",
    "purchase_intention_keyword_ids",
];

/// TikTok refuses an ad group without `targeting_spec.location_ids`, and any
/// malformed targeting.
pub(super) fn check(obj: &Obj) -> ApiResult<()> {
    let t = check::opt_object(obj, "targeting_spec")?
        .ok_or_else(|| ApiError::missing("targeting_spec"))?;
    let locations = check::opt_str_list(t, "location_ids")?.unwrap_or_default();
    if locations.is_empty() {
        return Err(ApiError::missing("targeting_spec.location_ids"));
    }
    shape(obj)
}

/// TikTok refuses malformed targeting even where the targeting mode would drop
/// it, so this runs on the request as sent, before anything is dropped.
pub(in crate::emulator::adgroup) fn shape(obj: &Obj) -> ApiResult<()> {
    check::opt_enum(obj, "targeting_optimization_mode", TARGETING_MODES)?;
    check::opt_bool(obj, "suggestion_audience_enabled")?;
    let Some(t) = check::opt_object(obj, "targeting_spec")? else {
        return Ok(());
    };
    audience(t)?;
    for k in ID_LISTS {
        check::opt_str_list(t, k).map_err(|e| nested(k, e))?;
    }
    super::actions::check(t)?;
    zip_codes(t)
}

/// `targeting_spec.<key>`.
fn field(key: &str) -> String {
    format!("targeting_spec.{key}")
}

/// An error about `key` reworded to name `targeting_spec.<key>`.
fn nested(key: &str, e: ApiError) -> ApiError {
    let ApiError { code, message } = e;
    ApiError {
        code,
        message: message.replacen(key, &field(key), 1),
    }
}

/// TikTok refuses unknown genders and spending power, malformed ages and audience
/// ages (`spc_audience_age` reads back `ALL` too), and more than one operating
/// system.
fn audience(t: &Obj) -> ApiResult<()> {
    check::opt_literal_list(t, "age_groups").map_err(|e| nested("age_groups", e))?;
    check::opt_enum(t, "gender", GENDERS).map_err(|e| nested("gender", e))?;
    check::opt_literal(t, "spc_audience_age").map_err(|e| nested("spc_audience_age", e))?;
    check::opt_enum(t, "spending_power", SPENDING_POWER)
        .map_err(|e| nested("spending_power", e))?;
    if let Some(os) = check::opt_enum_list(t, "operating_systems", OPERATING_SYSTEMS)
        .map_err(|e| nested("operating_systems", e))?
        && os.len() > 1
    {
        return Err(ApiError::param(
            &field("operating_systems"),
            "At most one operating system may be targeted.",
        ));
    }
    Ok(())
}

/// TikTok refuses more than 3000 zip codes.
fn zip_codes(t: &Obj) -> ApiResult<()> {
    if let Some(z) = check::opt_str_list(t, "zipcode_ids")?
        && z.len() > 3000
    {
        return Err(ApiError::param(
            &field("zipcode_ids"),
            "At most 3000 zip codes.",
        ));
    }
    Ok(())
}
