//! SP301: a change to a field that cannot change in place replaces the object,
//! which is refused without `--allow-replace`.

use super::{Ctx, Object, PlanRule, finding};
use crate::plan::model::Action;
use crate::plan::model::Plan;
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP301",
    name: "replace-needs-permission",
    severity: Severity::Error,
    summary: "changing an immutable field replaces the object; refused without --allow-replace",
};

pub struct Replace;

impl PlanRule for Replace {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, plan: &mut Plan, ctx: &Ctx) {
        ctx.each(plan, check);
    }
}

fn check(ctx: &mut Object) {
    if ctx.change.action != Action::Replace {
        return;
    }
    let fields: Vec<String> = ctx
        .change
        .fields
        .iter()
        .filter(|f| f.forces_replace)
        .map(|f| format!("`{}`", f.path))
        .collect();
    let what = ctx.kind.label();
    let message = format!(
        "{what} `{}` must be replaced: {} cannot change after creation",
        ctx.change.name,
        fields.join(", ")
    );
    let help = format!(
        "replacing deletes the {what} and everything under it, loses its learning and history, \
         and creates a new one; pass --allow-replace if that is what you want, or keep the old value"
    );
    let f = finding(&INFO, ctx.opts.selection.allow_replace, message, Some(help));
    ctx.change.findings.push(f);
}
