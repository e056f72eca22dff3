//! SP131: calls to action fit the identity, the objective and the placement.
//!
//! On the TikTok placement (automatic placement includes it), Spark ads and lead
//! generation take no `calls_to_action`, and Spark ads of app and web campaigns need
//! a dynamic call-to-action portfolio (`call_to_action_portfolio` or its
//! `call_to_action_id`); elsewhere the list is
//! fine. A list and a portfolio never go together (reference §14).

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::Objective;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo, ads, delivers_on_tiktok};

pub(super) struct CtaSpark;

static INFO: RuleInfo = RuleInfo {
    code: "SP131",
    name: "calls-to-action-allowed",
    severity: Severity::Error,
    summary: "Spark ads on TikTok use a CTA portfolio; `calls_to_action` only where TikTok takes them",
};

impl Rule for CtaSpark {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (campaign, group, ad) in ads(file) {
            let on_tiktok = delivers_on_tiktok(group);
            let spark = ad.identity.kind.is_spark();
            let ctas = ad.calls_to_action.as_ref().filter(|c| !c.is_empty());
            let objective = campaign.objective.value;
            let portfolio = ad.call_to_action_id.is_some() || ad.call_to_action_portfolio.is_some();
            if let Some(ctas) = ctas {
                let why = if portfolio {
                    "a CTA portfolio beside them".to_string()
                } else if !on_tiktok {
                    continue;
                } else if objective == Objective::LeadGeneration {
                    "a `lead_generation` campaign on the TikTok placement".to_string()
                } else if spark {
                    format!(
                        "the Spark identity `{}` on the TikTok placement",
                        ad.identity.kind.value
                    )
                } else {
                    continue;
                };
                out.report(
                    &INFO,
                    ctas.pos,
                    format!("ad `{}` lists calls to action with {why}", ad.name.value),
                    "use a CTA portfolio",
                    "TikTok refuses this: Spark identities and lead generation on TikTok take a \
                     dynamic call-to-action portfolio, and a portfolio replaces the list; list \
                     them as `call_to_action_portfolio: [...]` instead of `calls_to_action`",
                );
                continue;
            }
            let needs_portfolio = spark
                && on_tiktok
                && matches!(
                    objective,
                    Objective::WebConversions | Objective::AppPromotion
                );
            if needs_portfolio && !portfolio {
                out.report(
                    &INFO,
                    ad.identity.kind.pos,
                    format!(
                        "Spark ad `{}` delivers on TikTok without a CTA portfolio",
                        ad.name.value
                    ),
                    "needs a CTA portfolio",
                    "TikTok refuses Spark ads of app and web campaigns on the TikTok placement \
                     (automatic placement includes it) without a dynamic call-to-action \
                     portfolio: add `call_to_action_portfolio: [learn_more, shop_now]` (or a \
                     `call_to_action_id`)",
                );
            }
        }
    }
}
