//! SP302: an edit that reaches an ad group in the first 7 days of its learning
//! phase (counted from its launch, the later of creation and scheduled start, or
//! from an edit that may have restarted it) resets that phase; refused without
//! `--allow-learning-reset`. Whether an ad group is learning is the learning estimate
//! (`crate::learning`), the one `status` shows: nothing is refused before the
//! scheduled start, since nothing is learnt yet.

use jiff::SignedDuration;

use super::{Cited, Ctx, Object, PlanRule, finding, learning_note};
use crate::facts::LEARNING_PHASE_DAYS;
use crate::plan::Kind;
use crate::plan::model::Action;
use crate::plan::model::Plan;
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;
use crate::spec::schedule::shown;

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
    let zone = ctx.change.time_zone.as_deref();
    // The ad groups this change reaches whose learning runs now: started delivering
    // (nothing is learnt before the scheduled start) and within 7 days of their launch
    // or of an edit. The account shows when an object changed, not what, so every
    // edit counts.
    let learning = ctx.learning();
    let running: Vec<&Cited> = learning
        .iter()
        .filter(|c| c.estimate.in_freeze(now))
        .collect();
    let young = running
        .iter()
        .filter(|c| !c.estimate.restarted)
        .max_by_key(|c| c.estimate.safe_at);
    let restarted = running
        .iter()
        .filter(|c| c.estimate.restarted)
        .max_by_key(|c| c.estimate.safe_at);
    let note = learning_note(&learning, now)
        .map(|n| format!("; {n}"))
        .unwrap_or_default();
    // The latest moment any of it becomes safe.
    let freeze_ends = running.iter().filter_map(|c| c.estimate.safe_at).max();
    let (message, until) = if let Some(c) = young {
        let launch = c.estimate.launch.unwrap_or(now);
        let when = format!("launched {} ago", age(now.duration_since(launch)));
        let (kind, name) = (ctx.kind.label(), &ctx.change.name);
        let subject = match ctx.kind {
            Kind::AdGroup => format!("ad group `{name}` {when}"),
            Kind::Ad => format!("ad `{name}` is in ad group `{}`, which {when}", c.name),
            Kind::Campaign => format!("{kind} `{name}` runs ad group `{}`, which {when}", c.name),
        };
        let message = format!("{subject}; changing {fields} now resets its learning phase{note}");
        (message, freeze_ends)
    } else if let Some(c) = restarted.filter(|_| !paths.iter().all(|p| is_bid(p))) {
        let since = c.estimate.since.unwrap_or(now);
        let message = format!(
            "ad group `{}` was edited {} ago ({}) and may still be learning from that edit; changing {fields} of {} `{}` now resets its learning phase again{note}",
            c.name,
            age(now.duration_since(since)),
            shown(since, zone),
            ctx.kind.label(),
            ctx.change.name,
        );
        (message, freeze_ends)
    } else {
        return;
    };
    let left = until.map(|u| u.duration_since(now));
    let until = until.map(|u| shown(u, zone)).unwrap_or_default();
    let allowed = ctx.opts.selection.allow_learning_reset;
    let why = if young.is_some() {
        format!("TikTok advises no edits for {LEARNING_PHASE_DAYS} days after launch")
    } else {
        "the account shows when an ad group, its ads or its campaign changed, not what \
         changed, so smartplus counts every edit"
            .to_owned()
    };
    let joint = if young.is_some() {
        ", until"
    } else {
        "; safe from"
    };
    // With the flag given, the help says what was accepted rather than ask for it.
    let help = if allowed {
        format!(
            "edited anyway, as --allow-learning-reset asks; the learning phase starts over \
             ({why}{joint} {until})"
        )
    } else {
        // In the sandbox, the clock can be moved past the wait instead.
        let sandbox = match left {
            Some(left) if ctx.opts.movable_clock => format!(
                "; in the sandbox, `smartplus sandbox advance {}d` moves its clock past it",
                (left.as_secs() + 86_399).div_euclid(86_400)
            ),
            _ => String::new(),
        };
        format!("{why}; wait until {until}, or pass --allow-learning-reset to edit anyway{sandbox}")
    };
    let f = finding(&INFO, allowed, message, Some(help));
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
