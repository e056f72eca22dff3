//! What `smartplus sandbox` says: what the sandbox holds, where its clock is.

use std::fmt::Write;

use crate::ops::sandbox::{Advanced, Summary};
use crate::ops::target::SANDBOX_STATE;
use crate::spec::schedule::{format_duration, shown};

fn counts(s: &Summary) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    format!(
        "{}, {}, {}",
        n(s.campaigns, "campaign", "campaigns"),
        n(s.ad_groups, "ad group", "ad groups"),
        n(s.ads, "ad", "ads")
    )
}

fn clock(s: &Summary) -> String {
    let how = match s.ahead {
        None => "standing still".to_string(),
        Some(d) if d.is_zero() => "real time".to_string(),
        Some(d) if d.is_positive() => format!("{} ahead of real time", format_duration(d)),
        Some(d) => format!("{} behind real time", format_duration(d.abs())),
    };
    format!("{} ({how})", shown(s.now, None))
}

/// `smartplus sandbox status`.
pub fn status(summary: Option<&Summary>) -> String {
    let Some(s) = summary else {
        return format!(
            "No sandbox in this directory yet: the first `smartplus plan` or `smartplus apply`\n\
             without a token starts one, with its state in {SANDBOX_STATE}.\n"
        );
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "sandbox:  {SANDBOX_STATE}, advertiser{} {}",
        if s.advertiser_id.contains(',') {
            "s"
        } else {
            ""
        },
        s.advertiser_id
    );
    let _ = writeln!(out, "clock:    {}", clock(s));
    let _ = writeln!(out, "holds:    {}", counts(s));
    match s.learning_until {
        Some(until) => {
            // Whole days that take the clock past the last of them.
            let days = (until.duration_since(s.now).as_secs() + 86_399) / 86_400;
            let _ = writeln!(
                out,
                "learning: {} {} in the first {} days of learning, until {}: edits that\n          \
                 reach them are refused without --allow-learning-reset; `smartplus sandbox\n          \
                 advance {days}d` moves the clock past them",
                s.learning,
                if s.learning == 1 {
                    "ad group"
                } else {
                    "ad groups"
                },
                crate::facts::LEARNING_PHASE_DAYS,
                shown(until, None)
            );
        }
        None => {
            let _ = writeln!(out, "learning: nothing in its learning phase");
        }
    }
    out
}

/// `smartplus sandbox advance`.
pub fn advanced(a: &Advanced) -> String {
    let moved = a.after.now.duration_since(a.before);
    let mut line = format!(
        "Moved the sandbox clock {} ahead: {} → {}",
        format_duration(moved),
        shown(a.before, None),
        shown(a.after.now, None)
    );
    match a.after.learning_until {
        Some(until) => {
            let _ = write!(
                line,
                "\n{} {} still in the learning phase, until {}",
                a.after.learning,
                if a.after.learning == 1 {
                    "ad group is"
                } else {
                    "ad groups are"
                },
                shown(until, None)
            );
        }
        None => line.push_str("\nNothing is in its learning phase any more."),
    }
    line
}

/// `smartplus sandbox reset`.
pub fn reset(removed: Option<&Summary>) -> String {
    match removed {
        Some(s) => format!(
            "Removed the sandbox ({SANDBOX_STATE}: {});\nthe next plan or apply without a \
             token starts a fresh one.",
            counts(s)
        ),
        None => "No sandbox to reset in this directory.".to_string(),
    }
}
