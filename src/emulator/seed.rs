//! The objects a fresh account starts with: what `import` finds besides Upgraded
//! Smart+ campaigns, and what `/smart_plus/*` must refuse to touch.

use serde_json::{Map, Value, json};

use super::clock;
use super::config::Config;
use super::state::{Automation, Record, State};

/// Name of the seeded legacy Smart+ campaign.
const LEGACY_NAME: &str = "Legacy Smart+ - Evergreen";
/// Name of the seeded manual campaign.
const MANUAL_NAME: &str = "Manual - Brand awareness";
/// How long ago the seeded objects were created.
const AGE_SECONDS: i64 = 30 * 86_400;

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

pub(super) fn seed_account(st: &mut State, config: &Config) {
    let ratio = crate::facts::currency(&config.currency).map_or(1, |(r, _)| r);
    let created = clock::format(st.clock.now() - AGE_SECONDS);
    let adv = config.advertiser_id.clone();

    let legacy_id = st.new_id();
    let legacy = json!({
        "advertiser_id": adv,
        "campaign_id": legacy_id,
        "campaign_name": LEGACY_NAME,
        "objective_type": "WEB_CONVERSIONS",
        "sales_destination": "WEBSITE",
        "campaign_type": "REGULAR_CAMPAIGN",
        "budget_mode": "BUDGET_MODE_DAY",
        "budget": 100 * ratio,
        "budget_optimize_on": false,
        "operation_status": "ENABLE",
        "create_time": created,
        "modify_time": created,
    });
    insert(st, Automation::SmartPlus, None, legacy, true);
    let legacy_group_id = st.new_id();
    let legacy_group = json!({
        "advertiser_id": adv,
        "campaign_id": legacy_id,
        "adgroup_id": legacy_group_id,
        "adgroup_name": "Legacy Smart+ - Evergreen - ad group",
        "promotion_type": "WEBSITE",
        "optimization_goal": "CONVERT",
        "optimization_event": "COMPLETE_PAYMENT",
        "pixel_id": "7100000000000000001",
        "billing_event": "OCPM",
        "bid_type": "BID_TYPE_NO_BID",
        "budget_mode": "BUDGET_MODE_INFINITE",
        "schedule_type": "SCHEDULE_FROM_NOW",
        "schedule_start_time": created,
        "placement_type": "PLACEMENT_TYPE_AUTOMATIC",
        "placements": ["PLACEMENT_TIKTOK", "PLACEMENT_PANGLE", "PLACEMENT_GLOBAL_APP_BUNDLE"],
        "location_ids": ["6252001"],
        "age_groups": ["AGE_25_34", "AGE_35_44"],
        "languages": ["en"],
        "click_attribution_window": "SEVEN_DAYS",
        "view_attribution_window": "ONE_DAY",
        "operation_status": "ENABLE",
        "create_time": created,
        "modify_time": created,
    });
    insert(
        st,
        Automation::SmartPlus,
        Some(legacy_id.clone()),
        legacy_group,
        false,
    );

    let manual_id = st.new_id();
    let manual = json!({
        "advertiser_id": adv,
        "campaign_id": manual_id,
        "campaign_name": MANUAL_NAME,
        "objective_type": "REACH",
        "campaign_type": "REGULAR_CAMPAIGN",
        "budget_mode": "BUDGET_MODE_DAY",
        "budget": 50 * ratio,
        "budget_optimize_on": false,
        "operation_status": "DISABLE",
        "create_time": created,
        "modify_time": created,
    });
    insert(st, Automation::Manual, None, manual, true);
    let manual_group_id = st.new_id();
    let manual_group = json!({
        "advertiser_id": adv,
        "campaign_id": manual_id,
        "adgroup_id": manual_group_id,
        "adgroup_name": "Manual - Brand awareness - ad group",
        "promotion_type": "WEBSITE",
        "optimization_goal": "REACH",
        "billing_event": "CPM",
        "bid_type": "BID_TYPE_NO_BID",
        "budget_mode": "BUDGET_MODE_DAY",
        "budget": 50 * ratio,
        "schedule_type": "SCHEDULE_FROM_NOW",
        "schedule_start_time": created,
        "placement_type": "PLACEMENT_TYPE_NORMAL",
        "placements": ["PLACEMENT_TIKTOK"],
        "location_ids": ["6252001"],
        "operation_status": "DISABLE",
        "create_time": created,
        "modify_time": created,
    });
    insert(
        st,
        Automation::Manual,
        Some(manual_id.clone()),
        manual_group,
        false,
    );
}

fn insert(st: &mut State, a: Automation, parent: Option<String>, v: Value, is_campaign: bool) {
    let data = object(v);
    let key = if is_campaign {
        "campaign_id"
    } else {
        "adgroup_id"
    };
    let id = data
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let seq = st.next_seq();
    let rec = Record {
        seq,
        automation: a,
        deleted: false,
        parent,
        status_override: None,
        data,
    };
    if is_campaign {
        st.campaigns.insert(id, rec);
    } else {
        st.adgroups.insert(id, rec);
    }
}
