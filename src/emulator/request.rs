//! What every API handler gets: the parsed request (JSON, query, or a multipart
//! form through `multipart`). Also the checks every call
//! passes first (token, then body, then advertiser), so handlers that take more
//! than one advertiser can reuse the advertiser check.

use std::collections::BTreeMap;

use axum::http::HeaderMap;
use serde_json::{Map, Value};

use super::app::{App, Shared};
use super::wire::{ApiError, ApiResult, code};

/// A parsed API request: query parameters (GET) or the body (POST): JSON, or a
/// `multipart/form-data` form whose fields become strings and whose file parts
/// are kept in `files`.
pub(super) struct Req {
    pub(super) query: BTreeMap<String, String>,
    pub(super) body: Map<String, Value>,
    /// The advertiser the call names, once checked (`None` for a list of them).
    pub(super) advertiser: Option<String>,
    /// File parts of a multipart form, by field name: (file name, bytes). The bytes
    /// are a view of the request body, not a copy (an upload may be a large video).
    pub(super) files: BTreeMap<String, (Option<String>, axum::body::Bytes)>,
}

/// An endpoint's logic for the advertiser the call names, run once the token and
/// advertiser checks have passed.
pub(super) type Handler = fn(&App, &Req) -> ApiResult<Value>;

/// An endpoint that names its advertisers in a list and checks them itself.
pub(super) type ListHandler = fn(&Shared, &Req) -> ApiResult<Value>;

/// Whose advertiser id a call carries.
#[derive(Clone, Copy)]
pub(super) enum Advertiser {
    /// `advertiser_id` in the query or body.
    One,
    /// `advertiser_ids` (a JSON list), checked by the handler.
    List,
}

impl Req {
    /// Checks the token, parses the request and checks its advertiser, in that
    /// order, so a call with several problems reports the same one TikTok does.
    pub(super) fn accept(
        app: &Shared,
        headers: &HeaderMap,
        is_get: bool,
        who: Advertiser,
        query: Option<String>,
        body: &axum::body::Bytes,
    ) -> ApiResult<Req> {
        check_token(app, headers)?;
        let mut req = if is_get {
            let query = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .into_owned()
                .collect();
            Req {
                query,
                body: Map::new(),
                advertiser: None,
                files: BTreeMap::new(),
            }
        } else if let Some(boundary) = headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(super::multipart::boundary)
        {
            parse_form(body, &boundary)?
        } else {
            Req {
                query: BTreeMap::new(),
                body: parse_body(body)?,
                advertiser: None,
                files: BTreeMap::new(),
            }
        };
        if let Advertiser::One = who {
            let given = if is_get {
                req.query.get("advertiser_id").cloned()
            } else {
                match req.body.get("advertiser_id") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(_) => {
                        return Err(ApiError::param("advertiser_id", "Not a valid string."));
                    }
                }
            };
            match given {
                None => return Err(ApiError::missing("advertiser_id")),
                Some(id) => {
                    check_advertiser(app, &id)?;
                    req.advertiser = Some(id);
                }
            }
        }
        Ok(req)
    }

    /// A query parameter holding JSON (the SDK sends Python's `", "` spacing).
    pub(super) fn json_param(&self, key: &str) -> ApiResult<Option<Value>> {
        let Some(raw) = self.query.get(key) else {
            return Ok(None);
        };
        if raw.trim().is_empty() {
            return Ok(None);
        }
        let v: Value = serde_json::from_str(raw)
            .map_err(|_| ApiError::param(key, format!("`{raw}` is not valid JSON.")))?;
        // Some SDK versions encode twice; unwrap a JSON string holding JSON.
        if let Value::String(inner) = &v
            && let Ok(v2) = serde_json::from_str::<Value>(inner)
        {
            return Ok(Some(v2));
        }
        Ok(Some(v))
    }
}

fn check_token(app: &Shared, headers: &HeaderMap) -> ApiResult<()> {
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

/// Compares without stopping at the first difference, so timing does not leak
/// how much of a guessed token was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Refuses any advertiser but the ones this emulator serves.
pub(super) fn check_advertiser(app: &Shared, id: &str) -> ApiResult<()> {
    if app.app(id).is_some() {
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

/// A multipart form: fields as strings (the SDK sends booleans as `True`/`False`,
/// which handlers read), files by field name.
fn parse_form(body: &axum::body::Bytes, boundary: &str) -> ApiResult<Req> {
    let parts =
        super::multipart::parse(body, boundary).map_err(|e| ApiError::new(code::PARAM_ERROR, e))?;
    let mut req = Req {
        query: BTreeMap::new(),
        body: Map::new(),
        advertiser: None,
        files: BTreeMap::new(),
    };
    for part in parts {
        let data = body.slice(part.data);
        if part.filename.is_some() {
            req.files.insert(part.name, (part.filename, data));
        } else {
            let text = String::from_utf8_lossy(&data).into_owned();
            req.body.insert(part.name, Value::String(text));
        }
    }
    Ok(req)
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
