//! Reading specs: only regular files, each read once and never past the cap; walks
//! that follow symlinked directories (with loop detection), read `.YAML` too, and say
//! what they skip; `--prune` refuses to run while a spec path is skipped.

use std::os::unix::net::UnixListener;

use serde_json::Value;

use super::*;

#[test]
fn a_spec_linked_to_the_environment_shows_none_of_it() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(EXAMPLE);
    symlink("/proc/self/environ", w.path().join("campaigns/env.yaml"));
    for args in [&["validate"][..], &["plan"]] {
        let mut c = against(&w, &emu, args);
        c.env("HOSTILE_MARKER", "marker-5f2e0c");
        let o = sane(&args.join(" "), c);
        assert_eq!(code(&o), 1, "{}", both(&o));
        let text = both(&o);
        assert!(text.contains("file is binary"), "{text}");
        assert!(
            !text.contains("marker-5f2e0c"),
            "the environment leaked:\n{text}"
        );
        assert!(!text.contains("PATH="), "the environment leaked:\n{text}");
    }
}

#[test]
fn a_spec_linked_to_the_token_file_shows_it_masked() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(EXAMPLE);
    let secrets = tempfile::tempdir().expect("temp dir");
    let token_file = secrets.path().join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).expect("token file");
    symlink(&token_file, w.path().join("campaigns/token.yaml"));
    let file = token_file.to_string_lossy().into_owned();
    let mut c = w.command(&["plan", "--access-token-file", &file]);
    c.env("SMARTPLUS_API_URL", &emu.url);
    let o = sane("plan --access-token-file", c);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(stderr(&o).contains("[redacted]"), "{}", both(&o));
}

/// A special file named like a spec, in `campaigns/` beside a real one: skipped with
/// a warning when met in a walk, an error when named on the command line; never read.
fn never_read(name: &str, kind: &str, make: impl FnOnce(&Path)) {
    let w = Workdir::with_fixture(EXAMPLE);
    let path = w.path().join("campaigns").join(name);
    make(&path);
    let o = sane("validate", w.command(&["validate"]));
    assert_eq!(code(&o), 0, "{}", both(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("SP003: skipped: {kind}, not a regular file"))
            && err.contains(&format!("campaigns/{name}")),
        "{err}"
    );
    assert!(
        err.contains("1 file checked, 1 campaign: 0 errors, 1 warning"),
        "{err}"
    );
    let o = sane(
        "validate --deny-warnings",
        w.command(&["validate", "--deny-warnings"]),
    );
    assert_eq!(code(&o), 1, "{}", both(&o));
    let named = format!("campaigns/{name}");
    let o = sane(&named, w.command(&["validate", &named]));
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        stderr(&o).contains(&format!("SP001: cannot read file: it is {kind}")),
        "{}",
        both(&o)
    );
}

#[test]
fn a_fifo_named_like_a_spec_never_blocks() {
    never_read("pipe.yaml", "a FIFO (named pipe)", mkfifo);
}

#[test]
fn a_device_named_like_a_spec_is_never_read() {
    never_read("zero.yaml", "a character device", |p| {
        symlink("/dev/zero", p);
    });
}

#[test]
fn a_socket_named_like_a_spec_is_never_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let socket = dir.path().join("s");
    let _listener = UnixListener::bind(&socket).expect("socket");
    never_read("sock.yml", "a socket", |p| symlink(&socket, p));
}

#[test]
fn a_file_over_the_cap_is_refused_before_it_is_read() {
    let w = Workdir::new();
    let dir = w.path().join("campaigns");
    std::fs::create_dir_all(&dir).expect("mkdir");
    // 1 GiB, sparse: reading it whole once took 5 GB and 43 s.
    let huge = std::fs::File::create(dir.join("huge.yaml")).expect("create");
    huge.set_len(1 << 30).expect("set_len");
    let o = sane("validate huge", w.command(&["validate"]));
    assert_eq!(code(&o), 1, "{}", both(&o));
    let err = stderr(&o);
    assert!(
        err.contains("file is larger than the 64 MiB a spec may be"),
        "{err}"
    );
    assert!(err.len() < 2000, "{} bytes on stderr", err.len());
}

#[test]
fn symlinked_directories_and_any_letter_case_are_read() {
    let w = Workdir::new();
    let shared = w.path().join("shared");
    std::fs::create_dir_all(&shared).expect("mkdir");
    let example = |name: &str| std::fs::read_to_string(fixtures().join(name));
    std::fs::write(
        shared.join("Brand.YAML"),
        example("lead-gen-spark.yaml").expect("example"),
    )
    .expect("write");
    w.write("Sale.Yml", &example(EXAMPLE).expect("example"));
    let dir = w.path().join("campaigns");
    symlink(&shared, dir.join("shared"));
    // A loop through the symlinked directory, and a second way to the same file.
    symlink(&dir, shared.join("back"));
    symlink(dir.join("Sale.Yml"), dir.join("sale-again.yaml"));
    let o = sane(
        "validate --format json",
        w.command(&["validate", "--format", "json"]),
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(doc["summary"]["files"], 2, "{doc:#}");
    assert_eq!(doc["summary"]["campaigns"], 2, "{doc:#}");
    let skipped: Vec<String> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "SP003")
        .map(|d| format!("{} {}", d["file"].as_str().unwrap_or(""), d["message"]))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:#?}");
    assert!(
        skipped[0].starts_with("campaigns/sale-again.yaml") && skipped[0].contains("the same as")
    );
    assert!(skipped[1].starts_with("campaigns/shared/back") && skipped[1].contains("a loop"));
    // Both campaigns are the spec's: applied, then --prune has nothing to pause.
    let emu = Emu::start();
    let o = sane("apply", against(&w, &emu, &["apply", "--auto-approve"]));
    assert_eq!(code(&o), 0, "{}", both(&o));
    let o = sane(
        "plan --prune",
        against(&w, &emu, &["plan", "--prune", "--detailed-exitcode"]),
    );
    assert_eq!(code(&o), 0, "nothing to change or pause: {}", both(&o));
}

/// An emulator holding two applied campaigns, and their specs: the example and a
/// lead-generation one in `lead.yaml`.
fn two_campaigns_applied() -> (Emu, Workdir) {
    let emu = Emu::start();
    let w = Workdir::new();
    let example = |name: &str| std::fs::read_to_string(fixtures().join(name)).expect("fixture");
    w.write(EXAMPLE, &example(EXAMPLE));
    w.write("lead.yaml", &example("lead-gen-spark.yaml"));
    let o = sane("apply", against(&w, &emu, &["apply", "--auto-approve"]));
    assert_eq!(code(&o), 0, "{}", both(&o));
    (emu, w)
}

#[test]
fn prune_refuses_to_run_while_a_spec_path_is_skipped() {
    let (emu, w) = two_campaigns_applied();
    // The lead-generation spec is now behind a link that leads nowhere: its campaign
    // would look gone from the spec, and --prune would pause it.
    let dir = w.path().join("campaigns");
    std::fs::remove_file(dir.join("lead.yaml")).expect("remove");
    symlink(w.path().join("moved/lead.yaml"), dir.join("lead.yaml"));
    for args in [
        &["plan", "--prune"][..],
        &["apply", "--prune", "--auto-approve"],
    ] {
        let o = sane(&args.join(" "), against(&w, &emu, args));
        assert_eq!(code(&o), 1, "{}", both(&o));
        let err = stderr(&o);
        assert!(
            err.contains("refusing --prune: 1 spec path could not be read: `campaigns/lead.yaml`"),
            "{err}"
        );
    }
    let live = emu.list("campaign");
    assert!(
        live.iter().all(|c| c["operation_status"] == "ENABLE"),
        "nothing may be paused: {live:#?}"
    );
    // Without --prune, the plan goes ahead and says what it skipped.
    let o = sane("plan", against(&w, &emu, &["plan"]));
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(stderr(&o).contains("SP003"), "{}", both(&o));
}

/// A spec file someone hid (`.lead.yaml`) is named as skipped, and `--prune` refuses
/// to pause the campaign it holds; hidden directories (`.git`) stay silent.
#[test]
fn a_hidden_spec_file_is_named_and_prune_refuses() {
    let (emu, w) = two_campaigns_applied();
    let dir = w.path().join("campaigns");
    std::fs::rename(dir.join("lead.yaml"), dir.join(".lead.yaml")).expect("hide");
    std::fs::create_dir_all(dir.join(".git")).expect("mkdir");
    std::fs::write(dir.join(".git/config.yaml"), "not: a spec\n").expect("write");
    let o = sane("plan --prune", against(&w, &emu, &["plan", "--prune"]));
    assert_eq!(code(&o), 1, "{}", both(&o));
    let err = stderr(&o);
    assert!(
        err.contains("refusing --prune: 1 spec path could not be read: `campaigns/.lead.yaml`"),
        "{err}"
    );
    assert!(
        emu.list("campaign")
            .iter()
            .all(|c| c["operation_status"] == "ENABLE"),
        "nothing may be paused"
    );
    let o = sane("plan", against(&w, &emu, &["plan"]));
    assert_eq!(code(&o), 0, "{}", both(&o));
    let err = stderr(&o);
    assert!(err.contains("a hidden file"), "{err}");
    assert!(!err.contains(".git"), "{err}");
}

/// Media files a spec names are hostile too: a FIFO never blocks, `/dev/zero` is
/// never read, a link to the token file is not media (and is never shown), a file
/// claiming to be larger than any upload is refused from its size alone.
#[test]
fn media_files_that_are_not_media_are_refused_without_reading_them() {
    let emu = Emu::start();
    let w = Workdir::with_fixture("web-media-files.yaml");
    let assets = w.path().join("campaigns/assets");
    std::fs::remove_file(assets.join("spring-sale.mp4")).expect("remove");
    mkfifo(&assets.join("spring-sale.mp4"));
    std::fs::remove_file(assets.join("new-arrivals.mp4")).expect("remove");
    symlink("/dev/zero", assets.join("new-arrivals.mp4"));
    let secrets = tempfile::tempdir().expect("temp dir");
    let token_file = secrets.path().join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).expect("token file");
    std::fs::remove_file(assets.join("new-arrivals-cover.jpg")).expect("remove");
    symlink(&token_file, assets.join("new-arrivals-cover.jpg"));
    let huge = std::fs::File::create(assets.join("spring-sale-cover.png")).expect("create");
    huge.set_len(60 << 30).expect("sparse file");
    for args in [&["validate"][..], &["plan"]] {
        let o = sane(&args.join(" "), against(&w, &emu, args));
        assert_eq!(code(&o), 1, "{}", both(&o));
        // Messages wrap at the terminal's width.
        let err = stderr(&o).replace("\n  │ ", " ");
        assert!(
            err.contains("a FIFO (named pipe), not a regular file"),
            "{err}"
        );
        assert!(
            err.contains("a character device, not a regular file"),
            "{err}"
        );
        assert!(err.contains("not a video or image format"), "{err}");
        assert!(err.contains("SP142"), "{err}");
    }
}
