//! Daily and total budget before and after the plan, per campaign and for the whole
//! account: every enabled campaign counts, managed or not, so the account figure is
//! what the account may really spend, whatever `--target` selects.

use serde_json::Value;

use super::DesiredCampaign;
use super::model::{CampaignSpend, Kind, OperationStatus, OtherSpend, Spend, SpendTotals};
use crate::spec::Money;
use crate::spec::enums::{BudgetMode, Status};
use crate::spec::model::Campaign;
use crate::wire::{LiveAccount, LiveCampaign, raise};

/// Budget caps of a campaign in spec form: what it may spend per day and in total.
pub fn totals(c: &Campaign) -> SpendTotals {
    let mut t = SpendTotals::default();
    if c.status
        .as_ref()
        .is_some_and(|s| s.value != Status::Enabled)
    {
        return t;
    }
    let add = |m: &mut Money, v: Money| *m = Money::new(m.0 + v.0);
    let amount = c
        .budget
        .amount
        .as_ref()
        .map(|a| a.value)
        .unwrap_or_default();
    match c.budget.effective_mode() {
        BudgetMode::Total => add(&mut t.total, amount),
        BudgetMode::Daily | BudgetMode::DynamicDaily if *c.budget.cbo => add(&mut t.daily, amount),
        _ => {
            let mut daily = Money::default();
            for g in c.ad_groups.iter() {
                if g.status
                    .as_ref()
                    .is_some_and(|s| s.value != Status::Enabled)
                {
                    continue;
                }
                match g.budget.as_ref().map(|b| (b.mode.value, b.amount.value)) {
                    Some((BudgetMode::Total, a)) => add(&mut t.total, a),
                    Some((_, a)) => add(&mut daily, a),
                    None => {}
                }
            }
            // A daily campaign cap limits the sum of its ad groups.
            t.daily = match c.budget.effective_mode() {
                BudgetMode::Daily => Money::new(daily.0.min(amount.0)),
                _ => daily,
            };
            t.uncapped =
                c.budget.effective_mode() == BudgetMode::Unlimited && c.ad_groups.is_empty();
        }
    }
    t
}

fn sum(a: &SpendTotals, b: &SpendTotals) -> SpendTotals {
    SpendTotals {
        daily: Money::new(a.daily.0 + b.daily.0),
        total: Money::new(a.total.0 + b.total.0),
        uncapped: a.uncapped || b.uncapped,
    }
}

/// What a live Smart+ campaign may spend, from its own budget or its ad groups'.
fn live_totals(c: &LiveCampaign, live: &LiveAccount) -> SpendTotals {
    let utc = jiff::tz::TimeZone::UTC;
    let own = raise::campaign(&c.raw, &[], &utc).value;
    if !budget_of_ad_groups(&own) {
        return totals(&own);
    }
    let read = c.ad_groups.iter().flatten().map(|g| &g.raw);
    let for_budget = Kind::Campaign
        .id_of(&c.raw)
        .and_then(|id| live.budget_groups.get(&id))
        .into_iter()
        .flatten();
    let groups: Vec<(&Value, &[Value])> = read.chain(for_budget).map(|g| (g, &[][..])).collect();
    totals(&raise::campaign(&c.raw, &groups, &utc).value)
}

/// Whether [`totals`] sums a campaign's ad groups: its own budget does not cap it
/// alone (raising every ad group of a large account costs more than the rest of
/// the sum).
fn budget_of_ad_groups(c: &Campaign) -> bool {
    match c.budget.effective_mode() {
        BudgetMode::Total => false,
        BudgetMode::Daily | BudgetMode::DynamicDaily => !*c.budget.cbo,
        BudgetMode::Unlimited => true,
    }
}

/// What a legacy or manual campaign may spend, from the fields the manual list
/// gives; a budget kept on its ad groups is not read, so it counts as no cap.
fn other_totals(raw: &Value) -> SpendTotals {
    let mut t = SpendTotals::default();
    let amount = raw.get("budget").and_then(Money::from_json);
    match (raw.get("budget_mode").and_then(Value::as_str), amount) {
        (Some("BUDGET_MODE_TOTAL"), Some(a)) => t.total = a,
        (Some("BUDGET_MODE_DAY" | "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"), Some(a)) => t.daily = a,
        _ => t.uncapped = true,
    }
    t
}

/// Every enabled campaign the plan is not about, together; `stopped` are the ids
/// of those the plan pauses.
fn others(claimed: &[&LiveCampaign], live: &LiveAccount, stopped: &[String]) -> OtherSpend {
    let mut out = OtherSpend::default();
    let smart_plus = live
        .campaigns
        .iter()
        .filter(|c| !claimed.iter().any(|d| std::ptr::eq(*d, *c)))
        .filter(|c| enabled(&c.raw))
        .map(|c| (Kind::Campaign.id_of(&c.raw), live_totals(c, live)));
    let unmanaged = live
        .others
        .iter()
        .filter(|o| enabled(&o.raw))
        .map(|o| (None, other_totals(&o.raw)));
    for (id, t) in smart_plus.chain(unmanaged) {
        out.count += 1;
        out.before = sum(&out.before, &t);
        if !id.is_some_and(|id| stopped.contains(&id)) {
            out.after = sum(&out.after, &t);
        }
    }
    out
}

fn enabled(raw: &Value) -> bool {
    OperationStatus::of(raw) == Some(OperationStatus::Enable) && !OperationStatus::deleted(raw)
}

/// Before → after for every desired campaign, and the account as a whole: the
/// desired campaigns plus every other enabled campaign, managed or not, less those
/// the plan pauses (`stopped`, by id).
pub fn summarise(desired: &[DesiredCampaign], live: &LiveAccount, stopped: &[String]) -> Spend {
    let mut out = Spend::default();
    let mut before_all = SpendTotals::default();
    let mut after_all = SpendTotals::default();
    let mut claimed: Vec<&LiveCampaign> = Vec::new();
    for d in desired {
        let name = d.spec.name.value.clone();
        let live_c = live.campaigns.iter().find(|c| match &d.spec.id {
            Some(id) => Kind::Campaign.id_of(&c.raw).as_deref() == Some(id.as_str()),
            None => Kind::Campaign.name_of(&c.raw) == name,
        });
        claimed.extend(live_c);
        let before = live_c.map(|c| live_totals(c, live)).unwrap_or_default();
        let after = if d
            .spec
            .status
            .as_ref()
            .is_some_and(|s| s.value == Status::Deleted)
        {
            SpendTotals::default()
        } else {
            totals(d.spec)
        };
        before_all = sum(&before_all, &before);
        after_all = sum(&after_all, &after);
        out.campaigns.push(CampaignSpend {
            name,
            before,
            after,
        });
    }
    out.others = others(&claimed, live, stopped);
    out.account = sum(&after_all, &out.others.after);
    out.account_before = sum(&before_all, &out.others.before);
    out
}
