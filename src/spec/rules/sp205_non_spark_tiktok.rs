//! SP205 (warning): non-Spark ads no longer deliver on the TikTok placement.

use crate::facts::NON_SPARK_CUTOFF;
use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, delivers_on_tiktok};

pub(super) struct NonSparkTiktok;

static INFO: RuleInfo = RuleInfo {
    code: "SP205",
    name: "non-spark-on-tiktok",
    severity: Severity::Warning,
    summary: "non-Spark (custom identity) ads are not placed on TikTok",
};

impl Rule for NonSparkTiktok {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        let cutoff: Option<jiff::civil::Date> = NON_SPARK_CUTOFF.parse().ok();
        let created = file
            .account
            .as_ref()
            .and_then(|a| a.created_on.as_ref())
            .map(|d| d.value);
        let new_account = matches!((created, cutoff), (Some(c), Some(cut)) if c >= cut);
        for campaign in file.campaigns.iter() {
            for group in campaign.ad_groups.iter() {
                let on_tiktok = delivers_on_tiktok(group);
                if !on_tiktok && !new_account {
                    continue;
                }
                for ad in group.ads.iter().filter(|a| !a.identity.kind.is_spark()) {
                    let (message, help) = if new_account {
                        (
                            format!(
                                "ad `{}` is a non-Spark ad, which this account cannot create",
                                ad.name.value
                            ),
                            format!(
                                "ad accounts created on or after {NON_SPARK_CUTOFF} cannot create \
                                 non-Spark ads at all; post as a TikTok account (identity \
                                 `tiktok_user`, `business_center` or `auth_code`)"
                            ),
                        )
                    } else {
                        (
                            format!(
                                "ad `{}` is a non-Spark ad but ad group `{}` delivers on TikTok",
                                ad.name.value, group.name.value
                            ),
                            "TikTok no longer accepts new non-Spark ads for the TikTok placement; \
                             use a Spark identity (`tiktok_user`, `business_center` or \
                             `auth_code`), or limit `placements` to `pangle` and \
                             `global_app_bundle`"
                                .to_string(),
                        )
                    };
                    out.report(
                        &INFO,
                        ad.identity.kind.pos,
                        message,
                        "custom identity",
                        help,
                    );
                }
            }
        }
    }
}
