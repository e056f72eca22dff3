//! SP121: optimising for landing page views needs the TikTok Pixel on the site.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::{Measurement, OptimizationGoal};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups};

pub(super) struct LandingPageMeasurement;

static INFO: RuleInfo = RuleInfo {
    code: "SP121",
    name: "landing-page-view-needs-pixel",
    severity: Severity::Error,
    summary: "`landing_page_view` optimisation needs Pixel measurement on the account",
};

impl Rule for LandingPageMeasurement {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        // Unknown measurement is not an error: the account may well have a pixel.
        let Some(measurement) = file.account.as_ref().and_then(|a| a.measurement.as_ref()) else {
            return;
        };
        if measurement.value != Measurement::EventsApi {
            return;
        }
        for (_, group) in ad_groups(file) {
            let goal = &group.optimization.goal;
            if goal.value == OptimizationGoal::LandingPageView {
                out.report(
                    &INFO,
                    goal.pos,
                    format!(
                        "ad group `{}` optimises for `landing_page_view` but the account measures \
                         with `events_api` only",
                        group.name.value
                    ),
                    "needs the TikTok Pixel",
                    "landing page views are counted by the TikTok Pixel in the browser; install \
                     it and set `account.measurement` to `pixel` or `pixel_and_events_api`, or \
                     optimise for `click`",
                );
            }
        }
    }
}
