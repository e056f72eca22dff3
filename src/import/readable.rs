//! Imported specs name what the account names: an id becomes its name where that
//! name finds exactly this id again (so `plan` resolves it back to the same id and
//! the round trip stays exact), and stays an id otherwise. Pure.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::api::endpoints::id_of;
use crate::lookup::Needs;
use crate::spec::Sp;
use crate::spec::enums::CallToAction;
use crate::spec::model::Campaign;
use crate::spec::open::Open;
use crate::spec::refs::{self, RefKind};
use crate::wire::LiveAccount;
use crate::wire::catalog::Catalog;

/// What naming the ids of these campaigns needs to read.
pub fn needs(live: &LiveAccount) -> Needs {
    let mut n = Needs::default();
    for c in &live.campaigns {
        let objective = c
            .raw
            .get("objective_type")
            .and_then(Value::as_str)
            .unwrap_or("WEB_CONVERSIONS")
            .to_owned();
        for g in c.ad_groups.iter().flatten() {
            let raw = &g.raw;
            n.pixels |= id_of(raw, "pixel_id").is_some();
            let t = raw.get("targeting_spec").unwrap_or(raw);
            let has = |key: &str| {
                t.get(key)
                    .and_then(Value::as_array)
                    .is_some_and(|a| !a.is_empty())
            };
            n.audiences |= has("audience_ids") || has("excluded_audience_ids");
            n.interests |= has("interest_category_ids");
            for id in t
                .get("location_ids")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let id = id.as_str().map_or_else(|| id.to_string(), str::to_owned);
                if crate::facts::country_by_id(&id).is_none() {
                    n.place_ids.insert((objective.clone(), id));
                }
            }
            for ad in &g.ads {
                identities(ad, &mut n.identities);
                let conf = ad.get("ad_configuration");
                n.portfolios |= conf.and_then(|c| id_of(c, "call_to_action_id")).is_some();
                n.forms |= ad
                    .get("page_list")
                    .and_then(Value::as_array)
                    .is_some_and(|p| !p.is_empty());
            }
        }
    }
    n
}

/// The identity lists an ad's identity is in.
fn identities(ad: &Value, out: &mut BTreeSet<(String, Option<String>)>) {
    let conf = ad.get("ad_configuration");
    let infos = ad
        .get("creative_list")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("creative_info"));
    for holder in conf.into_iter().chain(infos) {
        if let Some(kind) = holder.get("identity_type").and_then(Value::as_str) {
            // Reads show `0` where no Business Center authorised the identity.
            let bc = id_of(holder, "identity_authorized_bc_id").filter(|b| b != "0");
            out.insert((kind.to_owned(), bc));
        }
    }
}

/// Writes names for the ids of `c` that `catalog` names once.
pub fn name(c: &mut Campaign, catalog: &Catalog) {
    let one = |kind: RefKind, v: &mut Sp<String>, bc: Option<&str>| {
        if let Some(n) = catalog.unique_name(kind, &v.value, bc) {
            v.value = n;
        }
    };
    for g in &mut c.ad_groups.value {
        refs::group_values_mut(g, |kind, v| one(kind, v, None));
        for a in &mut g.ads.value {
            let identity = &mut a.identity.value;
            let bc = identity
                .business_center_id
                .as_ref()
                .map(|b| b.value.clone());
            let kind = RefKind::Identity(identity.kind.value);
            if let Some(id) = &identity.id
                && let Some(n) = catalog.unique_name(kind, id, bc.as_deref())
            {
                identity.name = Some(Sp::new(n));
                identity.id = None;
            }
            if let Some(f) = a.instant_form_id.as_mut() {
                one(RefKind::Form, f, None);
            }
            if let Some(id) = a.call_to_action_id.clone()
                && let Some(calls) = portfolio_calls(catalog, &id)
            {
                a.call_to_action_portfolio =
                    Some(Sp::new(calls.into_iter().map(Sp::new).collect()));
                a.call_to_action_id = None;
            }
        }
    }
}

/// The calls to action of a portfolio, when they find it again (the live ad's own
/// portfolio is preferred among equal ones) and each is a literal smartplus reads.
fn portfolio_calls(catalog: &Catalog, id: &str) -> Option<Vec<Open<CallToAction>>> {
    let all = catalog.portfolios.as_deref()?;
    let p = all.iter().find(|p| p.id == id)?;
    // Only a portfolio no other one equals: two ads on two equal portfolios would
    // otherwise both resolve to the same one.
    let equal = all
        .iter()
        .filter(|o| o.calls_to_action == p.calls_to_action)
        .count();
    if p.calls_to_action.is_empty() || equal > 1 {
        return None;
    }
    p.calls_to_action
        .iter()
        .map(|c| Open::from_wire(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identity_named() {
        let catalog = Catalog {
            identities: Some(crate::wire::catalog::identities(&[
                json!({"identity_id":"7200000000000000001","identity_type":"TT_USER","display_name":"Brand","user_name":"brand"}),
            ])),
            ..Catalog::default()
        };
        let kind = RefKind::Identity(crate::spec::enums::IdentityType::TiktokUser);
        assert_eq!(
            catalog.label(kind, "7200000000000000001").as_deref(),
            Some("Brand")
        );
        assert_eq!(
            catalog
                .unique_name(kind, "7200000000000000001", None)
                .as_deref(),
            Some("Brand")
        );
    }
}
