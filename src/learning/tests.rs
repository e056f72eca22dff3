use super::*;
use serde_json::json;

fn t(s: &str) -> Timestamp {
    parse_wire_time(s).expect("a wire time")
}

fn d(s: &str) -> Date {
    s.parse().expect("a date")
}

fn utc() -> TimeZone {
    TimeZone::UTC
}

/// Launched (created and started) at `launch`, never edited since.
fn launched(launch: &str) -> Timeline {
    Timeline {
        created: Some(t(launch)),
        start: Some(t(launch)),
        end: None,
        modified: Some(t(launch)),
    }
}

/// `n` conversions on each of the days `from..=to`.
fn daily(from: &str, to: &str, n: u64) -> BTreeMap<Date, u64> {
    let mut out = BTreeMap::new();
    let mut day = d(from);
    while day <= d(to) {
        out.insert(day, n);
        day = day.tomorrow().expect("a date");
    }
    out
}

#[test]
fn a_start_ahead_is_scheduled_and_safe_a_week_after_it() {
    let tl = Timeline {
        created: Some(t("2026-03-01 08:00:00")),
        start: Some(t("2026-03-20 10:00:00")),
        ..Timeline::default()
    };
    let e = estimate(
        &tl,
        Some(&BTreeMap::new()),
        t("2026-03-10 12:00:00"),
        &utc(),
    );
    assert_eq!(e.state, State::Scheduled);
    assert_eq!(e.launch, Some(t("2026-03-20 10:00:00")));
    assert_eq!(e.safe_from, Some(d("2026-03-27")));
    assert_eq!((e.conversions_7d, e.projected_7d), (Some(0), Some(0)));
    assert!(!e.in_freeze(t("2026-03-10 12:00:00")));
}

#[test]
fn just_launched_is_learning_until_a_week_after_launch() {
    let tl = launched("2026-03-09 12:00:00");
    let conv = daily("2026-03-09", "2026-03-10", 3);
    let now = t("2026-03-10 12:00:00");
    let e = estimate(&tl, Some(&conv), now, &utc());
    assert_eq!(e.state, State::Learning);
    assert_eq!(e.safe_from, Some(d("2026-03-16")));
    assert_eq!(e.safe_at, Some(t("2026-03-16 12:00:00")));
    assert_eq!(e.conversions_7d, Some(6));
    // 6 conversions in one day of delivery: 42 a week.
    assert_eq!(e.projected_7d, Some(42));
    assert!(e.in_freeze(now));
    assert!(!e.in_freeze(t("2026-03-16 12:00:00")));
}

#[test]
fn a_week_with_enough_conversions_after_the_first_seven_days_is_an_exit() {
    let tl = launched("2026-03-01 10:00:00");
    let conv = daily("2026-03-01", "2026-03-12", 9);
    let e = estimate(&tl, Some(&conv), t("2026-03-12 18:00:00"), &utc());
    assert_eq!(e.state, State::Exited);
    // The first day at least 7 days in whose trailing week holds 50: 03-08 (63).
    assert_eq!(e.exited_on, Some(d("2026-03-08")));
    assert_eq!(e.conversions_7d, Some(63));
    assert!(!e.in_freeze(t("2026-03-12 18:00:00")));
}

#[test]
fn enough_conversions_before_the_seventh_day_is_still_learning() {
    let tl = launched("2026-03-08 00:00:00");
    let conv = daily("2026-03-08", "2026-03-11", 20);
    let e = estimate(&tl, Some(&conv), t("2026-03-11 12:00:00"), &utc());
    assert_eq!(e.state, State::Learning);
    assert_eq!(e.conversions_7d, Some(80));
}

#[test]
fn a_week_under_the_threshold_is_unlikely_to_exit() {
    let tl = launched("2026-03-01 10:00:00");
    let conv = daily("2026-03-01", "2026-03-12", 1);
    let e = estimate(&tl, Some(&conv), t("2026-03-12 12:00:00"), &utc());
    assert_eq!(e.state, State::UnlikelyToExit);
    assert_eq!(e.conversions_7d, Some(7));
    assert_eq!(e.exited_on, None);
}

#[test]
fn a_slow_pace_after_three_days_is_a_verdict_before_that_it_is_noise() {
    let tl = launched("2026-03-08 00:00:00");
    let conv = daily("2026-03-08", "2026-03-12", 2);
    let e = estimate(&tl, Some(&conv), t("2026-03-10 12:00:00"), &utc());
    assert_eq!(e.state, State::Learning, "2.5 days in: too early");
    let e = estimate(&tl, Some(&conv), t("2026-03-11 12:00:00"), &utc());
    assert_eq!(e.state, State::UnlikelyToExit);
    // 8 conversions in 3.5 days.
    assert_eq!(e.projected_7d, Some(16));
    assert!(e.in_freeze(t("2026-03-11 12:00:00")));
}

#[test]
fn a_recent_edit_restarts_the_phase_and_the_count() {
    let tl = Timeline {
        modified: Some(t("2026-03-10 09:00:00")),
        ..launched("2026-02-01 00:00:00")
    };
    let conv = daily("2026-02-01", "2026-03-12", 9);
    let e = estimate(&tl, Some(&conv), t("2026-03-12 12:00:00"), &utc());
    assert!(e.restarted);
    assert_eq!(e.since, Some(t("2026-03-10 09:00:00")));
    assert_eq!(e.state, State::Learning);
    assert_eq!(e.safe_from, Some(d("2026-03-17")));
    assert_eq!(e.conversions_7d, Some(63));
    // The pace counts from the day of the edit: 27 in 2.5 days.
    assert_eq!(e.projected_7d, Some(76));
}

#[test]
fn edits_right_after_launch_are_the_launch() {
    let tl = Timeline {
        modified: Some(t("2026-03-01 10:20:00")),
        ..launched("2026-03-01 10:00:00")
    };
    assert_eq!(tl.last_edit(), None);
    let e = estimate(&tl, None, t("2026-03-02 10:00:00"), &utc());
    assert!(!e.restarted);
    assert_eq!(e.since, Some(t("2026-03-01 10:00:00")));
}

#[test]
fn a_schedule_that_is_over_has_ended() {
    let tl = Timeline {
        end: Some(t("2026-03-05 00:00:00")),
        ..launched("2026-03-01 00:00:00")
    };
    let e = estimate(&tl, None, t("2026-03-06 00:00:00"), &utc());
    assert_eq!(e.state, State::Ended);
    assert_eq!(e.safe_from, None);
    assert!(!e.in_freeze(t("2026-03-06 00:00:00")));
}

#[test]
fn without_a_report_only_time_decides() {
    let tl = launched("2026-03-01 00:00:00");
    let e = estimate(&tl, None, t("2026-03-03 00:00:00"), &utc());
    assert_eq!((e.state, e.conversions_7d), (State::Learning, None));
    let e = estimate(&tl, None, t("2026-03-09 00:00:00"), &utc());
    assert_eq!(e.state, State::Unknown);
    assert_eq!(
        estimate(&Timeline::default(), None, t("2026-03-09 00:00:00"), &utc()).state,
        State::Unknown
    );
}

#[test]
fn days_are_the_accounts() {
    // Launched at 23:00 UTC on 03-01, which is 03-02 in Tokyo.
    let tokyo = TimeZone::get("Asia/Tokyo").expect("tz");
    let tl = launched("2026-03-01 23:00:00");
    let e = estimate(&tl, None, t("2026-03-02 00:00:00"), &tokyo);
    assert_eq!(e.safe_from, Some(d("2026-03-09")));
    let e = estimate(&tl, None, t("2026-03-02 00:00:00"), &utc());
    assert_eq!(e.safe_from, Some(d("2026-03-08")));
}

#[test]
fn the_timeline_reads_the_wire() {
    let campaign = json!({"budget_optimize_on": true, "modify_time": "2026-03-05 00:00:00"});
    let group = json!({
        "create_time": "2026-03-01 00:00:00",
        "modify_time": "2026-03-02 00:00:00",
        "schedule_type": "SCHEDULE_START_END",
        "schedule_start_time": "2026-03-01 06:00:00",
        "schedule_end_time": "2026-04-01 00:00:00",
    });
    let ads = [json!({"modify_time": "2026-03-04 00:00:00"})];
    let tl = Timeline::of(&campaign, &group, &ads);
    assert_eq!(tl.launch(), Some(t("2026-03-01 06:00:00")));
    assert_eq!(tl.end, Some(t("2026-04-01 00:00:00")));
    assert_eq!(
        tl.last_edit(),
        Some(t("2026-03-05 00:00:00")),
        "the CBO campaign's budget edit"
    );
    let own_budget = json!({"budget_optimize_on": false, "modify_time": "2026-03-05 00:00:00"});
    let tl = Timeline::of(&own_budget, &group, &ads);
    assert_eq!(tl.last_edit(), Some(t("2026-03-04 00:00:00")));
    let from_now =
        json!({"create_time": "2026-03-01 00:00:00", "schedule_end_time": "2026-03-02 00:00:00"});
    assert_eq!(Timeline::of(&own_budget, &from_now, &[]).end, None);
    assert_eq!(
        whole_days(t("2026-03-01 00:00:00"), t("2026-03-03 23:59:59")),
        2
    );
}
