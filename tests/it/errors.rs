//! Errors that say everything at once (#15): no internal codes, each cause once, and
//! every message saying what to do next; the flags whose behaviour the docs describe
//! (`--currency`, `--parallelism`) refuse what they cannot use.

use std::process::Output;

use insta::assert_snapshot;

use crate::harness::*;

/// The failure's stderr, after checking what every error must do.
fn failed(o: &Output) -> String {
    assert_eq!(code(o), 1, "{}", both(o));
    let err = stderr(o);
    assert!(!err.contains("smartplus::"), "an internal code: {err}");
    assert!(err.contains("help:"), "nothing says what to do next: {err}");
    let lines: Vec<&str> = err
        .lines()
        .map(|l| {
            l.trim_start_matches([' ', '×', '│', '╰', '─', '▶', '├'])
                .trim()
        })
        .filter(|l| !l.is_empty())
        .collect();
    for (i, l) in lines.iter().enumerate() {
        assert!(
            !lines[..i].iter().any(|before| before.contains(l)),
            "said twice: {l:?}\n{err}"
        );
    }
    err
}

#[test]
fn errors_name_no_internal_code_say_each_cause_once_and_what_to_do() {
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    std::fs::write(w.path().join("not-a-plan.json"), "{}").expect("write");
    std::fs::write(w.path().join("a-file"), "").expect("write");
    let cases: [(&str, &[&str]); 6] = [
        ("a missing spec", &["validate", "missing.yaml"]),
        (
            "a missing token file",
            &[
                "plan",
                "--access-token-file",
                "missing-token.txt",
                "--api-url",
                "http://127.0.0.1:9",
            ],
        ),
        ("a missing saved plan", &["apply", "--plan", "missing.json"]),
        ("not a saved plan", &["apply", "--plan", "not-a-plan.json"]),
        (
            "a saved plan under a file",
            &["plan", "--sandbox", "--out", "a-file/plan.json"],
        ),
        ("a missing spec directory", &["validate", "missing/"]),
    ];
    let mut shown = String::new();
    for (what, args) in cases {
        let err = failed(&w.run_plain(args));
        shown.push_str(&format!("# {what}: smartplus {}\n{err}\n", args.join(" ")));
    }
    assert_snapshot!("errors", redact(&shown));
}

/// A spec in USD with a campaign budget of 40: under USD's floor of 50, over JPY's.
const SPEC_USD: &str = "currency: USD
campaigns:
  - name: Floor test
    objective: web_conversions
    sales_destination: website
    budget: { cbo: true, amount: 40 }
    ad_groups:
      - name: Group
        optimization: { goal: convert, event: complete_payment, pixel_id: \"7100000000000000001\" }
        targeting: { locations: [\"6252001\"] }
        ads:
          - name: Ad
            identity: { type: tiktok_user, id: \"7200000000000000001\" }
            creatives: [{ video: { id: v10033g50000floor1, cover: c } }]
            texts: [Hello]
            call_to_action_id: \"7500000000000000001\"
            landing_page: https://shop.example.com/
";

#[test]
fn currency_flag_fills_in_for_a_spec_that_names_none_and_knows_the_codes() {
    let w = Workdir::new();
    w.write("usd.yaml", SPEC_USD);
    // The spec says USD: --currency does not override it.
    let o = w.run_plain(&["validate", "--currency", "JPY", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        stdout(&o).contains("below the floor of 50 USD"),
        "{}",
        both(&o)
    );
    // A spec without a currency takes the flag's.
    w.write("usd.yaml", &SPEC_USD.replace("currency: USD\n", ""));
    let o = w.run_plain(&["validate", "--currency", "jpy", "--format", "json"]);
    assert!(stdout(&o).contains("JPY"), "{}", both(&o));
    // A code TikTok does not bill in is refused, with the ones it does.
    let o = w.run_plain(&["validate", "--currency", "XYZ"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let err = stderr(&o);
    assert!(err.contains("TikTok does not bill in `XYZ`"), "{err}");
    assert!(err.contains("USD, EUR"), "{err}");
    assert_snapshot!("unknown_currency", err);
}

#[test]
fn parallelism_is_at_least_one() {
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    let o = w.run_plain(&["apply", "--sandbox", "--auto-approve", "--parallelism", "0"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(stderr(&o).contains("--parallelism"), "{}", both(&o));
    assert!(
        !w.path().join(".smartplus").exists(),
        "refused before anything started"
    );
}
