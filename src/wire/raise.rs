//! Raising: a live wire object becomes the spec object that would create it.
//!
//! The inverse of `lower.rs`, used by the planner (to compare in spec terms, so plans
//! read in the spec's own words) and by `import` (to write spec files). Fields the
//! spec cannot express are returned, never dropped silently.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::Kind;
use crate::facts::wire_uncertain;
use crate::spec::enums::{
    AgeGroup, AppPromotionType, Automation, BidStrategy, BudgetMode, CallToAction, ClickWindow,
    EventCount, Gender, IdentityType, MinimumAge, Objective, OperatingSystem, OptimizationEvent,
    OptimizationGoal, Placement, SalesDestination, SpecialIndustry, Status, TargetingMode,
    ViewWindow,
};
use crate::spec::model::{
    Ad, AdGroup, AdGroupBudget, App, Attribution, AutomationModules, Bidding, Campaign,
    CampaignBudget, Carousel, Creative, Enhancements, Identity, Optimization, Placements, Schedule,
    Targeting, Video,
};
use crate::spec::open::{Open, Vocabulary};
use crate::spec::{Money, Sp};

/// A raised object and the wire fields it could not express.
#[derive(Debug, Default)]
pub struct Raised<T> {
    pub value: T,
    /// `key: value` of every field the spec format cannot hold.
    pub unsupported: Vec<String>,
}

/// Server-side fields that carry no desired state.
const SERVER_KEYS: &[&str] = &[
    "advertiser_id",
    Kind::Campaign.id_key(),
    Kind::AdGroup.id_key(),
    Kind::Ad.id_key(),
    // The platform's per-creative ads, never a Smart+ ad's own id.
    "ad_id",
    "create_time",
    "modify_time",
    "secondary_status",
    "primary_status",
    "request_id",
    "campaign_automation_type",
    "is_smart_performance_campaign",
    "smart_plus_adgroup_mode",
    "is_advanced_dedicated_campaign",
    Kind::Campaign.name_key(),
    Kind::AdGroup.name_key(),
    Kind::Ad.name_key(),
    "billing_event",
    "promotion_type",
    "bid_type",
    "deep_bid_type",
    "schedule_type",
    "placement_type",
    "placements",
    "targeting_optimization_mode",
    "suggestion_audience_enabled",
    "operation_status",
    "budget_optimize_on",
    "budget_mode",
    "budget",
    // Read-only on the Smart+ reads: names of the parents, creative names, values
    // TikTok derives or applies from account settings.
    "material_name",
    "smart_plus_creative_id",
    "thumbnail_mode",
    "incentive_offer_type",
    "brand_safety_type",
    "current_budget",
    // Derived from the ads' destination when the ad group is made (`lower`).
    "promotion_target_type",
];

/// Settings whose value here means the same as leaving them out.
const DEFAULTS: &[(&str, &str)] = &[
    ("campaign_type", "REGULAR_CAMPAIGN"),
    ("pacing", "PACING_MODE_SMOOTH"),
    ("budget_auto_adjust_strategy", "UNSET"),
    ("dark_post_status", "OFF"),
    ("promotion_website_type", "UNSET"),
    ("spending_power", "ALL"),
    ("deep_funnel_toggle", "OFF"),
    ("deep_funnel_optimization_status", "OFF"),
    ("app_promotion_type", "UNSET"),
];

/// Switches whose value here is what TikTok sets when none is sent (`false` is
/// never a setting anyway): every documented ad group read shows search results on.
const SWITCHES_ON: &[&str] = &["search_result_enabled"];

/// What an empty `identity_authorized_bc_id` reads as on identities without one.
const NO_BUSINESS_CENTER: &str = "0";

/// The video id TikTok reads back when a creative has no video of its own (a post).
const NO_VIDEO: &str = "N/A";

/// Keys of `creative_info` the spec holds.
const CREATIVE_KEYS: &[&str] = &[
    "ad_format",
    "video_info",
    "image_info",
    "music_info",
    "tiktok_item_id",
    "identity_type",
    "identity_id",
    "identity_authorized_bc_id",
];

fn s(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strs(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| match x {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn list(items: Vec<String>) -> Option<Sp<Vec<Sp<String>>>> {
    (!items.is_empty()).then(|| Sp::new(items.into_iter().map(Sp::new).collect()))
}

fn enum_list<T>(
    v: &Value,
    key: &str,
    from: fn(&str) -> Option<T>,
    bad: &mut Vec<String>,
) -> Option<Sp<Vec<Sp<T>>>> {
    let mut out = Vec::new();
    for item in strs(v, key) {
        match from(&item) {
            Some(x) => out.push(Sp::new(x)),
            None => bad.push(format!("{key}: {item}")),
        }
    }
    (!out.is_empty()).then(|| Sp::new(out))
}

/// A list of an open vocabulary: known values by name, other literals verbatim.
fn open_list<T: Vocabulary>(
    v: &Value,
    key: &str,
    bad: &mut Vec<String>,
) -> Option<Sp<Vec<Sp<Open<T>>>>> {
    enum_list(v, key, Open::<T>::from_wire, bad)
}

/// One value of an open vocabulary.
fn open_one<T: Vocabulary>(v: &Value, key: &str, bad: &mut Vec<String>) -> Option<Sp<Open<T>>> {
    one(v, key, Open::<T>::from_wire, bad)
}

fn one<T>(
    v: &Value,
    key: &str,
    from: fn(&str) -> Option<T>,
    bad: &mut Vec<String>,
) -> Option<Sp<T>> {
    let raw = s(v, key)?;
    if let Some(x) = from(&raw) {
        Some(Sp::new(x))
    } else {
        bad.push(format!("{key}: {raw}"));
        None
    }
}

fn json_str(v: Option<&str>) -> String {
    Value::from(v.unwrap_or_default()).to_string()
}

fn money(v: &Value, key: &str) -> Option<Sp<Money>> {
    v.get(key).and_then(Money::from_json).map(Sp::new)
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_blank),
        Value::Number(_) => false,
    }
}

/// Reports keys of `v` that are neither handled nor server-side.
fn leftovers(v: &Value, handled: &[&str], prefix: &str, bad: &mut Vec<String>) {
    if let Value::Object(o) = v {
        for (k, val) in o {
            let default = DEFAULTS
                .iter()
                .any(|(dk, dv)| dk == k && val.as_str() == Some(dv))
                || (SWITCHES_ON.contains(&k.as_str()) && val.as_bool() == Some(true));
            if handled.contains(&k.as_str())
                || SERVER_KEYS.contains(&k.as_str())
                || is_blank(val)
                || default
            {
                continue;
            }
            bad.push(format!("{prefix}{k}: {val}"));
        }
    }
}

/// Raises a campaign with its ad groups (each with its ads). The campaign's own
/// fields need only the first ad group (app, platform, rotation live there).
pub fn campaign(
    raw: &Value,
    ad_groups: &[(&Value, &[Value])],
    tz: &jiff::tz::TimeZone,
) -> Raised<Campaign> {
    let mut bad = Vec::new();
    let cbo = raw
        .get("budget_optimize_on")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let mode = one(raw, "budget_mode", BudgetMode::from_wire, &mut bad);
    let effective = mode.as_ref().map(|m| m.value);
    let amount = if effective == Some(BudgetMode::Unlimited) {
        None
    } else {
        money(raw, "budget")
    };
    let objective = one(raw, "objective_type", Objective::from_wire, &mut bad).unwrap_or_default();
    let first_group = ad_groups.first().map(|(g, _)| *g);
    // TikTok keeps the app on the ad groups (`app_id` is an ad group field of app
    // promotion); older accounts may show it on the campaign.
    let app_id = s(raw, "app_id").or_else(|| first_group.and_then(|g| s(g, "app_id")));
    if let Some(id) = &app_id {
        for (g, _) in ad_groups {
            if let Some(other) = s(g, "app_id").filter(|a| a != id) {
                bad.push(format!(
                    "ad group `{}`: app_id: {other} (the campaign's other ad groups promote {id})",
                    s(g, "adgroup_name").unwrap_or_default()
                ));
            }
        }
    }
    let app = app_id.map(|id| {
        let platform = match first_group.and_then(|g| s(g, "promotion_type")).as_deref() {
            Some("APP_IOS") => OperatingSystem::Ios,
            _ => OperatingSystem::Android,
        };
        let promotion_type = one(
            raw,
            "app_promotion_type",
            AppPromotionType::from_wire,
            &mut bad,
        )
        .filter(|p| p.value != AppPromotionType::AppInstall);
        Sp::new(App {
            id: Sp::new(id),
            platform: Sp::new(platform),
            promotion_type,
        })
    });
    let rotation = first_group
        .and_then(|g| s(g, wire_uncertain::CREATIVE_ROTATION_KEY))
        .map(|v| {
            Sp::new(if v == "OFF" {
                Automation::Manual
            } else {
                Automation::Automatic
            })
        });
    let status = one(raw, "operation_status", Status::from_wire, &mut bad)
        .filter(|s| s.value != Status::Enabled);
    leftovers(
        raw,
        &[
            "objective_type",
            "sales_destination",
            "app_id",
            "app_promotion_type",
            "special_industries",
        ],
        "",
        &mut bad,
    );
    let mut groups = Vec::new();
    for (g, ads) in ad_groups {
        let r = ad_group(g, ads, cbo, tz);
        let name = r.value.name.value.clone();
        bad.extend(
            r.unsupported
                .into_iter()
                .map(|u| format!("ad group `{name}`: {u}")),
        );
        groups.push(r.value);
    }
    Raised {
        value: Campaign {
            name: Sp::new(Kind::Campaign.name_of(raw).to_string()),
            id: Kind::Campaign.id_of(raw).map(Sp::new),
            objective,
            sales_destination: one(
                raw,
                "sales_destination",
                SalesDestination::from_wire,
                &mut bad,
            ),
            app,
            special_industries: enum_list(
                raw,
                "special_industries",
                SpecialIndustry::from_wire,
                &mut bad,
            ),
            status,
            budget: Sp::new(CampaignBudget {
                cbo: Sp::new(cbo),
                mode,
                amount,
            }),
            automation: rotation.map(|r| {
                Sp::new(AutomationModules {
                    creative_rotation: Some(r),
                    ..Default::default()
                })
            }),
            guidance: None,
            ad_groups: Sp::new(groups),
        },
        unsupported: bad,
    }
}

/// Raises an ad group with its ads.
pub fn ad_group(raw: &Value, ads: &[Value], cbo: bool, tz: &jiff::tz::TimeZone) -> Raised<AdGroup> {
    let mut bad = Vec::new();
    let goal = one(
        raw,
        "optimization_goal",
        OptimizationGoal::from_wire,
        &mut bad,
    )
    .unwrap_or_default();
    let budget = if cbo {
        None
    } else {
        let mode = one(raw, "budget_mode", BudgetMode::from_wire, &mut bad)
            // An ad group reads as "no limit" when the campaign holds the budget.
            .filter(|m| m.value != BudgetMode::Unlimited);
        match (mode, money(raw, "budget")) {
            (Some(mode), Some(amount)) => Some(Sp::new(AdGroupBudget { mode, amount })),
            _ => None,
        }
    };
    let deep = s(raw, "deep_bid_type");
    let strategy = match (deep.as_deref(), s(raw, "bid_type").as_deref()) {
        (Some("VO_MIN_ROAS"), _) => BidStrategy::MinRoas,
        (Some("VO_HIGHEST_VALUE"), _) => BidStrategy::HighestValue,
        (_, Some("BID_TYPE_CUSTOM")) => BidStrategy::CostCap,
        _ => BidStrategy::MaxDelivery,
    };
    match deep.as_deref() {
        None | Some("VO_MIN_ROAS" | "VO_HIGHEST_VALUE") => {}
        // DEFAULT is no deep bid, except that value optimisation needs a real one.
        Some("DEFAULT") if goal.value != OptimizationGoal::Value => {}
        Some(other) => bad.push(format!("deep_bid_type: \"{other}\"")),
    }
    let bidding = match strategy {
        BidStrategy::MaxDelivery => None,
        BidStrategy::CostCap => Some(Bidding {
            strategy: Sp::new(strategy),
            amount: money(raw, super::lower::bid_key(goal.value)),
            roas: None,
        }),
        BidStrategy::MinRoas => Some(Bidding {
            strategy: Sp::new(strategy),
            amount: None,
            roas: money(raw, "roas_bid"),
        }),
        BidStrategy::HighestValue => Some(Bidding {
            strategy: Sp::new(strategy),
            amount: None,
            roas: None,
        }),
    }
    .map(Sp::new);

    let fmt_local = |key: &str| -> Option<Sp<String>> {
        let ts = crate::spec::schedule::parse_wire_time(&s(raw, key)?)?;
        Some(Sp::new(
            ts.to_zoned(tz.clone())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string(),
        ))
    };
    let has_end = s(raw, "schedule_type").as_deref() == Some("SCHEDULE_START_END");
    let dayparting = s(raw, "dayparting").and_then(|d| super::canon::dayparting_from_wire(&d));
    let schedule = Schedule {
        start: fmt_local("schedule_start_time"),
        end: if has_end {
            fmt_local("schedule_end_time")
        } else {
            None
        },
        // The account stores an end; the spec's duration is compared through it
        // (`canon::align`).
        duration: None,
        // Written in the zone it was read in, so the plan compares instants, not clocks.
        time_zone: Some(Sp::new(tz.iana_name().unwrap_or("UTC").to_string())),
        dayparting: dayparting.map(Sp::new),
    };

    let placements = match s(raw, "placement_type").as_deref() {
        Some("PLACEMENT_TYPE_NORMAL") => open_list::<Placement>(raw, "placements", &mut bad)
            .map(|l| Sp::new(Placements::Chosen(l.value))),
        _ => None,
    };
    // Kept even when they equal the server defaults: a spec that states the default
    // must compare equal, and one that says nothing is not compared at all.
    let click = open_one::<ClickWindow>(raw, "click_attribution_window", &mut bad);
    let view = open_one::<ViewWindow>(raw, "view_attribution_window", &mut bad);
    // `UNSET` is how TikTok reads "no count chosen".
    let event_count = if s(raw, "attribution_event_count").as_deref() == Some("UNSET") {
        None
    } else {
        one(
            raw,
            "attribution_event_count",
            EventCount::from_wire,
            &mut bad,
        )
    };
    let attribution = (click.is_some() || view.is_some() || event_count.is_some()).then(|| {
        Sp::new(Attribution {
            click,
            view,
            event_count,
        })
    });

    let mode = TargetingMode::from_wire(
        &s(raw, "targeting_optimization_mode").unwrap_or_else(|| "AUTOMATIC".into()),
        raw.get("suggestion_audience_enabled")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    )
    .unwrap_or_default();
    let ts = raw.get("targeting_spec").cloned().unwrap_or(Value::Null);
    let targeting = raise_targeting(&ts, mode, &mut bad);

    let event = open_one::<OptimizationEvent>(raw, "optimization_event", &mut bad).filter(|e| {
        !(goal.value == OptimizationGoal::LandingPageView
            && e.value == OptimizationEvent::LandingPageView)
    });
    let status = one(raw, "operation_status", Status::from_wire, &mut bad)
        .filter(|s| s.value != Status::Enabled);
    leftovers(
        raw,
        &[
            "optimization_goal",
            "optimization_event",
            "pixel_id",
            "bid_price",
            "conversion_bid_price",
            "roas_bid",
            "schedule_start_time",
            "schedule_end_time",
            "dayparting",
            "click_attribution_window",
            "view_attribution_window",
            "attribution_event_count",
            "targeting_spec",
            "app_id",
            wire_uncertain::CREATIVE_ROTATION_KEY,
        ],
        "",
        &mut bad,
    );
    let mut out_ads = Vec::new();
    for a in ads {
        let r = ad(a);
        let name = r.value.name.value.clone();
        bad.extend(
            r.unsupported
                .into_iter()
                .map(|u| format!("ad `{name}`: {u}")),
        );
        out_ads.push(r.value);
    }
    let has_schedule =
        schedule.start.is_some() || schedule.end.is_some() || schedule.dayparting.is_some();
    Raised {
        value: AdGroup {
            name: Sp::new(Kind::AdGroup.name_of(raw).to_string()),
            id: Kind::AdGroup.id_of(raw).map(Sp::new),
            status,
            budget,
            optimization: Sp::new(Optimization {
                goal,
                event,
                pixel_id: s(raw, "pixel_id").map(Sp::new),
            }),
            bidding,
            schedule: has_schedule.then(|| Sp::new(schedule)),
            placements,
            attribution,
            targeting: Sp::new(targeting),
            ads: Sp::new(out_ads),
        },
        unsupported: bad,
    }
}

fn raise_targeting(ts: &Value, mode: TargetingMode, bad: &mut Vec<String>) -> Targeting {
    let minimum_age = if mode == TargetingMode::Manual {
        None
    } else {
        open_one::<MinimumAge>(ts, "spc_audience_age", bad)
            .filter(|a| a.value != MinimumAge::Over18)
    };
    let suggestions = mode != TargetingMode::Automatic;
    let (age_groups, gender, interests, interest_keywords, audiences, behaviors) = if suggestions {
        (
            open_list::<AgeGroup>(ts, "age_groups", bad),
            one(ts, "gender", Gender::from_wire, bad).filter(|g| g.value != Gender::Any),
            list(strs(ts, "interest_category_ids")),
            list(strs(ts, "interest_keyword_ids")),
            list(strs(ts, "audience_ids")),
            super::behaviors::raise(ts, bad),
        )
    } else {
        (None, None, None, None, None, None)
    };
    let t = Targeting {
        mode: suggestions.then(|| Sp::new(mode)),
        locations: list(strs(ts, "location_ids")),
        languages: list(strs(ts, "languages")),
        minimum_age,
        operating_systems: enum_list(ts, "operating_systems", OperatingSystem::from_wire, bad),
        excluded_audiences: list(strs(ts, "excluded_audience_ids")),
        age_groups,
        gender,
        interests,
        interest_keywords,
        audiences,
        behaviors,
    };
    let mut handled = vec![
        "location_ids",
        "languages",
        "spc_audience_age",
        "operating_systems",
        "excluded_audience_ids",
        "age_groups",
        "gender",
        "interest_category_ids",
        "interest_keyword_ids",
        "audience_ids",
        super::behaviors::KEY,
    ];
    if !suggestions {
        // Plain automatic targeting drops these and reads back defaults (all adult
        // ages, any gender): none of it is a setting.
        handled.extend_from_slice(crate::facts::SUGGESTION_TARGETING_KEYS);
    }
    leftovers(ts, &handled, "targeting_spec.", bad);
    t
}

/// A Business Center id, where `"0"` (how reads fill it for identities without
/// one) means none.
fn business_center(v: &Value) -> Option<String> {
    s(v, "identity_authorized_bc_id").filter(|b| b != NO_BUSINESS_CENTER)
}

/// The ad's identity: in `ad_configuration` for non-Spark (and catalog) ads, else
/// in each creative (the first one speaks for the ad).
fn raise_identity(conf: &Value, creatives: &[&Value]) -> Identity {
    let (from, fallback) = match s(conf, "identity_type") {
        Some(_) => (conf, IdentityType::Custom),
        None => (
            creatives.first().copied().unwrap_or(&Value::Null),
            IdentityType::TiktokUser,
        ),
    };
    let kind = s(from, "identity_type")
        .and_then(|k| IdentityType::from_wire(&k))
        .unwrap_or(fallback);
    Identity {
        kind: Sp::new(kind),
        id: s(from, "identity_id").map(Sp::new),
        name: None,
        business_center_id: business_center(from).map(Sp::new),
    }
}

/// Symphony enhancements from `creative_auto_enhancement_strategy_list`: a key is on
/// when all its strategies are; one half of a pair, or a strategy the spec has no
/// key for, cannot be expressed.
fn raise_enhancements(conf: &Value, bad: &mut Vec<String>) -> Option<Sp<Enhancements>> {
    let key = super::lower::ENHANCEMENTS_KEY;
    let listed = strs(conf, key);
    let mut out = Enhancements::default();
    let mut used = Vec::new();
    for (name, strategies) in crate::spec::enums::ENHANCEMENT_STRATEGIES {
        let present: Vec<&&str> = strategies
            .iter()
            .filter(|s| listed.iter().any(|l| l == **s))
            .collect();
        used.extend(present.iter().map(|s| (**s).to_owned()));
        if present.is_empty() {
            continue;
        }
        if present.len() < strategies.len() {
            bad.push(format!(
                "ad_configuration.{key}: {} without {}",
                present.iter().map(|s| **s).collect::<Vec<_>>().join(", "),
                strategies
                    .iter()
                    .filter(|s| !present.contains(s))
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            continue;
        }
        let on = Some(Sp::new(true));
        match *name {
            "quality" => out.quality = on,
            "resize" => out.resize = on,
            "music_refresh" => out.music_refresh = on,
            _ => out.translate_and_dub = on,
        }
    }
    for other in listed.iter().filter(|l| !used.contains(l)) {
        bad.push(format!("ad_configuration.{key}: {other}"));
    }
    (out != Enhancements::default()).then(|| Sp::new(out))
}

/// Raises an ad.
pub fn ad(raw: &Value) -> Raised<Ad> {
    let mut bad = Vec::new();
    let empty = Value::Null;
    let conf = raw.get("ad_configuration").unwrap_or(&empty);
    let creatives_raw: Vec<&Value> = raw
        .get("creative_list")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|c| c.get("creative_info").unwrap_or(c))
                .collect()
        })
        .unwrap_or_default();
    let identity = raise_identity(conf, &creatives_raw);

    for (i, item) in raw
        .get("creative_list")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let at = format!("creative_list[{i}].");
        let status = item
            .get("material_operation_status")
            .and_then(Value::as_str);
        if status.is_some_and(|st| st != "ENABLE") {
            bad.push(format!(
                "{at}material_operation_status: {}",
                json_str(status)
            ));
        }
        leftovers(
            item,
            &[
                "creative_info",
                "ad_material_id",
                "material_operation_status",
            ],
            &at,
            &mut bad,
        );
        let info = item.get("creative_info").unwrap_or(item);
        leftovers(
            info,
            CREATIVE_KEYS,
            &format!("{at}creative_info."),
            &mut bad,
        );
        // Reads repeat the ad's identity in every creative; the spec has one identity
        // per ad, so a creative posted as another is not expressible.
        let differs = s(info, "identity_type").is_some()
            && (s(info, "identity_type").as_deref() != Some(identity.kind.wire())
                || s(info, "identity_id").as_deref() != identity.id.as_ref().map(|i| i.as_str())
                || business_center(info)
                    != identity
                        .business_center_id
                        .as_ref()
                        .map(|b| b.value.clone()));
        if differs {
            bad.push(format!(
                "{at}creative_info identity: {} {}",
                s(info, "identity_type").unwrap_or_default(),
                s(info, "identity_id").unwrap_or_default()
            ));
        }
    }
    for (key, inner) in [
        ("landing_page_url_list", "landing_page_url"),
        ("page_list", "page_id"),
    ] {
        let extra: Vec<String> = raw
            .get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().skip(1).filter_map(|x| s(x, inner)).collect())
            .unwrap_or_default();
        if !extra.is_empty() {
            bad.push(format!("{key} beyond the first: {}", extra.join(", ")));
        }
    }

    let mut creatives = Vec::new();
    for c in &creatives_raw {
        let images: Vec<String> = c
            .get("image_info")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|i| s(i, "web_uri")).collect())
            .unwrap_or_default();
        let carousel = s(c, "ad_format").as_deref() == Some("CAROUSEL_ADS");
        let video = c
            .get("video_info")
            .and_then(|v| s(v, "video_id"))
            .filter(|v| v != NO_VIDEO);
        let creative = match (s(c, "tiktok_item_id"), carousel) {
            (Some(item), false) => Creative {
                spark_post: Some(Sp::new(item)),
                ..Default::default()
            },
            (Some(item), true) => {
                // A carousel post (with its music) has no spec form yet.
                bad.push(format!("creative: carousel post {item}"));
                continue;
            }
            (None, true) => Creative {
                carousel: Some(Sp::new(Carousel {
                    images: Sp::new(images.into_iter().map(Sp::new).collect()),
                    files: None,
                    music: c
                        .get("music_info")
                        .and_then(|m| s(m, "music_id"))
                        .map(Sp::new),
                })),
                ..Default::default()
            },
            (None, false) => {
                let Some(video) = video else {
                    bad.push(format!("creative: {c}"));
                    continue;
                };
                Creative {
                    video: Some(Sp::new(Video {
                        id: Some(Sp::new(video)),
                        file: None,
                        cover: images.into_iter().next().map(Sp::new),
                    })),
                    ..Default::default()
                }
            }
        };
        creatives.push(Sp::new(creative));
    }

    let texts: Vec<String> = raw
        .get("ad_text_list")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|t| s(t, "ad_text")).collect())
        .unwrap_or_default();
    let mut ctas = Vec::new();
    for c in raw
        .get("call_to_action_list")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(x) = open_one::<CallToAction>(c, "call_to_action", &mut bad) {
            ctas.push(x);
        }
    }
    let first = |key: &str, inner: &str| -> Option<Sp<String>> {
        raw.get(key)
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(|x| s(x, inner))
            .map(Sp::new)
    };
    let mut utm: BTreeMap<String, Sp<String>> = BTreeMap::new();
    for p in conf
        .get("utm_params")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        // TikTok's own read example names the key `field`.
        match (s(p, "key").or_else(|| s(p, "field")), s(p, "value")) {
            (Some(k), Some(v)) => {
                utm.insert(k, Sp::new(v));
            }
            _ => bad.push(format!("ad_configuration.utm_params: {p}")),
        }
    }
    let enhancements = raise_enhancements(conf, &mut bad);
    leftovers(
        raw,
        &[
            "creative_list",
            "ad_text_list",
            "call_to_action_list",
            "landing_page_url_list",
            "page_list",
            "ad_configuration",
        ],
        "",
        &mut bad,
    );
    leftovers(
        conf,
        &[
            "identity_type",
            "identity_id",
            "identity_authorized_bc_id",
            "call_to_action_id",
            "utm_params",
            super::lower::ENHANCEMENTS_KEY,
        ],
        "ad_configuration.",
        &mut bad,
    );
    let status = one(raw, "operation_status", Status::from_wire, &mut bad)
        .filter(|s| s.value != Status::Enabled);
    let id = Kind::Ad.id_of(raw);
    // An empty name tells TikTok to name the ad after its id, which is what it is.
    let name = s(raw, Kind::Ad.name_key())
        .or_else(|| id.clone())
        .unwrap_or_default();
    Raised {
        value: Ad {
            name: Sp::new(name),
            id: id.map(Sp::new),
            status,
            identity: Sp::new(identity),
            creatives: Sp::new(creatives),
            texts: list(texts),
            calls_to_action: (!ctas.is_empty()).then(|| Sp::new(ctas)),
            call_to_action_id: s(conf, "call_to_action_id").map(Sp::new),
            call_to_action_portfolio: None,
            landing_page: first("landing_page_url_list", "landing_page_url"),
            instant_form_id: first("page_list", "page_id"),
            utm: (!utm.is_empty()).then(|| Sp::new(utm)),
            enhancements,
        },
        unsupported: bad,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn group(extra: Value) -> Value {
        let mut g = json!({
            "adgroup_id": "11",
            "adgroup_name": "G",
            "promotion_type": "WEBSITE",
            "optimization_goal": "CLICK",
            "billing_event": "CPC",
            "bid_type": "BID_TYPE_NO_BID",
            "schedule_type": "SCHEDULE_FROM_NOW",
            "schedule_start_time": "2026-01-01 00:00:00",
            "placement_type": "PLACEMENT_TYPE_AUTOMATIC",
            "pacing": "PACING_MODE_SMOOTH",
            "comment_disabled": false,
            "targeting_optimization_mode": "AUTOMATIC",
            "targeting_spec": {"location_ids": ["6252001"]},
            "operation_status": "ENABLE",
        });
        if let (Value::Object(g), Value::Object(e)) = (&mut g, extra) {
            g.extend(e);
        }
        g
    }

    fn unsupported_of_group(extra: Value) -> Vec<String> {
        ad_group(&group(extra), &[], true, &jiff::tz::TimeZone::UTC).unsupported
    }

    #[test]
    fn defaults_are_not_reported() {
        assert_eq!(unsupported_of_group(json!({})), Vec::<String>::new());
        assert_eq!(
            unsupported_of_group(json!({"deep_bid_type": "DEFAULT"})),
            Vec::<String>::new()
        );
    }

    #[test]
    fn settings_the_spec_cannot_hold_are_reported() {
        let bad = unsupported_of_group(json!({
            "pacing": "PACING_MODE_FAST",
            "comment_disabled": true,
            "engaged_view_attribution_window": "ONE_DAY",
            "deep_bid_type": "AEO",
        }));
        for needle in [
            "pacing: \"PACING_MODE_FAST\"",
            "comment_disabled: true",
            "engaged_view_attribution_window: \"ONE_DAY\"",
            "deep_bid_type: \"AEO\"",
        ] {
            assert!(bad.iter().any(|b| b == needle), "{needle} not in {bad:?}");
        }
        let c = campaign(
            &json!({"campaign_name": "C", "objective_type": "WEB_CONVERSIONS", "campaign_type": "IOS14_CAMPAIGN"}),
            &[],
            &jiff::tz::TimeZone::UTC,
        );
        assert_eq!(c.unsupported, ["campaign_type: \"IOS14_CAMPAIGN\""]);
    }

    #[test]
    fn enhancement_strategies_raise_to_their_keys() {
        let a = |list: Value| {
            ad(&json!({
                "smart_plus_ad_id": "1",
                "ad_name": "A",
                "ad_configuration": {"creative_auto_enhancement_strategy_list": list},
            }))
        };
        let r = a(json!(["VIDEO_QUALITY", "IMAGE_QUALITY", "MUSIC_REFRESH"]));
        let e = r.value.enhancements.expect("enhancements").value;
        assert!(e.quality.is_some() && e.music_refresh.is_some() && e.resize.is_none());
        assert!(r.unsupported.is_empty(), "{:?}", r.unsupported);
        let r = a(json!(["VIDEO_QUALITY", "AIGC_CARD"]));
        assert!(r.value.enhancements.is_none());
        assert_eq!(
            r.unsupported,
            [
                "ad_configuration.creative_auto_enhancement_strategy_list: VIDEO_QUALITY without IMAGE_QUALITY",
                "ad_configuration.creative_auto_enhancement_strategy_list: AIGC_CARD",
            ]
        );
    }

    #[test]
    fn creatives_the_spec_cannot_hold_are_reported() {
        let info = |id: &str, extra: Value| {
            let mut i = json!({
                "ad_format": "SINGLE_VIDEO",
                "tiktok_item_id": "7310000000000000001",
                "identity_type": "TT_USER",
                "identity_id": id,
            });
            if let (Value::Object(i), Value::Object(e)) = (&mut i, extra) {
                i.extend(e);
            }
            i
        };
        let a = json!({
            "smart_plus_ad_id": "1",
            "ad_name": "A",
            "creative_list": [
                {"creative_info": info("7", json!({})), "ad_material_id": "9", "material_operation_status": "ENABLE"},
                {"creative_info": info("8", json!({"aigc_disclosure_type": "AIGC"})), "material_operation_status": "DISABLE"},
            ],
            "page_list": [{"page_id": "1"}, {"page_id": "2"}],
            "ad_configuration": {"dark_post_status": "OFF"},
        });
        let r = ad(&a);
        assert_eq!(
            r.unsupported,
            [
                "creative_list[1].material_operation_status: \"DISABLE\"",
                "creative_list[1].creative_info.aigc_disclosure_type: \"AIGC\"",
                "creative_list[1].creative_info identity: TT_USER 8",
                "page_list beyond the first: 2",
            ]
        );
    }
}
