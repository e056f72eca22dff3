//! SP315 (warning): a budget changes, but the spend SP306 and SP311 measure it
//! against could not be read.
//!
//! Without report access (or when the report fails) the two budget rules have
//! nothing to compare with and would say nothing. That silence is not a pass: a
//! budget at or below today's spend is answered with success and ignored, and the
//! plan would propose it again and again. This rule says that the check did not
//! happen, and why.

use super::{Ctx, PlanRule, finding, new_budget};
use crate::plan::model::Plan;
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP315",
    name: "budget-spend-unknown",
    severity: Severity::Warning,
    summary: "a budget change could not be checked against today's and lifetime spend",
};

pub struct SpendUnknown;

impl PlanRule for SpendUnknown {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, plan: &mut Plan, ctx: &Ctx) {
        let Some(reason) = ctx.live.spend_unknown.as_deref() else {
            return;
        };
        for change in &mut plan.changes {
            let Some(new) = new_budget(change) else {
                continue;
            };
            if ctx.live_object(change).is_none() {
                continue;
            }
            let message = format!(
                "the new budget of {new} for {} `{}` could not be checked against what it has \
                 spent today and in total (SP311, SP306): {reason}",
                change.kind.label(),
                change.name
            );
            let help = "TikTok answers a budget at or below today's spend with success and keeps \
                        the old one, and refuses a total budget under 105% of lifetime spend; \
                        check the spend in Ads Manager before applying, or give the app access \
                        to reporting and plan again";
            change
                .findings
                .push(finding(&INFO, false, message, Some(help.to_owned())));
        }
    }
}
