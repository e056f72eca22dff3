//! Runs the steps of a plan against the API.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Map, Value};
use tokio::task::JoinSet;

use super::steps::{self, Step};
use super::{portfolio, request_id, settle, start};
use crate::api::endpoints::{self, AdScope};
use crate::api::{ApiError, Client, Kind, OperationStatus};
use crate::plan::Plan;
use crate::plan::model::{Action, Change, NewPortfolio};

/// How to run.
#[derive(Clone, Debug)]
pub struct ExecOptions {
    /// Steps in flight at once (the client's QPS pacing still applies).
    pub parallelism: usize,
    /// After a failure, go on with everything that does not depend on it.
    pub keep_going: bool,
    /// Seeds `request_id`s: the same seed and plan give the same keys.
    pub seed: String,
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
    /// A create's answer was lost and reading the parent back failed too.
    #[error(
        "the create's answer was lost and the ad group could not be read back ({read}); \
         run apply again: it re-reads the account first"
    )]
    Unresolved { read: Arc<ApiError> },
    /// The plan lacks what the step needs (a bug, or an edited plan file).
    #[error("{0}")]
    Plan(&'static str),
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
    /// The CTA portfolio the ad lists could not be had.
    PortfolioNotMade,
    /// A file it names was not uploaded.
    UploadFailed { file: String },
}

impl StepResult {
    pub fn is_failure(&self) -> bool {
        matches!(self, StepResult::Failed { .. })
    }

    /// The new id when this step made an object.
    pub fn new_id(&self) -> Option<&str> {
        match self {
            StepResult::Created { id } | StepResult::Replaced { new: id, .. } => Some(id),
            _ => None,
        }
    }
}

/// Progress callbacks; the CLI turns them into bars or log lines.
pub trait Reporter: Send + Sync {
    fn started(&self, _change: &Change) {}
    fn finished(&self, change: &Change, result: &StepResult);
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
    let portfolio_ids: Arc<std::collections::HashMap<String, String>> = Arc::new(
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
                        batch.into_iter().zip(results).collect::<Vec<_>>()
                    });
                    continue;
                }
                let parent = parent_id(&steps, &state, i, change);
                state[i] = State::Running;
                let change = plan_arc.changes[steps[i].change].clone();
                reporter.started(&change);
                let client = client.clone();
                let advertiser = advertiser_id.to_string();
                let how = How {
                    seed: opts.seed.clone(),
                    now: opts.started + since.elapsed(),
                    settle_waits: opts.settle_waits.clone(),
                    portfolios: portfolio_ids.clone(),
                };
                running.spawn(async move {
                    let result = run(&client, &advertiser, &how, &change, parent).await;
                    vec![(i, result)]
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
        for (i, result) in finished {
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

/// What a step needs of the run besides its change.
struct How {
    seed: String,
    /// The target's time as the step starts.
    now: jiff::Timestamp,
    settle_waits: Vec<std::time::Duration>,
    /// CTA portfolio ids by plan key.
    portfolios: Arc<std::collections::HashMap<String, String>>,
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

async fn run(
    client: &Client,
    advertiser: &str,
    how: &How,
    c: &Change,
    parent: Parent,
) -> StepResult {
    let out = match c.action {
        Action::Create => create(client, advertiser, how, c, parent)
            .await
            .map(|id| StepResult::Created { id }),
        Action::Replace => replace(client, advertiser, how, c, parent).await,
        Action::Update => update(client, advertiser, &with_portfolio(c, how), c.id.clone()).await,
        Action::Pause | Action::Delete => match (&c.id, c.status) {
            (Some(id), Some(status)) => set_status(client, advertiser, c.kind, id, status)
                .await
                .map(|()| StepResult::StatusSet { status }),
            (None, _) => Err(StepError::Plan("no live id")),
            (_, None) => Err(StepError::Plan("the plan names no status for this change")),
        },
        Action::Unchanged => Ok(StepResult::Updated),
    };
    out.unwrap_or_else(|error| StepResult::Failed { error })
}

async fn replace(
    client: &Client,
    advertiser: &str,
    how: &How,
    c: &Change,
    parent: Parent,
) -> Result<StepResult, StepError> {
    let old =
        c.id.clone()
            .ok_or(StepError::Plan("no live id to replace"))?;
    // The old object goes first: two live copies would spend twice.
    set_status(client, advertiser, c.kind, &old, OperationStatus::Delete).await?;
    let new = create(client, advertiser, how, c, parent).await?;
    Ok(StepResult::Replaced { old, new })
}

/// The change with its CTA portfolio's id in its bodies, once the portfolio is had.
fn with_portfolio(c: &Change, how: &How) -> Change {
    let mut c = c.clone();
    let Some(id) = c.portfolio.as_ref().and_then(|k| how.portfolios.get(k)) else {
        return c;
    };
    for body in [c.create.as_mut(), c.update.as_mut()].into_iter().flatten() {
        if let Some(conf) = body
            .as_object_mut()
            .map(|b| {
                b.entry("ad_configuration")
                    .or_insert_with(|| Value::Object(Map::new()))
            })
            .and_then(Value::as_object_mut)
        {
            conf.insert("call_to_action_id".into(), Value::String(id.clone()));
        }
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

/// Creates the object; returns its id.
async fn create(
    client: &Client,
    advertiser: &str,
    how: &How,
    c: &Change,
    parent: Parent,
) -> Result<String, StepError> {
    let c = &with_portfolio(c, how);
    let Some(Value::Object(body)) = &c.create else {
        return Err(StepError::Plan("the plan has no body for this create"));
    };
    let mut body: Map<String, Value> = body.clone();
    if let Some(kind) = c.kind.parent() {
        let missing = match kind {
            Kind::Campaign => "no campaign id",
            _ => "no ad group id",
        };
        let id = parent.id.clone().ok_or(StepError::Plan(missing))?;
        body.insert(kind.id_key().into(), Value::String(id));
    }
    // Every create carries a key; ad creates do not rely on it (see `create_ad`).
    let key = request_id::derive(&how.seed, &c.key, &Value::Object(body.clone()));
    body.insert("request_id".into(), Value::String(key));
    if let Some(starts) = c.starts_now {
        start::restamp(&mut body, starts, how.now);
    }
    match c.kind {
        Kind::Campaign | Kind::AdGroup => {
            let created = endpoints::create(client, advertiser, c.kind, body).await?;
            Ok(created.id)
        }
        Kind::Ad => {
            let adgroup = parent.id.ok_or(StepError::Plan("no ad group id"))?;
            let settle = Settle {
                fresh_parent: parent.fresh,
                waits: &how.settle_waits,
            };
            create_ad(client, advertiser, &adgroup, &c.name, body, &settle).await
        }
    }
}

/// Waiting out the lag after an ad group's create (see [`settle`]).
struct Settle<'a> {
    fresh_parent: bool,
    waits: &'a [std::time::Duration],
}

/// Ad creates are not trusted to be idempotent (whether TikTok de-duplicates their
/// `request_id` is unknown): an answer lost in transit is resolved by reading the ad
/// group back, never by sending the create again blindly. A refusal while a new ad
/// group settles is waited out: nothing was made, so trying again is safe.
async fn create_ad(
    client: &Client,
    advertiser: &str,
    adgroup: &str,
    name: &str,
    body: Map<String, Value>,
    settle: &Settle<'_>,
) -> Result<String, StepError> {
    const ATTEMPTS: usize = 3;
    let mut waits = settle.waits.iter();
    let mut attempt = 1;
    loop {
        match endpoints::create(client, advertiser, Kind::Ad, body.clone()).await {
            Ok(created) => return Ok(created.id),
            Err(e) if settle::is_settling(&e, settle.fresh_parent) => {
                let Some(wait) = waits.next() else {
                    return Err(e.into());
                };
                tracing::info!(
                    "ad `{name}`: ad group {adgroup} is not ready yet ({}); trying again in {}s",
                    e.return_code().unwrap_or_default(),
                    wait.as_secs_f32()
                );
                // A refusal proves nothing was made: it does not use up an attempt.
                tokio::time::sleep(*wait).await;
            }
            Err(e) if e.outcome_unknown() => {
                match find_ad(client, advertiser, adgroup, name).await {
                    Ok(Some(id)) => return Ok(id),
                    Ok(None) if attempt < ATTEMPTS => attempt += 1,
                    Ok(None) => return Err(e.into()),
                    Err(read) => {
                        return Err(StepError::Unresolved {
                            read: Arc::new(read),
                        });
                    }
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

async fn find_ad(
    client: &Client,
    advertiser: &str,
    adgroup: &str,
    name: &str,
) -> Result<Option<String>, ApiError> {
    let ids = [adgroup.to_string()];
    let ads = endpoints::list_ads(client, advertiser, AdScope::AdGroups(&ids)).await?;
    Ok(ads
        .iter()
        .find(|a| Kind::Ad.name_of(a) == name)
        .and_then(|a| Kind::Ad.id_of(a)))
}
