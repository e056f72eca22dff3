//! SP208 (warning): a video's duration, aspect ratio and resolution, where its
//! container says them, are within what TikTok's help centre asks of in-feed ads.

use crate::facts;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::media::MediaKind;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, probed_media};

pub(super) struct MediaGuidance;

static INFO: RuleInfo = RuleInfo {
    code: "SP208",
    name: "video-guidance",
    severity: Severity::Warning,
    summary: "a video file is 5–60 s long, 9:16, 1:1 or 16:9, and sharp enough",
};

impl Rule for MediaGuidance {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, ctx: &Context, out: &mut Findings) {
        for (r, _, probe) in probed_media(file, ctx) {
            let Ok(p) = probe else { continue };
            if r.kind != MediaKind::Video || !p.format.uploadable_video() {
                continue;
            }
            let what = format!("the video `{}` of ad `{}`", r.path.value, r.ad.name.value);
            if let Some(d) = p.duration
                && !(facts::VIDEO_MIN_SECONDS..=facts::VIDEO_MAX_SECONDS).contains(&d)
            {
                out.report(
                    &INFO,
                    r.path.pos,
                    format!("{what} lasts {d:.1} s"),
                    format!("{d:.1} s"),
                    format!(
                        "TikTok asks for {}–{} s (9–15 s does best); it may refuse the ad in review",
                        facts::VIDEO_MIN_SECONDS,
                        facts::VIDEO_MAX_SECONDS
                    ),
                );
            }
            let Some((w, h)) = p.dimensions() else {
                continue;
            };
            match crate::media::ratio_of(w, h) {
                None => out.report(
                    &INFO,
                    r.path.pos,
                    format!("{what} is {w}×{h}, not 9:16, 1:1 or 16:9"),
                    format!("{w}×{h}"),
                    "TikTok takes vertical 9:16, square 1:1 and horizontal 16:9 videos; \
                     crop it, or turn on `enhancements: { resize: true }`",
                ),
                Some((rw, rh, min_w, min_h)) if w < min_w || h < min_h => out.report(
                    &INFO,
                    r.path.pos,
                    format!("{what} is {w}×{h}, below {min_w}×{min_h} for {rw}:{rh}"),
                    format!("{w}×{h}"),
                    "a low resolution delivers poorly; export it larger, or turn on \
                     `enhancements: { quality: true }`",
                ),
                Some(_) => {}
            }
        }
    }
}
