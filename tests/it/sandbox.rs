//! The local sandbox: the embedded default with no token and no URL, announced
//! first; refused as a silent fallback under CI; chosen on purpose with --sandbox.

use std::process::Output;

use crate::harness::*;

const STATE: &str = ".smartplus/sandbox.json";

fn under_ci(w: &Workdir, args: &[&str]) -> Output {
    w.command(args)
        .env("CI", "true")
        .output()
        .expect("smartplus runs")
}

#[test]
fn without_token_or_url_plan_and_apply_use_the_sandbox() {
    let w = Workdir::with_examples();
    assert!(!w.path().join(STATE).exists());
    let o = w.run_plain(&["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 2, "{}", both(&o));
    let out = stdout(&o);
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first.contains("local sandbox"),
        "first line: {first}\n{out}"
    );
    assert!(first.contains(STATE), "first line: {first}");
    assert!(first.contains("TIKTOK_ACCESS_TOKEN"), "says why: {first}");
    assert!(out.contains("to create"), "{out}");
    assert!(w.path().join(STATE).is_file(), "state file created");

    // Machine formats keep stdout clean: the notice goes to stderr.
    let o = w.run_plain(&["plan", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON on stdout");
    assert_eq!(plan["target"]["sandbox"], STATE, "{plan}");
    let first = stderr(&o);
    let first = first.lines().next().unwrap_or_default();
    assert!(first.contains("local sandbox"), "{}", both(&o));

    // The sandbox keeps its state between runs.
    let o = w.run_plain(&["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(
        stdout(&o)
            .lines()
            .next()
            .unwrap_or_default()
            .contains("local sandbox"),
        "{}",
        both(&o)
    );
    let state = std::fs::read_to_string(w.path().join(STATE)).expect("state");
    assert!(state.contains("Spring sale - US prospecting"), "{state}");
    let o = w.run_plain(&["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(stdout(&o).contains("No changes"), "{}", both(&o));
}

#[test]
fn ci_refuses_the_silent_fallback() {
    let w = Workdir::with_examples();
    for args in [&["plan"][..], &["apply", "--auto-approve"]] {
        let o = under_ci(&w, args);
        assert_eq!(code(&o), 1, "{}", both(&o));
        let err = stderr(&o);
        assert!(err.contains("TIKTOK_ACCESS_TOKEN"), "{}", both(&o));
        assert!(err.contains("--sandbox"), "{}", both(&o));
        assert!(!stdout(&o).contains("to create"), "{}", both(&o));
    }
    assert!(!w.path().join(".smartplus").exists(), "no sandbox started");
}

#[test]
fn explicit_sandbox_works_under_ci() {
    let w = Workdir::with_examples();
    let o = under_ci(&w, &["plan", "--sandbox", "--detailed-exitcode"]);
    assert_eq!(code(&o), 2, "{}", both(&o));
    let out = stdout(&o);
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("target: local sandbox (.smartplus/sandbox.json)"),
        "the target comes first: {out}"
    );
    let o = under_ci(&w, &["apply", "--sandbox", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let o = under_ci(&w, &["plan", "--sandbox", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(w.path().join(STATE).is_file());
}

/// A sandbox whose clock stands at `now` (`YYYY-MM-DD HH:MM:SS`, UTC): its state file
/// is written by an emulator that had its clock moved, as `smartplus` saves it.
fn sandbox_at(w: &Workdir, now: &str) {
    let config = smartplus::emulator::Config {
        state_file: Some(w.path().join(STATE)),
        ..smartplus::emulator::Config::default()
    };
    std::fs::create_dir_all(w.path().join(".smartplus")).expect("mkdir");
    let emu = Emu::with(config);
    let answer = emu.blocking_post("/_emulator/clock", serde_json::json!({ "now": now }));
    assert_eq!(answer["now"], now, "{answer}");
    drop(emu);
    let state = std::fs::read_to_string(w.path().join(STATE)).expect("state saved");
    assert!(state.contains("frozen"), "{state}");
}

/// The examples hold no dates that run out: on any day up to 2035 they validate,
/// plan, apply and then plan clean, with the sandbox's clock (which plans follow) set
/// to that day.
#[test]
fn the_examples_work_on_any_date() {
    for now in [
        "2026-12-02 00:00:00",
        "2029-02-28 23:30:00",
        "2035-12-31 12:00:00",
    ] {
        let w = Workdir::with_examples();
        sandbox_at(&w, now);
        let o = w.run_plain(&["validate", "--deny-warnings"]);
        assert_eq!(code(&o), 0, "{now}: {}", both(&o));
        let o = w.run_plain(&["plan", "--detailed-exitcode"]);
        assert_eq!(code(&o), 2, "{now}: {}", both(&o));
        let o = w.run_plain(&["apply", "--auto-approve"]);
        assert_eq!(code(&o), 0, "{now}: {}", both(&o));
        let o = w.run_plain(&["plan", "--detailed-exitcode"]);
        assert_eq!(code(&o), 0, "{now}: {}", both(&o));
        // The flight of the lifetime example counts from the sandbox's day.
        let state: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(w.path().join(STATE)).expect("state"))
                .expect("JSON state");
        let group = find_named(&state, "adgroup_name", "JP Android broad")
            .unwrap_or_else(|| panic!("{now}: no lifetime ad group in {state}"));
        let start = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", now)
            .expect("time")
            .to_zoned(jiff::tz::TimeZone::UTC)
            .expect("utc");
        // "Now" is sent a few minutes ahead (TikTok refuses starts not in the future),
        // counted from when the create goes out; the flight counts from that start.
        let at = |key: &str| {
            let text = group[key].as_str().unwrap_or_default();
            jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", text)
                .and_then(|t| t.to_zoned(jiff::tz::TimeZone::UTC))
                .unwrap_or_else(|e| panic!("{key} `{text}`: {e}"))
        };
        let lead = jiff::SignedDuration::from_mins(smartplus::facts::START_LEAD_MINUTES);
        let sent = at("schedule_start_time").duration_since(&start) - lead;
        assert!(
            sent >= jiff::SignedDuration::ZERO && sent < jiff::SignedDuration::from_secs(60),
            "{now}: {group}"
        );
        assert_eq!(
            at("schedule_end_time").duration_since(&at("schedule_start_time")),
            jiff::SignedDuration::from_hours(30 * 24),
            "{group}"
        );
    }
}

/// The first object anywhere in `v` whose `key` is `name`.
fn find_named<'a>(
    v: &'a serde_json::Value,
    key: &str,
    name: &str,
) -> Option<&'a serde_json::Value> {
    match v {
        serde_json::Value::Object(m) => {
            if m.get(key).and_then(serde_json::Value::as_str) == Some(name) {
                return Some(v);
            }
            m.values().find_map(|x| find_named(x, key, name))
        }
        serde_json::Value::Array(a) => a.iter().find_map(|x| find_named(x, key, name)),
        _ => None,
    }
}
