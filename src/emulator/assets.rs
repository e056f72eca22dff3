//! What the account has besides campaigns, which specs name readably: pixels,
//! identities, custom audiences, instant forms and CTA portfolios (kept with the
//! account, seeded), and TikTok's own lists: the interest category tree, the calls to
//! action it recommends, and places (every country, from `facts::countries`, plus
//! some regions and cities, with a few names that repeat on purpose).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The account's assets, as the lookup endpoints return them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Assets {
    pub pixels: Vec<Map<String, Value>>,
    pub identities: Vec<Map<String, Value>>,
    pub audiences: Vec<Map<String, Value>>,
    pub forms: Vec<Map<String, Value>>,
    pub portfolios: Vec<Map<String, Value>>,
}

impl Default for Assets {
    fn default() -> Self {
        Assets::seeded()
    }
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl Assets {
    /// A fresh account's assets. The ids are the ones the examples and tests use;
    /// two pixels and two audiences share a name but for letter case.
    pub fn seeded() -> Assets {
        let pixel = |id: &str, name: &str, code: &str| {
            obj(json!({
                "pixel_id": id, "pixel_name": name, "pixel_code": code,
                "events": [
                    {"name": "Complete payment", "event_type": "SHOPPING", "optimization_event": "SHOPPING"},
                    {"name": "Complete registration", "event_type": "ON_WEB_REGISTER", "optimization_event": "ON_WEB_REGISTER"},
                ],
            }))
        };
        let identity = |id: &str, kind: &str, name: &str, user: Option<&str>, bc: Option<&str>| {
            let mut m = obj(json!({
                "identity_id": id, "identity_type": kind, "display_name": name,
                "available_status": "AVAILABLE", "can_push_video": true, "can_pull_video": true,
            }));
            if let Some(u) = user {
                m.insert("user_name".into(), json!(u));
            }
            if let Some(bc) = bc {
                m.insert("identity_authorized_bc_id".into(), json!(bc));
            }
            m
        };
        let audience = |id: &str, name: &str, kind: &str| {
            obj(json!({
                "audience_id": id, "name": name, "audience_type": kind,
                "shared": false, "is_creator": true, "is_valid": true, "is_expiring": false,
                "cover_num": 120_000,
            }))
        };
        let form = |id: &str, title: &str| {
            obj(json!({
                "page_id": id, "title": title, "status": "PUBLISHED",
                "supported_objectives": ["LEAD_GENERATION"],
            }))
        };
        Assets {
            pixels: vec![
                pixel("7100000000000000001", "Shop pixel", "CSHOPPIXEL0000000001"),
                pixel(
                    "7100000000000000002",
                    "Signup pixel",
                    "CSIGNUPPIXEL00000002",
                ),
                pixel(
                    "7100000000000000003",
                    "Staging pixel",
                    "CSTAGINGPIXEL0000003",
                ),
                pixel(
                    "7100000000000000004",
                    "staging pixel",
                    "CSTAGINGPIXEL0000004",
                ),
            ],
            identities: vec![
                identity(
                    "7200000000000000001",
                    "TT_USER",
                    "Brand",
                    Some("brand"),
                    None,
                ),
                identity(
                    "7200000000000000002",
                    "TT_USER",
                    "Trial creator",
                    Some("trial.creator"),
                    None,
                ),
                identity(
                    "7200000000000000003",
                    "CUSTOMIZED_USER",
                    "Puzzle Quest",
                    None,
                    None,
                ),
                identity(
                    "7200000000000000004",
                    "BC_AUTH_TT",
                    "Partner creator",
                    Some("partner.creator"),
                    Some("7800000000000000001"),
                ),
                identity(
                    "7200000000000000005",
                    "BC_AUTH_TT",
                    "Creator studio",
                    Some("creator.studio"),
                    Some("7700000000000000001"),
                ),
                identity(
                    "7200000000000000009",
                    "CUSTOMIZED_USER",
                    "Warehouse jobs",
                    None,
                    None,
                ),
            ],
            audiences: vec![
                audience(
                    "7300000000000000001",
                    "Recent buyers",
                    "Customer File Audience",
                ),
                audience(
                    "7300000000000000002",
                    "Site visitors",
                    "Website Traffic Audience",
                ),
                audience(
                    "7300000000000000003",
                    "Cart abandoners",
                    "Website Traffic Audience",
                ),
                audience(
                    "7300000000000000010",
                    "Existing customers",
                    "Customer File Audience",
                ),
                audience(
                    "7300000000000000020",
                    "Newsletter subscribers",
                    "Customer File Audience",
                ),
                audience(
                    "7300000000000000021",
                    "Newsletter Subscribers",
                    "Lookalike Audience",
                ),
            ],
            forms: vec![
                form("7600000000000000001", "Newsletter signup"),
                form("7600000000000000002", "Home loan quote"),
                form("7800000000000000001", "Warehouse job application"),
            ],
            portfolios: vec![
                portfolio("7500000000000000001", &["SHOP_NOW", "LEARN_MORE"]),
                portfolio("7500000000000000002", &["SIGN_UP", "LEARN_MORE"]),
                portfolio("7500000000000000003", &["APPLY_NOW"]),
                portfolio("7500000000000000004", &["GET_QUOTE", "LEARN_MORE"]),
            ],
        }
    }
}

/// A CTA portfolio of these calls to action (with the recommended asset ids).
pub(super) fn portfolio(id: &str, calls: &[&str]) -> Map<String, Value> {
    let content: Vec<Value> = calls
        .iter()
        .filter_map(|c| RECOMMENDED.iter().find(|(lit, _, _)| lit == c))
        .map(|(_, text, asset)| json!({"asset_content": text, "asset_ids": [asset]}))
        .collect();
    obj(json!({
        "creative_portfolio_id": id,
        "creative_portfolio_type": "CTA",
        "portfolio_content": content,
    }))
}

/// The calls to action `/creative/cta/recommend/` offers: literal, text, asset id.
pub(super) const RECOMMENDED: &[(&str, &str, &str)] = &[
    ("LEARN_MORE", "Learn more", "201781"),
    ("SHOP_NOW", "Shop now", "201535"),
    ("SIGN_UP", "Sign up", "201782"),
    ("DOWNLOAD", "Download", "201783"),
    ("INSTALL_NOW", "Install now", "201784"),
    ("CONTACT_US", "Contact us", "201785"),
    ("BOOK_NOW", "Book now", "201786"),
    ("GET_QUOTE", "Get quote", "201787"),
    ("ORDER_NOW", "Order now", "201788"),
    ("APPLY_NOW", "Apply now", "201789"),
    ("SUBSCRIBE", "Subscribe", "201790"),
    ("PLAY_GAME", "Play game", "201791"),
    ("WATCH_NOW", "Watch now", "201792"),
];

/// The interest category tree: id, name, level, sub-categories. "Productivity"
/// appears twice, under two parents.
pub(super) const INTERESTS: &[(&str, &str, u8, &[&str])] = &[
    ("10010", "Apps & Software", 1, &["10015", "10021"]),
    ("10015", "Productivity", 2, &[]),
    ("10021", "Education", 2, &[]),
    ("10030", "Games", 1, &["10034", "10035"]),
    ("10034", "Puzzle games", 2, &[]),
    ("10035", "Casual games", 2, &[]),
    ("10040", "Beauty & Personal Care", 1, &["10041", "10042"]),
    ("10041", "Makeup", 2, &[]),
    ("10042", "Skincare", 2, &[]),
    ("25000", "Home & Real Estate", 1, &["25001"]),
    ("25001", "Mortgages", 2, &[]),
    ("25010", "Business & Finance", 1, &["25011"]),
    ("25011", "Productivity", 2, &[]),
];

/// Regions and cities: GeoNames id, name, type, country, parent id. Springfield is
/// a city in three states.
pub(super) const PLACES: &[(&str, &str, &str, &str, &str)] = &[
    ("4896861", "Illinois", "PROVINCE", "US", "6252001"),
    ("4398678", "Missouri", "PROVINCE", "US", "6252001"),
    ("5165418", "Ohio", "PROVINCE", "US", "6252001"),
    ("4862182", "Iowa", "PROVINCE", "US", "6252001"),
    ("4921868", "Indiana", "PROVINCE", "US", "6252001"),
    ("5001836", "Michigan", "PROVINCE", "US", "6252001"),
    ("5037779", "Minnesota", "PROVINCE", "US", "6252001"),
    ("5279468", "Wisconsin", "PROVINCE", "US", "6252001"),
    ("5332921", "California", "PROVINCE", "US", "6252001"),
    ("5128638", "New York", "PROVINCE", "US", "6252001"),
    ("4736286", "Texas", "PROVINCE", "US", "6252001"),
    ("4887398", "Chicago", "CITY", "US", "4896861"),
    ("4250542", "Springfield", "CITY", "US", "4896861"),
    ("4409896", "Springfield", "CITY", "US", "4398678"),
    ("4525353", "Springfield", "CITY", "US", "5165418"),
    ("5128581", "New York City", "CITY", "US", "5128638"),
    ("5368361", "Los Angeles", "CITY", "US", "5332921"),
    ("4717560", "Paris", "CITY", "US", "4736286"),
    ("2951839", "Bavaria", "PROVINCE", "DE", "2921044"),
    ("2950157", "Berlin", "PROVINCE", "DE", "2921044"),
    ("2867714", "Munich", "CITY", "DE", "2951839"),
    ("3012874", "Île-de-France", "PROVINCE", "FR", "3017382"),
    ("2988507", "Paris", "CITY", "FR", "3012874"),
    ("6269131", "England", "PROVINCE", "GB", "2635167"),
    ("2643743", "London", "CITY", "GB", "6269131"),
    ("6093943", "Ontario", "PROVINCE", "CA", "6251999"),
    ("6167865", "Toronto", "CITY", "CA", "6093943"),
    ("1850144", "Tokyo", "PROVINCE", "JP", "1861060"),
];
