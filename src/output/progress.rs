//! Apply progress: on a terminal, a bar per level with something to do and each step's
//! line above the bars; otherwise one line per step.

use indicatif::{
    MultiProgress, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle, TermLike,
};

use std::collections::HashMap;

use super::apply::{portfolio_line, step_line};
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
        let line = portfolio_line(p, result);
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

/// Bars for campaigns, ad groups and ads (only for a level with something to do),
/// with counts and a rounded rate; above them, one bar per upload, in bytes. Each
/// finished step's line is printed above them all.
pub struct BarReporter {
    multi: MultiProgress,
    /// Campaigns, ad groups, ads; `None` for a level the plan does not touch.
    bars: [Option<ProgressBar>; 3],
    /// By placeholder.
    uploads: HashMap<String, ProgressBar>,
}

/// indicatif's terminal, drawn through the printer like every other byte on stderr.
#[derive(Debug)]
struct PrinterTerm {
    printer: Printer,
    /// The terminal's width now, when it can be had. indicatif counts the lines it
    /// drew by it to move back over them: a width other than the real one moves the
    /// cursor too far or too short, and the step lines above the bars are drawn over.
    columns: fn() -> Option<u16>,
}

/// stderr's width, asked each time (a terminal can be resized during an apply).
fn stderr_columns() -> Option<u16> {
    console::Term::stderr()
        .size_checked()
        .map(|(_, columns)| columns)
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
        // 80 when the width cannot be had: the bars' lines fit in it.
        (self.columns)().filter(|c| *c > 0).unwrap_or(80)
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
            columns: stderr_columns,
        };
        Self::drawn_on(plan, Box::new(term))
    }

    /// The bars, drawn on any terminal (a test's, or the printer's).
    fn drawn_on(plan: &Plan, term: Box<dyn TermLike>) -> Self {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::term_like(term));
        let count = |k: Kind| {
            plan.changes
                .iter()
                .filter(|c| c.kind == k && c.action != Action::Unchanged)
                .count() as u64
        };
        let style =
            ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {rate} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .with_key(
                    "rate",
                    |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = w.write_str(&rate(state.per_sec()));
                    },
                )
                .progress_chars("=> ");
        let make = |label: &str, k: Kind| {
            let n = count(k);
            (n > 0).then(|| {
                let b = multi.add(ProgressBar::new(n));
                b.set_style(style.clone());
                b.set_prefix(label.to_string());
                b
            })
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
            multi,
            bars,
            uploads,
        }
    }

    fn bar(&self, k: Kind) -> Option<&ProgressBar> {
        match k {
            Kind::Campaign => self.bars[0].as_ref(),
            Kind::AdGroup => self.bars[1].as_ref(),
            Kind::Ad => self.bars[2].as_ref(),
        }
    }

    pub fn finish(&self) {
        for b in self.uploads.values().chain(self.bars.iter().flatten()) {
            b.finish();
        }
    }
}

/// Steps a second, as a person reads it: `0.4/s`, `12/s`.
fn rate(per_sec: f64) -> String {
    if !per_sec.is_finite() || per_sec <= 0.0 {
        String::new()
    } else if per_sec < 10.0 {
        format!("{per_sec:.1}/s")
    } else {
        format!("{per_sec:.0}/s")
    }
}

impl UploadReporter for BarReporter {
    fn progress(&self, upload: &Upload, sent: u64) {
        if let Some(bar) = self.uploads.get(&upload.placeholder) {
            bar.set_position(sent);
        }
    }

    fn finished(&self, upload: &Upload, result: &UploadResult) {
        let _ = self.multi.println(upload_line(upload, result));
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
    fn portfolio(&self, p: &NewPortfolio, result: &Result<String, StepError>) {
        let _ = self.multi.println(portfolio_line(p, result));
    }

    fn finished(&self, change: &Change, result: &StepResult) {
        // Above the bars, as a log would show it: the bars only count.
        let _ = self.multi.println(step_line(change, result));
        if let Some(bar) = self.bar(change.kind) {
            bar.inc(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::plan::model::{Place, StartsNow};

    /// A terminal that keeps what is drawn on it.
    #[derive(Clone, Debug, Default)]
    struct Screen(Arc<Mutex<String>>);

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            80
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(&format!("{s}\n"))
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.0
                .lock()
                .map(|mut t| t.push_str(s))
                .map_err(|_| std::io::Error::other("lock"))
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn created(kind: Kind, key: &str, name: &str) -> Change {
        let place = Place::campaign(key.into(), "Spring sale");
        let mut c = Change::create(place, kind, name, Vec::new(), serde_json::json!({}));
        if kind == Kind::AdGroup {
            c.starts_now = Some(StartsNow::StartOnly);
        }
        c
    }

    #[test]
    fn results_above_bars_and_no_bar_for_nothing() {
        let plan = Plan {
            changes: vec![
                created(Kind::AdGroup, "c0/g0", "US broad"),
                created(Kind::AdGroup, "c0/g1", "US lookalike"),
            ],
            ..Plan::default()
        };
        let screen = Screen::default();
        let bars = BarReporter::drawn_on(&plan, Box::new(screen.clone()));
        for (i, c) in plan.changes.iter().enumerate() {
            Reporter::finished(
                &bars,
                c,
                &StepResult::Created {
                    id: format!("18000000000000{i}"),
                },
            );
        }
        bars.finish();
        let shown = screen.0.lock().map(|t| t.clone()).unwrap_or_default();
        assert!(
            shown.contains("Created ad group `US broad` (id 180000000000000)"),
            "{shown}"
        );
        assert!(shown.contains("Created ad group `US lookalike`"), "{shown}");
        assert!(
            shown.contains("ad groups [") && shown.contains("2/2"),
            "{shown}"
        );
        assert!(
            !shown.contains("campaigns ["),
            "no bar for campaigns: {shown}"
        );
        assert!(!shown.contains("0/0"), "{shown}");
    }

    #[test]
    fn the_bars_count_lines_by_the_terminal_s_real_width() {
        let term = |columns: fn() -> Option<u16>| PrinterTerm {
            printer: Printer::new(crate::output::Style::default()),
            columns,
        };
        assert_eq!(term(|| Some(130)).width(), 130);
        assert_eq!(term(|| Some(72)).width(), 72);
        assert_eq!(term(|| None).width(), 80);
        assert_eq!(term(|| Some(0)).width(), 80);
    }

    #[test]
    fn rates_are_rounded() {
        assert_eq!(rate(123.749_3), "124/s");
        assert_eq!(rate(0.4321), "0.4/s");
        assert_eq!(rate(0.0), "");
        assert_eq!(rate(f64::INFINITY), "");
    }
}
