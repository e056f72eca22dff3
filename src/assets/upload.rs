//! Apply time: the plan's uploads, several at once (the client's pacing holds them
//! to the rate limit), each recorded in its lock files as soon as it is made, so a
//! run stopped halfway keeps what it did. Then every create and update body gets
//! the new ids in place of its placeholders.
//!
//! Nothing is uploaded twice: the file is hashed again first (a file changed since
//! the plan is refused); an answer lost in transit, or TikTok's "Duplicated material
//! name" (40911), is resolved by finding the upload by its content name, and the
//! upload is sent again only when it is not there.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;
use tokio::task::JoinSet;

use super::local;
use super::lock::{self, Entry};
use super::resolve::find_by_name;
use crate::api::media::{self as remote, LocalFile, Media};
use crate::api::{ApiError, Client};
use crate::plan::Plan;
use crate::plan::model::{Action, KnownMedia, Upload};
use crate::spec::media::MediaKind;

/// Progress callbacks for uploads; the CLI shows them as byte bars or log lines.
pub trait UploadReporter: Send + Sync {
    fn started(&self, _upload: &Upload) {}
    /// Bytes of the file sent so far (a retried upload starts again from 0).
    fn progress(&self, _upload: &Upload, _sent: u64) {}
    fn finished(&self, upload: &Upload, result: &UploadResult);
}

/// What happened to one upload.
#[derive(Clone, Debug)]
pub enum UploadResult {
    /// Uploaded now.
    Uploaded {
        id: String,
    },
    /// Already in the account under its content name (an earlier answer was lost,
    /// or another machine uploaded it): not sent again.
    Found {
        id: String,
    },
    Failed {
        error: UploadError,
    },
    /// The run was stopped before it started.
    Interrupted,
}

impl UploadResult {
    pub fn id(&self) -> Option<&str> {
        match self {
            UploadResult::Uploaded { id } | UploadResult::Found { id } => Some(id),
            _ => None,
        }
    }
}

/// Why an upload failed.
#[derive(Clone, Debug, thiserror::Error)]
pub enum UploadError {
    #[error(transparent)]
    Api(Arc<ApiError>),
    #[error("the file changed since the plan was made; plan again")]
    Changed,
    #[error("cannot read the file: {0}")]
    File(String),
    #[error(
        "the name `{0}` is taken in the account by a different file; rename or remove that asset in Ads Manager"
    )]
    NameTaken(String),
    #[error("the upload's answer was lost and it is not in the account: try apply again")]
    Lost,
}

/// What the upload phase did.
#[derive(Debug, Default)]
pub struct UploadReport {
    /// Per upload of the plan, in plan order.
    pub results: Vec<UploadResult>,
    /// Lock files that could not be written (the uploads stand; the next run finds
    /// them by name).
    pub lock_errors: Vec<String>,
}

impl UploadReport {
    pub fn failed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| {
                !matches!(
                    r,
                    UploadResult::Uploaded { .. } | UploadResult::Found { .. }
                )
            })
            .count()
    }
}

fn wire(kind: MediaKind) -> Media {
    match kind {
        MediaKind::Video => Media::Video,
        MediaKind::Image => Media::Image,
    }
}

/// Records what the plan found in the account, then makes its uploads.
pub async fn run(
    client: &Client,
    advertiser: &str,
    plan: &Plan,
    parallelism: usize,
    reporter: Arc<dyn UploadReporter>,
    cancel: Arc<AtomicBool>,
) -> UploadReport {
    let mut report = UploadReport {
        lock_errors: remember(advertiser, &plan.media.known).await,
        ..UploadReport::default()
    };
    let writer = Arc::new(tokio::sync::Mutex::new(()));
    let mut results: Vec<Option<UploadResult>> = vec![None; plan.media.uploads.len()];
    let mut tasks = JoinSet::new();
    let mut next = 0;
    loop {
        while next < plan.media.uploads.len()
            && tasks.len() < parallelism.max(1)
            && !cancel.load(Ordering::SeqCst)
        {
            let u = plan.media.uploads[next].clone();
            let client = client.clone();
            let advertiser = advertiser.to_owned();
            let reporter = reporter.clone();
            let writer = writer.clone();
            let i = next;
            tasks.spawn(async move {
                reporter.started(&u);
                let result = one(&client, &advertiser, &u, reporter.clone()).await;
                let mut lock_error = None;
                if let Some(id) = result.id() {
                    let known = KnownMedia {
                        kind: u.kind,
                        sha256: u.sha256.clone(),
                        md5: u.md5.clone(),
                        id: id.to_owned(),
                        file_name: u.file_name.clone(),
                        locks: u.locks.clone(),
                    };
                    lock_error = record(&writer, &advertiser, &known).await.err();
                }
                reporter.finished(&u, &result);
                (i, result, lock_error)
            });
            next += 1;
        }
        let Some(joined) = tasks.join_next().await else {
            break;
        };
        match joined {
            Ok((i, result, lock_error)) => {
                results[i] = Some(result);
                report.lock_errors.extend(lock_error);
            }
            Err(e) => tracing::error!("an upload stopped unexpectedly: {e}"),
        }
    }
    report.results = results
        .into_iter()
        .zip(&plan.media.uploads)
        .map(|(r, u)| {
            r.unwrap_or_else(|| {
                let r = UploadResult::Interrupted;
                reporter.finished(u, &r);
                r
            })
        })
        .collect();
    report
}

/// Records files found in the account in their lock files; returns what could not
/// be written.
pub async fn remember(advertiser: &str, known: &[KnownMedia]) -> Vec<String> {
    let writer = tokio::sync::Mutex::new(());
    let mut errors = Vec::new();
    for k in known {
        if let Err(e) = record(&writer, advertiser, k).await {
            errors.push(e);
        }
    }
    errors
}

/// Writes one asset into its lock files, one writer at a time.
async fn record(
    writer: &tokio::sync::Mutex<()>,
    advertiser: &str,
    k: &KnownMedia,
) -> Result<(), String> {
    let entry = Entry {
        advertiser: advertiser.to_owned(),
        kind: k.kind,
        sha256: k.sha256.clone(),
        id: k.id.clone(),
        md5: k.md5.clone(),
        name: k.file_name.clone(),
    };
    let _held = writer.lock().await;
    for path in &k.locks {
        let path = path.clone();
        let entry = entry.clone();
        let written = tokio::task::spawn_blocking(move || lock::record(&path, &[entry])).await;
        match written {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(e.to_string()),
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(())
}

/// Attempts at one upload whose answer keeps getting lost.
const ATTEMPTS: usize = 3;

async fn one(
    client: &Client,
    advertiser: &str,
    u: &Upload,
    reporter: Arc<dyn UploadReporter>,
) -> UploadResult {
    let fail = |error| UploadResult::Failed { error };
    // The bytes sent must be the bytes planned.
    let path = u.path.clone();
    let kind = u.kind;
    let digest = match tokio::task::spawn_blocking(move || local::digest(&path, kind)).await {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => return fail(UploadError::File(e.to_string())),
        Err(e) => return fail(UploadError::File(e.to_string())),
    };
    if digest.sha256 != u.sha256 || digest.md5 != u.md5 {
        return fail(UploadError::Changed);
    }
    let file = LocalFile {
        path: u.path.clone(),
        size: digest.size,
        md5: digest.md5.clone(),
        file_name: u.file_name.clone(),
        mime: digest.mime,
    };
    let mut images = None;
    for _ in 0..ATTEMPTS {
        let progress: remote::Progress = {
            let reporter = reporter.clone();
            let u = u.clone();
            Arc::new(move |sent| reporter.progress(&u, sent))
        };
        match remote::upload(client, advertiser, wire(u.kind), &file, progress).await {
            Ok(a) => return UploadResult::Uploaded { id: a.id },
            Err(e)
                if e.outcome_unknown()
                    || e.return_code() == Some(crate::facts::DUPLICATE_MATERIAL_NAME) =>
            {
                let taken = !e.outcome_unknown();
                match find_by_name(
                    client,
                    advertiser,
                    u.kind,
                    &u.file_name,
                    &digest,
                    &mut images,
                )
                .await
                {
                    Ok(Some(a)) => return UploadResult::Found { id: a.id },
                    Ok(None) if taken => {
                        return fail(UploadError::NameTaken(u.file_name.clone()));
                    }
                    // Not there: the upload never happened; send it again.
                    Ok(None) => images = None,
                    Err(read) => return fail(UploadError::Api(Arc::new(read))),
                }
            }
            Err(e) => return fail(UploadError::Api(Arc::new(e))),
        }
    }
    fail(UploadError::Lost)
}

/// The plan with every placeholder replaced by its upload's id; changes that still
/// name an upload that failed are left out (their indices come back), so that no
/// body with a placeholder is ever sent.
pub fn fill_in(plan: &Plan, uploads: &UploadReport) -> (Plan, Vec<(usize, String)>) {
    let mut ids: HashMap<&str, &str> = HashMap::new();
    let mut failed: HashMap<&str, String> = HashMap::new();
    for (u, r) in plan.media.uploads.iter().zip(&uploads.results) {
        match r.id() {
            Some(id) => {
                ids.insert(u.placeholder.as_str(), id);
            }
            None => {
                failed.insert(u.placeholder.as_str(), u.path.display().to_string());
            }
        }
    }
    let mut out = plan.clone();
    let mut blocked = Vec::new();
    for (i, c) in out.changes.iter_mut().enumerate() {
        let mut missing = None;
        for body in [c.create.as_mut(), c.update.as_mut()].into_iter().flatten() {
            replace(body, &ids, &failed, &mut missing);
        }
        if let Some(file) = missing {
            c.action = Action::Unchanged;
            blocked.push((i, file));
        }
    }
    (out, blocked)
}

fn replace(
    v: &mut Value,
    ids: &HashMap<&str, &str>,
    failed: &HashMap<&str, String>,
    missing: &mut Option<String>,
) {
    match v {
        Value::String(s) => {
            if let Some(id) = ids.get(s.as_str()) {
                *s = (*id).to_owned();
            } else if let Some(file) = failed.get(s.as_str()) {
                missing.get_or_insert_with(|| file.clone());
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|x| replace(x, ids, failed, missing)),
        Value::Object(m) => m
            .values_mut()
            .for_each(|x| replace(x, ids, failed, missing)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::{Change, Kind, Media};
    use serde_json::json;

    fn upload(path: &str) -> Upload {
        Upload {
            kind: MediaKind::Video,
            path: path.into(),
            size: 1,
            sha256: "a".repeat(64),
            md5: "b".repeat(32),
            file_name: "aaaaaaaa-x.mp4".into(),
            mime: "video/mp4".into(),
            placeholder: format!("(upload {path})"),
            replaces: None,
            locks: Vec::new(),
        }
    }

    fn ad(key: &str, video: &str) -> Change {
        let mut c = Change::create(
            crate::plan::model::Place::campaign(key.into(), "c"),
            Kind::Ad,
            key,
            Vec::new(),
            json!({"creative_list": [{"creative_info": {"video_info": {"video_id": video}}}]}),
        );
        c.update = Some(
            json!({"creative_list": [{"creative_info": {"video_info": {"video_id": video}}}]}),
        );
        c
    }

    #[test]
    fn placeholders_become_ids_and_changes_waiting_on_a_failed_upload_are_held_back() {
        let plan = Plan {
            media: Media {
                uploads: vec![upload("a.mp4"), upload("b.mp4")],
                known: Vec::new(),
            },
            changes: vec![
                ad("a0", "(upload a.mp4)"),
                ad("a1", "(upload b.mp4)"),
                ad("a2", "v-kept"),
            ],
            ..Plan::default()
        };
        let report = UploadReport {
            results: vec![
                UploadResult::Uploaded { id: "v-new".into() },
                UploadResult::Failed {
                    error: UploadError::Lost,
                },
            ],
            lock_errors: Vec::new(),
        };
        let (filled, blocked) = fill_in(&plan, &report);
        let video = |c: &Change| {
            c.create.as_ref().expect("body")["creative_list"][0]["creative_info"]["video_info"]["video_id"].clone()
        };
        assert_eq!(video(&filled.changes[0]), json!("v-new"));
        assert_eq!(
            filled.changes[0].update.as_ref().expect("update")["creative_list"][0]["creative_info"]
                ["video_info"]["video_id"],
            json!("v-new")
        );
        assert_eq!(blocked, vec![(1, "b.mp4".to_owned())]);
        assert_eq!(filled.changes[1].action, Action::Unchanged, "never sent");
        assert_eq!(video(&filled.changes[2]), json!("v-kept"));
        assert_eq!(filled.changes[2].action, Action::Create);
        assert_eq!(report.failed(), 1);
    }
}
