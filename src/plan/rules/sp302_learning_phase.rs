//! SP302: an edit to an object younger than 7 days resets its learning phase;
//! refused without `--allow-learning-reset`.

use super::{Ctx, Object, PlanRule, finding};
use crate::facts::LEARNING_PHASE_DAYS;
use crate::plan::model::Action;
use crate::plan::model::Plan;
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP302",
    name: "learning-phase-edit",
    severity: Severity::Error,
    summary: "an edit within 7 days of creation resets the learning phase; refused without --allow-learning-reset",
};

/// Renames and pauses do not touch what the delivery model has learnt.
fn resets_learning(path: &str) -> bool {
    !(path == "name" || path == "status")
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

fn check(ctx: &mut Object) {
    if ctx.change.action != Action::Update {
        return;
    }
    let Some(created) = ctx.created() else {
        return;
    };
    let age = ctx.opts.now.duration_since(created);
    let limit = jiff::SignedDuration::from_hours(24 * LEARNING_PHASE_DAYS);
    if age >= limit {
        return;
    }
    let fields: Vec<String> = ctx
        .change
        .fields
        .iter()
        .filter(|f| resets_learning(&f.path) && f.note.is_none())
        .map(|f| format!("`{}`", f.path))
        .collect();
    if fields.is_empty() {
        return;
    }
    let days = age.as_hours() / 24;
    let hours = age.as_hours() % 24;
    let until = created
        .checked_add(limit)
        .map(|t| crate::spec::schedule::shown(t, ctx.change.time_zone.as_deref()))
        .unwrap_or_default();
    let message = format!(
        "{} `{}` was created {days}d {hours}h ago; changing {} now resets its learning phase",
        ctx.kind.label(),
        ctx.change.name,
        fields.join(", ")
    );
    let allowed = ctx.opts.selection.allow_learning_reset;
    // With the flag given, the help says what was accepted rather than ask for it.
    let help = if allowed {
        format!(
            "edited anyway, as --allow-learning-reset asks; the learning phase starts over \
             (TikTok advises no edits for {LEARNING_PHASE_DAYS} days after launch, until {until})"
        )
    } else {
        let sandbox = if ctx.opts.movable_clock {
            format!(
                "; in the sandbox, `smartplus sandbox advance {}d` moves its clock past it",
                LEARNING_PHASE_DAYS - days
            )
        } else {
            String::new()
        };
        format!(
            "TikTok advises no edits for {LEARNING_PHASE_DAYS} days after launch; wait until \
             {until}, or pass --allow-learning-reset to edit anyway{sandbox}"
        )
    };
    let f = finding(&INFO, allowed, message, Some(help));
    ctx.change.findings.push(f);
}
