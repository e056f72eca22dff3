//! SP116: a total (lifetime) budget needs a schedule end: on every ad group under a CBO
//! campaign total, on the ad group itself when its own budget is total.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::BudgetMode;
use crate::spec::model::{AdGroup, SpecFile};
use crate::spec::rules::{Context, Rule, RuleInfo, group_pos, pos_or};

pub(super) struct TotalNeedsEnd;

static INFO: RuleInfo = RuleInfo {
    code: "SP116",
    name: "total-budget-needs-end",
    severity: Severity::Error,
    summary: "a total budget needs a schedule end on every ad group it funds",
};

fn has_end(group: &AdGroup) -> bool {
    group
        .schedule
        .as_ref()
        .is_some_and(|s| s.end.is_some() || s.duration.is_some())
}

impl Rule for TotalNeedsEnd {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            // Without CBO a campaign total only caps the ad groups' own budgets: an ad
            // group with a dynamic daily budget may still run from now without an end.
            let campaign_total =
                campaign.budget.cbo.value && campaign.budget.effective_mode() == BudgetMode::Total;
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
                     `schedule: {end: \"YYYY-MM-DD HH:MM\"}` or `schedule: {duration: 30d}`, \
                     or use a daily budget",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::load::parse_str;

    fn findings(budget: &str, group_budget: &str) -> usize {
        let text = format!(
            "campaigns:\n  - name: C\n    objective: web_conversions\n    sales_destination: website\n    budget: {budget}\n    ad_groups:\n      - name: G\n        {group_budget}\n        optimization: {{goal: click}}\n        targeting: {{locations: [\"6252001\"]}}\n"
        );
        let file = parse_str(&text).expect("spec");
        let mut out = Findings::new();
        TotalNeedsEnd.check(&file, &Context::default(), &mut out);
        out.into_diagnostics(std::path::Path::new("x.yaml")).len()
    }

    #[test]
    fn total_budgets_need_an_end_on_the_ad_groups_they_fund() {
        assert_eq!(findings("{cbo: true, mode: total, amount: 500}", ""), 1);
        assert_eq!(
            findings(
                "{cbo: false, mode: total, amount: 500}",
                "budget: {mode: total, amount: 100}"
            ),
            1
        );
        // The campaign total caps ad groups that keep their own daily budgets.
        assert_eq!(
            findings(
                "{cbo: false, mode: total, amount: 500}",
                "budget: {mode: dynamic_daily, amount: 50}"
            ),
            0
        );
    }
}
