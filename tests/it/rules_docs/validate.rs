//! Every validate rule is documented in `docs/rules.md`, and nothing else is.

use std::collections::BTreeMap;

use smartplus::spec::rules::REGISTRY;

/// A `## SPxxx name` section: its name, severity line and whether it has an example.
struct Section {
    name: String,
    severity: Option<String>,
    has_example: bool,
}

fn sections() -> BTreeMap<String, Section> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let text = std::fs::read_to_string(path).expect("docs/rules.md");
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            let (code, name) = heading.split_once(' ').unwrap_or((heading, ""));
            assert!(
                out.insert(
                    code.to_string(),
                    Section {
                        name: name.trim().to_string(),
                        severity: None,
                        has_example: false,
                    },
                )
                .is_none(),
                "{code} has two sections"
            );
            current = Some(code.to_string());
            continue;
        }
        let Some(section) = current.as_ref().and_then(|c| out.get_mut(c)) else {
            continue;
        };
        if let Some(sev) = line.strip_prefix("Severity: ") {
            section
                .severity
                .get_or_insert_with(|| sev.trim().to_string());
        }
        if line.trim() == "```yaml" {
            section.has_example = true;
        }
    }
    out
}

#[test]
fn every_rule_has_a_section_with_severity_and_example() {
    let docs = sections();
    let mut problems = Vec::new();
    for rule in REGISTRY {
        let info = rule.info();
        let Some(section) = docs.get(info.code) else {
            problems.push(format!(
                "{} has no `## {} {}` section",
                info.code, info.code, info.name
            ));
            continue;
        };
        if section.name != info.name {
            problems.push(format!(
                "{}: heading says `{}`, the rule is named `{}`",
                info.code, section.name, info.name
            ));
        }
        if section.severity.as_deref() != Some(info.severity.as_str()) {
            problems.push(format!(
                "{}: severity line says {:?}, the rule is {}",
                info.code,
                section.severity,
                info.severity.as_str()
            ));
        }
        if !section.has_example {
            problems.push(format!("{}: no ```yaml example", info.code));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_section_for_an_unknown_code() {
    let known: Vec<&str> = REGISTRY.iter().map(|r| r.info().code).collect();
    let unknown: Vec<String> = sections()
        .into_keys()
        .filter(|code| {
            let loader = ["SP001", "SP002", "SP003"].contains(&code.as_str());
            // Plan rules (SP3xx) are documented here but registered with `plan`.
            let plan = code.len() == 5 && code.starts_with("SP3");
            !(known.contains(&code.as_str()) || loader || plan)
        })
        .collect();
    assert!(
        unknown.is_empty(),
        "sections for unknown codes: {unknown:?}"
    );
}

#[test]
fn loader_codes_are_documented() {
    let docs = sections();
    for (code, severity) in [("SP001", "error"), ("SP002", "error"), ("SP003", "warning")] {
        let section = docs
            .get(code)
            .unwrap_or_else(|| panic!("{code} has no section"));
        assert_eq!(section.severity.as_deref(), Some(severity), "{code}");
        assert!(section.has_example, "{code} has no example");
    }
}

#[test]
fn registry_is_in_code_order_with_unique_codes() {
    let codes: Vec<&str> = REGISTRY.iter().map(|r| r.info().code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
}
