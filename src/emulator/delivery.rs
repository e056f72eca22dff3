//! Delivery: what each ad group spent, showed and converted on each day of the
//! account (its time zone), as `report/integrated/get/` tells it.
//!
//! Figures set through `/_emulator/delivery` win. Otherwise, with synthetic delivery
//! on (`Config::synthetic_delivery`), an ad group that is enabled, in an enabled
//! campaign, with at least one ad, delivers from its start to its end (or now):
//! figures made up from the state's seed, the ad group and the day, so the same
//! state and clock always tell the same story. Spend stays near the daily budget;
//! the cost per conversion starts high and settles over the first week, the way a
//! learning phase looks. The history follows the ad group's present settings: the
//! emulator keeps none.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rust_decimal::Decimal;
use serde_json::Value;

use super::clock;
use super::state::{Kind, Record, State, splitmix64};

const DAY_SECONDS: i64 = 86_400;

/// One day's figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Figures {
    pub(super) spend: Decimal,
    pub(super) impressions: u64,
    pub(super) clicks: u64,
    pub(super) conversions: u64,
}

impl Figures {
    pub(super) fn add(&mut self, o: &Figures) {
        self.spend += o.spend;
        self.impressions += o.impressions;
        self.clicks += o.clicks;
        self.conversions += o.conversions;
    }
}

/// What delivery is made from besides the state.
pub(super) struct Env {
    pub(super) synthetic: bool,
    pub(super) zone: TimeZone,
    /// Currency ratio (budget floors) and decimal places.
    pub(super) ratio: i64,
    pub(super) places: u32,
    /// Now, Unix seconds.
    pub(super) now: i64,
}

impl Env {
    /// The account's day at `t` (Unix seconds).
    pub(super) fn day_of(&self, t: i64) -> Date {
        jiff::Timestamp::from_second(t)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned(self.zone.clone())
            .date()
    }

    pub(super) fn today(&self) -> Date {
        self.day_of(self.now)
    }

    /// When `day` begins and ends (Unix seconds).
    fn bounds(&self, day: Date) -> Option<(i64, i64)> {
        let start = day
            .to_zoned(self.zone.clone())
            .ok()?
            .timestamp()
            .as_second();
        let end = day
            .tomorrow()
            .ok()?
            .to_zoned(self.zone.clone())
            .ok()?
            .timestamp()
            .as_second();
        Some((start, end))
    }
}

fn time(rec: &Record, key: &str) -> Option<i64> {
    rec.str(key).and_then(clock::parse)
}

fn number(v: Option<&Value>) -> Option<Decimal> {
    match v? {
        Value::Number(n) => n.to_string().parse().ok(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// When an ad group delivers: from the later of its creation and start, to its end.
fn window(rec: &Record) -> Option<(i64, Option<i64>)> {
    let created = time(rec, "create_time")?;
    let start = time(rec, "schedule_start_time").map_or(created, |s| s.max(created));
    let end = (rec.str("schedule_type") == Some("SCHEDULE_START_END"))
        .then(|| time(rec, "schedule_end_time"))
        .flatten();
    Some((start, end))
}

/// Whether an ad group delivers at all (its present settings).
fn delivering(st: &State, id: &str) -> bool {
    let Some(rec) = st.adgroups.get(id) else {
        return false;
    };
    let on = |r: &Record| r.str("operation_status") != Some("DISABLE");
    !st.effectively_deleted(Kind::AdGroup, id)
        && on(rec)
        && rec
            .parent
            .as_ref()
            .and_then(|c| st.campaigns.get(c))
            .is_some_and(on)
        && st.live_ads_of(id) > 0
}

/// What one day of an ad group's budget comes to.
fn daily_budget(st: &State, rec: &Record, env: &Env) -> Decimal {
    let nominal = Decimal::from(50 * env.ratio);
    let flight = |r: &Record| {
        let (start, end) = window(r)?;
        let days = (end? - start).div_euclid(DAY_SECONDS).max(1);
        Some(Decimal::from(days))
    };
    let per_day = |owner: &Record, budget: Decimal, of: &Record| -> Decimal {
        match owner.str("budget_mode") {
            Some("BUDGET_MODE_TOTAL") => flight(of).map_or(nominal, |d| budget / d),
            Some("BUDGET_MODE_INFINITE") | None => nominal,
            _ => budget,
        }
    };
    let campaign = rec.parent.as_ref().and_then(|c| st.campaigns.get(c));
    match campaign {
        Some(c) if c.data.get("budget_optimize_on") == Some(&Value::Bool(true)) => {
            let Some(budget) = number(c.data.get("budget")) else {
                return nominal;
            };
            let cid = rec.parent.as_deref().unwrap_or_default();
            let sharing = st
                .adgroups
                .iter()
                .filter(|(id, g)| g.parent.as_deref() == Some(cid) && delivering(st, id))
                .count()
                .max(1);
            per_day(c, budget, rec) / Decimal::from(sharing)
        }
        _ => match number(rec.data.get("budget")) {
            Some(budget) => per_day(rec, budget, rec),
            None => nominal,
        },
    }
}

/// A stable 64-bit value for a string (FNV-1a).
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// Made-up figures of an ad group on one day, or `None` when it did not deliver.
fn synthetic(st: &State, id: &str, day: Date, env: &Env) -> Option<Figures> {
    let rec = st.adgroups.get(id)?;
    if !delivering(st, id) {
        return None;
    }
    let (launch, end) = window(rec)?;
    let (day_start, day_end) = env.bounds(day)?;
    let from = day_start.max(launch);
    let to = day_end.min(env.now).min(end.unwrap_or(i64::MAX));
    if to <= from {
        return None;
    }
    let fraction = Decimal::from(to - from) / Decimal::from(DAY_SECONDS);
    let day_number = u64::try_from(day_start.div_euclid(DAY_SECONDS)).unwrap_or(0);
    let mut draw = {
        let mut x = st.id_seed ^ hash(id) ^ day_number.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        move |n: u64| {
            x = splitmix64(x);
            x % n
        }
    };
    let share = Decimal::from(550 + draw(401)) / Decimal::from(1000);
    let spend = (daily_budget(st, rec, env) * share * fraction).round_dp(env.places);
    let cpm = Decimal::from(i64::try_from(4 + draw(9)).unwrap_or(4) * env.ratio);
    let impressions = u64::try_from((spend * Decimal::from(1000) / cpm).floor()).unwrap_or(0);
    let ctr_permille = 6 + draw(13);
    let clicks = impressions * ctr_permille / 1000;
    // A cost per conversion of its own, higher while it learns.
    let base = Decimal::from(i64::try_from(8 + hash(id) % 53).unwrap_or(8) * env.ratio);
    let age = ((day_start - launch).max(0) / DAY_SECONDS).min(7);
    let learning = Decimal::from(1500 - 500 * age / 7) / Decimal::from(1000);
    let jitter = Decimal::from(700 + draw(601)) / Decimal::from(1000);
    let cpa = base * learning * jitter;
    let expected = spend / cpa + Decimal::from(draw(1000)) / Decimal::from(1000);
    let conversions = u64::try_from(expected.floor()).unwrap_or(0);
    Some(Figures {
        spend,
        impressions,
        clicks,
        conversions,
    })
}

/// Figures set for an ad group, by day.
fn set_days(st: &State, id: &str) -> BTreeMap<Date, Figures> {
    st.delivery
        .get(id)
        .into_iter()
        .flatten()
        .filter_map(|(day, f)| {
            let day: Date = day.parse().ok()?;
            Some((
                day,
                Figures {
                    spend: f.spend.parse().unwrap_or_default(),
                    impressions: f.impressions,
                    clicks: f.clicks,
                    conversions: f.conversions,
                },
            ))
        })
        .collect()
}

/// An ad group's figures on each day of `from..=to` that has any (days after today
/// have none).
pub(super) fn adgroup_days(
    st: &State,
    id: &str,
    from: Date,
    to: Date,
    env: &Env,
) -> BTreeMap<Date, Figures> {
    let to = to.min(env.today());
    let mut out: BTreeMap<Date, Figures> = set_days(st, id)
        .into_iter()
        .filter(|(day, _)| from <= *day && *day <= to)
        .collect();
    if !env.synthetic {
        return out;
    }
    let Some((launch, _)) = st.adgroups.get(id).and_then(window) else {
        return out;
    };
    // Nothing before the launch: start the walk there.
    let mut day = from.max(env.day_of(launch));
    while day <= to {
        if !out.contains_key(&day)
            && let Some(f) = synthetic(st, id, day, env)
        {
            out.insert(day, f);
        }
        let Ok(next) = day.tomorrow() else {
            break;
        };
        day = next;
    }
    out
}

/// The first day anything of this ad group could be reported.
pub(super) fn first_day(st: &State, id: &str, env: &Env) -> Date {
    let set = st
        .delivery
        .get(id)
        .and_then(|days| days.keys().next())
        .and_then(|d| d.parse::<Date>().ok());
    let launched = st
        .adgroups
        .get(id)
        .and_then(window)
        .map(|(launch, _)| env.day_of(launch));
    match (set, launched) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or_else(|| env.today()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::clock::Clock;
    use serde_json::json;

    fn record(parent: Option<&str>, data: Value) -> Record {
        Record {
            seq: 1,
            automation: crate::emulator::state::Automation::UpgradedSmartPlus,
            deleted: false,
            parent: parent.map(str::to_owned),
            status_override: None,
            data: match data {
                Value::Object(m) => m,
                _ => serde_json::Map::new(),
            },
        }
    }

    fn account(seed: u64) -> State {
        let mut st = State::new("1", seed, Clock::default());
        st.campaigns.insert(
            "c".into(),
            record(
                None,
                json!({"operation_status": "ENABLE", "budget_optimize_on": false}),
            ),
        );
        st.adgroups.insert(
            "g".into(),
            record(
                Some("c"),
                json!({
                    "operation_status": "ENABLE",
                    "create_time": "2026-03-01 12:00:00",
                    "budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET",
                    "budget": 100,
                }),
            ),
        );
        st.insert_ad("a".into(), record(Some("g"), json!({})));
        st
    }

    fn env(now: &str) -> Env {
        Env {
            synthetic: true,
            zone: TimeZone::UTC,
            ratio: 1,
            places: 2,
            now: clock::parse(now).unwrap(),
        }
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn synthetic_delivery_is_a_function_of_seed_ad_group_day_and_clock() {
        let st = account(7);
        let e = env("2026-03-05 12:00:00");
        let days = adgroup_days(&st, "g", d("2026-02-20"), d("2026-03-10"), &e);
        // From the launch day to today, nothing before or after.
        let dates: Vec<String> = days.keys().map(ToString::to_string).collect();
        assert_eq!(
            dates,
            [
                "2026-03-01",
                "2026-03-02",
                "2026-03-03",
                "2026-03-04",
                "2026-03-05"
            ]
        );
        for (day, f) in &days {
            assert!(f.spend <= Decimal::from(100), "{day}: {f:?}");
            assert!(f.clicks <= f.impressions);
        }
        // Half days at launch and today; a whole day spends 55–95% of the budget.
        let whole = days[&d("2026-03-03")].spend;
        assert!(
            whole >= Decimal::from(55) && whole <= Decimal::from(95),
            "{whole}"
        );
        assert!(days[&d("2026-03-05")].spend <= Decimal::new(4750, 2));
        // The same again; another seed tells another story.
        assert_eq!(
            days,
            adgroup_days(&st, "g", d("2026-02-20"), d("2026-03-10"), &e)
        );
        assert_ne!(
            days,
            adgroup_days(&account(8), "g", d("2026-02-20"), d("2026-03-10"), &e)
        );
        // Past days stay as they were when the clock moves on.
        let later = adgroup_days(
            &st,
            "g",
            d("2026-03-01"),
            d("2026-03-04"),
            &env("2026-03-20 00:00:00"),
        );
        assert_eq!(later[&d("2026-03-03")], days[&d("2026-03-03")]);
    }

    #[test]
    fn set_figures_win_and_paused_groups_do_not_deliver() {
        let mut st = account(7);
        st.delivery.entry("g".into()).or_default().insert(
            "2026-03-03".into(),
            crate::emulator::state::DayFigures {
                spend: "1.50".into(),
                impressions: 10,
                clicks: 1,
                conversions: 4,
            },
        );
        let e = env("2026-03-05 12:00:00");
        let days = adgroup_days(&st, "g", d("2026-03-03"), d("2026-03-03"), &e);
        assert_eq!(days[&d("2026-03-03")].conversions, 4);
        assert_eq!(first_day(&st, "g", &e), d("2026-03-01"));
        if let Some(g) = st.adgroups.get_mut("g") {
            g.data.insert("operation_status".into(), json!("DISABLE"));
        }
        let days = adgroup_days(&st, "g", d("2026-03-01"), d("2026-03-05"), &e);
        assert_eq!(days.keys().copied().collect::<Vec<_>>(), [d("2026-03-03")]);
        let off = Env {
            synthetic: false,
            ..e
        };
        assert_eq!(
            adgroup_days(&account(7), "g", d("2026-03-01"), d("2026-03-05"), &off),
            BTreeMap::new()
        );
    }
}
