//! Lowering: a spec object becomes the wire body TikTok's create call takes.
//!
//! Pure: the only outside input is the start of schedules that start immediately.
//! `raise.rs` is the inverse; a property test keeps the two in step.
//!
//! TikTok refuses a start that is not in the future, "now" included, so an ad group
//! that starts now is sent with a start [`facts::START_LEAD_MINUTES`] ahead (see
//! [`start_now`]); a `duration` counts from that start.

use serde_json::{Map, Value, json};

use crate::api::Kind;
use crate::facts::{self, wire_uncertain};
use crate::spec::enums::{Automation, BidStrategy, Objective, OptimizationGoal, TargetingMode};
use crate::spec::model::{Account, Ad, AdGroup, Campaign, Creative, Placements, Targeting};
use crate::spec::schedule;

/// Why a spec object could not be lowered (only invalid specs reach here; `validate`
/// reports the same problems with positions).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LowerError {
    #[error("ad group `{ad_group}`: {source}")]
    #[diagnostic(help("run `smartplus validate` to see where, and how to fix it"))]
    Schedule {
        ad_group: String,
        #[source]
        source: schedule::ScheduleError,
    },
}

/// The campaign create body (without `advertiser_id` and `request_id`).
pub fn campaign(c: &Campaign) -> Value {
    let mut o = Map::new();
    o.insert(Kind::Campaign.name_key().into(), json!(c.name.value));
    o.insert("objective_type".into(), json!(c.objective.wire()));
    if let Some(d) = &c.sales_destination {
        o.insert("sales_destination".into(), json!(d.wire()));
    }
    if let Some(app) = &c.app {
        // The app itself goes on each ad group (`app_id`), where TikTok keeps it.
        let kind = app
            .promotion_type
            .as_ref()
            .map(|p| p.value)
            .unwrap_or_default();
        o.insert("app_promotion_type".into(), json!(kind.wire()));
    }
    if let Some(list) = &c.special_industries {
        let v: Vec<_> = list.iter().map(|s| s.wire()).collect();
        o.insert("special_industries".into(), json!(v));
    }
    o.insert("budget_optimize_on".into(), json!(*c.budget.cbo));
    o.insert(
        "budget_mode".into(),
        json!(c.budget.effective_mode().wire()),
    );
    if let Some(a) = &c.budget.amount {
        o.insert("budget".into(), a.to_json());
    }
    o.insert(
        "operation_status".into(),
        json!(
            c.status
                .as_ref()
                .map(|s| s.value)
                .unwrap_or_default()
                .wire()
        ),
    );
    Value::Object(o)
}

/// What a campaign update must repeat besides what changes: live refuses a budget
/// change on a campaign whose ad groups optimise a deeper funnel event unless deep
/// funnel optimisation is sent again (it reads back as `deep_funnel_toggle`).
pub fn campaign_update_extras(update: &mut Value, live_ad_groups: &[&Value]) {
    let deep = live_ad_groups.iter().any(|g| {
        g.get("deep_funnel_toggle").and_then(Value::as_str) == Some("ON")
            || g.get("deep_funnel_optimization_status")
                .and_then(Value::as_str)
                == Some("ON")
    });
    if let Some(body) = update.as_object_mut()
        && body.contains_key("budget")
        && deep
    {
        body.insert("deep_funnel_optimization_status".into(), json!("ON"));
    }
}

/// `promotion_type` for an ad group of this campaign.
pub fn promotion_type(c: &Campaign) -> &'static str {
    match c.objective.value {
        Objective::AppPromotion => match c.app.as_ref().map(|a| a.platform.value) {
            Some(crate::spec::enums::OperatingSystem::Ios) => "APP_IOS",
            _ => "APP_ANDROID",
        },
        Objective::LeadGeneration => facts::LEAD_GEN_PROMOTION_TYPE,
        _ => "WEBSITE",
    }
}

/// The start sent for an ad group that starts "now" at `now`.
pub fn start_now(now: jiff::Timestamp) -> jiff::Timestamp {
    now + jiff::SignedDuration::from_mins(facts::START_LEAD_MINUTES)
}

/// `promotion_target_type` of a lead generation ad group: an instant form when its
/// ads collect leads in one, else the website form behind their landing pages.
pub fn promotion_target_type(g: &AdGroup) -> &'static str {
    if g.ads.iter().any(|a| a.instant_form_id.is_some()) {
        "INSTANT_PAGE"
    } else {
        "EXTERNAL_WEBSITE"
    }
}

/// The ad group create body (without `advertiser_id`, `request_id`, `campaign_id`);
/// `starts` is the start sent when the spec names none (see [`start_now`]).
pub fn ad_group(
    c: &Campaign,
    g: &AdGroup,
    account: Option<&Account>,
    starts: jiff::Timestamp,
) -> Result<Value, LowerError> {
    let mut o = Map::new();
    o.insert(Kind::AdGroup.name_key().into(), json!(g.name.value));
    o.insert("promotion_type".into(), json!(promotion_type(c)));
    if c.objective.value == Objective::LeadGeneration {
        o.insert(
            "promotion_target_type".into(),
            json!(promotion_target_type(g)),
        );
    }
    if let Some(app) = &c.app
        && c.objective.value == Objective::AppPromotion
    {
        o.insert("app_id".into(), json!(app.id.value));
    }
    let goal = g.optimization.goal.value;
    o.insert("optimization_goal".into(), json!(goal.wire()));
    if let Some(e) = &g.optimization.event {
        o.insert("optimization_event".into(), json!(e.wire()));
    }
    if let Some(p) = &g.optimization.pixel_id {
        o.insert("pixel_id".into(), json!(p.value));
    }
    let billing = if goal == OptimizationGoal::Click {
        "CPC"
    } else {
        "OCPM"
    };
    o.insert("billing_event".into(), json!(billing));

    let strategy = g
        .bidding
        .as_ref()
        .map_or(BidStrategy::MaxDelivery, |b| b.strategy.value);
    o.insert("bid_type".into(), json!(strategy.bid_type()));
    if let Some(deep) = strategy.deep_bid_type() {
        o.insert("deep_bid_type".into(), json!(deep));
    }
    if let Some(b) = &g.bidding {
        if let Some(a) = &b.amount {
            let key = bid_key(goal);
            o.insert(key.into(), a.to_json());
        }
        if let Some(r) = &b.roas {
            o.insert("roas_bid".into(), r.to_json());
        }
    }

    if let Some(b) = &g.budget {
        o.insert("budget_mode".into(), json!(b.mode.wire()));
        o.insert("budget".into(), b.amount.to_json());
    }

    let empty = crate::spec::model::Schedule::default();
    let sched = g.schedule.as_ref().map_or(&empty, |s| &s.value);
    let err = |source| LowerError::Schedule {
        ad_group: g.name.value.clone(),
        source,
    };
    let start = schedule::start_utc(sched, account)
        .map_err(err)?
        .unwrap_or(starts);
    let end = schedule::end_from(sched, account, start).map_err(err)?;
    let schedule_type = if end.is_some() {
        "SCHEDULE_START_END"
    } else {
        "SCHEDULE_FROM_NOW"
    };
    o.insert("schedule_type".into(), json!(schedule_type));
    o.insert(
        "schedule_start_time".into(),
        json!(schedule::wire_time(start)),
    );
    if let Some(end) = end {
        o.insert("schedule_end_time".into(), json!(schedule::wire_time(end)));
    }
    if let Some(d) = &sched.dayparting
        && let Some(bits) = schedule::dayparting_wire(d).map_err(err)?
    {
        o.insert("dayparting".into(), json!(bits));
    }

    match g.placements.as_ref().map(|p| &p.value) {
        Some(Placements::Chosen(list)) => {
            o.insert("placement_type".into(), json!("PLACEMENT_TYPE_NORMAL"));
            let v: Vec<_> = list.iter().map(|p| p.wire()).collect();
            o.insert("placements".into(), json!(v));
        }
        _ => {
            o.insert("placement_type".into(), json!("PLACEMENT_TYPE_AUTOMATIC"));
        }
    }

    if let Some(a) = &g.attribution {
        if let Some(c) = &a.click {
            o.insert("click_attribution_window".into(), json!(c.wire()));
        }
        if let Some(v) = &a.view {
            o.insert("view_attribution_window".into(), json!(v.wire()));
        }
        if let Some(e) = &a.event_count {
            o.insert("attribution_event_count".into(), json!(e.wire()));
        }
    }

    let mode = g
        .targeting
        .mode
        .as_ref()
        .map(|m| m.value)
        .unwrap_or_default();
    o.insert("targeting_optimization_mode".into(), json!(mode.wire()));
    o.insert(
        "suggestion_audience_enabled".into(),
        json!(mode.suggestions()),
    );
    o.insert("targeting_spec".into(), targeting(&g.targeting, mode));

    if let Some(rotation) = c
        .automation
        .as_ref()
        .and_then(|a| a.creative_rotation.as_ref())
    {
        let on = rotation.value == Automation::Automatic;
        o.insert(
            wire_uncertain::CREATIVE_ROTATION_KEY.into(),
            json!(if on { "ON" } else { "OFF" }),
        );
    }
    o.insert(
        "operation_status".into(),
        json!(
            g.status
                .as_ref()
                .map(|s| s.value)
                .unwrap_or_default()
                .wire()
        ),
    );
    Ok(Value::Object(o))
}

/// Which bid field a cost cap goes in: clicks bid per click, the rest per conversion.
pub fn bid_key(goal: OptimizationGoal) -> &'static str {
    if goal == OptimizationGoal::Click {
        "bid_price"
    } else {
        "conversion_bid_price"
    }
}

/// The `targeting_spec`, holding only what the mode uses (the platform drops the rest).
fn targeting(t: &Targeting, mode: TargetingMode) -> Value {
    let mut o = Map::new();
    let strings = |l: &Option<crate::spec::Sp<Vec<crate::spec::Sp<String>>>>| -> Value {
        let v: Vec<&str> = l
            .as_ref()
            .map(|l| l.iter().map(|s| s.as_str()).collect())
            .unwrap_or_default();
        json!(v)
    };
    o.insert("location_ids".into(), strings(&t.locations));
    o.insert("languages".into(), strings(&t.languages));
    o.insert(
        "excluded_audience_ids".into(),
        strings(&t.excluded_audiences),
    );
    let os: Vec<&str> = t
        .operating_systems
        .as_ref()
        .map(|l| l.iter().map(|s| s.wire()).collect())
        .unwrap_or_default();
    o.insert("operating_systems".into(), json!(os));
    if mode != TargetingMode::Manual {
        let age = t
            .minimum_age
            .as_ref()
            .map(|a| a.value.clone())
            .unwrap_or_default();
        o.insert("spc_audience_age".into(), json!(age.wire()));
    }
    if mode != TargetingMode::Automatic {
        let ages: Vec<&str> = t
            .age_groups
            .as_ref()
            .map(|l| l.iter().map(|s| s.wire()).collect())
            .unwrap_or_default();
        o.insert("age_groups".into(), json!(ages));
        let gender = t
            .gender
            .as_ref()
            .map_or(crate::spec::enums::Gender::Any, |g| g.value);
        o.insert("gender".into(), json!(gender.wire()));
        o.insert("interest_category_ids".into(), strings(&t.interests));
        o.insert("interest_keyword_ids".into(), strings(&t.interest_keywords));
        o.insert("audience_ids".into(), strings(&t.audiences));
        if let Some(actions) = super::behaviors::lower(t.behaviors.as_ref()) {
            o.insert(super::behaviors::KEY.into(), actions);
        }
    }
    Value::Object(o)
}

/// Where an ad's Symphony enhancements go in `ad_configuration` (D-1843317378982914).
pub const ENHANCEMENTS_KEY: &str = "creative_auto_enhancement_strategy_list";

/// The enhancement strategies an `enhancements` block turns on, in the table's order.
fn enhancement_strategies(e: &crate::spec::model::Enhancements) -> Vec<&'static str> {
    let on = |f: &Option<crate::spec::Sp<bool>>| f.as_ref().is_some_and(|b| b.value);
    let flags = [
        ("quality", on(&e.quality)),
        ("resize", on(&e.resize)),
        ("music_refresh", on(&e.music_refresh)),
        ("translate_and_dub", on(&e.translate_and_dub)),
    ];
    crate::spec::enums::ENHANCEMENT_STRATEGIES
        .iter()
        .filter(|(key, _)| flags.iter().any(|(k, set)| k == key && *set))
        .flat_map(|(_, strategies)| strategies.iter().copied())
        .collect()
}

/// The ad create body (without `advertiser_id` and `adgroup_id`).
pub fn ad(a: &Ad) -> Value {
    let mut o = Map::new();
    o.insert(Kind::Ad.name_key().into(), json!(a.name.value));
    o.insert(
        "operation_status".into(),
        json!(
            a.status
                .as_ref()
                .map(|s| s.value)
                .unwrap_or_default()
                .wire()
        ),
    );
    let spark = a.identity.kind.is_spark();
    let creatives: Vec<Value> = a
        .creatives
        .iter()
        .map(|c| json!({ "creative_info": creative(c, a, spark) }))
        .collect();
    o.insert("creative_list".into(), json!(creatives));
    let texts: Vec<Value> = a
        .texts
        .iter()
        .flat_map(|l| l.iter())
        .map(|t| json!({ "ad_text": t.value }))
        .collect();
    o.insert("ad_text_list".into(), json!(texts));
    let ctas: Vec<Value> = a
        .calls_to_action
        .iter()
        .flat_map(|l| l.iter())
        .map(|c| json!({ "call_to_action": c.wire() }))
        .collect();
    o.insert("call_to_action_list".into(), json!(ctas));
    let pages: Vec<Value> = a
        .landing_page
        .iter()
        .map(|u| json!({ "landing_page_url": u.value }))
        .collect();
    o.insert("landing_page_url_list".into(), json!(pages));
    let forms: Vec<Value> = a
        .instant_form_id
        .iter()
        .map(|p| json!({ "page_id": p.value }))
        .collect();
    o.insert("page_list".into(), json!(forms));

    let mut conf = Map::new();
    if !spark {
        conf.insert("identity_type".into(), json!(a.identity.kind.wire()));
        conf.insert("identity_id".into(), json!(identity_id(a)));
    }
    if let Some(id) = &a.call_to_action_id {
        conf.insert("call_to_action_id".into(), json!(id.value));
    }
    let utm: Vec<Value> = a
        .utm
        .iter()
        .flat_map(|m| m.iter())
        .map(|(k, v)| json!({ "key": k, "value": v.value }))
        .collect();
    conf.insert("utm_params".into(), json!(utm));
    if let Some(e) = &a.enhancements {
        conf.insert(ENHANCEMENTS_KEY.into(), json!(enhancement_strategies(e)));
    }
    o.insert("ad_configuration".into(), Value::Object(conf));
    Value::Object(o)
}

/// The identity's id (an identity given by name is resolved before lowering).
fn identity_id(a: &Ad) -> &str {
    a.identity.id.as_ref().map_or("", |i| i.as_str())
}

fn creative(c: &Creative, a: &Ad, spark: bool) -> Value {
    let mut o = Map::new();
    if let Some(v) = &c.video {
        o.insert("ad_format".into(), json!("SINGLE_VIDEO"));
        // Files were resolved to ids before lowering (`assets::resolve`).
        let id = v.id.as_ref().map_or("", |i| i.as_str());
        o.insert("video_info".into(), json!({ "video_id": id }));
        if let Some(cover) = &v.cover {
            o.insert("image_info".into(), json!([{ "web_uri": cover.value }]));
        }
    } else if let Some(car) = &c.carousel {
        o.insert("ad_format".into(), json!("CAROUSEL_ADS"));
        let images: Vec<Value> = car
            .images
            .iter()
            .map(|i| json!({ "web_uri": i.value }))
            .collect();
        o.insert("image_info".into(), json!(images));
        if let Some(m) = &car.music {
            o.insert("music_info".into(), json!({ "music_id": m.value }));
        }
    } else if let Some(post) = &c.spark_post {
        o.insert("ad_format".into(), json!("SINGLE_VIDEO"));
        o.insert("tiktok_item_id".into(), json!(post.value));
    }
    if spark {
        o.insert("identity_type".into(), json!(a.identity.kind.wire()));
        o.insert("identity_id".into(), json!(identity_id(a)));
        if let Some(bc) = &a.identity.business_center_id {
            o.insert("identity_authorized_bc_id".into(), json!(bc.value));
        }
    }
    Value::Object(o)
}
