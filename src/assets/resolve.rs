//! Plan time: every local file a spec names becomes an id, or an upload to make.
//!
//! Reads only: the files (hashed once each), the lock files, and the account's
//! library. A locked id is checked with the info endpoints (60 videos, 100 images
//! a call) and kept when the account still has it with the same MD5; a file not
//! locked, or locked to an id that is gone, is looked for by its content name (a
//! video search by name, the image list) before it is planned as an upload. The
//! campaigns come back with every file replaced by its id, or by a placeholder the
//! executor fills in after the upload.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::local::{self, Digest};
use super::lock::{self, Lock};
use crate::api::media::{self as remote, Media};
use crate::api::{ApiError, Client};
use crate::plan::model::{KnownMedia, Media as PlanMedia, Upload};
use crate::spec::Sp;
use crate::spec::media::{self, MediaKind};
use crate::spec::model::Campaign;

/// Where lock files live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockPlace {
    /// `smartplus.lock` in each directory that holds spec files naming media.
    BesideSpecs,
    /// One file (the local sandbox keeps its own: its ids mean nothing elsewhere).
    At(PathBuf),
}

impl LockPlace {
    /// The lock file for a spec file.
    pub fn for_spec(&self, spec: &Path) -> PathBuf {
        match self {
            LockPlace::BesideSpecs => spec.parent().unwrap_or(Path::new("")).join(lock::FILE_NAME),
            LockPlace::At(p) => p.clone(),
        }
    }
}

/// Why the media could not be resolved.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum AssetsError {
    #[error("the {role} `{written}` in `{}`: {problem}", .spec.display())]
    #[diagnostic(help(
        "media paths are relative to the spec file; `smartplus validate` checks them"
    ))]
    Path {
        spec: PathBuf,
        written: String,
        role: &'static str,
        problem: String,
    },
    #[error("cannot read `{}`: {cause}", .path.display())]
    #[diagnostic(help("`smartplus validate` checks media files"))]
    File {
        path: PathBuf,
        cause: local::FileError,
    },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Lock(#[from] lock::LockError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Api(#[from] ApiError),
    #[error("a media file could not be read: {0}")]
    Internal(String),
}

/// The campaigns with ids for their files, and the plan's media. A campaign that
/// names no file is the spec's own, not a copy (a large account has thousands of
/// objects to copy for nothing).
#[derive(Debug, Default)]
pub struct Resolved<'a> {
    pub campaigns: Vec<Cow<'a, Campaign>>,
    pub media: PlanMedia,
}

/// One distinct content.
struct Content {
    kind: MediaKind,
    digest: Digest,
    /// The first path that names it.
    path: PathBuf,
    locks: BTreeSet<PathBuf>,
}

impl Content {
    fn name(&self) -> String {
        local::content_name(&self.digest.sha256, &self.path)
    }
}

fn wire(kind: MediaKind) -> Media {
    match kind {
        MediaKind::Video => Media::Video,
        MediaKind::Image => Media::Image,
    }
}

/// Resolves the files of `campaigns` (each with the spec file it comes from).
pub async fn resolve<'a>(
    client: &Client,
    advertiser: &str,
    campaigns: &[(&Path, &'a Campaign)],
    place: &LockPlace,
) -> Result<Resolved<'a>, AssetsError> {
    // Every file, located; each path hashed once.
    let mut by_path: BTreeMap<(MediaKind, PathBuf), BTreeSet<PathBuf>> = BTreeMap::new();
    for (spec, c) in campaigns {
        for r in wanted(c) {
            let path = media::locate(spec, r.path).map_err(|p| AssetsError::Path {
                spec: spec.to_path_buf(),
                written: r.path.value.clone(),
                role: r.role,
                problem: p.to_string(),
            })?;
            by_path
                .entry((r.kind, path))
                .or_default()
                .insert(place.for_spec(spec));
        }
    }
    if by_path.is_empty() {
        return Ok(Resolved {
            campaigns: campaigns.iter().map(|(_, c)| Cow::Borrowed(*c)).collect(),
            media: PlanMedia::default(),
        });
    }
    let digests = digest_all(by_path.keys().cloned().collect()).await?;
    let mut contents: BTreeMap<(MediaKind, String), Content> = BTreeMap::new();
    let mut value_of_path: HashMap<(MediaKind, PathBuf), (MediaKind, String)> = HashMap::new();
    for ((kind, path), locks) in by_path {
        let digest = digests
            .get(&(kind, path.clone()))
            .cloned()
            .ok_or_else(|| AssetsError::Internal(path.display().to_string()))?;
        let key = (kind, digest.sha256.clone());
        value_of_path.insert((kind, path.clone()), key.clone());
        let content = contents.entry(key).or_insert_with(|| Content {
            kind,
            digest,
            path,
            locks: BTreeSet::new(),
        });
        content.locks.extend(locks);
    }

    // What the lock files say.
    let mut locks: BTreeMap<PathBuf, Lock> = BTreeMap::new();
    for c in contents.values() {
        for l in &c.locks {
            if !locks.contains_key(l) {
                locks.insert(l.clone(), lock::read(l)?);
            }
        }
    }
    let candidates = |c: &Content| -> BTreeSet<String> {
        c.locks
            .iter()
            .filter_map(|l| locks.get(l)?.get(advertiser, c.kind, &c.digest.sha256))
            .map(|e| e.id.clone())
            .collect()
    };

    // Locked ids still in the account, with the same content.
    let mut found: HashMap<(MediaKind, String), remote::Asset> = HashMap::new();
    for kind in [MediaKind::Video, MediaKind::Image] {
        let ids: BTreeSet<String> = contents
            .values()
            .filter(|c| c.kind == kind)
            .flat_map(candidates)
            .collect();
        if ids.is_empty() {
            continue;
        }
        let ids: Vec<String> = ids.into_iter().collect();
        let there = remote::info(client, advertiser, wire(kind), &ids).await?;
        for c in contents.values().filter(|c| c.kind == kind) {
            let wanted = candidates(c);
            if let Some(a) = there
                .iter()
                .find(|a| wanted.contains(&a.id) && same_content(a, &c.digest))
            {
                found.insert((kind, c.digest.sha256.clone()), a.clone());
            }
        }
    }

    // The rest, by name: an upload whose answer was lost, or made elsewhere.
    let mut images: Option<Vec<remote::Asset>> = None;
    for c in contents.values() {
        let key = (c.kind, c.digest.sha256.clone());
        if found.contains_key(&key) {
            continue;
        }
        let hit = find_by_name(
            client,
            advertiser,
            c.kind,
            &c.name(),
            &c.digest,
            &mut images,
        )
        .await?;
        if let Some(a) = hit {
            found.insert(key, a);
        }
    }

    let mut plan_media = PlanMedia::default();
    let mut value: HashMap<(MediaKind, String), String> = HashMap::new();
    for (key, c) in &contents {
        let lock_paths: Vec<PathBuf> = c.locks.iter().cloned().collect();
        if let Some(a) = found.get(key) {
            value.insert(key.clone(), a.id.clone());
            plan_media.known.push(KnownMedia {
                kind: c.kind,
                sha256: c.digest.sha256.clone(),
                md5: c.digest.md5.clone(),
                id: a.id.clone(),
                file_name: a.file_name.clone(),
                locks: lock_paths,
            });
        } else {
            let placeholder = format!("(upload {})", c.path.display());
            value.insert(key.clone(), placeholder.clone());
            plan_media.uploads.push(Upload {
                kind: c.kind,
                path: c.path.clone(),
                size: c.digest.size,
                sha256: c.digest.sha256.clone(),
                md5: c.digest.md5.clone(),
                file_name: c.name(),
                mime: c.digest.mime.to_owned(),
                placeholder,
                replaces: candidates(c).into_iter().next(),
                locks: lock_paths,
            });
        }
    }

    plan_media.uploads.sort_by(|a, b| a.path.cmp(&b.path));
    let resolved = campaigns
        .iter()
        .map(|(spec, c)| {
            // Every file of every ad, deleted or not: what `substitute` replaces.
            if media::in_campaign(c).is_empty() {
                return Cow::Borrowed(*c);
            }
            let id_of = |kind: MediaKind, written: &Sp<String>| -> Sp<String> {
                let key = media::locate(spec, written)
                    .ok()
                    .and_then(|p| value_of_path.get(&(kind, p)))
                    .and_then(|k| value.get(k));
                Sp::at(key.cloned().unwrap_or_default(), written.pos)
            };
            Cow::Owned(substitute(c, &id_of))
        })
        .collect();
    Ok(Resolved {
        campaigns: resolved,
        media: plan_media,
    })
}

/// The files of the ads the spec keeps: an ad, ad group or campaign it deletes
/// needs no upload.
fn wanted(c: &Campaign) -> Vec<media::MediaRef<'_>> {
    let deleted = |s: Option<&Sp<crate::spec::enums::Status>>| {
        s.is_some_and(|s| s.value == crate::spec::enums::Status::Deleted)
    };
    if deleted(c.status.as_ref()) {
        return Vec::new();
    }
    c.ad_groups
        .iter()
        .filter(|g| !deleted(g.status.as_ref()))
        .flat_map(|g| g.ads.iter())
        .filter(|a| !deleted(a.status.as_ref()))
        .flat_map(media::in_ad)
        .collect()
}

/// The contents (kind and SHA-256) the campaigns' files hold now, read locally: a
/// saved plan is stale when they are not the ones it was made with.
pub async fn contents(
    campaigns: &[(&Path, &Campaign)],
) -> Result<BTreeSet<(MediaKind, String)>, AssetsError> {
    let mut paths = BTreeSet::new();
    for (spec, c) in campaigns {
        for r in wanted(c) {
            if let Ok(p) = media::locate(spec, r.path) {
                paths.insert((r.kind, p));
            }
        }
    }
    let digests = digest_all(paths.into_iter().collect()).await?;
    Ok(digests
        .into_iter()
        .map(|((kind, _), d)| (kind, d.sha256))
        .collect())
}

/// The contents a plan was made with.
pub fn planned_contents(media: &PlanMedia) -> BTreeSet<(MediaKind, String)> {
    media
        .uploads
        .iter()
        .map(|u| (u.kind, u.sha256.clone()))
        .chain(media.known.iter().map(|k| (k.kind, k.sha256.clone())))
        .collect()
}

/// Whether an asset holds this content (an answer without a signature is trusted).
pub(super) fn same_content(a: &remote::Asset, d: &Digest) -> bool {
    a.signature.is_empty() || a.signature == d.md5
}

/// Looks an upload up by its content name; images also by their MD5 (TikTok keeps
/// one image per content). `images` caches the image list across calls.
pub(super) async fn find_by_name(
    client: &Client,
    advertiser: &str,
    kind: MediaKind,
    name: &str,
    digest: &Digest,
    images: &mut Option<Vec<remote::Asset>>,
) -> Result<Option<remote::Asset>, ApiError> {
    match kind {
        MediaKind::Video => {
            let hits = remote::search_videos(client, advertiser, name).await?;
            Ok(hits
                .into_iter()
                .find(|a| a.file_name == name && same_content(a, digest)))
        }
        MediaKind::Image => {
            if images.is_none() {
                *images = Some(remote::all_images(client, advertiser).await?);
            }
            let all = images.as_deref().unwrap_or_default();
            Ok(all
                .iter()
                .find(|a| a.file_name == name && same_content(a, digest))
                .or_else(|| all.iter().find(|a| a.signature == digest.md5))
                .cloned())
        }
    }
}

/// Hashes every file, a few at once, off the async threads.
async fn digest_all(
    paths: Vec<(MediaKind, PathBuf)>,
) -> Result<HashMap<(MediaKind, PathBuf), Digest>, AssetsError> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(paths.len().max(1));
    let chunk = paths.len().div_ceil(workers).max(1);
    let mut tasks = Vec::new();
    for part in paths.chunks(chunk) {
        let part = part.to_vec();
        tasks.push(tokio::task::spawn_blocking(move || {
            part.into_iter()
                .map(|(kind, path)| {
                    let d = local::digest(&path, kind);
                    ((kind, path), d)
                })
                .collect::<Vec<_>>()
        }));
    }
    let mut out = HashMap::new();
    for t in tasks {
        let done = t.await.map_err(|e| AssetsError::Internal(e.to_string()))?;
        for ((kind, path), d) in done {
            let d = d.map_err(|cause| AssetsError::File {
                path: path.clone(),
                cause,
            })?;
            out.insert((kind, path), d);
        }
    }
    Ok(out)
}

/// The campaign with each file replaced by what `id_of` gives.
pub fn substitute(c: &Campaign, id_of: &dyn Fn(MediaKind, &Sp<String>) -> Sp<String>) -> Campaign {
    let mut c = c.clone();
    for g in &mut c.ad_groups.value {
        for a in &mut g.ads.value {
            for creative in &mut a.creatives.value {
                if let Some(video) = creative.value.video.as_mut() {
                    let cover_is_file = video.cover_is_file();
                    if let Some(file) = video.value.file.take() {
                        video.value.id = Some(id_of(MediaKind::Video, &file));
                    }
                    if cover_is_file && let Some(cover) = video.value.cover.as_ref() {
                        video.value.cover = Some(id_of(MediaKind::Image, cover));
                    }
                }
                if let Some(car) = creative.value.carousel.as_mut()
                    && let Some(files) = car.value.files.take()
                {
                    car.value.images = Sp::at(
                        files.iter().map(|f| id_of(MediaKind::Image, f)).collect(),
                        files.pos,
                    );
                }
            }
        }
    }
    c
}
