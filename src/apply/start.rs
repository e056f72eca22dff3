//! The start of an ad group made "from now", chosen when its create is sent: a
//! plan's start may have passed by then (a saved plan lives an hour), and TikTok
//! refuses a start that is not in the future.

use serde_json::{Map, Value, json};

use crate::plan::model::StartsNow;
use crate::spec::schedule::{parse_wire_time, wire_time};
use crate::wire::lower;

/// Moves the body's start to [`lower::start_now`] of `now` when it is earlier; the
/// end moves by as much when it counts from the start.
pub fn restamp(body: &mut Map<String, Value>, how: StartsNow, now: jiff::Timestamp) {
    let at = |b: &Map<String, Value>, key: &str| {
        b.get(key).and_then(Value::as_str).and_then(parse_wire_time)
    };
    let fresh = lower::start_now(now);
    let Some(start) = at(body, "schedule_start_time") else {
        return;
    };
    if start >= fresh {
        return;
    }
    let shift = fresh.duration_since(start);
    body.insert("schedule_start_time".into(), json!(wire_time(fresh)));
    if how == StartsNow::EndFollows
        && let Some(end) = at(body, "schedule_end_time")
    {
        body.insert("schedule_end_time".into(), json!(wire_time(end + shift)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> jiff::Timestamp {
        parse_wire_time(s).expect("time")
    }

    fn body() -> Map<String, Value> {
        let v = json!({
            "schedule_start_time": "2026-03-01 10:10:00",
            "schedule_end_time": "2026-03-08 10:10:00",
        });
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_passed_start_moves_ahead_and_a_duration_moves_with_it() {
        let mut b = body();
        restamp(&mut b, StartsNow::EndFollows, t("2026-03-01 12:00:00"));
        assert_eq!(b["schedule_start_time"], "2026-03-01 12:10:00");
        assert_eq!(b["schedule_end_time"], "2026-03-08 12:10:00");
        let mut b = body();
        restamp(&mut b, StartsNow::StartOnly, t("2026-03-01 12:00:00"));
        assert_eq!(b["schedule_start_time"], "2026-03-01 12:10:00");
        assert_eq!(b["schedule_end_time"], "2026-03-08 10:10:00");
    }

    #[test]
    fn a_start_still_ahead_stays() {
        let mut b = body();
        restamp(&mut b, StartsNow::EndFollows, t("2026-03-01 10:00:00"));
        assert_eq!(b, body());
    }
}
