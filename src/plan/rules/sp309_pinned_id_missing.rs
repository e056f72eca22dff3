//! SP309: a pinned id is not in the account.

use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP309",
    name: "pinned-id-missing",
    severity: Severity::Error,
    summary: "a pinned id is not in the account",
};
