//! Everything users see goes through here: stdout carries data, stderr carries
//! status, diagnostics and progress.

pub mod diagnostics;
pub mod plan;
pub mod progress;

use std::io::Write;

use crate::cli::GlobalArgs;

/// Width used for rendering reports, fixed so output is the same on every terminal.
pub const WIDTH: usize = 100;

#[derive(Clone, Debug)]
pub struct Printer {
    pub quiet: bool,
    pub verbose: u8,
    pub color: bool,
}

impl Printer {
    pub fn new(global: &GlobalArgs) -> Self {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = !global.no_color
            && !no_color_env
            && anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
        Printer {
            quiet: global.quiet,
            verbose: global.verbose,
            color,
        }
    }

    /// A printer for tests and embedding: no colour, normal verbosity.
    pub fn plain() -> Self {
        Printer {
            quiet: false,
            verbose: 0,
            color: false,
        }
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
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "{text}");
        }
    }

    /// Detail shown with `-v`.
    pub fn detail(&self, text: &str) {
        if self.verbose > 0 {
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
        let text = diagnostics::render_report(report.as_ref(), self.color);
        self.stderr(&text);
    }
}
