//! What the account has that specs name readably: pixels, identities, custom
//! audiences, interest categories, instant forms, CTA portfolios and places, as the
//! lookup endpoints return them (reference assets §2–§3), as plain data.
//!
//! Pure: `lookup` reads it, `plan::resolve` turns names into ids with it, `import`
//! turns ids back into names. Names match exactly, ignoring letter case.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::endpoints::id_of;
use crate::facts;
use crate::spec::refs::RefKind;

/// One named thing of the account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    /// The name specs use (pixel name, display name, audience name, form title…).
    pub name: String,
    /// Other names that find it: a pixel's code, an identity's `@user_name`.
    pub aliases: Vec<String>,
    /// An identity's type (wire literal) and authorising Business Center.
    pub identity_type: Option<String>,
    pub business_center: Option<String>,
    /// An interest category's parent category id.
    pub parent: Option<String>,
}

/// A region or city TikTok's location search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub id: String,
    pub name: String,
    /// `PROVINCE`, `CITY`, `DISTRICT`, `DMA`…
    pub geo_type: String,
    /// ISO code of its country.
    pub country: String,
    pub parent: Option<String>,
}

/// A dynamic call-to-action portfolio and its calls to action (wire literals, sorted).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Portfolio {
    pub id: String,
    pub calls_to_action: Vec<String>,
}

/// What was read; a list that was not read is `None` (nothing in the specs needed it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    pub pixels: Option<Vec<Entry>>,
    /// Identities of the types that were read.
    pub identities: Option<Vec<Entry>>,
    pub audiences: Option<Vec<Entry>>,
    pub interests: Option<Vec<Entry>>,
    pub forms: Option<Vec<Entry>>,
    pub portfolios: Option<Vec<Portfolio>>,
    /// Places found by searches (and their parents), by id.
    pub places: BTreeMap<String, Place>,
    /// Searches (name in lower case, country code in capitals) whose answer was full
    /// ([`facts::PLACE_SEARCH_MAX_RESULTS`]): a place found alone there may not be
    /// alone in the country.
    pub full_searches: std::collections::BTreeSet<(String, String)>,
}

/// What a name matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    One(String),
    /// Nothing: the nearest names, with their ids.
    None(Vec<(String, String)>),
    /// Several: every match, with its id.
    Several(Vec<(String, String)>),
    /// One match, in a search answer that was full: others of that name may exist.
    Unsure((String, String)),
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Pixels from `/pixel/list/` (`data.pixels[]`).
pub fn pixels(raw: &[Value]) -> Vec<Entry> {
    raw.iter()
        .filter_map(|p| {
            Some(Entry {
                id: id_of(p, "pixel_id")?,
                name: text(p, "pixel_name").unwrap_or_default(),
                aliases: text(p, "pixel_code").into_iter().collect(),
                ..Entry::default()
            })
        })
        .collect()
}

/// Identities from `/identity/get/` (`data.identity_list[]`).
pub fn identities(raw: &[Value]) -> Vec<Entry> {
    raw.iter()
        .filter_map(|i| {
            Some(Entry {
                id: id_of(i, "identity_id")?,
                name: text(i, "display_name").unwrap_or_default(),
                aliases: text(i, "user_name")
                    .map(|u| format!("@{}", u.trim_start_matches('@')))
                    .into_iter()
                    .collect(),
                identity_type: text(i, "identity_type"),
                business_center: id_of(i, "identity_authorized_bc_id").filter(|b| b != "0"),
                parent: None,
            })
        })
        .collect()
}

/// Custom audiences from `/dmp/custom_audience/list/` (`data.list[]`).
pub fn audiences(raw: &[Value]) -> Vec<Entry> {
    named(raw, "audience_id", "name")
}

/// Instant forms from `/page/get/` (`data.list[]`).
pub fn forms(raw: &[Value]) -> Vec<Entry> {
    named(raw, "page_id", "title")
}

fn named(raw: &[Value], id: &str, name: &str) -> Vec<Entry> {
    raw.iter()
        .filter_map(|v| {
            Some(Entry {
                id: id_of(v, id)?,
                name: text(v, name).unwrap_or_default(),
                ..Entry::default()
            })
        })
        .collect()
}

/// The interest category tree from `/tool/interest_category/`
/// (`data.interest_categories[]`), each with its parent.
pub fn interests(raw: &[Value]) -> Vec<Entry> {
    let mut parents: BTreeMap<String, String> = BTreeMap::new();
    for c in raw {
        if let Some(id) = id_of(c, "interest_category_id") {
            for child in c
                .get("sub_category_ids")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let child = match child {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                parents.insert(child, id.clone());
            }
        }
    }
    raw.iter()
        .filter_map(|c| {
            let id = id_of(c, "interest_category_id")?;
            Some(Entry {
                name: text(c, "interest_category_name").unwrap_or_default(),
                parent: parents.get(&id).cloned(),
                id,
                ..Entry::default()
            })
        })
        .collect()
}

/// CTA portfolios from `/creative/portfolio/list/` (`data.creative_portfolios[]`):
/// each entry of `portfolio_content` is one call to action, its text read as the
/// literal (`Learn more` → `LEARN_MORE`). [inf: TikTok shows a CTA's text there]
pub fn portfolios(raw: &[Value]) -> Vec<Portfolio> {
    raw.iter()
        .filter(|p| text(p, "creative_portfolio_type").is_none_or(|t| t == "CTA"))
        .filter_map(|p| {
            let mut calls: Vec<String> = p
                .get("portfolio_content")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|c| text(c, "asset_content"))
                .map(|t| cta_literal(&t))
                .collect();
            calls.sort();
            calls.dedup();
            Some(Portfolio {
                id: id_of(p, "creative_portfolio_id")?,
                calls_to_action: calls,
            })
        })
        .collect()
}

/// A call to action's text as its literal: `Learn more` → `LEARN_MORE`.
pub fn cta_literal(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_uppercase)
        .collect::<Vec<_>>()
        .join("_")
}

/// A call to action's text from its literal: `LEARN_MORE` → `Learn more`.
pub fn cta_text(literal: &str) -> String {
    let lower = literal.replace('_', " ").to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Places from `/tool/targeting/search/` or `/tool/targeting/info/`: the tags and
/// their parents (`data.targeting_tag_list[]`, `data.parent_tags[]`).
pub fn places(data: &Value) -> Vec<Place> {
    ["targeting_tag_list", "parent_tags"]
        .iter()
        .flat_map(|key| {
            data.get(*key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter_map(|tag| {
            let geo = tag.get("geo")?;
            Some(Place {
                id: id_of(geo, "geo_id")?,
                name: text(tag, "name").or_else(|| text(geo, "description"))?,
                geo_type: text(geo, "geo_type").unwrap_or_default(),
                country: text(geo, "region_code").unwrap_or_default(),
                parent: id_of(geo, "parent_id").filter(|p| p != "0"),
            })
        })
        .collect()
}

impl Catalog {
    /// The entries of a kind that was read.
    pub fn entries(&self, kind: RefKind) -> Option<Vec<&Entry>> {
        let list = match kind {
            RefKind::Pixel => self.pixels.as_ref(),
            RefKind::Identity(_) => self.identities.as_ref(),
            RefKind::Audience => self.audiences.as_ref(),
            RefKind::Interest => self.interests.as_ref(),
            RefKind::Form => self.forms.as_ref(),
            RefKind::Location => None,
        }?;
        Some(match kind {
            RefKind::Identity(t) => list
                .iter()
                .filter(|e| e.identity_type.as_deref() == Some(t.wire()))
                .collect(),
            _ => list.iter().collect(),
        })
    }

    /// Finds a name among the entries of `kind` (read before); an interest category
    /// may be a path `Parent > Child`.
    pub fn find(&self, kind: RefKind, name: &str, business_center: Option<&str>) -> Found {
        let Some(mut entries) = self.entries(kind) else {
            return Found::None(Vec::new());
        };
        if let Some(bc) = business_center {
            entries.retain(|e| e.business_center.as_deref().is_none_or(|b| b == bc));
        }
        let path: Vec<&str> = if kind == RefKind::Interest {
            name.split('>').map(str::trim).collect()
        } else {
            vec![name.trim()]
        };
        let leaf = path.last().copied().unwrap_or_default();
        let hits: Vec<&&Entry> = entries
            .iter()
            .filter(|e| same(&e.name, leaf) || e.aliases.iter().any(|a| same(a, leaf)))
            .filter(|e| self.ancestors_match(e, &path[..path.len().saturating_sub(1)]))
            .collect();
        match hits.as_slice() {
            [one] => Found::One(one.id.clone()),
            [] => {
                let mut near: Vec<(usize, &Entry)> = entries
                    .iter()
                    .map(|e| (distance(&e.name, leaf), *e))
                    .collect();
                near.sort_by_key(|(d, e)| (*d, e.name.clone()));
                Found::None(
                    near.into_iter()
                        .take(5)
                        .map(|(_, e)| {
                            (
                                self.label(kind, &e.id).unwrap_or_else(|| e.name.clone()),
                                e.id.clone(),
                            )
                        })
                        .collect(),
                )
            }
            many => Found::Several(
                many.iter()
                    .map(|e| {
                        (
                            self.label(kind, &e.id).unwrap_or_else(|| e.name.clone()),
                            e.id.clone(),
                        )
                    })
                    .collect(),
            ),
        }
    }

    /// Whether an interest category lies under `path` (outermost first).
    fn ancestors_match(&self, e: &Entry, path: &[&str]) -> bool {
        let mut parent = e.parent.clone();
        for want in path.iter().rev() {
            let Some(p) = parent
                .as_ref()
                .and_then(|id| self.interests.iter().flatten().find(|x| &x.id == id))
            else {
                return false;
            };
            if !same(&p.name, want) {
                return false;
            }
            parent = p.parent.clone();
        }
        true
    }

    /// Finds a region or city by name, the names of the places it lies in, and its
    /// country, among the places the searches found.
    pub fn find_place(&self, name: &str, within: &[String], country: &str) -> Found {
        let in_country: Vec<&Place> = self
            .places
            .values()
            .filter(|p| p.country.eq_ignore_ascii_case(country))
            .filter(|p| !p.geo_type.eq_ignore_ascii_case("COUNTRY"))
            .collect();
        let hits: Vec<&&Place> = in_country
            .iter()
            .filter(|p| same(&p.name, name))
            .filter(|p| {
                let mut parent = p.parent.clone();
                within.iter().all(|w| {
                    // Each name lies somewhere above the last one matched.
                    while let Some(place) = parent.as_ref().and_then(|id| self.places.get(id)) {
                        parent.clone_from(&place.parent);
                        if same(&place.name, w) {
                            return true;
                        }
                    }
                    false
                })
            })
            .collect();
        let labelled = |p: &Place| {
            (
                self.place_label(&p.id).unwrap_or_else(|| p.name.clone()),
                p.id.clone(),
            )
        };
        let full = self
            .full_searches
            .contains(&(name.to_lowercase(), country.to_ascii_uppercase()));
        match hits.as_slice() {
            [one] if full => Found::Unsure(labelled(one)),
            [one] => Found::One(one.id.clone()),
            [] => {
                // The nearest names in the country (the same name in other regions first).
                let mut near: Vec<(usize, &Place)> = in_country
                    .iter()
                    .map(|p| (distance(&p.name, name), *p))
                    .collect();
                near.sort_by_key(|(d, p)| (*d, p.name.clone(), p.id.clone()));
                Found::None(near.into_iter().take(5).map(|(_, p)| labelled(p)).collect())
            }
            many => Found::Several(many.iter().map(|p| labelled(p)).collect()),
        }
    }

    /// A location's readable form, as a spec may write it: `US`, `Illinois, US`,
    /// `Springfield, Illinois, US` (a city with its region).
    pub fn place_label(&self, id: &str) -> Option<String> {
        if let Some(c) = facts::country_by_id(id) {
            return Some(c.iso.to_owned());
        }
        let p = self.places.get(id)?;
        let mut parts = vec![p.name.clone()];
        let region = p
            .parent
            .as_ref()
            .and_then(|id| self.places.get(id))
            .filter(|r| !r.geo_type.eq_ignore_ascii_case("COUNTRY"));
        if let Some(r) = region
            && !p.geo_type.eq_ignore_ascii_case("PROVINCE")
        {
            parts.push(r.name.clone());
        }
        parts.push(p.country.to_uppercase());
        Some(parts.join(", "))
    }

    /// The readable name of an id of `kind`, when it is known.
    pub fn label(&self, kind: RefKind, id: &str) -> Option<String> {
        if kind == RefKind::Location {
            return self.place_label(id);
        }
        // An identity is named whatever its type.
        let entries: Vec<&Entry> = match kind {
            RefKind::Identity(_) => self.identities.iter().flatten().collect(),
            _ => self.entries(kind)?,
        };
        let e = entries.into_iter().find(|e| e.id == id)?;
        if kind == RefKind::Interest
            && self
                .interests
                .iter()
                .flatten()
                .filter(|x| same(&x.name, &e.name))
                .count()
                > 1
        {
            // A name found at several levels is written with its parent.
            let parent = e
                .parent
                .as_ref()
                .and_then(|p| self.interests.iter().flatten().find(|x| &x.id == p));
            if let Some(parent) = parent {
                return Some(format!("{} > {}", parent.name, e.name));
            }
        }
        (!e.name.is_empty()).then(|| e.name.clone())
    }

    /// The name `import` writes for an id: its label when that label finds exactly
    /// this id again, else `None` (the id is written).
    pub fn unique_name(
        &self,
        kind: RefKind,
        id: &str,
        business_center: Option<&str>,
    ) -> Option<String> {
        let label = self.label(kind, id)?;
        if kind == RefKind::Location {
            let reads = crate::spec::refs::parse(kind, &label).ok()?;
            return match reads {
                crate::spec::refs::Written::Country(c) => (c.geoname_id == id).then_some(label),
                crate::spec::refs::Written::Place {
                    name,
                    within,
                    country,
                } => (self.find_place(&name, &within, country.iso) == Found::One(id.to_owned()))
                    .then_some(label),
                _ => None,
            };
        }
        // A name of digits would read back as an id.
        if crate::spec::refs::is_id(&label) {
            return None;
        }
        (self.find(kind, &label, business_center) == Found::One(id.to_owned())).then_some(label)
    }

    /// The portfolio with exactly these calls to action (wire literals), preferring
    /// one of `in_use`.
    pub fn portfolio_with(&self, calls: &[String], in_use: &[String]) -> Option<String> {
        let mut want: Vec<String> = calls.to_vec();
        want.sort();
        want.dedup();
        let hits: Vec<&Portfolio> = self
            .portfolios
            .iter()
            .flatten()
            .filter(|p| p.calls_to_action == want)
            .collect();
        hits.iter()
            .find(|p| in_use.contains(&p.id))
            .or_else(|| hits.first())
            .map(|p| p.id.clone())
    }
}

/// How far apart two names are, ignoring letter case.
fn distance(a: &str, b: &str) -> usize {
    crate::spec::suggest::distance(&a.trim().to_lowercase(), &b.trim().to_lowercase())
}

/// Names match exactly, ignoring letter case and surrounding space.
fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalog() -> Catalog {
        Catalog {
            pixels: Some(pixels(&[
                json!({"pixel_id": "71", "pixel_name": "Shop pixel", "pixel_code": "CSHOP"}),
                json!({"pixel_id": "72", "pixel_name": "shop PIXEL"}),
                json!({"pixel_id": "73", "pixel_name": "Signup pixel"}),
            ])),
            interests: Some(interests(&[
                json!({"interest_category_id": "1", "interest_category_name": "Beauty", "sub_category_ids": ["2"]}),
                json!({"interest_category_id": "2", "interest_category_name": "Makeup"}),
                json!({"interest_category_id": "3", "interest_category_name": "Games", "sub_category_ids": [4]}),
                json!({"interest_category_id": "4", "interest_category_name": "Makeup"}),
            ])),
            places: places(&json!({
                "targeting_tag_list": [
                    {"name": "Springfield", "geo": {"geo_id": "4250542", "geo_type": "CITY", "region_code": "US", "parent_id": "4896861"}},
                    {"name": "Springfield", "geo": {"geo_id": "4409896", "geo_type": "CITY", "region_code": "US", "parent_id": "4398678"}},
                ],
                "parent_tags": [
                    {"name": "Illinois", "geo": {"geo_id": "4896861", "geo_type": "PROVINCE", "region_code": "US", "parent_id": "6252001"}},
                    {"name": "Missouri", "geo": {"geo_id": "4398678", "geo_type": "PROVINCE", "region_code": "US", "parent_id": "6252001"}},
                ]
            }))
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect(),
            ..Catalog::default()
        }
    }

    #[test]
    fn names_match_exactly_ignoring_case_and_report_the_rest() {
        let c = catalog();
        assert_eq!(
            c.find(RefKind::Pixel, "Signup Pixel", None),
            Found::One("73".into())
        );
        assert_eq!(
            c.find(RefKind::Pixel, "cshop", None),
            Found::One("71".into())
        );
        assert!(
            matches!(c.find(RefKind::Pixel, "Shop pixel", None), Found::Several(v) if v.len() == 2)
        );
        assert!(matches!(c.find(RefKind::Pixel, "Shop pix", None), Found::None(v) if v.len() == 3));
        assert!(matches!(
            c.find(RefKind::Interest, "Makeup", None),
            Found::Several(_)
        ));
        assert_eq!(
            c.find(RefKind::Interest, "Beauty > Makeup", None),
            Found::One("2".into())
        );
        assert_eq!(
            c.label(RefKind::Interest, "4").as_deref(),
            Some("Games > Makeup")
        );
        assert_eq!(
            c.unique_name(RefKind::Pixel, "73", None).as_deref(),
            Some("Signup pixel")
        );
        assert_eq!(c.unique_name(RefKind::Pixel, "71", None), None);
    }

    #[test]
    fn places_need_their_region_where_the_name_repeats() {
        let c = catalog();
        assert!(
            matches!(c.find_place("Springfield", &[], "US"), Found::Several(v) if v.len() == 2)
        );
        assert_eq!(
            c.find_place("springfield", &["Illinois".into()], "us"),
            Found::One("4250542".into())
        );
        assert_eq!(
            c.find_place("Illinois", &[], "US"),
            Found::One("4896861".into())
        );
        assert_eq!(
            c.place_label("4250542").as_deref(),
            Some("Springfield, Illinois, US")
        );
        assert_eq!(c.place_label("6252001").as_deref(), Some("US"));
        assert_eq!(
            c.unique_name(RefKind::Location, "4409896", None).as_deref(),
            Some("Springfield, Missouri, US")
        );
    }

    #[test]
    fn a_place_alone_in_a_full_search_answer_is_not_taken_as_unique() {
        let mut c = catalog();
        assert_eq!(
            c.find_place("Illinois", &[], "US"),
            Found::One("4896861".into())
        );
        c.full_searches.insert(("illinois".into(), "US".into()));
        assert_eq!(
            c.find_place("ILLINOIS", &[], "us"),
            Found::Unsure(("Illinois, US".into(), "4896861".into()))
        );
        // Import writes the id then: `plan` could not read the name back alone.
        assert_eq!(c.unique_name(RefKind::Location, "4896861", None), None);
    }

    #[test]
    fn cta_texts_and_literals() {
        assert_eq!(cta_literal("Learn more"), "LEARN_MORE");
        assert_eq!(cta_text("SHOP_NOW"), "Shop now");
        let c = Catalog {
            portfolios: Some(portfolios(&[
                json!({"creative_portfolio_id": "1", "creative_portfolio_type": "CTA", "portfolio_content": [{"asset_content": "Shop now"}, {"asset_content": "Learn More"}]}),
                json!({"creative_portfolio_id": "2", "portfolio_content": [{"asset_content": "Learn more"}, {"asset_content": "Shop Now"}]}),
            ])),
            ..Catalog::default()
        };
        let want = ["SHOP_NOW".to_string(), "LEARN_MORE".to_string()];
        assert_eq!(c.portfolio_with(&want, &[]).as_deref(), Some("1"));
        assert_eq!(c.portfolio_with(&want, &["2".into()]).as_deref(), Some("2"));
        assert_eq!(c.portfolio_with(&want[..1], &[]), None);
    }
}
