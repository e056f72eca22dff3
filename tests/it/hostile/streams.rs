//! Output streams: a closed pipe (`| head`) ends quietly with the command's own exit
//! code; any other write error exits 1 and names the stream; nothing panics.

use std::process::Stdio;

use super::*;

/// The write end of a pipe whose reader is gone, as after `| head` exits.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Stdio::from(writer)
}

/// A stream on which every write fails with "no space left on device".
fn full() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

/// Commands that print data on stdout, with the code each ends with when it can.
fn data_commands() -> Vec<(&'static [&'static str], i32)> {
    vec![
        (&["schema"], 0),
        (&["completions", "bash"], 0),
        (&["validate", "--format", "json"], 0),
        (&["plan", "--format", "markdown"], 0),
        (&["plan", "--format", "json", "--detailed-exitcode"], 2),
        (&["--help"], 0),
    ]
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_commands_own_code() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(EXAMPLE);
    for (args, want) in data_commands() {
        let label = format!("{} | head", args.join(" "));
        let run = run_bounded_to(
            &label,
            against(&w, &emu, args),
            closed_pipe(),
            Stdio::piped(),
        );
        let o = run.assert_sane(&label);
        assert_eq!(code(o), want, "{label}: {}", stderr(o));
        assert!(stderr(o).is_empty(), "{label}: {}", stderr(o));
    }
}

#[test]
fn a_full_stdout_exits_1_and_names_it() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(EXAMPLE);
    for (args, _) in data_commands() {
        let label = format!("{} > /dev/full", args.join(" "));
        let run = run_bounded_to(&label, against(&w, &emu, args), full(), Stdio::piped());
        let o = run.assert_sane(&label);
        assert_eq!(code(o), 1, "{label}: {}", stderr(o));
        assert!(
            stderr(o).contains("error: cannot write to stdout: No space left on device"),
            "{label}: {}",
            stderr(o)
        );
    }
}

#[test]
fn a_full_stderr_is_an_error_too() {
    let w = Workdir::with_fixture(EXAMPLE);
    w.write("broken.yaml", "campaigns: [");
    // A run that would succeed and one that fails: neither may exit 0 with its
    // messages lost, nor panic.
    for (args, label) in [
        (
            &["validate", "campaigns/web-cbo-automatic.yaml"][..],
            "valid",
        ),
        (&["validate"], "invalid"),
    ] {
        let run = run_bounded_to(label, w.command(args), Stdio::piped(), full());
        let o = run.assert_sane(label);
        assert_eq!(code(o), 1, "{label}");
    }
}
