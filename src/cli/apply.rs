//! `smartplus apply`: plan (or load a saved plan) and carry it out.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::args::SelectionArgs;
use super::{CommandError, Outcome};
use crate::apply::Reporter;
use crate::assets::UploadReporter;
use crate::ops::apply::{Execution, Ready};
use crate::ops::specs::Specs;
use crate::ops::target::Target;
use crate::ops::{self, Selection};
use crate::output::Printer;
use crate::output::apply as render;
use crate::output::plan as render_plan;
use crate::output::progress::{BarReporter, LogReporter};

/// Plan (or load a saved plan) and carry it out: campaigns, then ad groups, then ads.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Apply this saved plan (from `plan --out`) without asking again. Every request is
    /// derived again from the specs and the account; refused when that gives anything
    /// the file does not show, when the file was edited, or after an hour.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Apply without asking for confirmation (for CI).
    #[arg(long)]
    pub auto_approve: bool,
    /// Steps carried out at once, at least 1 (the --qps pacing still applies).
    #[arg(long, value_name = "N", default_value = "8")]
    pub parallelism: std::num::NonZeroUsize,
    /// After a failure, go on with everything that does not depend on it.
    #[arg(long)]
    pub keep_going: bool,
}

pub(super) fn run(args: &Args, printer: &Printer) -> Result<Outcome, CommandError> {
    // The token first: it is masked in whatever is printed from here on. Apply may run
    // more steps at once than the client's default allows in flight.
    let request = args
        .selection
        .target
        .request(Some(args.parallelism.get().max(8)))
        .read_token_file()
        .map_err(ops::Error::from)?;
    let saved = args
        .plan
        .as_deref()
        .map(ops::apply::read_saved)
        .transpose()?;
    // A saved plan brings its own selection; its spec paths unless others are given.
    let (paths, selection): (Vec<PathBuf>, Selection) = match &saved {
        Some(s) if args.selection.paths.is_empty() => (
            s.spec_paths.iter().map(PathBuf::from).collect(),
            s.options.clone(),
        ),
        Some(s) => (args.selection.paths.clone(), s.options.clone()),
        None => (args.selection.paths.clone(), args.selection.selection()),
    };
    // A saved plan names its account, which picks its files in a multi-account tree.
    let wanted = ops::target::requested_advertiser(&request)
        .or_else(|| saved.as_ref().map(|s| s.advertiser_id.clone()));
    let Some(specs) = super::load_specs(&paths, wanted.as_deref(), printer)? else {
        return Ok(Outcome::Failure);
    };
    let spec_advertiser = specs.advertiser().map_err(ops::Error::from)?;
    super::runtime()?.block_on(async {
        let target = ops::target::resolve(&request, spec_advertiser.as_deref())
            .await
            .map_err(ops::Error::from)?;
        super::announce(&target, printer);
        let result = async {
            let mut ready = if let Some(s) = saved {
                match ops::apply::check_saved(&target, &specs, s).await {
                    Ok(r) => r,
                    Err(e) => return super::unresolved(e, &specs, printer),
                }
            } else {
                let ready = match ops::apply::plan(&target, &specs, &selection).await {
                    Ok(r) => r,
                    Err(e) => return super::unresolved(e, &specs, printer),
                };
                super::report_calls(printer, &target.client);
                ready
            };
            printer.data(&render_plan::human(
                &ready.plan,
                &ready.label,
                printer.style.data_color,
            ));
            if ready.plan.refused() {
                return Ok(Outcome::Failure);
            }
            if args.plan.is_none() {
                if !ready.plan.has_changes() {
                    // Files found in the account still go into the lock files.
                    let lock_errors = ops::apply::remember(&target, &ready).await;
                    let report = crate::assets::UploadReport {
                        lock_errors,
                        ..Default::default()
                    };
                    printer.stderr(&crate::output::uploads::summary(&[], &report));
                    return Ok(if report.lock_errors.is_empty() {
                        Outcome::Success
                    } else {
                        Outcome::Failure
                    });
                }
                if !args.auto_approve {
                    if !confirm(&ready, &target, printer)? {
                        printer.status("Apply cancelled: nothing was changed");
                        return Ok(Outcome::Failure);
                    }
                    // The account may have changed while the question was open.
                    ready.waited();
                }
            } else if ready.already_applied() {
                printer.status(render::ALREADY_APPLIED);
                return Ok(Outcome::Success);
            }
            execute(args, &target, &specs, &ready, printer).await
        }
        .await;
        target.shutdown().await;
        result
    })
}

/// Asks on the terminal; refuses when there is none.
fn confirm(ready: &Ready, target: &Target, printer: &Printer) -> Result<bool, CommandError> {
    if !std::io::stdin().is_terminal() {
        return Err(CommandError::user(
            "refusing to apply without confirmation: no terminal to ask on; pass --auto-approve (CI) or apply a reviewed plan with --plan FILE",
        ));
    }
    printer.stderr(&render::confirm_question(
        &ready.plan,
        &target.advertiser_id,
        &ready.label.place(),
    ));
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        CommandError::user(format!(
            "cannot read the answer: {e}; pass --auto-approve to apply without asking"
        ))
    })?;
    Ok(line.trim() == "yes")
}

async fn execute(
    args: &Args,
    target: &Target,
    specs: &Specs,
    ready: &Ready,
    printer: &Printer,
) -> Result<Outcome, CommandError> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let on_signal = printer.clone();
    let signals = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            flag.store(true, Ordering::SeqCst);
            on_signal.stderr(&format!("{}\n", render::INTERRUPTED));
        }
    });
    let style = printer.style;
    let bars = style.terminal && !style.quiet && style.color;
    let bar_reporter = bars.then(|| Arc::new(BarReporter::new(&ready.plan, printer)));
    let (reporter, uploads): (Arc<dyn Reporter>, Arc<dyn UploadReporter>) =
        if let Some(b) = &bar_reporter {
            (b.clone(), b.clone())
        } else {
            let log = Arc::new(LogReporter {
                printer: printer.clone(),
            });
            (log.clone(), log)
        };
    let how = Execution {
        parallelism: args.parallelism.get(),
        keep_going: args.keep_going,
    };
    let applied = ops::apply::execute(target, specs, ready, how, reporter, uploads, cancel).await;
    signals.abort();
    if let Some(b) = bar_reporter {
        b.finish();
    }
    let applied = applied?;
    let report = &applied.report;
    super::report_calls(printer, &target.client);
    printer.stderr(&crate::output::uploads::summary(
        &ready.plan.media.uploads,
        &applied.uploads,
    ));
    printer.stderr(&render::summary(
        &ready.plan,
        report,
        applied.stopped.as_deref(),
    ));
    Ok(
        if report.failed() > 0
            || report.skipped() > 0
            || report.cancelled
            || applied.stopped.is_some()
            || applied.uploads.failed() > 0
            || !applied.uploads.lock_errors.is_empty()
        {
            Outcome::Failure
        } else {
            Outcome::Success
        },
    )
}
