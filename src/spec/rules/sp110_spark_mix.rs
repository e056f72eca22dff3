//! SP110: Spark and non-Spark ads are never mixed in one campaign, and a Spark post
//! is only posted by a Spark identity.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::{Ad, SpecFile};
use crate::spec::rules::{Context, Rule, RuleInfo};

pub(super) struct SparkMix;

static INFO: RuleInfo = RuleInfo {
    code: "SP110",
    name: "spark-mix",
    severity: Severity::Error,
    summary: "Spark and non-Spark ads are not mixed in one campaign; Spark posts need a Spark identity",
};

/// Spark when the identity is a TikTok account or the creatives are existing posts.
fn is_spark(ad: &Ad) -> bool {
    ad.identity.kind.is_spark() || ad.creatives.iter().any(|c| c.spark_post.is_some())
}

impl Rule for SparkMix {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let ads = || campaign.ad_groups.iter().flat_map(|g| g.ads.iter());
            // Which family came first decides which ads are the odd ones out.
            let Some(first) = ads().next() else { continue };
            let first_spark = is_spark(first);
            for ad in ads().filter(|ad| is_spark(ad) != first_spark) {
                let (this, that) = if first_spark {
                    ("non-Spark", "Spark")
                } else {
                    ("Spark", "non-Spark")
                };
                out.report(
                    &INFO,
                    ad.identity.kind.pos,
                    format!(
                        "ad `{}` is {this} but campaign `{}` already has {that} ad `{}`",
                        ad.name.value, campaign.name.value, first.name.value
                    ),
                    format!("{this} ad"),
                    "a Smart+ campaign runs either Spark ads (identity `tiktok_user`, \
                     `business_center` or `auth_code`) or non-Spark ads (identity `custom`), \
                     not both; move this ad to its own campaign",
                );
            }
            for ad in ads().filter(|ad| !ad.identity.kind.is_spark()) {
                for post in ad.creatives.iter().filter_map(|c| c.spark_post.as_ref()) {
                    out.report(
                        &INFO,
                        post.pos,
                        format!(
                            "ad `{}` uses Spark post `{}` with a `custom` identity",
                            ad.name.value, post.value
                        ),
                        "needs a Spark identity",
                        "a Spark post is delivered as the TikTok account that posted it: set the \
                         identity `type` to `tiktok_user`, `business_center` or `auth_code`",
                    );
                }
            }
        }
    }
}
