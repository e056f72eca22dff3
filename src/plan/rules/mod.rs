//! Smart+ plan rules: what only someone who knows the platform would refuse or flag.
//!
//! Rules run after the plan is built, as a registry behind one trait: each file holds
//! one rule's logic and its docs (`docs/plan-rules.md`). A rule may own matching
//! issues (it words their findings), check each change, or amend the plan (the bid
//! cascade). Checks run before amendments, so they judge each object's own request.

use std::collections::HashMap;

use jiff::Timestamp;
use serde_json::Value;

use super::Options;
use super::build::{Draft, Family};
use super::matching::Issue;
use super::model::{Change, Finding, Kind, Plan};
use crate::spec::rules::RuleInfo;
use crate::spec::{Money, Severity};
use crate::wire::LiveAccount;

pub mod sp301_replace;
pub mod sp302_learning_phase;
pub mod sp303_bid_step;
pub mod sp304_bid_cascade;
pub mod sp305_review_restart;
pub mod sp306_budget_below_spend;
pub mod sp307_unmanaged_name;
pub mod sp308_duplicate_live_name;
pub mod sp309_pinned_id_missing;
pub mod sp310_start_in_past;
pub mod sp311_budget_below_today;
pub mod sp312_us_dropped;
pub mod sp313_end_in_past;
pub mod sp314_look_alike;

/// When a rule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Looks at each change as built and adds findings.
    Check,
    /// Changes the plan itself; runs after every check.
    Amend,
}

/// One plan rule.
pub trait PlanRule: Sync {
    fn info(&self) -> &'static RuleInfo;

    fn stage(&self) -> Stage {
        Stage::Check
    }

    /// The finding for a matching issue, when this rule owns that kind of issue.
    fn issue(&self, _issue: &Issue, _opts: &Options) -> Option<Finding> {
        None
    }

    /// Checks (or, at [`Stage::Amend`], changes) the built plan.
    fn check(&self, _plan: &mut Plan, _ctx: &Ctx) {}
}

/// Every plan rule, in code order.
pub static REGISTRY: &[&dyn PlanRule] = &[
    &sp301_replace::Replace,
    &sp302_learning_phase::LearningPhase,
    &sp303_bid_step::BidStep,
    &sp304_bid_cascade::BidCascade,
    &sp305_review_restart::ReviewRestart,
    &sp306_budget_below_spend::BudgetBelowSpend,
    &sp307_unmanaged_name::UnmanagedName,
    &sp308_duplicate_live_name::DuplicateLiveName,
    &sp309_pinned_id_missing::PinnedIdMissing,
    &sp310_start_in_past::StartInPast,
    &sp311_budget_below_today::BudgetBelowTodaySpend,
    &sp312_us_dropped::UnitedStatesKept,
    &sp313_end_in_past::EndInPast,
    &sp314_look_alike::LookAlike,
];

/// What rules may read besides the plan.
pub struct Ctx<'a> {
    pub opts: &'a Options,
    pub live: &'a LiveAccount,
    /// Each in-place campaign's ad groups (see [`Family`]).
    pub families: &'a [Family],
    objects: HashMap<(Kind, String), &'a Value>,
}

impl<'a> Ctx<'a> {
    pub fn new(opts: &'a Options, live: &'a LiveAccount, families: &'a [Family]) -> Ctx<'a> {
        let mut objects = HashMap::new();
        let mut add = |kind: Kind, raw: &'a Value| {
            if let Some(id) = kind.id_of(raw) {
                objects.insert((kind, id), raw);
            }
        };
        for c in &live.campaigns {
            add(Kind::Campaign, &c.raw);
            for g in c.ad_groups.iter().flatten() {
                add(Kind::AdGroup, &g.raw);
                for a in &g.ads {
                    add(Kind::Ad, a);
                }
            }
        }
        Ctx {
            opts,
            live,
            families,
            objects,
        }
    }

    /// The live object a change is about, when it has one.
    pub fn live_object(&self, change: &Change) -> Option<&'a Value> {
        let id = change.id.clone()?;
        self.objects.get(&(change.kind, id)).copied()
    }

    /// Lifetime spend of the live object a change is about, when reported.
    pub fn spend(&self, change: &Change) -> Option<Money> {
        self.live_object(change)?;
        self.live.spend.get(change.id.as_deref()?).copied()
    }

    /// Runs `check` on every change with what per-object rules need.
    pub fn each(&self, plan: &mut Plan, mut check: impl FnMut(&mut Object)) {
        for change in &mut plan.changes {
            let live = self.live_object(change);
            let spend = self.spend(change);
            check(&mut Object {
                kind: change.kind,
                live,
                change,
                opts: self.opts,
                spend,
            });
        }
    }
}

/// One change with what the per-object rules need.
pub struct Object<'c, 'a> {
    pub kind: Kind,
    pub live: Option<&'a Value>,
    pub change: &'c mut Change,
    pub opts: &'a Options,
    /// Lifetime spend of this object, when known.
    pub spend: Option<Money>,
}

impl Object<'_, '_> {
    /// When the live object was created.
    pub fn created(&self) -> Option<Timestamp> {
        wire_time(self.live?, "create_time")
    }

    /// When the live object was last modified.
    pub fn modified(&self) -> Option<Timestamp> {
        wire_time(self.live?, "modify_time")
    }
}

pub fn wire_time(raw: &Value, key: &str) -> Option<Timestamp> {
    crate::spec::schedule::parse_wire_time(raw.get(key)?.as_str()?)
}

/// A finding with this rule's code; `allowed` downgrades it to a warning when the
/// user accepted the risk with a flag.
pub fn finding(info: &RuleInfo, allowed: bool, message: String, help: Option<String>) -> Finding {
    let severity = if allowed {
        Severity::Warning
    } else {
        info.severity
    };
    Finding {
        code: info.code.to_string(),
        severity,
        message,
        help,
    }
}

/// Runs every rule over a built plan: issues become findings in plan order, then
/// the checks, then the amendments.
pub fn run(draft: Draft, live: &LiveAccount, opts: &Options) -> Plan {
    let Draft {
        mut plan,
        issues,
        families,
    } = draft;
    for issue in &issues {
        let finding = match issue {
            Issue::DuplicateSpecName { name, count } => duplicate_spec_name(name, *count),
            // Every other issue has the rule that words it (a unit test holds this).
            _ => match REGISTRY.iter().find_map(|r| r.issue(issue, opts)) {
                Some(f) => f,
                None => continue,
            },
        };
        plan.findings.push(finding);
    }
    let ctx = Ctx::new(opts, live, &families);
    for stage in [Stage::Check, Stage::Amend] {
        for rule in REGISTRY.iter().filter(|r| r.stage() == stage) {
            rule.check(&mut plan, &ctx);
        }
    }
    plan
}

/// A campaign name defined in several files is `validate`'s SP130, repeated here for
/// plans of files that were checked one by one.
fn duplicate_spec_name(name: &str, count: usize) -> Finding {
    Finding {
        code: "SP130".into(),
        severity: Severity::Error,
        message: format!("{count} spec files define a campaign named `{name}`"),
        help: Some(
            "campaign names identify campaigns in the account; make them unique across files"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{OtherCampaign, OtherKind};

    #[test]
    fn every_matching_issue_but_sp130_has_its_rule() {
        let opts = Options::default();
        let issues = [
            Issue::PinnedIdMissing {
                kind: Kind::Ad,
                name: "a".into(),
                id: "1".into(),
            },
            Issue::DuplicateLiveName {
                kind: Kind::AdGroup,
                name: "g".into(),
                ids: vec!["1".into(), "2".into()],
            },
            Issue::UnmanagedName {
                name: "c".into(),
                other: OtherCampaign {
                    id: "3".into(),
                    name: "c".into(),
                    kind: OtherKind::Manual,
                    raw: Value::Null,
                },
            },
            Issue::LookAlike {
                kind: Kind::Ad,
                name: "hero".into(),
                campaign: "c".into(),
                live: crate::plan::lookalike::Live {
                    kind: Kind::Ad,
                    id: "4".into(),
                    name: "Hero".into(),
                    status: "enabled".into(),
                    budget: "none".into(),
                    managed: true,
                },
                how: crate::plan::lookalike::Resemblance::Name,
            },
        ];
        for (issue, code) in issues.iter().zip(["SP309", "SP308", "SP307", "SP314"]) {
            let owners: Vec<String> = REGISTRY
                .iter()
                .filter_map(|r| r.issue(issue, &opts))
                .map(|f| f.code)
                .collect();
            assert_eq!(owners, vec![code.to_string()], "{issue:?}");
        }
    }
}
