//! SP313: an ad group is never created, replaced or updated with a schedule end that
//! has already passed (a shortened `duration` or an edited `end` can do that).

use super::{Ctx, PlanRule, finding};
use crate::plan::model::{Action, Change, Kind, Plan};
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP313",
    name: "end-in-the-past",
    severity: Severity::Error,
    summary: "an ad group is not given a schedule end that has already passed",
};

pub struct EndInPast;

impl PlanRule for EndInPast {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, plan: &mut Plan, ctx: &Ctx) {
        for change in &mut plan.changes {
            check(change, ctx.opts.now);
        }
    }
}

/// The end the change would send: in the create body of a new or replacing ad
/// group, in the update body of an updated one.
fn end_sent(change: &Change) -> Option<jiff::Timestamp> {
    let body = match change.action {
        Action::Create | Action::Replace => change.create.as_ref(),
        Action::Update => change.update.as_ref(),
        _ => None,
    }?;
    crate::spec::schedule::parse_wire_time(body.get("schedule_end_time")?.as_str()?)
}

fn check(change: &mut Change, now: jiff::Timestamp) {
    if change.kind != Kind::AdGroup {
        return;
    }
    let Some(end) = end_sent(change).filter(|end| *end <= now) else {
        return;
    };
    let message = format!(
        "ad group `{}` would get a schedule end of {}, which has passed",
        change.name,
        crate::spec::schedule::shown(end, change.time_zone.as_deref())
    );
    let help = "an ad group that has ended stops delivering at once; move `schedule.end` to the \
                future or lengthen `schedule.duration` (it counts from the ad group's start)";
    change
        .findings
        .push(finding(&INFO, false, message, Some(help.into())));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::Place;
    use serde_json::json;

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().expect("time")
    }

    #[test]
    fn only_an_end_already_passed_is_refused() {
        let place = Place::campaign("c0".into(), "C").child("c0/g0".into(), Some("1"));
        let mut created = Change::create(
            place.clone(),
            Kind::AdGroup,
            "G",
            Vec::new(),
            json!({"schedule_end_time": "2026-11-01 00:00:00"}),
        );
        check(&mut created, at("2026-11-30T00:00:00Z"));
        assert_eq!(created.findings.len(), 1, "{:?}", created.findings);
        assert_eq!(created.findings[0].code, "SP313");
        let mut future = Change::create(
            place,
            Kind::AdGroup,
            "G",
            Vec::new(),
            json!({"schedule_end_time": "2026-12-01 00:00:00"}),
        );
        check(&mut future, at("2026-11-30T00:00:00Z"));
        assert!(future.findings.is_empty());
    }
}
