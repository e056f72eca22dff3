//! SP309: a pinned id is not in the account. Deleted objects cannot be adopted, and
//! creating a new one silently would break the pin's promise.

use super::{PlanRule, finding};
use crate::plan::Options;
use crate::plan::matching::Issue;
use crate::plan::model::Finding;
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP309",
    name: "pinned-id-missing",
    severity: Severity::Error,
    summary: "a pinned id is not in the account",
};

pub struct PinnedIdMissing;

impl PlanRule for PinnedIdMissing {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn issue(&self, issue: &Issue, _opts: &Options) -> Option<Finding> {
        let Issue::PinnedIdMissing { kind, name, id } = issue else {
            return None;
        };
        Some(finding(
            &INFO,
            false,
            format!(
                "{} `{name}` is pinned to id {id}, which is not in the account",
                kind.label()
            ),
            Some(
                "remove `id` to create it anew, or fix the id (deleted objects cannot be adopted)"
                    .into(),
            ),
        ))
    }
}
