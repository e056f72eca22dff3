//! The one way tests run the real `smartplus` binary, and a scratch directory to run
//! it in.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::{Emu, TOKEN};

/// The package root: fixtures and examples are read from here.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The suite's own spec files (`tests/fixtures/specs`), copies of the examples as they
/// were: tests read these, never `campaigns/`, so an example can be edited freely (only
/// `validate::examples` and `apply::examples` check that every example still
/// validates, plans and applies).
pub(crate) fn fixtures() -> PathBuf {
    root().join("tests/fixtures/specs")
}

/// `smartplus`, run from the package root, with an environment that is the same
/// everywhere: no colour, 100 columns, and none of the caller's target settings (CI,
/// token, URL, advertiser) or log filter. Tests share one process, so whatever a test
/// needs on top goes on the command, never into the process environment.
pub(crate) fn smartplus() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_smartplus"));
    c.current_dir(root())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CI")
        .env_remove("TIKTOK_ACCESS_TOKEN")
        .env_remove("SMARTPLUS_API_URL")
        .env_remove("SMARTPLUS_ADVERTISER_ID")
        .env_remove("SMARTPLUS_LOG");
    c
}

/// Copies a directory with everything in it.
pub(crate) fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for e in std::fs::read_dir(src).expect("read dir") {
        let p = e.expect("entry").path();
        let to = dst.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_tree(&p, &to);
        } else {
            std::fs::copy(&p, &to).expect("copy");
        }
    }
}

/// A scratch directory holding copies of spec files.
pub(crate) struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub(crate) fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// With every spec fixture copied into its `campaigns/`.
    pub(crate) fn with_fixtures() -> Workdir {
        let w = Workdir::new();
        let dst = w.path().join("campaigns");
        std::fs::create_dir_all(&dst).expect("mkdir");
        copy_tree(&fixtures(), &dst);
        w
    }

    /// Copies the fixtures' media (`tests/fixtures/specs/assets/`) in.
    pub(crate) fn with_assets(self) -> Workdir {
        copy_tree(
            &fixtures().join("assets"),
            &self.path().join("campaigns/assets"),
        );
        self
    }

    /// With the examples of `campaigns/` copied in: only for the tests that every
    /// example validates, plans and applies (see [`fixtures`]).
    pub(crate) fn with_examples() -> Workdir {
        let w = Workdir::new();
        copy_tree(&root().join("campaigns"), &w.path().join("campaigns"));
        w
    }

    /// With one spec fixture copied into its `campaigns/` (file name, e.g.
    /// `web-cbo-automatic.yaml`).
    pub(crate) fn with_fixture(name: &str) -> Workdir {
        let w = Workdir::new();
        let text = std::fs::read_to_string(fixtures().join(name)).expect("fixture exists");
        w.write(name, &text);
        w.with_assets()
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `campaigns/NAME`.
    pub(crate) fn write(&self, name: &str, text: &str) -> PathBuf {
        let dir = self.path().join("campaigns");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write spec");
        p
    }

    /// Runs `smartplus ARGS` here against `emu` (token in the environment).
    pub(crate) fn run(&self, emu: &Emu, args: &[&str]) -> Output {
        self.command(args)
            .env("SMARTPLUS_API_URL", &emu.url)
            .env("TIKTOK_ACCESS_TOKEN", TOKEN)
            .output()
            .expect("smartplus runs")
    }

    /// Runs `smartplus ARGS` here with no target set.
    pub(crate) fn run_plain(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("smartplus runs")
    }

    /// `smartplus --no-color ARGS` here, not yet run.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut c = smartplus();
        c.current_dir(self.path()).arg("--no-color").args(args);
        c
    }
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub(crate) fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// A day `days` from now (UTC), `YYYY-MM-DD`.
pub(crate) fn day_ahead(days: i64) -> String {
    (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * days))
        .strftime("%Y-%m-%d")
        .to_string()
}

/// Text with its line breaks and runs of spaces made single spaces: findings are
/// wrapped to the terminal's width, at places that move with the ids in them.
pub(crate) fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Exit code and both streams, for assertion messages.
pub(crate) fn both(o: &Output) -> String {
    format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        code(o),
        stdout(o),
        stderr(o)
    )
}

/// Replaces ids, times and ports so snapshots are stable.
pub(crate) fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 12 {
            out.push_str("[id]");
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
        } else {
            flush(&mut digits, &mut out);
            out.push(ch);
        }
    }
    flush(&mut digits, &mut out);
    let re_port = |s: &str| -> String {
        // http://127.0.0.1:PORT → http://127.0.0.1:[port]
        let mut s = s.to_string();
        while let Some(i) = s.find("127.0.0.1:") {
            let start = i + "127.0.0.1:".len();
            let end = s[start..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(s.len(), |e| start + e);
            if end == start {
                break;
            }
            s.replace_range(i..end, "127.0.0.1:[port]");
        }
        s
    };
    re_port(&out)
}

/// [`redact`], and times (`YYYY-MM-DD HH:MM`, with or without seconds) as `[time]`.
pub(crate) fn redact_times(text: &str) -> String {
    redact_moments(text, false)
}

/// [`redact_times`], and days alone (`[date]`) too: for output whose days follow the
/// real clock, such as the day edits become safe, a week from today.
pub(crate) fn redact_days(text: &str) -> String {
    redact_moments(text, true)
}

fn redact_moments(text: &str, days: bool) -> String {
    let text = redact(text);
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    // `YYYY-MM-DD HH:MM` with optional `:SS`.
    let shape = |at: usize, pattern: &str| {
        pattern.bytes().enumerate().all(|(j, p)| {
            b.get(at + j).is_some_and(|c| {
                if p == b'9' {
                    c.is_ascii_digit()
                } else {
                    *c == p
                }
            })
        })
    };
    while i < b.len() {
        if shape(i, "9999-99-99 99:99") {
            out.push_str("[time]");
            i += if shape(i, "9999-99-99 99:99:99") {
                19
            } else {
                16
            };
        } else if days && shape(i, "9999-99-99") {
            out.push_str("[date]");
            i += 10;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}
