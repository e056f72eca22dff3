//! SP115: the budget mode fits the campaign's CBO setting.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::BudgetMode;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo};

pub(super) struct BudgetModeAllowed;

static INFO: RuleInfo = RuleInfo {
    code: "SP115",
    name: "budget-mode",
    severity: Severity::Error,
    summary: "the budget mode is one the CBO setting allows",
};

const CBO_MODES: &[BudgetMode] = &[BudgetMode::DynamicDaily, BudgetMode::Total];
const NO_CBO_MODES: &[BudgetMode] = &[BudgetMode::Unlimited, BudgetMode::Daily, BudgetMode::Total];
const AD_GROUP_MODES: &[BudgetMode] = &[BudgetMode::DynamicDaily, BudgetMode::Total];

fn listed(modes: &[BudgetMode]) -> String {
    modes
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Rule for BudgetModeAllowed {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let cbo = campaign.budget.cbo.value;
            if let Some(mode) = &campaign.budget.mode {
                let allowed = if cbo { CBO_MODES } else { NO_CBO_MODES };
                if !allowed.contains(&mode.value) {
                    let with = if cbo { "with" } else { "without" };
                    out.report(
                        &INFO,
                        mode.pos,
                        format!(
                            "campaign `{}` has budget mode `{}`, not allowed {with} CBO",
                            campaign.name.value, mode.value
                        ),
                        format!("not allowed {with} CBO"),
                        format!(
                            "{with} campaign budget optimisation the campaign budget mode is one \
                             of {}",
                            listed(allowed)
                        ),
                    );
                }
            }
            // Under CBO ad group budgets are ignored altogether (SP113).
            if cbo {
                continue;
            }
            let campaign_daily = campaign.budget.effective_mode() == BudgetMode::Daily;
            for group in campaign.ad_groups.iter() {
                let Some(budget) = &group.budget else {
                    continue;
                };
                let mode = &budget.mode;
                if !AD_GROUP_MODES.contains(&mode.value) {
                    out.report(
                        &INFO,
                        mode.pos,
                        format!(
                            "ad group `{}` has budget mode `{}`, which ad groups cannot use",
                            group.name.value, mode.value
                        ),
                        "not an ad group budget mode",
                        format!(
                            "an ad group budget mode is one of {}",
                            listed(AD_GROUP_MODES)
                        ),
                    );
                } else if campaign_daily && mode.value != BudgetMode::DynamicDaily {
                    out.report(
                        &INFO,
                        mode.pos,
                        format!(
                            "ad group `{}` has a `{}` budget under the `daily` budget of campaign `{}`",
                            group.name.value, mode.value, campaign.name.value
                        ),
                        "must be `dynamic_daily`",
                        "when the campaign budget mode is `daily`, every ad group budget is \
                         `dynamic_daily`",
                    );
                }
            }
        }
    }
}
