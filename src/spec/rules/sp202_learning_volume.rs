//! SP202 (warning): the budget buys at least 50 conversions a week, or learning never ends.

use rust_decimal::Decimal;

use crate::facts::LEARNING_CONVERSIONS_PER_WEEK;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::money::Money;
use crate::spec::rules::{Context, Rule, RuleInfo, currency_facts, daily_budgets, historical_cpa};

pub(super) struct LearningVolume;

static INFO: RuleInfo = RuleInfo {
    code: "SP202",
    name: "learning-phase-volume",
    severity: Severity::Warning,
    summary: "a daily budget buys at least 50 conversions a week at the historical CPA",
};

impl Rule for LearningVolume {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, ctx: &Context, out: &mut Findings) {
        let (_, _, decimals) = currency_facts(file, ctx);
        for campaign in file.campaigns.iter() {
            let Some(cpa) = historical_cpa(campaign) else {
                continue;
            };
            for budget in daily_budgets(campaign) {
                // Amounts near the decimal limit overflow: skip rather than guess.
                let Some(weekly) = budget
                    .amount
                    .decimal()
                    .checked_mul(Decimal::from(7))
                    .and_then(|w| w.checked_div(cpa.decimal()))
                else {
                    continue;
                };
                let needed = Decimal::from(LEARNING_CONVERSIONS_PER_WEEK);
                if weekly < needed {
                    // The daily budget that would buy the needed conversions, rounded up
                    // to what the currency can express.
                    let Some(enough) = needed
                        .checked_mul(cpa.decimal())
                        .and_then(|n| n.checked_div(Decimal::from(7)))
                    else {
                        continue;
                    };
                    let enough = Money::new(enough.round_dp_with_strategy(
                        decimals,
                        rust_decimal::RoundingStrategy::AwayFromZero,
                    ));
                    out.report(
                        &INFO,
                        budget.amount.pos,
                        format!(
                            "{} daily budget {} buys about {} conversions a week at a CPA of {}, \
                             fewer than {LEARNING_CONVERSIONS_PER_WEEK}",
                            budget.owner,
                            budget.amount.value,
                            weekly.floor(),
                            cpa.value
                        ),
                        "learning will not end",
                        format!(
                            "the learning phase needs about {LEARNING_CONVERSIONS_PER_WEEK} \
                             conversions a week; at this CPA that takes a daily budget of {enough} \
                             or more, or optimise for an event that happens more often"
                        ),
                    );
                }
            }
        }
    }
}
