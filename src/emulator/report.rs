//! `report/integrated/get/`: spend, impressions, clicks and conversions per campaign
//! or ad group, for their whole life, over a range of days, or day by day
//! (`stat_time_day`), in the live shape: metric values as strings, `"-"` where a
//! ratio has nothing to divide by, days in the account's time zone written
//! `YYYY-MM-DD 00:00:00`.
//!
//! Figures come from `delivery` (set or synthetic). The spend set through
//! `/_emulator/spend` stands for an object's lifetime spend, and its `today` part
//! for today's spend, over whatever the days add up to.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::app::App;
use super::check;
use super::delivery::{self, Env, Figures};
use super::list;
use super::request::Req;
use super::state::{Kind, State};
use super::wire::{ApiError, ApiResult};

/// Metrics the emulator reports; any other is refused, as live refuses an
/// unknown metric.
const METRICS: &[&str] = &[
    "spend",
    "impressions",
    "clicks",
    "conversion",
    "cost_per_conversion",
    "conversion_rate",
    "conversion_rate_v2",
    "ctr",
    "cpc",
    "cpm",
    "result",
    "cost_per_result",
    "real_time_conversion",
    "real_time_cost_per_conversion",
];

/// The longest range by day, and otherwise [3p, quoting TikTok's doc].
const MAX_DAYS_BY_DAY: i64 = crate::facts::REPORT_MAX_DAYS_BY_DAY;
const MAX_DAYS: i64 = 365;

/// Which days a report covers.
enum Period {
    Lifetime,
    Range(Date, Date),
}

pub(super) fn report(app: &App, req: &Req) -> ApiResult<Value> {
    let report_type = req.query.get("report_type").map_or("BASIC", String::as_str);
    check::check_enum("report_type", report_type, &["BASIC"])?;
    let level = req
        .query
        .get("data_level")
        .ok_or_else(|| ApiError::missing("data_level"))?;
    let (kind, dim) = match level.as_str() {
        "AUCTION_CAMPAIGN" => (Kind::Campaign, "campaign_id"),
        "AUCTION_ADGROUP" => (Kind::AdGroup, "adgroup_id"),
        other => {
            return Err(ApiError::param(
                "data_level",
                format!(
                    "`{other}` is not supported by the emulator; use AUCTION_CAMPAIGN or AUCTION_ADGROUP."
                ),
            ));
        }
    };
    let by_day = dimensions(req, level, dim)?;
    let metrics = metrics(req)?;
    let period = period(req, by_day)?;
    let wanted = report_filter(req, kind)?;
    let paging = list::paging(req, 1000)?;
    let (ratio, places) = crate::facts::currency(&app.config.currency).unwrap_or((1, 2));
    let zone = jiff::tz::TimeZone::get(&app.config.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    app.read(|st| {
        let env = Env {
            synthetic: app.config.synthetic_delivery,
            zone,
            ratio,
            places,
            now: st.clock.now(),
        };
        let today = env.today();
        let mut rows = Vec::new();
        for id in list::newest_first(st, kind) {
            let excluded = wanted.iter().any(|(field, ids)| {
                let key = if *field == "campaign_ids" {
                    st.campaign_of(kind, &id).unwrap_or_default()
                } else {
                    id.clone()
                };
                !ids.contains(&key)
            });
            if excluded {
                continue;
            }
            let mut days = days_of(st, kind, &id, &period, &env);
            let money = |s: &String| s.parse::<Decimal>().ok();
            // Today's spend as set stands for today's, when the days hold today.
            let covers_today = match period {
                Period::Lifetime => true,
                Period::Range(from, to) => from <= today && today <= to,
            };
            if covers_today && let Some(spent) = st.spend_today.get(&id).and_then(money) {
                days.entry(today).or_default().spend = spent;
            }
            if by_day {
                for (day, f) in &days {
                    let mut d = Map::new();
                    d.insert(dim.into(), json!(id));
                    d.insert("stat_time_day".into(), json!(format!("{day} 00:00:00")));
                    rows.push(row(d, f, &metrics, places));
                }
                continue;
            }
            let mut total = Figures::default();
            for f in days.values() {
                total.add(f);
            }
            let lifetime = match period {
                Period::Lifetime => st.spend.get(&id).and_then(money),
                Period::Range(..) => None,
            };
            if let Some(spent) = lifetime {
                total.spend = spent;
            } else if days.is_empty() {
                continue;
            }
            let mut d = Map::new();
            d.insert(dim.into(), json!(id));
            rows.push(row(d, &total, &metrics, places));
        }
        Ok(list::page(rows, &paging, None, Some))
    })
}

/// `dimensions`: the id of the data level, and optionally `stat_time_day`;
/// whether the report is by day.
fn dimensions(req: &Req, level: &str, dim: &str) -> ApiResult<bool> {
    let dimensions = match req.json_param("dimensions")? {
        Some(Value::Array(d)) => d,
        Some(_) => return Err(ApiError::param("dimensions", "Must be a JSON list.")),
        None => return Err(ApiError::missing("dimensions")),
    };
    let names: Vec<&str> = dimensions.iter().filter_map(Value::as_str).collect();
    match names.as_slice() {
        [d] if *d == dim => Ok(false),
        [a, b] if (*a == dim && *b == "stat_time_day") || (*a == "stat_time_day" && *b == dim) => {
            Ok(true)
        }
        _ => Err(ApiError::param(
            "dimensions",
            format!(
                "With data_level {level} the emulator supports [\"{dim}\"] or [\"{dim}\", \"stat_time_day\"]."
            ),
        )),
    }
}

fn metrics(req: &Req) -> ApiResult<Vec<String>> {
    let metrics: Vec<String> = match req.json_param("metrics")? {
        Some(Value::Array(m)) => m
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(ApiError::param("metrics", "Every metric must be a string.")),
            })
            .collect::<ApiResult<_>>()?,
        Some(_) => return Err(ApiError::param("metrics", "Must be a JSON list.")),
        None => vec!["spend".into(), "impressions".into()],
    };
    if let Some(bad) = metrics.iter().find(|m| !METRICS.contains(&m.as_str())) {
        return Err(ApiError::param(
            "metrics",
            format!(
                "Invalid metric `{bad}`; the emulator reports {}.",
                METRICS.join(", ")
            ),
        ));
    }
    Ok(metrics)
}

fn period(req: &Req, by_day: bool) -> ApiResult<Period> {
    // TikTok's parameter is `query_lifetime`; `lifetime` is accepted as well.
    let lifetime = ["query_lifetime", "lifetime"]
        .iter()
        .any(|k| req.query.get(*k).is_some_and(|v| v == "true"));
    if lifetime {
        if by_day {
            return Err(ApiError::param(
                "dimensions",
                "stat_time_day cannot be used with query_lifetime.",
            ));
        }
        return Ok(Period::Lifetime);
    }
    if !req.query.contains_key("start_date") || !req.query.contains_key("end_date") {
        return Err(ApiError::param(
            "start_date",
            "start_date and end_date are required unless query_lifetime is true.",
        ));
    }
    let day = |k: &str| {
        let text = req.query.get(k).map(String::as_str).unwrap_or_default();
        Date::strptime("%Y-%m-%d", text.trim())
            .map_err(|_| ApiError::param(k, format!("`{text}` is not a date; use YYYY-MM-DD.")))
    };
    let (from, to) = (day("start_date")?, day("end_date")?);
    if from > to {
        return Err(ApiError::param(
            "end_date",
            "end_date must not be before start_date.",
        ));
    }
    let span = from.until(to).map_or(i64::MAX, |s| i64::from(s.get_days())) + 1;
    let max = if by_day { MAX_DAYS_BY_DAY } else { MAX_DAYS };
    if span > max {
        return Err(ApiError::param(
            "end_date",
            format!("The date range can be at most {max} days with these dimensions; got {span}."),
        ));
    }
    Ok(Period::Range(from, to))
}

/// An object's figures per day: an ad group's own, a campaign's its ad groups' summed.
fn days_of(
    st: &State,
    kind: Kind,
    id: &str,
    period: &Period,
    env: &Env,
) -> BTreeMap<Date, Figures> {
    let groups: Vec<&String> = match kind {
        Kind::Campaign => st
            .adgroups
            .iter()
            .filter(|(_, g)| g.parent.as_deref() == Some(id))
            .map(|(gid, _)| gid)
            .collect(),
        _ => st
            .adgroups
            .get_key_value(id)
            .map(|(k, _)| k)
            .into_iter()
            .collect(),
    };
    let mut out: BTreeMap<Date, Figures> = BTreeMap::new();
    for gid in groups {
        let (from, to) = match period {
            Period::Lifetime => (delivery::first_day(st, gid, env), env.today()),
            Period::Range(from, to) => (*from, *to),
        };
        for (day, f) in delivery::adgroup_days(st, gid, from, to, env) {
            out.entry(day).or_default().add(&f);
        }
    }
    out
}

/// One report row: `dimensions` and the asked-for metrics as live writes them.
fn row(
    dimensions: Map<String, Value>,
    f: &Figures,
    metrics: &[String],
    places: u32,
) -> Map<String, Value> {
    let ratio = |num: Decimal, den: u64, scale: u64, dp: u32| {
        if den == 0 {
            "-".to_owned()
        } else {
            check::money(num * Decimal::from(scale) / Decimal::from(den), dp)
        }
    };
    let spend = f.spend;
    let mut m = Map::new();
    for metric in metrics {
        let v = match metric.as_str() {
            "spend" => check::money(spend, places),
            "impressions" => f.impressions.to_string(),
            "clicks" => f.clicks.to_string(),
            "conversion" | "result" | "real_time_conversion" => f.conversions.to_string(),
            "cost_per_conversion" | "cost_per_result" | "real_time_cost_per_conversion" => {
                ratio(spend, f.conversions, 1, places)
            }
            "ctr" => ratio(Decimal::from(f.clicks), f.impressions, 100, 2),
            "conversion_rate" | "conversion_rate_v2" => {
                ratio(Decimal::from(f.conversions), f.clicks, 100, 2)
            }
            "cpc" => ratio(spend, f.clicks, 1, places),
            "cpm" => ratio(spend, f.impressions, 1000, places),
            _ => "-".to_owned(),
        };
        m.insert(metric.clone(), json!(v));
    }
    let mut row = Map::new();
    row.insert("dimensions".into(), Value::Object(dimensions));
    row.insert("metrics".into(), Value::Object(m));
    row
}

/// Report `filtering`: `[{"field_name": "campaign_ids", "filter_type": "IN",
/// "filter_value": "[\"1\"]"}]`, as (field, ids) pairs.
fn report_filter(req: &Req, kind: Kind) -> ApiResult<Vec<(&'static str, Vec<String>)>> {
    let Some(v) = req.json_param("filtering")? else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = v else {
        return Err(ApiError::param(
            "filtering",
            "Must be a JSON list of {field_name, filter_type, filter_value}.",
        ));
    };
    let mut out = Vec::new();
    for item in items {
        let field = match item.get("field_name").and_then(Value::as_str) {
            Some("campaign_ids") => "campaign_ids",
            Some("adgroup_ids") if kind == Kind::AdGroup => "adgroup_ids",
            other => {
                return Err(ApiError::param(
                    "filtering.field_name",
                    format!(
                        "`{}` is not supported by the emulator at this data level; use campaign_ids (or adgroup_ids for AUCTION_ADGROUP).",
                        other.unwrap_or_default()
                    ),
                ));
            }
        };
        let list: Vec<String> = match item.get("filter_value") {
            Some(Value::String(s)) => serde_json::from_str(s).map_err(|_| {
                ApiError::param("filtering.filter_value", "Must be a JSON list of ids.")
            })?,
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => return Err(ApiError::missing("filtering.filter_value")),
        };
        out.push((field, list));
    }
    Ok(out)
}
