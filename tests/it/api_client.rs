//! The API client against a scripted fake on 127.0.0.1:0: pagination, pacing,
//! retries, lost answers, call counting and keeping the token secret.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde_json::{Value, json};
use smartplus::api::{ApiError, Client, ClientOptions, Idempotency, Policy, TransportKind};

use crate::harness::fake::{Fake, RawServer, Reply, page_of};
use crate::harness::{ADVERTISER, TOKEN};

/// Fast retries and a generous rate, so tests measure behaviour, not waiting.
pub(crate) fn options() -> ClientOptions {
    ClientOptions {
        qps: NonZeroU32::new(1000).unwrap(),
        retry: Policy {
            base: Duration::from_millis(1),
            cap: Duration::from_millis(20),
            max_attempts: 5,
            max_rate_limited: 5,
            rate_limit_floor: Duration::from_millis(10),
        },
        jitter_seed: Some(1),
        ..ClientOptions::default()
    }
}

pub(crate) fn client(url: &str, options: ClientOptions) -> Client {
    Client::new(url, SecretString::from(TOKEN), options).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_all_reads_page_one_then_the_rest_concurrently() {
    const TOTAL: u64 = 2450;
    let fake = Fake::start(|seen, _| {
        let size: u64 = seen.query["page_size"].parse().unwrap();
        Reply::ok(page_of(TOTAL, seen.page(), size, "campaign_id")).after(Duration::from_millis(40))
    })
    .await;
    let client = client(&fake.url, options());
    let filtering = json!({"campaign_ids": ["1", "2"]});
    let items = client
        .list_all(
            "smart_plus/campaign/get/",
            ADVERTISER,
            Some(&["campaign_id", "budget"]),
            Some(&filtering),
            100,
        )
        .await
        .unwrap();

    // Every item once, in order.
    assert_eq!(items.len() as u64, TOTAL);
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["n"], json!(i), "item {i}");
    }
    let seen = fake.seen();
    assert_eq!(seen.len(), 25);
    assert_eq!(client.calls(), 25);
    let mut pages: Vec<u64> = seen.iter().map(super::harness::fake::Seen::page).collect();
    // Page 1 alone first: its total_page decides the rest.
    assert_eq!(pages[0], 1);
    pages.sort_unstable();
    assert_eq!(pages, (1..=25).collect::<Vec<_>>());
    // Concurrent, within the bound.
    assert!(
        fake.max_in_flight() >= 2,
        "max in flight {}",
        fake.max_in_flight()
    );
    assert!(
        fake.max_in_flight() <= 8,
        "max in flight {}",
        fake.max_in_flight()
    );

    for s in &seen {
        assert_eq!(s.method, "GET");
        assert_eq!(s.path, "smart_plus/campaign/get/");
        assert_eq!(s.query["advertiser_id"], ADVERTISER);
        assert_eq!(s.query["page_size"], "100");
        assert_eq!(s.json_param("fields"), json!(["campaign_id", "budget"]));
        assert_eq!(s.json_param("filtering"), filtering);
        assert_eq!(s.token.as_deref(), Some(TOKEN));
    }
}

#[tokio::test]
async fn a_single_page_is_one_call() {
    let fake = Fake::start(|seen, _| Reply::ok(page_of(3, seen.page(), 1000, "adgroup_id"))).await;
    let client = client(&fake.url, options());
    let items = client
        .list_all("smart_plus/adgroup/get/", ADVERTISER, None, None, 1000)
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(client.calls(), 1);
    let seen = fake.seen();
    assert!(!seen[0].query.contains_key("fields"));
    assert!(!seen[0].query.contains_key("filtering"));
}

#[tokio::test]
async fn a_failing_page_fails_the_listing() {
    let fake = Fake::start(|seen, _| {
        if seen.page() == 3 {
            Reply::code(40002, "bad page")
        } else {
            Reply::ok(page_of(500, seen.page(), 100, "ad_id"))
        }
    })
    .await;
    let client = client(&fake.url, options());
    let err = client
        .list_all("smart_plus/ad/get/", ADVERTISER, None, None, 100)
        .await
        .unwrap_err();
    assert_eq!(err.return_code(), Some(40002));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_paced_to_the_configured_qps() {
    let fake = Fake::start(|_, _| Reply::ok(json!({}))).await;
    let client = client(
        &fake.url,
        ClientOptions {
            qps: NonZeroU32::new(5).unwrap(),
            ..options()
        },
    );
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..11 {
        let c = client.clone();
        tasks.push(tokio::spawn(
            async move { c.get("advertiser/info/", &[]).await },
        ));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    // 11 calls at 5 per second need about 2 s; without pacing they take
    // milliseconds. Loose bound against slow machines in either direction.
    let elapsed = start.elapsed();
    assert!(elapsed >= Duration::from_millis(1500), "{elapsed:?}");
    assert_eq!(client.calls(), 11);
    // No one-second window saw more than qps + 1 requests.
    let mut at: Vec<Instant> = fake.seen().iter().map(|s| s.at).collect();
    at.sort();
    for (i, t) in at.iter().enumerate() {
        let within = at[i..]
            .iter()
            .take_while(|u| u.duration_since(*t) < Duration::from_millis(900))
            .count();
        assert!(within <= 6, "{within} requests within 900 ms");
    }
}

/// Answers `first` to the first `n` requests, then success.
async fn flaky(n: usize, first: fn() -> Reply) -> Fake {
    Fake::start(move |_, i| {
        if i < n {
            first()
        } else {
            Reply::ok(json!({"campaign_id": "1"}))
        }
    })
    .await
}

#[tokio::test]
async fn transient_errors_are_retried_for_reads_and_safe_writes() {
    type Script = fn() -> Reply;
    let cases: [(&str, Script); 4] = [
        ("40100", || Reply::code(40100, "app QPS exceeded")),
        ("40133", || Reply::code(40133, "advertiser QPS exceeded")),
        ("50000", || Reply::code(50000, "system error")),
        ("503", || Reply::http(503, "unavailable")),
    ];
    for (name, first) in cases {
        // Read.
        let fake = flaky(2, first).await;
        let c = client(&fake.url, options());
        let data = c.get("smart_plus/campaign/get/", &[]).await.unwrap();
        assert_eq!(data["campaign_id"], "1", "{name}");
        assert_eq!(c.calls(), 3, "{name}");
        assert_eq!(fake.seen().len(), 3, "{name}");

        // Every write kind: these errors prove nothing happened.
        for idem in [Idempotency::Idempotent, Idempotency::NonIdempotent] {
            let fake = flaky(1, first).await;
            let c = client(&fake.url, options());
            c.post("smart_plus/ad/create/", &json!({"a": 1}), idem)
                .await
                .unwrap();
            assert_eq!(c.calls(), 2, "{name} {idem:?}");
            let seen = fake.seen();
            assert_eq!(seen[0].body, seen[1].body, "{name}: same body resent");
        }
    }
}

#[tokio::test]
async fn some_errors_are_retried_only_when_nothing_can_have_happened() {
    // 50002 is retryable, but does not prove an ad create did not happen.
    let fake = flaky(1, || Reply::code(50002, "processing error")).await;
    let c = client(&fake.url, options());
    let err = c
        .post(
            "smart_plus/ad/create/",
            &json!({}),
            Idempotency::NonIdempotent,
        )
        .await
        .unwrap_err();
    assert_eq!(err.return_code(), Some(50002));
    assert_eq!(c.calls(), 1);

    let fake = flaky(1, || Reply::code(50002, "processing error")).await;
    let c = client(&fake.url, options());
    c.post(
        "smart_plus/campaign/create/",
        &json!({}),
        Idempotency::Idempotent,
    )
    .await
    .unwrap();
    assert_eq!(c.calls(), 2);

    let fake = flaky(1, || Reply::http(500, "boom")).await;
    let c = client(&fake.url, options());
    let err = c
        .post(
            "smart_plus/ad/create/",
            &json!({}),
            Idempotency::NonIdempotent,
        )
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(500));
    assert_eq!(c.calls(), 1);
}

#[tokio::test]
async fn retries_stop_after_max_attempts_and_business_errors_are_not_retried() {
    let fake = Fake::start(|_, _| Reply::code(50000, "system error")).await;
    let c = client(&fake.url, options());
    let err = c.get("smart_plus/campaign/get/", &[]).await.unwrap_err();
    assert_eq!(err.return_code(), Some(50000));
    assert_eq!(c.calls(), 5);

    let fake = Fake::start(|_, _| Reply::code(40002, "budget too low")).await;
    let c = client(&fake.url, options());
    let err = c
        .post(
            "smart_plus/campaign/create/",
            &json!({}),
            Idempotency::Idempotent,
        )
        .await
        .unwrap_err();
    assert_eq!(err.return_code(), Some(40002));
    assert_eq!(c.calls(), 1);
    assert!(err.to_string().contains("budget too low"), "{err}");
    assert!(
        err.to_string().contains("smart_plus/campaign/create/"),
        "{err}"
    );
}

#[tokio::test]
async fn a_lost_answer_to_a_non_idempotent_write_is_never_retried() {
    let server = RawServer::start(|_| true, json!({})).await;
    let c = client(&server.url, options());
    let err = c
        .post(
            "smart_plus/ad/create/",
            &json!({"ad_name": "x"}),
            Idempotency::NonIdempotent,
        )
        .await
        .unwrap_err();
    assert!(err.outcome_unknown(), "{err:?}");
    // Said once, with the server it was sent to.
    assert_eq!(
        err.to_string(),
        format!(
            "connection closed before an answer to `smart_plus/ad/create/`: connection closed \
             before message completed ({})",
            server.url.trim_end_matches('/')
        )
    );
    assert!(matches!(
        err,
        ApiError::Transport {
            kind: TransportKind::Closed,
            ..
        }
    ));
    assert_eq!(c.calls(), 1);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_lost_answer_to_an_idempotent_write_or_a_read_is_retried() {
    let ok = json!({"code": 0, "message": "OK", "request_id": "r", "data": {"campaign_id": "9"}});
    let server = RawServer::start(|n| n == 0, ok.clone()).await;
    let c = client(&server.url, options());
    let data = c
        .post(
            "smart_plus/campaign/create/",
            &json!({"request_id": "5"}),
            Idempotency::Idempotent,
        )
        .await
        .unwrap();
    assert_eq!(data["campaign_id"], "9");
    assert_eq!(c.calls(), 2);
    assert_eq!(server.connections(), 2);

    let server = RawServer::start(|n| n < 2, ok).await;
    let c = client(&server.url, options());
    c.get("smart_plus/campaign/get/", &[]).await.unwrap();
    assert_eq!(c.calls(), 3);
}

#[tokio::test]
async fn a_timed_out_write_has_an_unknown_outcome() {
    let fake = Fake::start(|_, _| Reply::ok(json!({})).after(Duration::from_secs(3))).await;
    let c = client(
        &fake.url,
        ClientOptions {
            request_timeout: Duration::from_millis(200),
            ..options()
        },
    );
    let err = c
        .post(
            "smart_plus/ad/create/",
            &json!({}),
            Idempotency::NonIdempotent,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Transport {
                kind: TransportKind::Timeout,
                outcome_unknown: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(c.calls(), 1);
    let help = miette::Diagnostic::help(&err).unwrap().to_string();
    assert!(help.contains("read the account again"), "{help}");
}

#[tokio::test]
async fn a_refused_connection_proves_nothing_was_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let c = client(&url, options());
    let err = c
        .post(
            "smart_plus/ad/create/",
            &json!({}),
            Idempotency::NonIdempotent,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Transport {
                kind: TransportKind::Connect,
                outcome_unknown: false,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(c.calls(), 5, "retried up to max attempts");
}

#[tokio::test]
async fn envelopes() {
    let fake = Fake::start(|seen, _| match seen.path.as_str() {
        "no-data/" => Reply::http(200, r#"{"code": 0, "message": "OK", "request_id": "r"}"#),
        "partial/" => Reply::envelope(20001, "partial", json!({"done": ["1"]})),
        "not-json/" => Reply::http(200, "<html>gateway</html>"),
        "no-code/" => Reply::http(200, r#"{"message": "OK", "data": {}}"#),
        _ => Reply::http(404, "not found"),
    })
    .await;
    let c = client(&fake.url, options());
    assert_eq!(c.get("no-data/", &[]).await.unwrap(), json!({}));
    assert_eq!(
        c.get("partial/", &[]).await.unwrap(),
        json!({"done": ["1"]})
    );
    let err = c.get("not-json/", &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::BadJson { .. }), "{err:?}");
    assert!(err.to_string().contains("gateway"), "{err}");
    let err = c.get("no-code/", &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::BadJson { .. }), "{err:?}");
    let err = c.get("missing", &[]).await.unwrap_err();
    assert_eq!(err.http_status(), Some(404));
    // 404 is not retried.
    assert_eq!(c.calls(), 5);
}

#[tokio::test]
async fn the_token_never_shows_in_debug_errors_or_logs() {
    let echo = format!("token {TOKEN} is invalid");
    let fake = Fake::start(move |seen, _| match seen.path.as_str() {
        "auth/" => Reply::code(40105, &echo),
        "http/" => Reply::http(500, &echo),
        _ => Reply::http(200, &echo),
    })
    .await;
    let c = client(
        &fake.url,
        ClientOptions {
            retry: Policy::never(),
            ..options()
        },
    );
    let debug = format!("{c:?}");
    assert!(!debug.contains(TOKEN), "{debug}");

    for path in ["auth/", "http/", "json/"] {
        let err = c.get(path, &[]).await.unwrap_err();
        let report = format!("{:?}", miette::Report::new(err));
        assert!(!report.contains(TOKEN), "{path}: {report}");
        assert!(report.contains("[redacted]"), "{path}: {report}");
    }
    let err = c.get("auth/", &[]).await.unwrap_err();
    let help = miette::Diagnostic::help(&err).unwrap().to_string();
    assert!(help.contains("TIKTOK_ACCESS_TOKEN") && help.contains("--access-token-file"));
    // It was sent, in the header only.
    for s in fake.seen() {
        assert_eq!(s.token.as_deref(), Some(TOKEN));
        assert!(!s.query.values().any(|v| v.contains(TOKEN)));
    }
}

#[tokio::test]
async fn calls_are_counted_across_clones_and_retries() {
    let n = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&n);
    let fake = Fake::start(move |_, i| {
        counter.fetch_add(1, Ordering::SeqCst);
        if i == 0 {
            Reply::code(40202, "write conflict")
        } else {
            Reply::ok(json!({}))
        }
    })
    .await;
    let c = client(&fake.url, options());
    let c2 = c.clone();
    c.post(
        "smart_plus/campaign/update/",
        &json!({}),
        Idempotency::Idempotent,
    )
    .await
    .unwrap();
    c2.get("smart_plus/campaign/get/", &[]).await.unwrap();
    assert_eq!(c.calls(), 3);
    assert_eq!(c2.calls(), 3);
    assert_eq!(n.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn base_urls_with_the_prefix_work_and_insecure_ones_are_refused() {
    let fake = Fake::start(|_, _| Reply::ok(json!({"x": 1}))).await;
    let c = client(&format!("{}/open_api/v1.3/", fake.url), options());
    c.get("smart_plus/campaign/get/", &[]).await.unwrap();
    assert_eq!(fake.seen()[0].path, "smart_plus/campaign/get/");

    let err = Client::new(
        "http://business-api.tiktok.com",
        SecretString::from(TOKEN),
        options(),
    )
    .unwrap_err();
    assert!(matches!(err, ApiError::InvalidUrl { .. }), "{err:?}");
    assert!(!format!("{err:?}").contains(TOKEN));
}

#[tokio::test]
async fn body_of_a_write_is_json() {
    let fake = Fake::start(|_, _| Reply::ok(Value::Null)).await;
    let c = client(&fake.url, options());
    let body =
        json!({"advertiser_id": ADVERTISER, "campaign_ids": ["1"], "operation_status": "DISABLE"});
    let data = c
        .post(
            "smart_plus/campaign/status/update/",
            &body,
            Idempotency::Idempotent,
        )
        .await
        .unwrap();
    assert_eq!(data, json!({}));
    let seen = fake.seen();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].body, body);
}

/// An over-long URL is refused by the CDN in front of TikTok with an HTML page, not the
/// envelope (reference §14): the client reports the HTTP status and a piece of the page,
/// and does not retry it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cdn_html_refusal_of_a_long_url_is_a_clear_error() {
    let emu = crate::harness::Emu::start_async().await;
    let client = client(&emu.url, options());
    let ids: Vec<String> = (0..700)
        .map(|i| (1_700_000_000_000_000u64 + i).to_string())
        .collect();
    let err = client
        .get(
            "smart_plus/campaign/get/",
            &[
                ("advertiser_id", ADVERTISER.to_owned()),
                ("filtering", json!({ "campaign_ids": ids }).to_string()),
            ],
        )
        .await
        .expect_err("refused");
    match &err {
        ApiError::Http { status, body, .. } => {
            assert_eq!(*status, 400, "{err}");
            assert!(body.contains("Bad Request"), "{err}");
        }
        other => panic!("not an HTTP error: {other:?}"),
    }
    assert!(!err.to_string().contains(TOKEN));
    let stats = emu.stats().await;
    assert_eq!(stats["by_outcome"]["http_400"], 1, "not retried: {stats}");
}
