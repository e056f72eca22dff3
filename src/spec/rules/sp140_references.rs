//! SP140: references to things of the account are well formed, and `plan` finds
//! what they name.
//!
//! Offline, each location, pixel, identity, audience, interest category and instant
//! form is read as an id, a country code or a name (`spec::refs`), and an identity
//! gives its `id` or its `name`, not both. `plan` reports a name the account does not
//! have, or has more than once, under the same code (`plan::resolve`).

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::SpecFile;
use crate::spec::refs;
use crate::spec::rules::{Context, Rule, RuleInfo, ads};

pub(super) struct References;

pub(crate) static INFO: RuleInfo = RuleInfo {
    code: "SP140",
    name: "references",
    severity: Severity::Error,
    summary: "locations, pixels, identities, audiences, interests and forms are written as an id, a country code or a name the account has once",
};

impl Rule for References {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for r in refs::references(file) {
            if let Err(e) = r.read() {
                out.report(
                    &INFO,
                    r.text.pos,
                    format!("`{}` is not a {}", r.text.value, r.kind.noun()),
                    e.label,
                    e.help,
                );
            }
        }
        for (_, _, ad) in ads(file) {
            if let (Some(_), Some(list)) = (&ad.call_to_action_id, &ad.call_to_action_portfolio) {
                out.report(
                    &INFO,
                    list.pos,
                    format!(
                        "ad `{}` gives both a `call_to_action_id` and a `call_to_action_portfolio`",
                        ad.name.value
                    ),
                    "one of the two",
                    "a portfolio is named by its id or by its calls to action, not both",
                );
            }
            let identity = &ad.identity;
            match (&identity.id, &identity.name) {
                (Some(_), Some(name)) => out.report(
                    &INFO,
                    name.pos,
                    format!(
                        "the identity of ad `{}` gives both an `id` and a `name`",
                        ad.name.value
                    ),
                    "one of the two",
                    "give the identity's `id` or its display `name`, not both",
                ),
                (None, None) => out.report(
                    &INFO,
                    identity.kind.pos,
                    format!(
                        "the identity of ad `{}` has neither `id` nor `name`",
                        ad.name.value
                    ),
                    "which identity?",
                    "add the identity's display `name` (e.g. `name: Brand`) or its `id`",
                ),
                _ => {}
            }
        }
    }
}
