//! HTTP client for TikTok's Marketing API v1.3: envelope parsing, pacing, retries,
//! concurrent pagination and call counting. The pacing adapts to a rate limit
//! shared with other processes ([`super::pacing`]); calls rejected by it are
//! retried, invisibly to the caller.
//!
//! The access token travels only in the `Access-Token` header. `Debug` redacts it,
//! logs carry the path and return code only, and any server text that echoes the
//! token is scrubbed before it becomes an error message.

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::StdRng;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use url::Url;

use super::error::{ApiError, TransportKind, is_qps_limit_code};
use super::pacing::Pacer;
use super::retry::{self, CallKind, Decision, Policy};

/// Path prefix of every v1.3 endpoint.
pub const API_PREFIX: &str = "open_api/v1.3/";

/// Longest piece of an unusable answer kept in an error message.
const BODY_SNIPPET: usize = 200;

/// Longest a call waiting for the pacer sleeps before looking again: the rate may
/// have grown meanwhile.
const PACER_NAP: Duration = Duration::from_millis(250);

/// Largest answer read: a page of 1000 campaigns is a few MiB.
pub const MAX_BODY_BYTES: usize = 32 << 20;

/// Most objects one list read returns (far above any real account's Smart+ objects);
/// a server claiming more is not believed.
pub const MAX_LIST_ITEMS: u64 = 200_000;

/// Whether a write may be repeated safely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// Repeating it has no further effect (create with `request_id`, update, status).
    Idempotent,
    /// Repeating it could do it twice (ad create): a lost answer is never retried.
    NonIdempotent,
}

impl Idempotency {
    fn call_kind(self) -> CallKind {
        match self {
            Idempotency::Idempotent => CallKind::IdempotentWrite,
            Idempotency::NonIdempotent => CallKind::NonIdempotentWrite,
        }
    }
}

/// Tunables of a [`Client`].
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Requests per second at most, paced on our side (TikTok's basic tier allows
    /// 10); lower while the API answers that the app's limit is exceeded.
    pub qps: NonZeroU32,
    /// Jobs sharing `qps` at once, this one included (`--qps-share`): the pacer
    /// starts at this job's share of it ([`Pacer::sharing`]).
    pub qps_share: NonZeroU32,
    /// Requests in flight at once.
    pub max_in_flight: usize,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Time for a whole request, answer included.
    pub request_timeout: Duration,
    /// Retry backoff.
    pub retry: Policy,
    /// Seed for retry jitter (tests); random when `None`.
    pub jitter_seed: Option<u64>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            qps: NonZeroU32::MIN.saturating_add(9),
            qps_share: NonZeroU32::MIN,
            max_in_flight: 8,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_mins(1),
            retry: Policy::default(),
            jitter_seed: None,
        }
    }
}

/// A TikTok Marketing API client. Cheap to clone; clones share pacing and the
/// call counter.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Base URL ending in `/open_api/v1.3/`.
    api_root: Url,
    token: SecretString,
    pacer: Mutex<Pacer>,
    /// Calls waiting for the pacer queue here, so they go in order.
    pacer_queue: tokio::sync::Mutex<()>,
    /// The pacer's time origin.
    origin: Instant,
    in_flight: Semaphore,
    max_in_flight: usize,
    calls: AtomicU64,
    rate_limited: AtomicU64,
    retry: Policy,
    rng: Mutex<StdRng>,
    qps: NonZeroU32,
    qps_share: NonZeroU32,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api_root", &self.inner.api_root.as_str())
            .field("token", &"[redacted]")
            .field("qps", &self.inner.qps)
            .field("calls", &self.calls())
            .finish_non_exhaustive()
    }
}

/// Checks a base URL: `https://` anywhere, `http://` only for loopback hosts.
pub fn check_base_url(url: &str) -> Result<Url, ApiError> {
    let invalid = |reason: &str| ApiError::InvalidUrl {
        url: shown_url(url),
        reason: reason.to_owned(),
    };
    let parsed = Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid("credentials do not belong in the URL"));
    }
    match parsed.scheme() {
        "https" => {}
        "http" => {
            if !is_loopback(&parsed) {
                return Err(invalid(
                    "http:// is allowed only for loopback hosts; the token must not travel unencrypted",
                ));
            }
        }
        other => return Err(invalid(&format!("unsupported scheme `{other}`"))),
    }
    if parsed.host().is_none() {
        return Err(invalid("no host"));
    }
    Ok(parsed)
}

/// A URL as messages may show it: without credentials, query or fragment, which is
/// where a token pasted into a URL would be.
pub fn shown_url(url: &str) -> String {
    if let Ok(mut parsed) = Url::parse(url) {
        let _ = parsed.set_username("");
        let _ = parsed.set_password(None);
        parsed.set_query(None);
        parsed.set_fragment(None);
        return parsed.to_string();
    }
    // Unparseable: cut what could be a query, and anything before an `@`.
    let cut = url.split(['?', '#']).next().unwrap_or_default();
    let (scheme, rest) = cut.split_once("://").unwrap_or(("", cut));
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let slash = if rest.contains('/') { "/" } else { "" };
    if scheme.is_empty() {
        format!("{host}{slash}{path}")
    } else {
        format!("{scheme}://{host}{slash}{path}")
    }
}

/// Whether the URL's host is this machine.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// `https://host[/base]` → `https://host[/base]/open_api/v1.3/`, accepting a base
/// that already ends in the prefix.
fn api_root(mut base: Url) -> Url {
    let path = base.path().trim_end_matches('/').to_owned();
    let prefix = API_PREFIX.trim_end_matches('/');
    let path = if path.ends_with(prefix) {
        format!("{path}/")
    } else {
        format!("{path}/{API_PREFIX}")
    };
    base.set_path(&path);
    base.set_query(None);
    base.set_fragment(None);
    base
}

/// The `{code, message, request_id, data}` envelope.
#[derive(serde::Deserialize)]
struct Envelope {
    code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    request_id: String,
    #[serde(default)]
    data: Value,
}

/// Makes ring the process's TLS crypto provider (reqwest is built without one, so
/// every `reqwest::Client` needs this first). Another provider installed first is
/// kept: either verifies certificates alike.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Client {
    /// A client for `base_url` (e.g. `https://business-api.tiktok.com`).
    pub fn new(
        base_url: &str,
        token: SecretString,
        options: ClientOptions,
    ) -> Result<Client, ApiError> {
        let base = check_base_url(base_url)?;
        install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .user_agent(concat!("smartplus/", env!("CARGO_PKG_VERSION")))
            // Redirects could carry the token header elsewhere.
            .redirect(reqwest::redirect::Policy::none());
        if is_loopback(&base) {
            // A proxy from the environment must not intercept the local sandbox.
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| ApiError::Build {
            detail: error_chain(&e),
        })?;
        let rng = match options.jitter_seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_os_rng(),
        };
        let max_in_flight = options.max_in_flight.max(1);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_root: api_root(base),
                token,
                pacer: Mutex::new(Pacer::sharing(options.qps, options.qps_share)),
                pacer_queue: tokio::sync::Mutex::new(()),
                origin: Instant::now(),
                in_flight: Semaphore::new(max_in_flight),
                max_in_flight,
                calls: AtomicU64::new(0),
                rate_limited: AtomicU64::new(0),
                retry: options.retry,
                rng: Mutex::new(rng),
                qps: options.qps,
                qps_share: options.qps_share,
            }),
        })
    }

    /// HTTP requests made so far (retries included), by this client and its clones.
    pub fn calls(&self) -> u64 {
        self.inner.calls.load(Ordering::Relaxed)
    }

    /// Of [`Client::calls`], those a rate limit rejected (`40100`, `40133`); each
    /// was retried.
    pub fn rate_limited(&self) -> u64 {
        self.inner.rate_limited.load(Ordering::Relaxed)
    }

    /// Requests per second the pacer allows now.
    pub fn pace(&self) -> f64 {
        lock(&self.inner.pacer).rate()
    }

    /// The base URL the paths are joined to (ends in `/open_api/v1.3/`).
    pub fn api_root(&self) -> &str {
        self.inner.api_root.as_str()
    }

    /// GET `path` (relative, e.g. `smart_plus/campaign/get/`) with query parameters;
    /// returns `data`. Retried as a read.
    pub async fn get(&self, path: &str, params: &[(&str, String)]) -> Result<Value, ApiError> {
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        self.call(path, Request::Get(&params), CallKind::Read).await
    }

    /// POST a JSON `body` to `path`; returns `data`. Retried according to
    /// `idempotency`; a non-idempotent write whose answer was lost fails with
    /// [`ApiError::Transport`] and `outcome_unknown` set.
    pub async fn post(
        &self,
        path: &str,
        body: &Value,
        idempotency: Idempotency,
    ) -> Result<Value, ApiError> {
        self.call(path, Request::Post(body), idempotency.call_kind())
            .await
    }

    /// POST a body that is made anew for each attempt (a streamed upload cannot be
    /// replayed), with its content type and a time limit of its own (an upload takes
    /// longer than a call); returns `data`. Retried according to `idempotency`.
    pub async fn post_stream(
        &self,
        path: &str,
        body: &Streamed<'_>,
        idempotency: Idempotency,
    ) -> Result<Value, ApiError> {
        self.call(path, Request::Stream(body), idempotency.call_kind())
            .await
    }

    /// Every item of a list endpoint: page 1 first, then the remaining pages
    /// concurrently (bounded), in page order. `fields` and `filtering` are sent
    /// JSON-encoded, as TikTok expects.
    pub async fn list_all(
        &self,
        path: &str,
        advertiser_id: &str,
        fields: Option<&[&str]>,
        filtering: Option<&Value>,
        page_size: u32,
    ) -> Result<Vec<Value>, ApiError> {
        let mut params = vec![("advertiser_id".to_owned(), advertiser_id.to_owned())];
        if let Some(fields) = fields {
            params.push(("fields".to_owned(), json_param(&fields)));
        }
        if let Some(filtering) = filtering {
            params.push(("filtering".to_owned(), filtering.to_string()));
        }
        self.list_pages(path, params, page_size).await
    }

    /// Like [`Client::list_all`] with arbitrary query parameters (`page` and
    /// `page_size` are added).
    ///
    /// The server's page count is trusted only as far as the data bears it out: a page
    /// that comes back short or empty is the last one, `total_page` never counts for
    /// more than `total_number` can fill, and no list is read past [`MAX_LIST_ITEMS`].
    pub async fn list_pages(
        &self,
        path: &str,
        params: Vec<(String, String)>,
        page_size: u32,
    ) -> Result<Vec<Value>, ApiError> {
        self.list_pages_of(path, params, page_size, "list").await
    }

    /// Like [`Client::list_pages`] for an endpoint whose items are under
    /// `data.<list_key>` (`pixels`, `identity_list`…) rather than `data.list`.
    pub async fn list_pages_of(
        &self,
        path: &str,
        params: Vec<(String, String)>,
        page_size: u32,
        list_key: &'static str,
    ) -> Result<Vec<Value>, ApiError> {
        let params = Arc::new(params);
        let first = self.page(path, &params, 1, page_size).await?;
        let (mut items, total_pages) = split_page(path, first, page_size, list_key)?;
        let full = |list: &[Value]| list.len() >= page_size as usize;
        if total_pages <= 1 || !full(&items) {
            return Ok(items);
        }
        let max_pages = (MAX_LIST_ITEMS / u64::from(page_size.max(1))).max(1);
        // The last page to ask for: lowered when a page comes back short.
        let mut last = total_pages.min(max_pages);
        // Whether a short page ended the list.
        let mut ended = false;

        let mut pages: BTreeMap<u64, Vec<Value>> = BTreeMap::new();
        let mut tasks = JoinSet::new();
        let mut next = 2u64;
        loop {
            while next <= last && tasks.len() < self.inner.max_in_flight {
                let client = self.clone();
                let path = path.to_owned();
                let params = Arc::clone(&params);
                let page = next;
                tasks.spawn(async move {
                    let data = client.page(&path, &params, page, page_size).await?;
                    let (list, _) = split_page(&path, data, page_size, list_key)?;
                    Ok::<_, ApiError>((page, list))
                });
                next += 1;
            }
            let Some(joined) = tasks.join_next().await else {
                break;
            };
            // An error drops `tasks`, which aborts the pages still in flight.
            let (page, list) = joined.map_err(|e| ApiError::Internal {
                path: path.to_owned(),
                detail: e.to_string(),
            })??;
            if !full(&list) {
                last = last.min(page);
                ended = true;
            }
            pages.insert(page, list);
        }
        let bad = |detail: String| ApiError::BadResponse {
            path: path.to_owned(),
            detail,
        };
        for (page, list) in pages {
            if page > last && !list.is_empty() {
                return Err(bad(format!(
                    "page {page} has objects after the short page {last}: the list changed while it was read; run the command again"
                )));
            }
            items.extend(list);
        }
        if total_pages > max_pages && !ended {
            return Err(bad(format!(
                "the list claims more than {MAX_LIST_ITEMS} objects; smartplus reads no more than that"
            )));
        }
        Ok(items)
    }

    async fn page(
        &self,
        path: &str,
        params: &[(String, String)],
        page: u64,
        page_size: u32,
    ) -> Result<Value, ApiError> {
        let mut params = params.to_vec();
        params.push(("page".to_owned(), page.to_string()));
        params.push(("page_size".to_owned(), page_size.to_string()));
        self.call(path, Request::Get(&params), CallKind::Read).await
    }

    /// One logical call: attempts until success or until the retry policy gives up.
    async fn call(
        &self,
        path: &str,
        request: Request<'_>,
        kind: CallKind,
    ) -> Result<Value, ApiError> {
        // Rate-limit rejections are counted apart: the pacer slows down on each, so
        // they are retried more often than other failures.
        let (mut failures, mut limited) = (0u32, 0u32);
        loop {
            let err = match self.attempt(path, &request, kind).await {
                Ok(data) => return Ok(data),
                Err(err) => err,
            };
            let attempt = if err.return_code().is_some_and(is_qps_limit_code) {
                limited += 1;
                limited
            } else {
                failures += 1;
                failures
            };
            let decision = {
                let mut rng = lock(&self.inner.rng);
                retry::decide(&self.inner.retry, attempt, &err, kind, &mut *rng)
            };
            match decision {
                Decision::Retry(delay) => {
                    tracing::info!(
                        path,
                        code = err.return_code(),
                        status = err.http_status(),
                        attempt,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
                Decision::GiveUp => return Err(err),
            }
        }
    }

    /// One HTTP request, paced and bounded in concurrency.
    async fn attempt(
        &self,
        path: &str,
        request: &Request<'_>,
        kind: CallKind,
    ) -> Result<Value, ApiError> {
        let inner = &self.inner;
        let url = inner
            .api_root
            .join(path)
            .map_err(|e| ApiError::InvalidUrl {
                url: path.to_owned(),
                reason: e.to_string(),
            })?;
        let _permit = inner
            .in_flight
            .acquire()
            .await
            .map_err(|e| ApiError::Internal {
                path: path.to_owned(),
                detail: e.to_string(),
            })?;
        let sent = self.wait_for_pacer().await;
        let result = self.send(path, url, request, kind).await;
        let answered = inner.origin.elapsed();
        match &result {
            Ok(_) => lock(&inner.pacer).on_success(answered),
            Err(err) if err.return_code().is_some_and(is_qps_limit_code) => {
                inner.rate_limited.fetch_add(1, Ordering::Relaxed);
                let (cut, gave_up, rate) = {
                    let mut pacer = lock(&inner.pacer);
                    let had_share = pacer.share_floor().is_some();
                    let cut = pacer.on_rate_limited(sent, answered);
                    (
                        cut,
                        had_share && pacer.share_floor().is_none(),
                        pacer.rate(),
                    )
                };
                if gave_up {
                    tracing::warn!(
                        "the app's rate limit pushed this job to the floor of its share of --qps {} times within {} s (--qps-share {}): more jobs or other clients use the app than said; pacing without the share from here",
                        super::pacing::SHARE_GIVE_UP,
                        super::pacing::SHARE_GIVE_UP_WITHIN.as_secs(),
                        inner.qps_share
                    );
                }
                if cut {
                    tracing::info!(
                        t = answered.as_secs_f64(),
                        path,
                        code = err.return_code(),
                        "rate limited: pacing at {rate:.2} requests/second"
                    );
                }
            }
            Err(_) => {}
        }
        result
    }

    /// Waits for the pacer to let a call through; when it did.
    async fn wait_for_pacer(&self) -> Duration {
        let inner = &self.inner;
        let _turn = inner.pacer_queue.lock().await;
        loop {
            let now = inner.origin.elapsed();
            let ready = {
                let mut rng = lock(&inner.rng);
                lock(&inner.pacer).try_send(now, &mut *rng)
            };
            match ready {
                Ok(()) => return now,
                Err(wait) => tokio::time::sleep(wait.min(PACER_NAP)).await,
            }
        }
    }

    /// The request itself and its answer.
    async fn send(
        &self,
        path: &str,
        url: Url,
        request: &Request<'_>,
        kind: CallKind,
    ) -> Result<Value, ApiError> {
        let inner = &self.inner;

        let builder = match request {
            Request::Get(params) => inner.http.get(url).query(params),
            Request::Post(body) => inner.http.post(url).json(body),
            Request::Stream(s) => inner
                .http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, s.content_type.as_str())
                .timeout(s.timeout)
                .body((s.make)().map_err(|e| ApiError::Internal {
                    path: path.to_owned(),
                    detail: e,
                })?),
        };
        let mut token = reqwest::header::HeaderValue::from_str(inner.token.expose_secret())
            .map_err(|_| ApiError::Build {
                detail: "the access token contains characters not allowed in a header".into(),
            })?;
        token.set_sensitive(true);
        let builder = builder.header("Access-Token", token);

        inner.calls.fetch_add(1, Ordering::Relaxed);
        let is_write = kind != CallKind::Read;
        let response = builder
            .send()
            .await
            .map_err(|e| self.transport_error(path, &e, is_write))?;
        let status = response.status();
        let bytes = self.body(path, response, is_write).await?;

        if !status.is_success() {
            tracing::debug!(path, status = status.as_u16(), "api call");
            // The code outranks the status when the envelope is there (reference §1).
            if let Ok(envelope) = serde_json::from_slice::<Envelope>(&bytes)
                && envelope.code != 0
            {
                return Err(ApiError::api(
                    path,
                    envelope.code,
                    self.scrub(&envelope.message),
                    envelope.request_id,
                ));
            }
            return Err(ApiError::Http {
                path: path.to_owned(),
                status: status.as_u16(),
                body: self.describe_body(&bytes),
            });
        }
        let envelope: Envelope = serde_json::from_slice(&bytes).map_err(|e| ApiError::BadJson {
            path: path.to_owned(),
            status: status.as_u16(),
            // serde quotes a bad value whole: as short as the body's excerpt.
            detail: self.snippet(e.to_string().as_bytes()),
            body: self.describe_body(&bytes),
        })?;
        tracing::debug!(path, code = envelope.code, "api call");
        match envelope.code {
            // 20001 is partial success: the data says which part; callers check it.
            0 | 20001 => Ok(match envelope.data {
                Value::Null => Value::Object(serde_json::Map::default()),
                data => data,
            }),
            code => Err(ApiError::api(
                path,
                code,
                self.scrub(&envelope.message),
                envelope.request_id,
            )),
        }
    }

    fn transport_error(&self, path: &str, err: &reqwest::Error, is_write: bool) -> ApiError {
        let kind = if err.is_connect() {
            TransportKind::Connect
        } else if err.is_timeout() {
            TransportKind::Timeout
        } else {
            TransportKind::Closed
        };
        // Only a connection that was never made proves a write was not sent.
        let outcome_unknown = is_write && kind != TransportKind::Connect;
        // The cause and the server: the path is in the message already.
        let detail = match err.url() {
            Some(url) => format!(
                "{} ({})",
                root_cause(err),
                url.origin().ascii_serialization()
            ),
            None => root_cause(err),
        };
        ApiError::transport(path, kind, outcome_unknown, self.scrub(&detail))
    }

    /// Removes the token from text that came from elsewhere.
    fn scrub(&self, text: &str) -> String {
        let token = self.inner.token.expose_secret();
        if token.is_empty() {
            text.to_owned()
        } else {
            text.replace(token, "[redacted]")
        }
    }

    /// The answer's body, read up to [`MAX_BODY_BYTES`].
    async fn body(
        &self,
        path: &str,
        mut response: reqwest::Response,
        is_write: bool,
    ) -> Result<Vec<u8>, ApiError> {
        let too_large = || ApiError::BadResponse {
            path: path.to_owned(),
            detail: format!(
                "the answer is larger than {}",
                crate::files::size(MAX_BODY_BYTES as u64)
            ),
        };
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(path, &e, is_write))?
        {
            if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    /// What an answer that is not TikTok's envelope holds, in words: an HTML page
    /// (a proxy's or a CDN's, reference §14) is named as such, with its title.
    fn describe_body(&self, bytes: &[u8]) -> String {
        let text = String::from_utf8_lossy(bytes);
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return "an empty body".into();
        }
        let head: String = trimmed
            .chars()
            .take(512)
            .collect::<String>()
            .to_ascii_lowercase();
        if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head")
        {
            let gist = self.scrub(&html_gist(trimmed));
            return if gist.is_empty() {
                "an HTML page, not TikTok's JSON (from a proxy or CDN?)".into()
            } else {
                format!("an HTML page (“{gist}”), not TikTok's JSON (from a proxy or CDN?)")
            };
        }
        self.snippet(bytes)
    }

    fn snippet(&self, bytes: &[u8]) -> String {
        let text = String::from_utf8_lossy(bytes);
        let text = self.scrub(text.trim());
        match text.char_indices().nth(BODY_SNIPPET) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        }
    }
}

enum Request<'a> {
    Get(&'a [(String, String)]),
    Post(&'a Value),
    Stream(&'a Streamed<'a>),
}

/// A body sent in pieces (an upload): made by `make` for each attempt.
pub struct Streamed<'a> {
    pub content_type: String,
    /// The whole request's time limit.
    pub timeout: Duration,
    #[allow(clippy::type_complexity)]
    pub make: &'a (dyn Fn() -> Result<reqwest::Body, String> + Send + Sync),
}

/// What an HTML page says, in short: its `<title>`, else its text without tags;
/// whitespace collapsed, at most 100 characters.
fn html_gist(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let title = lower.find("<title").and_then(|open| {
        let start = open + lower[open..].find('>')? + 1;
        let end = start + lower[start..].find("</title")?;
        Some(&html[start..end])
    });
    let text = if let Some(t) = title {
        t.to_owned()
    } else {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    text.push(' ');
                }
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let gist = words.join(" ");
    match gist.char_indices().nth(100) {
        Some((cut, _)) => format!("{}…", &gist[..cut]),
        None => gist,
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded values stay consistent between statements; keep going.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// JSON text of a query parameter value (`fields`, `filtering`, id lists).
pub fn json_param<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serialising strings and string slices cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// Splits a list answer into its items and the number of pages.
fn split_page(
    path: &str,
    data: Value,
    page_size: u32,
    list_key: &str,
) -> Result<(Vec<Value>, u64), ApiError> {
    let bad = |detail: &str| ApiError::BadResponse {
        path: path.to_owned(),
        detail: detail.to_owned(),
    };
    let Value::Object(mut data) = data else {
        return Err(bad("`data` is not an object"));
    };
    let list = match data.remove(list_key) {
        Some(Value::Array(list)) => list,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(bad(&format!("`data.{list_key}` is not an array"))),
    };
    let info = data.get("page_info");
    let number = |key: &str| info.and_then(|i| i.get(key)).and_then(Value::as_u64);
    let from_total = |total: u64| total.div_ceil(u64::from(page_size.max(1)));
    let total_pages = match (number("total_page"), number("total_number")) {
        // No more pages than the objects counted can fill.
        (Some(pages), Some(total)) => pages.min(from_total(total)),
        (Some(pages), None) => pages,
        (None, Some(total)) => from_total(total),
        // Without page_info a short page is certainly the last one; a full one
        // could hide more, and silently dropping objects would corrupt a plan.
        (None, None) if list.len() < page_size as usize => 1,
        (None, None) => return Err(bad("`data.page_info` is missing on a full page")),
    };
    Ok((list, total_pages))
}

/// The innermost cause of `err`: reqwest wraps it in "error sending request for
/// url (...)" and "client error (...)", which repeat what the path and the kind
/// of failure already say.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// `reqwest` errors put the useful part ("connection refused") in their sources.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn base_url_rules() {
        for ok in [
            "https://business-api.tiktok.com",
            "https://sandbox-ads.tiktok.com/",
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://localhost:3000",
            "http://LOCALHOST",
            "http://[::1]:9000",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://business-api.tiktok.com",
            "http://10.0.0.1",
            "http://localhost.evil.com",
            "http://[::2]",
            "ftp://127.0.0.1",
            "business-api.tiktok.com",
            "https://user:pw@business-api.tiktok.com",
            "",
        ] {
            let err = check_base_url(bad).err();
            assert!(
                matches!(err, Some(ApiError::InvalidUrl { .. })),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn shown_urls_hold_no_credentials_or_query() {
        for (given, shown) in [
            (
                "https://tok-secret-1@business-api.tiktok.com/x?access_token=tok-secret-2#f",
                "https://business-api.tiktok.com/x",
            ),
            ("https://u:tok-secret-1@h.test", "https://h.test/"),
            (
                "ht tp://tok-secret-1@h.test/p?tok-secret-2",
                "ht tp://h.test/p",
            ),
            ("tok-secret-1@h?x", "h"),
        ] {
            assert_eq!(shown_url(given), shown, "{given}");
        }
        let err = check_base_url("https://tok-secret-1@business-api.tiktok.com").unwrap_err();
        assert!(!err.to_string().contains("tok-secret"), "{err}");
    }

    #[test]
    fn api_root_is_added_once() {
        let root = |u: &str| api_root(Url::parse(u).unwrap()).to_string();
        assert_eq!(
            root("https://business-api.tiktok.com"),
            "https://business-api.tiktok.com/open_api/v1.3/"
        );
        assert_eq!(
            root("http://127.0.0.1:1/open_api/v1.3"),
            "http://127.0.0.1:1/open_api/v1.3/"
        );
        assert_eq!(
            root("http://127.0.0.1:1/proxy/?x=1"),
            "http://127.0.0.1:1/proxy/open_api/v1.3/"
        );
    }

    #[test]
    fn page_splitting() {
        let (list, pages) = split_page(
            "p/",
            json!({"list": [1, 2], "page_info": {"page": 1, "page_size": 2, "total_number": 7, "total_page": 4}}),
            2,
            "list",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(pages, 4);
        let (_, pages) = split_page(
            "p/",
            json!({"list": [1, 2], "page_info": {"total_number": 5}}),
            2,
            "list",
        )
        .unwrap();
        assert_eq!(pages, 3);
        let (list, pages) = split_page("p/", json!({"list": [1]}), 2, "list").unwrap();
        assert_eq!((list.len(), pages), (1, 1));
        let (list, _) = split_page("p/", json!({}), 2, "list").unwrap();
        assert!(list.is_empty());
        assert!(split_page("p/", json!({"list": [1, 2]}), 2, "list").is_err());
        // total_page is believed only as far as total_number can fill pages.
        let (_, pages) = split_page(
            "p/",
            json!({"list": [1, 2], "page_info": {"total_number": 4, "total_page": 1_000_000_000_000u64}}),
            2,
            "list",
        )
        .unwrap();
        assert_eq!(pages, 2);
        assert!(split_page("p/", json!({"list": {}}), 2, "list").is_err());
        assert!(split_page("p/", json!([]), 2, "list").is_err());
    }

    #[test]
    fn debug_redacts_the_token() {
        let client = Client::new(
            "http://127.0.0.1:1",
            SecretString::from("tok-very-secret-123"),
            ClientOptions::default(),
        )
        .unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains("tok-very-secret-123"), "{debug}");
        assert!(debug.contains("[redacted]"), "{debug}");
        assert_eq!(
            client.scrub("bad token tok-very-secret-123!"),
            "bad token [redacted]!"
        );
    }

    #[test]
    fn html_pages_are_named_with_their_gist() {
        let client = Client::new(
            "http://127.0.0.1:1",
            SecretString::from("tok-very-secret-123"),
            ClientOptions::default(),
        )
        .unwrap();
        let cdn = "<!DOCTYPE html>\n<html><head><title>400 Bad\n Request</title></head>\
                   <body><h1>400 Bad Request</h1><hr>cloudflare</body></html>";
        assert_eq!(
            client.describe_body(cdn.as_bytes()),
            "an HTML page (“400 Bad Request”), not TikTok's JSON (from a proxy or CDN?)"
        );
        assert_eq!(
            client.describe_body(b"<html><body><p>Bad <b>gateway</b></p></body></html>"),
            "an HTML page (“Bad gateway”), not TikTok's JSON (from a proxy or CDN?)"
        );
        assert_eq!(client.describe_body(b"  "), "an empty body");
        assert_eq!(client.describe_body(b"plain words"), "plain words");
        let leaky = "<html><title>tok-very-secret-123</title></html>";
        assert!(!client.describe_body(leaky.as_bytes()).contains("secret"));
    }

    #[test]
    fn snippets_are_short() {
        let client = Client::new(
            "http://127.0.0.1:1",
            SecretString::from("t"),
            ClientOptions::default(),
        )
        .unwrap();
        let long = "é".repeat(500);
        let s = client.snippet(long.as_bytes());
        assert_eq!(s.chars().count(), BODY_SNIPPET + 1);
    }
}
