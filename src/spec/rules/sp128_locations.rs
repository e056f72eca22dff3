//! SP128: an ad group targets at least one location.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups};

pub(super) struct Locations;

static INFO: RuleInfo = RuleInfo {
    code: "SP128",
    name: "locations",
    severity: Severity::Error,
    summary: "an ad group targets at least one location",
};

impl Rule for Locations {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, group) in ad_groups(file) {
            let t = &group.targeting;
            let (pos, label) = match &t.locations {
                None => (t.pos, "no `locations`"),
                Some(l) if l.is_empty() => (l.pos, "empty"),
                Some(_) => continue,
            };
            out.report(
                &INFO,
                pos,
                format!("ad group `{}` targets no location", group.name.value),
                label,
                "TikTok requires at least one location id, in every targeting mode: add e.g. \
                 `locations: [\"6252001\"]` (United States)",
            );
        }
    }
}
