//! Look-alikes: a live object the specs do not match, but that looks like the one a
//! plan is about to create. Pure.
//!
//! Objects are matched by pinned id, else by exact name, so renaming an object in
//! the spec (even changing the case of one letter) plans a new object while the old
//! one keeps delivering. Before a create, the live siblings nobody claims are
//! searched for one with the same name up to case and spacing, or with the same
//! settings under another name; SP314 refuses the create while such an object is
//! enabled.

use serde_json::Value;

use super::Options;
use super::diff;
use super::matching::Issue;
use super::model::Kind;
use crate::api::OperationStatus;
use crate::wire::canon::{self, Flat, flatten};
use crate::wire::{LiveAccount, LiveAdGroup, LiveCampaign, raise};

/// How a live object resembles a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resemblance {
    /// The same name up to case and spacing.
    Name,
    /// Every setting the same, under another name.
    Settings,
}

/// A live object as a look-alike finding names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Live {
    pub kind: Kind,
    pub id: String,
    pub name: String,
    /// `enabled`, with TikTok's delivery status when it gives one.
    pub status: String,
    /// Its budget in words, e.g. `daily budget 500`.
    pub budget: String,
    /// Smart+ objects can be pinned by `id:`; legacy and manual campaigns cannot.
    pub managed: bool,
}

/// A name as people mean it: case and every kind of spacing ignored.
pub fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Settings that say nothing about what the object is.
const IGNORED: &[&str] = &["name", "status", "app.platform"];

/// How `live` resembles the object about to be created, if it does. `desired` and
/// `live_flat` are the canonical settings of both (see `wire::canon`).
pub fn resemblance(
    kind: Kind,
    name: &str,
    desired: &Flat,
    live_name: &str,
    live_flat: Option<&Flat>,
) -> Option<Resemblance> {
    if live_name != name && folded(live_name) == folded(name) {
        return Some(Resemblance::Name);
    }
    let live = live_flat?;
    let same = diff::compare(kind, desired, live)
        .iter()
        .all(|f| IGNORED.contains(&f.path.as_str()));
    same.then_some(Resemblance::Settings)
}

/// Whether a live object spends unless someone pauses it.
pub fn enabled(raw: &Value) -> bool {
    OperationStatus::of(raw) == Some(OperationStatus::Enable) && !OperationStatus::deleted(raw)
}

/// The status words of an enabled live object.
pub fn status(raw: &Value) -> String {
    match raw.get("secondary_status").and_then(Value::as_str) {
        Some(s) if !s.is_empty() => format!("enabled, delivery status {s}"),
        _ => "enabled".into(),
    }
}

/// A campaign's or ad group's own budget in words.
pub fn budget(raw: &Value) -> String {
    let amount = raw
        .get("budget")
        .map(|b| match b {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .filter(|b| !b.is_empty() && b != "null");
    match (
        raw.get("budget_mode").and_then(Value::as_str),
        amount.as_deref(),
    ) {
        (Some("BUDGET_MODE_TOTAL"), Some(a)) => format!("total budget {a}"),
        (Some("BUDGET_MODE_DAY" | "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"), Some(a)) => {
            format!("daily budget {a}")
        }
        _ => "no budget cap of its own".into(),
    }
}

/// A live object nobody claims, enabled, and not about to be paused by `--prune`:
/// what a new sibling may look like.
#[derive(Clone, Debug)]
pub struct Candidate<'a> {
    pub raw: &'a Value,
    /// Its canonical settings; `None` where they cannot be compared (campaigns
    /// smartplus does not manage).
    pub flat: Option<Flat>,
    pub managed: bool,
    /// Its budget in words.
    pub budget: String,
}

/// Campaigns a new campaign may look like: Smart+ campaigns no spec file claims
/// (in this selection or outside it), and the legacy and manual ones, by name.
pub fn campaigns<'a>(
    live: &'a LiveAccount,
    unclaimed: &[(usize, &'a LiveCampaign)],
    opts: &Options,
) -> Vec<Candidate<'a>> {
    let sel = &opts.selection;
    let outside = |raw: &Value| {
        let (name, id) = (Kind::Campaign.name_of(raw), Kind::Campaign.id_of(raw));
        opts.outside
            .iter()
            .any(|(n, pin)| n == name || (pin.is_some() && *pin == id))
    };
    // `--prune` without `--target` pauses what no spec has.
    let pruned = |raw: &Value| {
        sel.prune
            && sel.targets.is_empty()
            && !sel
                .excludes
                .iter()
                .any(|e| e == Kind::Campaign.name_of(raw))
    };
    let managed = unclaimed
        .iter()
        .map(|(_, lc)| &lc.raw)
        .filter(|raw| enabled(raw) && !outside(raw) && !pruned(raw))
        .map(|raw| Candidate {
            raw,
            flat: Some(flatten(&canon::campaign(
                &raise::campaign(raw, &[], &jiff::tz::TimeZone::UTC).value,
            ))),
            managed: true,
            budget: budget(raw),
        });
    let others = live
        .others
        .iter()
        .filter(|o| enabled(&o.raw))
        .map(|o| Candidate {
            raw: &o.raw,
            flat: None,
            managed: false,
            budget: budget(&o.raw),
        });
    managed.chain(others).collect()
}

/// Ad groups of an in-place campaign a new ad group may look like.
pub fn ad_groups<'a>(
    live: &'a [LiveAdGroup],
    unclaimed: &[usize],
    cbo: bool,
    opts: &Options,
) -> Vec<Candidate<'a>> {
    // `--prune` pauses every ad group the spec does not have.
    if opts.selection.prune {
        return Vec::new();
    }
    unclaimed
        .iter()
        .map(|i| &live[*i].raw)
        .filter(|raw| enabled(raw))
        .map(|raw| Candidate {
            raw,
            flat: Some(flatten(&canon::ad_group(
                &raise::ad_group(raw, &[], cbo, &jiff::tz::TimeZone::UTC).value,
                cbo,
                None,
            ))),
            managed: true,
            budget: budget(raw),
        })
        .collect()
}

/// Ads of an in-place ad group a new ad may look like.
pub fn ads<'a>(live: &[&'a Value], unclaimed: &[usize], opts: &Options) -> Vec<Candidate<'a>> {
    if opts.selection.prune {
        return Vec::new();
    }
    unclaimed
        .iter()
        .map(|i| live[*i])
        .filter(|raw| enabled(raw))
        .map(|raw| Candidate {
            raw,
            flat: Some(flatten(&canon::ad(&raise::ad(raw).value))),
            managed: true,
            budget: "no budget of its own: it spends its ad group's".into(),
        })
        .collect()
}

/// The issue for a create of `name` when a candidate resembles it.
pub fn find(
    kind: Kind,
    name: &str,
    campaign: &str,
    desired: &Flat,
    candidates: &[Candidate],
) -> Option<Issue> {
    candidates.iter().find_map(|c| {
        let live_name = kind.name_of(c.raw);
        let how = resemblance(kind, name, desired, live_name, c.flat.as_ref())?;
        Some(Issue::LookAlike {
            kind,
            name: name.to_string(),
            campaign: campaign.to_string(),
            live: Live {
                kind,
                id: kind.id_of(c.raw).unwrap_or_default(),
                name: live_name.to_string(),
                status: status(c.raw),
                budget: c.budget.clone(),
                managed: c.managed,
            },
            how,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_fold_case_and_spacing() {
        assert_eq!(folded("Spring  Sale\t- US"), folded("spring sale -us"));
        assert_ne!(folded("Spring sale"), folded("Spring sales"));
        let flat = Flat::new();
        assert_eq!(
            resemblance(Kind::Ad, "Hero Video", &flat, "hero video", None),
            Some(Resemblance::Name)
        );
        assert_eq!(
            resemblance(Kind::Ad, "Hero", &flat, "Hero", None),
            None,
            "the same name is a match, not a look-alike"
        );
    }

    #[test]
    fn the_same_settings_under_another_name_resemble() {
        let mut desired = Flat::new();
        desired.insert("name".into(), json!("New"));
        desired.insert("budget.amount".into(), json!("500"));
        let mut live = desired.clone();
        live.insert("name".into(), json!("Old"));
        assert_eq!(
            resemblance(Kind::Campaign, "New", &desired, "Old", Some(&live)),
            Some(Resemblance::Settings)
        );
        live.insert("budget.amount".into(), json!("600"));
        assert_eq!(
            resemblance(Kind::Campaign, "New", &desired, "Old", Some(&live)),
            None
        );
    }

    #[test]
    fn budgets_and_statuses_in_words() {
        assert_eq!(
            budget(&json!({"budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET", "budget": 500})),
            "daily budget 500"
        );
        assert_eq!(
            budget(&json!({"budget_mode": "BUDGET_MODE_TOTAL", "budget": "9000"})),
            "total budget 9000"
        );
        assert_eq!(
            budget(&json!({"budget_mode": "BUDGET_MODE_INFINITE"})),
            "no budget cap of its own"
        );
        assert!(enabled(&json!({"operation_status": "ENABLE"})));
        assert!(!enabled(&json!({"operation_status": "DISABLE"})));
        assert_eq!(
            status(&json!({"secondary_status": "CAMPAIGN_STATUS_ENABLE"})),
            "enabled, delivery status CAMPAIGN_STATUS_ENABLE"
        );
    }
}
