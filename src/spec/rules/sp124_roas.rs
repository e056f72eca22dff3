//! SP124: minimum ROAS and value optimisation go together, with a ROAS in range.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::facts::{MAX_ROAS, MIN_ROAS};
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::{BidStrategy, OptimizationGoal};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups, group_pos, pos_or, strategy};

pub(super) struct Roas;

static INFO: RuleInfo = RuleInfo {
    code: "SP124",
    name: "roas-and-value",
    severity: Severity::Error,
    summary: "`min_roas` needs a ROAS of 0.01–1000; the `value` goal and value strategies go together",
};

impl Rule for Roas {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        let (Ok(min), Ok(max)) = (Decimal::from_str(MIN_ROAS), Decimal::from_str(MAX_ROAS)) else {
            return;
        };
        for (_, group) in ad_groups(file) {
            let name = &group.name.value;
            let bidding = group.bidding.as_ref();
            let strategy_pos = pos_or(bidding.map(|b| &b.strategy), group_pos(group));
            let s = strategy(group);
            let roas = bidding.and_then(|b| b.roas.as_ref());
            match (s, roas) {
                (BidStrategy::MinRoas, None) => out.report(
                    &INFO,
                    strategy_pos,
                    format!("ad group `{name}` bids with `min_roas` but gives no ROAS"),
                    "no `roas`",
                    format!("add `roas:` under `bidding`, between {MIN_ROAS} and {MAX_ROAS}"),
                ),
                (BidStrategy::MinRoas, Some(r)) if r.decimal() < min || r.decimal() > max => out
                    .report(
                        &INFO,
                        r.pos,
                        format!("ad group `{name}` has a minimum ROAS of {}", r.value),
                        "out of range",
                        format!("a minimum ROAS is between {MIN_ROAS} and {MAX_ROAS}"),
                    ),
                (BidStrategy::MinRoas, _) | (_, None) => {}
                (other, Some(r)) => out.report(
                    &INFO,
                    r.pos,
                    format!("ad group `{name}` bids with `{other}`, which takes no ROAS"),
                    format!("not used by `{other}`"),
                    "only `min_roas` takes `roas`; remove it, or bid with `min_roas`",
                ),
            }
            let goal = &group.optimization.goal;
            let value_goal = goal.value == OptimizationGoal::Value;
            let value_strategy = matches!(s, BidStrategy::MinRoas | BidStrategy::HighestValue);
            if value_goal && !value_strategy {
                out.report(
                    &INFO,
                    // With no bidding written, the goal is what asks for a value strategy.
                    pos_or(bidding.map(|b| &b.strategy), goal.pos),
                    format!("ad group `{name}` optimises for `value` but bids with `{s}`"),
                    "not a value strategy",
                    "the `value` goal bids with `min_roas` (with `roas`) or `highest_value`",
                );
            } else if value_strategy && !value_goal {
                out.report(
                    &INFO,
                    strategy_pos,
                    format!(
                        "ad group `{name}` bids with `{s}` but optimises for `{}`",
                        goal.value
                    ),
                    "needs the `value` goal",
                    "`min_roas` and `highest_value` optimise purchase value: set \
                     `optimization.goal: value`, or bid with `max_delivery` or `cost_cap`",
                );
            }
        }
    }
}
