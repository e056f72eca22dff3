//! `/smart_plus/campaign/*`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::app::App;
use super::budget;
use super::check::{self, Obj};
use super::list::{self, Field, Filter, ListSpec, View};
use super::records;
use super::request::Req;
use super::state::{Automation, Kind, Record, State};
use super::wire::{ApiError, ApiResult};

const OBJECTIVES: &[&str] = &["APP_PROMOTION", "WEB_CONVERSIONS", "LEAD_GENERATION"];
const SALES_DESTINATIONS: &[&str] = &["WEBSITE", "APP", "WEB_AND_APP"];
const APP_PROMOTION_TYPES: &[&str] = &["APP_INSTALL", "APP_RETARGETING", "MINIS"];
const CAMPAIGN_TYPES: &[&str] = &["REGULAR_CAMPAIGN", "IOS14_CAMPAIGN"];
const CATALOG_TYPES: &[&str] = &["ECOMMERCE", "TRAVEL_ENTERTAINMENT", "MINI_SERIES"];
const SPECIAL_INDUSTRIES: &[&str] = &["HOUSING", "EMPLOYMENT", "CREDIT"];
const OPERATION_STATUSES: &[&str] = &["ENABLE", "DISABLE"];
const CBO_MODES: &[&str] = &["BUDGET_MODE_DYNAMIC_DAILY_BUDGET", "BUDGET_MODE_TOTAL"];
const NON_CBO_MODES: &[&str] = &[
    "BUDGET_MODE_INFINITE",
    "BUDGET_MODE_DAY",
    "BUDGET_MODE_TOTAL",
];
const AUTO_ADJUST: &[&str] = &["AUTO_BUDGET_INCREASE", "UNSET"];
const ADGROUP_MODES: &[&str] = &["SINGLE", "MULTIPLE"];

/// Fields an update may not change (changing one means a new campaign).
const IMMUTABLE: &[&str] = &[
    "objective_type",
    "budget_mode",
    "budget_optimize_on",
    "sales_destination",
];
/// Fields the server owns; ignored when a client sends them to update.
const SERVER_OWNED: &[&str] = &[
    "advertiser_id",
    "campaign_id",
    "create_time",
    "modify_time",
    "secondary_status",
    "operation_status",
    "request_id",
    "smart_plus_adgroup_mode",
    "campaign_automation_type",
];
/// Fields `campaign/update/` accepts; the rest are ignored, as TikTok ignores
/// parameters an endpoint does not know.
const UPDATABLE: &[&str] = &[
    "campaign_name",
    "budget",
    "budget_auto_adjust_strategy",
    "po_number",
];

/// `/smart_plus/campaign/get/`.
const LIST: ListSpec = ListSpec {
    kind: Kind::Campaign,
    page_size_cap: crate::facts::PAGE_SIZE_CAMPAIGN,
    upgraded_only: true,
    accepted: &[
        "campaign_ids",
        "campaign_name",
        "primary_status",
        "secondary_status",
        "objective_type",
        "sales_destination",
        "creation_filter_start_time",
        "creation_filter_end_time",
        "operation_status",
    ],
    filters: &[
        Filter::ids("campaign_ids", Field::Id),
        Filter::primary_status(),
        Filter::name("campaign_name"),
        Filter::one_of("secondary_status", Field::SecondaryStatus),
        Filter::one_of("objective_type", Field::Own("objective_type")),
        Filter::one_of("sales_destination", Field::Own("sales_destination")),
        list::CREATED_FROM,
        list::CREATED_UNTIL,
        // Live ignores it: the list is not filtered by it.
        Filter::ignored("operation_status"),
    ],
    fields: None,
    view: View::SmartPlus,
};

pub(super) fn create(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let rid = records::request_id(b)?.to_owned();
    let currency = app.config.currency.clone();
    app.write(|st| {
        // Same key, same answer: a retry never makes a second campaign.
        if let Some(id) = st.campaign_requests.get(&rid).cloned() {
            return Ok(Value::Object(
                st.render(Kind::Campaign, &id).unwrap_or_default(),
            ));
        }
        let mut obj = b.clone();
        obj.remove("request_id");
        for k in SERVER_OWNED {
            if *k != "advertiser_id" && *k != "operation_status" && *k != "smart_plus_adgroup_mode"
            {
                obj.remove(*k);
            }
        }
        fill_defaults(&mut obj);
        validate(&obj, &currency)?;
        let id = st.new_id();
        let now = st.clock.now_string();
        obj.insert("campaign_id".into(), json!(id));
        obj.insert("create_time".into(), json!(now));
        obj.insert("modify_time".into(), json!(now));
        let seq = st.next_seq();
        st.campaigns.insert(
            id.clone(),
            Record {
                seq,
                automation: Automation::UpgradedSmartPlus,
                deleted: false,
                parent: None,
                status_override: None,
                data: obj,
            },
        );
        st.campaign_requests.insert(rid.clone(), id.clone());
        Ok(Value::Object(
            st.render(Kind::Campaign, &id).unwrap_or_default(),
        ))
    })
}

/// Server defaults for a new campaign.
fn fill_defaults(obj: &mut Obj) {
    let cbo = budget::is_cbo(obj);
    if !check::has(obj, "budget_optimize_on") {
        obj.insert("budget_optimize_on".into(), json!(true));
    }
    if !check::has(obj, "budget_mode") {
        let mode = if cbo {
            "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"
        } else {
            "BUDGET_MODE_INFINITE"
        };
        obj.insert("budget_mode".into(), json!(mode));
    }
    if obj.get("budget_mode").and_then(Value::as_str) == Some("BUDGET_MODE_INFINITE") {
        // An unlimited campaign has no budget of its own.
        obj.remove("budget");
    }
    for (key, default) in [
        ("campaign_type", "REGULAR_CAMPAIGN"),
        ("operation_status", "ENABLE"),
        ("smart_plus_adgroup_mode", "MULTIPLE"),
    ] {
        if !check::has(obj, key) {
            obj.insert(key.into(), json!(default));
        }
    }
}

/// Rules for a whole campaign object (new, or merged with an update).
fn validate(obj: &Obj, currency: &str) -> ApiResult<()> {
    check::name("campaign_name", check::req_str(obj, "campaign_name")?)?;
    let objective = check::req_str(obj, "objective_type")?;
    if objective == "TRAFFIC" {
        return Err(ApiError::param(
            "objective_type",
            "TRAFFIC is not supported by Upgraded Smart+; use APP_PROMOTION, WEB_CONVERSIONS or LEAD_GENERATION.",
        ));
    }
    check::check_enum("objective_type", objective, OBJECTIVES)?;
    let dest = check::opt_enum(obj, "sales_destination", SALES_DESTINATIONS)?;
    if objective == "WEB_CONVERSIONS" && dest.is_none() {
        return Err(ApiError::param(
            "sales_destination",
            "Required when objective_type is WEB_CONVERSIONS.",
        ));
    }
    let apt = check::opt_enum(obj, "app_promotion_type", APP_PROMOTION_TYPES)?;
    if apt.is_some() && objective != "APP_PROMOTION" {
        return Err(ApiError::param(
            "app_promotion_type",
            "Only allowed when objective_type is APP_PROMOTION.",
        ));
    }
    if apt.is_none() && objective == "APP_PROMOTION" {
        return Err(ApiError::param(
            "app_promotion_type",
            "Required when objective_type is APP_PROMOTION.",
        ));
    }
    check::opt_enum(obj, "campaign_type", CAMPAIGN_TYPES)?;
    let catalog = check::opt_bool(obj, "catalog_enabled")?.unwrap_or(false);
    if check::opt_enum(obj, "catalog_type", CATALOG_TYPES)?.is_none() && catalog {
        return Err(ApiError::param(
            "catalog_type",
            "Required when catalog_enabled is true.",
        ));
    }
    check::opt_enum_list(obj, "special_industries", SPECIAL_INDUSTRIES)?;
    check::opt_enum(obj, "operation_status", OPERATION_STATUSES)?;
    check::opt_enum(obj, "smart_plus_adgroup_mode", ADGROUP_MODES)?;
    check::opt_bool(obj, "is_advanced_dedicated_campaign")?;
    check::opt_str(obj, "po_number")?;
    let cbo = check::opt_bool(obj, "budget_optimize_on")?.unwrap_or(true);
    let modes = if cbo { CBO_MODES } else { NON_CBO_MODES };
    let mode = check::req_str(obj, "budget_mode")?;
    if !modes.contains(&mode) {
        let why = if cbo {
            "with budget_optimize_on true the mode must be BUDGET_MODE_DYNAMIC_DAILY_BUDGET or BUDGET_MODE_TOTAL"
        } else {
            "with budget_optimize_on false the mode must be BUDGET_MODE_INFINITE, BUDGET_MODE_DAY or BUDGET_MODE_TOTAL"
        };
        return Err(ApiError::param(
            "budget_mode",
            format!("`{mode}` is not allowed: {why}."),
        ));
    }
    let budget = check::opt_num(obj, "budget")?;
    if mode != "BUDGET_MODE_INFINITE" {
        let budget = budget.ok_or_else(|| {
            ApiError::param("budget", format!("Required with budget_mode {mode}."))
        })?;
        budget::bounds(
            "budget",
            budget,
            currency,
            crate::facts::CAMPAIGN_BUDGET_FLOOR,
            1,
        )?;
    }
    if let Some(s) = check::opt_enum(obj, "budget_auto_adjust_strategy", AUTO_ADJUST)?
        && s == "AUTO_BUDGET_INCREASE"
        && !(cbo && mode == "BUDGET_MODE_DYNAMIC_DAILY_BUDGET")
    {
        return Err(ApiError::param(
            "budget_auto_adjust_strategy",
            "AUTO_BUDGET_INCREASE needs budget_optimize_on true and BUDGET_MODE_DYNAMIC_DAILY_BUDGET.",
        ));
    }
    Ok(())
}

pub(super) fn update(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let id = check::req_id(b, "campaign_id")?.to_owned();
    let currency = app.config.currency.clone();
    app.write(|st| {
        let current = records::writable(st, Kind::Campaign, &id)?.data.clone();
        let mut merged = current.clone();
        // A budget at or below today's spend is ignored without a word.
        let ignored = check::opt_num(b, "budget")?
            .is_some_and(|v| budget::ignored_below_today(st, &id, v));
        for (k, v) in b {
            if ignored && k == "budget" {
                continue;
            }
            if IMMUTABLE.contains(&k.as_str()) {
                if !check::same(current.get(k), Some(v)) {
                    return Err(ApiError::param(
                        k,
                        "This field cannot be changed after creation; create a new campaign instead.",
                    ));
                }
                continue;
            }
            if UPDATABLE.contains(&k.as_str()) {
                merged.insert(k.clone(), v.clone());
            }
        }
        validate(&merged, &currency)?;
        if let Some(budget) = check::opt_num(b, "budget")?
            && !ignored
            && !check::same(current.get("budget"), b.get("budget"))
        {
            budget::covers_spend(st, "budget", &id, budget, &currency)?;
            deep_funnel_resent(st, &id, b)?;
            above_bids(st, &id, budget)?;
        }
        merged.insert("modify_time".into(), json!(st.clock.now_string()));
        if let Some(rec) = st.campaigns.get_mut(&id) {
            rec.data = merged;
        }
        Ok(Value::Object(st.render(Kind::Campaign, &id).unwrap_or_default()))
    })
}

/// Live refuses a budget change on a campaign whose ad groups optimise a deeper
/// funnel event unless the update sends `deep_funnel_optimization_status` again.
fn deep_funnel_resent(st: &State, id: &str, body: &Obj) -> ApiResult<()> {
    let deep = st
        .live_adgroups_of(id)
        .iter()
        .any(|g| g.str("deep_funnel_optimization_status") == Some("ON"));
    if deep
        && body
            .get("deep_funnel_optimization_status")
            .and_then(Value::as_str)
            != Some("ON")
    {
        return Err(ApiError::param(
            "deep_funnel_optimization_status",
            "The campaign has ad groups with deep funnel optimization; send deep_funnel_optimization_status ON with the budget.",
        ));
    }
    Ok(())
}

/// Live refuses a campaign budget below the highest bid of its ad groups.
fn above_bids(st: &State, id: &str, budget: Decimal) -> ApiResult<()> {
    let highest = st
        .live_adgroups_of(id)
        .iter()
        .flat_map(|g| ["bid_price", "conversion_bid_price"].map(|k| check::opt_num(&g.data, k)))
        .filter_map(|b| b.ok().flatten())
        .max();
    if let Some(bid) = highest
        && budget < bid
    {
        // Live wording ("budget cannot be less than …").
        return Err(ApiError::param(
            "budget",
            format!("budget cannot be less than the highest bid of its ad groups ({bid})"),
        ));
    }
    Ok(())
}

pub(super) fn status(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let ids = check::req_id_list(b, "campaign_ids", crate::facts::MAX_BATCH_IDS)?;
    let op = check::req_enum(b, "operation_status", &["ENABLE", "DISABLE", "DELETE"])?;
    app.write(|st| {
        let mut done = Vec::new();
        let mut errors = Vec::new();
        let now = st.clock.now_string();
        for id in &ids {
            if let Err(e) = records::writable(st, Kind::Campaign, id) {
                errors.push(json!({"campaign_id": id, "error_message": e.message}));
                continue;
            }
            if let Some(rec) = st.campaigns.get_mut(id) {
                records::set_status(rec, op, &now);
            }
            done.push(json!({"campaign_id": id, "status": op}));
        }
        Ok(json!({"campaign_list": done, "error_list": errors}))
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
