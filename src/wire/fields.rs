//! What each spec field means for a live object: can it change in place, through
//! which wire keys, and does changing it restart ad review or move a bid.

use crate::api::Kind;

/// How a field can change on a live object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutability {
    /// Through the update call.
    Update,
    /// Through the status call.
    Status,
    /// Not at all: the object must be replaced.
    Replace,
}

#[derive(Debug)]
pub struct FieldInfo {
    /// Spec path prefix (`budget.amount`, `targeting`).
    pub prefix: &'static str,
    pub mutability: Mutability,
    /// Wire keys to send when it changes.
    pub wire: &'static [&'static str],
    /// Changing it sends the ad (or the ad group's ads) back to review.
    pub restarts_review: bool,
    /// It is a bid: subject to the 15% step rule and the sibling cascade.
    pub bid: bool,
}

const fn f(
    prefix: &'static str,
    mutability: Mutability,
    wire: &'static [&'static str],
    restarts_review: bool,
    bid: bool,
) -> FieldInfo {
    FieldInfo {
        prefix,
        mutability,
        wire,
        restarts_review,
        bid,
    }
}

use Mutability::{Replace, Status, Update};

static CAMPAIGN: &[FieldInfo] = &[
    f("name", Update, &[Kind::Campaign.name_key()], false, false),
    f("status", Status, &[], false, false),
    f("budget.amount", Update, &["budget"], false, false),
    f("budget", Replace, &[], false, false),
    f("objective", Replace, &[], false, false),
    f("sales_destination", Replace, &[], false, false),
    f("app", Replace, &[], false, false),
    f("special_industries", Replace, &[], false, false),
];

static AD_GROUP: &[FieldInfo] = &[
    f("name", Update, &[Kind::AdGroup.name_key()], false, false),
    f("status", Status, &[], false, false),
    f("budget.amount", Update, &["budget"], false, false),
    f("budget", Replace, &[], false, false),
    f("optimization", Replace, &[], false, false),
    f(
        "bidding.amount",
        Update,
        &["bid_price", "conversion_bid_price"],
        false,
        true,
    ),
    f("bidding.roas", Update, &["roas_bid"], false, true),
    f("bidding", Replace, &[], false, false),
    f("schedule.dayparting", Update, &["dayparting"], false, false),
    f(
        "schedule",
        Update,
        &["schedule_type", "schedule_start_time", "schedule_end_time"],
        false,
        false,
    ),
    f("placements", Replace, &[], false, false),
    f("attribution", Replace, &[], false, false),
    f(
        "targeting",
        Update,
        &[
            "targeting_optimization_mode",
            "suggestion_audience_enabled",
            "targeting_spec",
        ],
        true,
        false,
    ),
];

static AD: &[FieldInfo] = &[
    f("name", Update, &[Kind::Ad.name_key()], false, false),
    f("status", Status, &[], false, false),
    f(
        "identity",
        Update,
        &["creative_list", "ad_configuration"],
        true,
        false,
    ),
    f("creatives", Update, &["creative_list"], true, false),
    f("texts", Update, &["ad_text_list"], true, false),
    f(
        "calls_to_action",
        Update,
        &["call_to_action_list"],
        true,
        false,
    ),
    f(
        "call_to_action_id",
        Update,
        &["ad_configuration"],
        false,
        false,
    ),
    f(
        "call_to_action_portfolio",
        Update,
        &["ad_configuration"],
        false,
        false,
    ),
    f(
        "landing_page",
        Update,
        &["landing_page_url_list"],
        true,
        false,
    ),
    f("instant_form", Update, &["page_list"], false, false),
    f("utm", Update, &["ad_configuration"], false, false),
    f("enhancements", Update, &["ad_configuration"], true, false),
];

/// The most specific entry for a spec path.
pub fn info(kind: Kind, path: &str) -> Option<&'static FieldInfo> {
    let table = match kind {
        Kind::Campaign => CAMPAIGN,
        Kind::AdGroup => AD_GROUP,
        Kind::Ad => AD,
    };
    table.iter().find(|i| {
        path == i.prefix
            || path
                .strip_prefix(i.prefix)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// Fields that are filled by the server when the spec leaves them out: a live value
/// is not a difference unless the spec names one.
pub const SERVER_FILLED: &[&str] = &[
    "schedule.start",
    "attribution.click",
    "attribution.view",
    "attribution.event_count",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_specific_prefix_wins() {
        let amount = info(Kind::Campaign, "budget.amount").map(|i| i.mutability);
        assert_eq!(amount, Some(Mutability::Update));
        let mode = info(Kind::Campaign, "budget.mode").map(|i| i.mutability);
        assert_eq!(mode, Some(Mutability::Replace));
        assert!(info(Kind::AdGroup, "targeting.locations").is_some_and(|i| i.restarts_review));
        assert!(info(Kind::Campaign, "budgetx").is_none());
    }
}
