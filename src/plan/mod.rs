//! Pure planning: desired spec × live account → plan.
//!
//! No I/O happens here. The CLI reads the live account (`api`), hands it over as
//! plain data (`live`), and renders the result (`output::plan`).

pub mod canon;
pub mod diff;
pub mod fields;
pub mod live;
pub mod lower;
pub mod model;
pub mod raise;
pub mod rules;
pub mod saved;
pub mod spend;

pub use live::LiveAccount;
pub use model::{Action, Change, Kind, Plan};

use crate::spec::model::{Account, Campaign};

/// A campaign the spec wants, with the file-level settings it depends on.
#[derive(Clone, Copy, Debug)]
pub struct DesiredCampaign<'a> {
    pub spec: &'a Campaign,
    pub account: Option<&'a Account>,
}

/// What the user allowed and asked for.
#[derive(Clone, Debug)]
pub struct Options {
    pub allow_replace: bool,
    pub allow_learning_reset: bool,
    pub prune: bool,
    /// Campaign names to plan (all when empty).
    pub targets: Vec<String>,
    /// Campaign names to leave out.
    pub excludes: Vec<String>,
    /// The time the plan is made; learning-phase ages count from here.
    pub now: jiff::Timestamp,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            allow_replace: false,
            allow_learning_reset: false,
            prune: false,
            targets: Vec::new(),
            excludes: Vec::new(),
            now: jiff::Timestamp::UNIX_EPOCH,
        }
    }
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum PlanError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Lower(#[from] lower::LowerError),
    #[error("`--target {0}` names no campaign in the spec")]
    #[diagnostic(help("targets are campaign names as written in the spec"))]
    UnknownTarget(String),
}

/// Keeps the campaigns `--target`/`--exclude` select.
pub fn select<'a>(
    all: Vec<DesiredCampaign<'a>>,
    opts: &Options,
) -> Result<Vec<DesiredCampaign<'a>>, PlanError> {
    for t in opts.targets.iter().chain(&opts.excludes) {
        if !all.iter().any(|d| d.spec.name.value == *t) {
            return Err(PlanError::UnknownTarget(t.clone()));
        }
    }
    Ok(all
        .into_iter()
        .filter(|d| opts.targets.is_empty() || opts.targets.contains(&d.spec.name.value))
        .filter(|d| !opts.excludes.contains(&d.spec.name.value))
        .collect())
}

/// Plans the desired campaigns against the live account.
pub fn plan(
    advertiser_id: &str,
    desired: &[DesiredCampaign],
    live: &LiveAccount,
    opts: &Options,
) -> Result<Plan, PlanError> {
    let mut plan = diff::build(advertiser_id, desired, live, opts)?;
    plan.spend = spend::summarise(desired, live);
    Ok(plan)
}

#[cfg(test)]
mod tests;
