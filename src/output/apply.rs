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

/// The closing summary: counts, and every step that failed or was skipped.
pub fn summary(plan: &Plan, report: &Report) -> String {
    let count =
        |f: &dyn Fn(&StepResult) -> bool| report.results.iter().filter(|(_, r)| f(r)).count();
    let created = count(&|r| matches!(r, StepResult::Created { .. }));
    let replaced = count(&|r| matches!(r, StepResult::Replaced { .. }));
    let updated = count(&|r| matches!(r, StepResult::Updated | StepResult::Cascaded));
    let status = count(&|r| matches!(r, StepResult::StatusSet { .. }));
    let failed = report.failed();
    let skipped = report.skipped();
    let head = if failed + skipped == 0 && !report.cancelled {
        "Apply complete"
    } else if report.cancelled {
        "Apply interrupted"
    } else {
        "Apply incomplete"
    };
    let mut text = format!(
        "\n{head}: {created} created, {updated} updated, {replaced} replaced, {status} paused or deleted, {failed} failed, {skipped} skipped.\n"
    );
    if failed + skipped > 0 {
        for (i, r) in &report.portfolios {
            if r.is_err() {
                let _ = writeln!(text, "  {}", portfolio_line(&plan.portfolios[*i], r));
            }
        }
        for (i, r) in &report.results {
            if matches!(r, StepResult::Failed { .. } | StepResult::Skipped { .. }) {
                let _ = writeln!(text, "  {}", step_line(&plan.changes[*i], r));
            }
        }
        text.push_str("Run `smartplus apply` again to finish: it reads the account first and does only what is left.\n");
    }
    text
}

/// Printed when Ctrl-C arrives during an apply.
pub const INTERRUPTED: &str = "interrupted: finishing the calls in flight, starting no new ones";
