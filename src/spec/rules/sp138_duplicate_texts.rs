//! SP138: an ad's texts are all different.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct DuplicateTexts;

static INFO: RuleInfo = RuleInfo {
    code: "SP138",
    name: "duplicate-texts",
    severity: Severity::Error,
    summary: "no text appears twice in one ad",
};

impl Rule for DuplicateTexts {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            let Some(texts) = &ad.texts else { continue };
            for (i, text) in texts.iter().enumerate() {
                if texts[..i].iter().any(|t| t.value == text.value) {
                    out.report(
                        &INFO,
                        text.pos,
                        format!(
                            "ad `{}` lists the text `{}` twice",
                            ad.name.value, text.value
                        ),
                        "repeated",
                        "TikTok refuses an ad whose texts repeat (\"You have duplicate titles\"); \
                         remove the repeat",
                    );
                }
            }
        }
    }
}
