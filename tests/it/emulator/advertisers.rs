//! Several advertisers, one app: each advertiser its own objects, currency and time
//! zone, one token for all, the app's `qps` shared by all, and the advertiser limit
//! (`40133`) on its own.

use serde_json::{Value, json};
use smartplus::emulator::{self, Advertiser, Config};

use crate::harness::*;

const OTHER: &str = "7000000000000000002";
const JPY: &str = "7000000000000000003";

fn two_more(config: Config) -> Config {
    Config {
        more_advertisers: vec![
            Advertiser::new(OTHER),
            Advertiser {
                id: JPY.into(),
                currency: Some("JPY".into()),
                time_zone: Some("Asia/Tokyo".into()),
            },
        ],
        seed_account: false,
        ..config
    }
}

async fn create_in(emu: &Emu, advertiser: &str, name: &str, budget: f64) -> Value {
    let mut body = campaign_body(name, &rid(name, 1));
    body["advertiser_id"] = json!(advertiser);
    body["budget"] = json!(budget);
    emu.post("smart_plus/campaign/create/", body).await
}

async fn names_in(emu: &Emu, advertiser: &str) -> Vec<String> {
    let r = emu
        .get_raw(
            "smart_plus/campaign/get/",
            &[("advertiser_id", advertiser)],
            Some(TOKEN),
        )
        .await;
    assert_eq!(r["code"], 0, "{r}");
    r["data"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["campaign_name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn each_advertiser_has_its_own_objects_currency_and_time_zone() {
    let emu = Emu::with_async(two_more(Emu::config())).await;
    for (adv, name) in [(ADVERTISER, "First's"), (OTHER, "Second's")] {
        let r = create_in(&emu, adv, name, 500.0).await;
        assert_eq!(r["code"], 0, "{r}");
        assert_eq!(r["data"]["advertiser_id"], adv, "{r}");
    }
    assert_eq!(names_in(&emu, ADVERTISER).await, ["First's"]);
    assert_eq!(names_in(&emu, OTHER).await, ["Second's"]);
    assert!(names_in(&emu, JPY).await.is_empty());

    // An object of one advertiser is unknown to another.
    let cid = emu.all_campaigns().await[0]["campaign_id"].clone();
    let update = json!({"advertiser_id": OTHER, "campaign_id": cid, "campaign_name": "x"});
    let r = emu.post("smart_plus/campaign/update/", update).await;
    assert_eq!(r["code"], 40007, "{r}");

    // Budgets are checked in each account's currency: 500 is enough in USD, not
    // in JPY (floor 50 × 100).
    let r = create_in(&emu, JPY, "Yen", 500.0).await;
    assert_eq!(r["code"], 40002, "{r}");
    assert!(r["message"].as_str().unwrap().contains("5000"), "{r}");
    let r = create_in(&emu, JPY, "Yen", 5000.0).await;
    assert_eq!(r["code"], 0, "{r}");

    // One advertiser/info call reports each account's own settings.
    let ids = format!(r#"["{ADVERTISER}", "{JPY}"]"#);
    let r = emu
        .get_raw("advertiser/info/", &[("advertiser_ids", &ids)], Some(TOKEN))
        .await;
    assert_eq!(r["code"], 0, "{r}");
    let list = r["data"]["list"].as_array().unwrap();
    assert_eq!(list[0]["advertiser_id"], ADVERTISER);
    assert_eq!(list[0]["currency"], "USD");
    assert_eq!(list[1]["currency"], "JPY");
    assert_eq!(list[1]["timezone"], "Asia/Tokyo");

    // Advertisers the app cannot reach are refused as before, in lists too.
    let r = create_in(&emu, "7000000000000000009", "Nobody's", 500.0).await;
    assert_eq!(r["code"], 40001, "{r}");
    let ids = format!(r#"["{ADVERTISER}", "7000000000000000009"]"#);
    let r = emu
        .get_raw("advertiser/info/", &[("advertiser_ids", &ids)], Some(TOKEN))
        .await;
    assert_eq!(r["code"], 40001, "{r}");

    // Counters per advertiser, objects per advertiser and in all.
    let stats = emu.stats().await;
    assert_eq!(stats["objects"]["campaigns"], 3, "{stats}");
    assert_eq!(
        stats["advertisers"][JPY]["objects"]["campaigns"], 1,
        "{stats}"
    );
    assert_eq!(stats["advertisers"][JPY]["by_code"]["40002"], 1, "{stats}");
    assert_eq!(stats["advertisers"][OTHER]["by_code"]["0"], 2, "{stats}");
}

#[tokio::test]
async fn ids_are_unique_across_advertisers() {
    let emu = Emu::with_async(Config {
        seed: Some(3),
        ..two_more(Emu::config())
    })
    .await;
    let a = create_in(&emu, ADVERTISER, "Same name", 500.0).await;
    let b = create_in(&emu, OTHER, "Same name", 500.0).await;
    assert_ne!(a["data"]["campaign_id"], b["data"]["campaign_id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_limit_counts_every_advertisers_calls() {
    let emu = Emu::with_async(Config {
        qps: Some(4),
        ..two_more(Emu::config())
    })
    .await;
    // 12 reads at once, spread over three advertisers: the app's 4 go through.
    let mut set = tokio::task::JoinSet::new();
    for i in 0..12 {
        let adv = [ADVERTISER, OTHER, JPY][i % 3];
        let client = emu.client.clone();
        let url = emu.endpoint("smart_plus/campaign/get/");
        set.spawn(async move {
            let v: Value = client
                .get(url)
                .query(&[("advertiser_id", adv)])
                .header("Access-Token", TOKEN)
                .send()
                .await
                .expect("answered")
                .json()
                .await
                .expect("JSON");
            v["code"].as_i64().unwrap()
        });
    }
    let mut codes = Vec::new();
    while let Some(c) = set.join_next().await {
        codes.push(c.unwrap());
    }
    let ok = codes.iter().filter(|c| **c == 0).count();
    let limited = codes.iter().filter(|c| **c == 40100).count();
    assert_eq!(ok + limited, 12, "{codes:?}");
    assert!((4..=5).contains(&ok), "{codes:?}");
    let stats = emu.stats().await;
    assert_eq!(stats["by_outcome"]["40100"], limited, "{stats}");
}

#[tokio::test]
async fn the_advertiser_limit_answers_40133_per_advertiser_and_path() {
    let emu = Emu::with_async(Config {
        advertiser_qps: Some(1),
        ..two_more(Emu::config())
    })
    .await;
    let emu = &emu;
    let list = move |adv: &'static str| async move {
        emu.get_raw(
            "smart_plus/campaign/get/",
            &[("advertiser_id", adv)],
            Some(TOKEN),
        )
        .await
    };
    assert_eq!(list(ADVERTISER).await["code"], 0);
    let r = list(ADVERTISER).await;
    assert_eq!(r["code"], 40133, "{r}");
    assert_eq!(r["data"], json!({}), "{r}");
    assert!(r["message"].as_str().unwrap().contains(ADVERTISER), "{r}");
    // Another advertiser, or another path, has its own budget.
    assert_eq!(list(OTHER).await["code"], 0);
    let r = emu
        .get_raw(
            "smart_plus/adgroup/get/",
            &[("advertiser_id", ADVERTISER)],
            Some(TOKEN),
        )
        .await;
    assert_eq!(r["code"], 0, "{r}");
    // A rejected create changes nothing.
    let r = create_in(emu, OTHER, "Held back", 500.0).await;
    assert_eq!(r["code"], 0, "{r}");
    let r = create_in(emu, OTHER, "Held back 2", 500.0).await;
    assert_eq!(r["code"], 40133, "{r}");
    let stats = emu.stats().await;
    assert_eq!(
        stats["advertisers"][OTHER]["objects"]["campaigns"], 1,
        "{stats}"
    );
    assert_eq!(stats["by_outcome"]["40133"], 2, "{stats}");
}

#[tokio::test]
async fn several_advertisers_share_one_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let with_state = |config: Config| Config {
        state_file: Some(path.clone()),
        ..config
    };
    // A single-advertiser state, as every earlier version wrote it.
    let emu = Emu::with_async(with_state(Config {
        seed_account: false,
        ..Emu::config()
    }))
    .await;
    assert_eq!(create_in(&emu, ADVERTISER, "Old", 500.0).await["code"], 0);
    emu.shutdown().await;
    let text = std::fs::read_to_string(&path).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1, "one advertiser keeps layout 1");

    // Loaded by an emulator serving more: the first keeps its objects, the
    // others start empty; the file now holds all three.
    let emu = Emu::with_async(with_state(two_more(Emu::config()))).await;
    assert_eq!(names_in(&emu, ADVERTISER).await, ["Old"]);
    assert_eq!(create_in(&emu, OTHER, "New", 500.0).await["code"], 0);
    emu.shutdown().await;
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["version"], 2, "{v}");
    assert_eq!(v["accounts"].as_array().unwrap().len(), 3, "{v}");

    // Back again: every account as it was.
    let emu = Emu::with_async(with_state(two_more(Emu::config()))).await;
    assert_eq!(names_in(&emu, ADVERTISER).await, ["Old"]);
    assert_eq!(names_in(&emu, OTHER).await, ["New"]);
    emu.shutdown().await;

    // An emulator not serving an advertiser of the file refuses it, naming it...
    let err = emulator::start(with_state(Emu::config()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains(OTHER), "{err}");
    // ...unless it adopts the file's advertisers (the local sandbox does).
    let emu = Emu::with_async(with_state(Config {
        adopt_saved_advertisers: true,
        ..Emu::config()
    }))
    .await;
    assert_eq!(names_in(&emu, OTHER).await, ["New"]);
    emu.shutdown().await;
}

#[tokio::test]
async fn clock_and_objects_are_controlled_across_advertisers() {
    let emu = Emu::with_async(two_more(Emu::config())).await;
    emu.control("/_emulator/clock", json!({"now": "2026-05-01 10:00:00"}))
        .await;
    let r = create_in(&emu, OTHER, "Clocked", 500.0).await;
    assert_eq!(r["data"]["create_time"], "2026-05-01 10:00:00", "{r}");
    // The object is found in whichever account holds it.
    let cid = r["data"]["campaign_id"].as_str().unwrap().to_owned();
    let aged = emu
        .control(
            "/_emulator/object",
            json!({"kind": "campaign", "id": cid, "create_time": "2026-03-01 00:00:00"}),
        )
        .await;
    assert_eq!(aged["create_time"], "2026-03-01 00:00:00", "{aged}");
    let spend = emu
        .control(
            "/_emulator/spend",
            json!({"kind": "campaign", "id": cid, "spend": "12.5"}),
        )
        .await;
    assert_eq!(spend["spend"], "12.5", "{spend}");
    // Rows stored through the controls go to the account named, else the first.
    let added = emu
        .control(
            "/_emulator/objects",
            json!({"advertiser_id": JPY, "campaigns": [{"campaign_id": "1800000000000000042", "campaign_name": "Stored"}]}),
        )
        .await;
    assert_eq!(added["added"], 1, "{added}");
    assert_eq!(names_in(&emu, JPY).await, ["Stored"]);
    assert!(names_in(&emu, ADVERTISER).await.is_empty());
    let refused = reqwest::Client::new()
        .post(format!("{}/_emulator/objects", emu.url))
        .json(&json!({"advertiser_id": "7000000000000000099", "campaigns": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
}

#[test]
fn the_command_serves_every_advertiser_given() {
    let mut child = smartplus()
        .args([
            "emulator",
            "--advertiser-id",
            ADVERTISER,
            "--advertiser-id",
            &format!("{JPY}:jpy:Asia/Tokyo"),
            "--access-token",
            TOKEN,
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    let rt = tokio::runtime::Runtime::new().unwrap();
    smartplus::api::install_crypto_provider();
    let info: Value = rt.block_on(async {
        reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .get(format!("{url}/open_api/v1.3/advertiser/info/"))
            .query(&[("advertiser_ids", format!(r#"["{JPY}"]"#))])
            .header("Access-Token", TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert_eq!(info["data"]["list"][0]["currency"], "JPY", "{info}");
    assert_eq!(info["data"]["list"][0]["timezone"], "Asia/Tokyo", "{info}");
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("advertisers {ADVERTISER}, {JPY}")),
        "{err}"
    );

    // A malformed advertiser is refused before anything listens.
    let out = smartplus()
        .args(["emulator", "--advertiser-id", "12a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`12a` is not a string of digits"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
