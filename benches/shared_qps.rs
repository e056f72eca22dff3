//! Several jobs sharing one developer app's rate limit: the fan-out of
//! docs/scale.md, timed.
//!
//! Run with `cargo bench --bench shared_qps`. It writes one spec tree holding four
//! ad accounts (a folder each, `advertiser_id` in one file per folder, 100 creates
//! per account: 4 campaigns × (1 + 3 ad groups × (1 + 7 ads))), asks
//! `smartplus accounts` for the CI matrix, starts the project's emulator in-process
//! serving the four advertisers with one app-wide `--qps 10` and 100 ms latency,
//! then runs the four applies at once, each `--advertiser-id ID --qps 10
//! --qps-share 4`, as the four CI jobs of docs/scale.md's workflow would: each is
//! told it is one of four, starts at its share and learns of the others' pace
//! only from `40100` answers. `SHARED_QPS_JOBS=N` runs N jobs instead (up to 40),
//! `SHARED_QPS_SHARE=1` runs them without a share (each starts at the full 10),
//! `SHARED_QPS_SHARE=N` with another.
//!
//! It prints the total wall time against the bound 400 creates / 10 per second =
//! 40 s (goal ≤ 1.2 ×), each job's wall time and share of the calls that went
//! through, and the `40100` answers against all calls (goal < 5%). It fails when an
//! apply fails or an account does not hold exactly its 100 objects afterwards (a
//! duplicate or a missing object); the timing goals are printed, not enforced.

// Inputs are built once per run; clarity beats avoiding a temporary String.
#![allow(clippy::format_push_string)]

use std::path::Path;
use std::process::{Command, ExitCode, Output};
use std::time::{Duration, Instant};

use serde_json::Value;
use smartplus::emulator::{Advertiser, Config};

#[path = "common/emu.rs"]
mod emu;
use emu::Emu;

/// The jobs, one advertiser each, unless `SHARED_QPS_JOBS` says otherwise.
const JOBS: usize = 4;
/// The most jobs `SHARED_QPS_JOBS` may ask for.
const MAX_JOBS: usize = 40;
const CAMPAIGNS: usize = 4;
const AD_GROUPS: usize = 3;
const ADS: usize = 7;
const CREATES: usize = CAMPAIGNS * (1 + AD_GROUPS * (1 + ADS));
const QPS: u32 = 10;
const LATENCY_MS: u64 = 100;
const TOKEN: &str = "bench-token-shared-7c1e";

/// One account's folder: `account.yaml` names the advertiser, `campaigns.yaml`
/// (which does not) holds the campaigns.
fn write_account(root: &Path, n: usize, advertiser: &str) -> Result<(), String> {
    let dir = root.join("accounts").join(format!("client-{n}"));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("account.yaml"),
        format!("advertiser_id: \"{advertiser}\"\ncurrency: USD\ncampaigns: []\n"),
    )
    .map_err(|e| e.to_string())?;
    let mut s = String::from("campaigns:\n");
    for c in 1..=CAMPAIGNS {
        s.push_str(&format!(
            "  - name: Client {n} campaign {c}\n    objective: web_conversions\n    sales_destination: website\n    budget: {{ cbo: true, mode: dynamic_daily, amount: 2000 }}\n    ad_groups:\n"
        ));
        for g in 1..=AD_GROUPS {
            s.push_str(&format!(
                "      - name: Group {g}\n        optimization: {{ goal: convert, event: complete_payment, pixel_id: \"7100000000000000001\" }}\n        targeting: {{ locations: [\"6252001\"] }}\n        ads:\n"
            ));
            for a in 1..=ADS {
                s.push_str(&format!(
                    "          - name: Ad {a}\n            identity: {{ type: tiktok_user, id: \"7200000000000000001\" }}\n            creatives:\n              - video: {{ id: v10033g50000n{n}c{c}g{g}a{a}, cover: \"ad-site-i18n-sg/cover-{n}-{c}-{g}-{a}\" }}\n            texts: [Shared limit]\n            call_to_action_id: \"7500000000000000001\"\n            landing_page: https://shop.example.com/{n}\n"
                ));
            }
        }
    }
    std::fs::write(dir.join("campaigns.yaml"), s).map_err(|e| e.to_string())
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
        .env_remove("SMARTPLUS_ADVERTISER_ID")
        .env_remove("SMARTPLUS_LOG");
    c
}

/// The advertiser ids of `jobs` jobs.
fn accounts(jobs: usize) -> Vec<String> {
    (0..jobs)
        .map(|i| format!("{}", 7_000_000_000_000_000_011_u64 + i as u64))
        .collect()
}

/// A whole number from 1 to `max` in the environment variable `key`, or `default`.
fn env_count(key: &str, max: usize, default: usize) -> Result<usize, String> {
    match std::env::var(key) {
        Ok(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or(format!(
                "{key}={v}: expected a whole number from 1 to {max}"
            )),
        Err(_) => Ok(default),
    }
}

/// The emulator: the jobs' advertisers, one app-wide limit.
fn start_emulator(accounts: &[String]) -> Result<Emu, String> {
    let (first, more) = accounts.split_first().ok_or("no accounts")?;
    let config = Config {
        access_token: TOKEN.into(),
        advertiser_id: first.clone(),
        more_advertisers: more.iter().map(Advertiser::new).collect(),
        latency_ms: LATENCY_MS,
        qps: Some(QPS),
        seed: Some(16),
        seed_account: false,
        // The specs name video ids the bench made up, as a library would hold.
        any_asset_id: true,
        ..Config::default()
    };
    Emu::start(config)
}

/// The advertiser ids of the matrix `smartplus accounts` prints.
fn matrix(dir: &Path) -> Result<Vec<String>, String> {
    let out = smartplus(dir, "http://127.0.0.1:9", &["accounts", "accounts"])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "accounts failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let doc: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    Ok(doc["include"]
        .as_array()
        .map(|jobs| {
            jobs.iter()
                .filter_map(|j| j["advertiser_id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

struct Job {
    advertiser: String,
    wall: Duration,
    output: Output,
}

fn run() -> Result<bool, String> {
    // reqwest is built without a TLS provider; smartplus installs ring.
    smartplus::api::install_crypto_provider();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let n_jobs = env_count("SHARED_QPS_JOBS", MAX_JOBS, JOBS)?;
    let share = env_count("SHARED_QPS_SHARE", MAX_JOBS, n_jobs)?.to_string();
    let accounts = accounts(n_jobs);
    for (n, id) in accounts.iter().enumerate() {
        write_account(dir.path(), n + 1, id)?;
    }
    let mut jobs = matrix(dir.path())?;
    jobs.sort();
    if jobs != accounts {
        return Err(format!("smartplus accounts listed {jobs:?}"));
    }
    let emu = start_emulator(&accounts)?;
    let qps = QPS.to_string();
    let start = Instant::now();
    let handles: Vec<_> = jobs
        .iter()
        .map(|id| {
            let mut cmd = smartplus(
                dir.path(),
                &emu.url,
                &[
                    "-v",
                    "apply",
                    "accounts",
                    "--auto-approve",
                    "--advertiser-id",
                    id,
                    "--qps",
                    &qps,
                    "--qps-share",
                    &share,
                ],
            );
            let id = id.clone();
            std::thread::spawn(move || {
                let began = Instant::now();
                let output = cmd.output().map_err(|e| e.to_string())?;
                Ok::<_, String>(Job {
                    advertiser: id,
                    wall: began.elapsed(),
                    output,
                })
            })
        })
        .collect();
    let mut done = Vec::new();
    for h in handles {
        done.push(h.join().map_err(|_| "a job thread panicked")??);
    }
    let total = start.elapsed();
    let stats = emu.stats()?;

    let bound = CREATES as f64 * n_jobs as f64 / f64::from(QPS);
    let calls = stats["requests"].as_u64().unwrap_or(0);
    let rejected = stats["by_outcome"]["40100"].as_u64().unwrap_or(0);
    let ok_of = |id: &str| {
        stats["advertisers"][id]["by_code"]["0"]
            .as_u64()
            .unwrap_or(0)
    };

    println!(
        "shared rate limit: {n_jobs} applies at once, {CREATES} creates each, one app at --qps {QPS}, {LATENCY_MS} ms latency"
    );
    println!("each job: --qps {QPS} --qps-share {share}");
    println!();
    println!(
        "{:<22} {:>8} {:>8} {:>8} {:>8} {:>7}  result",
        "job", "wall s", "calls", "calls/s", "share", "40100"
    );
    let mut failed = 0;
    let mut wrong = 0;
    for job in &done {
        let stderr = String::from_utf8_lossy(&job.output.stderr);
        let limited = stderr
            .lines()
            .filter_map(|l| l.split_once(" of them rejected by a rate limit"))
            .filter_map(|(n, _)| n.trim().parse::<u64>().ok())
            .next_back()
            .unwrap_or(0);
        let objects = &stats["advertisers"][job.advertiser.as_str()]["objects"];
        let count = |k: &str| {
            objects[k]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0)
        };
        let exact = count("campaigns") == CAMPAIGNS
            && count("adgroups") == CAMPAIGNS * AD_GROUPS
            && count("ads") == CAMPAIGNS * AD_GROUPS * ADS;
        let result = match (job.output.status.success(), exact) {
            (true, true) => "applied, 100 objects".to_owned(),
            (false, _) => {
                failed += 1;
                let why: Vec<&str> = stderr
                    .lines()
                    .filter(|l| l.contains("Failed") || l.contains('×') || l.contains("error"))
                    .take(3)
                    .collect();
                format!("FAILED: {}", why.join(" / "))
            }
            (true, false) => {
                wrong += 1;
                format!(
                    "WRONG OBJECTS: {} / {} / {}",
                    count("campaigns"),
                    count("adgroups"),
                    count("ads")
                )
            }
        };
        // The job's share of the limit: the calls that went through per second of its
        // run, against the app's QPS.
        let rate = ok_of(&job.advertiser) as f64 / job.wall.as_secs_f64().max(1e-9);
        println!(
            "{:<22} {:>8.1} {:>8} {:>8.2} {:>7.1}% {:>7}  {result}",
            job.advertiser,
            job.wall.as_secs_f64(),
            stats["advertisers"][job.advertiser.as_str()]["requests"]
                .as_u64()
                .unwrap_or(0),
            rate,
            100.0 * rate / f64::from(QPS),
            limited,
        );
    }
    let ratio = total.as_secs_f64() / bound;
    let share = 100.0 * rejected as f64 / calls.max(1) as f64;
    println!();
    println!(
        "total wall time:   {:.1} s = {ratio:.2} × the bound {bound:.0} s ({} × {CREATES} / {QPS})  goal ≤ 1.2 ×  [{}]",
        total.as_secs_f64(),
        n_jobs,
        if ratio <= 1.2 { "met" } else { "missed" }
    );
    println!(
        "40100 answers:     {rejected} of {calls} calls = {share:.1}%  goal < 5%  [{}]",
        if share < 5.0 { "met" } else { "missed" }
    );
    let gave_up = done
        .iter()
        .filter(|job| {
            String::from_utf8_lossy(&job.output.stderr).contains("pacing without the share")
        })
        .count();
    println!("failed applies:    {failed}  goal 0");
    println!(
        "shares given up:   {gave_up} of {n_jobs} (jobs that found the app busier than --qps-share said)"
    );
    println!("wrong object sets: {wrong}  goal 0 (a duplicate or a missing object)");
    Ok(failed == 0 && wrong == 0)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("shared_qps benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}
