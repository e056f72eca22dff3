//! `smartplus emulator`, the real binary: first line, state, clean shutdown, refusals.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::*;

struct Server {
    child: Child,
    url: String,
}

fn spawn(args: &[&str]) -> Server {
    let mut child = smartplus()
        .arg("emulator")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    Server { child, url }
}

fn terminate(server: &mut Server) -> (std::process::ExitStatus, String) {
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(s) = server.child.try_wait().expect("wait") {
            break s;
        }
        assert!(Instant::now() < deadline, "emulator did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    if let Some(mut e) = server.child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    (exit, stderr)
}

#[tokio::test]
async fn serves_saves_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("emulator.json");
    let state_arg = state.to_string_lossy().into_owned();
    let mut server = spawn(&[
        "--listen",
        "127.0.0.1:0",
        "--state",
        &state_arg,
        "--access-token",
        TOKEN,
        "--seed",
        "5",
    ]);
    let host = server.url.strip_prefix("http://").unwrap();
    let (ip, port) = host.rsplit_once(':').unwrap();
    assert_eq!(ip, "127.0.0.1");
    assert!(port.parse::<u16>().unwrap() > 0);

    smartplus::api::install_crypto_provider();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let body = json!({
        "advertiser_id": ADVERTISER,
        "request_id": "1",
        "campaign_name": "From the CLI",
        "objective_type": "WEB_CONVERSIONS",
        "sales_destination": "WEBSITE",
        "budget": 100,
    });
    let r: Value = client
        .post(format!(
            "{}/open_api/v1.3/smart_plus/campaign/create/",
            server.url
        ))
        .header("Access-Token", TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["code"], 0, "{r}");
    assert_eq!(
        r["data"]["create_time"], "2026-01-01 00:00:00",
        "seeded clock"
    );
    let cid = r["data"]["campaign_id"].as_str().unwrap().to_owned();

    let (exit, stderr) = terminate(&mut server);
    assert!(exit.success(), "{exit:?} {stderr}");
    assert!(!stderr.contains(TOKEN), "the token is never printed");
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(saved.contains(&cid));
    assert!(!saved.contains(TOKEN));

    // A restart picks the state up again.
    let mut server = spawn(&["--state", &state_arg, "--access-token", TOKEN]);
    let r: Value = client
        .get(format!(
            "{}/open_api/v1.3/smart_plus/campaign/get/",
            server.url
        ))
        .query(&[("advertiser_id", ADVERTISER)])
        .header("Access-Token", TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["data"]["list"][0]["campaign_id"], json!(cid));
    let (exit, _) = terminate(&mut server);
    assert!(exit.success());
}

fn refused(args: &[&str]) -> String {
    let out = smartplus()
        .arg("emulator")
        .args(args)
        .output()
        .expect("binary runs");
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    assert!(out.stdout.is_empty(), "nothing on stdout when refusing");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn refuses_non_loopback_and_bad_settings() {
    insta::assert_snapshot!(refused(&["--listen", "0.0.0.0:0"]), @"  × refusing to listen on `0.0.0.0:0`: not a loopback address (pass --allow-remote to allow it)");
    insta::assert_snapshot!(refused(&["--fault-rate", "2"]), @r"
    × invalid emulator setting: fault rate 2 is not between 0 and 1
    help: see `smartplus emulator --help` for each setting's values
    ");
    insta::assert_snapshot!(refused(&["--drop-rate", "1.5"]), @r"
    × invalid emulator setting: drop rate 1.5 is not between 0 and 1
    help: see `smartplus emulator --help` for each setting's values
    ");
    insta::assert_snapshot!(refused(&["--currency", "XYZ"]), @r"
    × invalid emulator setting: TikTok does not bill in currency `XYZ`
    help: see `smartplus emulator --help` for each setting's values
    ");
    insta::assert_snapshot!(refused(&["--time-zone", "Mars/Olympus"]), @r"
    × invalid emulator setting: `Mars/Olympus` is not an IANA time zone (e.g. America/New_York)
    help: see `smartplus emulator --help` for each setting's values
    ");
    insta::assert_snapshot!(refused(&["--listen", "nowhere"]), @"  × `nowhere` is not an address to listen on (expected HOST:PORT, e.g. 127.0.0.1:8080)");
}
