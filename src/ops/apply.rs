//! `apply`: make a plan (or check a saved one) and carry it out.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::Error;
use super::specs::Specs;
use super::target::Target;
use crate::apply::{self, ExecOptions, Report, Reporter, Skip, StepResult};
use crate::assets::{UploadReport, UploadReporter};
use crate::plan::saved::{self, SavedPlan, TargetLabel};
use crate::plan::{Options, Plan, Selection};

/// A plan ready to be carried out, as it was shown.
#[derive(Debug)]
pub struct Ready {
    pub plan: Plan,
    /// The target the plan names.
    pub label: TargetLabel,
    /// Seeds the idempotency keys of creates.
    seed: String,
}

impl Ready {
    fn new(plan: Plan, label: TargetLabel, advertiser_id: &str, made: jiff::Timestamp) -> Ready {
        Ready {
            plan,
            label,
            seed: format!("{advertiser_id}:{}", made.as_millisecond()),
        }
    }
}

/// Plans now, for an apply that asks (or was told) to go ahead.
pub async fn plan(target: &Target, specs: &Specs, selection: &Selection) -> Result<Ready, Error> {
    let planned = super::plan::plan(target, specs, selection).await?;
    Ok(Ready::new(
        planned.plan,
        planned.saved.target,
        &planned.saved.advertiser_id,
        planned.saved.created_at,
    ))
}

/// Largest saved plan read (a plan for a very large account is a few MiB).
pub const MAX_SAVED_PLAN_BYTES: u64 = 64 << 20;

/// Reads a saved plan (`plan --out`): a regular file, at most
/// [`MAX_SAVED_PLAN_BYTES`].
pub fn read_saved(path: &Path) -> Result<SavedPlan, Error> {
    let bytes = crate::files::read_regular(path, MAX_SAVED_PLAN_BYTES).map_err(|cause| {
        Error::SavedPlanRead {
            path: path.to_owned(),
            cause,
        }
    })?;
    let saved: SavedPlan =
        serde_json::from_slice(&bytes).map_err(|cause| Error::NotASavedPlan {
            path: path.to_owned(),
            cause,
        })?;
    if saved.format_version != saved::FORMAT_VERSION {
        return Err(Error::SavedPlanVersion {
            path: path.to_owned(),
            found: saved.format_version,
        });
    }
    Ok(saved)
}

/// Checks a saved plan against the specs, the target and the account as they are
/// now; refuses it when anything changed since it was made.
pub async fn check_saved(target: &Target, specs: &Specs, saved: SavedPlan) -> Result<Ready, Error> {
    let opts = Options {
        selection: saved.options.clone(),
        now: target.now(),
        movable_clock: target.is_sandbox(),
    };
    specs.check_prune(&opts.selection)?;
    let desired = specs.selected(&opts.selection)?;
    // Expiry is the file's age, by the wall clock.
    saved.check_offline(
        jiff::Timestamp::now(),
        &target.label(),
        &target.advertiser_id,
        &specs.hash(),
    )?;
    let snapshot = crate::account::read(
        &target.client,
        &target.advertiser_id,
        &desired,
        opts.selection.prunes_campaigns(),
    )
    .await?;
    saved.check_live(&saved::fingerprints(&snapshot.live))?;
    // The specs are as they were; their media files must be too.
    let now = crate::assets::resolve::contents(&super::plan::sources(specs, &desired)).await?;
    if now != crate::assets::resolve::planned_contents(&saved.plan.media) {
        return Err(Error::MediaChanged);
    }
    Ok(Ready::new(
        saved.plan,
        saved.target,
        &saved.advertiser_id,
        saved.created_at,
    ))
}

/// How to carry a plan out.
#[derive(Clone, Copy, Debug)]
pub struct Execution {
    /// Steps in flight at once.
    pub parallelism: usize,
    /// After a failure, go on with everything that does not depend on it.
    pub keep_going: bool,
}

/// What an apply did: its uploads, then its changes.
#[derive(Debug, Default)]
pub struct Applied {
    pub uploads: UploadReport,
    pub report: Report,
}

/// Records in the lock files what the plan found already in the account (an apply
/// with nothing to change still remembers it); returns the lock files it could not
/// write.
pub async fn remember(target: &Target, ready: &Ready) -> Vec<String> {
    crate::assets::upload::remember(&target.advertiser_id, &ready.plan.media.known).await
}

/// Carries the plan out: its uploads first, then its changes with the uploads' ids
/// in place (a change that needs an upload that failed is skipped); `cancel` stops
/// new work, steps in flight finish.
pub async fn execute(
    target: &Target,
    ready: &Ready,
    how: Execution,
    reporter: Arc<dyn Reporter>,
    uploads: Arc<dyn UploadReporter>,
    cancel: Arc<AtomicBool>,
) -> Applied {
    let made = crate::assets::upload::run(
        &target.client,
        &target.advertiser_id,
        &ready.plan,
        how.parallelism,
        uploads,
        cancel.clone(),
    )
    .await;
    let (plan, blocked) = crate::assets::upload::fill_in(&ready.plan, &made);
    let opts = ExecOptions {
        parallelism: how.parallelism,
        keep_going: how.keep_going,
        seed: ready.seed.clone(),
        started: target.now(),
        settle_waits: crate::apply::settle::WAITS.to_vec(),
    };
    let mut report = apply::execute(
        &target.client,
        &target.advertiser_id,
        &plan,
        &opts,
        reporter.clone(),
        cancel,
    )
    .await;
    for (i, file) in blocked {
        let result = StepResult::Skipped {
            reason: Skip::UploadFailed { file },
        };
        reporter.finished(&ready.plan.changes[i], &result);
        report.results.push((i, result));
    }
    report.results.sort_by_key(|(i, _)| *i);
    Applied {
        uploads: made,
        report,
    }
}
