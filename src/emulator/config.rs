//! How an emulator is set up, and why one could not start.

use std::net::SocketAddr;
use std::path::PathBuf;

/// How to run an emulator.
#[derive(Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Load state from and save it atomically to this file after every write.
    pub state_file: Option<PathBuf>,
    /// The only token accepted, for every advertiser: one developer app.
    pub access_token: String,
    /// The first advertiser (the only one unless `more_advertisers` names others).
    pub advertiser_id: String,
    /// Account currency (`advertiser/info/`); also the default of the others.
    pub currency: String,
    /// Account time zone (`advertiser/info/`); also the default of the others.
    pub time_zone: String,
    /// Further advertisers, each with its own objects, served with the same token
    /// and sharing `qps`.
    pub more_advertisers: Vec<Advertiser>,
    /// Serve every advertiser a loaded state file holds as well, rather than
    /// refusing a file that holds one not configured (the local sandbox).
    pub adopt_saved_advertisers: bool,
    /// Delay every answer by this much.
    pub latency_ms: u64,
    /// Above this many requests per second, over every advertiser, answer 40100
    /// and change nothing (the developer app's limit).
    pub qps: Option<u32>,
    /// Above this many requests per second to one path for one advertiser, answer
    /// 40133 and change nothing (the advertiser's limit).
    pub advertiser_qps: Option<u32>,
    /// Fraction of requests that get a transient error and change nothing.
    pub fault_rate: f64,
    /// Fraction of writes committed and then answered by closing the connection.
    pub drop_rate: f64,
    /// Makes faults, ids and timestamps reproducible.
    pub seed: Option<u64>,
    /// Seed a fresh account with one legacy Smart+ and one manual campaign.
    pub seed_account: bool,
    /// How long a create's `request_id` returns the object it first made; after
    /// that the same key creates a new object, as TikTok's may (reference §14).
    pub idempotency_window: std::time::Duration,
    /// For this long after an ad group is created, ad creates under it fail the way
    /// live ones sometimes do ("does not exist", then "concurrent").
    pub ad_create_lag: std::time::Duration,
    /// Ad groups deliver on their own: the report shows spend, impressions, clicks
    /// and conversions made up from the seed, the ad group and the day (figures set
    /// through `/_emulator/delivery` win). Off, only set figures are reported.
    pub synthetic_delivery: bool,
    /// Take any video or image id in an ad as if it were in the asset library (put
    /// there in Ads Manager), instead of only what was uploaded, as live does. The
    /// local sandbox does, so a spec written for a real account runs unchanged.
    pub any_asset_id: bool,
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
            more_advertisers: Vec::new(),
            adopt_saved_advertisers: false,
            latency_ms: 0,
            qps: None,
            advertiser_qps: None,
            fault_rate: 0.0,
            drop_rate: 0.0,
            seed: None,
            seed_account: true,
            idempotency_window: std::time::Duration::from_secs(
                crate::facts::IDEMPOTENCY_WINDOW_SECS,
            ),
            ad_create_lag: std::time::Duration::ZERO,
            synthetic_delivery: false,
            any_asset_id: false,
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
            .field("more_advertisers", &self.more_advertisers)
            .field("adopt_saved_advertisers", &self.adopt_saved_advertisers)
            .field("latency_ms", &self.latency_ms)
            .field("qps", &self.qps)
            .field("advertiser_qps", &self.advertiser_qps)
            .field("fault_rate", &self.fault_rate)
            .field("drop_rate", &self.drop_rate)
            .field("seed", &self.seed)
            .field("seed_account", &self.seed_account)
            .field("idempotency_window", &self.idempotency_window)
            .field("ad_create_lag", &self.ad_create_lag)
            .field("synthetic_delivery", &self.synthetic_delivery)
            .field("any_asset_id", &self.any_asset_id)
            .finish()
    }
}

/// One more advertiser an emulator serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advertiser {
    pub id: String,
    /// Account currency; the config's `currency` when `None`.
    pub currency: Option<String>,
    /// Account time zone; the config's `time_zone` when `None`.
    pub time_zone: Option<String>,
}

impl Advertiser {
    /// An advertiser with the emulator's default currency and time zone.
    pub fn new(id: impl Into<String>) -> Self {
        Advertiser {
            id: id.into(),
            currency: None,
            time_zone: None,
        }
    }
}

impl std::str::FromStr for Advertiser {
    type Err = String;

    /// `ID`, `ID:CURRENCY` or `ID:CURRENCY:TIME_ZONE` (time zones hold `/`, never `:`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.split(':').map(str::trim);
        let id = parts.next().unwrap_or_default().to_owned();
        let currency = parts
            .next()
            .filter(|c| !c.is_empty())
            .map(str::to_ascii_uppercase);
        let time_zone = parts.next().filter(|t| !t.is_empty()).map(str::to_owned);
        if parts.next().is_some() {
            return Err(format!(
                "`{s}` has too many parts: expected ID, ID:CURRENCY or ID:CURRENCY:TIME_ZONE"
            ));
        }
        Ok(Advertiser {
            id,
            currency,
            time_zone,
        })
    }
}

/// Why an emulator could not start.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum EmulatorError {
    #[error("cannot listen on {addr}: {source}")]
    #[diagnostic(help("choose another --listen address, or port 0 for any free port"))]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot load emulator state from `{path}`: {message}")]
    #[diagnostic(help(
        "fix or remove the file (for the local sandbox, `smartplus sandbox reset` starts afresh)"
    ))]
    State { path: PathBuf, message: String },
    #[error("invalid emulator setting: {0}")]
    #[diagnostic(help("see `smartplus emulator --help` for each setting's values"))]
    Config(String),
}

impl Config {
    /// Every advertiser served, the first one first, each with its own settings:
    /// this config with the advertiser's id, currency and time zone.
    pub(super) fn accounts(&self) -> Vec<Config> {
        let first = Config {
            more_advertisers: Vec::new(),
            ..self.clone()
        };
        let mut out = vec![first];
        for more in &self.more_advertisers {
            out.push(self.account(more));
        }
        out
    }

    /// This config as `advertiser` sees it.
    pub(super) fn account(&self, advertiser: &Advertiser) -> Config {
        Config {
            advertiser_id: advertiser.id.clone(),
            currency: advertiser
                .currency
                .clone()
                .unwrap_or_else(|| self.currency.clone()),
            time_zone: advertiser
                .time_zone
                .clone()
                .unwrap_or_else(|| self.time_zone.clone()),
            more_advertisers: Vec::new(),
            ..self.clone()
        }
    }

    /// Refuses settings no emulator can run with, before anything listens.
    pub(super) fn check(&self) -> Result<(), EmulatorError> {
        if !(0.0..=1.0).contains(&self.fault_rate) {
            return Err(EmulatorError::Config(format!(
                "fault rate {} is not between 0 and 1",
                self.fault_rate
            )));
        }
        if !(0.0..=1.0).contains(&self.drop_rate) {
            return Err(EmulatorError::Config(format!(
                "drop rate {} is not between 0 and 1",
                self.drop_rate
            )));
        }
        if self.qps == Some(0) {
            return Err(EmulatorError::Config("qps must be at least 1".into()));
        }
        if self.advertiser_qps == Some(0) {
            return Err(EmulatorError::Config(
                "the advertiser qps must be at least 1".into(),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for account in self.accounts() {
            account.check_account()?;
            if !seen.insert(account.advertiser_id.clone()) {
                return Err(EmulatorError::Config(format!(
                    "advertiser {} is given twice",
                    account.advertiser_id
                )));
            }
        }
        Ok(())
    }

    /// Checks one advertiser's id, currency and time zone.
    fn check_account(&self) -> Result<(), EmulatorError> {
        if crate::facts::currency(&self.currency).is_none() {
            return Err(EmulatorError::Config(format!(
                "TikTok does not bill in currency `{}`",
                self.currency
            )));
        }
        if jiff::tz::TimeZone::get(&self.time_zone).is_err() {
            return Err(EmulatorError::Config(format!(
                "`{}` is not an IANA time zone (e.g. America/New_York)",
                self.time_zone
            )));
        }
        if self.advertiser_id.is_empty() || !self.advertiser_id.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(EmulatorError::Config(format!(
                "the advertiser id `{}` is not a string of digits",
                self.advertiser_id
            )));
        }
        Ok(())
    }
}
