//! Plan rendering: human (Terraform-style markers, readable without colour),
//! JSON (see docs/cli.md) and Markdown for pull-request comments.

use std::fmt::Write;

use serde_json::{Value, json};

use super::text;
use crate::plan::model::{Action, Change, FieldChange, Finding, Plan, SpendTotals};
use crate::plan::resolve::{self, Names};
use crate::plan::saved::TargetLabel;
use crate::spec::Severity;

pub const FORMAT_VERSION: u32 = 1;

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

/// How a line of the plan is coloured on a terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tone {
    Plain,
    Create,
    Update,
    Replace,
    Delete,
    Pause,
    Error,
    Warning,
}

impl Tone {
    fn of(action: Action) -> Tone {
        match action {
            Action::Create => Tone::Create,
            Action::Update => Tone::Update,
            Action::Replace => Tone::Replace,
            Action::Delete => Tone::Delete,
            Action::Pause => Tone::Pause,
            Action::Unchanged => Tone::Plain,
        }
    }

    fn style(self) -> anstyle::Style {
        use anstyle::{AnsiColor, Style};
        let fg = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
        match self {
            Tone::Plain => Style::new(),
            Tone::Create => fg(AnsiColor::Green),
            Tone::Update | Tone::Warning => fg(AnsiColor::Yellow),
            Tone::Replace => fg(AnsiColor::Magenta),
            Tone::Delete | Tone::Error => fg(AnsiColor::Red),
            Tone::Pause => fg(AnsiColor::Cyan),
        }
    }
}

/// One line of a change's description, before it is laid out for the terminal or for
/// Markdown. `indent` is where the marker goes on a terminal.
#[derive(Clone, Debug)]
struct Row {
    indent: usize,
    /// `+`, `~`, `-`, `-/+`, `||`, or empty for a line that marks nothing.
    marker: &'static str,
    text: String,
    tone: Tone,
    /// Part of the row above (a list item, a wrapped line): the terminal shows no
    /// marker, Markdown repeats it so the whole block is coloured.
    more: bool,
}

impl Row {
    fn new(indent: usize, marker: &'static str, text: String, tone: Tone) -> Row {
        Row {
            indent,
            marker,
            text,
            tone,
            more: false,
        }
    }

    /// Columns before the text on a terminal.
    fn lead(&self) -> usize {
        self.indent
            + if self.marker.is_empty() {
                0
            } else {
                self.marker.chars().count() + 1
            }
    }
}

/// Splits rows longer than `width` columns at spaces (a word longer than a line is cut),
/// continuing 4 columns further in.
fn wrap(rows: Vec<Row>, width: usize) -> Vec<Row> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if row.lead() + text::width(&row.text) <= width {
            out.push(row);
            continue;
        }
        // Leading spaces are part of the layout (a list item's indent): kept.
        let body = row.text.trim_start_matches(' ');
        let pad = " ".repeat(row.text.len() - body.len());
        let room = |first: bool| {
            let lead = row.lead() + pad.len() + if first { 0 } else { 4 };
            width.saturating_sub(lead).max(20)
        };
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in body.split(' ') {
            let mut word = word;
            loop {
                let room = room(lines.is_empty());
                let used = text::width(&line);
                let gap = usize::from(used > 0);
                if used + gap + text::width(word) <= room {
                    if gap > 0 {
                        line.push(' ');
                    }
                    line.push_str(word);
                    break;
                }
                if used > 0 {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                // A word longer than a line (a URL, an id): cut it.
                let (head, rest) = text::split_at_width(word, room);
                lines.push(head.to_string());
                word = rest;
                if word.is_empty() {
                    break;
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        for (i, l) in lines.into_iter().enumerate() {
            out.push(Row {
                text: if i == 0 {
                    format!("{pad}{l}")
                } else {
                    format!("{pad}    {l}")
                },
                more: row.more || i > 0,
                ..row.clone()
            });
        }
    }
    out
}

/// Rows as terminal lines, coloured when asked.
fn terminal(rows: &[Row], color: bool) -> String {
    let mut out = String::new();
    for r in rows {
        let marker = if r.marker.is_empty() {
            String::new()
        } else if r.more {
            " ".repeat(r.marker.chars().count() + 1)
        } else {
            format!("{} ", r.marker)
        };
        let line = format!("{}{marker}{}", " ".repeat(r.indent), r.text);
        let style = r.tone.style();
        if color && r.tone != Tone::Plain {
            let _ = writeln!(out, "{}{line}{}", style.render(), style.render_reset());
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// Rows as the lines of a Markdown `diff` block: the marker in the first column, so
/// GitHub colours them (`~` is written `!`, which it shows as a change).
fn diff_block(rows: &[Row]) -> String {
    let mut out = String::new();
    for r in rows {
        let marker = match r.marker {
            "~" => "!",
            m => m,
        };
        let pad = " ".repeat(r.indent.saturating_sub(2));
        let _ = writeln!(out, "{marker} {pad}{}", r.text);
    }
    out
}

/// What a change is about (``ad `Hero` (id 1)``) and where it is
/// (``in ad group `US broad` of campaign `Spring` ``; nothing for a campaign).
fn subject(c: &Change) -> (String, Option<String>) {
    let id =
        c.id.as_ref()
            .map(|i| format!(" (id {})", text::line(i)))
            .unwrap_or_default();
    let what = format!("{} `{}`{id}", c.kind.label(), text::line(&c.name));
    let place = match (c.kind, &c.ad_group) {
        (crate::plan::Kind::Campaign, _) => None,
        (crate::plan::Kind::Ad, Some(group)) => Some(format!(
            "in ad group `{}` of campaign `{}`",
            text::line(group),
            text::line(&c.campaign)
        )),
        _ => Some(format!("in campaign `{}`", text::line(&c.campaign))),
    };
    (what, place)
}

fn verb(action: Action) -> &'static str {
    match action {
        Action::Create => "will be created",
        Action::Update => "will be updated in place",
        Action::Replace => "must be replaced",
        Action::Delete => "will be deleted",
        Action::Pause => "will be paused",
        Action::Unchanged => "is unchanged",
    }
}

/// The change's first line, and where the object is on a line of its own when both
/// do not fit on one.
fn headline(c: &Change, width: usize) -> Vec<Row> {
    let (what, place) = subject(c);
    let tone = Tone::of(c.action);
    let whole = match &place {
        Some(p) => format!("{what} {p} {}", verb(c.action)),
        None => format!("{what} {}", verb(c.action)),
    };
    let row = Row::new(2, c.action.marker(), whole, tone);
    match place {
        Some(p) if row.lead() + text::width(&row.text) > width => vec![
            Row::new(
                2,
                c.action.marker(),
                format!("{what} {}", verb(c.action)),
                tone,
            ),
            Row {
                more: true,
                ..Row::new(2, c.action.marker(), format!("  {p}"), tone)
            },
        ],
        _ => vec![row],
    }
}

/// Whether a field holds a time (shown in the spec's zone).
fn is_time(path: &str) -> bool {
    matches!(path, "schedule.start" | "schedule.end")
}

/// A value on one line: text made safe for the terminal, times in the change's zone.
fn scalar(v: &Value, path: &str, zone: Option<&str>) -> String {
    match v {
        Value::String(s) if is_time(path) => crate::spec::schedule::parse_wire_time(s).map_or_else(
            || text::line(s).into_owned(),
            |t| crate::spec::schedule::shown(t, zone),
        ),
        Value::String(s) => text::line(s).into_owned(),
        Value::Object(_) => item(v),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(item).collect();
            format!("[{}]", inner.join(", "))
        }
        other => other.to_string(),
    }
}

/// One item of a list: a creative in words, anything else as `key: value` pairs.
fn item(v: &Value) -> String {
    let field = |o: &Value, k: &str| o.get(k).map(value);
    match v {
        Value::Object(map) if map.len() == 1 => {
            let (kind, inner) = map.iter().next().map_or(("", v), |(k, x)| (k.as_str(), x));
            match kind {
                "video" => {
                    let id = field(inner, "id").unwrap_or_default();
                    match field(inner, "cover") {
                        Some(cover) => format!("video {id}, cover {cover}"),
                        None => format!("video {id}"),
                    }
                }
                "carousel" => {
                    let images: Vec<String> = inner
                        .get("images")
                        .and_then(Value::as_array)
                        .map(|l| l.iter().map(value).collect())
                        .unwrap_or_default();
                    let music = field(inner, "music")
                        .map(|m| format!(", music {m}"))
                        .unwrap_or_default();
                    format!(
                        "carousel of {} {}: {}{music}",
                        images.len(),
                        if images.len() == 1 { "image" } else { "images" },
                        images.join(", ")
                    )
                }
                "spark_post" => format!("Spark post {}", value(inner)),
                _ => value(v),
            }
        }
        other => value(other),
    }
}

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

/// Lists whose items are shown one per line, whatever their length.
fn one_per_line(path: &str) -> bool {
    path == "creatives"
}

/// An id with the name the plan knows for it: `"Shop pixel" (7100…)`; `None` when
/// the field holds no kind of id the plan names, or the id has no known name.
fn named(c: &Change, path: &str, v: &Value, names: &Names) -> Option<String> {
    let kind = resolve::kind_of_path(c.kind, path)?;
    let id = v.as_str()?;
    let label = names.label(kind, id)?;
    Some(format!("\"{}\" ({})", text::line(label), text::line(id)))
}

/// The rows of one field change: `+ path: value`, `~ path: old → new`, `- path: value`,
/// or the path alone with a list's items below it. Ids the plan knows a name for are
/// shown with it.
fn field_rows(c: &Change, f: &FieldChange, names: &Names, width: usize) -> Vec<Row> {
    const AT: usize = 6;
    let zone = c.time_zone.as_deref();
    let mut notes = Vec::new();
    if f.forces_replace {
        notes.push("forces replacement".to_string());
    }
    if let Some(n) = &f.note {
        notes.push(text::line(n).into_owned());
    }
    if c.portfolio.is_some() && f.path == "call_to_action_portfolio" {
        notes.push("its portfolio is made first".to_string());
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!("  # {}", notes.join("; "))
    };
    let (marker, tone) = match (&f.old, &f.new) {
        (None, Some(_)) => ("+", Tone::Create),
        (Some(_), None) => ("-", Tone::Delete),
        _ => ("~", Tone::Update),
    };
    let path = &f.path;
    let items = |v: &Option<Value>| v.as_ref().and_then(Value::as_array).cloned();
    let (old, new) = (items(&f.old), items(&f.new));
    let one = |v: &Value| named(c, path, v, names).unwrap_or_else(|| item(v));
    let inline = |v: &Value| match v {
        Value::Array(items) if resolve::kind_of_path(c.kind, path).is_some() => {
            let inner: Vec<String> = items.iter().map(one).collect();
            format!("[{}]", inner.join(", "))
        }
        v => named(c, path, v, names).unwrap_or_else(|| scalar(v, path, zone)),
    };
    let single = match (&f.old, &f.new) {
        (None, Some(v)) | (Some(v), None) => format!("{path}: {}{notes}", inline(v)),
        (Some(o), Some(n)) => format!("{path}: {} → {}{notes}", inline(o), inline(n)),
        (None, None) => return Vec::new(),
    };
    let is_list = old.is_some() || new.is_some();
    let fits = AT + 2 + text::width(&single) <= width;
    if !is_list || (fits && !one_per_line(path)) {
        return vec![Row::new(AT, marker, single, tone)];
    }
    // A list, one item per line; for a change, each item says whether it comes or goes.
    let mut rows = vec![Row::new(AT, marker, format!("{path}:{notes}"), tone)];
    let shown: Vec<String> = new.iter().flatten().map(one).collect();
    let before: Vec<String> = old.iter().flatten().map(one).collect();
    match (&f.old, &f.new) {
        (Some(_), Some(_)) => {
            let same_items = {
                let (mut a, mut b) = (shown.clone(), before.clone());
                a.sort();
                b.sort();
                a == b
            };
            if same_items {
                rows[0].text = format!("{path}: in a new order{notes}");
            }
            for gone in before.iter().filter(|b| !shown.contains(b)) {
                rows.push(Row::new(AT + 4, "-", gone.clone(), Tone::Delete));
            }
            for now in &shown {
                if before.contains(now) {
                    // A blank marker: under the text of the items that come and go.
                    rows.push(Row::new(AT + 4, " ", now.clone(), Tone::Plain));
                } else {
                    rows.push(Row::new(AT + 4, "+", now.clone(), Tone::Create));
                }
            }
        }
        _ => {
            for i in if f.new.is_some() { &shown } else { &before } {
                rows.push(Row {
                    more: true,
                    ..Row::new(AT, marker, format!("    {i}"), tone)
                });
            }
        }
    }
    rows
}

fn finding_rows(f: &Finding, indent: usize) -> Vec<Row> {
    let tone = if f.severity == Severity::Error {
        Tone::Error
    } else {
        Tone::Warning
    };
    let mut rows = vec![Row::new(
        indent,
        "",
        format!(
            "{}[{}]: {}",
            f.severity.as_str(),
            f.code,
            text::line(&f.message)
        ),
        tone,
    )];
    if let Some(h) = &f.help {
        rows.push(Row::new(
            indent + 2,
            "",
            format!("help: {}", text::line(h)),
            Tone::Plain,
        ));
    }
    rows
}

/// Every row of one change: its headline, its fields, its findings.
fn change_rows(c: &Change, names: &Names, width: usize) -> Vec<Row> {
    let mut rows = headline(c, width);
    for f in &c.fields {
        rows.extend(field_rows(c, f, names, width));
    }
    for f in &c.findings {
        rows.extend(finding_rows(f, 4));
    }
    wrap(rows, width)
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

/// The CTA portfolios apply makes, one row each.
fn portfolio_rows(plan: &Plan) -> Vec<Row> {
    plan.portfolios
        .iter()
        .map(|p| {
            let calls: Vec<String> = p
                .calls_to_action
                .iter()
                .map(|c| {
                    crate::spec::Open::<crate::spec::enums::CallToAction>::from_wire(c)
                        .map_or_else(|| text::line(c).into_owned(), |o| o.yaml().to_owned())
                })
                .collect();
            let line = format!(
                "CTA portfolio [{}] will be created (unless one appears first)",
                calls.join(", ")
            );
            Row::new(2, "+", line, Tone::Create)
        })
        .collect()
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
fn upload_rows(plan: &Plan) -> Vec<Row> {
    let mut rows = Vec::new();
    for u in &plan.media.uploads {
        let line = format!(
            "upload {} {} ({})",
            u.kind.as_str(),
            text::line(&u.path.display().to_string()),
            bytes(u.size)
        );
        rows.push(Row::new(2, "+", line, Tone::Create));
        if let Some(old) = &u.replaces {
            let why = format!(
                "  locked as {}, which is no longer in the account",
                text::line(old)
            );
            rows.push(Row {
                more: true,
                ..Row::new(2, "+", why, Tone::Create)
            });
        }
    }
    rows
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

/// The budget table: one line per campaign (the figures on a line of their own when
/// the name is too long to leave room for them).
fn budget_rows(plan: &Plan, width: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    if plan.spend.campaigns.is_empty() {
        return rows;
    }
    let currency = plan.spend.currency.as_deref().unwrap_or("account currency");
    rows.push(Row::new(
        0,
        "",
        format!("Budgets ({}):", text::line(currency)),
        Tone::Plain,
    ));
    let mut lines: Vec<(String, String)> = plan
        .spend
        .campaigns
        .iter()
        .map(|c| {
            (
                text::line(&c.name).into_owned(),
                money_pair(&c.before, &c.after),
            )
        })
        .collect();
    lines.push((
        "account".into(),
        money_pair(&plan.spend.account_before, &plan.spend.account),
    ));
    // Names up to 40 columns make a column; a longer one has the figures below it.
    let fits = |n: &str, f: &str| text::width(n) <= 40 && 2 + 40 + 2 + text::width(f) <= width;
    let name_width = lines
        .iter()
        .filter(|(n, f)| fits(n, f))
        .map(|(n, _)| text::width(n))
        .max()
        .unwrap_or(0)
        .max(7);
    for (name, figures) in lines {
        if fits(&name, &figures) {
            let pad = " ".repeat(name_width - text::width(&name));
            rows.push(Row::new(
                2,
                "",
                format!("{name}{pad}  {figures}"),
                Tone::Plain,
            ));
        } else {
            rows.push(Row::new(2, "", name, Tone::Plain));
            let pad = " ".repeat(name_width);
            rows.push(Row::new(2, "", format!("{pad}  {figures}"), Tone::Plain));
        }
    }
    wrap(rows, width)
}

/// The human plan, laid out for `WIDTH` columns and coloured when `color`.
pub fn human(plan: &Plan, target: &TargetLabel, color: bool) -> String {
    let width = super::WIDTH;
    let mut out = String::new();
    let head = vec![Row::new(
        0,
        "",
        text::line(&target.describe(&plan.advertiser_id)).into_owned(),
        Tone::Plain,
    )];
    out.push_str(&terminal(&wrap(head, width), false));
    let _ = writeln!(out);
    if !plan.names.resolved.is_empty() {
        let _ = writeln!(out, "Names resolved:");
        out.push_str(&names_lines(plan, "  "));
        let _ = writeln!(out);
    }
    let changes = ordered(plan);
    let uploads = upload_rows(plan);
    if changes.is_empty() && uploads.is_empty() && plan.findings.is_empty() {
        let _ = writeln!(out, "No changes: the account matches the spec.");
    } else if changes.is_empty() && uploads.is_empty() {
        let _ = writeln!(
            out,
            "No changes can be planned until the problems below are resolved."
        );
    } else {
        let _ = writeln!(out, "smartplus will make these changes:");
        for first in [portfolio_rows(plan), uploads] {
            if !first.is_empty() {
                let _ = writeln!(out);
                out.push_str(&terminal(&wrap(first, width), color));
            }
        }
        for c in changes {
            let _ = writeln!(out);
            out.push_str(&terminal(&change_rows(c, &plan.names, width), color));
        }
    }
    if !plan.findings.is_empty() {
        let _ = writeln!(out);
        let rows: Vec<Row> = plan
            .findings
            .iter()
            .flat_map(|f| finding_rows(f, 0))
            .collect();
        out.push_str(&terminal(&wrap(rows, width), color));
    }
    let budgets = budget_rows(plan, width);
    if !budgets.is_empty() {
        let _ = writeln!(out);
        out.push_str(&terminal(&budgets, false));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", summary_line(plan));
    if plan.refused() {
        let n = plan
            .all_findings()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let line = format!(
            "Refused: {n} {} above must be resolved before this plan can be applied.",
            if n == 1 { "problem" } else { "problems" }
        );
        out.push_str(&terminal(&[Row::new(0, "", line, Tone::Error)], color));
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
            if let Some(map) = o.as_object_mut() {
                let optional = [
                    ("id", &c.id),
                    ("ad_group", &c.ad_group),
                    ("time_zone", &c.time_zone),
                ];
                for (key, v) in optional {
                    if let Some(v) = v {
                        map.insert(key.into(), json!(v));
                    }
                }
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
            // An ad is named with its ad group: two ads of a campaign may share a name.
            let name = match &c.ad_group {
                Some(group) => format!("{} (ad group {})", text::md(&c.name), text::md(group)),
                None => text::md(&c.name),
            };
            // The pause marker `||` needs its pipes escaped, even in a code span.
            let _ = writeln!(
                out,
                "| {} | {} | {name} | {} | {} |",
                text::md_message(&format!("`{}`", c.action.marker())),
                c.kind.label(),
                text::md(&c.campaign),
                c.fields.len()
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "<details><summary>Details</summary>");
        let _ = writeln!(out);
        // Names are in the block: its fence is longer than any backticks they hold.
        let mut body = diff_block(&portfolio_rows(plan));
        for c in &changes {
            body.push_str(&diff_block(&change_rows(c, &plan.names, super::WIDTH)));
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
