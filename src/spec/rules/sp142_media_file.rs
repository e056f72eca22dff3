//! SP142: a local media file exists, is a regular file, and is a format and size
//! TikTok takes (judged by its content, not its name).

use crate::facts;
use crate::media::{Format, ProbeError};
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::media::MediaKind;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, probed_media};

pub(super) struct MediaFile;

static INFO: RuleInfo = RuleInfo {
    code: "SP142",
    name: "media-file",
    severity: Severity::Error,
    summary: "a local media file is readable and a format and size TikTok takes",
};

impl Rule for MediaFile {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, ctx: &Context, out: &mut Findings) {
        for (r, path, probe) in probed_media(file, ctx) {
            let what = format!(
                "the {} `{}` of ad `{}`",
                r.role, r.path.value, r.ad.name.value
            );
            // Where the file was looked for, when that is not the path as written.
            let shown = if path.as_os_str() == r.path.value.trim() {
                String::new()
            } else {
                format!(" (`{}`)", path.display())
            };
            let p = match probe {
                Ok(p) => p,
                Err(ProbeError::Read(e)) => {
                    out.report(
                        &INFO,
                        r.path.pos,
                        format!("cannot read {what}{shown}: {e}"),
                        "unreadable",
                        "media paths are relative to this spec file; check the path and that \
                         it is a regular file",
                    );
                    continue;
                }
                Err(e) => {
                    out.report(
                        &INFO,
                        r.path.pos,
                        format!("{what}: {e}"),
                        "not media",
                        wanted(r.kind),
                    );
                    continue;
                }
            };
            let fits = match r.kind {
                MediaKind::Video => p.format.uploadable_video(),
                MediaKind::Image => p.format.uploadable_image(),
            };
            if !fits {
                out.report(
                    &INFO,
                    r.path.pos,
                    format!(
                        "{what} is {}, which TikTok does not take as {}",
                        article(p.format),
                        match r.kind {
                            MediaKind::Video => "a video",
                            MediaKind::Image => "an image",
                        }
                    ),
                    p.format.name(),
                    wanted(r.kind),
                );
                continue;
            }
            let max = r.kind.max_bytes();
            if p.size > max {
                out.report(
                    &INFO,
                    r.path.pos,
                    format!(
                        "{what} is {:.1} MiB, larger than TikTok's {}",
                        // Only to show: a MiB to one decimal says enough.
                        p.size as f64 / f64::from(1 << 20),
                        crate::files::size(max)
                    ),
                    "too large",
                    match r.kind {
                        MediaKind::Video => "compress or shorten the video",
                        MediaKind::Image => "save the image smaller (JPEG compresses photos best)",
                    },
                );
                continue;
            }
            if r.kind == MediaKind::Image
                && let Some((w, h)) = p.dimensions()
                && u64::from(w) * u64::from(h) > facts::MAX_IMAGE_PIXELS
            {
                out.report(
                    &INFO,
                    r.path.pos,
                    format!("{what} is {w}×{h} pixels, more than TikTok's 3,686,400 (1440×2560)"),
                    "too many pixels",
                    "scale the image down, e.g. to 1080×1920 for a vertical cover",
                );
            }
        }
    }
}

fn wanted(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Video => "TikTok takes MP4, MOV, MPEG, 3GP and AVI videos",
        MediaKind::Image => "TikTok takes JPEG and PNG images",
    }
}

fn article(f: Format) -> String {
    let name = f.name();
    let vowel = matches!(f, Format::Mp4 | Format::Mpeg | Format::Avi);
    format!("{} {name}", if vowel { "an" } else { "a" })
}
