//! SP139: a Business Center identity names its Business Center.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::IdentityType;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct BusinessCenter;

static INFO: RuleInfo = RuleInfo {
    code: "SP139",
    name: "business-center-id",
    severity: Severity::Error,
    summary: "a `business_center` identity has a `business_center_id`, and only it",
};

impl Rule for BusinessCenter {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, _, ad) in ads(file) {
            let identity = &ad.identity;
            let business_center = identity.kind.value == IdentityType::BusinessCenter;
            match (&identity.business_center_id, business_center) {
                (None, true) => out.report(
                    &INFO,
                    identity.kind.pos,
                    format!(
                        "ad `{}` posts as a Business Center identity without its \
                         `business_center_id`",
                        ad.name.value
                    ),
                    "no `business_center_id`",
                    "TikTok refuses it (its message asks for `identity_bc_id`, which is this \
                     setting): add `business_center_id: <Business Center id>` to the identity",
                ),
                (Some(bc), false) => out.report(
                    &INFO,
                    bc.pos,
                    format!(
                        "ad `{}` gives a `business_center_id` to a `{}` identity",
                        ad.name.value, identity.kind.value
                    ),
                    "only for `business_center`",
                    "only identities authorised through Business Center have one; remove it, or \
                     set `type: business_center`",
                ),
                _ => {}
            }
        }
    }
}
