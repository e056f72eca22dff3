//! The live account as read from the API: plain data, no I/O here.
//!
//! Objects stay as their wire JSON; [`crate::api::Kind`] reads their ids and names.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::spec::Money;

/// What the planner knows about the account.
#[derive(Clone, Debug, Default)]
pub struct LiveAccount {
    /// Upgraded Smart+ campaigns (only those the spec names are read in full).
    pub campaigns: Vec<LiveCampaign>,
    /// Legacy Smart+ and manual campaigns: never touched, listed so names can be checked.
    pub others: Vec<OtherCampaign>,
    /// Lifetime spend by campaign or ad group id, where the account reports it.
    pub spend: BTreeMap<String, Money>,
    /// Today's spend (in the account's time zone) by campaign or ad group id, where
    /// the account reports it: a budget at or below it is silently ignored.
    pub spend_today: BTreeMap<String, Money>,
    /// Why spend could not be read when a budget change needed it (no report
    /// access, a failed report): the budget rules then have nothing to go on.
    pub spend_unknown: Option<String>,
    /// The account currency, once read.
    pub currency: Option<String>,
    /// The account's time zone (IANA name), once read: its days bound the report.
    pub time_zone: Option<String>,
    /// Delivery per ad group and day, read from the report only when needed.
    pub delivery: Delivery,
}

/// What the report says each ad group delivered, day by day (the account's days).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Delivery {
    /// Not asked for.
    #[default]
    NotRead,
    /// Ad group id → account day → figures; days without a row delivered nothing.
    Known(BTreeMap<String, BTreeMap<jiff::civil::Date, Day>>),
    /// The account does not report delivery (no report access), and why.
    Unknown { reason: String },
}

impl Delivery {
    /// The days of one ad group, when delivery is known (none for an ad group
    /// without rows).
    pub fn days(&self, adgroup_id: &str) -> Option<&BTreeMap<jiff::civil::Date, Day>> {
        static NONE: BTreeMap<jiff::civil::Date, Day> = BTreeMap::new();
        match self {
            Delivery::Known(by_group) => Some(by_group.get(adgroup_id).unwrap_or(&NONE)),
            _ => None,
        }
    }
}

/// One ad group's figures on one day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Day {
    pub spend: Money,
    pub impressions: u64,
    pub clicks: u64,
    /// Optimisation events (the report's `conversion`).
    pub conversions: u64,
}

#[derive(Clone, Debug, Default)]
pub struct LiveCampaign {
    pub raw: Value,
    /// `None` when the ad groups were not read (campaign not named by the spec).
    pub ad_groups: Option<Vec<LiveAdGroup>>,
}

#[derive(Clone, Debug, Default)]
pub struct LiveAdGroup {
    pub raw: Value,
    pub ads: Vec<Value>,
}

/// A campaign smartplus does not manage, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherCampaign {
    pub id: String,
    pub name: String,
    pub kind: OtherKind,
    pub raw: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OtherKind {
    /// Built with the legacy single-call Smart+ API.
    LegacySmartPlus,
    /// A manual (non-Smart+) campaign.
    Manual,
}

impl OtherKind {
    pub fn describe(self) -> &'static str {
        match self {
            OtherKind::LegacySmartPlus => "a legacy Smart+ campaign",
            OtherKind::Manual => "a manual campaign",
        }
    }
}
