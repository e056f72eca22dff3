//! Hostile and unlucky input, one test per case of issue #11: files that are not what
//! they seem, streams that fail, strings that carry escapes, servers that lie. Across
//! all of them every run ends within seconds, under 200 MB, with exit code 0, 1 or 2,
//! and without printing the token (`Bounded::assert_sane`).

mod props;
mod reading;
mod remote;
mod secrets;
mod streams;
mod text;
mod writing;

use std::path::Path;
use std::process::{Command, Output};

use crate::harness::*;

/// The example most tests start from, and its campaign's name.
const EXAMPLE: &str = "web-cbo-automatic.yaml";
const EXAMPLE_NAME: &str = "Spring sale - US prospecting";

/// `smartplus ARGS` in `w` against `emu`, the token in the environment.
fn against(w: &Workdir, emu: &Emu, args: &[&str]) -> Command {
    let mut c = w.command(args);
    c.env("SMARTPLUS_API_URL", &emu.url)
        .env("TIKTOK_ACCESS_TOKEN", TOKEN)
        .env("SMARTPLUS_ADVERTISER_ID", ADVERTISER);
    c
}

/// Runs `cmd` bounded, checks the promises every run keeps, and returns its output.
fn sane(label: &str, cmd: Command) -> Output {
    let run = run_bounded(label, cmd);
    run.assert_sane(label);
    run.output
}

fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}
