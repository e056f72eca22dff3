//! Resolution: every readable reference of a desired campaign becomes the id TikTok
//! takes, before anything is lowered or compared, so that a name and its id are the
//! same value to the planner. Pure: the account's lists come in as a
//! [`Catalog`](crate::wire::catalog::Catalog), read beforehand by `lookup`.
//!
//! A name the account does not have, or has more than once, is a located finding
//! (SP140) listing the candidates with their ids.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::Kind;
use crate::spec::Sp;
use crate::spec::diagnostic::Finding;
use crate::spec::model::Campaign;
use crate::spec::refs::{self, RefKind, Written};
use crate::spec::rules::sp140_references::INFO;
use crate::wire::catalog::{Catalog, Found};

/// One name and the id it stands for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Resolution {
    /// What it is: `pixel`, `location`, `custom audience`…
    pub kind: String,
    /// As the spec writes it.
    pub written: String,
    pub id: String,
}

/// What a plan knows of names: each resolution, and a name for the ids it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved: Vec<Resolution>,
    /// `kind:id` → readable name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

impl Names {
    pub fn is_empty(&self) -> bool {
        self.resolved.is_empty() && self.labels.is_empty()
    }

    /// The readable name of an id of `kind`, when known.
    pub fn label(&self, kind: RefKind, id: &str) -> Option<&str> {
        self.labels.get(&key(kind, id)).map(String::as_str)
    }

    /// Adds a resolution once.
    pub fn add(&mut self, r: Resolution) {
        if !self.resolved.contains(&r) {
            self.resolved.push(r);
        }
    }
}

/// The key of a label.
pub fn key(kind: RefKind, id: &str) -> String {
    format!("{}:{id}", kind.noun())
}

/// The plan paths that hold references, and what they hold.
pub fn kind_of_path(kind: Kind, path: &str) -> Option<RefKind> {
    use crate::spec::enums::IdentityType;
    match (kind, path) {
        (Kind::AdGroup, "optimization.pixel") => Some(RefKind::Pixel),
        (Kind::AdGroup, "targeting.locations") => Some(RefKind::Location),
        (Kind::AdGroup, "targeting.audiences" | "targeting.excluded_audiences") => {
            Some(RefKind::Audience)
        }
        (Kind::AdGroup, "targeting.interests") => Some(RefKind::Interest),
        // Any type: labels of identities are keyed by noun only.
        (Kind::Ad, "identity.id") => Some(RefKind::Identity(IdentityType::Custom)),
        (Kind::Ad, "instant_form") => Some(RefKind::Form),
        _ => None,
    }
}

/// A campaign with its references resolved, and what each name resolved to.
#[derive(Debug)]
pub struct Resolved<'a> {
    /// The spec's own campaign when nothing in it is written by name.
    pub campaign: Cow<'a, Campaign>,
    pub resolutions: Vec<Resolution>,
}

/// Resolves every reference of `c` against `catalog`; `in_use` are the CTA
/// portfolio ids live ads use (preferred among portfolios with the same calls to
/// action). The findings are SP140 errors at the references.
pub fn resolve<'a>(
    c: &'a Campaign,
    catalog: &Catalog,
    in_use: &[String],
) -> Result<Resolved<'a>, Vec<Finding>> {
    if !named_anything(c) {
        return Ok(Resolved {
            campaign: Cow::Borrowed(c),
            resolutions: Vec::new(),
        });
    }
    let mut out = c.clone();
    let mut r = Resolver {
        catalog,
        resolutions: Vec::new(),
        findings: Vec::new(),
    };
    for g in &mut out.ad_groups.value {
        refs::group_values_mut(g, |kind, v| r.one(kind, v, None));
        for a in &mut g.ads.value {
            let identity = &mut a.identity.value;
            let kind = RefKind::Identity(identity.kind.value);
            let bc = identity
                .business_center_id
                .as_ref()
                .map(|b| b.value.clone());
            if let Some(mut name) = identity.name.take() {
                if r.named(kind, &mut name, bc.as_deref()) {
                    identity.id = Some(name);
                } else {
                    identity.name = Some(name);
                }
            }
            if let Some(form) = a.instant_form_id.as_mut() {
                r.one(RefKind::Form, form, None);
            }
            if let Some(list) = &a.call_to_action_portfolio {
                let calls: Vec<String> = list.iter().map(|c| c.wire().to_owned()).collect();
                if let Some(id) = catalog.portfolio_with(&calls, in_use) {
                    r.resolutions.push(Resolution {
                        kind: "CTA portfolio".into(),
                        written: list.iter().map(|c| c.yaml()).collect::<Vec<_>>().join(", "),
                        id: id.clone(),
                    });
                    a.call_to_action_id = Some(Sp::at(id, list.pos));
                    a.call_to_action_portfolio = None;
                }
            }
        }
    }
    if r.findings.is_empty() {
        Ok(Resolved {
            campaign: Cow::Owned(out),
            resolutions: r.resolutions,
        })
    } else {
        Err(r.findings)
    }
}

/// Whether resolving `c` would change it: a reference written as a name, a country
/// or a place, or an ad listing a CTA portfolio. Campaigns written in ids are used
/// as they are.
fn named_anything(c: &Campaign) -> bool {
    let by_name = refs::references_in(std::iter::once(c))
        .iter()
        .any(|r| r.by_name || !matches!(refs::parse(r.kind, r.text), Ok(Written::Id(_)) | Err(_)));
    by_name || lists_portfolio(c)
}

/// Whether an ad of `c` lists the calls to action of a CTA portfolio.
pub fn lists_portfolio(c: &Campaign) -> bool {
    c.ad_groups
        .iter()
        .flat_map(|g| g.ads.iter())
        .any(|a| a.call_to_action_portfolio.is_some())
}

struct Resolver<'a> {
    catalog: &'a Catalog,
    resolutions: Vec<Resolution>,
    findings: Vec<Finding>,
}

impl Resolver<'_> {
    /// Resolves a value that may be an id, a country or a name; replaces it by its id.
    fn one(&mut self, kind: RefKind, value: &mut Sp<String>, bc: Option<&str>) {
        match refs::parse(kind, value) {
            // SP140 reported it offline; `plan` never gets here with it.
            Err(_) | Ok(Written::Id(_)) => {}
            Ok(Written::Country(c)) => {
                self.record(kind, value, c.geoname_id.to_owned());
            }
            Ok(Written::Place {
                name,
                within,
                country,
            }) => {
                let found = self.catalog.find_place(&name, &within, country.iso);
                self.found(kind, value, found);
            }
            Ok(Written::Name(name)) => {
                let found = self.catalog.find(kind, &name, bc);
                self.found(kind, value, found);
            }
        }
    }

    /// Resolves a name (never an id); true when it did.
    fn named(&mut self, kind: RefKind, value: &mut Sp<String>, bc: Option<&str>) -> bool {
        let found = self.catalog.find(kind, value, bc);
        self.found(kind, value, found)
    }

    fn record(&mut self, kind: RefKind, value: &mut Sp<String>, id: String) {
        self.resolutions.push(Resolution {
            kind: kind.noun().to_owned(),
            written: value.value.trim().to_owned(),
            id: id.clone(),
        });
        value.value = id;
    }

    fn found(&mut self, kind: RefKind, value: &mut Sp<String>, found: Found) -> bool {
        let list = |c: &[(String, String)]| {
            c.iter()
                .map(|(name, id)| format!("`{name}` ({id})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let noun = kind.noun();
        let (message, label, help) = match found {
            Found::One(id) => {
                self.record(kind, value, id);
                return true;
            }
            Found::None(near) if near.is_empty() => (
                format!("the account has no {noun} named `{}`", value.value),
                "not found".to_string(),
                format!(
                    "names match exactly, ignoring letter case; check the {noun}'s name in TikTok Ads Manager, or write its id"
                ),
            ),
            Found::None(near) => (
                format!("the account has no {noun} named `{}`", value.value),
                "not found".to_string(),
                format!(
                    "names match exactly, ignoring letter case; the nearest: {}",
                    list(&near)
                ),
            ),
            Found::Unsure((name, id)) => (
                format!(
                    "`{}` found {kind_a} `{name}` ({id}), but TikTok's search answered its most \
                     ({} places), so another of that name may exist",
                    value.value,
                    crate::facts::PLACE_SEARCH_MAX_RESULTS,
                    kind_a = noun,
                ),
                "not sure it is the only one".to_string(),
                "add the region it lies in (`Springfield, Illinois, US`), or write the location id"
                    .to_string(),
            ),
            Found::Several(all) => (
                format!(
                    "`{}` names {} {} in the account: {}",
                    value.value,
                    all.len(),
                    kind.plural(),
                    list(&all)
                ),
                "ambiguous".to_string(),
                if kind == RefKind::Location {
                    "add the region it lies in (`Springfield, Illinois, US`), or write the location id".to_string()
                } else if kind == RefKind::Interest {
                    "write it with its parent category (`Parent > Child`), or write its id"
                        .to_string()
                } else {
                    format!(
                        "write the id of the {noun} you mean, or give the {} different names in TikTok",
                        kind.plural()
                    )
                },
            ),
        };
        self.findings.push(Finding {
            code: INFO.code,
            severity: INFO.severity,
            message,
            label,
            help: Some(help),
            pos: value.pos,
        });
        false
    }
}

/// The ids of `kind` a plan's field changes show (old and new values).
pub fn shown_ids(plan: &super::Plan) -> Vec<(RefKind, String)> {
    let mut out: Vec<(RefKind, String)> = Vec::new();
    for c in &plan.changes {
        for f in &c.fields {
            let Some(kind) = kind_of_path(c.kind, &f.path) else {
                continue;
            };
            for v in f.old.iter().chain(f.new.iter()) {
                let ids: Vec<&str> = match v {
                    serde_json::Value::String(s) => vec![s.as_str()],
                    serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
                    _ => Vec::new(),
                };
                for id in ids {
                    let item = (kind, id.to_owned());
                    if !out.contains(&item) {
                        out.push(item);
                    }
                }
            }
        }
    }
    out
}

/// Names for what a plan shows: its resolutions, and a name for every id of its
/// field changes that the catalog (or the country table) knows.
pub fn names(plan: &super::Plan, catalog: &Catalog, resolutions: Vec<Resolution>) -> Names {
    let mut names = Names::default();
    for r in resolutions {
        names.add(r);
    }
    names.resolved.sort();
    for (kind, id) in shown_ids(plan) {
        if let Some(label) = catalog.label(kind, &id) {
            names.labels.insert(key(kind, &id), label);
        }
    }
    names
}
