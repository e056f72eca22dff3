//! SP101: a Smart+ campaign's objective is web conversions, app promotion or lead generation.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo};

pub(super) struct Objective;

static INFO: RuleInfo = RuleInfo {
    code: "SP101",
    name: "smart-plus-objective",
    severity: Severity::Error,
    summary: "the objective is one of the three Smart+ objectives",
};

impl Rule for Objective {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let objective = &campaign.objective;
            if !objective.is_smart_plus() {
                out.report(
                    &INFO,
                    objective.pos,
                    format!("`{}` is not a Smart+ objective", objective.value),
                    "not a Smart+ objective",
                    "Smart+ campaigns take `web_conversions`, `app_promotion` or `lead_generation`; \
                     run other objectives as manual campaigns",
                );
            }
        }
    }
}
