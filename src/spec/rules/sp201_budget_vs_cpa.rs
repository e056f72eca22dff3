//! SP201 (warning): a daily budget of at least 10 × the historical CPA (30 × when capped).

use rust_decimal::Decimal;

use crate::facts::{BUDGET_CPA_MULTIPLE, BUDGET_CPA_MULTIPLE_CAPPED};
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::money::Money;
use crate::spec::rules::{Context, Rule, RuleInfo, daily_budgets, historical_cpa};

pub(super) struct BudgetVsCpa;

static INFO: RuleInfo = RuleInfo {
    code: "SP201",
    name: "budget-below-cpa-guidance",
    severity: Severity::Warning,
    summary: "a daily budget is at least 10 × the historical CPA (30 × for cost cap and minimum ROAS)",
};

impl Rule for BudgetVsCpa {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let Some(cpa) = historical_cpa(campaign) else {
                continue;
            };
            for budget in daily_budgets(campaign) {
                let multiple = if budget.capped {
                    BUDGET_CPA_MULTIPLE_CAPPED
                } else {
                    BUDGET_CPA_MULTIPLE
                };
                // Amounts near the decimal limit overflow; such a guide is out of reach anyway.
                let Some(guide) = cpa.decimal().checked_mul(Decimal::from(multiple)) else {
                    continue;
                };
                let guide = Money::new(guide);
                if budget.amount.decimal() < guide.decimal() {
                    let strategy = if budget.capped {
                        "with cost cap or minimum ROAS bidding"
                    } else {
                        "with maximum delivery"
                    };
                    out.report(
                        &INFO,
                        budget.amount.pos,
                        format!(
                            "{} daily budget {} is below {multiple} × the historical CPA of {}",
                            budget.owner, budget.amount.value, cpa.value
                        ),
                        format!("below {guide}"),
                        format!(
                            "TikTok recommends a daily budget of at least {multiple} × the \
                             historical CPA {strategy}: {guide} here; a smaller budget leaves the \
                             algorithm too few conversions to learn from"
                        ),
                    );
                }
            }
        }
    }
}
