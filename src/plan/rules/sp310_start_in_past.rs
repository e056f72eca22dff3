//! SP310: an ad group created now may start at most 12 hours in the past.

use super::{Ctx, PlanRule, finding};
use crate::facts::START_GRACE_HOURS;
use crate::plan::Options;
use crate::plan::model::{Action, Change, Kind, Plan};
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP310",
    name: "start-in-the-past",
    severity: Severity::Error,
    summary: "an ad group being created starts no more than 12 hours in the past",
};

pub struct StartInPast;

impl PlanRule for StartInPast {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, plan: &mut Plan, ctx: &Ctx) {
        for change in &mut plan.changes {
            check(change, ctx.opts);
        }
    }
}

/// Checks the create body of a new or replacing ad group against the plan's clock.
fn check(change: &mut Change, opts: &Options) {
    if change.kind != Kind::AdGroup || !matches!(change.action, Action::Create | Action::Replace) {
        return;
    }
    let Some(start) = change
        .create
        .as_ref()
        .and_then(|b| b.get("schedule_start_time"))
        .and_then(|v| v.as_str())
        .and_then(crate::spec::schedule::parse_wire_time)
    else {
        return;
    };
    let grace = jiff::SignedDuration::from_hours(START_GRACE_HOURS);
    if opts.now.duration_since(start) <= grace {
        return;
    }
    let message = format!(
        "ad group `{}` would be created with a start of {} UTC, more than {START_GRACE_HOURS} hours ago",
        change.name,
        crate::spec::schedule::wire_time(start)
    );
    let help = "TikTok refuses such a start; move `schedule.start` to the future, or remove it to start now";
    change
        .findings
        .push(finding(&INFO, false, message, Some(help.into())));
}
