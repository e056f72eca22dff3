//! Writing files: `plan --out` and `import` write through a temporary file no one can
//! plant in advance, never through a symlink, and never over anything but a regular
//! file; saved plans are readable by their owner only.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};

use super::*;

/// A file an attacker wants overwritten.
fn victim(w: &Workdir) -> std::path::PathBuf {
    let p = w.path().join("victim.txt");
    std::fs::write(&p, "precious").expect("victim");
    p
}

#[test]
fn planted_temporary_symlinks_are_not_followed() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(EXAMPLE);
    let victim = victim(&w);
    // The names the old writer used for its temporary files.
    symlink(&victim, w.path().join(".plan.json.tmp"));
    std::fs::create_dir_all(w.path().join("imported")).expect("mkdir");
    let slug = "spring-sale-us-prospecting.yaml";
    symlink(&victim, w.path().join(format!("imported/.{slug}.tmp")));
    let o = sane("apply", against(&w, &emu, &["apply", "--auto-approve"]));
    assert_eq!(code(&o), 0, "{}", both(&o));
    let o = sane(
        "plan --out",
        against(&w, &emu, &["plan", "--out", "plan.json"]),
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    let o = sane(
        "import",
        against(&w, &emu, &["import", "--all", "--out-dir", "imported"]),
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    let plan = std::fs::symlink_metadata(w.path().join("plan.json")).expect("plan saved");
    assert!(plan.file_type().is_file());
    assert_eq!(
        plan.permissions().mode() & 0o777,
        0o600,
        "saved plans are private"
    );
    let spec = std::fs::symlink_metadata(w.path().join("imported").join(slug)).expect("imported");
    assert!(spec.file_type().is_file());
    // No temporary file is left behind beside either; only the planted links are.
    for dir in [w.path().to_path_buf(), w.path().join("imported")] {
        let temporaries: Vec<String> = std::fs::read_dir(&dir)
            .expect("read dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
            .filter(|p| !p.is_symlink())
            .map(|p| p.display().to_string())
            .collect();
        assert!(temporaries.is_empty(), "{temporaries:?}");
    }
}

/// `--out` onto a device is refused and the device stays one (run as root, the
/// first release turned `/dev/full` into a regular file). As root the device is a
/// fresh null device in a scratch directory; otherwise `/dev/null`, which a
/// regression could not replace without root either.
#[test]
fn a_device_is_never_replaced_by_a_plan() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(EXAMPLE);
    let made = w.path().join("plan.dev");
    let device = Command::new("mknod")
        .arg(&made)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    let out = if device {
        made
    } else {
        std::path::PathBuf::from("/dev/null")
    };
    let arg = out.to_string_lossy().into_owned();
    let o = sane(
        "plan --out DEVICE",
        against(&w, &emu, &["plan", "--out", &arg]),
    );
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        stderr(&o).contains("a character device, not a regular file"),
        "{}",
        both(&o)
    );
    let kind = std::fs::symlink_metadata(&out).expect("device").file_type();
    assert!(kind.is_char_device(), "{} is still a device", out.display());
}

#[test]
fn special_files_and_symlinks_are_never_replaced() {
    let emu = Emu::start();
    let w = Workdir::with_fixture(EXAMPLE);
    let victim = victim(&w);
    mkfifo(&w.path().join("plan.fifo"));
    symlink(&victim, w.path().join("plan.link"));
    for (out, kind) in [
        ("plan.fifo", "a FIFO (named pipe), not a regular file"),
        ("plan.link", "a symbolic link, not a regular file"),
    ] {
        let o = sane(out, against(&w, &emu, &["plan", "--out", out]));
        assert_eq!(code(&o), 1, "{}", both(&o));
        assert!(
            stderr(&o).contains(&format!("cannot write `{out}`: it is {kind}")),
            "{}",
            both(&o)
        );
    }
    let fifo = std::fs::symlink_metadata(w.path().join("plan.fifo")).expect("fifo");
    assert!(fifo.file_type().is_fifo(), "the FIFO is still a FIFO");
    assert!(
        std::fs::symlink_metadata(w.path().join("plan.link"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );

    // Import, even with --force, writes nothing when one of its files is a symlink.
    let o = sane("apply", against(&w, &emu, &["apply", "--auto-approve"]));
    assert_eq!(code(&o), 0, "{}", both(&o));
    let out = w.path().join("imported");
    std::fs::create_dir_all(&out).expect("mkdir");
    symlink(&victim, out.join("spring-sale-us-prospecting.yaml"));
    let o = sane(
        "import --force",
        against(
            &w,
            &emu,
            &["import", "--all", "--force", "--out-dir", "imported"],
        ),
    );
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        stderr(&o).contains("`imported/spring-sale-us-prospecting.yaml`: it is a symbolic link"),
        "{}",
        both(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    assert_eq!(
        std::fs::read_dir(&out).expect("dir").count(),
        1,
        "nothing written"
    );
}
