//! SP314: a create beside an enabled live object that looks like the same thing.
//!
//! Objects are matched by pinned `id:`, else by exact name, so a rename in the spec
//! plans a new object while the old one keeps spending: two campaigns (or ad groups,
//! or ads) where the spec shows one, and a budget table that counts one of them.
//! When a live object the specs do not match has the new object's name up to case
//! and spacing, or the same settings under another name in the same parent, the plan
//! is refused until the old object is pinned (a rename in place) or paused;
//! `--allow-lookalike` accepts both running.

use super::{PlanRule, finding};
use crate::plan::Options;
use crate::plan::lookalike::Resemblance;
use crate::plan::matching::Issue;
use crate::plan::model::{Finding, Kind};
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP314",
    name: "look-alike-live-object",
    severity: Severity::Error,
    summary: "a new campaign, ad group or ad would run beside an enabled live one that looks like it (a rename without `id:`, or a copy)",
};

pub struct LookAlike;

impl PlanRule for LookAlike {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn issue(&self, issue: &Issue, opts: &Options) -> Option<Finding> {
        let Issue::LookAlike {
            kind,
            name,
            campaign,
            live,
            how,
        } = issue
        else {
            return None;
        };
        let what = kind.label();
        let within = match kind {
            Kind::Campaign => String::new(),
            _ => format!(" in campaign `{campaign}`"),
        };
        let like = match how {
            Resemblance::Name => "the same name up to case and spacing",
            Resemblance::Settings => "the same settings under another name",
        };
        let message = format!(
            "{what} `{name}`{within} would be created beside live {what} `{}` (id {}, {}, {}), which has {like}: both would run and spend",
            live.name, live.id, live.status, live.budget
        );
        let help = if live.managed {
            format!(
                "to rename the live {what} instead, pin it in the spec with `id: {}`; to replace it, pause it first; to run both on purpose, pass --allow-lookalike",
                live.id
            )
        } else {
            format!(
                "smartplus never changes that {what} (it is not an Upgraded Smart+ one): pause it in Ads Manager, or give the new {what} a name of its own; to run both on purpose, pass --allow-lookalike"
            )
        };
        Some(finding(
            &INFO,
            opts.selection.allow_lookalike,
            message,
            Some(help),
        ))
    }
}
