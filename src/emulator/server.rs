//! Connections: served with hyper directly (not `axum::serve`) so that a write can
//! be committed and its connection then closed without any answer.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, Response};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc, watch};
use tower::ServiceExt;

use super::app::{Fault, Shared};
use super::wire::{self, Outcome};

/// How long shutdown waits for in-flight requests.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) async fn serve(
    listener: TcpListener,
    app: Arc<Shared>,
    router: Router,
    mut stop: watch::Receiver<bool>,
) {
    // Every connection task holds a sender; when all are gone, `recv` ends.
    let (alive, mut all_done) = mpsc::channel::<()>(1);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        tracing::warn!("emulator accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let task = Connection {
                    app: app.clone(),
                    router: router.clone(),
                    stop: stop.clone(),
                    _alive: alive.clone(),
                };
                tokio::spawn(task.run(stream));
            }
            _ = stop.changed() => break,
        }
    }
    drop(listener);
    drop(alive);
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, all_done.recv()).await;
}

struct Connection {
    app: Arc<Shared>,
    router: Router,
    stop: watch::Receiver<bool>,
    _alive: mpsc::Sender<()>,
}

impl Connection {
    async fn run(mut self, stream: tokio::net::TcpStream) {
        let kill = Arc::new(Notify::new());
        let app = self.app.clone();
        let router = self.router.clone();
        let kill_svc = kill.clone();
        let service = hyper::service::service_fn(move |req: Request<Incoming>| {
            let app = app.clone();
            let router = router.clone();
            let kill = kill_svc.clone();
            async move { Ok::<_, Infallible>(handle(app, router, kill, req).await) }
        });
        let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
        tokio::pin!(conn);
        let mut stopping = false;
        loop {
            tokio::select! {
                _ = conn.as_mut() => break,
                // Dropping the connection future closes the socket unanswered.
                () = kill.notified() => break,
                _ = self.stop.changed(), if !stopping => {
                    stopping = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

async fn handle(
    app: Arc<Shared>,
    router: Router,
    kill: Arc<Notify>,
    req: Request<Incoming>,
) -> Response<Body> {
    let req = req.map(Body::new);
    let path = req.uri().path().to_owned();
    if path.starts_with("/_emulator/") {
        // Test controls bypass latency, rate limits and faults.
        return call(router, req).await;
    }
    app.count_request(&path);
    // The CDN in front of TikTok answers an over-long URL itself, in HTML.
    if req.uri().to_string().len() > wire::MAX_URL_LEN {
        app.count_outcome("http_400", None);
        return wire::cdn_bad_request();
    }
    if app.config.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(app.config.latency_ms)).await;
    }
    if !app.admit() {
        app.count_outcome("40100", Some(wire::code::RATE_LIMIT));
        let err = wire::ApiError::new(
            wire::code::RATE_LIMIT,
            "Requests made too frequently: the app's QPS limit is exceeded. Please retry later.",
        );
        return wire::error(&app.log_id(), &err);
    }
    if let Some(err) = app.refusal(&path) {
        app.count_outcome("error", Some(err.code));
        return wire::error(&app.log_id(), &err);
    }
    let is_write = req.method() == Method::POST;
    if let Some(fault) = app.fault(is_write) {
        app.count_outcome("fault", None);
        return match fault {
            Fault::SystemError => wire::error(
                &app.log_id(),
                &wire::ApiError::new(
                    wire::code::SYSTEM_ERROR,
                    "System error. Please try again later.",
                ),
            ),
            Fault::WriteConflict => wire::error(
                &app.log_id(),
                &wire::ApiError::new(
                    wire::code::WRITE_CONFLICT,
                    "Write conflict: another request is changing this object. Please retry.",
                ),
            ),
            Fault::Unavailable => wire::unavailable(),
        };
    }
    let drop_after = is_write && app.roll_drop();
    let resp = call(router, req).await;
    if drop_after {
        app.count_outcome("dropped", outcome_code(&resp));
        kill.notify_one();
        // The connection task drops this future together with the connection.
        return std::future::pending().await;
    }
    match outcome_code(&resp) {
        Some(0) => app.count_outcome("ok", Some(0)),
        Some(c) if c == wire::code::ADVERTISER_RATE_LIMIT => app.count_outcome("40133", Some(c)),
        Some(c) => app.count_outcome("error", Some(c)),
        None => app.count_outcome(&format!("http_{}", resp.status().as_u16()), None),
    }
    resp
}

fn outcome_code(resp: &Response<Body>) -> Option<i64> {
    resp.extensions().get::<Outcome>().map(|o| o.0)
}

async fn call(router: Router, req: Request<Body>) -> Response<Body> {
    match router.oneshot(req).await {
        Ok(resp) => resp,
        Err(never) => match never {},
    }
}
