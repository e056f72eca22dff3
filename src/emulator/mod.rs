//! A local, stateful emulator of the TikTok Smart+ API.
//!
//! Used three ways: `smartplus emulator` (a server for demos and other projects' CI),
//! the embedded local sandbox (started in-process by plan/apply/import), and tests.
//! It validates requests with its own code, never the CLI's spec rules, so each
//! can catch the other's mistakes.
//!
//! Layout: `server` accepts connections and injects latency, rate limits, faults
//! and dropped connections; `routes` checks the token and advertiser and hands a
//! parsed request to `campaign`, `adgroup`, `ad` or `account`; `check` holds the
//! validation helpers; `state` the objects and the state file; `control` the
//! test-only `/_emulator/` endpoints.

mod account;
mod ad;
mod adgroup;
mod app;
mod campaign;
mod check;
pub mod clock;
mod control;
mod list;
mod routes;
mod seed;
mod server;
pub mod state;
mod wire;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::watch;

pub use wire::code;

/// How to run an emulator.
#[derive(Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Load state from and save it atomically to this file after every write.
    pub state_file: Option<PathBuf>,
    /// The only token accepted.
    pub access_token: String,
    /// The only advertiser.
    pub advertiser_id: String,
    /// Account currency (`advertiser/info/`).
    pub currency: String,
    /// Account time zone (`advertiser/info/`).
    pub time_zone: String,
    /// Delay every answer by this much.
    pub latency_ms: u64,
    /// Above this many requests per second answer 40100 and change nothing.
    pub qps: Option<u32>,
    /// Fraction of requests that get a transient error and change nothing.
    pub fault_rate: f64,
    /// Fraction of writes committed and then answered by closing the connection.
    pub drop_rate: f64,
    /// Makes faults, ids and timestamps reproducible.
    pub seed: Option<u64>,
    /// Seed a fresh account with one legacy Smart+ and one manual campaign.
    pub seed_account: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            state_file: None,
            access_token: "sandbox-token".into(),
            advertiser_id: "7000000000000000001".into(),
            currency: "USD".into(),
            time_zone: "Etc/UTC".into(),
            latency_ms: 0,
            qps: None,
            fault_rate: 0.0,
            drop_rate: 0.0,
            seed: None,
            seed_account: true,
        }
    }
}

// By hand so the token never reaches a log line.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("state_file", &self.state_file)
            .field("access_token", &"<redacted>")
            .field("advertiser_id", &self.advertiser_id)
            .field("currency", &self.currency)
            .field("time_zone", &self.time_zone)
            .field("latency_ms", &self.latency_ms)
            .field("qps", &self.qps)
            .field("fault_rate", &self.fault_rate)
            .field("drop_rate", &self.drop_rate)
            .field("seed", &self.seed)
            .field("seed_account", &self.seed_account)
            .finish()
    }
}

/// Why an emulator could not start.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum EmulatorError {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot load emulator state from `{path}`: {message}")]
    State { path: PathBuf, message: String },
    #[error("invalid emulator setting: {0}")]
    Config(String),
}

/// A running emulator. Dropping it without `shutdown` stops it too.
pub struct Handle {
    addr: SocketAddr,
    app: Arc<app::App>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle").field("addr", &self.addr).finish()
    }
}

impl Handle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Base URL, e.g. `http://127.0.0.1:41234` (paths add `/open_api/v1.3/...`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The advertiser this emulator serves.
    pub fn advertiser_id(&self) -> &str {
        &self.app.config.advertiser_id
    }

    /// Stops accepting requests, finishes in-flight ones and saves state.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.app.save_now();
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Starts an emulator on the current tokio runtime.
pub async fn start(config: Config) -> Result<Handle, EmulatorError> {
    if !(0.0..=1.0).contains(&config.fault_rate) {
        return Err(EmulatorError::Config(format!(
            "fault rate {} is not between 0 and 1",
            config.fault_rate
        )));
    }
    if !(0.0..=1.0).contains(&config.drop_rate) {
        return Err(EmulatorError::Config(format!(
            "drop rate {} is not between 0 and 1",
            config.drop_rate
        )));
    }
    if config.qps == Some(0) {
        return Err(EmulatorError::Config("qps must be at least 1".into()));
    }
    if crate::facts::currency(&config.currency).is_none() {
        return Err(EmulatorError::Config(format!(
            "TikTok does not bill in currency `{}`",
            config.currency
        )));
    }
    if jiff::tz::TimeZone::get(&config.time_zone).is_err() {
        return Err(EmulatorError::Config(format!(
            "`{}` is not an IANA time zone (e.g. America/New_York)",
            config.time_zone
        )));
    }
    if config.advertiser_id.is_empty() || !config.advertiser_id.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(EmulatorError::Config(
            "the advertiser id must be a string of digits".into(),
        ));
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| EmulatorError::Listen {
            addr: config.listen,
            source,
        })?;
    let addr = listener
        .local_addr()
        .map_err(|source| EmulatorError::Listen {
            addr: config.listen,
            source,
        })?;
    let app = Arc::new(app::App::new(config, addr)?);
    let router = routes::router(app.clone());
    let (stop, stop_rx) = watch::channel(false);
    let task = tokio::spawn(server::serve(listener, app.clone(), router, stop_rx));
    Ok(Handle {
        addr,
        app,
        stop,
        task: Some(task),
    })
}
