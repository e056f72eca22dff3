//! Behaviour targeting (`targeting_spec.actions`).
//!
//! Scenes and actions are lists TikTok grows, so any well-formed literal is taken;
//! what TikTok documents is enforced: every field present, a period of 0, 7 or 15
//! days, at least one action and one category id, and a listed action only in the
//! scene it belongs to. The emulator keeps its own tables: it never reads the spec's.

use serde_json::Value;

use crate::emulator::check::{self, Obj};
use crate::emulator::wire::{ApiError, ApiResult};

/// Each documented action with the scene it is taken in [doc].
const ACTIONS: &[(&str, &str)] = &[
    ("WATCHED_TO_END", "VIDEO_RELATED"),
    ("LIKED", "VIDEO_RELATED"),
    ("COMMENTED", "VIDEO_RELATED"),
    ("SHARED", "VIDEO_RELATED"),
    ("FOLLOWING", "CREATOR_RELATED"),
    ("VIEW_HOMEPAGE", "CREATOR_RELATED"),
    ("VIEW_HASHTAG", "HASHTAG_RELATED"),
];

/// The scenes whose period TikTok ignores: it stores 0 "whatever you pass in" [doc].
pub(in crate::emulator::adgroup) const PERIODLESS_SCENES: &[&str] =
    &["CREATOR_RELATED", "HASHTAG_RELATED"];

/// TikTok refuses a malformed behaviour, naming the entry and its field.
pub(super) fn check(t: &Obj) -> ApiResult<()> {
    let list = check::opt_array(t, "actions")
        .map_err(|_| ApiError::param("targeting_spec.actions", "Not a valid list."))?;
    for (i, a) in list.into_iter().flatten().enumerate() {
        let at = format!("targeting_spec.actions[{i}]");
        let Value::Object(a) = a else {
            return Err(ApiError::param(&at, "Not a valid object."));
        };
        entry(a).map_err(|e| ApiError {
            code: e.code,
            message: format!("{at}.{}", e.message),
        })?;
    }
    Ok(())
}

fn entry(a: &Obj) -> ApiResult<()> {
    let scene = check::req_str(a, "action_scene")?;
    check::check_literal("action_scene", scene)?;
    if !matches!(
        a.get("action_period").and_then(Value::as_i64),
        Some(0 | 7 | 15)
    ) {
        return Err(ApiError::param(
            "action_period",
            "Invalid enum value; accepted values are: 0, 7, 15.",
        ));
    }
    let actions = check::opt_literal_list(a, "video_user_actions")?.unwrap_or_default();
    if actions.is_empty() {
        return Err(ApiError::missing("video_user_actions"));
    }
    for action in &actions {
        if let Some((_, home)) = ACTIONS.iter().find(|(x, _)| x == action)
            && ACTIONS.iter().any(|(_, s)| *s == scene)
            && *home != scene
        {
            let allowed: Vec<&str> = ACTIONS
                .iter()
                .filter(|(_, s)| *s == scene)
                .map(|(x, _)| *x)
                .collect();
            return Err(ApiError::param(
                "video_user_actions",
                format!(
                    "Invalid enum value `{action}` for action_scene {scene}; accepted values are: {}.",
                    allowed.join(", ")
                ),
            ));
        }
    }
    let categories = check::opt_str_list(a, "action_category_ids")?.unwrap_or_default();
    if categories.is_empty() {
        return Err(ApiError::missing("action_category_ids"));
    }
    if let Some(bad) = categories
        .iter()
        .find(|c| c.is_empty() || !c.bytes().all(|d| d.is_ascii_digit()))
    {
        return Err(ApiError::param(
            "action_category_ids",
            format!("Invalid id `{bad}`."),
        ));
    }
    Ok(())
}
