//! Ad group budgets (campaigns without CBO) against today's spend: a budget at or
//! below it is answered with code 0 and changes nothing, through both update paths,
//! as for campaign budgets (`live::a_budget_at_or_below_todays_spend_is_silently_ignored`);
//! and `/_emulator/refuse` makes a path answer an error, as an account without
//! report access sees it.

use serde_json::json;

use super::validation::with;
use crate::harness::*;

/// A campaign without CBO and its ad group with a daily budget of 100.
async fn ad_group_with_budget(emu: &Emu) -> String {
    let camp = with(
        campaign_body("Own budgets", "1"),
        json!({"budget_optimize_on": false, "budget_mode": "BUDGET_MODE_INFINITE", "budget": null}),
    );
    let cid = id(
        &emu.ok("smart_plus/campaign/create/", camp).await,
        "campaign_id",
    );
    let group = with(
        adgroup_body(&cid, "2"),
        json!({"budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET", "budget": 100}),
    );
    id(
        &emu.ok("smart_plus/adgroup/create/", group).await,
        "adgroup_id",
    )
}

#[tokio::test]
async fn an_ad_group_budget_at_or_below_todays_spend_is_silently_ignored() {
    let emu = Emu::start_async().await;
    let gid = ad_group_with_budget(&emu).await;
    emu.control(
        "/_emulator/spend",
        json!({"kind": "adgroup", "id": gid, "spend": "90", "today": "60"}),
    )
    .await;
    for budget in [60, 55] {
        let g = emu
            .ok(
                "smart_plus/adgroup/update/",
                json!({"adgroup_id": gid, "budget": budget, "adgroup_name": "Renamed"}),
            )
            .await;
        assert_eq!(
            g["budget"].as_f64(),
            Some(100.0),
            "code 0, budget unchanged: {g}"
        );
        assert_eq!(g["adgroup_name"], "Renamed");
        emu.ok(
            "smart_plus/adgroup/budget/update/",
            json!({"budget": [{"adgroup_id": gid, "budget": budget}]}),
        )
        .await;
        let filter = format!(r#"{{"adgroup_ids": ["{gid}"]}}"#);
        let r = emu
            .get("smart_plus/adgroup/get/", &[("filtering", &filter)])
            .await;
        assert_eq!(r["data"]["list"][0]["budget"].as_f64(), Some(100.0), "{r}");
    }
    let g = emu
        .ok(
            "smart_plus/adgroup/update/",
            json!({"adgroup_id": gid, "budget": 61}),
        )
        .await;
    assert_eq!(g["budget"].as_f64(), Some(61.0), "{g}");
}

#[tokio::test]
async fn a_refused_path_answers_its_error_until_released() {
    let emu = Emu::start_async().await;
    let q = [
        ("report_type", "BASIC"),
        ("data_level", "AUCTION_CAMPAIGN"),
        ("dimensions", r#"["campaign_id"]"#),
        ("metrics", r#"["spend"]"#),
        ("query_lifetime", "true"),
    ];
    let r = emu
        .control(
            "/_emulator/refuse",
            json!({"path": "report/integrated/get/", "code": 40001}),
        )
        .await;
    assert_eq!(r, json!({"path": "report/integrated/get/", "code": 40001}));
    let refused = emu.get("report/integrated/get/", &q).await;
    assert_eq!(refused["code"], 40001, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("No permission")),
        "{refused}"
    );
    // Other paths answer as before.
    assert_eq!(emu.get("smart_plus/campaign/get/", &[]).await["code"], 0);
    emu.control(
        "/_emulator/refuse",
        json!({"path": "report/integrated/get/", "code": null}),
    )
    .await;
    assert_eq!(emu.get("report/integrated/get/", &q).await["code"], 0);
}
