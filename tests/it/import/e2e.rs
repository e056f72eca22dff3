//! End-to-end: `smartplus import` against the emulator, the real binary over HTTP.

use std::path::Path;

use crate::harness::*;

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

/// A start a month ahead at New York midnight, as the spec writes it, and the same
/// instant as import writes it in the account's zone (UTC).
fn dated_start() -> (String, String) {
    let ny = jiff::tz::TimeZone::get("America/New_York").expect("zone");
    let day = jiff::Timestamp::now().to_zoned(ny.clone()).date() + jiff::ToSpan::days(30);
    let local = day.to_zoned(ny).expect("midnight exists");
    let utc = local.timestamp().to_zoned(jiff::tz::TimeZone::UTC);
    (
        local.strftime("%Y-%m-%d %H:%M").to_string(),
        utc.strftime("%Y-%m-%d %H:%M").to_string(),
    )
}

/// `web-cbo-automatic.yaml` with a dated start on its first ad group (the example
/// itself starts now), applied to a fresh (seeded) emulator.
fn applied() -> (Emu, Workdir) {
    let emu = Emu::start();
    let w = Workdir::new();
    let example =
        std::fs::read_to_string(fixtures().join("web-cbo-automatic.yaml")).expect("example exists");
    let (start, _) = dated_start();
    let dated = example.replacen(
        "        optimization: *purchase\n",
        &format!(
            "        optimization: *purchase\n        schedule:\n          start: \"{start}\"\n          time_zone: America/New_York\n"
        ),
        1,
    );
    assert_ne!(dated, example, "the example's first ad group moved");
    w.write("web-cbo-automatic.yaml", &dated);
    // One step at a time, so objects are created (and imported) in spec order.
    ok(&w.run(&emu, &["apply", "--auto-approve", "--parallelism", "1"]));
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
    ] {
        assert!(text.contains(needle), "{needle:?} not in\n{text}");
    }
    // The spec's New York midnight, in the account's zone (UTC), no zone key; quoted,
    // as people write times (#15).
    let start = format!("          start: \"{}\"\n", dated_start().1);
    assert!(text.contains(&start), "{start:?} not in\n{text}");
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

fn flat(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

const LEGACY: &str = "Legacy Smart+ - Evergreen";
const MANUAL: &str = "Manual - Brand awareness";

/// The id of a campaign of any kind, through the manual `campaign/get/`.
fn campaign_id(emu: &Emu, name: &str) -> String {
    let v = emu.blocking_get(&format!(
        "/open_api/v1.3/campaign/get/?advertiser_id={ADVERTISER}&page_size=1000"
    ));
    v["data"]["list"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["campaign_name"] == name)
        .and_then(|c| c["campaign_id"].as_str())
        .unwrap_or_else(|| panic!("no campaign `{name}`: {v}"))
        .to_owned()
}

#[test]
fn legacy_and_manual_campaigns_are_listed_with_what_to_do() {
    let (emu, w) = applied();
    let out = import(&w, &emu, &["--all", "--out-dir", "imported"]);
    ok(&out);
    let (legacy, manual) = (campaign_id(&emu, LEGACY), campaign_id(&emu, MANUAL));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "warning: skipped `{LEGACY}` (id {legacy}): a legacy Smart+ campaign"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "warning: skipped `{MANUAL}` (id {manual}): a manual campaign"
        )),
        "{err}"
    );
    let summary = stdout(&out);
    for needle in [
        "Not imported: 2 campaigns smartplus cannot manage:",
        "What to do: recreate it as an Upgraded Smart+ campaign",
        "objective_type: WEB_CONVERSIONS",
        "→ objective: web_conversions",
        "→ budget.mode: daily",
        "Import: 1 written, 0 refused, 2 cannot be managed.",
    ] {
        assert!(summary.contains(needle), "{needle:?} not in\n{summary}");
    }
    assert!(
        summary.contains(&legacy) && summary.contains(&manual),
        "{summary}"
    );
    let files = std::fs::read_dir(w.path().join("imported"))
        .expect("imported/")
        .count();
    assert_eq!(
        files, 1,
        "nothing is written for legacy or manual campaigns"
    );
}

#[test]
fn a_legacy_or_manual_campaign_id_is_an_error() {
    let (emu, w) = applied();
    let good = emu.list("campaign")[0]["campaign_id"]
        .as_str()
        .expect("id")
        .to_owned();
    for (name, what) in [
        (LEGACY, "is a legacy Smart+ campaign"),
        (MANUAL, "is a manual campaign"),
    ] {
        let id = campaign_id(&emu, name);
        // Even beside a campaign that could be imported: nothing is written.
        let out = import(
            &w,
            &emu,
            &[
                "--campaign-id",
                &good,
                "--campaign-id",
                &id,
                "--out-dir",
                "out",
            ],
        );
        assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
        // Words only: the error is wrapped to the terminal width.
        let err = flat(&stderr(&out));
        assert!(
            err.contains(&format!("campaign `{name}` (id {id}) {what}")),
            "{err}"
        );
        assert!(
            err.contains("smartplus manages only Upgraded Smart+ campaigns"),
            "{err}"
        );
        assert!(err.contains("What to do:"), "{err}");
        if name == LEGACY {
            assert!(err.contains("→ budget.amount: 100"), "{err}");
        }
        assert!(!w.path().join("out").exists());
    }
}

/// A campaign built through the API with two settings the spec cannot hold yet: iOS 14
/// campaign type and fast pacing.
fn partial_campaign(emu: &Emu) -> String {
    let post = |path: &str, body: serde_json::Value| {
        let v = emu.blocking_post(&format!("/open_api/v1.3/{path}"), body);
        assert_eq!(v["code"], 0, "{v}");
        v["data"].clone()
    };
    let c = post(
        "smart_plus/campaign/create/",
        serde_json::json!({
            "advertiser_id": ADVERTISER, "request_id": "7100000000000000901",
            "campaign_name": "iOS 14 push", "objective_type": "APP_PROMOTION",
            "app_promotion_type": "APP_INSTALL",
            "app_id": "7400000000000000001", "campaign_type": "IOS14_CAMPAIGN",
            "budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET", "budget": 80,
        }),
    );
    let id = c["campaign_id"].as_str().expect("id").to_owned();
    post(
        "smart_plus/adgroup/create/",
        serde_json::json!({
            "advertiser_id": ADVERTISER, "request_id": "7100000000000000902",
            "campaign_id": id, "adgroup_name": "US", "promotion_type": "APP_IOS",
            "optimization_goal": "INSTALL", "billing_event": "OCPM",
            "bid_type": "BID_TYPE_NO_BID", "schedule_type": "SCHEDULE_FROM_NOW",
            "schedule_start_time": days_ahead(2), "pacing": "PACING_MODE_FAST",
            "targeting_spec": {"location_ids": ["6252001"]},
        }),
    );
    id
}

#[test]
fn unexpressible_settings_skip_the_campaign_unless_allowed() {
    let (emu, w) = applied();
    let id = partial_campaign(&emu);
    let out = import(&w, &emu, &["--all", "--out-dir", "imported"]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    let err = stderr(&out);
    for needle in [
        format!("error: campaign `iOS 14 push` (id {id}) not imported:"),
        "- campaign_type: \"IOS14_CAMPAIGN\"".to_string(),
        "- ad group `US`: pacing: \"PACING_MODE_FAST\"".to_string(),
        "help: pass --allow-partial".to_string(),
    ] {
        assert!(err.contains(&needle), "{needle:?} not in\n{err}");
    }
    let summary = stdout(&out);
    assert!(
        summary.contains("not expressible: ad group `US`: pacing: \"PACING_MODE_FAST\""),
        "{summary}"
    );
    assert!(
        summary.contains("Import: 1 written, 1 refused, 2 cannot be managed."),
        "{summary}"
    );
    // The other campaign is written all the same.
    assert!(
        w.path()
            .join("imported/spring-sale-us-prospecting.yaml")
            .exists()
    );
    assert!(!w.path().join("imported/ios-14-push.yaml").exists());

    let out = import(
        &w,
        &emu,
        &[
            "--all",
            "--out-dir",
            "imported",
            "--allow-partial",
            "--force",
        ],
    );
    ok(&out);
    assert!(
        stderr(&out).contains(&format!(
            "warning: campaign `iOS 14 push` (id {id}) imported without 2 settings"
        )),
        "{}",
        stderr(&out)
    );
    let text = read(&w.path().join("imported/ios-14-push.yaml"));
    assert!(
        text.contains("#   - campaign_type: \"IOS14_CAMPAIGN\"\n"),
        "{text}"
    );
    assert!(
        text.contains("#   - ad group `US`: pacing: \"PACING_MODE_FAST\"\n"),
        "{text}"
    );
    assert!(text.contains("platform: ios"), "{text}");
    ok(&w.run_plain(&["validate", "imported"]));
    ok(&w.run(&emu, &["plan", "--detailed-exitcode", "imported"]));
}
/// Ids, ports and times out: what is left is stable.
fn stable(text: &str) -> String {
    redact_times(text)
}

fn shown(o: &std::process::Output) -> String {
    stable(&format!(
        "exit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        code(o),
        stdout(o),
        stderr(o)
    ))
}

#[test]
fn seeded_account_import_output() {
    let (emu, w) = applied();
    let out = import(&w, &emu, &["--all", "--out-dir", "imported"]);
    no_token(&out);
    insta::assert_snapshot!("seeded_account_import", shown(&out));
    let file = read(&w.path().join("imported/spring-sale-us-prospecting.yaml"));
    insta::assert_snapshot!("seeded_account_imported_file", stable(&file));
    ok(&w.run_plain(&["validate", "imported"]));
    let plan = w.run(&emu, &["plan", "--detailed-exitcode", "imported"]);
    ok(&plan);
}

#[test]
fn refused_and_partial_import_output() {
    let (emu, w) = applied();
    partial_campaign(&emu);
    let refused = import(&w, &emu, &["--all", "--out-dir", "imported"]);
    insta::assert_snapshot!("refused_import", shown(&refused));
    let partial = import(
        &w,
        &emu,
        &[
            "--all",
            "--out-dir",
            "imported",
            "--allow-partial",
            "--force",
        ],
    );
    insta::assert_snapshot!("partial_import", shown(&partial));
    let file = read(&w.path().join("imported/ios-14-push.yaml"));
    insta::assert_snapshot!("partial_imported_file", stable(&file));
}

#[test]
fn legacy_campaign_id_output() {
    let (emu, w) = applied();
    let id = campaign_id(&emu, LEGACY);
    let out = import(&w, &emu, &["--campaign-id", &id]);
    insta::assert_snapshot!("legacy_campaign_id", shown(&out));
}
