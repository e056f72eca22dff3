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
    summary: "web conversions have a sales destination, app promotion an `app`, lead generation ads an instant form",
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
                Objective::AppPromotion if campaign.app.is_none() => out.report(
                    &INFO,
                    objective.pos,
                    format!("campaign `{name}` promotes no app"),
                    "needs `app`",
                    "app promotion campaigns name the app: add `app: {id: <app id>, platform: \
                     android}`",
                ),
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
            for ad in campaign
                .ad_groups
                .iter()
                .flat_map(|g| g.ads.iter())
                .filter(|ad| ad.instant_form_id.is_none())
            {
                out.report(
                    &INFO,
                    ad.name.pos,
                    format!("lead generation ad `{}` has no instant form", ad.name.value),
                    "no `instant_form_id`",
                    "lead generation ads collect leads in an instant form: add \
                     `instant_form_id: <form page id>`",
                );
            }
        }
    }
}
