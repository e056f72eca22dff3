//! Shared harness for end-to-end tests: an in-process emulator on 127.0.0.1:0 and
//! the real `smartplus` binary pointed at it over real HTTP.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use smartplus::emulator::{self, Config, Handle};

/// The token tests use; the token-leak tests search every output for it.
pub const TOKEN: &str = "e2e-secret-token-3f9c2a71d8";
pub const ADVERTISER: &str = "7000000000000000001";

/// A running emulator with its own runtime, stopped on drop.
pub struct Emu {
    pub rt: tokio::runtime::Runtime,
    handle: Option<Handle>,
    pub url: String,
}

impl Emu {
    pub fn start() -> Emu {
        Emu::with(Config::default())
    }

    /// Starts with `config`; the listen address, token and advertiser are the test's.
    pub fn with(mut config: Config) -> Emu {
        config.listen = "127.0.0.1:0".parse().expect("loopback address");
        config.access_token = TOKEN.into();
        config.advertiser_id = ADVERTISER.into();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let handle = rt
            .block_on(emulator::start(config))
            .expect("emulator starts");
        let url = handle.url();
        Emu {
            rt,
            handle: Some(handle),
            url,
        }
    }

    /// GET a control or API path; returns the JSON answer.
    pub fn get(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.url);
        self.rt.block_on(async {
            reqwest::Client::new()
                .get(url)
                .header("Access-Token", TOKEN)
                .send()
                .await
                .expect("emulator answers")
                .json::<Value>()
                .await
                .expect("JSON answer")
        })
    }

    /// POST JSON to a control or API path; returns the JSON answer.
    pub fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.url);
        self.rt.block_on(async {
            reqwest::Client::new()
                .post(url)
                .header("Access-Token", TOKEN)
                .json(&body)
                .send()
                .await
                .expect("emulator answers")
                .json::<Value>()
                .await
                .expect("JSON answer")
        })
    }

    /// Every live (not deleted) object of a kind through the Smart+ list endpoints:
    /// `campaign`, `adgroup` or `ad`.
    pub fn list(&self, kind: &str) -> Vec<Value> {
        let (path, size) = match kind {
            "campaign" => ("smart_plus/campaign/get/", 1000),
            "adgroup" => ("smart_plus/adgroup/get/", 1000),
            _ => ("smart_plus/ad/get/", 100),
        };
        let mut out = Vec::new();
        for page in 1.. {
            let v = self.get(&format!(
                "/open_api/v1.3/{path}?advertiser_id={ADVERTISER}&page={page}&page_size={size}"
            ));
            assert_eq!(v["code"], 0, "list {kind}: {v}");
            let items = v["data"]["list"].as_array().cloned().unwrap_or_default();
            out.extend(items);
            let total = v["data"]["page_info"]["total_page"].as_u64().unwrap_or(1);
            if page >= total {
                break;
            }
        }
        out
    }

    /// Sets an object's create and modify time (UTC `YYYY-MM-DD HH:MM:SS`).
    pub fn age(&self, kind: &str, id: &str, created: &str) {
        let v = self.post(
            "/_emulator/object",
            serde_json::json!({"kind": kind, "id": id, "create_time": created, "modify_time": created}),
        );
        assert!(v.get("error").is_none(), "age {kind} {id}: {v}");
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            self.rt.block_on(h.shutdown());
        }
    }
}

/// A scratch directory holding copies of spec files.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// With every example of `campaigns/` copied in.
    pub fn with_examples() -> Workdir {
        let w = Workdir::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("campaigns");
        let dst = w.path().join("campaigns");
        std::fs::create_dir_all(&dst).expect("mkdir");
        for e in std::fs::read_dir(src).expect("campaigns/") {
            let p = e.expect("entry").path();
            std::fs::copy(&p, dst.join(p.file_name().expect("name"))).expect("copy");
        }
        w
    }

    /// With one example of `campaigns/` copied in (file name, e.g. `web-cbo-automatic.yaml`).
    pub fn with_example(name: &str) -> Workdir {
        let w = Workdir::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("campaigns")
            .join(name);
        let text = std::fs::read_to_string(src).expect("example exists");
        w.write(name, &text);
        w
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `campaigns/NAME`.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let dir = self.path().join("campaigns");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write spec");
        p
    }

    /// Runs `smartplus ARGS` here against `emu` (token in the environment).
    pub fn run(&self, emu: &Emu, args: &[&str]) -> Output {
        self.command(args)
            .env("SMARTPLUS_API_URL", &emu.url)
            .env("TIKTOK_ACCESS_TOKEN", TOKEN)
            .output()
            .expect("smartplus runs")
    }

    /// Runs `smartplus ARGS` here with no target set.
    pub fn run_plain(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("smartplus runs")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_smartplus"));
        c.current_dir(self.path())
            .args(["--no-color"])
            .args(args)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env_remove("CI")
            .env_remove("TIKTOK_ACCESS_TOKEN")
            .env_remove("SMARTPLUS_API_URL")
            .env_remove("SMARTPLUS_ADVERTISER_ID");
        c
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Replaces ids, times and ports so snapshots are stable.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 12 {
            out.push_str("[id]");
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
        } else {
            flush(&mut digits, &mut out);
            out.push(ch);
        }
    }
    flush(&mut digits, &mut out);
    let re_port = |s: &str| -> String {
        // http://127.0.0.1:PORT → http://127.0.0.1:[port]
        let mut s = s.to_string();
        while let Some(i) = s.find("127.0.0.1:") {
            let start = i + "127.0.0.1:".len();
            let end = s[start..]
                .find(|c: char| !c.is_ascii_digit())
                .map(|e| start + e)
                .unwrap_or(s.len());
            if end == start {
                break;
            }
            s.replace_range(i..end, "127.0.0.1:[port]");
        }
        s
    };
    re_port(&out)
}
