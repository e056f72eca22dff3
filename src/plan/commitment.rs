//! A plan as a commitment. What a person confirmed or a reviewer approved (the plan
//! shown on screen, or a saved plan) is compared with the plan re-derived from the
//! specs and the account right before anything is written. Only the re-derived plan
//! is ever carried out, and only when it asks for nothing the shown one did not. Pure.
//!
//! Changes are compared by their key in the plan (`c0/g1`, or `p<id>` for live
//! objects the spec does not have), which depends on the specs and the selection
//! only, so a re-derivation finds the same keys. A file the shown plan uploads, or a
//! CTA portfolio it makes, that the account has by now stands for its id
//! ([`made_since`]).

mod made_since;

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use super::model::{Action, Change, FieldChange, Plan};

/// What the re-derived plan says about the shown one.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Carry out the re-derived plan: it is the shown plan, or what is left of it.
    /// `done` are the shown changes (indices) the account already has.
    Holds { done: Vec<usize> },
    /// The re-derived plan differs from the shown one; each line says how.
    Differs(Vec<String>),
}

/// Compares the shown plan with the plan re-derived now.
pub fn check(shown: &Plan, fresh: &Plan) -> Verdict {
    let mut differs = Vec::new();
    differs.extend(made_since::media_differences(shown, fresh));
    let shown = &*made_since::with_ids(shown, fresh);
    if shown.advertiser_id != fresh.advertiser_id {
        differs.push(format!(
            "the plan is for advertiser {}, the account is advertiser {}",
            shown.advertiser_id, fresh.advertiser_id
        ));
    }
    if fresh.refused() {
        for f in fresh
            .all_findings()
            .filter(|f| f.severity == crate::spec::Severity::Error)
        {
            differs.push(format!(
                "now refused: {}[{}]: {}",
                "error", f.code, f.message
            ));
        }
    }
    let shown_by_key: BTreeMap<&str, (usize, &Change)> = shown
        .changes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key.as_str(), (i, c)))
        .collect();
    let fresh_by_key: BTreeMap<&str, &Change> =
        fresh.changes.iter().map(|c| (c.key.as_str(), c)).collect();
    for c in fresh
        .changes
        .iter()
        .filter(|c| c.action != Action::Unchanged)
    {
        match shown_by_key.get(c.key.as_str()) {
            Some((_, s)) if s.action != Action::Unchanged => {
                differs.extend(
                    differences(s, c)
                        .into_iter()
                        .map(|d| format!("{}: {d}", what(c))),
                );
            }
            _ => differs.push(format!(
                "{}: now it would be {}, which the plan does not show",
                what(c),
                verb(c.action)
            )),
        }
    }
    if !differs.is_empty() {
        return Verdict::Differs(differs);
    }
    let done = shown
        .changes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.action != Action::Unchanged)
        .filter(|(_, s)| {
            fresh_by_key
                .get(s.key.as_str())
                .is_none_or(|c| c.action == Action::Unchanged)
        })
        .map(|(i, _)| i)
        .collect();
    Verdict::Holds { done }
}

/// `campaign `Spring sale`` or `ad `Ad 1` in ad group …`, as the lines name objects.
fn what(c: &Change) -> String {
    let id =
        c.id.as_deref()
            .map(|i| format!(" (id {i})"))
            .unwrap_or_default();
    format!("{} `{}`{id}", c.kind.label(), c.name)
}

fn verb(a: Action) -> &'static str {
    match a {
        Action::Create => "created",
        Action::Update => "updated",
        Action::Replace => "replaced",
        Action::Delete => "deleted",
        Action::Pause => "paused",
        Action::Unchanged => "left unchanged",
    }
}

/// How a shown change differs from its re-derivation; empty when they are the same
/// request. A child whose parent was being created is the same whichever id that
/// parent got; everything else must match exactly. Findings compare by code and
/// severity (their wording counts ages, which grow).
fn differences(shown: &Change, fresh: &Change) -> Vec<String> {
    let mut out = Vec::new();
    if shown.action != fresh.action {
        out.push(format!(
            "the plan shows it {}, now it would be {}",
            verb(shown.action),
            verb(fresh.action)
        ));
        return out;
    }
    if shown.kind != fresh.kind || shown.name != fresh.name || shown.campaign != fresh.campaign {
        out.push(format!(
            "the plan names {} `{}` in campaign `{}`",
            shown.kind.label(),
            shown.name,
            shown.campaign
        ));
    }
    if shown.id != fresh.id {
        out.push(format!(
            "the plan is for id {}, the object now is id {}",
            shown.id.as_deref().unwrap_or("none"),
            fresh.id.as_deref().unwrap_or("none")
        ));
    }
    if shown.parent != fresh.parent
        || (shown.parent_id.is_some() && shown.parent_id != fresh.parent_id)
    {
        out.push(format!(
            "the plan puts it under parent id {}, now it is under {}",
            shown.parent_id.as_deref().unwrap_or("none"),
            fresh.parent_id.as_deref().unwrap_or("none")
        ));
    }
    out.extend(field_differences(&shown.fields, &fresh.fields));
    out.extend(body_differences(
        "create",
        shown.create.as_ref(),
        fresh.create.as_ref(),
    ));
    out.extend(body_differences(
        "update",
        shown.update.as_ref(),
        fresh.update.as_ref(),
    ));
    if shown.status != fresh.status {
        out.push(format!(
            "the status call is {} in the plan, {} now",
            shown.status.map_or("none", |s| s.wire()),
            fresh.status.map_or("none", |s| s.wire())
        ));
    }
    let codes = |c: &Change| {
        let mut v: Vec<String> = c
            .findings
            .iter()
            .map(|f| format!("{}[{}]", f.severity.as_str(), f.code))
            .collect();
        v.sort();
        v
    };
    if codes(shown) != codes(fresh) {
        out.push(format!(
            "findings {} in the plan, {} now",
            list(&codes(shown)),
            list(&codes(fresh))
        ));
    }
    out
}

/// A value in a line of text: strings bare, the rest as JSON.
fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn change_text(f: Option<&FieldChange>) -> String {
    let Some(f) = f else {
        return "no change".into();
    };
    let side = |v: Option<&Value>| v.map_or_else(|| "(none)".to_string(), short);
    let mut s = format!("{} → {}", side(f.old.as_ref()), side(f.new.as_ref()));
    if f.forces_replace {
        s.push_str(" (forces replacement)");
    }
    if let Some(n) = &f.note {
        let _ = write!(s, " ({n})");
    }
    s
}

/// A field as compared: creatives are a set, which the plan lists sorted by content,
/// so a file's id in place of its upload's placeholder may move one; they compare
/// whatever their order.
fn comparable(f: &FieldChange) -> FieldChange {
    let mut f = f.clone();
    if f.path == "creatives" {
        for v in [f.old.as_mut(), f.new.as_mut()].into_iter().flatten() {
            if let Value::Array(items) = v {
                items.sort_by_cached_key(Value::to_string);
            }
        }
    }
    f
}

fn field_differences(shown: &[FieldChange], fresh: &[FieldChange]) -> Vec<String> {
    let by_path = |v: &[FieldChange]| -> BTreeMap<String, FieldChange> {
        v.iter().map(|f| (f.path.clone(), comparable(f))).collect()
    };
    let (a, b) = (by_path(shown), by_path(fresh));
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .map(|p| {
            format!(
                "`{p}`: {} in the plan, {} now",
                change_text(a.get(p)),
                change_text(b.get(p))
            )
        })
        .collect()
}

fn body_differences(which: &str, shown: Option<&Value>, fresh: Option<&Value>) -> Vec<String> {
    if shown == fresh {
        return Vec::new();
    }
    let (Some(Value::Object(a)), Some(Value::Object(b))) = (shown, fresh) else {
        let present = |v: Option<&Value>| if v.is_some() { "a" } else { "no" };
        return vec![format!(
            "{} {which} request in the plan, {} now",
            present(shown),
            present(fresh)
        )];
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            let side = |v: Option<&Value>| v.map_or_else(|| "(absent)".to_string(), short);
            format!(
                "`{k}` in the {which} request is {} in the plan, {} now",
                side(a.get(k)),
                side(b.get(k))
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::{Kind, OperationStatus};
    use serde_json::json;

    fn change(key: &str, action: Action) -> Change {
        Change {
            key: key.into(),
            action,
            kind: Kind::Campaign,
            name: "Spring".into(),
            id: (action != Action::Create).then(|| "11".into()),
            parent: None,
            parent_id: None,
            campaign: "Spring".into(),
            ad_group: None,
            time_zone: None,
            fields: vec![FieldChange {
                path: "budget.amount".into(),
                old: None,
                new: Some(json!("500")),
                forces_replace: false,
                note: None,
            }],
            findings: vec![],
            create: Some(json!({"campaign_name": "Spring", "budget": 500})),
            update: None,
            status: None,
            starts_now: None,
            portfolio: None,
        }
    }

    fn plan(changes: Vec<Change>) -> Plan {
        Plan {
            advertiser_id: "7".into(),
            changes,
            ..Plan::default()
        }
    }

    #[test]
    fn the_same_plan_holds_with_nothing_done() {
        let p = plan(vec![change("c0", Action::Create)]);
        assert_eq!(check(&p, &p.clone()), Verdict::Holds { done: vec![] });
    }

    #[test]
    fn what_the_account_already_has_is_done_and_the_rest_holds() {
        let mut child = change("c0/g0", Action::Create);
        child.kind = Kind::AdGroup;
        child.parent = Some("c0".into());
        let shown = plan(vec![change("c0", Action::Create), child.clone()]);
        // Another run made the campaign: it is unchanged now, and the ad group goes
        // under its id.
        let mut made = change("c0", Action::Unchanged);
        made.fields.clear();
        let mut under = child;
        under.parent_id = Some("11".into());
        let fresh = plan(vec![made, under]);
        assert_eq!(check(&shown, &fresh), Verdict::Holds { done: vec![0] });
        // Everything made: all done.
        let mut all = change("c0", Action::Unchanged);
        all.fields.clear();
        assert_eq!(
            check(&shown, &plan(vec![all])),
            Verdict::Holds { done: vec![0, 1] }
        );
    }

    #[test]
    fn any_difference_is_named() {
        let shown = plan(vec![change("c0", Action::Create)]);
        let mut edited = shown.clone();
        edited.changes[0].create = Some(json!({"campaign_name": "Spring", "budget": 9_999_999}));
        let Verdict::Differs(lines) = check(&edited, &shown) else {
            panic!("an edited body must not hold");
        };
        assert_eq!(
            lines,
            vec![
                "campaign `Spring`: `budget` in the create request is 9999999 in the plan, 500 now"
                    .to_string()
            ]
        );

        let mut update = change("c0", Action::Update);
        update.create = None;
        update.update = Some(json!({"budget": 600}));
        let shown = plan(vec![update.clone()]);
        let mut deleting = update.clone();
        deleting.status = Some(OperationStatus::Delete);
        let Verdict::Differs(lines) = check(&plan(vec![deleting]), &shown) else {
            panic!("an added status must not hold");
        };
        assert!(
            lines[0].contains("status call is DELETE in the plan, none now"),
            "{lines:?}"
        );

        let mut other = update.clone();
        other.id = Some("12".into());
        let Verdict::Differs(lines) = check(&shown, &plan(vec![other])) else {
            panic!("another object must not hold");
        };
        assert!(
            lines[0].contains("id 11, the object now is id 12"),
            "{lines:?}"
        );

        let Verdict::Differs(lines) = check(&plan(vec![]), &shown) else {
            panic!("a change the plan does not show must not hold");
        };
        assert!(
            lines[0].contains("which the plan does not show"),
            "{lines:?}"
        );

        let mut elsewhere = shown.clone();
        elsewhere.advertiser_id = "8".into();
        assert!(matches!(check(&elsewhere, &shown), Verdict::Differs(_)));
    }

    #[test]
    fn a_changed_action_or_field_is_named() {
        let shown = plan(vec![change("c0", Action::Create)]);
        let mut now = change("c0", Action::Update);
        now.fields[0].old = Some(json!("400"));
        let Verdict::Differs(lines) = check(&shown, &plan(vec![now])) else {
            panic!("must differ");
        };
        assert_eq!(
            lines,
            vec![
                "campaign `Spring` (id 11): the plan shows it created, now it would be updated"
                    .to_string()
            ]
        );
        let mut more = change("c0", Action::Create);
        more.fields[0].new = Some(json!("600"));
        let Verdict::Differs(lines) = check(&shown, &plan(vec![more])) else {
            panic!("must differ");
        };
        assert!(
            lines
                .iter()
                .any(|l| l.contains("`budget.amount`: (none) → 500 in the plan, (none) → 600 now")),
            "{lines:?}"
        );
    }
}
