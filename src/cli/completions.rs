//! `smartplus completions`: print shell completions.

use clap::CommandFactory;

use super::{Cli, CommandError, Outcome};
use crate::output::Printer;

/// Print shell completions (bash, zsh, fish, elvish, powershell).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

pub(super) fn run(args: &Args, printer: &Printer) -> Result<Outcome, CommandError> {
    let mut cmd = Cli::command();
    // Rendered into memory and printed like any other data, so a closed or full
    // stdout is the printer's business, not a panic inside the generator.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "smartplus", &mut script);
    let text = String::from_utf8(script)
        .map_err(|e| CommandError::internal(format!("cannot print the completions: {e}")))?;
    printer.data(&text);
    Ok(Outcome::Success)
}
