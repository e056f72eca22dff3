//! SP136: an ad has at most 14 UTM parameters.

use crate::facts::MAX_UTM_PARAMS;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct Utm;

static INFO: RuleInfo = RuleInfo {
    code: "SP136",
    name: "utm-count",
    severity: Severity::Error,
    summary: "an ad has at most 14 UTM parameters",
};

impl Rule for Utm {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            let Some(utm) = &ad.utm else { continue };
            let n = utm.len();
            if n > MAX_UTM_PARAMS {
                out.report(
                    &INFO,
                    utm.pos,
                    format!(
                        "ad `{}` has {n} UTM parameters, more than {MAX_UTM_PARAMS}",
                        ad.name.value
                    ),
                    format!("{n} parameters"),
                    format!(
                        "TikTok takes at most {MAX_UTM_PARAMS} UTM parameters per ad; drop some"
                    ),
                );
            }
        }
    }
}
