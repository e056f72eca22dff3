//! SP132: fields that belong to one objective are given there, and only there.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::Objective;
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo};

pub(super) struct ObjectiveFields;

static INFO: RuleInfo = RuleInfo {
    code: "SP132",
    name: "objective-fields",
    severity: Severity::Error,
    summary: "web conversions have a sales destination, app promotion an `app`, lead generation ads one destination per ad group",
};

impl Rule for ObjectiveFields {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for campaign in file.campaigns.iter() {
            let objective = &campaign.objective;
            let name = &campaign.name.value;
            match objective.value {
                Objective::WebConversions if campaign.sales_destination.is_none() => out.report(
                    &INFO,
                    objective.pos,
                    format!("campaign `{name}` has no `sales_destination`"),
                    "needs `sales_destination`",
                    "web conversion campaigns say where conversions happen: add \
                     `sales_destination: website` (or `app`, `web_and_app`)",
                ),
                // The app goes on each ad group: a campaign with none needs none yet.
                Objective::AppPromotion
                    if campaign.app.is_none() && !campaign.ad_groups.is_empty() =>
                {
                    out.report(
                        &INFO,
                        objective.pos,
                        format!("campaign `{name}` promotes no app"),
                        "needs `app`",
                        "app promotion campaigns name the app: add `app: {id: <app id>, \
                         platform: android}`",
                    );
                }
                _ => {}
            }
            if let Some(app) = &campaign.app
                && objective.value != Objective::AppPromotion
            {
                out.report(
                    &INFO,
                    app.pos,
                    format!(
                        "campaign `{name}` is `{}` but names an app",
                        objective.value
                    ),
                    "only for `app_promotion`",
                    "`app` belongs to `app_promotion` campaigns; remove it or change the objective",
                );
            }
            if objective.value != Objective::LeadGeneration {
                continue;
            }
            for group in campaign.ad_groups.iter() {
                lead_destinations(group, out);
            }
            if *campaign.budget.cbo {
                shared_destination(campaign, out);
            }
        }
    }
}

/// Under CBO every ad group of a campaign shares its `promotion_target_type`: one
/// lead destination for the whole campaign.
fn shared_destination(campaign: &crate::spec::model::Campaign, out: &mut Findings) {
    let forms = |g: &crate::spec::model::AdGroup| g.ads.iter().any(|a| a.instant_form_id.is_some());
    let mut groups = campaign.ad_groups.iter().filter(|g| !g.ads.is_empty());
    let Some(first) = groups.next() else { return };
    for group in groups.filter(|g| forms(g) != forms(first)) {
        let kind = |g| {
            if forms(g) {
                "an instant form"
            } else {
                "a website form"
            }
        };
        out.report(
            &INFO,
            group.name.pos,
            format!(
                "ad group `{}` collects leads in {} while ad group `{}` of the same campaign \
                 uses {}",
                group.name.value,
                kind(group),
                first.name.value,
                kind(first)
            ),
            "another lead destination",
            "with campaign budget optimisation every ad group of a campaign shares its lead \
             destination (`promotion_target_type`); move one kind to a campaign of its own",
        );
    }
}

/// Lead generation collects leads in an instant form, or in the website form behind
/// a landing page; TikTok sets one of the two per ad group (`promotion_target_type`).
fn lead_destinations(group: &crate::spec::model::AdGroup, out: &mut Findings) {
    let forms = group.ads.iter().any(|a| a.instant_form_id.is_some());
    for ad in group.ads.iter() {
        let (message, label, help) = match (&ad.instant_form_id, &ad.landing_page) {
            (None, None) => (
                format!("lead generation ad `{}` has no instant form", ad.name.value),
                "no `instant_form`",
                "lead generation ads collect leads in an instant form (`instant_form: <form \
                 title or id>`) or in the website form behind a `landing_page`",
            ),
            (None, Some(_)) if forms => (
                format!(
                    "lead generation ad `{}` sends people to a website while other ads of ad \
                     group `{}` use an instant form",
                    ad.name.value, group.name.value
                ),
                "a website among instant forms",
                "TikTok sets one lead destination per ad group: give every ad of it an \
                 `instant_form`, or move the website ads to an ad group of their own",
            ),
            _ => continue,
        };
        out.report(&INFO, ad.name.pos, message, label, help);
    }
}
