//! SP116: a total (lifetime) budget needs every ad group to have a schedule end.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::BudgetMode;
use crate::spec::model::{AdGroup, SpecFile};
use crate::spec::rules::{Context, Rule, RuleInfo, group_pos, pos_or};

pub struct TotalNeedsEnd;

static INFO: RuleInfo = RuleInfo {
    code: "SP116",
    name: "total-budget-needs-end",
    severity: Severity::Error,
    summary: "a total budget needs a schedule end on every ad group",
};

fn has_end(group: &AdGroup) -> bool {
    group.schedule.as_ref().is_some_and(|s| s.end.is_some())
}

impl Rule for TotalNeedsEnd {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let campaign_total = campaign.budget.effective_mode() == BudgetMode::Total;
            for group in campaign.ad_groups.iter().filter(|g| !has_end(g)) {
                let group_total = !campaign.budget.cbo.value
                    && group
                        .budget
                        .as_ref()
                        .is_some_and(|b| b.mode.value == BudgetMode::Total);
                let whose = if group_total {
                    format!("ad group `{}` has", group.name.value)
                } else if campaign_total {
                    format!("campaign `{}` has", campaign.name.value)
                } else {
                    continue;
                };
                out.report(
                    &INFO,
                    pos_or(group.schedule.as_ref(), group_pos(group)),
                    format!(
                        "{whose} a total budget but ad group `{}` has no schedule end",
                        group.name.value
                    ),
                    "no `end`",
                    "a total budget is spent between a start and an end: add \
                     `schedule: {end: \"YYYY-MM-DD HH:MM\"}`, or use a daily budget",
                );
            }
        }
    }
}
