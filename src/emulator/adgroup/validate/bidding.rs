//! Bids: cost caps, value optimization and minimum ROAS.

use rust_decimal::Decimal;

use crate::emulator::check::{self, Obj};
use crate::emulator::wire::{ApiError, ApiResult};

use super::optimization::Optimization;

const DEEP_BID_TYPES: &[&str] = &["DEFAULT", "AEO", "VO_MIN_ROAS", "VO_HIGHEST_VALUE"];
const VBO_WINDOWS: &[&str] = &["SEVEN_DAYS", "ZERO_DAY"];

/// TikTok refuses unknown deep bid types and VBO windows, and bids that are not
/// positive or do not fit the bid type and goal; returns `deep_bid_type`.
pub(super) fn check<'a>(obj: &'a Obj, opt: &Optimization<'_>) -> ApiResult<Option<&'a str>> {
    let deep = check::opt_enum(obj, "deep_bid_type", DEEP_BID_TYPES)?;
    check::opt_enum(obj, "vbo_window", VBO_WINDOWS)?;
    let bid_price = check::opt_num(obj, "bid_price")?;
    let conv_bid = check::opt_num(obj, "conversion_bid_price")?;
    let roas = check::opt_num(obj, "roas_bid")?;
    positive_bids(bid_price, conv_bid)?;
    custom_bid_given(opt, bid_price, conv_bid)?;
    value_goal(opt, deep)?;
    roas_bid(deep, roas)?;
    Ok(deep)
}

/// TikTok refuses a bid of zero or less.
fn positive_bids(bid_price: Option<Decimal>, conv_bid: Option<Decimal>) -> ApiResult<()> {
    for (k, v) in [("bid_price", bid_price), ("conversion_bid_price", conv_bid)] {
        if v.is_some_and(|v| v <= Decimal::ZERO) {
            return Err(ApiError::param(k, "Must be greater than 0."));
        }
    }
    Ok(())
}

/// TikTok refuses a cost cap (BID_TYPE_CUSTOM) without the bid its goal caps.
fn custom_bid_given(
    opt: &Optimization<'_>,
    bid_price: Option<Decimal>,
    conv_bid: Option<Decimal>,
) -> ApiResult<()> {
    if opt.bid_type != "BID_TYPE_CUSTOM" {
        return Ok(());
    }
    match opt.goal {
        "CLICK" if bid_price.is_none() => Err(ApiError::param(
            "bid_price",
            "Required for BID_TYPE_CUSTOM with optimization_goal CLICK.",
        )),
        "CONVERT" | "TRAFFIC_LANDING_PAGE_VIEW" | "INSTALL" | "IN_APP_EVENT"
            if conv_bid.is_none() =>
        {
            Err(ApiError::param(
                "conversion_bid_price",
                format!(
                    "Required for BID_TYPE_CUSTOM with optimization_goal {}.",
                    opt.goal
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// TikTok refuses value optimization without a deep bid type, or with a cost cap.
fn value_goal(opt: &Optimization<'_>, deep: Option<&str>) -> ApiResult<()> {
    if opt.goal != "VALUE" {
        return Ok(());
    }
    if deep.is_none() {
        return Err(ApiError::param(
            "deep_bid_type",
            "Required when optimization_goal is VALUE.",
        ));
    }
    if opt.bid_type != "BID_TYPE_NO_BID" {
        return Err(ApiError::param(
            "bid_type",
            "Must be BID_TYPE_NO_BID when optimization_goal is VALUE.",
        ));
    }
    Ok(())
}

/// TikTok refuses minimum ROAS without a ROAS bid, and a ROAS bid out of range.
fn roas_bid(deep: Option<&str>, roas: Option<Decimal>) -> ApiResult<()> {
    if deep == Some("VO_MIN_ROAS") && roas.is_none() {
        return Err(ApiError::param(
            "roas_bid",
            "Required when deep_bid_type is VO_MIN_ROAS.",
        ));
    }
    if let Some(r) = roas {
        let (lo, hi) = (
            crate::facts::MIN_ROAS
                .parse::<Decimal>()
                .unwrap_or(Decimal::ZERO),
            crate::facts::MAX_ROAS
                .parse::<Decimal>()
                .unwrap_or(Decimal::MAX),
        );
        if r < lo || r > hi {
            return Err(ApiError::param(
                "roas_bid",
                format!("Must be between {lo} and {hi}; got {r}."),
            ));
        }
    }
    Ok(())
}
