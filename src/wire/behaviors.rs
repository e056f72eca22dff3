//! Behaviour targeting (`targeting.behaviors` ⇄ `targeting_spec.actions`): lowered,
//! raised and put in canonical form in one place, since all three must agree on the
//! one wrinkle: only video behaviours have a period, and TikTok stores 0 ("no set
//! period") for the others whatever is sent.

use serde_json::{Map, Value, json};

use crate::spec::Sp;
use crate::spec::enums::{ActionScene, UserAction};
use crate::spec::model::Behavior;
use crate::spec::open::Open;

/// The wire key of the list.
pub const KEY: &str = "actions";

type Behaviors = Sp<Vec<Sp<Behavior>>>;

/// The period sent and read for a behaviour: its days, or none (0 on the wire).
fn period(b: &Behavior) -> Option<u32> {
    let periodic = b.scene.value.known().is_none_or(ActionScene::has_period);
    b.period_days
        .as_ref()
        .map(|p| p.value)
        .filter(|d| periodic && *d > 0)
}

/// `targeting_spec.actions`, or nothing when there are no behaviours (an update
/// sends the whole `targeting_spec`, so leaving the key out clears them).
pub fn lower(list: Option<&Behaviors>) -> Option<Value> {
    let list = list.filter(|l| !l.is_empty())?;
    let entries: Vec<Value> = list
        .iter()
        .map(|b| {
            let actions: Vec<&str> = b.actions.iter().map(|a| a.wire()).collect();
            let categories: Vec<&str> = b.categories.iter().map(|c| c.as_str()).collect();
            json!({
                "action_scene": b.scene.wire(),
                "action_period": period(b).unwrap_or(0),
                "video_user_actions": actions,
                "action_category_ids": categories,
            })
        })
        .collect();
    Some(Value::Array(entries))
}

/// The canonical form: periods only where TikTok keeps them, actions and categories
/// sorted without repeats, behaviours in a fixed order.
pub fn canon(list: Option<&Behaviors>) -> Option<Behaviors> {
    let mut out: Vec<Behavior> = list?
        .iter()
        .map(|b| {
            let mut actions: Vec<Open<UserAction>> =
                b.actions.iter().map(|a| a.value.clone()).collect();
            actions.sort();
            actions.dedup();
            let mut categories: Vec<String> =
                b.categories.iter().map(|c| c.value.clone()).collect();
            categories.sort();
            categories.dedup();
            Behavior {
                scene: Sp::new(b.scene.value.clone()),
                period_days: period(b).map(Sp::new),
                actions: Sp::new(actions.into_iter().map(Sp::new).collect()),
                categories: Sp::new(categories.into_iter().map(Sp::new).collect()),
            }
        })
        .collect();
    out.sort_by_key(sort_key);
    out.dedup();
    (!out.is_empty()).then(|| Sp::new(out.into_iter().map(Sp::new).collect()))
}

fn sort_key(b: &Behavior) -> (Open<ActionScene>, Option<u32>, Vec<String>, Vec<String>) {
    (
        b.scene.value.clone(),
        b.period_days.as_ref().map(|p| p.value),
        b.actions.iter().map(|a| a.wire().to_owned()).collect(),
        b.categories.iter().map(|c| c.value.clone()).collect(),
    )
}

/// Reads `targeting_spec.actions`; what the spec cannot hold goes to `bad`.
pub fn raise(ts: &Value, bad: &mut Vec<String>) -> Option<Behaviors> {
    let entries = match ts.get(KEY) {
        None | Some(Value::Null) => return None,
        Some(Value::Array(a)) => a,
        Some(other) => {
            bad.push(format!("targeting_spec.{KEY}: {other}"));
            return None;
        }
    };
    let mut out = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("targeting_spec.{KEY}[{i}]");
        match raise_one(entry, &at, bad) {
            Some(b) => out.push(Sp::new(b)),
            None => bad.push(format!("{at}: {entry}")),
        }
    }
    (!out.is_empty()).then(|| Sp::new(out))
}

const ENTRY_KEYS: &[&str] = &[
    "action_scene",
    "action_period",
    "video_user_actions",
    "action_category_ids",
];

fn raise_one(entry: &Value, at: &str, bad: &mut Vec<String>) -> Option<Behavior> {
    let Value::Object(o) = entry else {
        return None;
    };
    let scene = o
        .get("action_scene")
        .and_then(Value::as_str)
        .and_then(Open::<ActionScene>::from_wire)?;
    let days = match o.get("action_period") {
        None | Some(Value::Null) => 0,
        Some(Value::Number(n)) => u32::try_from(n.as_u64()?).ok()?,
        Some(Value::String(s)) => s.parse().ok()?,
        Some(_) => return None,
    };
    let actions = o
        .get("video_user_actions")
        .map_or(Some(Vec::new()), |v| strings(v, Open::from_wire))?;
    let categories = o
        .get("action_category_ids")
        .map_or(Some(Vec::new()), |v| strings(v, |s| Some(s.to_owned())))?;
    leftovers(o, at, bad);
    let mut b = Behavior {
        scene: Sp::new(scene),
        period_days: Some(Sp::new(days)),
        actions: Sp::new(actions.into_iter().map(Sp::new).collect()),
        categories: Sp::new(categories.into_iter().map(Sp::new).collect()),
    };
    b.period_days = period(&b).map(Sp::new);
    Some(b)
}

/// A list of strings (ids may come as numbers), each read by `read`; `None` when
/// anything in it cannot be.
fn strings<T>(v: &Value, read: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    match v {
        Value::Null => Some(Vec::new()),
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => read(s),
                Value::Number(n) => read(&n.to_string()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

fn leftovers(o: &Map<String, Value>, at: &str, bad: &mut Vec<String>) {
    for (k, v) in o {
        if !ENTRY_KEYS.contains(&k.as_str()) && !v.is_null() {
            bad.push(format!("{at}.{k}: {v}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value as a spec file would hold it (a name, or a literal).
    fn read<T: crate::spec::open::Vocabulary>(s: &str) -> Open<T> {
        serde_json::from_value(json!(s)).unwrap_or(Open::Other(s.into()))
    }

    fn behavior(scene: &str, days: Option<u32>, actions: &[&str], cats: &[&str]) -> Behavior {
        Behavior {
            scene: Sp::new(read(scene)),
            period_days: days.map(Sp::new),
            actions: Sp::new(actions.iter().map(|a| Sp::new(read(a))).collect()),
            categories: Sp::new(cats.iter().map(|c| Sp::new((*c).to_owned())).collect()),
        }
    }

    fn list(b: Vec<Behavior>) -> Behaviors {
        Sp::new(b.into_iter().map(Sp::new).collect())
    }

    #[test]
    fn lowered_with_readable_names_as_literals_and_no_period_outside_videos() {
        let l = list(vec![
            behavior("video", Some(15), &["watched_to_end", "LIKED"], &["25011"]),
            behavior("creator", Some(7), &["followed"], &["3"]),
            behavior("SHOP_RELATED", Some(30), &["ADDED_TO_CART"], &["9"]),
        ]);
        assert_eq!(
            lower(Some(&l)),
            Some(json!([
                {"action_scene": "VIDEO_RELATED", "action_period": 15,
                 "video_user_actions": ["WATCHED_TO_END", "LIKED"], "action_category_ids": ["25011"]},
                {"action_scene": "CREATOR_RELATED", "action_period": 0,
                 "video_user_actions": ["FOLLOWING"], "action_category_ids": ["3"]},
                {"action_scene": "SHOP_RELATED", "action_period": 30,
                 "video_user_actions": ["ADDED_TO_CART"], "action_category_ids": ["9"]},
            ]))
        );
        assert_eq!(lower(Some(&list(vec![]))), None);
        assert_eq!(lower(None), None);
    }

    #[test]
    fn raised_back_to_what_was_lowered_in_canonical_form() {
        let l = list(vec![
            behavior("video", Some(15), &["liked", "watched_to_end"], &["2", "1"]),
            behavior("hashtag", None, &["viewed_hashtag"], &["77"]),
            behavior("SHOP_RELATED", Some(30), &["ADDED_TO_CART"], &["9"]),
        ]);
        let ts = json!({ KEY: lower(Some(&l)) });
        let mut bad = Vec::new();
        let raised = raise(&ts, &mut bad);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(canon(raised.as_ref()), canon(Some(&l)));
        // A creator behaviour sent with a period reads back with none and compares equal.
        let sent = list(vec![behavior("creator", Some(7), &["followed"], &["3"])]);
        let stored = json!({ KEY: [{"action_scene": "CREATOR_RELATED", "action_period": 0,
            "video_user_actions": ["FOLLOWING"], "action_category_ids": ["3"]}] });
        assert_eq!(canon(raise(&stored, &mut bad).as_ref()), canon(Some(&sent)));
    }

    #[test]
    fn what_the_spec_cannot_hold_is_reported() {
        let mut bad = Vec::new();
        let ts = json!({ KEY: [
            {"action_scene": "video related", "action_period": 7, "video_user_actions": [], "action_category_ids": []},
            {"action_scene": "VIDEO_RELATED", "action_period": 7, "video_user_actions": ["LIKED"],
             "action_category_ids": ["1"], "action_weight": 3},
            "VIDEO_RELATED",
        ]});
        let raised = raise(&ts, &mut bad);
        assert_eq!(raised.map(|l| l.len()), Some(1));
        assert_eq!(bad.len(), 3, "{bad:?}");
        assert!(bad[0].starts_with("targeting_spec.actions[0]: "), "{bad:?}");
        assert!(
            bad[1].starts_with("targeting_spec.actions[1].action_weight"),
            "{bad:?}"
        );
        assert!(bad[2].starts_with("targeting_spec.actions[2]: "), "{bad:?}");
    }
}
