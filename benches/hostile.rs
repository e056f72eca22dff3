//! How long, and how much memory, the real binary needs on hostile input (issue #11:
//! "each command finishes within seconds and under 200 MB").
//!
//! Run with `cargo bench --bench hostile`. Each case builds its input in a temporary
//! directory (a 1 GiB sparse spec, specs that are links to `/dev/zero` or to
//! `/proc/self/environ`, a FIFO named like a spec, an alias bomb, a saved plan sent to a
//! FIFO, completions sent to `/dev/full`) and runs `smartplus` on it once, reporting
//! wall time and peak resident memory (from `wait4`) as fractions of the bounds. It
//! prints figures and never fails on them; it fails only when a run crashes or exits
//! with a code other than 0, 1 or 2.

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("the hostile-input benchmark runs on Linux only (FIFOs, /proc, /dev/full, wait4)");
}

#[cfg(target_os = "linux")]
fn main() -> std::process::ExitCode {
    linux::main()
}

#[cfg(target_os = "linux")]
mod linux {
    use std::path::Path;
    use std::process::{Command, ExitCode, Stdio};
    use std::time::{Duration, Instant};

    /// "Within seconds": the bound each run is compared with.
    const TIME_BOUND: Duration = Duration::from_secs(5);
    /// Peak resident memory each run is compared with.
    const MEMORY_BOUND_MB: f64 = 200.0;

    /// One run: exit code, wall time, peak memory in MB.
    struct Run {
        code: Option<i32>,
        wall: Duration,
        peak_mb: f64,
    }

    /// Runs `cmd` to completion, its streams discarded unless set, and measures it.
    // Reaped by `wait4`, which `Child::wait` cannot do (it reports no memory).
    #[allow(clippy::zombie_processes)]
    fn measure(mut cmd: Command) -> Run {
        cmd.stdin(Stdio::null());
        let started = Instant::now();
        let child = cmd.spawn().expect("smartplus starts");
        let pid = libc::pid_t::try_from(child.id()).expect("pid");
        let mut status = 0;
        // SAFETY: `rusage` is plain data that wait4 fills in; all-zero is a valid value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, not yet reaped; the pointers are valid.
        let reaped = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
        let wall = started.elapsed();
        assert_eq!(reaped, pid, "wait4");
        let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
        Run {
            code,
            wall,
            // Linux reports kilobytes.
            peak_mb: usage.ru_maxrss as f64 / 1024.0,
        }
    }

    fn smartplus(dir: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_smartplus"));
        c.current_dir(dir)
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("CI")
            .env_remove("TIKTOK_ACCESS_TOKEN")
            .env_remove("SMARTPLUS_API_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    }

    fn example() -> String {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/specs/web-cbo-automatic.yaml"),
        )
        .expect("example spec")
    }

    /// A fresh `campaigns/` with the example in it.
    fn workdir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("campaigns")).expect("mkdir");
        std::fs::write(dir.path().join("campaigns/example.yaml"), example()).expect("write");
        dir
    }

    fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
        std::os::unix::fs::symlink(target, link).expect("symlink");
    }

    fn mkfifo(path: &Path) {
        let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
        assert!(made.success(), "mkfifo {}", path.display());
    }

    type Case = (&'static str, Box<dyn Fn(&Path) -> Command>);

    fn cases() -> Vec<Case> {
        vec![
            (
                "validate a 1 GiB sparse spec",
                Box::new(|d: &Path| {
                    std::fs::File::create(d.join("campaigns/huge.yaml"))
                        .and_then(|f| f.set_len(1 << 30))
                        .expect("sparse file");
                    smartplus(d, &["validate"])
                }),
            ),
            (
                "validate with a spec linked to /dev/zero",
                Box::new(|d: &Path| {
                    symlink("/dev/zero", d.join("campaigns/zero.yaml"));
                    smartplus(d, &["validate"])
                }),
            ),
            (
                "validate a FIFO named like a spec",
                Box::new(|d: &Path| {
                    mkfifo(&d.join("campaigns/pipe.yaml"));
                    smartplus(d, &["validate", "campaigns/pipe.yaml"])
                }),
            ),
            (
                "validate with a spec linked to /proc/self/environ",
                Box::new(|d: &Path| {
                    symlink("/proc/self/environ", d.join("campaigns/env.yaml"));
                    smartplus(d, &["validate"])
                }),
            ),
            (
                "validate an alias bomb (100 uses of a 1 MiB value)",
                Box::new(|d: &Path| {
                    let big = "x".repeat(1 << 20);
                    let uses = vec!["*big"; 100].join(", ");
                    let text =
                        format!("shared:\n  one: &big \"{big}\"\n  all: [{uses}]\ncampaigns: []\n");
                    std::fs::write(d.join("campaigns/bomb.yaml"), text).expect("write");
                    smartplus(d, &["validate"])
                }),
            ),
            (
                "plan --sandbox --out a FIFO",
                Box::new(|d: &Path| {
                    mkfifo(&d.join("plan.fifo"));
                    smartplus(d, &["plan", "--sandbox", "--out", "plan.fifo"])
                }),
            ),
            (
                "completions bash > /dev/full",
                Box::new(|d: &Path| {
                    let mut c = smartplus(d, &["completions", "bash"]);
                    let full = std::fs::OpenOptions::new()
                        .write(true)
                        .open("/dev/full")
                        .expect("/dev/full");
                    c.stdout(full);
                    c
                }),
            ),
        ]
    }

    pub(super) fn main() -> ExitCode {
        println!(
            "hostile-input benchmark: each case once; bounds {} s and {MEMORY_BOUND_MB} MB\n",
            TIME_BOUND.as_secs()
        );
        let mut ok = true;
        for (label, make) in cases() {
            let dir = workdir();
            let run = measure(make(dir.path()));
            let code = run
                .code
                .map_or_else(|| "a signal".to_owned(), |c| c.to_string());
            println!(
                "{label}\n  exit {code}; {:.3} s ({:.4} of the bound); {:.1} MB peak ({:.3} of the bound)\n",
                run.wall.as_secs_f64(),
                run.wall.as_secs_f64() / TIME_BOUND.as_secs_f64(),
                run.peak_mb,
                run.peak_mb / MEMORY_BOUND_MB,
            );
            ok &= matches!(run.code, Some(0..=2));
        }
        if ok {
            ExitCode::SUCCESS
        } else {
            println!("a run crashed or exited with a code other than 0, 1 or 2");
            ExitCode::FAILURE
        }
    }
}
