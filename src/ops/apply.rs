//! `apply`: make a plan (or check a saved one) and carry it out, safely next to other
//! runs of the same specs.
//!
//! What was shown (on screen, or in a saved plan) is a commitment: right before the
//! first write the plan is derived again from the specs and a fresh read of the
//! account, and only that re-derived plan is carried out, when it asks for nothing
//! the shown one did not (`plan::commitment`). After the writes the dedupe pass
//! looks for copies other runs made; when one of ours lost, what is left is planned
//! again under the survivor and carried out, a few rounds at most.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::Error;
use super::specs::Specs;
use super::target::Target;
use crate::apply::{self, ExecOptions, Made, Report, Reporter, Skip, StepError, StepResult};
use crate::assets::{UploadReport, UploadReporter, UploadResult};
use crate::plan::commitment::{self, Verdict};
use crate::plan::model::KnownMedia;
use crate::plan::saved::{self, SavedPlan, Stale, TargetLabel};
use crate::plan::{Action, Options, Plan, Selection};

/// Rounds of plan, write and dedupe before a run gives up on other runs that keep
/// changing the same objects.
const MAX_ROUNDS: usize = 4;

/// A plan ready to be carried out, as it was shown.
#[derive(Debug)]
pub struct Ready {
    /// The plan as shown: printed before the question, or as saved.
    pub plan: Plan,
    /// The target the plan names.
    pub label: TargetLabel,
    /// The plan's clock: re-derivations use it, so that their requests are the
    /// ones shown (a schedule "from now" starts when the plan was made).
    now: jiff::Timestamp,
    selection: Selection,
    /// The plan derived from the account as it is now, when that read was just made.
    fresh: Option<Plan>,
}

impl Ready {
    /// The run waited after showing the plan (for an answer): the account is read
    /// again before the first write.
    pub fn waited(&mut self) {
        self.fresh = None;
    }

    /// The account already has every change the plan shows (made by another run,
    /// or by an earlier apply of this plan).
    pub fn already_applied(&self) -> bool {
        self.plan.has_changes() && self.fresh.as_ref().is_some_and(|f| !f.has_changes())
    }
}

/// Plans now, for an apply that asks (or was told) to go ahead.
pub async fn plan(target: &Target, specs: &Specs, selection: &Selection) -> Result<Ready, Error> {
    let planned = super::plan::plan(target, specs, selection).await?;
    Ok(Ready {
        fresh: Some(planned.plan.clone()),
        plan: planned.plan,
        label: planned.label,
        now: planned.clock,
        selection: selection.clone(),
    })
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
    // The version first, so an older plan is named as such rather than as broken.
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes)
        && let Some(found) = v.get("format_version").and_then(serde_json::Value::as_u64)
        && found != u64::from(saved::FORMAT_VERSION)
    {
        return Err(Error::SavedPlanVersion {
            path: path.to_owned(),
            found: u32::try_from(found).unwrap_or(u32::MAX),
        });
    }
    let saved: SavedPlan =
        serde_json::from_slice(&bytes).map_err(|cause| Error::NotASavedPlan {
            path: path.to_owned(),
            cause,
        })?;
    Ok(saved)
}

/// The plan derived again from the specs and a fresh read of the account, on the
/// shown plan's clock.
async fn derive(
    target: &Target,
    specs: &Specs,
    selection: &Selection,
    now: jiff::Timestamp,
) -> Result<(Plan, crate::account::Snapshot), Error> {
    let opts = Options {
        now,
        ..specs.options(selection, target)
    };
    let desired = specs.selected(selection)?;
    super::plan::read_and_plan(target, specs, &desired, &opts).await
}

/// Checks a saved plan against the specs, the target and the account as they are
/// now: it goes ahead only when re-deriving it gives the plan it shows, or what is
/// left of it; an edited file or a changed account is refused, naming what differs.
pub async fn check_saved(target: &Target, specs: &Specs, saved: SavedPlan) -> Result<Ready, Error> {
    specs.check_prune(&saved.options)?;
    // Expiry is the file's age, by the wall clock.
    saved.check_offline(
        jiff::Timestamp::now(),
        &target.label(),
        &target.advertiser_id,
        &specs.hash(),
    )?;
    if saved.plan.refused() {
        // Shown with its reasons and never carried out, whatever the account holds.
        return Ok(Ready {
            plan: saved.plan,
            label: saved.target,
            now: saved.clock,
            selection: saved.options,
            fresh: None,
        });
    }
    // The specs are as they were (their hash); their media files must be too.
    let desired = specs.selected(&saved.options)?;
    let now = crate::assets::resolve::contents(&super::plan::sources(specs, &desired)).await?;
    if now != crate::assets::resolve::planned_contents(&saved.plan.media) {
        return Err(Error::MediaChanged);
    }
    let (fresh, snapshot) = derive(target, specs, &saved.options, saved.clock).await?;
    let verdict = commitment::check(&saved.plan, &fresh);
    if !saved.seal_holds() {
        let lines = match verdict {
            Verdict::Differs(lines) => lines,
            Verdict::Holds { .. } => vec![
                "the file does not match its seal: a part other than the changes (its times, options or paths) was edited".into(),
            ],
        };
        return Err(Stale::Edited(lines).into());
    }
    if let Verdict::Differs(lines) = verdict {
        // Which objects were touched, then what that does to the plan.
        let mut all = match saved.check_live(&saved::fingerprints(&snapshot.live)) {
            Err(Stale::Live(touched)) => touched,
            _ => Vec::new(),
        };
        all.extend(lines);
        return Err(Stale::Live(all).into());
    }
    Ok(Ready {
        plan: saved.plan,
        label: saved.target,
        now: saved.clock,
        selection: saved.options,
        fresh: Some(fresh),
    })
}

/// How to carry a plan out.
#[derive(Clone, Copy, Debug)]
pub struct Execution {
    /// Steps in flight at once.
    pub parallelism: usize,
    /// After a failure, go on with everything that does not depend on it.
    pub keep_going: bool,
}

/// What an apply did, per change of the shown plan.
#[derive(Debug, Default)]
pub struct Applied {
    /// Per upload of the shown plan, in its order.
    pub uploads: UploadReport,
    /// Results index the shown plan's changes.
    pub report: Report,
    /// Why the run stopped before the end rather than risk a copy or an edit
    /// nobody saw: what changed under it.
    pub stopped: Option<Vec<String>>,
}

/// Records in the lock files what the plan found already in the account (an apply
/// with nothing to change still remembers it); returns the lock files it could not
/// write.
pub async fn remember(target: &Target, ready: &Ready) -> Vec<String> {
    crate::assets::upload::remember(&target.advertiser_id, &ready.plan.media.known).await
}

/// Carries the plan out: in each round its uploads first, then its changes with the
/// uploads' ids in place (a change that needs an upload that failed is skipped);
/// `cancel` stops new work, steps in flight finish.
///
/// Fails before any write when the account no longer gives the plan that was shown.
pub async fn execute(
    target: &Target,
    specs: &Specs,
    ready: &Ready,
    how: Execution,
    reporter: Arc<dyn Reporter>,
    uploads: Arc<dyn UploadReporter>,
    cancel: Arc<AtomicBool>,
) -> Result<Applied, Error> {
    let mut run = Run::new(ready);
    let mut fresh = ready.fresh.clone();
    // Whether the run reached an account that needs nothing more from it.
    let mut settled = false;
    for round in 0..MAX_ROUNDS {
        let plan = match fresh.take() {
            Some(plan) => plan,
            None => match derive(target, specs, &ready.selection, ready.now).await {
                Ok((plan, _)) => plan,
                Err(e) if round == 0 => return Err(e),
                Err(e) => {
                    run.stopped = Some(vec![format!("could not read the account again: {e}")]);
                    break;
                }
            },
        };
        let done = match commitment::check(&ready.plan, &plan) {
            Verdict::Holds { done } => done,
            Verdict::Differs(lines) if round == 0 => return Err(Error::Changed(lines)),
            // Two live copies of one object, seen while another run is still
            // resolving its own: look again once that run has had its dedupe pass.
            Verdict::Differs(_) if only_copies_in_flight(&plan) => {
                tokio::time::sleep(dedupe_after(target)).await;
                continue;
            }
            Verdict::Differs(lines) => {
                run.stopped = Some(lines);
                break;
            }
        };
        run.found_done(&plan, &done, reporter.as_ref());
        run.known.clone_from(&plan.media.known);
        if !plan.has_changes() {
            settled = true;
            break;
        }
        // The files the changes name first, each once (a file another run uploaded
        // is found by its content name); then the changes, with their ids in place.
        let uploaded = crate::assets::upload::run(
            &target.client,
            &target.advertiser_id,
            &plan,
            how.parallelism,
            uploads.clone(),
            cancel.clone(),
        )
        .await;
        let (filled, blocked) = crate::assets::upload::fill_in(&plan, &uploaded);
        run.uploaded(&plan, uploaded);
        let opts = ExecOptions {
            parallelism: how.parallelism,
            keep_going: how.keep_going,
            generations: run.generations.clone(),
            started: target.now(),
            settle_waits: apply::settle::WAITS.to_vec(),
        };
        let report = apply::execute(
            &target.client,
            &target.advertiser_id,
            &filled,
            &opts,
            reporter.clone(),
            cancel.clone(),
        )
        .await;
        let stop =
            report.cancelled || report.failed() > 0 || report.skipped() > 0 || !blocked.is_empty();
        run.record(&plan, report);
        run.blocked(&plan, blocked, reporter.as_ref());
        // Dedupe even after a failure or an interrupt: no copy is left behind.
        match apply::dedupe(
            &target.client,
            &target.advertiser_id,
            &run.made,
            dedupe_after(target),
        )
        .await
        {
            Ok(found) => {
                settled = !found.moved();
                run.deduped(found, reporter.as_ref());
            }
            Err(e) => {
                run.stopped = Some(vec![format!(
                    "could not look for copies made by other runs: {e}; run `smartplus plan` to check the account"
                )]);
                break;
            }
        }
        if stop || settled {
            // A failure or an interrupt ends the run; the summary says so.
            settled = true;
            break;
        }
    }
    if !settled && run.stopped.is_none() {
        run.stopped = Some(vec![format!(
            "other runs kept changing these objects for {MAX_ROUNDS} rounds"
        )]);
    }
    Ok(run.finish(ready, reporter.as_ref()))
}

/// Whether all that refuses a re-derived plan is objects with two live copies
/// (SP308): what overlapping runs leave for a second or two.
fn only_copies_in_flight(plan: &Plan) -> bool {
    let mut errors = plan
        .all_findings()
        .filter(|f| f.severity == crate::spec::Severity::Error)
        .peekable();
    errors.peek().is_some()
        && errors.all(|f| f.code == crate::plan::rules::sp308_duplicate_live_name::INFO.code)
}

/// How long after its last create a run looks for copies. The local sandbox runs in
/// this process: no other run can write to it, so there is nothing to wait for.
fn dedupe_after(target: &Target) -> std::time::Duration {
    match target.kind {
        super::target::TargetKind::Sandbox { .. } => std::time::Duration::ZERO,
        super::target::TargetKind::Api { .. } => {
            std::time::Duration::from_millis(crate::facts::DEDUPE_AFTER_MS)
        }
    }
}

/// The state of an apply across its rounds, by index into the shown plan.
struct Run<'a> {
    shown: &'a Plan,
    by_key: HashMap<&'a str, usize>,
    results: BTreeMap<usize, StepResult>,
    /// Changes whose object (made by us) did not survive: found again, they were
    /// made by another run.
    lost: HashSet<usize>,
    made: Vec<Made>,
    generations: HashMap<String, u32>,
    /// Each CTA portfolio of the shown plan, by index: its id, or why there is none.
    portfolios: BTreeMap<usize, Result<String, StepError>>,
    /// Each upload of the shown plan, once it ran.
    uploads: Vec<Option<UploadResult>>,
    lock_errors: Vec<String>,
    /// Files the last re-derivation found in the account.
    known: Vec<KnownMedia>,
    cancelled: bool,
    stopped: Option<Vec<String>>,
}

impl<'a> Run<'a> {
    fn new(ready: &'a Ready) -> Run<'a> {
        Run {
            shown: &ready.plan,
            by_key: ready
                .plan
                .changes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.key.as_str(), i))
                .collect(),
            results: BTreeMap::new(),
            lost: HashSet::new(),
            made: Vec::new(),
            generations: HashMap::new(),
            portfolios: BTreeMap::new(),
            uploads: vec![None; ready.plan.media.uploads.len()],
            lock_errors: Vec::new(),
            known: Vec::new(),
            cancelled: false,
            stopped: None,
        }
    }

    /// Shown changes the account already has: made by another run (or by ours,
    /// earlier in this run).
    fn found_done(&mut self, fresh: &Plan, done: &[usize], reporter: &dyn Reporter) {
        for &i in done {
            let ours = self.results.contains_key(&i) && !self.lost.contains(&i);
            if ours {
                continue;
            }
            let shown = &self.shown.changes[i];
            let id = fresh
                .changes
                .iter()
                .find(|c| c.key == shown.key)
                .and_then(|c| c.id.clone());
            if let Some(StepResult::CreatedByOther { id: known, .. }) = self.results.get(&i)
                && Some(known) == id.as_ref()
            {
                // Already reported with this survivor.
                self.lost.remove(&i);
                continue;
            }
            let result = match (shown.action, id) {
                (Action::Create | Action::Replace, Some(id)) => {
                    let removed = match self.results.get(&i) {
                        Some(StepResult::CreatedByOther { removed, .. }) => removed.clone(),
                        Some(StepResult::Created { id } | StepResult::Replaced { new: id, .. }) => {
                            Some(id.clone())
                        }
                        _ => None,
                    };
                    StepResult::CreatedByOther { id, removed }
                }
                _ => StepResult::AlreadyDone,
            };
            if self.results.contains_key(&i) {
                reporter.revised(shown, &result);
            } else {
                reporter.finished(shown, &result);
            }
            self.lost.remove(&i);
            self.results.insert(i, result);
        }
    }

    /// One round's results, moved onto the shown plan's indices.
    fn record(&mut self, fresh: &Plan, report: Report) {
        let to_shown = |fi: usize| {
            fresh
                .changes
                .get(fi)
                .and_then(|c| self.by_key.get(c.key.as_str()).copied())
        };
        self.cancelled |= report.cancelled;
        for (fi, result) in report.results {
            if let Some(i) = to_shown(fi) {
                self.lost.remove(&i);
                self.results.insert(i, result);
            }
        }
        for mut m in report.made {
            if let Some(i) = to_shown(m.change) {
                m.change = i;
                self.made.push(m);
            }
        }
        for (fi, result) in report.portfolios {
            let shown = fresh.portfolios.get(fi).and_then(|p| {
                self.shown
                    .portfolios
                    .iter()
                    .position(|s| s.calls_to_action == p.calls_to_action)
            });
            if let Some(i) = shown {
                self.portfolios.insert(i, result);
            }
        }
    }

    /// One round's uploads, moved onto the shown plan's (by content).
    fn uploaded(&mut self, fresh: &Plan, report: UploadReport) {
        for (u, r) in fresh.media.uploads.iter().zip(report.results) {
            let shown = self.shown.media.uploads.iter().position(|s| {
                s.placeholder == u.placeholder || (s.kind == u.kind && s.sha256 == u.sha256)
            });
            if let Some(slot) = shown.and_then(|j| self.uploads.get_mut(j))
                && slot.as_ref().and_then(UploadResult::id).is_none()
            {
                *slot = Some(r);
            }
        }
        for e in report.lock_errors {
            if !self.lock_errors.contains(&e) {
                self.lock_errors.push(e);
            }
        }
    }

    /// Changes held back because a file they name was not uploaded.
    fn blocked(&mut self, fresh: &Plan, blocked: Vec<(usize, String)>, reporter: &dyn Reporter) {
        for (fi, file) in blocked {
            let Some(i) = fresh
                .changes
                .get(fi)
                .and_then(|c| self.by_key.get(c.key.as_str()).copied())
            else {
                continue;
            };
            let result = StepResult::Skipped {
                reason: Skip::UploadFailed { file },
            };
            reporter.finished(&self.shown.changes[i], &result);
            self.results.insert(i, result);
        }
    }

    /// What the dedupe pass found: lost copies become "made by another run",
    /// objects that vanished are looked for again in the next round.
    fn deduped(&mut self, settled: apply::Deduped, reporter: &dyn Reporter) {
        let mut forget: HashSet<usize> = HashSet::new();
        for lost in settled.lost {
            let result = StepResult::CreatedByOther {
                id: lost.survivor,
                removed: lost.removed,
            };
            reporter.revised(&self.shown.changes[lost.change], &result);
            self.results.insert(lost.change, result);
            self.lost.insert(lost.change);
            forget.insert(lost.change);
        }
        for i in settled.orphaned {
            self.lost.insert(i);
            forget.insert(i);
        }
        for i in settled.vanished {
            self.lost.insert(i);
            forget.insert(i);
            // Its key may be spent on the deleted object: the next create needs a
            // fresh one.
            *self
                .generations
                .entry(self.shown.changes[i].key.clone())
                .or_default() += 1;
        }
        for (i, id) in &settled.removed {
            reporter.copy_removed(&self.shown.changes[*i], id);
        }
        for (i, error) in settled.left {
            let result = StepResult::Failed { error };
            reporter.revised(&self.shown.changes[i], &result);
            self.results.insert(i, result);
        }
        self.made.retain(|m| !forget.contains(&m.change));
    }

    /// Every shown change's result; what never ran is skipped, with the reason.
    fn finish(mut self, ready: &Ready, reporter: &dyn Reporter) -> Applied {
        let reason = if self.cancelled {
            Skip::Interrupted
        } else if self.stopped.is_some() {
            Skip::AccountChanged
        } else {
            Skip::StoppedAfterFailure
        };
        let mut results = Vec::new();
        for (i, c) in ready.plan.changes.iter().enumerate() {
            if c.action == Action::Unchanged {
                if let Some(r) = self.results.remove(&i) {
                    results.push((i, r));
                }
                continue;
            }
            let r = self.results.remove(&i).unwrap_or_else(|| {
                let r = StepResult::Skipped {
                    reason: reason.clone(),
                };
                reporter.finished(c, &r);
                r
            });
            results.push((i, r));
        }
        // An upload this run never sent is in the account when another run made it.
        let known = &self.known;
        let uploads = UploadReport {
            results: self
                .uploads
                .into_iter()
                .zip(&ready.plan.media.uploads)
                .map(|(r, u)| {
                    r.unwrap_or_else(|| {
                        known
                            .iter()
                            .find(|k| k.kind == u.kind && k.sha256 == u.sha256)
                            .map_or(UploadResult::Interrupted, |k| UploadResult::Found {
                                id: k.id.clone(),
                            })
                    })
                })
                .collect(),
            lock_errors: self.lock_errors,
        };
        Applied {
            uploads,
            report: Report {
                results,
                portfolios: self.portfolios.into_iter().collect(),
                cancelled: self.cancelled,
                made: self.made,
            },
            stopped: self.stopped,
        }
    }
}
