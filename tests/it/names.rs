//! Readable references end to end: the real binary resolves names against the
//! emulator's seeded account, shows each resolution, refuses unknown and ambiguous
//! names with their candidates (located, reading only), makes a missing CTA
//! portfolio once, and imports names that plan back to the same ids.

use serde_json::Value;

use crate::harness::*;

/// One campaign that names everything it can.
const NAMED: &str = r#"advertiser_id: "7000000000000000001"
currency: USD
campaigns:
  - name: Named things
    objective: web_conversions
    sales_destination: website
    budget: { cbo: true, amount: 300 }
    ad_groups:
      - name: Midwest
        optimization: { goal: convert, event: complete_payment, pixel: CSHOPPIXEL0000000001 }
        targeting:
          mode: automatic_with_suggestions
          locations: [US, "Springfield, Missouri, US", "chicago, us", "5165418"]
          excluded_audiences: [recent BUYERS]
          audiences: ["7300000000000000002"]
          interests: ["Business & Finance > Productivity", Makeup]
        ads:
          - name: Hero
            identity: { type: tiktok_user, name: "@brand" }
            creatives:
              - video: { id: v10033g50000name01, cover: "ad-site-i18n-sg/name-01" }
            texts: [Named]
            call_to_action_portfolio: [learn_more, shop_now]
            landing_page: https://shop.example.com/named
"#;

#[test]
fn names_resolve_and_the_plan_shows_them() {
    let emu = Emu::start();
    let w = Workdir::new();
    w.write("named.yaml", NAMED);
    let o = w.run(&emu, &["plan"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    insta::assert_snapshot!("named_plan_human", redact(&stdout(&o)));

    let o = w.run(&emu, &["plan", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("JSON plan");
    let resolved = doc["names"]["resolved"].as_array().expect("resolutions");
    let find = |kind: &str, written: &str| {
        resolved
            .iter()
            .find(|r| r["kind"] == kind && r["written"] == written)
            .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
    };
    assert_eq!(
        find("pixel", "CSHOPPIXEL0000000001").as_deref(),
        Some("7100000000000000001")
    );
    assert_eq!(find("location", "US").as_deref(), Some("6252001"));
    assert_eq!(
        find("location", "Springfield, Missouri, US").as_deref(),
        Some("4409896")
    );
    assert_eq!(find("location", "chicago, us").as_deref(), Some("4887398"));
    assert_eq!(
        find("custom audience", "recent BUYERS").as_deref(),
        Some("7300000000000000001")
    );
    assert_eq!(
        find("interest category", "Business & Finance > Productivity").as_deref(),
        Some("25011")
    );
    assert_eq!(
        find("identity", "@brand").as_deref(),
        Some("7200000000000000001")
    );
    assert_eq!(
        find("CTA portfolio", "learn_more, shop_now").as_deref(),
        Some("7500000000000000001")
    );
    // Ids the spec gives are named too: Ohio by the location tool, the audience by its list.
    assert_eq!(doc["names"]["labels"]["location:5165418"], "Ohio, US");
    assert_eq!(
        doc["names"]["labels"]["custom audience:7300000000000000002"],
        "Site visitors"
    );
    let group = doc["changes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["kind"] == "ad_group"))
        .expect("the ad group");
    let locations = group["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["path"] == "targeting.locations"))
        .expect("locations");
    // The machine-readable plan keeps the ids TikTok takes.
    assert_eq!(
        locations["new"],
        serde_json::json!(["4409896", "4887398", "5165418", "6252001"])
    );

    // A name and its id are the same value: applied, then planned with ids, nothing changes.
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let ids = NAMED
        .replace(
            "pixel: CSHOPPIXEL0000000001",
            "pixel_id: \"7100000000000000001\"",
        )
        .replace(
            r#"[US, "Springfield, Missouri, US", "chicago, us", "5165418"]"#,
            r#"["6252001", "4409896", "4887398", "5165418"]"#,
        )
        .replace("[recent BUYERS]", r#"["7300000000000000001"]"#)
        .replace(
            r#"["Business & Finance > Productivity", Makeup]"#,
            r#"["25011", "10041"]"#,
        )
        .replace(r#"name: "@brand""#, r#"id: "7200000000000000001""#)
        .replace(
            "call_to_action_portfolio: [learn_more, shop_now]",
            r#"call_to_action_id: "7500000000000000001""#,
        );
    w.write("named.yaml", &ids);
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
}

#[test]
fn unknown_and_ambiguous_names_are_located_errors_with_candidates() {
    let emu = Emu::start();
    let w = Workdir::new();
    let bad = NAMED
        .replace("pixel: CSHOPPIXEL0000000001", "pixel: staging pixel")
        .replace("[recent BUYERS]", "[Recent buyer]")
        .replace(r#""Springfield, Missouri, US""#, r#""Springfield, US""#)
        .replace(
            r#"["Business & Finance > Productivity", Makeup]"#,
            "[Productivity]",
        )
        .replace(r#"name: "@brand""#, "name: Nobody");
    w.write("named.yaml", &bad);
    let before = emu.list("campaign").len();
    let o = w.run(&emu, &["plan"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert_eq!(stdout(&o), "", "nothing is planned");
    insta::assert_snapshot!("unresolved_names", redact(&stderr(&o)));
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(stderr(&o).contains("could not be resolved"), "{}", both(&o));
    assert_eq!(emu.list("campaign").len(), before, "nothing was made");
}

#[test]
fn a_missing_cta_portfolio_is_made_once_and_reused() {
    let emu = Emu::start();
    let w = Workdir::new();
    let spec = NAMED.replace(
        "call_to_action_portfolio: [learn_more, shop_now]",
        "call_to_action_portfolio: [watch_now, order_now]",
    );
    let spec = format!(
        "{spec}          - name: Second\n            identity: {{ type: tiktok_user, name: Brand }}\n            creatives:\n              - video: {{ id: v10033g50000name02, cover: \"ad-site-i18n-sg/name-02\" }}\n            texts: [Second]\n            call_to_action_portfolio: [order_now, watch_now]\n            landing_page: https://shop.example.com/second\n"
    );
    w.write("named.yaml", &spec);
    let o = w.run(&emu, &["plan"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let plan = stdout(&o);
    assert_eq!(
        plan.matches("+ CTA portfolio [order_now, watch_now] will be created")
            .count(),
        1,
        "{plan}"
    );
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(
        stderr(&o)
            .matches("CTA portfolio [ORDER_NOW, WATCH_NOW] ready")
            .count(),
        1,
        "{}",
        both(&o)
    );
    let ads = emu.list("ad");
    let portfolios: Vec<&Value> = ads
        .iter()
        .map(|a| &a["ad_configuration"]["call_to_action_id"])
        .collect();
    assert_eq!(portfolios.len(), 2);
    assert_eq!(portfolios[0], portfolios[1], "one portfolio for both ads");
    assert!(portfolios[0].as_str().is_some_and(|p| !p.is_empty()));
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
}

#[test]
fn validate_lists_the_names_plan_looks_up() {
    let w = Workdir::new();
    w.write("named.yaml", NAMED);
    let o = w.run_plain(&["validate", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let names: Vec<String> = doc["names"]
        .as_array()
        .expect("names")
        .iter()
        .map(|n| {
            format!(
                "{}: {}",
                n["kind"].as_str().unwrap_or(""),
                n["name"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            "pixel: CSHOPPIXEL0000000001",
            "location: Springfield, Missouri, US",
            "location: chicago, us",
            "custom audience: recent BUYERS",
            "interest category: Business & Finance > Productivity",
            "interest category: Makeup",
            "identity: @brand",
        ]
    );
    let o = w.run_plain(&["validate"]);
    assert!(
        stdout(&o).contains("`plan` looks up 7 names in the account")
            || stderr(&o).contains("`plan` looks up 7 names in the account"),
        "{}",
        both(&o)
    );
}

#[test]
fn import_writes_names_and_plans_back_to_the_same_ids() {
    let emu = Emu::start();
    let w = Workdir::with_fixtures();
    w.write("named.yaml", NAMED);
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let o = w.run(
        &emu,
        &[
            "import",
            "--advertiser-id",
            ADVERTISER,
            "--all",
            "--out-dir",
            "imported",
        ],
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    let text: String = std::fs::read_dir(w.path().join("imported"))
        .expect("imported files")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("read"))
        .collect();
    for name in [
        "pixel: Shop pixel",
        "name: Brand",
        "Illinois, US",
        "instant_form: Home loan quote",
        "excluded_audiences: [Recent buyers]",
        "interests: [Puzzle games]",
        "locations: [JP]",
        "call_to_action_portfolio: [get_quote, learn_more]",
        "name: Partner creator",
        "Springfield, Missouri, US",
        "Chicago, Illinois, US",
        "Ohio, US",
        "Site visitors",
    ] {
        assert!(text.contains(name), "`{name}` not imported:\n{text}");
    }
    // A name found under two parents is written with its own.
    assert!(text.contains("Apps & Software > Productivity"), "{text}");
    let o = w.run(&emu, &["plan", "--detailed-exitcode", "imported"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
}

/// The lookups the official SDK has no call for: instant forms and the recommended
/// calls to action; and a portfolio only of recommended ones.
#[tokio::test]
async fn forms_and_recommended_calls_to_action_are_served() {
    let emu = Emu::start_async().await;
    let v = emu
        .get(
            "page/get/",
            &[("business_type", "LEAD_GEN"), ("page_size", "100")],
        )
        .await;
    assert_eq!(v["code"], 0, "{v}");
    let titles: Vec<&str> = v["data"]["list"]
        .as_array()
        .expect("forms")
        .iter()
        .filter_map(|f| f["title"].as_str())
        .collect();
    assert!(titles.contains(&"Home loan quote"), "{v}");
    let v = emu.get("page/get/", &[("page_size", "101")]).await;
    assert_eq!(v["code"], 40002, "{v}");

    let v = emu.get("creative/cta/recommend/", &[]).await;
    assert_eq!(v["code"], 40002, "an objective is needed: {v}");
    let v = emu
        .get(
            "creative/cta/recommend/",
            &[("objective_type", "WEB_CONVERSIONS")],
        )
        .await;
    let offered = v["data"]["recommend_assets"].as_array().expect("assets");
    assert!(
        offered.iter().any(|a| a["asset_content"] == "Learn more"
            && a["asset_ids"] == serde_json::json!(["201781"])),
        "{v}"
    );
    let v = emu
        .post(
            "creative/portfolio/create/",
            serde_json::json!({"portfolio_content": [{"asset_content": "Buy a yacht", "asset_ids": ["1"]}]}),
        )
        .await;
    assert_eq!(v["code"], 40002, "{v}");
    emu.shutdown().await;
}

/// A saved plan keeps what the names resolved to and the portfolio to make; applying it
/// makes the portfolio and the ads that use it.
#[test]
fn a_saved_plan_carries_its_names_and_portfolios() {
    let emu = Emu::start();
    let w = Workdir::new();
    let spec = NAMED.replace(
        "call_to_action_portfolio: [learn_more, shop_now]",
        "call_to_action_portfolio: [book_now]",
    );
    w.write("named.yaml", &spec);
    let o = w.run(&emu, &["plan", "--out", "plan.json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let saved: Value = serde_json::from_str(
        &std::fs::read_to_string(w.path().join("plan.json")).expect("saved plan"),
    )
    .expect("JSON");
    let resolved = &saved["plan"]["names"]["resolved"];
    assert!(
        resolved.as_array().is_some_and(|r| r
            .iter()
            .any(|r| r["written"] == "recent BUYERS" && r["id"] == "7300000000000000001")),
        "{resolved}"
    );
    assert_eq!(
        saved["plan"]["portfolios"][0]["calls_to_action"],
        serde_json::json!(["BOOK_NOW"])
    );
    let o = w.run(&emu, &["apply", "--plan", "plan.json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(
        stderr(&o).contains("CTA portfolio [BOOK_NOW] ready"),
        "{}",
        both(&o)
    );
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
}
