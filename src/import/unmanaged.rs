//! Campaigns smartplus cannot manage (legacy Smart+ and manual), described so the
//! user knows why and what to do, with the settings needed to rebuild a legacy one.

use serde_json::Value;

use crate::spec::Money;
use crate::spec::enums::{
    AppPromotionType, BudgetMode, Objective, SalesDestination, SpecialIndustry, Status,
};
use crate::wire::{OtherCampaign, OtherKind};

/// One setting as `campaign/get/` returns it, with how a spec says it when it can.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub value: String,
    /// `objective: web_conversions` and the like.
    pub spec: Option<String>,
}

/// A campaign that was not imported because smartplus cannot manage it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmanaged {
    pub id: String,
    pub name: String,
    pub kind: OtherKind,
    pub status: String,
    pub objective: String,
    pub budget: String,
    /// Every other setting `campaign/get/` returned (legacy campaigns).
    pub settings: Vec<Setting>,
}

impl Unmanaged {
    pub fn kind_label(&self) -> &'static str {
        match self.kind {
            OtherKind::LegacySmartPlus => "legacy Smart+",
            OtherKind::Manual => "manual",
        }
    }
}

/// Why smartplus leaves this kind of campaign alone.
pub fn why(kind: OtherKind) -> &'static str {
    match kind {
        OtherKind::LegacySmartPlus => {
            "built with the legacy single-call Smart+ API (/campaign/spc/), which takes no new campaigns since 2026-03-31 and no changes since 2026-06-30"
        }
        OtherKind::Manual => "a manual campaign, not Smart+",
    }
}

/// What the user can do about it.
pub fn what_to_do(kind: OtherKind) -> &'static str {
    match kind {
        OtherKind::LegacySmartPlus => {
            "recreate it as an Upgraded Smart+ campaign: write a spec with a new name from its settings, run `smartplus plan` and `smartplus apply`, then pause the legacy campaign in Ads Manager (see docs/import.md)"
        }
        OtherKind::Manual => {
            "manage it in Ads Manager; smartplus leaves it as it is (see docs/import.md)"
        }
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(text).collect();
            format!("[{}]", inner.join(", "))
        }
        other => other.to_string(),
    }
}

fn readable<T: std::fmt::Display>(v: &Value, from: fn(&str) -> Option<T>) -> Option<String> {
    v.as_str().and_then(from).map(|x| x.to_string())
}

/// How a spec would say this setting, where there is a spec equivalent.
fn spec_form(key: &str, v: &Value) -> Option<String> {
    let form = |path: &str, value: Option<String>| value.map(|x| format!("{path}: {x}"));
    match key {
        "objective_type" => form("objective", readable(v, Objective::from_wire)),
        "sales_destination" => form(
            "sales_destination",
            readable(v, SalesDestination::from_wire),
        ),
        "app_promotion_type" => form(
            "app.promotion_type",
            readable(v, AppPromotionType::from_wire),
        ),
        "app_id" => form("app.id", Some(format!("\"{}\"", text(v)))),
        "budget_optimize_on" => form("budget.cbo", v.as_bool().map(|b| b.to_string())),
        "budget_mode" => form("budget.mode", readable(v, BudgetMode::from_wire)),
        "budget" => form("budget.amount", Money::from_json(v).map(|m| m.to_string())),
        "operation_status" => form("status", readable(v, Status::from_wire)),
        "special_industries" => {
            let items: Option<Vec<String>> = v.as_array().map(|a| {
                a.iter()
                    .filter_map(|x| readable(x, SpecialIndustry::from_wire))
                    .collect()
            });
            form(
                "special_industries",
                items.map(|i| format!("[{}]", i.join(", "))),
            )
        }
        _ => None,
    }
}

/// Keys shown first, in this order; the rest follow alphabetically.
const FIRST: &[&str] = &[
    "objective_type",
    "sales_destination",
    "app_id",
    "app_promotion_type",
    "budget_optimize_on",
    "budget_mode",
    "budget",
    "operation_status",
    "secondary_status",
    "special_industries",
    "campaign_type",
    "create_time",
    "modify_time",
];

/// Keys not worth repeating: identity and the product markers already shown.
const HIDDEN: &[&str] = &[
    "advertiser_id",
    "campaign_id",
    "campaign_name",
    "campaign_automation_type",
    "is_smart_performance_campaign",
];

pub fn describe(o: &OtherCampaign, currency: &str) -> Unmanaged {
    let raw = &o.raw;
    let get = |k: &str| raw.get(k).filter(|v| !v.is_null());
    let status = get("operation_status")
        .and_then(|v| readable(v, Status::from_wire))
        .unwrap_or_else(|| "unknown".into());
    let objective = get("objective_type").map_or_else(
        || "unknown".into(),
        |v| readable(v, Objective::from_wire).unwrap_or_else(|| text(v).to_lowercase()),
    );
    let mode = get("budget_mode").and_then(|v| v.as_str().and_then(BudgetMode::from_wire));
    let amount = get("budget").and_then(Money::from_json);
    let budget = match (mode, amount) {
        (Some(BudgetMode::Unlimited), _) => "unlimited".to_string(),
        (Some(m), Some(a)) => format!("{m} {a} {currency}"),
        (None, Some(a)) => format!("{a} {currency}"),
        (Some(m), None) => m.to_string(),
        (None, None) => "unknown".to_string(),
    };
    let settings = if o.kind == OtherKind::LegacySmartPlus {
        settings(raw)
    } else {
        Vec::new()
    };
    Unmanaged {
        id: o.id.clone(),
        name: o.name.clone(),
        kind: o.kind,
        status,
        objective,
        budget,
        settings,
    }
}

fn settings(raw: &Value) -> Vec<Setting> {
    let Value::Object(map) = raw else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = map
        .keys()
        .filter(|k| !HIDDEN.contains(&k.as_str()))
        .filter(|k| !map[k.as_str()].is_null())
        .collect();
    keys.sort_by_key(|k| {
        (
            FIRST.iter().position(|f| f == k).unwrap_or(FIRST.len()),
            (*k).clone(),
        )
    });
    keys.into_iter()
        .map(|k| Setting {
            key: k.clone(),
            value: text(&map[k.as_str()]),
            spec: spec_form(k, &map[k.as_str()]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn legacy_settings_come_with_their_spec_form() {
        let o = OtherCampaign {
            id: "9".into(),
            name: "Old".into(),
            kind: OtherKind::LegacySmartPlus,
            raw: json!({
                "campaign_id": "9",
                "campaign_name": "Old",
                "campaign_automation_type": "SMART_PLUS",
                "zeta": true,
                "budget": 100.5,
                "budget_mode": "BUDGET_MODE_DAY",
                "objective_type": "WEB_CONVERSIONS",
                "operation_status": "ENABLE",
                "po_number": null,
            }),
        };
        let u = describe(&o, "USD");
        assert_eq!(u.objective, "web_conversions");
        assert_eq!(u.status, "enabled");
        assert_eq!(u.budget, "daily 100.50 USD");
        let keys: Vec<&str> = u.settings.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "objective_type",
                "budget_mode",
                "budget",
                "operation_status",
                "zeta"
            ]
        );
        assert_eq!(u.settings[2].spec.as_deref(), Some("budget.amount: 100.50"));
        assert_eq!(u.settings[4].spec, None);
    }

    #[test]
    fn manual_campaigns_keep_their_wire_objective() {
        let o = OtherCampaign {
            id: "8".into(),
            name: "Brand".into(),
            kind: OtherKind::Manual,
            raw: json!({"objective_type": "RF_REACH", "budget_mode": "BUDGET_MODE_INFINITE", "operation_status": "DISABLE"}),
        };
        let u = describe(&o, "EUR");
        assert_eq!(
            (u.objective.as_str(), u.budget.as_str(), u.status.as_str()),
            ("rf_reach", "unlimited", "disabled")
        );
        assert!(u.settings.is_empty());
    }
}
