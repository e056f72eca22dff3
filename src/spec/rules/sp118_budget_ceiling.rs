//! SP118: budgets stay below the ceiling and use no more decimals than the currency has.

use rust_decimal::Decimal;

use crate::facts::BUDGET_CEILING;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::money::Money;
use crate::spec::rules::{Context, Rule, RuleInfo, currency_facts};
use crate::spec::span::Sp;

pub(super) struct BudgetCeiling;

static INFO: RuleInfo = RuleInfo {
    code: "SP118",
    name: "budget-ceiling-and-precision",
    severity: Severity::Error,
    summary: "budgets are below 10,000,000 × ratio and have no more decimals than the currency",
};

fn check_amount(
    what: &str,
    amount: &Sp<Money>,
    (currency, ratio, decimals): (&str, i64, u32),
    out: &mut Findings,
) {
    let ceiling = BUDGET_CEILING.saturating_mul(ratio);
    if amount.decimal() >= Decimal::from(ceiling) {
        out.report(
            &INFO,
            amount.pos,
            format!(
                "{what} budget {} {currency} is not below the ceiling",
                amount.value
            ),
            format!("at least {ceiling}"),
            format!(
                "budgets stay below {BUDGET_CEILING} × {ratio} (the {currency} ratio) = \
                 {ceiling} {currency}"
            ),
        );
    }
    if amount.decimal().normalize().scale() > decimals {
        let places = match decimals {
            0 => "whole amounts".to_string(),
            1 => "at most 1 decimal place".to_string(),
            n => format!("at most {n} decimal places"),
        };
        out.report(
            &INFO,
            amount.pos,
            format!(
                "{what} budget {} has more decimal places than {currency} allows",
                amount.value
            ),
            "too precise",
            format!("{currency} budgets take {places}; round the amount"),
        );
    }
}

impl Rule for BudgetCeiling {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, ctx: &Context, out: &mut Findings) {
        let facts = currency_facts(file, ctx);
        for campaign in file.campaigns.iter() {
            if let Some(amount) = &campaign.budget.amount {
                let what = format!("campaign `{}`", campaign.name.value);
                check_amount(&what, amount, facts, out);
            }
            // Ad group budgets are ignored under CBO (SP113).
            if campaign.budget.cbo.value {
                continue;
            }
            for group in campaign.ad_groups.iter() {
                if let Some(gb) = &group.budget {
                    let what = format!("ad group `{}`", group.name.value);
                    check_amount(&what, &gb.amount, facts, out);
                }
            }
        }
    }
}
