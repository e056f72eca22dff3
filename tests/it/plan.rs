//! End-to-end: the real binary plans and applies against the emulator, and every
//! Smart+ plan rule (SP301–SP309) fires on a live account where it should.

use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};

use crate::harness::*;

/// A campaign without CBO: two cost-cap ad groups with their own budgets, one ad each.
const COST_CAP: &str = r#"advertiser_id: "7000000000000000001"
currency: USD
shared:
  purchase: &purchase
    goal: convert
    event: complete_payment
    pixel_id: "7100000000000000001"
  brand: &brand
    type: tiktok_user
    id: "7200000000000000001"
campaigns:
  - name: Cost cap - two groups
    objective: web_conversions
    sales_destination: website
    budget:
      cbo: false
      mode: unlimited
    automation:
      bidding: manual
    ad_groups:
      - name: Group A
        budget: { mode: dynamic_daily, amount: 100 }
        optimization: *purchase
        bidding: { strategy: cost_cap, amount: "BID_A" }
        targeting: { locations: ["6252001"] }
        ads:
          - name: Ad A
            identity: *brand
            creatives:
              - video: { id: v10033g50000aaaa01, cover: "ad-site-i18n-sg/cover-a" }
            texts: [Hello from A]
            call_to_action_id: "7500000000000000001"
            landing_page: https://shop.example.com/a
      - name: Group B
        budget: { mode: dynamic_daily, amount: 100 }
        optimization: *purchase
        bidding: { strategy: cost_cap, amount: "BID_B" }
        targeting: { locations: ["6252001"] }
        ads:
          - name: Ad B
            identity: *brand
            creatives:
              - video: { id: v10033g50000bbbb01, cover: "ad-site-i18n-sg/cover-b" }
            texts: [Hello from B]
            call_to_action_id: "7500000000000000001"
            landing_page: https://shop.example.com/b
"#;

const COST_CAP_NAME: &str = "Cost cap - two groups";
const EXAMPLE: &str = "web-cbo-automatic.yaml";
const EXAMPLE_NAME: &str = "Spring sale - US prospecting";

fn cost_cap(bid_a: &str, bid_b: &str) -> String {
    COST_CAP.replace("BID_A", bid_a).replace("BID_B", bid_b)
}

fn example_text() -> String {
    std::fs::read_to_string(fixtures().join(EXAMPLE)).expect("fixture spec")
}

fn expect(o: &Output, want: i32) -> String {
    assert_eq!(code(o), want, "{}", both(o));
    stdout(o)
}

fn json_plan(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("plan JSON: {e}\n{}", both(o)))
}

/// Wire keys of a kind: (id, name).
fn keys(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "campaign" => ("campaign_id", "campaign_name"),
        "adgroup" => ("adgroup_id", "adgroup_name"),
        _ => ("smart_plus_ad_id", "ad_name"),
    }
}

/// Live objects of a kind with this name.
fn named(emu: &Emu, kind: &str, name: &str) -> Vec<Value> {
    let (_, name_key) = keys(kind);
    emu.list(kind)
        .into_iter()
        .filter(|o| o[name_key] == name)
        .collect()
}

/// The id of the one live object of a kind with this name.
fn id_of(emu: &Emu, kind: &str, name: &str) -> String {
    let found = named(emu, kind, name);
    assert_eq!(found.len(), 1, "one live {kind} named `{name}`: {found:?}");
    let (id_key, _) = keys(kind);
    found[0][id_key].as_str().expect("id").to_string()
}

/// UTC wire time `days` ago.
fn days_ago(days: i64) -> String {
    let t = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days);
    t.strftime("%Y-%m-%d %H:%M:%S").to_string()
}

/// Makes every live Smart+ object 30 days old, past learning and bid windows.
fn age_everything(emu: &Emu) {
    let when = days_ago(30);
    for kind in ["campaign", "adgroup", "ad"] {
        let (id_key, _) = keys(kind);
        for o in emu.list(kind) {
            emu.age(kind, o[id_key].as_str().expect("id"), &when);
        }
    }
}

/// A workdir holding `name` with `text`, applied to `emu`.
fn applied(emu: &Emu, name: &str, text: &str) -> Workdir {
    let w = Workdir::new();
    w.write(name, text);
    let o = w.run(emu, &["apply", "--auto-approve"]);
    expect(&o, 0);
    w
}

#[test]
fn empty_account_then_apply_then_no_changes() {
    let emu = Emu::start();
    let w = Workdir::with_fixtures();
    let first = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&first), 2, "{}", both(&first));
    assert!(stdout(&first).contains("to create"));

    let apply = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&apply), 0, "{}", both(&apply));
    assert!(stderr(&apply).contains("Apply complete"));

    let again = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&again), 0, "{}", both(&again));
    assert!(stdout(&again).contains("No changes"));
}

/// Every example converges: changes on an empty account, none after apply.
#[test]
fn every_example_converges_after_apply() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("campaigns");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("campaigns/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no examples in {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(path).expect("read example");
        let emu = Emu::start();
        let w = Workdir::new().with_assets();
        w.write(&name, &text);
        let steps: [(&[&str], i32); 3] = [
            (&["plan", "--detailed-exitcode"], 2),
            (&["apply", "--auto-approve"], 0),
            (&["plan", "--detailed-exitcode"], 0),
        ];
        for (args, want) in steps {
            let o = w.run(&emu, args);
            // A plan a reviewer can read: every line within 100 columns (#15).
            for line in stdout(&o).lines() {
                let columns = smartplus::output::text::width(line);
                if columns > 100 {
                    failures.push(format!("{name}: a line of {columns} columns: {line}"));
                }
            }
            if code(&o) != want {
                failures.push(format!(
                    "{name}: `{}` wanted exit {want}\n{}",
                    args.join(" "),
                    both(&o)
                ));
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// SP301: a budget mode change replaces the campaign; refused until allowed, then
/// applied as delete + create.
#[test]
fn sp301_replace_is_refused_then_allowed_and_applied() {
    let emu = Emu::start();
    let w = applied(&emu, "cost-cap.yaml", &cost_cap("20.00", "20.00"));
    let old_id = id_of(&emu, "campaign", COST_CAP_NAME);
    let old_groups: Vec<String> = emu
        .list("adgroup")
        .iter()
        .map(|g| g["adgroup_id"].as_str().expect("id").to_string())
        .collect();
    w.write(
        "cost-cap.yaml",
        &cost_cap("20.00", "20.00").replace(
            "cbo: false\n      mode: unlimited",
            "cbo: false\n      mode: daily\n      amount: 500",
        ),
    );

    let refused = w.run(&emu, &["plan"]);
    let out = expect(&refused, 1);
    assert!(out.contains("error[SP301]"), "{out}");
    assert!(out.contains("must be replaced"), "{out}");
    assert!(out.contains("--allow-replace"), "{out}");
    assert!(out.contains("forces replacement"), "{out}");

    // apply refuses too, and changes nothing.
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    expect(&o, 1);
    assert_eq!(id_of(&emu, "campaign", COST_CAP_NAME), old_id);

    let allowed = w.run(&emu, &["plan", "--allow-replace", "--detailed-exitcode"]);
    let out = expect(&allowed, 2);
    assert!(out.contains("warning[SP301]"), "{out}");

    let o = w.run(&emu, &["apply", "--allow-replace", "--auto-approve"]);
    expect(&o, 0);
    let new_id = id_of(&emu, "campaign", COST_CAP_NAME);
    assert_ne!(new_id, old_id, "the campaign was replaced");
    assert!(
        !emu.list("campaign")
            .iter()
            .any(|c| c["campaign_id"] == old_id.as_str()),
        "the old campaign is deleted"
    );
    let groups = emu.list("adgroup");
    assert_eq!(groups.len(), 2, "{groups:?}");
    for g in &groups {
        assert_eq!(g["campaign_id"], new_id.as_str());
        assert!(!old_groups.contains(&g["adgroup_id"].as_str().expect("id").to_string()));
    }
    assert_eq!(emu.list("ad").len(), 2);
    let live = &named(&emu, "campaign", COST_CAP_NAME)[0];
    assert_eq!(live["budget_mode"], "BUDGET_MODE_DAY", "{live}");

    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    expect(&o, 0);
}

/// SP302: a budget change on a 3-day-old campaign is refused; allowed with
/// --allow-learning-reset; a rename through a pinned id is never refused.
#[test]
fn sp302_learning_phase_budget_change_and_pinned_rename() {
    let emu = Emu::start();
    let w = applied(&emu, EXAMPLE, &example_text());
    // The campaign is three days old; its ad groups, which are what learn, started
    // delivering just now.
    let id = id_of(&emu, "campaign", EXAMPLE_NAME);
    emu.age("campaign", &id, &days_ago(3));
    let bigger = example_text().replace("amount: 500.00", "amount: 600.00");
    assert_ne!(bigger, example_text(), "the example's budget moved");
    w.write(EXAMPLE, &bigger);

    let o = w.run(&emu, &["plan"]);
    let out = expect(&o, 1);
    assert!(out.contains("error[SP302]"), "{out}");
    assert!(flat(&out).contains("which launched 0d 0h ago"), "{out}");
    assert!(out.contains("resets its learning phase"), "{out}");
    assert!(out.contains("--allow-learning-reset"), "{out}");

    let o = w.run(
        &emu,
        &["plan", "--allow-learning-reset", "--detailed-exitcode"],
    );
    let out = expect(&o, 2);
    assert!(out.contains("warning[SP302]"), "{out}");
    let o = w.run(&emu, &["apply", "--allow-learning-reset", "--auto-approve"]);
    expect(&o, 0);
    let live = &named(&emu, "campaign", EXAMPLE_NAME)[0];
    assert_eq!(live["budget"].to_string(), "600", "{live}");

    // A rename keeps what was learnt: not refused, even on a young campaign.
    emu.age("campaign", &id, &days_ago(1));
    let renamed = bigger.replace(
        &format!("  - name: {EXAMPLE_NAME}\n"),
        &format!("  - name: Spring sale - renamed\n    id: \"{id}\"\n"),
    );
    assert_ne!(renamed, bigger);
    w.write(EXAMPLE, &renamed);
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    let out = expect(&o, 2);
    assert!(!out.contains("SP302"), "{out}");
    assert!(
        out.contains(&format!("~ name: {EXAMPLE_NAME} → Spring sale - renamed")),
        "{out}"
    );
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    expect(&o, 0);
    assert_eq!(id_of(&emu, "campaign", "Spring sale - renamed"), id);
}

/// SP303: a 20% cost-cap move is refused with the largest allowed step; 10% passes.
#[test]
fn sp303_bid_step_limits_cost_cap_moves() {
    let emu = Emu::start();
    let w = applied(&emu, "cost-cap.yaml", &cost_cap("20.00", "20.00"));
    age_everything(&emu);

    w.write("cost-cap.yaml", &cost_cap("24.00", "24.00"));
    let o = w.run(&emu, &["plan"]);
    let out = expect(&o, 1);
    assert!(out.contains("error[SP303]"), "{out}");
    assert!(out.contains("moves 20% (20 → 24)"), "{out}");
    assert!(
        out.contains("the largest step allowed now is 17 to 23"),
        "{out}"
    );
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    expect(&o, 1);
    let group = &named(&emu, "adgroup", "Group A")[0];
    assert_eq!(group["conversion_bid_price"].to_string(), "20", "{group}");

    w.write("cost-cap.yaml", &cost_cap("22.00", "22.00"));
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    let out = expect(&o, 2);
    assert!(!out.contains("SP303"), "{out}");
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    expect(&o, 0);
    for g in emu.list("adgroup") {
        assert_eq!(g["conversion_bid_price"].to_string(), "22", "{g}");
    }
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    expect(&o, 0);
}

/// SP304: a bid change on one ad group shows on its sibling as copied by TikTok.
#[test]
fn sp304_bid_change_is_shown_on_the_sibling() {
    let emu = Emu::start();
    let w = applied(&emu, "cost-cap.yaml", &cost_cap("20.00", "20.00"));
    age_everything(&emu);
    w.write("cost-cap.yaml", &cost_cap("22.00", "20.00"));

    let o = w.run(&emu, &["plan"]);
    let out = expect(&o, 0);
    assert!(
        out.contains("~ bidding.amount: 20 → 22  # copied by TikTok from ad group `Group A`"),
        "{out}"
    );
    assert!(out.contains("warning[SP304]"), "{out}");

    let o = w.run(&emu, &["plan", "--format", "json"]);
    let plan = json_plan(&o);
    let changes = plan["changes"].as_array().expect("changes");
    let b = changes
        .iter()
        .find(|c| c["name"] == "Group B")
        .unwrap_or_else(|| panic!("Group B changes: {plan}"));
    assert_eq!(b["action"], "update");
    let field = &b["fields"][0];
    assert_eq!(field["path"], "bidding.amount");
    assert!(
        field["note"]
            .as_str()
            .is_some_and(|n| n.contains("copied by TikTok")),
        "{b}"
    );
    assert_eq!(b["warnings"][0]["code"], "SP304", "{b}");
    let a = changes
        .iter()
        .find(|c| c["name"] == "Group A")
        .expect("Group A");
    assert!(a["fields"][0].get("note").is_none(), "{a}");
}

/// SP305: a targeting change is applied but flagged: the ads go back to review.
#[test]
fn sp305_targeting_change_is_a_warning() {
    let emu = Emu::start();
    let w = applied(&emu, "cost-cap.yaml", &cost_cap("20.00", "20.00"));
    age_everything(&emu);
    w.write(
        "cost-cap.yaml",
        &cost_cap("20.00", "20.00").replacen(
            r#"targeting: { locations: ["6252001"] }"#,
            r#"targeting: { locations: ["6252001"], languages: [en] }"#,
            1,
        ),
    );
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    let out = expect(&o, 2);
    assert!(out.contains("warning[SP305]"), "{out}");
    assert!(out.contains("sends its ads back to review"), "{out}");
    assert!(out.contains("+ targeting.languages: [en]"), "{out}");
    assert!(!out.contains("error["), "{out}");
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    expect(&o, 0);
}

/// The example as a lifetime campaign: a total budget and a 30-day flight per ad group.
fn lifetime_text() -> String {
    example_text()
        .replace("mode: dynamic_daily", "mode: total")
        .replace(
            "        targeting:\n",
            "        schedule: { duration: 30d }\n        targeting:\n",
        )
}

/// SP306: a total budget below 105% of what was spent is refused; a daily one is
/// not held to lifetime spend.
#[test]
fn sp306_budget_below_spend_is_refused() {
    let emu = Emu::start();
    let daily = applied(&emu, EXAMPLE, &example_text());
    age_everything(&emu);
    let id = id_of(&emu, "campaign", EXAMPLE_NAME);
    emu.blocking_post(
        "/_emulator/spend",
        json!({"kind": "campaign", "id": id, "spend": "9000.00"}),
    );
    daily.write(
        EXAMPLE,
        &example_text().replace("amount: 500.00", "amount: 450.00"),
    );
    let o = daily.run(&emu, &["plan"]);
    let out = expect(&o, 0);
    assert!(!out.contains("SP306"), "{out}");

    let emu = Emu::start();
    let example_text = lifetime_text;
    let w = applied(&emu, EXAMPLE, &example_text());
    age_everything(&emu);
    let id = id_of(&emu, "campaign", EXAMPLE_NAME);
    let v = emu.blocking_post(
        "/_emulator/spend",
        json!({"kind": "campaign", "id": id, "spend": "1000.00"}),
    );
    assert!(v.get("error").is_none(), "{v}");

    w.write(
        EXAMPLE,
        &example_text().replace("amount: 500.00", "amount: 1000.00"),
    );
    let o = w.run(&emu, &["plan"]);
    let out = expect(&o, 1);
    assert!(out.contains("error[SP306]"), "{out}");
    assert!(out.contains("has already spent 1000"), "{out}");
    assert!(out.contains("1050"), "{out}");

    w.write(
        EXAMPLE,
        &example_text().replace("amount: 500.00", "amount: 1050.00"),
    );
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    let out = expect(&o, 2);
    assert!(!out.contains("SP306"), "{out}");
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    expect(&o, 0);
}

/// SP307: a spec campaign named like a legacy Smart+ or manual campaign is refused.
#[test]
fn sp307_names_of_unmanaged_campaigns_are_refused() {
    let emu = Emu::start();
    for (name, kind) in [
        ("Legacy Smart+ - Evergreen", "a legacy Smart+ campaign"),
        ("Manual - Brand awareness", "a manual campaign"),
    ] {
        let w = Workdir::new();
        w.write(EXAMPLE, &example_text().replace(EXAMPLE_NAME, name));
        let o = w.run(&emu, &["plan"]);
        let out = expect(&o, 1);
        assert!(out.contains("error[SP307]"), "{out}");
        assert!(
            out.contains(&format!("campaign `{name}` is the name of {kind}")),
            "{out}"
        );
        assert!(out.contains("smartplus never changes"), "{out}");
        let o = w.run(&emu, &["apply", "--auto-approve"]);
        expect(&o, 1);
    }
    assert!(emu.list("campaign").is_empty(), "nothing was created");
}

/// SP308: two live campaigns share the spec's name: an error, never a guess.
#[test]
fn sp308_duplicate_live_names_are_an_error() {
    let emu = Emu::start();
    let mut ids = Vec::new();
    for rid in ["7281934412907510001", "7281934412907510002"] {
        let v = emu.blocking_post(
            "/open_api/v1.3/smart_plus/campaign/create/",
            json!({
                "advertiser_id": ADVERTISER,
                "request_id": rid,
                "campaign_name": EXAMPLE_NAME,
                "objective_type": "WEB_CONVERSIONS",
                "sales_destination": "WEBSITE",
                "budget_optimize_on": true,
                "budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET",
                "budget": 500,
            }),
        );
        assert_eq!(v["code"], 0, "{v}");
        ids.push(v["data"]["campaign_id"].as_str().expect("id").to_string());
    }
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    let o = w.run(&emu, &["plan"]);
    let out = expect(&o, 1);
    assert!(out.contains("error[SP308]"), "{out}");
    assert!(
        out.contains(&format!("2 live campaigns are named `{EXAMPLE_NAME}`")),
        "{out}"
    );
    for id in &ids {
        assert!(out.contains(id.as_str()), "{out}");
    }
    assert!(!out.contains("will be created"), "no guess: {out}");
    assert!(!out.contains("will be updated"), "no guess: {out}");
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    expect(&o, 1);
    assert_eq!(emu.list("campaign").len(), 2);
    assert!(emu.list("adgroup").is_empty());
}

/// SP309: a pinned id that is not in the account.
#[test]
fn sp309_missing_pinned_id_is_an_error() {
    let emu = Emu::start();
    let w = Workdir::new();
    w.write(
        EXAMPLE,
        &example_text().replace(
            &format!("  - name: {EXAMPLE_NAME}\n"),
            &format!("  - name: {EXAMPLE_NAME}\n    id: \"1999999999999999\"\n"),
        ),
    );
    let o = w.run(&emu, &["plan"]);
    let out = expect(&o, 1);
    assert!(out.contains("error[SP309]"), "{out}");
    assert!(out.contains("pinned to id 1999999999999999"), "{out}");
    assert!(!out.contains("will be created"), "{out}");
}

#[test]
fn target_and_exclude_select_campaigns() {
    let emu = Emu::start();
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    w.write("cost-cap.yaml", &cost_cap("20.00", "20.00"));

    let o = w.run(
        &emu,
        &["plan", "--target", COST_CAP_NAME, "--format", "json"],
    );
    let names: Vec<Value> = json_plan(&o)["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["campaign"].clone())
        .collect();
    assert!(!names.is_empty());
    assert!(names.iter().all(|n| n == COST_CAP_NAME), "{names:?}");

    let o = w.run(
        &emu,
        &["plan", "--exclude", COST_CAP_NAME, "--format", "json"],
    );
    let names: Vec<Value> = json_plan(&o)["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["campaign"].clone())
        .collect();
    assert!(!names.is_empty());
    assert!(names.iter().all(|n| n == EXAMPLE_NAME), "{names:?}");

    // Apply only one campaign: the other is still to create.
    let o = w.run(
        &emu,
        &["apply", "--target", COST_CAP_NAME, "--auto-approve"],
    );
    expect(&o, 0);
    assert_eq!(emu.list("campaign").len(), 1);
    let o = w.run(
        &emu,
        &["plan", "--target", COST_CAP_NAME, "--detailed-exitcode"],
    );
    expect(&o, 0);
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    expect(&o, 2);

    let o = w.run(&emu, &["plan", "--target", "No such campaign"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        stderr(&o).contains("`--target No such campaign` names no campaign"),
        "{}",
        both(&o)
    );
}

/// --prune pauses what the spec no longer has; nothing is deleted.
#[test]
fn prune_pauses_an_ad_removed_from_the_spec() {
    let emu = Emu::start();
    let w = applied(&emu, "cost-cap.yaml", &cost_cap("20.00", "20.00"));
    let ad_b = id_of(&emu, "ad", "Ad B");
    let without_b = cost_cap("20.00", "20.00");
    let cut = without_b
        .find("        ads:\n          - name: Ad B")
        .expect("Ad B");
    w.write("cost-cap.yaml", &without_b[..cut]);

    // Without --prune an ad missing from the spec is left alone.
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    expect(&o, 0);

    let o = w.run(&emu, &["plan", "--prune", "--detailed-exitcode"]);
    let out = expect(&o, 2);
    assert!(out.contains("|| ad `Ad B`"), "{out}");
    assert!(out.contains("will be paused"), "{out}");
    assert!(out.contains("not in the spec (--prune)"), "{out}");
    assert!(out.contains("1 to pause, 0 to delete"), "{out}");

    let o = w.run(&emu, &["apply", "--prune", "--auto-approve"]);
    expect(&o, 0);
    let ads = emu.list("ad");
    assert_eq!(ads.len(), 2, "nothing deleted: {ads:?}");
    let b = ads
        .iter()
        .find(|a| a["smart_plus_ad_id"] == ad_b.as_str())
        .expect("Ad B still there");
    assert_eq!(b["operation_status"], "DISABLE", "{b}");
    let o = w.run(&emu, &["plan", "--prune", "--detailed-exitcode"]);
    expect(&o, 0);
}

/// `-v` reports the API calls the plan made, as the emulator counted them.
#[test]
fn verbose_prints_the_number_of_api_calls() {
    let emu = Emu::start();
    let w = applied(&emu, "cost-cap.yaml", &cost_cap("20.00", "20.00"));
    let before = emu.blocking_get("/_emulator/stats")["requests"]
        .as_u64()
        .expect("count");
    let o = w.run(&emu, &["-v", "plan"]);
    expect(&o, 0);
    let after = emu.blocking_get("/_emulator/stats")["requests"]
        .as_u64()
        .expect("count");
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| l.ends_with(" API calls"))
        .unwrap_or_else(|| panic!("no API call count: {}", both(&o)));
    let n: u64 = line
        .trim_end_matches(" API calls")
        .trim()
        .parse()
        .expect("a number");
    // The emulator does not count its own control calls.
    assert_eq!(n, after - before, "{line}");
    assert!(n >= 3, "campaigns, account, ad groups, ads: {n}");

    let quiet = w.run(&emu, &["plan"]);
    assert!(!stderr(&quiet).contains("API calls"), "{}", both(&quiet));
}

/// The three renderings of one plan with creates, in-place updates, a cascade and
/// warnings, and of a refused plan.
#[test]
fn plan_renderings() {
    let emu = Emu::start();
    let w = Workdir::new();
    w.write("cost-cap.yaml", &cost_cap("20.00", "20.00"));
    let o = w.run(&emu, &["plan"]);
    insta::assert_snapshot!("create_human", redact(&expect(&o, 0)));
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    expect(&o, 0);
    age_everything(&emu);

    let changed = cost_cap("22.00", "20.00")
        .replacen(
            r#"targeting: { locations: ["6252001"] }"#,
            r#"targeting: { locations: ["6252001"], languages: [en] }"#,
            1,
        )
        .replace(
            "budget: { mode: dynamic_daily, amount: 100 }\n        optimization: *purchase\n        bidding: { strategy: cost_cap, amount: \"20.00\" }",
            "budget: { mode: dynamic_daily, amount: 150 }\n        optimization: *purchase\n        bidding: { strategy: cost_cap, amount: \"20.00\" }",
        )
        .replace("texts: [Hello from B]", "texts: [Hello from B, Second text]");
    w.write("cost-cap.yaml", &changed);
    for (format, name) in [
        ("human", "update_human"),
        ("json", "update_json"),
        ("markdown", "update_markdown"),
    ] {
        let o = w.run(&emu, &["plan", "--format", format]);
        insta::assert_snapshot!(name, redact(&expect(&o, 0)));
    }

    w.write("cost-cap.yaml", &cost_cap("30.00", "30.00"));
    for (format, name) in [("human", "refused_human"), ("markdown", "refused_markdown")] {
        let o = w.run(&emu, &["plan", "--format", format]);
        insta::assert_snapshot!(name, redact(&expect(&o, 1)));
    }
}
