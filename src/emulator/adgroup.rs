//! `/smart_plus/adgroup/*`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::app::App;
use super::budget;
use super::check::{self, Obj};
use super::list::{self, Field, Filter, ListSpec, View};
use super::records;
use super::request::Req;
use super::state::{Automation, Kind, Record, State};
use super::wire::{ApiError, ApiResult, code};

const PROMOTION_TYPES: &[&str] = &[
    "WEBSITE",
    "APP_ANDROID",
    "APP_IOS",
    "MINI_GAME",
    "MINI_APP",
    "MINI_SERIES",
    "LEAD_GENERATION",
    "LEAD_GEN_CLICK_TO_TT_DIRECT_MESSAGE",
    "LEAD_GEN_CLICK_TO_SOCIAL_MEDIA_APP_MESSAGE",
    "LEAD_GEN_CLICK_TO_CALL",
];
const GOALS: &[&str] = &[
    "CLICK",
    "CONVERT",
    "TRAFFIC_LANDING_PAGE_VIEW",
    "VALUE",
    "INSTALL",
    "IN_APP_EVENT",
    "CONVERSATION",
    "LEAD_GENERATION",
];
const WEB_GOALS: &[&str] = &["CLICK", "CONVERT", "TRAFFIC_LANDING_PAGE_VIEW", "VALUE"];
/// Goals measured with attribution windows (and so given server defaults).
const ATTRIBUTED_GOALS: &[&str] = &["CONVERT", "VALUE", "INSTALL", "IN_APP_EVENT"];
/// Goals that take no pixel.
const NO_PIXEL_GOALS: &[&str] = &[
    "CLICK",
    "TRAFFIC_LANDING_PAGE_VIEW",
    "INSTALL",
    "IN_APP_EVENT",
];
const BID_TYPES: &[&str] = &["BID_TYPE_NO_BID", "BID_TYPE_CUSTOM"];
const BILLING_EVENTS: &[&str] = &["CPC", "OCPM"];
const SCHEDULE_TYPES: &[&str] = &["SCHEDULE_FROM_NOW", "SCHEDULE_START_END"];
const DEEP_BID_TYPES: &[&str] = &["DEFAULT", "AEO", "VO_MIN_ROAS", "VO_HIGHEST_VALUE"];
const VBO_WINDOWS: &[&str] = &["SEVEN_DAYS", "ZERO_DAY"];
const CLICK_WINDOWS: &[&str] = &[
    "OFF",
    "ONE_DAY",
    "SEVEN_DAYS",
    "FOURTEEN_DAYS",
    "TWENTY_EIGHT_DAYS",
];
const VIEW_WINDOWS: &[&str] = &["OFF", "ONE_DAY", "SEVEN_DAYS"];
const EVENT_COUNTS: &[&str] = &["UNSET", "EVERY", "ONCE"];
const BUDGET_MODES: &[&str] = &["BUDGET_MODE_TOTAL", "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"];
const PLACEMENT_TYPES: &[&str] = &["PLACEMENT_TYPE_AUTOMATIC", "PLACEMENT_TYPE_NORMAL"];
pub const PLACEMENTS: &[&str] = &[
    "PLACEMENT_TIKTOK",
    "PLACEMENT_PANGLE",
    "PLACEMENT_GLOBAL_APP_BUNDLE",
];
const PACING: &[&str] = &["PACING_MODE_SMOOTH", "PACING_MODE_FAST"];
const TARGETING_MODES: &[&str] = &["AUTOMATIC", "MANUAL"];
const AGE_GROUPS: &[&str] = &[
    "AGE_13_17",
    "AGE_18_24",
    "AGE_25_34",
    "AGE_35_44",
    "AGE_45_54",
    "AGE_55_100",
];
const GENDERS: &[&str] = &["GENDER_FEMALE", "GENDER_MALE", "GENDER_UNLIMITED"];
const SPC_AGES: &[&str] = &["OVER_EIGHTEEN", "OVER_TWENTY_FIVE"];
const OPERATING_SYSTEMS: &[&str] = &["ANDROID", "IOS"];
const SPENDING_POWER: &[&str] = &["ALL", "HIGH"];
const ACTION_SCENES: &[&str] = &["VIDEO_RELATED", "CREATOR_RELATED", "HASHTAG_RELATED"];
/// Targeting that AUTOMATIC mode honours only with `suggestion_audience_enabled`.
const SUGGESTION_KEYS: &[&str] = &[
    "age_groups",
    "gender",
    "audience_ids",
    "interest_category_ids",
    "interest_keyword_ids",
    "purchase_intention_keyword_ids",
    "actions",
];
/// The United States: once targeted, it cannot be removed.
const US_LOCATION: &str = "6252001";

const IMMUTABLE: &[&str] = &[
    "campaign_id",
    "promotion_type",
    "optimization_goal",
    "optimization_event",
    "pixel_id",
    "billing_event",
    "bid_type",
    "budget_mode",
    "placement_type",
    "placements",
    "click_attribution_window",
    "view_attribution_window",
    "engaged_view_attribution_window",
    "attribution_event_count",
    "vbo_window",
];
const UPDATABLE: &[&str] = &[
    "adgroup_name",
    "bid_price",
    "conversion_bid_price",
    "roas_bid",
    "budget",
    "min_budget",
    "schedule_type",
    "schedule_start_time",
    "schedule_end_time",
    "dayparting",
    "comment_disabled",
    "share_disabled",
    "video_download_disabled",
    "targeting_optimization_mode",
    "suggestion_audience_enabled",
    "targeting_spec",
    "pacing",
    "is_hfss",
    "is_lhf_compliance",
    "budget_auto_adjust_strategy",
    "deep_bid_type",
];
const SERVER_OWNED: &[&str] = &[
    "adgroup_id",
    "create_time",
    "modify_time",
    "secondary_status",
    "request_id",
    "campaign_automation_type",
];
/// Bid fields copied to every ad group of the campaign when one changes.
const CASCADING_BIDS: &[&str] = &["bid_price", "conversion_bid_price", "roas_bid"];
/// Fields every ad group of a CBO campaign must share.
const SHARED_CBO: &[&str] = &[
    "promotion_type",
    "promotion_target_type",
    "optimization_goal",
    "optimization_event",
    "billing_event",
    "bid_type",
    "bid_price",
    "conversion_bid_price",
    "deep_bid_type",
    "vbo_window",
    "roas_bid",
];
/// Fields ad groups must share even without CBO.
const SHARED_NO_CBO: &[&str] = &["bid_type", "deep_bid_type", "vbo_window", "budget_mode"];

/// `/smart_plus/adgroup/get/`.
const LIST: ListSpec = ListSpec {
    kind: Kind::AdGroup,
    page_size_cap: crate::facts::PAGE_SIZE_ADGROUP,
    upgraded_only: true,
    accepted: &[
        "campaign_ids",
        "adgroup_ids",
        "adgroup_name",
        "primary_status",
        "secondary_status",
        "objective_type",
        "sales_destination",
        "promotion_type",
        "optimization_goal",
    ],
    filters: &[
        Filter::ids("campaign_ids", Field::CampaignId),
        Filter::ids("adgroup_ids", Field::Id),
        Filter::primary_status(),
        Filter::name("adgroup_name"),
        Filter::one_of("secondary_status", Field::SecondaryStatus),
        Filter::one_of("objective_type", Field::Campaign("objective_type")),
        Filter::one_of("sales_destination", Field::Campaign("sales_destination")),
        Filter::one_of("promotion_type", Field::Own("promotion_type")),
        Filter::one_of("optimization_goal", Field::Own("optimization_goal")),
    ],
    view: View::SmartPlus,
};

fn all_ones_dayparting() -> String {
    "1".repeat(336)
}

pub fn create(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let rid = records::request_id(b)?.to_owned();
    let campaign_id = check::req_id(b, "campaign_id")?.to_owned();
    let currency = app.config.currency.clone();
    app.write(|st| {
        if let Some(id) = st.adgroup_requests.get(&rid).cloned() {
            return Ok(Value::Object(st.render(Kind::AdGroup, &id).unwrap_or_default()));
        }
        let camp = records::writable(st, Kind::Campaign, &campaign_id)?.data.clone();
        let max = crate::facts::MAX_AD_GROUPS_PER_CAMPAIGN;
        if st.live_adgroups_of(&campaign_id).len() >= max {
            return Err(ApiError::new(
                code::LIMIT_REACHED,
                format!("Campaign {campaign_id} already has {max} ad groups, the most a Smart+ campaign can have."),
            ));
        }
        let mut obj = b.clone();
        for k in SERVER_OWNED {
            obj.remove(*k);
        }
        validate_targeting_input(&obj)?;
        attribution_pair(&obj)?;
        fill_defaults(&mut obj, &camp);
        validate(&obj, &camp, &currency)?;
        check_shared(st, &campaign_id, &camp, &obj, None)?;
        let id = st.new_id();
        let now = st.clock.now_string();
        obj.insert("adgroup_id".into(), json!(id));
        obj.insert("create_time".into(), json!(now));
        obj.insert("modify_time".into(), json!(now));
        let seq = st.next_seq();
        st.adgroups.insert(
            id.clone(),
            Record {
                seq,
                automation: Automation::UpgradedSmartPlus,
                deleted: false,
                parent: Some(campaign_id.clone()),
                status_override: None,
                data: obj,
            },
        );
        st.adgroup_requests.insert(rid.clone(), id.clone());
        Ok(Value::Object(st.render(Kind::AdGroup, &id).unwrap_or_default()))
    })
}

/// Server defaults and silent drops, as the platform applies them on save.
fn fill_defaults(obj: &mut Obj, camp: &Obj) {
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
fn normalise(obj: &mut Obj) {
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
            for k in SUGGESTION_KEYS {
                t.remove(*k);
            }
        }
        if !check::has(t, "spc_audience_age") {
            t.insert("spc_audience_age".into(), json!("OVER_EIGHTEEN"));
        }
    }
}

/// Shape checks on targeting before anything is dropped, so a malformed value is
/// reported even when the mode would ignore it.
fn validate_targeting_input(obj: &Obj) -> ApiResult<()> {
    check::opt_enum(obj, "targeting_optimization_mode", TARGETING_MODES)?;
    check::opt_bool(obj, "suggestion_audience_enabled")?;
    let Some(t) = check::opt_object(obj, "targeting_spec")? else {
        return Ok(());
    };
    let field = |k: &str| format!("targeting_spec.{k}");
    let wrap = |k: &str, e: ApiError| ApiError {
        message: e.message.replacen(k, &field(k), 1),
        ..e
    };
    check::opt_enum_list(t, "age_groups", AGE_GROUPS).map_err(|e| wrap("age_groups", e))?;
    check::opt_enum(t, "gender", GENDERS).map_err(|e| wrap("gender", e))?;
    check::opt_enum(t, "spc_audience_age", SPC_AGES).map_err(|e| wrap("spc_audience_age", e))?;
    check::opt_enum(t, "spending_power", SPENDING_POWER).map_err(|e| wrap("spending_power", e))?;
    if let Some(os) = check::opt_enum_list(t, "operating_systems", OPERATING_SYSTEMS)
        .map_err(|e| wrap("operating_systems", e))?
        && os.len() > 1
    {
        return Err(ApiError::param(
            &field("operating_systems"),
            "At most one operating system may be targeted.",
        ));
    }
    for k in [
        "location_ids",
        "zipcode_ids",
        "languages",
        "audience_ids",
        "excluded_audience_ids",
        "interest_category_ids",
        "interest_keyword_ids",
        "purchase_intention_keyword_ids",
    ] {
        check::opt_str_list(t, k).map_err(|e| wrap(k, e))?;
    }
    if let Some(actions) = check::opt_array(t, "actions").map_err(|e| wrap("actions", e))? {
        for a in actions {
            let Value::Object(a) = a else {
                return Err(ApiError::param(
                    &field("actions"),
                    "Every action must be an object.",
                ));
            };
            check::req_enum(a, "action_scene", ACTION_SCENES)
                .map_err(|e| wrap("action_scene", e))?;
            match a.get("action_period").and_then(Value::as_i64) {
                Some(0 | 7 | 15) => {}
                _ => {
                    return Err(ApiError::param(
                        &field("actions.action_period"),
                        "Must be 0, 7 or 15.",
                    ));
                }
            }
        }
    }
    if let Some(z) = check::opt_str_list(t, "zipcode_ids")?
        && z.len() > 3000
    {
        return Err(ApiError::param(
            &field("zipcode_ids"),
            "At most 3000 zip codes.",
        ));
    }
    Ok(())
}

/// Click and view windows are set together (checked before defaults fill them in).
fn attribution_pair(obj: &Obj) -> ApiResult<()> {
    let click = check::has(obj, "click_attribution_window");
    let view = check::has(obj, "view_attribution_window");
    if click == view {
        return Ok(());
    }
    let missing = if click {
        "view_attribution_window"
    } else {
        "click_attribution_window"
    };
    Err(ApiError::param(
        missing,
        "click_attribution_window and view_attribution_window must be set together.",
    ))
}

/// Rules for a whole ad group (new, or merged with an update).
fn validate(obj: &Obj, camp: &Obj, currency: &str) -> ApiResult<()> {
    check::name("adgroup_name", check::req_str(obj, "adgroup_name")?)?;
    let objective = camp
        .get("objective_type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let promotion = check::req_str(obj, "promotion_type")?;
    if !PROMOTION_TYPES.contains(&promotion)
        && promotion != crate::facts::wire_uncertain::LEAD_GEN_PROMOTION_TYPE
    {
        check::check_enum("promotion_type", promotion, PROMOTION_TYPES)?;
    }
    if objective == "WEB_CONVERSIONS"
        && camp.get("sales_destination").and_then(Value::as_str) == Some("WEBSITE")
        && promotion != "WEBSITE"
    {
        return Err(ApiError::param(
            "promotion_type",
            "Must be WEBSITE for a WEB_CONVERSIONS campaign selling on a website.",
        ));
    }
    let goal = check::req_enum(obj, "optimization_goal", GOALS)?;
    if promotion == "WEBSITE" && !WEB_GOALS.contains(&goal) {
        return Err(ApiError::param(
            "optimization_goal",
            format!(
                "`{goal}` is not available for WEBSITE promotion; use CLICK, CONVERT, TRAFFIC_LANDING_PAGE_VIEW or VALUE."
            ),
        ));
    }
    let bid_type = check::req_enum(obj, "bid_type", BID_TYPES)?;
    let billing = check::req_enum(obj, "billing_event", BILLING_EVENTS)?;
    let want_billing = if goal == "CLICK" { "CPC" } else { "OCPM" };
    if billing != want_billing {
        return Err(ApiError::param(
            "billing_event",
            format!("Must be {want_billing} when optimization_goal is {goal}."),
        ));
    }

    // Events.
    let pixel = check::opt_str(obj, "pixel_id")?;
    if let Some(p) = pixel
        && !check::is_id(p)
    {
        return Err(ApiError::param(
            "pixel_id",
            "Must be an id: a string of digits.",
        ));
    }
    let event = check::opt_str(obj, "optimization_event")?;
    let needs_pixel = matches!(goal, "CONVERT" | "VALUE")
        && matches!(objective, "WEB_CONVERSIONS" | "LEAD_GENERATION")
        && promotion == "WEBSITE";
    if needs_pixel && pixel.is_none() {
        return Err(ApiError::param(
            "pixel_id",
            format!("Required when optimization_goal is {goal}."),
        ));
    }
    if pixel.is_some() && NO_PIXEL_GOALS.contains(&goal) {
        return Err(ApiError::param(
            "pixel_id",
            format!("Not supported when optimization_goal is {goal}."),
        ));
    }
    if pixel.is_some() && event.is_none() {
        return Err(ApiError::param(
            "optimization_event",
            "Required when pixel_id is set.",
        ));
    }

    // Bids.
    let deep = check::opt_enum(obj, "deep_bid_type", DEEP_BID_TYPES)?;
    check::opt_enum(obj, "vbo_window", VBO_WINDOWS)?;
    let bid_price = check::opt_num(obj, "bid_price")?;
    let conv_bid = check::opt_num(obj, "conversion_bid_price")?;
    let roas = check::opt_num(obj, "roas_bid")?;
    for (k, v) in [("bid_price", bid_price), ("conversion_bid_price", conv_bid)] {
        if v.is_some_and(|v| v <= Decimal::ZERO) {
            return Err(ApiError::param(k, "Must be greater than 0."));
        }
    }
    if bid_type == "BID_TYPE_CUSTOM" {
        match goal {
            "CLICK" if bid_price.is_none() => {
                return Err(ApiError::param(
                    "bid_price",
                    "Required for BID_TYPE_CUSTOM with optimization_goal CLICK.",
                ));
            }
            "CONVERT" | "TRAFFIC_LANDING_PAGE_VIEW" | "INSTALL" | "IN_APP_EVENT"
                if conv_bid.is_none() =>
            {
                return Err(ApiError::param(
                    "conversion_bid_price",
                    format!("Required for BID_TYPE_CUSTOM with optimization_goal {goal}."),
                ));
            }
            _ => {}
        }
    }
    if goal == "VALUE" {
        if deep.is_none() {
            return Err(ApiError::param(
                "deep_bid_type",
                "Required when optimization_goal is VALUE.",
            ));
        }
        if bid_type != "BID_TYPE_NO_BID" {
            return Err(ApiError::param(
                "bid_type",
                "Must be BID_TYPE_NO_BID when optimization_goal is VALUE.",
            ));
        }
    }
    if deep == Some("VO_MIN_ROAS") && roas.is_none() {
        return Err(ApiError::param(
            "roas_bid",
            "Required when deep_bid_type is VO_MIN_ROAS.",
        ));
    }
    if let Some(r) = roas {
        let (lo, hi) = (
            crate::facts::MIN_ROAS
                .parse::<Decimal>()
                .unwrap_or(Decimal::ZERO),
            crate::facts::MAX_ROAS
                .parse::<Decimal>()
                .unwrap_or(Decimal::MAX),
        );
        if r < lo || r > hi {
            return Err(ApiError::param(
                "roas_bid",
                format!("Must be between {lo} and {hi}; got {r}."),
            ));
        }
    }

    // Attribution: immutable, click and view set together.
    check::opt_enum(obj, "click_attribution_window", CLICK_WINDOWS)?;
    check::opt_enum(obj, "view_attribution_window", VIEW_WINDOWS)?;
    check::opt_enum(obj, "engaged_view_attribution_window", CLICK_WINDOWS)?;
    check::opt_enum(obj, "attribution_event_count", EVENT_COUNTS)?;
    attribution_pair(obj)?;

    // Schedule.
    let schedule = check::req_enum(obj, "schedule_type", SCHEDULE_TYPES)?;
    let start = check::time(
        "schedule_start_time",
        check::req_str(obj, "schedule_start_time")?,
    )?;
    let latest_start = super::clock::parse(crate::facts::LATEST_START).unwrap_or(i64::MAX);
    let latest_end = super::clock::parse(crate::facts::LATEST_END).unwrap_or(i64::MAX);
    if start > latest_start {
        return Err(ApiError::param(
            "schedule_start_time",
            format!("Must be no later than {}.", crate::facts::LATEST_START),
        ));
    }
    let end = match check::opt_str(obj, "schedule_end_time")? {
        Some(s) => Some(check::time("schedule_end_time", s)?),
        None => None,
    };
    if schedule == "SCHEDULE_START_END" && end.is_none() {
        return Err(ApiError::param(
            "schedule_end_time",
            "Required when schedule_type is SCHEDULE_START_END.",
        ));
    }
    if let Some(e) = end {
        if schedule == "SCHEDULE_START_END" && e <= start {
            return Err(ApiError::param(
                "schedule_end_time",
                "Must be after schedule_start_time.",
            ));
        }
        if e > latest_end {
            return Err(ApiError::param(
                "schedule_end_time",
                format!("Must be no later than {}.", crate::facts::LATEST_END),
            ));
        }
    }
    if let Some(d) = check::opt_str(obj, "dayparting")? {
        if d.len() != 336 || !d.bytes().all(|c| c == b'0' || c == b'1') {
            return Err(ApiError::param(
                "dayparting",
                "Must be 336 characters of 0 and 1 (48 half-hours × 7 days, Monday first).",
            ));
        }
        if !d.contains('1') {
            return Err(ApiError::param(
                "dayparting",
                "At least one half-hour must be selected.",
            ));
        }
    }

    // Budget.
    let cbo = budget::is_cbo(camp);
    let camp_mode = camp
        .get("budget_mode")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let own_mode = if cbo {
        None
    } else {
        Some(check::req_enum(obj, "budget_mode", BUDGET_MODES)?)
    };
    if let Some(mode) = own_mode {
        if camp_mode == "BUDGET_MODE_DAY" && mode != "BUDGET_MODE_DYNAMIC_DAILY_BUDGET" {
            return Err(ApiError::param(
                "budget_mode",
                "Must be BUDGET_MODE_DYNAMIC_DAILY_BUDGET when the campaign uses BUDGET_MODE_DAY.",
            ));
        }
        let budget = check::opt_num(obj, "budget")?.ok_or_else(|| {
            ApiError::param(
                "budget",
                "Required when the campaign does not use budget optimization (CBO).",
            )
        })?;
        let days = match (mode, end) {
            ("BUDGET_MODE_TOTAL", Some(e)) => {
                (e - start).max(1).div_euclid(86_400)
                    + i64::from((e - start).rem_euclid(86_400) != 0)
            }
            _ => 1,
        };
        budget::bounds(
            "budget",
            budget,
            currency,
            crate::facts::AD_GROUP_BUDGET_FLOOR,
            days,
        )?;
    }
    let dynamic = camp_mode == "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"
        || own_mode == Some("BUDGET_MODE_DYNAMIC_DAILY_BUDGET");
    let total = (cbo && camp_mode == "BUDGET_MODE_TOTAL") || own_mode == Some("BUDGET_MODE_TOTAL");
    if total && schedule != "SCHEDULE_START_END" {
        return Err(ApiError::param(
            "schedule_type",
            "A lifetime budget (BUDGET_MODE_TOTAL) needs SCHEDULE_START_END.",
        ));
    }
    if schedule == "SCHEDULE_FROM_NOW" && !dynamic {
        return Err(ApiError::param(
            "schedule_type",
            "SCHEDULE_FROM_NOW needs BUDGET_MODE_DYNAMIC_DAILY_BUDGET on the campaign or the ad group.",
        ));
    }
    if (bid_type == "BID_TYPE_CUSTOM" || deep == Some("VO_MIN_ROAS")) && !dynamic {
        let field = if bid_type == "BID_TYPE_CUSTOM" {
            "bid_type"
        } else {
            "deep_bid_type"
        };
        return Err(ApiError::param(
            field,
            "Cost cap and minimum ROAS need BUDGET_MODE_DYNAMIC_DAILY_BUDGET on the campaign or the ad group.",
        ));
    }
    if let Some(mb) = check::opt_num(obj, "min_budget")? {
        if !(cbo
            && camp_mode == "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"
            && bid_type == "BID_TYPE_NO_BID")
        {
            return Err(ApiError::param(
                "min_budget",
                "Only allowed with campaign budget optimization, a dynamic daily budget and BID_TYPE_NO_BID.",
            ));
        }
        if mb <= Decimal::ZERO {
            return Err(ApiError::param("min_budget", "Must be greater than 0."));
        }
    }

    // Placement.
    let ptype = check::req_enum(obj, "placement_type", PLACEMENT_TYPES)?;
    let placements = check::opt_enum_list(obj, "placements", PLACEMENTS)?;
    if ptype == "PLACEMENT_TYPE_NORMAL" && placements.as_ref().is_none_or(Vec::is_empty) {
        return Err(ApiError::param(
            "placements",
            "Required when placement_type is PLACEMENT_TYPE_NORMAL.",
        ));
    }
    check::opt_enum(obj, "pacing", PACING)?;
    for k in [
        "comment_disabled",
        "share_disabled",
        "video_download_disabled",
        "is_hfss",
        "is_lhf_compliance",
    ] {
        check::opt_bool(obj, k)?;
    }
    check::opt_enum(obj, "operation_status", &["ENABLE", "DISABLE"])?;

    // Targeting.
    let t = check::opt_object(obj, "targeting_spec")?
        .ok_or_else(|| ApiError::missing("targeting_spec"))?;
    let locations = check::opt_str_list(t, "location_ids")?.unwrap_or_default();
    if locations.is_empty() {
        return Err(ApiError::missing("targeting_spec.location_ids"));
    }
    validate_targeting_input(obj)?;
    Ok(())
}

/// Fields that must match across the live ad groups of one campaign.
fn check_shared(
    st: &State,
    campaign_id: &str,
    camp: &Obj,
    obj: &Obj,
    this_id: Option<&str>,
) -> ApiResult<()> {
    let shared = if budget::is_cbo(camp) {
        SHARED_CBO
    } else {
        SHARED_NO_CBO
    };
    for other in st.live_adgroups_of(campaign_id) {
        if this_id.is_some() && other.str("adgroup_id") == this_id {
            continue;
        }
        for k in shared {
            if !check::same(obj.get(*k), other.data.get(*k)) {
                let why = if budget::is_cbo(camp) {
                    "with campaign budget optimization every ad group of the campaign"
                } else {
                    "every ad group of the campaign"
                };
                return Err(ApiError::param(
                    k,
                    format!(
                        "Must be the same in {why}; ad group {} has {}.",
                        other.str("adgroup_id").unwrap_or_default(),
                        other.data.get(*k).map_or("none".into(), Value::to_string)
                    ),
                ));
            }
        }
    }
    Ok(())
}

pub fn update(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let id = check::req_id(b, "adgroup_id")?.to_owned();
    let currency = app.config.currency.clone();
    app.write(|st| {
        let rec = records::writable(st, Kind::AdGroup, &id)?;
        let current = rec.data.clone();
        let campaign_id = rec.parent.clone().unwrap_or_default();
        let camp = st
            .campaigns
            .get(&campaign_id)
            .map(|c| c.data.clone())
            .unwrap_or_default();
        let cbo = budget::is_cbo(&camp);
        validate_targeting_input(b)?;
        let mut merged = current.clone();
        for (k, v) in b {
            let k = k.as_str();
            if cbo && matches!(k, "budget" | "budget_mode" | "budget_auto_adjust_strategy") {
                continue; // ignored under CBO, as on create
            }
            if IMMUTABLE.contains(&k) {
                if !check::same(current.get(k), Some(v)) {
                    return Err(ApiError::param(
                        k,
                        "This field cannot be changed after creation; create a new ad group instead.",
                    ));
                }
                continue;
            }
            if UPDATABLE.contains(&k) {
                merged.insert(k.to_owned(), v.clone());
            }
        }
        if merged.get("bid_type").and_then(Value::as_str) == Some("BID_TYPE_NO_BID") {
            merged.remove("bid_price");
            merged.remove("conversion_bid_price");
        }
        normalise(&mut merged);
        let had_us = location_ids(&current).iter().any(|l| l == US_LOCATION);
        if had_us && !location_ids(&merged).iter().any(|l| l == US_LOCATION) {
            return Err(ApiError::param(
                "targeting_spec.location_ids",
                "The United States (6252001) cannot be removed once targeted.",
            ));
        }
        validate(&merged, &camp, &currency)?;
        if !cbo && !check::same(current.get("budget"), merged.get("budget"))
            && let Some(budget) = check::opt_num(&merged, "budget")? {
                budget::covers_spend(st, "budget", &id, budget, &currency)?;
            }
        let now = st.clock.now_string();
        // A bid change on one ad group applies to every ad group of the campaign.
        let changed_bids: Vec<(&str, Value)> = CASCADING_BIDS
            .iter()
            .filter(|k| b.contains_key(**k) && !check::same(current.get(**k), merged.get(**k)))
            .filter_map(|k| merged.get(*k).map(|v| (*k, v.clone())))
            .collect();
        if !changed_bids.is_empty() {
            let siblings: Vec<String> = st
                .live_adgroups_of(&campaign_id)
                .iter()
                .filter_map(|r| r.str("adgroup_id").map(str::to_owned))
                .filter(|s| *s != id)
                .collect();
            for sid in siblings {
                if let Some(sib) = st.adgroups.get_mut(&sid) {
                    for (k, v) in &changed_bids {
                        sib.data.insert((*k).to_owned(), v.clone());
                    }
                    sib.data.insert("modify_time".into(), json!(now));
                }
            }
        }
        check_shared(st, &campaign_id, &camp, &merged, Some(&id))?;
        merged.insert("modify_time".into(), json!(now));
        if let Some(rec) = st.adgroups.get_mut(&id) {
            rec.data = merged;
        }
        Ok(Value::Object(st.render(Kind::AdGroup, &id).unwrap_or_default()))
    })
}

fn location_ids(obj: &Obj) -> Vec<String> {
    obj.get("targeting_spec")
        .and_then(|t| t.get("location_ids"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

pub fn status(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let ids = check::req_id_list(b, "adgroup_ids", crate::facts::MAX_BATCH_IDS)?;
    let op = check::req_enum(b, "operation_status", &["ENABLE", "DISABLE", "DELETE"])?;
    app.write(|st| {
        let mut done = Vec::new();
        let mut errors = Vec::new();
        let now = st.clock.now_string();
        for id in &ids {
            match records::writable(st, Kind::AdGroup, id) {
                Err(e) => errors.push(json!({"adgroup_id": id, "error_message": e.message})),
                Ok(_) => {
                    if let Some(rec) = st.adgroups.get_mut(id) {
                        records::set_status(rec, op, &now);
                    }
                    done.push(json!({"adgroup_id": id, "status": op}));
                }
            }
        }
        Ok(json!({"adgroup_list": done, "error_list": errors}))
    })
}

pub fn budget_update(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let now_list = check::opt_array(b, "budget")?;
    let later_list = check::opt_array(b, "scheduled_budget")?;
    if now_list.is_none() && later_list.is_none() {
        return Err(ApiError::missing("budget"));
    }
    let currency = app.config.currency.clone();
    app.write(|st| {
        for (field, list) in [("budget", now_list), ("scheduled_budget", later_list)] {
            let Some(list) = list else { continue };
            if list.is_empty() || list.len() > crate::facts::MAX_BATCH_IDS {
                return Err(ApiError::param(
                    field,
                    format!("Must hold 1 to {} items.", crate::facts::MAX_BATCH_IDS),
                ));
            }
            for item in list {
                let Value::Object(item) = item else {
                    return Err(ApiError::param(field, "Every item must be an object."));
                };
                let id = check::req_id(item, "adgroup_id")?.to_owned();
                let amount = check::req_num(item, "budget")?;
                let rec = records::writable(st, Kind::AdGroup, &id)?;
                let camp_id = rec.parent.clone().unwrap_or_default();
                let cbo = st.campaigns.get(&camp_id).is_some_and(|c| budget::is_cbo(&c.data));
                if cbo {
                    return Err(ApiError::param(
                        "budget",
                        format!("Ad group {id} belongs to a campaign with budget optimization (CBO); change the campaign budget instead."),
                    ));
                }
                let mut merged = rec.data.clone();
                if let Some(v) = item.get("budget") {
                    merged.insert("budget".into(), v.clone());
                }
                let camp = st
                    .campaigns
                    .get(&camp_id)
                    .map(|c| c.data.clone())
                    .unwrap_or_default();
                validate(&merged, &camp, &currency)?;
                budget::covers_spend(st, "budget", &id, amount, &currency)?;
                if field == "budget" {
                    let now = st.clock.now_string();
                    if let Some(r) = st.adgroups.get_mut(&id) {
                        r.data = merged;
                        r.data.insert("modify_time".into(), json!(now));
                    }
                }
                // Scheduled budgets apply the next day; the emulator accepts them
                // without applying them.
            }
        }
        Ok(json!({}))
    })
}

pub fn get(app: &App, req: &Req) -> ApiResult<Value> {
    list::list(app, req, &LIST)
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_reads_every_accepted_filter() {
        assert_eq!(super::LIST.flaws(), Vec::<String>::new());
    }
}
