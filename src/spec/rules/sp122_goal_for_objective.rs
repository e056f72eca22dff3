//! SP122: the optimisation goal is one the campaign objective offers.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::{Objective, OptimizationGoal as Goal};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups};

pub(super) struct GoalForObjective;

static INFO: RuleInfo = RuleInfo {
    code: "SP122",
    name: "goal-for-objective",
    severity: Severity::Error,
    summary: "the optimisation goal is allowed for the campaign objective",
};

/// Goals each Smart+ objective offers; `None` for objectives SP101 refuses.
pub(crate) fn allowed_goals(objective: Objective) -> Option<&'static [Goal]> {
    match objective {
        Objective::WebConversions => Some(&[
            Goal::Click,
            Goal::Convert,
            Goal::LandingPageView,
            Goal::Value,
        ]),
        Objective::AppPromotion => {
            Some(&[Goal::Install, Goal::InAppEvent, Goal::Value, Goal::Click])
        }
        Objective::LeadGeneration => Some(&[
            Goal::LeadGeneration,
            Goal::Convert,
            Goal::Click,
            Goal::Conversation,
        ]),
        _ => None,
    }
}

impl Rule for GoalForObjective {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (campaign, group) in ad_groups(file) {
            let objective = campaign.objective.value;
            let Some(allowed) = allowed_goals(objective) else {
                continue;
            };
            let goal = &group.optimization.goal;
            if !allowed.contains(&goal.value) {
                let list = allowed
                    .iter()
                    .map(|g| format!("`{g}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.report(
                    &INFO,
                    goal.pos,
                    format!(
                        "ad group `{}` optimises for `{}`, which `{objective}` campaigns do not offer",
                        group.name.value, goal.value
                    ),
                    format!("not a `{objective}` goal"),
                    format!("`{objective}` ad groups optimise for one of {list}"),
                );
            }
        }
    }
}
