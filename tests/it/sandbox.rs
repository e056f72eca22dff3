//! The local sandbox: the embedded default with no token and no URL, announced
//! first; refused as a silent fallback under CI; chosen on purpose with --sandbox.

use std::process::Output;

use insta::assert_snapshot;

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
    let w = Workdir::with_fixtures();
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
    // The notice, saying why, is status: on stderr, first (#15: it was on stdout).
    let err = stderr(&o);
    let notice = err.lines().next().unwrap_or_default();
    assert!(notice.contains("local sandbox"), "{}", both(&o));
    assert!(notice.contains("TIKTOK_ACCESS_TOKEN"), "says why: {notice}");
    assert!(
        !out.contains("TIKTOK_ACCESS_TOKEN"),
        "stdout is the plan: {out}"
    );
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
    let w = Workdir::with_fixtures();
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
    let w = Workdir::with_fixtures();
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

/// `smartplus sandbox`: a newcomer's first "edit and plan" is refused for the learning
/// phase, and moving the sandbox's clock lets the edit through (#15).
#[test]
fn moving_the_sandbox_clock_lets_an_edit_through() {
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    let o = w.run_plain(&["sandbox", "status"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(
        stdout(&o).starts_with("No sandbox in this directory yet"),
        "{}",
        both(&o)
    );

    let o = w.run_plain(&["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let spec =
        std::fs::read_to_string(w.path().join("campaigns/web-cbo-automatic.yaml")).expect("spec");
    // A 1% budget raise, right after launch.
    w.write(
        "web-cbo-automatic.yaml",
        &spec.replace("amount: 500.00", "amount: 505.00"),
    );
    let o = w.run_plain(&["plan"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let out = flat(&stdout(&o));
    assert!(out.contains("error[SP302]"), "{out}");
    assert!(out.contains("`smartplus sandbox advance 7d`"), "{out}");

    let status = w.run_plain(&["sandbox", "status"]);
    assert_eq!(code(&status), 0, "{}", both(&status));
    let shown = stdout(&status);
    assert!(shown.contains("(real time)"), "{shown}");
    // The example, and the legacy and manual campaigns a fresh sandbox holds.
    assert!(shown.contains("3 campaigns, 4 ad groups, 2 ads"), "{shown}");
    assert_snapshot!("sandbox_status", redact_times(&shown));

    let o = w.run_plain(&["sandbox", "advance", "7d"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with("Moved the sandbox clock 7d ahead:"),
        "{err}"
    );
    assert!(
        err.contains("Nothing is in its learning phase any more."),
        "{err}"
    );
    let o = w.run_plain(&["sandbox", "status"]);
    assert!(
        stdout(&o).contains("(7d ahead of real time)"),
        "{}",
        both(&o)
    );

    let o = w.run_plain(&["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 2, "{}", both(&o));
    assert!(!stdout(&o).contains("SP302"), "{}", both(&o));
    assert!(
        stdout(&o).contains("~ budget.amount: 500 → 505"),
        "{}",
        both(&o)
    );
    let o = w.run_plain(&["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));

    let o = w.run_plain(&["sandbox", "reset"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(
        stderr(&o).starts_with("Removed the sandbox"),
        "{}",
        both(&o)
    );
    assert!(!w.path().join(STATE).exists());
    let o = w.run_plain(&["sandbox", "reset"]);
    assert!(stderr(&o).contains("No sandbox to reset"), "{}", both(&o));

    let o = w.run_plain(&["sandbox", "advance", "1.5d"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(stderr(&o).contains("is not a duration"), "{}", both(&o));
    let o = w.run_plain(&["sandbox", "advance", "7d"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        stderr(&o).contains("no sandbox in this directory yet"),
        "{}",
        both(&o)
    );
}

/// SP302 counts the learning phase from an ad group's launch, not its creation, as
/// `status` does: an ad group scheduled to start in 3 days may be edited until then
/// (nothing is learnt yet), and is held back 3 days after its start; `sandbox status`
/// counts the same ad groups.
#[test]
fn learning_counts_from_the_scheduled_start() {
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    let file = "web-cbo-automatic.yaml";
    let spec = std::fs::read_to_string(w.path().join("campaigns").join(file)).expect("spec");
    let broad = "      - name: US broad\n        optimization: *purchase\n";
    assert!(spec.contains(broad));
    let dated = spec.replace(
        broad,
        &format!(
            "{broad}        schedule: {{ start: \"{} 00:00\", time_zone: UTC }}\n",
            day_ahead(3)
        ),
    );
    w.write(file, &dated);
    let o = w.run_plain(&["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    // Only `US lookalike`, which started at once, is learning.
    let o = w.run_plain(&["sandbox", "status"]);
    assert!(
        flat(&stdout(&o)).contains("learning: 1 ad group in the first 7 days of learning"),
        "{}",
        both(&o)
    );

    // Before its start, an edit to `US broad` costs nothing and goes through.
    let one = dated.replace("languages: [en]", "languages: [en, es]");
    w.write(file, &one);
    let o = w.run_plain(&["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 2, "{}", both(&o));
    assert!(!stdout(&o).contains("SP302"), "{}", both(&o));
    let o = w.run_plain(&["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));

    // Three days after its start, the next edit would throw its learning away.
    let o = w.run_plain(&["sandbox", "advance", "6d"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    w.write(file, &one.replace("[en, es]", "[en, es, fr]"));
    let o = w.run_plain(&["plan"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let out = flat(&stdout(&o));
    assert!(
        out.contains("error[SP302]: ad group `US broad` launched 3d"),
        "{out}"
    );
    let o = w.run_plain(&["sandbox", "status"]);
    assert!(
        flat(&stdout(&o)).contains("learning: 2 ad groups in the first 7 days of learning"),
        "{}",
        both(&o)
    );
}
