//! Many ad accounts in one repository: `smartplus accounts` lists them as a CI
//! matrix, `plan`/`apply --advertiser-id` take one account's files, and jobs run at
//! once share the app's rate limit without failing or duplicating anything.

use insta::assert_snapshot;
use serde_json::{Value, json};
use smartplus::emulator::{Advertiser, Config};

use crate::harness::*;

const SECOND: &str = "7000000000000000002";
const THIRD: &str = "7000000000000000003";

/// A campaign with one ad group and `ads` ads.
fn campaign(name: &str, ads: usize) -> String {
    let mut s = format!(
        "  - name: {name}\n    objective: web_conversions\n    sales_destination: website\n    budget: {{ cbo: true, mode: dynamic_daily, amount: 500 }}\n    ad_groups:\n      - name: Group\n        optimization: {{ goal: convert, event: complete_payment, pixel_id: \"7100000000000000001\" }}\n        targeting: {{ locations: [\"6252001\"] }}\n        ads:\n"
    );
    for a in 0..ads {
        s.push_str(&format!(
            "          - name: Ad {a}\n            identity: {{ type: tiktok_user, id: \"7200000000000000001\" }}\n            creatives:\n              - video: {{ id: v10033g50000acc{a}, cover: \"ad-site-i18n-sg/cover-{a}\" }}\n            texts: [Fan out]\n            call_to_action_id: \"7500000000000000001\"\n            landing_page: https://shop.example.com/{a}\n"
        ));
    }
    s
}

/// A spec file: `advertiser` (if any) and the named campaigns.
fn spec(advertiser: Option<&str>, campaigns: &[&str]) -> String {
    let mut s = String::new();
    if let Some(a) = advertiser {
        s.push_str(&format!("advertiser_id: \"{a}\"\n"));
    }
    s.push_str("currency: USD\ncampaigns:\n");
    if campaigns.is_empty() {
        s = s.replace("campaigns:\n", "campaigns: []\n");
    }
    for c in campaigns {
        s.push_str(&campaign(c, 1));
    }
    s
}

/// Writes `rel` (a path under the work directory).
fn put(w: &Workdir, rel: &str, text: &str) {
    let p = w.path().join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Three accounts: two folders whose `account.yaml` names the advertiser (the
/// campaigns files name none), and one file naming its own.
fn tree() -> Workdir {
    let w = Workdir::new();
    put(
        &w,
        "accounts/acme/account.yaml",
        &spec(Some(ADVERTISER), &[]),
    );
    put(
        &w,
        "accounts/acme/spring.yaml",
        &spec(None, &["Acme spring"]),
    );
    put(
        &w,
        "accounts/acme/q3/summer.yaml",
        &spec(None, &["Acme summer"]),
    );
    put(&w, "accounts/globex/account.yaml", &spec(Some(SECOND), &[]));
    // The same campaign name in another account is no duplicate.
    put(
        &w,
        "accounts/globex/spring.yaml",
        &spec(None, &["Acme spring"]),
    );
    put(
        &w,
        "accounts/initech.yaml",
        &spec(Some(THIRD), &["Initech"]),
    );
    w
}

fn matrix(o: &std::process::Output) -> Value {
    let out = stdout(o);
    assert_eq!(out.lines().count(), 1, "one line for $GITHUB_OUTPUT: {out}");
    serde_json::from_str(&out).expect("JSON")
}

#[test]
fn accounts_lists_each_account_with_its_files_for_a_ci_matrix() {
    let w = tree();
    let o = w.run_plain(&["accounts", "accounts"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let doc = matrix(&o);
    assert_eq!(
        doc,
        json!({"format_version": 1, "include": [
            {"advertiser_id": ADVERTISER, "campaigns": 2, "currency": "USD", "files": [
                "accounts/acme/account.yaml", "accounts/acme/q3/summer.yaml", "accounts/acme/spring.yaml"]},
            {"advertiser_id": SECOND, "campaigns": 1, "currency": "USD", "files": [
                "accounts/globex/account.yaml", "accounts/globex/spring.yaml"]},
            {"advertiser_id": THIRD, "campaigns": 1, "currency": "USD", "files": [
                "accounts/initech.yaml"]},
        ]})
    );
    let o = w.run_plain(&["accounts", "accounts", "--format", "human"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_snapshot!(stdout(&o));

    // validate agrees: a name used in two accounts is not a duplicate.
    let o = w.run_plain(&["validate", "accounts"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    // Within one account it is, across its files.
    put(
        &w,
        "accounts/acme/again.yaml",
        &spec(None, &["Acme summer"]),
    );
    let o = w.run_plain(&["validate", "accounts"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(stderr(&o).contains("SP130"), "{}", both(&o));
}

#[test]
fn a_single_account_tree_is_one_entry_and_a_tree_naming_none_is_refused() {
    let w = Workdir::new();
    put(&w, "campaigns/a.yaml", &spec(Some(ADVERTISER), &["A"]));
    put(&w, "campaigns/other/b.yaml", &spec(None, &["B"]));
    let doc = matrix(&w.run_plain(&["accounts"]));
    assert_eq!(doc["include"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(doc["include"][0]["advertiser_id"], ADVERTISER);
    assert_eq!(doc["include"][0]["campaigns"], 2);

    let w = Workdir::new();
    put(&w, "campaigns/a.yaml", &spec(None, &["A"]));
    let o = w.run_plain(&["accounts"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        stderr(&o).contains("no spec file names an advertiser"),
        "{}",
        both(&o)
    );
    assert!(stderr(&o).contains("advertiser_id"), "{}", both(&o));
}

#[test]
fn a_file_of_no_account_in_a_multi_account_tree_is_refused_by_name() {
    let w = tree();
    put(&w, "accounts/loose.yaml", &spec(None, &["Whose?"]));
    for args in [
        &["accounts", "accounts"][..],
        &["plan", "accounts", "--advertiser-id", SECOND][..],
    ] {
        let o = w.run_plain(args);
        assert_eq!(code(&o), 1, "{args:?}: {}", both(&o));
        let err = stderr(&o);
        assert!(err.contains("`accounts/loose.yaml`"), "{err}");
        assert!(err.contains("add `advertiser_id`"), "{err}");
    }
}

/// An emulator serving the tree's three advertisers.
fn three_accounts(qps: Option<u32>) -> Emu {
    Emu::with(Config {
        more_advertisers: vec![Advertiser::new(SECOND), Advertiser::new(THIRD)],
        seed_account: false,
        qps,
        ..Emu::config()
    })
}

fn listed(emu: &Emu, advertiser: &str) -> Vec<String> {
    let v = emu.blocking_get(&format!(
        "/open_api/v1.3/smart_plus/campaign/get/?advertiser_id={advertiser}&page_size=100"
    ));
    assert_eq!(v["code"], 0, "{v}");
    let mut names: Vec<String> = v["data"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["campaign_name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn plan_and_apply_take_only_the_accounts_files() {
    let w = tree();
    let emu = three_accounts(None);
    // Without an advertiser the tree is ambiguous, and the help says what to do.
    let o = w.run(&emu, &["plan", "accounts"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let err = stderr(&o);
    assert!(err.contains("different advertisers"), "{err}");
    assert!(err.contains("--advertiser-id"), "{err}");
    assert!(err.contains("smartplus accounts"), "{err}");
    // An advertiser no file is for.
    let o = w.run(
        &emu,
        &["plan", "accounts", "--advertiser-id", "7000000000000000009"],
    );
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        stderr(&o).contains("no spec file is for advertiser 7000000000000000009"),
        "{}",
        both(&o)
    );

    // One account: its campaigns only, in its own account.
    let o = w.run(
        &emu,
        &[
            "plan",
            "accounts",
            "--advertiser-id",
            ADVERTISER,
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    let plan: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let names: Vec<&str> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "campaign")
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Acme summer", "Acme spring"], "{plan}");
    assert_eq!(plan["target"]["advertiser_id"], ADVERTISER);

    // The environment picks the account as the flag does; a saved plan keeps it.
    let o = w
        .command(&["apply", "accounts", "--auto-approve"])
        .env("SMARTPLUS_API_URL", &emu.url)
        .env("TIKTOK_ACCESS_TOKEN", TOKEN)
        .env("SMARTPLUS_ADVERTISER_ID", SECOND)
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(listed(&emu, SECOND), ["Acme spring"]);
    assert!(listed(&emu, ADVERTISER).is_empty());
    let o = w.run(
        &emu,
        &[
            "plan",
            "accounts",
            "--advertiser-id",
            THIRD,
            "--out",
            "third.json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    let o = w.run(&emu, &["apply", "--plan", "third.json"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(listed(&emu, THIRD), ["Initech"]);
    assert!(listed(&emu, ADVERTISER).is_empty());
}

#[test]
fn an_error_in_another_accounts_file_does_not_stop_this_one() {
    let w = tree();
    put(
        &w,
        "accounts/globex/broken.yaml",
        "campaigns:\n  - name: Broken\n    objective: nope\n",
    );
    let emu = three_accounts(None);
    let o = w.run(&emu, &["plan", "accounts", "--advertiser-id", THIRD]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(!stderr(&o).contains("broken.yaml"), "{}", both(&o));
    let o = w.run(&emu, &["plan", "accounts", "--advertiser-id", SECOND]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(stderr(&o).contains("broken.yaml"), "{}", both(&o));
}

/// Three jobs at once, one per account of a fresh tree, against an app limited to
/// 5 requests a second, each with `--qps QPS` and `extra` flags: the emulator's
/// stats and how many jobs warned that they gave their share up. Fails unless
/// every job succeeded, reported its own rejected calls, and made exactly its
/// objects.
fn three_jobs_sharing_5_qps(qps: &str, ads: usize, extra: &[&str]) -> (Value, usize) {
    let w = Workdir::new();
    for (n, adv) in [ADVERTISER, SECOND, THIRD].iter().enumerate() {
        let mut text = spec(Some(adv), &[]).replace("campaigns: []\n", "campaigns:\n");
        text.push_str(&campaign(&format!("Shared {n}"), ads));
        put(&w, &format!("accounts/{n}/specs.yaml"), &text);
    }
    let emu = three_accounts(Some(5));
    let jobs: Vec<_> = [ADVERTISER, SECOND, THIRD]
        .iter()
        .map(|adv| {
            let mut args = vec![
                "-v",
                "apply",
                "accounts",
                "--auto-approve",
                "--qps",
                qps,
                "--advertiser-id",
                adv,
            ];
            args.extend_from_slice(extra);
            w.command(&args)
                .env("SMARTPLUS_API_URL", &emu.url)
                .env("TIKTOK_ACCESS_TOKEN", TOKEN)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = jobs
        .into_iter()
        .map(|j| j.wait_with_output().unwrap())
        .collect();
    for o in &outputs {
        assert_eq!(code(o), 0, "{}", both(o));
    }
    let stats = emu.block_on(emu_stats(&emu));
    let rejected = stats["by_outcome"]["40100"].as_u64().unwrap_or(0);
    // The last count of each job: apply reports after planning too.
    let retried: u64 = outputs
        .iter()
        .filter_map(|o| {
            stderr(o)
                .lines()
                .filter_map(|l| l.split_once(" of them rejected by a rate limit"))
                .next_back()
                .and_then(|(n, _)| n.trim().parse::<u64>().ok())
        })
        .sum();
    assert_eq!(retried, rejected, "each job reports its own: {stats}");
    for adv in [ADVERTISER, SECOND, THIRD] {
        let objects = &stats["advertisers"][adv]["objects"];
        let made = ["campaigns", "adgroups", "ads"].map(|k| objects[k].as_u64());
        assert_eq!(
            made,
            [Some(1), Some(1), u64::try_from(ads).ok()],
            "{adv}: {stats}"
        );
    }
    let warned = outputs
        .iter()
        .filter(|o| stderr(o).contains("pacing without the share"))
        .count();
    (stats, warned)
}

#[test]
fn jobs_sharing_the_apps_rate_limit_all_finish_without_duplicates() {
    // Three jobs, each pacing itself to the app's whole limit: it is met, and
    // nothing fails for it.
    let (untold, warned) = three_jobs_sharing_5_qps("5", 3, &[]);
    let untold = untold["by_outcome"]["40100"].as_u64().unwrap_or(0);
    assert!(
        untold > 0,
        "three times the limit at the start is turned away"
    );
    assert_eq!(warned, 0, "no share, nothing to give up");
    // Told they are three, each starts at 5 / 3 a second: together at the limit,
    // not three times it.
    let (told, warned) = three_jobs_sharing_5_qps("5", 3, &["--qps-share", "3"]);
    let told = told["by_outcome"]["40100"].as_u64().unwrap_or(0);
    assert!(told <= 3, "told {told}, untold {untold}");
    assert_eq!(warned, 0, "a right share is kept");
}

#[test]
fn a_share_larger_than_the_app_gives_is_given_up_with_a_warning() {
    // Told the app allows 20 and they are two, three jobs keep 80% of 20 / 2 each:
    // 24 a second against 5. They give their shares up, say so, and finish.
    let (stats, warned) = three_jobs_sharing_5_qps("20", 12, &["--qps-share", "2"]);
    // How many reach ten cuts within 20 s depends on how the three overlap; the
    // pacer's tests count the cuts.
    assert!(warned >= 1, "{warned} warned: {stats}");
}

async fn emu_stats(emu: &Emu) -> Value {
    emu.stats().await
}

#[test]
fn the_sandbox_keeps_every_account_planned_in_it() {
    let w = tree();
    for adv in [ADVERTISER, SECOND] {
        let o = w.run_plain(&[
            "apply",
            "accounts",
            "--sandbox",
            "--auto-approve",
            "--advertiser-id",
            adv,
        ]);
        assert_eq!(code(&o), 0, "{}", both(&o));
    }
    for adv in [ADVERTISER, SECOND] {
        let o = w.run_plain(&[
            "plan",
            "accounts",
            "--sandbox",
            "--detailed-exitcode",
            "--advertiser-id",
            adv,
        ]);
        assert_eq!(code(&o), 0, "{adv} converged: {}", both(&o));
    }
    // `sandbox status` reads a sandbox holding both accounts.
    let o = w.run_plain(&["sandbox", "status"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let line = stdout(&o).lines().next().unwrap_or_default().to_owned();
    assert!(line.contains("advertisers"), "{}", both(&o));
    for adv in [ADVERTISER, SECOND] {
        assert!(line.contains(adv), "{adv}: {}", both(&o));
    }
}
