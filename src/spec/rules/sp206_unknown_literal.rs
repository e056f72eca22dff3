//! SP206 (warning): a platform value smartplus does not know is sent as written.
//!
//! Optimisation events, calls to action, placements, ages, attribution windows and
//! behaviours (scenes, actions, periods) are lists TikTok extends: a TikTok literal
//! outside smartplus's names (`ON_WEB_ORDER`) is carried unchanged, and this warning
//! makes sure a typo does not go unnoticed.

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::enums::ActionScene;
use crate::spec::model::{Behavior, Placements, SpecFile};
use crate::spec::open::{Open, Vocabulary};
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups, ads};
use crate::spec::span::Sp;

pub(super) struct UnknownLiteral;

static INFO: RuleInfo = RuleInfo {
    code: "SP206",
    name: "unknown-platform-value",
    severity: Severity::Warning,
    summary: "values of TikTok's growing lists are ones smartplus knows, or checked by hand",
};

fn report<T: Vocabulary>(what: &str, owner: &str, value: &Sp<Open<T>>, out: &mut Findings) {
    let Open::Other(literal) = &value.value else {
        return;
    };
    out.report(
        &INFO,
        value.pos,
        format!(
            "{owner} uses `{literal}` as {what}, a value smartplus does not know; it is sent \
             to TikTok as written"
        ),
        "not known to smartplus",
        format!(
            "check the spelling against TikTok's list; smartplus knows these by name: {}",
            T::NAMES.join(", ")
        ),
    );
}

/// Behaviour periods TikTok lists (days); 0, "no set period", is written as none.
const KNOWN_PERIODS: &[u32] = &[7, 15];

/// A video behaviour's period outside TikTok's list is sent as written too.
fn period(owner: &str, b: &Behavior, out: &mut Findings) {
    let Some(p) = &b.period_days else { return };
    let video = b.scene.value.known().is_none_or(ActionScene::has_period);
    if !video || p.value == 0 || KNOWN_PERIODS.contains(&p.value) {
        return; // SP143 speaks about these
    }
    out.report(
        &INFO,
        p.pos,
        format!(
            "{owner} looks back {} days in a behaviour, a period smartplus does not know; it is \
             sent to TikTok as written",
            p.value
        ),
        "not known to smartplus",
        "TikTok lists 7 and 15 days (or none: leave `period_days` out); check the number",
    );
}

impl Rule for UnknownLiteral {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, group) in ad_groups(file) {
            let owner = format!("ad group `{}`", group.name.value);
            if let Some(event) = &group.optimization.event {
                report("its optimisation event", &owner, event, out);
            }
            if let Some(Placements::Chosen(list)) = group.placements.as_ref().map(|p| &p.value) {
                for p in list {
                    report("a placement", &owner, p, out);
                }
            }
            let t = &group.targeting;
            if let Some(age) = &t.minimum_age {
                report("its minimum age", &owner, age, out);
            }
            for age in t.age_groups.iter().flat_map(|l| l.iter()) {
                report("an age group", &owner, age, out);
            }
            for b in t.behaviors.iter().flat_map(|l| l.iter()) {
                report("a behaviour scene", &owner, &b.scene, out);
                for action in b.actions.iter() {
                    report("a behaviour action", &owner, action, out);
                }
                period(&owner, b, out);
            }
            if let Some(a) = &group.attribution {
                if let Some(click) = &a.click {
                    report("its click window", &owner, click, out);
                }
                if let Some(view) = &a.view {
                    report("its view window", &owner, view, out);
                }
            }
        }
        for (_, _, ad) in ads(file) {
            let owner = format!("ad `{}`", ad.name.value);
            let portfolio = ad.call_to_action_portfolio.iter().flat_map(|l| l.iter());
            for cta in ad
                .calls_to_action
                .iter()
                .flat_map(|l| l.iter())
                .chain(portfolio)
            {
                report("a call to action", &owner, cta, out);
            }
        }
    }
}
