//! `smartplus emulator`: serve the local TikTok Smart+ emulator until interrupted.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;

use super::{CommandError, Outcome};
use crate::emulator::{self, Advertiser, Config};
use crate::output::Printer;

/// Run a local, stateful emulator of the TikTok Smart+ API (for demos and CI).
///
/// The first line on stdout is `listening on http://HOST:PORT`. Stop it with
/// Ctrl-C or SIGTERM: in-flight requests finish and the state is saved.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub listen: String,
    /// Allow listening on a non-loopback address (the emulator has no real security).
    #[arg(long)]
    pub allow_remote: bool,
    /// Load state from this JSON file at start and save it atomically after every write.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// The only access token accepted (`Access-Token` header), for every advertiser.
    #[arg(
        long,
        value_name = "TOKEN",
        default_value = "sandbox-token",
        hide_default_value = true
    )]
    pub access_token: String,
    /// An advertiser served, with its own objects (repeatable: one app, several ad
    /// accounts). A currency and time zone of its own may follow the id, e.g.
    /// `7000000000000000002:EUR:Europe/Berlin`.
    #[arg(
        long = "advertiser-id",
        value_name = "ID[:CURRENCY[:TZ]]",
        default_value = "7000000000000000001"
    )]
    pub advertisers: Vec<Advertiser>,
    /// Account currency of the advertisers that do not name their own: sets budget
    /// floors and `advertiser/info/`.
    #[arg(long, value_name = "CODE", default_value = "USD")]
    pub currency: String,
    /// Account time zone reported by `advertiser/info/`, for the advertisers that do
    /// not name their own.
    #[arg(long, value_name = "TZ", default_value = "Etc/UTC")]
    pub time_zone: String,
    /// Delay every answer by this many milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub latency_ms: u64,
    /// Answer code 40100 (and change nothing) above this many requests per second,
    /// counted over every advertiser: the developer app's limit.
    #[arg(long, value_name = "N")]
    pub qps: Option<u32>,
    /// Answer code 40133 (and change nothing) above this many requests per second
    /// to one path for one advertiser.
    #[arg(long, value_name = "N")]
    pub advertiser_qps: Option<u32>,
    /// Fraction of requests (0 to 1) answered with a transient error (50000, 40202 or
    /// HTTP 503) that changes nothing.
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    pub fault_rate: f64,
    /// Fraction of writes (0 to 1) committed and then answered by closing the
    /// connection without a response.
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    pub drop_rate: f64,
    /// Seed for faults, ids and timestamps; seeded runs also start with the clock
    /// frozen at 2026-01-01 00:00:00 UTC.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Start with an empty account (no legacy Smart+ or manual campaign).
    #[arg(long)]
    pub no_seed_account: bool,
    /// Seconds a create's `request_id` returns the object it first made; after that
    /// the same key makes a new object, as TikTok's may.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::facts::IDEMPOTENCY_WINDOW_SECS as f64)]
    pub idempotency_window: f64,
    /// For this many seconds (decimals allowed) after an ad group is created, ad
    /// creates under it fail as they sometimes do live: "does not exist" (40007),
    /// then "concurrent" (40202), in turn; nothing is created.
    #[arg(long, value_name = "SECONDS", default_value_t = 0.0)]
    pub ad_create_lag: f64,
    /// Let ad groups deliver on their own: the report shows spend, impressions,
    /// clicks and conversions made up from the seed, the ad group and the day (the
    /// same state and clock always give the same figures).
    #[arg(long)]
    pub synthetic_delivery: bool,
    /// Take any video or image id in an ad as if it were in the account's asset
    /// library; by default, as live, ads may name only what was uploaded.
    #[arg(long)]
    pub any_asset_id: bool,
}

pub(super) fn run(args: &Args, printer: &Printer) -> Result<Outcome, CommandError> {
    let listen = resolve(&args.listen)?;
    if !listen.ip().is_loopback() && !args.allow_remote {
        return Err(CommandError::user(format!(
            "refusing to listen on `{}`: not a loopback address (pass --allow-remote to allow it)",
            args.listen
        )));
    }
    let currency = args.currency.to_ascii_uppercase();
    // Each advertiser's own currency and time zone, else the flags'.
    let advertisers: Vec<Advertiser> = args
        .advertisers
        .iter()
        .map(|a| Advertiser {
            id: a.id.clone(),
            currency: Some(a.currency.clone().unwrap_or_else(|| currency.clone())),
            time_zone: Some(
                a.time_zone
                    .clone()
                    .unwrap_or_else(|| args.time_zone.clone()),
            ),
        })
        .collect();
    let Some((first, more)) = advertisers.split_first() else {
        return Err(CommandError::user("no advertiser to serve"));
    };
    let config = Config {
        listen,
        state_file: args.state.clone(),
        access_token: args.access_token.clone(),
        advertiser_id: first.id.clone(),
        currency: first.currency.clone().unwrap_or(currency),
        time_zone: first
            .time_zone
            .clone()
            .unwrap_or_else(|| args.time_zone.clone()),
        more_advertisers: more.to_vec(),
        adopt_saved_advertisers: false,
        latency_ms: args.latency_ms,
        qps: args.qps,
        advertiser_qps: args.advertiser_qps,
        fault_rate: args.fault_rate,
        drop_rate: args.drop_rate,
        seed: args.seed,
        seed_account: !args.no_seed_account,
        idempotency_window: window(args.idempotency_window)?,
        ad_create_lag: lag(args.ad_create_lag)?,
        synthetic_delivery: args.synthetic_delivery,
        any_asset_id: args.any_asset_id,
    };
    let rt = super::runtime()?;
    rt.block_on(async {
        let stop = shutdown_signal()?;
        let handle = emulator::start(config).await?;
        printer.data(&format!("listening on {}", handle.url()));
        let ids = handle.advertiser_ids();
        printer.status(&match ids.as_slice() {
            [one] => format!("advertiser {one}"),
            many => format!("advertisers {}", many.join(", ")),
        });
        if let Some(path) = &args.state {
            printer.status(&format!("state saved to `{}`", path.display()));
        }
        if !handle.addr().ip().is_loopback() {
            printer.warn("listening beyond loopback: the /_emulator/ controls are disabled");
        }
        stop.await;
        printer.status("stopping");
        handle.shutdown().await;
        Ok::<_, CommandError>(())
    })?;
    Ok(Outcome::Success)
}

fn window(seconds: f64) -> Result<std::time::Duration, CommandError> {
    std::time::Duration::try_from_secs_f64(seconds).map_err(|_| {
        CommandError::user(format!(
            "--idempotency-window {seconds} is not a number of seconds (0 or more, e.g. 10 or 0.5)"
        ))
    })
}

fn lag(seconds: f64) -> Result<std::time::Duration, CommandError> {
    std::time::Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| *d <= std::time::Duration::from_hours(1))
        .ok_or_else(|| {
            CommandError::user(format!(
                "--ad-create-lag {seconds} is not a number of seconds between 0 and 3600"
            ))
        })
}

fn resolve(listen: &str) -> Result<SocketAddr, CommandError> {
    if let Ok(addr) = listen.parse::<SocketAddr>() {
        return Ok(addr);
    }
    listen
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| {
            CommandError::user(format!(
                "`{listen}` is not an address to listen on (expected HOST:PORT, e.g. 127.0.0.1:8080)"
            ))
        })
}

/// Registers for SIGINT and SIGTERM; must happen before the first line is printed,
/// since whoever reads that line may signal right away.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>, CommandError> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let register = |kind| {
            signal(kind).map_err(|e| CommandError::internal(format!("cannot handle signals: {e}")))
        };
        let mut int = register(SignalKind::interrupt())?;
        let mut term = register(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
