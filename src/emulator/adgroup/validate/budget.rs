//! The ad group's budget, and what the budget mode allows of the schedule and bids.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::emulator::budget;
use crate::emulator::check::{self, Obj};
use crate::emulator::wire::{ApiError, ApiResult};

use super::optimization::Optimization;
use super::schedule::Schedule;

const BUDGET_MODES: &[&str] = &["BUDGET_MODE_TOTAL", "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"];
const DAILY: &str = "BUDGET_MODE_DYNAMIC_DAILY_BUDGET";
const TOTAL: &str = "BUDGET_MODE_TOTAL";

/// Whose budget applies: the campaign's under CBO, else the ad group's own.
struct Modes<'a> {
    cbo: bool,
    campaign: &'a str,
    own: Option<&'a str>,
}

impl Modes<'_> {
    /// A dynamic daily budget on the campaign or the ad group.
    fn daily(&self) -> bool {
        self.campaign == DAILY || self.own == Some(DAILY)
    }

    /// A lifetime budget that applies to this ad group.
    fn total(&self) -> bool {
        (self.cbo && self.campaign == TOTAL) || self.own == Some(TOTAL)
    }
}

/// TikTok refuses a budget that does not fit the campaign's, the currency or the
/// schedule, and cost caps, minimum ROAS or a minimum budget the mode cannot carry.
pub(super) fn check(
    obj: &Obj,
    camp: &Obj,
    currency: &str,
    opt: &Optimization<'_>,
    deep: Option<&str>,
    schedule: &Schedule<'_>,
) -> ApiResult<()> {
    let cbo = budget::is_cbo(camp);
    let campaign = camp
        .get("budget_mode")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let own = if cbo {
        None
    } else {
        Some(own_budget(obj, campaign, currency, schedule)?)
    };
    let modes = Modes { cbo, campaign, own };
    fits_schedule(&modes, schedule)?;
    caps_need_daily_budget(&modes, opt.bid_type, deep)?;
    min_budget(obj, &modes, opt.bid_type)
}

/// Without CBO, TikTok refuses an unknown or missing mode, a mode that does not
/// fit a BUDGET_MODE_DAY campaign, and a missing or out-of-bounds amount.
fn own_budget<'a>(
    obj: &'a Obj,
    campaign: &str,
    currency: &str,
    schedule: &Schedule<'_>,
) -> ApiResult<&'a str> {
    if check::opt_str(obj, "budget_mode")? == Some("BUDGET_MODE_DAY") {
        // Live wording: Smart+ ad groups take no fixed daily budget.
        return Err(ApiError::param("budget_mode", "Invalid budget type"));
    }
    let mode = check::req_enum(obj, "budget_mode", BUDGET_MODES)?;
    if campaign == "BUDGET_MODE_DAY" && mode != DAILY {
        return Err(ApiError::param(
            "budget_mode",
            "Must be BUDGET_MODE_DYNAMIC_DAILY_BUDGET when the campaign uses BUDGET_MODE_DAY.",
        ));
    }
    let amount = check::opt_num(obj, "budget")?.ok_or_else(|| {
        ApiError::param(
            "budget",
            "Required when the campaign does not use budget optimization (CBO).",
        )
    })?;
    budget::bounds(
        "budget",
        amount,
        currency,
        crate::facts::AD_GROUP_BUDGET_FLOOR,
        days(mode, schedule),
    )?;
    Ok(mode)
}

/// Days a lifetime budget spreads over (part days count whole); 1 otherwise.
fn days(mode: &str, schedule: &Schedule<'_>) -> i64 {
    match (mode, schedule.end) {
        (TOTAL, Some(e)) => {
            let span = e - schedule.start;
            span.max(1).div_euclid(86_400) + i64::from(span.rem_euclid(86_400) != 0)
        }
        _ => 1,
    }
}

/// TikTok refuses a lifetime budget without an end date, and SCHEDULE_FROM_NOW
/// without a dynamic daily budget.
fn fits_schedule(modes: &Modes<'_>, schedule: &Schedule<'_>) -> ApiResult<()> {
    if modes.total() && schedule.kind != "SCHEDULE_START_END" {
        return Err(ApiError::param(
            "schedule_type",
            "A lifetime budget (BUDGET_MODE_TOTAL) needs SCHEDULE_START_END.",
        ));
    }
    if schedule.kind == "SCHEDULE_FROM_NOW" && !modes.daily() {
        return Err(ApiError::param(
            "schedule_type",
            "SCHEDULE_FROM_NOW needs BUDGET_MODE_DYNAMIC_DAILY_BUDGET on the campaign or the ad group.",
        ));
    }
    Ok(())
}

/// TikTok refuses a cost cap or minimum ROAS without a dynamic daily budget.
fn caps_need_daily_budget(modes: &Modes<'_>, bid_type: &str, deep: Option<&str>) -> ApiResult<()> {
    if (bid_type == "BID_TYPE_CUSTOM" || deep == Some("VO_MIN_ROAS")) && !modes.daily() {
        let field = if bid_type == "BID_TYPE_CUSTOM" {
            "bid_type"
        } else {
            "deep_bid_type"
        };
        return Err(ApiError::param(
            field,
            "Cost cap and minimum ROAS need BUDGET_MODE_DYNAMIC_DAILY_BUDGET on the campaign or the ad group.",
        ));
    }
    Ok(())
}

/// TikTok refuses `min_budget` except under CBO with a dynamic daily budget and
/// no bid cap, and any that is not positive.
fn min_budget(obj: &Obj, modes: &Modes<'_>, bid_type: &str) -> ApiResult<()> {
    if let Some(mb) = check::opt_num(obj, "min_budget")? {
        if !(modes.cbo && modes.campaign == DAILY && bid_type == "BID_TYPE_NO_BID") {
            return Err(ApiError::param(
                "min_budget",
                "Only allowed with campaign budget optimization, a dynamic daily budget and BID_TYPE_NO_BID.",
            ));
        }
        if mb <= Decimal::ZERO {
            return Err(ApiError::param("min_budget", "Must be greater than 0."));
        }
    }
    Ok(())
}
