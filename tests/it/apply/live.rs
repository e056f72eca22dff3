//! Reference §14 seen from the command line: what smartplus sends and plans so that
//! creates succeed live, and what it refuses because live would ignore it.

use serde_json::{Value, json};
use smartplus::emulator::Config;

use crate::harness::*;

/// The example every test here starts from: two ad groups, two ads, starting now.
const EXAMPLE: &str = "web-cbo-automatic.yaml";

fn ok(o: &std::process::Output) {
    assert_eq!(code(o), 0, "{}", both(o));
}

fn spec(w: &Workdir) -> String {
    std::fs::read_to_string(w.path().join("campaigns").join(EXAMPLE)).expect("spec")
}

/// Ad creates fail for a while after their ad group's create; apply waits it out
/// and makes each ad once.
#[test]
fn apply_waits_out_the_lag_after_an_ad_group_is_made() {
    let emu = Emu::with(Config {
        ad_create_lag: std::time::Duration::from_millis(1500),
        ..Emu::config()
    });
    let w = Workdir::with_fixture(EXAMPLE);
    ok(&w.run(&emu, &["apply", "--auto-approve"]));
    let ads = emu.list("ad");
    assert_eq!(ads.len(), 2, "one ad each, no duplicate: {ads:?}");
    let stats = emu.block_on(emu.stats());
    let refused = stats["by_code"]["40007"].as_u64().unwrap_or(0);
    assert!(refused >= 2, "both ad creates met the lag first: {stats}");
    ok(&w.run(&emu, &["plan", "--detailed-exitcode"]));
}

/// Ad creates carry a `request_id` too (digits only), which the emulator keeps.
#[test]
fn ad_creates_carry_a_request_id() {
    let dir = tempfile::tempdir().expect("dir");
    let state = dir.path().join("state.json");
    let emu = Emu::with(Config {
        state_file: Some(state.clone()),
        ..Emu::config()
    });
    let w = Workdir::with_fixture(EXAMPLE);
    ok(&w.run(&emu, &["apply", "--auto-approve"]));
    drop(emu);
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&state).expect("state")).expect("JSON");
    // Keys still inside their window, by `kind:request_id`.
    let requests = saved["requests"].as_object().expect("requests");
    let keys: Vec<&str> = requests
        .keys()
        .filter_map(|k| k.strip_prefix("ad:"))
        .collect();
    assert_eq!(keys.len(), 2, "{requests:?}");
    assert!(
        keys.iter()
            .all(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit())),
        "{keys:?}"
    );
}

/// A website lead generation ad group is made with `promotion_target_type`
/// `EXTERNAL_WEBSITE`, without which TikTok would refuse its ads.
#[test]
fn website_lead_generation_applies() {
    let emu = Emu::start();
    let w = Workdir::new();
    w.write(
        "leads.yaml",
        r#"currency: USD
campaigns:
  - name: Website quotes
    objective: lead_generation
    budget: {cbo: true, amount: 200}
    ad_groups:
      - name: Quote seekers
        optimization: {goal: lead_generation}
        targeting: {locations: ["6252001"]}
        ads:
          - name: Quote page
            identity: {type: tiktok_user, id: "7200000000000000001"}
            call_to_action_id: "7500000000000000001"
            landing_page: https://quotes.example.com/form
            creatives:
              - spark_post: "7310000000000000011"
"#,
    );
    ok(&w.run(
        &emu,
        &["apply", "--auto-approve", "--advertiser-id", ADVERTISER],
    ));
    let groups = emu.list("adgroup");
    let group = groups
        .iter()
        .find(|g| g["adgroup_name"] == "Quote seekers")
        .expect("made");
    assert_eq!(group["promotion_target_type"], "EXTERNAL_WEBSITE");
    ok(&w.run(
        &emu,
        &["plan", "--detailed-exitcode", "--advertiser-id", ADVERTISER],
    ));
}

/// A saved plan applied later sends a start that still lies ahead: the start of an
/// ad group made "now" is chosen when the create is sent.
#[test]
fn a_saved_plan_applied_later_still_starts_in_the_future() {
    let w = Workdir::with_fixture(EXAMPLE);
    let state = w.path().join(".smartplus/sandbox.json");
    let at = |now: &str| {
        std::fs::create_dir_all(w.path().join(".smartplus")).expect("mkdir");
        let emu = Emu::with(Config {
            state_file: Some(state.clone()),
            ..Config::default()
        });
        let r = emu.blocking_post("/_emulator/clock", json!({ "now": now }));
        assert_eq!(r["now"], now, "{r}");
    };
    at("2026-12-02 09:00:00");
    ok(&w.run_plain(&["plan", "--sandbox", "--out", "plan.json"]));
    let saved = std::fs::read_to_string(w.path().join("plan.json")).expect("saved plan");
    assert!(
        saved.contains("2026-12-02 09:10:00"),
        "planned 10 minutes ahead"
    );
    // Half an hour later the planned start has passed.
    at("2026-12-02 09:30:00");
    let o = w.run_plain(&[
        "apply",
        "--sandbox",
        "--plan",
        "plan.json",
        "--auto-approve",
    ]);
    ok(&o);
    let st: Value =
        serde_json::from_str(&std::fs::read_to_string(&state).expect("state")).expect("JSON");
    let starts: Vec<&str> = st["adgroups"]
        .as_object()
        .expect("ad groups")
        .values()
        .filter(|g| g["automation"] == "UPGRADED_SMART_PLUS")
        .filter_map(|g| g["data"]["schedule_start_time"].as_str())
        .collect();
    assert_eq!(starts.len(), 2, "{starts:?}");
    assert!(
        starts.iter().all(|s| *s == "2026-12-02 09:40:00"),
        "{starts:?}"
    );
}

/// TikTok ignores a budget at or below today's spend: the plan refuses it, naming
/// the spend and the smallest budget that takes effect.
#[test]
fn a_budget_under_todays_spend_is_refused_at_plan_time() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(EXAMPLE);
    ok(&w.run(&emu, &["apply", "--auto-approve"]));
    let cid = id(&emu.list("campaign")[0], "campaign_id");
    let r = emu.blocking_post(
        "/_emulator/spend",
        json!({"kind": "campaign", "id": cid, "spend": "480", "today": "452.5"}),
    );
    assert_eq!(r["today"], "452.5", "{r}");
    let lowered = spec(&w).replace("amount: 500.00", "amount: 450");
    w.write(EXAMPLE, &lowered);
    let o = w.run(&emu, &["plan", "--allow-learning-reset"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let out = stdout(&o);
    assert!(out.contains("error[SP311]"), "{out}");
    assert!(out.contains("spent 452.50 USD today"), "{out}");
    assert!(
        out.contains("452.51 USD"),
        "the smallest budget that works: {out}"
    );
    // Above today's spend (and 105% of the lifetime's) it goes through.
    w.write(EXAMPLE, &spec(&w).replace("amount: 450", "amount: 510"));
    let o = w.run(&emu, &["plan", "--allow-learning-reset"]);
    ok(&o);
    assert!(!stdout(&o).contains("SP311"), "{}", both(&o));
}

/// Moving an ad group from the US to places outside it is flagged; to US states, not.
#[test]
fn dropping_the_us_is_flagged() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(EXAMPLE);
    ok(&w.run(&emu, &["apply", "--auto-approve"]));
    let original = spec(&w);
    let moved = original.replacen(
        "locations: [US]\n          languages",
        "locations: [GB]\n          languages",
        1,
    );
    assert_ne!(moved, original);
    w.write(EXAMPLE, &moved);
    let o = w.run(&emu, &["plan", "--allow-learning-reset"]);
    assert!(stdout(&o).contains("warning[SP312]"), "{}", both(&o));
    let states = original.replacen(
        "locations: [US]\n          languages",
        "locations: [\"California, US\", \"Texas, US\"]\n          languages",
        1,
    );
    w.write(EXAMPLE, &states);
    let o = w.run(&emu, &["plan", "--allow-learning-reset"]);
    assert!(!stdout(&o).contains("SP312"), "{}", both(&o));
}

/// An account whose ad groups and ads use events, calls to action and interests
/// outside smartplus's lists imports with no flag and plans clean; the values are
/// written as TikTok spells them.
#[test]
fn unknown_platform_values_import_and_plan_clean() {
    let emu = Emu::start();
    let post = |path: &str, body: Value| emu.api_ok(path, body);
    let mut camp = campaign_body("Wishlists", "7100000000000000501");
    camp["advertiser_id"] = json!(ADVERTISER);
    let cid = id(&post("smart_plus/campaign/create/", camp), "campaign_id");
    let mut group = adgroup_body(&cid, "7100000000000000502");
    group["advertiser_id"] = json!(ADVERTISER);
    group["optimization_event"] = json!("ON_WEB_ORDER");
    group["placement_type"] = json!("PLACEMENT_TYPE_NORMAL");
    group["placements"] = json!(["PLACEMENT_PANGLE"]);
    group["targeting_optimization_mode"] = json!("MANUAL");
    group["targeting_spec"]["interest_category_ids"] = json!(["99999001", "99999002"]);
    let gid = id(&post("smart_plus/adgroup/create/", group), "adgroup_id");
    let mut ad = ad_body(&gid);
    ad["advertiser_id"] = json!(ADVERTISER);
    ad["creative_list"] = json!([custom_creative("v10033g50000wish01")]);
    ad["ad_configuration"] =
        json!({"identity_type": "CUSTOMIZED_USER", "identity_id": "7200000000000000009"});
    ad["call_to_action_list"] = json!([{"call_to_action": "VIEW_NOW"}]);
    post("smart_plus/ad/create/", ad);

    let w = Workdir::new();
    let o = w.run(
        &emu,
        &[
            "import",
            "--all",
            "--out-dir",
            "imported",
            "--advertiser-id",
            ADVERTISER,
        ],
    );
    ok(&o);
    let text = std::fs::read_to_string(w.path().join("imported/wishlists.yaml")).expect("file");
    for needle in ["event: ON_WEB_ORDER", "VIEW_NOW", "\"99999001\""] {
        assert!(text.contains(needle), "`{needle}` not written:\n{text}");
    }
    let o = w.run_plain(&["validate", "imported"]);
    ok(&o);
    assert!(stderr(&o).contains("SP206"), "{}", both(&o));
    ok(&w.run(&emu, &["plan", "--detailed-exitcode", "imported"]));
}
