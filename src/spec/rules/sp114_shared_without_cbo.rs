//! SP114: without CBO the ad groups of a campaign still share bid strategy and budget mode.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, group_pos, pos_or, strategy};

pub(super) struct SharedWithoutCbo;

static INFO: RuleInfo = RuleInfo {
    code: "SP114",
    name: "shared-without-cbo",
    severity: Severity::Error,
    summary: "without CBO every ad group has the same bid strategy and budget mode",
};

impl Rule for SharedWithoutCbo {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter().filter(|c| !c.budget.cbo.value) {
            let Some((first, rest)) = campaign.ad_groups.split_first() else {
                continue;
            };
            for group in rest {
                let (a, b) = (strategy(first), strategy(group));
                if a != b {
                    out.report(
                        &INFO,
                        pos_or(
                            group.bidding.as_ref().map(|b| &b.strategy),
                            group_pos(group),
                        ),
                        format!(
                            "ad group `{}` bids with `{b}` but ad group `{}` bids with `{a}`",
                            group.name.value, first.name.value
                        ),
                        format!("differs from `{}`", first.name.value),
                        format!(
                            "every ad group of campaign `{}` must use the same bid strategy, with \
                             or without CBO; use `{a}` here or move this ad group to another campaign",
                            campaign.name.value
                        ),
                    );
                }
                // A missing budget is SP113's to report.
                let (Some(fb), Some(gb)) = (&first.budget, &group.budget) else {
                    continue;
                };
                if fb.mode.value != gb.mode.value {
                    out.report(
                        &INFO,
                        gb.mode.pos,
                        format!(
                            "ad group `{}` has budget mode `{}` but ad group `{}` has `{}`",
                            group.name.value, gb.mode.value, first.name.value, fb.mode.value
                        ),
                        format!("differs from `{}`", first.name.value),
                        format!(
                            "every ad group of campaign `{}` must use the same budget mode; use \
                             `{}` here",
                            campaign.name.value, fb.mode.value
                        ),
                    );
                }
            }
        }
    }
}
