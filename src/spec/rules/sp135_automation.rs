//! SP135: the campaign's automation modules agree with the ad group settings.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::{Automation, BidStrategy, TargetingMode};
use crate::spec::model::{Placements, SpecFile};
use crate::spec::rules::{Context, Rule, RuleInfo, group_pos, pos_or, strategy, targeting_mode};

pub(super) struct AutomationModules;

static INFO: RuleInfo = RuleInfo {
    code: "SP135",
    name: "automation-modules",
    severity: Severity::Error,
    summary: "automation modules (targeting, bidding, placement) agree with every ad group",
};

impl Rule for AutomationModules {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let Some(modules) = &campaign.automation else {
                continue;
            };
            let cname = &campaign.name.value;
            for group in campaign.ad_groups.iter() {
                let gname = &group.name.value;
                if let Some(module) = &modules.targeting {
                    let mode = targeting_mode(group);
                    let manual = mode == TargetingMode::Manual;
                    let wrong = match module.value {
                        Automation::Manual => !manual,
                        Automation::Automatic => manual,
                    };
                    if wrong {
                        let t = &group.targeting;
                        out.report(
                            &INFO,
                            pos_or(t.mode.as_ref(), t.pos),
                            format!(
                                "ad group `{gname}` uses `{mode}` targeting but campaign `{cname}` \
                                 sets the targeting module to `{}`",
                                module.value
                            ),
                            format!("`{}` module", module.value),
                            match module.value {
                                Automation::Manual => {
                                    "with `automation.targeting: manual` every ad group sets \
                                     `targeting.mode: manual`"
                                }
                                Automation::Automatic => {
                                    "with `automation.targeting: automatic` no ad group uses \
                                     `targeting.mode: manual`; use `automatic` or \
                                     `automatic_with_suggestions`"
                                }
                            },
                        );
                    }
                }
                if let Some(module) = &modules.bidding {
                    let s = strategy(group);
                    let capped = matches!(s, BidStrategy::CostCap | BidStrategy::MinRoas);
                    let wrong = match module.value {
                        Automation::Manual => !capped,
                        Automation::Automatic => capped,
                    };
                    if wrong {
                        out.report(
                            &INFO,
                            pos_or(group.bidding.as_ref().map(|b| &b.strategy), group_pos(group)),
                            format!(
                                "ad group `{gname}` bids with `{s}` but campaign `{cname}` sets \
                                 the bidding module to `{}`",
                                module.value
                            ),
                            format!("`{}` module", module.value),
                            match module.value {
                                Automation::Manual => {
                                    "manual bidding means `cost_cap` or `min_roas` on every ad group"
                                }
                                Automation::Automatic => {
                                    "automatic bidding means `max_delivery` or `highest_value` on \
                                     every ad group"
                                }
                            },
                        );
                    }
                }
                if let Some(module) = &modules.placement {
                    let listed = matches!(
                        group.placements.as_ref().map(|p| &p.value),
                        Some(Placements::Chosen(_))
                    );
                    let wrong = match module.value {
                        Automation::Manual => !listed,
                        Automation::Automatic => listed,
                    };
                    if wrong {
                        out.report(
                            &INFO,
                            pos_or(group.placements.as_ref(), group_pos(group)),
                            format!(
                                "ad group `{gname}` {} but campaign `{cname}` sets the placement \
                                 module to `{}`",
                                if listed {
                                    "lists placements"
                                } else {
                                    "leaves placements automatic"
                                },
                                module.value
                            ),
                            format!("`{}` module", module.value),
                            match module.value {
                                Automation::Manual => {
                                    "manual placement means every ad group lists `placements`, \
                                     e.g. `[tiktok, pangle]`"
                                }
                                Automation::Automatic => {
                                    "automatic placement lets TikTok choose (it overwrites any \
                                     list); remove `placements` or set the module to `manual`"
                                }
                            },
                        );
                    }
                }
            }
        }
    }
}
