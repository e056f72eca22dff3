//! `smartplus accounts`: the ad accounts a spec tree is for, as a CI matrix.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{CommandError, Outcome};
use crate::ops::{self, specs};
use crate::output::Printer;
use crate::output::accounts as render;
use crate::spec::rules::Context;

/// List the ad accounts the specs are for, with their files: one CI job each.
///
/// A file is for the advertiser it names (`advertiser_id`); a file naming none is
/// for the one its folder's files name (or the folder above's). The JSON is one
/// line, `{"format_version": 1, "include": [{"advertiser_id", "files",
/// "campaigns", "currency"?}]}`: a GitHub Actions matrix through
/// `fromJSON(...).include`. Each job then runs `smartplus plan --advertiser-id
/// ID`, which takes only that account's files.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories (searched recursively for *.yaml, *.yml) [default: campaigns/]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Human,
}

pub(super) fn run(args: &Args, printer: &Printer) -> Result<Outcome, CommandError> {
    // Only the advertiser of each file matters here; each account's own job
    // reports its diagnostics.
    let specs = specs::load(&args.paths, &Context::default())?;
    let accounts = specs.accounts().map_err(ops::Error::from)?;
    printer.data(&match args.format {
        Format::Json => render::json(&accounts),
        Format::Human => render::human(&accounts),
    });
    Ok(Outcome::Success)
}
