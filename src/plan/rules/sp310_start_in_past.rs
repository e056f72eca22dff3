//! SP310: an ad group's start is sent only when it is in the future.

use super::{Ctx, PlanRule, finding};
use crate::facts::START_LEAD_MINUTES;
use crate::plan::Options;
use crate::plan::model::{Action, Change, Kind, Plan};
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;
use crate::spec::schedule::{parse_wire_time, shown};

pub static INFO: RuleInfo = RuleInfo {
    code: "SP310",
    name: "start-not-in-future",
    severity: Severity::Error,
    summary: "a start sent to TikTok (a new ad group's, or a changed one) is in the future",
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

/// The start a change sends, when the spec names it: a create's (or replacement's)
/// start, or an update's new one. A start "now" is chosen at apply time and always
/// lies ahead.
fn sent_start(change: &Change) -> Option<jiff::Timestamp> {
    if change.kind != Kind::AdGroup || !change.fields.iter().any(|f| f.path == "schedule.start") {
        return None;
    }
    let body = match change.action {
        Action::Create | Action::Replace => change.create.as_ref(),
        Action::Update => change.update.as_ref(),
        _ => None,
    }?;
    parse_wire_time(body.get("schedule_start_time")?.as_str()?)
}

fn check(change: &mut Change, opts: &Options) {
    let Some(start) = sent_start(change) else {
        return;
    };
    let lead = jiff::SignedDuration::from_mins(START_LEAD_MINUTES);
    let (allowed, message, help) = if start <= opts.now {
        (
            false,
            format!(
                "ad group `{}` would be sent a start of {}, which is not in the future",
                change.name,
                shown(start, change.time_zone.as_deref())
            ),
            "TikTok refuses a start that is not in the future (\"Start time must be in the \
             future\"); move `schedule.start` later, or remove it to start as soon as the ad \
             group is made",
        )
    } else if start < opts.now + lead {
        (
            true,
            format!(
                "ad group `{}` would be sent a start of {}, less than {START_LEAD_MINUTES} \
                 minutes from now",
                change.name,
                shown(start, change.time_zone.as_deref())
            ),
            "TikTok has refused starts only a few minutes ahead; if the apply fails with \
             \"Start time must be in the future\", move `schedule.start` later or remove it",
        )
    } else {
        return;
    };
    change
        .findings
        .push(finding(&INFO, allowed, message, Some(help.into())));
}
