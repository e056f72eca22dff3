//! End-to-end: the real binary plans and applies against the emulator.

mod common;

use common::*;

#[test]
fn empty_account_then_apply_then_no_changes() {
    let emu = Emu::start();
    let w = Workdir::with_examples();
    let first = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&first), 2, "{}{}", stdout(&first), stderr(&first));
    assert!(stdout(&first).contains("to create"));

    let apply = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&apply), 0, "{}{}", stdout(&apply), stderr(&apply));
    assert!(stderr(&apply).contains("Apply complete"));

    let again = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&again), 0, "{}{}", stdout(&again), stderr(&again));
    assert!(stdout(&again).contains("No changes"));
}
