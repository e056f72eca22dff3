//! Command-line parsing and dispatch: one file per subcommand, each turning its
//! arguments into a request for the engine (`ops`) and rendering what comes back
//! (`output`). Subcommand files never import each other; what they share lives
//! here and in `args`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::layer::{Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

use crate::ops::specs::{self, Specs};
use crate::ops::target::Target;
use crate::output::{Printer, Stream, Style, diagnostics};

mod accounts;
mod apply;
pub mod args;
mod completions;
mod emulator;
mod error;
mod import;
mod plan;
mod sandbox;
mod schema;
mod status;
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
    Status(status::Args),
    Emulator(emulator::Args),
    Sandbox(sandbox::Args),
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
    // Before anything can be printed: the token is masked in every byte written.
    crate::ops::target::mask_environment_token();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    let printer = Printer::new(style(&cli.global));
    report_panics(&printer);
    init_logging(&cli.global, &printer);
    // A panic is a bug, reported by the hook; it still exits 1, like any error.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&cli, &printer)));
    let code = match outcome {
        Ok(Ok(Outcome::Success)) => 0,
        Ok(Ok(Outcome::Failure)) | Err(_) => 1,
        Ok(Ok(Outcome::Changes)) => 2,
        Ok(Err(err)) => {
            printer.error(&err.into_report());
            1
        }
    };
    finish(&printer, code)
}

/// Help, version, or a command-line mistake, printed like everything else.
fn usage(e: &clap::Error) -> ExitCode {
    let printer = Printer::new(Style::default());
    let (stream, code) = if e.use_stderr() {
        (Stream::Stderr, 1)
    } else {
        (Stream::Stdout, 0)
    };
    let color = match stream {
        Stream::Stdout => anstream::AutoStream::choice(&std::io::stdout()),
        Stream::Stderr => anstream::AutoStream::choice(&std::io::stderr()),
    } != anstream::ColorChoice::Never;
    let rendered = e.render();
    let text = if color {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    // Help and version are successes; a usage error is an error (exit 1): the
    // contract keeps 2 for `plan --detailed-exitcode`.
    printer.write(stream, &text);
    finish(&printer, code)
}

/// The exit code, once the output is known to have been written: a closed pipe
/// (`| head`) keeps the command's own code, any other write error makes it 1 and is
/// named on stderr.
fn finish(printer: &Printer, code: u8) -> ExitCode {
    match printer.failure() {
        Some((stream, error)) => {
            if stream != Stream::Stderr {
                printer.stderr(&format!(
                    "error: cannot write to {}: {error}\n",
                    stream.name()
                ));
            }
            ExitCode::from(1)
        }
        None => ExitCode::from(code),
    }
}

/// Panics are bugs: the message (masked, like all output) asks for a report.
fn report_panics(printer: &Printer) {
    let printer = printer.clone();
    std::panic::set_hook(Box::new(move |info| {
        printer.stderr(&format!(
            "internal error (please report this): {}\n",
            crate::output::text::block(&info.to_string())
        ));
    }));
}

/// The output style from the flags, `NO_COLOR` and what stderr is.
fn style(global: &GlobalArgs) -> Style {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let wanted = !global.no_color && !no_color_env;
    let shows = |choice: anstream::ColorChoice| choice != anstream::ColorChoice::Never;
    Style {
        quiet: global.quiet,
        verbose: global.verbose,
        color: wanted && shows(anstream::AutoStream::choice(&std::io::stderr())),
        data_color: wanted && shows(anstream::AutoStream::choice(&std::io::stdout())),
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
        Command::Status(args) => status::run(args, printer),
        Command::Emulator(args) => emulator::run(args, printer),
        Command::Sandbox(args) => sandbox::run(args, printer),
        Command::Schema(args) => schema::run(args, printer),
        Command::Completions(args) => completions::run(args, printer),
    }
}

/// Logs go to stderr through the printer, masked like the rest.
fn init_logging(global: &GlobalArgs, printer: &Printer) {
    let level = match global.verbose {
        0 => tracing::Level::WARN,
        1 => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    // `target=level` pairs or a bare level, as `SMARTPLUS_LOG=smartplus=debug`.
    let filter = std::env::var("SMARTPLUS_LOG")
        .ok()
        .and_then(|f| f.parse::<tracing_subscriber::filter::Targets>().ok())
        .unwrap_or_else(|| {
            tracing_subscriber::filter::Targets::new().with_target("smartplus", level)
        });
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(printer.log_writer())
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .with_filter(filter);
    let _ = tracing_subscriber::registry().with(layer).try_init();
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

/// Names the account does not have (or has twice) are located diagnostics, printed
/// like `validate`'s; the command then fails. Other errors pass through.
fn unresolved(
    e: crate::ops::Error,
    specs: &Specs,
    printer: &Printer,
) -> Result<Outcome, CommandError> {
    let crate::ops::Error::Unresolved { diagnostics: found } = e else {
        return Err(e.into());
    };
    let v = &specs.validation;
    let mut text = String::new();
    for d in &found {
        text.push_str(&diagnostics::render(
            d,
            v.text_of(&d.file),
            printer.style.color,
        ));
    }
    let n = found.len();
    let noun = if n == 1 { "name" } else { "names" };
    let line =
        format!("error: {n} {noun} could not be resolved in the account; nothing was planned\n");
    text.push_str(&line);
    printer.stderr(&text);
    Ok(Outcome::Failure)
}

/// Prints the target's notice (the implicit sandbox) before anything else, on stderr
/// with the other status lines; even with --quiet, as it says the account is not
/// TikTok's.
fn announce(target: &Target, printer: &Printer) {
    if let Some(notice) = &target.notice {
        printer.stderr(&format!("{notice}\n"));
    }
}
