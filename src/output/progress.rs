//! Apply progress: bars per level on a terminal, one line per step otherwise.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

use std::collections::HashMap;

use super::apply::step_line;
use super::uploads::upload_line;
use super::{Printer, Stream};
use crate::apply::{Reporter, StepError, StepResult};
use crate::assets::{UploadReporter, UploadResult};
use crate::plan::model::{Change, Kind, NewPortfolio, Upload};
use crate::plan::{Action, Plan};

/// One plain line per finished step, on stderr ("Created ad group `US broad` (id 1)").
pub struct LogReporter {
    pub printer: Printer,
}

impl Reporter for LogReporter {
    fn portfolio(&self, p: &NewPortfolio, result: &Result<String, StepError>) {
        let line = super::apply::portfolio_line(p, result);
        if result.is_err() {
            self.printer.stderr(&format!("{line}\n"));
        } else {
            self.printer.status(&line);
        }
    }

    fn finished(&self, change: &Change, result: &StepResult) {
        // Failures are always shown; successes unless --quiet.
        if result.is_failure() {
            self.printer
                .stderr(&format!("{}\n", step_line(change, result)));
        } else {
            self.printer.status(&step_line(change, result));
        }
    }
}

impl UploadReporter for LogReporter {
    fn finished(&self, upload: &Upload, result: &UploadResult) {
        let line = upload_line(upload, result);
        if matches!(result, UploadResult::Failed { .. }) {
            self.printer.stderr(&format!("{line}\n"));
        } else {
            self.printer.status(&line);
        }
    }
}

/// Bars for campaigns, ad groups and ads, with counts and rate; above them, one bar
/// per upload, in bytes (all drawn from the start: lines that come and go would
/// leave the terminal's other lines to be redrawn over).
pub struct BarReporter {
    _multi: MultiProgress,
    bars: [ProgressBar; 3],
    /// By placeholder.
    uploads: HashMap<String, ProgressBar>,
}

/// indicatif's terminal, drawn through the printer like every other byte on stderr.
#[derive(Debug)]
struct PrinterTerm {
    printer: Printer,
}

impl PrinterTerm {
    // A write error is the printer's to keep (see `Printer::failure`), not the bars'.
    #[allow(clippy::unnecessary_wraps)]
    fn put(&self, text: &str) -> std::io::Result<()> {
        self.printer.write(Stream::Stderr, text);
        Ok(())
    }

    /// Moves the cursor `n` places (`A` up, `B` down, `C` right, `D` left).
    fn cursor(&self, n: usize, direction: char) -> std::io::Result<()> {
        if n == 0 {
            Ok(())
        } else {
            self.put(&format!("\x1b[{n}{direction}"))
        }
    }
}

impl TermLike for PrinterTerm {
    fn width(&self) -> u16 {
        // The bars' lines are about 60 columns; every terminal is at least 80.
        80
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'A')
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'B')
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'C')
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'D')
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.put(&format!("{s}\n"))
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.put(s)
    }

    fn clear_line(&self) -> std::io::Result<()> {
        self.put("\r\x1b[2K")
    }

    fn flush(&self) -> std::io::Result<()> {
        Ok(())
    }
}

impl BarReporter {
    pub fn new(plan: &Plan, printer: &Printer) -> Self {
        let term = PrinterTerm {
            printer: printer.clone(),
        };
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::term_like(Box::new(term)));
        let count = |k: Kind| {
            plan.changes
                .iter()
                .filter(|c| c.kind == k && c.action != Action::Unchanged)
                .count() as u64
        };
        let style =
            ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {per_sec} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        let make = |label: &str, k: Kind| {
            let b = multi.add(ProgressBar::new(count(k)));
            b.set_style(style.clone());
            b.set_prefix(label.to_string());
            b
        };
        // At most 80 columns, as the other bars (see `PrinterTerm::width`).
        let bytes = ProgressStyle::with_template(
            "{prefix:>10} [{bar:30}] {bytes:>10}/{total_bytes:<10} {msg:.20}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        let uploads = plan
            .media
            .uploads
            .iter()
            .map(|u| {
                let b = multi.add(ProgressBar::new(u.size));
                b.set_style(bytes.clone());
                b.set_prefix(u.kind.as_str());
                let name = u
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                b.set_message(super::text::line(&name).into_owned());
                (u.placeholder.clone(), b)
            })
            .collect();
        let bars = [
            make("campaigns", Kind::Campaign),
            make("ad groups", Kind::AdGroup),
            make("ads", Kind::Ad),
        ];
        BarReporter {
            _multi: multi,
            bars,
            uploads,
        }
    }

    fn bar(&self, k: Kind) -> &ProgressBar {
        match k {
            Kind::Campaign => &self.bars[0],
            Kind::AdGroup => &self.bars[1],
            Kind::Ad => &self.bars[2],
        }
    }

    pub fn finish(&self) {
        for b in self.uploads.values().chain(&self.bars) {
            b.finish();
        }
    }
}

impl UploadReporter for BarReporter {
    fn progress(&self, upload: &Upload, sent: u64) {
        if let Some(bar) = self.uploads.get(&upload.placeholder) {
            bar.set_position(sent);
        }
    }

    fn finished(&self, upload: &Upload, result: &UploadResult) {
        if let Some(bar) = self.uploads.get(&upload.placeholder) {
            let word = match result {
                UploadResult::Uploaded { .. } => "uploaded",
                UploadResult::Found { .. } => "found, not sent",
                UploadResult::Failed { .. } => "failed",
                UploadResult::Interrupted => "interrupted",
            };
            bar.finish_with_message(word);
        }
    }
}

impl Reporter for BarReporter {
    fn finished(&self, change: &Change, result: &StepResult) {
        let bar = self.bar(change.kind);
        bar.inc(1);
        if matches!(
            result,
            StepResult::Failed { .. } | StepResult::Skipped { .. }
        ) {
            bar.println(step_line(change, result));
        }
    }
}
