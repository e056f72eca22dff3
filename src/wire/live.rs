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
    /// Ad groups of enabled Smart+ campaigns not read in full whose budget lives on
    /// their ad groups (CBO off), by campaign id: the account's budget total counts
    /// them.
    pub budget_groups: BTreeMap<String, Vec<Value>>,
    /// Today's spend (in the account's time zone) by campaign or ad group id, where
    /// the account reports it: a budget at or below it is silently ignored.
    pub spend_today: BTreeMap<String, Money>,
    /// The account currency, once read.
    pub currency: Option<String>,
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
