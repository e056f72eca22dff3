//! Test-only controls under `/_emulator/`: the clock, object ages, spend and
//! request counters. No token; served only when the emulator listens on loopback.
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
use super::state::Kind;

pub(super) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_emulator/clock", post(set_clock).get(get_clock))
        .route("/_emulator/object", post(age_object))
        .route("/_emulator/spend", post(set_spend))
        .route("/_emulator/stats", get(stats))
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
/// Every advertiser's clock moves alike.
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
fn object_ref(m: &Map<String, Value>, kinds: &[Kind], expected: &str) -> Result<(Kind, String), String> {
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

/// `{"kind", "id", "create_time"?, "modify_time"?, "secondary_status"?}`.
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
        for key in ["create_time", "modify_time"] {
            if let Some(v) = m.get(key) {
                let s = v
                    .as_str()
                    .filter(|s| clock::parse(s).is_some())
                    .ok_or(format!("`{key}` must be \"YYYY-MM-DD HH:MM:SS\" (UTC)"))?;
                rec.data.insert(key.into(), json!(s));
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

/// `{"kind": "campaign"|"adgroup", "id", "spend": "123.45"}`: lifetime spend.
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
        st.spend.insert(id.clone(), spend.to_string());
        Ok(json!({"kind": m.get("kind"), "id": id, "spend": spend.to_string()}))
    });
    match result {
        Ok(v) => ok(v),
        Err(e) => bad(e),
    }
}

async fn stats(State(app): State<Arc<Shared>>) -> Response {
    if !app.control_enabled {
        return hidden();
    }
    ok(app.stats_json())
}
