//! Help texts are part of the interface: a changed flag or wording shows up as a
//! snapshot diff in review. Subcommands still being built are snapshotted later.

use std::process::Command;

use insta_cmd::assert_cmd_snapshot;

/// The binary with a fixed width and no colour, so output is the same everywhere.
fn smartplus() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_smartplus"));
    cmd.env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("TIKTOK_ACCESS_TOKEN")
        .env_remove("SMARTPLUS_API_URL")
        .env_remove("SMARTPLUS_ADVERTISER_ID");
    cmd
}

#[test]
fn top_level_help() {
    assert_cmd_snapshot!(smartplus().arg("--help"));
}

#[test]
fn validate_help() {
    assert_cmd_snapshot!(smartplus().args(["validate", "--help"]));
}

#[test]
fn schema_help() {
    assert_cmd_snapshot!(smartplus().args(["schema", "--help"]));
}
