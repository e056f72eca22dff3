//! SP134: dayparting ranges are half-hour ranges that leave some delivery time.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups};
use crate::spec::schedule;

pub(super) struct Dayparting;

static INFO: RuleInfo = RuleInfo {
    code: "SP134",
    name: "dayparting",
    severity: Severity::Error,
    summary: "dayparting ranges are `HH:MM-HH:MM` on half hours and leave some delivery time",
};

impl Rule for Dayparting {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, group) in ad_groups(file) {
            let Some(d) = group.schedule.as_ref().and_then(|s| s.dayparting.as_ref()) else {
                continue;
            };
            let problems = schedule::dayparting_problems(d);
            for e in &problems {
                out.report(&INFO, e.pos(), e.to_string(), e.label(), e.help());
            }
            if problems.is_empty()
                && let Ok(Some(wire)) = schedule::dayparting_wire(d)
                && !wire.contains('1')
            {
                out.report(
                    &INFO,
                    d.pos,
                    format!(
                        "ad group `{}` has no delivery hours on any day",
                        group.name.value
                    ),
                    "never delivers",
                    "every weekday has an empty list; a weekday left out delivers all day — \
                     give some hours, or set the ad group `status: disabled`",
                );
            }
        }
    }
}
