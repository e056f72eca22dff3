//! What to do about an ad group that is unlikely to leave learning: the seeds'
//! three levers (raise the budget towards 10× CPA, broaden, merge ad groups),
//! and which of them this ad group's figures point to. Pure.

use rust_decimal::Decimal;

use crate::facts::{
    BUDGET_CPA_MULTIPLE, BUDGET_CPA_MULTIPLE_CAPPED, LEARNING_CONVERSIONS_PER_WEEK,
};

/// Below this share of its budget spent, an ad group is held back by its reach,
/// not its budget. [inf]
pub const UNDERSPEND_PERCENT: i64 = 80;

/// Where a cost per acquisition comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CpaSource {
    /// Spend over conversions in the last 7 days.
    Observed,
    /// The spec's `guidance.historical_cpa`.
    Historical,
}

/// What the advice is made from, for one ad group.
#[derive(Clone, Debug, Default)]
pub struct Situation {
    /// The ad group (or its campaign) is paused: nothing comes in while it is.
    pub paused: bool,
    /// The daily budget that feeds the ad group: its own, or its CBO campaign's.
    pub daily_budget: Option<Decimal>,
    /// `daily_budget` is the campaign's, shared by its ad groups.
    pub shared_budget: bool,
    /// Cost cap or minimum ROAS: TikTok's guidance is 30× CPA instead of 10×.
    pub capped_bid: bool,
    /// The CPA to size the budget by, and where it comes from.
    pub cpa: Option<(Decimal, CpaSource)>,
    /// Spend over the budget available in the same days, in percent, when known.
    pub budget_used_percent: Option<i64>,
    /// Manual targeting narrows the audience to what was described.
    pub manual_targeting: bool,
    /// This ad group's projected conversions a week.
    pub projected_7d: u64,
    /// The campaign's other ad groups that have not left learning, with their
    /// projections.
    pub siblings: Vec<(String, u64)>,
}

/// One thing to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Advice {
    /// Unpause it, or expect no progress.
    Paused,
    /// Raise the daily budget from `current` towards `multiple` × `cpa`
    /// (`towards`); without a known CPA, `towards` is `None`.
    RaiseBudget {
        current: Option<Decimal>,
        towards: Option<Decimal>,
        multiple: i64,
        cpa: Option<(Decimal, CpaSource)>,
        shared: bool,
    },
    /// Broaden the audience: it spends only part of its budget, or targets manually.
    Broaden {
        budget_used_percent: Option<i64>,
        manual_targeting: bool,
    },
    /// Merge with these ad groups: together they would project `together` a week.
    Merge { with: Vec<String>, together: u64 },
}

impl Advice {
    /// A short name for machines: `paused`, `raise_budget`, `broaden`, `merge`.
    pub fn kind(&self) -> &'static str {
        match self {
            Advice::Paused => "paused",
            Advice::RaiseBudget { .. } => "raise_budget",
            Advice::Broaden { .. } => "broaden",
            Advice::Merge { .. } => "merge",
        }
    }
}

/// The advice that applies, most useful first; never empty.
pub fn advise(s: &Situation) -> Vec<Advice> {
    if s.paused {
        return vec![Advice::Paused];
    }
    let threshold = LEARNING_CONVERSIONS_PER_WEEK.unsigned_abs();
    let multiple = if s.capped_bid {
        BUDGET_CPA_MULTIPLE_CAPPED
    } else {
        BUDGET_CPA_MULTIPLE
    };
    let underspent = s
        .budget_used_percent
        .is_some_and(|p| p < UNDERSPEND_PERCENT);
    let mut out = Vec::new();
    let towards = s.cpa.map(|(cpa, _)| cpa * Decimal::from(multiple));
    let raise = || Advice::RaiseBudget {
        current: s.daily_budget,
        towards,
        multiple,
        cpa: s.cpa,
        shared: s.shared_budget,
    };
    let short_of_guidance = match (s.daily_budget, towards) {
        (Some(budget), Some(target)) => budget < target,
        // Unknown either way: the budget is still the first lever to check.
        _ => !underspent,
    };
    // A budget that is not even spent is not what holds the ad group back.
    if short_of_guidance && !underspent {
        out.push(raise());
    }
    if underspent || s.manual_targeting {
        out.push(Advice::Broaden {
            budget_used_percent: s.budget_used_percent.filter(|_| underspent),
            manual_targeting: s.manual_targeting,
        });
    }
    let together = s.projected_7d + s.siblings.iter().map(|(_, p)| p).sum::<u64>();
    if !s.siblings.is_empty() && together >= threshold {
        out.push(Advice::Merge {
            with: s.siblings.iter().map(|(n, _)| n.clone()).collect(),
            together,
        });
    }
    if out.is_empty() {
        // Budget at guidance, fully spent, broad, alone: volume can still only
        // come from more budget.
        out.push(raise());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("a decimal")
    }

    fn starved() -> Situation {
        Situation {
            daily_budget: Some(dec("50")),
            cpa: Some((dec("20"), CpaSource::Observed)),
            budget_used_percent: Some(95),
            projected_7d: 17,
            ..Situation::default()
        }
    }

    #[test]
    fn a_budget_under_ten_cpa_that_is_spent_is_the_lever() {
        let a = advise(&starved());
        assert_eq!(
            a,
            vec![Advice::RaiseBudget {
                current: Some(dec("50")),
                towards: Some(dec("200")),
                multiple: 10,
                cpa: Some((dec("20"), CpaSource::Observed)),
                shared: false,
            }]
        );
        let capped = advise(&Situation {
            capped_bid: true,
            ..starved()
        });
        assert!(
            matches!(&capped[0], Advice::RaiseBudget { towards: Some(t), multiple: 30, .. } if *t == dec("600"))
        );
    }

    #[test]
    fn an_underspent_or_manually_targeted_group_needs_a_broader_audience() {
        let a = advise(&Situation {
            budget_used_percent: Some(40),
            ..starved()
        });
        assert_eq!(
            a,
            vec![Advice::Broaden {
                budget_used_percent: Some(40),
                manual_targeting: false
            }]
        );
        let a = advise(&Situation {
            manual_targeting: true,
            ..starved()
        });
        assert_eq!(
            a.iter().map(Advice::kind).collect::<Vec<_>>(),
            ["raise_budget", "broaden"]
        );
    }

    #[test]
    fn siblings_that_together_reach_the_threshold_should_merge() {
        let a = advise(&Situation {
            daily_budget: Some(dec("1000")),
            siblings: vec![("B".into(), 20), ("C".into(), 15)],
            ..starved()
        });
        assert_eq!(
            a,
            vec![Advice::Merge {
                with: vec!["B".into(), "C".into()],
                together: 52
            }]
        );
        let a = advise(&Situation {
            siblings: vec![("B".into(), 5)],
            ..starved()
        });
        assert!(a.iter().all(|x| x.kind() != "merge"), "{a:?}");
    }

    #[test]
    fn paused_groups_are_told_so_and_something_is_always_said() {
        assert_eq!(
            advise(&Situation {
                paused: true,
                ..starved()
            }),
            vec![Advice::Paused]
        );
        let at_guidance = advise(&Situation {
            daily_budget: Some(dec("500")),
            ..starved()
        });
        assert_eq!(at_guidance.len(), 1);
        assert_eq!(at_guidance[0].kind(), "raise_budget");
        let nothing_known = advise(&Situation::default());
        assert!(matches!(
            &nothing_known[0],
            Advice::RaiseBudget { towards: None, .. }
        ));
    }
}
