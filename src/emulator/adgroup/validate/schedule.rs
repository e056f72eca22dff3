//! When the ad group runs: start, end and dayparting.

use crate::emulator::check::{self, Obj};
use crate::emulator::clock;
use crate::emulator::wire::{ApiError, ApiResult};

const SCHEDULE_TYPES: &[&str] = &["SCHEDULE_FROM_NOW", "SCHEDULE_START_END"];

/// What the budget rules need to know about the schedule.
pub(super) struct Schedule<'a> {
    /// `schedule_type`.
    pub(super) kind: &'a str,
    /// Unix seconds.
    pub(super) start: i64,
    pub(super) end: Option<i64>,
}

/// TikTok refuses an unknown schedule type, times out of order or beyond what it
/// accepts, and malformed dayparting; returns the schedule.
pub(super) fn check(obj: &Obj, now: i64) -> ApiResult<Schedule<'_>> {
    let kind = check::req_enum(obj, "schedule_type", SCHEDULE_TYPES)?;
    let start = start_time(obj, now)?;
    let end = end_time(obj, kind, start, now)?;
    dayparting(obj)?;
    Ok(Schedule { kind, start, end })
}

/// TikTok refuses a missing or malformed start, and one after its latest start.
fn start_time(obj: &Obj, now: i64) -> ApiResult<i64> {
    let start = check::time(
        "schedule_start_time",
        check::req_str(obj, "schedule_start_time")?,
    )?;
    let latest_start = crate::facts::latest_start(now);
    if start > latest_start {
        return Err(ApiError::param(
            "schedule_start_time",
            format!("Must be no later than {}.", clock::format(latest_start)),
        ));
    }
    Ok(start)
}

/// TikTok refuses a malformed end, a missing end with SCHEDULE_START_END, an end
/// not after the start, and one after its latest end.
fn end_time(obj: &Obj, kind: &str, start: i64, now: i64) -> ApiResult<Option<i64>> {
    let latest_end = crate::facts::latest_end(now);
    let end = match check::opt_str(obj, "schedule_end_time")? {
        Some(s) => Some(check::time("schedule_end_time", s)?),
        None => None,
    };
    if kind == "SCHEDULE_START_END" && end.is_none() {
        return Err(ApiError::param(
            "schedule_end_time",
            "Required when schedule_type is SCHEDULE_START_END.",
        ));
    }
    if let Some(e) = end {
        if kind == "SCHEDULE_START_END" && e <= start {
            return Err(ApiError::param(
                "schedule_end_time",
                "Must be after schedule_start_time.",
            ));
        }
        if e > latest_end {
            return Err(ApiError::param(
                "schedule_end_time",
                format!("Must be no later than {}.", clock::format(latest_end)),
            ));
        }
    }
    Ok(end)
}

/// TikTok refuses dayparting that is not 336 half-hour flags (all zeros, like all
/// ones, means all day).
fn dayparting(obj: &Obj) -> ApiResult<()> {
    if let Some(d) = check::opt_str(obj, "dayparting")?
        && (d.len() != 336 || !d.bytes().all(|c| c == b'0' || c == b'1'))
    {
        return Err(ApiError::param(
            "dayparting",
            "Must be 336 characters of 0 and 1 (48 half-hours × 7 days, Monday first).",
        ));
    }
    Ok(())
}

/// TikTok refuses a start that is not in the future, "now" included, when an ad
/// group is made or its start is changed (a start already passed may stay).
pub(in crate::emulator::adgroup) fn start_in_future(obj: &Obj, now: i64) -> ApiResult<()> {
    let start = check::time(
        "schedule_start_time",
        check::req_str(obj, "schedule_start_time")?,
    )?;
    if start <= now {
        // Live wording.
        return Err(ApiError::param(
            "schedule_start_time",
            "Start time must be in the future",
        ));
    }
    Ok(())
}
