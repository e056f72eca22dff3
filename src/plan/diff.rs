//! The diff: desired campaigns × live account → changes. Pure, no I/O.

use std::collections::BTreeMap;

use serde_json::Value;

use super::fields::{self, Mutability};
use super::live::{LiveAccount, LiveAdGroup, LiveCampaign, OtherKind, id_of, name_of};
use super::model::{Action, Change, FieldChange, Finding, Kind, Plan};
use super::rules::{self, ObjectCtx, finding, sp304_bid_cascade};
use super::{DesiredCampaign, Options, PlanError, canon, lower, raise};
use crate::spec::enums::Status;
use crate::spec::model::{Ad, AdGroup, Campaign};

type Flat = BTreeMap<String, Value>;

/// An ad group's change index (when it has one) and its canonical desired and live fields.
type GroupOutcome = (Option<usize>, Option<Flat>, Option<Flat>);

/// Flattens a canonical spec object into `path → value` (children and ids left out).
pub fn flatten<T: serde::Serialize>(obj: &T) -> Flat {
    let mut out = Flat::new();
    if let Ok(Value::Object(map)) = serde_json::to_value(obj) {
        for (k, v) in map {
            if matches!(k.as_str(), "ad_groups" | "ads" | "id") {
                continue;
            }
            walk(&k, v, &mut out);
        }
    }
    out
}

fn walk(prefix: &str, v: Value, out: &mut Flat) {
    match v {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                walk(&format!("{prefix}.{k}"), v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other);
        }
    }
}

/// Field-by-field differences, old (live) → new (desired).
pub fn compare(kind: Kind, desired: &Flat, live: &Flat) -> Vec<FieldChange> {
    let mut live = live.clone();
    for path in fields::SERVER_FILLED {
        if !desired.contains_key(*path) {
            live.remove(*path);
        }
    }
    let mut keys: Vec<&String> = desired.keys().chain(live.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| desired.get(*k) != live.get(*k))
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

/// The update body for the changed in-place fields, taken from the desired create body.
fn update_body(
    kind: Kind,
    lowered: &Value,
    changes: &[FieldChange],
    explicit_start: bool,
) -> Option<Value> {
    let mut body = serde_json::Map::new();
    for c in changes {
        let Some(info) = fields::info(kind, &c.path) else {
            continue;
        };
        if info.mutability != Mutability::Update {
            continue;
        }
        for key in info.wire {
            if *key == "schedule_start_time" && !explicit_start {
                continue;
            }
            if let Some(v) = lowered.get(*key) {
                body.insert((*key).to_string(), v.clone());
            }
        }
    }
    (!body.is_empty()).then_some(Value::Object(body))
}

/// Classifies field changes into an action and status.
fn classify(fields: &[FieldChange]) -> (Action, Option<String>) {
    if fields.is_empty() {
        return (Action::Unchanged, None);
    }
    if fields.iter().any(|f| f.forces_replace) {
        return (Action::Replace, None);
    }
    let status = fields
        .iter()
        .find(|f| f.path == "status")
        .and_then(|f| f.new.as_ref())
        .and_then(Value::as_str)
        .and_then(|s| serde_json::from_value::<Status>(Value::String(s.into())).ok())
        .map(|s| s.wire().to_string());
    (Action::Update, status)
}

struct Builder<'a> {
    opts: &'a Options,
    live: &'a LiveAccount,
    plan: Plan,
}

/// Finds the live object for a desired one: by pinned id, else by name.
fn match_live<'l>(
    kind: Kind,
    name: &str,
    pinned: Option<&str>,
    candidates: &'l [&'l Value],
    findings: &mut Vec<Finding>,
) -> Option<&'l Value> {
    if let Some(id) = pinned {
        let found = candidates
            .iter()
            .find(|c| id_of(kind, c).as_deref() == Some(id))
            .copied();
        if found.is_none() {
            findings.push(finding(
                &rules::sp309_pinned_id_missing::INFO,
                false,
                format!("{} `{name}` is pinned to id {id}, which is not in the account", kind.label()),
                Some("remove `id` to create it anew, or fix the id (deleted objects cannot be adopted)".into()),
            ));
        }
        return found;
    }
    let same: Vec<&Value> = candidates
        .iter()
        .filter(|c| name_of(kind, c) == name)
        .copied()
        .collect();
    if same.len() > 1 {
        let ids: Vec<String> = same.iter().filter_map(|c| id_of(kind, c)).collect();
        findings.push(finding(
            &rules::sp308_duplicate_live_name::INFO,
            false,
            format!(
                "{} live {}s are named `{name}` (ids {})",
                same.len(),
                kind.label(),
                ids.join(", ")
            ),
            Some(
                "pin the one to manage with `id:` in the spec, or rename the others in Ads Manager"
                    .into(),
            ),
        ));
        return None;
    }
    same.first().copied()
}

/// Plans every desired campaign against the live account.
pub fn build(
    advertiser_id: &str,
    desired: &[DesiredCampaign],
    live: &LiveAccount,
    opts: &Options,
) -> Result<Plan, PlanError> {
    let mut b = Builder {
        opts,
        live,
        plan: Plan {
            advertiser_id: advertiser_id.to_string(),
            ..Default::default()
        },
    };
    let live_campaigns: Vec<&Value> = live.campaigns.iter().map(|c| &c.raw).collect();
    let mut claimed: Vec<String> = Vec::new();
    let mut seen_names: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, d) in desired.iter().enumerate() {
        let name = d.spec.name.as_str();
        *seen_names.entry(name).or_default() += 1;
        let key = format!("c{i}");
        let mut findings = Vec::new();
        let matched = match_live(
            Kind::Campaign,
            name,
            d.spec.id.as_ref().map(|s| s.as_str()),
            &live_campaigns,
            &mut findings,
        );
        if matched.is_none()
            && d.spec.id.is_none()
            && let Some(other) = live.others.iter().find(|o| o.name == name)
        {
            {
                findings.push(finding(
                    &rules::sp307_unmanaged_name::INFO,
                    false,
                    format!("campaign `{name}` is the name of {} (id {}), which smartplus never changes", other.kind.describe(), other.id),
                    Some(match other.kind {
                        OtherKind::LegacySmartPlus => "legacy Smart+ campaigns cannot be edited any more; give the new campaign another name and pause the legacy one in Ads Manager (see docs/import.md)".into(),
                        OtherKind::Manual => "give the Smart+ campaign a different name".into(),
                    }),
                ));
            }
        }
        if !findings.is_empty() && matched.is_none() {
            b.plan.findings.extend(findings);
            continue;
        }
        b.plan.findings.extend(findings);
        let live_campaign =
            matched.and_then(|raw| live.campaigns.iter().find(|c| std::ptr::eq(&c.raw, raw)));
        if let Some(lc) = live_campaign {
            claimed.extend(id_of(Kind::Campaign, &lc.raw));
        }
        b.campaign(&key, d, live_campaign)?;
    }
    for (name, n) in seen_names {
        if n > 1 {
            b.plan.findings.push(Finding {
                code: "SP130".into(),
                severity: crate::spec::Severity::Error,
                message: format!("{n} spec files define a campaign named `{name}`"),
                help: Some("campaign names identify campaigns in the account; make them unique across files".into()),
            });
        }
    }
    if opts.prune && opts.targets.is_empty() {
        for (i, lc) in live.campaigns.iter().enumerate() {
            let id = id_of(Kind::Campaign, &lc.raw);
            if id.as_ref().is_some_and(|id| claimed.contains(id)) {
                continue;
            }
            if opts
                .excludes
                .iter()
                .any(|e| e == name_of(Kind::Campaign, &lc.raw))
            {
                continue;
            }
            b.prune(
                Kind::Campaign,
                &format!("p{i}"),
                &lc.raw,
                None,
                name_of(Kind::Campaign, &lc.raw),
            );
        }
    }
    Ok(b.plan)
}

impl Builder<'_> {
    fn push(&mut self, change: Change) -> usize {
        self.plan.changes.push(change);
        self.plan.changes.len() - 1
    }

    fn spend_of(&self, raw: Option<&Value>, kind: Kind) -> Option<crate::spec::Money> {
        let id = id_of(kind, raw?)?;
        self.live.spend.get(&id).copied()
    }

    /// Runs the per-object rules on the change at `idx`.
    fn check(&mut self, idx: usize, kind: Kind, live: Option<&Value>) {
        let spend = self.spend_of(live, kind);
        let opts = self.opts;
        let change = &mut self.plan.changes[idx];
        let mut ctx = ObjectCtx {
            kind,
            live,
            change,
            opts,
            spend,
        };
        rules::check_object(&mut ctx);
    }

    fn prune(&mut self, kind: Kind, key: &str, raw: &Value, parent: Option<&str>, campaign: &str) {
        if raw.get("operation_status").and_then(Value::as_str) != Some("ENABLE") {
            return;
        }
        self.push(Change {
            key: key.to_string(),
            action: Action::Pause,
            kind,
            name: name_of(kind, raw).to_string(),
            id: id_of(kind, raw),
            parent: parent.map(str::to_string),
            parent_id: None,
            campaign: campaign.to_string(),
            fields: vec![FieldChange {
                path: "status".into(),
                old: Some(Value::String("enabled".into())),
                new: Some(Value::String("disabled".into())),
                forces_replace: false,
                note: Some("not in the spec (--prune)".into()),
            }],
            findings: Vec::new(),
            create: None,
            update: None,
            status: Some("DISABLE".into()),
        });
    }

    fn campaign(
        &mut self,
        key: &str,
        d: &DesiredCampaign,
        live: Option<&LiveCampaign>,
    ) -> Result<(), PlanError> {
        let spec = d.spec;
        let name = spec.name.value.clone();
        let deleted = spec
            .status
            .as_ref()
            .is_some_and(|s| s.value == Status::Deleted);
        let Some(lc) = live else {
            if deleted {
                return Ok(());
            }
            self.push(Change {
                key: key.to_string(),
                action: Action::Create,
                kind: Kind::Campaign,
                name: name.clone(),
                id: None,
                parent: None,
                parent_id: None,
                campaign: name.clone(),
                fields: creation_fields(&canon::campaign(spec)),
                findings: Vec::new(),
                create: Some(lower::campaign(spec)),
                update: None,
                status: None,
            });
            for (gi, g) in spec.ad_groups.iter().enumerate() {
                self.ad_group(&format!("{key}/g{gi}"), key, None, d, g, None)?;
            }
            return Ok(());
        };
        let id = id_of(Kind::Campaign, &lc.raw);
        if deleted {
            self.push(Change {
                key: key.to_string(),
                action: Action::Delete,
                kind: Kind::Campaign,
                name: name.clone(),
                id,
                parent: None,
                parent_id: None,
                campaign: name,
                fields: Vec::new(),
                findings: Vec::new(),
                create: None,
                update: None,
                status: Some("DELETE".into()),
            });
            return Ok(());
        }
        // The app's platform lives on the ad groups (`promotion_type`): raise with them.
        let groups: Vec<(Value, Vec<Value>)> = lc
            .ad_groups
            .iter()
            .flatten()
            .map(|g| (g.raw.clone(), Vec::new()))
            .collect();
        let mut raised = raise::campaign(&lc.raw, &groups, &jiff::tz::TimeZone::UTC).value;
        if groups.is_empty()
            && let (Some(live_app), Some(app)) = (raised.app.as_mut(), spec.app.as_ref())
        {
            // No ad group tells the platform yet (an apply stopped after the campaign):
            // the campaign itself does not record it, so it is not a difference.
            live_app.value.platform = crate::spec::Sp::new(app.platform.value);
        }
        let desired_flat = flatten(&canon::campaign(spec));
        let live_flat = flatten(&canon::campaign(&raised));
        let fields = compare(Kind::Campaign, &desired_flat, &live_flat);
        let (action, status) = classify(&fields);
        let lowered = lower::campaign(spec);
        let update = if action == Action::Update {
            update_body(Kind::Campaign, &lowered, &fields, false)
        } else {
            None
        };
        let idx = self.push(Change {
            key: key.to_string(),
            action,
            kind: Kind::Campaign,
            name: name.clone(),
            id: id.clone(),
            parent: None,
            parent_id: None,
            campaign: name.clone(),
            fields,
            findings: Vec::new(),
            create: (action == Action::Replace).then_some(lowered),
            update,
            status,
        });
        self.check(idx, Kind::Campaign, Some(&lc.raw));
        let replaced = action == Action::Replace;
        let live_groups: &[LiveAdGroup] = lc.ad_groups.as_deref().unwrap_or(&[]);
        let candidates: Vec<&Value> = if replaced {
            Vec::new()
        } else {
            live_groups.iter().map(|g| &g.raw).collect()
        };
        let mut claimed = Vec::new();
        let mut siblings: Vec<GroupOutcome> = Vec::new();
        for (gi, g) in spec.ad_groups.iter().enumerate() {
            let mut findings = Vec::new();
            let m = match_live(
                Kind::AdGroup,
                &g.name,
                g.id.as_ref().map(|s| s.as_str()),
                &candidates,
                &mut findings,
            );
            self.plan.findings.extend(findings);
            let lg = m.and_then(|raw| live_groups.iter().find(|x| std::ptr::eq(&x.raw, raw)));
            if let Some(lg) = lg {
                claimed.extend(id_of(Kind::AdGroup, &lg.raw));
            }
            let parent_id = if replaced { None } else { id.as_deref() };
            let (gidx, desired, live_flat) =
                self.ad_group(&format!("{key}/g{gi}"), key, parent_id, d, g, lg)?;
            siblings.push((gidx, desired, live_flat));
        }
        if !replaced {
            for (gi, lg) in live_groups.iter().enumerate() {
                let gid = id_of(Kind::AdGroup, &lg.raw);
                if gid.as_ref().is_some_and(|g| claimed.contains(g)) {
                    continue;
                }
                // Not in the spec: its bid still moves with the cascade.
                let raised =
                    raise::ad_group(&lg.raw, &[], *spec.budget.cbo, &jiff::tz::TimeZone::UTC);
                let live_flat = flatten(&canon::ad_group(&raised.value, *spec.budget.cbo, None));
                let before = self.plan.changes.len();
                if self.opts.prune {
                    self.prune(
                        Kind::AdGroup,
                        &format!("{key}/p{gi}"),
                        &lg.raw,
                        Some(key),
                        &name,
                    );
                }
                let idx = if self.plan.changes.len() > before {
                    before
                } else {
                    self.push(Change {
                        key: format!("{key}/p{gi}"),
                        action: Action::Unchanged,
                        kind: Kind::AdGroup,
                        name: name_of(Kind::AdGroup, &lg.raw).to_string(),
                        id: gid,
                        parent: Some(key.to_string()),
                        parent_id: id.clone(),
                        campaign: name.clone(),
                        fields: Vec::new(),
                        findings: Vec::new(),
                        create: None,
                        update: None,
                        status: None,
                    })
                };
                siblings.push((Some(idx), None, Some(live_flat)));
            }
            let sibs: Vec<sp304_bid_cascade::Sibling> = siblings
                .iter()
                .filter_map(|(i, d, l)| Some((i.as_ref()?, d, l)))
                .map(|(i, d, l)| sp304_bid_cascade::Sibling {
                    change: *i,
                    desired: d.as_ref(),
                    live: l.as_ref(),
                })
                .collect();
            sp304_bid_cascade::apply(&mut self.plan.changes, &sibs);
        }
        Ok(())
    }

    /// Plans one ad group; returns its change index and canonical desired/live fields.
    #[allow(clippy::too_many_arguments)]
    fn ad_group(
        &mut self,
        key: &str,
        parent: &str,
        parent_id: Option<&str>,
        d: &DesiredCampaign,
        g: &AdGroup,
        live: Option<&LiveAdGroup>,
    ) -> Result<GroupOutcome, PlanError> {
        let campaign = d.spec;
        let cbo = *campaign.budget.cbo;
        let name = g.name.value.clone();
        let deleted = g
            .status
            .as_ref()
            .is_some_and(|s| s.value == Status::Deleted);
        let lowered = lower::ad_group(campaign, g, d.account, self.opts.now)?;
        let desired_flat = flatten(&canon::ad_group(g, cbo, d.account));
        let Some(lg) = live else {
            if deleted {
                return Ok((None, None, None));
            }
            let idx = self.push(Change {
                key: key.to_string(),
                action: Action::Create,
                kind: Kind::AdGroup,
                name: name.clone(),
                id: None,
                parent: Some(parent.to_string()),
                parent_id: parent_id.map(str::to_string),
                campaign: campaign.name.value.clone(),
                fields: creation_fields(&canon::ad_group(g, cbo, d.account)),
                findings: Vec::new(),
                create: Some(lowered),
                update: None,
                status: None,
            });
            rules::sp310_start_in_past::check(&mut self.plan.changes[idx], self.opts);
            for (ai, a) in g.ads.iter().enumerate() {
                self.ad(&format!("{key}/a{ai}"), key, None, campaign, a, None);
            }
            return Ok((Some(idx), Some(desired_flat), None));
        };
        let id = id_of(Kind::AdGroup, &lg.raw);
        let raised = raise::ad_group(&lg.raw, &[], cbo, &jiff::tz::TimeZone::UTC);
        let live_flat = flatten(&canon::ad_group(&raised.value, cbo, None));
        if deleted {
            let idx = self.push(Change {
                key: key.to_string(),
                action: Action::Delete,
                kind: Kind::AdGroup,
                name,
                id,
                parent: Some(parent.to_string()),
                parent_id: parent_id.map(str::to_string),
                campaign: campaign.name.value.clone(),
                fields: Vec::new(),
                findings: Vec::new(),
                create: None,
                update: None,
                status: Some("DELETE".into()),
            });
            return Ok((Some(idx), None, Some(live_flat)));
        }
        let fields = compare(Kind::AdGroup, &desired_flat, &live_flat);
        let (action, status) = classify(&fields);
        let explicit_start = g.schedule.as_ref().is_some_and(|s| s.start.is_some());
        let update = if action == Action::Update {
            update_body(Kind::AdGroup, &lowered, &fields, explicit_start)
        } else {
            None
        };
        let replaced = action == Action::Replace;
        let idx = self.push(Change {
            key: key.to_string(),
            action,
            kind: Kind::AdGroup,
            name: name.clone(),
            id: id.clone(),
            parent: Some(parent.to_string()),
            parent_id: parent_id.map(str::to_string),
            campaign: campaign.name.value.clone(),
            fields,
            findings: Vec::new(),
            create: replaced.then_some(lowered),
            update,
            status,
        });
        self.check(idx, Kind::AdGroup, Some(&lg.raw));
        let live_ads: Vec<&Value> = if replaced {
            Vec::new()
        } else {
            lg.ads.iter().collect()
        };
        let mut claimed = Vec::new();
        for (ai, a) in g.ads.iter().enumerate() {
            let mut findings = Vec::new();
            let m = match_live(
                Kind::Ad,
                &a.name,
                a.id.as_ref().map(|s| s.as_str()),
                &live_ads,
                &mut findings,
            );
            self.plan.findings.extend(findings);
            if let Some(raw) = m {
                claimed.extend(id_of(Kind::Ad, raw));
            }
            let pid = if replaced { None } else { id.as_deref() };
            self.ad(&format!("{key}/a{ai}"), key, pid, campaign, a, m);
        }
        if self.opts.prune && !replaced {
            for (ai, raw) in lg.ads.iter().enumerate() {
                if id_of(Kind::Ad, raw).is_some_and(|x| claimed.contains(&x)) {
                    continue;
                }
                self.prune(
                    Kind::Ad,
                    &format!("{key}/p{ai}"),
                    raw,
                    Some(key),
                    &campaign.name,
                );
            }
        }
        Ok((Some(idx), Some(desired_flat), Some(live_flat)))
    }

    fn ad(
        &mut self,
        key: &str,
        parent: &str,
        parent_id: Option<&str>,
        campaign: &Campaign,
        a: &Ad,
        live: Option<&Value>,
    ) {
        let name = a.name.value.clone();
        let deleted = a
            .status
            .as_ref()
            .is_some_and(|s| s.value == Status::Deleted);
        let lowered = lower::ad(a);
        let base = Change {
            key: key.to_string(),
            action: Action::Create,
            kind: Kind::Ad,
            name: name.clone(),
            id: None,
            parent: Some(parent.to_string()),
            parent_id: parent_id.map(str::to_string),
            campaign: campaign.name.value.clone(),
            fields: Vec::new(),
            findings: Vec::new(),
            create: None,
            update: None,
            status: None,
        };
        let Some(raw) = live else {
            if deleted {
                return;
            }
            self.push(Change {
                fields: creation_fields(&canon::ad(a)),
                create: Some(lowered),
                ..base
            });
            return;
        };
        let id = id_of(Kind::Ad, raw);
        if deleted {
            self.push(Change {
                action: Action::Delete,
                id,
                status: Some("DELETE".into()),
                ..base
            });
            return;
        }
        let raised = raise::ad(raw);
        let fields = compare(
            Kind::Ad,
            &flatten(&canon::ad(a)),
            &flatten(&canon::ad(&raised.value)),
        );
        let (action, status) = classify(&fields);
        let update = if action == Action::Update {
            update_body(Kind::Ad, &lowered, &fields, false)
        } else {
            None
        };
        let idx = self.push(Change {
            action,
            id,
            fields,
            create: (action == Action::Replace).then_some(lowered),
            update,
            status,
            ..base
        });
        self.check(idx, Kind::Ad, Some(raw));
    }
}

/// For a create, every field it sets, shown as `+ path: value`.
fn creation_fields<T: serde::Serialize>(obj: &T) -> Vec<FieldChange> {
    flatten(obj)
        .into_iter()
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
