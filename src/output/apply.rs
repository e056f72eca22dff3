//! What `apply` tells the user: the confirmation question, a line per step, and the
//! closing summary.

use std::fmt::Write;

use super::text;
use crate::api::OperationStatus;
use crate::apply::{Report, Skip, StepError, StepResult};
use crate::plan::Plan;
use crate::plan::model::{Change, NewPortfolio};

/// Past tense, for logs: "Created ad group `US broad` (id 123)".
pub fn step_line(c: &Change, result: &StepResult) -> String {
    let what = format!("{} `{}`", c.kind.label(), text::line(&c.name));
    let id =
        c.id.as_deref()
            .map(|i| format!(" (id {i})"))
            .unwrap_or_default();
    match result {
        StepResult::Created { id } => format!("Created {what} (id {id})"),
        StepResult::CreatedByOther { id, removed } => {
            let mut line = format!("Found {what} already created by another run (id {id})");
            if let Some(ours) = removed {
                let _ = write!(line, "; deleted the copy this run made (id {ours})");
            }
            line
        }
        StepResult::AlreadyDone => {
            let done = match c.action {
                crate::plan::Action::Delete => "deleted",
                crate::plan::Action::Pause => "paused",
                crate::plan::Action::Replace => "replaced",
                _ => "updated",
            };
            format!("Found {what}{id} already {done} by another run")
        }
        StepResult::Replaced { old, new } => format!("Replaced {what} (id {old} → {new})"),
        StepResult::Updated => format!("Updated {what}{id}"),
        StepResult::Cascaded => format!("Updated {what}{id} through the bid cascade"),
        StepResult::StatusSet { status } => {
            let verb = match status {
                OperationStatus::Disable => "Paused",
                OperationStatus::Delete => "Deleted",
                OperationStatus::Enable => "Enabled",
            };
            format!("{verb} {what}{id}")
        }
        StepResult::Failed { error } => format!(
            "Failed to {} {what}{id}: {}",
            c.action.as_str(),
            text::line(&error.to_string())
        ),
        StepResult::Skipped { reason } => format!("Skipped {what}{id}: {}", skip_reason(reason)),
    }
}

/// A copy the dedupe pass deleted besides the run's own.
pub fn copy_removed_line(c: &Change, id: &str) -> String {
    format!(
        "Deleted a later copy of {} `{}` (id {id}), made at the same time by another run or by a create whose answer was lost",
        c.kind.label(),
        text::line(&c.name)
    )
}

/// A CTA portfolio found or made, or why it could not be.
pub fn portfolio_line(p: &NewPortfolio, result: &Result<String, StepError>) -> String {
    let calls = text::line(&p.calls_to_action.join(", ")).into_owned();
    match result {
        Ok(id) => format!("CTA portfolio [{calls}] ready (id {id})"),
        Err(e) => format!(
            "Failed to make CTA portfolio [{calls}]: {}",
            text::line(&e.to_string())
        ),
    }
}

fn skip_reason(reason: &Skip) -> String {
    match reason {
        Skip::ParentNotMade { kind, name } => {
            format!("{} `{}` was not made", kind.label(), text::line(name))
        }
        Skip::Interrupted => "not started: interrupted".into(),
        Skip::StoppedAfterFailure => {
            "not started: stopped after a failure (use --keep-going to go on)".into()
        }
        Skip::AccountChanged => "not started: the account changed under this run".into(),
        Skip::PortfolioNotMade => "its CTA portfolio could not be had".into(),
        Skip::UploadFailed { file } => format!("`{}` was not uploaded", text::line(file)),
    }
}

/// The question asked before applying on a terminal; `place` is where the calls go.
pub fn confirm_question(plan: &Plan, advertiser_id: &str, place: &str) -> String {
    let s = &plan.spend;
    let currency = text::line(s.currency.as_deref().unwrap_or(""));
    format!(
        "\nApply these changes to advertiser {advertiser_id} ({place})?\nDaily budgets {} → {} {currency}, total budgets {} → {} {currency}.\nOnly `yes` applies: ",
        s.account_before.daily, s.account.daily, s.account_before.total, s.account.total,
    )
}

/// Printed for a saved plan whose every change the account already has.
pub const ALREADY_APPLIED: &str = "The account already matches this plan: every change it shows is in the account. Nothing to do.";

/// The closing summary: counts, every step that failed or was skipped, and why the
/// run stopped early when the account changed under it.
pub fn summary(plan: &Plan, report: &Report, stopped: Option<&[String]>) -> String {
    let count =
        |f: &dyn Fn(&StepResult) -> bool| report.results.iter().filter(|(_, r)| f(r)).count();
    let created = count(&|r| matches!(r, StepResult::Created { .. }));
    let replaced = count(&|r| matches!(r, StepResult::Replaced { .. }));
    let updated = count(&|r| matches!(r, StepResult::Updated | StepResult::Cascaded));
    let status = count(&|r| matches!(r, StepResult::StatusSet { .. }));
    let by_other = count(&|r| {
        matches!(
            r,
            StepResult::CreatedByOther { .. } | StepResult::AlreadyDone
        )
    });
    let failed = report.failed();
    let skipped = report.skipped();
    let head = if report.cancelled {
        "Apply interrupted"
    } else if stopped.is_some() {
        "Apply stopped"
    } else if failed + skipped == 0 {
        "Apply complete"
    } else {
        "Apply incomplete"
    };
    let others = if by_other > 0 {
        format!("; {by_other} already made by another run")
    } else {
        String::new()
    };
    let mut out = format!(
        "\n{head}: {created} created, {updated} updated, {replaced} replaced, {status} paused or deleted, {failed} failed, {skipped} skipped{others}.\n"
    );
    if let Some(lines) = stopped {
        out.push_str("It stopped rather than risk a copy or a change nobody saw, because:\n");
        for l in lines {
            // The lines name objects of the account.
            let _ = writeln!(out, "  - {}", text::line(l));
        }
    }
    if failed + skipped > 0 || stopped.is_some() {
        for (i, r) in &report.portfolios {
            if r.is_err() {
                let _ = writeln!(out, "  {}", portfolio_line(&plan.portfolios[*i], r));
            }
        }
        for (i, r) in &report.results {
            if matches!(r, StepResult::Failed { .. } | StepResult::Skipped { .. }) {
                let _ = writeln!(out, "  {}", step_line(&plan.changes[*i], r));
            }
        }
        out.push_str("Run `smartplus apply` again to finish: it reads the account first and does only what is left.\n");
    }
    out
}

/// Printed when Ctrl-C arrives during an apply.
pub const INTERRUPTED: &str = "interrupted: finishing the calls in flight, starting no new ones";
