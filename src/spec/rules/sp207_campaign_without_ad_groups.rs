//! SP207 (warning): a campaign without ad groups delivers nothing.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo};

pub(super) struct CampaignWithoutAdGroups;

static INFO: RuleInfo = RuleInfo {
    code: "SP207",
    name: "campaign-without-ad-groups",
    severity: Severity::Warning,
    summary: "a campaign has at least one ad group",
};

impl Rule for CampaignWithoutAdGroups {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            if campaign.ad_groups.is_empty() {
                out.report(
                    &INFO,
                    campaign.ad_groups.pos,
                    format!("campaign `{}` has no ad groups", campaign.name.value),
                    "empty",
                    "a campaign without ad groups exists but never delivers (TikTok keeps such \
                     campaigns, e.g. when a build stopped half way); add an ad group, or delete \
                     the campaign",
                );
            }
        }
    }
}
