//! SP303: a bid moved by more than 15% re-triggers the learning phase; refused
//! without `--allow-learning-reset`, with the largest allowed step shown and the ad
//! group's learning estimate (`crate::learning`) cited.

use rust_decimal::Decimal;

use super::{Ctx, Object, PlanRule, finding, learning_note};
use crate::facts::{BID_STEP_WINDOW_DAYS, MAX_BID_STEP_PERCENT};
use crate::plan::model::{FieldChange, Plan};
use crate::spec::rules::RuleInfo;
use crate::spec::{Money, Severity};

pub static INFO: RuleInfo = RuleInfo {
    code: "SP303",
    name: "bid-step",
    severity: Severity::Error,
    summary: "a bid moves at most 15% per 2 days; larger steps refused without --allow-learning-reset",
};

fn money(v: Option<&serde_json::Value>) -> Option<Money> {
    v.and_then(Money::from_json)
}

pub struct BidStep;

impl PlanRule for BidStep {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, plan: &mut Plan, ctx: &Ctx) {
        ctx.each(plan, check);
    }
}

/// A bid this rule judges: a bid amount or ROAS target the plan changes (not one the
/// cascade moved, which carries a note).
fn judged(f: &FieldChange) -> bool {
    f.note.is_none() && (f.path == "bidding.amount" || f.path == "bidding.roas")
}

fn check(ctx: &mut Object) {
    // Most changes move no bid: their learning is not worth estimating.
    if !ctx.change.fields.iter().any(judged) {
        return;
    }
    let recently_changed = ctx.modified().is_some_and(|m| {
        ctx.opts.now.duration_since(m) < jiff::SignedDuration::from_hours(24 * BID_STEP_WINDOW_DAYS)
    });
    let note = learning_note(&ctx.learning(), ctx.opts.now);
    let restarts = note
        .as_ref()
        .map(|n| format!(", which restarts learning; {n}"))
        .unwrap_or_default();
    let note = note.map(|n| format!("; {n}")).unwrap_or_default();
    let mut out = Vec::new();
    for f in &ctx.change.fields {
        if !judged(f) {
            continue;
        }
        let (Some(old), Some(new)) = (money(f.old.as_ref()), money(f.new.as_ref())) else {
            continue;
        };
        if old.0 <= Decimal::ZERO {
            continue;
        }
        let step = Decimal::from(MAX_BID_STEP_PERCENT) / Decimal::from(100);
        let change = ((new.0 - old.0) / old.0).abs();
        if change > step {
            let up = Money::new((old.0 * (Decimal::ONE + step)).round_dp(2));
            let down = Money::new((old.0 * (Decimal::ONE - step)).round_dp(2));
            let pct = (change * Decimal::from(100)).round_dp(0);
            let allowed = ctx.opts.selection.allow_learning_reset;
            // With the flag given, the help says what was accepted rather than ask for it.
            let help = if allowed {
                format!(
                    "moved anyway, as --allow-learning-reset asks; steps of at most \
                     {MAX_BID_STEP_PERCENT}% ({down} to {up}) keep what TikTok has learnt"
                )
            } else {
                format!(
                    "the largest step allowed now is {down} to {up}; move in steps of at most \
                     {MAX_BID_STEP_PERCENT}% every {BID_STEP_WINDOW_DAYS} days, or pass --allow-learning-reset"
                )
            };
            out.push(finding(
                &INFO,
                allowed,
                format!(
                    "`{}` of ad group `{}` moves {pct}% ({old} → {new}), more than {MAX_BID_STEP_PERCENT}%{restarts}",
                    f.path, ctx.change.name
                ),
                Some(help),
            ));
        } else if recently_changed && old != new {
            out.push(finding(
                &INFO,
                true,
                format!(
                    "ad group `{}` changed within the last {BID_STEP_WINDOW_DAYS} days; another bid move now may add up to more than {MAX_BID_STEP_PERCENT}%{note}",
                    ctx.change.name
                ),
                None,
            ));
        }
    }
    ctx.change.findings.extend(out);
}
