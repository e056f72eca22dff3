//! `smartplus schema` is the JSON Schema editors use (yaml-language-server): it must be
//! draft-07, accept every example spec and the documented example, and refuse what the
//! parser refuses, so that an editor never flags a good file or passes a bad key.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::harness::{fixtures, root, smartplus};

const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

fn schema() -> Value {
    let out = smartplus()
        .arg("schema")
        .output()
        .expect("run smartplus schema");
    assert!(
        out.status.success(),
        "smartplus schema failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("smartplus schema prints JSON")
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::new(schema).expect("the schema compiles as draft-07")
}

/// Every schema error for one document, as `path: message` lines.
fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// YAML as editors see it: anchors, aliases and merge keys resolved.
fn yaml(text: &str) -> Value {
    serde_saphyr::from_str::<Value>(text).expect("YAML parses")
}

fn spec_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read campaigns/") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            spec_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}

fn example_spec() -> String {
    std::fs::read_to_string(fixtures().join("web-cbo-automatic.yaml"))
        .expect("read tests/fixtures/specs/web-cbo-automatic.yaml")
}

/// The YAML block after `<!-- example: complete -->` in docs/spec.md.
fn documented_example() -> String {
    let doc = std::fs::read_to_string(root().join("docs/spec.md")).expect("read docs/spec.md");
    let (_, after) = doc
        .split_once("<!-- example: complete -->")
        .expect("docs/spec.md marks its complete example");
    let (_, block) = after
        .split_once("```yaml\n")
        .expect("a yaml block follows the marker");
    let (yaml, _) = block.split_once("\n```").expect("the yaml block is closed");
    yaml.to_string()
}

#[test]
fn schema_is_draft_07() {
    let schema = schema();
    assert_eq!(schema["$schema"], json!(DRAFT_07));
    assert_eq!(schema["type"], json!("object"));
    // Well-formed against the draft-07 meta-schema, not just a JSON object.
    if let Err(e) = jsonschema::draft7::meta::validate(&schema) {
        panic!("not a valid draft-07 schema: {e}");
    }
}

#[test]
fn every_example_spec_matches_the_schema() {
    let schema = schema();
    let validator = validator(&schema);
    let mut files = Vec::new();
    spec_files(&root().join("campaigns"), &mut files);
    assert!(!files.is_empty(), "campaigns/ holds no spec files");
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read spec");
        let doc = yaml(&text);
        for e in errors(&validator, &doc) {
            problems.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "schema rejects example specs:\n{}",
        problems.join("\n")
    );
}

#[test]
fn documented_example_parses_and_matches_the_schema() {
    let text = documented_example();
    if let Err(d) = smartplus::spec::load::parse_str(&text) {
        panic!(
            "docs/spec.md example does not parse: {} at {}:{}",
            d.message, d.pos.line, d.pos.column
        );
    }
    let validator = validator(&schema());
    let problems = errors(&validator, &yaml(&text));
    assert!(
        problems.is_empty(),
        "schema rejects the docs/spec.md example:\n{}",
        problems.join("\n")
    );
}

#[test]
fn documented_example_passes_every_rule() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("example.yaml");
    std::fs::write(&file, documented_example()).expect("write example");
    let out = smartplus()
        .args(["--no-color", "validate", "--deny-warnings"])
        .arg(&file)
        .output()
        .expect("run smartplus validate");
    assert!(
        out.status.success(),
        "docs/spec.md example fails validate:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn merge_keys_are_resolved_before_schema_checks() {
    // The example spec uses `<<: *purchase`; a `<<` key left in place would be refused
    // by `additionalProperties: false`, so this guards the premise of the test above.
    let doc = yaml(&example_spec());
    let optimization = &doc["campaigns"][0]["ad_groups"][1]["optimization"];
    assert_eq!(optimization["goal"], json!("convert"));
    assert!(optimization.get("<<").is_none());
}

#[test]
fn unknown_top_level_key_is_rejected() {
    let schema = schema();
    assert_eq!(schema["additionalProperties"], json!(false));
    let validator = validator(&schema);
    let mut doc = yaml(&example_spec());
    doc.as_object_mut()
        .expect("a spec is a mapping")
        .insert("campaign".into(), json!([]));
    let problems = errors(&validator, &doc);
    assert!(
        problems.iter().any(|p| p.contains("campaign")),
        "a misspelt top-level key passed the schema: {problems:?}"
    );
}

#[test]
fn unknown_nested_key_and_bad_value_are_rejected() {
    let validator = validator(&schema());
    let mut doc = yaml(&example_spec());
    doc["campaigns"][0]["objectiv"] = json!("web_conversions");
    assert!(
        !errors(&validator, &doc).is_empty(),
        "unknown campaign key passed"
    );

    let mut doc = yaml(&example_spec());
    doc["campaigns"][0]["objective"] = json!("web_conversion");
    assert!(
        !errors(&validator, &doc).is_empty(),
        "misspelt objective passed"
    );

    let mut doc = yaml(&example_spec());
    doc["campaigns"][0]["ad_groups"][0]["placements"] = json!(["tiktok", "instagram"]);
    assert!(
        !errors(&validator, &doc).is_empty(),
        "unknown placement passed"
    );

    let mut doc = yaml(&example_spec());
    doc["campaigns"][0]["ad_groups"][0]["placements"] = json!("automatic");
    assert_eq!(
        errors(&validator, &doc),
        Vec::<String>::new(),
        "`automatic` refused"
    );
}
