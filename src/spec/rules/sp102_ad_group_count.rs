//! SP102: a campaign has at most 30 ad groups (one without any is SP207's).

use crate::facts::MAX_AD_GROUPS_PER_CAMPAIGN;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo};

pub(super) struct AdGroupCount;

static INFO: RuleInfo = RuleInfo {
    code: "SP102",
    name: "ad-group-count",
    severity: Severity::Error,
    summary: "a campaign has at most 30 ad groups",
};

impl Rule for AdGroupCount {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let n = campaign.ad_groups.len();
            if n > MAX_AD_GROUPS_PER_CAMPAIGN {
                out.report(
                    &INFO,
                    campaign.ad_groups.pos,
                    format!(
                        "campaign `{}` has {n} ad groups, more than {MAX_AD_GROUPS_PER_CAMPAIGN}",
                        campaign.name.value
                    ),
                    format!("{n} ad groups"),
                    format!(
                        "a Smart+ campaign holds at most {MAX_AD_GROUPS_PER_CAMPAIGN} ad groups; \
                         split it into two campaigns"
                    ),
                );
            }
        }
    }
}
