//! Every example under `campaigns/` is a valid spec: the real binary finds no error.

use std::path::{Path, PathBuf};

use crate::harness::{root, smartplus};

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("campaigns"))
        .expect("campaigns/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

fn validate_json(path: &Path) -> (Option<i32>, serde_json::Value) {
    let out = smartplus()
        .args(["--no-color", "validate", "--format", "json"])
        .arg(path)
        .output()
        .expect("run smartplus");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: output is not JSON ({e}); stderr: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), doc)
}

#[test]
fn every_example_validates_without_errors() {
    let files = examples();
    assert!(
        files.len() >= 4,
        "expected at least four examples, found {files:?}"
    );
    let mut failures = Vec::new();
    for path in &files {
        let (code, doc) = validate_json(path);
        let errors = doc["summary"]["errors"].as_u64();
        if code != Some(0) || errors != Some(0) {
            failures.push(format!(
                "{}: exit {code:?}, {errors:?} errors: {}",
                path.display(),
                serde_json::to_string_pretty(&doc["diagnostics"]).unwrap_or_default()
            ));
        }
        if doc["summary"]["campaigns"].as_u64().unwrap_or(0) == 0 {
            failures.push(format!("{}: no campaigns", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_examples_directory_validates_as_a_whole() {
    // What CI runs: the default directory in one go.
    let (code, doc) = validate_json(Path::new("campaigns"));
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(doc["summary"]["errors"], 0, "{doc:#}");
    assert_eq!(
        doc["summary"]["files"].as_u64(),
        Some(examples().len() as u64),
        "{doc:#}"
    );
}

#[test]
fn the_examples_cover_every_objective() {
    let mut seen = std::collections::BTreeSet::new();
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("read example");
        let spec = smartplus::spec::load::parse_str(&text)
            .unwrap_or_else(|d| panic!("{}: {}", path.display(), d.message));
        for campaign in spec.campaigns.iter() {
            seen.insert(campaign.objective.yaml());
        }
    }
    for objective in ["web_conversions", "app_promotion", "lead_generation"] {
        assert!(seen.contains(objective), "no example for `{objective}`");
    }
}
