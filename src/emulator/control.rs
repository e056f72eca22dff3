//! Test-only controls under `/_emulator/`: the clock, object ages and schedules,
//! spend, delivery and request counters. No token; served only when the emulator listens on loopback.
//! Plain JSON in and out (no envelope); errors are HTTP 400 `{"error": ...}`.
//! The clock is every advertiser's; an object is found in whichever account holds
//! it (or the one `advertiser_id` names).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::app::{App, Shared};
use super::clock;
use super::state::{Automation, DayFigures, Kind, Record};

pub(super) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_emulator/clock", post(set_clock).get(get_clock))
        .route("/_emulator/object", post(age_object))
        .route("/_emulator/spend", post(set_spend))
        .route("/_emulator/delivery", post(set_delivery))
        .route("/_emulator/objects", post(put_objects))
        .route("/_emulator/stats", get(stats))
        .route("/_emulator/refuse", post(refuse))
}

fn bad(msg: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"error": msg.into()})),
    )
        .into_response()
}

fn hidden() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

fn parse(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

fn ok(v: Value) -> Response {
    axum::Json(v).into_response()
}

async fn get_clock(State(app): State<Arc<Shared>>) -> Response {
    if !app.control_enabled {
        return hidden();
    }
    ok(app.first().read(|st| clock_json(&st.clock)))
}

fn clock_json(c: &clock::Clock) -> Value {
    json!({"now": c.now_string(), "frozen": c.frozen.is_some()})
}

/// `{"now": "YYYY-MM-DD HH:MM:SS"}` freezes the clock there;
/// `{"advance_seconds": N}` moves it; `{"real": true}` returns to real time.
async fn set_clock(State(app): State<Arc<Shared>>, body: Bytes) -> Response {
    if !app.control_enabled {
        return hidden();
    }
    let Some(m) = parse(&body) else {
        return bad("the body must be a JSON object");
    };
    let first = app.first();
    let result = first.write(|st| {
        if let Some(now) = m.get("now") {
            let t = now
                .as_str()
                .and_then(clock::parse)
                .ok_or("`now` must be \"YYYY-MM-DD HH:MM:SS\" (UTC)")?;
            st.clock.set(t);
        } else if let Some(n) = m.get("advance_seconds") {
            let n = n.as_i64().ok_or("`advance_seconds` must be an integer")?;
            st.clock.advance(n);
        } else if m.get("real") == Some(&Value::Bool(true)) {
            st.clock = clock::Clock::default();
        } else {
            return Err("send {\"now\": ...}, {\"advance_seconds\": N} or {\"real\": true}");
        }
        Ok(st.clock.clone())
    });
    match result {
        Ok(clock) => {
            for other in app.apps().skip(1) {
                let _ = other.write(|st| {
                    st.clock = clock.clone();
                    Ok::<_, ()>(())
                });
            }
            ok(clock_json(&clock))
        }
        Err(e) => bad(e),
    }
}

/// The account holding the object `id` of `kind`, or the one `advertiser_id` names.
fn holder<'a>(app: &'a Shared, m: &Map<String, Value>, kind: Kind, id: &str) -> Option<App<'a>> {
    match m.get("advertiser_id").and_then(Value::as_str) {
        Some(adv) => app.app(adv),
        None => app
            .apps()
            .find(|a| a.read(|st| st.map(kind).contains_key(id))),
    }
}

/// The `kind` and `id` of an object named in a control body.
fn object_ref(
    m: &Map<String, Value>,
    kinds: &[Kind],
    expected: &str,
) -> Result<(Kind, String), String> {
    let kind = m
        .get("kind")
        .and_then(Value::as_str)
        .and_then(Kind::parse)
        .filter(|k| kinds.contains(k))
        .ok_or(format!("`kind` must be {expected}"))?;
    let id = m
        .get("id")
        .and_then(Value::as_str)
        .ok_or("`id` must be a string".to_owned())?
        .to_owned();
    Ok((kind, id))
}

/// `{"kind", "id", "create_time"?, "modify_time"?, "schedule_start_time"?,
/// "schedule_end_time"?, "secondary_status"?}`; an end of `null` removes it (the ad
/// group then runs from its start on).
async fn age_object(State(app): State<Arc<Shared>>, body: Bytes) -> Response {
    if !app.control_enabled {
        return hidden();
    }
    let Some(m) = parse(&body) else {
        return bad("the body must be a JSON object");
    };
    let (kind, id) = match object_ref(
        &m,
        &[Kind::Campaign, Kind::AdGroup, Kind::Ad],
        "\"campaign\", \"adgroup\" or \"ad\"",
    ) {
        Ok(r) => r,
        Err(e) => return bad(e),
    };
    let Some(holder) = holder(&app, &m, kind, &id) else {
        return bad(format!("no {} with id {id}", kind.noun()));
    };
    let result = holder.write(|st| {
        let rec = st
            .map_mut(kind)
            .get_mut(&id)
            .ok_or(format!("no {} with id {id}", kind.noun()))?;
        let schedule = ["schedule_start_time", "schedule_end_time"];
        if kind != Kind::AdGroup && schedule.iter().any(|k| m.contains_key(*k)) {
            return Err("only an ad group has a schedule".to_owned());
        }
        if m.get("schedule_end_time") == Some(&Value::Null) {
            rec.data.remove("schedule_end_time");
            rec.data
                .insert("schedule_type".into(), json!("SCHEDULE_FROM_NOW"));
        }
        for key in ["create_time", "modify_time"].into_iter().chain(schedule) {
            match m.get(key) {
                None | Some(Value::Null) => {}
                Some(v) => {
                    let s = v
                        .as_str()
                        .filter(|s| clock::parse(s).is_some())
                        .ok_or(format!("`{key}` must be \"YYYY-MM-DD HH:MM:SS\" (UTC)"))?;
                    rec.data.insert(key.into(), json!(s));
                    if key == "schedule_end_time" {
                        rec.data
                            .insert("schedule_type".into(), json!("SCHEDULE_START_END"));
                    }
                }
            }
        }
        match m.get("secondary_status") {
            None => {}
            Some(Value::Null) => rec.status_override = None,
            Some(Value::String(s)) => rec.status_override = Some(s.clone()),
            Some(_) => return Err("`secondary_status` must be a string or null".to_owned()),
        }
        Ok(Value::Object(st.render(kind, &id).unwrap_or_default()))
    });
    match result {
        Ok(v) => ok(v),
        Err(e) => bad(e),
    }
}

/// `{"kind": "campaign"|"adgroup", "id", "spend": "123.45", "today"?: "12.00"}`:
/// lifetime spend, and optionally the part of it spent today.
async fn set_spend(State(app): State<Arc<Shared>>, body: Bytes) -> Response {
    if !app.control_enabled {
        return hidden();
    }
    let Some(m) = parse(&body) else {
        return bad("the body must be a JSON object");
    };
    let (kind, id) = match object_ref(
        &m,
        &[Kind::Campaign, Kind::AdGroup],
        "\"campaign\" or \"adgroup\"",
    ) {
        Ok(r) => r,
        Err(e) => return bad(e),
    };
    let Some(holder) = holder(&app, &m, kind, &id) else {
        return bad(format!("no {} with id {id}", kind.noun()));
    };
    let result = holder.write(|st| {
        if !st.map(kind).contains_key(&id) {
            return Err(format!("no {} with id {id}", kind.noun()));
        }
        let spend = match m.get("spend") {
            Some(Value::String(s)) => s.parse::<Decimal>().ok(),
            Some(Value::Number(n)) => n.to_string().parse::<Decimal>().ok(),
            _ => None,
        }
        .filter(|d| *d >= Decimal::ZERO)
        .ok_or("`spend` must be a non-negative decimal, e.g. \"123.45\"".to_owned())?;
        let today = match m.get("today") {
            None => None,
            Some(v) => Some(
                match v {
                    Value::String(s) => s.parse::<Decimal>().ok(),
                    Value::Number(n) => n.to_string().parse::<Decimal>().ok(),
                    _ => None,
                }
                .filter(|d| *d >= Decimal::ZERO)
                .ok_or("`today` must be a non-negative decimal, e.g. \"12.00\"".to_owned())?,
            ),
        };
        st.spend.insert(id.clone(), spend.to_string());
        if let Some(t) = today {
            st.spend_today.insert(id.clone(), t.to_string());
        }
        Ok(json!({"kind": m.get("kind"), "id": id, "spend": spend.to_string(), "today": today.map(|t| t.to_string())}))
    });
    match result {
        Ok(v) => ok(v),
        Err(e) => bad(e),
    }
}

/// `{"adgroup_id", "days": {"YYYY-MM-DD": {"spend"?, "impressions"?, "clicks"?,
/// "conversions"?} | null}}`: what the ad group delivered on those days of the
/// account (missing figures are 0; `null` forgets a day). The report shows these
/// instead of synthetic delivery. Answers the ad group's days as stored.
async fn set_delivery(State(app): State<Arc<Shared>>, body: Bytes) -> Response {
    if !app.control_enabled {
        return hidden();
    }
    let Some(m) = parse(&body) else {
        return bad("the body must be a JSON object");
    };
    let Some(id) = m
        .get("adgroup_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return bad("`adgroup_id` must be a string");
    };
    let Some(holder) = holder(&app, &m, Kind::AdGroup, &id) else {
        return bad(format!("no ad group with id {id}"));
    };
    let result = holder.write(|st| {
        if !st.adgroups.contains_key(&id) {
            return Err(format!("no ad group with id {id}"));
        }
        let Some(Value::Object(days)) = m.get("days") else {
            return Err("`days` must be an object of \"YYYY-MM-DD\": figures".to_owned());
        };
        let stored = st.delivery.entry(id.clone()).or_default();
        for (day, figures) in days {
            if jiff::civil::Date::strptime("%Y-%m-%d", day).is_err() {
                return Err(format!("`{day}` is not a day; use YYYY-MM-DD"));
            }
            match figures {
                Value::Null => {
                    stored.remove(day);
                }
                Value::Object(f) => {
                    stored.insert(day.clone(), day_figures(day, f)?);
                }
                _ => return Err(format!("the figures of {day} must be an object or null")),
            }
        }
        Ok(json!({"adgroup_id": id, "days": stored}))
    });
    match result {
        Ok(v) => ok(v),
        Err(e) => bad(e),
    }
}

/// One day's figures: a decimal spend and whole counts, each 0 when missing.
fn day_figures(day: &str, f: &Map<String, Value>) -> Result<DayFigures, String> {
    let count = |key: &str| match f.get(key) {
        None => Ok(0),
        Some(v) => v.as_u64().ok_or(format!(
            "`{key}` of {day} must be a whole number of at least 0"
        )),
    };
    let spend = match f.get("spend") {
        None => Some(Decimal::ZERO),
        Some(Value::String(s)) => s.parse::<Decimal>().ok(),
        Some(Value::Number(n)) => n.to_string().parse::<Decimal>().ok(),
        Some(_) => None,
    }
    .filter(|d| *d >= Decimal::ZERO)
    .ok_or(format!(
        "`spend` of {day} must be a non-negative decimal, e.g. \"12.50\""
    ))?;
    Ok(DayFigures {
        spend: spend.to_string(),
        impressions: count("impressions")?,
        clicks: count("clicks")?,
        conversions: count("conversions")?,
    })
}

async fn stats(State(app): State<Arc<Shared>>) -> Response {
    if !app.control_enabled {
        return hidden();
    }
    ok(app.stats_json())
}

/// `{"campaigns": [...], "adgroups": [...], "ads": [...]}`: stores rows as a
/// `/smart_plus/*/get/` read would show them (TikTok's documented examples, say),
/// unchecked, as Upgraded Smart+ objects under the ids they carry. An ad group
/// names its `campaign_id`, an ad its `adgroup_id`. Into the account
/// `advertiser_id` names, else the first.
async fn put_objects(State(app): State<Arc<Shared>>, body: Bytes) -> Response {
    if !app.control_enabled {
        return hidden();
    }
    let Some(m) = parse(&body) else {
        return bad("the body must be a JSON object");
    };
    let into = match m.get("advertiser_id") {
        None => Some(app.first()),
        Some(v) => v.as_str().and_then(|a| app.app(a)),
    };
    let Some(into) = into else {
        return bad("`advertiser_id` names no advertiser served here");
    };
    let result = into.write(|st| {
        let mut added = 0;
        for (key, kind, id_key, parent_key) in [
            ("campaigns", Kind::Campaign, "campaign_id", None),
            ("adgroups", Kind::AdGroup, "adgroup_id", Some("campaign_id")),
            ("ads", Kind::Ad, "smart_plus_ad_id", Some("adgroup_id")),
        ] {
            let rows = match m.get(key) {
                None => continue,
                Some(Value::Array(rows)) => rows,
                Some(_) => return Err(format!("`{key}` must be a list of objects")),
            };
            for row in rows {
                let Value::Object(data) = row else {
                    return Err(format!("`{key}` must be a list of objects"));
                };
                let field = |k: &str| data.get(k).and_then(Value::as_str).map(str::to_owned);
                let id = field(id_key).ok_or(format!("every row of `{key}` needs `{id_key}`"))?;
                let parent = match parent_key {
                    Some(p) => Some(field(p).ok_or(format!("every row of `{key}` needs `{p}`"))?),
                    None => None,
                };
                let seq = st.next_seq();
                let rec = Record {
                    seq,
                    automation: Automation::UpgradedSmartPlus,
                    deleted: false,
                    parent,
                    status_override: data
                        .get("secondary_status")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    data: data.clone(),
                };
                if kind == Kind::Ad {
                    st.insert_ad(id, rec);
                } else {
                    st.map_mut(kind).insert(id, rec);
                }
                added += 1;
            }
        }
        Ok(json!({"added": added}))
    });
    match result {
        Ok(v) => ok(v),
        Err(e) => bad(e),
    }
}

/// `{"path": "report/integrated/get/", "code": 40001, "message"?: "..."}` makes that
/// API path answer the error (as an account lacking a permission sees it) until
/// `{"path", "code": null}`; answers `{"path", "code"}`.
async fn refuse(State(app): State<Arc<Shared>>, body: Bytes) -> Response {
    if !app.control_enabled {
        return hidden();
    }
    let Some(m) = parse(&body) else {
        return bad("the body must be a JSON object");
    };
    let Some(path) = m
        .get("path")
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty())
    else {
        return bad("`path` must be an API path such as \"report/integrated/get/\"");
    };
    let err = match m.get("code") {
        None | Some(Value::Null) => None,
        Some(c) => match c.as_i64().filter(|c| *c != 0) {
            Some(code) => {
                let message = m.get("message").and_then(Value::as_str).map_or_else(
                    || "No permission to operate this advertiser. Please check the scope of your authorization.".to_owned(),
                    str::to_owned,
                );
                Some(super::wire::ApiError { code, message })
            }
            None => return bad("`code` must be a non-zero integer, or null to stop refusing"),
        },
    };
    let code = err.as_ref().map(|e| e.code);
    app.set_refusal(path, err);
    ok(json!({"path": path, "code": code}))
}
