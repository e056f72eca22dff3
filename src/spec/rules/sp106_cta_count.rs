//! SP106: an ad has at most 3 calls to action.

use crate::facts::MAX_CTAS_PER_AD;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct CtaCount;

static INFO: RuleInfo = RuleInfo {
    code: "SP106",
    name: "call-to-action-count",
    severity: Severity::Error,
    summary: "an ad has at most 3 calls to action",
};

impl Rule for CtaCount {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            let Some(ctas) = &ad.calls_to_action else {
                continue;
            };
            let n = ctas.len();
            if n > MAX_CTAS_PER_AD {
                out.report(
                    &INFO,
                    ctas.pos,
                    format!(
                        "ad `{}` has {n} calls to action, more than {MAX_CTAS_PER_AD}",
                        ad.name.value
                    ),
                    format!("{n} calls to action"),
                    format!(
                        "an ad takes at most {MAX_CTAS_PER_AD} calls to action; keep the ones \
                         that fit the landing page"
                    ),
                );
            }
        }
    }
}
