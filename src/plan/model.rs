//! What a plan is: the changes, their order-relevant links, and what was read.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::api::{Kind, OperationStatus};

/// What happens to one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Delete,
    Replace,
    Pause,
    Update,
    Create,
    Unchanged,
}

impl Action {
    /// Terraform-style marker, meaningful without colour.
    pub fn marker(self) -> &'static str {
        match self {
            Action::Create => "+",
            Action::Update => "~",
            Action::Replace => "-/+",
            Action::Delete => "-",
            Action::Pause => "||",
            Action::Unchanged => " ",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Replace => "replace",
            Action::Delete => "delete",
            Action::Pause => "pause",
            Action::Unchanged => "unchanged",
        }
    }
}

/// One field's change, in the spec's own words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Spec path, e.g. `budget.amount` or `targeting.locations`.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// This field cannot change in place: it forces a replacement.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forces_replace: bool,
    /// Why this field changes although the spec does not say so (e.g. a bid cascade).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A plan finding: a refusal (error) or something to know (warning).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub severity: crate::spec::Severity,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// One object's change, with what the executor needs to carry it out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Stable key within the plan, e.g. `c0`, `c0/g1`, `c0/g1/a2`.
    pub key: String,
    pub action: Action,
    pub kind: Kind,
    pub name: String,
    /// Live id (for everything but creates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Key of the parent change (ad group → campaign, ad → ad group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Live id of the parent when it already exists and is not being replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Campaign name, for `--target` and display.
    pub campaign: String,
    /// Ad group name, for an ad (display: two ads may share a name in one campaign).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_group: Option<String>,
    /// The IANA time zone the spec writes this object's times in (its schedule's, else
    /// the account's); `None` for UTC. Field values stay UTC; this is for showing them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// Create body (without ids the executor fills in), for create and replace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create: Option<Value>,
    /// Update body (without the object's id), for update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<Value>,
    /// New `operation_status` to set through the status call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OperationStatus>,
    /// An ad group created "from now": its start is chosen when it is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_now: Option<StartsNow>,
    /// The key of the new CTA portfolio (in [`Plan::portfolios`]) whose id goes in
    /// this ad's `ad_configuration.call_to_action_id`, once made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portfolio: Option<String>,
}

/// A CTA portfolio that apply finds or makes, for ads that list their calls to
/// action (`call_to_action_portfolio`) where the account has no portfolio of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPortfolio {
    /// Stable key within the plan, e.g. `cta0`.
    pub key: String,
    /// Wire literals, sorted.
    pub calls_to_action: Vec<String>,
    /// The objective of the first campaign that needs it (TikTok offers calls to
    /// action per objective).
    pub objective: String,
}

/// How the start of an ad group made "from now" is chosen when the create is sent:
/// the plan's start may have passed by then, and TikTok refuses a start that is
/// not in the future.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartsNow {
    /// Only the start moves (any end is a date of its own).
    StartOnly,
    /// The end moves with the start (the spec gave a `duration`).
    EndFollows,
}

/// Where a change sits in the plan's tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// Stable key within the plan, e.g. `c0/g1`.
    pub key: String,
    /// Key of the parent change.
    pub parent: Option<String>,
    /// Live id of the parent, when it exists and is not being replaced.
    pub parent_id: Option<String>,
    /// Name of the campaign it belongs to.
    pub campaign: String,
    /// Name of the ad group it belongs to (an ad's place).
    pub ad_group: Option<String>,
    /// The time zone its spec writes times in (see [`Change::time_zone`]).
    pub time_zone: Option<String>,
}

impl Place {
    /// A campaign's place: its own name is the campaign.
    pub fn campaign(key: String, name: &str) -> Place {
        Place {
            key,
            parent: None,
            parent_id: None,
            campaign: name.to_string(),
            ad_group: None,
            time_zone: None,
        }
    }

    /// A child's place under `parent`.
    #[must_use]
    pub fn child(&self, key: String, parent_id: Option<&str>) -> Place {
        Place {
            key,
            parent: Some(self.key.clone()),
            parent_id: parent_id.map(str::to_string),
            campaign: self.campaign.clone(),
            ad_group: None,
            time_zone: self.time_zone.clone(),
        }
    }

    /// The same place, inside ad group `name` (for its ads).
    #[must_use]
    pub fn in_ad_group(mut self, name: &str) -> Place {
        self.ad_group = Some(name.to_string());
        self
    }

    /// The same place, with times written in `zone` (`None`: UTC).
    #[must_use]
    pub fn in_zone(mut self, zone: Option<String>) -> Place {
        self.time_zone = zone;
        self
    }
}

impl Change {
    fn at(place: Place, kind: Kind, name: &str, action: Action) -> Change {
        Change {
            key: place.key,
            action,
            kind,
            name: name.to_string(),
            id: None,
            parent: place.parent,
            parent_id: place.parent_id,
            campaign: place.campaign,
            ad_group: place.ad_group,
            time_zone: place.time_zone,
            fields: Vec::new(),
            findings: Vec::new(),
            create: None,
            update: None,
            status: None,
            starts_now: None,
            portfolio: None,
        }
    }

    /// A new object: every field it sets, and the body that creates it.
    pub fn create(
        place: Place,
        kind: Kind,
        name: &str,
        fields: Vec<FieldChange>,
        body: Value,
    ) -> Change {
        Change {
            fields,
            create: Some(body),
            ..Change::at(place, kind, name, Action::Create)
        }
    }

    /// A live object the spec deletes (`status: deleted`).
    pub fn delete(place: Place, kind: Kind, name: &str, id: Option<String>) -> Change {
        Change {
            id,
            status: Some(OperationStatus::Delete),
            ..Change::at(place, kind, name, Action::Delete)
        }
    }

    /// A live object the spec no longer has, paused by `--prune`.
    pub fn prune(place: Place, kind: Kind, name: &str, id: Option<String>) -> Change {
        Change {
            id,
            fields: vec![FieldChange {
                path: "status".into(),
                old: Some(Value::String("enabled".into())),
                new: Some(Value::String("disabled".into())),
                forces_replace: false,
                note: Some("not in the spec (--prune)".into()),
            }],
            status: Some(OperationStatus::Disable),
            ..Change::at(place, kind, name, Action::Pause)
        }
    }

    /// A live object left as it is (listed so rules such as the bid cascade can
    /// still change it).
    pub fn unchanged(place: Place, kind: Kind, name: &str, id: Option<String>) -> Change {
        Change {
            id,
            ..Change::at(place, kind, name, Action::Unchanged)
        }
    }

    /// A live object compared with its spec: updated, replaced or unchanged.
    pub fn diffed(place: Place, kind: Kind, name: &str, id: Option<String>, diff: Diff) -> Change {
        Change {
            id,
            fields: diff.fields,
            create: diff.create,
            update: diff.update,
            status: diff.status,
            ..Change::at(place, kind, name, diff.action)
        }
    }
}

/// What comparing a desired object with its live one gives (see `plan::diff`).
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    pub action: Action,
    pub fields: Vec<FieldChange>,
    /// The status call to make, when `status` changes.
    pub status: Option<OperationStatus>,
    /// The create body, for a replacement.
    pub create: Option<Value>,
    /// The update body, for an update.
    pub update: Option<Value>,
}

/// Spend before and after, per campaign and for the account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Spend {
    pub campaigns: Vec<CampaignSpend>,
    /// The planned campaigns together, before the plan.
    pub account_before: SpendTotals,
    /// The planned campaigns together, after the plan.
    pub account: SpendTotals,
    pub currency: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CampaignSpend {
    pub name: String,
    pub before: SpendTotals,
    pub after: SpendTotals,
}

/// Daily and total (lifetime) budget figures; `None` when uncapped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SpendTotals {
    pub daily: crate::spec::Money,
    pub total: crate::spec::Money,
    /// Some budget is unlimited, so the figures are lower bounds.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncapped: bool,
}

/// The summary line's counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub create: usize,
    pub update: usize,
    pub replace: usize,
    pub pause: usize,
    pub delete: usize,
    pub unchanged: usize,
}

/// The local media files of a plan: what apply uploads before the ads that name
/// them, and what is in the account already (recorded in the lock files).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Media {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uploads: Vec<Upload>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub known: Vec<KnownMedia>,
}

impl Media {
    pub fn is_empty(&self) -> bool {
        self.uploads.is_empty() && self.known.is_empty()
    }
}

/// One file to upload (each content once, however many ads name it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Upload {
    pub kind: crate::spec::media::MediaKind,
    /// The file, as found from the working directory.
    pub path: std::path::PathBuf,
    /// Bytes.
    pub size: u64,
    /// The content's SHA-256 and MD5 (the signature TikTok checks), lowercase hex.
    pub sha256: String,
    pub md5: String,
    /// The name it gets in the library: a short content hash and the file's name,
    /// so that an upload whose answer was lost is found again by name.
    pub file_name: String,
    pub mime: String,
    /// What the create and update bodies hold until the upload's id is known.
    pub placeholder: String,
    /// The id a lock file had for it, no longer in the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// Lock files that record it.
    pub locks: Vec<std::path::PathBuf>,
}

/// A file already in the account, under this id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownMedia {
    pub kind: crate::spec::media::MediaKind,
    pub sha256: String,
    pub md5: String,
    pub id: String,
    pub file_name: String,
    /// Lock files that record it.
    pub locks: Vec<std::path::PathBuf>,
}

/// A whole plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub advertiser_id: String,
    /// Local media: uploads made before the changes, and files already there.
    #[serde(default, skip_serializing_if = "Media::is_empty")]
    pub media: Media,
    pub changes: Vec<Change>,
    /// Findings not tied to one object (e.g. a name shared with a legacy campaign).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    pub spend: Spend,
    /// CTA portfolios to find or make before the ads that use them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub portfolios: Vec<NewPortfolio>,
    /// What the spec's names resolved to, and names for the ids shown.
    #[serde(default, skip_serializing_if = "super::resolve::Names::is_empty")]
    pub names: super::resolve::Names,
}

impl Plan {
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for c in &self.changes {
            match c.action {
                Action::Create => s.create += 1,
                Action::Update => s.update += 1,
                Action::Replace => s.replace += 1,
                Action::Pause => s.pause += 1,
                Action::Delete => s.delete += 1,
                Action::Unchanged => s.unchanged += 1,
            }
        }
        s
    }

    pub fn has_changes(&self) -> bool {
        !self.media.uploads.is_empty() || self.changes.iter().any(|c| c.action != Action::Unchanged)
    }

    /// Every finding, plan-wide and per object.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .chain(self.changes.iter().flat_map(|c| c.findings.iter()))
    }

    /// Errors refuse the plan: apply will not run it.
    pub fn refused(&self) -> bool {
        self.all_findings()
            .any(|f| f.severity == crate::spec::Severity::Error)
    }
}
