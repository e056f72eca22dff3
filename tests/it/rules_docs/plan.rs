//! Every plan rule has its section in docs/plan-rules.md, with the right severity,
//! and the page documents no rule that does not exist.

use std::path::Path;

use smartplus::plan::rules::REGISTRY;

fn page() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/plan-rules.md");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The lines of the section under `heading`, up to the next `## `.
fn section<'a>(text: &'a str, heading: &str) -> Option<Vec<&'a str>> {
    let mut lines = text.lines().skip_while(|l| *l != heading);
    lines.next()?;
    Some(lines.take_while(|l| !l.starts_with("## ")).collect())
}

#[test]
fn every_plan_rule_has_a_section() {
    let text = page();
    let mut missing = Vec::new();
    for rule in REGISTRY.iter().map(|r| r.info()) {
        let heading = format!("## {} {}", rule.code, rule.name);
        let Some(body) = section(&text, &heading) else {
            missing.push(heading);
            continue;
        };
        let severity = body
            .iter()
            .find_map(|l| l.strip_prefix("Severity: "))
            .unwrap_or_else(|| panic!("`{heading}` has no `Severity:` line"));
        assert!(
            severity.starts_with(rule.severity.as_str()),
            "`{heading}` says severity `{severity}`, the rule is {}",
            rule.severity.as_str()
        );
        let prose = body
            .iter()
            .take_while(|l| !l.starts_with("```"))
            .filter(|l| !l.trim().is_empty() && !l.starts_with("Severity: "))
            .count();
        assert!(
            prose >= 3,
            "`{heading}` needs a paragraph on the platform behaviour"
        );
        assert!(
            body.iter().any(|l| l.contains(&format!("[{}]", rule.code))),
            "`{heading}` needs an example plan output showing `[{}]`",
            rule.code
        );
    }
    assert!(missing.is_empty(), "docs/plan-rules.md lacks: {missing:?}");
}

#[test]
fn the_page_documents_only_known_rules_in_code_order() {
    let text = page();
    let headings: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    let expected: Vec<String> = REGISTRY
        .iter()
        .map(|r| r.info())
        .map(|r| format!("{} {}", r.code, r.name))
        .collect();
    assert_eq!(headings, expected);
}
