//! SP308: two live objects share the name the spec uses, so the match would be a
//! guess; the object is not planned until one is pinned by id or renamed.

use super::{PlanRule, finding};
use crate::plan::Options;
use crate::plan::matching::Issue;
use crate::plan::model::Finding;
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP308",
    name: "duplicate-live-name",
    severity: Severity::Error,
    summary: "two live objects share the name the spec uses, so the match would be a guess",
};

pub struct DuplicateLiveName;

impl PlanRule for DuplicateLiveName {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn issue(&self, issue: &Issue, _opts: &Options) -> Option<Finding> {
        let Issue::DuplicateLiveName { kind, name, ids } = issue else {
            return None;
        };
        Some(finding(
            &INFO,
            false,
            format!(
                "{} live {}s are named `{name}` (ids {})",
                ids.len(),
                kind.label(),
                ids.join(", ")
            ),
            Some(
                "pin the one to manage with `id:` in the spec, or rename the others in Ads Manager"
                    .into(),
            ),
        ))
    }
}
