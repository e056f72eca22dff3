//! References to things of the ad account, written readably: locations, the pixel,
//! identities, custom audiences, interest categories and instant forms.
//!
//! This module knows their syntax only, offline: a value of digits is an id, used as
//! written; a country is its ISO code, found in the table shipped in the binary
//! (`facts::countries`); everything else is a name that `plan` looks up in the
//! account (`plan::resolve`). Regions and cities carry their country: `Illinois, US`,
//! or `Springfield, Illinois, US` where the name alone repeats.

use super::enums::{IdentityType, Objective};
use super::model::{AdGroup, Campaign, SpecFile};
use super::span::Sp;
use crate::facts::{self, countries::Country};

/// What a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    Location,
    Pixel,
    /// An identity of this type (a name is looked up among identities of the type).
    Identity(IdentityType),
    Audience,
    Interest,
    Form,
}

impl RefKind {
    /// More than one of it.
    pub fn plural(self) -> &'static str {
        match self {
            RefKind::Location => "locations",
            RefKind::Pixel => "pixels",
            RefKind::Identity(_) => "identities",
            RefKind::Audience => "custom audiences",
            RefKind::Interest => "interest categories",
            RefKind::Form => "instant forms",
        }
    }

    /// How users call it.
    pub fn noun(self) -> &'static str {
        match self {
            RefKind::Location => "location",
            RefKind::Pixel => "pixel",
            RefKind::Identity(_) => "identity",
            RefKind::Audience => "custom audience",
            RefKind::Interest => "interest category",
            RefKind::Form => "instant form",
        }
    }
}

/// What a written reference says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// An id, used as written.
    Id(String),
    /// A country, by its ISO code: known offline.
    Country(&'static Country),
    /// A region or city: its name, the places it lies in (nearest first) and its
    /// country; looked up at plan time.
    Place {
        name: String,
        within: Vec<String>,
        country: &'static Country,
    },
    /// A name (for a pixel also its code; for an interest category a path
    /// `Parent > Child`), looked up at plan time.
    Name(String),
}

impl Written {
    /// Whether `plan` must look it up in the account.
    pub fn needs_lookup(&self) -> bool {
        matches!(self, Written::Place { .. } | Written::Name(_))
    }
}

/// Why a reference cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Shown under the value.
    pub label: String,
    /// The rule and the fix.
    pub help: String,
}

/// Whether a value is an id: digits only.
pub fn is_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Reads one reference of `kind`.
pub fn parse(kind: RefKind, text: &str) -> Result<Written, SyntaxError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(SyntaxError {
            label: "empty".into(),
            help: format!("write the {}'s name or id", kind.noun()),
        });
    }
    if is_id(text) {
        return Ok(Written::Id(text.to_owned()));
    }
    match kind {
        RefKind::Location => location(text),
        _ => Ok(Written::Name(text.to_owned())),
    }
}

/// Reads an identity's `name`: never an id, whatever it looks like.
pub fn parse_name(kind: RefKind, text: &str) -> Result<Written, SyntaxError> {
    if text.trim().is_empty() {
        return Err(SyntaxError {
            label: "empty".into(),
            help: format!("write the {}'s name", kind.noun()),
        });
    }
    Ok(Written::Name(text.trim().to_owned()))
}

const LOCATION_FORMS: &str = "a location is a country code (`US`), a region or city with its \
     country (`Illinois, US`; `Springfield, Illinois, US` where the name repeats) or a \
     location id (`6252001`)";

fn location(text: &str) -> Result<Written, SyntaxError> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let (code, names) = parts.split_last().unwrap_or((&"", &[]));
    let Some(country) = country_code(code) else {
        let label = if parts.len() == 1 {
            "not a country code, nor a place with its country".to_string()
        } else {
            format!("`{code}` is not a country code")
        };
        let near = suggest_country(code)
            .map(|c| format!("; did you mean `{}` ({})?", c.iso, c.name))
            .unwrap_or_default();
        return Err(SyntaxError {
            label,
            help: format!("{LOCATION_FORMS}{near}"),
        });
    };
    let Some((name, within)) = names.split_first() else {
        return Ok(Written::Country(country));
    };
    if names.iter().any(|n| n.is_empty()) {
        return Err(SyntaxError {
            label: "an empty name".into(),
            help: LOCATION_FORMS.into(),
        });
    }
    Ok(Written::Place {
        name: (*name).to_owned(),
        within: within.iter().map(|s| (*s).to_owned()).collect(),
        country,
    })
}

/// A two-letter ISO code of the table (any letter case).
fn country_code(code: &str) -> Option<&'static Country> {
    (code.len() == 2).then(|| facts::country(code)).flatten()
}

/// A country the code was probably meant to be (`UK` → `GB`), or whose name it is.
fn suggest_country(code: &str) -> Option<&'static Country> {
    if code.eq_ignore_ascii_case("UK") {
        return facts::country("GB");
    }
    facts::countries::COUNTRIES
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(code))
}

/// One reference in a spec file, where it is written.
#[derive(Clone, Copy, Debug)]
pub struct Reference<'a> {
    pub kind: RefKind,
    pub text: &'a Sp<String>,
    /// An identity's `name` (never read as an id).
    pub by_name: bool,
    /// The campaign's objective (which places TikTok offers depends on it).
    pub objective: Objective,
    /// An identity's Business Center.
    pub business_center: Option<&'a str>,
}

impl Reference<'_> {
    /// What the reference says.
    pub fn read(&self) -> Result<Written, SyntaxError> {
        if self.by_name {
            parse_name(self.kind, self.text)
        } else {
            parse(self.kind, self.text)
        }
    }
}

/// Every reference of a spec file, in file order.
pub fn references(file: &SpecFile) -> Vec<Reference<'_>> {
    references_in(file.campaigns.iter())
}

/// Every reference of these campaigns, in order.
pub fn references_in<'a>(campaigns: impl Iterator<Item = &'a Campaign>) -> Vec<Reference<'a>> {
    let mut out = Vec::new();
    for c in campaigns {
        let objective = c.objective.value;
        let mut push = |kind, text, by_name, business_center| {
            out.push(Reference {
                kind,
                text,
                by_name,
                objective,
                business_center,
            });
        };
        for g in c.ad_groups.iter() {
            if let Some(p) = &g.optimization.pixel_id {
                push(RefKind::Pixel, p, false, None);
            }
            let t = &g.targeting;
            for (kind, list) in [
                (RefKind::Location, &t.locations),
                (RefKind::Audience, &t.excluded_audiences),
                (RefKind::Interest, &t.interests),
                (RefKind::Audience, &t.audiences),
            ] {
                for item in list.iter().flat_map(|l| l.iter()) {
                    push(kind, item, false, None);
                }
            }
            for a in g.ads.iter() {
                let kind = RefKind::Identity(a.identity.kind.value);
                let bc = a.identity.business_center_id.as_ref().map(|b| b.as_str());
                if let Some(id) = &a.identity.id {
                    push(kind, id, false, bc);
                }
                if let Some(name) = &a.identity.name {
                    push(kind, name, true, bc);
                }
                if let Some(form) = &a.instant_form_id {
                    push(RefKind::Form, form, false, None);
                }
            }
        }
    }
    out
}

/// The references an ad group holds itself (the pixel, the targeting lists), each with
/// its kind, for rewriting: ids for names when planning, names for ids when importing.
pub fn group_values_mut(g: &mut AdGroup, mut f: impl FnMut(RefKind, &mut Sp<String>)) {
    if let Some(p) = g.optimization.value.pixel_id.as_mut() {
        f(RefKind::Pixel, p);
    }
    let t = &mut g.targeting.value;
    for (kind, list) in [
        (RefKind::Location, &mut t.locations),
        (RefKind::Audience, &mut t.excluded_audiences),
        (RefKind::Interest, &mut t.interests),
        (RefKind::Audience, &mut t.audiences),
    ] {
        for item in list.iter_mut().flat_map(|l| l.value.iter_mut()) {
            f(kind, item);
        }
    }
}

/// The names of a spec file that `plan` looks up, once each, in file order.
pub fn names(file: &SpecFile) -> Vec<(RefKind, String)> {
    let mut out: Vec<(RefKind, String)> = Vec::new();
    for r in references(file) {
        if let Ok(w) = r.read()
            && w.needs_lookup()
        {
            let key = (r.kind, r.text.trim().to_owned());
            if !out.contains(&key) {
                out.push(key);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_countries_places_and_names() {
        assert_eq!(
            parse(RefKind::Location, "6252001"),
            Ok(Written::Id("6252001".into()))
        );
        let us = facts::country("US").expect("US");
        assert_eq!(parse(RefKind::Location, "US"), Ok(Written::Country(us)));
        assert_eq!(parse(RefKind::Location, " us "), Ok(Written::Country(us)));
        assert_eq!(
            parse(RefKind::Location, "Springfield, Illinois, US"),
            Ok(Written::Place {
                name: "Springfield".into(),
                within: vec!["Illinois".into()],
                country: us
            })
        );
        assert_eq!(
            parse(RefKind::Audience, "Cart abandoners"),
            Ok(Written::Name("Cart abandoners".into()))
        );
        assert_eq!(
            parse_name(RefKind::Identity(IdentityType::Custom), "1234"),
            Ok(Written::Name("1234".into()))
        );
    }

    #[test]
    fn bad_locations_say_the_forms_and_suggest() {
        let e = parse(RefKind::Location, "Illinois").expect_err("no country");
        assert!(e.help.contains("`Illinois, US`"), "{e:?}");
        let e = parse(RefKind::Location, "London, UK").expect_err("UK");
        assert!(e.help.contains("did you mean `GB`"), "{e:?}");
        let e = parse(RefKind::Location, "Germany").expect_err("a name");
        assert!(e.help.contains("`DE`"), "{e:?}");
        assert!(parse(RefKind::Location, ", US").is_err());
        assert!(parse(RefKind::Pixel, "  ").is_err());
    }

    #[test]
    fn the_country_table_is_complete_and_consistent() {
        let all = facts::countries::COUNTRIES;
        assert_eq!(all.len(), 252);
        for c in all {
            assert_eq!(c.iso.len(), 2, "{}", c.iso);
            assert!(is_id(c.geoname_id), "{}", c.iso);
            assert_eq!(
                facts::country_by_id(c.geoname_id).map(|x| x.iso),
                Some(c.iso)
            );
        }
        // Reference assets §2.1: TikTok's location ids of these countries.
        for (iso, id) in [
            ("US", "6252001"),
            ("GB", "2635167"),
            ("DE", "2921044"),
            ("JP", "1861060"),
        ] {
            assert_eq!(facts::country(iso).map(|c| c.geoname_id), Some(id));
        }
    }
}
