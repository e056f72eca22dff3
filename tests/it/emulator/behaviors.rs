//! Behaviour targeting (`targeting_spec.actions`): scenes and actions are growing
//! lists, so the emulator takes any well-formed literal, refuses malformed entries in
//! TikTok's envelope, and returns what it keeps (a creator or hashtag behaviour with
//! no period, as TikTok stores it).

use serde_json::{Value, json};

use super::validation::{G, accepted, refused, with};
use crate::harness::*;

fn manual_group(cid: &str, rid: &str, actions: Value) -> Value {
    with(
        adgroup_body(cid, rid),
        json!({"targeting_optimization_mode": "MANUAL",
               "targeting_spec": {"location_ids": ["6252001"], "actions": actions}}),
    )
}

async fn read_actions(emu: &Emu, adgroup_id: &str) -> Value {
    let filter = format!(r#"{{"adgroup_ids": ["{adgroup_id}"]}}"#);
    let r = emu
        .get("smart_plus/adgroup/get/", &[("filtering", &filter)])
        .await;
    assert_eq!(r["code"], 0, "{r}");
    r["data"]["list"][0]["targeting_spec"]["actions"].clone()
}

#[tokio::test]
async fn behaviours_take_any_well_formed_literal_and_read_back_as_stored() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Behaviours", "1").await, "campaign_id");
    let actions = json!([
        {"action_scene": "VIDEO_RELATED", "action_period": 15,
         "video_user_actions": ["WATCHED_TO_END", "LIKED"], "action_category_ids": ["25011"]},
        {"action_scene": "CREATOR_RELATED", "action_period": 7,
         "video_user_actions": ["FOLLOWING"], "action_category_ids": ["3"]},
        {"action_scene": "SHOP_RELATED", "action_period": 7,
         "video_user_actions": ["ADDED_TO_CART"], "action_category_ids": ["9"]},
    ]);
    let g = accepted(&emu, G, manual_group(&cid, "2", actions.clone())).await;
    let mut stored = actions;
    // TikTok uses no period for creator behaviours whatever is sent.
    stored[1]["action_period"] = json!(0);
    assert_eq!(read_actions(&emu, &id(&g, "adgroup_id")).await, stored);

    // An update sends the whole targeting: without `actions` they are gone.
    let updated = emu
        .ok(
            "smart_plus/adgroup/update/",
            json!({"adgroup_id": id(&g, "adgroup_id"),
                   "targeting_spec": {"location_ids": ["6252001"]}}),
        )
        .await;
    assert_eq!(updated["targeting_spec"].get("actions"), None);
    assert_eq!(read_actions(&emu, &id(&g, "adgroup_id")).await, Value::Null);
}

#[tokio::test]
async fn malformed_behaviours_are_refused_naming_the_entry_and_field() {
    let emu = Emu::start_async().await;
    let cid = id(&emu.campaign("Bad behaviours", "1").await, "campaign_id");
    let good = json!({"action_scene": "VIDEO_RELATED", "action_period": 7,
                      "video_user_actions": ["LIKED"], "action_category_ids": ["25011"]});
    let cases = [
        (
            json!({"action_scene": "video related"}),
            "targeting_spec.actions[0].action_scene",
        ),
        (
            json!({"action_scene": null}),
            "targeting_spec.actions[0].action_scene",
        ),
        (
            json!({"action_period": 30}),
            "targeting_spec.actions[0].action_period",
        ),
        (
            json!({"video_user_actions": []}),
            "targeting_spec.actions[0].video_user_actions",
        ),
        (
            json!({"video_user_actions": ["liked"]}),
            "targeting_spec.actions[0].video_user_actions",
        ),
        // A documented action in another documented scene.
        (
            json!({"video_user_actions": ["FOLLOWING"]}),
            "targeting_spec.actions[0].video_user_actions",
        ),
        (
            json!({"action_category_ids": []}),
            "targeting_spec.actions[0].action_category_ids",
        ),
        (
            json!({"action_category_ids": ["beauty"]}),
            "targeting_spec.actions[0].action_category_ids",
        ),
    ];
    for (i, (change, field)) in cases.into_iter().enumerate() {
        let entry = with(good.clone(), change);
        let rid = (i + 2).to_string();
        refused(
            &emu,
            G,
            manual_group(&cid, &rid, json!([entry])),
            40002,
            field,
        )
        .await;
    }
    refused(
        &emu,
        G,
        manual_group(&cid, "20", json!(["VIDEO_RELATED"])),
        40002,
        "targeting_spec.actions[0]",
    )
    .await;
    refused(
        &emu,
        G,
        manual_group(&cid, "21", json!({"x": 1})),
        40002,
        "targeting_spec.actions",
    )
    .await;
    // The envelope is TikTok's: a message, a request id, no data.
    let r = emu
        .post(
            G,
            manual_group(
                &cid,
                "22",
                json!([with(good.clone(), json!({"action_period": 1}))]),
            ),
        )
        .await;
    assert_eq!(
        r["message"],
        "targeting_spec.actions[0].action_period: Invalid enum value; accepted values are: 0, 7, 15."
    );
    assert!(r["request_id"].is_string(), "{r}");
    // The good entry itself is taken.
    accepted(&emu, G, manual_group(&cid, "23", json!([good]))).await;
}
