//! The delivery report: what each ad group spent, showed and converted, day by day,
//! from `report/integrated/get/` (reference: tiktok-assets-lookups-reporting.md §4.2).
//!
//! Metric values arrive as strings, `"-"` meaning none; days are the account's, and
//! `stat_time_day` may carry a time (`"2026-04-12 00:00:00"`) [field LIVE].

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::Value;

use super::client::Client;
use super::endpoints::{id_of, paths, report, report_rows, spend_unavailable};
use super::error::ApiError;

/// The metrics read per ad group and day.
pub const METRICS: &[&str] = &[
    "spend",
    "impressions",
    "clicks",
    "conversion",
    "cost_per_conversion",
];

/// One ad group's figures on one day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayRow {
    pub spend: Decimal,
    pub impressions: u64,
    pub clicks: u64,
    pub conversions: u64,
}

/// Per ad group, per account day; or why the account does not say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Daily {
    Known(BTreeMap<String, BTreeMap<Date, DayRow>>),
    Unknown { reason: String },
}

/// What the ad groups of these campaigns delivered on each day `from..=to` (the
/// account's days; at most [`crate::facts::REPORT_MAX_DAYS_BY_DAY`] of them). An account
/// without report access gives [`Daily::Unknown`], not an error.
pub async fn adgroup_days(
    client: &Client,
    advertiser_id: &str,
    campaign_ids: &[String],
    from: Date,
    to: Date,
) -> Result<Daily, ApiError> {
    let mut out: BTreeMap<String, BTreeMap<Date, DayRow>> = BTreeMap::new();
    if campaign_ids.is_empty() {
        return Ok(Daily::Known(out));
    }
    let period = [
        (
            "start_date".to_owned(),
            from.strftime("%Y-%m-%d").to_string(),
        ),
        ("end_date".to_owned(), to.strftime("%Y-%m-%d").to_string()),
    ];
    let rows = report_rows(
        client,
        advertiser_id,
        campaign_ids,
        (
            report::ADGROUP_LEVEL,
            &["adgroup_id", "stat_time_day"],
            METRICS,
        ),
        &period,
    )
    .await;
    let rows = match rows {
        Ok(rows) => rows,
        Err(err) if spend_unavailable(&err) => {
            return Ok(Daily::Unknown {
                reason: err.to_string(),
            });
        }
        Err(err) => return Err(err),
    };
    for row in &rows {
        let bad = |detail: String| ApiError::BadResponse {
            path: paths::REPORT.to_owned(),
            detail,
        };
        let dims = row.get("dimensions").unwrap_or(&Value::Null);
        let id = id_of(dims, "adgroup_id")
            .ok_or_else(|| bad("a report row has no `adgroup_id`".to_owned()))?;
        let day = dims
            .get("stat_time_day")
            .and_then(Value::as_str)
            .and_then(day_of)
            .ok_or_else(|| {
                bad(format!(
                    "the report row of ad group {id} has no readable `stat_time_day`"
                ))
            })?;
        let metrics = row.get("metrics").unwrap_or(&Value::Null);
        let figures = DayRow {
            spend: decimal(metrics.get("spend")).unwrap_or_default(),
            impressions: count(metrics.get("impressions")),
            clicks: count(metrics.get("clicks")),
            conversions: count(metrics.get("conversion")),
        };
        // Pages may repeat a row when the report changes while it is read; the
        // figures of one ad group and day are the same whichever copy is kept.
        out.entry(id).or_default().insert(day, figures);
    }
    Ok(Daily::Known(out))
}

/// A `stat_time_day`: `YYYY-MM-DD`, with or without a time after it.
fn day_of(text: &str) -> Option<Date> {
    let date = text.trim().get(..10)?;
    Date::strptime("%Y-%m-%d", date).ok()
}

/// A metric as a decimal: a string or a number; `"-"` and anything else unreadable
/// is none.
fn decimal(v: Option<&Value>) -> Option<Decimal> {
    match v? {
        Value::String(s) => s.trim().trim_end_matches('%').replace(',', "").parse().ok(),
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

/// A count (impressions, clicks, conversions): none is 0, a fraction rounds down,
/// a negative number is 0.
fn count(v: Option<&Value>) -> u64 {
    decimal(v)
        .map(|d| d.floor())
        .and_then(|d| u64::try_from(d).ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn metric_strings_are_read_as_live_writes_them() {
        assert_eq!(
            decimal(Some(&json!("12.34"))),
            Some("12.34".parse().unwrap())
        );
        assert_eq!(
            decimal(Some(&json!("1,234.5"))),
            Some("1234.5".parse().unwrap())
        );
        assert_eq!(decimal(Some(&json!(7))), Some(Decimal::from(7)));
        assert_eq!(decimal(Some(&json!("-"))), None);
        assert_eq!(decimal(None), None);
        assert_eq!(count(Some(&json!("15"))), 15);
        assert_eq!(count(Some(&json!("15.0"))), 15);
        assert_eq!(count(Some(&json!("-"))), 0);
        assert_eq!(count(Some(&json!("-3"))), 0);
    }

    #[test]
    fn days_with_or_without_a_time() {
        let d: Date = "2026-04-12".parse().unwrap();
        assert_eq!(day_of("2026-04-12 00:00:00"), Some(d));
        assert_eq!(day_of("2026-04-12"), Some(d));
        assert_eq!(day_of("12/04/2026"), None);
        assert_eq!(day_of("2026"), None);
    }
}
