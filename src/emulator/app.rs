//! Shared emulator state: the account, the fault dice, the rate limiter, counters.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use super::clock::Clock;
use super::config::{Config, EmulatorError};
use super::seed;
use super::state::{self, State};
use super::wire::{ApiError, code};

pub(super) struct App {
    pub(super) config: Config,
    /// `/_emulator/` answers only when the server is reachable from this host alone.
    pub(super) control_enabled: bool,
    state: Mutex<State>,
    gate: Mutex<Gate>,
    stats: Mutex<Stats>,
    log_ids: AtomicU64,
    log_seed: u64,
    /// Ad groups still settling after their create (`Config::ad_create_lag`): when
    /// made, and how many ad creates were refused since.
    settling: Mutex<HashMap<String, (Instant, u32)>>,
    /// API paths (`report/integrated/get/`) a test made answer with an error, as an
    /// account without that permission would (`/_emulator/refuse`).
    refusals: Mutex<BTreeMap<String, ApiError>>,
}

/// A transient failure injected before a request reaches API logic.
#[derive(Clone, Copy, Debug)]
pub(super) enum Fault {
    SystemError,
    WriteConflict,
    Unavailable,
}

/// Rate limiting and fault dice, shared by every connection.
struct Gate {
    rng: StdRng,
    /// Token bucket: `qps` tokens, refilled at `qps` per second.
    tokens: f64,
    last: Instant,
}

#[derive(Default)]
struct Stats {
    requests: u64,
    by_path: BTreeMap<String, u64>,
    by_outcome: BTreeMap<String, u64>,
    by_code: BTreeMap<String, u64>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave our data half-written in a way
    // that matters more than stopping the emulator would, so keep serving.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl App {
    pub(super) fn new(config: Config, addr: SocketAddr) -> Result<App, EmulatorError> {
        let seed = config.seed.unwrap_or_else(rand::random);
        let loaded = match &config.state_file {
            Some(path) => state::load(path).map_err(|e| EmulatorError::State {
                path: path.clone(),
                message: e.to_string(),
            })?,
            None => None,
        };
        let state = if let Some(s) = loaded {
            if s.advertiser_id != config.advertiser_id {
                return Err(EmulatorError::State {
                    path: config.state_file.clone().unwrap_or_default(),
                    message: format!(
                        "it belongs to advertiser {}, not {}",
                        s.advertiser_id, config.advertiser_id
                    ),
                });
            }
            s
        } else {
            let clock = if config.seed.is_some() {
                Clock::seeded()
            } else {
                Clock::default()
            };
            let mut s = State::new(&config.advertiser_id, seed, clock);
            if config.seed_account {
                seed::seed_account(&mut s, &config);
            }
            s
        };
        let qps = f64::from(config.qps.unwrap_or(0));
        let app = App {
            control_enabled: addr.ip().is_loopback(),
            state: Mutex::new(state),
            gate: Mutex::new(Gate {
                rng: StdRng::seed_from_u64(seed ^ 0x5EED_FA17),
                tokens: qps,
                last: Instant::now(),
            }),
            stats: Mutex::new(Stats::default()),
            log_ids: AtomicU64::new(0),
            log_seed: seed,
            settling: Mutex::new(HashMap::new()),
            refusals: Mutex::new(BTreeMap::new()),
            config,
        };
        // A fresh state file exists from the start, so a crash before the first
        // write still leaves the seeded account behind.
        app.save_now();
        Ok(app)
    }

    /// Reads the state.
    pub(super) fn read<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&lock(&self.state))
    }

    /// Changes the state; on success the state file is rewritten before answering.
    pub(super) fn write<T, E>(&self, f: impl FnOnce(&mut State) -> Result<T, E>) -> Result<T, E> {
        let mut st = lock(&self.state);
        // Work on a copy so a failed request leaves no partial change behind.
        let mut draft = st.clone();
        let out = f(&mut draft)?;
        *st = draft;
        self.save_locked(&st);
        Ok(out)
    }

    pub(super) fn save_now(&self) {
        let st = lock(&self.state);
        self.save_locked(&st);
    }

    fn save_locked(&self, st: &State) {
        if let Some(path) = &self.config.state_file
            && let Err(e) = state::save(path, st)
        {
            tracing::error!("cannot save emulator state to `{}`: {e}", path.display());
        }
    }

    /// A per-call log id for the envelope's `request_id`.
    pub(super) fn log_id(&self) -> String {
        let n = self.log_ids.fetch_add(1, Ordering::Relaxed);
        let now = self.read(|s| s.clock.now());
        let stamp = super::clock::format(now)
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>();
        format!(
            "{stamp}{:016X}",
            state::splitmix64(self.log_seed ^ n.wrapping_add(1))
        )
    }

    /// Takes a token from the bucket; `false` means answer 40100.
    pub(super) fn admit(&self) -> bool {
        let Some(qps) = self.config.qps else {
            return true;
        };
        let qps = f64::from(qps);
        let mut g = lock(&self.gate);
        let now = Instant::now();
        let elapsed = now.duration_since(g.last).as_secs_f64();
        g.last = now;
        g.tokens = (g.tokens + elapsed * qps).min(qps);
        if g.tokens >= 1.0 {
            g.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Makes an API path (after `/open_api/v1.3/`) answer `err`, or answer again.
    pub(super) fn set_refusal(&self, path: &str, err: Option<ApiError>) {
        let mut r = lock(&self.refusals);
        match err {
            Some(e) => r.insert(path.to_owned(), e),
            None => r.remove(path),
        };
    }

    /// The error a test set for this request path, if any.
    pub(super) fn refusal(&self, request_path: &str) -> Option<ApiError> {
        let path = request_path.strip_prefix("/open_api/v1.3/")?;
        lock(&self.refusals).get(path).cloned()
    }

    /// Rolls the fault dice for one request.
    pub(super) fn fault(&self, is_write: bool) -> Option<Fault> {
        if self.config.fault_rate <= 0.0 {
            return None;
        }
        let mut g = lock(&self.gate);
        if g.rng.random::<f64>() >= self.config.fault_rate {
            return None;
        }
        // A write conflict only makes sense for writes.
        let choices: &[Fault] = if is_write {
            &[Fault::SystemError, Fault::WriteConflict, Fault::Unavailable]
        } else {
            &[Fault::SystemError, Fault::Unavailable]
        };
        let i = g.rng.random_range(0..choices.len());
        choices.get(i).copied()
    }

    /// Rolls the dice for dropping the connection after a write.
    pub(super) fn roll_drop(&self) -> bool {
        if self.config.drop_rate <= 0.0 {
            return false;
        }
        let mut g = lock(&self.gate);
        g.rng.random::<f64>() < self.config.drop_rate
    }

    /// Notes a new ad group, for the injected lag after creates.
    pub(super) fn adgroup_created(&self, id: &str) {
        if !self.config.ad_create_lag.is_zero() {
            // A repeated create (same `request_id`) does not restart the clock.
            lock(&self.settling)
                .entry(id.to_owned())
                .or_insert((Instant::now(), 0));
        }
    }

    /// Refuses an ad create under an ad group made less than the configured lag
    /// ago, with the two answers live gives then: "does not exist" first, then
    /// "concurrent", in turn. Nothing is created either way.
    pub(super) fn settling(&self, adgroup_id: &str) -> Result<(), ApiError> {
        let lag = self.config.ad_create_lag;
        if lag.is_zero() {
            return Ok(());
        }
        let mut settling = lock(&self.settling);
        let Some((made, refused)) = settling.get_mut(adgroup_id) else {
            return Ok(());
        };
        if made.elapsed() >= lag {
            settling.remove(adgroup_id);
            return Ok(());
        }
        *refused += 1;
        Err(if *refused % 2 == 1 {
            ApiError::new(
                code::NOT_FOUND,
                format!("Ad group {adgroup_id} does not exist."),
            )
        } else {
            ApiError::new(
                code::WRITE_CONFLICT,
                format!("Concurrent operations on ad group {adgroup_id}; please try again later."),
            )
        })
    }

    pub(super) fn count_request(&self, path: &str) {
        let mut s = lock(&self.stats);
        s.requests += 1;
        *s.by_path.entry(path.to_owned()).or_default() += 1;
    }

    /// Records how a request ended: `ok`, `error`, `40100`, `fault`, `dropped`,
    /// or `http_NNN` for answers outside the envelope.
    pub(super) fn count_outcome(&self, outcome: &str, code: Option<i64>) {
        let mut s = lock(&self.stats);
        *s.by_outcome.entry(outcome.to_owned()).or_default() += 1;
        if let Some(c) = code {
            *s.by_code.entry(c.to_string()).or_default() += 1;
        }
    }

    pub(super) fn stats_json(&self) -> Value {
        let s = lock(&self.stats);
        let (campaigns, adgroups, ads, videos, images) = self.read(|st| {
            (
                st.campaigns.len(),
                st.adgroups.len(),
                st.ads.len(),
                st.videos.len(),
                st.images.len(),
            )
        });
        json!({
            "requests": s.requests,
            "by_path": s.by_path,
            "by_outcome": s.by_outcome,
            "by_code": s.by_code,
            "objects": {"campaigns": campaigns, "adgroups": adgroups, "ads": ads, "videos": videos, "images": images},
        })
    }
}
