//! What the platform fills in and rewrites when it saves an ad group.

use serde_json::{Value, json};

use super::validate::{PERIODLESS_SCENES, PLACEMENTS};
use crate::emulator::budget;
use crate::emulator::check::{self, Obj};

/// Goals measured with attribution windows (and so given server defaults).
const ATTRIBUTED_GOALS: &[&str] = &["CONVERT", "VALUE", "INSTALL", "IN_APP_EVENT"];

fn all_ones_dayparting() -> String {
    "1".repeat(336)
}

/// Server defaults and silent drops, as the platform applies them on save.
pub(super) fn fill(obj: &mut Obj, camp: &Obj) {
    if budget::is_cbo(camp) {
        // Ignored under CBO: the campaign owns the budget.
        for k in ["budget", "budget_mode", "budget_auto_adjust_strategy"] {
            obj.remove(k);
        }
    }
    let goal = obj
        .get("optimization_goal")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if ATTRIBUTED_GOALS.contains(&goal.as_str()) {
        for (k, d) in [
            ("click_attribution_window", "SEVEN_DAYS"),
            ("view_attribution_window", "ONE_DAY"),
            ("attribution_event_count", "EVERY"),
        ] {
            if !check::has(obj, k) {
                obj.insert(k.into(), json!(d));
            }
        }
    }
    if obj.get("promotion_type").and_then(Value::as_str) == Some("LEAD_GENERATION")
        && !check::has(obj, "promotion_target_type")
    {
        // Live: without it a lead generation ad group collects leads in an instant
        // form, and an ad that sends people to a website is refused ("Page_id not
        // valid").
        obj.insert("promotion_target_type".into(), json!("INSTANT_PAGE"));
    }
    if goal == "TRAFFIC_LANDING_PAGE_VIEW" && !check::has(obj, "optimization_event") {
        obj.insert("optimization_event".into(), json!("LANDING_PAGE_VIEW"));
    }
    if obj.get("bid_type").and_then(Value::as_str) == Some("BID_TYPE_NO_BID") {
        // Maximum delivery has no bid to keep.
        obj.remove("bid_price");
        obj.remove("conversion_bid_price");
    }
    for (k, d) in [
        ("operation_status", json!("ENABLE")),
        ("pacing", json!("PACING_MODE_SMOOTH")),
        ("placement_type", json!("PLACEMENT_TYPE_AUTOMATIC")),
        ("dayparting", json!(all_ones_dayparting())),
        ("targeting_optimization_mode", json!("AUTOMATIC")),
        ("suggestion_audience_enabled", json!(false)),
        ("comment_disabled", json!(false)),
        ("share_disabled", json!(false)),
        ("video_download_disabled", json!(false)),
    ] {
        if !check::has(obj, k) {
            obj.insert(k.into(), d);
        }
    }
    normalise(obj);
}

/// What the platform rewrites on every save: automatic placements and
/// targeting that does not fit the targeting mode.
pub(super) fn normalise(obj: &mut Obj) {
    if obj.get("placement_type").and_then(Value::as_str) == Some("PLACEMENT_TYPE_AUTOMATIC") {
        obj.insert("placements".into(), json!(PLACEMENTS));
    }
    let automatic = obj
        .get("targeting_optimization_mode")
        .and_then(Value::as_str)
        != Some("MANUAL");
    let suggestions = matches!(
        obj.get("suggestion_audience_enabled"),
        Some(Value::Bool(true))
    );
    if !automatic {
        // The flag only means something in AUTOMATIC mode.
        obj.insert("suggestion_audience_enabled".into(), json!(false));
    }
    if let Some(Value::Object(t)) = obj.get_mut("targeting_spec")
        && automatic
    {
        if !suggestions {
            for k in crate::facts::SUGGESTION_TARGETING_KEYS {
                t.remove(*k);
            }
        }
        if !check::has(t, "spc_audience_age") {
            t.insert("spc_audience_age".into(), json!("OVER_EIGHTEEN"));
        }
    }
    // Creator and hashtag behaviours have no period: TikTok stores 0 whatever is sent.
    if let Some(Value::Array(actions)) = obj
        .get_mut("targeting_spec")
        .and_then(|t| t.get_mut("actions"))
    {
        for a in actions.iter_mut().filter_map(Value::as_object_mut) {
            let periodless = a
                .get("action_scene")
                .and_then(Value::as_str)
                .is_some_and(|s| PERIODLESS_SCENES.contains(&s));
            if periodless {
                a.insert("action_period".into(), json!(0));
            }
        }
    }
}
