//! SP308: two live objects share the name the spec uses, so the match would be a guess.

use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP308",
    name: "duplicate-live-name",
    severity: Severity::Error,
    summary: "two live objects share the name the spec uses, so the match would be a guess",
};
