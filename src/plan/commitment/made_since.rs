//! What the shown plan makes that the account has since: a file it uploads, or a CTA
//! portfolio it finds or makes. Another run may have made it meanwhile, or this run
//! in an earlier round; either way the re-derived plan names it by id where the
//! shown one holds a placeholder or a portfolio key. Both ask for the same thing, so
//! the shown plan is compared with those ids in place.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::plan::model::{Change, FieldChange, Plan, strings_mut};

/// The fields a CTA portfolio's key stands in for until the portfolio has an id.
const PORTFOLIO_FIELDS: [&str; 2] = ["call_to_action_portfolio", "call_to_action_id"];

/// The shown plan with the ids the account has now in place of its placeholders
/// and portfolio keys.
pub(super) fn with_ids<'a>(shown: &'a Plan, fresh: &Plan) -> Cow<'a, Plan> {
    let ids: HashMap<&str, &str> = shown
        .media
        .uploads
        .iter()
        .filter_map(|u| {
            let k = fresh
                .media
                .known
                .iter()
                .find(|k| k.kind == u.kind && k.sha256 == u.sha256)?;
            Some((u.placeholder.as_str(), k.id.as_str()))
        })
        .collect();
    let portfolios = portfolio_ids(shown, fresh);
    if ids.is_empty() && portfolios.is_empty() {
        return Cow::Borrowed(shown);
    }
    let mut out = shown.clone();
    for c in &mut out.changes {
        for body in [c.create.as_mut(), c.update.as_mut()].into_iter().flatten() {
            replace(body, &ids);
        }
        for f in &mut c.fields {
            for v in [f.old.as_mut(), f.new.as_mut()].into_iter().flatten() {
                replace(v, &ids);
            }
        }
        if let Some(fresh) = portfolios.get(c.key.as_str()) {
            take_portfolio(c, fresh);
        }
    }
    Cow::Owned(out)
}

/// Shown changes (by key) whose CTA portfolio the re-derived plan names by id: the
/// account has a portfolio of exactly the calls to action the spec lists.
fn portfolio_ids<'a>(shown: &Plan, fresh: &'a Plan) -> HashMap<&'a str, &'a Change> {
    shown
        .changes
        .iter()
        .filter(|s| s.portfolio.is_some())
        .filter_map(|s| fresh.changes.iter().find(|f| f.key == s.key))
        .filter(|f| f.portfolio.is_none() && portfolio_id(f).is_some())
        .map(|f| (f.key.as_str(), f))
        .collect()
}

/// The `ad_configuration.call_to_action_id` a change sends.
fn portfolio_id(c: &Change) -> Option<&str> {
    [c.create.as_ref(), c.update.as_ref()]
        .into_iter()
        .flatten()
        .find_map(|b| {
            b.get("ad_configuration")?
                .get("call_to_action_id")?
                .as_str()
        })
}

/// The shown change as it is once its portfolio has `fresh`'s id.
fn take_portfolio(c: &mut Change, fresh: &Change) {
    let Some(id) = portfolio_id(fresh) else {
        return;
    };
    c.portfolio = None;
    c.set_call_to_action_id(id);
    c.fields
        .retain(|f| !PORTFOLIO_FIELDS.contains(&f.path.as_str()));
    let taken: Vec<FieldChange> = fresh
        .fields
        .iter()
        .filter(|f| PORTFOLIO_FIELDS.contains(&f.path.as_str()))
        .cloned()
        .collect();
    c.fields.extend(taken);
}

fn replace(v: &mut Value, ids: &HashMap<&str, &str>) {
    strings_mut(v, &mut |s| {
        if let Some(id) = ids.get(s.as_str()) {
            *s = (*id).to_owned();
        }
    });
}

/// A line when the files the plans name hold other contents now.
pub(super) fn media_differences(shown: &Plan, fresh: &Plan) -> Option<String> {
    let contents = |p: &Plan| -> BTreeSet<(String, String)> {
        p.media
            .uploads
            .iter()
            .map(|u| (u.kind.as_str().to_owned(), u.sha256.clone()))
            .chain(
                p.media
                    .known
                    .iter()
                    .map(|k| (k.kind.as_str().to_owned(), k.sha256.clone())),
            )
            .collect()
    };
    (contents(shown) != contents(fresh)).then(|| {
        "the media files the specs name hold other contents than when the plan was made".into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::{Action, KnownMedia, Media, Upload};
    use crate::spec::media::MediaKind;
    use serde_json::json;

    fn ad(video: &str) -> Change {
        crate::plan::model::video_ad("c0/g0/a0", video)
    }

    fn upload() -> Upload {
        Upload {
            kind: MediaKind::Video,
            path: "hero.mp4".into(),
            size: 1,
            sha256: "a".repeat(64),
            md5: "b".repeat(32),
            file_name: "aaaaaaaa-hero.mp4".into(),
            mime: "video/mp4".into(),
            placeholder: "(upload hero.mp4)".into(),
            replaces: None,
            locks: Vec::new(),
        }
    }

    fn known(sha: &str) -> KnownMedia {
        KnownMedia {
            kind: MediaKind::Video,
            sha256: sha.into(),
            md5: "b".repeat(32),
            id: "v-made".into(),
            file_name: "aaaaaaaa-hero.mp4".into(),
            locks: Vec::new(),
        }
    }

    #[test]
    fn an_upload_the_account_has_now_stands_for_its_id() {
        let shown = Plan {
            media: Media {
                uploads: vec![upload()],
                known: Vec::new(),
            },
            changes: vec![ad("(upload hero.mp4)")],
            ..Plan::default()
        };
        let fresh = Plan {
            media: Media {
                uploads: Vec::new(),
                known: vec![known(&"a".repeat(64))],
            },
            changes: vec![ad("v-made")],
            ..Plan::default()
        };
        let now = with_ids(&shown, &fresh);
        assert_eq!(now.changes, fresh.changes);
        assert_eq!(media_differences(&shown, &fresh), None);
        // Other contents under the same file: not the same upload.
        let other = Plan {
            media: Media {
                uploads: Vec::new(),
                known: vec![known(&"c".repeat(64))],
            },
            ..fresh.clone()
        };
        assert_ne!(with_ids(&shown, &other).changes, other.changes);
        assert!(media_differences(&shown, &other).is_some());
        // Nothing made since: the shown plan as it is.
        assert!(matches!(with_ids(&shown, &shown), Cow::Borrowed(_)));
    }

    /// Creatives are listed sorted by content: ids in place of placeholders may sort
    /// them otherwise, and the plan still holds.
    #[test]
    fn uploads_that_sort_otherwise_as_ids_still_hold() {
        let two = |a: &str, b: &str| {
            let mut c = ad(a);
            c.fields[0].new = Some(json!([{"video": {"id": a}}, {"video": {"id": b}}]));
            c.create = Some(json!({"creative_list": [
                {"creative_info": {"video_info": {"video_id": a}}},
                {"creative_info": {"video_info": {"video_id": b}}}
            ]}));
            c
        };
        let second = Upload {
            path: "zz.mp4".into(),
            sha256: "d".repeat(64),
            placeholder: "(upload zz.mp4)".into(),
            ..upload()
        };
        let shown = Plan {
            media: Media {
                uploads: vec![upload(), second],
                known: Vec::new(),
            },
            changes: vec![two("(upload hero.mp4)", "(upload zz.mp4)")],
            ..Plan::default()
        };
        let mut fresh = shown.clone();
        fresh.media = Media {
            uploads: Vec::new(),
            known: vec![
                KnownMedia {
                    id: "v-2".into(),
                    ..known(&"a".repeat(64))
                },
                KnownMedia {
                    id: "v-1".into(),
                    ..known(&"d".repeat(64))
                },
            ],
        };
        // Sorted as the plan sorts them: by content, so `v-1` first.
        let mut c = two("v-2", "v-1");
        c.fields[0].new = Some(json!([{"video": {"id": "v-1"}}, {"video": {"id": "v-2"}}]));
        fresh.changes = vec![c];
        assert_eq!(
            crate::plan::commitment::check(&shown, &fresh),
            crate::plan::commitment::Verdict::Holds { done: vec![] }
        );
    }

    #[test]
    fn a_portfolio_the_account_has_now_stands_for_its_id() {
        let listed = |c: &mut Change| {
            c.fields.push(FieldChange {
                path: "call_to_action_portfolio".into(),
                old: None,
                new: Some(json!(["learn_more", "shop_now"])),
                forces_replace: false,
                note: None,
            });
        };
        let mut shown = ad("v1");
        listed(&mut shown);
        shown.portfolio = Some("cta0".into());
        let mut fresh = ad("v1");
        fresh.fields.push(FieldChange {
            path: "call_to_action_id".into(),
            old: None,
            new: Some(json!("7500")),
            forces_replace: false,
            note: None,
        });
        fresh.create.as_mut().expect("body")["ad_configuration"] =
            json!({"call_to_action_id": "7500"});
        let (shown, fresh) = (
            Plan {
                changes: vec![shown],
                ..Plan::default()
            },
            Plan {
                changes: vec![fresh],
                ..Plan::default()
            },
        );
        assert_eq!(with_ids(&shown, &fresh).changes, fresh.changes);
        // Still to be made: nothing to put in its place.
        let mut pending = shown.clone();
        pending.changes[0].action = Action::Create;
        assert!(matches!(with_ids(&pending, &pending), Cow::Borrowed(_)));
    }
}
