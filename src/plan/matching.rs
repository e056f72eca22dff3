//! Matching: which live object each desired one stands for. Pure.
//!
//! A desired object matches by its pinned `id:`, else by its exact name. Whatever
//! stands in the way of a safe match (a pinned id that is gone, two live objects
//! with the name, a name that belongs to a campaign smartplus does not manage) is
//! returned as an [`Issue`]: the plan rules turn issues into findings.

use std::collections::BTreeMap;

use serde_json::Value;

use super::DesiredCampaign;
use super::model::Kind;
use crate::wire::{LiveAccount, LiveCampaign, OtherCampaign};

/// Why a desired object could not be matched safely.
#[derive(Clone, Debug, PartialEq)]
pub enum Issue {
    /// The spec pins an id the account does not have.
    PinnedIdMissing {
        kind: Kind,
        name: String,
        id: String,
    },
    /// Several live objects carry the name the spec matches by.
    DuplicateLiveName {
        kind: Kind,
        name: String,
        ids: Vec<String>,
    },
    /// The name belongs to a legacy Smart+ or manual campaign.
    UnmanagedName { name: String, other: OtherCampaign },
    /// Several spec files define a campaign with this name.
    DuplicateSpecName { name: String, count: usize },
    /// A create beside an enabled live object the specs do not match that looks
    /// like the same thing (see `plan::lookalike`).
    LookAlike {
        kind: Kind,
        name: String,
        campaign: String,
        live: super::lookalike::Live,
        how: super::lookalike::Resemblance,
    },
}

/// One desired object's match among its candidates.
#[derive(Debug, Default)]
pub struct Slot {
    /// Index into the candidates.
    pub live: Option<usize>,
    pub issues: Vec<Issue>,
}

/// Desired objects (by name and pinned id) against live candidates of one kind.
#[derive(Debug, Default)]
pub struct Matched {
    /// One slot per desired object, in order.
    pub slots: Vec<Slot>,
    /// Candidates no desired object claimed, in order.
    pub unclaimed: Vec<usize>,
}

/// Matches `desired` (name, pinned id) against `candidates` (wire objects of `kind`).
pub fn children(kind: Kind, desired: &[(&str, Option<&str>)], candidates: &[&Value]) -> Matched {
    let mut claimed: Vec<String> = Vec::new();
    let slots: Vec<Slot> = desired
        .iter()
        .map(|(name, pinned)| {
            let slot = one(kind, name, *pinned, candidates);
            if let Some(i) = slot.live {
                claimed.extend(kind.id_of(candidates[i]));
            }
            slot
        })
        .collect();
    let unclaimed = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| !kind.id_of(c).is_some_and(|id| claimed.contains(&id)))
        .map(|(i, _)| i)
        .collect();
    Matched { slots, unclaimed }
}

/// The live object for one desired object: by pinned id, else by a unique name.
fn one(kind: Kind, name: &str, pinned: Option<&str>, candidates: &[&Value]) -> Slot {
    if let Some(id) = pinned {
        let live = candidates
            .iter()
            .position(|c| kind.id_of(c).as_deref() == Some(id));
        let issues = match live {
            Some(_) => Vec::new(),
            None => vec![Issue::PinnedIdMissing {
                kind,
                name: name.to_string(),
                id: id.to_string(),
            }],
        };
        return Slot { live, issues };
    }
    let same: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| kind.name_of(c) == name)
        .map(|(i, _)| i)
        .collect();
    if same.len() > 1 {
        let ids = same
            .iter()
            .filter_map(|i| kind.id_of(candidates[*i]))
            .collect();
        return Slot {
            live: None,
            issues: vec![Issue::DuplicateLiveName {
                kind,
                name: name.to_string(),
                ids,
            }],
        };
    }
    Slot {
        live: same.first().copied(),
        issues: Vec::new(),
    }
}

/// The desired campaigns against the account's Smart+ campaigns.
#[derive(Debug, Default)]
pub struct Campaigns<'a> {
    /// Per desired campaign, its live campaign; `None` with issues means it cannot
    /// be planned at all.
    pub slots: Vec<(Option<&'a LiveCampaign>, Vec<Issue>)>,
    /// Live campaigns no desired campaign claimed, with their index in the account.
    pub unclaimed: Vec<(usize, &'a LiveCampaign)>,
    /// Campaign names defined more than once across the spec files.
    pub duplicates: Vec<Issue>,
}

/// Matches the desired campaigns; names of unmanaged campaigns are issues when no
/// Smart+ campaign matched.
pub fn campaigns<'a>(desired: &[DesiredCampaign], live: &'a LiveAccount) -> Campaigns<'a> {
    let candidates: Vec<&Value> = live.campaigns.iter().map(|c| &c.raw).collect();
    let wanted: Vec<(&str, Option<&str>)> = desired
        .iter()
        .map(|d| (d.spec.name.as_str(), d.spec.id.as_ref().map(|s| s.as_str())))
        .collect();
    let matched = children(Kind::Campaign, &wanted, &candidates);
    let mut claimed = Vec::new();
    let slots = matched
        .slots
        .into_iter()
        .zip(&wanted)
        .map(|(mut slot, (name, pinned))| {
            if slot.live.is_none()
                && pinned.is_none()
                && let Some(other) = live.others.iter().find(|o| o.name == *name)
            {
                slot.issues.push(Issue::UnmanagedName {
                    name: (*name).to_string(),
                    other: other.clone(),
                });
            }
            let lc = slot.live.map(|i| &live.campaigns[i]);
            // A campaign that is not planned claims nothing: `--prune` may pause it.
            if let Some(i) = slot.live.filter(|_| slot.issues.is_empty()) {
                claimed.push(i);
            }
            (lc, slot.issues)
        })
        .collect();
    let unclaimed = live
        .campaigns
        .iter()
        .enumerate()
        .filter(|(i, _)| !claimed.contains(i))
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, _) in &wanted {
        *counts.entry(name).or_default() += 1;
    }
    let duplicates = counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, count)| Issue::DuplicateSpecName {
            name: name.to_string(),
            count,
        })
        .collect();
    Campaigns {
        slots,
        unclaimed,
        duplicates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn live() -> Vec<Value> {
        vec![
            json!({"adgroup_id": "1", "adgroup_name": "a"}),
            json!({"adgroup_id": "2", "adgroup_name": "b"}),
            json!({"adgroup_id": "3", "adgroup_name": "b"}),
            json!({"adgroup_id": "4", "adgroup_name": "c"}),
        ]
    }

    #[test]
    fn pins_win_names_must_be_unique_and_the_rest_is_unclaimed() {
        let raw = live();
        let candidates: Vec<&Value> = raw.iter().collect();
        let m = children(
            Kind::AdGroup,
            &[("x", Some("4")), ("a", None), ("b", None), ("z", Some("9"))],
            &candidates,
        );
        assert_eq!(m.slots[0].live, Some(3));
        assert!(m.slots[0].issues.is_empty());
        assert_eq!(m.slots[1].live, Some(0));
        assert_eq!(m.slots[2].live, None);
        assert_eq!(
            m.slots[2].issues,
            vec![Issue::DuplicateLiveName {
                kind: Kind::AdGroup,
                name: "b".into(),
                ids: vec!["2".into(), "3".into()],
            }]
        );
        assert_eq!(
            m.slots[3].issues,
            vec![Issue::PinnedIdMissing {
                kind: Kind::AdGroup,
                name: "z".into(),
                id: "9".into(),
            }]
        );
        // Both `b`s stay unclaimed: neither was matched.
        assert_eq!(m.unclaimed, vec![1, 2]);
    }
}
