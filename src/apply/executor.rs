//! Runs the steps of a plan against the API.
//!
//! Every create carries a key derived from what it creates (`request_id`); after a
//! campaign create the run looks for copies another run made at the same time and
//! keeps the one every run agrees on (`claim`). Ad groups and ads are checked in the
//! dedupe pass that follows the run (`dedupe`). An ad create refused while its new
//! ad group settles is tried again (`settle`); an ad group made "from now" gets its
//! start when the create is sent (`start`).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Map, Value};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::claim::{self, Claim};
use super::request_id::{self, Identity};
use super::steps::{self, Step};
use super::{portfolio, settle, start};
use crate::api::endpoints;
use crate::api::{ApiError, Client, Kind, OperationStatus};
use crate::plan::Plan;
use crate::plan::model::{Action, Change, NewPortfolio};

/// How to run.
#[derive(Clone, Debug, Default)]
pub struct ExecOptions {
    /// Steps in flight at once (the client's QPS pacing still applies).
    pub parallelism: usize,
    /// After a failure, go on with everything that does not depend on it.
    pub keep_going: bool,
    /// Key generation per change key, above 0 once a key was found spent on an
    /// object since deleted (see `request_id`).
    pub generations: HashMap<String, u32>,
    /// The target's time when the run starts: ad groups made "from now" start
    /// [`crate::wire::lower::start_now`] of the moment their create is sent.
    pub started: jiff::Timestamp,
    /// Waits before trying an ad create again while its new ad group settles
    /// ([`settle::WAITS`]; tests pass shorter ones).
    pub settle_waits: Vec<std::time::Duration>,
}

/// What happened to one change.
#[derive(Clone, Debug)]
pub enum StepResult {
    Created {
        id: String,
    },
    /// Another run made the object first: the run carried on with that one, and
    /// deleted the copy it had made itself (`removed`), if any.
    CreatedByOther {
        id: String,
        removed: Option<String>,
    },
    /// The account already had this change when the run came to it: another run
    /// made it.
    AlreadyDone,
    Replaced {
        old: String,
        new: String,
    },
    Updated,
    /// Nothing to send: the change happens through another ad group's bid update.
    Cascaded,
    StatusSet {
        status: OperationStatus,
    },
    Failed {
        error: StepError,
    },
    Skipped {
        reason: Skip,
    },
}

/// Why a step failed, with the API's own error (code, message, request id) kept.
#[derive(Clone, Debug, thiserror::Error)]
pub enum StepError {
    #[error(transparent)]
    Api(Arc<ApiError>),
    /// TikTok answered code 0 but named this object as not changed.
    #[error("{message}")]
    NotApplied { message: String },
    /// A create's answer was lost and reading the account back failed too.
    #[error(
        "the create's answer was lost and the account could not be read back ({read}); \
         run apply again: it re-reads the account first"
    )]
    Unresolved { read: Arc<ApiError> },
    /// The plan lacks what the step needs (a bug).
    #[error("{0}")]
    Plan(&'static str),
    /// Another run made a copy first, and ours could not be deleted.
    #[error(
        "another run made this object first (id {survivor}), and the copy this run made (id {ours}) could not be deleted: {cause}; pause or delete it"
    )]
    CopyLeft {
        survivor: String,
        ours: String,
        cause: String,
    },
    /// The key kept naming deleted objects.
    #[error("each create came back as an object that is deleted; run apply again")]
    KeySpent,
}

impl From<ApiError> for StepError {
    fn from(e: ApiError) -> Self {
        StepError::Api(Arc::new(e))
    }
}

/// Why a step did not run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Its parent was not made.
    ParentNotMade { kind: Kind, name: String },
    /// The run was interrupted before it started.
    Interrupted,
    /// An earlier failure stopped the run (`--keep-going` not given).
    StoppedAfterFailure,
    /// The account changed under the run in a way the plan did not show.
    AccountChanged,
    /// The CTA portfolio the ad lists could not be had.
    PortfolioNotMade,
    /// A file it names was not uploaded.
    UploadFailed { file: String },
}

impl StepResult {
    pub fn is_failure(&self) -> bool {
        matches!(self, StepResult::Failed { .. })
    }

    /// The id of the object this step stands for, when it made (or found) one.
    pub fn new_id(&self) -> Option<&str> {
        match self {
            StepResult::Created { id }
            | StepResult::CreatedByOther { id, .. }
            | StepResult::Replaced { new: id, .. } => Some(id),
            _ => None,
        }
    }
}

/// An object a run created or adopted, for the dedupe pass to look at again.
#[derive(Clone, Debug)]
pub struct Made {
    /// Index into the plan's changes.
    pub change: usize,
    pub kind: Kind,
    pub name: String,
    /// The parent's id (`None` for a campaign).
    pub parent: Option<String>,
    pub id: String,
    /// This run created it (else it adopted another run's).
    pub own: bool,
    /// When the create was answered.
    pub at: Instant,
}

/// Progress callbacks; the CLI turns them into bars or log lines.
pub trait Reporter: Send + Sync {
    fn started(&self, _change: &Change) {}
    fn finished(&self, change: &Change, result: &StepResult);
    /// A step already reported turned out otherwise once the run looked again (the
    /// dedupe pass found another run's copy first).
    fn revised(&self, change: &Change, result: &StepResult) {
        self.finished(change, result);
    }
    /// A later copy of the object `change` stands for was deleted (made by another
    /// run at the same time, or by a create whose answer was lost).
    fn copy_removed(&self, _change: &Change, _id: &str) {}
    /// A CTA portfolio was found or made (its id), or could not be.
    fn portfolio(&self, _portfolio: &NewPortfolio, _result: &Result<String, StepError>) {}
}

/// Every change's result, in plan order.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub results: Vec<(usize, StepResult)>,
    /// Each CTA portfolio of the plan, by index: its id, or why there is none.
    pub portfolios: Vec<(usize, Result<String, StepError>)>,
    pub cancelled: bool,
    /// What the run created or adopted.
    pub made: Vec<Made>,
}

impl Report {
    /// Failed steps, CTA portfolios included.
    pub fn failed(&self) -> usize {
        self.results.iter().filter(|(_, r)| r.is_failure()).count()
            + self.portfolios.iter().filter(|(_, r)| r.is_err()).count()
    }

    pub fn skipped(&self) -> usize {
        self.results
            .iter()
            .filter(|(_, r)| matches!(r, StepResult::Skipped { .. }))
            .count()
    }

    pub fn done(&self) -> usize {
        let failed = self.results.iter().filter(|(_, r)| r.is_failure()).count();
        self.results.len() - failed - self.skipped()
    }
}

#[derive(Clone, Debug)]
enum State {
    Pending,
    Running,
    Finished(StepResult),
}

/// Runs the plan. `cancel` stops new work; steps in flight finish.
pub async fn execute(
    client: &Client,
    advertiser_id: &str,
    plan: &Plan,
    opts: &ExecOptions,
    reporter: Arc<dyn Reporter>,
    cancel: Arc<AtomicBool>,
) -> Report {
    let steps = steps::build(plan);
    let mut state: Vec<State> = vec![State::Pending; steps.len()];
    let mut running = JoinSet::new();
    let (portfolios, mut stopping) =
        portfolios_first(client, advertiser_id, plan, opts, &*reporter, &cancel).await;
    let portfolio_ids: Arc<HashMap<String, String>> = Arc::new(
        portfolios
            .iter()
            .filter_map(|(i, r)| Some((plan.portfolios[*i].key.clone(), r.as_ref().ok()?.clone())))
            .collect(),
    );
    // An ad whose portfolio could not be had never starts.
    for (i, step) in steps.iter().enumerate() {
        let change = &plan.changes[step.change];
        if change
            .portfolio
            .as_ref()
            .is_some_and(|k| !portfolio_ids.contains_key(k))
            && !stopping
        {
            let result = StepResult::Skipped {
                reason: Skip::PortfolioNotMade,
            };
            reporter.finished(change, &result);
            state[i] = State::Finished(result);
        }
    }
    let parallelism = opts.parallelism.max(1);
    let plan_arc = Arc::new(plan.clone());
    let mut made = Vec::new();
    let since = std::time::Instant::now();
    loop {
        if cancel.load(Ordering::SeqCst) {
            stopping = true;
        }
        // Skip what can never run because something it needs failed.
        for i in 0..steps.len() {
            if !matches!(state[i], State::Pending) {
                continue;
            }
            if let Some(dep) = steps[i].deps.iter().find(|d| {
                matches!(&state[**d], State::Finished(r) if r.is_failure() || matches!(r, StepResult::Skipped { .. }))
            }) {
                let parent = &plan.changes[steps[*dep].change];
                let result = StepResult::Skipped {
                    reason: Skip::ParentNotMade {
                        kind: parent.kind,
                        name: parent.name.clone(),
                    },
                };
                reporter.finished(&plan.changes[steps[i].change], &result);
                state[i] = State::Finished(result);
            }
        }
        if !stopping {
            for i in 0..steps.len() {
                if running.len() >= parallelism {
                    break;
                }
                if !matches!(state[i], State::Pending) {
                    continue;
                }
                let ready = steps[i]
                    .deps
                    .iter()
                    .all(|d| matches!(&state[*d], State::Finished(r) if r.new_id().is_some()));
                if !ready {
                    continue;
                }
                let change = &plan.changes[steps[i].change];
                if matches!(change.action, Action::Pause | Action::Delete) {
                    // Status changes go out in batches of up to 20 ids per call.
                    let batch: Vec<usize> = (i..steps.len())
                        .filter(|j| {
                            matches!(state[*j], State::Pending) && steps[*j].deps.is_empty()
                        })
                        .filter(|j| {
                            let other = &plan.changes[steps[*j].change];
                            other.action == change.action
                                && other.kind == change.kind
                                && other.status == change.status
                        })
                        .take(crate::facts::MAX_BATCH_IDS)
                        .collect();
                    let changes: Vec<Change> = batch
                        .iter()
                        .map(|j| plan_arc.changes[steps[*j].change].clone())
                        .collect();
                    for (j, c) in batch.iter().zip(&changes) {
                        state[*j] = State::Running;
                        reporter.started(c);
                    }
                    let client = client.clone();
                    let advertiser = advertiser_id.to_string();
                    running.spawn(async move {
                        let results = set_status_batch(&client, &advertiser, &changes).await;
                        batch
                            .into_iter()
                            .zip(results)
                            .map(|(j, r)| (j, r, None))
                            .collect::<Vec<_>>()
                    });
                    continue;
                }
                let parent = parent_id(&steps, &state, i, change);
                state[i] = State::Running;
                let change = plan_arc.changes[steps[i].change].clone();
                reporter.started(&change);
                let client = client.clone();
                let advertiser = advertiser_id.to_string();
                let generation = opts.generations.get(&change.key).copied().unwrap_or(0);
                let index = steps[i].change;
                let now = opts.started + since.elapsed();
                let settle_waits = opts.settle_waits.clone();
                let portfolios = portfolio_ids.clone();
                running.spawn(async move {
                    let at = Creating {
                        client: &client,
                        advertiser: &advertiser,
                        change: &change,
                        parent: parent.id,
                        fresh_parent: parent.fresh,
                        generation,
                        now,
                        settle_waits: &settle_waits,
                        portfolios: &portfolios,
                    };
                    let (result, made) = run(&at, index).await;
                    vec![(i, result, made)]
                });
            }
        }
        let Some(joined) = running.join_next().await else {
            break;
        };
        let finished = match joined {
            Ok(x) => x,
            Err(e) => {
                // A panicking step is a bug; it must not take the others down silently.
                tracing::error!("a step stopped unexpectedly: {e}");
                continue;
            }
        };
        for (i, result, m) in finished {
            made.extend(m);
            reporter.finished(&plan.changes[steps[i].change], &result);
            if result.is_failure() && !opts.keep_going {
                stopping = true;
            }
            state[i] = State::Finished(result);
        }
    }
    let cancelled = cancel.load(Ordering::SeqCst);
    let mut results = Vec::new();
    for (i, s) in state.into_iter().enumerate() {
        let result = match s {
            State::Finished(r) => r,
            State::Pending | State::Running => {
                let reason = if cancelled {
                    Skip::Interrupted
                } else {
                    Skip::StoppedAfterFailure
                };
                let r = StepResult::Skipped { reason };
                reporter.finished(&plan.changes[steps[i].change], &r);
                r
            }
        };
        results.push((steps[i].change, result));
    }
    Report {
        results,
        portfolios,
        cancelled,
        made,
    }
}

/// Finds or makes the plan's CTA portfolios, one after another; whether the run
/// must stop (interrupted, or a failure without `--keep-going`).
async fn portfolios_first(
    client: &Client,
    advertiser_id: &str,
    plan: &Plan,
    opts: &ExecOptions,
    reporter: &dyn Reporter,
    cancel: &AtomicBool,
) -> (Vec<(usize, Result<String, StepError>)>, bool) {
    let mut out = Vec::new();
    for (i, p) in plan.portfolios.iter().enumerate() {
        if cancel.load(Ordering::SeqCst) {
            return (out, true);
        }
        let result = portfolio::ensure(client, advertiser_id, p).await;
        reporter.portfolio(p, &result);
        let failed = result.is_err();
        out.push((i, result));
        if failed && !opts.keep_going {
            return (out, true);
        }
    }
    (out, false)
}

/// The parent of a create: its id, and whether it was made in this run.
#[derive(Clone, Debug, Default)]
struct Parent {
    id: Option<String>,
    fresh: bool,
}

/// The parent's id: made in this run, or already live.
fn parent_id(steps: &[Step], state: &[State], i: usize, change: &Change) -> Parent {
    for d in &steps[i].deps {
        if let State::Finished(r) = &state[*d]
            && let Some(id) = r.new_id()
        {
            return Parent {
                id: Some(id.to_string()),
                fresh: true,
            };
        }
    }
    Parent {
        id: change.parent_id.clone(),
        fresh: false,
    }
}

async fn set_status(
    client: &Client,
    advertiser: &str,
    kind: Kind,
    id: &str,
    status: OperationStatus,
) -> Result<(), StepError> {
    let ids = [id.to_string()];
    let outcome = endpoints::set_status(client, advertiser, kind, &ids, status).await?;
    match outcome.failed.into_iter().next() {
        Some(f) => Err(StepError::NotApplied { message: f.message }),
        None => Ok(()),
    }
}

/// One status call for up to 20 objects of one kind; failures come back per id.
async fn set_status_batch(
    client: &Client,
    advertiser: &str,
    changes: &[Change],
) -> Vec<StepResult> {
    let Some(first) = changes.first() else {
        return Vec::new();
    };
    let Some(status) = first.status else {
        return changes
            .iter()
            .map(|_| StepResult::Failed {
                error: StepError::Plan("the plan names no status for this change"),
            })
            .collect();
    };
    let ids: Vec<String> = changes.iter().filter_map(|c| c.id.clone()).collect();
    let outcome = endpoints::set_status(client, advertiser, first.kind, &ids, status)
        .await
        .map_err(Arc::new);
    changes
        .iter()
        .map(|c| match (&outcome, &c.id) {
            (Err(e), _) => StepResult::Failed {
                error: StepError::Api(e.clone()),
            },
            (_, None) => StepResult::Failed {
                error: StepError::Plan("no live id"),
            },
            (Ok(o), Some(id)) => match o.failed.iter().find(|f| &f.id == id) {
                Some(f) => StepResult::Failed {
                    error: StepError::NotApplied {
                        message: f.message.clone(),
                    },
                },
                None => StepResult::StatusSet { status },
            },
        })
        .collect()
}

/// One step's create context: what to create, under which parent, with which key
/// generation, at what time.
struct Creating<'a> {
    client: &'a Client,
    advertiser: &'a str,
    change: &'a Change,
    parent: Option<String>,
    /// The parent was made in this run (moments ago, for an ad's ad group).
    fresh_parent: bool,
    generation: u32,
    /// The target's time as the step starts.
    now: jiff::Timestamp,
    /// Waits for an ad create refused while its new ad group settles.
    settle_waits: &'a [std::time::Duration],
    /// CTA portfolio ids by plan key.
    portfolios: &'a HashMap<String, String>,
}

impl Creating<'_> {
    /// The live copies of the object being created, under its parent.
    async fn copies(&self) -> Result<Vec<claim::Copy>, ApiError> {
        claim::copies(
            self.client,
            self.advertiser,
            self.change.kind,
            self.parent.as_deref(),
            &self.change.name,
        )
        .await
    }
}

async fn run(at: &Creating<'_>, index: usize) -> (StepResult, Option<Made>) {
    let (client, advertiser, c) = (at.client, at.advertiser, at.change);
    let made = |id: &str, own: bool| Made {
        change: index,
        kind: c.kind,
        name: c.name.clone(),
        parent: at.parent.clone(),
        id: id.to_owned(),
        own,
        at: Instant::now(),
    };
    let out = match c.action {
        Action::Create => match create(at).await {
            Ok(Created::Ours(id)) => {
                let m = made(&id, true);
                return (StepResult::Created { id }, Some(m));
            }
            Ok(Created::Theirs { id, removed }) => {
                let m = made(&id, false);
                return (StepResult::CreatedByOther { id, removed }, Some(m));
            }
            Err(e) => Err(e),
        },
        Action::Replace => match replace(at).await {
            Ok((old, Created::Ours(new))) => {
                let m = made(&new, true);
                return (StepResult::Replaced { old, new }, Some(m));
            }
            Ok((_, Created::Theirs { id, removed })) => {
                let m = made(&id, false);
                return (StepResult::CreatedByOther { id, removed }, Some(m));
            }
            Err(e) => Err(e),
        },
        Action::Update => {
            update(
                client,
                advertiser,
                &with_portfolio(c, at.portfolios),
                c.id.clone(),
            )
            .await
        }
        Action::Pause | Action::Delete => match (&c.id, c.status) {
            (Some(id), Some(status)) => set_status(client, advertiser, c.kind, id, status)
                .await
                .map(|()| StepResult::StatusSet { status }),
            (None, _) => Err(StepError::Plan("no live id")),
            (_, None) => Err(StepError::Plan("the plan names no status for this change")),
        },
        Action::Unchanged => Ok(StepResult::Updated),
    };
    (
        out.unwrap_or_else(|error| StepResult::Failed { error }),
        None,
    )
}

async fn replace(at: &Creating<'_>) -> Result<(String, Created), StepError> {
    let c = at.change;
    let old =
        c.id.clone()
            .ok_or(StepError::Plan("no live id to replace"))?;
    // The old object goes first: two live copies would spend twice.
    set_status(
        at.client,
        at.advertiser,
        c.kind,
        &old,
        OperationStatus::Delete,
    )
    .await?;
    let new = create(at).await?;
    Ok((old, new))
}

/// The change with its CTA portfolio's id in its bodies, once the portfolio is had.
fn with_portfolio(c: &Change, portfolios: &HashMap<String, String>) -> Change {
    let mut c = c.clone();
    if let Some(id) = c
        .portfolio
        .as_ref()
        .and_then(|k| portfolios.get(k))
        .cloned()
    {
        c.set_call_to_action_id(&id);
    }
    c
}

async fn update(
    client: &Client,
    advertiser: &str,
    c: &Change,
    id: Option<String>,
) -> Result<StepResult, StepError> {
    let id = id.ok_or(StepError::Plan("no live id to update"))?;
    let mut did = false;
    if let Some(Value::Object(body)) = &c.update {
        let mut body = body.clone();
        body.insert(c.kind.id_key().into(), Value::String(id.clone()));
        endpoints::update(client, advertiser, c.kind, body).await?;
        did = true;
    }
    if let Some(status) = c.status {
        set_status(client, advertiser, c.kind, &id, status).await?;
        if !did {
            return Ok(StepResult::StatusSet { status });
        }
        did = true;
    }
    Ok(if did {
        StepResult::Updated
    } else {
        StepResult::Cascaded
    })
}

/// Whose object a create ended with.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Created {
    /// Made by this run (or by a run that sent the same key in its window).
    Ours(String),
    /// Another run's copy came first; ours, if any, was deleted.
    Theirs { id: String, removed: Option<String> },
}

/// How many fresh keys a create tries when each comes back as a deleted object.
const GENERATIONS: u32 = 3;

/// Creates the object with a content-derived key, then (campaigns) looks for copies
/// another run made and keeps the survivor.
async fn create(at: &Creating<'_>) -> Result<Created, StepError> {
    let c = &with_portfolio(at.change, at.portfolios);
    let Some(Value::Object(body)) = &c.create else {
        return Err(StepError::Plan("the plan has no body for this create"));
    };
    let mut body: Map<String, Value> = body.clone();
    if let Some(kind) = c.kind.parent() {
        let missing = match kind {
            Kind::Campaign => "no campaign id",
            _ => "no ad group id",
        };
        let id = at.parent.clone().ok_or(StepError::Plan(missing))?;
        body.insert(kind.id_key().into(), Value::String(id));
    }
    if let Some(starts) = c.starts_now {
        start::restamp(&mut body, starts, at.now);
    }
    let content = key_content(c);
    for generation in at.generation..at.generation + GENERATIONS {
        let key = request_id::derive(&Identity {
            advertiser: at.advertiser,
            kind: c.kind,
            parent: at.parent.as_deref(),
            name: &c.name,
            content: &content,
            generation,
        });
        body.insert("request_id".into(), Value::String(key));
        let sent = match c.kind {
            Kind::Campaign | Kind::AdGroup => {
                endpoints::create(at.client, at.advertiser, c.kind, body.clone())
                    .await
                    .map(|made| (made.id, made.data))
                    .map_err(StepError::from)
            }
            Kind::Ad => create_ad(at, body.clone()).await,
        };
        let id = match sent {
            Ok((_, data)) if claim::is_deleted(&data) => continue,
            Ok((id, _)) => id,
            // The answer never came, even after the client's retries: a copy may
            // exist all the same; the survivor is ours to carry on with.
            Err(StepError::Api(e)) if e.outcome_unknown() => {
                let copies = at.copies().await.map_err(|read| StepError::Unresolved {
                    read: Arc::new(read),
                })?;
                return match claim::survivor(&copies) {
                    Some(s) => Ok(Created::Ours(s.id.clone())),
                    None => Err(StepError::Api(e)),
                };
            }
            Err(e) => return Err(e),
        };
        if c.kind != Kind::Campaign {
            // Ad groups and ads are looked at in the dedupe pass, a few reads for the
            // whole run; a campaign is worth a read of its own at once, so that a run
            // that lost builds nothing under its copy.
            return Ok(Created::Ours(id));
        }
        let Ok(copies) = at.copies().await else {
            // The dedupe pass reads again; nothing to decide without a read.
            return Ok(Created::Ours(id));
        };
        return match claim::judge(&copies, &id) {
            Claim::Ours => Ok(Created::Ours(id)),
            Claim::Gone => continue,
            Claim::Theirs {
                survivor,
                ours_live,
            } => {
                if ours_live {
                    claim::remove(
                        at.client,
                        at.advertiser,
                        c.kind,
                        at.parent.as_deref(),
                        &c.name,
                        &id,
                    )
                    .await
                    .map_err(|cause| StepError::CopyLeft {
                        survivor: survivor.clone(),
                        ours: id.clone(),
                        cause: cause.to_string(),
                    })?;
                }
                Ok(Created::Theirs {
                    id: survivor,
                    removed: ours_live.then_some(id),
                })
            }
        };
    }
    Err(StepError::KeySpent)
}

/// What makes two creates the same object, for its key: the settings in the
/// spec's words (no time in them), and the object replaced, if any.
fn key_content(c: &Change) -> String {
    let fields = serde_json::to_string(&c.fields).unwrap_or_default();
    match (&c.action, &c.id) {
        (Action::Replace, Some(old)) => format!("replaces {old}: {fields}"),
        _ => fields,
    }
}

/// Ad creates are not trusted to be idempotent on TikTok's side (whether it
/// de-duplicates their `request_id` is unknown): an answer lost in transit is
/// resolved by reading the ad group back, and the create is sent again (same key)
/// only when no copy shows. A refusal while a new ad group settles is waited out
/// (see [`settle`]): nothing was made, so trying again is safe.
async fn create_ad(
    at: &Creating<'_>,
    body: Map<String, Value>,
) -> Result<(String, Value), StepError> {
    const ATTEMPTS: usize = 3;
    let mut waits = at.settle_waits.iter();
    let mut attempt = 1;
    loop {
        match endpoints::create(at.client, at.advertiser, Kind::Ad, body.clone()).await {
            Ok(created) => return Ok((created.id, created.data)),
            Err(e) if settle::is_settling(&e, at.fresh_parent) => {
                let Some(wait) = waits.next() else {
                    return Err(e.into());
                };
                tracing::info!(
                    "ad `{}`: ad group {} is not ready yet ({}); trying again in {}s",
                    at.change.name,
                    at.parent.as_deref().unwrap_or_default(),
                    e.return_code().unwrap_or_default(),
                    wait.as_secs_f32()
                );
                // A refusal proves nothing was made: it does not use up an attempt.
                tokio::time::sleep(*wait).await;
            }
            Err(e) if e.outcome_unknown() => {
                let copies = at.copies().await.map_err(|read| StepError::Unresolved {
                    read: Arc::new(read),
                })?;
                if let Some(s) = claim::survivor(&copies) {
                    return Ok((s.id.clone(), Value::Null));
                }
                if attempt >= ATTEMPTS {
                    return Err(e.into());
                }
                attempt += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
}
