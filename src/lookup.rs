//! Reading what specs name readably, with the fewest calls: only the lists the
//! names need (a spec of ids and country codes reads nothing), each once, all at
//! the same time. The result is plain data (`wire::Catalog`).

use std::collections::BTreeSet;

use tokio::task::JoinSet;

use crate::api::{ApiError, Client, lookups};
use crate::spec::refs::{RefKind, Reference, Written};
use crate::wire::catalog::{self, Catalog};

/// What to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    pub pixels: bool,
    pub audiences: bool,
    pub interests: bool,
    pub forms: bool,
    pub portfolios: bool,
    /// Identity lists: (type literal, Business Center).
    pub identities: BTreeSet<(String, Option<String>)>,
    /// Place searches: (name, country code, objective literal).
    pub places: BTreeSet<(String, String, String)>,
    /// Location ids to name (objective literal, id).
    pub place_ids: BTreeSet<(String, String)>,
}

impl Needs {
    /// What resolving these references needs.
    pub fn of(refs: &[Reference<'_>]) -> Needs {
        let mut n = Needs::default();
        for r in refs {
            let Ok(written) = r.read() else { continue };
            match (&written, r.kind) {
                (Written::Place { name, country, .. }, _) => {
                    n.places.insert((
                        name.clone(),
                        country.iso.to_owned(),
                        r.objective.wire().to_owned(),
                    ));
                }
                (Written::Name(_), kind) => n.add(kind, r.business_center),
                _ => {}
            }
        }
        n
    }

    /// Reads the list of `kind`.
    pub fn add(&mut self, kind: RefKind, business_center: Option<&str>) {
        match kind {
            RefKind::Pixel => self.pixels = true,
            RefKind::Audience => self.audiences = true,
            RefKind::Interest => self.interests = true,
            RefKind::Form => self.forms = true,
            RefKind::Identity(t) => {
                self.identities
                    .insert((t.wire().to_owned(), business_center.map(str::to_owned)));
            }
            RefKind::Location => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Needs::default()
    }
}

/// One answer of the lookups run together.
enum Part {
    Pixels(Vec<serde_json::Value>),
    Identities(Vec<serde_json::Value>),
    Audiences(Vec<serde_json::Value>),
    Interests(Vec<serde_json::Value>),
    Forms(Vec<serde_json::Value>),
    Portfolios(Vec<serde_json::Value>),
    Places(Vec<serde_json::Value>),
    /// One place search: its name, its country, the answer.
    Search(String, String, serde_json::Value),
}

/// Reads what `needs` asks for, concurrently (the client paces the calls).
pub async fn read(
    client: &Client,
    advertiser_id: &str,
    needs: &Needs,
) -> Result<Catalog, ApiError> {
    let mut tasks: JoinSet<Result<Part, ApiError>> = JoinSet::new();
    let adv = advertiser_id.to_owned();
    if needs.pixels {
        let (c, a) = (client.clone(), adv.clone());
        tasks.spawn(async move { lookups::pixels(&c, &a).await.map(Part::Pixels) });
    }
    if needs.audiences {
        let (c, a) = (client.clone(), adv.clone());
        tasks.spawn(async move { lookups::audiences(&c, &a).await.map(Part::Audiences) });
    }
    if needs.interests {
        let (c, a) = (client.clone(), adv.clone());
        tasks.spawn(async move {
            lookups::interest_categories(&c, &a)
                .await
                .map(Part::Interests)
        });
    }
    if needs.forms {
        let (c, a) = (client.clone(), adv.clone());
        tasks.spawn(async move { lookups::forms(&c, &a).await.map(Part::Forms) });
    }
    if needs.portfolios {
        let (c, a) = (client.clone(), adv.clone());
        tasks.spawn(async move { lookups::cta_portfolios(&c, &a).await.map(Part::Portfolios) });
    }
    for (kind, bc) in &needs.identities {
        let (c, a, kind, bc) = (client.clone(), adv.clone(), kind.clone(), bc.clone());
        tasks.spawn(async move {
            lookups::identities(&c, &a, &kind, bc.as_deref())
                .await
                .map(Part::Identities)
        });
    }
    for (name, country, objective) in &needs.places {
        let (c, a) = (client.clone(), adv.clone());
        let (name, country, objective) = (name.clone(), country.clone(), objective.clone());
        tasks.spawn(async move {
            lookups::search_places(&c, &a, &name, &country, &objective)
                .await
                .map(|d| Part::Search(name, country, d))
        });
    }
    let mut by_objective: std::collections::BTreeMap<String, Vec<String>> =
        std::collections::BTreeMap::default();
    for (objective, id) in &needs.place_ids {
        by_objective
            .entry(objective.clone())
            .or_default()
            .push(id.clone());
    }
    for (objective, ids) in by_objective {
        let (c, a) = (client.clone(), adv.clone());
        tasks.spawn(async move {
            lookups::place_info(&c, &a, &ids, &objective)
                .await
                .map(Part::Places)
        });
    }
    let mut out = Catalog::default();
    while let Some(joined) = tasks.join_next().await {
        let part = joined.map_err(|e| ApiError::Internal {
            path: "lookups".into(),
            detail: e.to_string(),
        })??;
        add(&mut out, part);
    }
    Ok(out)
}

fn add(out: &mut Catalog, part: Part) {
    match part {
        Part::Pixels(v) => out.pixels = Some(catalog::pixels(&v)),
        Part::Audiences(v) => out.audiences = Some(catalog::audiences(&v)),
        Part::Interests(v) => out.interests = Some(catalog::interests(&v)),
        Part::Forms(v) => out.forms = Some(catalog::forms(&v)),
        Part::Portfolios(v) => out.portfolios = Some(catalog::portfolios(&v)),
        Part::Identities(v) => out
            .identities
            .get_or_insert_with(Vec::new)
            .extend(catalog::identities(&v)),
        Part::Search(name, country, data) => {
            let found = data
                .get("targeting_tag_list")
                .and_then(serde_json::Value::as_array)
                .map_or(0, Vec::len);
            if found >= crate::facts::PLACE_SEARCH_MAX_RESULTS {
                out.full_searches
                    .insert((name.to_lowercase(), country.to_ascii_uppercase()));
            }
            add(out, Part::Places(vec![data]));
        }
        Part::Places(answers) => {
            for data in answers {
                for p in catalog::places(&data) {
                    out.places.insert(p.id.clone(), p);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(n: usize) -> serde_json::Value {
        let tags: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                serde_json::json!({"name": format!("Springfield {i}"), "geo": {
                    "geo_id": format!("{}", 4_000_000 + i), "geo_type": "CITY",
                    "region_code": "US", "parent_id": "0"}})
            })
            .collect();
        serde_json::json!({ "targeting_tag_list": tags, "parent_tags": [] })
    }

    #[test]
    fn a_full_search_answer_is_remembered() {
        let mut out = Catalog::default();
        let max = crate::facts::PLACE_SEARCH_MAX_RESULTS;
        add(
            &mut out,
            Part::Search("Springfield".into(), "us".into(), answer(max - 1)),
        );
        assert!(out.full_searches.is_empty());
        assert_eq!(out.places.len(), max - 1);
        add(
            &mut out,
            Part::Search("Springfield".into(), "us".into(), answer(max)),
        );
        assert!(
            out.full_searches
                .contains(&("springfield".into(), "US".into()))
        );
    }
}
