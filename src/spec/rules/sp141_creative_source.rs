//! SP141: a video is an id or a file, not both nor neither; a carousel's images
//! are ids or files; file paths are relative to the spec file.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::media;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct CreativeSource;

static INFO: RuleInfo = RuleInfo {
    code: "SP141",
    name: "creative-source",
    severity: Severity::Error,
    summary: "a video or carousel names ids or local files, one of the two",
};

impl Rule for CreativeSource {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, ctx: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            for creative in ad.creatives.iter() {
                if let Some(video) = &creative.video {
                    // With `id:`, a cover is an image id: a file of that name beside the
                    // spec means the cover was meant to be uploaded.
                    if video.id.is_some()
                        && let (Some(cover), Some(spec)) = (&video.cover, &ctx.spec_file)
                        && media::locate(spec, cover).is_ok_and(|p| p.is_file())
                    {
                        out.report(
                            &INFO,
                            cover.pos,
                            format!(
                                "the cover `{}` of ad `{}` is a file beside the spec, but a video given by `id` takes an image id as its cover",
                                cover.value, ad.name.value
                            ),
                            "a file, not an image id",
                            "give the video as a file too (`file: <path>`), so both are uploaded, \
                             or give the cover's image id",
                        );
                    }
                    match (&video.id, &video.file) {
                        (Some(_), Some(f)) => out.report(
                            &INFO,
                            f.pos,
                            format!("a video in ad `{}` has both `id` and `file`", ad.name.value),
                            "second source",
                            "name the video once: `id: <video id>` from the asset library, or \
                             `file: <path>` to upload a local file",
                        ),
                        (None, None) => out.report(
                            &INFO,
                            video.pos,
                            format!(
                                "a video in ad `{}` has neither `id` nor `file`",
                                ad.name.value
                            ),
                            "no video",
                            "add `id: <video id>` (from the asset library) or `file: <path>` \
                             (a local file, relative to this spec)",
                        ),
                        _ => {}
                    }
                }
                if let Some(carousel) = &creative.carousel
                    && let Some(files) = &carousel.files
                    && !carousel.images.is_empty()
                {
                    out.report(
                        &INFO,
                        files.pos,
                        format!(
                            "a carousel in ad `{}` has both `images` and `files`",
                            ad.name.value
                        ),
                        "second source",
                        "list the carousel's images once, in display order: image ids in \
                         `images`, or local files in `files`",
                    );
                }
            }
            for r in media::in_ad(ad) {
                if let Err(problem) = media::locate(std::path::Path::new("spec.yaml"), r.path) {
                    out.report(
                        &INFO,
                        r.path.pos,
                        format!("the {} file of ad `{}`: {problem}", r.role, ad.name.value),
                        match problem {
                            media::PathProblem::Empty => "empty",
                            media::PathProblem::Absolute => "absolute path",
                        },
                        "write the path relative to this spec file, e.g. `assets/hero.mp4`",
                    );
                }
            }
        }
    }
}
