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
    // Format 2: sealed, and applied only through re-derivation.
    assert_eq!(saved["format_version"], 2, "{saved}");
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

    // Applied a second time: the account already has every change it shows.
    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    expect(&o, 0);
    assert!(
        stderr(&o).contains("The account already matches this plan"),
        "{}",
        both(&o)
    );
    assert_eq!(emu.list("campaign").len(), 1);
    assert_eq!(emu.list("ad").len(), 2);
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

/// An error report's text as one line per item: the report wraps long lines at the
/// terminal width and marks continuations with `│`.
fn unwrapped(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes the saved plan back after `edit`.
fn edit_plan(path: &std::path::Path, edit: impl FnOnce(&mut Value)) {
    let mut saved: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
    edit(&mut saved);
    std::fs::write(path, serde_json::to_string_pretty(&saved).expect("JSON")).expect("write");
}

/// The change of `kind` in a saved plan's JSON.
fn change_of<'a>(saved: &'a mut Value, kind: &str) -> &'a mut Value {
    saved["plan"]["changes"]
        .as_array_mut()
        .expect("changes")
        .iter_mut()
        .find(|c| c["kind"] == kind)
        .expect("a change of that kind")
}

/// An edit to a saved plan's JSON.
type Edit = Box<dyn Fn(&mut Value)>;

/// A saved plan is a commitment, not a program: every edit to the file is refused
/// with exit 1, naming what differs, and nothing is applied.
#[test]
fn every_edit_to_a_saved_plan_is_refused() {
    let emu = Emu::start();
    // An account with a budget change waiting (500 → 600), and an empty one for the
    // creates.
    let w = with_budget_change(&emu);
    let path = save(&w, &emu, &["--allow-learning-reset"]);
    let original = std::fs::read_to_string(&path).expect("saved plan");
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "a budget raised in the update request",
            Box::new(|p| change_of(p, "campaign")["update"]["budget"] = json!(9_999_999)),
            "`budget` in the update request is 9999999 in the plan, 600 now",
        ),
        (
            "a budget raised where the plan shows it",
            Box::new(|p| {
                change_of(p, "campaign")["fields"][0]["new"] = json!("9999999");
            }),
            "`budget.amount`: 500 → 9999999 in the plan, 500 → 600 now",
        ),
        (
            "a delete added to an update",
            Box::new(|p| change_of(p, "campaign")["status"] = json!("DELETE")),
            "the status call is DELETE in the plan, none now",
        ),
        (
            "an update turned into a delete",
            Box::new(|p| {
                let c = change_of(p, "campaign");
                c["action"] = json!("delete");
                c["status"] = json!("DELETE");
            }),
            "the plan shows it deleted, now it would be updated",
        ),
        (
            "a stretched expiry",
            Box::new(|p| {
                let created: jiff::Timestamp = p["created_at"]
                    .as_str()
                    .expect("time")
                    .parse()
                    .expect("time");
                p["expires_at"] =
                    json!((created + jiff::SignedDuration::from_hours(72)).to_string());
            }),
            "`expires_at` is",
        ),
        (
            "another advertiser inside the plan",
            Box::new(|p| p["plan"]["advertiser_id"] = json!("7000000000000000002")),
            "the plan inside is for advertiser 7000000000000000002",
        ),
        (
            "an added permission",
            Box::new(|p| p["options"]["allow_replace"] = json!(true)),
            "the file does not match its seal",
        ),
    ];
    for (case, edit, names) in cases {
        std::fs::write(&path, &original).expect("restore");
        edit_plan(&path, edit);
        let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
        expect(&o, 1);
        let err = unwrapped(&stderr(&o));
        assert!(
            err.contains("the saved plan was edited"),
            "{case}: {}",
            both(&o)
        );
        assert!(err.contains(names), "{case}: no `{names}` in {}", both(&o));
        assert_eq!(
            campaign_budget(&emu),
            "500",
            "{case}: something was applied"
        );
    }
    // A changed target or advertiser of the file is named as such.
    for (case, edit, names) in [
        (
            "another target URL",
            Box::new(|p: &mut Value| p["target"] = json!({"Api": "http://127.0.0.1:9"})) as Edit,
            "http://127.0.0.1:9",
        ),
        (
            "another advertiser",
            Box::new(|p: &mut Value| p["advertiser_id"] = json!("7000000000000000002")),
            "advertiser 7000000000000000002",
        ),
    ] {
        std::fs::write(&path, &original).expect("restore");
        edit_plan(&path, edit);
        let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
        expect(&o, 1);
        assert!(
            unwrapped(&stderr(&o)).contains(names),
            "{case}: {}",
            both(&o)
        );
        assert_eq!(
            campaign_budget(&emu),
            "500",
            "{case}: something was applied"
        );
    }
    // The file as saved still applies.
    std::fs::write(&path, &original).expect("restore");
    expect(&w.run(&emu, &["apply", "--plan", "plan.json"]), 0);
    assert_eq!(campaign_budget(&emu), "600");
}

/// A create's body raised inside the file is never sent: the printed plan and the
/// request come from the same re-derivation, or nothing happens.
#[test]
fn an_edited_create_is_refused() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(EXAMPLE);
    let path = save(&w, &emu, &[]);
    edit_plan(&path, |p| {
        change_of(p, "campaign")["create"]["budget"] = json!(9_999_999);
    });
    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    expect(&o, 1);
    assert!(
        unwrapped(&stderr(&o))
            .contains("`budget` in the create request is 9999999 in the plan, 500 now"),
        "{}",
        both(&o)
    );
    assert!(emu.list("campaign").is_empty(), "nothing applied");
}
