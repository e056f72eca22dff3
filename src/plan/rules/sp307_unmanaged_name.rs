//! SP307: a spec campaign's name belongs to a legacy Smart+ or manual campaign,
//! which smartplus never touches. Creating a second campaign of that name would
//! make every later match a guess, so the campaign is not planned.

use super::{PlanRule, finding};
use crate::plan::Options;
use crate::plan::matching::Issue;
use crate::plan::model::Finding;
use crate::spec::Severity;
use crate::spec::rules::RuleInfo;
use crate::wire::OtherKind;

pub static INFO: RuleInfo = RuleInfo {
    code: "SP307",
    name: "unmanaged-campaign-name",
    severity: Severity::Error,
    summary: "a spec campaign's name belongs to a legacy Smart+ or manual campaign, which smartplus never touches",
};

pub struct UnmanagedName;

impl PlanRule for UnmanagedName {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn issue(&self, issue: &Issue, _opts: &Options) -> Option<Finding> {
        let Issue::UnmanagedName { name, other } = issue else {
            return None;
        };
        let help = match other.kind {
            OtherKind::LegacySmartPlus => {
                "legacy Smart+ campaigns cannot be edited any more; give the new campaign another name and pause the legacy one in Ads Manager (see docs/import.md)"
            }
            OtherKind::Manual => "give the Smart+ campaign a different name",
        };
        Some(finding(
            &INFO,
            false,
            format!(
                "campaign `{name}` is the name of {} (id {}), which smartplus never changes",
                other.kind.describe(),
                other.id
            ),
            Some(help.into()),
        ))
    }
}
