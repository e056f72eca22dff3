//! SP104: an ad has 1 to 50 creatives.

use crate::facts::MAX_CREATIVES_PER_AD;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct CreativeCount;

static INFO: RuleInfo = RuleInfo {
    code: "SP104",
    name: "creative-count",
    severity: Severity::Error,
    summary: "an ad has 1 to 50 creatives",
};

impl Rule for CreativeCount {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            let n = ad.creatives.len();
            if n == 0 {
                out.report(
                    &INFO,
                    ad.creatives.pos,
                    format!("ad `{}` has no creatives", ad.name.value),
                    "empty",
                    "an ad needs at least one creative: a `video`, a `carousel` or a `spark_post`",
                );
            } else if n > MAX_CREATIVES_PER_AD {
                out.report(
                    &INFO,
                    ad.creatives.pos,
                    format!(
                        "ad `{}` has {n} creatives, more than {MAX_CREATIVES_PER_AD}",
                        ad.name.value
                    ),
                    format!("{n} creatives"),
                    format!(
                        "an ad takes at most {MAX_CREATIVES_PER_AD} creatives; split them over two ads"
                    ),
                );
            }
        }
    }
}
