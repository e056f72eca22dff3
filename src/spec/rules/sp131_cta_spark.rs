//! SP131: standard calls to action are not for Spark identities or lead generation.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::Objective;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct CtaSpark;

static INFO: RuleInfo = RuleInfo {
    code: "SP131",
    name: "calls-to-action-allowed",
    severity: Severity::Error,
    summary: "`calls_to_action` is not used with a Spark identity or for lead generation",
};

impl Rule for CtaSpark {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (campaign, _, ad) in ads(file) {
            let Some(ctas) = ad.calls_to_action.as_ref().filter(|c| !c.is_empty()) else {
                continue;
            };
            let why = if campaign.objective.value == Objective::LeadGeneration {
                "a `lead_generation` campaign".to_string()
            } else if ad.identity.kind.is_spark() {
                format!("the Spark identity `{}`", ad.identity.kind.value)
            } else {
                continue;
            };
            out.report(
                &INFO,
                ctas.pos,
                format!("ad `{}` lists calls to action with {why}", ad.name.value),
                "use `call_to_action_id`",
                "Spark identities and lead generation take a dynamic call-to-action portfolio: \
                 replace `calls_to_action` with `call_to_action_id: <portfolio id>`",
            );
        }
    }
}
