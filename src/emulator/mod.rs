//! A local, stateful emulator of the TikTok Smart+ API.
//!
//! Used three ways: `smartplus emulator` (a server for demos and other projects' CI),
//! the embedded local sandbox (started in-process by plan/apply/import), and tests.
//! It validates requests with its own code, never the CLI's spec rules, so each
//! can catch the other's mistakes.

use std::net::SocketAddr;
use std::path::PathBuf;

/// How to run an emulator.
#[derive(Clone, Debug)]
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
}

/// A running emulator. Dropping it without `shutdown` stops it too.
#[derive(Debug)]
pub struct Handle {
    addr: SocketAddr,
}

impl Handle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Base URL, e.g. `http://127.0.0.1:41234` (paths add `/open_api/v1.3/...`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting requests, finishes in-flight ones and saves state.
    pub async fn shutdown(self) {}
}

/// Starts an emulator on the current tokio runtime.
pub async fn start(config: Config) -> Result<Handle, EmulatorError> {
    Err(EmulatorError::Listen {
        addr: config.listen,
        source: std::io::Error::other("the emulator is not implemented yet"),
    })
}
