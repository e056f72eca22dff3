//! Smart+ plan rules: what only someone who knows the platform would refuse or flag.
//!
//! Rules run after the plan is built, as a registry behind one trait: each file holds
//! one rule's logic and its docs (`docs/plan-rules.md`). A rule may own matching
//! issues (it words their findings), check each change, or amend the plan (the bid
//! cascade). Checks run before amendments, so they judge each object's own request.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use jiff::Timestamp;
use serde_json::Value;

use super::Options;
use super::build::{Draft, Family};
use super::matching::Issue;
use super::model::{Action, Change, Finding, Kind, Plan};
use crate::learning::{self, Estimate, State, Timeline};
use crate::spec::rules::RuleInfo;
use crate::spec::{Money, Severity};
use crate::wire::{LiveAccount, LiveAdGroup};

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
pub mod sp315_spend_unknown;

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
    &sp315_spend_unknown::SpendUnknown,
];

/// What rules may read besides the plan.
///
/// A large account has thousands of unchanged objects no rule asks about: the
/// index of live objects is built at the first question, and learning is estimated
/// only for the ad groups a rule cites.
pub struct Ctx<'a> {
    pub opts: &'a Options,
    pub live: &'a LiveAccount,
    /// Each in-place campaign's ad groups (see [`Family`]).
    pub families: &'a [Family],
    index: OnceCell<Index<'a>>,
    zone: jiff::tz::TimeZone,
}

/// The live objects a rule may ask about.
struct Index<'a> {
    /// Every live object by kind and id, with the ad groups its learning depends
    /// on (an ad group itself, an ad's ad group, a campaign's ad groups), as a
    /// range of `groups`.
    objects: [HashMap<String, (&'a Value, Range<usize>)>; 3],
    /// Every live ad group read, a campaign's together.
    groups: Vec<Group<'a>>,
}

/// A live ad group whose learning a rule may cite.
struct Group<'a> {
    campaign: &'a Value,
    live: &'a LiveAdGroup,
    name: &'a str,
    estimate: OnceCell<Estimate>,
}

/// An ad group's learning estimate, as a rule cites it.
#[derive(Clone, Copy, Debug)]
pub struct Cited<'a> {
    pub name: &'a str,
    pub estimate: &'a Estimate,
}

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::Campaign => 0,
        Kind::AdGroup => 1,
        Kind::Ad => 2,
    }
}

impl<'a> Index<'a> {
    fn of(live: &'a LiveAccount) -> Index<'a> {
        let mut objects: [HashMap<String, (&'a Value, Range<usize>)>; 3] = Default::default();
        let mut groups = Vec::new();
        for c in &live.campaigns {
            let first = groups.len();
            for g in c.ad_groups.iter().flatten() {
                let Some(gid) = Kind::AdGroup.id_of(&g.raw) else {
                    continue;
                };
                let at = groups.len();
                groups.push(Group {
                    campaign: &c.raw,
                    live: g,
                    name: Kind::AdGroup.name_of(&g.raw),
                    estimate: OnceCell::new(),
                });
                objects[slot(Kind::AdGroup)].insert(gid, (&g.raw, at..at + 1));
                for a in &g.ads {
                    if let Some(aid) = Kind::Ad.id_of(a) {
                        objects[slot(Kind::Ad)].insert(aid, (a, at..at + 1));
                    }
                }
            }
            if let Some(cid) = Kind::Campaign.id_of(&c.raw) {
                objects[slot(Kind::Campaign)].insert(cid, (&c.raw, first..groups.len()));
            }
        }
        Index { objects, groups }
    }
}

impl<'a> Ctx<'a> {
    pub fn new(opts: &'a Options, live: &'a LiveAccount, families: &'a [Family]) -> Ctx<'a> {
        Ctx {
            opts,
            live,
            families,
            index: OnceCell::new(),
            zone: learning::zone(live.time_zone.as_deref()),
        }
    }

    fn index(&self) -> &Index<'a> {
        self.index.get_or_init(|| Index::of(self.live))
    }

    /// The learning estimates of the ad groups a change's live object affects, by
    /// name (the account lists them in no order a reader can rely on).
    pub fn learning_of(&self, change: &Change) -> Vec<Cited<'_>> {
        let Some((_, range)) = self.entry(change) else {
            return Vec::new();
        };
        let mut cited: Vec<Cited<'_>> = self.index().groups[range.clone()]
            .iter()
            .map(|g| Cited {
                name: g.name,
                estimate: g.estimate.get_or_init(|| self.estimate(g)),
            })
            .collect();
        cited.sort_by(|a, b| a.name.cmp(b.name));
        cited
    }

    fn estimate(&self, g: &Group<'_>) -> Estimate {
        let conversions: Option<BTreeMap<_, _>> = Kind::AdGroup
            .id_of(&g.live.raw)
            .and_then(|gid| self.live.delivery.days(&gid))
            .map(|days| days.iter().map(|(d, f)| (*d, f.conversions)).collect());
        learning::estimate(
            &Timeline::of(g.campaign, &g.live.raw, &g.live.ads),
            conversions.as_ref(),
            self.opts.now,
            &self.zone,
        )
    }

    fn entry(&self, change: &Change) -> Option<&(&'a Value, Range<usize>)> {
        self.index().objects[slot(change.kind)].get(change.id.as_deref()?)
    }

    /// The live object a change is about, when it has one.
    pub fn live_object(&self, change: &Change) -> Option<&'a Value> {
        self.entry(change).map(|(raw, _)| *raw)
    }

    /// Lifetime spend of the live object a change is about, when reported.
    pub fn spend(&self, change: &Change) -> Option<Money> {
        self.live_object(change)?;
        self.live.spend.get(change.id.as_deref()?).copied()
    }

    /// Runs `check` on every change; what it reads of the account is looked up
    /// when it asks.
    pub fn each(&self, plan: &mut Plan, mut check: impl FnMut(&mut Object)) {
        for change in &mut plan.changes {
            check(&mut Object {
                kind: change.kind,
                change,
                opts: self.opts,
                ctx: self,
            });
        }
    }
}

/// One change with what the per-object rules need.
pub struct Object<'c, 'a> {
    pub kind: Kind,
    pub change: &'c mut Change,
    pub opts: &'a Options,
    ctx: &'c Ctx<'a>,
}

impl<'c, 'a> Object<'c, 'a> {
    /// The live object this change is about, when it has one.
    pub fn live(&self) -> Option<&'a Value> {
        self.ctx.live_object(self.change)
    }

    /// Lifetime spend of this object, when known.
    pub fn spend(&self) -> Option<Money> {
        self.ctx.spend(self.change)
    }

    /// The learning estimates of the ad groups this change affects.
    pub fn learning(&self) -> Vec<Cited<'c>> {
        self.ctx.learning_of(self.change)
    }
}

impl Object<'_, '_> {
    /// When the live object was created.
    pub fn created(&self) -> Option<Timestamp> {
        wire_time(self.live()?, "create_time")
    }

    /// When the live object was last modified.
    pub fn modified(&self) -> Option<Timestamp> {
        wire_time(self.live()?, "modify_time")
    }
}

pub fn wire_time(raw: &Value, key: &str) -> Option<Timestamp> {
    crate::spec::schedule::parse_wire_time(raw.get(key)?.as_str()?)
}

/// How many ad groups a learning note names before it counts the rest.
const NOTE_GROUPS: usize = 3;

/// Where the cited ad groups that have started delivering stand in their learning
/// phase, for a finding's message: `ad group `G` is learning (12 conversions in the
/// last 7 days, on pace for 30 of the ~50 a week it needs; edits are safe from
/// 2026-05-10)`. `None` when none has started.
pub fn learning_note(cited: &[Cited], now: Timestamp) -> Option<String> {
    // Nothing is learnt before the start, nothing is lost after the end.
    let told: Vec<&Cited> = cited
        .iter()
        .filter(|c| !matches!(c.estimate.state, State::Scheduled | State::Ended))
        .collect();
    let one = |c: &Cited| {
        let e = c.estimate;
        let count = match (e.conversions_7d, e.projected_7d) {
            (Some(n), Some(p)) => format!(
                "{n} conversions in the last 7 days, on pace for {p} of the ~{} a week it needs",
                crate::facts::LEARNING_CONVERSIONS_PER_WEEK
            ),
            _ => "no report of its conversions".to_string(),
        };
        let safe = e
            .safe_from
            .filter(|_| e.in_freeze(now))
            .map(|d| format!("; edits are safe from {d}"))
            .unwrap_or_default();
        let restarted = if e.restarted && e.in_freeze(now) {
            e.since
                .map(|s| format!(" since the edit of {}", crate::spec::schedule::wire_time(s)))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let state = match e.state {
            State::Learning => format!("is learning{restarted} ({count}{safe})"),
            State::Exited => format!(
                "left learning{} ({count})",
                e.exited_on.map(|d| format!(" by {d}")).unwrap_or_default()
            ),
            State::UnlikelyToExit => {
                format!("is unlikely to leave learning{restarted} ({count}{safe})")
            }
            State::Unknown => {
                "is past its first 7 days; its learning state is unknown without the report"
                    .to_string()
            }
            State::Scheduled | State::Ended => String::new(),
        };
        format!("ad group `{}` {state}", c.name)
    };
    let mut parts: Vec<String> = told.iter().take(NOTE_GROUPS).map(|c| one(c)).collect();
    if told.len() > NOTE_GROUPS {
        parts.push(format!("{} more ad groups", told.len() - NOTE_GROUPS));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The campaigns (by id) whose report the learning rules would cite: those with a
/// change SP302 or SP303 speaks about. `plan` reads delivery for these only.
pub fn learning_wanted(draft: &Draft, live: &LiveAccount, opts: &Options) -> Vec<String> {
    // Neither rule speaks about an unchanged object: leave the bulk of a large plan
    // out of the probe.
    let mut probe = Plan {
        changes: draft
            .plan
            .changes
            .iter()
            .filter(|c| c.action != Action::Unchanged)
            .cloned()
            .collect(),
        ..Plan::default()
    };
    let ctx = Ctx::new(opts, live, &draft.families);
    let rules: [&dyn PlanRule; 2] = [
        &sp302_learning_phase::LearningPhase,
        &sp303_bid_step::BidStep,
    ];
    for rule in rules {
        rule.check(&mut probe, &ctx);
    }
    let codes = [sp302_learning_phase::INFO.code, sp303_bid_step::INFO.code];
    let names: Vec<&str> = probe
        .changes
        .iter()
        .filter(|c| c.findings.iter().any(|f| codes.contains(&f.code.as_str())))
        .map(|c| c.campaign.as_str())
        .collect();
    super::campaign_ids(&draft.plan, &names)
}

/// The new amount of a budget change to a live object (`budget.amount` with an old
/// value), which SP311 and SP315 judge against spend.
pub fn new_budget(change: &Change) -> Option<Money> {
    change
        .fields
        .iter()
        .find(|f| f.path == "budget.amount" && f.old.is_some())
        .and_then(|f| f.new.as_ref())
        .and_then(Money::from_json)
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
