//! Every example spec in `campaigns/` applies cleanly to a fresh account and then
//! plans to no changes: what apply sends is what plan expects to read back.

use std::path::{Path, PathBuf};

use crate::harness::*;

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("campaigns");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("campaigns/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

/// The spec's top-level `currency:`, so the emulator account matches it.
fn currency(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix("currency:"))
        .map(|c| c.trim().trim_matches('"').to_string())
}

#[test]
fn every_example_converges_after_apply() {
    let files = examples();
    assert!(!files.is_empty(), "no example specs in campaigns/");
    for path in files {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("read example");
        let mut config = Emu::config();
        if let Some(c) = currency(&text) {
            config.currency = c;
        }
        let emu = Emu::with(config);
        let w = Workdir::new();
        w.write(&name, &text);

        let apply = w.run(&emu, &["apply", "--auto-approve"]);
        assert_eq!(
            code(&apply),
            0,
            "{name}: apply failed\n{}{}",
            stdout(&apply),
            stderr(&apply)
        );
        assert!(
            stderr(&apply).contains("Apply complete"),
            "{name}: {}",
            stderr(&apply)
        );
        let plan = w.run(&emu, &["plan", "--detailed-exitcode"]);
        assert_eq!(
            code(&plan),
            0,
            "{name}: changes remain after apply\n{}{}",
            stdout(&plan),
            stderr(&plan)
        );
    }
}
