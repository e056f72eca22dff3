//! Creatives from local files: validate reads them, plan shows their uploads, apply
//! uploads each content once (into an emulator that, as live, refuses ads naming
//! media it does not have) and records it in `smartplus.lock`; a fresh clone with
//! the same lock file uploads nothing. Faults, dropped answers and a run killed
//! mid-upload never make a second copy.

use smartplus::emulator::Config;

use crate::harness::*;

const EXAMPLE: &str = "web-media-files.yaml";
const LOCK: &str = "campaigns/smartplus.lock";

/// (file name, id) of assets, sorted.
type Assets = Vec<(String, String)>;

/// The account's library: every video and image.
fn library(emu: &Emu) -> (Assets, Assets) {
    let read = |kind: &str, id_key: &str| {
        let v = emu.blocking_get(&format!(
            "{PREFIX}/file/{kind}/ad/search/?advertiser_id={ADVERTISER}&page_size=100"
        ));
        assert_eq!(v["code"], 0, "{v}");
        let mut out: Vec<(String, String)> = v["data"]["list"]
            .as_array()
            .expect("list")
            .iter()
            .map(|a| {
                (
                    a["file_name"].as_str().expect("name").to_owned(),
                    a[id_key].as_str().expect("id").to_owned(),
                )
            })
            .collect();
        out.sort();
        out
    };
    (read("video", "video_id"), read("image", "image_id"))
}

/// Upload requests the emulator received (retries and lost answers included).
fn uploads_sent(emu: &Emu) -> u64 {
    let stats = emu.block_on(emu.stats());
    ["video", "image"]
        .iter()
        .map(|k| {
            stats["by_path"][format!("{PREFIX}/file/{k}/ad/upload/")]
                .as_u64()
                .unwrap_or(0)
        })
        .sum()
}

/// The lock file's entries: (kind, id, name).
fn lock_entries(w: &Workdir) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(w.path().join(LOCK)).expect("lock file written");
    let mut out: Vec<(String, String, String)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            assert_eq!(f.len(), 6, "{l}");
            assert_eq!(f[0], ADVERTISER, "{l}");
            (f[1].to_owned(), f[3].to_owned(), f[5].to_owned())
        })
        .collect();
    out.sort();
    out
}

/// Each of the example's four files is in the library exactly once, and the lock
/// file names exactly those uploads.
fn assert_each_file_once(emu: &Emu, w: &Workdir) {
    let (videos, images) = library(emu);
    let names = |l: &[(String, String)]| l.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(videos.len(), 2, "videos: {videos:?}");
    assert_eq!(images.len(), 2, "images: {images:?}");
    for n in names(&videos).iter().chain(&names(&images)) {
        assert_eq!(n.as_bytes().get(8), Some(&b'-'), "content name `{n}`");
    }
    let mut want: Vec<(String, String, String)> = videos
        .iter()
        .map(|(n, id)| ("video".to_owned(), id.clone(), n.clone()))
        .chain(
            images
                .iter()
                .map(|(n, id)| ("image".to_owned(), id.clone(), n.clone())),
        )
        .collect();
    want.sort();
    assert_eq!(lock_entries(w), want);
}

/// A clone of the workdir's specs, media and lock file, as another machine has it.
fn clone_of(w: &Workdir) -> Workdir {
    let c = Workdir::new();
    copy_tree(&w.path().join("campaigns"), &c.path().join("campaigns"));
    c
}

#[test]
fn files_validate_plan_upload_once_and_a_clone_uploads_nothing() {
    let emu = Emu::with(Emu::strict_assets());
    let w = Workdir::with_fixture(EXAMPLE);

    let o = w.run_plain(&["validate", "--deny-warnings"]);
    assert_eq!(code(&o), 0, "{}", both(&o));

    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 2, "{}", both(&o));
    insta::assert_snapshot!("plan_with_uploads", redact(&stdout(&o)));
    assert_eq!(uploads_sent(&emu), 0, "plan only reads");

    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let err = stderr(&o);
    assert!(err.contains("Uploads: 4 uploaded, 0 found"), "{err}");
    assert!(err.contains("Apply complete: 4 created"), "{err}");
    assert_eq!(uploads_sent(&emu), 4);
    assert_each_file_once(&emu, &w);
    // The ads name the uploads.
    let ads = emu.list("ad");
    let (videos, images) = library(&emu);
    let text = serde_json::to_string(&ads).expect("json");
    for (_, id) in videos.iter().chain(&images) {
        assert!(text.contains(id.as_str()), "{id} not used by {text}");
    }

    // Another machine with the same repository: nothing to upload, nothing to change.
    let clone = clone_of(&w);
    let calls = |path: &str| {
        let stats = emu.block_on(emu.stats());
        stats["by_path"][format!("{PREFIX}/file/{path}/")]
            .as_u64()
            .unwrap_or(0)
    };
    let profile = || {
        [
            "video/ad/info",
            "image/ad/info",
            "video/ad/search",
            "image/ad/search",
        ]
        .map(calls)
    };
    let before = profile();
    let o = clone.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert!(!stdout(&o).contains("upload"), "{}", stdout(&o));
    // A full lock costs one info call per kind, and no search of the library.
    let after = profile();
    let made: Vec<u64> = after.iter().zip(before).map(|(a, b)| a - b).collect();
    assert_eq!(made, [1, 1, 0, 0], "info, info, search, search");
    let o = clone.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(uploads_sent(&emu), 4, "the clone uploaded again");
    assert_each_file_once(&emu, &clone);
}

/// Another campaign uploaded the same new files between this plan and its apply: the
/// saved plan's video uploads meet names the account already has (`40911`) and take
/// those videos instead of making second copies; the library holds each file once.
#[test]
fn uploads_someone_made_after_the_plan_are_found_not_repeated() {
    let emu = Emu::with(Emu::strict_assets());
    let w = Workdir::with_fixture(EXAMPLE);
    let o = w.run(&emu, &["plan", "--out", "files.plan"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    // Elsewhere, another campaign with the same files is applied first.
    let other = clone_of(&w);
    let spec = std::fs::read_to_string(other.path().join("campaigns").join(EXAMPLE)).expect("spec");
    other.write(
        EXAMPLE,
        &spec.replace("New arrivals - from files", "Elsewhere - same files"),
    );
    let o = other.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(uploads_sent(&emu), 4);

    let o = w.run(&emu, &["apply", "--plan", "files.plan", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let err = stderr(&o);
    // Videos meet their names and are found; an image whose bytes TikTok has is
    // answered with that image (as live does), so it counts as uploaded.
    assert!(err.contains("Uploads: 2 uploaded, 2 found"), "{err}");
    let stats = emu.block_on(emu.stats());
    assert_eq!(
        stats["by_code"]["40911"], 2,
        "each video met its name: {stats}"
    );
    assert_each_file_once(&emu, &w);
    assert_eq!(emu.list("campaign").len(), 2, "one campaign each");
}

/// TikTok's size limits hold whatever the content: a real MP4 grown past 500 MiB and
/// a real PNG past 50 MiB (sparse files: nothing is written, and nothing is read past
/// the headers) are refused by `validate`, offline.
#[test]
fn files_over_tiktok_s_size_limits_are_refused_offline() {
    let w = Workdir::with_fixture(EXAMPLE);
    let assets = w.path().join("campaigns/assets");
    let grow = |name: &str, len: u64| {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(assets.join(name))
            .expect("open");
        f.set_len(len).expect("sparse");
    };
    grow("spring-sale.mp4", 501 << 20);
    grow("new-arrivals-cover.jpg", 51 << 20);
    let o = w.run_plain(&["validate"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let err = flat(&stderr(&o).replace('│', " "));
    assert!(
        err.contains("SP142: the video `assets/spring-sale.mp4` of ad `Launch videos` is 501.0 MiB, larger than TikTok's 500 MiB"),
        "{err}"
    );
    assert!(
        err.contains("SP142: the cover `assets/new-arrivals-cover.jpg` of ad `Launch videos` is 51.0 MiB, larger than TikTok's 50 MiB"),
        "{err}"
    );
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn a_lost_lock_file_is_rebuilt_from_the_account_without_uploading() {
    let emu = Emu::with(Emu::strict_assets());
    let w = Workdir::with_fixture(EXAMPLE);
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let before = lock_entries(&w);
    std::fs::remove_file(w.path().join(LOCK)).expect("remove lock");

    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "found by name: {}", both(&o));
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(uploads_sent(&emu), 4);
    assert_eq!(lock_entries(&w), before);
}

#[test]
fn a_locked_id_gone_from_the_account_is_uploaded_again() {
    let first = Emu::with(Emu::strict_assets());
    let w = Workdir::with_fixture(EXAMPLE);
    let o = w.run(&first, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let old = lock_entries(&w);

    // Another account state: none of the locked ids are there.
    let emu = Emu::with(Emu::strict_assets());
    let o = w.run(&emu, &["plan"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let out = stdout(&o);
    assert!(out.contains("Plan: 4 to upload"), "{out}");
    assert!(out.contains("which is no longer in the account"), "{out}");
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_each_file_once(&emu, &w);
    assert_ne!(lock_entries(&w), old, "the lock now names the new uploads");
}

#[test]
fn faults_and_dropped_answers_never_upload_twice() {
    let state = tempfile::tempdir().expect("temp dir");
    let state_file = state.path().join("emulator.json");
    let w = Workdir::with_fixture(EXAMPLE);
    // Every write is made and then its answer lost: each upload is found again by
    // its name instead of being sent twice (the campaign create cannot finish).
    {
        let emu = Emu::with(Config {
            drop_rate: 1.0,
            state_file: Some(state_file.clone()),
            ..Emu::strict_assets()
        });
        let o = w.run(&emu, &["apply", "--auto-approve"]);
        assert_eq!(code(&o), 1, "{}", both(&o));
        let err = stderr(&o);
        assert_eq!(err.matches("not uploaded again").count(), 4, "{err}");
        assert!(err.contains("Uploads: 0 uploaded, 4 found"), "{err}");
        assert_eq!(uploads_sent(&emu), 4);
        assert_each_file_once(&emu, &w);
    }
    // Then transient faults and some lost answers: a run may stop on one, the next
    // reads the account and finishes; nothing is uploaded again.
    let emu = Emu::with(Config {
        fault_rate: 0.25,
        drop_rate: 0.25,
        seed: Some(13),
        state_file: Some(state_file),
        ..Emu::strict_assets()
    });
    let mut last = None;
    for _ in 0..6 {
        let o = w.run(&emu, &["apply", "--auto-approve"]);
        let done = code(&o) == 0;
        last = Some(o);
        if done {
            break;
        }
    }
    let o = last.expect("ran");
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_eq!(uploads_sent(&emu), 0, "uploaded again");
    assert_each_file_once(&emu, &w);
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
}

#[test]
fn a_run_killed_mid_upload_resumes_cleanly() {
    let emu = Emu::with(Config {
        latency_ms: 400,
        ..Emu::strict_assets()
    });
    let w = Workdir::with_fixture(EXAMPLE);
    let mut child = w
        .command(&["apply", "--auto-approve"])
        .env("SMARTPLUS_API_URL", &emu.url)
        .env("TIKTOK_ACCESS_TOKEN", TOKEN)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("apply starts");
    // Killed as soon as the first upload reached the emulator, before any answer.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while uploads_sent(&emu) == 0 {
        assert!(std::time::Instant::now() < deadline, "no upload was sent");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().expect("kill");
    let _ = child.wait();
    // Whatever the lock file holds now names uploads the account has.
    let (videos, images) = library(&emu);
    if w.path().join(LOCK).exists() {
        for (_, id, _) in lock_entries(&w) {
            assert!(
                videos.iter().chain(&images).any(|(_, i)| *i == id),
                "locked {id} is not in the account"
            );
        }
    }

    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_each_file_once(&emu, &w);
    let o = w.run(&emu, &["plan", "--detailed-exitcode"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
}

#[test]
fn import_writes_ids_with_their_file_names() {
    let emu = Emu::with(Emu::strict_assets());
    let w = Workdir::with_fixture(EXAMPLE);
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let o = w.run(
        &emu,
        &[
            "import",
            "--all",
            "--out-dir",
            "imported",
            "--advertiser-id",
            ADVERTISER,
        ],
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    let dir = w.path().join("imported");
    let text: String = std::fs::read_dir(&dir)
        .expect("imported/")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("read"))
        .collect();
    let (videos, images) = library(&emu);
    for (name, id) in videos.iter().chain(&images) {
        let line = text
            .lines()
            .find(|l| l.contains(id.as_str()))
            .unwrap_or_else(|| panic!("{id} not imported:\n{text}"));
        assert!(
            line.contains(&format!("# {name}")) || line.contains(&format!(", {name}")),
            "{line}"
        );
    }
    // The imported specs read back, comments and all, and plan to no changes.
    let o = w.run(&emu, &["plan", "--detailed-exitcode", "imported"]);
    assert_eq!(code(&o), 0, "{}", both(&o));
}

#[test]
fn ads_naming_media_the_account_lacks_are_refused_as_live() {
    let emu = Emu::with(Emu::strict_assets());
    let w = Workdir::with_fixture("web-cbo-automatic.yaml");
    let o = w.run(&emu, &["apply", "--auto-approve"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(
        stderr(&o).contains("does not exist in this ad account"),
        "{}",
        both(&o)
    );
}

#[test]
fn a_file_changed_after_the_plan_is_not_uploaded() {
    let emu = Emu::with(Emu::strict_assets());
    let w = Workdir::with_fixture(EXAMPLE);
    let saved = w.path().join("plan.json");
    let o = w.run(&emu, &["plan", "--out", saved.to_str().expect("utf-8")]);
    assert_eq!(code(&o), 0, "{}", both(&o));
    let cover = w.path().join("campaigns/assets/spring-sale-cover.png");
    let mut bytes = std::fs::read(&cover).expect("read");
    bytes.extend_from_slice(b"changed");
    std::fs::write(&cover, bytes).expect("write");
    let o = w.run(&emu, &["apply", "--plan", saved.to_str().expect("utf-8")]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    assert!(stderr(&o).contains("a media file changed"), "{}", both(&o));
    assert_eq!(uploads_sent(&emu), 0);
}

#[test]
fn a_bad_lock_file_is_a_located_error() {
    let emu = Emu::with(Emu::strict_assets());
    let w = Workdir::with_fixture(EXAMPLE);
    std::fs::write(
        w.path().join(LOCK),
        "# smartplus.lock\n<<<<<<< ours\n7000000000000000001 video x\n",
    )
    .expect("write lock");
    let o = w.run(&emu, &["plan"]);
    assert_eq!(code(&o), 1, "{}", both(&o));
    let err = stderr(&o);
    assert!(err.contains("smartplus.lock` line 2"), "{err}");
    assert!(err.contains("merge conflict"), "{err}");
}

#[test]
fn the_emulator_takes_json_uploads_and_checks_the_signature() {
    let emu = Emu::start();
    let rt = |body: serde_json::Value| {
        emu.blocking_post(&format!("{PREFIX}/file/video/ad/upload/"), body)
    };
    // JSON cannot carry a file.
    let v = rt(serde_json::json!({"advertiser_id": ADVERTISER, "upload_type": "UPLOAD_BY_FILE"}));
    assert_eq!(v["code"], 40002, "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap_or_default()
            .contains("video_file"),
        "{v}"
    );
    let v = rt(
        serde_json::json!({"advertiser_id": ADVERTISER, "upload_type": "UPLOAD_BY_URL", "video_url": "https://example.com/a.mp4"}),
    );
    assert_eq!(v["code"], 40002, "{v}");
    let v = rt(
        serde_json::json!({"advertiser_id": ADVERTISER, "upload_type": "UPLOAD_BY_VIDEO_ID", "video_id": "v-none"}),
    );
    assert_eq!(v["code"], 40007, "{v}");

    // A multipart upload whose signature is not the file's MD5 makes nothing.
    let bytes = smartplus::media::samples::mp4(720, 1280, 8.0, false);
    let form = |signature: &str, name: &str| {
        let b = "XBOUNDARYX";
        let mut body = Vec::new();
        for (k, v) in [
            ("advertiser_id", ADVERTISER),
            ("file_name", name),
            ("video_signature", signature),
        ] {
            body.extend(
                format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                    .bytes(),
            );
        }
        body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"video_file\"; filename=\"a.mp4\"\r\nContent-Type: video/mp4\r\n\r\n").bytes());
        body.extend(&bytes);
        body.extend(format!("\r\n--{b}--\r\n").bytes());
        emu.block_on(async {
            emu.client
                .post(emu.endpoint("file/video/ad/upload/"))
                .header("Access-Token", TOKEN)
                .header("Content-Type", format!("multipart/form-data; boundary={b}"))
                .body(body)
                .send()
                .await
                .expect("answered")
                .json::<serde_json::Value>()
                .await
                .expect("json")
        })
    };
    let v = form(&"0".repeat(32), "a.mp4");
    assert_eq!(v["code"], 40002, "{v}");
    assert!(
        v["message"].as_str().unwrap_or_default().contains("MD5"),
        "{v}"
    );
    let md5 = {
        use md5::Digest as _;
        md5::Md5::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let v = form(&md5, "a.mp4");
    assert_eq!(v["code"], 0, "{v}");
    let id = v["data"][0]["video_id"].as_str().expect("id").to_owned();
    assert_eq!(v["data"][0]["duration"], 8.0, "{v}");
    let v = form(&md5, "a.mp4");
    assert_eq!(v["code"], 40911, "{v}");
    assert_eq!(v["message"], "Duplicated material name.");
    let v = rt(
        serde_json::json!({"advertiser_id": ADVERTISER, "upload_type": "UPLOAD_BY_VIDEO_ID", "video_id": id}),
    );
    assert_eq!(v["data"][0]["video_id"].as_str(), Some(id.as_str()), "{v}");
}
