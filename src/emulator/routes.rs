//! Paths, the token and advertiser checks every call shares, and request parsing.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use serde_json::{Map, Value};

use super::app::App;
use super::wire::{self, ApiError, ApiResult, code};
use super::{account, ad, adgroup, campaign, control};

/// A parsed API request: query parameters (GET) or the JSON body (POST).
pub struct Req {
    pub query: BTreeMap<String, String>,
    pub body: Map<String, Value>,
}

pub type Handler = fn(&App, &Req) -> ApiResult<Value>;

/// Whose advertiser id a call carries.
#[derive(Clone, Copy)]
enum Advertiser {
    /// `advertiser_id` in the query or body.
    One,
    /// `advertiser_ids` (a JSON list), checked by the handler.
    List,
}

const PREFIX: &str = "/open_api/v1.3";

pub fn router(app: Arc<App>) -> Router {
    let sp = |p: &str| format!("{PREFIX}/smart_plus/{p}");
    let v = |p: &str| format!("{PREFIX}/{p}");
    Router::new()
        .route(&sp("campaign/create/"), write(campaign::create))
        .route(&sp("campaign/get/"), read(campaign::get))
        .route(&sp("campaign/update/"), write(campaign::update))
        .route(&sp("campaign/status/update/"), write(campaign::status))
        .route(&sp("adgroup/create/"), write(adgroup::create))
        .route(&sp("adgroup/get/"), read(adgroup::get))
        .route(&sp("adgroup/update/"), write(adgroup::update))
        .route(&sp("adgroup/status/update/"), write(adgroup::status))
        .route(&sp("adgroup/budget/update/"), write(adgroup::budget_update))
        .route(&sp("ad/create/"), write(ad::create))
        .route(&sp("ad/get/"), read(ad::get))
        .route(&sp("ad/update/"), write(ad::update))
        .route(&sp("ad/status/update/"), write(ad::status))
        .route(
            &v("advertiser/info/"),
            endpoint(true, Advertiser::List, account::advertiser_info),
        )
        .route(&v("campaign/get/"), read(account::manual_campaign_get))
        .route(&v("adgroup/get/"), read(account::manual_adgroup_get))
        .route(&v("ad/get/"), read(account::manual_ad_get))
        .route(&v("report/integrated/get/"), read(account::report))
        .merge(control::router())
        .with_state(app)
}

fn read(h: Handler) -> MethodRouter<Arc<App>> {
    endpoint(true, Advertiser::One, h)
}

fn write(h: Handler) -> MethodRouter<Arc<App>> {
    endpoint(false, Advertiser::One, h)
}

fn endpoint(is_get: bool, who: Advertiser, h: Handler) -> MethodRouter<Arc<App>> {
    let f =
        move |State(app): State<Arc<App>>,
              headers: HeaderMap,
              RawQuery(query): RawQuery,
              body: Bytes| async move { dispatch(&app, &headers, is_get, who, query, &body, h) };
    if is_get { get(f) } else { post(f) }
}

fn dispatch(
    app: &App,
    headers: &HeaderMap,
    is_get: bool,
    who: Advertiser,
    query: Option<String>,
    body: &[u8],
    h: Handler,
) -> Response {
    let log_id = app.log_id();
    match parse_and_run(app, headers, is_get, who, query, body, h) {
        Ok(data) => wire::ok(&log_id, data),
        Err(e) => wire::error(&log_id, &e),
    }
}

fn parse_and_run(
    app: &App,
    headers: &HeaderMap,
    is_get: bool,
    who: Advertiser,
    query: Option<String>,
    body: &[u8],
    h: Handler,
) -> ApiResult<Value> {
    check_token(app, headers)?;
    let req = if is_get {
        let query = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
        Req {
            query,
            body: Map::new(),
        }
    } else {
        Req {
            query: BTreeMap::new(),
            body: parse_body(body)?,
        }
    };
    if let Advertiser::One = who {
        let given = if is_get {
            req.query.get("advertiser_id").cloned()
        } else {
            match req.body.get("advertiser_id") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => return Err(ApiError::param("advertiser_id", "Not a valid string.")),
            }
        };
        match given {
            None => return Err(ApiError::missing("advertiser_id")),
            Some(id) => check_advertiser(app, &id)?,
        }
    }
    h(app, &req)
}

fn check_token(app: &App, headers: &HeaderMap) -> ApiResult<()> {
    let token = headers
        .get("Access-Token")
        .map(|v| v.to_str().unwrap_or_default().trim().to_owned())
        .unwrap_or_default();
    if token.is_empty() {
        return Err(ApiError::new(
            code::TOKEN_EMPTY,
            "The access token is empty. Please put it in the Access-Token header.",
        ));
    }
    if !constant_time_eq(token.as_bytes(), app.config.access_token.as_bytes()) {
        return Err(ApiError::new(
            code::TOKEN_INVALID,
            "The access token is invalid or has been revoked.",
        ));
    }
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn check_advertiser(app: &App, id: &str) -> ApiResult<()> {
    if id == app.config.advertiser_id {
        Ok(())
    } else {
        Err(ApiError::new(
            code::NO_PERMISSION,
            format!(
                "No permission to operate advertiser {id}: the access token is not authorized for it."
            ),
        ))
    }
}

fn parse_body(body: &[u8]) -> ApiResult<Map<String, Value>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(
            code::PARAM_ERROR,
            "The request body is empty; send a JSON object.",
        ));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::new(
            code::PARAM_ERROR,
            "The request body must be a JSON object.",
        )),
        Err(e) => Err(ApiError::new(
            code::PARAM_ERROR,
            format!("The request body is not valid JSON: {e}"),
        )),
    }
}
