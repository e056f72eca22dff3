//! Saved plans end to end: `plan --out FILE`, then `apply --plan FILE` applies
//! exactly that plan without asking, and refuses it when its world has changed.

use std::process::Output;

use serde_json::{Value, json};

use crate::harness::*;

const EXAMPLE: &str = "web-cbo-automatic.yaml";
const EXAMPLE_NAME: &str = "Spring sale - US prospecting";

fn expect(o: &Output, want: i32) {
    assert_eq!(code(o), want, "{}", both(o));
}

/// Saves the plan of the workdir's specs to `plan.json`.
fn save(w: &Workdir, emu: &Emu, extra: &[&str]) -> std::path::PathBuf {
    let mut args = vec!["plan", "--out", "plan.json"];
    args.extend_from_slice(extra);
    let o = w.run(emu, &args);
    expect(&o, 0);
    assert!(
        stderr(&o).contains("Saved the plan to `plan.json`"),
        "{}",
        both(&o)
    );
    let path = w.path().join("plan.json");
    assert!(path.is_file());
    path
}

fn campaign_budget(emu: &Emu) -> String {
    let c: Vec<Value> = emu
        .list("campaign")
        .into_iter()
        .filter(|c| c["campaign_name"] == EXAMPLE_NAME)
        .collect();
    assert_eq!(c.len(), 1, "{c:?}");
    c[0]["budget"].to_string()
}

/// The example applied, with a budget change waiting in the spec.
fn with_budget_change(emu: &Emu) -> Workdir {
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    expect(&w.run(emu, &["apply", "--auto-approve"]), 0);
    let spec = w.path().join("campaigns").join(EXAMPLE);
    let text = std::fs::read_to_string(&spec).expect("spec");
    let changed = text.replace("amount: 500.00", "amount: 600.00");
    assert_ne!(changed, text);
    std::fs::write(&spec, changed).expect("write spec");
    w
}

#[test]
fn saved_plan_is_applied_without_asking_and_holds_no_token() {
    let emu = Emu::start();
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    let path = save(&w, &emu, &[]);
    let text = std::fs::read_to_string(&path).expect("saved plan");
    assert!(!text.contains(TOKEN), "the saved plan holds the token");
    let saved: Value = serde_json::from_str(&text).expect("saved plan is JSON");
    assert_eq!(saved["format_version"], 1, "{saved}");
    assert!(emu.list("campaign").is_empty(), "plan changed nothing");

    // Without a saved plan and without a terminal, apply asks and cannot.
    let o = w.run(&emu, &["apply"]);
    expect(&o, 1);
    assert!(stderr(&o).contains("--plan FILE"), "{}", both(&o));
    assert!(emu.list("campaign").is_empty());

    // The reviewed plan goes through without a question.
    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    expect(&o, 0);
    assert!(
        stderr(&o).contains("Apply complete: 5 created"),
        "{}",
        both(&o)
    );
    assert_eq!(emu.list("campaign").len(), 1);
    assert_eq!(emu.list("adgroup").len(), 2);
    assert_eq!(emu.list("ad").len(), 2);
    expect(&w.run(&emu, &["plan", "--detailed-exitcode"]), 0);

    // Applied once: the account it was made against is gone.
    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    expect(&o, 1);
    assert!(
        stderr(&o).contains("the account changed since the plan was saved"),
        "{}",
        both(&o)
    );
    assert_eq!(emu.list("campaign").len(), 1);
}

#[test]
fn saved_plan_keeps_its_permissions() {
    let emu = Emu::start();
    // The campaign was just created: its budget change needs --allow-learning-reset.
    let w = with_budget_change(&emu);

    // A refused plan may be saved for review, but is never applied.
    let o = w.run(&emu, &["plan", "--out", "plan.json"]);
    expect(&o, 1);
    assert!(stdout(&o).contains("error[SP302]"), "{}", both(&o));
    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    expect(&o, 1);
    assert_eq!(campaign_budget(&emu), "500");

    // Saved with the permission, it applies without repeating the flag.
    save(&w, &emu, &["--allow-learning-reset"]);
    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    expect(&o, 0);
    assert_eq!(campaign_budget(&emu), "600");
}

#[test]
fn saved_plan_is_refused_when_the_spec_changed() {
    let emu = Emu::start();
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    save(&w, &emu, &[]);
    let spec = w.path().join("campaigns").join(EXAMPLE);
    let text = std::fs::read_to_string(&spec).expect("spec");
    std::fs::write(&spec, text.replace("Up to 40% off.", "Up to 50% off.")).expect("write");
    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    expect(&o, 1);
    assert!(
        stderr(&o).contains("the spec changed since the plan was saved"),
        "{}",
        both(&o)
    );
    assert!(emu.list("campaign").is_empty(), "nothing applied");
}

#[test]
fn saved_plan_is_refused_when_a_live_object_changed() {
    let emu = Emu::start();
    let w = with_budget_change(&emu);
    let id = emu.list("campaign")[0]["campaign_id"]
        .as_str()
        .expect("id")
        .to_string();
    save(&w, &emu, &["--allow-learning-reset"]);

    // Someone edits the campaign in Ads Manager after the review.
    let v = emu.blocking_post(
        "/open_api/v1.3/smart_plus/campaign/update/",
        json!({"advertiser_id": ADVERTISER, "campaign_id": id, "budget": 700}),
    );
    assert_eq!(v["code"], 0, "{v}");

    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    expect(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("the account changed since the plan was saved"),
        "{}",
        both(&o)
    );
    assert!(
        err.contains(&format!("campaign:{id} was modified")),
        "{}",
        both(&o)
    );
    assert_eq!(campaign_budget(&emu), "700", "the edit stands");
}

#[test]
fn saved_plan_is_refused_against_another_url() {
    let emu = Emu::start();
    let other = Emu::start();
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    save(&w, &emu, &[]);
    let o = w.run(&other, &["apply", "--plan", "plan.json"]);
    expect(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("the saved plan was made for"), "{}", both(&o));
    assert!(
        err.contains(&emu.url),
        "names the saved target: {}",
        both(&o)
    );
    assert!(err.contains(&other.url), "names this target: {}", both(&o));
    assert!(other.list("campaign").is_empty());
    assert!(emu.list("campaign").is_empty());
}

#[test]
fn saved_plan_is_refused_for_another_advertiser() {
    let emu = Emu::start();
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    save(&w, &emu, &[]);
    let o = w.run(
        &emu,
        &[
            "apply",
            "--plan",
            "plan.json",
            "--advertiser-id",
            "7000000000000000002",
        ],
    );
    expect(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("the saved plan was made for"), "{}", both(&o));
    assert!(
        err.contains("advertiser 7000000000000000001"),
        "{}",
        both(&o)
    );
    assert!(
        err.contains("advertiser 7000000000000000002"),
        "{}",
        both(&o)
    );
    assert!(emu.list("campaign").is_empty());
}

#[test]
fn saved_plan_is_refused_when_expired() {
    let emu = Emu::start();
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    let path = save(&w, &emu, &[]);
    let mut saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
    assert!(saved["expires_at"].is_string(), "{saved}");
    saved["expires_at"] = json!("2026-01-01T00:00:00Z");
    std::fs::write(&path, serde_json::to_string_pretty(&saved).expect("JSON")).expect("write");

    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    expect(&o, 1);
    assert!(
        stderr(&o).contains("the saved plan expired at 2026-01-01 00:00:00 UTC"),
        "{}",
        both(&o)
    );
    assert!(emu.list("campaign").is_empty());
}
