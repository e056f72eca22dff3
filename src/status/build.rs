//! Making the report from the account as read, the specs and the time. Pure.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use rust_decimal::Decimal;
use serde_json::Value;

use super::{
    AdGroupStatus, AdStatus, Budget, CampaignStatus, Figures, Modules, Status, creatives,
    used_percent,
};
use crate::api::{Kind, OperationStatus};
use crate::learning::advice::{self, CpaSource, Situation};
use crate::learning::{self, State, Timeline};
use crate::plan::DesiredCampaign;
use crate::plan::matching;
use crate::spec::Money;
use crate::spec::enums::{Automation, BidStrategy, BudgetMode, TargetingMode};
use crate::spec::model::{self, Placements};
use crate::wire::{Day, Delivery, LiveAccount, LiveAdGroup, LiveCampaign, raise};

/// What the report is made from.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    pub advertiser_id: &'a str,
    /// The account, with its delivery read.
    pub live: &'a LiveAccount,
    /// The campaigns the specs describe.
    pub desired: &'a [DesiredCampaign<'a>],
    /// Every Smart+ campaign of the account, not only those the specs name.
    pub all: bool,
    /// The manual `ad/get/` rows of the campaigns, or why they could not be read.
    pub manual_ads: Result<&'a [Value], &'a str>,
    /// Now, by the target's clock.
    pub now: Timestamp,
}

/// What every part of the report is made with: the moment, the account's days,
/// delivery and the manual ad rows.
struct Ctx<'a> {
    now: Timestamp,
    zone: TimeZone,
    today: Date,
    /// The first of the last 7 days (today included).
    week_start: Date,
    delivery: &'a Delivery,
    /// Manual rows by `smart_plus_ad_id`; `None` when the read failed.
    manual: Option<HashMap<String, Vec<&'a Value>>>,
}

impl Ctx<'_> {
    /// The days of the last 7 on which something launched at `launch` could spend
    /// (today counted whole).
    fn days_open(&self, launch: Option<Timestamp>) -> i64 {
        let Some(launch) = launch.filter(|l| *l <= self.now) else {
            return 0;
        };
        let first = launch
            .to_zoned(self.zone.clone())
            .date()
            .max(self.week_start);
        first
            .until(self.today)
            .map_or(0, |s| i64::from(s.get_days()))
            + 1
    }

    /// An ad group's days, when delivery is known.
    fn days(&self, adgroup_id: Option<&str>) -> Option<&BTreeMap<Date, Day>> {
        self.delivery.days(adgroup_id.unwrap_or_default())
    }

    /// Today's spend and the last 7 days' figures.
    fn figures(&self, days: &BTreeMap<Date, Day>) -> Figures {
        let mut f = Figures::default();
        for (date, day) in days.range(self.week_start..=self.today) {
            f.spend_7d = Money::new(f.spend_7d.0 + day.spend.0);
            f.impressions_7d += day.impressions;
            f.clicks_7d += day.clicks;
            f.conversions_7d += day.conversions;
            if *date == self.today {
                f.spend_today = day.spend;
            }
        }
        f
    }
}

/// Makes the report.
pub fn build(i: &Inputs) -> Status {
    let zone = learning::zone(i.live.time_zone.as_deref());
    let today = i.now.to_zoned(zone.clone()).date();
    let manual = i.manual_ads.ok().map(|rows| {
        let mut by_ad: HashMap<String, Vec<&Value>> = HashMap::new();
        for row in rows {
            if let Some(id) = crate::api::endpoints::id_of(row, Kind::Ad.id_key()) {
                by_ad.entry(id).or_default().push(row);
            }
        }
        by_ad
    });
    let ctx = Ctx {
        now: i.now,
        today,
        week_start: today.checked_sub(Span::new().days(6)).unwrap_or(today),
        zone,
        delivery: &i.live.delivery,
        manual,
    };
    let matched = matching::campaigns(i.desired, i.live);
    let mut campaigns = Vec::new();
    let mut missing = Vec::new();
    for (d, (live, _)) in i.desired.iter().zip(&matched.slots) {
        match live {
            Some(lc) => campaigns.push(campaign(lc, Some(d), &ctx)),
            None => missing.push(d.spec.name.value.clone()),
        }
    }
    if i.all {
        for (_, lc) in &matched.unclaimed {
            campaigns.push(campaign(lc, None, &ctx));
        }
    }
    Status {
        advertiser_id: i.advertiser_id.to_owned(),
        now: i.now,
        time_zone: i.live.time_zone.clone().unwrap_or_else(|| "UTC".to_owned()),
        today,
        currency: i.live.currency.clone(),
        delivery_unknown: match &i.live.delivery {
            Delivery::Known(_) => None,
            Delivery::Unknown { reason } => Some(reason.clone()),
            Delivery::NotRead => Some("the report was not read".to_owned()),
        },
        creatives_unknown: i.manual_ads.err().map(str::to_owned),
        campaigns,
        missing,
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Not paused; an object whose status is missing or unknown counts as enabled, as
/// TikTok delivers it.
fn enabled(raw: &Value) -> bool {
    OperationStatus::of(raw) != Some(OperationStatus::Disable)
}

/// Live children with the spec that names each (spec order first, then the rest in
/// the account's order), and the names the account does not have.
fn pair<'s, 'l, T>(
    kind: Kind,
    desired: &'s [T],
    name_id: impl Fn(&T) -> (&str, Option<&str>),
    live: &[&'l Value],
) -> (Vec<(&'l Value, Option<&'s T>)>, Vec<String>) {
    let wanted: Vec<(&str, Option<&str>)> = desired.iter().map(&name_id).collect();
    let m = matching::children(kind, &wanted, live);
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for (slot, (d, (name, _))) in m.slots.iter().zip(desired.iter().zip(&wanted)) {
        match slot.live {
            Some(at) => out.push((live[at], Some(d))),
            None => missing.push((*name).to_owned()),
        }
    }
    out.extend(m.unclaimed.iter().map(|at| (live[*at], None)));
    (out, missing)
}

fn campaign(lc: &LiveCampaign, desired: Option<&DesiredCampaign>, ctx: &Ctx) -> CampaignStatus {
    let raw = &lc.raw;
    let groups: &[LiveAdGroup] = lc.ad_groups.as_deref().unwrap_or_default();
    let pairs: Vec<(&Value, &[Value])> = groups.iter().map(|g| (&g.raw, &g.ads[..])).collect();
    let raised = raise::campaign(raw, &pairs, &ctx.zone).value;
    let cbo = *raised.budget.cbo;
    let spec = desired.map(|d| d.spec);
    let historical_cpa = spec
        .and_then(|c| c.guidance.as_ref())
        .and_then(|g| g.historical_cpa.as_ref())
        .map(|m| m.value);
    let live_raw: Vec<&Value> = groups.iter().map(|g| &g.raw).collect();
    let spec_groups: &[model::AdGroup] = spec.map_or(&[], |c| c.ad_groups.as_slice());
    let (paired, missing) = pair(
        Kind::AdGroup,
        spec_groups,
        |g| (g.name.as_str(), g.id.as_ref().map(|s| s.as_str())),
        &live_raw,
    );
    let by_raw: Vec<(&Value, &LiveAdGroup)> = groups.iter().map(|g| (&g.raw, g)).collect();
    let mut ad_groups: Vec<AdGroupStatus> = paired
        .into_iter()
        .filter_map(|(raw_group, spec_group)| {
            let (_, lg) = by_raw.iter().find(|(r, _)| std::ptr::eq(*r, raw_group))?;
            Some(ad_group(lc, lg, spec_group, cbo, historical_cpa, ctx))
        })
        .collect();
    let figures = ad_groups
        .iter()
        .map(|g| g.figures)
        .try_fold(Figures::default(), |mut sum, f| {
            sum.add(&f?);
            Some(sum)
        });
    let launch = ad_groups.iter().filter_map(|g| g.estimate.launch).min();
    let end = ad_groups.iter().filter_map(|g| g.end).max();
    let budget = budget(
        raised.budget.effective_mode(),
        raised.budget.amount.as_ref().map(|a| a.value),
        flight_days(launch, end),
        ctx.days_open(launch),
    );
    let shared = if cbo { budget } else { None };
    advise(&mut ad_groups, shared, figures.as_ref());
    CampaignStatus {
        name: Kind::Campaign.name_of(raw).to_owned(),
        id: Kind::Campaign.id_of(raw),
        in_spec: desired.is_some(),
        secondary_status: text(raw, "secondary_status"),
        enabled: enabled(raw),
        cbo,
        budget,
        figures,
        historical_cpa,
        ad_groups,
        missing,
    }
}

/// Whole days (rounded up) from `launch` to `end`.
fn flight_days(launch: Option<Timestamp>, end: Option<Timestamp>) -> Option<i64> {
    let seconds = end?.as_second() - launch?.as_second();
    (seconds > 0).then(|| seconds.div_euclid(86_400) + i64::from(seconds % 86_400 != 0))
}

/// A budget, with what one day and the open days of the last week come to.
fn budget(
    mode: BudgetMode,
    amount: Option<Money>,
    flight: Option<i64>,
    days_open: i64,
) -> Option<Budget> {
    if mode == BudgetMode::Unlimited {
        return Some(Budget {
            mode,
            amount: None,
            per_day: None,
            week: None,
        });
    }
    let amount = amount?;
    let per_day = match mode {
        BudgetMode::Total => {
            flight.map(|days| Money::new((amount.0 / Decimal::from(days.max(1))).round_dp(2)))
        }
        _ => Some(amount),
    };
    Some(Budget {
        mode,
        amount: Some(amount),
        per_day,
        week: per_day.map(|d| Money::new(d.0 * Decimal::from(days_open))),
    })
}

fn ad_group(
    lc: &LiveCampaign,
    lg: &LiveAdGroup,
    spec: Option<&model::AdGroup>,
    cbo: bool,
    historical_cpa: Option<Money>,
    ctx: &Ctx,
) -> AdGroupStatus {
    let raw = &lg.raw;
    let id = Kind::AdGroup.id_of(raw);
    let raised = raise::ad_group(raw, &lg.ads, cbo, &ctx.zone).value;
    let timeline = Timeline::of(&lc.raw, raw, &lg.ads);
    let days = ctx.days(id.as_deref());
    let conversions: Option<BTreeMap<Date, u64>> =
        days.map(|d| d.iter().map(|(date, f)| (*date, f.conversions)).collect());
    let estimate = learning::estimate(&timeline, conversions.as_ref(), ctx.now, &ctx.zone);
    let own = raised.budget.as_ref().and_then(|b| {
        budget(
            *b.mode,
            Some(b.amount.value),
            flight_days(timeline.launch(), timeline.end),
            ctx.days_open(timeline.launch()),
        )
    });
    let live_ads: Vec<&Value> = lg.ads.iter().collect();
    let spec_ads: &[model::Ad] = spec.map_or(&[], |g| g.ads.as_slice());
    let (paired, missing) = pair(
        Kind::Ad,
        spec_ads,
        |a| (a.name.as_str(), a.id.as_ref().map(|s| s.as_str())),
        &live_ads,
    );
    let ads = paired
        .into_iter()
        .map(|(raw_ad, spec_ad)| ad(raw_ad, spec_ad, ctx))
        .collect();
    AdGroupStatus {
        name: Kind::AdGroup.name_of(raw).to_owned(),
        id,
        in_spec: spec.is_some(),
        secondary_status: text(raw, "secondary_status"),
        enabled: enabled(raw) && enabled(&lc.raw),
        last_edit: timeline.last_edit(),
        end: timeline.end,
        estimate,
        advice: Vec::new(),
        budget: own,
        figures: days.map(|d| ctx.figures(d)),
        historical_cpa,
        automation: modules(raw, &raised),
        ads,
        missing,
    }
}

/// The buying layer's configuration, in the spec's words.
fn modules(raw: &Value, raised: &model::AdGroup) -> Modules {
    Modules {
        targeting: raised
            .targeting
            .mode
            .as_ref()
            .map_or(TargetingMode::Automatic, |m| m.value),
        bidding: raised
            .bidding
            .as_ref()
            .map_or(BidStrategy::MaxDelivery, |b| *b.strategy),
        placements: match raised.placements.as_ref().map(|p| &p.value) {
            Some(Placements::Chosen(list)) => {
                Some(list.iter().map(|p| p.yaml().to_owned()).collect())
            }
            _ => None,
        },
        creative_rotation: text(raw, crate::facts::wire_uncertain::CREATIVE_ROTATION_KEY)
            .and_then(|v| Automation::from_wire(&v)),
    }
}

fn ad(raw: &Value, spec: Option<&model::Ad>, ctx: &Ctx) -> AdStatus {
    let raised = raise::ad(raw).value;
    let on = |f: &Option<crate::spec::Sp<bool>>| f.as_ref().is_some_and(|b| b.value);
    let enhancements = raised
        .enhancements
        .as_ref()
        .map(|e| {
            [
                ("quality", on(&e.quality)),
                ("resize", on(&e.resize)),
                ("music_refresh", on(&e.music_refresh)),
                ("translate_and_dub", on(&e.translate_and_dub)),
            ]
            .into_iter()
            .filter(|(_, set)| *set)
            .map(|(name, _)| name)
            .collect()
        })
        .unwrap_or_default();
    let auto_add = raw
        .get("ad_configuration")
        .and_then(|c| c.get("creative_auto_add_toggle"))
        .and_then(|v| match v {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "ON" => Some(true),
            Value::String(s) if s == "OFF" => Some(false),
            _ => None,
        });
    let id = Kind::Ad.id_of(raw);
    let manual: Option<&[&Value]> = ctx.manual.as_ref().map(|m| {
        id.as_ref()
            .and_then(|id| m.get(id))
            .map_or(&[][..], Vec::as_slice)
    });
    AdStatus {
        name: Kind::Ad.name_of(raw).to_owned(),
        id,
        in_spec: spec.is_some(),
        secondary_status: text(raw, "secondary_status"),
        enabled: enabled(raw),
        enhancements,
        auto_add,
        creatives: creatives::classify(raw, spec, manual),
    }
}

/// Advice for the ad groups unlikely to leave learning: their figures, budget
/// (theirs, or the campaign's `shared` one under CBO) and siblings decide which.
fn advise(groups: &mut [AdGroupStatus], shared: Option<Budget>, campaign: Option<&Figures>) {
    let open: Vec<(usize, String, u64)> = groups
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            g.enabled && matches!(g.estimate.state, State::Learning | State::UnlikelyToExit)
        })
        .map(|(i, g)| (i, g.name.clone(), g.estimate.projected_7d.unwrap_or(0)))
        .collect();
    for (i, g) in groups.iter_mut().enumerate() {
        if g.estimate.state != State::UnlikelyToExit {
            continue;
        }
        let observed = g.figures.as_ref().and_then(Figures::cpa_7d);
        let cpa = observed
            .map(|c| (c.0, CpaSource::Observed))
            .or(g.historical_cpa.map(|c| (c.0, CpaSource::Historical)));
        let (daily, used) = match (&g.budget, &shared) {
            (Some(own), _) => (
                own.per_day,
                g.figures
                    .as_ref()
                    .and_then(|f| used_percent(f.spend_7d, own.week)),
            ),
            (None, Some(shared)) => (
                shared.per_day,
                campaign.and_then(|f| used_percent(f.spend_7d, shared.week)),
            ),
            (None, None) => (None, None),
        };
        let situation = Situation {
            paused: !g.enabled,
            daily_budget: daily.map(|d| d.0),
            shared_budget: g.budget.is_none() && shared.is_some(),
            capped_bid: matches!(
                g.automation.bidding,
                BidStrategy::CostCap | BidStrategy::MinRoas
            ),
            cpa,
            budget_used_percent: used,
            manual_targeting: g.automation.targeting == TargetingMode::Manual,
            projected_7d: g.estimate.projected_7d.unwrap_or(0),
            siblings: open
                .iter()
                .filter(|(j, _, _)| *j != i)
                .map(|(_, name, p)| (name.clone(), *p))
                .collect(),
        };
        g.advice = advice::advise(&situation);
    }
}

#[cfg(test)]
mod tests;
