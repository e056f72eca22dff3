//! Behaviour targeting from the account (`tests/fixtures/behaviors/`): imported with
//! no flag, written readably where smartplus knows the values and verbatim where it
//! does not, valid, planned clean, and changed in place when the spec changes.

use serde_json::{Value, json};

use crate::harness::*;

fn targeting() -> Value {
    let path = root().join("tests/fixtures/behaviors/targeting_spec.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON")
}

/// A campaign whose one ad group targets behaviours, made through the API.
fn account() -> Emu {
    let emu = Emu::start();
    let post = |path: &str, body: Value| emu.api_ok(path, body);
    let mut camp = campaign_body("Lookalike behaviours", "7100000000000000601");
    camp["advertiser_id"] = json!(ADVERTISER);
    let cid = id(&post("smart_plus/campaign/create/", camp), "campaign_id");
    let mut group = adgroup_body(&cid, "7100000000000000602");
    group["advertiser_id"] = json!(ADVERTISER);
    group["targeting_optimization_mode"] = json!("MANUAL");
    group["targeting_spec"] = targeting();
    let gid = id(&post("smart_plus/adgroup/create/", group), "adgroup_id");
    let mut ad = ad_body(&gid);
    ad["advertiser_id"] = json!(ADVERTISER);
    post("smart_plus/ad/create/", ad);
    emu
}

fn succeeded(o: &std::process::Output) {
    assert_eq!(code(o), 0, "{}", both(o));
}

#[test]
fn behaviours_import_validate_plan_clean_and_change_in_place() {
    let emu = account();
    let w = Workdir::new();
    let out = w.run(
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
    succeeded(&out);
    let path = w.path().join("imported/lookalike-behaviours.yaml");
    let text = std::fs::read_to_string(&path).expect("file written");
    let targeting: Vec<&str> = text
        .lines()
        .skip_while(|l| l.trim() != "targeting:")
        .take_while(|l| l.trim() != "ads:")
        .collect();
    insta::assert_snapshot!("imported_behaviours", targeting.join("\n"));

    let validate = w.run_plain(&["validate", "imported", "--format", "json"]);
    succeeded(&validate);
    let report: Value = serde_json::from_slice(&validate.stdout).expect("JSON");
    assert_eq!(report["summary"]["errors"], 0, "{report}");
    let unknown: Vec<&str> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "SP206")
        .filter_map(|d| d["message"].as_str())
        .filter(|m| m.contains("behaviour"))
        .collect();
    assert_eq!(unknown.len(), 2, "{report}");
    assert!(
        unknown.iter().any(|m| m.contains("`SHOP_RELATED`")),
        "{unknown:?}"
    );
    assert!(
        unknown.iter().any(|m| m.contains("`ADDED_TO_CART`")),
        "{unknown:?}"
    );
    succeeded(&w.run(&emu, &["plan", "--detailed-exitcode", "imported"]));

    // Dropping the hashtag behaviour and a video action is one in-place update.
    let hashtag: String = targeting
        .iter()
        .skip_while(|l| l.trim() != "- scene: hashtag")
        .take(3)
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(hashtag.contains("viewed_hashtag"), "{hashtag}");
    let edited = text
        .replace(
            "[watched_to_end, liked, shared]",
            "[watched_to_end, shared]",
        )
        .replacen(&hashtag, "", 1);
    assert_ne!(edited, text, "the edit must change the file:\n{text}");
    std::fs::write(&path, &edited).expect("write");
    let plan = w.run(&emu, &["plan", "--detailed-exitcode", "imported"]);
    assert_eq!(code(&plan), 2, "{}", both(&plan));
    let shown = stdout(&plan);
    assert!(shown.contains("targeting.behaviors"), "{shown}");
    assert!(shown.contains("will be updated in place"), "{shown}");
    assert!(shown.contains("0 to replace"), "{shown}");
    succeeded(&w.run(&emu, &["apply", "--auto-approve", "imported"]));
    succeeded(&w.run(&emu, &["plan", "--detailed-exitcode", "imported"]));
    let r = emu.blocking_get(&format!(
        "/open_api/v1.3/smart_plus/adgroup/get/?advertiser_id={ADVERTISER}"
    ));
    let actions = &r["data"]["list"]
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|g| g["campaign_name"] == "Lookalike behaviours")
        })
        .expect("the ad group")["targeting_spec"]["actions"];
    let scenes: Vec<&str> = actions
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["action_scene"].as_str())
        .collect();
    assert_eq!(scenes.len(), 3, "{actions}");
    assert!(!scenes.contains(&"HASHTAG_RELATED"), "{actions}");
}
