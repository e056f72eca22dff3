//! `/smart_plus/ad/*`.

use serde_json::{Value, json};

use super::app::App;
use super::check::{self, Obj};
use super::list::{self, Bound, Field, Filter, ListSpec, View};
use super::records;
use super::request::Req;
use super::state::{Automation, Kind, Record, State};
use super::wire::{ApiError, ApiResult, code};

const AD_FORMATS: &[&str] = &["SINGLE_VIDEO", "CAROUSEL_ADS", "CATALOG_CAROUSEL"];
/// Spark identities, set per creative.
const SPARK_IDENTITIES: &[&str] = &["TT_USER", "BC_AUTH_TT", "AUTH_CODE"];
const CONFIG_IDENTITIES: &[&str] = &["CUSTOMIZED_USER", "TT_USER", "BC_AUTH_TT"];
const DEEPLINK_TYPES: &[&str] = &["NORMAL", "DEFERRED_DEEPLINK"];
const UPDATABLE: &[&str] = &[
    "ad_name",
    "creative_list",
    "ad_text_list",
    "call_to_action_list",
    "landing_page_url_list",
    "page_list",
    "deeplink_list",
    "interactive_add_on_list",
    "ad_configuration",
];
const SERVER_OWNED: &[&str] = &[
    "smart_plus_ad_id",
    "campaign_id",
    "create_time",
    "modify_time",
    "secondary_status",
];

/// `/smart_plus/ad/get/`.
const LIST: ListSpec = ListSpec {
    kind: Kind::Ad,
    page_size_cap: crate::facts::PAGE_SIZE_AD,
    upgraded_only: true,
    accepted: &[
        "campaign_ids",
        "adgroup_ids",
        "smart_plus_ad_ids",
        "primary_status",
        "secondary_status",
        "objective_type",
        "sales_destination",
        "optimization_goal",
        "creation_filter_start_time",
        "creation_filter_end_time",
        "modified_after",
        "operation_status",
    ],
    filters: &[
        Filter::ids("campaign_ids", Field::CampaignId),
        Filter::ids("adgroup_ids", Field::AdGroupId),
        Filter::ids("smart_plus_ad_ids", Field::Id),
        Filter::primary_status(),
        Filter::one_of("secondary_status", Field::SecondaryStatus),
        Filter::one_of("objective_type", Field::Campaign("objective_type")),
        Filter::one_of("sales_destination", Field::Campaign("sales_destination")),
        Filter::one_of("optimization_goal", Field::AdGroup("optimization_goal")),
        list::CREATED_FROM,
        list::CREATED_UNTIL,
        // Read up front, but compared after the creation window, whose errors it
        // must not hide.
        Filter::time("modified_after", "modify_time", Bound::After),
        // Live ignores it: the list is not filtered by it.
        Filter::ignored("operation_status"),
    ],
    fields: None,
    view: View::SmartPlus,
};

pub(super) fn create(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let adgroup_id = check::req_id(b, "adgroup_id")?.to_owned();
    let rid = records::opt_request_id(b)?.map(str::to_owned);
    app.write(|st| {
        // Same key, same answer, as for campaigns and ad groups.
        if let Some(id) = rid.as_ref().and_then(|r| st.ad_requests.get(r)).cloned() {
            return Ok(Value::Object(st.render(Kind::Ad, &id).unwrap_or_default()));
        }
        app.settling(&adgroup_id)?;
        let group = records::writable(st, Kind::AdGroup, &adgroup_id)?;
        let campaign_id = group.parent.clone().unwrap_or_default();
        let group_data = group.data.clone();
        let camp = st
            .campaigns
            .get(&campaign_id)
            .map(|c| c.data.clone())
            .unwrap_or_default();
        let max = crate::facts::MAX_ADS_PER_AD_GROUP;
        if st.live_ads_of(&adgroup_id) >= max {
            return Err(ApiError::new(
                code::LIMIT_REACHED,
                format!(
                    "Ad group {adgroup_id} already has {max} ads, the most an ad group can have."
                ),
            ));
        }
        let mut obj = b.clone();
        for k in SERVER_OWNED {
            obj.remove(*k);
        }
        obj.remove("request_id");
        check::opt_enum(&obj, "operation_status", &["ENABLE", "DISABLE"])?;
        validate(&obj, &group_data, &camp)?;
        super::media::check_assets(app, st, &obj)?;
        let id = st.new_id();
        let now = st.clock.now_string();
        assign_material_ids(st, &mut obj, None);
        let unnamed = check::opt_str(&obj, "ad_name")?.is_none_or(|n| n.trim().is_empty());
        if unnamed {
            // An empty name means "name it after its id".
            obj.insert("ad_name".into(), json!(id));
        }
        if !check::has(&obj, "operation_status") {
            obj.insert("operation_status".into(), json!("ENABLE"));
        }
        if let Some(r) = &rid {
            st.ad_requests.insert(r.clone(), id.clone());
        }
        obj.insert("smart_plus_ad_id".into(), json!(id));
        obj.insert("campaign_id".into(), json!(campaign_id));
        obj.insert("create_time".into(), json!(now));
        obj.insert("modify_time".into(), json!(now));
        let seq = st.next_seq();
        st.insert_ad(
            id.clone(),
            Record {
                seq,
                automation: Automation::UpgradedSmartPlus,
                deleted: false,
                parent: Some(adgroup_id.clone()),
                status_override: None,
                data: obj,
            },
        );
        Ok(Value::Object(st.render(Kind::Ad, &id).unwrap_or_default()))
    })
}

/// Gives each creative an `ad_material_id`; on update a creative whose
/// `creative_info` is unchanged keeps its id and status.
fn assign_material_ids(st: &mut State, obj: &mut Obj, previous: Option<&Obj>) {
    let old: Vec<Value> = previous
        .and_then(|p| p.get("creative_list"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let Some(Value::Array(list)) = obj.get("creative_list").cloned() else {
        return;
    };
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(list.len());
    for c in list {
        let Value::Object(mut c) = c else {
            out.push(c);
            continue;
        };
        let reuse = old.iter().find(|o| {
            o.get("creative_info") == c.get("creative_info")
                && o.get("ad_material_id")
                    .and_then(Value::as_str)
                    .is_some_and(|id| !taken.iter().any(|t| t == id))
        });
        if let Some(o) = reuse {
            let id = o
                .get("ad_material_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            taken.push(id.clone());
            c.insert("ad_material_id".into(), json!(id));
            let status = o
                .get("material_operation_status")
                .cloned()
                .unwrap_or(json!("ENABLE"));
            c.insert("material_operation_status".into(), status);
        } else {
            let id = st.new_id();
            c.insert("ad_material_id".into(), json!(id));
            if !check::has(&c, "material_operation_status") {
                c.insert("material_operation_status".into(), json!("ENABLE"));
            }
        }
        out.push(Value::Object(c));
    }
    obj.insert("creative_list".into(), Value::Array(out));
}

/// How a creative is sourced.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    /// Custom identity, uploaded video or images.
    NonSpark,
    /// Spark "push": uploaded material under a TikTok account identity.
    SparkPush,
    /// Spark "pull": an existing TikTok post.
    SparkPull,
}

/// Rules for a whole ad (new, or merged with an update).
fn validate(obj: &Obj, group: &Obj, camp: &Obj) -> ApiResult<()> {
    if let Some(n) = check::opt_str(obj, "ad_name")?
        && !n.is_empty()
    {
        check::name("ad_name", n)?;
    }
    let creatives = check::opt_array(obj, "creative_list")?
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ApiError::param("creative_list", "at least 1 creative_info is required"))?;
    let max = crate::facts::MAX_CREATIVES_PER_AD;
    if creatives.len() > max {
        return Err(ApiError::param(
            "creative_list",
            format!("Must hold 1 to {max} creatives; got {}.", creatives.len()),
        ));
    }
    let cfg = check::opt_object(obj, "ad_configuration")?;
    let custom = cfg
        .map(|c| check::opt_str(c, "identity_id"))
        .transpose()?
        .flatten();
    let mut families = Vec::new();
    for (i, c) in creatives.iter().enumerate() {
        families.push(creative(i, c, custom)?);
    }
    let all_pull = families.iter().all(|f| *f == Family::SparkPull);
    let any_spark = families.iter().any(|f| *f != Family::NonSpark);
    let any_non_spark = families.contains(&Family::NonSpark);

    texts(obj, all_pull)?;
    if let Some(cfg) = cfg {
        configuration(cfg)?;
    }

    let placements: Vec<&str> = group
        .get("placements")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let on_tiktok = placements.contains(&"PLACEMENT_TIKTOK");
    if any_non_spark && on_tiktok {
        return Err(ApiError::param(
            "creative_list",
            "Non-Spark creatives can no longer be delivered on the TikTok placement; use a Spark identity (creative_info.identity_type) or a TikTok post, or restrict placements to Pangle / Global App Bundle.",
        ));
    }
    if any_non_spark {
        non_spark_identity(cfg)?;
    }
    let objective = camp
        .get("objective_type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    calls_to_action(obj, cfg, objective, any_spark && on_tiktok, on_tiktok)?;
    let pages = landing_pages(obj)?;
    let forms = list_of(obj, "page_list", "page_id", 3)?;
    destination(group, &pages, &forms)?;
    list_of(obj, "interactive_add_on_list", "card_id", 1)?;
    if let Some(d) = check::opt_array(obj, "deeplink_list")? {
        if d.len() > 1 {
            return Err(ApiError::param("deeplink_list", "At most 1 deeplink."));
        }
        for item in d {
            let Value::Object(item) = item else {
                return Err(ApiError::param(
                    "deeplink_list",
                    "Every item must be an object.",
                ));
            };
            check::req_str(item, "deeplink")?;
            check::opt_enum(item, "deeplink_type", DEEPLINK_TYPES)?;
        }
    }
    check::opt_object(obj, "disclaimer")?;
    Ok(())
}

/// TikTok refuses ad texts on an ad of posts only (they keep their captions), no
/// text otherwise, empty texts, and the same text twice.
fn texts(obj: &Obj, all_pull: bool) -> ApiResult<()> {
    let texts = list_of(
        obj,
        "ad_text_list",
        "ad_text",
        crate::facts::MAX_TEXTS_PER_AD,
    )?;
    if all_pull && !texts.is_empty() {
        return Err(ApiError::param(
            "ad_text_list",
            "Not allowed when every creative is a TikTok post (tiktok_item_id): the post's own caption is used.",
        ));
    }
    if !all_pull && texts.is_empty() {
        return Err(ApiError::param(
            "ad_text_list",
            "At least one ad text is required unless every creative is a TikTok post.",
        ));
    }
    for (i, t) in texts.iter().enumerate() {
        if t.trim().is_empty() {
            return Err(ApiError::param(
                "ad_text_list.ad_text",
                "Must not be empty.",
            ));
        }
        if texts[..i].contains(t) {
            // Live wording.
            return Err(ApiError::param("ad_text_list", "You have duplicate titles"));
        }
    }
    Ok(())
}

/// TikTok refuses non-Spark creatives without the custom identity in
/// `ad_configuration`.
fn non_spark_identity(cfg: Option<&Obj>) -> ApiResult<()> {
    let has_id = cfg
        .map(|c| check::opt_str(c, "identity_id"))
        .transpose()?
        .flatten()
        .is_some_and(|id| !id.trim().is_empty());
    if has_id {
        Ok(())
    } else {
        // Live wording.
        Err(ApiError::new(
            code::PARAM_ERROR,
            "ad_configuration.identity_id is required",
        ))
    }
}

/// Calls to action: `call_to_action_list` holds platform literals; Spark ads on
/// the TikTok placement (automatic placement includes it) of app and web campaigns
/// need a CTA portfolio (`ad_configuration.call_to_action_id`) and take no list;
/// lead generation takes no list on TikTok; the list and a portfolio never go
/// together.
fn calls_to_action(
    obj: &Obj,
    cfg: Option<&Obj>,
    objective: &str,
    spark_on_tiktok: bool,
    on_tiktok: bool,
) -> ApiResult<()> {
    let ctas = list_of(
        obj,
        "call_to_action_list",
        "call_to_action",
        crate::facts::MAX_CTAS_PER_AD,
    )?;
    for c in &ctas {
        check::check_literal("call_to_action_list.call_to_action", c)?;
    }
    let portfolio = cfg
        .map(|c| check::opt_str(c, "call_to_action_id"))
        .transpose()?
        .flatten()
        .filter(|id| !id.is_empty());
    if !ctas.is_empty() && portfolio.is_some() {
        return Err(ApiError::param(
            "call_to_action_list",
            "Cannot be used together with ad_configuration.call_to_action_id.",
        ));
    }
    if !ctas.is_empty() && objective == "LEAD_GENERATION" && on_tiktok {
        return Err(ApiError::param(
            "call_to_action_list",
            "Not allowed for LEAD_GENERATION on the TikTok placement; use ad_configuration.call_to_action_id.",
        ));
    }
    if spark_on_tiktok && !ctas.is_empty() {
        return Err(ApiError::param(
            "call_to_action_list",
            "Not allowed with a Spark identity on the TikTok placement; use ad_configuration.call_to_action_id (a dynamic CTA portfolio).",
        ));
    }
    if spark_on_tiktok
        && matches!(objective, "APP_PROMOTION" | "WEB_CONVERSIONS")
        && portfolio.is_none()
    {
        return Err(ApiError::param(
            "ad_configuration.call_to_action_id",
            "Required for Spark Ads (creative_info.identity_type TT_USER, BC_AUTH_TT or AUTH_CODE) on the TikTok placement.",
        ));
    }
    Ok(())
}

/// At most one landing page, each an http(s) URL.
fn landing_pages(obj: &Obj) -> ApiResult<Vec<String>> {
    if check::opt_array(obj, "landing_page_url_list")?.is_some_and(|l| l.len() > 1) {
        // Live wording.
        return Err(ApiError::new(
            code::PARAM_ERROR,
            "landing_page_url_list: maximum number of items is 1",
        ));
    }
    let pages = list_of(obj, "landing_page_url_list", "landing_page_url", 1)?;
    for u in &pages {
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            return Err(ApiError::param(
                "landing_page_url_list.landing_page_url",
                format!("`{u}` is not an http(s) URL."),
            ));
        }
    }
    Ok(pages)
}

/// Where the ad sends people must fit the ad group: a website needs a landing page;
/// lead generation collects leads in an instant form (`page_list`) unless the ad
/// group's `promotion_target_type` is `EXTERNAL_WEBSITE`, where a landing page does.
fn destination(group: &Obj, pages: &[String], forms: &[String]) -> ApiResult<()> {
    match group.get("promotion_type").and_then(Value::as_str) {
        Some("WEBSITE") if pages.is_empty() => Err(ApiError::param(
            "landing_page_url_list",
            "A landing page URL is required for WEBSITE promotion.",
        )),
        Some("LEAD_GENERATION") => {
            let website = group.get("promotion_target_type").and_then(Value::as_str)
                == Some("EXTERNAL_WEBSITE");
            if website && pages.is_empty() {
                Err(ApiError::param(
                    "landing_page_url_list",
                    "A landing page URL is required when promotion_target_type is EXTERNAL_WEBSITE.",
                ))
            } else if !website && forms.is_empty() {
                // Live wording: the ad group defaulted to an instant page.
                Err(ApiError::new(code::PARAM_ERROR, "Page_id not valid"))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

/// `ad_configuration`: identity, portfolio, ads-only mode, UTM parameters, products.
fn configuration(cfg: &Obj) -> ApiResult<()> {
    let f = |k: &str| format!("ad_configuration.{k}");
    if let Some(t) = check::opt_str(cfg, "identity_type")? {
        check::check_enum(&f("identity_type"), t, CONFIG_IDENTITIES)?;
        if check::opt_str(cfg, "identity_id")?.is_none_or(|id| id.trim().is_empty()) {
            return Err(ApiError::new(
                code::PARAM_ERROR,
                "ad_configuration.identity_id is required",
            ));
        }
    }
    check::opt_str(cfg, "call_to_action_id")?;
    check::opt_enum(cfg, "dark_post_status", &["ON", "OFF"])?;
    let strategies = f("creative_auto_enhancement_strategy_list");
    if let Some(list) = check::opt_literal_list(cfg, "creative_auto_enhancement_strategy_list")
        .map_err(|e| ApiError {
            message: format!("ad_configuration.{}", e.message),
            ..e
        })?
        && let Some(s) = list
            .iter()
            .find(|s| matches!(s.as_str(), "CALL_TO_ACTION_ENHANCEMENT" | "AIGC_CARD"))
    {
        return Err(ApiError::param(
            &strategies,
            format!("{s} cannot be enabled through the API."),
        ));
    }
    if let Some(u) = check::opt_array(cfg, "utm_params")? {
        if u.len() > crate::facts::MAX_UTM_PARAMS {
            return Err(ApiError::param(
                &f("utm_params"),
                format!("At most {} parameters.", crate::facts::MAX_UTM_PARAMS),
            ));
        }
        for p in u {
            let ok = p.get("key").and_then(Value::as_str).is_some()
                && p.get("value").and_then(Value::as_str).is_some();
            if !ok {
                return Err(ApiError::param(
                    &f("utm_params"),
                    "Every item must be {\"key\": string, \"value\": string}.",
                ));
            }
        }
    }
    if let Some(ids) = check::opt_str_list(cfg, "product_ids")?
        && ids.len() > 20
    {
        return Err(ApiError::param(&f("product_ids"), "At most 20 products."));
    }
    Ok(())
}

/// `[{key: string}]` lists: at most `max` entries, each with a string.
fn list_of(obj: &Obj, field: &str, key: &str, max: usize) -> ApiResult<Vec<String>> {
    let Some(list) = check::opt_array(obj, field)? else {
        return Ok(Vec::new());
    };
    if list.len() > max {
        return Err(ApiError::param(
            field,
            format!("At most {max} items; got {}.", list.len()),
        ));
    }
    list.iter()
        .map(|item| match item.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(ApiError::param(
                field,
                format!("Every item must be an object {{\"{key}\": string}}."),
            )),
        })
        .collect()
}

/// One creative; `custom` is the custom identity of `ad_configuration`, which reads
/// repeat in each creative (sending it back that way is accepted).
fn creative(i: usize, c: &Value, custom: Option<&str>) -> ApiResult<Family> {
    let at = |k: &str| format!("creative_list[{i}].creative_info.{k}");
    let Some(info) = c.get("creative_info").and_then(Value::as_object) else {
        return Err(ApiError::param(
            &format!("creative_list[{i}]"),
            "at least 1 creative_info is required",
        ));
    };
    if check::has(info, "image_ids") {
        return Err(ApiError::param(
            &at("image_ids"),
            "Unknown field; image ids go in image_info[].web_uri.",
        ));
    }
    let format =
        check::req_str(info, "ad_format").map_err(|_| ApiError::missing(&at("ad_format")))?;
    check::check_enum(&at("ad_format"), format, AD_FORMATS)?;
    let video = check::opt_object(info, "video_info")
        .map_err(|_| ApiError::param(&at("video_info"), "Not a valid object."))?;
    let images = check::opt_array(info, "image_info")
        .map_err(|_| ApiError::param(&at("image_info"), "Not a valid list."))?;
    let music = check::opt_object(info, "music_info")
        .map_err(|_| ApiError::param(&at("music_info"), "Not a valid object."))?;
    if let Some(images) = images {
        for img in images {
            if img
                .get("web_uri")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                return Err(ApiError::param(
                    &at("image_info"),
                    "Every image must be {\"web_uri\": string}.",
                ));
            }
        }
    }
    let identity = check::opt_str(info, "identity_type")?;
    if let Some(t) = identity {
        if t == "CUSTOMIZED_USER" {
            if custom.is_some() && check::opt_str(info, "identity_id")? == custom {
                return Ok(Family::NonSpark);
            }
            return Err(ApiError::param(
                &at("identity_type"),
                "CUSTOMIZED_USER (non-Spark) goes in ad_configuration.identity_type.",
            ));
        }
        check::check_enum(&at("identity_type"), t, SPARK_IDENTITIES)?;
        if check::opt_str(info, "identity_id")?.is_none_or(str::is_empty) {
            return Err(ApiError::missing(&at("identity_id")));
        }
        let bc = check::opt_str(info, "identity_authorized_bc_id")?;
        if t == "BC_AUTH_TT" && bc.is_none_or(|b| b.is_empty() || b == "0") {
            // Live wording: it names `identity_bc_id`, not the field that is missing.
            return Err(ApiError::new(
                code::PARAM_ERROR,
                "identity_bc_id is required for BC_AUTH_TT type",
            ));
        }
    }
    if let Some(item) = check::opt_str(info, "tiktok_item_id")? {
        return spark_pull(info, item, format, &at);
    }
    match format {
        "SINGLE_VIDEO" => {
            let has_video = video
                .and_then(|v| v.get("video_id"))
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty());
            if !has_video {
                return Err(ApiError::missing(&at("video_info.video_id")));
            }
            if images.is_none_or(|i| i.len() != 1) {
                // Live wording.
                return Err(ApiError::new(
                    code::PARAM_ERROR,
                    "video material should have 1 image_info as the video cover",
                ));
            }
        }
        "CAROUSEL_ADS" => {
            carousel_images(images.map_or(0, Vec::len), &at)?;
            carousel_music(music, &at)?;
            if video.is_some() {
                return Err(ApiError::param(
                    &at("video_info"),
                    "Not allowed in a carousel.",
                ));
            }
        }
        _ => {}
    }
    Ok(if identity.is_some() {
        Family::SparkPush
    } else {
        Family::NonSpark
    })
}

/// A TikTok post: no uploaded video or images with it; a carousel post needs its
/// music. A read shows a post's video as `"N/A"`, which a client may send back.
fn spark_pull(
    info: &Obj,
    item: &str,
    format: &str,
    at: &dyn Fn(&str) -> String,
) -> ApiResult<Family> {
    if item.is_empty() {
        return Err(ApiError::missing(&at("tiktok_item_id")));
    }
    let video = info
        .get("video_info")
        .and_then(|v| v.get("video_id"))
        .and_then(Value::as_str)
        .filter(|v| *v != "N/A");
    let images = info
        .get("image_info")
        .and_then(Value::as_array)
        .is_some_and(|i| !i.is_empty());
    if video.is_some() || (images && format != "CAROUSEL_ADS") {
        return Err(ApiError::param(
            &at("tiktok_item_id"),
            "A TikTok post cannot be combined with video_info or image_info.",
        ));
    }
    let music = check::opt_object(info, "music_info")
        .map_err(|_| ApiError::param(&at("music_info"), "Not a valid object."))?;
    if format == "CAROUSEL_ADS" {
        carousel_music(music, at)?;
    } else if music.is_some() {
        return Err(ApiError::param(
            &at("music_info"),
            "Only a carousel post takes music.",
        ));
    }
    Ok(Family::SparkPull)
}

fn carousel_images(n: usize, at: &dyn Fn(&str) -> String) -> ApiResult<()> {
    let max = crate::facts::MAX_CAROUSEL_IMAGES;
    if n == 0 || n > max {
        return Err(ApiError::param(
            &at("image_info"),
            format!("A carousel takes 1 to {max} images; got {n}."),
        ));
    }
    Ok(())
}

fn carousel_music(music: Option<&Obj>, at: &dyn Fn(&str) -> String) -> ApiResult<()> {
    let has_music = music
        .and_then(|m| m.get("music_id"))
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty());
    if has_music {
        Ok(())
    } else {
        Err(ApiError::param(
            &at("music_info"),
            "A carousel needs exactly one music track (music_info.music_id).",
        ))
    }
}

pub(super) fn update(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let id = check::req_id(b, "smart_plus_ad_id")?.to_owned();
    app.write(|st| {
        let rec = records::writable(st, Kind::Ad, &id)?;
        let current = rec.data.clone();
        let adgroup_id = rec.parent.clone().unwrap_or_default();
        let group = st
            .adgroups
            .get(&adgroup_id)
            .map(|g| g.data.clone())
            .unwrap_or_default();
        let camp_id = group
            .get("campaign_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let camp = st
            .campaigns
            .get(&camp_id)
            .map(|c| c.data.clone())
            .unwrap_or_default();
        let mut merged = current.clone();
        for (k, v) in b {
            if UPDATABLE.contains(&k.as_str()) {
                // Lists and objects replace what was there.
                merged.insert(k.clone(), v.clone());
            }
        }
        // `disclaimer` is an ad field that stays as it was made: never removed,
        // never changed (an update may repeat it unchanged).
        if let Some(sent) = b.get("disclaimer")
            && !check::same(current.get("disclaimer"), Some(sent))
        {
            let why = if current.get("disclaimer").is_some_and(|d| !d.is_null()) {
                "A disclaimer cannot be removed or changed once added."
            } else {
                "A disclaimer can only be added when the ad is created."
            };
            return Err(ApiError::param("disclaimer", why));
        }
        validate(&merged, &group, &camp)?;
        if b.contains_key("creative_list") {
            super::media::check_assets(app, st, &merged)?;
            assign_material_ids(st, &mut merged, Some(&current));
        }
        if merged
            .get("ad_name")
            .and_then(Value::as_str)
            .is_none_or(|n| n.trim().is_empty())
        {
            merged.insert("ad_name".into(), json!(id));
        }
        merged.insert("modify_time".into(), json!(st.clock.now_string()));
        if let Some(rec) = st.ads.get_mut(&id) {
            rec.data = merged;
        }
        Ok(Value::Object(st.render(Kind::Ad, &id).unwrap_or_default()))
    })
}

pub(super) fn status(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let ids = check::req_id_list(b, "smart_plus_ad_ids", crate::facts::MAX_BATCH_IDS)?;
    let op = check::req_enum(b, "operation_status", &["ENABLE", "DISABLE", "DELETE"])?;
    app.write(|st| {
        // No error list on this endpoint: one bad id fails the whole call.
        for id in &ids {
            records::writable(st, Kind::Ad, id)?;
        }
        let now = st.clock.now_string();
        for id in &ids {
            if let Some(rec) = st.ads.get_mut(id) {
                records::set_status(rec, op, &now);
            }
        }
        Ok(json!({"smart_plus_ad_ids": ids, "status": op}))
    })
}

pub(super) fn get(app: &App, req: &Req) -> ApiResult<Value> {
    list::list(app, req, &LIST)
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_reads_every_accepted_filter() {
        assert_eq!(super::LIST.flaws(), Vec::<String>::new());
    }
}
