//! Saved plans: a plan plus what it was made from, so `apply --plan` can refuse a
//! plan whose world has changed. Never holds a secret.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Selection;
use super::model::{Kind, Plan};
use crate::wire::LiveAccount;

pub const FORMAT_VERSION: u32 = 1;

/// How long a saved plan stays valid by default.
pub const DEFAULT_TTL: jiff::SignedDuration = jiff::SignedDuration::from_hours(1);

/// Where a plan was made against, as shown to users (never a secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetLabel {
    /// The real API (or an emulator) at this base URL.
    Api(String),
    /// The local sandbox with its state file.
    Sandbox(String),
}

impl TargetLabel {
    /// Where the calls go: the API's URL, or `local sandbox (PATH)`.
    pub fn place(&self) -> String {
        match self {
            TargetLabel::Api(url) => url.clone(),
            TargetLabel::Sandbox(path) => format!("local sandbox ({path})"),
        }
    }

    /// The line every plan and apply starts with, e.g.
    /// `target: local sandbox (.smartplus/sandbox.json), advertiser 7000000000000000001`.
    pub fn describe(&self, advertiser_id: &str) -> String {
        format!("target: {}, advertiser {advertiser_id}", self.place())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedPlan {
    pub format_version: u32,
    pub created_at: jiff::Timestamp,
    pub expires_at: jiff::Timestamp,
    pub target: TargetLabel,
    pub advertiser_id: String,
    /// Spec files the plan was made from, as given.
    pub spec_paths: Vec<String>,
    /// SHA-256 over every spec file's path and bytes.
    pub spec_hash: String,
    /// SHA-256 of every live object read, by `kind:id`.
    pub fingerprints: BTreeMap<String, String>,
    /// The selection and permissions the plan was made with.
    pub options: Selection,
    pub plan: Plan,
}

/// Why a saved plan cannot be applied.
#[derive(Debug, thiserror::Error, miette::Diagnostic, PartialEq, Eq)]
pub enum Stale {
    #[error("the saved plan expired at {0} UTC")]
    #[diagnostic(
        code(smartplus::plan_expired),
        help("run `smartplus plan --out FILE` again")
    )]
    Expired(String),
    #[error("the saved plan was made for {saved}, not {now}")]
    #[diagnostic(
        code(smartplus::plan_target),
        help("apply it against the account it was made for, or plan again")
    )]
    Target { saved: String, now: String },
    #[error("the spec changed since the plan was saved")]
    #[diagnostic(
        code(smartplus::plan_spec_changed),
        help("run `smartplus plan --out FILE` again to review the new changes")
    )]
    Spec,
    #[error("the account changed since the plan was saved: {}", .0.join(", "))]
    #[diagnostic(
        code(smartplus::plan_live_changed),
        help("someone or something edited these objects; run `smartplus plan --out FILE` again")
    )]
    Live(Vec<String>),
}

/// Hash of spec files (path and content), in the given order.
pub fn spec_hash(files: &[(String, Vec<u8>)]) -> String {
    let mut h = Sha256::new();
    for (path, bytes) in files {
        h.update(path.as_bytes());
        h.update([0]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Delivery state changes on its own; it is not an edit.
const VOLATILE: &[&str] = &["secondary_status", "primary_status"];

fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let sorted: BTreeMap<&String, Value> = map
                .iter()
                .filter(|(k, _)| !VOLATILE.contains(&k.as_str()))
                .map(|(k, v)| (k, canonical(v)))
                .collect();
            serde_json::to_value(sorted).unwrap_or(Value::Null)
        }
        Value::Array(a) => Value::Array(a.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

fn fingerprint(v: &Value) -> String {
    hex(&Sha256::digest(canonical(v).to_string().as_bytes()))
}

/// Fingerprints of every object read.
pub fn fingerprints(live: &LiveAccount) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut add = |kind: Kind, raw: &Value| {
        if let Some(id) = kind.id_of(raw) {
            out.insert(
                format!("{}:{id}", kind.label().replace(' ', "_")),
                fingerprint(raw),
            );
        }
    };
    // Only campaigns the plan is about: an edit to an unrelated campaign does not
    // make this plan stale.
    for c in live.campaigns.iter().filter(|c| c.ad_groups.is_some()) {
        add(Kind::Campaign, &c.raw);
        for g in c.ad_groups.iter().flatten() {
            add(Kind::AdGroup, &g.raw);
            for a in &g.ads {
                add(Kind::Ad, a);
            }
        }
    }
    out
}

impl SavedPlan {
    /// Checks the plan against the world as it is now.
    pub fn check(
        &self,
        now: jiff::Timestamp,
        target: &TargetLabel,
        advertiser_id: &str,
        spec_hash: &str,
        live: &BTreeMap<String, String>,
    ) -> Result<(), Stale> {
        self.check_offline(now, target, advertiser_id, spec_hash)?;
        self.check_live(live)
    }

    /// What can be checked before reading the account: expiry, target and spec. Run
    /// first, so a plan for another account is refused as such, not by that
    /// account's permission error.
    pub fn check_offline(
        &self,
        now: jiff::Timestamp,
        target: &TargetLabel,
        advertiser_id: &str,
        spec_hash: &str,
    ) -> Result<(), Stale> {
        if now > self.expires_at {
            return Err(Stale::Expired(crate::spec::schedule::wire_time(
                self.expires_at,
            )));
        }
        if *target != self.target || advertiser_id != self.advertiser_id {
            return Err(Stale::Target {
                saved: self.target.describe(&self.advertiser_id),
                now: target.describe(advertiser_id),
            });
        }
        if spec_hash != self.spec_hash {
            return Err(Stale::Spec);
        }
        Ok(())
    }

    /// The objects read now against those the plan was made from.
    pub fn check_live(&self, live: &BTreeMap<String, String>) -> Result<(), Stale> {
        let mut changed = Vec::new();
        for (k, v) in &self.fingerprints {
            match live.get(k) {
                None => changed.push(format!("{k} is gone")),
                Some(now) if now != v => changed.push(format!("{k} was modified")),
                _ => {}
            }
        }
        for k in live.keys() {
            if !self.fingerprints.contains_key(k) {
                changed.push(format!("{k} is new"));
            }
        }
        if changed.is_empty() {
            Ok(())
        } else {
            Err(Stale::Live(changed))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fingerprints_ignore_key_order_and_delivery_state() {
        let a = json!({"campaign_id": "1", "budget": 50, "secondary_status": "X"});
        let b = json!({"secondary_status": "Y", "budget": 50, "campaign_id": "1"});
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let c = json!({"campaign_id": "1", "budget": 60});
        assert_ne!(fingerprint(&a), fingerprint(&c));
    }

    #[test]
    fn stale_plans_are_refused_with_the_reason() {
        let now: jiff::Timestamp = "2026-11-20T12:00:00Z".parse().expect("time");
        let target = TargetLabel::Sandbox(".smartplus/sandbox.json".into());
        let saved = SavedPlan {
            format_version: FORMAT_VERSION,
            created_at: now,
            expires_at: now + DEFAULT_TTL,
            target: target.clone(),
            advertiser_id: "7".into(),
            spec_paths: vec![],
            spec_hash: "h".into(),
            fingerprints: BTreeMap::from([("campaign:1".to_string(), "f".to_string())]),
            options: Selection::default(),
            plan: Plan::default(),
        };
        let live = BTreeMap::from([("campaign:1".to_string(), "f".to_string())]);
        assert_eq!(saved.check(now, &target, "7", "h", &live), Ok(()));
        let later = now + jiff::SignedDuration::from_hours(2);
        assert!(matches!(
            saved.check(later, &target, "7", "h", &live),
            Err(Stale::Expired(_))
        ));
        assert_eq!(
            saved.check(now, &target, "7", "other", &live),
            Err(Stale::Spec)
        );
        assert!(matches!(
            saved.check(now, &target, "8", "h", &live),
            Err(Stale::Target { .. })
        ));
        let edited = BTreeMap::from([("campaign:1".to_string(), "g".to_string())]);
        assert_eq!(
            saved.check(now, &target, "7", "h", &edited),
            Err(Stale::Live(vec!["campaign:1 was modified".into()]))
        );
    }
}
