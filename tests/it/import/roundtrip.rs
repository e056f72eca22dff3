//! Property: every Upgraded Smart+ campaign the platform accepts imports into spec
//! files that validate and plan clean.
//!
//! Each case starts a fresh in-process emulator and builds 1–3 campaigns in it through
//! the API, the way another tool (or Ads Manager) would have: all three objectives,
//! CBO on and off with every budget mode, all three targeting modes, every ad format
//! and identity, schedules with dayparting, placements, attribution, every bid
//! strategy, disabled and deleted objects. A campaign is described by knobs: bytes each read modulo their choices,
//! and the builder only combines choices the platform accepts, so every knob vector is
//! a valid campaign and shrinking a failure simplifies it. Then the real binary runs
//! `import --all` → `validate` → `plan --detailed-exitcode`, which must exit 0.

use std::cell::Cell;
use std::fmt::Write as _;

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, FailurePersistence};
use serde_json::{Map, Value, json};

use crate::harness::*;

const ZONES: &[&str] = &[
    "Etc/UTC",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Europe/Berlin",
];
/// Currency, ratio to the USD floors, decimal places.
const CURRENCIES: &[(&str, i64, u32)] = &[("USD", 1, 2), ("EUR", 1, 2), ("JPY", 100, 0)];
const NAMES: &[&str] = &[
    "Spring sale",
    "yes",
    "Sale: 50% off #1",
    "123",
    "null",
    "[brackets] & {braces}",
    "'quoted' \"twice\"",
    "Ünïcödé Kampagne",
    "- dash start",
    "春のセール",
    "~",
    "@at *star, comma",
];
const TEXTS: &[&str] = &[
    "Spring sale is on. Up to 40% off.",
    "yes",
    "No: really, 50% off!",
    "# not a comment",
    "- starts with a dash",
    "'single' and \"double\" quotes",
    "Ünïcödé – ok",
    "123",
    "A long text that goes on and on, well past the eighty characters a folded line keeps",
];
const LOCATIONS: &[&str] = &["6252001", "2635167", "1861060", "2921044", "3017382"];
const LANGUAGES: &[&str] = &["en", "de", "ja", "fr"];
const AUDIENCES: &[&str] = &[
    "7300000000000000001",
    "7300000000000000002",
    "7300000000000000003",
];
const INTERESTS: &[&str] = &["10001", "10002", "10003"];
const KEYWORDS: &[&str] = &["20001", "20002", "20003"];
const AGES: &[&str] = &[
    "AGE_18_24",
    "AGE_25_34",
    "AGE_35_44",
    "AGE_45_54",
    "AGE_55_100",
];
const CTAS: &[&str] = &["LEARN_MORE", "SHOP_NOW", "SIGN_UP", "DOWNLOAD", "BOOK_NOW"];
const WEB_EVENTS: &[&str] = &[
    "SHOPPING",
    "ON_WEB_CART",
    "ADD_BILLING",
    "INITIATE_ORDER",
    "ON_WEB_REGISTER",
    "FORM",
    "ON_WEB_SUBSCRIBE",
    "ON_WEB_DETAIL",
];
const ATTRIBUTED: &[&str] = &["CONVERT", "VALUE", "INSTALL", "IN_APP_EVENT"];

/// A byte vector read as choices; all zeros is the simplest campaign.
#[derive(Clone, Debug)]
struct K(Vec<u8>);

impl K {
    fn n(&self, i: usize, n: usize) -> usize {
        usize::from(self.0[i]) % n
    }
    fn pick<T: Copy>(&self, i: usize, from: &[T]) -> T {
        from[self.n(i, from.len())]
    }
    fn flag(&self, i: usize) -> bool {
        self.0[i] % 2 == 1
    }
    /// The items whose bit is set in byte `i`.
    fn subset<T: Copy>(&self, i: usize, from: &[T]) -> Vec<T> {
        from.iter()
            .enumerate()
            .filter(|(b, _)| self.0[i] & (1 << (b % 8)) != 0)
            .map(|(_, x)| *x)
            .collect()
    }
    fn word(&self, i: usize) -> i64 {
        i64::from(self.0[i]) << 8 | i64::from(self.0[i + 1])
    }
}

fn knobs(n: usize) -> impl Strategy<Value = K> {
    prop::collection::vec(any::<u8>(), n).prop_map(K)
}

#[derive(Clone, Debug)]
struct AdK {
    k: K,
    creatives: Vec<K>,
}

#[derive(Clone, Debug)]
struct GroupK {
    k: K,
    ads: Vec<AdK>,
}

#[derive(Clone, Debug)]
struct CampaignK {
    k: K,
    groups: Vec<GroupK>,
}

#[derive(Clone, Debug)]
struct Scenario {
    k: K,
    campaigns: Vec<CampaignK>,
}

fn ad() -> impl Strategy<Value = AdK> {
    (knobs(16), prop::collection::vec(knobs(4), 1..=3))
        .prop_map(|(k, creatives)| AdK { k, creatives })
}

fn group() -> impl Strategy<Value = GroupK> {
    (knobs(38), prop::collection::vec(ad(), 0..=2)).prop_map(|(k, ads)| GroupK { k, ads })
}

fn campaign() -> impl Strategy<Value = CampaignK> {
    (knobs(24), prop::collection::vec(group(), 1..=3))
        .prop_map(|(k, groups)| CampaignK { k, groups })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (knobs(4), prop::collection::vec(campaign(), 1..=3))
        .prop_map(|(k, campaigns)| Scenario { k, campaigns })
}

/// An amount in minor units as the JSON number the API takes (exact text).
fn money(minor: i64, decimals: u32) -> Value {
    let text = if decimals == 0 {
        minor.to_string()
    } else {
        let scale = 10i64.pow(decimals);
        format!(
            "{}.{:0width$}",
            minor / scale,
            minor % scale,
            width = decimals as usize
        )
    };
    serde_json::from_str(&text).expect("a number")
}

fn wire_time(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M:%S").to_string()
}

fn named(pool: &[&str], pick: usize, index: usize) -> String {
    let base = pool[pick % pool.len()];
    if index == 0 {
        base.to_string()
    } else {
        format!("{base} {index}")
    }
}

/// Builds the scenario in the emulator; returns the request bodies, for the report.
struct Builder<'a> {
    emu: &'a Emu,
    now: jiff::Timestamp,
    currency: (&'static str, i64, u32),
    log: String,
    request: Cell<u64>,
}

impl Builder<'_> {
    fn create(&mut self, path: &str, body: Value) -> Value {
        let _ = writeln!(self.log, "POST {path} {body}");
        let answer = self
            .emu
            .blocking_post(&format!("/open_api/v1.3/{path}"), body);
        assert_eq!(
            answer["code"], 0,
            "the generator built something the platform refuses:\n{}\n{answer}",
            self.log
        );
        answer["data"].clone()
    }

    fn request_id(&self) -> String {
        let n = self.request.get() + 1;
        self.request.set(n);
        (7_100_000_000_000_000_000u64 + n).to_string()
    }

    fn campaign(&mut self, ci: usize, c: &CampaignK) {
        let k = &c.k;
        let (_, ratio, dec) = self.currency;
        let unit = 10i64.pow(dec);
        let objective = k.pick(0, &["WEB_CONVERSIONS", "APP_PROMOTION", "LEAD_GENERATION"]);
        let cbo = !k.flag(3);
        let mode = if cbo {
            k.pick(
                4,
                &["BUDGET_MODE_DYNAMIC_DAILY_BUDGET", "BUDGET_MODE_TOTAL"],
            )
        } else {
            k.pick(
                4,
                &[
                    "BUDGET_MODE_INFINITE",
                    "BUDGET_MODE_DAY",
                    "BUDGET_MODE_TOTAL",
                ],
            )
        };
        let group_mode = if cbo {
            None
        } else if mode == "BUDGET_MODE_DAY" {
            Some("BUDGET_MODE_DYNAMIC_DAILY_BUDGET")
        } else {
            Some(k.pick(
                15,
                &["BUDGET_MODE_DYNAMIC_DAILY_BUDGET", "BUDGET_MODE_TOTAL"],
            ))
        };
        let dynamic = if cbo {
            mode == "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"
        } else {
            group_mode == Some("BUDGET_MODE_DYNAMIC_DAILY_BUDGET")
        };
        let omit_defaults = k.flag(19);
        let mut body = Map::new();
        body.insert("advertiser_id".into(), json!(ADVERTISER));
        body.insert("request_id".into(), json!(self.request_id()));
        body.insert("campaign_name".into(), json!(named(NAMES, k.n(20, 64), ci)));
        body.insert("objective_type".into(), json!(objective));
        let app_ios = k.flag(1);
        match objective {
            "WEB_CONVERSIONS" => {
                body.insert("sales_destination".into(), json!("WEBSITE"));
            }
            "APP_PROMOTION" => {
                body.insert(
                    "app_id".into(),
                    json!(format!("74000000000000000{:02}", k.n(21, 100))),
                );
                body.insert(
                    "app_promotion_type".into(),
                    json!(k.pick(2, &["APP_INSTALL", "APP_RETARGETING", "MINIS"])),
                );
            }
            _ => {}
        }
        let industries = k.subset(8, &["HOUSING", "EMPLOYMENT", "CREDIT"]);
        if !industries.is_empty() {
            body.insert("special_industries".into(), json!(industries));
        }
        body.insert("budget_optimize_on".into(), json!(cbo));
        let default_mode = if cbo {
            "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"
        } else {
            "BUDGET_MODE_INFINITE"
        };
        if !(omit_defaults && mode == default_mode) {
            body.insert("budget_mode".into(), json!(mode));
        }
        if mode != "BUDGET_MODE_INFINITE" {
            body.insert(
                "budget".into(),
                money(50 * ratio * unit + k.word(5) * unit / 10, dec),
            );
        }
        let disabled = k.flag(7);
        if disabled || !omit_defaults {
            body.insert(
                "operation_status".into(),
                json!(if disabled { "DISABLE" } else { "ENABLE" }),
            );
        }
        let created = self.create("smart_plus/campaign/create/", Value::Object(body));
        let campaign_id = created["campaign_id"]
            .as_str()
            .expect("campaign id")
            .to_owned();

        // Settings every ad group shares (CBO needs them equal; without CBO the bid
        // type and budget mode must match, and sharing the goal keeps them so).
        let goals: &[&str] = match objective {
            "WEB_CONVERSIONS" => &["CLICK", "CONVERT", "TRAFFIC_LANDING_PAGE_VIEW", "VALUE"],
            "APP_PROMOTION" => &["INSTALL", "IN_APP_EVENT", "VALUE", "CLICK"],
            _ => &["LEAD_GENERATION", "CONVERT", "CLICK", "CONVERSATION"],
        };
        let goal = k.pick(10, goals);
        let (pixel, event) = match (objective, goal) {
            ("WEB_CONVERSIONS", "CONVERT") => (true, Some(k.pick(11, WEB_EVENTS))),
            ("WEB_CONVERSIONS", "VALUE") => (true, Some("SHOPPING")),
            ("APP_PROMOTION", "IN_APP_EVENT") => {
                (false, Some(k.pick(11, &["ACTIVE_PAY", "ACTIVE_REGISTER"])))
            }
            ("APP_PROMOTION", "VALUE") => (false, Some("ACTIVE_PAY")),
            ("LEAD_GENERATION", "CONVERT") => {
                (true, Some(k.pick(11, &["FORM", "ON_WEB_REGISTER"])))
            }
            _ => (false, None),
        };
        let pixel_id = format!("71000000000000000{:02}", k.n(18, 3));
        let strategies: &[&str] = match (goal, dynamic) {
            ("VALUE", true) => &["VO_HIGHEST_VALUE", "VO_MIN_ROAS"],
            ("VALUE", false) => &["VO_HIGHEST_VALUE"],
            (_, true) => &["BID_TYPE_NO_BID", "BID_TYPE_CUSTOM"],
            (_, false) => &["BID_TYPE_NO_BID"],
        };
        let strategy = k.pick(12, strategies);
        let bid_minor = (ratio * unit / 2).max(1) + k.word(13) % (50 * unit * ratio);
        let roas_cents = 1 + k.word(22) % 100_000;
        let rotation = match k.n(9, 3) {
            1 => Some("ON"),
            2 => Some("OFF"),
            _ => None,
        };
        let spark = !k.flag(17);
        let promotion = match objective {
            "APP_PROMOTION" if app_ios => "APP_IOS",
            "APP_PROMOTION" => "APP_ANDROID",
            "LEAD_GENERATION" => "LEAD_GENERATION",
            _ => "WEBSITE",
        };
        let shared = Shared {
            objective,
            promotion,
            goal,
            pixel: pixel.then_some(pixel_id),
            event,
            strategy,
            bid_minor,
            roas_cents,
            cbo,
            campaign_mode: mode,
            group_mode,
            dynamic,
            rotation,
            spark,
        };
        for (gi, g) in c.groups.iter().enumerate() {
            self.ad_group(&campaign_id, gi, g, &shared);
        }
    }

    fn ad_group(&mut self, campaign_id: &str, gi: usize, g: &GroupK, s: &Shared) {
        let k = &g.k;
        let (_, ratio, dec) = self.currency;
        let unit = 10i64.pow(dec);
        let omit_defaults = k.flag(34);
        let mut b = Map::new();
        b.insert("advertiser_id".into(), json!(ADVERTISER));
        b.insert("request_id".into(), json!(self.request_id()));
        b.insert("campaign_id".into(), json!(campaign_id));
        b.insert("adgroup_name".into(), json!(named(NAMES, k.n(35, 64), gi)));
        b.insert("promotion_type".into(), json!(s.promotion));
        b.insert("optimization_goal".into(), json!(s.goal));
        if let Some(p) = &s.pixel {
            b.insert("pixel_id".into(), json!(p));
        }
        if let Some(e) = s.event {
            b.insert("optimization_event".into(), json!(e));
        }
        b.insert(
            "billing_event".into(),
            json!(if s.goal == "CLICK" { "CPC" } else { "OCPM" }),
        );
        match s.strategy {
            "VO_MIN_ROAS" | "VO_HIGHEST_VALUE" => {
                b.insert("bid_type".into(), json!("BID_TYPE_NO_BID"));
                b.insert("deep_bid_type".into(), json!(s.strategy));
                if s.strategy == "VO_MIN_ROAS" {
                    b.insert("roas_bid".into(), money(s.roas_cents, 2));
                }
            }
            other => {
                b.insert("bid_type".into(), json!(other));
                if other == "BID_TYPE_CUSTOM" {
                    // Without CBO each ad group may cap its own cost.
                    let extra = if s.cbo { 0 } else { i64::from(k.0[2]) };
                    let key = if s.goal == "CLICK" {
                        "bid_price"
                    } else {
                        "conversion_bid_price"
                    };
                    b.insert(key.into(), money(s.bid_minor + extra, dec));
                }
            }
        }

        // Schedule.
        let needs_end = (s.cbo && s.campaign_mode == "BUDGET_MODE_TOTAL")
            || s.group_mode == Some("BUDGET_MODE_TOTAL");
        let kind = if needs_end || !s.dynamic {
            2
        } else {
            k.n(3, 3)
        };
        let minute = jiff::SignedDuration::from_mins(1);
        let now = self.now;
        let seconds = if k.n(8, 4) == 0 {
            jiff::SignedDuration::from_secs(i64::from(k.0[8] % 60))
        } else {
            jiff::SignedDuration::ZERO
        };
        let day_minutes = 24 * 60;
        let start = match kind {
            0 => now - minute * i32::from(k.0[4]),
            1 => now + minute * (60 + k.word(4) % (300 * day_minutes)) as i32,
            _ => now + minute * (k.word(4) % (150 * day_minutes) - 60 * day_minutes) as i32,
        };
        let start = start.round(jiff::Unit::Minute).expect("round") + seconds;
        let end = (kind == 2)
            .then(|| start + minute * (day_minutes + k.word(6) % (90 * day_minutes)) as i32);
        b.insert(
            "schedule_type".into(),
            json!(if end.is_some() {
                "SCHEDULE_START_END"
            } else {
                "SCHEDULE_FROM_NOW"
            }),
        );
        b.insert("schedule_start_time".into(), json!(wire_time(start)));
        if let Some(end) = end {
            b.insert("schedule_end_time".into(), json!(wire_time(end)));
        }
        if k.flag(9) {
            b.insert("dayparting".into(), json!(dayparting(k)));
        } else if !omit_defaults {
            b.insert("dayparting".into(), json!("1".repeat(336)));
        }

        // Budget (without CBO).
        if let Some(mode) = s.group_mode {
            let days = match end {
                Some(e) if mode == "BUDGET_MODE_TOTAL" => {
                    let secs = e.as_second() - start.as_second();
                    (secs + 86_399) / 86_400
                }
                _ => 1,
            };
            b.insert("budget_mode".into(), json!(mode));
            b.insert(
                "budget".into(),
                money(20 * ratio * unit * days + i64::from(k.0[1]) * unit, dec),
            );
        }

        // Placements: non-Spark ads cannot deliver on TikTok.
        let allowed: &[&str] = if s.spark {
            &[
                "PLACEMENT_TIKTOK",
                "PLACEMENT_PANGLE",
                "PLACEMENT_GLOBAL_APP_BUNDLE",
            ]
        } else {
            &["PLACEMENT_PANGLE", "PLACEMENT_GLOBAL_APP_BUNDLE"]
        };
        let chosen = k.subset(17, allowed);
        let automatic = s.spark && k.n(17, 4) == 0;
        if automatic {
            if !omit_defaults {
                b.insert("placement_type".into(), json!("PLACEMENT_TYPE_AUTOMATIC"));
            }
        } else {
            let list = if chosen.is_empty() {
                vec![allowed[allowed.len() - 1]]
            } else {
                chosen
            };
            b.insert("placement_type".into(), json!("PLACEMENT_TYPE_NORMAL"));
            b.insert("placements".into(), json!(list));
        }

        if ATTRIBUTED.contains(&s.goal) && k.flag(18) {
            b.insert(
                "click_attribution_window".into(),
                json!(k.pick(
                    19,
                    &[
                        "OFF",
                        "ONE_DAY",
                        "SEVEN_DAYS",
                        "FOURTEEN_DAYS",
                        "TWENTY_EIGHT_DAYS"
                    ]
                )),
            );
            b.insert(
                "view_attribution_window".into(),
                json!(k.pick(20, &["OFF", "ONE_DAY", "SEVEN_DAYS"])),
            );
            b.insert(
                "attribution_event_count".into(),
                json!(k.pick(21, &["EVERY", "ONCE"])),
            );
        }

        // Targeting.
        let mode = k.n(22, 3);
        let noise = k.flag(33);
        let mut t = Map::new();
        let mut locations = k.subset(23, LOCATIONS);
        if locations.is_empty() {
            locations.push(LOCATIONS[0]);
        }
        t.insert("location_ids".into(), json!(locations));
        for (key, byte, pool) in [
            ("languages", 24, LANGUAGES),
            ("excluded_audience_ids", 27, AUDIENCES),
        ] {
            let v = k.subset(byte, pool);
            if !v.is_empty() {
                t.insert(key.into(), json!(v));
            }
        }
        match k.n(26, 3) {
            1 => {
                t.insert("operating_systems".into(), json!(["ANDROID"]));
            }
            2 => {
                t.insert("operating_systems".into(), json!(["IOS"]));
            }
            _ => {}
        }
        if mode != 2 || noise {
            match k.n(25, 3) {
                1 => {
                    t.insert("spc_audience_age".into(), json!("OVER_EIGHTEEN"));
                }
                2 => {
                    t.insert("spc_audience_age".into(), json!("OVER_TWENTY_FIVE"));
                }
                _ => {}
            }
        }
        if mode != 0 || noise {
            let mut ages = k.subset(28, AGES);
            if s.objective == "APP_PROMOTION" && k.n(28, 3) == 0 {
                ages.push("AGE_13_17");
            }
            for (key, v) in [
                ("age_groups", ages),
                ("interest_category_ids", k.subset(30, INTERESTS)),
                ("interest_keyword_ids", k.subset(31, KEYWORDS)),
                ("audience_ids", k.subset(32, AUDIENCES)),
            ] {
                if !v.is_empty() {
                    t.insert(key.into(), json!(v));
                }
            }
            // Behaviours, some with literals no client lists, and a creator one sent
            // with a period that TikTok drops.
            let behaviours: Vec<Value> = [
                json!({"action_scene": "VIDEO_RELATED", "action_period": 15,
                       "video_user_actions": ["WATCHED_TO_END", "SHARED"],
                       "action_category_ids": ["25011", "25014"]}),
                json!({"action_scene": "CREATOR_RELATED", "action_period": 7,
                       "video_user_actions": ["FOLLOWING"], "action_category_ids": ["30010"]}),
                json!({"action_scene": "HASHTAG_RELATED", "action_period": 0,
                       "video_user_actions": ["VIEW_HASHTAG"], "action_category_ids": ["77"]}),
                json!({"action_scene": "VIDEO_RELATED", "action_period": 0,
                       "video_user_actions": ["LIKED", "NEW_REACTION"],
                       "action_category_ids": ["25011"]}),
            ]
            .into_iter()
            .enumerate()
            .filter(|(b, _)| k.0[37] & (1 << b) != 0)
            .map(|(_, v)| v)
            .collect();
            if !behaviours.is_empty() {
                t.insert("actions".into(), json!(behaviours));
            }
            if let Some(gender) = [
                None,
                Some("GENDER_FEMALE"),
                Some("GENDER_MALE"),
                Some("GENDER_UNLIMITED"),
            ][k.n(29, 4)]
            {
                t.insert("gender".into(), json!(gender));
            }
        }
        b.insert(
            "targeting_optimization_mode".into(),
            json!(if mode == 2 { "MANUAL" } else { "AUTOMATIC" }),
        );
        if mode == 1 || !omit_defaults {
            b.insert("suggestion_audience_enabled".into(), json!(mode == 1));
        }
        b.insert("targeting_spec".into(), Value::Object(t));
        if let Some(r) = s.rotation {
            b.insert("smart_creative_rotation".into(), json!(r));
        }
        let disabled = k.flag(0);
        if disabled || !omit_defaults {
            b.insert(
                "operation_status".into(),
                json!(if disabled { "DISABLE" } else { "ENABLE" }),
            );
        }
        // TikTok refuses a start that is not in the future: an ad group that
        // started in the past was made back then, so the clock goes back for it.
        let back = start <= jiff::Timestamp::now() + minute * 11;
        if back {
            let then = wire_time(start - minute);
            let r = self
                .emu
                .blocking_post("/_emulator/clock", json!({ "now": then }));
            assert_eq!(r["frozen"], true, "{r}");
        }
        let created = self.create("smart_plus/adgroup/create/", Value::Object(b));
        if back {
            self.emu
                .blocking_post("/_emulator/clock", json!({ "real": true }));
        }
        let adgroup_id = created["adgroup_id"]
            .as_str()
            .expect("ad group id")
            .to_owned();
        for (ai, a) in g.ads.iter().enumerate() {
            self.ad(&adgroup_id, ai, a, s);
        }
        // Deleted objects stay in the account as tombstones; the first ad group stays.
        if gi > 0 && k.n(36, 6) == 5 {
            self.create(
                "smart_plus/adgroup/status/update/",
                json!({"advertiser_id": ADVERTISER, "adgroup_ids": [adgroup_id], "operation_status": "DELETE"}),
            );
        }
    }

    fn ad(&mut self, adgroup_id: &str, ai: usize, a: &AdK, s: &Shared) {
        let k = &a.k;
        let mut b = Map::new();
        b.insert("advertiser_id".into(), json!(ADVERTISER));
        b.insert("adgroup_id".into(), json!(adgroup_id));
        b.insert("ad_name".into(), json!(named(NAMES, k.n(15, 64), ai)));
        if k.flag(0) {
            b.insert("operation_status".into(), json!("DISABLE"));
        }
        let identity = if s.spark {
            k.pick(1, &["TT_USER", "BC_AUTH_TT", "AUTH_CODE"])
        } else {
            "CUSTOMIZED_USER"
        };
        let identity_id = format!("72000000000000000{:02}", k.n(10, 3));
        let pull = s.spark && k.flag(2);
        let mut creatives = Vec::new();
        for (n, c) in a.creatives.iter().enumerate() {
            let mut info = Map::new();
            if pull {
                info.insert("ad_format".into(), json!("SINGLE_VIDEO"));
                info.insert(
                    "tiktok_item_id".into(),
                    json!(format!("73100000000000000{:02}", c.n(2, 50))),
                );
            } else if c.flag(0) {
                info.insert("ad_format".into(), json!("CAROUSEL_ADS"));
                let images: Vec<Value> = (0..=c.n(1, 4))
                    .map(|i| json!({"web_uri": format!("ad-site-i18n-sg/img-{}-{i}", c.n(2, 9))}))
                    .collect();
                info.insert("image_info".into(), json!(images));
                info.insert(
                    "music_info".into(),
                    json!({"music_id": format!("74000000000000001{:02}", c.n(3, 20))}),
                );
            } else {
                info.insert("ad_format".into(), json!("SINGLE_VIDEO"));
                info.insert(
                    "video_info".into(),
                    json!({"video_id": format!("v10033g50000vid{n}{}", c.n(2, 9))}),
                );
                info.insert(
                    "image_info".into(),
                    json!([{"web_uri": format!("ad-site-i18n-sg/cover-{}", c.n(3, 9))}]),
                );
            }
            if s.spark {
                info.insert("identity_type".into(), json!(identity));
                info.insert("identity_id".into(), json!(identity_id));
                if identity == "BC_AUTH_TT" {
                    info.insert(
                        "identity_authorized_bc_id".into(),
                        json!(format!("76000000000000000{:02}", k.n(11, 3))),
                    );
                }
            }
            creatives.push(json!({"creative_info": info}));
        }
        b.insert("creative_list".into(), json!(creatives));
        if !pull {
            let mut texts = k.subset(3, TEXTS);
            texts.truncate(5);
            if texts.is_empty() {
                texts.push(TEXTS[0]);
            }
            let list: Vec<Value> = texts.iter().map(|t| json!({"ad_text": t})).collect();
            b.insert("ad_text_list".into(), json!(list));
        }
        let lead = s.objective == "LEAD_GENERATION";
        if !s.spark && !lead {
            let mut ctas = k.subset(4, CTAS);
            ctas.truncate(3);
            if !ctas.is_empty() {
                let list: Vec<Value> = ctas.iter().map(|c| json!({"call_to_action": c})).collect();
                b.insert("call_to_action_list".into(), json!(list));
            }
        }
        if s.promotion == "WEBSITE" || k.flag(6) {
            b.insert(
                "landing_page_url_list".into(),
                json!([{"landing_page_url": format!("https://shop.example.com/p/{}?a=1&b=2", k.n(6, 7))}]),
            );
        }
        if lead {
            b.insert(
                "page_list".into(),
                json!([{"page_id": format!("77000000000000000{:02}", k.n(12, 5))}]),
            );
        }
        let mut conf = Map::new();
        if !s.spark {
            conf.insert("identity_type".into(), json!("CUSTOMIZED_USER"));
            conf.insert("identity_id".into(), json!(identity_id));
        }
        // Spark ads on TikTok need a CTA portfolio; a list and a portfolio never go
        // together.
        let listed = b.contains_key("call_to_action_list");
        if s.spark || (k.flag(5) && !listed) {
            conf.insert("call_to_action_id".into(), json!("7500000000000000001"));
        }
        let utm: Vec<Value> = ["utm_source", "utm_medium", "utm_campaign"]
            .iter()
            .take(k.n(7, 4))
            .map(|key| json!({"key": key, "value": format!("v-{}", k.n(7, 50))}))
            .collect();
        if !utm.is_empty() {
            conf.insert("utm_params".into(), json!(utm));
        }
        if k.flag(8) {
            let strategies: Vec<&str> = [
                (1, &["VIDEO_QUALITY", "IMAGE_QUALITY"][..]),
                (2, &["IMAGE_RESIZE"][..]),
                (4, &["MUSIC_REFRESH"][..]),
                (8, &["TRANSLATE_AND_DUB"][..]),
            ]
            .iter()
            .filter(|(bit, _)| k.0[9] & bit != 0)
            .flat_map(|(_, s)| s.iter().copied())
            .collect();
            conf.insert(
                "creative_auto_enhancement_strategy_list".into(),
                json!(strategies),
            );
        }
        if !conf.is_empty() {
            b.insert("ad_configuration".into(), Value::Object(conf));
        }
        let created = self.create("smart_plus/ad/create/", Value::Object(b));
        if k.n(13, 6) == 5 {
            let id = created["smart_plus_ad_id"]
                .as_str()
                .expect("ad id")
                .to_owned();
            self.create(
                "smart_plus/ad/status/update/",
                json!({"advertiser_id": ADVERTISER, "smart_plus_ad_ids": [id], "operation_status": "DELETE"}),
            );
        }
    }
}

/// The 336 half-hours, each weekday all day, none, or one or two ranges; never empty.
fn dayparting(k: &K) -> String {
    let mut bits = String::with_capacity(336);
    for day in 0..7 {
        let d = usize::from(k.0[10 + day]);
        let mut slots = [false; 48];
        match d % 4 {
            0 => slots = [true; 48],
            1 => {}
            n => {
                for r in 0..(n - 1) {
                    let from = (d / 4 + r * 20) % 44;
                    let len = 1 + (d / 16 + r) % 8;
                    for s in slots.iter_mut().skip(from).take(len) {
                        *s = true;
                    }
                }
            }
        }
        bits.extend(slots.iter().map(|s| if *s { '1' } else { '0' }));
    }
    if !bits.contains('1') {
        bits.replace_range(0..48, &"1".repeat(48));
    }
    bits
}

/// What every ad group of a campaign shares.
struct Shared {
    objective: &'static str,
    promotion: &'static str,
    goal: &'static str,
    pixel: Option<String>,
    event: Option<&'static str>,
    strategy: &'static str,
    bid_minor: i64,
    roas_cents: i64,
    cbo: bool,
    campaign_mode: &'static str,
    group_mode: Option<&'static str>,
    dynamic: bool,
    rotation: Option<&'static str>,
    spark: bool,
}

fn report(title: &str, o: &std::process::Output) -> String {
    format!("--- {title}: exit {}\n{}{}", code(o), stdout(o), stderr(o))
}

fn files(dir: &std::path::Path) -> String {
    let mut out = String::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    for p in paths {
        let _ = writeln!(
            out,
            "--- {}\n{}",
            p.display(),
            std::fs::read_to_string(&p).unwrap_or_default()
        );
    }
    out
}

fn round_trip(s: &Scenario) {
    let currency = s.k.pick(1, CURRENCIES);
    let emu = Emu::with(smartplus::emulator::Config {
        time_zone: s.k.pick(0, ZONES).into(),
        currency: currency.0.into(),
        seed_account: s.k.flag(2),
        ..Emu::config()
    });
    let mut b = Builder {
        emu: &emu,
        now: jiff::Timestamp::now(),
        currency,
        log: String::new(),
        request: Cell::new(0),
    };
    for (ci, c) in s.campaigns.iter().enumerate() {
        b.campaign(ci, c);
    }
    let w = Workdir::new();
    let import = w.run(
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
    let dir = w.path().join("imported");
    let context = || format!("{}\n{}{}", b.log, report("import", &import), files(&dir));
    assert_eq!(code(&import), 0, "{}", context());
    let written = std::fs::read_dir(&dir).map_or(0, std::iter::Iterator::count);
    assert_eq!(written, s.campaigns.len(), "{}", context());
    let validate = w.run_plain(&["validate", "imported"]);
    assert_eq!(
        code(&validate),
        0,
        "{}{}",
        context(),
        report("validate", &validate)
    );
    let plan = w.run(&emu, &["plan", "--detailed-exitcode", "imported"]);
    assert_eq!(code(&plan), 0, "{}{}", context(), report("plan", &plan));
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 20,
        max_shrink_iters: 64,
        failure_persistence: None::<Box<dyn FailurePersistence>>,
        ..ProptestConfig::default()
    })]

    #[test]
    fn imported_campaigns_validate_and_plan_clean(s in scenario()) {
        round_trip(&s);
    }
}

/// The simplest campaign of every objective, always run (shrinking's floor).
#[test]
fn simplest_campaign_of_each_objective() {
    for objective in 0..3u8 {
        let mut c = CampaignK {
            k: K(vec![0; 24]),
            groups: vec![GroupK {
                k: K(vec![0; 38]),
                ads: vec![AdK {
                    k: K(vec![0; 16]),
                    creatives: vec![K(vec![0; 4])],
                }],
            }],
        };
        c.k.0[0] = objective;
        round_trip(&Scenario {
            k: K(vec![0; 4]),
            campaigns: vec![c],
        });
    }
}
