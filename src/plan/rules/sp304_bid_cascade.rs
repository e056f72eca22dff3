//! SP304: a bid change on one ad group is copied by TikTok to every ad group of its
//! campaign. The plan shows the copied bid on every sibling it reaches, and sends it
//! once.

use serde_json::Value;

use super::{Ctx, PlanRule, Stage, finding};
use crate::plan::build::Family;
use crate::plan::model::{Action, Change, FieldChange, Plan};
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP304",
    name: "bid-cascade",
    severity: Severity::Warning,
    summary: "a bid change on one ad group is copied by TikTok to every ad group of its campaign",
};

pub struct BidCascade;

impl PlanRule for BidCascade {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    /// It changes siblings' entries, so the other rules judge each ad group's own
    /// request first.
    fn stage(&self) -> Stage {
        Stage::Amend
    }

    fn check(&self, plan: &mut Plan, ctx: &Ctx) {
        for family in ctx.families {
            cascade(&mut plan.changes, family);
        }
    }
}

const BID_PATHS: &[&str] = &["bidding.amount", "bidding.roas"];

/// Shows a bid change on every sibling it reaches, and sends it once.
fn cascade(changes: &mut [Change], family: &Family) {
    let siblings = &family.ad_groups;
    for path in BID_PATHS {
        // The first ad group whose own update moves this bid carries the call.
        let Some(source) = siblings.iter().find(|s| {
            let c = &changes[s.change];
            c.action == Action::Update
                && c.fields.iter().any(|f| f.path == *path && f.note.is_none())
        }) else {
            continue;
        };
        let source_name = changes[source.change].name.clone();
        let Some(new) = source.desired.as_ref().and_then(|d| d.get(*path)).cloned() else {
            continue;
        };
        for s in siblings {
            if s.change == source.change {
                continue;
            }
            let Some(live) = &s.live else { continue };
            let c = &mut changes[s.change];
            if matches!(c.action, Action::Replace | Action::Delete | Action::Create) {
                continue;
            }
            let old = live.get(*path).cloned();
            if old.as_ref() == Some(&new) {
                continue;
            }
            let note = format!("copied by TikTok from ad group `{source_name}`");
            c.fields.retain(|f| f.path != *path);
            c.fields.push(FieldChange {
                path: (*path).to_string(),
                old,
                new: Some(new.clone()),
                forces_replace: false,
                note: Some(note),
            });
            if c.action == Action::Unchanged {
                c.action = Action::Update;
            }
            // The source's call does the work; sending it again would be a second edit.
            if let Some(Value::Object(body)) = c.update.as_mut() {
                for key in ["bid_price", "conversion_bid_price", "roas_bid"] {
                    body.remove(key);
                }
                if body.is_empty() {
                    c.update = None;
                }
            }
            let wanted = s.desired.as_ref().and_then(|d| d.get(*path));
            if s.desired.is_some() && wanted != Some(&new) {
                c.findings.push(finding(
                    &INFO,
                    false,
                    format!(
                        "ad group `{}` wants its own `{path}`, but TikTok copies the bid of `{source_name}` to every ad group of the campaign",
                        c.name
                    ),
                    Some("give every ad group of the campaign the same bid, or move this ad group to its own campaign".into()),
                ));
            } else {
                c.findings.push(finding(
                    &INFO,
                    true,
                    format!(
                        "the bid change on `{source_name}` also changes ad group `{}`",
                        c.name
                    ),
                    None,
                ));
            }
        }
    }
}
