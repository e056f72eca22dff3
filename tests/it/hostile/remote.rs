//! Remote data that lies: a page count no data bears out, pages that never end,
//! pages that contradict each other, an HTML page where TikTok's JSON belongs.

use serde_json::{Value, json};
use smartplus::api::ApiError;

use super::*;
use crate::api_client::{client, options};
use crate::harness::fake::{Fake, Reply};

const PATH: &str = "smart_plus/campaign/get/";

/// A page of `n` objects with the given `page_info`.
fn page(n: u64, info: Value) -> Value {
    let list: Vec<Value> = (0..n)
        .map(|i| json!({"campaign_id": i.to_string()}))
        .collect();
    json!({"list": list, "page_info": info})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_count_no_data_bears_out_is_not_followed() {
    // 10^12 pages claimed; from page 2 on, the pages are empty.
    let fake = Fake::start(|seen, _| {
        let n = if seen.page() == 1 { 3 } else { 0 };
        Reply::ok(page(
            n,
            json!({"page": seen.page(), "page_size": 3, "total_page": 1_000_000_000_000u64}),
        ))
    })
    .await;
    let c = client(&fake.url, options());
    let items = c.list_all(PATH, ADVERTISER, None, None, 3).await.unwrap();
    assert_eq!(items.len(), 3);
    // Page 1, then at most one round of pages in flight.
    assert!(fake.seen().len() <= 1 + 8, "{} requests", fake.seen().len());

    // 10^12 pages claimed, but total_number fills two.
    let fake = Fake::start(|_, _| {
        Reply::ok(page(
            3,
            json!({"total_number": 6, "total_page": 1_000_000_000_000u64}),
        ))
    })
    .await;
    let c = client(&fake.url, options());
    let items = c.list_all(PATH, ADVERTISER, None, None, 3).await.unwrap();
    assert_eq!(items.len(), 6);
    assert_eq!(fake.seen().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_that_never_end_stop_at_the_cap() {
    let fake = Fake::start(|_, _| {
        Reply::ok(page(
            1000,
            json!({"total_number": 1_000_000_000_000_000u64, "total_page": 1_000_000_000_000u64}),
        ))
    })
    .await;
    let c = client(&fake.url, options());
    let err = c
        .list_all(PATH, ADVERTISER, None, None, 1000)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::BadResponse { .. }), "{err:?}");
    assert!(
        err.to_string().contains("claims more than 200000 objects"),
        "{err}"
    );
    let asked = fake.seen().len();
    assert!((200..=208).contains(&asked), "{asked} requests");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objects_after_a_short_page_are_an_error_not_a_silent_loss() {
    let fake = Fake::start(|seen, _| {
        let n = if seen.page() == 2 { 1 } else { 3 };
        Reply::ok(page(n, json!({"total_page": 4})))
    })
    .await;
    let c = client(&fake.url, options());
    let err = c
        .list_all(PATH, ADVERTISER, None, None, 3)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("page 3 has objects after the short page 2"),
        "{err}"
    );
}

/// A CDN's answer to a request it refuses (reference §14: GET URLs over 8 KB).
const CDN_PAGE: &str = "<!DOCTYPE html>\n<html>\n<head><title>400 Bad Request</title></head>\n\
    <body><center><h1>400 Bad Request</h1></center><hr><center>cdn</center></body>\n</html>\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_error_pages_are_named_with_their_status() {
    for (status, said) in [
        (400, "HTTP 400 from `"),
        (200, "(HTTP 200) is not TikTok's JSON: "),
    ] {
        let fake = Fake::start(move |_, _| Reply::http(status, CDN_PAGE)).await;
        let w = Workdir::with_fixture(EXAMPLE);
        let mut cmd = w.command(&["plan"]);
        cmd.env("SMARTPLUS_API_URL", &fake.url)
            .env("TIKTOK_ACCESS_TOKEN", TOKEN);
        let o = tokio::task::spawn_blocking(move || sane("plan against a CDN", cmd))
            .await
            .expect("run");
        assert_eq!(code(&o), 1, "{}", both(&o));
        let err = stderr(&o);
        assert!(err.contains(said), "{err}");
        assert!(
            err.contains("an HTML page (“400 Bad Request”), not TikTok's JSON"),
            "{err}"
        );
        assert!(!err.contains("<!DOCTYPE"), "{err}");
    }
}
