//! Reference §14: what TikTok's own pages and live use showed, one test per finding
//! (the validate and plan side of each is in `validate`, `plan`, `apply` and
//! `import`).

use serde_json::{Value, json};
use smartplus::emulator::Config;

use super::validation::{A, C, G, accepted, refused, with};
use crate::harness::*;

async fn now(emu: &Emu) -> String {
    let c = emu
        .client
        .get(emu.endpoint("/_emulator/clock"))
        .send()
        .await
        .expect("clock")
        .json::<Value>()
        .await
        .expect("JSON");
    c["now"].as_str().expect("now").to_owned()
}

/// A time `minutes` from `base` (`YYYY-MM-DD HH:MM:SS`, UTC).
fn shift(base: &str, minutes: i64) -> String {
    let t = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", base)
        .expect("time")
        .to_zoned(jiff::tz::TimeZone::UTC)
        .expect("UTC")
        .timestamp()
        + jiff::SignedDuration::from_mins(minutes);
    t.strftime("%Y-%m-%d %H:%M:%S").to_string()
}

async fn list(emu: &Emu, path: &str, params: &[(&str, &str)]) -> Vec<Value> {
    let r = emu.get(path, params).await;
    assert_eq!(r["code"], 0, "{r}");
    r["data"]["list"].as_array().cloned().unwrap_or_default()
}

/// An ad group delivering on Pangle only, where non-Spark ads may run.
async fn pangle_group(emu: &Emu, cid: &str, rid: &str) -> Value {
    let body = with(
        adgroup_body(cid, rid),
        json!({"adgroup_name": "Pangle", "placement_type": "PLACEMENT_TYPE_NORMAL",
               "placements": ["PLACEMENT_PANGLE"]}),
    );
    accepted(emu, G, body).await
}

fn post_creative(item: &str) -> Value {
    json!({"creative_info": {"ad_format": "SINGLE_VIDEO", "tiktok_item_id": item,
        "identity_type": "TT_USER", "identity_id": "7200000000000000001"}})
}

// --- Creates the live API refuses -------------------------------------------------

#[tokio::test]
async fn spark_ads_on_tiktok_need_a_cta_portfolio_and_never_a_list_beside_it() {
    let emu = Emu::start_async().await;
    let (_, gid, _) = emu.tree("Portfolio").await;
    let base = ad_body(&gid);
    refused(
        &emu,
        A,
        with(base.clone(), json!({"ad_configuration": null})),
        40002,
        "ad_configuration.call_to_action_id",
    )
    .await;
    refused(
        &emu,
        A,
        with(
            base.clone(),
            json!({"call_to_action_list": [{"call_to_action": "SHOP_NOW"}]}),
        ),
        40002,
        "call_to_action_id",
    )
    .await;
    accepted(&emu, A, with(base, json!({"ad_name": "With portfolio"}))).await;
}

#[tokio::test]
async fn a_start_that_is_not_in_the_future_is_refused() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Starts", "1").await, "campaign_id");
    let t = now(&emu).await;
    for (rid, start) in [("2", t.clone()), ("3", shift(&t, -60))] {
        let body = with(
            adgroup_body(&cid, rid),
            json!({"schedule_type": "SCHEDULE_FROM_NOW", "schedule_start_time": start,
                   "schedule_end_time": null}),
        );
        refused(&emu, G, body, 40002, "Start time must be in the future").await;
    }
    let g = accepted(
        &emu,
        G,
        with(
            adgroup_body(&cid, "4"),
            json!({"schedule_type": "SCHEDULE_FROM_NOW", "schedule_start_time": shift(&t, 10),
                   "schedule_end_time": null}),
        ),
    )
    .await;
    let gid = id(&g, "adgroup_id");
    // Once it has started, other changes go through with the start as it is…
    emu.control("/_emulator/clock", json!({"now": shift(&t, 60)}))
        .await;
    emu.ok(
        "smart_plus/adgroup/update/",
        json!({"adgroup_id": gid, "adgroup_name": "Started", "schedule_start_time": shift(&t, 10)}),
    )
    .await;
    // …but a new start must lie ahead again.
    let r = emu
        .post(
            "smart_plus/adgroup/update/",
            json!({"adgroup_id": gid, "schedule_start_time": shift(&t, 30)}),
        )
        .await;
    assert_eq!(r["code"], 40002, "{r}");
}

#[tokio::test]
async fn business_center_identities_need_their_bc_and_the_error_names_another_field() {
    let emu = Emu::start_async().await;
    let (_, gid, _) = emu.tree("BC").await;
    let mut creative = video_creative("v1");
    creative["creative_info"]["identity_type"] = json!("BC_AUTH_TT");
    refused(
        &emu,
        A,
        with(ad_body(&gid), json!({"creative_list": [creative.clone()]})),
        40002,
        "identity_bc_id is required for BC_AUTH_TT type",
    )
    .await;
    creative["creative_info"]["identity_authorized_bc_id"] = json!("7800000000000000001");
    accepted(
        &emu,
        A,
        with(ad_body(&gid), json!({"creative_list": [creative]})),
    )
    .await;
}

#[tokio::test]
async fn website_lead_generation_needs_an_external_website_target() {
    let emu = Emu::start_async().await;
    let mut campaigns = Vec::new();
    for rid in ["1", "11"] {
        let camp = with(
            campaign_body("Leads", rid),
            json!({"objective_type": "LEAD_GENERATION", "sales_destination": null}),
        );
        campaigns.push(id(&accepted(&emu, C, camp).await, "campaign_id"));
    }
    // One campaign each: with CBO every ad group of a campaign shares the target.
    let lead_group = |rid: &str| {
        let cid = &campaigns[usize::from(rid == "3")];
        with(
            adgroup_body(cid, rid),
            json!({"promotion_type": "LEAD_GENERATION"}),
        )
    };
    // Without `promotion_target_type` the ad group collects leads in an instant form.
    let form = accepted(&emu, G, lead_group("2")).await;
    assert_eq!(form["promotion_target_type"], "INSTANT_PAGE");
    refused(
        &emu,
        A,
        ad_body(&id(&form, "adgroup_id")),
        40002,
        "Page_id not valid",
    )
    .await;
    let site = accepted(
        &emu,
        G,
        with(
            lead_group("3"),
            json!({"promotion_target_type": "EXTERNAL_WEBSITE"}),
        ),
    )
    .await;
    accepted(&emu, A, ad_body(&id(&site, "adgroup_id"))).await;
}

#[tokio::test]
async fn app_promotion_type_and_catalog_type_are_required() {
    let emu = Emu::start_async().await;
    refused(
        &emu,
        C,
        with(
            campaign_body("App", "1"),
            json!({"objective_type": "APP_PROMOTION", "sales_destination": null}),
        ),
        40002,
        "app_promotion_type",
    )
    .await;
    refused(
        &emu,
        C,
        with(
            campaign_body("Catalog", "2"),
            json!({"catalog_enabled": true}),
        ),
        40002,
        "catalog_type",
    )
    .await;
}

#[tokio::test]
async fn a_carousel_post_needs_its_music() {
    let emu = Emu::start_async().await;
    let (_, gid, _) = emu.tree("Carousel post").await;
    let mut carousel = post_creative("7310000000000000001");
    carousel["creative_info"]["ad_format"] = json!("CAROUSEL_ADS");
    let body = with(ad_body(&gid), json!({"ad_text_list": null}));
    refused(
        &emu,
        A,
        with(body.clone(), json!({"creative_list": [carousel.clone()]})),
        40002,
        "music_info",
    )
    .await;
    carousel["creative_info"]["music_info"] = json!({"music_id": "7400000000000000001"});
    accepted(&emu, A, with(body, json!({"creative_list": [carousel]}))).await;
}

#[tokio::test]
async fn request_ids_are_digits_only_and_ad_creates_honour_them() {
    let emu = Emu::start_async().await;
    for bad in [
        "req_123",
        "-5",
        "+5",
        "7f9c1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        "1.5",
    ] {
        refused(&emu, C, campaign_body("Keyed", bad), 40002, "request_id").await;
    }
    let (_, gid, _) = emu.tree("Keyed ads").await;
    let body = with(ad_body(&gid), json!({"request_id": "7100000000000000777"}));
    let a = accepted(&emu, A, body.clone()).await;
    let b = accepted(&emu, A, with(body, json!({"ad_name": "Retry"}))).await;
    assert_eq!(a["smart_plus_ad_id"], b["smart_plus_ad_id"]);
    assert_eq!(b["ad_name"], "Hero video", "the original ad comes back");
    refused(
        &emu,
        A,
        with(ad_body(&gid), json!({"request_id": "ad-1"})),
        40002,
        "request_id",
    )
    .await;
}

// --- Reads that differ from what was written --------------------------------------

#[tokio::test]
async fn smart_plus_reads_show_the_live_shape() {
    let emu = Emu::start_async().await;
    let (cid, gid, aid) = emu.tree("Read shape").await;
    let pangle = pangle_group(&emu, &cid, "9").await;
    let custom = custom_creative("v2");
    accepted(
        &emu,
        A,
        with(
            ad_body(&id(&pangle, "adgroup_id")),
            json!({"creative_list": [custom], "ad_configuration":
                   {"identity_type": "CUSTOMIZED_USER", "identity_id": "7200000000000000009"}}),
        ),
    )
    .await;
    accepted(
        &emu,
        A,
        with(
            ad_body(&gid),
            json!({"ad_name": "Post", "ad_text_list": null,
                   "creative_list": [post_creative("7310000000000000001")]}),
        ),
    )
    .await;
    let filter = format!(r#"{{"campaign_ids": ["{cid}"]}}"#);
    let ads = list(
        &emu,
        "smart_plus/ad/get/",
        &[("filtering", &filter), ("page_size", "100")],
    )
    .await;
    assert_eq!(ads.len(), 3);
    for ad in &ads {
        assert_eq!(ad["campaign_name"], "Read shape", "{ad}");
        assert!(ad["adgroup_name"].is_string(), "{ad}");
        assert!(ad.get("ad_id").is_none(), "Smart+ rows have no ad_id: {ad}");
        for key in ["ad_text_list", "call_to_action_list", "page_list"] {
            assert!(ad[key].is_array(), "{key} missing: {ad}");
        }
        for c in ad["creative_list"].as_array().unwrap() {
            let info = &c["creative_info"];
            assert!(info["identity_type"].is_string(), "identity repeated: {c}");
            assert!(c["ad_material_id"].is_string() && c["material_operation_status"] == "ENABLE");
            assert_eq!(info["material_name"], "");
        }
    }
    let first = ads
        .iter()
        .find(|a| a["smart_plus_ad_id"] == json!(aid))
        .expect("the first ad");
    assert_eq!(first["call_to_action_list"], json!([]));
    assert_eq!(
        first["creative_list"][0]["creative_info"]["identity_authorized_bc_id"],
        "0"
    );
    let post = ads.iter().find(|a| a["ad_name"] == "Post").expect("post");
    assert_eq!(post["ad_text_list"], json!([]));
    assert_eq!(
        post["creative_list"][0]["creative_info"]["video_info"]["video_id"],
        "N/A"
    );
    let custom = ads
        .iter()
        .find(|a| a["adgroup_id"] == pangle["adgroup_id"])
        .expect("custom ad");
    assert_eq!(
        custom["creative_list"][0]["creative_info"]["identity_type"],
        "CUSTOMIZED_USER"
    );

    // Ad groups: the campaign's name, and under automatic targeting the default
    // ages and gender although none were sent.
    let groups = list(&emu, "smart_plus/adgroup/get/", &[("filtering", &filter)]).await;
    for g in &groups {
        assert_eq!(g["campaign_name"], "Read shape");
        assert_eq!(g["deep_funnel_toggle"], "OFF");
        let t = &g["targeting_spec"];
        assert_eq!(
            t["age_groups"],
            json!([
                "AGE_18_24",
                "AGE_25_34",
                "AGE_35_44",
                "AGE_45_54",
                "AGE_55_100"
            ]),
            "{g}"
        );
        assert_eq!(t["gender"], "GENDER_UNLIMITED");
    }
}

#[tokio::test]
async fn all_ages_reads_back_as_all() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("All ages", "1").await, "campaign_id");
    let mut body = adgroup_body(&cid, "2");
    body["targeting_spec"]["spc_audience_age"] = json!("ALL");
    let g = accepted(&emu, G, body).await;
    let filter = format!(r#"{{"adgroup_ids": ["{}"]}}"#, id(&g, "adgroup_id"));
    let groups = list(&emu, "smart_plus/adgroup/get/", &[("filtering", &filter)]).await;
    let t = &groups[0]["targeting_spec"];
    assert_eq!(t["spc_audience_age"], "ALL");
    assert_eq!(t["age_groups"][0], "AGE_13_17");
}

#[tokio::test]
async fn deep_funnel_is_set_at_create_read_as_a_toggle_and_resent_with_budgets() {
    let emu = Emu::start_async().await;
    let camp = with(
        campaign_body("Deep funnel", "1"),
        json!({"objective_type": "LEAD_GENERATION", "sales_destination": null}),
    );
    let cid = id(&accepted(&emu, C, camp).await, "campaign_id");
    let group = with(
        adgroup_body(&cid, "2"),
        json!({"promotion_type": "LEAD_GENERATION", "deep_funnel_optimization_status": "ON"}),
    );
    refused(&emu, G, group.clone(), 40002, "deep_funnel_event_source").await;
    let g = accepted(
        &emu,
        G,
        with(
            group,
            json!({"deep_funnel_event_source": "PIXEL",
                   "deep_funnel_event_source_id": "7100000000000000001",
                   "deep_funnel_optimization_event": "SHOPPING"}),
        ),
    )
    .await;
    let gid = id(&g, "adgroup_id");
    let filter = format!(r#"{{"adgroup_ids": ["{gid}"]}}"#);
    let read = list(&emu, "smart_plus/adgroup/get/", &[("filtering", &filter)]).await;
    assert_eq!(read[0]["deep_funnel_toggle"], "ON");
    // It cannot be switched off later: the update ignores it.
    emu.ok(
        "smart_plus/adgroup/update/",
        json!({"adgroup_id": gid, "deep_funnel_optimization_status": "OFF"}),
    )
    .await;
    let read = list(&emu, "smart_plus/adgroup/get/", &[("filtering", &filter)]).await;
    assert_eq!(read[0]["deep_funnel_toggle"], "ON");
    let r = emu
        .post(
            "smart_plus/campaign/update/",
            json!({"campaign_id": cid, "budget": 600}),
        )
        .await;
    assert_eq!(r["code"], 40002, "{r}");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("deep_funnel_optimization_status")
    );
    let c = emu
        .ok(
            "smart_plus/campaign/update/",
            json!({"campaign_id": cid, "budget": 600, "deep_funnel_optimization_status": "ON"}),
        )
        .await;
    assert_eq!(c["budget"], 600);
}

#[tokio::test]
async fn manual_reads_show_smart_plus_ads_per_creative_and_refuse_unknown_fields() {
    let emu = Emu::start_async().await;
    let (cid, gid, aid) = emu.tree("Manual view").await;
    let two = with(
        ad_body(&gid),
        json!({"ad_name": "Two videos", "ad_configuration":
               {"call_to_action_id": CTA_PORTFOLIO, "creative_auto_add_toggle": true},
               "creative_list": [video_creative("v1"), video_creative("v2")]}),
    );
    let two = accepted(&emu, A, two).await;
    let filter = format!(r#"{{"campaign_ids": ["{cid}"]}}"#);
    let rows = list(
        &emu,
        "ad/get/",
        &[("filtering", &filter), ("page_size", "100")],
    )
    .await;
    // One row for the first ad's creative, two plus one TikTok added for the other.
    assert_eq!(rows.len(), 4, "{rows:?}");
    for r in &rows {
        let parent = r["smart_plus_ad_id"].as_str().expect("parent id");
        assert!(parent == aid || json!(parent) == two["smart_plus_ad_id"]);
        assert_ne!(r["ad_id"], r["smart_plus_ad_id"], "{r}");
    }
    assert!(
        rows.iter().any(|r| r["ad_name"] == "v1_Two videos"),
        "{rows:?}"
    );
    // Unknown `fields` are refused by position on the manual reads…
    let r = emu
        .get("ad/get/", &[("fields", r#"["ad_id", "connection_type"]"#)])
        .await;
    assert_eq!(r["code"], 40002, "{r}");
    assert!(
        r["message"].as_str().unwrap().starts_with("fields.1:"),
        "{r}"
    );
    // …and the Smart+ ad group budget shows scaled there, never on the Smart+ read.
    let camp = with(
        campaign_body("Own budgets", "7"),
        json!({"budget_optimize_on": false, "budget_mode": null, "budget": null}),
    );
    let cid2 = id(&accepted(&emu, C, camp).await, "campaign_id");
    accepted(
        &emu,
        G,
        with(
            adgroup_body(&cid2, "8"),
            json!({"budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET", "budget": 30}),
        ),
    )
    .await;
    let filter2 = format!(r#"{{"campaign_ids": ["{cid2}"]}}"#);
    let manual = list(&emu, "adgroup/get/", &[("filtering", &filter2)]).await;
    assert_eq!(manual[0]["budget"].as_f64(), Some(3000.0));
    let smart = list(&emu, "smart_plus/adgroup/get/", &[("filtering", &filter2)]).await;
    assert_eq!(smart[0]["budget"], 30);
}

// --- Writes that succeed but change nothing ---------------------------------------

#[tokio::test]
async fn a_budget_at_or_below_todays_spend_is_silently_ignored() {
    let emu = Emu::start_async().await;
    let (cid, _, _) = emu.tree("Spent").await;
    emu.control(
        "/_emulator/spend",
        json!({"kind": "campaign", "id": cid, "spend": "400", "today": "300"}),
    )
    .await;
    for budget in [300, 250] {
        let c = emu
            .ok(
                "smart_plus/campaign/update/",
                json!({"campaign_id": cid, "budget": budget, "campaign_name": "Still renamed"}),
            )
            .await;
        assert_eq!(
            c["budget"].as_f64(),
            Some(500.0),
            "code 0, budget unchanged"
        );
        assert_eq!(c["campaign_name"], "Still renamed");
    }
    let c = emu
        .ok(
            "smart_plus/campaign/update/",
            json!({"campaign_id": cid, "budget": 420}),
        )
        .await;
    assert_eq!(c["budget"], 420);
    // The report tells today's spend apart from the lifetime's.
    let today = &now(&emu).await[..10];
    let report = emu
        .get(
            "report/integrated/get/",
            &[
                ("report_type", "BASIC"),
                ("data_level", "AUCTION_CAMPAIGN"),
                ("dimensions", r#"["campaign_id"]"#),
                ("metrics", r#"["spend"]"#),
                ("start_date", today),
                ("end_date", today),
            ],
        )
        .await;
    assert_eq!(
        report["data"]["list"][0]["metrics"]["spend"], "300.00",
        "{report}"
    );
}

#[tokio::test]
async fn stray_query_parameters_and_an_operation_status_filter_are_ignored() {
    let emu = Emu::start_async().await;
    let (cid, gid, _) = emu.tree("Ignored filters").await;
    emu.ok(
        "smart_plus/adgroup/status/update/",
        json!({"adgroup_ids": [gid], "operation_status": "DISABLE"}),
    )
    .await;
    emu.campaign("Another", "77").await;
    // A bare `adgroup_ids` is not a filter: every ad group comes back.
    let all = list(
        &emu,
        "smart_plus/adgroup/get/",
        &[("adgroup_ids", r#"["1"]"#)],
    )
    .await;
    assert_eq!(all.len(), 1);
    // `filtering.operation_status` is accepted and ignored: the disabled one stays.
    let filter = format!(r#"{{"campaign_ids": ["{cid}"], "operation_status": "ENABLE"}}"#);
    let groups = list(&emu, "smart_plus/adgroup/get/", &[("filtering", &filter)]).await;
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["operation_status"], "DISABLE");
}

// --- Other behaviour ----------------------------------------------------------------

#[tokio::test]
async fn ad_creates_right_after_their_ad_group_fail_for_a_while() {
    let emu = Emu::with_async(Config {
        ad_create_lag: std::time::Duration::from_millis(600),
        ..Emu::config()
    })
    .await;
    let cid = id(&emu.campaign("Lagging", "1").await, "campaign_id");
    let gid = id(&emu.adgroup(&cid, "2").await, "adgroup_id");
    let first = emu.post(A, ad_body(&gid)).await;
    assert_eq!(first["code"], 40007, "{first}");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("does not exist")
    );
    let second = emu.post(A, ad_body(&gid)).await;
    assert_eq!(second["code"], 40202, "{second}");
    assert!(second["message"].as_str().unwrap().contains("Concurrent"));
    assert_eq!(list(&emu, "smart_plus/ad/get/", &[]).await.len(), 0);
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    accepted(&emu, A, ad_body(&gid)).await;
}

#[tokio::test]
async fn an_overlong_url_gets_the_cdn_html_page() {
    let emu = Emu::start_async().await;
    let ids: Vec<String> = (0..600)
        .map(|i| format!("{}", 1_700_000_000_000_000u64 + i))
        .collect();
    let resp = emu
        .client
        .get(emu.endpoint("smart_plus/campaign/get/"))
        .query(&[
            ("advertiser_id", ADVERTISER),
            ("filtering", &json!({"campaign_ids": ids}).to_string()),
        ])
        .header("Access-Token", TOKEN)
        .send()
        .await
        .expect("answered");
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.headers()["content-type"], "text/html");
    let body = resp.text().await.expect("body");
    assert!(
        body.contains("Bad Request") && body.contains("edgesuite"),
        "{body}"
    );
}

#[tokio::test]
async fn all_zero_dayparting_is_all_day_and_a_disclaimer_stays_as_made() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Dayparts", "1").await, "campaign_id");
    accepted(
        &emu,
        G,
        with(
            adgroup_body(&cid, "2"),
            json!({"dayparting": "0".repeat(336)}),
        ),
    )
    .await;
    let (_, gid, _) = emu.tree("Disclaimer").await;
    let disclaimer =
        json!({"disclaimer_type": "TEXT_ONLY", "disclaimer_text": {"text": "T&Cs apply"}});
    let a = accepted(
        &emu,
        A,
        with(
            ad_body(&gid),
            json!({"ad_name": "With disclaimer", "disclaimer": disclaimer}),
        ),
    )
    .await;
    let aid = id(&a, "smart_plus_ad_id");
    for change in [
        json!(null),
        json!({"disclaimer_type": "TEXT_ONLY", "disclaimer_text": {"text": "Other"}}),
    ] {
        let r = emu
            .post(
                "smart_plus/ad/update/",
                json!({"smart_plus_ad_id": aid, "disclaimer": change}),
            )
            .await;
        assert_eq!(r["code"], 40002, "{r}");
        assert!(
            r["message"].as_str().unwrap().starts_with("disclaimer"),
            "{r}"
        );
    }
    emu.ok(
        "smart_plus/ad/update/",
        json!({"smart_plus_ad_id": aid, "ad_name": "Renamed", "disclaimer": disclaimer}),
    )
    .await;
}

#[tokio::test]
async fn the_us_may_give_way_to_its_states_but_not_be_dropped() {
    let emu = Emu::start_async().await;
    let (_, gid, _) = emu.tree("US").await;
    let update = |locations: Value| json!({"adgroup_id": gid, "targeting_spec": {"location_ids": locations}});
    let r = emu
        .post("smart_plus/adgroup/update/", update(json!(["2635167"])))
        .await;
    assert_eq!(r["code"], 40002, "{r}");
    // California and Texas.
    emu.ok(
        "smart_plus/adgroup/update/",
        update(json!(["5332921", "4736286"])),
    )
    .await;
}

#[tokio::test]
async fn scheduled_budgets_are_allowed_for_cbo_ad_groups_with_a_minimum() {
    let emu = Emu::start_async().await;
    let (_, gid, _) = emu.tree("Scheduled").await;
    let batch = json!({"scheduled_budget": [{"adgroup_id": gid, "budget": 80}]});
    let r = emu
        .post("smart_plus/adgroup/budget/update/", batch.clone())
        .await;
    assert_eq!(r["code"], 40002, "{r}");
    emu.ok(
        "smart_plus/adgroup/update/",
        json!({"adgroup_id": gid, "min_budget": 50}),
    )
    .await;
    emu.ok("smart_plus/adgroup/budget/update/", batch).await;
}

#[tokio::test]
async fn errors_read_as_live_words_them() {
    let emu = Emu::start_async().await;
    let (cid, gid, _) = emu.tree("Wording").await;
    let base = ad_body(&gid);
    let page = |u: &str| json!({"landing_page_url": u});
    for (change, words) in [
        (
            json!({"ad_text_list": [{"ad_text": "Same"}, {"ad_text": "Same"}]}),
            "You have duplicate titles",
        ),
        (
            json!({"creative_list": null}),
            "at least 1 creative_info is required",
        ),
        (
            json!({"landing_page_url_list": [page("https://a.example"), page("https://b.example")]}),
            "landing_page_url_list: maximum number of items is 1",
        ),
        (
            json!({"creative_list": [{"creative_info": {"ad_format": "SINGLE_VIDEO",
                "video_info": {"video_id": "v1"}, "identity_type": "TT_USER",
                "identity_id": "7200000000000000001"}}]}),
            "video material should have 1 image_info as the video cover",
        ),
    ] {
        refused(&emu, A, with(base.clone(), change), 40002, words).await;
    }
    // Non-Spark creatives with no custom identity (on Pangle, where they may run).
    let pangle = pangle_group(&emu, &cid, "5").await;
    let custom = custom_creative("v1");
    refused(
        &emu,
        A,
        with(
            ad_body(&id(&pangle, "adgroup_id")),
            json!({"creative_list": [custom], "ad_configuration": {}}),
        ),
        40002,
        "ad_configuration.identity_id is required",
    )
    .await;
    // Smart+ ad groups take no fixed daily budget.
    let camp = with(
        campaign_body("Own budgets", "6"),
        json!({"budget_optimize_on": false, "budget_mode": null, "budget": null}),
    );
    let cid2 = id(&accepted(&emu, C, camp).await, "campaign_id");
    refused(
        &emu,
        G,
        with(
            adgroup_body(&cid2, "7"),
            json!({"budget_mode": "BUDGET_MODE_DAY", "budget": 50}),
        ),
        40002,
        "Invalid budget type",
    )
    .await;
    // A campaign budget below an ad group's bid.
    let camp = campaign_body("Capped", "8");
    let cid3 = id(&accepted(&emu, C, camp).await, "campaign_id");
    accepted(
        &emu,
        G,
        with(
            adgroup_body(&cid3, "9"),
            json!({"bid_type": "BID_TYPE_CUSTOM", "conversion_bid_price": 90}),
        ),
    )
    .await;
    let r = emu
        .post(
            "smart_plus/campaign/update/",
            json!({"campaign_id": cid3, "budget": 80}),
        )
        .await;
    assert_eq!(r["code"], 40002, "{r}");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("budget cannot be less than"),
        "{r}"
    );
}

// --- Open vocabularies --------------------------------------------------------------

#[tokio::test]
async fn growing_vocabularies_take_any_well_formed_literal() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Open lists", "1").await, "campaign_id");
    let group = with(
        adgroup_body(&cid, "2"),
        json!({"optimization_event": "ON_WEB_ORDER", "placement_type": "PLACEMENT_TYPE_NORMAL",
               "placements": ["PLACEMENT_PANGLE", "PLACEMENT_NEW_SURFACE"],
               "click_attribution_window": "THIRTY_DAYS", "view_attribution_window": "ONE_DAY"}),
    );
    let g = accepted(&emu, G, group.clone()).await;
    assert_eq!(g["optimization_event"], "ON_WEB_ORDER");
    for (key, bad) in [
        ("optimization_event", json!("on web order")),
        ("click_attribution_window", json!("30 days")),
        ("placements", json!(["placement_pangle"])),
    ] {
        refused(
            &emu,
            G,
            with(group.clone(), json!({"request_id": "3", key: bad})),
            40002,
            key,
        )
        .await;
    }
    let custom = custom_creative("v1");
    let ad = with(
        ad_body(&id(&g, "adgroup_id")),
        json!({"creative_list": [custom],
               "call_to_action_list": [{"call_to_action": "VIEW_NOW"}],
               "ad_configuration": {"identity_type": "CUSTOMIZED_USER", "identity_id": "7200000000000000009"}}),
    );
    accepted(&emu, A, ad.clone()).await;
    refused(
        &emu,
        A,
        with(
            ad.clone(),
            json!({"call_to_action_list": [{"call_to_action": "View now"}]}),
        ),
        40002,
        "call_to_action",
    )
    .await;
    // Symphony strategies are a growing list too, but two of them are not for the API.
    let mut conf = ad["ad_configuration"].clone();
    conf["creative_auto_enhancement_strategy_list"] = json!(["VIDEO_QUALITY", "NEW_TRICK"]);
    accepted(
        &emu,
        A,
        with(ad.clone(), json!({"ad_configuration": conf.clone()})),
    )
    .await;
    conf["creative_auto_enhancement_strategy_list"] = json!(["AIGC_CARD"]);
    refused(
        &emu,
        A,
        with(ad, json!({"ad_configuration": conf})),
        40002,
        "ad_configuration.creative_auto_enhancement_strategy_list",
    )
    .await;
}
