//! SP307: a spec campaign's name belongs to a legacy Smart+ or manual campaign, which smartplus never touches.

use crate::spec::Severity;
use crate::spec::rules::RuleInfo;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP307",
    name: "unmanaged-campaign-name",
    severity: Severity::Error,
    summary: "a spec campaign's name belongs to a legacy Smart+ or manual campaign, which smartplus never touches",
};
