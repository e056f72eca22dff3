//! Apply progress: bars per level on a terminal, one line per step otherwise.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Printer;
use super::apply::{copy_removed_line, step_line};
use crate::apply::{Reporter, StepResult};
use crate::plan::model::{Change, Kind};
use crate::plan::{Action, Plan};

/// One plain line per finished step, on stderr ("Created ad group `US broad` (id 1)").
pub struct LogReporter {
    pub printer: Printer,
}

impl Reporter for LogReporter {
    fn finished(&self, change: &Change, result: &StepResult) {
        // Failures are always shown; successes unless --quiet.
        if result.is_failure() {
            self.printer
                .stderr(&format!("{}\n", step_line(change, result)));
        } else {
            self.printer.status(&step_line(change, result));
        }
    }

    fn copy_removed(&self, change: &Change, id: &str) {
        self.printer.status(&copy_removed_line(change, id));
    }
}

/// Bars for campaigns, ad groups and ads, with counts and rate.
pub struct BarReporter {
    _multi: MultiProgress,
    bars: [ProgressBar; 3],
}

impl BarReporter {
    pub fn new(plan: &Plan) -> Self {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
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
        let bars = [
            make("campaigns", Kind::Campaign),
            make("ad groups", Kind::AdGroup),
            make("ads", Kind::Ad),
        ];
        BarReporter {
            _multi: multi,
            bars,
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
        for b in &self.bars {
            b.finish();
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

    /// Counted already: only the news is printed.
    fn revised(&self, change: &Change, result: &StepResult) {
        self.bar(change.kind).println(step_line(change, result));
    }

    fn copy_removed(&self, change: &Change, id: &str) {
        self.bar(change.kind).println(copy_removed_line(change, id));
    }
}
