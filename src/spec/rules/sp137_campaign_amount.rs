//! SP137: a campaign budget has an amount unless it is unlimited, and then none.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::BudgetMode;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo};

pub(super) struct CampaignAmount;

static INFO: RuleInfo = RuleInfo {
    code: "SP137",
    name: "campaign-budget-amount",
    severity: Severity::Error,
    summary: "a campaign budget has an amount unless its mode is `unlimited`",
};

impl Rule for CampaignAmount {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let budget = &campaign.budget;
            let mode = budget.effective_mode();
            let written = if budget.mode.is_some() {
                ""
            } else {
                " (the default)"
            };
            match (&budget.amount, mode) {
                (Some(amount), BudgetMode::Unlimited) => out.report(
                    &INFO,
                    amount.pos,
                    format!(
                        "campaign `{}` has an `unlimited` budget{written} with an amount",
                        campaign.name.value
                    ),
                    "not used when unlimited",
                    "an unlimited campaign budget has no amount: remove `amount`, or set `mode: \
                     daily` or `mode: total` to cap the campaign",
                ),
                (None, mode) if mode != BudgetMode::Unlimited => out.report(
                    &INFO,
                    budget.mode.as_ref().map_or(budget.pos, |m| m.pos),
                    format!(
                        "campaign `{}` has a `{mode}` budget{written} without an amount",
                        campaign.name.value
                    ),
                    "no `amount`",
                    "add `amount:` in the account currency, e.g. `amount: 100`",
                ),
                _ => {}
            }
        }
    }
}
