//! The invalid corpus: every file under `tests/corpus/invalid/` names the findings it
//! must produce on its first lines (`# expect: SP123 LINE:COL`). The real binary must
//! report exactly those, with the right exit code, and its human report is snapshotted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use smartplus::spec::Severity;

use crate::harness::{root, smartplus};

const CORPUS: &str = "tests/corpus/invalid";

/// Corpus files as paths relative to the crate root, sorted.
fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(CORPUS))
        .expect("corpus directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| Path::new(CORPUS).join(p.file_name().expect("name")))
        .collect();
    files.sort();
    files
}

type Finding = (String, u64, u64);

/// The `# expect:` header lines of a corpus file.
fn expectations(path: &Path) -> BTreeSet<Finding> {
    let bytes = std::fs::read(root().join(path)).expect("read corpus file");
    let mut out = BTreeSet::new();
    for line in bytes.split(|b| *b == b'\n') {
        let Some(rest) = line.strip_prefix(b"# expect: ") else {
            break;
        };
        let rest = std::str::from_utf8(rest).expect("utf-8 header");
        let (code, at) = rest.trim().split_once(' ').expect("`CODE LINE:COL`");
        let (l, c) = at.split_once(':').expect("`LINE:COL`");
        out.insert((
            code.to_string(),
            l.parse().expect("line"),
            c.parse().expect("column"),
        ));
    }
    out
}

/// `smartplus ARGS` from the crate root, where the corpus paths are relative to.
fn run(args: &[&str]) -> std::process::Output {
    smartplus().args(args).output().expect("run smartplus")
}

fn severity(code: &str) -> Severity {
    if code.starts_with("SP0") {
        return Severity::Error;
    }
    smartplus::spec::rules::find(code)
        .unwrap_or_else(|| panic!("expectation names unknown code {code}"))
        .severity
}

#[test]
fn every_corpus_file_reports_exactly_what_it_expects() {
    let mut failures = Vec::new();
    let files = corpus_files();
    assert!(files.len() > 40, "corpus looks empty: {files:?}");
    for path in &files {
        let name = path.to_string_lossy().into_owned();
        let expected = expectations(path);
        if expected.is_empty() {
            failures.push(format!("{name}: no `# expect:` header"));
            continue;
        }
        let out = run(&["--no-color", "validate", &name, "--format", "json"]);
        let doc: serde_json::Value = match serde_json::from_slice(&out.stdout) {
            Ok(doc) => doc,
            Err(e) => {
                failures.push(format!("{name}: output is not JSON ({e})"));
                continue;
            }
        };
        let got: BTreeSet<Finding> = doc["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or_default().to_string(),
                    d["line"].as_u64().unwrap_or_default(),
                    d["column"].as_u64().unwrap_or_default(),
                )
            })
            .collect();
        if got != expected {
            failures.push(format!(
                "{name}:\n  missing {:?}\n  unexpected {:?}",
                expected.difference(&got).collect::<Vec<_>>(),
                got.difference(&expected).collect::<Vec<_>>()
            ));
        }
        let errors = expected
            .iter()
            .any(|(code, _, _)| severity(code) == Severity::Error);
        let code = out.status.code();
        if errors {
            if code != Some(1) {
                failures.push(format!("{name}: exit {code:?}, expected 1 for errors"));
            }
        } else {
            if code != Some(0) {
                failures.push(format!(
                    "{name}: exit {code:?}, expected 0 for warnings only"
                ));
            }
            let denied = run(&["--no-color", "validate", &name, "--deny-warnings"]);
            if denied.status.code() != Some(1) {
                failures.push(format!(
                    "{name}: exit {:?} with --deny-warnings, expected 1",
                    denied.status.code()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_corpus_file() {
    let files: Vec<String> = corpus_files()
        .iter()
        .map(|p| {
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let codes = smartplus::spec::rules::REGISTRY
        .iter()
        .map(|r| r.info().code.to_string())
        .chain(["SP001".to_string(), "SP002".to_string()]);
    let mut missing = Vec::new();
    for code in codes {
        let prefix = format!("{}-", code.to_ascii_lowercase());
        let covered = files.iter().any(|f| f.starts_with(&prefix))
            && corpus_files()
                .iter()
                .any(|p| expectations(p).iter().any(|(c, _, _)| *c == code));
        if !covered {
            missing.push(code);
        }
    }
    assert!(missing.is_empty(), "no corpus file for {missing:?}");
}

#[test]
fn human_reports_are_stable() {
    // One named snapshot per file; every file is checked before the test fails.
    let mut failed = Vec::new();
    for path in corpus_files() {
        let name = path.to_string_lossy().into_owned();
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let out = run(&["--no-color", "validate", &name]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let result = std::panic::catch_unwind(|| {
            insta::with_settings!({ description => format!("smartplus --no-color validate {name}"), omit_expression => true }, {
                insta::assert_snapshot!(stem.clone(), stderr);
            });
        });
        if result.is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "snapshots differ for {failed:?}");
}
