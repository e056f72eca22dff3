//! `smartplus apply`.

use super::{CommandError, GlobalArgs, Outcome};
use crate::output::Printer;

/// Not implemented yet.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args, _: &GlobalArgs, _: &Printer) -> Result<Outcome, CommandError> {
    Err(CommandError::user("`apply` is not implemented yet"))
}
