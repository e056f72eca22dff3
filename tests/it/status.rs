//! End-to-end: `smartplus status` on a sandbox whose clock stands still, so days and
//! paces are the same on every run: an ad group scheduled for later, one just
//! launched, one that left learning, one starved, and a creative TikTok added; the
//! JSON shape pinned by a snapshot; `plan`'s learning rules citing the same estimate;
//! and the report read only when a rule needs it.

use serde_json::{Value, json};
use smartplus::emulator::Config;

use crate::harness::*;

const STATE: &str = ".smartplus/sandbox.json";
const FILE: &str = "learning.yaml";

/// Four ad groups with their own budgets and a cost cap, one ad each.
const SPEC: &str = r#"advertiser_id: "7000000000000000001"
currency: USD
shared:
  purchase: &purchase
    goal: convert
    event: complete_payment
    pixel_id: "7100000000000000001"
  brand: &brand
    type: tiktok_user
    id: "7200000000000000001"
  budget: &budget
    mode: dynamic_daily
    amount: BUDGET_JUST
  bid: &bid
    strategy: cost_cap
    amount: "20.00"
campaigns:
  - name: Learning demo
    objective: web_conversions
    sales_destination: website
    budget:
      cbo: false
      mode: unlimited
    automation:
      bidding: manual
    guidance:
      historical_cpa: 20
    ad_groups:
      - name: Scheduled
        budget: { mode: dynamic_daily, amount: 600 }
        optimization: *purchase
        bidding: *bid
        schedule: { start: "2026-03-20 09:00" }
        targeting: { locations: ["6252001"] }
        ads:
          - name: Ad S
            identity: *brand
            creatives:
              - video: { id: v10033g50000ssss01, cover: "ad-site-i18n-sg/cover-s" }
            texts: [Starts later]
            call_to_action_id: "7500000000000000001"
            landing_page: https://shop.example.com/s
      - name: Just launched
        budget: *budget
        optimization: *purchase
        bidding: *bid
        targeting: { locations: ["6252001"] }
        ads:
          - name: Ad J
            identity: *brand
            creatives:
              - video: { id: v10033g50000jjjj01, cover: "ad-site-i18n-sg/cover-j" }
            texts: [New today]
            call_to_action_id: "7500000000000000001"
            landing_page: https://shop.example.com/j
      - name: Exited
        budget: { mode: dynamic_daily, amount: 600 }
        optimization: *purchase
        bidding: { strategy: cost_cap, amount: "BID_EXITED" }
        targeting: { locations: ["6252001"] }
        ads:
          - name: Ad E
            identity: *brand
            creatives:
              - video: { id: v10033g50000eeee01, cover: "ad-site-i18n-sg/cover-e" }
            texts: [Going strong]
            call_to_action_id: "7500000000000000001"
            landing_page: https://shop.example.com/e
      - name: Starved
        budget: { mode: dynamic_daily, amount: 600 }
        optimization: *purchase
        bidding: *bid
        targeting: { locations: ["6252001"] }
        ads:
          - name: Ad T
            identity: *brand
            creatives:
              - video: { id: v10033g50000tttt01, cover: "ad-site-i18n-sg/cover-t" }
            texts: [Hardly anyone]
            call_to_action_id: "7500000000000000001"
            landing_page: https://shop.example.com/t
"#;

fn spec(budget_just: &str, bid_exited: &str) -> String {
    SPEC.replace("BUDGET_JUST", budget_just)
        .replace("BID_EXITED", bid_exited)
}

/// An emulator on the workdir's sandbox state, serving the harness's token.
fn sandbox_emu(w: &Workdir) -> Emu {
    Emu::with(Config {
        access_token: TOKEN.into(),
        state_file: Some(w.path().join(STATE)),
        ..Config::default()
    })
}

fn ok(v: &Value) {
    assert!(
        v.get("error").is_none() && v.get("code").is_none_or(|c| c == 0),
        "{v}"
    );
}

/// `n` days `from` on (`YYYY-MM-DD`), each with these figures.
fn days(from: &str, n: i64, spend: &str, conversions: u64) -> Value {
    let first: jiff::civil::Date = from.parse().expect("a date");
    let mut out = serde_json::Map::new();
    for i in 0..n {
        let day = first
            .checked_add(jiff::Span::new().days(i))
            .expect("a date");
        out.insert(
            day.to_string(),
            json!({"spend": spend, "impressions": 20000, "clicks": 250, "conversions": conversions}),
        );
    }
    Value::Object(out)
}

/// The account of the scenario: applied on 2026-03-02 09:00 (UTC), looked at ten
/// days later. `Scheduled` starts on 03-20; `Just launched` started yesterday;
/// `Exited` has converted 9 a day since launch; `Starved` once a day at full
/// spend; TikTok adds creatives to `Ad E`.
fn scenario() -> Workdir {
    let w = Workdir::new();
    w.write(FILE, &spec("600", "20.00"));
    std::fs::create_dir_all(w.path().join(".smartplus")).expect("mkdir");
    {
        let emu = sandbox_emu(&w);
        ok(&emu.blocking_post("/_emulator/clock", json!({"now": "2026-03-02 09:00:00"})));
    }
    let o = w.run_plain(&["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));

    let emu = sandbox_emu(&w);
    let group = |name: &str| -> String {
        let g = emu.list("adgroup");
        let g = g
            .iter()
            .find(|g| g["adgroup_name"] == name)
            .unwrap_or_else(|| panic!("no ad group `{name}`"));
        g["adgroup_id"].as_str().expect("id").to_owned()
    };
    // TikTok may now add creatives of its own to `Ad E` (before the launch: not an
    // edit that restarts learning).
    let ads = emu.list("ad");
    let ad_e = ads.iter().find(|a| a["ad_name"] == "Ad E").expect("Ad E");
    let mut conf = ad_e["ad_configuration"].clone();
    conf["creative_auto_add_toggle"] = json!(true);
    ok(&emu.blocking_post(
        &format!("{PREFIX}/smart_plus/ad/update/"),
        json!({"advertiser_id": ADVERTISER, "smart_plus_ad_id": ad_e["smart_plus_ad_id"],
               "ad_configuration": conf}),
    ));
    ok(&emu.blocking_post("/_emulator/clock", json!({"now": "2026-03-12 09:00:00"})));
    let yesterday = "2026-03-11 09:00:00";
    ok(&emu.blocking_post(
        "/_emulator/object",
        json!({"kind": "adgroup", "id": group("Just launched"), "create_time": yesterday,
               "modify_time": yesterday, "schedule_start_time": yesterday}),
    ));
    for (name, figures) in [
        ("Just launched", {
            let mut d = days("2026-03-11", 1, "60.00", 4);
            d["2026-03-12"] =
                json!({"spend": "40.00", "impressions": 5000, "clicks": 60, "conversions": 3});
            d
        }),
        ("Exited", days("2026-03-02", 11, "150.00", 9)),
        ("Starved", days("2026-03-02", 11, "590.00", 1)),
    ] {
        ok(&emu.blocking_post(
            "/_emulator/delivery",
            json!({"adgroup_id": group(name), "days": figures}),
        ));
    }
    drop(emu);
    w
}

fn group<'a>(status: &'a Value, name: &str) -> &'a Value {
    status["campaigns"][0]["ad_groups"]
        .as_array()
        .and_then(|gs| gs.iter().find(|g| g["name"] == name))
        .unwrap_or_else(|| panic!("no ad group `{name}` in {status}"))
}

#[test]
fn learning_states_safe_dates_advice_and_creatives_by_source() {
    let w = scenario();
    let o = w.run_plain(&["status", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let status: Value = serde_json::from_str(&stdout(&o)).expect("JSON on stdout");
    assert_eq!(status["format_version"], 1);
    assert_eq!(status["today"], "2026-03-12");

    let scheduled = &group(&status, "Scheduled")["learning"];
    assert_eq!(scheduled["state"], "scheduled", "{scheduled}");
    // A week after its start.
    assert_eq!(scheduled["safe_to_edit_from"], "2026-03-27");

    let just = group(&status, "Just launched");
    assert_eq!(just["learning"]["state"], "learning", "{just}");
    // A week after its launch, 2026-03-11.
    assert_eq!(just["learning"]["safe_to_edit_from"], "2026-03-18");
    assert_eq!(just["learning"]["conversions_7d"], 7);
    assert_eq!(just["days_since_launch"], 1);

    let exited = group(&status, "Exited");
    assert_eq!(exited["learning"]["state"], "exited", "{exited}");
    assert_eq!(exited["learning"]["conversions_7d"], 63);
    assert_eq!(exited["learning"]["exited_on"], "2026-03-09");

    let starved = group(&status, "Starved");
    let learning = &starved["learning"];
    assert_eq!(learning["state"], "unlikely_to_exit", "{starved}");
    assert_eq!(learning["conversions_7d"], 7);
    let advice = learning["advice"].as_array().expect("advice");
    let raise = advice
        .iter()
        .find(|a| a["kind"] == "raise_budget")
        .unwrap_or_else(|| panic!("raise the budget: {learning}"));
    // Spend 590 a day for one conversion: a CPA of 590; a cost cap wants 30×.
    assert_eq!(raise["cpa"], "590.00", "{raise}");
    assert_eq!(raise["towards"], "17700.00", "{raise}");
    assert!(
        raise["message"]
            .as_str()
            .is_some_and(|m| m.contains("from 600.00 towards 17700.00")),
        "{raise}"
    );
    // The ad group that has not left learning either: together they would.
    let merge = advice
        .iter()
        .find(|a| a["kind"] == "merge")
        .unwrap_or_else(|| panic!("merge: {learning}"));
    assert_eq!(merge["with"], json!(["Just launched"]), "{merge}");

    let ad = &exited["ads"][0];
    assert_eq!(ad["auto_add"], true, "{ad}");
    assert_eq!(
        ad["creative_counts"],
        json!({"spec": 1, "selected": 0, "platform": 1})
    );
    let added = &ad["creatives"][1];
    assert_eq!(added["source"], "platform", "{ad}");
    assert_eq!(added["name"], "auto_Ad E", "{ad}");

    insta::assert_snapshot!("status_json", redact(&stdout(&o)));

    let o = w.run_plain(&["status"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    insta::assert_snapshot!("status_human", redact(&stdout(&o)));
    let o = w.run_plain(&["status", "--format", "markdown"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    insta::assert_snapshot!("status_markdown", redact(&stdout(&o)));
}

#[test]
fn plan_cites_the_same_estimate() {
    let w = scenario();
    // A budget change on the ad group launched yesterday.
    w.write(FILE, &spec("700", "20.00"));
    let o = w.run_plain(&["plan"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let out = flat(&stdout(&o));
    assert!(out.contains("error[SP302]"), "{out}");
    assert!(
        out.contains(
            "ad group `Just launched` is learning (7 conversions in the last 7 days, on pace for 49 of the ~50 a week it needs; edits are safe from 2026-03-18)"
        ),
        "{out}"
    );
    assert!(out.contains("wait until 2026-03-18 09:00 UTC"), "{out}");

    // A 20% bid move on the ad group that left learning.
    w.write(FILE, &spec("600", "24.00"));
    let o = w.run_plain(&["plan"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let out = flat(&stdout(&o));
    assert!(
        out.contains(
            "error[SP303]: `bidding.amount` of ad group `Exited` moves 20% (20 → 24), more than 15%, which restarts learning; ad group `Exited` left learning by 2026-03-09 (63 conversions in the last 7 days"
        ),
        "{out}"
    );
}

/// The report costs a call only when a learning rule speaks.
#[test]
fn plan_reads_the_report_only_when_a_learning_rule_needs_it() {
    let emu = Emu::start();
    let w = Workdir::new();
    // Starts in the past are refused: the scenario's fixed dates are for the sandbox.
    let text =
        spec("600", "20.00").replace("        schedule: { start: \"2026-03-20 09:00\" }\n", "");
    w.write(FILE, &text);
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let reports = || {
        let stats = emu.blocking_get("/_emulator/stats");
        stats["by_path"].as_object().map_or(0, |paths| {
            paths
                .iter()
                .filter(|(p, _)| p.ends_with("report/integrated/get/"))
                .filter_map(|(_, n)| n.as_u64())
                .sum::<u64>()
        })
    };
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(reports(), 0, "no change, no report");
    // A budget change on ad groups made a moment ago: SP302 speaks and cites.
    w.write(FILE, &text.replace("amount: 600 }", "amount: 650 }"));
    let o = w.run(&emu, &["plan"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(stdout(&o).contains("error[SP302]"), "{}", both(&o));
    assert!(reports() >= 1, "the report was read for the citation");
}

#[test]
fn every_smart_plus_campaign_with_all_and_no_spec() {
    let emu = Emu::start();
    let w = Workdir::new();
    let text =
        spec("600", "20.00").replace("        schedule: { start: \"2026-03-20 09:00\" }\n", "");
    w.write(FILE, &text);
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    // Elsewhere, without any spec: every Smart+ campaign, none of them in a spec.
    let elsewhere = Workdir::new();
    let o = elsewhere.run(
        &emu,
        &[
            "status",
            "--all",
            "--advertiser-id",
            ADVERTISER,
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    let status: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let campaigns = status["campaigns"].as_array().expect("campaigns");
    assert_eq!(campaigns.len(), 1, "{status}");
    assert_eq!(campaigns[0]["name"], "Learning demo");
    assert_eq!(campaigns[0]["in_spec"], false);
    let groups = campaigns[0]["ad_groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 4);
    // Made a moment ago to start now (sent as a start minutes ahead, as live needs):
    // learning counts from the creation, as SP302 counts it.
    assert!(
        groups
            .iter()
            .all(|g| g["learning"]["state"] == "learning"
                && g["launched_at"] == g["learning"]["since"]),
        "{status}"
    );
    // Creatives without a spec are the ones someone selected.
    assert_eq!(
        groups[0]["ads"][0]["creative_counts"],
        json!({"spec": 0, "selected": 1, "platform": 0})
    );
    // Without --all and without specs there is nothing to report on.
    let o = elsewhere.run(&emu, &["status"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
}

#[test]
fn an_account_that_cannot_be_read_exits_1() {
    let emu = Emu::start();
    let w = Workdir::new();
    w.write(FILE, &spec("600", "20.00"));
    let o = w
        .command(&["status"])
        .env("SMARTPLUS_API_URL", &emu.url)
        .env("TIKTOK_ACCESS_TOKEN", "not-the-token-at-all")
        .output()
        .expect("runs");
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(stderr(&o).contains("40105"), "{}", both(&o));
    assert!(stdout(&o).is_empty(), "{}", both(&o));
}

/// UTC wire time `days` ago.
fn days_ago(days: i64) -> String {
    let t = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days);
    t.strftime("%Y-%m-%d %H:%M:%S").to_string()
}

/// An ad group edited three days ago, a month after its launch: that edit may have
/// restarted its learning, so a budget change is held back again; a bid step within
/// 15% is SP303's business and goes through.
#[test]
fn an_edit_within_the_week_holds_the_next_one_back() {
    let emu = Emu::start();
    let w = Workdir::new();
    let text =
        spec("600", "20.00").replace("        schedule: { start: \"2026-03-20 09:00\" }\n", "");
    w.write(FILE, &text);
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let month = days_ago(30);
    for c in emu.list("campaign") {
        emu.age("campaign", c["campaign_id"].as_str().expect("id"), &month);
    }
    for a in emu.list("ad") {
        emu.age("ad", a["smart_plus_ad_id"].as_str().expect("id"), &month);
    }
    for g in emu.list("adgroup") {
        let edited = if g["adgroup_name"] == "Exited" {
            days_ago(3)
        } else {
            month.clone()
        };
        ok(&emu.blocking_post(
            "/_emulator/object",
            json!({"kind": "adgroup", "id": g["adgroup_id"], "create_time": month,
                   "schedule_start_time": month, "modify_time": edited}),
        ));
    }
    let exited = "      - name: Exited\n        budget: { mode: dynamic_daily, amount: 600 }";
    assert!(text.contains(exited));
    w.write(
        FILE,
        &text.replace(exited, &exited.replace("amount: 600", "amount: 700")),
    );
    let o = w.run(&emu, &["plan"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let out = flat(&stdout(&o));
    assert!(
        out.contains("error[SP302]: ad group `Exited` was edited 3d 0h ago"),
        "{out}"
    );
    assert!(
        out.contains(
            "changing `budget.amount` of ad group `Exited` now resets its learning phase again"
        ),
        "{out}"
    );
    assert!(out.contains("counts every edit"), "{out}");

    w.write(
        FILE,
        &spec("600", "22.00").replace("        schedule: { start: \"2026-03-20 09:00\" }\n", ""),
    );
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 2, "{}", both(&o));
    assert!(!stdout(&o).contains("SP302"), "{}", both(&o));
}
