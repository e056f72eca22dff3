//! SP111: an ad built from Spark posts carries no texts, videos or carousels of its own.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct SparkPostOnly;

static INFO: RuleInfo = RuleInfo {
    code: "SP111",
    name: "spark-post-only",
    severity: Severity::Error,
    summary: "an ad with Spark posts has no texts, videos or carousels of its own",
};

impl Rule for SparkPostOnly {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            if !ad.creatives.iter().any(|c| c.spark_post.is_some()) {
                continue;
            }
            if let Some(texts) = ad.texts.as_ref().filter(|t| !t.is_empty()) {
                out.report(
                    &INFO,
                    texts.pos,
                    format!("ad `{}` has Spark posts and its own texts", ad.name.value),
                    "texts with Spark posts",
                    "a Spark post keeps its own caption: remove `texts` from this ad",
                );
            }
            // Creatives holding a Spark post and something else are SP109's to report.
            for creative in ad.creatives.iter().filter(|c| c.spark_post.is_none()) {
                let own = [
                    ("video", creative.video.as_ref().map(|v| v.pos)),
                    ("carousel", creative.carousel.as_ref().map(|c| c.pos)),
                ];
                for (kind, pos) in own {
                    let Some(pos) = pos else { continue };
                    out.report(
                        &INFO,
                        pos,
                        format!(
                            "ad `{}` mixes Spark posts with a {kind} of its own",
                            ad.name.value
                        ),
                        format!("{kind} with Spark posts"),
                        "an ad built from Spark posts takes only `spark_post` creatives; put \
                         videos and carousels in another ad",
                    );
                }
            }
        }
    }
}
