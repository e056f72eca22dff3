//! `smartplus apply`: plan (or load a saved plan) and carry it out.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::plan::{Selection, announce, label, load_valid, make};
use super::target::{self, Target};
use super::{CommandError, GlobalArgs, Outcome};
use crate::account;
use crate::apply::{self, ExecOptions, Report, Reporter, StepResult};
use crate::output::Printer;
use crate::output::plan as render;
use crate::output::progress::{BarReporter, LogReporter};
use crate::plan::Plan;
use crate::plan::saved::{self, SavedPlan};
use crate::workflow;

/// Plan (or load a saved plan) and carry it out: campaigns, then ad groups, then ads.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub selection: Selection,
    /// Apply this saved plan (from `plan --out`) without asking again; refused when
    /// the spec, the account or the target changed since, or it expired.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Apply without asking for confirmation (for CI).
    #[arg(long)]
    pub auto_approve: bool,
    /// Steps carried out at once (the --qps pacing still applies).
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub parallelism: usize,
    /// After a failure, go on with everything that does not depend on it.
    #[arg(long)]
    pub keep_going: bool,
}

pub fn run(args: Args, _global: &GlobalArgs, printer: &Printer) -> Result<Outcome, CommandError> {
    let saved = match &args.plan {
        Some(path) => Some(read_saved(path)?),
        None => None,
    };
    let mut selection = args.selection.clone();
    selection.target.max_in_flight = Some(args.parallelism.max(8));
    if let Some(s) = &saved {
        if selection.paths.is_empty() {
            selection.paths = s.spec_paths.iter().map(PathBuf::from).collect();
        }
        selection.allow_replace = s.options.allow_replace;
        selection.allow_learning_reset = s.options.allow_learning_reset;
        selection.prune = s.options.prune;
        selection.targets = s.options.targets.clone();
        selection.excludes = s.options.excludes.clone();
    }
    let Some(v) = load_valid(&selection.paths, printer)? else {
        return Ok(Outcome::Failure);
    };
    let spec_advertiser = workflow::advertiser(&v)?;
    let rt = super::runtime()?;
    rt.block_on(async {
        let t = target::resolve(&selection.target, spec_advertiser.as_deref()).await?;
        announce(&t, printer, true);
        let result = match saved {
            Some(s) => apply_saved(&args, &selection, &v, &t, s, printer).await,
            None => apply_fresh(&args, &selection, &v, &t, printer).await,
        };
        t.shutdown().await;
        result
    })
}

fn read_saved(path: &std::path::Path) -> Result<SavedPlan, CommandError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CommandError::user(format!(
            "cannot read the saved plan `{}`: {e}",
            path.display()
        ))
    })?;
    let saved: SavedPlan = serde_json::from_str(&text).map_err(|e| {
        CommandError::user(format!("`{}` is not a saved plan: {e}", path.display()))
    })?;
    if saved.format_version != saved::FORMAT_VERSION {
        return Err(CommandError::user(format!(
            "`{}` is a format {} plan; this smartplus reads format {}",
            path.display(),
            saved.format_version,
            saved::FORMAT_VERSION
        )));
    }
    Ok(saved)
}

async fn apply_saved(
    args: &Args,
    sel: &Selection,
    v: &crate::spec::Validation,
    t: &Target,
    saved: SavedPlan,
    printer: &Printer,
) -> Result<Outcome, CommandError> {
    let now = jiff::Timestamp::now();
    let opts = sel.options(now);
    let desired = crate::plan::select(workflow::desired(v), &opts).map_err(CommandError::from)?;
    let spec_hash = workflow::spec_hash(v);
    saved
        .check_offline(now, &label(t), &t.advertiser_id, &spec_hash)
        .map_err(CommandError::from)?;
    let snapshot = account::read(
        &t.client,
        &t.advertiser_id,
        &desired,
        opts.prune && opts.targets.is_empty(),
    )
    .await
    .map_err(CommandError::from)?;
    saved
        .check_live(&saved::fingerprints(&snapshot.live))
        .map_err(CommandError::from)?;
    printer.data(&render::human(&saved.plan, &saved.target));
    if saved.plan.refused() {
        return Ok(Outcome::Failure);
    }
    let seed = format!(
        "{}:{}",
        saved.advertiser_id,
        saved.created_at.as_millisecond()
    );
    execute(args, t, &saved.plan, seed, printer).await
}

async fn apply_fresh(
    args: &Args,
    sel: &Selection,
    v: &crate::spec::Validation,
    t: &Target,
    printer: &Printer,
) -> Result<Outcome, CommandError> {
    let made = make(sel, v, t, printer).await?;
    printer.data(&render::human(&made.plan, &made.saved.target));
    if made.plan.refused() {
        return Ok(Outcome::Failure);
    }
    if !made.plan.has_changes() {
        return Ok(Outcome::Success);
    }
    if !args.auto_approve && !confirm(&made.plan, t, printer)? {
        printer.status("Apply cancelled: nothing was changed");
        return Ok(Outcome::Failure);
    }
    let seed = format!(
        "{}:{}",
        made.saved.advertiser_id,
        made.saved.created_at.as_millisecond()
    );
    execute(args, t, &made.plan, seed, printer).await
}

/// Asks on the terminal; refuses when there is none.
fn confirm(plan: &Plan, t: &Target, printer: &Printer) -> Result<bool, CommandError> {
    if !std::io::stdin().is_terminal() {
        return Err(CommandError::user(
            "refusing to apply without confirmation: no terminal to ask on; pass --auto-approve (CI) or apply a reviewed plan with --plan FILE",
        ));
    }
    let s = &plan.spend;
    let currency = s.currency.as_deref().unwrap_or("");
    printer.stderr(&format!(
        "\nApply these changes to advertiser {} ({})?\nDaily budgets {} → {} {currency}, total budgets {} → {} {currency}.\nOnly `yes` applies: ",
        t.advertiser_id,
        t.describe(),
        s.account_before.daily,
        s.account.daily,
        s.account_before.total,
        s.account.total,
    ));
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CommandError::user(format!("cannot read the answer: {e}")))?;
    Ok(line.trim() == "yes")
}

async fn execute(
    args: &Args,
    t: &Target,
    plan: &Plan,
    seed: String,
    printer: &Printer,
) -> Result<Outcome, CommandError> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let signals = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            flag.store(true, Ordering::SeqCst);
            eprintln!("interrupted: finishing the calls in flight, starting no new ones");
        }
    });
    let bars = std::io::stderr().is_terminal() && !printer.quiet && printer.color;
    let bar_reporter = bars.then(|| Arc::new(BarReporter::new(plan)));
    let reporter: Arc<dyn Reporter> = match &bar_reporter {
        Some(b) => b.clone(),
        None => Arc::new(LogReporter {
            quiet: printer.quiet,
        }),
    };
    let opts = ExecOptions {
        parallelism: args.parallelism,
        keep_going: args.keep_going,
        seed,
    };
    let report = apply::execute(&t.client, &t.advertiser_id, plan, &opts, reporter, cancel).await;
    signals.abort();
    if let Some(b) = bar_reporter {
        b.finish();
    }
    printer.detail(&format!("{} API calls", t.client.calls()));
    summarise(plan, &report, printer);
    Ok(
        if report.failed() > 0 || report.skipped() > 0 || report.cancelled {
            Outcome::Failure
        } else {
            Outcome::Success
        },
    )
}

fn summarise(plan: &Plan, report: &Report, printer: &Printer) {
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
        for (i, r) in &report.results {
            if matches!(r, StepResult::Failed { .. } | StepResult::Skipped { .. }) {
                text.push_str(&format!("  {}\n", r.describe(&plan.changes[*i])));
            }
        }
        text.push_str("Run `smartplus apply` again to finish: it reads the account first and does only what is left.\n");
    }
    printer.stderr(&text);
}
