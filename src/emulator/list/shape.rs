//! How listed records read: what the live list endpoints add to what was stored,
//! and how the manual endpoints show Upgraded Smart+ objects (reference §14).

use serde_json::{Value, json};

use crate::emulator::check::Obj;
use crate::emulator::state::{Automation, Kind, State};

/// The ages automatic targeting reads back without suggestions, by minimum age.
fn default_ages(minimum: Option<&str>) -> &'static [&'static str] {
    const ALL: &[&str] = &[
        "AGE_13_17",
        "AGE_18_24",
        "AGE_25_34",
        "AGE_35_44",
        "AGE_45_54",
        "AGE_55_100",
    ];
    match minimum {
        Some("ALL") => ALL,
        Some("OVER_TWENTY_FIVE") => &ALL[2..],
        _ => &ALL[1..],
    }
}

/// Lists an ad row always carries, empty or not.
const AD_LISTS: &[&str] = &[
    "ad_text_list",
    "call_to_action_list",
    "landing_page_url_list",
    "page_list",
    "deeplink_list",
];

/// A row of the `/smart_plus/*/get/` endpoints as live shows it: parents' names
/// on ad groups and ads; under automatic targeting without suggestions, the default
/// ages and gender; the deep funnel as `deep_funnel_toggle`; on ads, empty lists,
/// the identity repeated in every creative, read-only creative names and `"N/A"`
/// as the video of a post.
pub(super) fn smart_plus(st: &State, kind: Kind, id: &str, obj: &mut Obj) {
    let name_of = |k: Kind, id: Option<String>| {
        id.and_then(|id| st.map(k).get(&id))
            .and_then(|r| r.str(name_key(k)).map(str::to_owned))
            .unwrap_or_default()
    };
    match kind {
        Kind::Campaign => {}
        Kind::AdGroup => {
            let campaign = name_of(Kind::Campaign, st.campaign_of(kind, id));
            obj.insert("campaign_name".into(), json!(campaign));
            ad_group(obj);
        }
        Kind::Ad => {
            let campaign = name_of(Kind::Campaign, st.campaign_of(kind, id));
            let group = name_of(Kind::AdGroup, st.ads.get(id).and_then(|r| r.parent.clone()));
            obj.insert("campaign_name".into(), json!(campaign));
            obj.insert("adgroup_name".into(), json!(group));
            ad(obj);
        }
    }
}

fn name_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Campaign => "campaign_name",
        Kind::AdGroup => "adgroup_name",
        Kind::Ad => "ad_name",
    }
}

fn ad_group(obj: &mut Obj) {
    let deep = obj
        .get("deep_funnel_optimization_status")
        .and_then(Value::as_str)
        == Some("ON");
    obj.insert(
        "deep_funnel_toggle".into(),
        json!(if deep { "ON" } else { "OFF" }),
    );
    let automatic = obj
        .get("targeting_optimization_mode")
        .and_then(Value::as_str)
        != Some("MANUAL");
    let suggestions = obj.get("suggestion_audience_enabled") == Some(&Value::Bool(true));
    if !automatic || suggestions {
        return;
    }
    if let Some(Value::Object(t)) = obj.get_mut("targeting_spec") {
        let minimum = t.get("spc_audience_age").and_then(Value::as_str);
        let ages = default_ages(minimum);
        t.insert("age_groups".into(), json!(ages));
        t.insert("gender".into(), json!("GENDER_UNLIMITED"));
    }
}

fn ad(obj: &mut Obj) {
    obj.remove("ad_id");
    for key in AD_LISTS {
        if obj.get(*key).is_none_or(Value::is_null) {
            obj.insert((*key).into(), json!([]));
        }
    }
    let conf = obj.get("ad_configuration").cloned().unwrap_or(Value::Null);
    let Some(Value::Array(list)) = obj.get_mut("creative_list") else {
        return;
    };
    for item in list {
        let Some(Value::Object(info)) = item.get_mut("creative_info") else {
            continue;
        };
        if !info.contains_key("identity_type") {
            for key in ["identity_type", "identity_id"] {
                if let Some(v) = conf.get(key) {
                    info.insert(key.into(), v.clone());
                }
            }
        }
        if info.contains_key("identity_type") && !info.contains_key("identity_authorized_bc_id") {
            info.insert("identity_authorized_bc_id".into(), json!("0"));
        }
        info.entry("material_name").or_insert_with(|| json!(""));
        if info.contains_key("tiktok_item_id") && !info.contains_key("video_info") {
            info.insert("video_info".into(), json!({"video_id": "N/A"}));
        }
    }
}

/// A manual-endpoint row of an Upgraded Smart+ ad group: its budget shows scaled,
/// as live does after TikTok has expanded it on its own.
pub(super) fn manual_ad_group(obj: &mut Obj) {
    if let Some(b) = obj.get("budget").and_then(Value::as_f64) {
        obj.insert("budget".into(), json!(b * 100.0));
    }
}

/// How many rows the manual `ad/get/` shows for an ad: one per creative for an
/// Upgraded Smart+ ad (one more when TikTok adds creatives itself), else one.
pub(super) fn manual_ad_rows(st: &State, id: &str) -> usize {
    let Some(rec) = st.ads.get(id) else {
        return 0;
    };
    if rec.automation != Automation::UpgradedSmartPlus {
        return 1;
    }
    let creatives = rec
        .data
        .get("creative_list")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    creatives + usize::from(auto_adds(&rec.data))
}

fn auto_adds(ad: &Obj) -> bool {
    ad.get("ad_configuration")
        .and_then(|c| c.get("creative_auto_add_toggle"))
        .and_then(Value::as_bool)
        == Some(true)
}

/// Row `n` of an Upgraded Smart+ ad on the manual `ad/get/`: the creative's own
/// `ad_id`, the parent `smart_plus_ad_id`, the creative's name as `ad_name`, and its
/// material as flat fields. The row after the last creative is one TikTok added.
pub(super) fn manual_ad_row(base: &Obj, n: usize) -> Obj {
    let mut row = base.clone();
    let creatives = base
        .get("creative_list")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    row.remove("creative_list");
    let ad_name = base
        .get("ad_name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let sp_id = base
        .get("smart_plus_ad_id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let (ad_id, info) = match creatives.get(n) {
        Some(c) => (
            c.get("ad_material_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            c.get("creative_info").cloned().unwrap_or(Value::Null),
        ),
        // One TikTok made from the others: an id of its own, no material of ours.
        None => (format!("9{sp_id}"), json!({"material_name": "auto"})),
    };
    let video = info
        .get("video_info")
        .and_then(|v| v.get("video_id"))
        .and_then(Value::as_str);
    let item = info.get("tiktok_item_id").and_then(Value::as_str);
    let images: Vec<&str> = info
        .get("image_info")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|i| i.get("web_uri")?.as_str())
                .collect()
        })
        .unwrap_or_default();
    let material = info
        .get("material_name")
        .and_then(Value::as_str)
        .filter(|m| !m.is_empty())
        .or(video)
        .or(item)
        .or(images.first().copied())
        .unwrap_or("creative");
    row.insert("ad_id".into(), json!(ad_id));
    row.insert("ad_name".into(), json!(format!("{material}_{ad_name}")));
    row.insert("video_id".into(), json!(video));
    row.insert("image_ids".into(), json!(images));
    row.insert("tiktok_item_id".into(), json!(item));
    row
}
