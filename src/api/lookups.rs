//! The lookup calls: what specs name readably (pixels, identities, custom audiences,
//! interest categories, instant forms, CTA portfolios, places), and making a CTA
//! portfolio. Facts from reference assets §2–§3; answers stay [`Value`]s, which
//! `wire::catalog` reads.

use serde_json::{Value, json};

use super::client::{Client, Idempotency};
use super::endpoints::id_of;
use super::error::ApiError;

/// Endpoint paths, relative to `/open_api/v1.3/`.
pub mod paths {
    pub const PIXELS: &str = "pixel/list/";
    pub const IDENTITIES: &str = "identity/get/";
    pub const AUDIENCES: &str = "dmp/custom_audience/list/";
    pub const INTERESTS: &str = "tool/interest_category/";
    pub const FORMS: &str = "page/get/";
    pub const PORTFOLIOS: &str = "creative/portfolio/list/";
    pub const PORTFOLIO_CREATE: &str = "creative/portfolio/create/";
    pub const CTA_RECOMMEND: &str = "creative/cta/recommend/";
    pub const PLACE_SEARCH: &str = "tool/targeting/search/";
    pub const PLACE_INFO: &str = "tool/targeting/info/";
}

/// Largest pages each list allows (reference assets §3).
mod page_size {
    pub(super) const PIXELS: u32 = 20;
    pub(super) const IDENTITIES: u32 = 100;
    pub(super) const AUDIENCES: u32 = 100;
    pub(super) const FORMS: u32 = 100;
    pub(super) const PORTFOLIOS: u32 = 100;
}

/// Location types a region or city can be (reference assets §2.4).
const PLACE_TYPES: &[&str] = &["PROVINCE", "CITY", "DISTRICT", "DMA"];
/// Location ids per `/tool/targeting/info/` call.
const MAX_INFO_IDS: usize = 1000;

fn base(advertiser_id: &str) -> Vec<(String, String)> {
    vec![("advertiser_id".to_owned(), advertiser_id.to_owned())]
}

/// Every pixel of the account (`data.pixels[]`).
pub async fn pixels(client: &Client, advertiser_id: &str) -> Result<Vec<Value>, ApiError> {
    client
        .list_pages_of(
            paths::PIXELS,
            base(advertiser_id),
            page_size::PIXELS,
            "pixels",
        )
        .await
}

/// Identities of one type (`data.identity_list[]`); Business Center identities are
/// listed per Business Center.
pub async fn identities(
    client: &Client,
    advertiser_id: &str,
    identity_type: &str,
    business_center: Option<&str>,
) -> Result<Vec<Value>, ApiError> {
    let mut params = base(advertiser_id);
    params.push(("identity_type".to_owned(), identity_type.to_owned()));
    if let Some(bc) = business_center {
        params.push(("identity_authorized_bc_id".to_owned(), bc.to_owned()));
    }
    client
        .list_pages_of(
            paths::IDENTITIES,
            params,
            page_size::IDENTITIES,
            "identity_list",
        )
        .await
}

/// Every custom audience, owned or shared (`data.list[]`; the list has no name filter).
pub async fn audiences(client: &Client, advertiser_id: &str) -> Result<Vec<Value>, ApiError> {
    client
        .list_pages_of(
            paths::AUDIENCES,
            base(advertiser_id),
            page_size::AUDIENCES,
            "list",
        )
        .await
}

/// The whole interest category tree, in English (not paged).
pub async fn interest_categories(
    client: &Client,
    advertiser_id: &str,
) -> Result<Vec<Value>, ApiError> {
    let data = client
        .get(
            paths::INTERESTS,
            &[
                ("advertiser_id", advertiser_id.to_owned()),
                ("version", "2".to_owned()),
                ("language", "en".to_owned()),
            ],
        )
        .await?;
    list_in(paths::INTERESTS, &data, "interest_categories")
}

/// Every lead generation instant form (`data.list[]`).
pub async fn forms(client: &Client, advertiser_id: &str) -> Result<Vec<Value>, ApiError> {
    let mut params = base(advertiser_id);
    params.push(("business_type".to_owned(), "LEAD_GEN".to_owned()));
    client
        .list_pages_of(paths::FORMS, params, page_size::FORMS, "list")
        .await
}

/// Every CTA portfolio (`data.creative_portfolios[]`); without the type filter the
/// list leaves CTA portfolios out.
pub async fn cta_portfolios(client: &Client, advertiser_id: &str) -> Result<Vec<Value>, ApiError> {
    let mut params = base(advertiser_id);
    params.push((
        "filtering".to_owned(),
        json!({ "creative_portfolio_types": ["CTA"] }).to_string(),
    ));
    client
        .list_pages_of(
            paths::PORTFOLIOS,
            params,
            page_size::PORTFOLIOS,
            "creative_portfolios",
        )
        .await
}

/// Regions and cities called `keyword` in the country `region_code`, available to
/// `objective_type` (the answer's `data`: tags and their parents).
pub async fn search_places(
    client: &Client,
    advertiser_id: &str,
    keyword: &str,
    region_code: &str,
    objective_type: &str,
) -> Result<Value, ApiError> {
    let body = json!({
        "advertiser_id": advertiser_id,
        "objective_type": objective_type,
        "placements": ["PLACEMENT_TIKTOK"],
        "search_type": "FUZZY_SEARCH",
        "keywords": [keyword],
        "geo_types": PLACE_TYPES,
        "region_codes": [region_code],
    });
    // A search changes nothing: repeating it is harmless.
    client
        .post(paths::PLACE_SEARCH, &body, Idempotency::Idempotent)
        .await
}

/// Names of location ids (the answer's `data`), up to 1000 ids per call.
pub async fn place_info(
    client: &Client,
    advertiser_id: &str,
    ids: &[String],
    objective_type: &str,
) -> Result<Vec<Value>, ApiError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(MAX_INFO_IDS) {
        let body = json!({
            "advertiser_id": advertiser_id,
            "targeting_ids": chunk,
            "scene": "GEO",
            "objective_type": objective_type,
            "placements": ["PLACEMENT_TIKTOK"],
        });
        out.push(
            client
                .post(paths::PLACE_INFO, &body, Idempotency::Idempotent)
                .await?,
        );
    }
    Ok(out)
}

/// The auto-optimised calls to action TikTok offers the account for `objective_type`
/// (`data.recommend_assets[]`: `asset_content`, `asset_ids`).
pub async fn cta_recommend(
    client: &Client,
    advertiser_id: &str,
    objective_type: &str,
) -> Result<Vec<Value>, ApiError> {
    let content_type = match objective_type {
        "APP_PROMOTION" => "APP_DOWNLOAD",
        _ => "LANDING_PAGE",
    };
    let data = client
        .get(
            paths::CTA_RECOMMEND,
            &[
                ("advertiser_id", advertiser_id.to_owned()),
                ("objective_type", objective_type.to_owned()),
                ("asset_type", "CTA_AUTO_OPTIMIZED".to_owned()),
                ("content_type", content_type.to_owned()),
            ],
        )
        .await?;
    list_in(paths::CTA_RECOMMEND, &data, "recommend_assets")
}

/// Makes a CTA portfolio of these entries (`{asset_content, asset_ids}`); returns
/// its id. Not repeated when its answer is lost: the caller lists portfolios first.
pub async fn create_cta_portfolio(
    client: &Client,
    advertiser_id: &str,
    content: &[Value],
) -> Result<String, ApiError> {
    let body = json!({
        "advertiser_id": advertiser_id,
        "creative_portfolio_type": "CTA",
        "portfolio_content": content,
    });
    let data = client
        .post(paths::PORTFOLIO_CREATE, &body, Idempotency::NonIdempotent)
        .await?;
    id_of(&data, "creative_portfolio_id").ok_or_else(|| ApiError::BadResponse {
        path: paths::PORTFOLIO_CREATE.to_owned(),
        detail: "no `creative_portfolio_id` in the answer".into(),
    })
}

fn list_in(path: &str, data: &Value, key: &str) -> Result<Vec<Value>, ApiError> {
    match data.get(key) {
        Some(Value::Array(list)) => Ok(list.clone()),
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(_) => Err(ApiError::BadResponse {
            path: path.to_owned(),
            detail: format!("`data.{key}` is not an array"),
        }),
    }
}
