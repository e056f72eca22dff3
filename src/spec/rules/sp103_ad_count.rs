//! SP103: an ad group holds at most 30 ads.

use crate::facts::MAX_ADS_PER_AD_GROUP;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups};

pub(super) struct AdCount;

static INFO: RuleInfo = RuleInfo {
    code: "SP103",
    name: "ad-count",
    severity: Severity::Error,
    summary: "an ad group has at most 30 ads",
};

impl Rule for AdCount {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, group) in ad_groups(file) {
            let n = group.ads.len();
            if n > MAX_ADS_PER_AD_GROUP {
                out.report(
                    &INFO,
                    group.ads.pos,
                    format!(
                        "ad group `{}` has {n} ads, more than {MAX_ADS_PER_AD_GROUP}",
                        group.name.value
                    ),
                    format!("{n} ads"),
                    format!(
                        "an ad group holds at most {MAX_ADS_PER_AD_GROUP} ads; move some into \
                         another ad group, or combine creatives into fewer ads (up to 50 each)"
                    ),
                );
            }
        }
    }
}
