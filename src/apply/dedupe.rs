//! The dedupe pass: once a run's writes are done, every object it created or
//! adopted is looked at again, so that copies made by overlapping runs end with one
//! survivor.
//!
//! It waits until every copy that could sort before ours exists
//! ([`crate::facts::DEDUPE_AFTER_MS`]), reads the account (campaigns, then the ad
//! groups and ads under the parents it wrote to: three reads, whatever the size of
//! the plan), and judges each object as [`super::claim`] does. Every copy but the
//! survivor is deleted; an object of ours that lost or vanished (or whose parent
//! did) makes the caller plan and carry out what is left under the survivor.

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use serde_json::Value;

use super::claim;
use super::executor::{Made, StepError};
use crate::api::endpoints::{self, AdScope};
use crate::api::{ApiError, Client, Kind};

/// What the dedupe pass found.
#[derive(Debug, Default)]
pub struct Deduped {
    /// Objects another run made first.
    pub lost: Vec<Lost>,
    /// Changes whose object is no longer live although its parent is: deleted by
    /// someone, or never live (its key named an object deleted before).
    pub vanished: Vec<usize>,
    /// Changes whose object went with a parent that lost or vanished.
    pub orphaned: Vec<usize>,
    /// Later copies deleted besides this run's own (made by another run at the same
    /// time, or by a create whose answer was lost): the change and the copy's id.
    pub removed: Vec<(usize, String)>,
    /// Copies that lost and could not be deleted.
    pub left: Vec<(usize, StepError)>,
}

impl Deduped {
    /// Whether the account needs another look: something of ours did not survive.
    pub fn moved(&self) -> bool {
        !self.lost.is_empty() || !self.vanished.is_empty() || !self.orphaned.is_empty()
    }
}

/// One object another run made first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lost {
    /// Index into the plan's changes.
    pub change: usize,
    pub survivor: String,
    /// The copy this run made and deleted.
    pub removed: Option<String>,
}

/// Looks at every object in `made` again, `after` the last create was answered
/// ([`crate::facts::DEDUPE_AFTER_MS`] for an account other runs can reach).
pub async fn dedupe(
    client: &Client,
    advertiser: &str,
    made: &[Made],
    after: Duration,
) -> Result<Deduped, ApiError> {
    let Some(last) = made.iter().map(|m| m.at).max() else {
        return Ok(Deduped::default());
    };
    tokio::time::sleep_until(last + after).await;
    let parents = |kind: Kind| -> Vec<String> {
        let set: BTreeSet<String> = made
            .iter()
            .filter(|m| m.kind == kind)
            .filter_map(|m| m.parent.clone())
            .collect();
        set.into_iter().collect()
    };
    let (group_parents, ad_parents) = (parents(Kind::AdGroup), parents(Kind::Ad));
    let any_campaign = made.iter().any(|m| m.kind == Kind::Campaign);
    let (campaigns, groups, ads) = tokio::try_join!(
        async {
            if any_campaign {
                endpoints::list_campaigns(client, advertiser, None).await
            } else {
                Ok(Vec::new())
            }
        },
        async {
            if group_parents.is_empty() {
                Ok(Vec::new())
            } else {
                endpoints::list_adgroups(client, advertiser, &group_parents).await
            }
        },
        async {
            if ad_parents.is_empty() {
                Ok(Vec::new())
            } else {
                endpoints::list_ads(client, advertiser, AdScope::AdGroups(&ad_parents)).await
            }
        },
    )?;
    let mut out = Deduped::default();
    let mut dead: HashSet<String> = HashSet::new();
    for (kind, rows) in [
        (Kind::Campaign, &campaigns),
        (Kind::AdGroup, &groups),
        (Kind::Ad, &ads),
    ] {
        for m in made.iter().filter(|m| m.kind == kind) {
            judge_one(client, advertiser, m, rows, &mut dead, &mut out).await;
        }
    }
    Ok(out)
}

/// Judges one object: the survivor of its copies stays, every other copy is
/// deleted, whoever made it. All runs agree on the survivor, so a copy deleted here
/// is one its own run deletes too; and a copy whose create answer was lost (its run
/// never learnt its id) is deleted all the same.
async fn judge_one(
    client: &Client,
    advertiser: &str,
    m: &Made,
    rows: &[Value],
    dead: &mut HashSet<String>,
    out: &mut Deduped,
) {
    if m.parent.as_ref().is_some_and(|p| dead.contains(p)) {
        out.orphaned.push(m.change);
        dead.insert(m.id.clone());
        return;
    }
    let copies = claim::named(m.kind, rows, m.parent.as_deref(), &m.name);
    let Some(survivor) = claim::survivor(&copies).cloned() else {
        out.vanished.push(m.change);
        dead.insert(m.id.clone());
        return;
    };
    let mut removed_ours = None;
    for copy in copies.iter().filter(|c| c.id != survivor.id) {
        let deleted = claim::remove(
            client,
            advertiser,
            m.kind,
            m.parent.as_deref(),
            &m.name,
            &copy.id,
        )
        .await;
        match deleted {
            Ok(()) if copy.id == m.id && m.own => removed_ours = Some(copy.id.clone()),
            Ok(()) => out.removed.push((m.change, copy.id.clone())),
            Err(cause) => out.left.push((
                m.change,
                StepError::CopyLeft {
                    survivor: survivor.id.clone(),
                    ours: copy.id.clone(),
                    cause: cause.to_string(),
                },
            )),
        }
    }
    if survivor.id != m.id {
        out.lost.push(Lost {
            change: m.change,
            survivor: survivor.id,
            removed: removed_ours,
        });
        dead.insert(m.id.clone());
    }
}
