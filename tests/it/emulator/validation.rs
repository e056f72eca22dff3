//! The platform rules the emulator enforces with its own code (reference §4–§7).

use serde_json::{Value, json};
use smartplus::emulator::Config;

use crate::harness::*;

pub(super) async fn refused(emu: &Emu, path: &str, body: Value, code: i64, field: &str) {
    let r = emu.post(path, body.clone()).await;
    assert_eq!(r["code"], code, "{path} should be refused: {body}\n{r}");
    let msg = r["message"].as_str().unwrap_or_default();
    assert!(msg.contains(field), "message should name `{field}`: {msg}");
}

pub(super) async fn accepted(emu: &Emu, path: &str, body: Value) -> Value {
    let r = emu.post(path, body.clone()).await;
    assert_eq!(r["code"], 0, "{path} should be accepted: {body}\n{r}");
    r["data"].clone()
}

pub(super) const C: &str = "smart_plus/campaign/create/";
pub(super) const G: &str = "smart_plus/adgroup/create/";
pub(super) const A: &str = "smart_plus/ad/create/";

pub(super) fn with(mut body: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    body
}

#[tokio::test]
async fn campaign_rules() {
    let emu = Emu::start_async().await;
    let base = campaign_body("Rules", "1");
    refused(
        &emu,
        C,
        with(base.clone(), json!({"objective_type": "TRAFFIC"})),
        40002,
        "objective_type",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"objective_type": "REACH"})),
        40002,
        "objective_type",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"sales_destination": null})),
        40002,
        "sales_destination",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"campaign_name": null})),
        40002,
        "campaign_name",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"campaign_name": "x".repeat(513)})),
        40002,
        "campaign_name",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"campaign_name": "Sale 🔥"})),
        40002,
        "campaign_name",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"request_id": null})),
        40002,
        "request_id",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"request_id": "abc"})),
        40002,
        "request_id",
    )
    .await;
    // Budget modes follow the CBO switch.
    refused(
        &emu,
        C,
        with(base.clone(), json!({"budget_mode": "BUDGET_MODE_DAY"})),
        40002,
        "budget_mode",
    )
    .await;
    refused(
        &emu,
        C,
        with(
            base.clone(),
            json!({"budget_optimize_on": false, "budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"}),
        ),
        40002,
        "budget_mode",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"budget": null})),
        40002,
        "budget",
    )
    .await;
    // Floors and ceiling (USD: 50 for campaigns).
    refused(
        &emu,
        C,
        with(base.clone(), json!({"budget": 49.99})),
        40002,
        "budget",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"budget": 10_000_000})),
        40002,
        "budget",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"budget": 50.001})),
        40002,
        "budget",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"budget": "500"})),
        40002,
        "budget",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"budget_auto_adjust_strategy": "AUTO_BUDGET_INCREASE", "budget_mode": "BUDGET_MODE_TOTAL"})),
        40002,
        "budget_auto_adjust_strategy",
    )
    .await;
    accepted(&emu, C, with(base.clone(), json!({"budget": 50}))).await;
    // Without CBO the default mode is unlimited, with no budget.
    let c = accepted(
        &emu,
        C,
        with(base.clone(), json!({"request_id": "2", "budget_optimize_on": false, "budget_mode": null, "budget": null})),
    )
    .await;
    assert_eq!(c["budget_mode"], "BUDGET_MODE_INFINITE");
    assert!(c.get("budget").is_none());
    // The SDK's model always sends this flag.
    accepted(
        &emu,
        C,
        with(
            base,
            json!({"request_id": "3", "is_advanced_dedicated_campaign": true}),
        ),
    )
    .await;
    // Invalid JSON is a parameter error, not an HTTP error.
    let resp = emu
        .client
        .post(emu.endpoint(C))
        .header("Access-Token", TOKEN)
        .header("Content-Type", "application/json")
        .body("{\"advertiser_id\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.json::<Value>().await.unwrap()["code"], 40002);
}

#[tokio::test]
async fn budget_floors_follow_the_currency() {
    let emu = Emu::with_async(Config {
        currency: "JPY".into(),
        ..Emu::config()
    })
    .await;
    let base = campaign_body("Yen", "1");
    refused(
        &emu,
        C,
        with(base.clone(), json!({"budget": 4999})),
        40002,
        "5000",
    )
    .await;
    refused(
        &emu,
        C,
        with(base.clone(), json!({"budget": 5000.5})),
        40002,
        "decimal",
    )
    .await;
    let c = accepted(&emu, C, with(base, json!({"budget": 5000}))).await;
    assert_eq!(c["budget"], 5000);
}

#[tokio::test]
async fn ad_group_rules() {
    let emu = Emu::start_async().await;
    // The documented latest start and end hold while the clock is before them.
    emu.control("/_emulator/clock", json!({"now": "2026-06-01 00:00:00"}))
        .await;
    let cid = id(&emu.campaign("Groups", "1").await, "campaign_id");
    let base = adgroup_body(&cid, "10");
    let no_pixel = json!({"pixel_id": null, "optimization_event": null});
    // Pixel: required for CONVERT, refused for CLICK and landing page views.
    refused(
        &emu,
        G,
        with(base.clone(), no_pixel.clone()),
        40002,
        "pixel_id",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"optimization_event": null})),
        40002,
        "optimization_event",
    )
    .await;
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"optimization_goal": "CLICK", "billing_event": "CPC"}),
        ),
        40002,
        "pixel_id",
    )
    .await;
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"optimization_goal": "TRAFFIC_LANDING_PAGE_VIEW"}),
        ),
        40002,
        "pixel_id",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"billing_event": "CPC"})),
        40002,
        "billing_event",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"optimization_goal": "INSTALL"})),
        40002,
        "optimization_goal",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"bid_type": "BID_TYPE_MAX"})),
        40002,
        "bid_type",
    )
    .await;
    // Cost cap needs its bid.
    refused(
        &emu,
        G,
        with(base.clone(), json!({"bid_type": "BID_TYPE_CUSTOM"})),
        40002,
        "conversion_bid_price",
    )
    .await;
    // Value optimisation.
    let value = json!({"optimization_goal": "VALUE", "optimization_event": "SHOPPING"});
    refused(
        &emu,
        G,
        with(base.clone(), value.clone()),
        40002,
        "deep_bid_type",
    )
    .await;
    let roas = with(
        with(base.clone(), value),
        json!({"deep_bid_type": "VO_MIN_ROAS"}),
    );
    refused(&emu, G, roas.clone(), 40002, "roas_bid").await;
    refused(
        &emu,
        G,
        with(roas.clone(), json!({"roas_bid": 0})),
        40002,
        "roas_bid",
    )
    .await;
    refused(
        &emu,
        G,
        with(roas.clone(), json!({"roas_bid": 1000.5})),
        40002,
        "roas_bid",
    )
    .await;
    refused(
        &emu,
        G,
        with(
            roas.clone(),
            json!({"roas_bid": 2, "bid_type": "BID_TYPE_CUSTOM"}),
        ),
        40002,
        "bid_type",
    )
    .await;
    // Attribution windows come in pairs.
    refused(
        &emu,
        G,
        with(base.clone(), json!({"click_attribution_window": "ONE_DAY"})),
        40002,
        "view_attribution_window",
    )
    .await;
    // Schedule bounds.
    refused(&emu, G, with(base.clone(), json!({"schedule_start_time": "2028-01-02 00:00:00", "schedule_end_time": "2028-02-01 00:00:00"})), 40002, "schedule_start_time").await;
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"schedule_end_time": "2038-01-02 00:00:00"}),
        ),
        40002,
        "schedule_end_time",
    )
    .await;
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"schedule_end_time": "2026-11-30 00:00:00"}),
        ),
        40002,
        "schedule_end_time",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"schedule_end_time": null})),
        40002,
        "schedule_end_time",
    )
    .await;
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"schedule_start_time": "2026-12-01T00:00:00Z"}),
        ),
        40002,
        "schedule_start_time",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"dayparting": "1".repeat(335)})),
        40002,
        "dayparting",
    )
    .await;
    // Targeting.
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"targeting_spec": {"languages": ["en"]}}),
        ),
        40002,
        "location_ids",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"targeting_spec": null})),
        40002,
        "targeting_spec",
    )
    .await;
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"targeting_spec": {"location_ids": ["6252001"], "gender": "GENDER_ANY"}}),
        ),
        40002,
        "targeting_spec.gender",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"targeting_spec": {"location_ids": ["6252001"], "operating_systems": ["ANDROID", "IOS"]}})),
        40002,
        "operating_systems",
    )
    .await;
    // Placement.
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"placement_type": "PLACEMENT_TYPE_NORMAL"}),
        ),
        40002,
        "placements",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"adgroup_name": "🚀"})),
        40002,
        "adgroup_name",
    )
    .await;
    // min_budget only with CBO, dynamic budget and no bid.
    accepted(
        &emu,
        G,
        with(base.clone(), json!({"request_id": "9", "min_budget": 20})),
    )
    .await;
    // With CBO the ad group's budget is ignored.
    let g = accepted(
        &emu,
        G,
        with(
            base.clone(),
            json!({"request_id": "11", "budget": 5, "budget_mode": "BUDGET_MODE_TOTAL"}),
        ),
    )
    .await;
    assert!(
        g.get("budget").is_none() && g.get("budget_mode").is_none(),
        "{g}"
    );
    // Shared fields under CBO.
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"request_id": "12", "optimization_event": "ADD_TO_CART"}),
        ),
        40002,
        "optimization_event",
    )
    .await;
    // Unknown campaign.
    refused(
        &emu,
        G,
        with(base, json!({"campaign_id": "1234567890123456"})),
        40007,
        "1234567890123456",
    )
    .await;
}

#[tokio::test]
async fn ad_group_budget_rules_without_cbo() {
    let emu = Emu::start_async().await;
    let camp = with(
        campaign_body("No CBO", "1"),
        json!({"budget_optimize_on": false, "budget_mode": "BUDGET_MODE_DAY", "budget": 1000}),
    );
    let cid = id(&accepted(&emu, C, camp).await, "campaign_id");
    let base = with(
        adgroup_body(&cid, "20"),
        json!({"budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET", "budget": 20}),
    );
    refused(
        &emu,
        G,
        with(base.clone(), json!({"budget": null})),
        40002,
        "budget",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"budget_mode": null})),
        40002,
        "budget_mode",
    )
    .await;
    refused(
        &emu,
        G,
        with(base.clone(), json!({"budget": 19.99})),
        40002,
        "budget",
    )
    .await;
    // A BUDGET_MODE_DAY campaign needs dynamic ad groups.
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"budget_mode": "BUDGET_MODE_TOTAL", "budget": 1000}),
        ),
        40002,
        "budget_mode",
    )
    .await;
    let g = accepted(&emu, G, base.clone()).await;
    assert_eq!(g["budget"], 20);
    // Without CBO, ad groups still share bid type.
    refused(
        &emu,
        G,
        with(
            base.clone(),
            json!({"request_id": "21", "bid_type": "BID_TYPE_CUSTOM", "conversion_bid_price": 5}),
        ),
        40002,
        "bid_type",
    )
    .await;
    // The batch budget endpoint changes non-CBO budgets only.
    let gid = id(&g, "adgroup_id");
    let r = emu
        .ok(
            "smart_plus/adgroup/budget/update/",
            json!({"budget": [{"adgroup_id": gid, "budget": 35}]}),
        )
        .await;
    assert_eq!(r, json!({}));
    let list = emu.get("smart_plus/adgroup/get/", &[]).await;
    assert_eq!(list["data"]["list"][0]["budget"], 35);
    refused(
        &emu,
        "smart_plus/adgroup/budget/update/",
        json!({"budget": [{"adgroup_id": gid, "budget": 10}]}),
        40002,
        "budget",
    )
    .await;

    // Lifetime ad group budgets: a schedule with an end, 20 a day at least.
    let camp = with(
        campaign_body("Lifetime", "2"),
        json!({"budget_optimize_on": false, "budget_mode": null, "budget": null}),
    );
    let cid = id(&accepted(&emu, C, camp).await, "campaign_id");
    let total = with(
        adgroup_body(&cid, "30"),
        json!({"budget_mode": "BUDGET_MODE_TOTAL", "budget": 600}),
    );
    refused(
        &emu,
        G,
        with(
            total.clone(),
            json!({"schedule_type": "SCHEDULE_FROM_NOW", "schedule_end_time": null}),
        ),
        40002,
        "SCHEDULE_START_END",
    )
    .await;
    // 2026-12-01 → 2026-12-31 is 30 days: at least 600.
    refused(
        &emu,
        G,
        with(total.clone(), json!({"budget": 599})),
        40002,
        "600",
    )
    .await;
    // Cost cap needs a dynamic daily budget somewhere.
    refused(
        &emu,
        G,
        with(
            total.clone(),
            json!({"bid_type": "BID_TYPE_CUSTOM", "conversion_bid_price": 5}),
        ),
        40002,
        "bid_type",
    )
    .await;
    accepted(&emu, G, total).await;
}

#[tokio::test]
async fn count_limits() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Thirty", "1").await, "campaign_id");
    let mut first = String::new();
    for i in 0..30 {
        let g = emu.adgroup(&cid, &(100 + i).to_string()).await;
        if i == 0 {
            first = id(&g, "adgroup_id");
        }
    }
    refused(&emu, G, adgroup_body(&cid, "200"), 40502, "30").await;
    for _ in 0..30 {
        emu.ad(&first).await;
    }
    refused(&emu, A, ad_body(&first), 40502, "30").await;
    // Deleted ad groups do not count.
    let r = emu
        .post(
            "smart_plus/adgroup/status/update/",
            json!({"adgroup_ids": [first], "operation_status": "DELETE"}),
        )
        .await;
    assert_eq!(r["code"], 0);
    emu.adgroup(&cid, "201").await;
}

#[tokio::test]
async fn ad_rules() {
    let emu = Emu::start_async().await;
    let (_, gid, _) = emu.tree("Ads").await;
    let base = ad_body(&gid);
    let video = video_creative("v1");
    refused(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": []})),
        40002,
        "creative_list",
    )
    .await;
    let many: Vec<Value> = (0..51).map(|i| video_creative(&format!("v{i}"))).collect();
    refused(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": many})),
        40002,
        "creative_list",
    )
    .await;
    let texts: Vec<Value> = (0..6)
        .map(|i| json!({"ad_text": format!("t{i}")}))
        .collect();
    refused(
        &emu,
        A,
        with(base.clone(), json!({"ad_text_list": texts})),
        40002,
        "ad_text_list",
    )
    .await;
    refused(
        &emu,
        A,
        with(base.clone(), json!({"ad_text_list": null})),
        40002,
        "ad_text_list",
    )
    .await;
    let ctas: Vec<Value> = ["LEARN_MORE", "SHOP_NOW", "SIGN_UP", "ORDER_NOW"]
        .iter()
        .map(|c| json!({"call_to_action": c}))
        .collect();
    refused(
        &emu,
        A,
        with(base.clone(), json!({"call_to_action_list": ctas})),
        40002,
        "call_to_action_list",
    )
    .await;
    // A Spark identity on the TikTok placement takes no CTA list.
    refused(
        &emu,
        A,
        with(
            base.clone(),
            json!({"call_to_action_list": [{"call_to_action": "SHOP_NOW"}]}),
        ),
        40002,
        "call_to_action_list",
    )
    .await;
    // Video needs exactly one cover.
    let mut no_cover = video.clone();
    no_cover["creative_info"]["image_info"] = json!([]);
    refused(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": [no_cover]})),
        40002,
        "image_info",
    )
    .await;
    let mut no_video = video.clone();
    no_video["creative_info"]["video_info"] = json!({});
    refused(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": [no_video]})),
        40002,
        "video_id",
    )
    .await;
    let mut image_ids = video.clone();
    image_ids["creative_info"]["image_ids"] = json!(["x"]);
    refused(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": [image_ids]})),
        40002,
        "web_uri",
    )
    .await;
    // Carousels: 1–35 images and one music track.
    let images = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| json!({"web_uri": format!("img-{i}")}))
            .collect()
    };
    let carousel = |n: usize, music: bool| {
        let mut info = json!({
            "ad_format": "CAROUSEL_ADS",
            "image_info": images(n),
            "identity_type": "TT_USER",
            "identity_id": "7200000000000000001",
        });
        if music {
            info["music_info"] = json!({"music_id": "7400000000000000001"});
        }
        json!({"creative_info": info})
    };
    refused(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": [carousel(3, false)]})),
        40002,
        "music_info",
    )
    .await;
    refused(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": [carousel(36, true)]})),
        40002,
        "image_info",
    )
    .await;
    accepted(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": [carousel(35, true)]})),
    )
    .await;
    // Spark posts: nothing but the post, and no texts.
    let post = json!({"creative_info": {"ad_format": "SINGLE_VIDEO", "tiktok_item_id": "7300000000000000042",
                                        "identity_type": "TT_USER", "identity_id": "7200000000000000001"}});
    let mut post_with_video = post.clone();
    post_with_video["creative_info"]["video_info"] = json!({"video_id": "v1"});
    refused(
        &emu,
        A,
        with(
            base.clone(),
            json!({"creative_list": [post_with_video], "ad_text_list": null}),
        ),
        40002,
        "tiktok_item_id",
    )
    .await;
    refused(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": [post.clone()]})),
        40002,
        "ad_text_list",
    )
    .await;
    accepted(
        &emu,
        A,
        with(
            base.clone(),
            json!({"creative_list": [post], "ad_text_list": null}),
        ),
    )
    .await;
    // Non-Spark creatives cannot run on the TikTok placement.
    let mut custom = video.clone();
    let info = custom["creative_info"].as_object_mut().unwrap();
    info.remove("identity_type");
    info.remove("identity_id");
    refused(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": [custom.clone()]})),
        40002,
        "Spark",
    )
    .await;
    refused(
        &emu,
        A,
        with(base.clone(), json!({"creative_list": [{"creative_info": {"ad_format": "SINGLE_VIDEO",
            "video_info": {"video_id": "v"}, "image_info": [{"web_uri": "c"}], "identity_type": "CUSTOMIZED_USER", "identity_id": "1"}}]})),
        40002,
        "ad_configuration",
    )
    .await;
    refused(
        &emu,
        A,
        with(base.clone(), json!({"landing_page_url_list": null})),
        40002,
        "landing_page_url_list",
    )
    .await;
    refused(
        &emu,
        A,
        with(
            base.clone(),
            json!({"landing_page_url_list": [{"landing_page_url": "shop.example.com"}]}),
        ),
        40002,
        "landing_page_url",
    )
    .await;
    let utm: Vec<Value> = (0..15)
        .map(|i| json!({"key": format!("k{i}"), "value": "v"}))
        .collect();
    refused(
        &emu,
        A,
        with(
            base.clone(),
            json!({"ad_configuration": {"utm_params": utm}}),
        ),
        40002,
        "utm_params",
    )
    .await;
    refused(
        &emu,
        A,
        with(base.clone(), json!({"adgroup_id": "1234567890123456"})),
        40007,
        "1234567890123456",
    )
    .await;

    // Pangle-only delivery still takes non-Spark creatives, and CTAs with them.
    let cid = id(&emu.campaign("Pangle", "50").await, "campaign_id");
    let g = accepted(
        &emu,
        G,
        with(
            adgroup_body(&cid, "51"),
            json!({"placement_type": "PLACEMENT_TYPE_NORMAL", "placements": ["PLACEMENT_PANGLE"]}),
        ),
    )
    .await;
    let a = accepted(
        &emu,
        A,
        with(
            ad_body(&id(&g, "adgroup_id")),
            json!({"creative_list": [custom], "call_to_action_list": [{"call_to_action": "SHOP_NOW"}],
                   "ad_configuration": {"identity_type": "CUSTOMIZED_USER", "identity_id": "7500000000000000001"},
                   "ad_name": ""}),
        ),
    )
    .await;
    // An empty name means "named after its id".
    assert_eq!(a["ad_name"], a["smart_plus_ad_id"]);
}

#[tokio::test]
async fn lead_generation_takes_no_cta_list_on_tiktok() {
    let emu = Emu::start_async().await;
    let camp = with(
        campaign_body("Leads", "1"),
        json!({"objective_type": "LEAD_GENERATION", "sales_destination": null}),
    );
    let cid = id(&accepted(&emu, C, camp).await, "campaign_id");
    let form = json!([{"page_id": "7700000000000000001"}]);
    let ctas = json!([{"call_to_action": "SIGN_UP"}]);
    // On TikTok (automatic placement includes it): refused.
    let tiktok = accepted(&emu, G, adgroup_body(&cid, "2")).await;
    refused(
        &emu,
        A,
        with(
            ad_body(&id(&tiktok, "adgroup_id")),
            json!({"ad_configuration": null, "page_list": form, "call_to_action_list": ctas}),
        ),
        40002,
        "LEAD_GENERATION",
    )
    .await;
    // Elsewhere the ban does not apply (reference §14): a custom identity on Pangle.
    let pangle = accepted(
        &emu,
        G,
        with(
            adgroup_body(&cid, "3"),
            json!({"placement_type": "PLACEMENT_TYPE_NORMAL", "placements": ["PLACEMENT_PANGLE"]}),
        ),
    )
    .await;
    let mut custom = video_creative("v1");
    let info = custom["creative_info"].as_object_mut().unwrap();
    info.remove("identity_type");
    info.remove("identity_id");
    accepted(
        &emu,
        A,
        with(
            ad_body(&id(&pangle, "adgroup_id")),
            json!({
                "creative_list": [custom],
                "page_list": form,
                "call_to_action_list": ctas,
                "ad_configuration": {"identity_type": "CUSTOMIZED_USER", "identity_id": "7200000000000000009"},
            }),
        ),
    )
    .await;
}
