//! `report/integrated/get/` with delivery: figures set through `/_emulator/delivery`
//! day by day, the live shape (strings, `"-"`, days with a time), the limits live
//! has, and synthetic delivery that follows the seed and the clock.

use serde_json::{Value, json};
use smartplus::emulator::Config;

use crate::harness::*;

/// `YYYY-MM-DD` of `days` from the emulator's today (negative: in the past).
async fn day(emu: &Emu, days: i64) -> String {
    let now = emu.get_raw("/_emulator/clock", &[], None).await;
    let today: jiff::civil::Date = now["now"].as_str().expect("now")[..10]
        .parse()
        .expect("date");
    today
        .checked_add(jiff::Span::new().days(days))
        .expect("date")
        .to_string()
}

async fn report(emu: &Emu, params: &[(&str, &str)]) -> Value {
    let mut q = vec![("report_type", "BASIC")];
    q.extend_from_slice(params);
    emu.get("report/integrated/get/", &q).await
}

fn assert_refused(r: &Value, field: &str) {
    assert_eq!(r["code"], 40002, "{r}");
    assert!(
        r["message"].as_str().is_some_and(|m| m.contains(field)),
        "message should name `{field}`: {r}"
    );
}

#[tokio::test]
async fn set_delivery_reads_back_by_day_in_the_live_shape() {
    let emu = Emu::start_async().await;
    let (cid, gid, _) = emu.tree("Daily").await;
    let (yesterday, today) = (day(&emu, -1).await, day(&emu, 0).await);
    let set = emu
        .control(
            "/_emulator/delivery",
            json!({"adgroup_id": gid, "days": {
                yesterday.clone(): {"spend": "12.5", "impressions": 1000, "clicks": 20},
                today.clone(): {"spend": 30, "impressions": 3000, "clicks": 45, "conversions": 3},
            }}),
        )
        .await;
    assert_eq!(set["days"][&today]["conversions"], 3, "{set}");
    let by_day = [
        ("data_level", "AUCTION_ADGROUP"),
        ("dimensions", r#"["adgroup_id", "stat_time_day"]"#),
        (
            "metrics",
            r#"["spend", "impressions", "clicks", "conversion", "cost_per_conversion", "ctr"]"#,
        ),
        ("start_date", &yesterday),
        ("end_date", &today),
        ("page_size", "100"),
    ];
    let r = report(&emu, &by_day).await;
    assert_eq!(r["code"], 0, "{r}");
    assert_eq!(
        r["data"]["list"],
        json!([
            {"dimensions": {"adgroup_id": gid, "stat_time_day": format!("{yesterday} 00:00:00")},
             "metrics": {"spend": "12.50", "impressions": "1000", "clicks": "20", "conversion": "0",
                         "cost_per_conversion": "-", "ctr": "2.00"}},
            {"dimensions": {"adgroup_id": gid, "stat_time_day": format!("{today} 00:00:00")},
             "metrics": {"spend": "30.00", "impressions": "3000", "clicks": "45", "conversion": "3",
                         "cost_per_conversion": "10.00", "ctr": "1.50"}},
        ])
    );
    // The campaign over the same days: one row, its ad groups summed.
    let r = report(
        &emu,
        &[
            ("data_level", "AUCTION_CAMPAIGN"),
            ("dimensions", r#"["campaign_id"]"#),
            (
                "metrics",
                r#"["spend", "conversion", "cost_per_conversion"]"#,
            ),
            ("start_date", &yesterday),
            ("end_date", &today),
        ],
    )
    .await;
    assert_eq!(
        r["data"]["list"],
        json!([{"dimensions": {"campaign_id": cid},
                "metrics": {"spend": "42.50", "conversion": "3", "cost_per_conversion": "14.17"}}])
    );
    // A day set to null is forgotten.
    emu.control(
        "/_emulator/delivery",
        json!({"adgroup_id": gid, "days": {today.clone(): null}}),
    )
    .await;
    let r = report(&emu, &by_day).await;
    assert_eq!(r["data"]["page_info"]["total_number"], 1, "{r}");
}

#[tokio::test]
async fn reports_refuse_what_live_refuses() {
    let emu = Emu::start_async().await;
    let today = day(&emu, 0).await;
    let month_ago = day(&emu, -30).await;
    let r = report(
        &emu,
        &[
            ("data_level", "AUCTION_ADGROUP"),
            ("dimensions", r#"["adgroup_id", "stat_time_day"]"#),
            ("start_date", &month_ago),
            ("end_date", &today),
        ],
    )
    .await;
    assert_refused(&r, "end_date");
    let r = report(
        &emu,
        &[
            ("data_level", "AUCTION_ADGROUP"),
            ("dimensions", r#"["stat_time_day", "adgroup_id"]"#),
            ("query_lifetime", "true"),
        ],
    )
    .await;
    assert_refused(&r, "dimensions");
    let r = report(
        &emu,
        &[
            ("data_level", "AUCTION_ADGROUP"),
            ("dimensions", r#"["adgroup_id"]"#),
            ("metrics", r#"["spend", "happiness"]"#),
            ("query_lifetime", "true"),
        ],
    )
    .await;
    assert_refused(&r, "metrics");
    // The control refuses what it cannot store, and changes nothing.
    let (_, gid, _) = emu.tree("Controls").await;
    for days in [
        json!({"not a day": {}}),
        json!({today.clone(): {"spend": "-1"}}),
        json!({today.clone(): {"conversions": 1.5}}),
    ] {
        let resp = emu
            .client
            .post(emu.endpoint("/_emulator/delivery"))
            .json(&json!({"adgroup_id": gid, "days": days}))
            .send()
            .await
            .expect("answered");
        assert_eq!(resp.status(), 400, "{days}");
    }
}

/// Every daily row of every ad group over the last week, by day.
async fn week(emu: &Emu) -> Value {
    let (from, to) = (day(emu, -6).await, day(emu, 0).await);
    let r = report(
        emu,
        &[
            ("data_level", "AUCTION_ADGROUP"),
            ("dimensions", r#"["adgroup_id", "stat_time_day"]"#),
            (
                "metrics",
                r#"["spend", "impressions", "clicks", "conversion"]"#,
            ),
            ("start_date", &from),
            ("end_date", &to),
            ("page_size", "1000"),
        ],
    )
    .await;
    assert_eq!(r["code"], 0, "{r}");
    r["data"]["list"].clone()
}

async fn synthetic(seed: u64) -> Emu {
    synthetic_or_not(seed, true).await
}

/// An account with one ad group, five and a half days after its start.
async fn synthetic_or_not(seed: u64, on: bool) -> Emu {
    let emu = Emu::with_async(Config {
        synthetic_delivery: on,
        seed: Some(seed),
        ..Emu::config()
    })
    .await;
    emu.tree("Synthetic").await;
    let start = days_ahead(30);
    let now = format!("{} 12:00:00", &days_ahead(35)[..10]);
    assert!(start < now);
    emu.control("/_emulator/clock", json!({"now": now})).await;
    emu
}

#[tokio::test]
async fn synthetic_delivery_follows_the_seed_and_the_clock() {
    let emu = synthetic(3).await;
    let rows = week(&emu).await;
    let rows = rows.as_array().expect("rows");
    // From the start (00:00) to today noon: six days, the last one half.
    assert_eq!(rows.len(), 6, "{rows:?}");
    for r in rows {
        let m = &r["metrics"];
        let n = |k: &str| {
            m[k].as_str()
                .and_then(|s| s.parse::<f64>().ok())
                .expect("a number")
        };
        assert!(n("spend") > 0.0 && n("impressions") > n("clicks"), "{r}");
    }
    // The same seed and clock tell the same story; another seed another one.
    assert_eq!(Value::Array(rows.clone()), week(&synthetic(3).await).await);
    assert_ne!(Value::Array(rows.clone()), week(&synthetic(4).await).await);
    // A day later, the days before stay as they were.
    emu.control("/_emulator/clock", json!({"advance_seconds": 86_400}))
        .await;
    let later = week(&emu).await;
    let later = later.as_array().expect("rows");
    assert_eq!(later.len(), 7, "{later:?}");
    assert_eq!(later[1..5], rows[1..5]);
    // Without synthetic delivery the same account delivers nothing on its own.
    assert_eq!(week(&synthetic_or_not(3, false).await).await, json!([]));
}

/// Days are the account's: an ad group that starts at 15:00 UTC starts on the next
/// day in Tokyo, and its first row says so.
#[tokio::test]
async fn days_are_the_accounts_days() {
    let emu = Emu::with_async(Config {
        synthetic_delivery: true,
        seed: Some(5),
        time_zone: "Asia/Tokyo".into(),
        ..Emu::config()
    })
    .await;
    let (_, gid, _) = emu.tree("Tokyo").await;
    let start = &days_ahead(30)[..10];
    let start_utc = format!("{start} 15:00:00");
    emu.control(
        "/_emulator/object",
        json!({"kind": "adgroup", "id": gid, "schedule_start_time": start_utc}),
    )
    .await;
    let now = format!("{} 15:00:00", &days_ahead(32)[..10]);
    emu.control("/_emulator/clock", json!({"now": now})).await;
    let next: jiff::civil::Date = start.parse().expect("date");
    let next = next.tomorrow().expect("date").to_string();
    let rows = week(&emu).await;
    let first = rows[0]["dimensions"]["stat_time_day"]
        .as_str()
        .expect("day");
    assert_eq!(first, format!("{next} 00:00:00"), "{rows}");
    // Two whole Tokyo days since then, the second ending now.
    assert_eq!(rows.as_array().map(Vec::len), Some(2), "{rows}");
}
