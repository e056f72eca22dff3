//! SP109: a creative is exactly one of `video`, `carousel` or `spark_post`.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct CreativeKind;

static INFO: RuleInfo = RuleInfo {
    code: "SP109",
    name: "creative-kind",
    severity: Severity::Error,
    summary: "a creative is exactly one of `video`, `carousel` or `spark_post`",
};

impl Rule for CreativeKind {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            for creative in ad.creatives.iter() {
                let kinds: Vec<(&str, _)> = [
                    ("video", creative.video.as_ref().map(|v| v.pos)),
                    ("carousel", creative.carousel.as_ref().map(|c| c.pos)),
                    ("spark_post", creative.spark_post.as_ref().map(|s| s.pos)),
                ]
                .into_iter()
                .filter_map(|(k, p)| p.map(|p| (k, p)))
                .collect();
                match kinds.as_slice() {
                    [] => out.report(
                        &INFO,
                        creative.pos,
                        format!("a creative in ad `{}` is empty", ad.name.value),
                        "no creative here",
                        "give exactly one of `video`, `carousel` or `spark_post`",
                    ),
                    [_] => {}
                    [(first, _), rest @ ..] => {
                        for (kind, pos) in rest {
                            out.report(
                                &INFO,
                                *pos,
                                format!(
                                    "a creative in ad `{}` has both `{first}` and `{kind}`",
                                    ad.name.value
                                ),
                                "second kind",
                                "each creative is one `video`, one `carousel` or one `spark_post`; \
                                 make this a separate list item",
                            );
                        }
                    }
                }
            }
        }
    }
}
