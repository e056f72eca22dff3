//! How close `smartplus apply` comes to the fastest an API rate limit allows.
//!
//! Run with `cargo bench --bench apply`. It generates a valid spec of 10 campaigns ×
//! 10 ad groups × 3 ads (410 creates), starts the project's emulator in-process on
//! 127.0.0.1:0 with 50 ms latency and a 50 requests/second limit, and times:
//!
//! - the release binary, `apply --auto-approve --qps 50 --parallelism N`, for a few N,
//!   each against a fresh account;
//! - a plain sequential baseline: the same 410 create bodies (taken from a saved plan)
//!   sent one by one with reqwest, campaign → its ad groups → their ads, the way a
//!   script on the official SDK would.
//!
//! Then the same spec at 250 ms latency, nearer to real answer times, where the
//! number of requests in flight rather than the rate limit can bound the run.
//!
//! Both are compared with the lower bound max(creates / QPS, 3 × latency) = 8.2 s:
//! no client can send 410 requests faster than the limit, nor finish a
//! campaign → ad group → ad chain in fewer than three round trips. The emulator's
//! own counters give the number of 40100 (rate limited) answers, which should be 0.
//! The figures are printed, never judged: timings vary by machine. The bench fails
//! only when a run does not leave exactly the 410 objects behind.

// Inputs are built once per run; clarity beats avoiding a temporary String.
#![allow(clippy::format_push_string)]

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use smartplus::emulator::Config;

#[path = "common/emu.rs"]
mod emu;
use emu::Emu;

const CAMPAIGNS: usize = 10;
const AD_GROUPS: usize = 10;
const ADS: usize = 3;
const CREATES: usize = CAMPAIGNS * (1 + AD_GROUPS * (1 + ADS));
const LATENCY_MS: u64 = 50;
const QPS: u32 = 50;
/// Timed runs per configuration; the best is reported.
const RUNS: usize = 2;
/// Parallelism values timed; `CHOSEN` is the one the docs recommend for this tier.
const PARALLELISM: &[usize] = &[1, 4, 8, 16, 32];
const CHOSEN: usize = 16;
/// A second, slower API (closer to TikTok's real answer times): shows whether
/// in-flight limits, not the rate limit, bound the run.
const SLOW_LATENCY_MS: u64 = 250;
const SLOW_PARALLELISM: &[usize] = &[8, 16, 32];

const TOKEN: &str = "bench-token-5e1d";
const ADVERTISER: &str = "7000000000000000001";

/// The spec: shaped like `campaigns/web-cbo-automatic.yaml`, one video per ad, and
/// passes `smartplus validate --deny-warnings` (CBO budget covers 10 ad groups at
/// 50 × the CPA each).
fn spec() -> String {
    let mut s = String::from(
        "advertiser_id: \"7000000000000000001\"\ncurrency: USD\naccount:\n  measurement: pixel_and_events_api\n  time_zone: America/New_York\ncampaigns:\n",
    );
    for c in 1..=CAMPAIGNS {
        s.push_str(&format!(
            "  - name: Bench campaign {c:02}\n    objective: web_conversions\n    sales_destination: website\n    budget:\n      cbo: true\n      mode: dynamic_daily\n      amount: 5000.00\n    guidance:\n      historical_cpa: 10\n    ad_groups:\n"
        ));
        for g in 1..=AD_GROUPS {
            s.push_str(&format!(
                "      - name: Group {g:02}\n        optimization:\n          goal: convert\n          event: complete_payment\n          pixel_id: \"7100000000000000001\"\n        targeting:\n          mode: automatic\n          locations: [\"6252001\"]\n        ads:\n"
            ));
            for a in 1..=ADS {
                s.push_str(&format!(
                    "          - name: Ad {a}\n            identity:\n              type: tiktok_user\n              id: \"7200000000000000001\"\n            creatives:\n              - video: {{ id: v10033g50000c{c}g{g}a{a}, cover: \"ad-site-i18n-sg/cover-{c}-{g}-{a}\" }}\n            texts: [Spring sale]\n            call_to_action_id: \"7500000000000000001\"\n            landing_page: https://shop.example.com/spring\n"
                ));
            }
        }
    }
    s
}

/// An emulator for one advertiser, empty, at this latency and rate limit.
fn start_emulator(latency_ms: u64, qps: Option<u32>) -> Result<Emu, String> {
    let config = Config {
        listen: "127.0.0.1:0".parse().map_err(|e| format!("{e}"))?,
        access_token: TOKEN.into(),
        advertiser_id: ADVERTISER.into(),
        latency_ms,
        qps,
        seed: Some(7),
        // An empty account: the object counts are the run's alone.
        seed_account: false,
        ..Config::default()
    };
    Emu::start(config)
}

fn smartplus(dir: &Path, url: &str, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_smartplus"));
    c.current_dir(dir)
        .arg("--no-color")
        .args(args)
        .env("NO_COLOR", "1")
        .env("SMARTPLUS_API_URL", url)
        .env("TIKTOK_ACCESS_TOKEN", TOKEN)
        .env_remove("CI")
        .env_remove("SMARTPLUS_ADVERTISER_ID");
    c
}

/// What one timed run left behind.
struct Run {
    wall: Duration,
    requests: u64,
    rate_limited: u64,
}

fn n(v: &Value, a: &str, b: &str) -> u64 {
    v[a][b].as_u64().unwrap_or(0)
}

/// The account holds exactly the spec's objects.
fn check_objects(stats: &Value, what: &str) -> Result<(), String> {
    let got = (
        n(stats, "objects", "campaigns"),
        n(stats, "objects", "adgroups"),
        n(stats, "objects", "ads"),
    );
    let want = (
        CAMPAIGNS as u64,
        (CAMPAIGNS * AD_GROUPS) as u64,
        (CAMPAIGNS * AD_GROUPS * ADS) as u64,
    );
    if got == want {
        Ok(())
    } else {
        Err(format!(
            "{what}: the account holds {got:?} campaigns/ad groups/ads, not {want:?}"
        ))
    }
}

fn time_apply(dir: &Path, latency_ms: u64, parallelism: usize) -> Result<Run, String> {
    let emu = start_emulator(latency_ms, Some(QPS))?;
    let p = parallelism.to_string();
    let qps = QPS.to_string();
    let start = Instant::now();
    let out = smartplus(
        dir,
        &emu.url,
        &[
            "-q",
            "apply",
            "--auto-approve",
            "--qps",
            &qps,
            "--parallelism",
            &p,
        ],
    )
    .output()
    .map_err(|e| e.to_string())?;
    let wall = start.elapsed();
    if !out.status.success() {
        return Err(format!(
            "apply --parallelism {parallelism} ({latency_ms} ms) failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let stats = emu.stats()?;
    check_objects(&stats, &format!("apply --parallelism {parallelism}"))?;
    Ok(Run {
        wall,
        requests: stats["requests"].as_u64().unwrap_or(0),
        rate_limited: n(&stats, "by_code", "40100"),
    })
}

/// The 410 create bodies, in plan order (campaign, its first ad group, that group's
/// ads, the next ad group, ...), from a saved plan made against an empty account.
fn planned_creates(dir: &Path) -> Result<Vec<Value>, String> {
    let emu = start_emulator(0, None)?;
    let out = smartplus(dir, &emu.url, &["-q", "plan", "--out", "bench-plan.json"])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "plan --out failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = std::fs::read_to_string(dir.join("bench-plan.json")).map_err(|e| e.to_string())?;
    let saved: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let changes = saved["plan"]["changes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let creates: Vec<Value> = changes
        .into_iter()
        .filter(|c| c["action"] == "create")
        .collect();
    if creates.len() != CREATES {
        return Err(format!(
            "the plan has {} creates, not {CREATES}",
            creates.len()
        ));
    }
    Ok(creates)
}

/// One create after another, each waiting for its answer: what a script on the
/// official SDK does. No reads, no pacing (one request at a time stays under the
/// limit by itself at this latency), no retries.
fn time_sequential(creates: &[Value]) -> Result<Run, String> {
    let emu = start_emulator(LATENCY_MS, Some(QPS))?;
    let http = reqwest::Client::new();
    let api = format!("{}/open_api/v1.3/", emu.url);
    let start = Instant::now();
    emu.rt.block_on(async {
        let mut ids: HashMap<String, String> = HashMap::new();
        for (i, c) in creates.iter().enumerate() {
            let mut body = c["create"].as_object().cloned().unwrap_or_default();
            body.insert("advertiser_id".into(), json!(ADVERTISER));
            let parent = c["parent"]
                .as_str()
                .and_then(|p| ids.get(p))
                .cloned()
                .unwrap_or_default();
            let (path, id_key) = match c["kind"].as_str() {
                Some("campaign") => {
                    body.insert("request_id".into(), json!(format!("{}", 1_000_000 + i)));
                    ("smart_plus/campaign/create/", "campaign_id")
                }
                Some("ad_group") => {
                    body.insert("request_id".into(), json!(format!("{}", 1_000_000 + i)));
                    body.insert("campaign_id".into(), json!(parent));
                    ("smart_plus/adgroup/create/", "adgroup_id")
                }
                _ => {
                    body.insert("adgroup_id".into(), json!(parent));
                    ("smart_plus/ad/create/", "smart_plus_ad_id")
                }
            };
            let answer: Value = http
                .post(format!("{api}{path}"))
                .header("Access-Token", TOKEN)
                .json(&body)
                .send()
                .await
                .map_err(|e| e.to_string())?
                .json()
                .await
                .map_err(|e| e.to_string())?;
            if answer["code"] != 0 {
                return Err(format!("sequential {path}: {answer}"));
            }
            let id = match &answer["data"][id_key] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if let Some(key) = c["key"].as_str() {
                ids.insert(key.to_string(), id);
            }
        }
        Ok::<(), String>(())
    })?;
    let wall = start.elapsed();
    let stats = emu.stats()?;
    check_objects(&stats, "sequential baseline")?;
    Ok(Run {
        wall,
        requests: stats["requests"].as_u64().unwrap_or(0),
        rate_limited: n(&stats, "by_code", "40100"),
    })
}

fn best(runs: Vec<Run>) -> Option<Run> {
    runs.into_iter().min_by_key(|r| r.wall)
}

fn run() -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir.path().join("campaigns")).map_err(|e| e.to_string())?;
    std::fs::write(dir.path().join("campaigns/bench.yaml"), spec()).map_err(|e| e.to_string())?;
    let valid = Command::new(env!("CARGO_BIN_EXE_smartplus"))
        .current_dir(dir.path())
        .args(["--no-color", "-q", "validate", "--deny-warnings"])
        .output()
        .map_err(|e| e.to_string())?;
    if !valid.status.success() {
        return Err(format!(
            "the bench spec is not valid:\n{}",
            String::from_utf8_lossy(&valid.stderr)
        ));
    }

    let bound = (CREATES as f64 / f64::from(QPS)).max(3.0 * LATENCY_MS as f64 / 1000.0);
    println!(
        "apply benchmark: {CAMPAIGNS} campaigns × {AD_GROUPS} ad groups × {ADS} ads = {CREATES} creates; \
         emulator latency {LATENCY_MS} ms, limit {QPS} requests/s; best of {RUNS}"
    );
    println!(
        "lower bound max({CREATES} / {QPS}, 3 × {LATENCY_MS} ms) = {bound:.2} s; goal ≤ 1.25 × = {:.2} s\n",
        1.25 * bound
    );
    println!(
        "{:<34} {:>8} {:>9} {:>9} {:>6}",
        "run", "wall s", "× bound", "requests", "40100"
    );
    let row = |name: &str, r: &Run, bound: f64| {
        println!(
            "{:<34} {:>8.2} {:>9.2} {:>9} {:>6}",
            name,
            r.wall.as_secs_f64(),
            r.wall.as_secs_f64() / bound,
            r.requests,
            r.rate_limited
        );
    };

    for &p in PARALLELISM {
        let mut runs = Vec::new();
        for _ in 0..RUNS {
            runs.push(time_apply(dir.path(), LATENCY_MS, p)?);
        }
        let mark = if p == CHOSEN { " (chosen)" } else { "" };
        if let Some(r) = best(runs) {
            row(&format!("apply --parallelism {p}{mark}"), &r, bound);
        }
    }
    let creates = planned_creates(dir.path())?;
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        runs.push(time_sequential(&creates)?);
    }
    if let Some(r) = best(runs) {
        row("sequential baseline (reqwest)", &r, bound);
    }

    let slow_bound = (CREATES as f64 / f64::from(QPS)).max(3.0 * SLOW_LATENCY_MS as f64 / 1000.0);
    println!(
        "\nsame spec at {SLOW_LATENCY_MS} ms latency (one run each): lower bound {slow_bound:.2} s"
    );
    for &p in SLOW_PARALLELISM {
        let r = time_apply(dir.path(), SLOW_LATENCY_MS, p)?;
        row(&format!("apply --parallelism {p}"), &r, slow_bound);
    }
    Ok(())
}

fn main() -> ExitCode {
    // reqwest is built without a TLS provider; the emulator's counters are read with it.
    smartplus::api::install_crypto_provider();
    // `cargo bench` passes `--bench`; any other argument is a filter we do not support.
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("apply benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}
