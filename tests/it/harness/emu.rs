//! Helpers shared by the emulator tests (`#[path]`-included by each of them).
#![allow(dead_code)]

use serde_json::{Value, json};
use smartplus::emulator::{self, Config, Handle};

pub const TOKEN: &str = "sandbox-token";
pub const ADV: &str = "7000000000000000001";
pub const PREFIX: &str = "/open_api/v1.3";

pub struct Emu {
    pub handle: Handle,
    pub client: reqwest::Client,
}

impl Emu {
    pub async fn start() -> Emu {
        Emu::with(Config::default()).await
    }

    pub async fn with(config: Config) -> Emu {
        let handle = emulator::start(config).await.expect("emulator starts");
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        Emu { handle, client }
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.handle.url())
        } else {
            format!("{}{PREFIX}/{path}", self.handle.url())
        }
    }

    /// GET with the token and `advertiser_id`; `params` values are sent as given.
    pub async fn get(&self, path: &str, params: &[(&str, &str)]) -> Value {
        let mut q: Vec<(&str, &str)> = vec![("advertiser_id", ADV)];
        q.extend_from_slice(params);
        self.get_raw(path, &q, Some(TOKEN)).await
    }

    pub async fn get_raw(&self, path: &str, q: &[(&str, &str)], token: Option<&str>) -> Value {
        let mut req = self.client.get(self.url(path)).query(q);
        if let Some(t) = token {
            req = req.header("Access-Token", t);
        }
        let resp = req.send().await.expect("GET answered");
        assert_eq!(resp.status(), 200, "business answers are HTTP 200");
        resp.json().await.expect("JSON envelope")
    }

    /// POST with the token; `advertiser_id` is added unless the body has one.
    pub async fn post(&self, path: &str, mut body: Value) -> Value {
        if body.get("advertiser_id").is_none() {
            body["advertiser_id"] = json!(ADV);
        }
        self.post_raw(path, &body, Some(TOKEN)).await
    }

    pub async fn post_raw(&self, path: &str, body: &Value, token: Option<&str>) -> Value {
        let mut req = self.client.post(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.header("Access-Token", t);
        }
        let resp = req.send().await.expect("POST answered");
        assert_eq!(resp.status(), 200, "business answers are HTTP 200");
        resp.json().await.expect("JSON envelope")
    }

    /// POST expecting code 0; returns `data`.
    pub async fn ok(&self, path: &str, body: Value) -> Value {
        let r = self.post(path, body).await;
        assert_eq!(r["code"], 0, "{path} failed: {r}");
        r["data"].clone()
    }

    pub async fn control(&self, path: &str, body: Value) -> Value {
        let resp = self
            .client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("control answered");
        assert_eq!(resp.status(), 200, "control call {path} failed");
        resp.json().await.expect("JSON")
    }

    pub async fn stats(&self) -> Value {
        self.client
            .get(self.url("/_emulator/stats"))
            .send()
            .await
            .expect("stats")
            .json()
            .await
            .expect("JSON")
    }

    pub async fn campaign(&self, name: &str, rid: &str) -> Value {
        self.ok("smart_plus/campaign/create/", campaign_body(name, rid))
            .await
    }

    pub async fn adgroup(&self, campaign_id: &str, rid: &str) -> Value {
        self.ok("smart_plus/adgroup/create/", adgroup_body(campaign_id, rid))
            .await
    }

    pub async fn ad(&self, adgroup_id: &str) -> Value {
        self.ok("smart_plus/ad/create/", ad_body(adgroup_id)).await
    }

    /// Campaign, ad group and ad ids.
    pub async fn tree(&self, name: &str) -> (String, String, String) {
        let c = self.campaign(name, &rid(name, 1)).await;
        let cid = id(&c, "campaign_id");
        let g = self.adgroup(&cid, &rid(name, 2)).await;
        let gid = id(&g, "adgroup_id");
        let a = self.ad(&gid).await;
        (cid, gid, id(&a, "smart_plus_ad_id"))
    }

    /// Every Upgraded Smart+ campaign, deleted ones included.
    pub async fn all_campaigns(&self) -> Vec<Value> {
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

pub fn id(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
        .to_owned()
}

/// A request id (64-bit integer as a string) derived from a name.
pub fn rid(name: &str, n: u64) -> String {
    let h = name.bytes().fold(1469598103934665603u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(1099511628211)
    });
    ((h >> 2) + n).to_string()
}

pub fn campaign_body(name: &str, rid: &str) -> Value {
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

pub fn adgroup_body(campaign_id: &str, rid: &str) -> Value {
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
        "schedule_start_time": "2026-12-01 00:00:00",
        "schedule_end_time": "2026-12-31 00:00:00",
        "targeting_spec": {"location_ids": ["6252001"], "languages": ["en"]},
    })
}

pub fn ad_body(adgroup_id: &str) -> Value {
    json!({
        "adgroup_id": adgroup_id,
        "ad_name": "Hero video",
        "creative_list": [video_creative("v10033g50000hero01")],
        "ad_text_list": [{"ad_text": "Spring sale is on"}],
        "landing_page_url_list": [{"landing_page_url": "https://shop.example.com/spring"}],
    })
}

/// A Spark (TT_USER) video with its cover image.
pub fn video_creative(video_id: &str) -> Value {
    json!({"creative_info": {
        "ad_format": "SINGLE_VIDEO",
        "video_info": {"video_id": video_id},
        "image_info": [{"web_uri": format!("ad-site-i18n-sg/cover-{video_id}")}],
        "identity_type": "TT_USER",
        "identity_id": "7200000000000000001",
    }})
}
