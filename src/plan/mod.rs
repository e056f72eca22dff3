//! Pure planning: desired spec × live account → plan. No I/O happens here.
//!
//! The pipeline: [`matching`] pairs desired objects with live ones, [`build`] turns
//! each pair into a change (comparing them with [`diff`] in the spec's own words,
//! through the `wire` layer), then the [`rules`] registry checks and amends the
//! built plan, and [`spend`] sums budgets before and after. The caller reads the
//! live account, lifetime spend included, and renders the result.

pub mod build;
pub mod diff;
pub mod matching;
pub mod model;
pub mod resolve;
pub mod rules;
pub mod saved;
pub mod spend;

use serde::{Deserialize, Serialize};

pub use build::Draft;
pub use model::{Action, Change, Kind, Plan};

use crate::spec::model::{Account, Campaign};
use crate::wire::{LiveAccount, lower};

/// A campaign the spec wants, with the file-level settings it depends on.
#[derive(Clone, Copy, Debug)]
pub struct DesiredCampaign<'a> {
    pub spec: &'a Campaign,
    pub account: Option<&'a Account>,
}

/// Which campaigns to plan and what the user allowed. Saved plans keep it as it
/// was, so `apply --plan` carries out exactly what was reviewed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// Allow changes that delete and recreate an object.
    pub allow_replace: bool,
    /// Allow edits that restart the learning phase.
    pub allow_learning_reset: bool,
    /// Pause live objects the spec no longer has.
    pub prune: bool,
    /// Campaign names to plan (all when empty).
    pub targets: Vec<String>,
    /// Campaign names to leave out.
    pub excludes: Vec<String>,
}

impl Selection {
    /// Whether pruning reaches campaigns too: only when no `--target` narrows the plan
    /// (a targeted plan must not pause the rest of the account).
    pub fn prunes_campaigns(&self) -> bool {
        self.prune && self.targets.is_empty()
    }
}

/// A selection at a moment: what the planner needs besides the spec and account.
#[derive(Clone, Debug)]
pub struct Options {
    pub selection: Selection,
    /// The time the plan is made; learning-phase ages count from here.
    pub now: jiff::Timestamp,
    /// The target's clock can be moved (the local sandbox: `smartplus sandbox
    /// advance`), which help texts may suggest.
    pub movable_clock: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            selection: Selection::default(),
            now: jiff::Timestamp::UNIX_EPOCH,
            movable_clock: false,
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
    sel: &Selection,
) -> Result<Vec<DesiredCampaign<'a>>, PlanError> {
    for t in sel.targets.iter().chain(&sel.excludes) {
        if !all.iter().any(|d| d.spec.name.value == *t) {
            return Err(PlanError::UnknownTarget(t.clone()));
        }
    }
    Ok(all
        .into_iter()
        .filter(|d| sel.targets.is_empty() || sel.targets.contains(&d.spec.name.value))
        .filter(|d| !sel.excludes.contains(&d.spec.name.value))
        .collect())
}

/// Matches and builds the changes, before any rule runs.
pub fn draft(
    advertiser_id: &str,
    desired: &[DesiredCampaign],
    live: &LiveAccount,
    opts: &Options,
) -> Result<Draft, PlanError> {
    build::build(advertiser_id, desired, live, opts)
}

impl Draft {
    /// Campaigns whose budget amount changes: the rules need their lifetime spend
    /// (and their ad groups') in the live account.
    pub fn spend_wanted(&self) -> Vec<String> {
        let names: Vec<&str> = self
            .plan
            .changes
            .iter()
            .filter(|c| {
                c.fields
                    .iter()
                    .any(|f| f.path == "budget.amount" && f.old.is_some())
            })
            .map(|c| c.campaign.as_str())
            .collect();
        campaign_ids(&self.plan, &names)
    }
}

/// The live ids of the plan's campaigns with these names, sorted, each once.
pub(crate) fn campaign_ids(plan: &Plan, names: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = plan
        .changes
        .iter()
        .filter(|c| c.kind == Kind::Campaign && names.contains(&c.campaign.as_str()))
        .filter_map(|c| c.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Runs the rules over a draft and sums the budgets.
pub fn finish(
    draft: Draft,
    desired: &[DesiredCampaign],
    live: &LiveAccount,
    opts: &Options,
) -> Plan {
    let mut plan = rules::run(draft, live, opts);
    plan.spend = spend::summarise(desired, live);
    plan
}

/// Plans the desired campaigns against the live account (with whatever spend it
/// holds) in one go.
pub fn plan(
    advertiser_id: &str,
    desired: &[DesiredCampaign],
    live: &LiveAccount,
    opts: &Options,
) -> Result<Plan, PlanError> {
    let draft = draft(advertiser_id, desired, live, opts)?;
    Ok(finish(draft, desired, live, opts))
}

#[cfg(test)]
mod tests;
