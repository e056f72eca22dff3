//! Offline Smart+ rules: one file per rule, each with a stable code, a severity and
//! docs in `docs/rules.md`. `REGISTRY` lists them all, in code order.

use super::diagnostic::{Findings, Severity};
use super::enums::{BidStrategy, TargetingMode};
use super::model::{Ad, AdGroup, Campaign, SpecFile};
use super::span::{Pos, Sp};

mod sp101_objective;
mod sp102_ad_group_count;
mod sp103_ad_count;
mod sp104_creative_count;
mod sp105_text_count;
mod sp106_cta_count;
mod sp107_carousel;
mod sp108_video_cover;
mod sp109_creative_kind;
mod sp110_spark_mix;
mod sp111_spark_post_only;
mod sp112_cbo_uniform;
mod sp113_budget_level;
mod sp114_shared_without_cbo;
mod sp115_budget_mode;
mod sp116_total_needs_end;
mod sp117_budget_floor;
mod sp118_budget_ceiling;
mod sp119_pixel;
mod sp120_event;
mod sp121_landing_page_measurement;
mod sp122_goal_for_objective;
mod sp123_bid_amount;
mod sp124_roas;
mod sp125_capped_needs_daily;
mod sp126_schedule;
mod sp127_suggestions_mode;
mod sp128_locations;
mod sp129_names;
mod sp130_unique;
mod sp131_cta_spark;
mod sp132_objective_fields;
mod sp133_currency;
mod sp134_dayparting;
mod sp135_automation;
mod sp136_utm;
mod sp137_campaign_amount;
mod sp138_duplicate_texts;
mod sp139_business_center;
pub(crate) mod sp140_references;
mod sp141_creative_source;
mod sp142_media_file;
mod sp143_behaviors;
mod sp201_budget_vs_cpa;
mod sp202_learning_volume;
mod sp203_empty_ad_group;
mod sp204_rotation_special;
mod sp205_non_spark_tiktok;
mod sp206_unknown_literal;
mod sp207_campaign_without_ad_groups;
mod sp208_media_guidance;

/// What a rule is: shown in diagnostics and checked against the docs.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable code, e.g. `SP101`.
    pub code: &'static str,
    /// Short kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule enforces.
    pub summary: &'static str,
}

/// Inputs a rule may need besides the file itself.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Account currency from the command line, for files that do not say theirs; USD
    /// floors when neither does.
    pub currency: Option<String>,
    /// The spec file being checked: media paths are relative to it. Without it the
    /// media files are not looked at.
    pub spec_file: Option<std::path::PathBuf>,
}

impl Context {
    /// The currency for this file: the spec's, else the command line's. The spec is
    /// checked against the account when planning, so it is the one to trust.
    pub fn currency_for<'a>(&'a self, file: &'a SpecFile) -> Option<&'a str> {
        file.currency
            .as_ref()
            .map(|c| c.as_str())
            .or(self.currency.as_deref())
    }
}

pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    fn check(&self, file: &SpecFile, ctx: &Context, out: &mut Findings);
}

/// Every offline rule.
pub static REGISTRY: &[&dyn Rule] = &[
    &sp101_objective::Objective,
    &sp102_ad_group_count::AdGroupCount,
    &sp103_ad_count::AdCount,
    &sp104_creative_count::CreativeCount,
    &sp105_text_count::TextCount,
    &sp106_cta_count::CtaCount,
    &sp107_carousel::Carousel,
    &sp108_video_cover::VideoCover,
    &sp109_creative_kind::CreativeKind,
    &sp110_spark_mix::SparkMix,
    &sp111_spark_post_only::SparkPostOnly,
    &sp112_cbo_uniform::CboUniform,
    &sp113_budget_level::BudgetLevel,
    &sp114_shared_without_cbo::SharedWithoutCbo,
    &sp115_budget_mode::BudgetModeAllowed,
    &sp116_total_needs_end::TotalNeedsEnd,
    &sp117_budget_floor::BudgetFloor,
    &sp118_budget_ceiling::BudgetCeiling,
    &sp119_pixel::Pixel,
    &sp120_event::Event,
    &sp121_landing_page_measurement::LandingPageMeasurement,
    &sp122_goal_for_objective::GoalForObjective,
    &sp123_bid_amount::BidAmount,
    &sp124_roas::Roas,
    &sp125_capped_needs_daily::CappedNeedsDaily,
    &sp126_schedule::ScheduleTimes,
    &sp127_suggestions_mode::SuggestionsMode,
    &sp128_locations::Locations,
    &sp129_names::Names,
    &sp130_unique::Unique,
    &sp131_cta_spark::CtaSpark,
    &sp132_objective_fields::ObjectiveFields,
    &sp133_currency::Currency,
    &sp134_dayparting::Dayparting,
    &sp135_automation::AutomationModules,
    &sp136_utm::Utm,
    &sp137_campaign_amount::CampaignAmount,
    &sp138_duplicate_texts::DuplicateTexts,
    &sp139_business_center::BusinessCenter,
    &sp140_references::References,
    &sp141_creative_source::CreativeSource,
    &sp142_media_file::MediaFile,
    &sp143_behaviors::Behaviors,
    &sp201_budget_vs_cpa::BudgetVsCpa,
    &sp202_learning_volume::LearningVolume,
    &sp203_empty_ad_group::EmptyAdGroup,
    &sp204_rotation_special::RotationSpecial,
    &sp205_non_spark_tiktok::NonSparkTiktok,
    &sp206_unknown_literal::UnknownLiteral,
    &sp207_campaign_without_ad_groups::CampaignWithoutAdGroups,
    &sp208_media_guidance::MediaGuidance,
];

/// Runs every rule over one file.
pub fn check(file: &SpecFile, ctx: &Context) -> Findings {
    let mut out = Findings::new();
    for rule in REGISTRY {
        rule.check(file, ctx, &mut out);
    }
    out
}

/// Looks a rule up by code (validate rules only).
pub fn find(code: &str) -> Option<&'static RuleInfo> {
    REGISTRY.iter().map(|r| r.info()).find(|i| i.code == code)
}

/// Every ad group of a file with its campaign.
pub fn ad_groups(file: &SpecFile) -> impl Iterator<Item = (&Campaign, &AdGroup)> {
    file.campaigns
        .iter()
        .flat_map(|c| c.ad_groups.iter().map(move |g| (c, g)))
}

/// Every ad of a file with its campaign and ad group.
pub fn ads(file: &SpecFile) -> impl Iterator<Item = (&Campaign, &AdGroup, &Ad)> {
    ad_groups(file).flat_map(|(c, g)| g.ads.iter().map(move |a| (c, g, a)))
}

/// Whether an ad group delivers on TikTok: automatic placement includes it; a chosen
/// list may not.
pub(crate) fn delivers_on_tiktok(group: &AdGroup) -> bool {
    match group.placements.as_ref().map(|p| &p.value) {
        None | Some(super::model::Placements::Automatic(_)) => true,
        Some(super::model::Placements::Chosen(list)) => list
            .iter()
            .any(|p| p.value == super::enums::Placement::Tiktok),
    }
}

/// The bid strategy an ad group uses; maximum delivery when none is written.
pub(crate) fn strategy(group: &AdGroup) -> BidStrategy {
    group
        .bidding
        .as_ref()
        .map_or(BidStrategy::MaxDelivery, |b| b.strategy.value)
}

/// The targeting mode of an ad group; automatic when none is written.
pub(crate) fn targeting_mode(group: &AdGroup) -> TargetingMode {
    group
        .targeting
        .mode
        .as_ref()
        .map(|m| m.value)
        .unwrap_or_default()
}

/// Floors ratio and decimal places of the file's currency; USD figures when the
/// currency is unknown or not one TikTok bills in (SP133 reports the latter).
pub(crate) fn currency_facts(file: &SpecFile, ctx: &Context) -> (&'static str, i64, u32) {
    ctx.currency_for(file)
        .and_then(|code| {
            crate::facts::CURRENCIES
                .iter()
                .find(|(c, _, _)| c.eq_ignore_ascii_case(code))
        })
        .map_or(("USD", 1, 2), |(c, r, d)| (*c, *r, *d))
}

/// Where an optional value was written, or `fallback` when it was left out.
pub(crate) fn pos_or<T>(value: Option<&Sp<T>>, fallback: Pos) -> Pos {
    value.map_or(fallback, |v| v.pos)
}

/// Where an ad group can be pointed at as a whole: its `name`.
pub(crate) fn group_pos(group: &AdGroup) -> Pos {
    group.name.pos
}

/// A list's position, or `fallback` for a default (never written) list.
pub(crate) fn list_pos<T>(list: &Sp<T>, fallback: Pos) -> Pos {
    if list.pos.is_unknown() {
        fallback
    } else {
        list.pos
    }
}

/// Every media file the spec names that can be located, with what reading its
/// headers found (nothing without [`Context::spec_file`]). Each file is read once.
pub(crate) fn probed_media<'a>(
    file: &'a SpecFile,
    ctx: &Context,
) -> Vec<(
    super::media::MediaRef<'a>,
    std::path::PathBuf,
    Result<crate::media::Probe, crate::media::ProbeError>,
)> {
    let Some(spec) = &ctx.spec_file else {
        return Vec::new();
    };
    let mut seen: std::collections::HashMap<
        std::path::PathBuf,
        Result<crate::media::Probe, String>,
    > = std::collections::HashMap::new();
    let mut out = Vec::new();
    for r in super::media::in_file(file) {
        let Ok(path) = super::media::locate(spec, r.path) else {
            continue;
        };
        let probe = match seen.get(&path) {
            Some(Ok(p)) => Ok(p.clone()),
            // Read again only to build the same error (errors are not Clone).
            _ => crate::media::probe_path(&path),
        };
        if let Ok(p) = &probe {
            seen.insert(path.clone(), Ok(p.clone()));
        }
        out.push((r, path, probe));
    }
    out
}

/// A position, or `fallback` when it is unknown (a default, never written).
pub(crate) fn list_pos_or(pos: Pos, fallback: Pos) -> Pos {
    if pos.is_unknown() { fallback } else { pos }
}

/// Whole days an ad group is scheduled for, rounded up; 1 when the start or end is
/// unknown or unreadable (the smallest schedule, so floors stay lower bounds).
pub(crate) fn scheduled_days(group: &AdGroup, file: &SpecFile) -> i64 {
    let Some(schedule) = &group.schedule else {
        return 1;
    };
    let account = file.account.as_ref();
    let seconds = match (
        super::schedule::start_utc(schedule, account),
        super::schedule::end_utc(schedule, account),
        super::schedule::duration(schedule),
    ) {
        (Ok(Some(start)), Ok(Some(end)), _) => end.as_second() - start.as_second(),
        (_, Ok(None), Ok(Some(duration))) => duration.as_secs(),
        _ => return 1,
    };
    let day = 24 * 60 * 60;
    ((seconds + day - 1) / day).max(1)
}

/// A daily budget that budget guidance applies to: where it is written, whose it is,
/// and whether the ad groups it feeds use a capped strategy (cost cap, minimum ROAS).
pub(crate) struct DailyBudget<'a> {
    pub owner: String,
    pub amount: &'a Sp<super::money::Money>,
    pub capped: bool,
}

/// The daily budgets that drive delivery: the campaign's under CBO, each ad group's
/// without. Total budgets have no daily figure and are left out.
pub(crate) fn daily_budgets(campaign: &Campaign) -> Vec<DailyBudget<'_>> {
    use super::enums::BudgetMode;
    let capped = |g: &AdGroup| matches!(strategy(g), BidStrategy::CostCap | BidStrategy::MinRoas);
    let budget = &campaign.budget;
    if budget.cbo.value {
        match &budget.amount {
            Some(amount) if budget.effective_mode() == BudgetMode::DynamicDaily => {
                vec![DailyBudget {
                    owner: format!("campaign `{}`", campaign.name.value),
                    amount,
                    capped: campaign.ad_groups.iter().any(capped),
                }]
            }
            _ => Vec::new(),
        }
    } else {
        campaign
            .ad_groups
            .iter()
            .filter_map(|g| {
                let b = g.budget.as_ref()?;
                (b.mode.value == BudgetMode::DynamicDaily).then(|| DailyBudget {
                    owner: format!("ad group `{}`", g.name.value),
                    amount: &b.amount,
                    capped: capped(g),
                })
            })
            .collect()
    }
}

/// The campaign's historical CPA, when given and positive.
pub(crate) fn historical_cpa(campaign: &Campaign) -> Option<&Sp<super::money::Money>> {
    campaign
        .guidance
        .as_ref()
        .and_then(|g| g.historical_cpa.as_ref())
        .filter(|cpa| cpa.decimal() > rust_decimal::Decimal::ZERO)
}
