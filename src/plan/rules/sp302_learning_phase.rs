//! SP302: an edit to an object younger than 7 days, or to an ad group whose
//! learning may have restarted with an edit less than 7 days ago, resets its
//! learning phase; refused without `--allow-learning-reset`. The finding cites the
//! ad groups' learning estimate (`crate::learning`), the one `status` shows.

use jiff::SignedDuration;

use super::{Cited, Ctx, Object, PlanRule, finding, learning_note};
use crate::facts::LEARNING_PHASE_DAYS;
use crate::plan::model::Action;
use crate::plan::model::Plan;
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;
use crate::spec::schedule::wire_time;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP302",
    name: "learning-phase-edit",
    severity: Severity::Error,
    summary: "an edit within 7 days of creation (or of an edit that may have restarted learning) resets the learning phase; refused without --allow-learning-reset",
};

/// Renames and pauses do not touch what the delivery model has learnt.
fn resets_learning(path: &str) -> bool {
    !(path == "name" || path == "status")
}

/// Bid moves have their own rule (SP303): within 15% every 2 days they are the
/// documented way to steer an ad group after learning.
fn is_bid(path: &str) -> bool {
    path == "bidding.amount" || path == "bidding.roas"
}

pub struct LearningPhase;

impl PlanRule for LearningPhase {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, plan: &mut Plan, ctx: &Ctx) {
        ctx.each(plan, check);
    }
}

/// `3d 4h`.
fn age(d: SignedDuration) -> String {
    format!("{}d {}h", d.as_hours() / 24, d.as_hours() % 24)
}

fn check(ctx: &mut Object) {
    if ctx.change.action != Action::Update {
        return;
    }
    let paths: Vec<&str> = ctx
        .change
        .fields
        .iter()
        .filter(|f| resets_learning(&f.path) && f.note.is_none())
        .map(|f| f.path.as_str())
        .collect();
    if paths.is_empty() {
        return;
    }
    let fields = paths
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let now = ctx.opts.now;
    let limit = SignedDuration::from_hours(24 * LEARNING_PHASE_DAYS);
    let young = ctx
        .created()
        .filter(|created| now.duration_since(*created) < limit);
    // An ad group whose learning may have restarted with an edit: the account says
    // when it changed, not what, so every edit counts.
    let restarted: Option<&Cited> = ctx
        .learning
        .iter()
        .filter(|c| c.estimate.restarted && c.estimate.in_freeze(now))
        .max_by_key(|c| c.estimate.safe_at);
    let note = learning_note(&ctx.learning, now)
        .map(|n| format!("; {n}"))
        .unwrap_or_default();
    // The latest moment any of it becomes safe.
    let freeze_ends = ctx
        .learning
        .iter()
        .filter(|c| c.estimate.in_freeze(now))
        .filter_map(|c| c.estimate.safe_at)
        .max();
    let (message, until) = if let Some(created) = young {
        let until = created.checked_add(limit).ok().max(freeze_ends);
        let message = format!(
            "{} `{}` was created {} ago; changing {fields} now resets its learning phase{note}",
            ctx.kind.label(),
            ctx.change.name,
            age(now.duration_since(created)),
        );
        (message, until)
    } else if let Some(c) = restarted.filter(|_| !paths.iter().all(|p| is_bid(p))) {
        let since = c.estimate.since.unwrap_or(now);
        let message = format!(
            "ad group `{}` was edited {} ago ({} UTC) and may still be learning from that edit; changing {fields} of {} `{}` now resets its learning phase again{note}",
            c.name,
            age(now.duration_since(since)),
            wire_time(since),
            ctx.kind.label(),
            ctx.change.name,
        );
        (message, freeze_ends)
    } else {
        return;
    };
    let until = until.map(wire_time).unwrap_or_default();
    let help = if young.is_some() {
        format!(
            "TikTok advises no edits for {LEARNING_PHASE_DAYS} days after launch; wait until {until} UTC, \
             or pass --allow-learning-reset to edit anyway"
        )
    } else {
        format!(
            "the account shows when an ad group, its ads or its campaign changed, not what changed, \
             so smartplus counts every edit; wait until {until} UTC, or pass --allow-learning-reset \
             to edit anyway"
        )
    };
    let f = finding(
        &INFO,
        ctx.opts.selection.allow_learning_reset,
        message,
        Some(help),
    );
    ctx.change.findings.push(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_bids_and_what_resets() {
        assert_eq!(age(SignedDuration::from_hours(75)), "3d 3h");
        assert!(is_bid("bidding.roas") && !is_bid("budget.amount"));
        assert!(!resets_learning("name") && resets_learning("targeting.locations"));
    }
}
