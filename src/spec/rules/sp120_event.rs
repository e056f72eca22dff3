//! SP120: a pixel comes with the event to optimise for.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::OptimizationGoal as Goal;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups};

pub(super) struct Event;

static INFO: RuleInfo = RuleInfo {
    code: "SP120",
    name: "optimization-event",
    severity: Severity::Error,
    summary: "an optimisation event is given whenever a pixel is",
};

impl Rule for Event {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, group) in ad_groups(file) {
            let o = &group.optimization;
            // A pixel the goal refuses is SP119's to report: asking for its event would mislead.
            if matches!(
                o.goal.value,
                Goal::Click | Goal::LandingPageView | Goal::Install | Goal::InAppEvent
            ) {
                continue;
            }
            if let (Some(pixel), None) = (&o.pixel_id, &o.event) {
                out.report(
                    &INFO,
                    pixel.pos,
                    format!(
                        "ad group `{}` has pixel `{}` but no optimisation event",
                        group.name.value, pixel.value
                    ),
                    "no `event` for this pixel",
                    "with a `pixel` TikTok needs the pixel event to optimise for: add \
                     `event:` under `optimization`, e.g. `event: complete_payment`",
                );
            }
        }
    }
}
