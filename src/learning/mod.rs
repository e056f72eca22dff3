//! The learning-phase estimate: where an ad group stands, from plain data. Pure.
//!
//! TikTok's API has no learning-phase state (no `secondary_status` says "learning"),
//! so smartplus derives one from what the account does show: when the ad group
//! started delivering, when it (or its ads, or its CBO campaign) last changed, and
//! the conversions the report counts per day. The thresholds are the seeds'
//! guidance, kept in [`crate::facts`]: about 7 days without significant edits and
//! about 50 conversions a week. Both `status` and the plan rules (SP302, SP303) read
//! this one estimate, so they never disagree. docs/status.md says how it is made
//! and where it can be wrong.

pub mod advice;

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};
use serde_json::Value;

use crate::facts::{
    LAUNCH_SETTLE_MINUTES, LEARNING_CONVERSIONS_PER_WEEK, LEARNING_PHASE_DAYS,
    LEARNING_VERDICT_DAYS, START_NOW_WITHIN_MINUTES,
};
use crate::spec::schedule::parse_wire_time;

const DAY_SECONDS: i64 = 24 * 60 * 60;

/// When an ad group runs and when it last changed, as the account shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    pub created: Option<Timestamp>,
    /// The scheduled start.
    pub start: Option<Timestamp>,
    /// The scheduled end, when it has one.
    pub end: Option<Timestamp>,
    /// The latest modification of the ad group, of its ads, or of its campaign when
    /// the campaign holds the budget (CBO). The account says when an object changed,
    /// not what changed: a rename or a pause counts too.
    pub modified: Option<Timestamp>,
}

impl Timeline {
    /// Reads the wire objects: the ad group, its ads and its campaign.
    pub fn of(campaign: &Value, group: &Value, ads: &[Value]) -> Timeline {
        let at =
            |v: &Value, key: &str| v.get(key).and_then(Value::as_str).and_then(parse_wire_time);
        let cbo = campaign.get("budget_optimize_on").and_then(Value::as_bool) == Some(true);
        let has_end =
            group.get("schedule_type").and_then(Value::as_str) == Some("SCHEDULE_START_END");
        let modified = std::iter::once(at(group, "modify_time"))
            .chain(ads.iter().map(|a| at(a, "modify_time")))
            .chain(cbo.then(|| at(campaign, "modify_time")))
            .flatten()
            .max();
        Timeline {
            created: at(group, "create_time"),
            start: at(group, "schedule_start_time"),
            end: if has_end {
                at(group, "schedule_end_time")
            } else {
                None
            },
            modified,
        }
    }

    /// When delivery began (or begins): the later of creation and the scheduled start,
    /// a start within [`START_NOW_WITHIN_MINUTES`] of creation being a start now.
    pub fn launch(&self) -> Option<Timestamp> {
        match (self.created, self.start) {
            (Some(c), Some(s)) => {
                let now_ish = c
                    .checked_add(SignedDuration::from_mins(START_NOW_WITHIN_MINUTES))
                    .is_ok_and(|limit| s <= limit);
                Some(if now_ish { c } else { c.max(s) })
            }
            (c, s) => c.or(s),
        }
    }

    /// The last edit after the launch settled, when the account shows one.
    pub fn last_edit(&self) -> Option<Timestamp> {
        let launch = self.launch()?;
        let settled = launch
            .checked_add(SignedDuration::from_mins(LAUNCH_SETTLE_MINUTES))
            .ok()?;
        self.modified.filter(|m| *m > settled)
    }
}

/// Where an ad group stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Its start is still ahead: nothing has been learnt, nothing can be lost.
    Scheduled,
    /// In its first 7 days since launch (or since an edit that may have restarted it),
    /// or on pace to reach the weekly volume.
    Learning,
    /// Gathered about 50 conversions within a week, 7 days or more after it started
    /// learning.
    Exited,
    /// The pace stays under about 50 conversions a week: waiting will not help.
    UnlikelyToExit,
    /// Its schedule is over.
    Ended,
    /// Past its first 7 days, but the account's report could not be read.
    Unknown,
}

impl State {
    /// The name used in JSON and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Scheduled => "scheduled",
            State::Learning => "learning",
            State::Exited => "exited",
            State::UnlikelyToExit => "unlikely_to_exit",
            State::Ended => "ended",
            State::Unknown => "unknown",
        }
    }
}

/// The estimate for one ad group at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Estimate {
    pub state: State,
    /// When delivery began or begins.
    pub launch: Option<Timestamp>,
    /// When the current learning phase began: the launch, or a later edit.
    pub since: Option<Timestamp>,
    /// `since` is an edit, not the launch.
    pub restarted: bool,
    /// Conversions in the account's last 7 days (today included), when reported.
    pub conversions_7d: Option<u64>,
    /// Conversions a full week would bring at the pace seen since the window (or the
    /// learning phase) began, when reported.
    pub projected_7d: Option<u64>,
    /// From when edits no longer restart learning: 7 days after `since` (`None` once
    /// the schedule is over).
    pub safe_at: Option<Timestamp>,
    /// `safe_at` as the account's day.
    pub safe_from: Option<Date>,
    /// The day the trailing week first held enough conversions, once exited.
    pub exited_on: Option<Date>,
}

impl Estimate {
    fn unknown() -> Estimate {
        Estimate {
            state: State::Unknown,
            launch: None,
            since: None,
            restarted: false,
            conversions_7d: None,
            projected_7d: None,
            safe_at: None,
            safe_from: None,
            exited_on: None,
        }
    }

    /// Whether an edit at `now` would throw away learning: the phase runs (its
    /// first 7 days are not over) and the ad group has started delivering.
    pub fn in_freeze(&self, now: Timestamp) -> bool {
        matches!(self.state, State::Learning | State::UnlikelyToExit)
            && self.safe_at.is_some_and(|safe| now < safe)
    }
}

/// The estimate for an ad group with this timeline and these conversions per
/// account day (`None`: the report could not be read), at `now`, the account
/// living in `zone`.
pub fn estimate(
    timeline: &Timeline,
    conversions: Option<&BTreeMap<Date, u64>>,
    now: Timestamp,
    zone: &TimeZone,
) -> Estimate {
    let Some(launch) = timeline.launch() else {
        return Estimate::unknown();
    };
    let since = timeline.last_edit().map_or(launch, |e| e.max(launch));
    let safe_at = add_days(since, LEARNING_PHASE_DAYS, zone);
    let today = now.to_zoned(zone.clone()).date();
    let week = conversions.map(|c| sum(c, days_back(today, 6), today));
    let mut e = Estimate {
        state: State::Learning,
        launch: Some(launch),
        since: Some(since),
        restarted: since != launch,
        conversions_7d: week,
        projected_7d: None,
        safe_at,
        safe_from: safe_at.map(|t| t.to_zoned(zone.clone()).date()),
        exited_on: None,
    };
    if timeline.end.is_some_and(|end| end <= now) {
        e.state = State::Ended;
        e.safe_at = None;
        e.safe_from = None;
        return e;
    }
    if launch > now {
        e.state = State::Scheduled;
        e.conversions_7d = conversions.map(|_| 0);
        e.projected_7d = conversions.map(|_| 0);
        return e;
    }
    // The pace: conversions since the week (or the phase, if younger) began, over
    // the time they had. The report counts whole days, so a phase an edit restarted
    // is counted from the start of that day; a launch has nothing before it.
    let phase_began = since.to_zoned(zone.clone()).date();
    let first = days_back(today, 6).max(phase_began);
    let from = if first == phase_began && !e.restarted {
        Some(since)
    } else {
        start_of(first, zone)
    };
    let observed = (now.as_second() - from.unwrap_or(since).as_second()).max(DAY_SECONDS);
    e.projected_7d = conversions.map(|c| {
        let n = i128::from(sum(c, first, today)) * 7 * i128::from(DAY_SECONDS);
        u64::try_from((n + i128::from(observed) / 2) / i128::from(observed)).unwrap_or(u64::MAX)
    });
    let Some(conversions) = conversions else {
        if safe_at.is_none_or(|safe| now >= safe) {
            e.state = State::Unknown;
        }
        return e;
    };
    let threshold = LEARNING_CONVERSIONS_PER_WEEK.unsigned_abs();
    if let Some(first) = e.safe_from {
        let mut day = first;
        while day <= today {
            let from = days_back(day, 6).max(phase_began);
            if sum(conversions, from, day) >= threshold {
                e.state = State::Exited;
                e.exited_on = Some(day);
                return e;
            }
            day = days_back(day, -1);
        }
    }
    let learnt_for = now.as_second() - since.as_second();
    let projected = e.projected_7d.unwrap_or(0);
    e.state = if safe_at.is_none_or(|safe| now >= safe) {
        // A whole week since learning began, and never a week with enough.
        State::UnlikelyToExit
    } else if week.unwrap_or(0) < threshold
        && learnt_for >= LEARNING_VERDICT_DAYS * DAY_SECONDS
        && projected < threshold
    {
        State::UnlikelyToExit
    } else {
        State::Learning
    };
    e
}

/// The account's time zone by its IANA name; UTC when unknown or not a zone.
pub fn zone(name: Option<&str>) -> TimeZone {
    name.and_then(|n| TimeZone::get(n.trim()).ok())
        .unwrap_or(TimeZone::UTC)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn whole_days(from: Timestamp, to: Timestamp) -> i64 {
    (to.as_second() - from.as_second()).div_euclid(DAY_SECONDS)
}

/// `t` plus `days` calendar days in `zone` (a day across a change of clocks keeps
/// its wall time).
fn add_days(t: Timestamp, days: i64, zone: &TimeZone) -> Option<Timestamp> {
    t.to_zoned(zone.clone())
        .checked_add(Span::new().days(days))
        .ok()
        .map(|z| z.timestamp())
}

/// `day` minus `n` days (plus, for a negative `n`); saturates at the calendar's ends.
fn days_back(day: Date, n: i64) -> Date {
    day.checked_sub(Span::new().days(n)).unwrap_or(day)
}

/// When `day` begins in `zone`.
fn start_of(day: Date, zone: &TimeZone) -> Option<Timestamp> {
    day.to_zoned(zone.clone()).ok().map(|z| z.timestamp())
}

fn sum(by_day: &BTreeMap<Date, u64>, from: Date, to: Date) -> u64 {
    if from > to {
        return 0;
    }
    by_day.range(from..=to).map(|(_, n)| n).sum()
}

#[cfg(test)]
mod tests;
