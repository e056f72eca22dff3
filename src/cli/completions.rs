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

pub fn run(args: Args, _: &Printer) -> Result<Outcome, CommandError> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "smartplus", &mut std::io::stdout());
    Ok(Outcome::Success)
}
