//! Secrets in depth: the token's value is masked in everything the tool writes
//! (stdout, stderr, saved plans, spec files), whatever put it there; the token file
//! is read with the care given to specs.

use super::*;

/// Every file under `dir`, hidden ones included.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_token_is_masked_wherever_it_turns_up() {
    let emu = Emu::start();
    let w = Workdir::new();
    // Someone pasted the token into a campaign's name: every command echoes names.
    let name = format!("Sale {TOKEN}");
    let text = std::fs::read_to_string(fixtures().join(EXAMPLE))
        .expect("example")
        .replace(EXAMPLE_NAME, &name);
    w.write(EXAMPLE, &text);
    let runs: [&[&str]; 5] = [
        &["plan", "--format", "markdown"],
        &["-vv", "plan", "--format", "json", "--out", "plan.json"],
        &["apply", "--auto-approve"],
        &["plan"],
        &[
            "import",
            "--all",
            "--allow-partial",
            "--out-dir",
            "imported",
        ],
    ];
    for args in runs {
        let mut c = against(&w, &emu, args);
        c.env("SMARTPLUS_LOG", "trace");
        let o = sane(&args.join(" "), c);
        assert!(code(&o) <= 1, "{}", both(&o));
        assert!(
            both(&o).contains("Sale [redacted]"),
            "`{}` shows the masked name:\n{}",
            args.join(" "),
            both(&o)
        );
    }
    let written = files(w.path());
    assert!(
        written.iter().any(|p| p.ends_with("plan.json")),
        "{written:?}"
    );
    assert!(
        written
            .iter()
            .any(|p| p.starts_with(w.path().join("imported"))),
        "{written:?}"
    );
    for p in written
        .iter()
        .filter(|p| !p.starts_with(w.path().join("campaigns")))
    {
        let bytes = std::fs::read(p).expect("read");
        assert!(
            !String::from_utf8_lossy(&bytes).contains(TOKEN),
            "`{}` holds the token",
            p.display()
        );
    }
}

#[test]
fn the_token_file_is_read_with_care() {
    let w = Workdir::with_fixture(EXAMPLE);
    let secrets = tempfile::tempdir().expect("temp dir");
    let fifo = secrets.path().join("fifo");
    mkfifo(&fifo);
    let huge = secrets.path().join("huge");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(1 << 30))
        .expect("sparse file");
    let environ = secrets.path().join("environ");
    symlink("/proc/self/environ", &environ);
    for (file, said) in [
        (
            fifo.as_path(),
            "it is a FIFO (named pipe), not a regular file",
        ),
        (
            Path::new("/dev/zero"),
            "it is a character device, not a regular file",
        ),
        (huge.as_path(), "it is larger than 64 KiB"),
        (environ.as_path(), "contains spaces or control characters"),
    ] {
        let path = file.to_string_lossy().into_owned();
        let mut c = w.command(&["plan", "--access-token-file", &path]);
        c.env("HOSTILE_MARKER", "marker-5f2e0c")
            .env("SMARTPLUS_API_URL", "http://127.0.0.1:9");
        let o = sane(&path, c);
        assert_eq!(code(&o), 1, "{}", both(&o));
        assert!(stderr(&o).contains(said), "{path}: {}", both(&o));
        assert!(!both(&o).contains("marker-5f2e0c"), "{}", both(&o));
    }
}
