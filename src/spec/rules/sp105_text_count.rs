//! SP105: an ad has at most 5 ad texts.

use crate::facts::MAX_TEXTS_PER_AD;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct TextCount;

static INFO: RuleInfo = RuleInfo {
    code: "SP105",
    name: "text-count",
    severity: Severity::Error,
    summary: "an ad has at most 5 ad texts",
};

impl Rule for TextCount {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            let Some(texts) = &ad.texts else { continue };
            let n = texts.len();
            if n > MAX_TEXTS_PER_AD {
                out.report(
                    &INFO,
                    texts.pos,
                    format!(
                        "ad `{}` has {n} texts, more than {MAX_TEXTS_PER_AD}",
                        ad.name.value
                    ),
                    format!("{n} texts"),
                    format!(
                        "an ad takes at most {MAX_TEXTS_PER_AD} texts; keep the best ones or \
                         split them over two ads"
                    ),
                );
            }
        }
    }
}
