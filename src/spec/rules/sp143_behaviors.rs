//! SP143: a behaviour says what people did, where, and in which categories, the way
//! TikTok takes it.
//!
//! TikTok needs at least one action and one category (by id) in each behaviour, takes
//! each action in one scene only (`liked` is a video action, `followed` a creator
//! one), and keeps a period for video behaviours only: a creator or hashtag behaviour
//! is stored with none whatever is sent, so a `period_days` there would never match
//! the account. Values outside smartplus's lists are not judged here (SP206 warns).

use crate::spec::diagnostic::{Findings, Severity};
use crate::spec::model::{Behavior, SpecFile};
use crate::spec::rules::{Context, Rule, RuleInfo, ad_groups};

pub(super) struct Behaviors;

static INFO: RuleInfo = RuleInfo {
    code: "SP143",
    name: "behavior-targeting",
    severity: Severity::Error,
    summary: "a behaviour has actions of its scene, category ids, and a period only for videos",
};

impl Rule for Behaviors {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, file: &SpecFile, _: &Context, out: &mut Findings) {
        for (_, group) in ad_groups(file) {
            for b in group.targeting.behaviors.iter().flat_map(|l| l.iter()) {
                check_one(&group.name.value, b, out);
            }
        }
    }
}

fn check_one(group: &str, b: &Behavior, out: &mut Findings) {
    let scene = b.scene.value.known();
    if b.actions.is_empty() {
        out.report(
            &INFO,
            b.actions.pos,
            format!(
                "a `{}` behaviour of ad group `{group}` lists no actions",
                b.scene.value
            ),
            "no actions",
            "TikTok needs at least one: add what people did, e.g. `actions: [watched_to_end]`",
        );
    }
    if b.categories.is_empty() {
        out.report(
            &INFO,
            b.categories.pos,
            format!(
                "a `{}` behaviour of ad group `{group}` lists no categories",
                b.scene.value
            ),
            "no categories",
            "TikTok needs at least one action category id (from `tool/action_category/`), \
             e.g. `categories: [\"25011\"]`",
        );
    }
    for c in b.categories.iter() {
        if c.is_empty() || !c.bytes().all(|d| d.is_ascii_digit()) {
            out.report(
                &INFO,
                c.pos,
                format!("ad group `{group}` names the action category `{}`", c.value),
                "not a category id",
                "action categories are written by id, digits only (as `tool/action_category/` \
                 lists them), e.g. \"25011\"",
            );
        }
    }
    for a in b.actions.iter() {
        let (Some(scene), Some(action)) = (scene, a.value.known()) else {
            continue;
        };
        if action.scene() != scene {
            out.report(
                &INFO,
                a.pos,
                format!(
                    "ad group `{group}` lists `{action}` in a `{scene}` behaviour; it is a `{}` action",
                    action.scene()
                ),
                "not an action of this scene",
                format!(
                    "move it to a behaviour with `scene: {}`, or use one of: {}",
                    action.scene(),
                    crate::spec::enums::UserAction::ALL
                        .iter()
                        .filter(|x| x.scene() == scene)
                        .map(|x| x.yaml())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    let Some(period) = &b.period_days else {
        return;
    };
    if period.value == 0 {
        out.report(
            &INFO,
            period.pos,
            format!("a behaviour of ad group `{group}` has `period_days: 0`"),
            "not a period",
            "leave `period_days` out for no set period, or write 7 or 15",
        );
    } else if let Some(scene) = scene.filter(|s| !s.has_period()) {
        out.report(
            &INFO,
            period.pos,
            format!("a `{scene}` behaviour of ad group `{group}` has a period"),
            "video behaviours only",
            format!(
                "TikTok keeps no period for `{scene}` behaviours (it stores none whatever is \
                 sent): remove `period_days`"
            ),
        );
    }
}
