//! Attribution windows.

use crate::emulator::check::{self, Obj};
use crate::emulator::wire::{ApiError, ApiResult};

const EVENT_COUNTS: &[&str] = &["UNSET", "EVERY", "ONCE"];

/// TikTok refuses malformed windows (its list of windows grows: 30, 32 and 180
/// days joined later), unknown event counts, and a click window without a view
/// window or the reverse.
pub(super) fn check(obj: &Obj) -> ApiResult<()> {
    check::opt_literal(obj, "click_attribution_window")?;
    check::opt_literal(obj, "view_attribution_window")?;
    check::opt_literal(obj, "engaged_view_attribution_window")?;
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
