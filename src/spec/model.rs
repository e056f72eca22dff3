//! The campaign spec format: what a YAML file under `campaigns/` may say.
//!
//! Every leaf keeps its source position (`Sp<T>`) so rules can underline it.
//! Structs reject unknown keys; enums are written in readable lowercase and mapped
//! to wire literals in `enums.rs` only.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::enums::{
    ActionScene, AgeGroup, AppPromotionType, Automation, BidStrategy, BudgetMode, CallToAction,
    ClickWindow, EventCount, Gender, IdentityType, Measurement, MinimumAge, Objective,
    OperatingSystem, OptimizationEvent, OptimizationGoal, Placement, SalesDestination,
    SpecialIndustry, Status, TargetingMode, UserAction, ViewWindow,
};
use super::money::Money;
use super::open::Open;
use super::span::Sp;

type List<T> = Sp<Vec<Sp<T>>>;

/// One spec file: an account's settings and one or more campaigns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "smartplus campaign spec")]
pub struct SpecFile {
    /// The ad account (advertiser) these campaigns belong to; `--advertiser-id` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advertiser_id: Option<Sp<String>>,
    /// The account currency (ISO code such as `USD`); checked against the account at plan time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Sp<String>>,
    /// What is known about the account: measurement setup and age.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
    /// Free-form YAML for anchors (`&name`) shared by the campaigns; ignored otherwise.
    #[serde(default, skip_serializing)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub shared: Option<Shared>,
    /// The campaigns in this file.
    pub campaigns: Sp<Vec<Campaign>>,
}

/// Anchors-only YAML: read and thrown away.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shared;

impl PartialEq for Shared {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| Shared)
    }
}

/// Facts about the ad account that some rules depend on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// How conversions are measured: `pixel`, `events_api` or `pixel_and_events_api`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measurement: Option<Sp<Measurement>>,
    /// The day the ad account was created (`YYYY-MM-DD`); accounts created on or after
    /// 2026-01-15 cannot deliver non-Spark ads on TikTok.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub created_on: Option<Sp<jiff::civil::Date>>,
    /// Default time zone for schedules (IANA name such as `America/New_York`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<Sp<String>>,
}

/// A Smart+ campaign and its ad groups.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Campaign name (1–512 characters, no emoji); identifies it in the account.
    pub name: Sp<String>,
    /// Pins the campaign to an existing one, to adopt or rename it without replacing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<String>>,
    /// `web_conversions`, `app_promotion` or `lead_generation`.
    pub objective: Sp<Objective>,
    /// Where conversions happen; required for `web_conversions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_destination: Option<Sp<SalesDestination>>,
    /// The app being promoted (app promotion only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<Sp<App>>,
    /// Regulated categories this campaign falls under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_industries: Option<List<SpecialIndustry>>,
    /// `enabled` (default) or `disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Sp<Status>>,
    /// Campaign budget and whether TikTok spreads it across ad groups (CBO).
    pub budget: Sp<CampaignBudget>,
    /// Which Smart+ automation modules are left to TikTok.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automation: Option<Sp<AutomationModules>>,
    /// Inputs for budget guidance warnings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<Sp<Guidance>>,
    /// 1–30 ad groups.
    pub ad_groups: Sp<Vec<AdGroup>>,
}

/// The promoted app.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct App {
    /// TikTok app id.
    pub id: Sp<String>,
    /// `android` or `ios`.
    pub platform: Sp<OperatingSystem>,
    /// `app_install` (default), `app_retargeting` or `minis`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_type: Option<Sp<AppPromotionType>>,
}

/// Campaign-level budget.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignBudget {
    /// Campaign budget optimisation: `true` lets TikTok spread one budget across ad
    /// groups; `false` gives each ad group its own. Cannot change after creation.
    pub cbo: Sp<bool>,
    /// With CBO: `dynamic_daily` (default) or `total`. Without: `unlimited` (default),
    /// `daily` or `total`. Cannot change after creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Sp<BudgetMode>>,
    /// Amount in the account currency; required unless the mode is `unlimited`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Sp<Money>>,
}

impl CampaignBudget {
    /// The mode the platform applies when none is written.
    pub fn effective_mode(&self) -> BudgetMode {
        match (&self.mode, *self.cbo) {
            (Some(m), _) => **m,
            (None, true) => BudgetMode::DynamicDaily,
            (None, false) => BudgetMode::Unlimited,
        }
    }
}

/// Smart+ automation modules, each `automatic` or `manual`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutomationModules {
    /// `automatic`: TikTok finds the audience; `manual`: every ad group uses manual targeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targeting: Option<Sp<Automation>>,
    /// `automatic`: maximum delivery or highest value; `manual`: cost cap or minimum ROAS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bidding: Option<Sp<Automation>>,
    /// `automatic`: placements chosen by TikTok; `manual`: every ad group lists its placements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Sp<Automation>>,
    /// `automatic`: TikTok rotates spend towards the best creatives; `manual`: even rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creative_rotation: Option<Sp<Automation>>,
}

/// Optional numbers that make the budget warnings meaningful.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    /// Historical cost per acquisition in the account currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub historical_cpa: Option<Sp<Money>>,
}

/// An ad group: audience, optimisation, bidding, schedule and ads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdGroup {
    /// Ad group name, unique within the campaign.
    pub name: Sp<String>,
    /// Pins the ad group to an existing one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<String>>,
    /// `enabled` (default) or `disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Sp<Status>>,
    /// The ad group's own budget; required without CBO, refused with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Sp<AdGroupBudget>>,
    /// What to optimise for.
    pub optimization: Sp<Optimization>,
    /// Bid strategy; maximum delivery when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bidding: Option<Sp<Bidding>>,
    /// When the ad group delivers; from now on, all day, when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Sp<Schedule>>,
    /// `automatic` (default) or a list of `tiktok`, `pangle`, `global_app_bundle`.
    /// Cannot change after creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placements: Option<Sp<Placements>>,
    /// Attribution windows; server defaults (7-day click, 1-day view) when absent.
    /// Cannot change after creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Sp<Attribution>>,
    /// Who sees the ads.
    pub targeting: Sp<Targeting>,
    /// Up to 30 ads.
    #[serde(default)]
    pub ads: Sp<Vec<Ad>>,
}

/// Ad group budget (without CBO).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdGroupBudget {
    /// `dynamic_daily` or `total`.
    pub mode: Sp<BudgetMode>,
    /// Amount in the account currency.
    pub amount: Sp<Money>,
}

/// Optimisation goal and event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Optimization {
    /// `convert`, `value`, `click`, `landing_page_view`, `install`, `in_app_event`, `lead_generation`.
    pub goal: Sp<OptimizationGoal>,
    /// The pixel or app event, e.g. `complete_payment`; required with a pixel. Any
    /// other TikTok event literal (e.g. `ON_WEB_ORDER`) is sent as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<Sp<Open<OptimizationEvent>>>,
    /// The pixel: its name, its pixel code (as Events Manager shows it) or its id;
    /// required for `convert` and `value`, refused for `click` and `landing_page_view`.
    /// `pixel_id` is the older spelling of this key.
    #[serde(
        rename = "pixel",
        alias = "pixel_id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pixel_id: Option<Sp<String>>,
}

/// Bid strategy and its targets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bidding {
    /// `max_delivery`, `cost_cap`, `min_roas` or `highest_value`.
    pub strategy: Sp<BidStrategy>,
    /// Cost cap amount (cost per result) in the account currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Sp<Money>>,
    /// Minimum return on ad spend, 0.01–1000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roas: Option<Sp<Money>>,
}

/// Delivery schedule, written in a local time zone and sent as UTC.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Local start, `YYYY-MM-DD HH:MM` (or with seconds); from now when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Sp<String>>,
    /// Local end; required for total budgets (or a `duration`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Sp<String>>,
    /// How long the ad group runs, instead of an `end`: whole days (`30d`), weeks
    /// (`4w`) or hours (`36h`) from its start, or from when it is created when it
    /// starts now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Sp<String>>,
    /// IANA time zone of `start` and `end`; the account's time zone, else UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<Sp<String>>,
    /// Hours of delivery per weekday, e.g. `monday: ["09:00-17:30"]`, in the ad
    /// account's time zone (TikTok reads them so); all day when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dayparting: Option<Sp<Dayparting>>,
}

/// Delivery hours per weekday as `HH:MM-HH:MM` ranges on half-hour boundaries.
/// A weekday left out delivers all day; an empty list means no delivery that day.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dayparting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monday: Option<List<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuesday: Option<List<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wednesday: Option<List<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thursday: Option<List<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friday: Option<List<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saturday: Option<List<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunday: Option<List<String>>,
}

impl Dayparting {
    /// Weekdays Monday first, as the wire string orders them.
    pub fn days(&self) -> [(&'static str, &Option<List<String>>); 7] {
        [
            ("monday", &self.monday),
            ("tuesday", &self.tuesday),
            ("wednesday", &self.wednesday),
            ("thursday", &self.thursday),
            ("friday", &self.friday),
            ("saturday", &self.saturday),
            ("sunday", &self.sunday),
        ]
    }
}

/// Placements: `automatic`, or the ones chosen.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Placements {
    /// The word `automatic`.
    Automatic(AutomaticWord),
    /// A list of placements.
    Chosen(Vec<Sp<Open<Placement>>>),
}

/// The literal `automatic`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AutomaticWord {
    #[serde(rename = "automatic")]
    Automatic,
}

impl<'de> Deserialize<'de> for Placements {
    // Hand-written so list items keep their positions (an untagged derive loses them).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Placements;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "`automatic` or a list of placements (tiktok, pangle, global_app_bundle)",
                )
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Placements, E> {
                if s == "automatic" {
                    Ok(Placements::Automatic(AutomaticWord::Automatic))
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(s), &self))
                }
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Placements, A::Error> {
                let mut out = Vec::new();
                while let Some(p) = seq.next_element::<Sp<Open<Placement>>>()? {
                    out.push(p);
                }
                Ok(Placements::Chosen(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Attribution windows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// Click-through window: `off`, `1d`, `7d`, `14d`, `28d`, `30d`, `32d`, `180d`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub click: Option<Sp<Open<ClickWindow>>>,
    /// View-through window: `off`, `1d`, `7d`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<Sp<Open<ViewWindow>>>,
    /// Count `every` conversion or `once` per click.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_count: Option<Sp<EventCount>>,
}

/// Audience.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Targeting {
    /// `automatic` (default), `automatic_with_suggestions` or `manual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Sp<TargetingMode>>,
    /// Locations (at least one): a country code (`US`), a region or city with its
    /// country (`Illinois, US`, `Springfield, Illinois, US`) or a location id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locations: Option<List<String>>,
    /// Language codes such as `en`. A hard control in automatic targeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<List<String>>,
    /// Minimum age (`18+`, `25+` or `all`), a hard control in automatic targeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<Sp<Open<MinimumAge>>>,
    /// Operating systems, a hard control in automatic targeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_systems: Option<List<OperatingSystem>>,
    /// Custom audiences to exclude, by name or id; a hard control in automatic targeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_audiences: Option<List<String>>,
    /// Age groups (manual, or a suggestion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_groups: Option<List<Open<AgeGroup>>>,
    /// `female`, `male` or `any` (manual, or a suggestion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Sp<Gender>>,
    /// Interest categories by name (`Beauty & Personal Care`, or `Parent > Child` where a
    /// name repeats) or id (manual, or a suggestion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interests: Option<List<String>>,
    /// Interest keyword ids (manual, or a suggestion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_keywords: Option<List<String>>,
    /// Custom audiences to include, by name or id (manual, or a suggestion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audiences: Option<List<String>>,
    /// Behaviours: people who did something on TikTok (manual, or a suggestion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behaviors: Option<List<Behavior>>,
}

/// One behaviour to target (`targeting_spec.actions[]`): what people did, where, in
/// which categories, and how recently.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Behavior {
    /// `video`, `creator` or `hashtag` (or another TikTok literal).
    pub scene: Sp<Open<ActionScene>>,
    /// How far back to look, in days (`7` or `15`); video behaviours only. Absent:
    /// no set period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_days: Option<Sp<u32>>,
    /// What people did: `watched_to_end`, `liked`, `commented`, `shared` (video),
    /// `followed`, `viewed_profile` (creator), `viewed_hashtag` (hashtag), or another
    /// TikTok literal.
    pub actions: List<Open<UserAction>>,
    /// Action categories (or hashtags) by id, as `tool/action_category/` lists them.
    pub categories: List<String>,
}

/// An ad: one identity, 1–50 creatives, texts and calls to action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ad {
    /// Ad name, unique within the ad group.
    pub name: Sp<String>,
    /// Pins the ad to an existing one (its `smart_plus_ad_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<String>>,
    /// `enabled` (default) or `disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Sp<Status>>,
    /// Who the ad is posted as.
    pub identity: Sp<Identity>,
    /// 1–50 creatives: videos, carousels or Spark posts.
    pub creatives: Sp<Vec<Sp<Creative>>>,
    /// Up to 5 ad texts (none for Spark posts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub texts: Option<List<String>>,
    /// Up to 3 calls to action (non-Spark ads; not for lead generation on TikTok).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls_to_action: Option<List<Open<CallToAction>>>,
    /// Dynamic call-to-action portfolio id, used instead of `calls_to_action`;
    /// required for Spark identities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_to_action_id: Option<Sp<String>>,
    /// The calls to action of a dynamic call-to-action portfolio, instead of its
    /// `call_to_action_id`: `apply` uses a portfolio with exactly these, or makes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_to_action_portfolio: Option<List<Open<CallToAction>>>,
    /// Landing page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landing_page: Option<Sp<String>>,
    /// Instant form for lead generation, by its title or id. `instant_form_id` is
    /// the older spelling of this key.
    #[serde(
        rename = "instant_form",
        alias = "instant_form_id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instant_form_id: Option<Sp<String>>,
    /// UTM parameters appended to the landing page, e.g. `utm_source: tiktok` (up to 14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm: Option<Sp<BTreeMap<String, Sp<String>>>>,
    /// Symphony automatic enhancements applied to this ad's creatives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enhancements: Option<Sp<Enhancements>>,
}

/// Ad identity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// `custom` (non-Spark), `tiktok_user`, `business_center` or `auth_code` (Spark).
    #[serde(rename = "type")]
    pub kind: Sp<IdentityType>,
    /// Identity id; or give its `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<String>>,
    /// The identity's display name, instead of its `id` (`@handle` also finds a
    /// TikTok account by its user name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Sp<String>>,
    /// Business Center id that authorised a `business_center` identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_center_id: Option<Sp<String>>,
}

/// One creative: exactly one of `video`, `carousel` or `spark_post`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Creative {
    /// A video with its cover image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<Sp<Video>>,
    /// A carousel of 1–35 images with one music track.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carousel: Option<Sp<Carousel>>,
    /// An existing TikTok post (Spark), by item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spark_post: Option<Sp<String>>,
}

/// A video creative: an id from the asset library, or a local file uploaded on apply.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Video {
    /// Video id from the asset library, e.g. `v10033g50000…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<String>>,
    /// A local video file (MP4, MOV, MPEG, 3GP or AVI), relative to this spec file;
    /// uploaded on apply, once (see `smartplus.lock`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Sp<String>>,
    /// The cover image: an image id (`web_uri`) with `id`, a local JPEG or PNG file
    /// (relative to this spec file) with `file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<Sp<String>>,
}

impl Video {
    /// How messages name the video: its id, else its file.
    pub fn label(&self) -> &str {
        self.id
            .as_ref()
            .or(self.file.as_ref())
            .map_or("", |s| s.as_str())
    }

    /// Whether `cover` names a file (the video is a file) rather than an image id.
    pub fn cover_is_file(&self) -> bool {
        self.file.is_some() && self.id.is_none()
    }
}

/// A carousel creative.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Carousel {
    /// 1–35 image ids (`web_uri`), in display order.
    #[serde(default)]
    pub images: List<String>,
    /// 1–35 local JPEG or PNG files (relative to this spec file), in display order,
    /// instead of `images`; uploaded on apply, once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<List<String>>,
    /// Music id; exactly one is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub music: Option<Sp<String>>,
}

/// Symphony automatic enhancements (each off unless set).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Enhancements {
    /// Improve video and image quality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<Sp<bool>>,
    /// Resize to vertical 9:16.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resize: Option<Sp<bool>>,
    /// Refresh music.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub music_refresh: Option<Sp<bool>>,
    /// Translate and dub into other languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translate_and_dub: Option<Sp<bool>>,
}
