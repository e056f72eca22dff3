//! `smartplus sandbox`: the local sandbox's state, its clock, a fresh start.

use super::{CommandError, Outcome};
use crate::ops::{self, sandbox};
use crate::output::Printer;
use crate::output::sandbox as render;

/// Look at the local sandbox, move its clock, or start it afresh.
///
/// The sandbox is the emulator that plan, apply and import use when there is no
/// token, with its state in .smartplus/sandbox.json. Plans judge learning phases and
/// bid steps by its clock: moving it forward lets you try edits that TikTok would
/// advise against for days.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Show what the sandbox holds, its clock, and what is in its learning phase.
    Status,
    /// Remove the sandbox (its campaigns go with it); the next plan or apply starts a
    /// fresh one.
    Reset,
    /// Move the sandbox's clock forward, e.g. `7d`, `36h`, `2w`, `90m` or `1d12h`.
    Advance {
        /// How far: weeks (w), days (d), hours (h) and minutes (m).
        #[arg(value_name = "DURATION", value_parser = duration)]
        by: jiff::SignedDuration,
    },
}

fn duration(text: &str) -> Result<jiff::SignedDuration, String> {
    sandbox::parse_duration(text).ok_or_else(|| {
        format!(
            "`{text}` is not a duration: write a number and a unit, e.g. 7d, 36h, 2w, 90m or 1d12h"
        )
    })
}

pub(super) fn run(args: &Args, printer: &Printer) -> Result<Outcome, CommandError> {
    let dir = std::env::current_dir().map_err(|e| {
        CommandError::user(format!(
            "cannot find the current directory: {e}; `cd` into an existing one"
        ))
    })?;
    match &args.action {
        Action::Status => {
            let summary = sandbox::status(&dir).map_err(ops::Error::from)?;
            printer.data(&render::status(summary.as_ref()));
        }
        Action::Reset => {
            let removed = sandbox::reset(&dir).map_err(ops::Error::from)?;
            printer.status(&render::reset(removed.as_ref()));
        }
        Action::Advance { by } => {
            let moved = sandbox::advance(&dir, *by).map_err(ops::Error::from)?;
            printer.status(&render::advanced(&moved));
        }
    }
    Ok(Outcome::Success)
}
