//! Help texts are part of the interface: a changed flag or wording shows up as a
//! snapshot diff in review. Global flags come under a heading of their own (#15).

use insta_cmd::assert_cmd_snapshot;

// `smartplus()` fixes the width and turns colour off, so output is the same everywhere.
use crate::harness::smartplus;

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

#[test]
fn accounts_help() {
    assert_cmd_snapshot!(smartplus().args(["accounts", "--help"]));
}

#[test]
fn plan_help() {
    assert_cmd_snapshot!(smartplus().args(["plan", "--help"]));
}

#[test]
fn apply_help() {
    assert_cmd_snapshot!(smartplus().args(["apply", "--help"]));
}

#[test]
fn emulator_help() {
    assert_cmd_snapshot!(smartplus().args(["emulator", "--help"]));
}

#[test]
fn status_help() {
    assert_cmd_snapshot!(smartplus().args(["status", "--help"]));
}

#[test]
fn sandbox_help() {
    assert_cmd_snapshot!(smartplus().args(["sandbox", "--help"]));
}

#[test]
fn sandbox_advance_help() {
    assert_cmd_snapshot!(smartplus().args(["sandbox", "advance", "--help"]));
}
