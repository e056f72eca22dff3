//! Where each campaign, ad group and ad stands: delivery, the learning estimate,
//! spend against budget, CPA against guidance, the automation modules, and which
//! creatives the spec named and which the platform added. Pure: `ops::status` reads
//! the account, [`build`] makes the report, `output::status` renders it.
//!
//! The point is the question the seeds say nobody answers: is it still learning,
//! will it ever leave learning, when may I touch it, and which layer (buying or
//! creative) is working?

mod build;
pub mod creatives;

use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;

pub use build::{Inputs, build};
pub use creatives::{CreativeKind, CreativeStatus, Source};

use crate::learning::Estimate;
use crate::learning::advice::Advice;
use crate::spec::Money;
use crate::spec::enums::{Automation, BidStrategy, BudgetMode, TargetingMode};

/// The whole report.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub advertiser_id: String,
    /// When the report was made, by the target's clock.
    pub now: Timestamp,
    /// The account's time zone (IANA name): its days are the report's days.
    pub time_zone: String,
    /// The account's day at `now`.
    pub today: Date,
    pub currency: Option<String>,
    /// Why there are no delivery figures, when there are none.
    pub delivery_unknown: Option<String>,
    /// Why the creatives TikTok added could not be listed, when they could not.
    pub creatives_unknown: Option<String>,
    pub campaigns: Vec<CampaignStatus>,
    /// Campaigns the specs name that the account does not have.
    pub missing: Vec<String>,
}

/// What a campaign, ad group or ad did, from the report's days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub spend_today: Money,
    pub spend_7d: Money,
    pub impressions_7d: u64,
    pub clicks_7d: u64,
    pub conversions_7d: u64,
}

impl Figures {
    /// Spend over conversions in the last 7 days, when there were any.
    pub fn cpa_7d(&self) -> Option<Money> {
        (self.conversions_7d > 0)
            .then(|| Money::new((self.spend_7d.0 / Decimal::from(self.conversions_7d)).round_dp(2)))
    }

    fn add(&mut self, other: &Figures) {
        self.spend_today = Money::new(self.spend_today.0 + other.spend_today.0);
        self.spend_7d = Money::new(self.spend_7d.0 + other.spend_7d.0);
        self.impressions_7d += other.impressions_7d;
        self.clicks_7d += other.clicks_7d;
        self.conversions_7d += other.conversions_7d;
    }
}

/// A budget as the account holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub mode: BudgetMode,
    pub amount: Option<Money>,
    /// What one day of it comes to: the amount of a daily budget, a total spread
    /// evenly over the scheduled days; `None` when unlimited or unknown.
    pub per_day: Option<Money>,
    /// What the days of the last week it could spend on come to (today counted
    /// whole), for the spend over 7 days to be read against.
    pub week: Option<Money>,
}

/// Spend against a budget, in percent.
pub fn used_percent(spent: Money, budget: Option<Money>) -> Option<i64> {
    let budget = budget?.0;
    if budget <= Decimal::ZERO {
        return None;
    }
    i64::try_from((spent.0 * Decimal::from(100) / budget).round()).ok()
}

/// One campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignStatus {
    pub name: String,
    pub id: Option<String>,
    /// A spec names it.
    pub in_spec: bool,
    /// TikTok's delivery status (`CAMPAIGN_STATUS_…`).
    pub secondary_status: Option<String>,
    /// `operation_status` is `ENABLE`.
    pub enabled: bool,
    /// Campaign budget optimisation: the budget below is shared by the ad groups.
    pub cbo: bool,
    pub budget: Option<Budget>,
    /// The ad groups together; `None` without delivery figures.
    pub figures: Option<Figures>,
    /// `guidance.historical_cpa` of its spec.
    pub historical_cpa: Option<Money>,
    pub ad_groups: Vec<AdGroupStatus>,
    /// Ad groups its spec names that the account does not have.
    pub missing: Vec<String>,
}

/// One ad group.
#[derive(Clone, Debug, PartialEq)]
pub struct AdGroupStatus {
    pub name: String,
    pub id: Option<String>,
    pub in_spec: bool,
    /// TikTok's delivery status (`ADGROUP_STATUS_…`).
    pub secondary_status: Option<String>,
    /// It and its campaign are enabled.
    pub enabled: bool,
    /// The last edit after launch the account shows (it may have restarted learning).
    pub last_edit: Option<Timestamp>,
    /// The scheduled end, when it has one.
    pub end: Option<Timestamp>,
    pub estimate: Estimate,
    /// For an ad group unlikely to leave learning: what to do about it.
    pub advice: Vec<Advice>,
    /// Its own budget (without CBO).
    pub budget: Option<Budget>,
    pub figures: Option<Figures>,
    pub historical_cpa: Option<Money>,
    pub automation: Modules,
    pub ads: Vec<AdStatus>,
    /// Ads its spec names that the account does not have.
    pub missing: Vec<String>,
}

/// The automation modules an ad group runs with: the buying layer's configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modules {
    pub targeting: TargetingMode,
    pub bidding: BidStrategy,
    /// `None`: automatic placement; else the placements chosen (spec names, or the
    /// wire literal for one smartplus does not know).
    pub placements: Option<Vec<String>>,
    /// `None`: not set (TikTok's default).
    pub creative_rotation: Option<Automation>,
}

/// One ad and its creatives.
#[derive(Clone, Debug, PartialEq)]
pub struct AdStatus {
    pub name: String,
    pub id: Option<String>,
    pub in_spec: bool,
    /// TikTok's delivery or review status (`AD_STATUS_…`).
    pub secondary_status: Option<String>,
    pub enabled: bool,
    /// Symphony enhancements turned on (spec names: `quality`, `resize`, …).
    pub enhancements: Vec<&'static str>,
    /// `ad_configuration.creative_auto_add_toggle`: TikTok may add creatives of its
    /// own; `None` when the ad does not say.
    pub auto_add: Option<bool>,
    pub creatives: Vec<CreativeStatus>,
}

impl AdStatus {
    /// How many creatives come from `source`.
    pub fn count(&self, source: Source) -> usize {
        self.creatives.iter().filter(|c| c.source == source).count()
    }
}
