//! What the ad group promotes, what it optimizes for, and how it bids and is billed.

use serde_json::Value;

use crate::emulator::check::{self, Obj};
use crate::emulator::wire::{ApiError, ApiResult};

const PROMOTION_TYPES: &[&str] = &[
    "WEBSITE",
    "APP_ANDROID",
    "APP_IOS",
    "MINI_GAME",
    "MINI_APP",
    "MINI_SERIES",
    "LEAD_GENERATION",
    "LEAD_GEN_CLICK_TO_TT_DIRECT_MESSAGE",
    "LEAD_GEN_CLICK_TO_SOCIAL_MEDIA_APP_MESSAGE",
    "LEAD_GEN_CLICK_TO_CALL",
];
const GOALS: &[&str] = &[
    "CLICK",
    "CONVERT",
    "TRAFFIC_LANDING_PAGE_VIEW",
    "VALUE",
    "INSTALL",
    "IN_APP_EVENT",
    "CONVERSATION",
    "LEAD_GENERATION",
];
const WEB_GOALS: &[&str] = &["CLICK", "CONVERT", "TRAFFIC_LANDING_PAGE_VIEW", "VALUE"];
const BID_TYPES: &[&str] = &["BID_TYPE_NO_BID", "BID_TYPE_CUSTOM"];
const BILLING_EVENTS: &[&str] = &["CPC", "OCPM"];
/// Where a lead generation ad group collects leads: an instant form, or the
/// website form behind the ads' landing pages.
const PROMOTION_TARGET_TYPES: &[&str] = &["INSTANT_PAGE", "EXTERNAL_WEBSITE"];

/// What the later rules depend on.
pub(super) struct Optimization<'a> {
    /// The campaign's `objective_type` (empty when it has none).
    pub(super) objective: &'a str,
    pub(super) promotion: &'a str,
    pub(super) goal: &'a str,
    pub(super) bid_type: &'a str,
}

/// TikTok refuses unknown or mismatched promotion types, goals, bid types and
/// billing events; returns them for the later rules.
pub(super) fn check<'a>(obj: &'a Obj, camp: &'a Obj) -> ApiResult<Optimization<'a>> {
    let objective = camp
        .get("objective_type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let promotion = promotion_type(obj, camp, objective)?;
    let goal = optimization_goal(obj, promotion)?;
    check::opt_enum(obj, "promotion_target_type", PROMOTION_TARGET_TYPES)?;
    let bid_type = check::req_enum(obj, "bid_type", BID_TYPES)?;
    billing_event(obj, goal)?;
    Ok(Optimization {
        objective,
        promotion,
        goal,
        bid_type,
    })
}

/// TikTok refuses an unknown promotion type, and anything but WEBSITE for a
/// WEB_CONVERSIONS campaign selling on a website.
fn promotion_type<'a>(obj: &'a Obj, camp: &Obj, objective: &str) -> ApiResult<&'a str> {
    let promotion = check::req_str(obj, "promotion_type")?;
    if !PROMOTION_TYPES.contains(&promotion) && promotion != crate::facts::LEAD_GEN_PROMOTION_TYPE {
        check::check_enum("promotion_type", promotion, PROMOTION_TYPES)?;
    }
    if objective == "WEB_CONVERSIONS"
        && camp.get("sales_destination").and_then(Value::as_str) == Some("WEBSITE")
        && promotion != "WEBSITE"
    {
        return Err(ApiError::param(
            "promotion_type",
            "Must be WEBSITE for a WEB_CONVERSIONS campaign selling on a website.",
        ));
    }
    Ok(promotion)
}

/// TikTok refuses an unknown goal, and a goal WEBSITE promotion cannot measure.
fn optimization_goal<'a>(obj: &'a Obj, promotion: &str) -> ApiResult<&'a str> {
    let goal = check::req_enum(obj, "optimization_goal", GOALS)?;
    if promotion == "WEBSITE" && !WEB_GOALS.contains(&goal) {
        return Err(ApiError::param(
            "optimization_goal",
            format!(
                "`{goal}` is not available for WEBSITE promotion; use CLICK, CONVERT, TRAFFIC_LANDING_PAGE_VIEW or VALUE."
            ),
        ));
    }
    Ok(goal)
}

/// TikTok refuses a billing event that does not fit the goal: CPC for CLICK,
/// OCPM for everything else.
fn billing_event(obj: &Obj, goal: &str) -> ApiResult<()> {
    let billing = check::req_enum(obj, "billing_event", BILLING_EVENTS)?;
    let want_billing = if goal == "CLICK" { "CPC" } else { "OCPM" };
    if billing != want_billing {
        return Err(ApiError::param(
            "billing_event",
            format!("Must be {want_billing} when optimization_goal is {goal}."),
        ));
    }
    Ok(())
}
