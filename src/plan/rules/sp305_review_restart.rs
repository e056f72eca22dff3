//! SP305: edits to targeting, landing page, creatives, texts or identity send ads
//! back to review; flagged so nobody is surprised when delivery pauses.

use super::{Ctx, Object, PlanRule, finding};
use crate::plan::model::Action;
use crate::plan::model::Plan;
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;
use crate::wire::fields;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP305",
    name: "review-restart",
    severity: Severity::Warning,
    summary: "edits to targeting, landing page, creatives or identity restart ad review",
};

pub struct ReviewRestart;

impl PlanRule for ReviewRestart {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, plan: &mut Plan, ctx: &Ctx) {
        ctx.each(plan, check);
    }
}

fn check(ctx: &mut Object) {
    if ctx.change.action != Action::Update {
        return;
    }
    let kind = ctx.kind;
    let mut paths: Vec<&str> = ctx
        .change
        .fields
        .iter()
        .filter(|f| fields::info(kind, &f.path).is_some_and(|i| i.restarts_review))
        .map(|f| f.path.split('.').next().unwrap_or(&f.path))
        .collect();
    paths.dedup();
    if paths.is_empty() {
        return;
    }
    let list: Vec<String> = paths.iter().map(|p| format!("`{p}`")).collect();
    let message = format!(
        "changing {} of {} `{}` sends its ads back to review; they may stop delivering until approved",
        list.join(", "),
        kind.label(),
        ctx.change.name
    );
    let f = finding(&INFO, true, message, None);
    ctx.change.findings.push(f);
}
