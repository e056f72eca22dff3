//! Schedules: local times and time zones in the spec, UTC strings on the wire.
//!
//! Pure functions only (no clock, no I/O) so that `validate`, `plan` and `apply` agree
//! on what a schedule means. Errors carry the position of the value at fault.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};

use super::model::{Account, Dayparting, Schedule};
use super::span::{Pos, Sp};

/// Half-hour slots in a day, as the wire `dayparting` string counts them.
pub const SLOTS_PER_DAY: usize = 48;
/// Length of the wire `dayparting` string: 48 half-hours × 7 days.
pub const DAYPARTING_LEN: usize = SLOTS_PER_DAY * 7;

/// Why a schedule cannot be turned into wire values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("unknown time zone `{name}`")]
    UnknownZone { name: String, pos: Pos },
    #[error("`{text}` is not a date and time")]
    BadTime { text: String, pos: Pos },
    #[error("`{text}` does not exist in `{zone}`: the clocks skip it")]
    SkippedTime {
        text: String,
        zone: String,
        pos: Pos,
    },
    #[error("`{text}` is not a time range")]
    RangeSyntax { text: String, pos: Pos },
    #[error("`{text}` is not on a half-hour boundary")]
    OffBoundary { text: String, pos: Pos },
    #[error("`{text}` ends before it starts")]
    RangeOrder { text: String, pos: Pos },
    #[error("`{text}` is not a duration")]
    BadDuration { text: String, pos: Pos },
}

impl ScheduleError {
    /// Where the offending value was written.
    pub fn pos(&self) -> Pos {
        match self {
            ScheduleError::UnknownZone { pos, .. }
            | ScheduleError::BadTime { pos, .. }
            | ScheduleError::SkippedTime { pos, .. }
            | ScheduleError::RangeSyntax { pos, .. }
            | ScheduleError::OffBoundary { pos, .. }
            | ScheduleError::RangeOrder { pos, .. }
            | ScheduleError::BadDuration { pos, .. } => *pos,
        }
    }

    /// A short label for the underlined value.
    pub fn label(&self) -> &'static str {
        match self {
            ScheduleError::UnknownZone { .. } => "unknown time zone",
            ScheduleError::BadTime { .. } => "not a date and time",
            ScheduleError::SkippedTime { .. } => "skipped by a clock change",
            ScheduleError::RangeSyntax { .. } => "not a range",
            ScheduleError::OffBoundary { .. } => "not a half hour",
            ScheduleError::RangeOrder { .. } => "empty range",
            ScheduleError::BadDuration { .. } => "not a duration",
        }
    }

    /// The rule and the fix, for diagnostics.
    pub fn help(&self) -> &'static str {
        match self {
            ScheduleError::UnknownZone { .. } => {
                "use an IANA time zone name such as `America/New_York`, `Europe/Berlin` or `UTC`"
            }
            ScheduleError::BadTime { .. } => {
                "write local times as `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`, e.g. `2026-12-01 09:00`"
            }
            ScheduleError::SkippedTime { .. } => {
                "a daylight-saving change skips this hour in that time zone; pick a time an hour later"
            }
            ScheduleError::RangeSyntax { .. } => {
                "write delivery hours as `HH:MM-HH:MM`, e.g. `09:00-17:30`; `24:00` may end a range"
            }
            ScheduleError::OffBoundary { .. } => {
                "TikTok schedules delivery in half hours: use minutes `00` or `30`"
            }
            ScheduleError::RangeOrder { .. } => {
                "the end must come after the start; split a range that crosses midnight over two days"
            }
            ScheduleError::BadDuration { .. } => {
                "write a whole number of days, weeks or hours, e.g. `30d`, `4w` or `36h`"
            }
        }
    }
}

/// The time zone a schedule is written in: its own, else the account's, else UTC.
pub fn zone(schedule: &Schedule, account: Option<&Account>) -> Result<TimeZone, ScheduleError> {
    let name = schedule
        .time_zone
        .as_ref()
        .or_else(|| account.and_then(|a| a.time_zone.as_ref()));
    match name {
        None => Ok(TimeZone::UTC),
        Some(name) => zone_named(name),
    }
}

fn zone_named(name: &Sp<String>) -> Result<TimeZone, ScheduleError> {
    let trimmed = name.value.trim();
    // An empty name would be taken as the system zone by some lookups; refuse it.
    if trimmed.is_empty() {
        return Err(ScheduleError::UnknownZone {
            name: name.value.clone(),
            pos: name.pos,
        });
    }
    TimeZone::get(trimmed).map_err(|_| ScheduleError::UnknownZone {
        name: name.value.clone(),
        pos: name.pos,
    })
}

/// The schedule start in UTC, or `None` when it starts now.
pub fn start_utc(
    schedule: &Schedule,
    account: Option<&Account>,
) -> Result<Option<Timestamp>, ScheduleError> {
    instant(schedule.start.as_ref(), schedule, account)
}

/// The schedule end in UTC, or `None` when it runs without end.
pub fn end_utc(
    schedule: &Schedule,
    account: Option<&Account>,
) -> Result<Option<Timestamp>, ScheduleError> {
    instant(schedule.end.as_ref(), schedule, account)
}

/// How long the schedule runs, when it gives a `duration` instead of an end.
pub fn duration(schedule: &Schedule) -> Result<Option<SignedDuration>, ScheduleError> {
    let Some(text) = &schedule.duration else {
        return Ok(None);
    };
    parse_duration(&text.value)
        .map(Some)
        .ok_or_else(|| ScheduleError::BadDuration {
            text: text.value.clone(),
            pos: text.pos,
        })
}

/// The end in UTC for a schedule that starts at `start`: its own end, else `start`
/// plus its duration; `None` when it runs without end.
pub fn end_from(
    schedule: &Schedule,
    account: Option<&Account>,
    start: Timestamp,
) -> Result<Option<Timestamp>, ScheduleError> {
    if let Some(end) = end_utc(schedule, account)? {
        return Ok(Some(end));
    }
    Ok(duration(schedule)?.and_then(|d| start.checked_add(d).ok()))
}

/// Longest duration accepted: the furthest end TikTok takes from now.
const MAX_DURATION_HOURS: i64 = 24 * crate::facts::END_HORIZON_DAYS;

/// Parses `30d`, `4w` or `36h` (a positive whole number and one unit). A day is 24
/// hours: a duration counts elapsed time, whatever the clocks do meanwhile.
pub fn parse_duration(text: &str) -> Option<SignedDuration> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let hours_per = match unit.to_ascii_lowercase() {
        'h' => 1,
        'd' => 24,
        'w' => 24 * 7,
        _ => return None,
    };
    let number = &text[..text.len() - unit.len_utf8()];
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = number.parse().ok()?;
    let hours = n.checked_mul(hours_per)?;
    (1..=MAX_DURATION_HOURS)
        .contains(&hours)
        .then(|| SignedDuration::from_hours(hours))
}

/// A duration the way plans show it: whole days as `30d`, else hours as `36h`.
/// Anything else (a live end moved by hand) is shown to the second, so it differs.
pub fn format_duration(d: SignedDuration) -> String {
    const HOUR: i64 = 60 * 60;
    const DAY: i64 = 24 * HOUR;
    let secs = d.as_secs();
    if secs % DAY == 0 {
        format!("{}d", secs / DAY)
    } else if secs % HOUR == 0 {
        format!("{}h", secs / HOUR)
    } else {
        let (h, m, s) = (secs / HOUR, secs % HOUR / 60, secs % 60);
        format!("{h}h{m:02}m{s:02}s")
    }
}

fn instant(
    text: Option<&Sp<String>>,
    schedule: &Schedule,
    account: Option<&Account>,
) -> Result<Option<Timestamp>, ScheduleError> {
    let Some(text) = text else {
        return Ok(None);
    };
    // The time is checked before the zone so a bad time is reported at the time itself.
    let local = parse_local(&text.value).ok_or_else(|| ScheduleError::BadTime {
        text: text.value.clone(),
        pos: text.pos,
    })?;
    let tz = zone(schedule, account)?;
    to_utc(local, &tz)
        .map(Some)
        .ok_or_else(|| ScheduleError::SkippedTime {
            text: text.value.clone(),
            zone: tz.iana_name().unwrap_or("the time zone").to_string(),
            pos: text.pos,
        })
}

/// A local time in a zone as an instant. Times skipped by a clock change have no
/// instant (`None`); times repeated by one take the earlier instant, as calendars do.
fn to_utc(local: DateTime, tz: &TimeZone) -> Option<Timestamp> {
    let ambiguous = tz.to_ambiguous_timestamp(local);
    if matches!(ambiguous.offset(), jiff::tz::AmbiguousOffset::Gap { .. }) {
        return None;
    }
    ambiguous.earlier().ok()
}

/// Parses `YYYY-MM-DD HH:MM`, `YYYY-MM-DD HH:MM:SS` (or with `T` between).
pub fn parse_local(s: &str) -> Option<DateTime> {
    let s = s.trim();
    let b = s.as_bytes();
    if !(b.len() == 16 || b.len() == 19) || !matches!(b[10], b' ' | b'T' | b't') {
        return None;
    }
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    if b[4] != b'-' || b[7] != b'-' || b[13] != b':' {
        return None;
    }
    let second = if b.len() == 19 {
        if b[16] != b':' {
            return None;
        }
        digits(b, 17, 2)?
    } else {
        0
    };
    DateTime::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()
}

/// `n` ASCII digits at `at` as a number.
fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = b.get(at..at + n)?;
    part.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// An instant as the API writes it: `YYYY-MM-DD HH:MM:SS` in UTC.
pub fn wire_time(ts: Timestamp) -> String {
    let dt = Zoned::new(ts, TimeZone::UTC).datetime();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// An instant as a person reads it: in `zone` (an IANA name) and saying so, e.g.
/// `2027-01-11 00:00 Asia/Tokyo`; in UTC, labelled, when there is no zone. Seconds
/// only when there are some.
pub fn shown(ts: Timestamp, zone: Option<&str>) -> String {
    let (tz, label) = match zone.and_then(|z| TimeZone::get(z).ok().map(|tz| (tz, z))) {
        Some((tz, z)) => (tz, z),
        None => (TimeZone::UTC, "UTC"),
    };
    let dt = Zoned::new(ts, tz).datetime();
    let seconds = if dt.second() == 0 {
        String::new()
    } else {
        format!(":{:02}", dt.second())
    };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}{seconds} {label}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
    )
}

/// Reads an API time (`YYYY-MM-DD HH:MM:SS`, UTC) back.
pub fn parse_wire_time(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() != 19 || b[10] != b' ' {
        return None;
    }
    let local = parse_local(s)?;
    TimeZone::UTC.to_timestamp(local).ok()
}

/// The wire `dayparting` string: 336 `0`/`1`, Monday first, or `None` when it would
/// be all ones (TikTok treats all-ones and absent alike, so absent is canonical).
pub fn dayparting_wire(d: &Dayparting) -> Result<Option<String>, ScheduleError> {
    let (slots, mut errors) = dayparting_slots(d);
    if !errors.is_empty() {
        return Err(errors.remove(0));
    }
    if slots.iter().all(|s| *s) {
        return Ok(None);
    }
    Ok(Some(
        slots.iter().map(|s| if *s { '1' } else { '0' }).collect(),
    ))
}

/// Every problem in a dayparting block (empty when it is valid).
pub fn dayparting_problems(d: &Dayparting) -> Vec<ScheduleError> {
    dayparting_slots(d).1
}

fn dayparting_slots(d: &Dayparting) -> (Vec<bool>, Vec<ScheduleError>) {
    let mut slots = Vec::with_capacity(DAYPARTING_LEN);
    let mut errors = Vec::new();
    for (_, ranges) in d.days() {
        let mut day = [ranges.is_none(); SLOTS_PER_DAY];
        for range in ranges.iter().flat_map(|r| r.value.iter()) {
            match parse_range(range) {
                Ok((from, to)) => day[from..to].iter_mut().for_each(|s| *s = true),
                Err(e) => errors.push(e),
            }
        }
        slots.extend_from_slice(&day);
    }
    (slots, errors)
}

/// `HH:MM-HH:MM` as half-hour slot indices `[from, to)`.
fn parse_range(range: &Sp<String>) -> Result<(usize, usize), ScheduleError> {
    let syntax = || ScheduleError::RangeSyntax {
        text: range.value.clone(),
        pos: range.pos,
    };
    let (a, b) = range.value.split_once('-').ok_or_else(syntax)?;
    let (from, from_exact) = clock(a.trim()).ok_or_else(syntax)?;
    let (to, to_exact) = clock(b.trim()).ok_or_else(syntax)?;
    if from >= SLOTS_PER_DAY {
        return Err(syntax());
    }
    if !from_exact || !to_exact {
        return Err(ScheduleError::OffBoundary {
            text: range.value.clone(),
            pos: range.pos,
        });
    }
    if to <= from {
        return Err(ScheduleError::RangeOrder {
            text: range.value.clone(),
            pos: range.pos,
        });
    }
    Ok((from, to))
}

/// `H:MM` or `HH:MM` (up to `24:00`) as a half-hour index and whether it is exact.
fn clock(s: &str) -> Option<(usize, bool)> {
    let (h, m) = s.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    if !h.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: usize = h.parse().ok()?;
    let m: usize = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some((h * 2 + m / 30, m.is_multiple_of(30)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(s: &str) -> Sp<String> {
        Sp::at(
            s.to_string(),
            Pos {
                line: 7,
                column: 3,
                offset: 0,
                len: s.len(),
            },
        )
    }

    fn sched(start: Option<&str>, end: Option<&str>, tz: Option<&str>) -> Schedule {
        Schedule {
            start: start.map(sp),
            end: end.map(sp),
            duration: None,
            time_zone: tz.map(sp),
            dayparting: None,
        }
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn times_are_shown_in_their_zone_and_say_which() {
        let t = parse_wire_time("2027-01-10 15:00:00").expect("time");
        assert_eq!(shown(t, Some("Asia/Tokyo")), "2027-01-11 00:00 Asia/Tokyo");
        assert_eq!(shown(t, None), "2027-01-10 15:00 UTC");
        let t = parse_wire_time("2027-01-10 15:00:30").expect("time");
        assert_eq!(shown(t, Some("Nowhere/Else")), "2027-01-10 15:00:30 UTC");
    }

    #[test]
    fn zone_falls_back_to_account_then_utc() {
        let account = Account {
            time_zone: Some(sp("Asia/Tokyo")),
            ..Account::default()
        };
        let s = sched(Some("2026-12-01 09:00"), None, None);
        assert_eq!(
            start_utc(&s, Some(&account)).unwrap(),
            Some(ts("2026-12-01T00:00:00Z"))
        );
        assert_eq!(
            start_utc(&s, None).unwrap(),
            Some(ts("2026-12-01T09:00:00Z"))
        );
        let own = sched(Some("2026-12-01 09:00"), None, Some("Europe/Berlin"));
        assert_eq!(
            start_utc(&own, Some(&account)).unwrap(),
            Some(ts("2026-12-01T08:00:00Z"))
        );
    }

    #[test]
    fn dst_zone_uses_the_offset_of_that_day() {
        let winter = sched(
            Some("2026-01-15 12:00"),
            Some("2026-07-15T12:00:30"),
            Some("America/New_York"),
        );
        assert_eq!(
            start_utc(&winter, None).unwrap(),
            Some(ts("2026-01-15T17:00:00Z"))
        );
        assert_eq!(
            end_utc(&winter, None).unwrap(),
            Some(ts("2026-07-15T16:00:30Z"))
        );
    }

    #[test]
    fn skipped_local_time_is_refused_and_repeated_takes_the_earlier() {
        let gap = sched(Some("2026-03-08 02:30"), None, Some("America/New_York"));
        let e = start_utc(&gap, None).unwrap_err();
        assert!(matches!(e, ScheduleError::SkippedTime { .. }), "{e:?}");
        assert_eq!(e.pos().line, 7);
        let fold = sched(None, Some("2026-11-01 01:30"), Some("America/New_York"));
        assert_eq!(
            end_utc(&fold, None).unwrap(),
            Some(ts("2026-11-01T05:30:00Z"))
        );
    }

    #[test]
    fn bad_zone_and_bad_time_carry_their_position() {
        let s = sched(Some("2026-12-01 09:00"), None, Some("Mars/Olympus"));
        let e = start_utc(&s, None).unwrap_err();
        assert_eq!(
            e,
            ScheduleError::UnknownZone {
                name: "Mars/Olympus".into(),
                pos: sp("Mars/Olympus").pos
            }
        );
        assert!(zone(&sched(None, None, Some("")), None).is_err());
        for bad in [
            "2026-12-01",
            "2026-13-01 09:00",
            "2026-02-30 09:00",
            "01/12/2026 09:00",
            "2026-12-01 9:00",
            "2026-12-01 24:00",
        ] {
            let s = sched(Some(bad), None, None);
            assert!(
                matches!(start_utc(&s, None), Err(ScheduleError::BadTime { .. })),
                "{bad}"
            );
        }
        assert_eq!(
            start_utc(&sched(None, None, Some("nope")), None).unwrap(),
            None
        );
    }

    #[test]
    fn durations_parse_in_days_weeks_and_hours() {
        assert_eq!(parse_duration("30d"), Some(SignedDuration::from_hours(720)));
        assert_eq!(
            parse_duration(" 4w "),
            Some(SignedDuration::from_hours(672))
        );
        assert_eq!(parse_duration("36H"), Some(SignedDuration::from_hours(36)));
        for bad in [
            "",
            "d",
            "0d",
            "-3d",
            "3",
            "3m",
            "1.5d",
            "3 d",
            "99999999999999999999d",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert_eq!(format_duration(SignedDuration::from_hours(720)), "30d");
        assert_eq!(format_duration(SignedDuration::from_hours(36)), "36h");
        assert_eq!(
            format_duration(SignedDuration::from_secs(30 * 86_400 + 61)),
            "720h01m01s"
        );
        assert_eq!(parse_duration("3651d"), None, "beyond the furthest end");
    }

    #[test]
    fn an_end_comes_from_the_end_or_the_duration_after_the_start() {
        let mut s = sched(None, None, None);
        let start = ts("2027-03-01T00:00:00Z");
        assert_eq!(end_from(&s, None, start).unwrap(), None);
        s.duration = Some(sp("2d"));
        assert_eq!(
            end_from(&s, None, start).unwrap(),
            Some(ts("2027-03-03T00:00:00Z"))
        );
        s.duration = Some(sp("soon"));
        assert!(matches!(
            end_from(&s, None, start),
            Err(ScheduleError::BadDuration { .. })
        ));
        let explicit = sched(None, Some("2027-04-01 00:00"), None);
        assert_eq!(
            end_from(&explicit, None, start).unwrap(),
            Some(ts("2027-04-01T00:00:00Z"))
        );
    }

    #[test]
    fn wire_times_round_trip() {
        let t = ts("2026-12-01T05:06:07Z");
        assert_eq!(wire_time(t), "2026-12-01 05:06:07");
        assert_eq!(parse_wire_time("2026-12-01 05:06:07"), Some(t));
        assert_eq!(parse_wire_time("2026-12-01T05:06:07"), None);
        assert_eq!(parse_wire_time("2026-12-01 05:06"), None);
        assert_eq!(parse_wire_time("garbage"), None);
    }

    // Shaped like the model's optional day lists.
    #[allow(clippy::unnecessary_wraps)]
    fn list(items: &[&str]) -> Option<Sp<Vec<Sp<String>>>> {
        Some(Sp::new(items.iter().map(|s| sp(s)).collect()))
    }

    #[test]
    fn dayparting_all_day_is_absent() {
        assert_eq!(dayparting_wire(&Dayparting::default()).unwrap(), None);
        let d = Dayparting {
            monday: list(&["00:00-24:00"]),
            ..Dayparting::default()
        };
        assert_eq!(dayparting_wire(&d).unwrap(), None);
    }

    #[test]
    fn dayparting_marks_half_hours_monday_first() {
        let d = Dayparting {
            monday: list(&["09:00-17:30"]),
            sunday: list(&[]),
            tuesday: list(&["00:00-00:30", "23:30-24:00"]),
            ..Dayparting::default()
        };
        let wire = dayparting_wire(&d).unwrap().unwrap();
        assert_eq!(wire.len(), DAYPARTING_LEN);
        let monday = &wire[..48];
        assert_eq!(
            monday,
            format!("{}{}{}", "0".repeat(18), "1".repeat(17), "0".repeat(13))
        );
        let tuesday = &wire[48..96];
        assert_eq!(tuesday, format!("1{}1", "0".repeat(46)));
        assert_eq!(&wire[96..288], "1".repeat(192));
        assert_eq!(&wire[288..], "0".repeat(48));
    }

    #[test]
    fn dayparting_refuses_bad_ranges_and_rounding() {
        let cases = [
            ("09:15-17:00", "off"),
            ("09:00-17:45", "off"),
            ("17:00-09:00", "order"),
            ("09:00-09:00", "order"),
            ("9-17", "syntax"),
            ("09:00", "syntax"),
            ("24:00-24:00", "syntax"),
            ("09:00-24:30", "syntax"),
            ("09:60-10:00", "syntax"),
        ];
        for (text, kind) in cases {
            let d = Dayparting {
                friday: list(&[text]),
                ..Dayparting::default()
            };
            let e = dayparting_wire(&d).unwrap_err();
            let got = match e {
                ScheduleError::OffBoundary { .. } => "off",
                ScheduleError::RangeOrder { .. } => "order",
                ScheduleError::RangeSyntax { .. } => "syntax",
                _ => "other",
            };
            assert_eq!(got, kind, "{text}");
            assert_eq!(e.pos().line, 7);
        }
        let d = Dayparting {
            monday: list(&["bad", "9:00-10:00", "10:10-11:00"]),
            sunday: list(&["x"]),
            ..Dayparting::default()
        };
        assert_eq!(dayparting_problems(&d).len(), 3);
    }
}
