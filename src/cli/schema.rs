//! `smartplus schema`: print the JSON Schema of the spec format.

use super::{CommandError, Outcome};
use crate::output::Printer;

/// Print the JSON Schema (draft-07) of the spec format, for editors.
///
/// Save it at the top of the project (`smartplus schema > smartplus.schema.json`) and
/// start each spec file with a line naming it, relative to the spec file; for specs in
/// campaigns/:
///
/// # yaml-language-server: $schema=../smartplus.schema.json
#[derive(Debug, clap::Args)]
pub struct Args {}

pub(super) fn run(_: &Args, printer: &Printer) -> Result<Outcome, CommandError> {
    let schema = crate::spec::json_schema();
    let text = serde_json::to_string_pretty(&schema)
        .map_err(|e| CommandError::internal(format!("cannot print the schema: {e}")))?;
    printer.data(&text);
    Ok(Outcome::Success)
}
