//! How long `smartplus plan` takes on a large account behind a slow API.
//!
//! Builds an account of 200 campaigns × 10 ad groups × 3 ads (one campaign applied
//! through the real binary, then cloned in the emulator's state file), serves it
//! from an emulator that delays every answer by 100 ms, and times the release
//! binary planning 10 and all 200 campaigns. Prints the calls made, the fewest the
//! API's page sizes and id filters allow, the wall time, and the goal
//! 1.5 × (calls / concurrency) × latency. The same plans against the same account
//! without latency show what the emulator itself and the client's pacing cost; the
//! 200-campaign plan there at `--qps 1000` is checked against the sandbox goal
//! (0.5 s), as the median of several runs.
//!
//! Run with `cargo bench --bench plan`. With `PLAN_BENCH_KEEP=DIR` it only writes the
//! account (`DIR/account.json`, a state file for `smartplus emulator --state`) and the
//! 200-campaign spec (`DIR/plan-200/`) and stops: for profiling one plan by hand.

// Inputs are built once per run; clarity beats avoiding a temporary String.
#![allow(clippy::format_push_string)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use smartplus::emulator::state::{self, Automation, State};
use smartplus::emulator::{self, Config, Handle};

/// The emulator runs here with the allocator the binary ships with, as the embedded
/// sandbox does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TOKEN: &str = "bench-token";
const ADVERTISER: &str = "7000000000000000001";
const CAMPAIGNS: usize = 200;
const AD_GROUPS: usize = 10;
const ADS: usize = 3;
const LATENCY_MS: u64 = 100;
/// The 200-campaign plan against the sandbox (no latency, `--qps 1000`) takes at
/// most this long: the emulator's own cost must not set the pace.
const SANDBOX_GOAL: Duration = Duration::from_millis(500);
/// Runs of that plan whose median is checked against the goal.
const SANDBOX_RUNS: usize = 7;
/// The client's requests in flight at once (`ClientOptions::default().max_in_flight`).
const CONCURRENCY: u64 = 8;
/// Page sizes and id filter size of the list endpoints (src/facts.rs).
const CAMPAIGN_PAGE: u64 = smartplus::facts::PAGE_SIZE_CAMPAIGN as u64;
const ADGROUP_PAGE: u64 = smartplus::facts::PAGE_SIZE_ADGROUP as u64;
const AD_PAGE: u64 = smartplus::facts::PAGE_SIZE_AD as u64;
const FILTER_IDS: u64 = smartplus::facts::MAX_FILTER_IDS as u64;

type Fail = Box<dyn std::error::Error>;

fn campaign_name(i: usize) -> String {
    format!("Bench {i:03}")
}

/// A spec with campaigns `from..to`, each with the same ad groups and ads.
fn spec(from: usize, to: usize) -> String {
    let mut s = String::from("advertiser_id: \"7000000000000000001\"\ncurrency: USD\ncampaigns:\n");
    for i in from..to {
        s.push_str(&format!(
            "  - name: {}\n    objective: web_conversions\n    sales_destination: website\n    budget: {{ cbo: true, mode: dynamic_daily, amount: 1000 }}\n    ad_groups:\n",
            campaign_name(i)
        ));
        for g in 0..AD_GROUPS {
            s.push_str(&format!(
                "      - name: Group {g}\n        optimization: {{ goal: convert, event: complete_payment, pixel_id: \"7100000000000000001\" }}\n        targeting: {{ locations: [\"6252001\"] }}\n        ads:\n"
            ));
            for a in 0..ADS {
                s.push_str(&format!(
                    "          - name: Ad {a}\n            identity: {{ type: tiktok_user, id: \"7200000000000000001\" }}\n            creatives:\n              - video: {{ id: v10033g50000bench{a}, cover: \"ad-site-i18n-sg/cover-{a}\" }}\n            texts: [Bench ad {a}]\n            call_to_action_id: \"7500000000000000001\"\n            landing_page: https://shop.example.com/{g}/{a}\n"
                ));
            }
        }
    }
    s
}

struct Emu {
    rt: tokio::runtime::Runtime,
    handle: Option<Handle>,
    url: String,
}

impl Emu {
    fn start(state_file: &Path, latency_ms: u64) -> Result<Emu, Fail> {
        let config = Config {
            state_file: Some(state_file.to_path_buf()),
            access_token: TOKEN.into(),
            advertiser_id: ADVERTISER.into(),
            latency_ms,
            // The specs name made-up video ids, as the sandbox takes them.
            any_asset_id: true,
            ..Config::default()
        };
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let handle = rt.block_on(emulator::start(config))?;
        let url = handle.url();
        Ok(Emu {
            rt,
            handle: Some(handle),
            url,
        })
    }

    /// Request counts by path.
    fn stats(&self) -> Result<BTreeMap<String, u64>, Fail> {
        let url = format!("{}/_emulator/stats", self.url);
        let v: Value = self
            .rt
            .block_on(async { reqwest::get(url).await?.json::<Value>().await })?;
        Ok(v["by_path"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
                    .collect()
            })
            .unwrap_or_default())
    }

    fn stop(mut self) {
        if let Some(h) = self.handle.take() {
            self.rt.block_on(h.shutdown());
        }
    }
}

fn smartplus(dir: &Path, url: &str, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_smartplus"));
    c.current_dir(dir)
        .arg("--no-color")
        .args(args)
        .env("SMARTPLUS_API_URL", url)
        .env("TIKTOK_ACCESS_TOKEN", TOKEN)
        .env_remove("CI")
        .env_remove("SMARTPLUS_ADVERTISER_ID")
        .env_remove("SMARTPLUS_LOG");
    c
}

fn write_spec(dir: &Path, text: &str) -> Result<(), Fail> {
    std::fs::create_dir_all(dir.join("campaigns"))?;
    std::fs::write(dir.join("campaigns").join("bench.yaml"), text)?;
    Ok(())
}

/// One campaign applied through the real binary, as the template of the others.
fn template(work: &Path) -> Result<PathBuf, Fail> {
    let file = work.join("template.json");
    let emu = Emu::start(&file, 0)?;
    let dir = work.join("one");
    write_spec(&dir, &spec(0, 1))?;
    let o = smartplus(
        &dir,
        &emu.url,
        &["apply", "--auto-approve", "--qps", "1000"],
    )
    .output()?;
    if !o.status.success() {
        return Err(format!(
            "template apply failed:\n{}",
            String::from_utf8_lossy(&o.stderr)
        )
        .into());
    }
    emu.stop();
    Ok(file)
}

fn set(rec: &mut state::Record, key: &str, v: &str) {
    rec.data.insert(key.into(), json!(v));
}

/// Ids for the clones, above the range the emulator hands out (17…–18…), so they
/// never collide with its own.
struct Ids(u64);

impl Ids {
    fn next(&mut self, st: &mut State) -> String {
        self.0 += 1;
        st.next_seq();
        (1_900_000_000_000_000 + self.0).to_string()
    }
}

/// Clones the template campaign until the account has `CAMPAIGNS` of them.
fn big_state(template: &Path, out: &Path) -> Result<(), Fail> {
    let mut st: State = state::load(template)?.ok_or("no template state")?;
    let mut ids = Ids(0);
    let (cid, camp) = st
        .campaigns
        .iter()
        .find(|(_, r)| r.automation == Automation::UpgradedSmartPlus)
        .map(|(k, r)| (k.clone(), r.clone()))
        .ok_or("no template campaign")?;
    let groups: Vec<state::Record> = st
        .adgroups
        .values()
        .filter(|r| r.parent.as_deref() == Some(cid.as_str()))
        .cloned()
        .collect();
    let group_ids: Vec<&str> = groups.iter().filter_map(|g| g.str("adgroup_id")).collect();
    let ads: Vec<state::Record> = st
        .ads
        .values()
        .filter(|r| r.parent.as_deref().is_some_and(|p| group_ids.contains(&p)))
        .cloned()
        .collect();
    if groups.len() != AD_GROUPS || ads.len() != AD_GROUPS * ADS {
        return Err(format!("template has {} ad groups, {} ads", groups.len(), ads.len()).into());
    }
    for i in 1..CAMPAIGNS {
        let new_cid = ids.next(&mut st);
        let mut c = camp.clone();
        c.seq = st.next_seq();
        set(&mut c, "campaign_id", &new_cid);
        set(&mut c, "campaign_name", &campaign_name(i));
        st.campaigns.insert(new_cid.clone(), c);
        for g in &groups {
            let old_gid = g.str("adgroup_id").unwrap_or_default().to_string();
            let new_gid = ids.next(&mut st);
            let mut ng = g.clone();
            ng.seq = st.next_seq();
            ng.parent = Some(new_cid.clone());
            set(&mut ng, "adgroup_id", &new_gid);
            set(&mut ng, "campaign_id", &new_cid);
            st.adgroups.insert(new_gid.clone(), ng);
            for a in ads.iter().filter(|a| a.parent.as_deref() == Some(&old_gid)) {
                let new_aid = ids.next(&mut st);
                let mut na = a.clone();
                na.seq = st.next_seq();
                na.parent = Some(new_gid.clone());
                set(&mut na, "smart_plus_ad_id", &new_aid);
                set(&mut na, "adgroup_id", &new_gid);
                set(&mut na, "campaign_id", &new_cid);
                if let Some(Value::Array(list)) = na.data.get_mut("creative_list") {
                    for item in list {
                        if let Some(m) = item.as_object_mut() {
                            m.insert("ad_material_id".into(), json!(ids.next(&mut st)));
                        }
                    }
                }
                st.ads.insert(new_aid, na);
            }
        }
    }
    state::save(out, &st)?;
    Ok(())
}

/// The fewest calls that read `n` named campaigns of an account of `CAMPAIGNS`.
fn minimum_calls(n: u64) -> u64 {
    let per_campaign_groups = AD_GROUPS as u64;
    let per_campaign_ads = (AD_GROUPS * ADS) as u64;
    let campaign_pages = (CAMPAIGNS as u64).div_ceil(CAMPAIGN_PAGE);
    let mut children = 0;
    let mut left = n;
    while left > 0 {
        let chunk = left.min(FILTER_IDS);
        children += (chunk * per_campaign_groups).div_ceil(ADGROUP_PAGE);
        children += (chunk * per_campaign_ads).div_ceil(AD_PAGE);
        left -= chunk;
    }
    // + advertiser/info, for the currency check, and the manual campaign list (every
    // campaign of the account, in the same round: legacy and manual campaigns count
    // in the budget total, and their names must not be reused).
    campaign_pages + children + 1 + campaign_pages
}

/// Wall time no client can beat at this latency: the campaign lists (with the
/// account info) come first, then the first page of each child list, then the
/// remaining pages `CONCURRENCY` at a time.
fn latency_floor(n: u64) -> Duration {
    let chunks = n.div_ceil(FILTER_IDS);
    let first_pages = 2 * chunks;
    let rest = minimum_calls(n) - 3 - first_pages;
    let rounds = 2 + rest.div_ceil(CONCURRENCY);
    Duration::from_millis(rounds * LATENCY_MS)
}

struct Run {
    wall: Duration,
    reported: String,
    counted: u64,
    by_path: BTreeMap<String, u64>,
}

fn time_plan(emu: &Emu, dir: &Path, extra: &[&str]) -> Result<Run, Fail> {
    let before = emu.stats()?;
    let mut args = vec!["-v", "plan", "--detailed-exitcode"];
    args.extend_from_slice(extra);
    let start = Instant::now();
    let o = smartplus(dir, &emu.url, &args).output()?;
    let wall = start.elapsed();
    let after = emu.stats()?;
    let stderr = String::from_utf8_lossy(&o.stderr);
    if o.status.code() != Some(0) {
        return Err(format!(
            "plan exited {:?} (0 = no changes expected):\n{}\n{stderr}",
            o.status.code(),
            String::from_utf8_lossy(&o.stdout)
        )
        .into());
    }
    let reported = stderr
        .lines()
        .find(|l| l.ends_with("API calls"))
        .unwrap_or("no count printed")
        .to_string();
    let by_path: BTreeMap<String, u64> = after
        .iter()
        .map(|(k, v)| (k.clone(), v - before.get(k).copied().unwrap_or(0)))
        .filter(|(_, v)| *v > 0)
        .collect();
    Ok(Run {
        wall,
        reported,
        counted: by_path.values().sum(),
        by_path,
    })
}

fn main() -> Result<(), Fail> {
    // reqwest is built without a TLS provider; the emulator's counters are read with it.
    smartplus::api::install_crypto_provider();
    let work = tempfile::tempdir()?;
    let t0 = Instant::now();
    let template = template(work.path())?;
    let big = work.path().join("account.json");
    big_state(&template, &big)?;
    println!(
        "account: {CAMPAIGNS} campaigns × {AD_GROUPS} ad groups × {ADS} ads, built in {:.1?}",
        t0.elapsed()
    );
    // Each emulator rewrites its state file at start: give each its own copy.
    let fast_state = work.path().join("account-fast.json");
    std::fs::copy(&big, &fast_state)?;
    if let Some(keep) = std::env::var_os("PLAN_BENCH_KEEP") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep)?;
        std::fs::copy(&big, keep.join("account.json"))?;
        write_spec(&keep.join("plan-200"), &spec(0, CAMPAIGNS))?;
        println!("kept the account and the spec in {}", keep.display());
        return Ok(());
    }
    let slow = Emu::start(&big, LATENCY_MS)?;
    // The same account without latency: what the emulator itself costs per plan.
    let fast = Emu::start(&fast_state, 0)?;

    for n in [10usize, CAMPAIGNS] {
        let dir = work.path().join(format!("plan-{n}"));
        write_spec(&dir, &spec(0, n))?;
        let min = minimum_calls(n as u64);
        for (pacing, extra) in [
            ("default pacing (10 qps)", &[][..]),
            ("--qps 1000", &["--qps", "1000"][..]),
        ] {
            let run = time_plan(&slow, &dir, extra)?;
            let base = time_plan(&fast, &dir, extra)?;
            let goal = Duration::from_secs_f64(
                1.5 * (run.counted as f64 / CONCURRENCY as f64) * LATENCY_MS as f64 / 1000.0,
            );
            println!();
            println!("plan of {n} campaigns, {pacing}:");
            println!("  API calls:        {} ({})", run.counted, run.reported);
            for (path, n) in &run.by_path {
                println!("    {n:4}  {path}");
            }
            println!("  minimum calls:    {min}");
            println!(
                "  wall time:        {:.2?} at {LATENCY_MS} ms latency",
                run.wall
            );
            println!("  wall time:        {:.2?} at 0 ms latency", base.wall);
            println!(
                "  latency floor:    {:.2?} (dependent rounds × {LATENCY_MS} ms)",
                latency_floor(n as u64)
            );
            println!(
                "  goal:             {:.2?} = 1.5 × ({} / {CONCURRENCY}) × {LATENCY_MS} ms  [{}]",
                goal,
                run.counted,
                if run.wall <= goal { "met" } else { "missed" }
            );
            if n == CAMPAIGNS && !extra.is_empty() {
                // The sandbox's own pace: the emulator's CPU per call and the
                // client's per object, nothing else (no latency, pacing far above
                // what the calls need). One run is noisy on a small machine: the
                // median of several.
                let mut walls = vec![base.wall];
                for _ in 1..SANDBOX_RUNS {
                    walls.push(time_plan(&fast, &dir, extra)?.wall);
                }
                walls.sort();
                let median = walls[walls.len() / 2];
                println!(
                    "  sandbox goal:     {median:.2?} at 0 ms latency (median of {SANDBOX_RUNS}, {:.2?}–{:.2?}) ≤ {SANDBOX_GOAL:.2?}: {:.2} × the goal  [{}]; {:.1} ms per call",
                    walls[0],
                    walls[walls.len() - 1],
                    median.as_secs_f64() / SANDBOX_GOAL.as_secs_f64(),
                    if median <= SANDBOX_GOAL {
                        "met"
                    } else {
                        "missed"
                    },
                    median.as_secs_f64() * 1000.0 / base.counted as f64,
                );
            }
        }
    }
    slow.stop();
    fast.stop();
    Ok(())
}
