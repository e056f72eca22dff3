//! SP312 (warning): an ad group that targets the United States keeps it, or places
//! in it.

use serde_json::Value;

use super::{Ctx, PlanRule, finding};
use crate::facts::{US_LOCATION, is_us_location};
use crate::plan::model::{Action, Kind, Plan};
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP312",
    name: "united-states-kept",
    severity: Severity::Warning,
    summary: "an ad group that targets the United States is not moved out of it",
};

pub struct UnitedStatesKept;

fn ids(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

impl PlanRule for UnitedStatesKept {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, plan: &mut Plan, _: &Ctx) {
        for change in &mut plan.changes {
            if change.kind != Kind::AdGroup || change.action != Action::Update {
                continue;
            }
            let Some(f) = change
                .fields
                .iter()
                .find(|f| f.path == "targeting.locations")
            else {
                continue;
            };
            let (old, new) = (ids(f.old.as_ref()), ids(f.new.as_ref()));
            if !old.contains(&US_LOCATION) || new.iter().any(|l| is_us_location(l)) {
                continue;
            }
            // A warning: a US place smartplus does not know (a city, a region) keeps
            // the change valid.
            let message = format!(
                "ad group `{}` would stop targeting the United States ({US_LOCATION}), unless \
                 its new locations are in the US",
                change.name
            );
            let help = "TikTok refuses to drop the United States from an ad group once targeted; \
                        keep it or target places in it (US states), or create a new ad group \
                        for the other locations";
            change
                .findings
                .push(finding(&INFO, false, message, Some(help.into())));
        }
    }
}
