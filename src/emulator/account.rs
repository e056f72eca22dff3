//! Account-level reads: `advertiser/info/` and the manual `campaign/get/`,
//! `adgroup/get/` and `ad/get/` (which also list legacy and manual objects). The
//! report is in `report`.

use serde_json::{Value, json};

use super::app::{App, Shared};
use super::list::{self, Field, Filter, ListSpec, View};
use super::request::{self, Req};
use super::state::Kind;
use super::wire::{ApiError, ApiResult};

/// When the emulated advertiser account was opened (before the non-Spark cutoff).
const ACCOUNT_CREATED: &str = "2024-03-01 00:00:00";

pub(super) fn advertiser_info(app: &Shared, req: &Req) -> ApiResult<Value> {
    let ids = match req.json_param("advertiser_ids")? {
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Err(ApiError::param(
                "advertiser_ids",
                "Must be a JSON list of ids.",
            ));
        }
        None => return Err(ApiError::missing("advertiser_ids")),
    };
    if ids.is_empty() || ids.len() > 100 {
        return Err(ApiError::param("advertiser_ids", "Must hold 1 to 100 ids."));
    }
    let mut list = Vec::new();
    for id in ids {
        let Value::String(id) = id else {
            return Err(ApiError::param(
                "advertiser_ids",
                "Every id must be a string.",
            ));
        };
        request::check_advertiser(app, &id)?;
        let Some(account) = app.app(&id) else {
            continue;
        };
        let created = super::clock::parse(ACCOUNT_CREATED).unwrap_or_default();
        list.push(json!({
            "advertiser_id": id,
            "name": "smartplus emulator account",
            "company": "smartplus emulator",
            "currency": account.config.currency,
            "timezone": account.config.time_zone,
            "display_timezone": account.config.time_zone,
            "status": "STATUS_ENABLE",
            "role": "ROLE_ADVERTISER",
            "country": "US",
            // advertiser/info reports this one as Unix seconds.
            "create_time": created,
        }));
    }
    let fields = match req.json_param("fields")? {
        Some(Value::Array(f)) => Some(
            f.into_iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect::<Vec<_>>(),
        ),
        _ => None,
    };
    if let Some(fields) = fields {
        for item in &mut list {
            if let Value::Object(m) = item {
                m.retain(|k, _| fields.iter().any(|f| f == k));
            }
        }
    }
    Ok(json!({"list": list}))
}

/// `fields` the manual `campaign/get/` knows; any other is refused.
const CAMPAIGN_FIELDS: &[&str] = &[
    "advertiser_id",
    "campaign_id",
    "campaign_name",
    "campaign_type",
    "campaign_automation_type",
    "is_smart_performance_campaign",
    "is_advanced_dedicated_campaign",
    "objective",
    "objective_type",
    "sales_destination",
    "app_promotion_type",
    "app_id",
    "catalog_enabled",
    "special_industries",
    "budget",
    "budget_mode",
    "budget_optimize_on",
    "operation_status",
    "secondary_status",
    "create_time",
    "modify_time",
    "deep_bid_type",
    "roas_bid",
    "po_number",
];

/// `fields` the manual `adgroup/get/` knows.
const ADGROUP_FIELDS: &[&str] = &[
    "advertiser_id",
    "campaign_id",
    "campaign_name",
    "adgroup_id",
    "adgroup_name",
    "campaign_automation_type",
    "is_smart_performance_campaign",
    "creative_material_mode",
    "promotion_type",
    "optimization_goal",
    "optimization_event",
    "pixel_id",
    "app_id",
    "billing_event",
    "bid_type",
    "bid_price",
    "conversion_bid_price",
    "deep_bid_type",
    "roas_bid",
    "budget",
    "budget_mode",
    "schedule_type",
    "schedule_start_time",
    "schedule_end_time",
    "dayparting",
    "placement_type",
    "placements",
    "location_ids",
    "age_groups",
    "gender",
    "languages",
    "operation_status",
    "secondary_status",
    "create_time",
    "modify_time",
];

/// `fields` the manual `ad/get/` knows.
const AD_FIELDS: &[&str] = &[
    "advertiser_id",
    "campaign_id",
    "campaign_name",
    "adgroup_id",
    "adgroup_name",
    "ad_id",
    "ad_name",
    "smart_plus_ad_id",
    "campaign_automation_type",
    "is_smart_performance_campaign",
    "video_id",
    "image_ids",
    "tiktok_item_id",
    "identity_type",
    "identity_id",
    "ad_text",
    "call_to_action",
    "landing_page_url",
    "operation_status",
    "secondary_status",
    "create_time",
    "modify_time",
];

/// `campaign/get/`: every product's campaigns.
const CAMPAIGNS: ListSpec = ListSpec {
    kind: Kind::Campaign,
    page_size_cap: crate::facts::PAGE_SIZE_CAMPAIGN,
    upgraded_only: false,
    accepted: &[
        "campaign_ids",
        "campaign_name",
        "campaign_type",
        "objective_type",
        "primary_status",
        "secondary_status",
        "is_smart_performance_campaign",
        "campaign_automation_type",
        "creation_filter_start_time",
        "creation_filter_end_time",
    ],
    filters: &[
        Filter::ids("campaign_ids", Field::Id),
        Filter::primary_status(),
        Filter::name("campaign_name"),
        Filter::one_of("objective_type", Field::Own("objective_type")),
        Filter::one_of("campaign_type", Field::Own("campaign_type")),
        Filter::one_of("secondary_status", Field::SecondaryStatus),
        Filter::one_of("campaign_automation_type", Field::Automation),
        Filter::legacy_smart_plus(),
        list::CREATED_FROM,
        list::CREATED_UNTIL,
    ],
    fields: Some(CAMPAIGN_FIELDS),
    view: View::Manual,
};

pub(super) fn manual_campaign_get(app: &App, req: &Req) -> ApiResult<Value> {
    list::list(app, req, &CAMPAIGNS)
}

/// `adgroup/get/`: every product's ad groups.
const ADGROUPS: ListSpec = ListSpec {
    kind: Kind::AdGroup,
    page_size_cap: crate::facts::PAGE_SIZE_ADGROUP,
    upgraded_only: false,
    accepted: &[
        "campaign_ids",
        "adgroup_ids",
        "adgroup_name",
        "primary_status",
        "secondary_status",
        "objective_type",
        "optimization_goal",
        "promotion_type",
        "creation_filter_start_time",
        "creation_filter_end_time",
    ],
    filters: &[
        Filter::ids("campaign_ids", Field::CampaignId),
        Filter::ids("adgroup_ids", Field::AdGroupId),
        Filter::primary_status(),
        Filter::one_of("objective_type", Field::Campaign("objective_type")),
        Filter::one_of("secondary_status", Field::SecondaryStatus),
        list::CREATED_FROM,
        list::CREATED_UNTIL,
        Filter::name("adgroup_name").when_reached(),
        Filter::one_of("optimization_goal", Field::Own("optimization_goal")).when_reached(),
        Filter::one_of("promotion_type", Field::Own("promotion_type")).when_reached(),
    ],
    fields: Some(ADGROUP_FIELDS),
    view: View::Manual,
};

pub(super) fn manual_adgroup_get(app: &App, req: &Req) -> ApiResult<Value> {
    list::list(app, req, &ADGROUPS)
}

/// `ad/get/`: every product's ads.
const ADS: ListSpec = ListSpec {
    kind: Kind::Ad,
    page_size_cap: crate::facts::PAGE_SIZE_AD,
    upgraded_only: false,
    accepted: &[
        "campaign_ids",
        "adgroup_ids",
        "ad_ids",
        "primary_status",
        "secondary_status",
        "objective_type",
        "creation_filter_start_time",
        "creation_filter_end_time",
    ],
    filters: &[
        Filter::ids("campaign_ids", Field::CampaignId),
        Filter::ids("adgroup_ids", Field::AdGroupId),
        Filter::ids("ad_ids", Field::Id),
        Filter::primary_status(),
        Filter::one_of("objective_type", Field::Campaign("objective_type")),
        Filter::one_of("secondary_status", Field::SecondaryStatus),
        list::CREATED_FROM,
        list::CREATED_UNTIL,
    ],
    fields: Some(AD_FIELDS),
    view: View::Manual,
};

pub(super) fn manual_ad_get(app: &App, req: &Req) -> ApiResult<Value> {
    list::list(app, req, &ADS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_read_every_accepted_filter() {
        for spec in [&super::CAMPAIGNS, &super::ADGROUPS, &super::ADS] {
            assert_eq!(spec.flaws(), Vec::<String>::new());
        }
    }
}
