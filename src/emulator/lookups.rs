//! The lookup endpoints, served from the account's assets and TikTok's own lists
//! (`assets`): pixels, identities, custom audiences, interest categories, instant
//! forms, CTA portfolios (list, create, recommended calls to action) and places
//! (search by name, names of ids). Shapes and limits from reference assets §2–§3.

use serde_json::{Map, Value, json};

use super::app::App;
use super::assets::{self, INTERESTS, PLACES, RECOMMENDED};
use super::check;
use super::list;
use super::request::Req;
use super::wire::{ApiError, ApiResult};

type Obj = Map<String, Value>;

/// A page of `items` under `key` (TikTok names the list differently per endpoint).
fn paged(req: &Req, cap: u32, items: Vec<Obj>, key: &str) -> ApiResult<Value> {
    let p = list::paging(req, cap)?;
    let mut page = list::page(items, &p, None, Some);
    if key != "list"
        && let Some(m) = page.as_object_mut()
        && let Some(list) = m.remove("list")
    {
        m.insert(key.to_owned(), list);
    }
    Ok(page)
}

fn query<'a>(req: &'a Req, key: &str) -> Option<&'a str> {
    req.query
        .get(key)
        .map(String::as_str)
        .filter(|s| !s.is_empty())
}

/// `GET /pixel/list/`: `pixel_id` and `code` exact, `name` contains; pages of ≤20.
pub(super) fn pixels(app: &App, req: &Req) -> ApiResult<Value> {
    let items: Vec<Obj> = app.read(|st| st.assets.pixels.clone());
    let items = items
        .into_iter()
        .filter(|p| query(req, "pixel_id").is_none_or(|id| text(p, "pixel_id") == id))
        .filter(|p| query(req, "code").is_none_or(|c| text(p, "pixel_code") == c))
        .filter(|p| {
            query(req, "name").is_none_or(|n| {
                text(p, "pixel_name")
                    .to_lowercase()
                    .contains(&n.to_lowercase())
            })
        })
        .collect();
    paged(req, 20, items, "pixels")
}

fn text<'a>(o: &'a Obj, key: &str) -> &'a str {
    o.get(key).and_then(Value::as_str).unwrap_or_default()
}

const IDENTITY_TYPES: &[&str] = &["CUSTOMIZED_USER", "AUTH_CODE", "TT_USER", "BC_AUTH_TT"];

/// `GET /identity/get/`: by type (all when absent); Business Center identities need
/// their Business Center; pages of ≤100.
pub(super) fn identities(app: &App, req: &Req) -> ApiResult<Value> {
    let kind = query(req, "identity_type");
    if let Some(k) = kind {
        check::check_enum("identity_type", k, IDENTITY_TYPES)?;
    }
    let bc = query(req, "identity_authorized_bc_id");
    if kind == Some("BC_AUTH_TT") && bc.is_none() {
        return Err(ApiError::param(
            "identity_authorized_bc_id",
            "Required when identity_type is BC_AUTH_TT.",
        ));
    }
    let items: Vec<Obj> = app.read(|st| st.assets.identities.clone());
    let items = items
        .into_iter()
        .filter(|i| kind.is_none_or(|k| text(i, "identity_type") == k))
        .filter(|i| bc.is_none_or(|b| text(i, "identity_authorized_bc_id") == b))
        .collect();
    paged(req, 100, items, "identity_list")
}

/// `GET /dmp/custom_audience/list/`: owned and shared audiences, optionally by id;
/// pages of ≤100.
pub(super) fn audiences(app: &App, req: &Req) -> ApiResult<Value> {
    let ids: Option<Vec<String>> = match req.json_param("custom_audience_ids")? {
        None => None,
        Some(Value::Array(a)) if (1..=100).contains(&a.len()) => Some(
            a.iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
        ),
        Some(_) => {
            return Err(ApiError::param(
                "custom_audience_ids",
                "Must be a JSON list of 1 to 100 ids.",
            ));
        }
    };
    let items: Vec<Obj> = app.read(|st| st.assets.audiences.clone());
    let items = items
        .into_iter()
        .filter(|a| {
            ids.as_ref()
                .is_none_or(|ids| ids.iter().any(|id| id == text(a, "audience_id")))
        })
        .collect();
    paged(req, 100, items, "list")
}

/// `GET /tool/interest_category/`: the whole tree (version 1 or 2), not paged.
pub(super) fn interest_categories(_: &App, req: &Req) -> ApiResult<Value> {
    if let Some(v) = query(req, "version") {
        check::check_enum("version", v, &["1", "2"])?;
    }
    let list: Vec<Value> = INTERESTS
        .iter()
        .map(|(id, name, level, subs)| {
            json!({
                "interest_category_id": id,
                "interest_category_name": name,
                "level": level,
                "sub_category_ids": subs,
                "special_industries": [],
                "placements": [],
            })
        })
        .collect();
    Ok(json!({ "interest_categories": list }))
}

/// `GET /page/get/`: lead generation forms (`title` contains); pages of ≤100.
pub(super) fn forms(app: &App, req: &Req) -> ApiResult<Value> {
    if let Some(t) = query(req, "business_type") {
        check::check_enum(
            "business_type",
            t,
            &["LEAD_GEN", "STORE_FRONT", "APP_PROFILE_PAGE"],
        )?;
    }
    let lead = query(req, "business_type").is_none_or(|t| t == "LEAD_GEN");
    let items: Vec<Obj> = app.read(|st| st.assets.forms.clone());
    let items = items
        .into_iter()
        .filter(|_| lead)
        .filter(|f| {
            query(req, "title")
                .is_none_or(|t| text(f, "title").to_lowercase().contains(&t.to_lowercase()))
        })
        .collect();
    paged(req, 100, items, "list")
}

/// `GET /creative/portfolio/list/`: without a type filter TikTok leaves CTA
/// portfolios out, and CTA portfolio ids cannot be filtered by.
pub(super) fn portfolios(app: &App, req: &Req) -> ApiResult<Value> {
    let filtering = match req.json_param("filtering")? {
        None => Map::new(),
        Some(Value::Object(o)) => o,
        Some(_) => return Err(ApiError::param("filtering", "Must be a JSON object.")),
    };
    let types = check::opt_str_list(&filtering, "creative_portfolio_types")?;
    let ids = check::opt_str_list(&filtering, "creative_portfolio_ids")?;
    let items: Vec<Obj> = app.read(|st| st.assets.portfolios.clone());
    let items = items
        .into_iter()
        .filter(|p| {
            let kind = text(p, "creative_portfolio_type");
            match &types {
                Some(t) => t.iter().any(|t| t == kind),
                None => kind != "CTA",
            }
        })
        .filter(|p| {
            ids.as_ref().is_none_or(|ids| {
                text(p, "creative_portfolio_type") != "CTA"
                    && ids.iter().any(|id| id == text(p, "creative_portfolio_id"))
            })
        })
        .collect();
    paged(req, 100, items, "creative_portfolios")
}

/// `GET /creative/portfolio/get/`: one portfolio by id.
pub(super) fn portfolio(app: &App, req: &Req) -> ApiResult<Value> {
    let id = query(req, "creative_portfolio_id")
        .ok_or_else(|| ApiError::missing("creative_portfolio_id"))?;
    let found = app.read(|st| {
        st.assets
            .portfolios
            .iter()
            .find(|p| text(p, "creative_portfolio_id") == id)
            .cloned()
    });
    found
        .map(Value::Object)
        .ok_or_else(|| ApiError::not_found(format!("creative portfolio {id}")))
}

/// `GET /creative/cta/recommend/`: the auto-optimised calls to action (for an
/// objective).
pub(super) fn cta_recommend(_: &App, req: &Req) -> ApiResult<Value> {
    if query(req, "objective_type").is_none() {
        return Err(ApiError::missing("objective_type"));
    }
    let assets: Vec<Value> = RECOMMENDED
        .iter()
        .map(|(_, text, id)| json!({"asset_content": text, "asset_ids": [id]}))
        .collect();
    Ok(json!({ "recommend_assets": assets }))
}

/// `POST /creative/portfolio/create/`: a CTA portfolio of recommended calls to
/// action (each `asset_content` with `asset_ids` from `/creative/cta/recommend/`).
pub(super) fn create_portfolio(app: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    let kind = check::opt_str(b, "creative_portfolio_type")?.unwrap_or("CTA");
    if kind != "CTA" {
        return Err(ApiError::param(
            "creative_portfolio_type",
            "Only CTA portfolios can be created here.",
        ));
    }
    let content = check::opt_array(b, "portfolio_content")?
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ApiError::missing("portfolio_content"))?;
    let mut calls = Vec::new();
    for item in content {
        let Value::Object(item) = item else {
            return Err(ApiError::param(
                "portfolio_content",
                "Every item must be an object.",
            ));
        };
        let text = check::req_str(item, "asset_content")
            .map_err(|_| ApiError::missing("portfolio_content.asset_content"))?;
        let ids = check::opt_str_list(item, "asset_ids")?.unwrap_or_default();
        let Some((literal, _, asset)) = RECOMMENDED
            .iter()
            .find(|(_, t, _)| t.eq_ignore_ascii_case(text))
        else {
            return Err(ApiError::param(
                "portfolio_content.asset_content",
                format!(
                    "`{text}` is not a recommended call to action; use /creative/cta/recommend/."
                ),
            ));
        };
        if ids.is_empty() || ids.iter().any(|id| id != asset) {
            return Err(ApiError::param(
                "portfolio_content.asset_ids",
                "Use the asset_ids /creative/cta/recommend/ returned with this asset_content.",
            ));
        }
        calls.push(*literal);
    }
    app.write(|st| {
        let id = st.new_id();
        st.assets.portfolios.push(assets::portfolio(&id, &calls));
        Ok(json!({ "creative_portfolio_id": id }))
    })
}

/// Required keys of the location tools.
fn location_tool(b: &Obj) -> ApiResult<()> {
    check::req_str(b, "objective_type")?;
    if check::opt_array(b, "placements")?.is_none_or(Vec::is_empty) {
        return Err(ApiError::missing("placements"));
    }
    Ok(())
}

/// Every place: the countries, then the regions and cities.
fn all_places() -> impl Iterator<Item = (String, String, &'static str, String, String)> {
    let countries = crate::facts::countries::COUNTRIES.iter().map(|c| {
        (
            c.geoname_id.to_owned(),
            c.name.to_owned(),
            "COUNTRY",
            c.iso.to_owned(),
            "0".to_owned(),
        )
    });
    let places = PLACES.iter().map(|(id, name, kind, cc, parent)| {
        (
            (*id).to_owned(),
            (*name).to_owned(),
            *kind,
            (*cc).to_owned(),
            (*parent).to_owned(),
        )
    });
    countries.chain(places)
}

fn tag(p: &(String, String, &'static str, String, String), keyword: Option<&str>) -> Value {
    let (id, name, kind, cc, parent) = p;
    let mut t = json!({
        "name": name,
        "targeting_type": "GEO",
        "status_info": {"status": "ENABLED"},
        "geo": {"geo_id": id, "geo_type": kind, "description": name, "region_code": cc, "parent_id": parent},
    });
    if let (Some(k), Some(m)) = (keyword, t.as_object_mut()) {
        m.insert("keyword".into(), json!(k));
    }
    t
}

/// The ancestors of the places found, each once.
fn parents_of(found: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut next: Vec<String> = found
        .iter()
        .filter_map(|t| t["geo"]["parent_id"].as_str().map(str::to_owned))
        .collect();
    while let Some(id) = next.pop() {
        if id == "0" || out.iter().any(|t| t["geo"]["geo_id"] == id.as_str()) {
            continue;
        }
        if let Some(p) = all_places().find(|p| p.0 == id) {
            next.push(p.4.clone());
            out.push(tag(&p, None));
        }
    }
    out
}

/// `POST /tool/targeting/search/`: places whose name contains the keyword (a fuzzy
/// search, one keyword, at most 100 results), in `region_codes`, of `geo_types`.
pub(super) fn search_places(_: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    location_tool(b)?;
    check::req_enum(
        b,
        "search_type",
        &[
            "FUZZY_SEARCH",
            "BATCH_REGION_SEARCH",
            "BATCH_ZIPCODE_SEARCH",
        ],
    )?;
    let keywords = check::opt_str_list(b, "keywords")?.unwrap_or_default();
    let [keyword] = keywords.as_slice() else {
        return Err(ApiError::param(
            "keywords",
            "FUZZY_SEARCH takes exactly one keyword.",
        ));
    };
    let regions = check::opt_str_list(b, "region_codes")?;
    let types = check::opt_str_list(b, "geo_types")?;
    let needle = keyword.to_lowercase();
    let found: Vec<Value> = all_places()
        .filter(|p| p.1.to_lowercase().contains(&needle))
        .filter(|p| {
            regions
                .as_ref()
                .is_none_or(|r| r.iter().any(|c| c.eq_ignore_ascii_case(&p.3)))
        })
        .filter(|p| types.as_ref().is_none_or(|t| t.iter().any(|t| t == p.2)))
        .take(100)
        .map(|p| tag(&p, Some(keyword)))
        .collect();
    let parents = parents_of(&found);
    Ok(json!({ "targeting_tag_list": found, "parent_tags": parents }))
}

/// `POST /tool/targeting/info/`: the places with these ids (at most 1000).
pub(super) fn place_info(_: &App, req: &Req) -> ApiResult<Value> {
    let b = &req.body;
    location_tool(b)?;
    let ids = check::opt_str_list(b, "targeting_ids")?.unwrap_or_default();
    if ids.is_empty() || ids.len() > 1000 {
        return Err(ApiError::param("targeting_ids", "Must hold 1 to 1000 ids."));
    }
    let found: Vec<Value> = ids
        .iter()
        .filter_map(|id| all_places().find(|p| &p.0 == id))
        .map(|p| tag(&p, None))
        .collect();
    let parents = parents_of(&found);
    Ok(json!({ "targeting_tag_list": found, "parent_tags": parents }))
}
