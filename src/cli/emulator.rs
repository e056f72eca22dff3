//! `smartplus emulator`.

use super::{CommandError, Outcome};
use crate::output::Printer;

/// Not implemented yet.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args, _: &Printer) -> Result<Outcome, CommandError> {
    Err(CommandError::user("`emulator` is not implemented yet"))
}
