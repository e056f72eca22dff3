//! `smartplus status`: where each ad group stands in its learning phase, and which
//! layer is working.

use std::path::PathBuf;

use super::args::{Format, TargetArgs};
use super::{CommandError, Outcome};
use crate::ops;
use crate::output::Printer;
use crate::output::status as render;

/// Show where each ad group stands in its learning phase, and which layer is working
///
/// Per campaign and ad group: delivery, days since launch and since the last edit,
/// the date edits are safe from, conversions over 7 days against the ~50 a week
/// learning needs, the learning estimate (scheduled, learning, exited,
/// unlikely_to_exit with advice, ended), spend against budget, CPA against
/// `guidance.historical_cpa`, the automation modules, and per ad its creatives by
/// source (the spec, the account, TikTok itself). Reads only.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories [default: campaigns/]
    pub paths: Vec<PathBuf>,
    /// Report on every Smart+ campaign of the account, not only those the specs name.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub target: TargetArgs,
}

pub(super) fn run(args: &Args, printer: &Printer) -> Result<Outcome, CommandError> {
    // The token first: it is masked in whatever is printed from here on.
    let request = args
        .target
        .request(None)
        .read_token_file()
        .map_err(ops::Error::from)?;
    // `--all` needs no spec; without one the default directory is optional.
    let no_specs = args.all
        && args.paths.is_empty()
        && !std::path::Path::new(ops::specs::DEFAULT_DIR).exists();
    let specs = if no_specs {
        None
    } else {
        let wanted = ops::target::requested_advertiser(&request);
        match super::load_specs(&args.paths, wanted.as_deref(), printer)? {
            Some(specs) => Some(specs),
            None => return Ok(Outcome::Failure),
        }
    };
    let spec_advertiser = match &specs {
        Some(s) => s.advertiser().map_err(ops::Error::from)?,
        None => None,
    };
    let req = ops::status::Request { all: args.all };
    super::runtime()?.block_on(async {
        let target = ops::target::resolve(&request, spec_advertiser.as_deref())
            .await
            .map_err(ops::Error::from)?;
        super::announce(&target, printer);
        let label = target.label();
        let reported = ops::status::status(&target, specs.as_ref(), req).await;
        target.shutdown().await;
        let reported = reported?;
        printer.detail(&format!("{} API calls", reported.calls));
        printer.data(&match args.format {
            Format::Human => render::human(&reported.status, &label),
            Format::Json => serde_json::to_string_pretty(&render::json(&reported.status, &label))
                .unwrap_or_default(),
            Format::Markdown => render::markdown(&reported.status, &label),
        });
        Ok(Outcome::Success)
    })
}
