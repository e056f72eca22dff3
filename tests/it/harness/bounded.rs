//! Running the binary under the promises hostile input must not break: a run that
//! hangs is killed (and fails its test) instead of hanging the suite, and each run's
//! peak memory is measured so a test can hold it to a bound.
//!
//! Linux keeps a process's peak across `exec`, and a spawned child starts from this
//! test process's memory: `wait4` alone would charge every run with whatever the
//! other tests of this binary hold. So the child's own peak (`VmHWM` of its process
//! after `exec`) is sampled while it runs, and `wait4`'s figure counts only when it is
//! above this process's own peak, as then it can only be the child's.

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use super::{TOKEN, code, stderr, stdout};

/// A run still going after this long is hung: killed, and the test fails.
pub(crate) const HANG_AFTER: Duration = Duration::from_secs(30);
/// Peak resident memory any run may reach.
pub(crate) const MAX_MEMORY_MB: u64 = 200;

/// A finished run and its peak resident memory.
pub(crate) struct Bounded {
    pub output: Output,
    pub peak_mb: u64,
}

/// Runs `cmd` (stdin empty, stdout and stderr captured) to completion, killing it
/// after [`HANG_AFTER`].
pub(crate) fn run_bounded(label: &str, cmd: Command) -> Bounded {
    run_bounded_to(label, cmd, Stdio::piped(), Stdio::piped())
}

/// [`run_bounded`] with the streams going where given (a full device, a closed
/// pipe); what is not piped comes back empty.
pub(crate) fn run_bounded_to(
    label: &str,
    mut cmd: Command,
    stdout: Stdio,
    stderr: Stdio,
) -> Bounded {
    cmd.stdin(Stdio::null());
    let mut child = cmd
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("smartplus starts");
    let readers = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .map(|stream| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut s) = stream {
                let _ = s.read_to_end(&mut bytes);
            }
            bytes
        })
    });
    let (status, peak_mb) = wait_bounded(label, &mut child);
    let [out, err] = readers.map(|r| r.join().expect("reader thread"));
    Bounded {
        output: Output {
            status,
            stdout: out,
            stderr: err,
        },
        peak_mb,
    }
}

/// `VmHWM` of `/proc/<pid>/status` in kilobytes: the peak resident memory of that
/// process's current image (0 once it has exited or when unreadable).
fn high_water_kb(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Waits for `child`, sampling its peak memory as it runs (see the module docs).
fn wait_bounded(label: &str, child: &mut std::process::Child) -> (ExitStatus, u64) {
    let pid = libc::pid_t::try_from(child.id()).expect("pid fits");
    let proc_pid = pid.to_string();
    let mut sampled_kb = 0;
    let started = Instant::now();
    loop {
        let mut status = 0;
        // SAFETY: `rusage` is plain data that wait4 fills in; all-zero is a valid value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, not yet reaped; the pointers are valid.
        let reaped = unsafe { libc::wait4(pid, &raw mut status, libc::WNOHANG, &raw mut usage) };
        if reaped == pid {
            // Linux reports kilobytes.
            let reported_kb = u64::try_from(usage.ru_maxrss).unwrap_or(0);
            let own_kb = if reported_kb > high_water_kb("self") {
                reported_kb
            } else {
                sampled_kb
            };
            return (ExitStatus::from_raw(status), own_kb / 1024);
        }
        assert!(reaped == 0, "`{label}`: wait4 failed");
        sampled_kb = sampled_kb.max(high_water_kb(&proc_pid));
        if started.elapsed() > HANG_AFTER {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{label}` hung: killed after {HANG_AFTER:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

impl Bounded {
    /// The promises of every run on hostile input: an exit code of 0, 1 or 2 (never a
    /// crash or a panic), no trace of the token on either stream, and memory under
    /// [`MAX_MEMORY_MB`].
    pub(crate) fn assert_sane(&self, label: &str) -> &Output {
        let o = &self.output;
        let both = format!("{}{}", stdout(o), stderr(o));
        assert!(
            matches!(code(o), 0..=2),
            "`{label}` exited {:?}:\n{both}",
            o.status
        );
        assert!(!both.contains("panicked"), "`{label}` panicked:\n{both}");
        for needle in [TOKEN, &TOKEN[TOKEN.len() - 10..]] {
            assert!(
                !both.contains(needle),
                "`{label}` printed the token:\n{both}"
            );
        }
        assert!(
            self.peak_mb < MAX_MEMORY_MB,
            "`{label}` used {} MB (bound {MAX_MEMORY_MB} MB)",
            self.peak_mb
        );
        o
    }
}
