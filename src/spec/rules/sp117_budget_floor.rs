//! SP117: budgets are at least the platform floor for the account currency.

use rust_decimal::Decimal;

use crate::facts::{AD_GROUP_BUDGET_FLOOR, CAMPAIGN_BUDGET_FLOOR};
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::BudgetMode;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, currency_facts, scheduled_days};

pub(super) struct BudgetFloor;

static INFO: RuleInfo = RuleInfo {
    code: "SP117",
    name: "budget-floor",
    severity: Severity::Error,
    summary: "budgets are at least the currency's floor (campaign 50, ad group 20 a day, × ratio)",
};

impl Rule for BudgetFloor {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, ctx: &Context, out: &mut Findings) {
        let (currency, ratio, _) = currency_facts(file, ctx);
        for campaign in file.campaigns.iter() {
            let budget = &campaign.budget;
            if let Some(amount) = &budget.amount
                && budget.effective_mode() != BudgetMode::Unlimited
            {
                let floor = CAMPAIGN_BUDGET_FLOOR.saturating_mul(ratio);
                if amount.decimal() < Decimal::from(floor) {
                    out.report(
                        &INFO,
                        amount.pos,
                        format!(
                            "campaign `{}` budget {} {currency} is below the floor of {floor} {currency}",
                            campaign.name.value, amount.value
                        ),
                        format!("below {floor}"),
                        format!(
                            "a campaign budget is at least {CAMPAIGN_BUDGET_FLOOR} × {ratio} \
                             (the {currency} ratio) = {floor} {currency}; raise `amount`"
                        ),
                    );
                }
            }
            // Ad group budgets are ignored under CBO (SP113).
            if budget.cbo.value {
                continue;
            }
            for group in campaign.ad_groups.iter() {
                let Some(gb) = &group.budget else { continue };
                let daily = AD_GROUP_BUDGET_FLOOR.saturating_mul(ratio);
                let (floor, why) = if gb.mode.value == BudgetMode::Total {
                    let days = scheduled_days(group, file);
                    (
                        daily.saturating_mul(days),
                        format!(
                            "a total ad group budget is at least {AD_GROUP_BUDGET_FLOOR} × {ratio} \
                             (the {currency} ratio) × {days} scheduled {} = {} {currency}",
                            if days == 1 { "day" } else { "days" },
                            daily.saturating_mul(days)
                        ),
                    )
                } else {
                    (
                        daily,
                        format!(
                            "a daily ad group budget is at least {AD_GROUP_BUDGET_FLOOR} × {ratio} \
                             (the {currency} ratio) = {daily} {currency}"
                        ),
                    )
                };
                if gb.amount.decimal() < Decimal::from(floor) {
                    out.report(
                        &INFO,
                        gb.amount.pos,
                        format!(
                            "ad group `{}` budget {} {currency} is below the floor of {floor} {currency}",
                            group.name.value, gb.amount.value
                        ),
                        format!("below {floor}"),
                        format!("{why}; raise `amount`"),
                    );
                }
            }
        }
    }
}
