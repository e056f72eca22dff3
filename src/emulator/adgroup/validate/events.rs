//! The pixel and the event it reports.

use crate::emulator::check::{self, Obj};
use crate::emulator::wire::{ApiError, ApiResult};

use super::optimization::Optimization;

/// Goals that take no pixel.
const NO_PIXEL_GOALS: &[&str] = &[
    "CLICK",
    "TRAFFIC_LANDING_PAGE_VIEW",
    "INSTALL",
    "IN_APP_EVENT",
];

/// TikTok refuses a malformed pixel or event (any well-formed event literal is
/// taken: the list grows with every new pixel and app event), a pixel the goal
/// cannot use or lacks, and a pixel without an `optimization_event`.
pub(super) fn check(obj: &Obj, opt: &Optimization<'_>) -> ApiResult<()> {
    let pixel = pixel_id(obj)?;
    let event = check::opt_literal(obj, "optimization_event")?;
    deep_funnel(obj)?;
    pixel_fits_goal(pixel.is_some(), opt)?;
    if pixel.is_some() && event.is_none() {
        return Err(ApiError::param(
            "optimization_event",
            "Required when pixel_id is set.",
        ));
    }
    Ok(())
}

/// Deep funnel optimisation (create only): with status `ON`, TikTok needs the event
/// source, its id and the deeper event.
fn deep_funnel(obj: &Obj) -> ApiResult<()> {
    let status = check::opt_enum(obj, "deep_funnel_optimization_status", &["ON", "OFF"])?;
    check::opt_enum(
        obj,
        "deep_funnel_event_source",
        &["PIXEL", "OFFLINE", "CRM"],
    )?;
    check::opt_literal(obj, "deep_funnel_optimization_event")?;
    if status == Some("ON") {
        for k in [
            "deep_funnel_event_source",
            "deep_funnel_event_source_id",
            "deep_funnel_optimization_event",
        ] {
            check::req_str(obj, k)?;
        }
    }
    Ok(())
}

/// TikTok refuses a pixel id that is not a string of digits.
fn pixel_id(obj: &Obj) -> ApiResult<Option<&str>> {
    let pixel = check::opt_str(obj, "pixel_id")?;
    if let Some(p) = pixel
        && !check::is_id(p)
    {
        return Err(ApiError::param(
            "pixel_id",
            "Must be an id: a string of digits.",
        ));
    }
    Ok(pixel)
}

/// TikTok refuses a missing pixel where website conversions are measured, and a
/// pixel for a goal that takes none.
fn pixel_fits_goal(has_pixel: bool, opt: &Optimization<'_>) -> ApiResult<()> {
    let goal = opt.goal;
    let needs_pixel = matches!(goal, "CONVERT" | "VALUE")
        && matches!(opt.objective, "WEB_CONVERSIONS" | "LEAD_GENERATION")
        && opt.promotion == "WEBSITE";
    if needs_pixel && !has_pixel {
        return Err(ApiError::param(
            "pixel_id",
            format!("Required when optimization_goal is {goal}."),
        ));
    }
    if has_pixel && NO_PIXEL_GOALS.contains(&goal) {
        return Err(ApiError::param(
            "pixel_id",
            format!("Not supported when optimization_goal is {goal}."),
        ));
    }
    Ok(())
}
