//! Attribution windows.

use crate::emulator::check::{self, Obj};
use crate::emulator::wire::{ApiError, ApiResult};

const CLICK_WINDOWS: &[&str] = &[
    "OFF",
    "ONE_DAY",
    "SEVEN_DAYS",
    "FOURTEEN_DAYS",
    "TWENTY_EIGHT_DAYS",
];
const VIEW_WINDOWS: &[&str] = &["OFF", "ONE_DAY", "SEVEN_DAYS"];
const EVENT_COUNTS: &[&str] = &["UNSET", "EVERY", "ONCE"];

/// TikTok refuses unknown windows and event counts, and a click window without
/// a view window or the reverse.
pub(super) fn check(obj: &Obj) -> ApiResult<()> {
    check::opt_enum(obj, "click_attribution_window", CLICK_WINDOWS)?;
    check::opt_enum(obj, "view_attribution_window", VIEW_WINDOWS)?;
    check::opt_enum(obj, "engaged_view_attribution_window", CLICK_WINDOWS)?;
    check::opt_enum(obj, "attribution_event_count", EVENT_COUNTS)?;
    pair(obj)
}

/// TikTok refuses a click window without a view window or the reverse (checked
/// on create before defaults fill them in, too).
pub(in crate::emulator::adgroup) fn pair(obj: &Obj) -> ApiResult<()> {
    let click = check::has(obj, "click_attribution_window");
    let view = check::has(obj, "view_attribution_window");
    if click == view {
        return Ok(());
    }
    let missing = if click {
        "view_attribution_window"
    } else {
        "click_attribution_window"
    };
    Err(ApiError::param(
        missing,
        "click_attribution_window and view_attribution_window must be set together.",
    ))
}
