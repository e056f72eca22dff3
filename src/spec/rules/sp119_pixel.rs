//! SP119: a pixel is given exactly when the optimisation goal needs one.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::{Objective, OptimizationGoal as Goal};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups};

pub(super) struct Pixel;

static INFO: RuleInfo = RuleInfo {
    code: "SP119",
    name: "pixel",
    severity: Severity::Error,
    summary: "`convert` and `value` need a pixel; `click`, `landing_page_view`, `install` and `in_app_event` refuse one",
};

impl Rule for Pixel {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (campaign, group) in ad_groups(file) {
            let o = &group.optimization;
            let goal = o.goal.value;
            // App promotion measures value with app events, not a pixel.
            let needs = matches!(goal, Goal::Convert | Goal::Value)
                && campaign.objective.value != Objective::AppPromotion;
            let refuses = matches!(
                goal,
                Goal::Click | Goal::LandingPageView | Goal::Install | Goal::InAppEvent
            );
            match &o.pixel_id {
                None if needs => out.report(
                    &INFO,
                    o.goal.pos,
                    format!(
                        "ad group `{}` optimises for `{goal}` without a pixel",
                        group.name.value
                    ),
                    "needs `pixel`",
                    format!(
                        "TikTok requires a `pixel` for the `{goal}` goal on `{}` campaigns: add \
                         `pixel` and `event` under `optimization`",
                        campaign.objective.value
                    ),
                ),
                Some(pixel) if refuses => out.report(
                    &INFO,
                    pixel.pos,
                    format!(
                        "ad group `{}` optimises for `{goal}`, which takes no pixel",
                        group.name.value
                    ),
                    "not for this goal",
                    format!(
                        "TikTok rejects a `pixel` with the `{goal}` goal; remove it, or \
                         optimise for `convert` or `value`"
                    ),
                ),
                _ => {}
            }
        }
    }
}
