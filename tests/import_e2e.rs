//! End-to-end: `smartplus import` against the emulator, the real binary over HTTP.

mod common;

use std::path::Path;

use common::*;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ok(o: &std::process::Output) {
    assert_eq!(code(o), 0, "{}{}", stdout(o), stderr(o));
}

fn no_token(o: &std::process::Output) {
    assert!(!stdout(o).contains(TOKEN) && !stderr(o).contains(TOKEN));
}

/// `smartplus import ARGS` for the test advertiser.
fn import(w: &Workdir, emu: &Emu, args: &[&str]) -> std::process::Output {
    let mut all = vec!["import", "--advertiser-id", ADVERTISER];
    all.extend_from_slice(args);
    w.run(emu, &all)
}

/// The examples applied to a fresh (seeded) emulator.
fn applied() -> (Emu, Workdir) {
    let emu = Emu::start();
    let w = Workdir::with_examples();
    ok(&w.run(&emu, &["apply", "--auto-approve"]));
    (emu, w)
}

#[test]
fn all_writes_one_file_per_campaign_that_plans_clean() {
    let (emu, w) = applied();
    let out = import(&w, &emu, &["--all", "--out-dir", "imported"]);
    ok(&out);
    no_token(&out);
    let file = w.path().join("imported/spring-sale-us-prospecting.yaml");
    let text = read(&file);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with(
            "# Imported by `smartplus import` from advertiser 7000000000000000001 on "
        ),
        "{text}"
    );
    assert_eq!(
        lines[1],
        "# yaml-language-server: $schema=../smartplus.schema.json"
    );
    for needle in [
        "advertiser_id: \"7000000000000000001\"\n",
        "currency: USD\n",
        "account:\n  time_zone: Etc/UTC\n",
        "      amount: 500\n",
        // The example's New York midnight, in the account's zone (UTC), no zone key.
        "          start: 2026-12-01 05:00\n",
    ] {
        assert!(text.contains(needle), "{needle:?} not in\n{text}");
    }
    assert!(!text.contains("time_zone: Etc/UTC\n          "), "{text}");
    assert!(!text.contains(TOKEN));
    assert!(stderr(&out).contains("Wrote `imported/spring-sale-us-prospecting.yaml`"));

    ok(&w.run_plain(&["validate", "imported"]));
    let plan = w.run(&emu, &["plan", "--detailed-exitcode", "imported"]);
    ok(&plan);
    assert!(stdout(&plan).contains("No changes"), "{}", stdout(&plan));
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let (emu, w) = applied();
    ok(&import(&w, &emu, &["--all", "--out-dir", "imported"]));
    let file = w.path().join("imported/spring-sale-us-prospecting.yaml");
    std::fs::write(&file, "# mine\n").expect("write");

    let again = import(&w, &emu, &["--all", "--out-dir", "imported"]);
    assert_eq!(code(&again), 1, "{}{}", stdout(&again), stderr(&again));
    assert!(
        stderr(&again).contains("`imported/spring-sale-us-prospecting.yaml` already exists"),
        "{}",
        stderr(&again)
    );
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(read(&file), "# mine\n");

    ok(&import(
        &w,
        &emu,
        &["--all", "--out-dir", "imported", "--force"],
    ));
    assert!(read(&file).starts_with("# Imported by"));
}

#[test]
fn campaign_ids_select_campaigns_into_the_default_directory() {
    let (emu, w) = applied();
    let id = emu
        .list("campaign")
        .iter()
        .find_map(|c| c["campaign_id"].as_str().map(str::to_owned))
        .expect("a campaign");
    // The examples live in campaigns/; import next to them in a fresh checkout.
    std::fs::remove_dir_all(w.path().join("campaigns")).expect("rm");
    let out = import(&w, &emu, &["--campaign-id", &id, "--campaign-id", &id]);
    ok(&out);
    let text = read(&w.path().join("campaigns/spring-sale-us-prospecting.yaml"));
    assert!(text.contains(&format!("id: \"{id}\"")), "{text}");
    // Only the requested campaign: nothing about the legacy and manual ones.
    assert!(!stdout(&out).contains("Legacy"), "{}", stdout(&out));
    ok(&w.run(&emu, &["plan", "--detailed-exitcode"]));
}

#[test]
fn selection_mistakes_exit_1_and_write_nothing() {
    let emu = Emu::start();
    let w = Workdir::new();
    for (args, needle) in [
        (vec![], "pass `--all` or `--campaign-id ID`"),
        (vec!["--all", "--campaign-id", "1"], "cannot be combined"),
        (
            vec!["--campaign-id", "12ab"],
            "`12ab` is not a string of digits",
        ),
        (
            vec!["--campaign-id", "1234567890123456"],
            "no campaign with id 1234567890123456 in advertiser 7000000000000000001",
        ),
    ] {
        let out = import(&w, &emu, &args);
        assert_eq!(code(&out), 1, "{args:?}: {}{}", stdout(&out), stderr(&out));
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
        no_token(&out);
    }
    assert!(!w.path().join("campaigns").exists());
}
