//! What every call shares ([`Shared`]: the developer app's settings, rate limits,
//! fault dice and counters, and every advertiser's account) and what one call sees
//! ([`App`]: the app serving the advertiser the call names).
//!
//! TikTok's limits belong to the developer app, not to an advertiser: one token
//! reaches every account, and `qps` counts the calls to all of them together. Each
//! advertiser has its own objects (and its own lock, so calls for different
//! advertisers never wait for each other), currency and time zone.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use super::clock::Clock;
use super::config::{Advertiser, Config, EmulatorError};
use super::seed;
use super::state::{self, State};
use super::wire::{ApiError, code};

/// Shared by every connection and call: one developer app and its advertisers.
pub(super) struct Shared {
    pub(super) config: Config,
    /// `/_emulator/` answers only when the server is reachable from this host alone.
    pub(super) control_enabled: bool,
    /// Every advertiser served, the first configured one first.
    accounts: Vec<Account>,
    /// Advertiser id → index in `accounts`.
    index: HashMap<String, usize>,
    gate: Mutex<Gate>,
    /// The advertiser limit's buckets, per account index and endpoint path (paths
    /// of the route table only, so the map stays small).
    advertiser_buckets: Mutex<HashMap<(usize, String), Bucket>>,
    stats: Mutex<Stats>,
    /// One state file write at a time, each with every account as it is then.
    saving: Mutex<()>,
    log_ids: AtomicU64,
    log_seed: u64,
    /// Ad groups still settling after their create (`Config::ad_create_lag`): when
    /// made, and how many ad creates were refused since.
    settling: Mutex<HashMap<String, (Instant, u32)>>,
    /// API paths (`report/integrated/get/`) a test made answer with an error, as an
    /// account without that permission would (`/_emulator/refuse`).
    refusals: Mutex<BTreeMap<String, ApiError>>,
}

/// One advertiser's account.
pub(super) struct Account {
    /// The emulator's settings with this advertiser's id, currency and time zone.
    pub(super) config: Config,
    /// Many list calls may read at once (a plan sends several together).
    state: RwLock<State>,
    /// Recent list answers' matching ids (see [`super::list::Recent`]).
    lists: Mutex<super::list::Recent>,
}

/// What a handler sees: the app serving one advertiser's account. `config` is that
/// advertiser's (its id, currency and time zone).
pub(super) struct App<'a> {
    pub(super) config: &'a Config,
    pub(super) shared: &'a Shared,
    account: &'a Account,
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
    /// The app's limit.
    bucket: Bucket,
}

/// A token bucket holding up to `rate` tokens, refilled at `rate` per second.
struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn full(rate: f64) -> Bucket {
        Bucket {
            tokens: rate,
            last: Instant::now(),
        }
    }

    /// Takes a token if there is one.
    fn take(&mut self, rate: f64) -> bool {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * rate).min(rate);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[derive(Default)]
struct Stats {
    requests: u64,
    by_path: BTreeMap<String, u64>,
    by_outcome: BTreeMap<String, u64>,
    by_code: BTreeMap<String, u64>,
    /// Calls that reached an advertiser's account (token and app limit passed).
    by_advertiser: BTreeMap<String, AdvertiserStats>,
}

#[derive(Default, serde::Serialize)]
struct AdvertiserStats {
    requests: u64,
    by_code: BTreeMap<String, u64>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave our data half-written in a way
    // that matters more than stopping the emulator would, so keep serving.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn read_lock<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write_lock<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    pub(super) fn new(config: Config, addr: SocketAddr) -> Result<Shared, EmulatorError> {
        let seed = config.seed.unwrap_or_else(rand::random);
        let states = load_states(&config, seed)?;
        let index = states
            .iter()
            .enumerate()
            .map(|(i, (c, _))| (c.advertiser_id.clone(), i))
            .collect();
        let accounts = states
            .into_iter()
            .map(|(config, state)| Account {
                config,
                state: RwLock::new(state),
                lists: Mutex::default(),
            })
            .collect();
        let qps = f64::from(config.qps.unwrap_or(0));
        let shared = Shared {
            control_enabled: addr.ip().is_loopback(),
            accounts,
            index,
            gate: Mutex::new(Gate {
                rng: StdRng::seed_from_u64(seed ^ 0x5EED_FA17),
                bucket: Bucket::full(qps),
            }),
            advertiser_buckets: Mutex::new(HashMap::new()),
            stats: Mutex::new(Stats::default()),
            saving: Mutex::new(()),
            log_ids: AtomicU64::new(0),
            log_seed: seed,
            settling: Mutex::new(HashMap::new()),
            refusals: Mutex::new(BTreeMap::new()),
            config,
        };
        // A fresh state file exists from the start, so a crash before the first
        // write still leaves the seeded accounts behind.
        shared.save_now();
        Ok(shared)
    }

    /// The app serving `advertiser_id`, if it is one of ours.
    pub(super) fn app(&self, advertiser_id: &str) -> Option<App<'_>> {
        let account = self.accounts.get(*self.index.get(advertiser_id)?)?;
        Some(App {
            config: &account.config,
            shared: self,
            account,
        })
    }

    /// The first advertiser: the one a single-advertiser emulator serves.
    pub(super) fn first(&self) -> App<'_> {
        // `accounts` is never empty: the config always names a first advertiser.
        let account = &self.accounts[0];
        App {
            config: &account.config,
            shared: self,
            account,
        }
    }

    /// Every advertiser served, the first one first.
    pub(super) fn apps(&self) -> impl Iterator<Item = App<'_>> {
        self.accounts.iter().map(|account| App {
            config: &account.config,
            shared: self,
            account,
        })
    }

    pub(super) fn save_now(&self) {
        let Some(path) = &self.config.state_file else {
            return;
        };
        let _saving = lock(&self.saving);
        // Accounts are locked in order, and nothing else holds two at once.
        let guards: Vec<RwLockReadGuard<'_, State>> =
            self.accounts.iter().map(|a| read_lock(&a.state)).collect();
        let states: Vec<&State> = guards.iter().map(|g| &**g).collect();
        if let Err(e) = state::save_accounts(path, &states) {
            tracing::error!("cannot save emulator state to `{}`: {e}", path.display());
        }
    }

    /// A per-call log id for the envelope's `request_id`.
    pub(super) fn log_id(&self) -> String {
        let n = self.log_ids.fetch_add(1, Ordering::Relaxed);
        let now = self.first().read(|s| s.clock.now());
        let stamp = super::clock::format(now)
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>();
        format!(
            "{stamp}{:016X}",
            state::splitmix64(self.log_seed ^ n.wrapping_add(1))
        )
    }

    /// Takes a token from the app's bucket; `false` means answer 40100.
    pub(super) fn admit(&self) -> bool {
        let Some(qps) = self.config.qps else {
            return true;
        };
        lock(&self.gate).bucket.take(f64::from(qps))
    }

    /// Takes a token from the advertiser's bucket for `path`; `false` means answer
    /// 40133.
    pub(super) fn admit_advertiser(&self, app: &App<'_>, path: &str) -> bool {
        let Some(qps) = self.config.advertiser_qps else {
            return true;
        };
        let Some(&i) = self.index.get(&app.config.advertiser_id) else {
            return true;
        };
        let qps = f64::from(qps);
        lock(&self.advertiser_buckets)
            .entry((i, path.to_owned()))
            .or_insert_with(|| Bucket::full(qps))
            .take(qps)
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

    /// Records how a request ended: `ok`, `error`, `40100`, `40133`, `fault`,
    /// `dropped`, or `http_NNN` for answers outside the envelope.
    pub(super) fn count_outcome(&self, outcome: &str, code: Option<i64>) {
        let mut s = lock(&self.stats);
        *s.by_outcome.entry(outcome.to_owned()).or_default() += 1;
        if let Some(c) = code {
            *s.by_code.entry(c.to_string()).or_default() += 1;
        }
    }

    /// Records the answer to a call that reached an advertiser's account.
    pub(super) fn count_advertiser(&self, app: &App<'_>, code: i64) {
        let mut s = lock(&self.stats);
        let a = s
            .by_advertiser
            .entry(app.config.advertiser_id.clone())
            .or_default();
        a.requests += 1;
        *a.by_code.entry(code.to_string()).or_default() += 1;
    }

    pub(super) fn stats_json(&self) -> Value {
        let counts: Vec<(String, [usize; 5])> = self
            .apps()
            .map(|app| {
                let n = app.read(|st| {
                    [
                        st.campaigns.len(),
                        st.adgroups.len(),
                        st.ads.len(),
                        st.videos.len(),
                        st.images.len(),
                    ]
                });
                (app.config.advertiser_id.clone(), n)
            })
            .collect();
        let objects = |n: [usize; 5]| json!({"campaigns": n[0], "adgroups": n[1], "ads": n[2], "videos": n[3], "images": n[4]});
        let total = counts.iter().fold([0; 5], |mut acc, (_, n)| {
            for (a, b) in acc.iter_mut().zip(n) {
                *a += b;
            }
            acc
        });
        let s = lock(&self.stats);
        let advertisers: serde_json::Map<String, Value> = counts
            .iter()
            .map(|(id, n)| {
                let calls = s.by_advertiser.get(id);
                (
                    id.clone(),
                    json!({
                        "requests": calls.map_or(0, |c| c.requests),
                        "by_code": calls.map(|c| &c.by_code),
                        "objects": objects(*n),
                    }),
                )
            })
            .collect();
        json!({
            "requests": s.requests,
            "by_path": s.by_path,
            "by_outcome": s.by_outcome,
            "by_code": s.by_code,
            "objects": objects(total),
            "advertisers": advertisers,
        })
    }
}

impl App<'_> {
    /// Notes a new ad group, for the injected lag after creates (ad group ids are
    /// unique across advertisers, so one map serves them all).
    pub(super) fn adgroup_created(&self, id: &str) {
        self.shared.adgroup_created(id);
    }

    /// See [`Shared::settling`].
    pub(super) fn settling(&self, adgroup_id: &str) -> Result<(), ApiError> {
        self.shared.settling(adgroup_id)
    }

    /// The recent list answers of this advertiser.
    pub(super) fn recent_lists(&self) -> MutexGuard<'_, super::list::Recent> {
        lock(&self.account.lists)
    }

    /// Reads the advertiser's state.
    pub(super) fn read<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&read_lock(&self.account.state))
    }

    /// Changes the advertiser's state; on success the state file is rewritten
    /// before answering.
    pub(super) fn write<T, E>(&self, f: impl FnOnce(&mut State) -> Result<T, E>) -> Result<T, E> {
        let out = {
            let mut st = write_lock(&self.account.state);
            // Work on a copy so a failed request leaves no partial change behind.
            let mut draft = st.clone();
            let out = f(&mut draft)?;
            draft.generation = st.generation.wrapping_add(1);
            *st = draft;
            out
        };
        // After the lock is let go: each save takes every account as it is then,
        // so the file holds this change before the answer leaves.
        self.shared.save_now();
        Ok(out)
    }
}

/// Every advertiser's configuration and state: loaded from the state file, or
/// fresh (and seeded) for an advertiser it does not hold yet.
fn load_states(config: &Config, seed: u64) -> Result<Vec<(Config, State)>, EmulatorError> {
    let refuse = |message: String| EmulatorError::State {
        path: config.state_file.clone().unwrap_or_default(),
        message,
    };
    let mut saved = match &config.state_file {
        Some(path) => state::load_accounts(path)
            .map_err(|e| refuse(e.to_string()))?
            .unwrap_or_default(),
        None => Vec::new(),
    };
    // One clock for every advertiser: the saved one, else a fresh one.
    let clock = saved.first().map_or_else(
        || {
            if config.seed.is_some() {
                Clock::seeded()
            } else {
                Clock::default()
            }
        },
        |s| s.clock.clone(),
    );
    let mut out = Vec::new();
    for (i, account) in config.accounts().into_iter().enumerate() {
        let state = match saved
            .iter()
            .position(|s| s.advertiser_id == account.advertiser_id)
        {
            Some(at) => saved.remove(at),
            None => fresh(&account, id_seed(seed, i, &account.advertiser_id), &clock),
        };
        out.push((account, state));
    }
    for state in saved {
        if !config.adopt_saved_advertisers {
            return Err(refuse(format!(
                "it holds advertiser {}, which is not served here (add --advertiser-id {})",
                state.advertiser_id, state.advertiser_id
            )));
        }
        let account = config.account(&Advertiser::new(state.advertiser_id.clone()));
        out.push((account, state));
    }
    Ok(out)
}

/// A new account for `config`'s advertiser, seeded unless asked not to be.
fn fresh(config: &Config, id_seed: u64, clock: &Clock) -> State {
    let mut s = State::new(&config.advertiser_id, id_seed, clock.clone());
    if config.seed_account {
        seed::seed_account(&mut s, config);
    }
    s
}

/// The first advertiser's ids come from the seed alone (as with one advertiser);
/// the others' mix in their id, so no two accounts hand out the same ids.
fn id_seed(seed: u64, i: usize, advertiser_id: &str) -> u64 {
    if i == 0 {
        return seed;
    }
    let h = advertiser_id
        .bytes()
        .fold(0xCBF2_9CE4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
        });
    state::splitmix64(seed ^ h)
}
