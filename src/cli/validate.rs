//! `smartplus validate`: check spec files offline against every Smart+ rule.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{CommandError, Outcome};
use crate::ops::specs;
use crate::output::{Printer, diagnostics};
use crate::spec::rules::Context;

/// Check spec files against every Smart+ rule that needs no live data.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories (searched recursively for *.yaml, *.yml) [default: campaigns/]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (exit 1 when any warning is found).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Account currency for budget floors, when the spec does not say (e.g. JPY).
    #[arg(long, value_name = "CODE", value_parser = currency)]
    pub currency: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// A currency TikTok bills in, in capitals.
fn currency(code: &str) -> Result<String, String> {
    let upper = code.trim().to_ascii_uppercase();
    if crate::facts::currency(&upper).is_some() {
        return Ok(upper);
    }
    let known: Vec<&str> = crate::facts::CURRENCIES
        .iter()
        .map(|(c, _, _)| *c)
        .collect();
    let hint = crate::spec::suggest::closest(&upper, known.iter().copied())
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
    Err(format!(
        "TikTok does not bill in `{code}`; {hint}it bills in {}",
        known.join(", ")
    ))
}

pub(super) fn run(args: &Args, printer: &Printer) -> Result<Outcome, CommandError> {
    let ctx = Context {
        currency: args.currency.clone(),
        ..Context::default()
    };
    let specs = specs::load(&args.paths, &ctx)?;
    let validation = &specs.validation;
    match args.format {
        Format::Human => {
            let text = diagnostics::render_human(validation, printer.style.color);
            if validation.diagnostics.is_empty() {
                printer.status(text.trim_end());
            } else {
                printer.stderr(&text);
            }
        }
        Format::Json => {
            let doc = diagnostics::render_json(validation);
            printer.data(&serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
    }
    let failed = validation.errors() > 0 || (args.deny_warnings && validation.warnings() > 0);
    Ok(if failed {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}
