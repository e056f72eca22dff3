//! The access token never leaves the process: not in stdout, stderr, debug logs,
//! error messages, saved plans or any file written in the working directory.

use std::path::Path;
use std::process::{Command, Output};

use crate::harness::*;

/// The token and a tail of it, to catch partial or truncated echoes too.
fn needles() -> [&'static str; 2] {
    [TOKEN, &TOKEN[TOKEN.len() - 10..]]
}

/// Every run, labelled.
#[derive(Default)]
struct Runs(Vec<(String, Output)>);

impl Runs {
    fn run(&mut self, label: &str, mut cmd: Command) -> &Output {
        let o = cmd.output().expect("smartplus runs");
        self.0.push((label.to_string(), o));
        &self.0.last().expect("just pushed").1
    }

    /// Fails on the first run whose output holds the token.
    fn assert_clean(&self) {
        for (label, o) in &self.0 {
            for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
                let text = String::from_utf8_lossy(bytes);
                for n in needles() {
                    assert!(
                        !text.contains(n),
                        "`{label}` printed the token on {stream}:\n{text}"
                    );
                }
            }
        }
    }
}

/// Every file under `dir`, hidden ones included.
fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn assert_no_file_holds_the_token(dir: &Path) -> usize {
    let mut all = Vec::new();
    files(dir, &mut all);
    for p in &all {
        let bytes = std::fs::read(p).expect("read file");
        let text = String::from_utf8_lossy(&bytes);
        for n in needles() {
            assert!(!text.contains(n), "`{}` holds the token", p.display());
        }
    }
    all.len()
}

/// `smartplus ARGS` against `emu` with the token in the environment, debug logs on.
fn logged(w: &Workdir, emu: &Emu, args: &[&str]) -> Command {
    let mut c = w.command(args);
    c.env("SMARTPLUS_API_URL", &emu.url)
        .env("TIKTOK_ACCESS_TOKEN", TOKEN)
        .env("SMARTPLUS_LOG", "trace");
    c
}

#[test]
fn every_command_keeps_the_token_out_of_output_and_files() {
    let emu = Emu::start();
    let w = Workdir::with_fixtures();
    let mut runs = Runs::default();
    for format in ["human", "json"] {
        runs.run(
            &format!("validate --format {format}"),
            logged(&w, &emu, &["-v", "validate", "--format", format]),
        );
    }
    for format in ["human", "json", "markdown"] {
        let out = format!("plan-{format}.json");
        let o = runs.run(
            &format!("plan --format {format}"),
            logged(
                &w,
                &emu,
                &["-vv", "plan", "--format", format, "--out", &out],
            ),
        );
        assert_eq!(code(o), 0, "{}", stderr(o));
        assert!(w.path().join(&out).is_file());
    }
    // The debug log really is on: otherwise this test proves little.
    let (_, last) = runs.0.last().expect("a run");
    assert!(
        stderr(last).contains("DEBUG") || stderr(last).contains("TRACE"),
        "no debug log: {}",
        stderr(last)
    );
    let o = runs.run(
        "apply --plan",
        logged(&w, &emu, &["-vv", "apply", "--plan", "plan-human.json"]),
    );
    assert_eq!(code(o), 0, "{}", stderr(o));
    let o = runs.run(
        "apply --auto-approve",
        logged(&w, &emu, &["-vv", "apply", "--auto-approve", "--prune"]),
    );
    assert_eq!(code(o), 0, "{}", stderr(o));
    runs.run("import", logged(&w, &emu, &["-vv", "import", "--all"]));
    runs.run("import", logged(&w, &emu, &["-vv", "import"]));
    for format in ["human", "json", "markdown"] {
        let o = runs.run(
            &format!("status --format {format}"),
            logged(&w, &emu, &["-vv", "status", "--all", "--format", format]),
        );
        assert_eq!(code(o), 0, "{}", stderr(o));
    }
    runs.assert_clean();
    let n = assert_no_file_holds_the_token(w.path());
    assert!(n >= 4, "the spec and three saved plans: {n} files");
}

#[test]
fn failures_do_not_echo_the_token() {
    let emu = Emu::start();
    let w = Workdir::with_fixtures();
    let mut runs = Runs::default();

    // A wrong token: the error explains, without repeating either token.
    let wrong = format!("{TOKEN}-revoked");
    for args in [&["plan"][..], &["apply", "--auto-approve"]] {
        let mut c = w.command(args);
        c.env("SMARTPLUS_API_URL", &emu.url)
            .env("TIKTOK_ACCESS_TOKEN", &wrong)
            .env("SMARTPLUS_LOG", "debug");
        let o = runs.run(&format!("{} with a wrong token", args.join(" ")), c);
        assert_eq!(code(o), 1, "{}", stderr(o));
        assert!(
            stderr(o).contains("token"),
            "the error says what is wrong: {}",
            stderr(o)
        );
    }

    // A token with a stray space is refused before any call.
    let mut c = w.command(&["plan"]);
    c.env("SMARTPLUS_API_URL", &emu.url)
        .env("TIKTOK_ACCESS_TOKEN", format!("{TOKEN} x"));
    let o = runs.run("plan with a spaced token", c);
    assert_eq!(code(o), 1, "{}", stderr(o));

    // The token together with --sandbox is a conflict.
    let mut c = w.command(&["plan", "--sandbox"]);
    c.env("TIKTOK_ACCESS_TOKEN", TOKEN);
    let o = runs.run("plan --sandbox with a token", c);
    assert_eq!(code(o), 1, "{}", stderr(o));

    // A token file outside the workdir works and is not echoed.
    let secrets = tempfile::tempdir().expect("temp dir");
    let file = secrets.path().join("token");
    std::fs::write(&file, format!("{TOKEN}\n")).expect("write token file");
    let file = file.to_string_lossy().into_owned();
    let mut c = w.command(&["-vv", "plan", "--access-token-file", &file]);
    c.env("SMARTPLUS_API_URL", &emu.url)
        .env("SMARTPLUS_LOG", "trace");
    let o = runs.run("plan --access-token-file", c);
    assert_eq!(code(o), 0, "{}", stderr(o));

    // The emulator gone: transport errors name the URL, never the header.
    let gone = Emu::start();
    let url = gone.url.clone();
    drop(gone);
    let mut c = w.command(&["plan"]);
    c.env("SMARTPLUS_API_URL", &url)
        .env("TIKTOK_ACCESS_TOKEN", TOKEN)
        .env("SMARTPLUS_LOG", "trace");
    let o = runs.run("plan against a closed port", c);
    assert_eq!(code(o), 1, "{}", stderr(o));

    runs.assert_clean();
    assert_no_file_holds_the_token(w.path());
}
