//! The emulator's clock: real time by default, movable and freezable by tests.

use serde::{Deserialize, Serialize};

/// The wire time format, always UTC.
pub const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Where seeded runs start their frozen clock, so their timestamps repeat.
pub const SEEDED_START: &str = "2026-01-01 00:00:00";

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Clock {
    /// When set, the clock stands still at this Unix second.
    #[serde(default)]
    pub frozen: Option<i64>,
    /// Added to real time when not frozen.
    #[serde(default)]
    pub offset_seconds: i64,
}

impl Clock {
    /// A clock frozen at `SEEDED_START`.
    pub fn seeded() -> Self {
        Clock {
            frozen: parse(SEEDED_START),
            offset_seconds: 0,
        }
    }

    /// Now, as Unix seconds.
    pub fn now(&self) -> i64 {
        match self.frozen {
            Some(t) => t,
            None => jiff::Timestamp::now().as_second() + self.offset_seconds,
        }
    }

    pub fn now_string(&self) -> String {
        format(self.now())
    }

    /// Sets the clock to `t` and freezes it there.
    pub fn set(&mut self, t: i64) {
        self.frozen = Some(t);
    }

    pub fn advance(&mut self, seconds: i64) {
        match &mut self.frozen {
            Some(t) => *t += seconds,
            None => self.offset_seconds += seconds,
        }
    }
}

/// Unix seconds → `YYYY-MM-DD HH:MM:SS` (UTC).
pub fn format(t: i64) -> String {
    match jiff::Timestamp::from_second(t) {
        Ok(ts) => ts.strftime(FORMAT).to_string(),
        Err(_) => String::from("1970-01-01 00:00:00"),
    }
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) → Unix seconds; `None` when malformed.
pub fn parse(s: &str) -> Option<i64> {
    if s.len() != 19 {
        return None;
    }
    let dt = jiff::civil::DateTime::strptime(FORMAT, s).ok()?;
    let ts = dt.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
    Some(ts.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let t = parse("2026-03-04 05:06:07").unwrap();
        assert_eq!(format(t), "2026-03-04 05:06:07");
        assert_eq!(parse("2026-03-04T05:06:07"), None);
        assert_eq!(parse("2026-13-04 05:06:07"), None);
    }

    #[test]
    fn frozen_clock_advances() {
        let mut c = Clock::seeded();
        c.advance(61);
        assert_eq!(c.now_string(), "2026-01-01 00:01:01");
    }
}
