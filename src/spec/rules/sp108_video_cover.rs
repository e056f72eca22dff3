//! SP108: a video creative has a cover image.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct VideoCover;

static INFO: RuleInfo = RuleInfo {
    code: "SP108",
    name: "video-cover",
    severity: Severity::Error,
    summary: "a video creative has a cover image",
};

impl Rule for VideoCover {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            for creative in ad.creatives.iter() {
                let Some(video) = &creative.video else {
                    continue;
                };
                match &video.cover {
                    None => out.report(
                        &INFO,
                        video.pos,
                        format!(
                            "video `{}` in ad `{}` has no cover",
                            video.label(),
                            ad.name.value
                        ),
                        "no `cover`",
                        if video.cover_is_file() {
                            "TikTok needs one cover image per video: add `cover: <image file>` \
                             (a JPEG or PNG beside the video, e.g. `assets/hero.jpg`)"
                        } else {
                            "TikTok needs one cover image per video: add `cover: <image id>` \
                             (an image `web_uri` from the asset library)"
                        },
                    ),
                    Some(cover) if cover.trim().is_empty() => out.report(
                        &INFO,
                        cover.pos,
                        format!(
                            "video `{}` in ad `{}` has an empty cover",
                            video.label(),
                            ad.name.value
                        ),
                        "empty",
                        "give the cover's image id (`web_uri`), e.g. `ad-site-i18n-sg/cover-01`",
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}
