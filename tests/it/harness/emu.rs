//! The one emulator wrapper, plus the request bodies the emulator tests build on.

use serde_json::{Value, json};
use smartplus::emulator::{self, Config, Handle};
use tokio::runtime::Runtime;

use super::{ADVERTISER, TOKEN};

/// The API prefix that relative paths of the request helpers are under.
pub(crate) const PREFIX: &str = "/open_api/v1.3";

/// A running in-process emulator on 127.0.0.1:0, stopped on drop.
///
/// One type for both kinds of test:
/// - a plain `#[test]` (usually running the real binary against it) starts it with
///   [`Emu::start`] or [`Emu::with`]: it gets a runtime of its own, which also drives
///   the blocking helpers ([`Emu::blocking_get`], [`Emu::list`], [`Emu::block_on`], …);
/// - a `#[tokio::test]` starts it with [`Emu::start_async`] or [`Emu::with_async`]: it
///   serves on the test's runtime, so a test's flavour and worker count are the
///   emulator's too.
///
/// The async request helpers ([`Emu::get`], [`Emu::post`], [`Emu::ok`], …) work with
/// either.
pub(crate) struct Emu {
    /// The emulator's own runtime when started from synchronous code.
    rt: Option<Runtime>,
    /// `None` only once shut down.
    handle: Option<Handle>,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Never through a proxy: the emulator is on loopback.
    pub client: reqwest::Client,
}

impl Emu {
    /// The configuration tests start from: the harness's token and advertiser, on a
    /// free loopback port, the seeded account included. Ads may name any video or
    /// image id (tests write made-up ones); [`Emu::strict_assets`] is as live.
    pub(crate) fn config() -> Config {
        Config {
            access_token: TOKEN.into(),
            advertiser_id: ADVERTISER.into(),
            any_asset_id: true,
            ..Config::default()
        }
    }

    /// [`Emu::config`] where ads may name only uploaded videos and images, as live.
    pub(crate) fn strict_assets() -> Config {
        Config {
            any_asset_id: false,
            ..Emu::config()
        }
    }

    /// [`Emu::config`] on a runtime of its own, for synchronous tests.
    pub(crate) fn start() -> Emu {
        Emu::with(Emu::config())
    }

    /// `config` on a runtime of its own, for synchronous tests.
    pub(crate) fn with(config: Config) -> Emu {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let handle = rt.block_on(emulator::start(loopback(config)));
        Emu::new(Some(rt), handle.expect("emulator starts"))
    }

    /// [`Emu::config`] on the calling test's runtime.
    pub(crate) async fn start_async() -> Emu {
        Emu::with_async(Emu::config()).await
    }

    /// `config` on the calling test's runtime.
    pub(crate) async fn with_async(config: Config) -> Emu {
        let handle = emulator::start(loopback(config)).await;
        Emu::new(None, handle.expect("emulator starts"))
    }

    fn new(rt: Option<Runtime>, handle: Handle) -> Emu {
        // reqwest is built without a TLS provider; smartplus installs ring.
        smartplus::api::install_crypto_provider();
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        Emu {
            rt,
            url: handle.url(),
            handle: Some(handle),
            client,
        }
    }

    /// Stops as a restart would: in-flight requests finish and the state is saved.
    /// Only for [`Emu::start_async`]; an emulator with its own runtime does this on drop.
    pub(crate) async fn shutdown(mut self) {
        assert!(
            self.rt.is_none(),
            "an Emu with its own runtime stops on drop"
        );
        if let Some(handle) = self.handle.take() {
            handle.shutdown().await;
        }
    }

    /// `path` as a URL: absolute paths as given, others under [`PREFIX`].
    pub(crate) fn endpoint(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.url)
        } else {
            format!("{}{PREFIX}/{path}", self.url)
        }
    }

    // -----------------------------------------------------------------------------
    // Blocking helpers (an emulator with its own runtime)
    // -----------------------------------------------------------------------------

    /// Runs `future` to completion on the emulator's own runtime.
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.rt
            .as_ref()
            .expect("blocking helpers need an Emu started with Emu::start or Emu::with")
            .block_on(future)
    }

    /// GET a control or API path (with its query) and the token; the JSON answer,
    /// whatever the HTTP status.
    pub(crate) fn blocking_get(&self, path: &str) -> Value {
        self.block_on(async {
            self.client
                .get(self.endpoint(path))
                .header("Access-Token", TOKEN)
                .send()
                .await
                .expect("emulator answers")
                .json::<Value>()
                .await
                .expect("JSON answer")
        })
    }

    /// POST JSON to a control or API path with the token; the JSON answer, whatever
    /// the HTTP status. Unlike [`Emu::post`], the body is sent as given.
    pub(crate) fn blocking_post(&self, path: &str, body: Value) -> Value {
        self.block_on(async {
            self.client
                .post(self.endpoint(path))
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

    /// POST to an API path (`smart_plus/campaign/create/`) that must succeed: its
    /// `data`.
    pub(crate) fn api_ok(&self, path: &str, body: Value) -> Value {
        let v = self.blocking_post(&format!("{PREFIX}/{path}"), body);
        assert_eq!(v["code"], 0, "{path}: {v}");
        v["data"].clone()
    }

    /// Every live (not deleted) object of a kind through the Smart+ list endpoints:
    /// `campaign`, `adgroup` or `ad`.
    pub(crate) fn list(&self, kind: &str) -> Vec<Value> {
        let (path, size) = match kind {
            "campaign" => ("smart_plus/campaign/get/", 1000),
            "adgroup" => ("smart_plus/adgroup/get/", 1000),
            _ => ("smart_plus/ad/get/", 100),
        };
        let mut out = Vec::new();
        for page in 1.. {
            let v = self.blocking_get(&format!(
                "{PREFIX}/{path}?advertiser_id={ADVERTISER}&page={page}&page_size={size}"
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
    pub(crate) fn age(&self, kind: &str, id: &str, created: &str) {
        let v = self.blocking_post(
            "/_emulator/object",
            json!({"kind": kind, "id": id, "create_time": created, "modify_time": created}),
        );
        assert!(v.get("error").is_none(), "age {kind} {id}: {v}");
    }

    // -----------------------------------------------------------------------------
    // Async helpers
    // -----------------------------------------------------------------------------

    /// GET with the token and `advertiser_id`; `params` values are sent as given.
    pub(crate) async fn get(&self, path: &str, params: &[(&str, &str)]) -> Value {
        let mut q: Vec<(&str, &str)> = vec![("advertiser_id", ADVERTISER)];
        q.extend_from_slice(params);
        self.get_raw(path, &q, Some(TOKEN)).await
    }

    pub(crate) async fn get_raw(
        &self,
        path: &str,
        q: &[(&str, &str)],
        token: Option<&str>,
    ) -> Value {
        let mut req = self.client.get(self.endpoint(path)).query(q);
        if let Some(t) = token {
            req = req.header("Access-Token", t);
        }
        let resp = req.send().await.expect("GET answered");
        assert_eq!(resp.status(), 200, "business answers are HTTP 200");
        resp.json().await.expect("JSON envelope")
    }

    /// POST with the token; `advertiser_id` is added unless the body has one.
    pub(crate) async fn post(&self, path: &str, mut body: Value) -> Value {
        if body.get("advertiser_id").is_none() {
            body["advertiser_id"] = json!(ADVERTISER);
        }
        self.post_raw(path, &body, Some(TOKEN)).await
    }

    pub(crate) async fn post_raw(&self, path: &str, body: &Value, token: Option<&str>) -> Value {
        let mut req = self.client.post(self.endpoint(path)).json(body);
        if let Some(t) = token {
            req = req.header("Access-Token", t);
        }
        let resp = req.send().await.expect("POST answered");
        assert_eq!(resp.status(), 200, "business answers are HTTP 200");
        resp.json().await.expect("JSON envelope")
    }

    /// POST expecting code 0; returns `data`.
    pub(crate) async fn ok(&self, path: &str, body: Value) -> Value {
        let r = self.post(path, body).await;
        assert_eq!(r["code"], 0, "{path} failed: {r}");
        r["data"].clone()
    }

    pub(crate) async fn control(&self, path: &str, body: Value) -> Value {
        let resp = self
            .client
            .post(self.endpoint(path))
            .json(&body)
            .send()
            .await
            .expect("control answered");
        assert_eq!(resp.status(), 200, "control call {path} failed");
        resp.json().await.expect("JSON")
    }

    pub(crate) async fn stats(&self) -> Value {
        self.client
            .get(self.endpoint("/_emulator/stats"))
            .send()
            .await
            .expect("stats")
            .json()
            .await
            .expect("JSON")
    }

    pub(crate) async fn campaign(&self, name: &str, rid: &str) -> Value {
        self.ok("smart_plus/campaign/create/", campaign_body(name, rid))
            .await
    }

    pub(crate) async fn adgroup(&self, campaign_id: &str, rid: &str) -> Value {
        self.ok("smart_plus/adgroup/create/", adgroup_body(campaign_id, rid))
            .await
    }

    pub(crate) async fn ad(&self, adgroup_id: &str) -> Value {
        self.ok("smart_plus/ad/create/", ad_body(adgroup_id)).await
    }

    /// Campaign, ad group and ad ids.
    pub(crate) async fn tree(&self, name: &str) -> (String, String, String) {
        let c = self.campaign(name, &rid(name, 1)).await;
        let cid = id(&c, "campaign_id");
        let g = self.adgroup(&cid, &rid(name, 2)).await;
        let gid = id(&g, "adgroup_id");
        let a = self.ad(&gid).await;
        (cid, gid, id(&a, "smart_plus_ad_id"))
    }

    /// Every Upgraded Smart+ campaign, deleted ones included.
    pub(crate) async fn all_campaigns(&self) -> Vec<Value> {
        let r = self
            .get(
                "smart_plus/campaign/get/",
                &[
                    ("page_size", "1000"),
                    ("filtering", r#"{"primary_status": "STATUS_ALL"}"#),
                ],
            )
            .await;
        assert_eq!(r["code"], 0, "{r}");
        r["data"]["list"].as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        // On the test's runtime, dropping the handle stops the server; an own runtime is
        // first left to finish in-flight requests and save the state.
        if let (Some(rt), Some(handle)) = (self.rt.take(), self.handle.take()) {
            rt.block_on(handle.shutdown());
        }
    }
}

/// Tests run in parallel in one process: never on a fixed port.
fn loopback(mut config: Config) -> Config {
    config.listen = "127.0.0.1:0".parse().expect("loopback address");
    config
}

// ---------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------

pub(crate) fn id(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
        .to_owned()
}

/// A request id (64-bit integer as a string) derived from a name.
pub(crate) fn rid(name: &str, n: u64) -> String {
    let h = name.bytes().fold(1469598103934665603u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(1099511628211)
    });
    ((h >> 2) + n).to_string()
}

pub(crate) fn campaign_body(name: &str, rid: &str) -> Value {
    json!({
        "request_id": rid,
        "campaign_name": name,
        "objective_type": "WEB_CONVERSIONS",
        "sales_destination": "WEBSITE",
        "budget_optimize_on": true,
        "budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET",
        "budget": 500.0,
    })
}

pub(crate) fn adgroup_body(campaign_id: &str, rid: &str) -> Value {
    json!({
        "request_id": rid,
        "campaign_id": campaign_id,
        "adgroup_name": "US broad",
        "promotion_type": "WEBSITE",
        "optimization_goal": "CONVERT",
        "optimization_event": "COMPLETE_PAYMENT",
        "pixel_id": "7100000000000000001",
        "bid_type": "BID_TYPE_NO_BID",
        "billing_event": "OCPM",
        "schedule_type": "SCHEDULE_START_END",
        "schedule_start_time": days_ahead(30),
        "schedule_end_time": days_ahead(60),
        "targeting_spec": {"location_ids": ["6252001"], "languages": ["en"]},
    })
}

/// Midnight UTC `days` from now, as TikTok writes times: TikTok refuses a start
/// that is not in the future, so fixed dates in tests would stop working.
pub(crate) fn days_ahead(days: i64) -> String {
    let day = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .checked_add(jiff::Span::new().days(days))
        .expect("a date");
    format!("{day} 00:00:00")
}

/// The CTA portfolio Spark ads on TikTok take.
pub(crate) const CTA_PORTFOLIO: &str = "7500000000000000001";

pub(crate) fn ad_body(adgroup_id: &str) -> Value {
    json!({
        "adgroup_id": adgroup_id,
        "ad_name": "Hero video",
        "creative_list": [video_creative("v10033g50000hero01")],
        "ad_text_list": [{"ad_text": "Spring sale is on"}],
        "landing_page_url_list": [{"landing_page_url": "https://shop.example.com/spring"}],
        "ad_configuration": {"call_to_action_id": CTA_PORTFOLIO},
    })
}

/// A non-Spark video with its cover (its custom identity goes in `ad_configuration`).
pub(crate) fn custom_creative(video_id: &str) -> Value {
    let mut c = video_creative(video_id);
    if let Some(info) = c["creative_info"].as_object_mut() {
        info.retain(|k, _| !k.starts_with("identity"));
    }
    c
}

/// A Spark (TT_USER) video with its cover image.
pub(crate) fn video_creative(video_id: &str) -> Value {
    json!({"creative_info": {
        "ad_format": "SINGLE_VIDEO",
        "video_info": {"video_id": video_id},
        "image_info": [{"web_uri": format!("ad-site-i18n-sg/cover-{video_id}")}],
        "identity_type": "TT_USER",
        "identity_id": "7200000000000000001",
    }})
}
