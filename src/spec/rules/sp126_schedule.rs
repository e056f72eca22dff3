//! SP126: schedules read as times in a known zone, end after they start, and stay
//! within the dates TikTok accepts.

use crate::facts::{LATEST_END, LATEST_START};
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups};
use crate::spec::schedule::{self, ScheduleError, wire_time};
use crate::spec::span::Sp;

pub(super) struct ScheduleTimes;

static INFO: RuleInfo = RuleInfo {
    code: "SP126",
    name: "schedule",
    severity: Severity::Error,
    summary: "schedule times and zones parse, the end is after the start, both within TikTok's limits",
};

fn report_error(e: &ScheduleError, out: &mut Findings) {
    out.report(&INFO, e.pos(), e.to_string(), e.label(), e.help());
}

impl Rule for ScheduleTimes {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        let (Some(latest_start), Some(latest_end)) = (
            schedule::parse_wire_time(LATEST_START),
            schedule::parse_wire_time(LATEST_END),
        ) else {
            return;
        };
        let account = file.account.as_ref();
        // The account's zone is checked once here, not once per ad group that uses it.
        if let Some(account) = account {
            let probe = crate::spec::model::Schedule::default();
            if let Err(e) = schedule::zone(&probe, Some(account)) {
                report_error(&e, out);
            }
        }
        for (_, group) in ad_groups(file) {
            let Some(s) = &group.schedule else { continue };
            if s.time_zone.is_some()
                && let Err(e) = schedule::zone(s, account)
            {
                report_error(&e, out);
            }
            let mut read =
                |text: &Option<Sp<String>>, at: Result<Option<jiff::Timestamp>, ScheduleError>| {
                    match at {
                        Err(ScheduleError::UnknownZone { .. }) => None,
                        Err(e) => {
                            report_error(&e, out);
                            None
                        }
                        Ok(ts) => ts.zip(text.as_ref().map(|t| t.pos)),
                    }
                };
            let start = read(&s.start, schedule::start_utc(s, account));
            let mut end = read(&s.end, schedule::end_utc(s, account));
            match (schedule::duration(s), &s.duration) {
                (Err(e), _) => report_error(&e, out),
                (Ok(Some(_)), Some(d)) if s.end.is_some() => out.report(
                    &INFO,
                    d.pos,
                    format!(
                        "ad group `{}` gives both an `end` and a `duration`",
                        group.name.value
                    ),
                    "second end",
                    "give one of them: `end` for a fixed date, `duration` for a length from the start",
                ),
                (Ok(Some(length)), Some(d)) => {
                    // With a known start the end is known too, and must be in range.
                    end = start
                        .and_then(|(start, _)| start.checked_add(length).ok())
                        .map(|end| (end, d.pos));
                }
                _ => {}
            }
            if let Some((start, pos)) = start
                && start > latest_start
            {
                out.report(
                    &INFO,
                    pos,
                    format!(
                        "ad group `{}` starts at {} UTC, after the latest start TikTok accepts",
                        group.name.value,
                        wire_time(start)
                    ),
                    "too late",
                    format!("a schedule starts no later than {LATEST_START} UTC"),
                );
            }
            if let Some((end, pos)) = end {
                if end > latest_end {
                    out.report(
                        &INFO,
                        pos,
                        format!(
                            "ad group `{}` ends at {} UTC, after the latest end TikTok accepts",
                            group.name.value,
                            wire_time(end)
                        ),
                        "too late",
                        format!("a schedule ends no later than {LATEST_END} UTC"),
                    );
                }
                if let Some((start, _)) = start
                    && end <= start
                {
                    out.report(
                        &INFO,
                        pos,
                        format!(
                            "ad group `{}` ends at {} UTC, not after its start at {} UTC",
                            group.name.value,
                            wire_time(end),
                            wire_time(start)
                        ),
                        "not after `start`",
                        "the end must come after the start; check the dates and the time zone",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::load::parse_str;

    fn messages(schedule: &str) -> Vec<String> {
        let text = format!(
            "campaigns:\n  - name: C\n    objective: web_conversions\n    sales_destination: website\n    budget: {{cbo: true, mode: total, amount: 5000}}\n    ad_groups:\n      - name: G\n        schedule: {schedule}\n        optimization: {{goal: click}}\n        targeting: {{locations: [\"6252001\"]}}\n"
        );
        let file = parse_str(&text).expect("spec");
        let mut out = Findings::new();
        ScheduleTimes.check(&file, &Context::default(), &mut out);
        out.into_diagnostics(std::path::Path::new("x.yaml"))
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_duration_is_checked_like_an_end() {
        assert!(messages("{duration: 30d}").is_empty());
        assert_eq!(
            messages("{duration: soon}"),
            vec!["`soon` is not a duration"]
        );
        assert_eq!(
            messages("{end: \"2027-02-01 00:00\", duration: 30d}"),
            vec!["ad group `G` gives both an `end` and a `duration`"]
        );
        // Longer than the furthest end TikTok takes from now.
        assert_eq!(
            messages("{start: \"2027-12-01 00:00\", duration: 600w}"),
            vec!["`600w` is not a duration"]
        );
        // With a start, the end it makes must be after it, like an `end`.
        assert!(messages("{start: \"2027-12-01 00:00\", duration: 4w}").is_empty());
    }
}
