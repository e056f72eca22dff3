//! Renames without a pinned `id:` and unmanaged spend: a create beside an enabled
//! live object that looks like it is refused before it spends (SP314), with the two
//! ways out; `--allow-lookalike` accepts both running; and the budget table counts
//! every enabled campaign of the account.

use crate::harness::*;

const EXAMPLE: &str = "web-cbo-automatic.yaml";
const CAMPAIGN: &str = "Spring sale - US prospecting";

/// The example applied; the spec text as applied.
fn applied(emu: &Emu) -> (Workdir, String) {
    let w = Workdir::with_fixture(EXAMPLE);
    let o = w.run(emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let text = std::fs::read_to_string(w.path().join("campaigns").join(EXAMPLE)).expect("spec");
    (w, text)
}

fn id_of(emu: &Emu, kind: &str, key: &str, name_key: &str, name: &str) -> String {
    let all = emu.list(kind);
    let found = all
        .iter()
        .find(|o| o[name_key] == name)
        .unwrap_or_else(|| panic!("no live {kind} `{name}` in {all:?}"));
    found[key].as_str().expect("id").to_string()
}

/// Every rename, for a campaign, an ad group and an ad, is refused by `plan` and by
/// `apply`, naming the live object with its status and budget and both ways out.
#[test]
fn renames_are_caught_before_they_spend() {
    let emu = Emu::start();
    let (w, text) = applied(&emu);
    let campaign = id_of(&emu, "campaign", "campaign_id", "campaign_name", CAMPAIGN);
    let group = id_of(&emu, "adgroup", "adgroup_id", "adgroup_name", "US broad");
    let ad = id_of(&emu, "ad", "smart_plus_ad_id", "ad_name", "Hero video");
    let cases = [
        (
            "campaign, case",
            "- name: Spring sale - US prospecting",
            "- name: Spring Sale - US Prospecting",
            format!("live campaign `{CAMPAIGN}` (id {campaign}, enabled"),
            "daily budget 500",
        ),
        (
            "campaign, same settings",
            "- name: Spring sale - US prospecting",
            "- name: Summer sale - US prospecting",
            format!("live campaign `{CAMPAIGN}` (id {campaign}, enabled"),
            "the same settings under another name",
        ),
        (
            "ad group, spacing",
            "- name: US broad",
            "- name: US  Broad",
            format!("live ad group `US broad` (id {group}, enabled"),
            "the same name up to case and spacing",
        ),
        (
            "ad group, same settings",
            "- name: US broad",
            "- name: United States, everyone",
            format!("live ad group `US broad` (id {group}, enabled"),
            "the same settings under another name",
        ),
        (
            "ad, case",
            "- name: Hero video",
            "- name: hero video",
            format!("live ad `Hero video` (id {ad}, enabled"),
            "it spends its ad group's",
        ),
        (
            "ad, same settings",
            "- name: Hero video",
            "- name: Spring hero",
            format!("live ad `Hero video` (id {ad}, enabled"),
            "the same settings under another name",
        ),
    ];
    let before = (
        emu.list("campaign").len(),
        emu.list("adgroup").len(),
        emu.list("ad").len(),
    );
    for (case, from, to, names, detail) in &cases {
        let renamed = text.replacen(from, to, 1);
        assert_ne!(renamed, text, "{case}");
        w.write(EXAMPLE, &renamed);
        let o = w.run(&emu, &["plan"]);
        let out = flat(&stdout(&o));
        assert_eq!(code(&o), 1, "{case}: {}", both(&o));
        assert!(out.contains("error[SP314]"), "{case}: {out}");
        assert!(out.contains(names.as_str()), "{case}: {out}");
        assert!(out.contains(detail), "{case}: {out}");
        assert!(out.contains("both would run and spend"), "{case}: {out}");
        for way_out in [
            "pin it in the spec with `id: ",
            "pause it first",
            "--allow-lookalike",
        ] {
            assert!(out.contains(way_out), "{case}: no `{way_out}` in {out}");
        }
        let o = w.run(&emu, &["apply", "--auto-approve"]);
        assert_eq!(code(&o), 1, "{case}: {}", both(&o));
        let after = (
            emu.list("campaign").len(),
            emu.list("adgroup").len(),
            emu.list("ad").len(),
        );
        assert_eq!(after, before, "{case}: apply created something");
    }
    insta::assert_snapshot!(
        "lookalike_refused",
        redact(&stdout(&w.run(&emu, &["plan"])))
    );
}

/// The ways out: pinning the live object renames it in place; pausing it lets the
/// new one be created; `--allow-lookalike` runs both, and the budget table then
/// counts both.
#[test]
fn a_pin_renames_in_place_and_the_flag_runs_both() {
    let emu = Emu::start();
    let (w, text) = applied(&emu);
    let campaign = id_of(&emu, "campaign", "campaign_id", "campaign_name", CAMPAIGN);
    let renamed = text.replacen(
        "- name: Spring sale - US prospecting",
        &format!("- name: Spring Sale - US\n    id: \"{campaign}\""),
        1,
    );
    w.write(EXAMPLE, &renamed);
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(
        stderr(&o).contains("Apply complete: 0 created, 1 updated"),
        "{}",
        both(&o)
    );
    let live = emu.list("campaign");
    assert_eq!(live.len(), 1, "{live:?}");
    assert_eq!(live[0]["campaign_name"], "Spring Sale - US");
    assert_eq!(code(&w.run(&emu, &["plan", "--detailed-exitcode"])), 0);

    // A second campaign with the same settings, run on purpose.
    let copy = text.replacen(
        "- name: Spring sale - US prospecting",
        "- name: Spring sale - US retargeting",
        1,
    );
    let both_specs = format!(
        "{renamed}\n{}",
        &copy[copy
            .find("  - name: Spring sale - US retargeting")
            .expect("campaign")..]
    );
    w.write(EXAMPLE, &both_specs);
    let o = w.run(&emu, &["plan"]);
    assert_eq!(
        code(&o),
        0,
        "the pinned campaign is the spec's own: {}",
        both(&o)
    );
    // Without the spec claiming it, the old campaign is a look-alike of the new one.
    w.write(EXAMPLE, &copy);
    let o = w.run(&emu, &["plan"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let o = w.run(&emu, &["plan", "--allow-lookalike"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let out = stdout(&o);
    assert!(out.contains("warning[SP314]"), "{out}");
    // The account total counts the live campaign the plan leaves running (and the
    // seeded legacy campaign): 500 + 100 now, 500 more after.
    assert!(out.contains("2 other campaigns"), "{out}");
    let account = out
        .lines()
        .find(|l| l.trim_start().starts_with("account "))
        .unwrap_or_default();
    assert!(account.ends_with("daily 600 → 1100, total 0"), "{out}");
    let o = w.run(&emu, &["apply", "--auto-approve", "--allow-lookalike"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(emu.list("campaign").len(), 2);
}

/// `--target` does not hide the rest of the account from the budget total.
#[test]
fn the_budget_total_counts_the_whole_account_under_target() {
    let emu = Emu::start();
    let w = Workdir::with_examples();
    let o = w.run(&emu, &["plan", "--target", CAMPAIGN, "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let spend = &plan["spend"];
    // The seeded legacy Smart+ campaign spends 100 a day; the manual one is paused.
    assert_eq!(spend["others"]["count"], 1, "{spend}");
    assert_eq!(spend["others"]["before"]["daily"], "100", "{spend}");
    assert_eq!(spend["others"]["after"]["daily"], "100", "{spend}");
    assert_eq!(spend["account"]["before"]["daily"], "100", "{spend}");
    assert_eq!(spend["account"]["after"]["daily"], "600", "{spend}");
}
