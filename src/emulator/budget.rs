//! Budget rules campaigns and ad groups share: currency floors and ceilings,
//! the spend a new budget must cover, and whether a campaign owns the budget.

use rust_decimal::Decimal;
use serde_json::Value;

use super::check::Obj;
use super::state::State;
use super::wire::{ApiError, ApiResult};

/// Whether a campaign uses budget optimization (CBO), which is on unless
/// `budget_optimize_on` is `false`.
pub(super) fn is_cbo(campaign: &Obj) -> bool {
    !matches!(campaign.get("budget_optimize_on"), Some(Value::Bool(false)))
}

/// Floor (`floor` × currency ratio × `days`), ceiling and decimal places of a budget.
pub(super) fn bounds(
    field: &str,
    budget: Decimal,
    currency: &str,
    floor: i64,
    days: i64,
) -> ApiResult<()> {
    let (ratio, decimals) = crate::facts::currency(currency).unwrap_or((1, 2));
    if budget.normalize().scale() > decimals {
        return Err(ApiError::param(
            field,
            format!("{currency} amounts take at most {decimals} decimal places."),
        ));
    }
    let min = Decimal::from(floor * ratio * days.max(1));
    if budget < min {
        let per = if days > 1 {
            format!(" ({} a day × {days} days)", floor * ratio)
        } else {
            String::new()
        };
        return Err(ApiError::param(
            field,
            format!("The budget must be at least {min} {currency}{per}; got {budget}."),
        ));
    }
    let max = Decimal::from(crate::facts::BUDGET_CEILING * ratio);
    if budget >= max {
        return Err(ApiError::param(
            field,
            format!("The budget must be less than {max} {currency}."),
        ));
    }
    Ok(())
}

/// Whether a new budget is at or below what the object spent today: live answers
/// such a change with code 0 and keeps the old budget.
pub(super) fn ignored_below_today(st: &State, id: &str, budget: Decimal) -> bool {
    st.spend_today
        .get(id)
        .and_then(|s| s.parse::<Decimal>().ok())
        .is_some_and(|today| budget <= today)
}

/// A new budget must cover 105% of what was already spent.
pub(super) fn covers_spend(
    st: &State,
    field: &str,
    id: &str,
    budget: Decimal,
    currency: &str,
) -> ApiResult<()> {
    // Lifetime spend bounds a total budget only; a daily one answers to today's spend.
    let total = [&st.campaigns, &st.adgroups]
        .iter()
        .find_map(|records| records.get(id))
        .is_some_and(|rec| {
            rec.data
                .get("budget_mode")
                .and_then(serde_json::Value::as_str)
                == Some("BUDGET_MODE_TOTAL")
        });
    let Some(spent) = st
        .spend
        .get(id)
        .filter(|_| total)
        .and_then(|s| s.parse::<Decimal>().ok())
    else {
        return Ok(());
    };
    let min = spent * Decimal::from(crate::facts::BUDGET_MIN_PERCENT_OF_SPEND) / Decimal::from(100);
    if budget < min {
        return Err(ApiError::param(
            field,
            format!(
                "The new budget must be at least {}% of the amount already spent ({spent} {currency}), i.e. {} {currency}.",
                crate::facts::BUDGET_MIN_PERCENT_OF_SPEND,
                min.round_dp(2)
            ),
        ));
    }
    Ok(())
}
