//! Robustness: whatever the input, loading and checking a spec returns findings or a
//! diagnostic, never a panic, and hostile shapes are refused rather than crashing.

use std::path::Path;

use proptest::prelude::*;
use smartplus::spec::load::parse_str;
use smartplus::spec::rules::{self, Context};

pub(crate) fn examples() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for dir in ["tests/fixtures/specs", "tests/corpus/invalid"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("read dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        texts.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    assert!(texts.len() > 10, "no example texts found");
    texts
}

/// Parses and, when that works, runs every rule under a few currencies.
fn check(text: &str) {
    if let Ok(spec) = parse_str(text) {
        for currency in [None, Some("JPY"), Some("KRW"), Some("XXX")] {
            let ctx = Context {
                currency: currency.map(str::to_string),
                ..Context::default()
            };
            let _ = rules::check(&spec, &ctx);
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapChars(usize),
    Truncate(usize),
    Insert(usize, char),
    ReplaceScalar(usize, String),
}

pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::SwapChars),
        any::<usize>().prop_map(Mutation::Truncate),
        (
            any::<usize>(),
            prop_oneof![
                Just(':'),
                Just('-'),
                Just(' '),
                Just('\n'),
                Just('['),
                Just('{'),
                Just('"'),
                Just('&'),
                Just('*'),
                Just('#'),
                Just('\t'),
                Just('夏'),
                Just('🔥'),
                any::<char>()
            ]
        )
            .prop_map(|(at, c)| Mutation::Insert(at, c)),
        (
            any::<usize>(),
            prop_oneof![
                Just("0".to_string()),
                Just("-1".to_string()),
                Just("79228162514264337593543950335".to_string()),
                Just("0.0000000000000000000000000001".to_string()),
                Just("\"2026-03-08 02:30\"".to_string()),
                Just("\"9999-12-31 23:59:59\"".to_string()),
                Just("\"0000-01-01 00:00\"".to_string()),
                Just("\"24:00-24:00\"".to_string()),
                Just("[]".to_string()),
                Just("{}".to_string()),
                Just("~".to_string()),
                "[a-z_]{1,12}",
            ]
        )
            .prop_map(|(at, s)| Mutation::ReplaceScalar(at, s)),
    ]
}

pub(crate) fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let chars: Vec<char> = text.chars().collect();
    match m {
        Mutation::DeleteLine(i) => {
            lines.remove(i % lines.len());
            lines.join("\n")
        }
        Mutation::DuplicateLine(i) => {
            let i = i % lines.len();
            lines.insert(i, lines[i]);
            lines.join("\n")
        }
        Mutation::SwapChars(i) if chars.len() > 1 => {
            let mut chars = chars;
            let i = i % (chars.len() - 1);
            chars.swap(i, i + 1);
            chars.into_iter().collect()
        }
        Mutation::SwapChars(_) => text.to_string(),
        Mutation::Truncate(i) => chars[..i % (chars.len() + 1)].iter().collect(),
        Mutation::Insert(i, c) => {
            let mut chars = chars;
            chars.insert(i % (chars.len() + 1), *c);
            chars.into_iter().collect()
        }
        Mutation::ReplaceScalar(i, s) => {
            // Replaces the value after the n-th `: ` with something odd.
            let i = i % lines.len();
            let line = lines[i];
            match line.find(": ") {
                Some(at) => {
                    let replaced = format!("{}: {s}", &line[..at]);
                    lines[i] = &replaced;
                    lines.join("\n")
                }
                None => text.to_string(),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_yaml_like_text_never_panics(text in "[a-z_: \\-\\[\\]{}\"'&*#\n0-9.]{0,400}") {
        check(&text);
    }

    #[test]
    fn mutated_examples_never_panic(
        pick in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let texts = examples();
        let mut text = texts[pick % texts.len()].clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        check(&text);
    }
}

#[test]
fn mutations_still_reach_the_rules() {
    // Guards the property above: single-line mutations of a valid example mostly
    // still parse, so the rules really run on odd values.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/specs/web-cbo-automatic.yaml"
    ))
    .expect("example");
    let lines = text.lines().count();
    let parsed = (0..lines)
        .filter(|i| {
            parse_str(&apply(&text, &Mutation::DuplicateLine(*i))).is_ok()
                || parse_str(&apply(&text, &Mutation::ReplaceScalar(*i, "0".into()))).is_ok()
        })
        .count();
    assert!(
        parsed > lines / 2,
        "only {parsed} of {lines} mutations parse"
    );
}

#[test]
fn extreme_amounts_do_not_overflow() {
    let max = "79228162514264337593543950335";
    let text = format!(
        "currency: IDR\ncampaigns:\n  - name: x\n    objective: web_conversions\n    \
         sales_destination: website\n    guidance: {{historical_cpa: {max}}}\n    \
         budget: {{cbo: true, amount: {max}}}\n    ad_groups:\n      - name: g\n        \
         optimization: {{goal: click}}\n        bidding: {{strategy: cost_cap, amount: {max}}}\n        \
         targeting: {{locations: [\"1\"]}}\n        schedule: {{start: \"0000-01-01 00:00\", \
         end: \"9999-12-31 23:59:59\", time_zone: Pacific/Kiritimati}}\n"
    );
    let spec = parse_str(&text).expect("parses");
    let findings = rules::check(&spec, &Context::default());
    assert!(!findings.is_empty());
}

#[test]
fn deep_nesting_is_refused_with_an_error() {
    for text in [
        format!("campaigns: {}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("campaigns: {}", "{a: ".repeat(50_000)),
        (0..5_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect::<String>(),
        format!("campaigns:\n{}", "- ".repeat(10_000)),
    ] {
        let d = parse_str(&text).expect_err("nesting this deep is not a spec");
        assert!(
            d.code == "SP001" || d.code == "SP002",
            "{}: {}",
            d.code,
            d.message
        );
    }
}

#[test]
fn huge_flow_sequence_is_refused_with_an_error() {
    let n = 1_000_000;
    let text = format!("campaigns: [{}]", vec!["1"; n].join(", "));
    let started = std::time::Instant::now();
    let d = parse_str(&text).expect_err("numbers are not campaigns");
    assert!(
        d.code == "SP001" || d.code == "SP002",
        "{}: {}",
        d.code,
        d.message
    );
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn alias_bombs_are_refused_or_bounded() {
    // Nine levels of ten aliases each would expand to a billion nodes.
    let mut text = String::from("shared:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("campaigns: *a9\n");
    let started = std::time::Instant::now();
    let d = parse_str(&text).expect_err("an alias bomb is not a spec");
    assert_eq!(d.severity, smartplus::spec::Severity::Error);
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
}
