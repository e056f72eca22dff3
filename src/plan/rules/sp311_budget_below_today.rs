//! SP311: a new budget is above what the object has already spent today.

use rust_decimal::Decimal;

use super::{Ctx, PlanRule, finding, new_budget};
use crate::plan::model::Plan;
use crate::spec::rules::RuleInfo;
use crate::spec::{Money, Severity};

pub static INFO: RuleInfo = RuleInfo {
    code: "SP311",
    name: "budget-below-today-spend",
    severity: Severity::Error,
    summary: "a new budget is above the amount already spent today",
};

pub struct BudgetBelowTodaySpend;

impl PlanRule for BudgetBelowTodaySpend {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, plan: &mut Plan, ctx: &Ctx) {
        let decimals = ctx
            .live
            .currency
            .as_deref()
            .and_then(crate::facts::currency)
            .map_or(2, |(_, d)| d);
        // The smallest step of the currency: 0.01 USD, 1 JPY.
        let step = Decimal::new(1, decimals);
        let currency = ctx.live.currency.clone().unwrap_or_default();
        for change in &mut plan.changes {
            let Some(new) = new_budget(change) else {
                continue;
            };
            if ctx.live_object(change).is_none() {
                continue;
            }
            let Some(spent) = change
                .id
                .as_deref()
                .and_then(|id| ctx.live.spend_today.get(id))
                .copied()
            else {
                continue;
            };
            if new.0 > spent.0 {
                continue;
            }
            let smallest = Money::new(
                spent
                    .0
                    .round_dp_with_strategy(decimals, rust_decimal::RoundingStrategy::ToZero)
                    + step,
            );
            let unit = if currency.is_empty() {
                String::new()
            } else {
                format!(" {currency}")
            };
            let message = format!(
                "{} `{}` has spent {spent}{unit} today; TikTok ignores a budget of {new}{unit}, \
                 at or below that",
                change.kind.label(),
                change.name
            );
            let help = format!(
                "TikTok answers such a change with success and keeps the old budget, so the plan \
                 would propose it again and again; the smallest budget that takes effect today \
                 is {smallest}{unit}"
            );
            change
                .findings
                .push(finding(&INFO, false, message, Some(help)));
        }
    }
}
