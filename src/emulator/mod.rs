//! A local, stateful emulator of the TikTok Smart+ API.
//!
//! Used three ways: `smartplus emulator` (a server for demos and other projects' CI),
//! the embedded local sandbox (started in-process by plan/apply/import), and tests.
//! It validates requests with its own code, never the CLI's spec rules, so each
//! can catch the other's mistakes.
//!
//! Layout, lowest layer first. Each file imports only files listed before it,
//! so the imports form no circle (`a → b` means `a` imports `b`):
//!
//! - `clock`, `wire`, `config` → nothing: time, the envelope and error codes, settings.
//! - `assets` → facts only: pixels, identities, audiences, forms, portfolios, the
//!   interest tree, recommended calls to action and places.
//! - `state` → assets, clock: the objects and the state file.
//! - `check` → clock, wire: typed readers over request JSON.
//! - `seed` → clock, config, state: what a fresh account starts with.
//! - `app` → clock, config, seed, state, wire: what every call shares (`Shared`:
//!   the developer app's limits, fault dice, counters and the injected lag after
//!   ad group creates, and each advertiser's account) and what one call sees
//!   (`App`: the app serving one advertiser).
//! - `request` → app, wire: the parsed request (`Req`), the handler types, and the
//!   token and advertiser checks.
//! - `records` → check, state, wire: what write handlers share (`request_id`,
//!   `writable`, `set_status`).
//! - `budget` → check, state, wire: budget bounds, the spend rule, CBO.
//! - `list` → app, check, request, state, wire, and `list/filter` → check, clock,
//!   state, wire, and `list/shape` → check, state: one implementation of the six list
//!   endpoints, and how live shows what they list.
//! - `lookups` → app, assets, check, list, request, wire: the lookup endpoints.
//! - `delivery` → clock, state: what each ad group delivered per day, set or
//!   synthetic.
//! - `campaign`, `adgroup`, `ad`, `account`, `report` → some of app, budget, check,
//!   clock, delivery, list, records, request, state, wire (never each other): the
//!   endpoints. `adgroup`
//!   also has `adgroup/defaults` and `adgroup/validate/*`, which import only
//!   `budget`, `check`, `clock`, `wire` and each other in the same one-way fashion.
//! - `multipart` → nothing: `multipart/form-data` bodies, which `request` reads.
//! - `media` → app, check, list, request, state, wire: the asset library's upload,
//!   info and search endpoints, and the check that an ad names only assets the
//!   account has (called by `ad`).
//! - `control` → app, clock, state: the test-only `/_emulator/` endpoints.
//! - `routes` → account, ad, adgroup, campaign, control, lookups, media, report, app,
//!   request, wire: the path table.
//! - `server` → app, wire: connections, latency, rate limits, faults and dropped
//!   connections.
//! - `mod.rs` → app, config, routes, server, wire: `start` and `Handle`.

mod account;
mod ad;
mod adgroup;
mod app;
mod assets;
mod budget;
mod campaign;
mod check;
pub mod clock;
mod config;
mod control;
mod delivery;
mod list;
mod lookups;
mod media;
mod multipart;
mod records;
mod report;
mod request;
mod routes;
mod seed;
mod server;
pub mod state;
mod wire;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::watch;

pub use config::{Advertiser, Config, EmulatorError};
pub use wire::code;

/// A running emulator. Dropping it without `shutdown` stops it too.
pub struct Handle {
    addr: SocketAddr,
    app: Arc<app::Shared>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
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

    /// The first advertiser this emulator serves (the only one unless
    /// `Config::more_advertisers` names others).
    pub fn advertiser_id(&self) -> &str {
        &self.app.first().config.advertiser_id
    }

    /// Every advertiser this emulator serves, the first one first.
    pub fn advertiser_ids(&self) -> Vec<String> {
        self.app
            .apps()
            .map(|a| a.config.advertiser_id.clone())
            .collect()
    }

    /// Now, by the emulator's clock (which tests and the sandbox may move).
    pub fn now(&self) -> jiff::Timestamp {
        let seconds = self.app.first().read(|st| st.clock.now());
        jiff::Timestamp::from_second(seconds).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
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
    config.check()?;
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
    let app = Arc::new(app::Shared::new(config, addr)?);
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
