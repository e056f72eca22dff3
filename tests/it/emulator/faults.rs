//! Injected trouble: rate limits, transient faults, dropped connections, latency,
//! and the seed that makes them reproducible.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use smartplus::emulator::Config;

use crate::harness::*;

fn quiet(config: Config) -> Config {
    Config {
        seed_account: false,
        ..config
    }
}

/// Code of an answer, or the HTTP status for answers outside the envelope.
async fn outcome(resp: reqwest::Response) -> i64 {
    let status = resp.status().as_u16();
    if status != 200 {
        return i64::from(status);
    }
    let v: Value = resp.json().await.expect("JSON envelope");
    v["code"].as_i64().expect("code")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn burst_above_qps_gets_40100_and_changes_nothing() {
    let emu = Emu::with_async(quiet(Config {
        qps: Some(50),
        ..Emu::config()
    }))
    .await;
    let mut set = tokio::task::JoinSet::new();
    for i in 0..1000u64 {
        let client = emu.client.clone();
        let url = emu.endpoint("smart_plus/campaign/create/");
        let mut body = campaign_body(&format!("Burst {i}"), &(10_000 + i).to_string());
        body["advertiser_id"] = json!(ADVERTISER);
        set.spawn(async move {
            let resp = client
                .post(url)
                .header("Access-Token", TOKEN)
                .json(&body)
                .send()
                .await
                .expect("answered");
            outcome(resp).await
        });
    }
    let mut ok = 0;
    let mut limited = 0;
    while let Some(code) = set.join_next().await {
        match code.expect("task") {
            0 => ok += 1,
            40100 => limited += 1,
            other => panic!("unexpected outcome {other}"),
        }
    }
    assert_eq!(ok + limited, 1000);
    assert!(ok >= 1, "the bucket starts full");
    assert!(limited > 0, "1000 requests at once exceed 50 QPS");
    // Let the bucket refill before reading.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let campaigns = emu.all_campaigns().await;
    assert_eq!(campaigns.len(), ok, "only accepted creates left objects");
    let stats = emu.stats().await;
    assert_eq!(stats["by_outcome"]["40100"], limited);
    assert_eq!(stats["objects"]["campaigns"], ok);
}

#[tokio::test]
async fn faults_are_transient_and_change_nothing() {
    let emu = Emu::with_async(quiet(Config {
        fault_rate: 1.0,
        seed: Some(1),
        ..Emu::config()
    }))
    .await;
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..60u64 {
        let mut body = campaign_body("Faulty", &(500 + i).to_string());
        body["advertiser_id"] = json!(ADVERTISER);
        let resp = emu
            .client
            .post(emu.endpoint("smart_plus/campaign/create/"))
            .header("Access-Token", TOKEN)
            .json(&body)
            .send()
            .await
            .expect("answered");
        seen.insert(outcome(resp).await);
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        [503, 40202, 50000],
        "writes see every transient fault"
    );
    let mut reads = std::collections::BTreeSet::new();
    for _ in 0..30 {
        let resp = emu
            .client
            .get(emu.endpoint("smart_plus/campaign/get/"))
            .query(&[("advertiser_id", ADVERTISER)])
            .header("Access-Token", TOKEN)
            .send()
            .await
            .expect("answered");
        reads.insert(outcome(resp).await);
    }
    assert_eq!(
        reads.into_iter().collect::<Vec<_>>(),
        [503, 50000],
        "reads never see a write conflict"
    );
    let stats = emu.stats().await;
    assert_eq!(stats["objects"]["campaigns"], 0);
    assert_eq!(stats["by_outcome"]["fault"], 90);
}

#[tokio::test]
async fn retrying_a_create_through_faults_makes_one_campaign() {
    let emu = Emu::with_async(quiet(Config {
        fault_rate: 0.5,
        seed: Some(3),
        ..Emu::config()
    }))
    .await;
    let mut body = campaign_body("Retried", "31337");
    body["advertiser_id"] = json!(ADVERTISER);
    let mut successes = 0;
    for _ in 0..40 {
        let resp = emu
            .client
            .post(emu.endpoint("smart_plus/campaign/create/"))
            .header("Access-Token", TOKEN)
            .json(&body)
            .send()
            .await
            .expect("answered");
        if outcome(resp).await == 0 {
            successes += 1;
        }
    }
    assert!(successes >= 2, "the seed lets several attempts through");
    assert_eq!(emu.stats().await["objects"]["campaigns"], 1);
}

async fn fault_sequence(seed: u64) -> Vec<i64> {
    let emu = Emu::with_async(quiet(Config {
        fault_rate: 0.5,
        seed: Some(seed),
        ..Emu::config()
    }))
    .await;
    let mut out = Vec::new();
    for _ in 0..40 {
        let resp = emu
            .client
            .get(emu.endpoint("smart_plus/campaign/get/"))
            .query(&[("advertiser_id", ADVERTISER)])
            .header("Access-Token", TOKEN)
            .send()
            .await
            .expect("answered");
        out.push(outcome(resp).await);
    }
    out
}

#[tokio::test]
async fn the_seed_makes_faults_ids_and_times_reproducible() {
    let a = fault_sequence(42).await;
    assert_eq!(a, fault_sequence(42).await);
    assert_ne!(a, fault_sequence(43).await);
    assert!(a.contains(&0) && a.iter().any(|c| *c != 0));

    let first = |seed: u64| async move {
        let emu = Emu::with_async(quiet(Config {
            seed: Some(seed),
            ..Emu::config()
        }))
        .await;
        emu.campaign("Seeded", "1").await
    };
    let (x, y, z) = (first(9).await, first(9).await, first(10).await);
    assert_eq!(x["campaign_id"], y["campaign_id"]);
    assert_eq!(x["create_time"], "2026-01-01 00:00:00");
    assert_eq!(x["create_time"], y["create_time"]);
    assert_ne!(x["campaign_id"], z["campaign_id"]);
}

#[tokio::test]
async fn dropped_write_is_committed_but_never_answered() {
    let emu = Emu::with_async(quiet(Config {
        drop_rate: 1.0,
        ..Emu::config()
    }))
    .await;
    let mut body = campaign_body("Dropped", "2024");
    body["advertiser_id"] = json!(ADVERTISER);
    let err = emu
        .client
        .post(emu.endpoint("smart_plus/campaign/create/"))
        .header("Access-Token", TOKEN)
        .json(&body)
        .send()
        .await
        .expect_err("the connection closes without an answer");
    assert!(!err.is_status() && !err.is_decode(), "{err:?}");
    // Reads are never dropped, and the write is there.
    let campaigns = emu.all_campaigns().await;
    assert_eq!(campaigns.len(), 1);
    assert_eq!(campaigns[0]["campaign_name"], "Dropped");
    let stats = emu.stats().await;
    assert_eq!(stats["by_outcome"]["dropped"], 1);
}

#[tokio::test]
async fn latency_delays_every_answer() {
    let emu = Emu::with_async(quiet(Config {
        latency_ms: 250,
        ..Emu::config()
    }))
    .await;
    let t = Instant::now();
    let r = emu.get("smart_plus/campaign/get/", &[]).await;
    assert_eq!(r["code"], 0);
    assert!(t.elapsed() >= Duration::from_millis(250));
    let t = Instant::now();
    let r = emu.get_raw("smart_plus/campaign/get/", &[], None).await;
    assert_eq!(r["code"], 40104);
    assert!(
        t.elapsed() >= Duration::from_millis(250),
        "errors are delayed too"
    );
}
