//! Renders spec diagnostics as miette reports (human) or JSON.

use std::path::Path;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde_json::json;

use crate::spec::{Diagnostic, Severity, Validation};

pub const FORMAT_VERSION: u32 = 1;

/// A spec diagnostic shaped for miette.
#[derive(Debug)]
struct Report {
    code: &'static str,
    message: String,
    severity: Severity,
    help: Option<String>,
    label: String,
    span: SourceSpan,
    source: NamedSource<String>,
}

impl std::fmt::Display for Report {
    // The code leads the message (`SP117: ...`) so it reads as one line with it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            self.span,
        ))))
    }
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Lines break at spaces only: a path (its slashes and hyphens) or an id stays whole,
    // to be copied.
    GraphicalReportHandler::new_themed(theme)
        .with_width(super::WIDTH)
        .with_links(false)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// Renders any miette diagnostic to a string.
pub fn render_report(diag: &dyn miette::Diagnostic, color: bool) -> String {
    let mut out = String::new();
    if handler(color).render_report(&mut out, diag).is_err() {
        out = format!("error: {diag}\n");
    }
    out
}

/// Renders one spec diagnostic against its file's text. Whatever came from the file
/// (the snippet, keys and values quoted in the message, the file's name) is made safe
/// for the terminal.
pub fn render(d: &Diagnostic, text: Option<&str>, color: bool) -> String {
    let text = super::text::snippet(text.unwrap_or_default()).into_owned();
    let offset = d.pos.offset.min(text.len());
    let len = d.pos.len.min(text.len() - offset);
    let report = Report {
        code: d.code,
        message: super::text::line(&d.message).into_owned(),
        severity: d.severity,
        help: d.help.as_deref().map(|h| super::text::line(h).into_owned()),
        label: super::text::line(&d.label).into_owned(),
        span: SourceSpan::new(offset.into(), len),
        source: NamedSource::new(super::text::line(&display_path(&d.file)), text),
    };
    let mut out = render_report(&report, color);
    // miette shows `[file:line:col]`; keep one blank line between reports.
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    out
}

/// Renders a top-level error: its text and its causes made safe for the terminal
/// first (server messages and names travel in errors), each cause once, and no
/// internal code (the codes of errors are for the program, not for people).
pub fn render_error(diag: &dyn miette::Diagnostic, color: bool) -> String {
    let mut safe = Safe::of_diagnostic(diag);
    safe.drop_repeated_causes(&mut Vec::new());
    render_report(&safe, color)
}

/// A copy of what miette shows of an error (message, code, help, causes), with
/// every piece of text made safe for the terminal.
#[derive(Debug)]
struct Safe {
    message: String,
    code: Option<String>,
    help: Option<String>,
    severity: Option<miette::Severity>,
    /// Whether this level was a diagnostic (miette shows its help) or a plain error.
    diagnostic: bool,
    cause: Option<Box<Safe>>,
}

impl Safe {
    fn of_diagnostic(d: &dyn miette::Diagnostic) -> Safe {
        let cause = d
            .diagnostic_source()
            .map(Safe::of_diagnostic)
            .or_else(|| d.source().map(Safe::of_error));
        Safe {
            message: super::text::block(&d.to_string()).into_owned(),
            code: None,
            help: d
                .help()
                .map(|h| super::text::block(&h.to_string()).into_owned()),
            severity: d.severity(),
            diagnostic: true,
            cause: cause.map(Box::new),
        }
    }

    /// Drops every cause whose text is already said above it (most messages quote
    /// their cause: `cannot read `x`: No such file`).
    fn drop_repeated_causes(&mut self, said: &mut Vec<String>) {
        said.push(self.message.clone());
        while let Some(cause) = self.cause.take() {
            if said.iter().any(|s| s.contains(cause.message.as_str())) {
                // Skip it, keep what it was caused by.
                self.cause = cause.cause;
                continue;
            }
            self.cause = Some(cause);
            break;
        }
        if let Some(cause) = self.cause.as_mut() {
            cause.drop_repeated_causes(said);
        }
    }

    fn of_error(e: &dyn std::error::Error) -> Safe {
        Safe {
            message: super::text::block(&e.to_string()).into_owned(),
            code: None,
            help: None,
            severity: None,
            diagnostic: false,
            cause: e.source().map(|c| Box::new(Safe::of_error(c))),
        }
    }
}

impl std::fmt::Display for Safe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Safe {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

impl miette::Diagnostic for Safe {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn std::fmt::Display>)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.severity
    }
    fn diagnostic_source(&self) -> Option<&dyn miette::Diagnostic> {
        self.cause
            .as_deref()
            .filter(|c| c.diagnostic)
            .map(|c| c as &dyn miette::Diagnostic)
    }
}

/// Paths as the user typed them, with `/` separators on every platform.
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The whole human report: every diagnostic, then one summary line.
pub fn render_human(v: &Validation, color: bool) -> String {
    let mut out = String::new();
    for d in &v.diagnostics {
        out.push_str(&render(d, v.text_of(&d.file), color));
    }
    out.push_str(&summary_line(v));
    out.push('\n');
    let names = names(v);
    if !names.is_empty() {
        let listed: Vec<String> = names
            .iter()
            .map(|(kind, name)| format!("{} \"{}\"", kind.noun(), super::text::line(name)))
            .collect();
        let line = format!(
            "`plan` looks up {} {} in the account: {}",
            names.len(),
            plural(names.len(), "name", "names"),
            listed.join(", ")
        );
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The names of every file that `plan` resolves, each once.
fn names(v: &Validation) -> Vec<(crate::spec::refs::RefKind, String)> {
    let mut out = Vec::new();
    for f in &v.files {
        for n in crate::spec::refs::names(&f.spec) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

pub fn summary_line(v: &Validation) -> String {
    let files = v.files.len() + v.unreadable.len();
    format!(
        "{} {} checked, {} {}: {} {}, {} {}",
        files,
        plural(files, "file", "files"),
        v.campaigns(),
        plural(v.campaigns(), "campaign", "campaigns"),
        v.errors(),
        plural(v.errors(), "error", "errors"),
        v.warnings(),
        plural(v.warnings(), "warning", "warnings"),
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// The `validate --format json` document (see docs/cli.md).
pub fn render_json(v: &Validation) -> serde_json::Value {
    let diagnostics: Vec<_> = v
        .diagnostics
        .iter()
        .map(|d| {
            let mut o = json!({
                "code": d.code,
                "severity": d.severity.as_str(),
                "message": d.message,
                "file": display_path(&d.file),
                "line": d.pos.line,
                "column": d.pos.column,
            });
            if let (Some(h), Some(map)) = (&d.help, o.as_object_mut()) {
                map.insert("help".into(), json!(h));
            }
            o
        })
        .collect();
    let names: Vec<_> = names(v)
        .into_iter()
        .map(|(kind, name)| json!({"kind": kind.noun(), "name": name}))
        .collect();
    json!({
        "format_version": FORMAT_VERSION,
        "diagnostics": diagnostics,
        "names": names,
        "summary": {
            "files": v.files.len() + v.unreadable.len(),
            "campaigns": v.campaigns(),
            "errors": v.errors(),
            "warnings": v.warnings(),
        }
    })
}
