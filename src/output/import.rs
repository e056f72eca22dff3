//! What an import tells the user: a line per event on stderr as it happens, and a
//! summary with tables at the end. Plain text, readable without colour.

use std::fmt::Write;
use std::path::Path;

use super::text;
use crate::import::unmanaged::{self, Unmanaged};
use crate::import::{Candidate, Prepared};
use crate::wire::OtherKind;

/// Longest campaign name shown in a table cell.
const MAX_CELL: usize = 40;
/// Prose is wrapped to the width every report uses.
const WIDTH: usize = super::WIDTH;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A table cell: made safe for the terminal, cut to [`MAX_CELL`] characters.
fn cell(s: &str) -> String {
    let s = text::line(s);
    if s.chars().count() <= MAX_CELL {
        s.into_owned()
    } else {
        let cut: String = s.chars().take(MAX_CELL - 1).collect();
        format!("{cut}…")
    }
}

/// Rows padded to the widest cell of each column (the last column is not padded).
fn table(rows: &[Vec<String>], indent: &str) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from(indent);
        for (i, c) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(c);
            } else {
                let pad = widths[i].saturating_sub(c.chars().count());
                line.push_str(c);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// Prose wrapped at the output width, continuation lines indented by `rest`.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            let _ = writeln!(out, "{line}");
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    let _ = writeln!(out, "{line}");
    out
}

fn campaign_label(c: &Candidate) -> String {
    format!("`{}` (id {})", text::line(&c.name), text::line(&c.id))
}

/// A path made safe for the terminal.
fn path(p: &Path) -> String {
    text::line(&p.display().to_string()).into_owned()
}

/// stderr: a file was written.
pub fn written_line(p: &Path) -> String {
    format!("Wrote `{}`", path(p))
}

/// stderr (warning): a campaign was written without some of its settings.
pub fn partial_warning(c: &Candidate) -> String {
    let mut s = format!(
        "campaign {} imported without {} the spec format cannot express (listed at the top of the file):",
        campaign_label(c),
        plural(c.unsupported.len(), "setting", "settings")
    );
    for u in &c.unsupported {
        let _ = write!(s, "\n  - {}", text::line(u));
    }
    s
}

/// stderr (error): a campaign was not written, and why.
pub fn refused_error(c: &Candidate) -> String {
    let mut s = format!("campaign {} not imported:", campaign_label(c));
    for conflict in &c.conflicts {
        let _ = write!(s, "\n  - {}", text::line(&conflict.to_string()));
    }
    let mut helps: Vec<&str> = c
        .conflicts
        .iter()
        .map(crate::import::build::Conflict::help)
        .collect();
    helps.dedup();
    if !c.unsupported.is_empty() {
        let _ = write!(
            s,
            "\n  the spec format cannot express {} of its settings:",
            c.unsupported.len()
        );
        for u in &c.unsupported {
            let _ = write!(s, "\n  - {}", text::line(u));
        }
        if c.conflicts.is_empty() {
            helps.push(
                "pass --allow-partial to import it without them (they stay as they are in the account)",
            );
        }
    }
    for h in helps {
        let _ = write!(s, "\n  help: {h}");
    }
    s
}

/// stderr (warning): a campaign smartplus cannot manage was skipped.
pub fn unmanaged_warning(u: &Unmanaged) -> String {
    let what = match u.kind {
        OtherKind::LegacySmartPlus => "a legacy Smart+ campaign",
        OtherKind::Manual => "a manual campaign",
    };
    format!(
        "skipped `{}` (id {}): {what}; {}",
        text::line(&u.name),
        text::line(&u.id),
        match u.kind {
            OtherKind::LegacySmartPlus =>
                "recreate it as an Upgraded Smart+ campaign (its settings are in the summary)",
            OtherKind::Manual => "smartplus manages only Smart+ campaigns",
        }
    )
}

/// The unmanaged campaigns under a heading.
pub fn unmanaged_section(list: &[Unmanaged]) -> String {
    format!(
        "Not imported: {} smartplus cannot manage:\n{}",
        plural(list.len(), "campaign", "campaigns"),
        unmanaged_block(list)
    )
}

/// The table of campaigns smartplus cannot manage, why, what to do, and the
/// settings of each legacy campaign with their spec equivalents.
pub fn unmanaged_block(list: &[Unmanaged]) -> String {
    let mut out = String::new();
    let mut rows = vec![vec![
        "campaign".to_string(),
        "kind".into(),
        "status".into(),
        "objective".into(),
        "budget".into(),
        "id".into(),
    ]];
    for u in list {
        rows.push(vec![
            cell(&u.name),
            u.kind_label().into(),
            cell(&u.status),
            cell(&u.objective),
            cell(&u.budget),
            text::line(&u.id).into_owned(),
        ]);
    }
    out.push_str(&table(&rows, "  "));
    let mut kinds: Vec<OtherKind> = list.iter().map(|u| u.kind).collect();
    kinds.sort_by_key(|k| *k == OtherKind::Manual);
    kinds.dedup();
    for k in kinds {
        let label = match k {
            OtherKind::LegacySmartPlus => "legacy Smart+",
            OtherKind::Manual => "manual",
        };
        let _ = writeln!(out);
        out.push_str(&wrap(
            &format!("{label}: {}.", unmanaged::why(k)),
            "  ",
            "    ",
        ));
        out.push_str(&wrap(
            &format!("What to do: {}.", unmanaged::what_to_do(k)),
            "    ",
            "      ",
        ));
    }
    for u in list.iter().filter(|u| !u.settings.is_empty()) {
        let _ = writeln!(out);
        out.push_str(&wrap(
            &format!(
                "Settings of `{}` (id {}) as campaign/get returns them, with the spec equivalent:",
                text::line(&u.name),
                text::line(&u.id)
            ),
            "  ",
            "    ",
        ));
        let rows: Vec<Vec<String>> = u
            .settings
            .iter()
            .map(|s| {
                let mut row = vec![format!("{}: {}", text::line(&s.key), text::line(&s.value))];
                if let Some(spec) = &s.spec {
                    row.push(text::line(spec).into_owned());
                }
                row
            })
            .collect();
        let width = rows
            .iter()
            .filter(|r| r.len() > 1)
            .map(|r| r[0].chars().count())
            .max()
            .unwrap_or(0);
        for r in rows {
            match r.as_slice() {
                [wire, spec] => {
                    let pad = width.saturating_sub(wire.chars().count());
                    let _ = writeln!(out, "    {wire}{}  → {spec}", " ".repeat(pad));
                }
                [wire] => {
                    let _ = writeln!(out, "    {wire}");
                }
                _ => {}
            }
        }
    }
    out
}

/// The summary printed at the end (stdout).
pub fn human(p: &Prepared, out_dir: &Path, target: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{target}");
    let _ = writeln!(out);
    if p.files.is_empty() {
        let _ = writeln!(out, "No spec files written.");
    } else {
        let _ = writeln!(
            out,
            "Imported {} into `{}`:",
            plural(p.files.len(), "campaign", "campaigns"),
            path(out_dir)
        );
        let rows: Vec<Vec<String>> = p
            .files
            .iter()
            .map(|f| {
                let c = &f.campaign;
                let mut what = format!(
                    "{}, {}",
                    plural(c.ad_groups, "ad group", "ad groups"),
                    plural(c.ads, "ad", "ads")
                );
                if !c.unsupported.is_empty() {
                    let _ = write!(
                        what,
                        "; {} left out (--allow-partial)",
                        plural(c.unsupported.len(), "setting", "settings")
                    );
                }
                vec![
                    path(&f.path),
                    cell(&c.name),
                    what,
                    format!("id {}", text::line(&c.id)),
                ]
            })
            .collect();
        out.push_str(&table(&rows, "  "));
    }
    if !p.refused.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Not imported: {} that cannot be written as a spec as it is:",
            plural(p.refused.len(), "campaign", "campaigns")
        );
        let mut helps: Vec<&str> = Vec::new();
        for c in &p.refused {
            let _ = writeln!(out, "  {}", campaign_label(c));
            for conflict in &c.conflicts {
                let _ = writeln!(out, "    - {}", text::line(&conflict.to_string()));
                helps.push(conflict.help());
            }
            for u in &c.unsupported {
                let _ = writeln!(out, "    - not expressible: {}", text::line(u));
            }
        }
        helps.sort_unstable();
        helps.dedup();
        for h in helps {
            out.push_str(&wrap(&format!("{h}."), "  ", "    "));
        }
        if p.refused.iter().any(|c| !c.unsupported.is_empty()) {
            out.push_str(&wrap(
                "Settings the spec format cannot express: pass --allow-partial to import the campaign without them.",
                "  ",
                "    ",
            ));
        }
    }
    if !p.unmanaged.is_empty() {
        let _ = writeln!(out);
        out.push_str(&unmanaged_section(&p.unmanaged));
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Import: {} written, {} refused, {} cannot be managed.",
        p.files.len(),
        p.refused.len(),
        p.unmanaged.len()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_wraps_at_the_report_width() {
        let text = "word ".repeat(40);
        let wrapped = wrap(text.trim(), "  ", "    ");
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH));
        assert!(lines[0].starts_with("  word") && lines[1].starts_with("    word"));
    }

    #[test]
    fn tables_align_and_truncate() {
        let rows = vec![
            vec!["a".to_string(), "bb".into(), "c".into()],
            vec![cell(&"x".repeat(50)), "b".into(), String::new()],
        ];
        let t = table(&rows, "  ");
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], format!("  a{}  bb  c", " ".repeat(39)));
        assert_eq!(lines[1], format!("  {}…  b", "x".repeat(39)));
    }
}
