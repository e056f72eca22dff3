//! The accounts of a spec tree: one-line JSON for a CI matrix, or a short table.

use std::fmt::Write;

use serde_json::json;

use crate::ops::specs::AccountFiles;

/// Version of the `accounts` JSON document.
pub const FORMAT_VERSION: u32 = 1;

/// `{"format_version": 1, "include": [...]}` on one line, so a CI step can put it
/// into an output (`echo "matrix=$(smartplus accounts)" >> "$GITHUB_OUTPUT"`).
pub fn json(accounts: &[AccountFiles]) -> String {
    let include: Vec<serde_json::Value> = accounts
        .iter()
        .map(|a| {
            let mut entry = json!({
                "advertiser_id": a.advertiser_id,
                "files": a.files.iter().map(|f| f.to_string_lossy()).collect::<Vec<_>>(),
                "campaigns": a.campaigns,
            });
            if let Some(currency) = &a.currency {
                entry["currency"] = json!(currency);
            }
            entry
        })
        .collect();
    json!({"format_version": FORMAT_VERSION, "include": include}).to_string()
}

/// One line per account, then its files.
pub fn human(accounts: &[AccountFiles]) -> String {
    let mut out = format!(
        "{} account{}\n",
        accounts.len(),
        if accounts.len() == 1 { "" } else { "s" }
    );
    for a in accounts {
        let _ = writeln!(
            out,
            "\n{}  {} campaign{} in {} file{}{}",
            a.advertiser_id,
            a.campaigns,
            if a.campaigns == 1 { "" } else { "s" },
            a.files.len(),
            if a.files.len() == 1 { "" } else { "s" },
            a.currency
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default()
        );
        for f in &a.files {
            let _ = writeln!(out, "  {}", f.display());
        }
    }
    out
}
