//! SP203 (warning): an ad group without ads delivers nothing.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups, group_pos, list_pos};

pub(super) struct EmptyAdGroup;

static INFO: RuleInfo = RuleInfo {
    code: "SP203",
    name: "ad-group-without-ads",
    severity: Severity::Warning,
    summary: "an ad group has at least one ad",
};

impl Rule for EmptyAdGroup {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, group) in ad_groups(file) {
            if group.ads.is_empty() {
                out.report(
                    &INFO,
                    list_pos(&group.ads, group_pos(group)),
                    format!("ad group `{}` has no ads", group.name.value),
                    "no ads",
                    "an ad group without ads is created but never delivers; add an ad, or remove \
                     the ad group",
                );
            }
        }
    }
}
