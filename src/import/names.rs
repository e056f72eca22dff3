//! File names for imported campaigns, and the schema hint's path.

use std::collections::BTreeSet;
use std::path::{Component, Path};

/// Longest slug kept from a campaign name (before a uniqueness suffix).
const MAX_SLUG: usize = 60;

/// `Spring sale - US (2026)` → `spring-sale-us-2026`; ASCII letters and digits only,
/// so the name works on every file system and in every shell.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > MAX_SLUG {
        out.truncate(MAX_SLUG);
        out = out.trim_end_matches('-').to_string();
    }
    out
}

/// Whether Windows reserves a file name with this stem (`con.yaml` cannot be
/// created there, whatever the extension). Other common systems reserve no name a
/// slug can spell.
fn reserved(slug: &str) -> bool {
    matches!(slug, "con" | "prn" | "aux" | "nul")
        || (slug.len() == 4
            && (slug.starts_with("com") || slug.starts_with("lpt"))
            && slug.as_bytes()[3].is_ascii_digit())
}

/// One file name per campaign (`(id, name)`, in order): the slug of its name, the id
/// when the name has no letters or digits, `-campaign` after a name an OS reserves,
/// and `-2`, `-3`… when a slug repeats.
pub fn file_names(campaigns: &[(&str, &str)]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    campaigns
        .iter()
        .map(|(id, name)| {
            let base = match slug(name) {
                s if s.is_empty() => format!("campaign-{id}"),
                s if reserved(&s) => format!("{s}-campaign"),
                s => s,
            };
            let mut candidate = base.clone();
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            format!("{candidate}.yaml")
        })
        .collect()
}

/// Where `smartplus.schema.json` at the working directory is, seen from a file in
/// `out_dir` (as yaml-language-server resolves it: relative to the file). Always a
/// relative path, so the file means the same on every machine; empty (no hint
/// written) when there is none, as between two Windows drives.
pub fn schema_hint(out_dir: &Path, cwd: &Path) -> String {
    const SCHEMA: &str = "smartplus.schema.json";
    let (Some(from), Some(to)) = (lexical(&cwd.join(out_dir)), lexical(cwd)) else {
        return String::new();
    };
    // Different roots (`C:` and `D:`): no relative path.
    if from.first() != to.first() {
        return String::new();
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    parts.push(SCHEMA.to_string());
    parts.join("/")
}

/// An absolute path's parts, its root first, with `.` and `..` worked out; `None`
/// for a path that climbs above its root or is not absolute.
fn lexical(path: &Path) -> Option<Vec<String>> {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            Component::RootDir => parts.push(String::from("/")),
            Component::CurDir => {}
            Component::ParentDir => {
                // Never above the root.
                if parts.len() <= 1 || parts.last().is_some_and(|p| p == "/") {
                    return None;
                }
                parts.pop();
            }
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
        }
    }
    path.is_absolute().then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn slugs_are_lowercase_ascii_words() {
        assert_eq!(
            slug("Spring sale - US prospecting"),
            "spring-sale-us-prospecting"
        );
        assert_eq!(slug("  Q3/2026: Retargeting!! "), "q3-2026-retargeting");
        assert_eq!(slug("Café Crème"), "caf-cr-me");
        assert_eq!(slug("春のセール"), "");
        assert_eq!(slug(&"ab ".repeat(40)).len(), 59);
    }

    #[test]
    fn file_names_are_unique() {
        let names = file_names(&[
            ("1", "Sale"),
            ("2", "sale!"),
            ("3", "春"),
            ("4", "Sale 2"),
            ("5", "SALE"),
        ]);
        assert_eq!(
            names,
            [
                "sale.yaml",
                "sale-2.yaml",
                "campaign-3.yaml",
                "sale-2-2.yaml",
                "sale-3.yaml"
            ]
        );
    }

    #[test]
    fn names_reserved_on_windows_are_avoided() {
        let names = file_names(&[
            ("1", "CON"),
            ("2", "nul"),
            ("3", "Com1"),
            ("4", "LPT9"),
            ("5", "console"),
            ("6", "com10"),
            ("7", "con!"),
        ]);
        assert_eq!(
            names,
            [
                "con-campaign.yaml",
                "nul-campaign.yaml",
                "com1-campaign.yaml",
                "lpt9-campaign.yaml",
                "console.yaml",
                "com10.yaml",
                "con-campaign-2.yaml",
            ]
        );
    }

    #[test]
    fn schema_hint_is_relative_to_the_file() {
        let cwd = PathBuf::from("/repo");
        let hint = |d: &str| schema_hint(Path::new(d), &cwd);
        assert_eq!(hint("campaigns"), "../smartplus.schema.json");
        assert_eq!(hint("campaigns/"), "../smartplus.schema.json");
        assert_eq!(hint("specs/imported"), "../../smartplus.schema.json");
        assert_eq!(hint("."), "smartplus.schema.json");
        assert_eq!(hint("/repo/campaigns"), "../smartplus.schema.json");
        // Never an absolute, machine-specific path (#15).
        assert_eq!(hint("/elsewhere/x"), "../../repo/smartplus.schema.json");
        assert_eq!(hint("../x"), "../repo/smartplus.schema.json");
        assert_eq!(hint("/repo/a/../b"), "../smartplus.schema.json");
    }
}
