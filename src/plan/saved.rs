//! Saved plans: a plan plus what it was made from, so `apply --plan` can refuse a
//! plan whose world has changed. Never holds a secret.
//!
//! A saved plan is a commitment, not a program: `apply --plan` re-derives every
//! request from the specs and the account (see `plan::commitment`) and never sends
//! anything the file holds without that. The seal, a hash of everything else in the
//! file, tells an edited file from an account that changed; it detects edits, it
//! does not stop forgery (whoever forges one still gets only what re-derivation
//! gives).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Selection;
use super::model::{Kind, Plan};
use crate::wire::LiveAccount;

/// 2: sealed, and carried out only through re-derivation.
pub const FORMAT_VERSION: u32 = 2;

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
    /// The target's time the plan was made at (a sandbox keeps its own clock, which
    /// may differ from the wall clock): `apply --plan` derives the plan again at this
    /// time, so that its requests are the ones saved.
    pub clock: jiff::Timestamp,
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
    /// SHA-256 of the file's contents with an empty seal (see [`SavedPlan::sealed`]).
    #[serde(default)]
    pub seal: String,
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
    #[error("the account changed since the plan was saved:\n  - {}", .0.join("\n  - "))]
    #[diagnostic(
        code(smartplus::plan_live_changed),
        help(
            "nothing was applied; run `smartplus plan --out FILE` again to review what the account needs now"
        )
    )]
    Live(Vec<String>),
    #[error("the saved plan was edited after it was saved:\n  - {}", .0.join("\n  - "))]
    #[diagnostic(
        code(smartplus::plan_edited),
        help(
            "nothing was applied; a saved plan is applied only as `smartplus plan --out FILE` wrote it; plan again instead of editing the file"
        )
    )]
    Edited(Vec<String>),
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

/// Writes `v` as compact JSON with every object's keys sorted and the volatile ones
/// left out, straight into `out`: a large account has thousands of objects to
/// fingerprint, so no sorted copy is built first.
fn write_canonical(v: &Value, out: &mut impl std::io::Write) -> std::io::Result<()> {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map
                .iter()
                .filter(|(k, _)| !VOLATILE.contains(&k.as_str()))
                .collect();
            entries.sort_unstable_by_key(|(k, _)| *k);
            out.write_all(b"{")?;
            for (i, (k, inner)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, k)?;
                out.write_all(b":")?;
                write_canonical(inner, out)?;
            }
            out.write_all(b"}")
        }
        Value::Array(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_canonical(item, out)?;
            }
            out.write_all(b"]")
        }
        leaf => Ok(serde_json::to_writer(&mut *out, leaf)?),
    }
}

fn fingerprint(v: &Value) -> String {
    let mut h = Sha256::new();
    // Hashing never fails to write; a value that cannot be written would still
    // give a fingerprint of what was written, which only ever makes a plan stale.
    let _ = write_canonical(v, &mut h);
    hex(&h.finalize())
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
    /// The plan with its seal set, as `plan --out` writes it.
    #[must_use]
    pub fn sealed(mut self) -> SavedPlan {
        self.seal = self.compute_seal();
        self
    }

    fn compute_seal(&self) -> String {
        let unsealed = SavedPlan {
            seal: String::new(),
            ..self.clone()
        };
        let text = serde_json::to_string(&unsealed).unwrap_or_default();
        hex(&Sha256::digest(text.as_bytes()))
    }

    /// Whether the file is as `plan --out` wrote it.
    pub fn seal_holds(&self) -> bool {
        !self.seal.is_empty() && self.seal == self.compute_seal()
    }

    /// Edits that show without re-deriving anything: a validity other than the one
    /// `plan --out` gives, or a plan made in the future.
    pub fn visible_edits(&self, now: jiff::Timestamp) -> Vec<String> {
        let mut out = Vec::new();
        if self.expires_at != self.created_at + DEFAULT_TTL {
            out.push(format!(
                "`expires_at` is {} UTC, but a plan made at {} UTC expires at {} UTC",
                crate::spec::schedule::wire_time(self.expires_at),
                crate::spec::schedule::wire_time(self.created_at),
                crate::spec::schedule::wire_time(self.created_at + DEFAULT_TTL),
            ));
        }
        // A minute of slack for clocks that disagree a little.
        if self.created_at > now + jiff::SignedDuration::from_mins(1) {
            out.push(format!(
                "`created_at` is {} UTC, in the future",
                crate::spec::schedule::wire_time(self.created_at)
            ));
        }
        if self.plan.advertiser_id != self.advertiser_id {
            out.push(format!(
                "the plan inside is for advertiser {}, the file for advertiser {}",
                self.plan.advertiser_id, self.advertiser_id
            ));
        }
        out
    }

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
        let edits = self.visible_edits(now);
        if !edits.is_empty() {
            return Err(Stale::Edited(edits));
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
    fn fingerprints_hash_compact_json_with_sorted_keys_at_every_depth() {
        // Plans saved by earlier versions hold fingerprints of this exact text.
        let v = json!({"z": [{"b": "é\"", "a": null, "primary_status": "X"}], "a": 1.5, "m": true});
        let text = r#"{"a":1.5,"m":true,"z":[{"a":null,"b":"é\""}]}"#;
        assert_eq!(fingerprint(&v), hex(&Sha256::digest(text.as_bytes())));
    }

    fn now() -> jiff::Timestamp {
        "2026-11-20T12:00:00Z".parse().expect("time")
    }

    fn sandbox() -> TargetLabel {
        TargetLabel::Sandbox(".smartplus/sandbox.json".into())
    }

    /// An unsealed plan for advertiser 7, made `now()` against the sandbox.
    fn unsealed(fingerprints: BTreeMap<String, String>) -> SavedPlan {
        SavedPlan {
            format_version: FORMAT_VERSION,
            created_at: now(),
            expires_at: now() + DEFAULT_TTL,
            clock: now(),
            target: sandbox(),
            advertiser_id: "7".into(),
            spec_paths: vec![],
            spec_hash: "h".into(),
            fingerprints,
            options: Selection::default(),
            plan: Plan {
                advertiser_id: "7".into(),
                ..Plan::default()
            },
            seal: String::new(),
        }
    }

    #[test]
    fn stale_plans_are_refused_with_the_reason() {
        let (now, target) = (now(), sandbox());
        let saved = unsealed(BTreeMap::from([(
            "campaign:1".to_string(),
            "f".to_string(),
        )]))
        .sealed();
        assert!(saved.seal_holds());
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

    #[test]
    fn an_edited_file_breaks_its_seal_and_a_stretched_validity_shows() {
        let (now, target) = (now(), sandbox());
        let saved = unsealed(BTreeMap::new());
        assert!(!saved.seal_holds(), "an unsealed file is not as written");
        let saved = saved.sealed();
        assert!(saved.seal_holds());
        let text = serde_json::to_string_pretty(&saved).expect("JSON");
        let read: SavedPlan = serde_json::from_str(&text).expect("reads back");
        assert!(read.seal_holds(), "a round trip keeps the seal");

        let mut later = saved.clone();
        later.options.allow_replace = true;
        assert!(!later.seal_holds());

        let mut longer = saved.clone();
        longer.expires_at = now + jiff::SignedDuration::from_hours(48);
        let Err(Stale::Edited(lines)) = longer.check_offline(now, &target, "7", "h") else {
            panic!("a stretched validity must be refused");
        };
        assert!(lines[0].contains("`expires_at`"), "{lines:?}");

        let mut elsewhere = saved.clone();
        elsewhere.plan.advertiser_id = "8".into();
        assert!(matches!(
            elsewhere.check_offline(now, &target, "7", "h"),
            Err(Stale::Edited(_))
        ));
    }
}
