//! Account-level reads: `advertiser/info/`, the manual `campaign/get/`,
//! `adgroup/get/` and `ad/get/` (which also list legacy and manual objects), and a
//! minimal `report/integrated/get/` for lifetime spend.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::app::{App, Shared};
use super::check;
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
    view: View::Manual,
};

pub(super) fn manual_ad_get(app: &App, req: &Req) -> ApiResult<Value> {
    list::list(app, req, &ADS)
}

/// `report/integrated/get/`: lifetime spend per campaign or ad group, from the
/// amounts set through `/_emulator/spend`.
pub(super) fn report(app: &App, req: &Req) -> ApiResult<Value> {
    let report_type = req.query.get("report_type").map_or("BASIC", String::as_str);
    check::check_enum("report_type", report_type, &["BASIC"])?;
    let level = req
        .query
        .get("data_level")
        .ok_or_else(|| ApiError::missing("data_level"))?;
    let (kind, dim) = match level.as_str() {
        "AUCTION_CAMPAIGN" => (Kind::Campaign, "campaign_id"),
        "AUCTION_ADGROUP" => (Kind::AdGroup, "adgroup_id"),
        other => {
            return Err(ApiError::param(
                "data_level",
                format!(
                    "`{other}` is not supported by the emulator; use AUCTION_CAMPAIGN or AUCTION_ADGROUP."
                ),
            ));
        }
    };
    let dimensions = match req.json_param("dimensions")? {
        Some(Value::Array(d)) => d,
        Some(_) => return Err(ApiError::param("dimensions", "Must be a JSON list.")),
        None => return Err(ApiError::missing("dimensions")),
    };
    if dimensions != vec![json!(dim)] {
        return Err(ApiError::param(
            "dimensions",
            format!("With data_level {level} the emulator supports [\"{dim}\"] only."),
        ));
    }
    let metrics: Vec<String> = match req.json_param("metrics")? {
        Some(Value::Array(m)) => m
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(ApiError::param("metrics", "Every metric must be a string.")),
            })
            .collect::<ApiResult<_>>()?,
        Some(_) => return Err(ApiError::param("metrics", "Must be a JSON list.")),
        None => vec!["spend".into()],
    };
    // TikTok's parameter is `query_lifetime`; `lifetime` is accepted as well.
    let lifetime = ["query_lifetime", "lifetime"]
        .iter()
        .any(|k| req.query.get(*k).is_some_and(|v| v == "true"));
    if !lifetime && (!req.query.contains_key("start_date") || !req.query.contains_key("end_date")) {
        return Err(ApiError::param(
            "start_date",
            "start_date and end_date are required unless query_lifetime is true.",
        ));
    }
    let wanted = report_filter(req, kind)?;
    let paging = list::paging(req, 1000)?;
    let decimals = crate::facts::currency(&app.config.currency).map_or(2, |(_, d)| d);
    app.read(|st| {
        let mut rows = Vec::new();
        for id in list::newest_first(st, kind) {
            let Some(spend) = st.spend.get(&id) else {
                continue;
            };
            let excluded = wanted.iter().any(|(field, ids)| {
                let key = if *field == "campaign_ids" {
                    st.campaign_of(kind, &id).unwrap_or_default()
                } else {
                    id.clone()
                };
                !ids.contains(&key)
            });
            if excluded {
                continue;
            }
            let spend = spend.parse::<Decimal>().unwrap_or_default();
            let mut m = Map::new();
            for metric in &metrics {
                let v = if metric == "spend" {
                    check::money(spend, decimals)
                } else {
                    "0".into()
                };
                m.insert(metric.clone(), json!(v));
            }
            let mut d = Map::new();
            d.insert(dim.into(), json!(id));
            let mut row = Map::new();
            row.insert("dimensions".into(), Value::Object(d));
            row.insert("metrics".into(), Value::Object(m));
            rows.push(row);
        }
        Ok(list::page(rows, &paging, None, Some))
    })
}

/// Report `filtering`: `[{"field_name": "campaign_ids", "filter_type": "IN",
/// "filter_value": "[\"1\"]"}]`, as (field, ids) pairs.
fn report_filter(req: &Req, kind: Kind) -> ApiResult<Vec<(&'static str, Vec<String>)>> {
    let Some(v) = req.json_param("filtering")? else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = v else {
        return Err(ApiError::param(
            "filtering",
            "Must be a JSON list of {field_name, filter_type, filter_value}.",
        ));
    };
    let mut out = Vec::new();
    for item in items {
        let field = match item.get("field_name").and_then(Value::as_str) {
            Some("campaign_ids") => "campaign_ids",
            Some("adgroup_ids") if kind == Kind::AdGroup => "adgroup_ids",
            other => {
                return Err(ApiError::param(
                    "filtering.field_name",
                    format!(
                        "`{}` is not supported by the emulator at this data level; use campaign_ids (or adgroup_ids for AUCTION_ADGROUP).",
                        other.unwrap_or_default()
                    ),
                ));
            }
        };
        let list: Vec<String> = match item.get("filter_value") {
            Some(Value::String(s)) => serde_json::from_str(s).map_err(|_| {
                ApiError::param("filtering.filter_value", "Must be a JSON list of ids.")
            })?,
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => return Err(ApiError::missing("filtering.filter_value")),
        };
        out.push((field, list));
    }
    Ok(out)
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
