//! State file, clock control, spend and the other `/_emulator/` controls.

use serde_json::{Value, json};
use smartplus::emulator::{self, Config};

use crate::harness::*;

fn with_state(path: &std::path::Path) -> Config {
    Config {
        state_file: Some(path.to_path_buf()),
        access_token: "state-file-token-1234".into(),
        ..Emu::config()
    }
}

#[tokio::test]
async fn state_file_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("state.json");
    let emu = Emu::with_async(with_state(&path)).await;
    // The file exists from the start, seeded account included.
    assert!(path.exists());
    let token = "state-file-token-1234";
    let mut body = campaign_body("Persisted", "1");
    body["advertiser_id"] = json!(ADVERTISER);
    let r = emu
        .post_raw("smart_plus/campaign/create/", &body, Some(token))
        .await;
    assert_eq!(r["code"], 0, "{r}");
    let cid = id(&r["data"], "campaign_id");
    // Saved after the write, before the answer.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(&cid));
    assert!(
        !text.contains(token),
        "the token never reaches the state file"
    );
    let _: Value = serde_json::from_str(&text).expect("valid JSON");
    emu.shutdown().await;

    let emu = Emu::with_async(with_state(&path)).await;
    let q = [("advertiser_id", ADVERTISER)];
    let r = emu
        .get_raw("smart_plus/campaign/get/", &q, Some(token))
        .await;
    assert_eq!(r["data"]["list"][0]["campaign_id"], json!(cid));
    // The request id is remembered across restarts.
    let r = emu
        .post_raw("smart_plus/campaign/create/", &body, Some(token))
        .await;
    assert_eq!(r["data"]["campaign_id"], json!(cid));
    // New ids do not collide with loaded ones.
    body["request_id"] = json!("2");
    let r = emu
        .post_raw("smart_plus/campaign/create/", &body, Some(token))
        .await;
    assert_ne!(r["data"]["campaign_id"], json!(cid));
    let r = emu.get_raw("campaign/get/", &q, Some(token)).await;
    assert_eq!(
        r["data"]["page_info"]["total_number"], 4,
        "two campaigns plus the seeded two, seeded once: {r}"
    );
    emu.shutdown().await;
    // Only the state file is left: no temporary files.
    let names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["state.json"]);
}

#[tokio::test]
async fn bad_state_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, "{ not json").unwrap();
    let err = emulator::start(with_state(&path)).await.unwrap_err();
    assert!(err.to_string().contains("state.json"), "{err}");

    let emu = Emu::with_async(with_state(&path.with_file_name("other.json"))).await;
    emu.shutdown().await;
    let other = Config {
        advertiser_id: "7000000000000000009".into(),
        ..with_state(&path.with_file_name("other.json"))
    };
    let err = emulator::start(other).await.unwrap_err();
    assert!(err.to_string().contains("7000000000000000001"), "{err}");
}

#[tokio::test]
async fn clock_and_object_ages_are_controllable() {
    let emu = Emu::start_async().await;
    let r = emu
        .control("/_emulator/clock", json!({"now": "2026-05-01 10:00:00"}))
        .await;
    assert_eq!(r, json!({"now": "2026-05-01 10:00:00", "frozen": true}));
    let c = emu.campaign("Clocked", "1").await;
    let cid = id(&c, "campaign_id");
    assert_eq!(c["create_time"], "2026-05-01 10:00:00");

    emu.control("/_emulator/clock", json!({"advance_seconds": 3600}))
        .await;
    let c = emu
        .ok(
            "smart_plus/campaign/update/",
            json!({"campaign_id": cid, "campaign_name": "Renamed"}),
        )
        .await;
    assert_eq!(c["create_time"], "2026-05-01 10:00:00");
    assert_eq!(c["modify_time"], "2026-05-01 11:00:00");

    let aged = emu
        .control(
            "/_emulator/object",
            json!({"kind": "campaign", "id": cid, "create_time": "2026-03-01 00:00:00",
                   "modify_time": "2026-03-02 00:00:00"}),
        )
        .await;
    assert_eq!(aged["create_time"], "2026-03-01 00:00:00");
    let r = emu.get("smart_plus/campaign/get/", &[]).await;
    assert_eq!(r["data"]["list"][0]["create_time"], "2026-03-01 00:00:00");
    assert_eq!(r["data"]["list"][0]["modify_time"], "2026-03-02 00:00:00");
    let r = emu
        .get(
            "smart_plus/campaign/get/",
            &[(
                "filtering",
                r#"{"creation_filter_start_time": "2026-04-01 00:00:00"}"#,
            )],
        )
        .await;
    assert_eq!(r["data"]["page_info"]["total_number"], 0);

    // Bad control input is an HTTP 400, and unknown objects are reported.
    for (path, body) in [
        ("/_emulator/clock", json!({"now": "May 1st"})),
        ("/_emulator/object", json!({"kind": "campaign", "id": "1"})),
        (
            "/_emulator/spend",
            json!({"kind": "ad", "id": cid, "spend": "1"}),
        ),
    ] {
        let resp = emu
            .client
            .post(emu.endpoint(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{path} {body}");
    }
    emu.control("/_emulator/clock", json!({"real": true})).await;
    let now = emu
        .client
        .get(emu.endpoint("/_emulator/clock"))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(now["frozen"], false);
}

#[tokio::test]
async fn new_budget_must_cover_105_percent_of_spend() {
    let emu = Emu::start_async().await;
    // A lifetime budget: what was spent so far bounds the new one.
    let mut body = campaign_body("Spent", "1");
    body["budget_mode"] = json!("BUDGET_MODE_TOTAL");
    let cid = id(
        &emu.ok("smart_plus/campaign/create/", body).await,
        "campaign_id",
    );
    emu.control(
        "/_emulator/spend",
        json!({"kind": "campaign", "id": cid, "spend": "1000"}),
    )
    .await;
    let r = emu
        .post(
            "smart_plus/campaign/update/",
            json!({"campaign_id": cid, "budget": 1000}),
        )
        .await;
    assert_eq!(r["code"], 40002, "{r}");
    assert!(r["message"].as_str().unwrap().contains("105%"));
    let c = emu
        .ok(
            "smart_plus/campaign/update/",
            json!({"campaign_id": cid, "budget": 1050}),
        )
        .await;
    assert_eq!(c["budget"], 1050);
}

/// A daily budget answers to today's spend, never to the lifetime's: after weeks of
/// delivery a daily budget may still go down.
#[tokio::test]
async fn a_daily_budget_is_not_held_to_lifetime_spend() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Weeks old", "1").await, "campaign_id");
    emu.control(
        "/_emulator/spend",
        json!({"kind": "campaign", "id": cid, "spend": "9000"}),
    )
    .await;
    let c = emu
        .ok(
            "smart_plus/campaign/update/",
            json!({"campaign_id": cid, "budget": 400}),
        )
        .await;
    assert_eq!(c["budget"], 400);
}

#[tokio::test]
async fn stats_count_requests_by_path_and_outcome() {
    let emu = Emu::start_async().await;
    emu.get("smart_plus/campaign/get/", &[]).await;
    emu.get("smart_plus/campaign/get/", &[("page_size", "5000")])
        .await;
    emu.campaign("Counted", "1").await;
    let s = emu.stats().await;
    assert_eq!(s["requests"], 3);
    assert_eq!(s["by_path"]["/open_api/v1.3/smart_plus/campaign/get/"], 2);
    assert_eq!(
        s["by_path"]["/open_api/v1.3/smart_plus/campaign/create/"],
        1
    );
    assert_eq!(s["by_outcome"]["ok"], 2);
    assert_eq!(s["by_outcome"]["error"], 1);
    assert_eq!(s["by_code"]["40002"], 1);
    // The seeded account: two campaigns and their ad groups, plus ours.
    assert_eq!(s["objects"]["campaigns"], 3);
}
