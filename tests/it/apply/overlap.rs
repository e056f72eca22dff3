//! Overlapping applies: runs of the same specs started together or seconds apart,
//! sharing nothing but the account, against an emulator with 50 ms of latency and a
//! 1-second idempotency window (shorter than most offsets, so `request_id` alone
//! cannot save them).
//!
//! Every case checks the same things: each run exits 0, or 1 with a message saying
//! why it stopped; the account then holds exactly one live object per spec entry;
//! and a following `plan --detailed-exitcode` exits 0.

use std::collections::BTreeMap;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use smartplus::emulator::Config;

use crate::harness::*;

/// One campaign, two ad groups of one ad each: every level of the tree, few calls.
fn spec(name: &str) -> String {
    let mut s = String::from(
        "advertiser_id: \"7000000000000000001\"\ncurrency: USD\naccount:\n  measurement: pixel_and_events_api\n  time_zone: America/New_York\ncampaigns:\n",
    );
    s.push_str(&format!(
        "  - name: {name}\n    objective: web_conversions\n    sales_destination: website\n    budget: {{ cbo: true, mode: dynamic_daily, amount: 500.00 }}\n    ad_groups:\n"
    ));
    for g in 1..=2 {
        s.push_str(&format!(
            "      - name: Group {g}\n        optimization: {{ goal: convert, event: complete_payment, pixel_id: \"7100000000000000001\" }}\n        targeting: {{ mode: automatic, locations: [\"6252001\"] }}\n        ads:\n          - name: Ad {g}\n            identity: {{ type: tiktok_user, id: \"7200000000000000001\" }}\n            creatives:\n              - video: {{ id: v10033g50000o{g}, cover: \"ad-site-i18n-sg/cover-o{g}\" }}\n            texts: [Overlap]\n            call_to_action_id: \"7500000000000000001\"\n            landing_page: https://shop.example.com/overlap\n"
        ));
    }
    s
}

/// Every live object of a kind (`campaign`, `adgroup`, `ad`), read past the faults
/// a test injects.
fn live(emu: &Emu, kind: &str) -> Vec<Value> {
    let path = match kind {
        "campaign" => "smart_plus/campaign/get/",
        "adgroup" => "smart_plus/adgroup/get/",
        _ => "smart_plus/ad/get/",
    };
    let mut out = Vec::new();
    for page in 1.. {
        let v = super::e2e::api_get(
            emu,
            &format!("/open_api/v1.3/{path}?advertiser_id={ADVERTISER}&page={page}&page_size=100"),
        );
        out.extend(v["data"]["list"].as_array().cloned().unwrap_or_default());
        if page >= v["data"]["page_info"]["total_page"].as_u64().unwrap_or(1) {
            break;
        }
    }
    out
}

/// Live objects by path (`campaign`, `campaign/group`, `campaign/group/ad`).
fn census(emu: &Emu) -> BTreeMap<String, usize> {
    super::e2e::census_of("", |kind| live(emu, kind))
}

fn expected(name: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::from([(name.to_string(), 1)]);
    for g in 1..=2 {
        m.insert(format!("{name}/Group {g}"), 1);
        m.insert(format!("{name}/Group {g}/Ad {g}"), 1);
    }
    m
}

/// The emulator of these tests: latency, a short window, a clock that runs (copies
/// are ordered by `create_time`), and no seeded campaigns to count.
fn emulator(window: Duration, faults: bool) -> Emu {
    emulator_at(LATENCY_MS, window, faults)
}

/// API latency of these tests.
const LATENCY_MS: u64 = 50;

fn emulator_at(latency_ms: u64, window: Duration, faults: bool) -> Emu {
    let (fault_rate, drop_rate) = if faults { (0.2, 0.1) } else { (0.0, 0.0) };
    Emu::with(Config {
        latency_ms,
        idempotency_window: window,
        fault_rate,
        drop_rate,
        seed_account: false,
        ..Emu::config()
    })
}

/// Starts `args` at each offset (seconds after the first), waits for all.
fn overlapping(emu: &Emu, w: &Workdir, offsets: &[f64], args: &[&str]) -> Vec<Output> {
    let start = Instant::now();
    let mut children = Vec::new();
    for &at in offsets {
        let due = Duration::from_secs_f64(at);
        if let Some(wait) = due.checked_sub(start.elapsed()) {
            std::thread::sleep(wait);
        }
        children.push(super::e2e::spawn(emu, w, args));
    }
    children
        .into_iter()
        .map(|c| c.wait_with_output().expect("apply ends"))
        .collect()
}

/// Each run succeeded, or stopped with a message that says why.
fn check_exits(runs: &[Output], case: &str) {
    for o in runs {
        let err = stderr(o);
        match code(o) {
            0 => assert!(
                err.contains("Apply complete") || stdout(o).contains("No changes"),
                "{case}: exit 0 without a summary:\n{}",
                both(o)
            ),
            // A refused plan (e.g. two copies seen while another run was
            // resolving them) says why on stdout.
            // An error report is marked `×` (e.g. a read that failed five times).
            1 => assert!(
                ["Apply incomplete", "Apply stopped", "×"]
                    .iter()
                    .any(|m| err.contains(m))
                    || stdout(o).contains("Refused:"),
                "{case}: exit 1 without a reason:\n{}",
                both(o)
            ),
            c => panic!("{case}: apply exited {c}:\n{}", both(o)),
        }
    }
}

/// After the runs (and, with faults, applies until one succeeds): one live object
/// per spec entry, and nothing left to plan.
fn check_account(emu: &Emu, w: &Workdir, name: &str, runs: &[Output], case: &str) {
    let log = || runs.iter().map(both).collect::<Vec<_>>().join("\n");
    assert_eq!(census(emu), expected(name), "{case}: copies\n{}", log());
    // The faults go on: a plan whose reads failed five times in a row says so
    // (`TikTok's side failed`) and is run again, as a user would.
    let mut o = w.run(emu, &["plan", "--detailed-exitcode"]);
    for _ in 0..3 {
        if code(&o) != 1 || !stderr(&o).contains("TikTok's side failed") {
            break;
        }
        o = w.run(emu, &["plan", "--detailed-exitcode"]);
    }
    assert_eq!(
        code(&o),
        0,
        "{case}: plan after the runs\n{}\n{}",
        both(&o),
        log()
    );
}

/// One case: `offsets.len()` runs of `apply --auto-approve` at those offsets; the
/// runs' outputs.
fn case(window: Duration, offsets: &[f64], faults: bool) -> Vec<Output> {
    case_at(LATENCY_MS, window, offsets, faults)
}

fn case_at(latency_ms: u64, window: Duration, offsets: &[f64], faults: bool) -> Vec<Output> {
    let name = "Overlap";
    let case = format!("runs at {offsets:?}, window {window:?}, faults {faults}");
    let emu = emulator_at(latency_ms, window, faults);
    let w = Workdir::new();
    w.write("overlap.yaml", &spec(name));
    let mut runs = overlapping(&emu, &w, offsets, &["apply", "--auto-approve"]);
    check_exits(&runs, &case);
    // Faults may stop every run before the end; what they made is never made twice,
    // and applying again finishes the job.
    let mut more = 0;
    while faults && census(&emu) != expected(name) && more < 3 {
        let o = w.run(&emu, &["apply", "--auto-approve"]);
        check_exits(std::slice::from_ref(&o), &case);
        runs.push(o);
        more += 1;
    }
    check_account(&emu, &w, name, &runs, &case);
    runs
}

/// Runs every offset's case at once, each against its own emulator.
fn cases(runs: usize, faults: bool) {
    let handles: Vec<_> = [0.0, 0.2, 0.5, 1.0, 2.0]
        .into_iter()
        .map(|d| {
            let offsets: Vec<f64> = (0..runs).map(|i| d * i as f64).collect();
            std::thread::spawn(move || case(Duration::from_secs(1), &offsets, faults))
        })
        .collect();
    let mut failed = Vec::new();
    for h in handles {
        if let Err(e) = h.join() {
            failed.push(
                e.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| "a case panicked".into()),
            );
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

#[test]
fn two_overlapping_applies_make_one_of_everything() {
    cases(2, false);
}

#[test]
fn three_overlapping_applies_make_one_of_everything() {
    cases(3, false);
}

#[test]
fn overlapping_applies_with_faults_and_lost_answers_make_one_of_everything() {
    cases(2, true);
    cases(3, true);
}

/// No de-duplication at all (as ad creates may be on TikTok): runs that all found
/// the account empty each create a copy, and the copies are resolved to one.
#[test]
fn without_any_idempotency_window_copies_are_resolved_to_one() {
    // 400 ms answers: every run has read the account (two rounds of reads) before
    // the first create lands, however slowly the processes start.
    let runs = case_at(400, Duration::ZERO, &[0.0, 0.03, 0.06], false);
    assert!(
        runs.iter()
            .any(|o| stderr(o).contains("already created by another run")),
        "no run met another's copy, so nothing was tested:\n{}",
        runs.iter().map(both).collect::<Vec<_>>().join("\n")
    );
    assert!(
        runs.iter()
            .any(|o| stderr(o).contains("deleted the copy this run made")),
        "no run deleted its own copy:\n{}",
        runs.iter().map(both).collect::<Vec<_>>().join("\n")
    );
}

/// A person's `apply` in a terminal (`script` provides one), waiting at the question.
struct Person {
    child: Child,
    screen: std::sync::mpsc::Receiver<String>,
    reader: std::thread::JoinHandle<String>,
}

impl Person {
    /// Starts `apply` and waits until it asks.
    fn asks(emu: &Emu, w: &Workdir) -> Person {
        let command = format!("{} --no-color apply", env!("CARGO_BIN_EXE_smartplus"));
        let mut child = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(w.path())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env("SMARTPLUS_API_URL", &emu.url)
            .env("TIKTOK_ACCESS_TOKEN", TOKEN)
            .env_remove("CI")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("script runs");
        let mut out = child.stdout.take().expect("stdout");
        let (tx, screen) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            let mut all = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = std::io::Read::read(&mut out, &mut buf) {
                if n == 0 {
                    break;
                }
                all.extend_from_slice(&buf[..n]);
                let _ = tx.send(String::from_utf8_lossy(&all).into_owned());
            }
            String::from_utf8_lossy(&all).into_owned()
        });
        let person = Person {
            child,
            screen,
            reader,
        };
        loop {
            let seen = person
                .screen
                .recv_timeout(Duration::from_secs(30))
                .expect("the person's apply shows the plan and asks");
            if seen.contains("Only `yes` applies") {
                return person;
            }
        }
    }

    /// Answers `yes`; whether the apply succeeded, and all it showed.
    fn yes(mut self) -> (bool, String) {
        {
            let mut stdin = self.child.stdin.take().expect("stdin");
            std::io::Write::write_all(&mut stdin, b"yes\n").expect("answer");
        }
        let status = self.child.wait().expect("the person's apply ends");
        let screen = self.reader.join().expect("screen read");
        (status.success(), screen)
    }
}

/// A person plans and leaves the question open; CI applies the same specs in the
/// meantime; the person then answers `yes`. The run reads the account again before
/// its first write, finds every change made, and makes nothing twice.
#[test]
fn a_prompt_left_open_while_ci_applies_makes_nothing_twice() {
    let name = "Prompt";
    let emu = emulator(Duration::from_secs(1), false);
    let w = Workdir::new();
    w.write("prompt.yaml", &spec(name));
    let person = Person::asks(&emu, &w);
    let ci = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&ci), 0, "{}", both(&ci));
    assert!(stderr(&ci).contains("5 created"), "{}", both(&ci));
    let (ok, screen) = person.yes();
    assert!(ok, "{screen}");
    assert!(
        screen.contains("5 already made by another run"),
        "the person's run must find CI's objects: {screen}"
    );
    assert!(screen.contains("0 created"), "{screen}");
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(census(&emu), expected(name), "{screen}");
}

/// While the question is open, someone changes what the plan is about: the answer
/// `yes` writes nothing and says what changed.
#[test]
fn a_prompt_refuses_when_the_account_changed_meanwhile() {
    let name = "Edited";
    let emu = emulator(Duration::from_secs(1), false);
    let w = Workdir::new();
    w.write("edited.yaml", &spec(name));
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let id = live(&emu, "campaign")[0]["campaign_id"]
        .as_str()
        .expect("id")
        .to_string();
    // A budget change that needs no permission: the campaign is old, and its ad
    // groups (SP302 counts from each ad group's launch), made in 2025 with a start
    // still ahead, have learnt nothing yet.
    emu.age("campaign", &id, "2025-01-01 00:00:00");
    for g in live(&emu, "adgroup") {
        let group = g["adgroup_id"].as_str().expect("ad group id");
        emu.age("adgroup", group, "2025-01-01 00:00:00");
    }
    w.write(
        "edited.yaml",
        &spec(name).replace("amount: 500.00", "amount: 600.00"),
    );
    let person = Person::asks(&emu, &w);
    let v = emu.blocking_post(
        "/open_api/v1.3/smart_plus/campaign/update/",
        serde_json::json!({"advertiser_id": ADVERTISER, "campaign_id": id, "budget": 700}),
    );
    assert_eq!(v["code"], 0, "{v}");
    let (ok, screen) = person.yes();
    assert!(!ok, "{screen}");
    let flat = screen
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("the account changed since the plan was shown"),
        "{screen}"
    );
    assert!(
        flat.contains("`budget.amount`: 500 → 600 in the plan, 700 → 600 now"),
        "{screen}"
    );
    assert!(flat.contains("nothing was changed"), "{screen}");
    assert_eq!(live(&emu, "campaign")[0]["budget"], 700, "the edit stands");
}

/// One saved plan applied by two runs at once: both carry out the re-derived plan,
/// and the account ends with one of everything.
#[test]
fn one_saved_plan_applied_twice_at_once_makes_one_of_everything() {
    let name = "Saved";
    let emu = emulator(Duration::from_secs(1), false);
    let w = Workdir::new();
    w.write("saved.yaml", &spec(name));
    let o = w.run(&emu, &["plan", "--out", "plan.json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let runs = overlapping(&emu, &w, &[0.0, 0.0], &["apply", "--plan", "plan.json"]);
    check_exits(&runs, "saved plan twice at once");
    check_account(&emu, &w, name, &runs, "saved plan twice at once");
    // And once more, afterwards: nothing to do.
    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(
        stderr(&o).contains("The account already matches this plan"),
        "{}",
        both(&o)
    );
    assert_eq!(census(&emu), expected(name));
}
