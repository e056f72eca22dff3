//! The response envelope and business errors, as TikTok puts them on the wire.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

/// Return codes used by the emulator (see `tiktok-smartplus-api.md` §8).
pub mod code {
    pub const OK: i64 = 0;
    pub const NO_PERMISSION: i64 = 40001;
    pub const PARAM_ERROR: i64 = 40002;
    pub const NOT_FOUND: i64 = 40007;
    pub const TOO_MANY_IDS: i64 = 40011;
    pub const RATE_LIMIT: i64 = 40100;
    pub const ADVERTISER_RATE_LIMIT: i64 = 40133;
    pub const TOKEN_EMPTY: i64 = 40104;
    pub const TOKEN_INVALID: i64 = 40105;
    pub const WRITE_CONFLICT: i64 = 40202;
    pub const LIMIT_REACHED: i64 = 40502;
    pub const SYSTEM_ERROR: i64 = 50000;
}

/// A business error: answered with HTTP 200, a non-zero code and `data: {}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ApiError {
    pub(super) code: i64,
    pub(super) message: String,
}

impl ApiError {
    pub(super) fn new(code: i64, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// 40002 naming the field, the way TikTok words parameter errors.
    pub(super) fn param(field: &str, problem: impl std::fmt::Display) -> Self {
        ApiError::new(code::PARAM_ERROR, format!("{field}: {problem}"))
    }

    pub(super) fn missing(field: &str) -> Self {
        ApiError::param(field, "Missing data for required field.")
    }

    pub(super) fn not_found(what: impl std::fmt::Display) -> Self {
        ApiError::new(code::NOT_FOUND, format!("{what} does not exist."))
    }
}

pub(super) type ApiResult<T> = Result<T, ApiError>;

/// Marks a response with the envelope code, so the connection layer can count
/// outcomes without parsing bodies.
#[derive(Clone, Copy, Debug)]
pub(super) struct Outcome(pub(super) i64);

/// Builds an envelope response (always HTTP 200).
pub(super) fn envelope(code: i64, message: &str, request_id: &str, data: Value) -> Response {
    let mut body = Map::new();
    body.insert("code".into(), Value::from(code));
    body.insert("message".into(), Value::from(message));
    body.insert("request_id".into(), Value::from(request_id));
    body.insert("data".into(), data);
    let mut resp = (
        StatusCode::OK,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        Value::Object(body).to_string(),
    )
        .into_response();
    resp.extensions_mut().insert(Outcome(code));
    resp
}

pub(super) fn ok(request_id: &str, data: Value) -> Response {
    envelope(code::OK, "OK", request_id, data)
}

pub(super) fn error(request_id: &str, err: &ApiError) -> Response {
    envelope(
        err.code,
        &err.message,
        request_id,
        Value::Object(Map::new()),
    )
}

/// The longest request URL (path and query) the CDN in front of TikTok passes on;
/// live, GET URLs of about 9 KB were refused. [field LIVE; the exact limit is inf]
pub(super) const MAX_URL_LEN: usize = 8192;

/// HTTP 400 with the CDN's HTML page, not the JSON envelope: the request never
/// reached TikTok.
pub(super) fn cdn_bad_request() -> Response {
    let body = "<HTML><HEAD>\n<TITLE>Bad Request</TITLE>\n</HEAD><BODY>\n<H1>Bad Request</H1>\n\
                Your browser sent a request that this server could not understand.<P>\n\
                Reference&#32;&#35;7&#46;0\n<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net\n\
                </BODY>\n</HTML>\n";
    let mut resp = (
        StatusCode::BAD_REQUEST,
        [(axum::http::header::CONTENT_TYPE, "text/html")],
        body,
    )
        .into_response();
    resp.extensions_mut().insert(Outcome(400));
    resp
}

/// HTTP 503 from "the gateway": the request never reached API logic.
pub(super) fn unavailable() -> Response {
    let mut resp = (
        StatusCode::SERVICE_UNAVAILABLE,
        [(axum::http::header::CONTENT_TYPE, "text/plain")],
        "Service Unavailable",
    )
        .into_response();
    resp.extensions_mut().insert(Outcome(503));
    resp
}
