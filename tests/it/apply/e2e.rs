//! End-to-end: `smartplus apply` against the emulator with faults, lost answers,
//! rate limits, a killed process, Ctrl-C, refusals and approval.
//!
//! The invariant every test checks the same way: after apply finishes, the account
//! holds exactly one object per spec entry (deleted objects included), and a plan
//! against it shows no changes.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use smartplus::emulator::Config;

use crate::harness::*;

/// A valid spec: `campaigns` CBO web-conversion campaigns named `PREFIX campaign N`,
/// each with `groups` ad groups of `ads` single-video ads.
fn spec(prefix: &str, campaigns: usize, groups: usize, ads: usize) -> String {
    let mut s = String::from(
        "advertiser_id: \"7000000000000000001\"\ncurrency: USD\naccount:\n  measurement: pixel_and_events_api\n  time_zone: America/New_York\ncampaigns:\n",
    );
    for c in 1..=campaigns {
        s.push_str(&campaign(&format!("{prefix} campaign {c}")));
        for g in 1..=groups {
            s.push_str(&group(&format!("Group {g}"), "complete_payment"));
            for a in 1..=ads {
                s.push_str(&ad(&format!("Ad {a}"), &format!("c{c}g{g}a{a}")));
            }
        }
    }
    s
}

fn campaign(name: &str) -> String {
    format!(
        "  - name: {name}\n    objective: web_conversions\n    sales_destination: website\n    budget:\n      cbo: true\n      mode: dynamic_daily\n      amount: 500.00\n    ad_groups:\n"
    )
}

fn group(name: &str, event: &str) -> String {
    format!(
        "      - name: {name}\n        optimization:\n          goal: convert\n          event: {event}\n          pixel_id: \"7100000000000000001\"\n        targeting:\n          mode: automatic\n          locations: [\"6252001\"]\n        ads:\n"
    )
}

fn ad(name: &str, tag: &str) -> String {
    format!(
        "          - name: {name}\n            identity:\n              type: tiktok_user\n              id: \"7200000000000000001\"\n            creatives:\n              - video: {{ id: v10033g50000{tag}, cover: \"ad-site-i18n-sg/cover-{tag}\" }}\n            texts: [Spring sale]\n            call_to_action_id: \"7500000000000000001\"\n            landing_page: https://shop.example.com/spring\n"
    )
}

/// Every object of a kind, deleted ones included (`primary_status` STATUS_ALL).
fn list_all(emu: &Emu, kind: &str) -> Vec<Value> {
    let (path, size) = match kind {
        "campaign" => ("smart_plus/campaign/get/", 1000),
        "adgroup" => ("smart_plus/adgroup/get/", 1000),
        _ => ("smart_plus/ad/get/", 100),
    };
    // {"primary_status":"STATUS_ALL"}, URL-encoded.
    let filtering = "%7B%22primary_status%22%3A%22STATUS_ALL%22%7D";
    let mut out = Vec::new();
    for page in 1.. {
        let v = api_get(
            emu,
            &format!(
                "/open_api/v1.3/{path}?advertiser_id={ADVERTISER}&filtering={filtering}&page={page}&page_size={size}"
            ),
        );
        out.extend(v["data"]["list"].as_array().cloned().unwrap_or_default());
        let total = v["data"]["page_info"]["total_page"].as_u64().unwrap_or(1);
        if page >= total {
            break;
        }
    }
    out
}

/// GET through the API, retried past the faults and rate limits the test injects:
/// the census must see the account, not the dice.
fn api_get(emu: &Emu, path: &str) -> Value {
    let url = format!("{}{path}", emu.url);
    let mut last = String::new();
    for _ in 0..40 {
        let answer = emu.block_on(async {
            let r = emu
                .client
                .clone()
                .get(&url)
                .header("Access-Token", TOKEN)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            r.json::<Value>().await.map_err(|e| e.to_string())
        });
        match answer {
            Ok(v) if v["code"] == 0 => return v,
            Ok(v) => last = v.to_string(),
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!("GET {path} kept failing: {last}");
}

fn s(v: &Value, key: &str) -> String {
    match &v[key] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Objects under campaigns whose name starts with `prefix`, counted by path
/// (`campaign`, `campaign/group`, `campaign/group/ad`), deleted ones included.
fn census(emu: &Emu, prefix: &str) -> BTreeMap<String, usize> {
    let mut campaigns = BTreeMap::new();
    let mut counts = BTreeMap::new();
    for c in list_all(emu, "campaign") {
        let name = s(&c, "campaign_name");
        if name.starts_with(prefix) {
            *counts.entry(name.clone()).or_insert(0) += 1;
            campaigns.insert(s(&c, "campaign_id"), name);
        }
    }
    let mut groups = BTreeMap::new();
    for g in list_all(emu, "adgroup") {
        if let Some(c) = campaigns.get(&s(&g, "campaign_id")) {
            let path = format!("{c}/{}", s(&g, "adgroup_name"));
            *counts.entry(path.clone()).or_insert(0) += 1;
            groups.insert(s(&g, "adgroup_id"), path);
        }
    }
    for a in list_all(emu, "ad") {
        if let Some(g) = groups.get(&s(&a, "adgroup_id")) {
            *counts
                .entry(format!("{g}/{}", s(&a, "ad_name")))
                .or_insert(0) += 1;
        }
    }
    counts
}

/// The paths `spec(prefix, ..)` describes, each once.
fn expected(prefix: &str, campaigns: usize, groups: usize, ads: usize) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for c in 1..=campaigns {
        let cn = format!("{prefix} campaign {c}");
        m.insert(cn.clone(), 1);
        for g in 1..=groups {
            let gn = format!("{cn}/Group {g}");
            m.insert(gn.clone(), 1);
            for a in 1..=ads {
                m.insert(format!("{gn}/Ad {a}"), 1);
            }
        }
    }
    m
}

fn stats(emu: &Emu) -> Value {
    emu.blocking_get("/_emulator/stats")
}

fn count(stats: &Value, group: &str, key: &str) -> u64 {
    stats[group][key].as_u64().unwrap_or(0)
}

/// Runs apply; re-runs it while it exits 1, at most `reruns` more times.
fn apply_until_done(emu: &Emu, w: &Workdir, extra: &[&str], reruns: usize) -> Vec<String> {
    let mut args = vec!["apply", "--auto-approve"];
    args.extend_from_slice(extra);
    let mut runs = Vec::new();
    for _ in 0..=reruns {
        let o = w.run(emu, &args);
        runs.push(both(&o));
        match code(&o) {
            0 => return runs,
            1 => continue,
            c => panic!("apply exited {c}:\n{}", runs.join("\n")),
        }
    }
    panic!(
        "apply did not converge in {} runs:\n{}",
        reruns + 1,
        runs.join("\n")
    );
}

fn assert_no_changes(emu: &Emu, w: &Workdir) {
    let o = w.run(emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "plan after apply:\n{}", both(&o));
}

fn spawn(emu: &Emu, w: &Workdir, args: &[&str]) -> Child {
    w.command(args)
        .env("SMARTPLUS_API_URL", &emu.url)
        .env("TIKTOK_ACCESS_TOKEN", TOKEN)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("smartplus starts")
}

/// Waits until the emulator holds more than `baseline` campaigns, ad groups and ads
/// in all (control endpoint: no latency, no faults).
fn wait_for_objects(emu: &Emu, baseline: u64, child: &mut Child) {
    let start = Instant::now();
    loop {
        let st = stats(emu);
        let n = ["campaigns", "adgroups", "ads"]
            .iter()
            .map(|k| count(&st, "objects", k))
            .sum::<u64>();
        if n > baseline {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("apply ended ({status}) before any object appeared");
        }
        assert!(
            start.elapsed() < Duration::from_mins(1),
            "no object appeared within a minute"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn object_total(emu: &Emu) -> u64 {
    let st = stats(emu);
    ["campaigns", "adgroups", "ads"]
        .iter()
        .map(|k| count(&st, "objects", k))
        .sum()
}

// ---------------------------------------------------------------------------
// Faults and lost answers
// ---------------------------------------------------------------------------

/// 20% transient errors and 10% writes committed but never answered: for each
/// seed, apply converges in at most three runs and never makes a second copy.
#[test]
fn faults_and_lost_answers_converge_without_duplicates() {
    let (mut dropped, mut faults) = (0, 0);
    for seed in [1, 2, 3, 4] {
        let emu = Emu::with(Config {
            fault_rate: 0.2,
            drop_rate: 0.1,
            seed: Some(seed),
            ..Emu::config()
        });
        let w = Workdir::new();
        w.write("fault.yaml", &spec("Fault", 2, 2, 3));
        let runs = apply_until_done(&emu, &w, &[], 2);
        let st = stats(&emu);
        dropped += count(&st, "by_outcome", "dropped");
        faults += count(&st, "by_outcome", "fault");
        assert_eq!(
            census(&emu, "Fault"),
            expected("Fault", 2, 2, 3),
            "seed {seed}: not exactly one object per spec entry; stats {st}\n{}",
            runs.join("\n")
        );
        assert_no_changes(&emu, &w);
    }
    // Only meaningful if the dice hit: with 18 creates a seed, they do.
    assert!(
        dropped >= 4 && faults >= 4,
        "too few faults to test anything: {dropped} dropped, {faults} faults"
    );
}

// ---------------------------------------------------------------------------
// Rate limits
// ---------------------------------------------------------------------------

/// Client pacing at the emulator's limit: not one call is refused with 40100.
#[test]
fn paced_at_the_limit_no_call_is_rate_limited() {
    let emu = Emu::with(Config {
        qps: Some(5),
        seed: Some(11),
        ..Emu::config()
    });
    let w = Workdir::new();
    w.write("rate.yaml", &spec("Rate", 2, 2, 1));
    let o = w.run(&emu, &["apply", "--auto-approve", "--qps", "5"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let st = stats(&emu);
    assert_eq!(count(&st, "by_code", "40100"), 0, "rate limited: {st}");
    assert_eq!(count(&st, "by_outcome", "40100"), 0, "rate limited: {st}");
    assert_eq!(census(&emu, "Rate"), expected("Rate", 2, 2, 1));
    assert_no_changes(&emu, &w);
}

/// A client paced above the emulator's limit does get 40100s; every one of them
/// is retried: apply succeeds in one run with exactly one object per entry.
#[test]
fn paced_above_the_limit_every_refusal_is_retried() {
    let emu = Emu::with(Config {
        qps: Some(3),
        seed: Some(12),
        ..Emu::config()
    });
    let w = Workdir::new();
    w.write("rate.yaml", &spec("Over", 2, 2, 1));
    let o = w.run(
        &emu,
        &[
            "apply",
            "--auto-approve",
            "--qps",
            "20",
            "--parallelism",
            "8",
        ],
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    let st = stats(&emu);
    assert!(
        count(&st, "by_code", "40100") > 0,
        "the emulator never refused a call, so nothing was tested: {st}"
    );
    assert_eq!(census(&emu, "Over"), expected("Over", 2, 2, 1), "{st}");
    assert_no_changes(&emu, &w);
}

// ---------------------------------------------------------------------------
// Interruptions
// ---------------------------------------------------------------------------

/// SIGKILL halfway (no chance to clean up), then apply again: it picks up what is
/// left and makes nothing twice.
#[test]
fn killed_halfway_then_resumed() {
    let emu = Emu::with(Config {
        latency_ms: 60,
        seed: Some(21),
        ..Emu::config()
    });
    let w = Workdir::new();
    w.write("kill.yaml", &spec("Kill", 3, 2, 2));
    let baseline = object_total(&emu);
    let total = expected("Kill", 3, 2, 2).len() as u64;
    let mut child = spawn(&emu, &w, &["apply", "--auto-approve", "--parallelism", "2"]);
    wait_for_objects(&emu, baseline, &mut child);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert!(
        !status.success(),
        "apply finished before the kill: {status}"
    );
    // Let any request already on the wire land before counting.
    std::thread::sleep(Duration::from_millis(200));
    let made = object_total(&emu) - baseline;
    assert!(
        made > 0 && made < total,
        "the kill was not halfway: {made} of {total} objects"
    );

    let again = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&again), 0, "{}", both(&again));
    let err = stderr(&again);
    // Only what was missing is created.
    assert!(
        err.contains(&format!("{} created", total - made)),
        "{made} of {total} were made before the kill:\n{err}"
    );
    assert_eq!(census(&emu, "Kill"), expected("Kill", 3, 2, 2));
    assert_no_changes(&emu, &w);
}

/// Ctrl-C: calls in flight finish, nothing new starts, exit 1 with "interrupted";
/// the next run finishes the job.
#[test]
fn sigint_stops_scheduling_and_the_rerun_finishes() {
    let emu = Emu::with(Config {
        latency_ms: 80,
        seed: Some(31),
        ..Emu::config()
    });
    let w = Workdir::new();
    w.write("int.yaml", &spec("Int", 3, 2, 2));
    let baseline = object_total(&emu);
    let total = expected("Int", 3, 2, 2).len() as u64;
    let mut child = spawn(&emu, &w, &["apply", "--auto-approve", "--parallelism", "2"]);
    wait_for_objects(&emu, baseline, &mut child);
    let pid = child.id().to_string();
    let sent = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill -INT");
    assert!(sent.success());
    let o = child.wait_with_output().expect("wait");
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(err.contains("Apply interrupted"), "{err}");
    assert!(err.contains("not started: interrupted"), "{err}");
    let made = object_total(&emu) - baseline;
    assert!(made < total, "everything was made despite the interrupt");

    let again = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&again), 0, "{}", both(&again));
    assert_eq!(census(&emu, "Int"), expected("Int", 3, 2, 2));
    assert_no_changes(&emu, &w);
}

// ---------------------------------------------------------------------------
// Refusals and --keep-going
// ---------------------------------------------------------------------------

/// A real refusal: under CBO every ad group of a campaign must share its
/// optimization event. An ad group made earlier and since dropped from the spec
/// stays live (no --prune), so a new ad group with another event is refused by the
/// API; offline validation cannot know. With --keep-going the other campaign is
/// still made, its ad is skipped, and the summary names the failure.
#[test]
fn keep_going_finishes_other_branches_after_a_refused_ad_group() {
    let emu = Emu::with(Config {
        seed: Some(41),
        ..Emu::config()
    });
    let w = Workdir::new();
    let head = "advertiser_id: \"7000000000000000001\"\ncurrency: USD\naccount:\n  measurement: pixel_and_events_api\n  time_zone: America/New_York\ncampaigns:\n";
    let before = format!(
        "{head}{}{}{}",
        campaign("Keep A"),
        group("Old group", "add_to_cart"),
        ad("Old ad", "old")
    );
    w.write("keep.yaml", &before);
    let first = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&first), 0, "{}", both(&first));

    let after = format!(
        "{head}{}{}{}{}{}{}{}{}",
        campaign("Keep A"),
        group("New group", "complete_payment"),
        ad("New ad", "new"),
        campaign("Keep B"),
        group("Group 1", "complete_payment"),
        ad("Ad 1", "b1"),
        group("Group 2", "complete_payment"),
        ad("Ad 1", "b2"),
    );
    w.write("keep.yaml", &after);
    let o = w.run(&emu, &["apply", "--auto-approve", "--keep-going"]);
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        err.contains("Apply incomplete: 5 created, 0 updated, 0 replaced, 0 paused or deleted, 1 failed, 1 skipped."),
        "{err}"
    );
    let summary = &err[err.find("Apply incomplete").unwrap_or(0)..];
    assert!(
        summary.contains("Failed to create ad group `New group`")
            && summary.contains("optimization_event"),
        "{summary}"
    );
    assert!(
        summary.contains("Skipped ad `New ad`") && summary.contains("`New group` was not made"),
        "{summary}"
    );
    let census = census(&emu, "Keep");
    let mut want = BTreeMap::new();
    for p in [
        "Keep A",
        "Keep A/Old group",
        "Keep A/Old group/Old ad",
        "Keep B",
        "Keep B/Group 1",
        "Keep B/Group 1/Ad 1",
        "Keep B/Group 2",
        "Keep B/Group 2/Ad 1",
    ] {
        want.insert(p.to_string(), 1);
    }
    assert_eq!(census, want);
}

/// Without --keep-going the first failure stops scheduling: with one step at a time
/// and the refused branch first, nothing after it is started.
#[test]
fn without_keep_going_the_first_failure_stops_the_run() {
    let emu = Emu::with(Config {
        seed: Some(42),
        ..Emu::config()
    });
    let w = Workdir::new();
    let head = "advertiser_id: \"7000000000000000001\"\ncurrency: USD\naccount:\n  measurement: pixel_and_events_api\n  time_zone: America/New_York\ncampaigns:\n";
    w.write(
        "stop.yaml",
        &format!(
            "{head}{}{}{}",
            campaign("Stop A"),
            group("Old group", "add_to_cart"),
            ad("Old ad", "old")
        ),
    );
    let first = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&first), 0, "{}", both(&first));
    w.write(
        "stop.yaml",
        &format!(
            "{head}{}{}{}{}{}{}",
            campaign("Stop A"),
            group("New group", "complete_payment"),
            ad("New ad", "new"),
            campaign("Stop B"),
            group("Group 1", "complete_payment"),
            ad("Ad 1", "b1"),
        ),
    );
    let o = w.run(&emu, &["apply", "--auto-approve", "--parallelism", "1"]);
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        err.contains("Failed to create ad group `New group`"),
        "{err}"
    );
    assert!(err.contains("use --keep-going to go on"), "{err}");
    assert!(
        !census(&emu, "Stop B").contains_key("Stop B"),
        "campaign B was created after the failure:\n{err}"
    );
}

/// No terminal and no --auto-approve: refused before any write.
#[test]
fn without_a_terminal_apply_needs_approval() {
    let emu = Emu::start();
    let w = Workdir::new();
    w.write("ask.yaml", &spec("Ask", 1, 1, 1));
    let o = w.run(&emu, &["apply"]);
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(err.contains("no terminal"), "{err}");
    assert!(err.contains("--auto-approve"), "{err}");
    assert!(census(&emu, "Ask").is_empty());
    let st = stats(&emu);
    let writes: u64 = st["by_path"].as_object().map_or(0, |m| {
        m.iter()
            .filter(|(k, _)| k.ends_with("/create/") || k.ends_with("/update/"))
            .map(|(_, v)| v.as_u64().unwrap_or(0))
            .sum()
    });
    assert_eq!(writes, 0, "writes were sent: {st}");
}

// ---------------------------------------------------------------------------
// Progress output
// ---------------------------------------------------------------------------

/// Not a terminal: one past-tense line per step on stderr, then the summary.
#[test]
fn progress_lines_without_a_terminal() {
    let emu = Emu::start();
    let w = Workdir::new();
    let example = fixtures().join("web-cbo-automatic.yaml");
    w.write(
        "web-cbo-automatic.yaml",
        &std::fs::read_to_string(example).expect("example spec"),
    );
    let o = w.run(&emu, &["apply", "--auto-approve", "--parallelism", "1"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("Created ")).collect();
    assert_eq!(lines.len(), 5, "{err}");
    insta::assert_snapshot!("apply_progress_stderr", redact(&err));
}
