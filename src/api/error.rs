//! Errors of the TikTok API client and the classification of TikTok's return codes.
//!
//! Messages never contain the access token: the client scrubs server text before it
//! builds an error, and help texts name the places a token comes from, not its value.

/// What a TikTok return code (reference §8) means for the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `0`: success.
    Ok,
    /// `20001`: some of the request succeeded.
    PartialSuccess,
    /// `40000`, `40002`, `40006`, `40011`: the request itself is wrong.
    InvalidRequest,
    /// `40007` (object), `40300` (advertiser): it does not exist.
    NotFound,
    /// `40050`: duplicated request.
    Duplicate,
    /// `40008`, `40009`, `40014`, `41001`: not implemented, not in the sandbox, offline.
    Unsupported,
    /// `40001`, `40118`, `40125`: the token or app may not do this.
    Permission,
    /// `40102`, `40104`, `40105`, `40106`: the token is missing, invalid, expired or
    /// not for this advertiser.
    Auth,
    /// `40016`, `40100`, `40133`, `61000`: too many requests.
    RateLimited,
    /// `40202`: a concurrent write got in the way; try again.
    WriteConflict,
    /// `40502`: an account limit was reached.
    LimitReached,
    /// `50000`, `50002`, `51xxx`, `60001`, HTTP 5xx: TikTok's side failed.
    Server,
    /// No answer: connection refused, timeout, connection closed.
    Transport,
    /// An answer we cannot use: HTTP 4xx, not JSON, unexpected shape.
    Protocol,
    /// The client was set up wrongly (bad base URL).
    Config,
    /// A bug in this program (e.g. a background task that died).
    Internal,
    /// A return code this program does not know.
    Unknown,
}

impl ErrorKind {
    /// Classifies a TikTok return code.
    pub fn of_code(code: i64) -> ErrorKind {
        match code {
            0 => ErrorKind::Ok,
            20001 => ErrorKind::PartialSuccess,
            40000 | 40002 | 40006 | 40011 => ErrorKind::InvalidRequest,
            40007 | 40300 => ErrorKind::NotFound,
            40050 => ErrorKind::Duplicate,
            40008 | 40009 | 40014 | 41001 => ErrorKind::Unsupported,
            40001 | 40118 | 40125 => ErrorKind::Permission,
            40102 | 40104 | 40105 | 40106 => ErrorKind::Auth,
            40016 | 40100 | 40133 | 61000 => ErrorKind::RateLimited,
            40202 => ErrorKind::WriteConflict,
            40502 => ErrorKind::LimitReached,
            50000 | 50002 | 51000..=51999 | 60001 => ErrorKind::Server,
            _ => ErrorKind::Unknown,
        }
    }
}

/// Whether a TikTok return code is worth retrying (for a read or a safe write).
///
/// `61000` (blocked for too many requests) is rate limiting but lasts far longer
/// than any backoff, so it is not retried.
pub fn is_retryable_code(code: i64) -> bool {
    matches!(
        code,
        40016 | 40100 | 40133 | 40202 | 50000 | 50002 | 51000..=51999 | 60001
    )
}

/// Whether a code is a per-second rate limit, after which the next try must wait
/// for the next second.
pub fn is_qps_limit_code(code: i64) -> bool {
    matches!(code, 40100 | 40133)
}

/// How a request failed to get an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportKind {
    /// The connection could not be made: the request was never sent.
    Connect,
    /// No complete answer in time.
    Timeout,
    /// The connection closed before a complete answer.
    Closed,
}

impl TransportKind {
    fn describe(self) -> &'static str {
        match self {
            TransportKind::Connect => "cannot connect for",
            TransportKind::Timeout => "timed out waiting for an answer to",
            TransportKind::Closed => "connection closed before an answer to",
        }
    }
}

/// Why an API call failed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ApiError {
    /// TikTok answered with a non-zero return code.
    #[error("TikTok API error {code} on `{path}`: {message} (request_id {request_id})")]
    #[diagnostic(code(smartplus::api::code))]
    Api {
        path: String,
        code: i64,
        message: String,
        /// TikTok's per-call log id, for support tickets.
        request_id: String,
        #[help]
        help: Option<String>,
    },

    /// No answer. For a write, `outcome_unknown` says the request may have been
    /// carried out although its answer was lost; read the state back before retrying.
    #[error("{} `{path}`: {detail}", kind.describe())]
    #[diagnostic(code(smartplus::api::transport))]
    Transport {
        path: String,
        kind: TransportKind,
        outcome_unknown: bool,
        detail: String,
        #[help]
        help: Option<String>,
    },

    /// HTTP status other than 2xx: the request never reached the API logic, or the
    /// server failed.
    #[error("HTTP {status} from `{path}`{}", snippet_suffix(body))]
    #[diagnostic(
        code(smartplus::api::http),
        help(
            "check the API URL (--api-url, SMARTPLUS_API_URL) and try again; a 5xx is TikTok's side, and running again is safe"
        )
    )]
    Http {
        path: String,
        status: u16,
        /// What the body was, in words or as a short excerpt.
        body: String,
    },

    /// The answer is not the JSON envelope `{code, message, request_id, data}`.
    #[error(
        "answer from `{path}` (HTTP {status}) is not TikTok's JSON: {detail}{}",
        snippet_suffix(body)
    )]
    #[diagnostic(
        code(smartplus::api::json),
        help(
            "check that the API URL (--api-url, SMARTPLUS_API_URL) is TikTok's, and that no proxy answers instead; then run again"
        )
    )]
    BadJson {
        path: String,
        status: u16,
        detail: String,
        /// What the body was, in words or as a short excerpt.
        body: String,
    },

    /// Valid envelope, but `data` does not have the expected shape.
    #[error("unexpected answer from `{path}`: {detail}")]
    #[diagnostic(
        code(smartplus::api::shape),
        help("run again; if it persists, TikTok changed its answer: please report it")
    )]
    BadResponse { path: String, detail: String },

    /// The base URL is unusable.
    #[error("invalid API URL `{url}`: {reason}")]
    #[diagnostic(
        code(smartplus::api::url),
        help("use https://, or http:// only for a loopback host (127.0.0.1, ::1, localhost)")
    )]
    InvalidUrl { url: String, reason: String },

    /// The HTTP client could not be built.
    #[error("cannot set up the HTTP client: {detail}")]
    #[diagnostic(
        code(smartplus::api::build),
        help("this is a bug or a broken system TLS setup: please report it")
    )]
    Build { detail: String },

    /// A background request task died (a bug).
    #[error("internal error while calling `{path}`: {detail}")]
    #[diagnostic(
        code(smartplus::api::internal),
        help("this is a bug: please report it")
    )]
    Internal { path: String, detail: String },
}

fn snippet_suffix(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!(": {body}")
    }
}

impl ApiError {
    /// An error for a non-zero return code, with a help text where one helps.
    pub fn api(
        path: impl Into<String>,
        code: i64,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> ApiError {
        ApiError::Api {
            path: path.into(),
            code,
            message: message.into(),
            request_id: request_id.into(),
            help: Some(code_help(code).to_owned()),
        }
    }

    /// An error for a request that got no answer.
    pub fn transport(
        path: impl Into<String>,
        kind: TransportKind,
        outcome_unknown: bool,
        detail: impl Into<String>,
    ) -> ApiError {
        let help = Some(if outcome_unknown {
            "the request may have been carried out; run `smartplus plan` to read the account again before retrying"
                .to_owned()
        } else {
            "check the network and the API URL (--api-url, SMARTPLUS_API_URL), then run again"
                .to_owned()
        });
        ApiError::Transport {
            path: path.into(),
            kind,
            outcome_unknown,
            detail: detail.into(),
            help,
        }
    }

    /// The TikTok return code, for `Api` errors. (Not `code`: that name belongs to
    /// `miette::Diagnostic`.)
    pub fn return_code(&self) -> Option<i64> {
        match self {
            ApiError::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The HTTP status, for `Http` errors.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API path the call was for (empty for set-up errors).
    pub fn path(&self) -> &str {
        match self {
            ApiError::Api { path, .. }
            | ApiError::Transport { path, .. }
            | ApiError::Http { path, .. }
            | ApiError::BadJson { path, .. }
            | ApiError::BadResponse { path, .. }
            | ApiError::Internal { path, .. } => path,
            ApiError::InvalidUrl { .. } | ApiError::Build { .. } => "",
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::Api { code, .. } => ErrorKind::of_code(*code),
            ApiError::Transport { .. } => ErrorKind::Transport,
            ApiError::Http { status, .. } if *status >= 500 => ErrorKind::Server,
            ApiError::Http { status: 429, .. } => ErrorKind::RateLimited,
            ApiError::Http { .. } | ApiError::BadJson { .. } | ApiError::BadResponse { .. } => {
                ErrorKind::Protocol
            }
            ApiError::InvalidUrl { .. } | ApiError::Build { .. } => ErrorKind::Config,
            ApiError::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// Whether trying again may succeed: retryable codes, HTTP 5xx and 429, and
    /// every transport failure. Whether a given call *may* be retried also depends
    /// on its idempotency; see [`crate::api::retry::decide`].
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Api { code, .. } => is_retryable_code(*code),
            ApiError::Http { status, .. } => *status >= 500 || *status == 429,
            ApiError::Transport { .. } => true,
            _ => false,
        }
    }

    /// True when a write may have happened although no answer arrived.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ApiError::Transport {
                outcome_unknown: true,
                ..
            }
        )
    }
}

/// What to do about a return code. Names where the token comes from, never the token.
fn code_help(code: i64) -> &'static str {
    match code {
        40104 => {
            "no access token reached TikTok; set TIKTOK_ACCESS_TOKEN or pass --access-token-file FILE"
        }
        40102 | 40105 => {
            "TikTok rejected the access token; check TIKTOK_ACCESS_TOKEN or the file given to --access-token-file"
        }
        40106 => {
            "the access token is not authorised for this advertiser; check --advertiser-id (or SMARTPLUS_ADVERTISER_ID, or advertiser_id in the spec) and the token in TIKTOK_ACCESS_TOKEN or --access-token-file"
        }
        40001 | 40125 => {
            "the token's app lacks permission for this call; grant it the Ads Management scope"
        }
        40118 => {
            "the advertiser is not allowlisted for this feature; ask your TikTok representative"
        }
        40016 | 40100 | 40133 => {
            "TikTok's rate limit was exceeded; lower --qps or run fewer jobs on this app at once"
        }
        61000 => "TikTok blocked the app for too many requests; wait before trying again",
        40300 => "check --advertiser-id (or SMARTPLUS_ADVERTISER_ID, or advertiser_id in the spec)",
        _ => match ErrorKind::of_code(code) {
            ErrorKind::InvalidRequest => {
                "TikTok refused the request as the spec has it: change what the message names, then run `smartplus plan` again"
            }
            ErrorKind::NotFound => {
                "the object is gone from the account; run `smartplus plan` again to see what it would do now"
            }
            ErrorKind::Server | ErrorKind::WriteConflict => {
                "TikTok's side failed; run again in a few minutes (apply is safe to run again)"
            }
            ErrorKind::LimitReached => {
                "an account limit was reached; pause or delete objects the account no longer needs"
            }
            _ => {
                "if the message does not say what to change, ask TikTok support with the request_id"
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code in reference §8 with its expected kind.
    const TABLE: &[(i64, ErrorKind)] = &[
        (0, ErrorKind::Ok),
        (20001, ErrorKind::PartialSuccess),
        (40000, ErrorKind::InvalidRequest),
        (40001, ErrorKind::Permission),
        (40002, ErrorKind::InvalidRequest),
        (40006, ErrorKind::InvalidRequest),
        (40007, ErrorKind::NotFound),
        (40008, ErrorKind::Unsupported),
        (40009, ErrorKind::Unsupported),
        (40011, ErrorKind::InvalidRequest),
        (40014, ErrorKind::Unsupported),
        (40016, ErrorKind::RateLimited),
        (40050, ErrorKind::Duplicate),
        (40100, ErrorKind::RateLimited),
        (40102, ErrorKind::Auth),
        (40104, ErrorKind::Auth),
        (40105, ErrorKind::Auth),
        (40106, ErrorKind::Auth),
        (40118, ErrorKind::Permission),
        (40125, ErrorKind::Permission),
        (40133, ErrorKind::RateLimited),
        (40202, ErrorKind::WriteConflict),
        (40300, ErrorKind::NotFound),
        (40502, ErrorKind::LimitReached),
        (41001, ErrorKind::Unsupported),
        (50000, ErrorKind::Server),
        (50002, ErrorKind::Server),
        (51000, ErrorKind::Server),
        (51021, ErrorKind::Server),
        (51999, ErrorKind::Server),
        (60001, ErrorKind::Server),
        (61000, ErrorKind::RateLimited),
        (12345, ErrorKind::Unknown),
        (52000, ErrorKind::Unknown),
    ];

    #[test]
    fn every_documented_code_is_classified() {
        for &(code, kind) in TABLE {
            assert_eq!(ErrorKind::of_code(code), kind, "code {code}");
            assert_eq!(
                ApiError::api("p/", code, "m", "r").kind(),
                kind,
                "code {code}"
            );
        }
    }

    #[test]
    fn retryable_codes_are_exactly_the_documented_ones() {
        let retryable = [
            40016, 40100, 40133, 40202, 50000, 50002, 51000, 51021, 51500, 51999, 60001,
        ];
        for &(code, _) in TABLE {
            assert_eq!(
                is_retryable_code(code),
                retryable.contains(&code),
                "code {code}"
            );
        }
        for code in retryable {
            assert!(is_retryable_code(code), "code {code}");
            assert!(ApiError::api("p/", code, "m", "r").is_retryable());
        }
        assert!(!is_retryable_code(61000));
        assert!(!is_retryable_code(52000));
    }

    #[test]
    fn http_and_transport_classification() {
        let http = |status| ApiError::Http {
            path: "p/".into(),
            status,
            body: String::new(),
        };
        assert_eq!(http(503).kind(), ErrorKind::Server);
        assert!(http(503).is_retryable());
        assert!(http(500).is_retryable());
        assert!(http(429).is_retryable());
        assert_eq!(http(404).kind(), ErrorKind::Protocol);
        assert!(!http(404).is_retryable());
        let lost = ApiError::transport("p/", TransportKind::Closed, true, "eof");
        assert_eq!(lost.kind(), ErrorKind::Transport);
        assert!(lost.is_retryable());
        assert!(lost.outcome_unknown());
        let refused = ApiError::transport("p/", TransportKind::Connect, false, "refused");
        assert!(!refused.outcome_unknown());
        assert_eq!(http(503).return_code(), None);
        assert_eq!(http(503).http_status(), Some(503));
    }

    #[test]
    fn auth_errors_explain_where_the_token_comes_from() {
        for code in [40104, 40105, 40106] {
            let err = ApiError::api("p/", code, "token invalid", "r");
            let help = match &err {
                ApiError::Api { help: Some(h), .. } => h.clone(),
                other => panic!("no help for {code}: {other:?}"),
            };
            assert!(help.contains("TIKTOK_ACCESS_TOKEN"), "{help}");
            assert!(help.contains("--access-token-file"), "{help}");
        }
        // Every refusal says what to do next (#15); a bad request names no token.
        match ApiError::api("p/", 40002, "bad", "r") {
            ApiError::Api { help: Some(h), .. } => {
                assert!(h.contains("smartplus plan"), "{h}");
                assert!(!h.contains("TIKTOK_ACCESS_TOKEN"), "{h}");
            }
            other => panic!("no help for 40002: {other:?}"),
        }
    }

    #[test]
    fn display_names_path_code_and_request_id() {
        let err = ApiError::api("smart_plus/campaign/get/", 40002, "budget too low", "abc");
        assert_eq!(
            err.to_string(),
            "TikTok API error 40002 on `smart_plus/campaign/get/`: budget too low (request_id abc)"
        );
        let err = ApiError::transport("smart_plus/ad/create/", TransportKind::Timeout, true, "60s");
        assert_eq!(
            err.to_string(),
            "timed out waiting for an answer to `smart_plus/ad/create/`: 60s"
        );
    }
}
