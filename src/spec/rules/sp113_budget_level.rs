//! SP113: with CBO the budget lives on the campaign; without it, on every ad group.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, group_pos};

pub(super) struct BudgetLevel;

static INFO: RuleInfo = RuleInfo {
    code: "SP113",
    name: "budget-level",
    severity: Severity::Error,
    summary: "with CBO no ad group has a budget; without CBO every ad group has one",
};

impl Rule for BudgetLevel {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let cbo = campaign.budget.cbo.value;
            for group in campaign.ad_groups.iter() {
                match (&group.budget, cbo) {
                    (Some(budget), true) => out.report(
                        &INFO,
                        budget.pos,
                        format!(
                            "ad group `{}` has a budget but campaign `{}` uses CBO",
                            group.name.value, campaign.name.value
                        ),
                        "ignored under CBO",
                        "with `cbo: true` TikTok ignores ad group budgets and spreads the \
                         campaign budget; remove this `budget`, or set `cbo: false`",
                    ),
                    (None, false) => out.report(
                        &INFO,
                        group_pos(group),
                        format!(
                            "ad group `{}` has no budget and campaign `{}` does not use CBO",
                            group.name.value, campaign.name.value
                        ),
                        "no `budget`",
                        "without campaign budget optimisation every ad group needs \
                         `budget: {mode: dynamic_daily, amount: ...}`, or set `cbo: true`",
                    ),
                    _ => {}
                }
            }
        }
    }
}
