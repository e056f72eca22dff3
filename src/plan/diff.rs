//! The diff proper: one desired object against its live one, field by field, in the
//! spec's own words. Pure.

use serde_json::Value;

use super::model::{Action, Diff, FieldChange, Kind, OperationStatus};
use crate::spec::enums::Status;
use crate::wire::canon::{self, Flat, flatten};
use crate::wire::fields::{self, Mutability};

/// Field-by-field differences, old (live) → new (desired).
pub fn compare(kind: Kind, desired: &Flat, live: &Flat) -> Vec<FieldChange> {
    let mut live = live.clone();
    canon::align(desired, &mut live);
    for path in fields::SERVER_FILLED {
        if !desired.contains_key(*path) {
            live.remove(*path);
        }
    }
    let mut keys: Vec<&String> = desired
        .keys()
        .chain(live.keys().filter(|k| !desired.contains_key(*k)))
        .filter(|k| desired.get(*k) != live.get(*k))
        .collect();
    // In the order a spec writes them (weekdays Monday first), not alphabetical.
    keys.sort_by_cached_key(|k| (spec_order(kind, k), *k));
    keys.into_iter()
        .map(|k| FieldChange {
            path: k.clone(),
            old: live.get(k).cloned(),
            new: desired.get(k).cloned(),
            // A field we know nothing about is treated as fixed: the safe assumption.
            forces_replace: fields::info(kind, k)
                .is_none_or(|i| i.mutability == Mutability::Replace),
            note: None,
        })
        .collect()
}

/// The desired object's wire bodies.
#[derive(Clone, Debug)]
pub struct Bodies {
    /// Creates it anew (a replacement).
    pub create: Value,
    /// Where update values come from: the same, except that a schedule starting "now"
    /// keeps the live object's start (its duration counts from there).
    pub update_from: Value,
    /// The spec names a start (one "from now" is never sent again on update).
    pub explicit_start: bool,
}

impl Bodies {
    /// The same body for both, no explicit start (campaigns, ads).
    pub fn same(body: Value) -> Bodies {
        Bodies {
            update_from: body.clone(),
            create: body,
            explicit_start: false,
        }
    }
}

/// Compares and decides: unchanged, updated in place (with the update body and
/// status call) or replaced (with the create body). The bodies are made only for
/// an object that changes: most of a large plan does not.
pub fn diff(kind: Kind, desired: &Flat, live: &Flat, bodies: impl FnOnce() -> Bodies) -> Diff {
    let fields = compare(kind, desired, live);
    let (action, status) = classify(&fields);
    let (update, create) = match action {
        Action::Update => {
            let b = bodies();
            (
                update_body(kind, &b.update_from, &fields, b.explicit_start),
                None,
            )
        }
        Action::Replace => (None, Some(bodies().create)),
        _ => (None, None),
    };
    Diff {
        action,
        fields,
        status,
        create,
        update,
    }
}

/// [`diff`] of two canonical objects of a kind whose fields are compared as they
/// are: campaigns and ads (an ad group's schedule is aligned first, so equal ad
/// groups may still differ). Equal objects have no differences, so most of a large
/// plan is decided without flattening either.
pub fn diff_canonical<T: PartialEq + serde::Serialize>(
    kind: Kind,
    desired: &T,
    live: &T,
    bodies: impl FnOnce() -> Bodies,
) -> Diff {
    if desired == live {
        return diff(kind, &Flat::new(), &Flat::new(), bodies);
    }
    diff(kind, &flatten(desired), &flatten(live), bodies)
}

/// The update body for the changed in-place fields, taken from the desired create body.
fn update_body(
    kind: Kind,
    lowered: &Value,
    changes: &[FieldChange],
    explicit_start: bool,
) -> Option<Value> {
    let mut body = serde_json::Map::new();
    // A start already passed is refused when sent again ("Start time must be in the
    // future"): it goes out only when it is what changes.
    let start_changes = explicit_start && changes.iter().any(|c| c.path == "schedule.start");
    for c in changes {
        let Some(info) = fields::info(kind, &c.path) else {
            continue;
        };
        if info.mutability != Mutability::Update {
            continue;
        }
        for key in info.wire {
            if *key == "schedule_start_time" && !start_changes {
                continue;
            }
            if let Some(v) = lowered.get(*key) {
                body.insert((*key).to_string(), v.clone());
            }
        }
    }
    (!body.is_empty()).then_some(Value::Object(body))
}

/// Classifies field changes into an action and a status call.
fn classify(fields: &[FieldChange]) -> (Action, Option<OperationStatus>) {
    if fields.is_empty() {
        return (Action::Unchanged, None);
    }
    if fields.iter().any(|f| f.forces_replace) {
        return (Action::Replace, None);
    }
    let status = fields
        .iter()
        .find(|f| f.path == "status")
        .and_then(|f| f.new.clone())
        .and_then(|s| serde_json::from_value::<Status>(s).ok())
        .map(OperationStatus::from);
    (Action::Update, status)
}

/// Where a field comes in a spec of its kind (see `spec::docs::field_rank`).
fn spec_order(kind: Kind, path: &str) -> usize {
    let owner = match kind {
        Kind::Campaign => "Campaign",
        Kind::AdGroup => "AdGroup",
        Kind::Ad => "Ad",
    };
    crate::spec::docs::field_rank(owner, path)
}

/// For a create, every field it sets, shown as `+ path: value`, in spec order.
pub fn creation_fields<T: serde::Serialize>(kind: Kind, obj: &T) -> Vec<FieldChange> {
    let mut flat: Vec<(String, Value)> = flatten(obj).into_iter().collect();
    flat.sort_by_cached_key(|(path, _)| spec_order(kind, path));
    flat.into_iter()
        // The name is already in the headline.
        .filter(|(path, _)| path != "name")
        .map(|(path, v)| FieldChange {
            path,
            old: None,
            new: Some(v),
            forces_replace: false,
            note: None,
        })
        .collect()
}
