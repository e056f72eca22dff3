//! A scripted fake of TikTok's API for client tests, on 127.0.0.1:0.
//!
//! The project's emulator validates requests for real; this fake only records what
//! arrives and answers what each test scripts, so the client's transport behaviour
//! (pagination, pacing, retries, lost answers) can be pinned down precisely.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One request as the fake saw it.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    pub method: String,
    /// Path without the `/open_api/v1.3/` prefix.
    pub path: String,
    pub query: BTreeMap<String, String>,
    pub body: Value,
    pub token: Option<String>,
    pub at: Instant,
}

impl Seen {
    /// A query parameter decoded as JSON (`fields`, `filtering`).
    pub(crate) fn json_param(&self, key: &str) -> Value {
        self.query.get(key).map_or(Value::Null, |v| {
            serde_json::from_str(v).expect("param is JSON")
        })
    }

    pub(crate) fn page(&self) -> u64 {
        self.query.get("page").map_or(1, |p| p.parse().unwrap())
    }
}

/// What to answer.
pub(crate) struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub(crate) fn ok(data: Value) -> Reply {
        Reply::envelope(0, "OK", data)
    }

    pub(crate) fn code(code: i64, message: &str) -> Reply {
        Reply::envelope(code, message, json!({}))
    }

    pub(crate) fn envelope(code: i64, message: &str, data: Value) -> Reply {
        Reply {
            status: 200,
            body: json!({"code": code, "message": message, "request_id": "log-1", "data": data})
                .to_string(),
            delay: Duration::ZERO,
        }
    }

    pub(crate) fn http(status: u16, body: &str) -> Reply {
        Reply {
            status,
            body: body.to_owned(),
            delay: Duration::ZERO,
        }
    }

    pub(crate) fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

struct Shared {
    seen: Mutex<Vec<Seen>>,
    count: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    handler: Box<Handler>,
}

/// A running fake. `handler(request, n)` gets the 0-based index of the request.
pub(crate) struct Fake {
    pub url: String,
    shared: Arc<Shared>,
}

impl Fake {
    pub(crate) async fn start(
        handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
    ) -> Fake {
        let shared = Arc::new(Shared {
            seen: Mutex::new(Vec::new()),
            count: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            handler: Box::new(handler),
        });
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Fake {
            url: format!("http://{addr}"),
            shared,
        }
    }

    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    pub(crate) fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let query = uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    let seen = Seen {
        method: method.to_string(),
        path: uri
            .path()
            .strip_prefix("/open_api/v1.3/")
            .unwrap_or(uri.path())
            .to_owned(),
        query,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        token: headers
            .get("access-token")
            .map(|v| v.to_str().unwrap().to_owned()),
        at: Instant::now(),
    };
    let n = shared.count.fetch_add(1, Ordering::SeqCst);
    shared.seen.lock().unwrap().push(seen.clone());
    let reply = (shared.handler)(&seen, n);
    tokio::time::sleep(reply.delay).await;
    shared.in_flight.fetch_sub(1, Ordering::SeqCst);
    (
        StatusCode::from_u16(reply.status).unwrap(),
        [("content-type", "application/json")],
        reply.body,
    )
        .into_response()
}

/// A list page of `total` numbered items, as `list` endpoints answer.
pub(crate) fn page_of(total: u64, page: u64, page_size: u64, id_key: &str) -> Value {
    let start = (page - 1) * page_size;
    let end = (start + page_size).min(total);
    let list: Vec<Value> = (start..end)
        .map(|i| json!({ id_key: format!("{}", 1_700_000_000_000_000u64 + i), "n": i }))
        .collect();
    json!({
        "list": list,
        "page_info": {
            "page": page,
            "page_size": page_size,
            "total_number": total,
            "total_page": total.div_ceil(page_size),
        }
    })
}

/// A raw HTTP server for answers axum cannot give: `close(n)` decides whether
/// connection `n` (0-based) is closed after reading the request, without an answer;
/// otherwise it answers `ok_body`.
pub(crate) struct RawServer {
    pub url: String,
    pub connections: Arc<AtomicUsize>,
}

impl RawServer {
    pub(crate) async fn start(
        close: impl Fn(usize) -> bool + Send + Sync + 'static,
        ok_body: Value,
    ) -> RawServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        let body = ok_body.to_string();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let n = counter.fetch_add(1, Ordering::SeqCst);
                read_request(&mut socket).await;
                if close(n) {
                    drop(socket);
                    continue;
                }
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
                    body.len(),
                    body
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            }
        });
        RawServer {
            url: format!("http://{addr}"),
            connections,
        }
    }

    pub(crate) fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Reads one HTTP/1.1 request (headers and a Content-Length body).
async fn read_request(socket: &mut tokio::net::TcpStream) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let Ok(n) = socket.read(&mut chunk).await else {
            return;
        };
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return;
            }
        }
    }
}
