//! Plan rendering: human (Terraform-style markers, readable without colour),
//! JSON (see docs/cli.md) and Markdown for pull-request comments.

use std::fmt::Write;

use serde_json::{Value, json};

use super::text;
use crate::plan::model::{Action, Change, Finding, Plan, SpendTotals};
use crate::plan::resolve::{self, Names};
use crate::plan::saved::TargetLabel;
use crate::spec::Severity;

pub const FORMAT_VERSION: u32 = 1;

/// A wire-or-spec value in short form: strings bare (made safe for the terminal),
/// lists inline.
pub fn value(v: &Value) -> String {
    match v {
        Value::String(s) => text::line(s).into_owned(),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(value).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", text::line(k), value(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        other => other.to_string(),
    }
}

/// Destructive and replacing changes first, then the rest in tree order.
fn ordered(plan: &Plan) -> Vec<&Change> {
    let mut v: Vec<&Change> = plan
        .changes
        .iter()
        .filter(|c| c.action != Action::Unchanged)
        .collect();
    v.sort_by_key(|c| match c.action {
        Action::Delete | Action::Replace => 0,
        Action::Pause => 1,
        _ => 2,
    });
    v
}

fn headline(c: &Change) -> String {
    let id =
        c.id.as_ref()
            .map(|i| format!(" (id {i})"))
            .unwrap_or_default();
    let what = c.kind.label();
    let verb = match c.action {
        Action::Create => "will be created",
        Action::Update => "will be updated in place",
        Action::Replace => "must be replaced",
        Action::Delete => "will be deleted",
        Action::Pause => "will be paused",
        Action::Unchanged => "is unchanged",
    };
    let within = match c.kind {
        crate::plan::Kind::Campaign => String::new(),
        _ => format!(" in campaign `{}`", text::line(&c.campaign)),
    };
    format!(
        "{} {what} `{}`{id}{within} {verb}",
        c.action.marker(),
        text::line(&c.name)
    )
}

/// A field's value, with the name of each id the plan knows: `"Shop pixel" (7100…)`.
fn named_value(c: &Change, path: &str, v: &Value, names: &Names) -> String {
    let Some(kind) = resolve::kind_of_path(c.kind, path) else {
        return value(v);
    };
    let one = |v: &Value| match v
        .as_str()
        .and_then(|id| names.label(kind, id).map(|l| (id, l)))
    {
        Some((id, label)) => format!("\"{}\" ({})", text::line(label), text::line(id)),
        None => value(v),
    };
    match v {
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(one).collect();
            format!("[{}]", inner.join(", "))
        }
        other => one(other),
    }
}

fn field_lines(c: &Change, names: &Names, indent: &str) -> String {
    let mut out = String::new();
    let value = |v: &Value, path: &str| named_value(c, path, v, names);
    for f in &c.fields {
        let line = match (&f.old, &f.new) {
            (None, Some(new)) => format!("+ {}: {}", f.path, value(new, &f.path)),
            (Some(old), None) => format!("- {}: {}", f.path, value(old, &f.path)),
            (Some(old), Some(new)) => format!(
                "~ {}: {} → {}",
                f.path,
                value(old, &f.path),
                value(new, &f.path)
            ),
            (None, None) => continue,
        };
        let mut notes = Vec::new();
        if f.forces_replace {
            notes.push("forces replacement".to_string());
        }
        if let Some(n) = &f.note {
            notes.push(text::line(n).into_owned());
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  # {}", notes.join("; "))
        };
        let portfolio = match (&c.portfolio, f.path.as_str()) {
            (Some(_), "call_to_action_portfolio") => "  # its portfolio is made first",
            _ => "",
        };
        let _ = writeln!(out, "{indent}{line}{notes}{portfolio}");
    }
    out
}

/// The CTA portfolios apply makes, one line each.
fn portfolio_lines(plan: &Plan, indent: &str) -> String {
    let mut out = String::new();
    for p in &plan.portfolios {
        let calls: Vec<String> = p
            .calls_to_action
            .iter()
            .map(|c| {
                crate::spec::Open::<crate::spec::enums::CallToAction>::from_wire(c)
                    .map_or_else(|| text::line(c).into_owned(), |o| o.yaml().to_owned())
            })
            .collect();
        let _ = writeln!(
            out,
            "{indent}+ CTA portfolio [{}] will be created (unless one appears first)",
            calls.join(", ")
        );
    }
    out
}

/// Each name the plan resolved, and what it stands for.
fn names_lines(plan: &Plan, indent: &str) -> String {
    let mut out = String::new();
    for r in &plan.names.resolved {
        let _ = writeln!(
            out,
            "{indent}{} \"{}\" → {}",
            r.kind,
            text::line(&r.written),
            text::line(&r.id)
        );
    }
    out
}

fn finding_line(f: &Finding, indent: &str) -> String {
    let mut s = format!(
        "{indent}{}[{}]: {}\n",
        f.severity.as_str(),
        f.code,
        text::line(&f.message)
    );
    if let Some(h) = &f.help {
        let _ = writeln!(s, "{indent}  help: {}", text::line(h));
    }
    s
}

fn money_pair(before: &SpendTotals, after: &SpendTotals) -> String {
    let part = |a: &crate::spec::Money, b: &crate::spec::Money| {
        if a == b {
            format!("{b}")
        } else {
            format!("{a} → {b}")
        }
    };
    format!(
        "daily {}, total {}{}",
        part(&before.daily, &after.daily),
        part(&before.total, &after.total),
        if after.uncapped { " (no cap)" } else { "" }
    )
}

pub fn summary_line(plan: &Plan) -> String {
    let s = plan.summary();
    let uploads = match plan.media.uploads.len() {
        0 => String::new(),
        n => format!("{n} to upload, "),
    };
    format!(
        "Plan: {uploads}{} to create, {} to update, {} to replace, {} to pause, {} to delete, {} unchanged.",
        s.create, s.update, s.replace, s.pause, s.delete, s.unchanged
    )
}

/// A file size as people read it: `12.4 MB`, `830 kB`, `512 bytes`.
pub fn bytes(n: u64) -> String {
    let f = n as f64;
    match n {
        0..1_000 => format!("{n} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", f / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", f / 1e6),
        _ => format!("{:.1} GB", f / 1e9),
    }
}

/// `+ upload video campaigns/assets/hero.mp4 (12.4 MB)`, and why when a lock file
/// had it.
fn upload_lines(plan: &Plan, indent: &str) -> String {
    let mut out = String::new();
    for u in &plan.media.uploads {
        let _ = writeln!(
            out,
            "{indent}+ upload {} {} ({})",
            u.kind.as_str(),
            text::line(&u.path.display().to_string()),
            bytes(u.size)
        );
        if let Some(old) = &u.replaces {
            let _ = writeln!(
                out,
                "{indent}    locked as {}, which is no longer in the account",
                text::line(old)
            );
        }
    }
    out
}

/// The human plan.
pub fn human(plan: &Plan, target: &TargetLabel) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", text::line(&target.describe(&plan.advertiser_id)));
    let _ = writeln!(out);
    if !plan.names.resolved.is_empty() {
        let _ = writeln!(out, "Names resolved:");
        out.push_str(&names_lines(plan, "  "));
        let _ = writeln!(out);
    }
    let changes = ordered(plan);
    let uploads = !plan.media.uploads.is_empty();
    if changes.is_empty() && !uploads && plan.findings.is_empty() {
        let _ = writeln!(out, "No changes: the account matches the spec.");
    } else if changes.is_empty() && !uploads {
        let _ = writeln!(
            out,
            "No changes can be planned until the problems below are resolved."
        );
    } else {
        let _ = writeln!(out, "smartplus will make these changes:");
        if !plan.portfolios.is_empty() {
            let _ = writeln!(out);
            out.push_str(&portfolio_lines(plan, "  "));
        }
        if uploads {
            let _ = writeln!(out);
            out.push_str(&upload_lines(plan, "  "));
        }
        for c in changes {
            let _ = writeln!(out);
            let _ = writeln!(out, "  {}", headline(c));
            out.push_str(&field_lines(c, &plan.names, "      "));
            for f in &c.findings {
                out.push_str(&finding_line(f, "    "));
            }
        }
    }
    if !plan.findings.is_empty() {
        let _ = writeln!(out);
        for f in &plan.findings {
            out.push_str(&finding_line(f, ""));
        }
    }
    if !plan.spend.campaigns.is_empty() {
        let _ = writeln!(out);
        let currency = plan.spend.currency.as_deref().unwrap_or("account currency");
        let _ = writeln!(out, "Budgets ({}):", text::line(currency));
        let names: Vec<_> = plan
            .spend
            .campaigns
            .iter()
            .map(|c| text::line(&c.name))
            .collect();
        let width = names
            .iter()
            .map(|n| n.chars().count())
            .max()
            .unwrap_or(0)
            .max(7);
        for (c, name) in plan.spend.campaigns.iter().zip(&names) {
            let _ = writeln!(out, "  {name:width$}  {}", money_pair(&c.before, &c.after));
        }
        let _ = writeln!(
            out,
            "  {:width$}  {}",
            "account",
            money_pair(&plan.spend.account_before, &plan.spend.account)
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", summary_line(plan));
    if plan.refused() {
        let n = plan
            .all_findings()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let _ = writeln!(
            out,
            "Refused: {n} {} above must be resolved before this plan can be applied.",
            if n == 1 { "problem" } else { "problems" }
        );
    }
    out
}

fn totals_json(t: &SpendTotals) -> Value {
    json!({ "daily": t.daily.to_string(), "total": t.total.to_string(), "uncapped": t.uncapped })
}

/// The `target` object of a JSON document: `api_url` or `sandbox`, and
/// `advertiser_id`.
pub fn target_json(target: &TargetLabel, advertiser_id: &str) -> Value {
    let mut target_obj = serde_json::Map::new();
    match target {
        TargetLabel::Api(url) => {
            target_obj.insert("api_url".into(), json!(url));
        }
        TargetLabel::Sandbox(path) => {
            target_obj.insert("sandbox".into(), json!(path));
        }
    }
    target_obj.insert("advertiser_id".into(), json!(advertiser_id));
    Value::Object(target_obj)
}

/// The `plan --format json` document.
pub fn json(plan: &Plan, target: &TargetLabel) -> Value {
    let target_obj = target_json(target, &plan.advertiser_id);
    let changes: Vec<Value> = ordered(plan)
        .into_iter()
        .map(|c| {
            let by = |sev: Severity| -> Vec<Value> {
                c.findings
                    .iter()
                    .filter(|f| f.severity == sev)
                    .map(|f| json!({"code": f.code, "message": f.message, "help": f.help}))
                    .collect()
            };
            let mut o = json!({
                "action": c.action.as_str(),
                "kind": c.kind,
                "name": c.name,
                "campaign": c.campaign,
                "fields": c.fields,
                "warnings": by(Severity::Warning),
                "errors": by(Severity::Error),
            });
            if let (Some(id), Some(map)) = (&c.id, o.as_object_mut()) {
                map.insert("id".into(), json!(id));
            }
            o
        })
        .collect();
    let spend: Vec<Value> = plan
        .spend
        .campaigns
        .iter()
        .map(|c| json!({"name": c.name, "before": totals_json(&c.before), "after": totals_json(&c.after)}))
        .collect();
    let uploads: Vec<Value> = plan
        .media
        .uploads
        .iter()
        .map(|u| {
            json!({
                "kind": u.kind,
                "path": u.path,
                "size": u.size,
                "sha256": u.sha256,
                "file_name": u.file_name,
                "replaces": u.replaces,
            })
        })
        .collect();
    let mut doc = json!({
        "format_version": FORMAT_VERSION,
        "target": target_obj,
        "summary": plan.summary(),
        "changes": changes,
        "findings": plan.findings,
        "names": {"resolved": plan.names.resolved, "labels": plan.names.labels},
        "portfolios": plan.portfolios,
        "refused": plan.refused(),
        "spend": {
            "currency": plan.spend.currency,
            "campaigns": spend,
            "account": {"before": totals_json(&plan.spend.account_before), "after": totals_json(&plan.spend.account)},
        },
    });
    // Only plans with uploads have the key: older readers see what they always saw.
    if let (false, Some(map)) = (uploads.is_empty(), doc.as_object_mut()) {
        map.insert("uploads".into(), Value::Array(uploads));
    }
    doc
}

/// The plan as a pull-request comment.
pub fn markdown(plan: &Plan, target: &TargetLabel) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### smartplus plan");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "`{}`",
        text::line(&target.describe(&plan.advertiser_id))
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "**{}**", summary_line(plan));
    if plan.refused() {
        let _ = writeln!(out);
        let _ = writeln!(out, "> [!CAUTION]");
        let _ = writeln!(
            out,
            "> This plan is refused: resolve the errors below before merging."
        );
    }
    if !plan.media.uploads.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Uploads, before the ads that use them:");
        let _ = writeln!(out);
        for u in &plan.media.uploads {
            let _ = writeln!(
                out,
                "- `+` {} {} ({})",
                u.kind.as_str(),
                text::md(&u.path.display().to_string()),
                bytes(u.size)
            );
        }
    }
    let changes = ordered(plan);
    if !changes.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "| | kind | name | campaign | fields |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for c in &changes {
            // The pause marker `||` needs its pipes escaped, even in a code span.
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                text::md_message(&format!("`{}`", c.action.marker())),
                c.kind.label(),
                text::md(&c.name),
                text::md(&c.campaign),
                c.fields.len()
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "<details><summary>Details</summary>");
        let _ = writeln!(out);
        // Names are in the block: its fence is longer than any backticks they hold.
        let mut body = String::new();
        body.push_str(&portfolio_lines(plan, ""));
        for c in &changes {
            let _ = writeln!(body, "{}", headline(c));
            body.push_str(&field_lines(c, &plan.names, "    "));
            for f in &c.findings {
                body.push_str(&finding_line(f, "  "));
            }
        }
        let fence = text::fence(&body);
        let _ = writeln!(out, "{fence}diff");
        out.push_str(&body);
        let _ = writeln!(out, "{fence}");
        let _ = writeln!(out);
        let _ = writeln!(out, "</details>");
    }
    if !plan.names.resolved.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "<details><summary>Names resolved</summary>");
        let _ = writeln!(out);
        let body = names_lines(plan, "");
        let fence = text::fence(&body);
        let _ = writeln!(out, "{fence}text");
        out.push_str(&body);
        let _ = writeln!(out, "{fence}");
        let _ = writeln!(out);
        let _ = writeln!(out, "</details>");
    }
    let findings: Vec<&Finding> = plan.all_findings().collect();
    if !findings.is_empty() {
        let _ = writeln!(out);
        for f in findings {
            let icon = if f.severity == Severity::Error {
                "❌"
            } else {
                "⚠️"
            };
            let _ = writeln!(
                out,
                "- {icon} **{}** {}",
                f.code,
                text::md_message(&f.message)
            );
        }
    }
    if !plan.spend.campaigns.is_empty() {
        let _ = writeln!(out);
        let currency = plan.spend.currency.as_deref().unwrap_or("account currency");
        let _ = writeln!(out, "| campaign | budgets ({}) |", text::md(currency));
        let _ = writeln!(out, "|---|---|");
        for c in &plan.spend.campaigns {
            let _ = writeln!(
                out,
                "| {} | {} |",
                text::md(&c.name),
                money_pair(&c.before, &c.after)
            );
        }
        let _ = writeln!(
            out,
            "| **account** | {} |",
            money_pair(&plan.spend.account_before, &plan.spend.account)
        );
    }
    out
}
