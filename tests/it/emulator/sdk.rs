//! Runs TikTok's official Python SDK (tests/sdk/test_official_sdk.py) against an
//! in-process emulator, when the SDK is installed; otherwise says so and passes.
//! `.ci/sdk-test` installs the SDK into target/sdk-venv, which this test then uses.

use std::path::PathBuf;
use std::process::Command;

use crate::harness::*;

/// A Python that can `import business_api_client`, if any.
fn python_with_sdk() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("SMARTPLUS_SDK_PYTHON").map(PathBuf::from),
        Some(root.join("target/sdk-venv/bin/python")),
        Some(PathBuf::from("python3")),
    ];
    candidates.into_iter().flatten().find(|py| {
        Command::new(py)
            .args(["-c", "import business_api_client"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_accepts_the_emulator() {
    let Some(python) = python_with_sdk() else {
        eprintln!("skipped: official SDK not installed (run .ci/sdk-test)");
        return;
    };
    // As `smartplus emulator` runs for .ci/sdk-test: ads name only uploaded media.
    let emu = Emu::with_async(Emu::strict_assets()).await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/test_official_sdk.py");
    let url = emu.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        // The script's defaults are the emulator's; the harness has its own token.
        Command::new(python)
            .arg(script)
            .env("SMARTPLUS_EMULATOR_URL", url)
            .env("SMARTPLUS_EMULATOR_TOKEN", TOKEN)
            .env("SMARTPLUS_EMULATOR_ADVERTISER", ADVERTISER)
            .env("SMARTPLUS_BIN", env!("CARGO_BIN_EXE_smartplus"))
            .output()
    })
    .await
    .expect("join")
    .expect("python runs");
    emu.shutdown().await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the SDK test failed:\n{stderr}");
    assert!(stderr.contains("OK"), "{stderr}");
}
