//! Everything users see is rendered here and printed through the [`Printer`]:
//! stdout carries data, stderr carries status, diagnostics and progress.

pub mod accounts;
pub mod apply;
pub mod diagnostics;
pub mod import;
pub mod plan;
pub mod progress;

use std::io::Write;

/// Width used for rendering reports, fixed so output is the same on every terminal.
pub const WIDTH: usize = 100;

/// How output should look, decided by the caller (flags, environment, terminal).
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Print only results and errors.
    pub quiet: bool,
    /// Extra detail (`-v`).
    pub verbose: u8,
    /// Colour is wanted and stderr can show it.
    pub color: bool,
    /// stderr is a terminal (progress bars may be drawn).
    pub terminal: bool,
}

/// Prints rendered text to the right stream for its kind. The only place that
/// writes to stdout and stderr.
#[derive(Clone, Debug)]
pub struct Printer {
    pub style: Style,
}

impl Printer {
    pub fn new(style: Style) -> Self {
        Printer { style }
    }

    /// A printer for tests and embedding: no colour, normal verbosity.
    pub fn plain() -> Self {
        Printer::new(Style::default())
    }

    /// Data for stdout (plans, JSON, schemas).
    pub fn data(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
        let _ = out.flush();
    }

    /// A status line on stderr; hidden with `--quiet`.
    pub fn status(&self, text: &str) {
        if !self.style.quiet {
            let _ = writeln!(std::io::stderr().lock(), "{text}");
        }
    }

    /// Detail shown with `-v`.
    pub fn detail(&self, text: &str) {
        if self.style.verbose > 0 {
            let _ = writeln!(std::io::stderr().lock(), "{text}");
        }
    }

    /// A warning on stderr, shown even with `--quiet`.
    pub fn warn(&self, text: &str) {
        let _ = writeln!(std::io::stderr().lock(), "warning: {text}");
    }

    /// Pre-rendered text for stderr, always shown (diagnostics).
    pub fn stderr(&self, text: &str) {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }

    /// Renders a top-level error.
    pub fn error(&self, report: &miette::Report) {
        let text = diagnostics::render_report(report.as_ref(), self.style.color);
        self.stderr(&text);
    }
}
