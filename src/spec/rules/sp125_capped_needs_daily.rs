//! SP125: cost cap and minimum ROAS need a dynamic daily budget.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::{BidStrategy, BudgetMode};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups, strategy};

pub(super) struct CappedNeedsDaily;

static INFO: RuleInfo = RuleInfo {
    code: "SP125",
    name: "capped-bid-needs-daily-budget",
    severity: Severity::Error,
    summary: "`cost_cap` and `min_roas` need a `dynamic_daily` budget",
};

impl Rule for CappedNeedsDaily {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (campaign, group) in ad_groups(file) {
            let s = strategy(group);
            if !matches!(s, BidStrategy::CostCap | BidStrategy::MinRoas) {
                continue;
            }
            let Some(bidding) = &group.bidding else {
                continue;
            };
            let (mode, level) = if campaign.budget.cbo.value {
                (campaign.budget.effective_mode(), "campaign")
            } else {
                // A missing ad group budget is SP113's to report.
                let Some(gb) = &group.budget else { continue };
                (gb.mode.value, "ad group")
            };
            if mode != BudgetMode::DynamicDaily {
                out.report(
                    &INFO,
                    bidding.strategy.pos,
                    format!(
                        "ad group `{}` bids with `{s}` but the {level} budget is `{mode}`",
                        group.name.value
                    ),
                    "needs a `dynamic_daily` budget",
                    format!(
                        "TikTok runs `{s}` only on a `dynamic_daily` budget (the campaign's with \
                         CBO, the ad group's without); change the {level} budget mode or bid \
                         with `max_delivery`"
                    ),
                );
            }
        }
    }
}
