//! Where the ad group delivers, and how fast.

use crate::emulator::check::{self, Obj};
use crate::emulator::wire::{ApiError, ApiResult};

const PLACEMENT_TYPES: &[&str] = &["PLACEMENT_TYPE_AUTOMATIC", "PLACEMENT_TYPE_NORMAL"];
/// Every placement; automatic placement means all of them.
pub(in crate::emulator::adgroup) const PLACEMENTS: &[&str] = &[
    "PLACEMENT_TIKTOK",
    "PLACEMENT_PANGLE",
    "PLACEMENT_GLOBAL_APP_BUNDLE",
];
const PACING: &[&str] = &["PACING_MODE_SMOOTH", "PACING_MODE_FAST"];

/// TikTok refuses unknown placement types and pacing, malformed placements (new
/// placements join the list over time), and manual placement
/// (PLACEMENT_TYPE_NORMAL) without placements.
pub(super) fn check(obj: &Obj) -> ApiResult<()> {
    let ptype = check::req_enum(obj, "placement_type", PLACEMENT_TYPES)?;
    let placements = check::opt_literal_list(obj, "placements")?;
    if ptype == "PLACEMENT_TYPE_NORMAL" && placements.as_ref().is_none_or(Vec::is_empty) {
        return Err(ApiError::param(
            "placements",
            "Required when placement_type is PLACEMENT_TYPE_NORMAL.",
        ));
    }
    check::opt_enum(obj, "pacing", PACING)?;
    Ok(())
}
