//! `/smart_plus/adgroup/*`. What TikTok fills in on save is in `defaults`, the
//! rules an ad group must follow in `validate`.

mod defaults;
mod validate;

use serde_json::{Value, json};

use super::app::App;
use super::budget;
use super::check::{self, Obj};
use super::list::{self, Field, Filter, ListSpec, View};
use super::records;
use super::request::Req;
use super::state::{Automation, Kind, Record, State};
use super::wire::{ApiError, ApiResult, code};

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
    "promotion_target_type",
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
        "operation_status",
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
        // Live ignores it: the list is not filtered by it.
        Filter::ignored("operation_status"),
    ],
    fields: None,
    view: View::SmartPlus,
};

pub(super) fn create(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let rid = records::request_id(b)?.to_owned();
    let campaign_id = check::req_id(b, "campaign_id")?.to_owned();
    let currency = app.config.currency.clone();
    let created = app.write(|st| {
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
        validate::targeting_shape(&obj)?;
        validate::attribution_pair(&obj)?;
        defaults::fill(&mut obj, &camp);
        validate::validate(&obj, &camp, &currency, st.clock.now())?;
        validate::start_in_future(&obj, st.clock.now())?;
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
    })?;
    if let Some(id) = created.get("adgroup_id").and_then(Value::as_str) {
        app.adgroup_created(id);
    }
    Ok(created)
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

pub(super) fn update(app: &App, req: &Req) -> ApiResult<Value> {
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
        validate::targeting_shape(b)?;
        // A budget at or below today's spend is ignored without a word.
        let ignored = check::opt_num(b, "budget")?
            .is_some_and(|v| budget::ignored_below_today(st, &id, v));
        let mut merged = current.clone();
        for (k, v) in b {
            let k = k.as_str();
            if cbo && matches!(k, "budget" | "budget_mode" | "budget_auto_adjust_strategy") {
                continue; // ignored under CBO, as on create
            }
            if ignored && k == "budget" {
                continue;
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
        defaults::normalise(&mut merged);
        // Once targeted, the US may give way to places in it, never be dropped.
        let us = crate::facts::US_LOCATION;
        let had_us = location_ids(&current).iter().any(|l| l == us);
        if had_us && !location_ids(&merged).iter().any(|l| crate::facts::is_us_location(l)) {
            return Err(ApiError::param(
                "targeting_spec.location_ids",
                format!("The United States ({us}) cannot be removed once targeted; target it or places in it."),
            ));
        }
        validate::validate(&merged, &camp, &currency, st.clock.now())?;
        if !check::same(
            current.get("schedule_start_time"),
            merged.get("schedule_start_time"),
        ) {
            validate::start_in_future(&merged, st.clock.now())?;
        }
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

pub(super) fn status(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let ids = check::req_id_list(b, "adgroup_ids", crate::facts::MAX_BATCH_IDS)?;
    let op = check::req_enum(b, "operation_status", &["ENABLE", "DISABLE", "DELETE"])?;
    app.write(|st| {
        let mut done = Vec::new();
        let mut errors = Vec::new();
        let now = st.clock.now_string();
        for id in &ids {
            if let Err(e) = records::writable(st, Kind::AdGroup, id) {
                errors.push(json!({"adgroup_id": id, "error_message": e.message}));
                continue;
            }
            if let Some(rec) = st.adgroups.get_mut(id) {
                records::set_status(rec, op, &now);
            }
            done.push(json!({"adgroup_id": id, "status": op}));
        }
        Ok(json!({"adgroup_list": done, "error_list": errors}))
    })
}

pub(super) fn budget_update(app: &App, req: &Req) -> ApiResult<Value> {
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
                // Under CBO only a scheduled budget of an ad group with its own
                // minimum or maximum budget is allowed.
                let bounded = check::has(&rec.data, "min_budget") || check::has(&rec.data, "max_budget");
                if cbo && !(field == "scheduled_budget" && bounded) {
                    return Err(ApiError::param(
                        field,
                        format!("Ad group {id} belongs to a campaign with budget optimization (CBO); change the campaign budget instead."),
                    ));
                }
                if cbo || (field == "budget" && budget::ignored_below_today(st, &id, amount)) {
                    // Accepted; a CBO ad group's budget is the campaign's, and one
                    // at or below today's spend is ignored without a word.
                    continue;
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
                validate::validate(&merged, &camp, &currency, st.clock.now())?;
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

pub(super) fn get(app: &App, req: &Req) -> ApiResult<Value> {
    list::list(app, req, &LIST)
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_reads_every_accepted_filter() {
        assert_eq!(super::LIST.flaws(), Vec::<String>::new());
    }
}
