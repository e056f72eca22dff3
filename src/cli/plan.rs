//! `smartplus plan`: read the live account and show what an apply would change.

use std::path::PathBuf;

use super::args::{Format, SelectionArgs};
use super::{CommandError, Outcome};
use crate::ops;
use crate::output::Printer;
use crate::output::plan as render;

/// Read the live account and show the changes an apply would make.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Save the plan to FILE for `smartplus apply --plan FILE` (valid for one hour; a
    /// refused plan is not saved).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 2 when there are changes, 0 when there are none (1 on errors).
    #[arg(long)]
    pub detailed_exitcode: bool,
}

pub(super) fn run(args: &Args, printer: &Printer) -> Result<Outcome, CommandError> {
    // The token first: it is masked in whatever is printed from here on.
    let request = args
        .selection
        .target
        .request(None)
        .read_token_file()
        .map_err(ops::Error::from)?;
    let wanted = ops::target::requested_advertiser(&request);
    let Some(specs) = super::load_specs(&args.selection.paths, wanted.as_deref(), printer)? else {
        return Ok(Outcome::Failure);
    };
    let spec_advertiser = specs.advertiser().map_err(ops::Error::from)?;
    let selection = args.selection.selection();
    super::runtime()?.block_on(async {
        let target = ops::target::resolve(&request, spec_advertiser.as_deref())
            .await
            .map_err(ops::Error::from)?;
        super::announce(&target, printer);
        let planned = ops::plan::plan(&target, &specs, &selection).await;
        let client = target.client.clone();
        target.shutdown().await;
        let planned = match planned {
            Ok(p) => p,
            Err(e) => return super::unresolved(e, &specs, printer),
        };
        super::report_calls(printer, &client);
        let label = &planned.label;
        printer.data(&match args.format {
            Format::Human => render::human(&planned.plan, label, printer.style.data_color),
            Format::Json => serde_json::to_string_pretty(&render::json(&planned.plan, label))
                .unwrap_or_default(),
            Format::Markdown => render::markdown(&planned.plan, label),
        });
        if let Some(out) = &args.out {
            let shown = crate::output::text::line(&out.display().to_string()).into_owned();
            if planned.plan.refused() {
                // Apply would refuse it anyway; a file would only suggest otherwise.
                printer.warn(&format!(
                    "the plan was not saved to `{shown}`: it is refused; resolve the problems above and plan again"
                ));
            } else {
                ops::plan::save(&planned.saved(&specs), out)?;
                printer.status(&format!("Saved the plan to `{shown}`"));
            }
        }
        Ok(if planned.plan.refused() {
            Outcome::Failure
        } else if args.detailed_exitcode && planned.plan.has_changes() {
            Outcome::Changes
        } else {
            Outcome::Success
        })
    })
}
