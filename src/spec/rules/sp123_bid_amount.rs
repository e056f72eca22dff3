//! SP123: cost cap takes a positive amount; the other strategies take none.

use rust_decimal::Decimal;

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::BidStrategy;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups};

pub(super) struct BidAmount;

static INFO: RuleInfo = RuleInfo {
    code: "SP123",
    name: "bid-amount",
    severity: Severity::Error,
    summary: "`cost_cap` needs a positive `amount`; other strategies take none",
};

impl Rule for BidAmount {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, group) in ad_groups(file) {
            let Some(bidding) = &group.bidding else {
                continue;
            };
            let strategy = &bidding.strategy;
            match (strategy.value, &bidding.amount) {
                (BidStrategy::CostCap, None) => out.report(
                    &INFO,
                    strategy.pos,
                    format!(
                        "ad group `{}` bids with `cost_cap` but gives no amount",
                        group.name.value
                    ),
                    "no `amount`",
                    "cost cap targets a cost per result: add `amount:` under `bidding` in the \
                     account currency, or bid with `max_delivery`",
                ),
                (BidStrategy::CostCap, Some(amount)) if amount.decimal() <= Decimal::ZERO => {
                    out.report(
                        &INFO,
                        amount.pos,
                        format!(
                            "ad group `{}` has a cost cap of {}",
                            group.name.value, amount.value
                        ),
                        "not positive",
                        "a cost cap is the cost per result to aim for, above zero",
                    );
                }
                (BidStrategy::CostCap, Some(_)) | (_, None) => {}
                (other, Some(amount)) => out.report(
                    &INFO,
                    amount.pos,
                    format!(
                        "ad group `{}` bids with `{other}`, which takes no amount",
                        group.name.value
                    ),
                    format!("not used by `{other}`"),
                    match other {
                        BidStrategy::MinRoas => {
                            "`min_roas` targets a return: give `roas:` instead of `amount:`"
                        }
                        _ => "only `cost_cap` takes a bid `amount`; remove it, or bid with `cost_cap`",
                    },
                ),
            }
        }
    }
}
