//! The emulator's wire behaviour over real HTTP: envelope, auth, CRUD, lists,
//! idempotency, status calls, cascades and silent drops.

use serde_json::{Value, json};

use crate::harness::*;

fn assert_error(r: &Value, code: i64, field: &str) {
    assert_eq!(r["code"], code, "{r}");
    assert_eq!(r["data"], json!({}), "errors carry data {{}}: {r}");
    let msg = r["message"].as_str().unwrap_or_default();
    assert!(msg.contains(field), "message should name `{field}`: {msg}");
    assert!(r["request_id"].as_str().is_some_and(|s| !s.is_empty()));
}

#[tokio::test]
async fn token_and_advertiser_checks() {
    let emu = Emu::start_async().await;
    let path = "smart_plus/campaign/get/";
    let q = [("advertiser_id", ADVERTISER)];
    let missing = emu.get_raw(path, &q, None).await;
    assert_error(&missing, 40104, "Access-Token");
    let wrong = emu.get_raw(path, &q, Some("not-the-token")).await;
    assert_error(&wrong, 40105, "token");
    let other = emu
        .get_raw(
            path,
            &[("advertiser_id", "7000000000000000002")],
            Some(TOKEN),
        )
        .await;
    assert_error(&other, 40001, "7000000000000000002");
    let no_adv = emu.get_raw(path, &[], Some(TOKEN)).await;
    assert_error(&no_adv, 40002, "advertiser_id");
    let mut body = campaign_body("x", "1");
    body["advertiser_id"] = json!("7000000000000000002");
    let post = emu.post("smart_plus/campaign/create/", body.clone()).await;
    assert_error(&post, 40001, "7000000000000000002");
    let post = emu
        .post_raw("smart_plus/campaign/create/", &body, Some("nope"))
        .await;
    assert_error(&post, 40105, "token");
    // Nothing was created by any of these.
    assert!(emu.all_campaigns().await.is_empty());
}

#[tokio::test]
async fn unknown_paths_and_methods_are_http_errors() {
    let emu = Emu::start_async().await;
    let status = |path: String, post: bool| {
        let c = emu.client.clone();
        async move {
            let req = if post { c.post(path) } else { c.get(path) };
            req.header("Access-Token", TOKEN)
                .send()
                .await
                .expect("answered")
                .status()
                .as_u16()
        }
    };
    assert_eq!(
        status(emu.endpoint("smart_plus/nothing/get/"), false).await,
        404
    );
    // Every path ends with a slash.
    assert_eq!(
        status(emu.endpoint("smart_plus/campaign/get"), false).await,
        404
    );
    assert_eq!(
        status(emu.endpoint("smart_plus/campaign/get/"), true).await,
        405
    );
    assert_eq!(
        status(emu.endpoint("smart_plus/campaign/create/"), false).await,
        405
    );
}

#[tokio::test]
async fn create_fills_server_fields_and_get_returns_them() {
    let emu = Emu::start_async().await;
    let c = emu.campaign("Spring sale", "7281934412907510785").await;
    let cid = id(&c, "campaign_id");
    assert_eq!(cid.len(), 16);
    assert!(cid.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(c["secondary_status"], "CAMPAIGN_STATUS_ENABLE");
    assert_eq!(c["operation_status"], "ENABLE");
    assert_eq!(c["campaign_type"], "REGULAR_CAMPAIGN");
    assert_eq!(c["smart_plus_adgroup_mode"], "MULTIPLE");
    assert_eq!(c["budget"], 500.0);
    assert!(c.get("request_id").is_none());
    for k in ["create_time", "modify_time"] {
        let t = c[k].as_str().unwrap();
        assert_eq!(t.len(), 19, "{t}");
        assert_eq!(&t[10..11], " ");
    }

    let g = emu.adgroup(&cid, "11").await;
    assert_eq!(g["secondary_status"], "ADGROUP_STATUS_CREATE");
    assert_eq!(g["click_attribution_window"], "SEVEN_DAYS");
    assert_eq!(g["view_attribution_window"], "ONE_DAY");
    assert_eq!(g["attribution_event_count"], "EVERY");
    assert_eq!(g["pacing"], "PACING_MODE_SMOOTH");
    assert_eq!(g["placement_type"], "PLACEMENT_TYPE_AUTOMATIC");
    assert_eq!(
        g["placements"],
        json!([
            "PLACEMENT_TIKTOK",
            "PLACEMENT_PANGLE",
            "PLACEMENT_GLOBAL_APP_BUNDLE"
        ])
    );
    assert_eq!(g["dayparting"].as_str().unwrap(), "1".repeat(336));
    assert_eq!(g["targeting_optimization_mode"], "AUTOMATIC");
    assert_eq!(g["suggestion_audience_enabled"], false);
    assert_eq!(g["targeting_spec"]["spc_audience_age"], "OVER_EIGHTEEN");
    // CBO: the ad group carries no budget of its own.
    assert!(g.get("budget").is_none() && g.get("budget_mode").is_none());
    let gid = id(&g, "adgroup_id");

    let a = emu.ad(&gid).await;
    let aid = id(&a, "smart_plus_ad_id");
    assert_eq!(aid.len(), 16);
    assert!(a.get("ad_id").is_none());
    assert_eq!(a["campaign_id"], json!(cid));
    assert_eq!(a["secondary_status"], "AD_STATUS_AUDIT");
    let creative = &a["creative_list"][0];
    assert!(creative["ad_material_id"].as_str().is_some());
    assert_eq!(creative["material_operation_status"], "ENABLE");

    // get returns what create returned.
    let r = emu
        .get(
            "smart_plus/campaign/get/",
            &[("filtering", &format!(r#"{{"campaign_ids": ["{cid}"]}}"#))],
        )
        .await;
    assert_eq!(r["data"]["list"][0], c);
    let r = emu.get("smart_plus/adgroup/get/", &[]).await;
    assert_eq!(r["data"]["list"][0]["adgroup_id"], json!(gid));
    assert_eq!(
        r["data"]["list"][0]["secondary_status"],
        "ADGROUP_STATUS_DELIVERY_OK"
    );
    let r = emu.get("smart_plus/ad/get/", &[]).await;
    assert_eq!(r["data"]["list"][0]["smart_plus_ad_id"], json!(aid));
}

#[tokio::test]
async fn smart_plus_lists_only_upgraded_campaigns_and_manual_lists_all() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Upgraded", "5").await, "campaign_id");
    let sp = emu.get("smart_plus/campaign/get/", &[]).await;
    let names: Vec<&str> = sp["data"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["campaign_name"].as_str())
        .collect();
    assert_eq!(names, ["Upgraded"]);

    let manual = emu.get("campaign/get/", &[("page_size", "100")]).await;
    let list = manual["data"]["list"].as_array().unwrap();
    let kind = |name: &str| {
        list.iter()
            .find(|c| c["campaign_name"] == name)
            .map_or_else(
                || panic!("{name} not listed: {manual}"),
                |c| {
                    (
                        c["campaign_automation_type"].clone(),
                        c["is_smart_performance_campaign"].clone(),
                    )
                },
            )
    };
    assert_eq!(
        kind("Upgraded"),
        (json!("UPGRADED_SMART_PLUS"), json!(false))
    );
    assert_eq!(
        kind("Legacy Smart+ - Evergreen"),
        (json!("SMART_PLUS"), json!(true))
    );
    assert_eq!(
        kind("Manual - Brand awareness"),
        (json!("MANUAL"), json!(false))
    );
    let legacy = list
        .iter()
        .find(|c| c["campaign_name"] == "Legacy Smart+ - Evergreen")
        .unwrap();
    assert!(legacy["budget"].as_f64().is_some());
    assert!(legacy["objective_type"].as_str().is_some());
    let legacy_id = id(legacy, "campaign_id");
    // The legacy ad group's settings are readable through the manual endpoint.
    let groups = emu
        .get(
            "adgroup/get/",
            &[(
                "filtering",
                &format!(r#"{{"campaign_ids": ["{legacy_id}"]}}"#),
            )],
        )
        .await;
    assert_eq!(groups["data"]["list"][0]["optimization_goal"], "CONVERT");

    // The smart_plus endpoints refuse to modify legacy and manual campaigns.
    let r = emu
        .post(
            "smart_plus/campaign/update/",
            json!({"campaign_id": legacy_id, "campaign_name": "x"}),
        )
        .await;
    assert_error(&r, 40002, "legacy Smart+");
    let manual_id = id(
        list.iter()
            .find(|c| c["campaign_automation_type"] == "MANUAL")
            .unwrap(),
        "campaign_id",
    );
    let r = emu
        .post("smart_plus/adgroup/create/", adgroup_body(&manual_id, "9"))
        .await;
    assert_error(&r, 40002, "manual");
    let r = emu
        .post(
            "smart_plus/campaign/status/update/",
            json!({"campaign_ids": [legacy_id, cid], "operation_status": "DISABLE"}),
        )
        .await;
    assert_eq!(r["code"], 0);
    assert_eq!(
        r["data"]["campaign_list"],
        json!([{"campaign_id": cid, "status": "DISABLE"}])
    );
    assert_eq!(r["data"]["error_list"][0]["campaign_id"], json!(legacy_id));
}

#[tokio::test]
async fn no_seed_account_starts_empty() {
    let emu = Emu::with_async(smartplus::emulator::Config {
        seed_account: false,
        ..Emu::config()
    })
    .await;
    let manual = emu.get("campaign/get/", &[]).await;
    assert_eq!(manual["data"]["page_info"]["total_number"], 0);
}

#[tokio::test]
async fn campaign_and_adgroup_request_id_is_idempotent() {
    let emu = Emu::start_async().await;
    let a = emu.campaign("Once", "424242").await;
    let b = emu.campaign("Once (retry)", "424242").await;
    assert_eq!(a["campaign_id"], b["campaign_id"]);
    assert_eq!(b["campaign_name"], "Once", "the original object comes back");
    assert_eq!(emu.all_campaigns().await.len(), 1);
    // Same name, new key: a second campaign.
    emu.campaign("Once", "424243").await;
    assert_eq!(emu.all_campaigns().await.len(), 2);

    let cid = id(&a, "campaign_id");
    let g1 = emu.adgroup(&cid, "77").await;
    let g2 = emu.adgroup(&cid, "77").await;
    assert_eq!(g1["adgroup_id"], g2["adgroup_id"]);
    let groups = emu.get("smart_plus/adgroup/get/", &[]).await;
    assert_eq!(groups["data"]["page_info"]["total_number"], 1);

    // A failed create does not use up its key.
    let mut bad = campaign_body("Bad", "99");
    bad["objective_type"] = json!("TRAFFIC");
    assert_eq!(
        emu.post("smart_plus/campaign/create/", bad).await["code"],
        40002
    );
    let good = emu.campaign("Good", "99").await;
    assert_eq!(good["campaign_name"], "Good");
}

/// `--idempotency-window`: a key returns its object only within the window (real
/// time), after which it makes a new one; ad creates honour a key when one is sent;
/// and a key's object comes back as it is now, deleted or not.
#[tokio::test]
async fn request_ids_hold_only_within_the_window() {
    let window = std::time::Duration::from_millis(300);
    let emu = Emu::with_async(smartplus::emulator::Config {
        idempotency_window: window,
        ..Emu::config()
    })
    .await;
    let a = emu.campaign("Windowed", "5101").await;
    let again = emu.campaign("Windowed", "5101").await;
    assert_eq!(a["campaign_id"], again["campaign_id"], "within the window");
    let cid = id(&a, "campaign_id");
    let g = id(&emu.adgroup(&cid, "5102").await, "adgroup_id");
    let mut ad = ad_body(&g);
    ad["request_id"] = json!("5103");
    let x = emu.ok("smart_plus/ad/create/", ad.clone()).await;
    let y = emu.ok("smart_plus/ad/create/", ad.clone()).await;
    assert_eq!(
        x["smart_plus_ad_id"], y["smart_plus_ad_id"],
        "ads honour the key"
    );
    assert!(x.get("request_id").is_none(), "the key is not stored: {x}");
    let mut bad = ad.clone();
    bad["request_id"] = json!("not-a-number");
    assert_eq!(emu.post("smart_plus/ad/create/", bad).await["code"], 40002);

    // Deleted within the window: the key names the deleted campaign.
    let d = emu.campaign("Deleted", "5104").await;
    let did = id(&d, "campaign_id");
    emu.ok(
        "smart_plus/campaign/status/update/",
        json!({"campaign_ids": [did], "operation_status": "DELETE"}),
    )
    .await;
    let back = emu.campaign("Deleted", "5104").await;
    assert_eq!(back["campaign_id"], json!(did));
    assert_eq!(back["secondary_status"], "CAMPAIGN_STATUS_DELETE", "{back}");

    tokio::time::sleep(window + std::time::Duration::from_millis(50)).await;
    let b = emu.campaign("Windowed", "5101").await;
    assert_ne!(
        a["campaign_id"], b["campaign_id"],
        "after the window: a new one"
    );
    let z = emu.ok("smart_plus/ad/create/", ad).await;
    assert_ne!(x["smart_plus_ad_id"], z["smart_plus_ad_id"]);
}

#[tokio::test]
async fn ad_create_is_not_idempotent() {
    let emu = Emu::start_async().await;
    let (_, gid, first) = emu.tree("Ads").await;
    let second = id(&emu.ad(&gid).await, "smart_plus_ad_id");
    assert_ne!(first, second);
    let ads = emu.get("smart_plus/ad/get/", &[]).await;
    assert_eq!(ads["data"]["page_info"]["total_number"], 2);
}

#[tokio::test]
async fn status_calls_report_failures_in_error_list() {
    let emu = Emu::start_async().await;
    let (cid, gid, aid) = emu.tree("Status").await;
    let r = emu
        .post(
            "smart_plus/adgroup/status/update/",
            json!({"adgroup_ids": [gid, "1234567890123456"], "operation_status": "DISABLE"}),
        )
        .await;
    assert_eq!(r["code"], 0, "{r}");
    assert_eq!(
        r["data"]["adgroup_list"],
        json!([{"adgroup_id": gid, "status": "DISABLE"}])
    );
    assert_eq!(r["data"]["error_list"][0]["adgroup_id"], "1234567890123456");
    assert!(
        r["data"]["error_list"][0]["error_message"]
            .as_str()
            .is_some()
    );

    let r = emu
        .post(
            "smart_plus/ad/status/update/",
            json!({"smart_plus_ad_ids": [aid], "operation_status": "DISABLE"}),
        )
        .await;
    assert_eq!(
        r["data"],
        json!({"smart_plus_ad_ids": [aid], "status": "DISABLE"})
    );
    let r = emu
        .post(
            "smart_plus/ad/status/update/",
            json!({"smart_plus_ad_ids": ["1234567890123456"], "operation_status": "ENABLE"}),
        )
        .await;
    assert_eq!(r["code"], 40007, "{r}");

    // Batches hold at most 20 ids.
    let ids: Vec<String> = (0..21).map(|i| format!("10000000000000{i:02}")).collect();
    let r = emu
        .post(
            "smart_plus/campaign/status/update/",
            json!({"campaign_ids": ids, "operation_status": "DISABLE"}),
        )
        .await;
    assert_error(&r, 40002, "campaign_ids");

    // Deleting the campaign hides it, its ad groups and its ads.
    let r = emu
        .post(
            "smart_plus/campaign/status/update/",
            json!({"campaign_ids": [cid], "operation_status": "DELETE"}),
        )
        .await;
    assert_eq!(r["data"]["campaign_list"][0]["status"], "DELETE");
    for (path, total) in [
        ("smart_plus/campaign/get/", 0),
        ("smart_plus/adgroup/get/", 0),
        ("smart_plus/ad/get/", 0),
    ] {
        let r = emu.get(path, &[]).await;
        assert_eq!(r["data"]["page_info"]["total_number"], total, "{path}: {r}");
        let r = emu
            .get(
                path,
                &[("filtering", r#"{"primary_status": "STATUS_ALL"}"#)],
            )
            .await;
        assert_eq!(r["data"]["page_info"]["total_number"], 1, "{path}: {r}");
    }
    let r = emu
        .get(
            "smart_plus/ad/get/",
            &[("filtering", r#"{"primary_status": "STATUS_DELETE"}"#)],
        )
        .await;
    assert_eq!(r["data"]["list"][0]["secondary_status"], "AD_STATUS_DELETE");
    // Deleted objects cannot be changed any more.
    let r = emu
        .post(
            "smart_plus/campaign/status/update/",
            json!({"campaign_ids": [cid], "operation_status": "ENABLE"}),
        )
        .await;
    assert_eq!(r["data"]["campaign_list"], json!([]));
    assert_eq!(r["data"]["error_list"][0]["campaign_id"], json!(cid));
    let r = emu
        .post(
            "smart_plus/ad/update/",
            json!({"smart_plus_ad_id": aid, "ad_name": "x"}),
        )
        .await;
    assert_error(&r, 40002, "deleted");
}

#[tokio::test]
async fn bid_change_cascades_to_every_ad_group_of_the_campaign() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Bids", "1").await, "campaign_id");
    let mut body = adgroup_body(&cid, "2");
    body["bid_type"] = json!("BID_TYPE_CUSTOM");
    body["conversion_bid_price"] = json!(12.5);
    let g1 = id(
        &emu.ok("smart_plus/adgroup/create/", body.clone()).await,
        "adgroup_id",
    );
    body["request_id"] = json!("3");
    body["adgroup_name"] = json!("Second");
    let g2 = id(
        &emu.ok("smart_plus/adgroup/create/", body.clone()).await,
        "adgroup_id",
    );

    // Under CBO the bid must match the other ad groups.
    body["request_id"] = json!("4");
    body["conversion_bid_price"] = json!(13);
    let r = emu.post("smart_plus/adgroup/create/", body).await;
    assert_error(&r, 40002, "conversion_bid_price");

    let updated = emu
        .ok(
            "smart_plus/adgroup/update/",
            json!({"adgroup_id": g1, "conversion_bid_price": 15.0}),
        )
        .await;
    assert_eq!(updated["conversion_bid_price"], 15.0);
    let r = emu
        .get(
            "smart_plus/adgroup/get/",
            &[("filtering", &format!(r#"{{"adgroup_ids": ["{g2}"]}}"#))],
        )
        .await;
    assert_eq!(r["data"]["list"][0]["conversion_bid_price"], 15.0, "{r}");
}

#[tokio::test]
async fn immutable_fields_are_refused_on_update() {
    let emu = Emu::start_async().await;
    let (cid, gid, _) = emu.tree("Immutable").await;
    for (field, value) in [
        ("objective_type", json!("APP_PROMOTION")),
        ("budget_mode", json!("BUDGET_MODE_TOTAL")),
        ("budget_optimize_on", json!(false)),
        ("sales_destination", json!("APP")),
    ] {
        let r = emu
            .post(
                "smart_plus/campaign/update/",
                json!({"campaign_id": cid, field: value}),
            )
            .await;
        assert_error(&r, 40002, field);
    }
    for (field, value) in [
        ("optimization_goal", json!("CLICK")),
        ("placement_type", json!("PLACEMENT_TYPE_NORMAL")),
        ("placements", json!(["PLACEMENT_PANGLE"])),
        ("click_attribution_window", json!("ONE_DAY")),
        ("pixel_id", json!("7100000000000000002")),
        ("optimization_event", json!("ADD_TO_CART")),
        ("billing_event", json!("CPC")),
        ("bid_type", json!("BID_TYPE_CUSTOM")),
        ("promotion_type", json!("APP_ANDROID")),
    ] {
        let r = emu
            .post(
                "smart_plus/adgroup/update/",
                json!({"adgroup_id": gid, field: value}),
            )
            .await;
        assert_error(&r, 40002, field);
    }
    // Sending an unchanged immutable value is harmless; updates are incremental.
    let c = emu
        .ok(
            "smart_plus/campaign/update/",
            json!({"campaign_id": cid, "objective_type": "WEB_CONVERSIONS", "budget": 600}),
        )
        .await;
    assert_eq!(c["budget"], 600);
    assert_eq!(c["campaign_name"], "Immutable");
    assert_eq!(c["sales_destination"], "WEBSITE");
}

#[tokio::test]
async fn targeting_that_does_not_fit_the_mode_is_silently_dropped() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Targeting", "1").await, "campaign_id");
    let mut body = adgroup_body(&cid, "2");
    body["targeting_spec"] = json!({
        "location_ids": ["6252001"],
        "age_groups": ["AGE_25_34"],
        "gender": "GENDER_FEMALE",
        "interest_category_ids": ["101"],
        "excluded_audience_ids": ["7300000000000000001"],
    });
    let g = emu.ok("smart_plus/adgroup/create/", body.clone()).await;
    let t = &g["targeting_spec"];
    assert!(t.get("age_groups").is_none(), "{t}");
    assert!(t.get("gender").is_none());
    assert!(t.get("interest_category_ids").is_none());
    assert_eq!(t["excluded_audience_ids"], json!(["7300000000000000001"]));
    assert_eq!(t["spc_audience_age"], "OVER_EIGHTEEN");

    body["request_id"] = json!("3");
    body["suggestion_audience_enabled"] = json!(true);
    let g = emu.ok("smart_plus/adgroup/create/", body.clone()).await;
    assert_eq!(g["targeting_spec"]["age_groups"], json!(["AGE_25_34"]));

    body["request_id"] = json!("4");
    body["targeting_optimization_mode"] = json!("MANUAL");
    let g = emu.ok("smart_plus/adgroup/create/", body).await;
    assert_eq!(g["targeting_spec"]["gender"], "GENDER_FEMALE");
    assert!(g["targeting_spec"].get("spc_audience_age").is_none());
    assert_eq!(g["suggestion_audience_enabled"], false);

    // Update replaces targeting_spec and normalises it the same way.
    let gid = id(&g, "adgroup_id");
    let g = emu
        .ok(
            "smart_plus/adgroup/update/",
            json!({"adgroup_id": gid, "targeting_optimization_mode": "AUTOMATIC",
                   "targeting_spec": {"location_ids": ["6252001"], "gender": "GENDER_MALE"}}),
        )
        .await;
    assert!(g["targeting_spec"].get("gender").is_none(), "{g}");
    // The US cannot be removed once targeted.
    let r = emu
        .post(
            "smart_plus/adgroup/update/",
            json!({"adgroup_id": gid, "targeting_spec": {"location_ids": ["2635167"]}}),
        )
        .await;
    assert_error(&r, 40002, "location_ids");
}

#[tokio::test]
async fn lists_page_project_and_filter() {
    let emu = Emu::start_async().await;
    for i in 0..5 {
        emu.campaign(&format!("Paged {i}"), &(1000 + i).to_string())
            .await;
    }
    let r = emu
        .get(
            "smart_plus/campaign/get/",
            &[
                ("page", "2"),
                ("page_size", "2"),
                ("fields", r#"["campaign_id", "campaign_name"]"#),
            ],
        )
        .await;
    assert_eq!(
        r["data"]["page_info"],
        json!({"page": 2, "page_size": 2, "total_number": 5, "total_page": 3})
    );
    let list = r["data"]["list"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    for item in list {
        let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["campaign_id", "campaign_name"]);
    }
    // Newest first.
    assert_eq!(list[0]["campaign_name"], "Paged 2");

    let r = emu
        .get(
            "smart_plus/campaign/get/",
            &[("filtering", r#"{"campaign_name": "paged 4"}"#)],
        )
        .await;
    assert_eq!(r["data"]["page_info"]["total_number"], 1);

    // Page size caps: 1000 for campaigns and ad groups, 100 for ads.
    for (path, cap) in [
        ("smart_plus/campaign/get/", 1000),
        ("smart_plus/adgroup/get/", 1000),
        ("smart_plus/ad/get/", 100),
    ] {
        let ok = emu.get(path, &[("page_size", &cap.to_string())]).await;
        assert_eq!(ok["code"], 0, "{path}: {ok}");
        let over = emu
            .get(path, &[("page_size", &(cap + 1).to_string())])
            .await;
        assert_error(&over, 40002, "page_size");
    }
    let r = emu.get("smart_plus/campaign/get/", &[("page", "0")]).await;
    assert_error(&r, 40002, "page");

    // At most 100 ids per filter.
    let ids: Vec<String> = (0..101).map(|i| format!("1700000000000{i:03}")).collect();
    let filtering = json!({"campaign_ids": ids}).to_string();
    let r = emu
        .get("smart_plus/campaign/get/", &[("filtering", &filtering)])
        .await;
    assert_error(&r, 40011, "campaign_ids");
    let filtering = json!({"adgroup_ids": ids}).to_string();
    let r = emu
        .get("smart_plus/ad/get/", &[("filtering", &filtering)])
        .await;
    assert_error(&r, 40011, "adgroup_ids");

    // Malformed JSON parameters and unknown filters are parameter errors.
    let r = emu
        .get(
            "smart_plus/campaign/get/",
            &[("filtering", "{campaign_ids:")],
        )
        .await;
    assert_error(&r, 40002, "filtering");
    let r = emu
        .get(
            "smart_plus/campaign/get/",
            &[("filtering", r#"{"nope": 1}"#)],
        )
        .await;
    assert_error(&r, 40002, "nope");
}

#[tokio::test]
async fn a_list_asked_again_after_a_write_shows_the_write() {
    // The emulator remembers which records a filtered list matched, for the next
    // page: every write must make it match again.
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Cached", "7001").await, "campaign_id");
    let filtering = json!({"campaign_ids": [cid]}).to_string();
    let groups = || async {
        let r = emu
            .get(
                "smart_plus/adgroup/get/",
                &[("filtering", &filtering), ("page_size", "1")],
            )
            .await;
        assert_eq!(r["code"], 0, "{r}");
        r["data"]["page_info"]["total_number"]
            .as_u64()
            .unwrap_or(99)
    };
    assert_eq!(groups().await, 0);
    let first = id(
        &emu.post("smart_plus/adgroup/create/", adgroup_body(&cid, "7002"))
            .await["data"],
        "adgroup_id",
    );
    assert_eq!(groups().await, 1);
    emu.post("smart_plus/adgroup/create/", adgroup_body(&cid, "7003"))
        .await;
    assert_eq!(groups().await, 2);
    let r = emu
        .post(
            "smart_plus/adgroup/status/update/",
            json!({"adgroup_ids": [first], "operation_status": "DELETE"}),
        )
        .await;
    assert_eq!(r["code"], 0, "{r}");
    assert_eq!(groups().await, 1);
}

#[tokio::test]
async fn ad_update_replaces_lists_and_keeps_unchanged_creative_ids() {
    let emu = Emu::start_async().await;
    let (_, _, aid) = emu.tree("Ad update").await;
    let r = emu.get("smart_plus/ad/get/", &[]).await;
    let before = r["data"]["list"][0].clone();
    let kept_id = before["creative_list"][0]["ad_material_id"].clone();
    let a = emu
        .ok(
            "smart_plus/ad/update/",
            json!({
                "smart_plus_ad_id": aid,
                "creative_list": [video_creative("v10033g50000hero01"), video_creative("v10033g50000hero02")],
                "ad_text_list": [{"ad_text": "New text"}],
            }),
        )
        .await;
    assert_eq!(a["ad_text_list"], json!([{"ad_text": "New text"}]));
    let creatives = a["creative_list"].as_array().unwrap();
    assert_eq!(creatives.len(), 2);
    assert_eq!(creatives[0]["ad_material_id"], kept_id);
    assert_ne!(creatives[1]["ad_material_id"], kept_id);
    assert_eq!(
        a["ad_name"], "Hero video",
        "keys not sent stay as they were"
    );
    assert_eq!(a["landing_page_url_list"], before["landing_page_url_list"]);
}

#[tokio::test]
async fn advertiser_info_and_report() {
    let emu = Emu::with_async(smartplus::emulator::Config {
        currency: "JPY".into(),
        time_zone: "Asia/Tokyo".into(),
        ..Emu::config()
    })
    .await;
    let r = emu
        .get_raw(
            "advertiser/info/",
            &[("advertiser_ids", &format!(r#"["{ADVERTISER}"]"#))],
            Some(TOKEN),
        )
        .await;
    let info = &r["data"]["list"][0];
    assert_eq!(info["currency"], "JPY");
    assert_eq!(info["timezone"], "Asia/Tokyo");
    assert!(info["name"].as_str().is_some());
    assert!(info["create_time"].as_i64().is_some());
    let r = emu
        .get_raw(
            "advertiser/info/",
            &[("advertiser_ids", r#"["7000000000000000009"]"#)],
            Some(TOKEN),
        )
        .await;
    assert_error(&r, 40001, "7000000000000000009");

    let mut body = campaign_body("Yen", "1");
    body["budget"] = json!(50000);
    let c = emu.ok("smart_plus/campaign/create/", body).await;
    let cid = id(&c, "campaign_id");
    emu.control(
        "/_emulator/spend",
        json!({"kind": "campaign", "id": cid, "spend": "12345.6"}),
    )
    .await;
    let r = emu
        .get(
            "report/integrated/get/",
            &[
                ("report_type", "BASIC"),
                ("data_level", "AUCTION_CAMPAIGN"),
                ("dimensions", r#"["campaign_id"]"#),
                ("metrics", r#"["spend", "impressions"]"#),
                ("query_lifetime", "true"),
            ],
        )
        .await;
    assert_eq!(r["code"], 0, "{r}");
    assert_eq!(
        r["data"]["list"],
        json!([{"dimensions": {"campaign_id": cid}, "metrics": {"spend": "12346", "impressions": "0"}}])
    );
}

#[tokio::test]
async fn report_by_ad_group_filters_by_campaign() {
    let emu = Emu::start_async().await;
    let (c1, g1, _) = emu.tree("Report one").await;
    let (_, g2, _) = emu.tree("Report two").await;
    for (g, spend) in [(&g1, "10"), (&g2, "20.5")] {
        emu.control(
            "/_emulator/spend",
            json!({"kind": "adgroup", "id": g, "spend": spend}),
        )
        .await;
    }
    let filtering = json!([{"field_name": "campaign_ids", "filter_type": "IN",
                            "filter_value": json!([c1]).to_string()}])
    .to_string();
    let q = [
        ("report_type", "BASIC"),
        ("data_level", "AUCTION_ADGROUP"),
        ("dimensions", r#"["adgroup_id"]"#),
        ("metrics", r#"["spend"]"#),
        ("query_lifetime", "true"),
    ];
    let r = emu.get("report/integrated/get/", &q).await;
    assert_eq!(r["data"]["page_info"]["total_number"], 2, "{r}");
    let mut filtered = q.to_vec();
    filtered.push(("filtering", &filtering));
    let r = emu.get("report/integrated/get/", &filtered).await;
    assert_eq!(
        r["data"]["list"],
        json!([{"dimensions": {"adgroup_id": g1}, "metrics": {"spend": "10.00"}}])
    );
    let mut bad = q.to_vec();
    bad[2] = ("dimensions", r#"["campaign_id"]"#);
    assert_error(
        &emu.get("report/integrated/get/", &bad).await,
        40002,
        "dimensions",
    );
}
