//! SP204 (warning): automatic creative rotation in a special-industry campaign.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::Automation;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo};

pub(super) struct RotationSpecial;

static INFO: RuleInfo = RuleInfo {
    code: "SP204",
    name: "rotation-in-special-industry",
    severity: Severity::Warning,
    summary: "special-industry campaigns set creative rotation to `manual`",
};

impl Rule for RotationSpecial {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let Some(industries) = campaign
                .special_industries
                .as_ref()
                .filter(|s| !s.is_empty())
            else {
                continue;
            };
            let rotation = campaign
                .automation
                .as_ref()
                .and_then(|a| a.creative_rotation.as_ref());
            let pos = match rotation {
                Some(r) if r.value == Automation::Manual => continue,
                Some(r) => r.pos,
                None => industries.pos,
            };
            let list = industries
                .iter()
                .map(|i| format!("`{}`", i.value))
                .collect::<Vec<_>>()
                .join(", ");
            out.report(
                &INFO,
                pos,
                format!(
                    "campaign `{}` is in a special industry ({list}) but leaves creative rotation automatic",
                    campaign.name.value
                ),
                "automatic rotation",
                "automatic rotation moves spend towards the creatives that convert best, so some \
                 reviewed creatives may barely deliver; in regulated categories set \
                 `automation.creative_rotation: manual` to rotate evenly",
            );
        }
    }
}
