//! SP306: a new total (lifetime) budget must be at least 105% of what was already
//! spent. A daily budget is measured against today's spend instead (SP311): holding
//! it to lifetime spend would refuse every daily budget change after a few days.

use rust_decimal::Decimal;

use super::{Ctx, Object, PlanRule, finding};
use crate::facts::BUDGET_MIN_PERCENT_OF_SPEND;
use crate::plan::model::Plan;
use crate::spec::rules::RuleInfo;
use crate::spec::{Money, Severity};

pub static INFO: RuleInfo = RuleInfo {
    code: "SP306",
    name: "budget-below-spend",
    severity: Severity::Error,
    summary: "a new total budget is at least 105% of the amount already spent",
};

pub struct BudgetBelowSpend;

impl PlanRule for BudgetBelowSpend {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, plan: &mut Plan, ctx: &Ctx) {
        ctx.each(plan, check);
    }
}

/// Whether the live object spends a total (lifetime) budget.
fn total_budget(ctx: &Object) -> bool {
    ctx.live()
        .and_then(|raw| raw.get("budget_mode"))
        .and_then(serde_json::Value::as_str)
        == Some("BUDGET_MODE_TOTAL")
}

fn check(ctx: &mut Object) {
    // The change first: most changes set no budget, and need no look at the account.
    let Some(new) = ctx
        .change
        .fields
        .iter()
        .find(|f| f.path == "budget.amount")
        .and_then(|f| f.new.as_ref())
        .and_then(Money::from_json)
    else {
        return;
    };
    let Some(spent) = ctx.spend().filter(|_| total_budget(ctx)) else {
        return;
    };
    let floor = Money::new(
        (spent.0 * Decimal::from(BUDGET_MIN_PERCENT_OF_SPEND) / Decimal::from(100)).round_dp(2),
    );
    if new < floor {
        let f = finding(
            &INFO,
            false,
            format!(
                "{} `{}` has already spent {spent}; a budget of {new} is below {BUDGET_MIN_PERCENT_OF_SPEND}% of that",
                ctx.kind.label(),
                ctx.change.name
            ),
            Some(format!(
                "TikTok refuses budgets under {floor} for this {}; set at least that",
                ctx.kind.label()
            )),
        );
        ctx.change.findings.push(f);
    }
}
