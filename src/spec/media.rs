//! The local media files a spec names (`video.file`, its `cover`, `carousel.files`),
//! and where they are: paths are relative to the spec file that names them.

use std::path::{Path, PathBuf};

use super::model::{Ad, Campaign, SpecFile};
use super::span::Sp;

/// What an upload makes: a video or an image.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Video,
    Image,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Video => "video",
            MediaKind::Image => "image",
        }
    }

    /// The largest file TikTok takes of this kind.
    pub fn max_bytes(self) -> u64 {
        match self {
            MediaKind::Video => crate::facts::MAX_VIDEO_BYTES,
            MediaKind::Image => crate::facts::MAX_IMAGE_BYTES,
        }
    }
}

/// One file named in a spec.
#[derive(Clone, Copy, Debug)]
pub struct MediaRef<'a> {
    pub kind: MediaKind,
    /// The path as written.
    pub path: &'a Sp<String>,
    /// What it is to the ad: `video`, `cover`, `carousel image`.
    pub role: &'static str,
    pub ad: &'a Ad,
}

/// Every file an ad names, in the order written.
pub fn in_ad(ad: &Ad) -> Vec<MediaRef<'_>> {
    let mut out = Vec::new();
    for creative in ad.creatives.iter() {
        if let Some(video) = &creative.video {
            if let Some(file) = &video.file {
                out.push(MediaRef {
                    kind: MediaKind::Video,
                    path: file,
                    role: "video",
                    ad,
                });
            }
            if let Some(cover) = video.cover.as_ref().filter(|_| video.cover_is_file()) {
                out.push(MediaRef {
                    kind: MediaKind::Image,
                    path: cover,
                    role: "cover",
                    ad,
                });
            }
        }
        if let Some(files) = creative.carousel.as_ref().and_then(|c| c.files.as_ref()) {
            for f in files.iter() {
                out.push(MediaRef {
                    kind: MediaKind::Image,
                    path: f,
                    role: "carousel image",
                    ad,
                });
            }
        }
    }
    out
}

/// Every file a campaign names.
pub fn in_campaign(c: &Campaign) -> Vec<MediaRef<'_>> {
    c.ad_groups
        .iter()
        .flat_map(|g| g.ads.iter())
        .flat_map(in_ad)
        .collect()
}

/// Every file a spec file names.
pub fn in_file(file: &SpecFile) -> Vec<MediaRef<'_>> {
    file.campaigns.iter().flat_map(in_campaign).collect()
}

/// Why a written path cannot name a media file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    #[error("the path is empty")]
    Empty,
    #[error("the path is absolute; media paths are relative to the spec file")]
    Absolute,
}

/// The file a path written in `spec` names: relative to the spec file's directory.
/// Absolute paths are refused: a spec is shared, and must not reach outside the
/// repository it lives in by accident.
pub fn locate(spec: &Path, written: &str) -> Result<PathBuf, PathProblem> {
    let written = written.trim();
    if written.is_empty() {
        return Err(PathProblem::Empty);
    }
    let rel = Path::new(written);
    if rel.is_absolute() || rel.has_root() {
        return Err(PathProblem::Absolute);
    }
    let dir = spec.parent().unwrap_or(Path::new(""));
    Ok(dir.join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_spec_file() {
        let spec = Path::new("campaigns/web.yaml");
        assert_eq!(
            locate(spec, "assets/hero.mp4"),
            Ok(PathBuf::from("campaigns/assets/hero.mp4"))
        );
        assert_eq!(
            locate(Path::new("web.yaml"), "../hero.mp4"),
            Ok(PathBuf::from("../hero.mp4"))
        );
        assert_eq!(locate(spec, " "), Err(PathProblem::Empty));
        assert_eq!(locate(spec, "/etc/passwd"), Err(PathProblem::Absolute));
    }
}
