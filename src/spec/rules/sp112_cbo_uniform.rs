//! SP112: under CBO every ad group shares its bidding and optimisation settings.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::{AdGroup, SpecFile};
use crate::spec::rules::{Context, Rule, RuleInfo, group_pos, pos_or, strategy};
use crate::spec::span::Pos;

pub(super) struct CboUniform;

static INFO: RuleInfo = RuleInfo {
    code: "SP112",
    name: "cbo-uniform-ad-groups",
    severity: Severity::Error,
    summary: "under CBO every ad group has the same bid strategy, bid, ROAS, goal, event and pixel",
};

/// One compared setting of an ad group: its key, its value as written, where.
pub(crate) struct Setting {
    pub key: &'static str,
    pub value: Option<String>,
    pub pos: Pos,
}

impl Setting {
    pub(super) fn shown(&self) -> String {
        match &self.value {
            Some(v) => format!("`{v}`"),
            None => "none".into(),
        }
    }
}

/// Bid settings; a differing strategy explains any differing amount, so they form one group.
pub(crate) fn bid_settings(group: &AdGroup) -> [Setting; 3] {
    let bidding = group.bidding.as_ref();
    let fallback = pos_or(bidding, group_pos(group));
    [
        Setting {
            key: "bidding.strategy",
            value: Some(strategy(group).yaml().to_string()),
            pos: pos_or(bidding.map(|b| &b.strategy), group_pos(group)),
        },
        Setting {
            key: "bidding.amount",
            value: bidding
                .and_then(|b| b.amount.as_ref())
                .map(|a| a.to_string()),
            pos: pos_or(bidding.and_then(|b| b.amount.as_ref()), fallback),
        },
        Setting {
            key: "bidding.roas",
            value: bidding.and_then(|b| b.roas.as_ref()).map(|a| a.to_string()),
            pos: pos_or(bidding.and_then(|b| b.roas.as_ref()), fallback),
        },
    ]
}

fn optimisation_settings(group: &AdGroup) -> [Setting; 3] {
    let o = &group.optimization;
    [
        Setting {
            key: "optimization.goal",
            value: Some(o.goal.yaml().to_string()),
            pos: o.goal.pos,
        },
        Setting {
            key: "optimization.event",
            value: o.event.as_ref().map(|e| e.yaml().to_string()),
            pos: pos_or(o.event.as_ref(), o.pos),
        },
        Setting {
            key: "optimization.pixel",
            value: o.pixel_id.as_ref().map(|p| p.value.clone()),
            pos: pos_or(o.pixel_id.as_ref(), o.pos),
        },
    ]
}

/// The first setting of `other` that differs from `first`'s, if any.
pub(crate) fn first_difference<const N: usize>(
    first: [Setting; N],
    other: [Setting; N],
) -> Option<(Setting, Setting)> {
    first
        .into_iter()
        .zip(other)
        .find(|(a, b)| a.value != b.value)
}

impl Rule for CboUniform {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter().filter(|c| c.budget.cbo.value) {
            let Some((first, rest)) = campaign.ad_groups.split_first() else {
                continue;
            };
            for group in rest {
                let differences = [
                    first_difference(bid_settings(first), bid_settings(group)),
                    first_difference(optimisation_settings(first), optimisation_settings(group)),
                ];
                for (theirs, ours) in differences.into_iter().flatten() {
                    out.report(
                        &INFO,
                        ours.pos,
                        format!(
                            "ad group `{}` has `{}` {} but ad group `{}` has {}",
                            group.name.value,
                            ours.key,
                            ours.shown(),
                            first.name.value,
                            theirs.shown()
                        ),
                        format!("differs from `{}`", first.name.value),
                        format!(
                            "with campaign budget optimisation (`cbo: true`) every ad group of \
                             campaign `{}` must share bid strategy, bid, ROAS, optimisation goal, \
                             event and pixel; make `{}` {} here, or turn CBO off",
                            campaign.name.value,
                            ours.key,
                            theirs.shown()
                        ),
                    );
                }
            }
        }
    }
}
