//! Command-line parsing and dispatch: one file per subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::output::Printer;

mod apply;
mod completions;
mod emulator;
mod error;
mod import;
mod plan;
mod schema;
mod target;
mod validate;

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

#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Never colour output (also set by the NO_COLOR environment variable).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Print only results and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail, such as the number of API calls.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Validate(validate::Args),
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
    let printer = Printer::new(&cli.global);
    init_logging(&cli.global);
    match run(cli, &printer) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Ok(Outcome::Changes) => ExitCode::from(2),
        Err(err) => {
            printer.error(&err.into_report());
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli, printer: &Printer) -> Result<Outcome, CommandError> {
    match cli.command {
        Command::Validate(args) => validate::run(args, printer),
        Command::Plan(args) => plan::run(args, &cli.global, printer),
        Command::Apply(args) => apply::run(args, &cli.global, printer),
        Command::Import(args) => import::run(args, &cli.global, printer),
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

/// Spec paths, defaulting to `campaigns/`.
pub(crate) fn spec_paths(paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
    if paths.is_empty() {
        vec![std::path::PathBuf::from("campaigns")]
    } else {
        paths.to_vec()
    }
}

/// A multi-threaded runtime for the network commands.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::internal(format!("cannot start the async runtime: {e}")))
}
