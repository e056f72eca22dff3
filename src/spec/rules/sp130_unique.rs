//! SP130: names are unique within their parent, and pinned ids are unique.

use std::collections::HashMap;

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::rules::{Context, Rule, RuleInfo};
use crate::spec::span::Sp;

pub(super) struct Unique;

static INFO: RuleInfo = RuleInfo {
    code: "SP130",
    name: "unique-names-and-ids",
    severity: Severity::Error,
    summary: "names are unique within their parent and pinned ids are unique",
};

/// Reports every value seen before in the same scope.
struct Seen<'a> {
    first: HashMap<&'a str, u32>,
}

impl<'a> Seen<'a> {
    fn new() -> Self {
        Seen {
            first: HashMap::new(),
        }
    }

    fn check(&mut self, value: &'a Sp<String>, what: &str, scope: &str, out: &mut Findings) {
        match self.first.get(value.as_str()) {
            Some(line) => out.report(
                &INFO,
                value.pos,
                format!("{what} `{}` is used twice {scope}", value.value),
                format!("first used on line {line}"),
                if what.ends_with("id") {
                    "an id pins one object; two entries cannot both be that object — remove \
                     one of the ids"
                        .to_string()
                } else {
                    format!(
                        "names identify objects when planning: rename one of them (names must be \
                         unique {scope})"
                    )
                },
            ),
            None => {
                self.first.insert(value.as_str(), value.pos.line);
            }
        }
    }
}

impl Rule for Unique {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        let mut campaign_names = Seen::new();
        let mut campaign_ids = Seen::new();
        let mut group_ids = Seen::new();
        let mut ad_ids = Seen::new();
        for campaign in file.campaigns.iter() {
            campaign_names.check(&campaign.name, "campaign name", "in this file", out);
            if let Some(id) = &campaign.id {
                campaign_ids.check(id, "campaign id", "in this file", out);
            }
            let mut group_names = Seen::new();
            let group_scope = format!("in campaign `{}`", campaign.name.value);
            for group in campaign.ad_groups.iter() {
                group_names.check(&group.name, "ad group name", &group_scope, out);
                if let Some(id) = &group.id {
                    group_ids.check(id, "ad group id", "in this file", out);
                }
                let mut ad_names = Seen::new();
                let ad_scope = format!("in ad group `{}`", group.name.value);
                for ad in group.ads.iter() {
                    ad_names.check(&ad.name, "ad name", &ad_scope, out);
                    if let Some(id) = &ad.id {
                        ad_ids.check(id, "ad id", "in this file", out);
                    }
                }
            }
        }
    }
}
