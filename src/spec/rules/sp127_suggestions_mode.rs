//! SP127: audience suggestions are only read in manual or suggestion-steered targeting.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::TargetingMode;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups, targeting_mode};
use crate::spec::span::Pos;

pub(super) struct SuggestionsMode;

static INFO: RuleInfo = RuleInfo {
    code: "SP127",
    name: "suggestions-need-mode",
    severity: Severity::Error,
    summary: "age groups, gender, interests, audiences and behaviours need `manual` or `automatic_with_suggestions` targeting",
};

impl Rule for SuggestionsMode {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, group) in ad_groups(file) {
            if targeting_mode(group) != TargetingMode::Automatic {
                continue;
            }
            let t = &group.targeting;
            let fields: [(&str, Option<Pos>); 6] = [
                ("age_groups", t.age_groups.as_ref().map(|v| v.pos)),
                ("gender", t.gender.as_ref().map(|v| v.pos)),
                ("interests", t.interests.as_ref().map(|v| v.pos)),
                (
                    "interest_keywords",
                    t.interest_keywords.as_ref().map(|v| v.pos),
                ),
                ("audiences", t.audiences.as_ref().map(|v| v.pos)),
                ("behaviors", t.behaviors.as_ref().map(|v| v.pos)),
            ];
            for (key, pos) in fields {
                let Some(pos) = pos else { continue };
                out.report(
                    &INFO,
                    pos,
                    format!(
                        "ad group `{}` sets `{key}` under `automatic` targeting, where TikTok ignores it",
                        group.name.value
                    ),
                    "dropped in automatic mode",
                    "plain automatic targeting reads only the hard controls (locations, languages, \
                     minimum age, operating systems, excluded audiences); set `mode: \
                     automatic_with_suggestions` to use this as a hint, `mode: manual` to enforce \
                     it, or remove it",
                );
            }
        }
    }
}
