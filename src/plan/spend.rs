//! Daily and total budget before and after the plan, per campaign and account.

use super::DesiredCampaign;
use super::model::{CampaignSpend, Kind, Spend, SpendTotals};
use crate::spec::Money;
use crate::spec::enums::{BudgetMode, Status};
use crate::spec::model::Campaign;
use crate::wire::{LiveAccount, raise};

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

/// Before → after for every desired campaign, and the account as a whole.
pub fn summarise(desired: &[DesiredCampaign], live: &LiveAccount) -> Spend {
    let mut out = Spend::default();
    let mut before_all = SpendTotals::default();
    let mut after_all = SpendTotals::default();
    for d in desired {
        let name = d.spec.name.value.clone();
        let live_c = live.campaigns.iter().find(|c| match &d.spec.id {
            Some(id) => Kind::Campaign.id_of(&c.raw).as_deref() == Some(id.as_str()),
            None => Kind::Campaign.name_of(&c.raw) == name,
        });
        let before = live_c
            .map(|c| {
                let groups: Vec<(serde_json::Value, Vec<serde_json::Value>)> = c
                    .ad_groups
                    .iter()
                    .flatten()
                    .map(|g| (g.raw.clone(), Vec::new()))
                    .collect();
                totals(&raise::campaign(&c.raw, &groups, &jiff::tz::TimeZone::UTC).value)
            })
            .unwrap_or_default();
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
    out.account = after_all.clone();
    out.account_before = before_all;
    out
}
