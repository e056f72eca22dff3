//! Copies made by runs that overlap: which one survives, read from the account.
//!
//! Two applies of the same specs can both find an object missing and both create it
//! (TikTok's `request_id` de-duplicates only within a short window, and maybe not at
//! all for ads). Every run therefore looks, after creating, at the live objects of
//! that kind with that name under that parent, and all runs agree on one survivor
//! without talking to each other: the oldest copy (`create_time`), ties broken by
//! the smallest id. A run whose copy is not the survivor deletes it and carries on
//! with the survivor's id. New ads start in review and a campaign or ad group has no
//! approved ad yet, so a copy that lives for a few seconds never delivers.

use std::cmp::Ordering;

use serde_json::Value;

use crate::api::endpoints::{self, AdScope};
use crate::api::{ApiError, Client, Kind, OperationStatus};

/// One live object as the survivor order sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copy {
    pub id: String,
    /// `create_time` in the wire form (`YYYY-MM-DD HH:MM:SS`, UTC), which sorts as text.
    pub created: Option<String>,
}

impl Copy {
    pub fn of(kind: Kind, raw: &Value) -> Option<Copy> {
        Some(Copy {
            id: kind.id_of(raw)?,
            created: raw
                .get("create_time")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }
}

/// The survivor order: oldest first, then the smaller id (ids compare as numbers).
/// A copy without a creation time sorts after every dated one.
pub fn order(a: &Copy, b: &Copy) -> Ordering {
    let time = match (&a.created, &b.created) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    time.then_with(|| a.id.len().cmp(&b.id.len()))
        .then_with(|| a.id.cmp(&b.id))
}

/// The copy every run keeps.
pub fn survivor(copies: &[Copy]) -> Option<&Copy> {
    copies.iter().min_by(|a, b| order(a, b))
}

/// Whether a wire object reads as deleted.
pub fn is_deleted(raw: &Value) -> bool {
    OperationStatus::deleted(raw)
}

/// Live objects of `kind` named `name` under `parent` (the advertiser for campaigns).
pub async fn copies(
    client: &Client,
    advertiser: &str,
    kind: Kind,
    parent: Option<&str>,
    name: &str,
) -> Result<Vec<Copy>, ApiError> {
    let rows = siblings(client, advertiser, kind, parent).await?;
    Ok(named(kind, &rows, parent, name))
}

/// Every live object of `kind` under `parent`, as listed.
pub async fn siblings(
    client: &Client,
    advertiser: &str,
    kind: Kind,
    parent: Option<&str>,
) -> Result<Vec<Value>, ApiError> {
    let ids: Vec<String> = parent.into_iter().map(str::to_owned).collect();
    match kind {
        Kind::Campaign => endpoints::list_campaigns(client, advertiser, None).await,
        Kind::AdGroup => endpoints::list_adgroups(client, advertiser, &ids).await,
        Kind::Ad => endpoints::list_ads(client, advertiser, AdScope::AdGroups(&ids)).await,
    }
}

/// The rows of `kind` named `name` whose parent is `parent`.
pub fn named(kind: Kind, rows: &[Value], parent: Option<&str>, name: &str) -> Vec<Copy> {
    rows.iter()
        .filter(|r| kind.name_of(r) == name)
        .filter(|r| match (kind.parent(), parent) {
            (Some(p), Some(id)) => p.id_of(r).as_deref() == Some(id),
            _ => true,
        })
        .filter(|r| !is_deleted(r))
        .filter_map(|r| Copy::of(kind, r))
        .collect()
}

/// Why a copy could not be deleted.
#[derive(Debug, thiserror::Error)]
pub enum RemoveError {
    #[error(transparent)]
    Api(#[from] ApiError),
    /// TikTok answered code 0 but did not delete it.
    #[error("{0}")]
    Refused(String),
}

/// Deletes a copy this run made. A copy that is no longer live afterwards counts as
/// deleted, whoever deleted it (two runs that shared a key share the copy too).
pub async fn remove(
    client: &Client,
    advertiser: &str,
    kind: Kind,
    parent: Option<&str>,
    name: &str,
    id: &str,
) -> Result<(), RemoveError> {
    let ids = [id.to_owned()];
    let refused = match endpoints::set_status(
        client,
        advertiser,
        kind,
        &ids,
        OperationStatus::Delete,
    )
    .await
    {
        Ok(outcome) => match outcome.failed.into_iter().next() {
            None => return Ok(()),
            Some(f) => RemoveError::Refused(f.message),
        },
        Err(e) => RemoveError::Api(e),
    };
    let still = copies(client, advertiser, kind, parent, name).await?;
    if still.iter().any(|c| c.id == id) {
        Err(refused)
    } else {
        Ok(())
    }
}

/// What looking at the copies of an object this run created says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// Ours is the survivor (maybe the only copy).
    Ours,
    /// Another copy survives; ours, if still live, must go.
    Theirs { survivor: String, ours_live: bool },
    /// No live copy at all: ours is gone.
    Gone,
}

/// Judges the copies of an object against the id this run got for it.
pub fn judge(copies: &[Copy], ours: &str) -> Claim {
    match survivor(copies) {
        None => Claim::Gone,
        Some(s) if s.id == ours => Claim::Ours,
        Some(s) => Claim::Theirs {
            survivor: s.id.clone(),
            ours_live: copies.iter().any(|c| c.id == ours),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn copy(id: &str, created: &str) -> Copy {
        Copy {
            id: id.into(),
            created: Some(created.into()),
        }
    }

    #[test]
    fn the_oldest_survives_then_the_smallest_id() {
        let a = copy("1800000000000002", "2026-01-01 00:00:01");
        let b = copy("1700000000000009", "2026-01-01 00:00:02");
        let c = copy("1700000000000001", "2026-01-01 00:00:02");
        let all = [b.clone(), a.clone(), c.clone()];
        assert_eq!(survivor(&all), Some(&a));
        assert_eq!(survivor(&[b.clone(), c.clone()]), Some(&c));
        // Numbers, not text: 99 < 100.
        assert_eq!(
            survivor(&[
                copy("100", "2026-01-01 00:00:02"),
                copy("99", "2026-01-01 00:00:02")
            ])
            .map(|c| c.id.as_str()),
            Some("99")
        );
        // Every order of the same copies agrees.
        assert_eq!(survivor(&[c.clone(), a.clone(), b.clone()]), Some(&a));
        assert_eq!(judge(&all, &a.id), Claim::Ours);
        assert_eq!(
            judge(&all, &b.id),
            Claim::Theirs {
                survivor: a.id.clone(),
                ours_live: true
            }
        );
        assert_eq!(
            judge(std::slice::from_ref(&a), "5"),
            Claim::Theirs {
                survivor: a.id,
                ours_live: false
            }
        );
        assert_eq!(judge(&[], "5"), Claim::Gone);
    }

    #[test]
    fn copies_are_live_objects_of_the_name_under_the_parent() {
        let rows = vec![
            json!({"adgroup_id": "1", "adgroup_name": "G", "campaign_id": "7", "create_time": "2026-01-01 00:00:00"}),
            json!({"adgroup_id": "2", "adgroup_name": "G", "campaign_id": "8"}),
            json!({"adgroup_id": "3", "adgroup_name": "g", "campaign_id": "7"}),
            json!({"adgroup_id": "4", "adgroup_name": "G", "campaign_id": "7", "secondary_status": "ADGROUP_STATUS_DELETE"}),
        ];
        let found = named(Kind::AdGroup, &rows, Some("7"), "G");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "1");
        assert!(is_deleted(&json!({"operation_status": "DELETE"})));
        assert!(!is_deleted(&json!({"secondary_status": "AD_STATUS_AUDIT"})));
    }
}
