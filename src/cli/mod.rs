//! Command-line parsing and dispatch: one file per subcommand, each turning its
//! arguments into a request for the engine (`ops`) and rendering what comes back
//! (`output`). Subcommand files never import each other; what they share lives
//! here and in `args`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::ops::specs::{self, Specs};
use crate::ops::target::Target;
use crate::output::{Printer, Style, diagnostics};

mod accounts;
mod apply;
pub mod args;
mod completions;
mod emulator;
mod error;
mod import;
mod plan;
mod schema;
mod validate;

pub use args::GlobalArgs;
pub use error::CommandError;

/// Manage TikTok Smart+ campaigns as code: validate, plan, apply, import.
#[derive(Debug, Parser)]
#[command(name = "smartplus", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Validate(validate::Args),
    Accounts(accounts::Args),
    Plan(plan::Args),
    Apply(apply::Args),
    Import(import::Args),
    Emulator(emulator::Args),
    Schema(schema::Args),
    Completions(completions::Args),
}

/// What a successful command tells the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1 without an error message of its own (e.g. validation found errors,
    /// already reported).
    Failure,
    /// Exit 2: `plan --detailed-exitcode` found changes.
    Changes,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Help and version are successes; a usage error is an error (exit 1):
            // the contract keeps 2 for `plan --detailed-exitcode`.
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let printer = Printer::new(style(&cli.global));
    init_logging(&cli.global);
    match run(&cli, &printer) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Ok(Outcome::Changes) => ExitCode::from(2),
        Err(err) => {
            printer.error(&err.into_report());
            ExitCode::from(1)
        }
    }
}

/// The output style from the flags, `NO_COLOR` and what stderr is.
fn style(global: &GlobalArgs) -> Style {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = !global.no_color
        && !no_color_env
        && anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    Style {
        quiet: global.quiet,
        verbose: global.verbose,
        color,
        terminal: std::io::stderr().is_terminal(),
    }
}

fn run(cli: &Cli, printer: &Printer) -> Result<Outcome, CommandError> {
    match &cli.command {
        Command::Validate(args) => validate::run(args, printer),
        Command::Accounts(args) => accounts::run(args, printer),
        Command::Plan(args) => plan::run(args, printer),
        Command::Apply(args) => apply::run(args, printer),
        Command::Import(args) => import::run(args, printer),
        Command::Emulator(args) => emulator::run(args, printer),
        Command::Schema(args) => schema::run(args, printer),
        Command::Completions(args) => completions::run(args, printer),
    }
}

fn init_logging(global: &GlobalArgs) {
    let level = match global.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SMARTPLUS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("smartplus={level}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .try_init();
}

/// A multi-threaded runtime for the network commands.
fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::internal(format!("cannot start the async runtime: {e}")))
}

/// Loads and validates specs for a command that goes on to plan, only
/// `advertiser`'s when they are for several accounts; prints their diagnostics.
/// `None` when they have errors (already reported).
fn load_specs(
    paths: &[PathBuf],
    advertiser: Option<&str>,
    printer: &Printer,
) -> Result<Option<Specs>, CommandError> {
    let specs = specs::load(paths, &crate::spec::rules::Context::default())?
        .for_advertiser(advertiser)
        .map_err(crate::ops::Error::from)?;
    let v = &specs.validation;
    if !v.diagnostics.is_empty() {
        let mut text = String::new();
        for d in &v.diagnostics {
            text.push_str(&diagnostics::render(
                d,
                v.text_of(&d.file),
                printer.style.color,
            ));
        }
        printer.stderr(&text);
    }
    if specs.has_errors() {
        printer.stderr(&format!("{}\n", diagnostics::summary_line(v)));
        return Ok(None);
    }
    Ok(Some(specs))
}

/// `-v`: the API calls made, and how many of them a rate limit turned away (each
/// retried) with the pace the client ended at.
fn report_calls(printer: &Printer, client: &crate::api::Client) {
    printer.detail(&format!("{} API calls", client.calls()));
    let limited = client.rate_limited();
    if limited > 0 {
        printer.detail(&format!(
            "{limited} of them rejected by a rate limit (40100/40133) and retried; pacing at {:.1} requests/second",
            client.pace()
        ));
    }
}

/// Prints the target's notice (the implicit sandbox) before anything else: on
/// stdout when the data itself goes there, else on stderr.
fn announce(target: &Target, printer: &Printer, to_stdout: bool) {
    if let Some(notice) = &target.notice {
        if to_stdout {
            printer.data(notice);
        } else {
            printer.status(notice);
        }
    }
}
