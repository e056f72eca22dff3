//! Smart+ plan rules: what only someone who knows the platform would refuse or flag.
//! One file per rule, each documented in `docs/plan-rules.md`.

use jiff::Timestamp;
use serde_json::Value;

use super::Options;
use super::model::{Change, Finding, Kind};
use crate::spec::Money;
use crate::spec::rules::RuleInfo;

pub mod sp301_replace;
pub mod sp302_learning_phase;
pub mod sp303_bid_step;
pub mod sp304_bid_cascade;
pub mod sp305_review_restart;
pub mod sp306_budget_below_spend;
pub mod sp307_unmanaged_name;
pub mod sp308_duplicate_live_name;
pub mod sp309_pinned_id_missing;
pub mod sp310_start_in_past;

/// Every plan rule, in code order.
pub static REGISTRY: &[&RuleInfo] = &[
    &sp301_replace::INFO,
    &sp302_learning_phase::INFO,
    &sp303_bid_step::INFO,
    &sp304_bid_cascade::INFO,
    &sp305_review_restart::INFO,
    &sp306_budget_below_spend::INFO,
    &sp307_unmanaged_name::INFO,
    &sp308_duplicate_live_name::INFO,
    &sp309_pinned_id_missing::INFO,
    &sp310_start_in_past::INFO,
];

/// One object's change with what the per-object rules need.
pub struct ObjectCtx<'a> {
    pub kind: Kind,
    pub live: Option<&'a Value>,
    pub change: &'a mut Change,
    pub opts: &'a Options,
    /// Lifetime spend of this object, when known.
    pub spend: Option<Money>,
}

impl ObjectCtx<'_> {
    /// When the live object was created.
    pub fn created(&self) -> Option<Timestamp> {
        wire_time(self.live?, "create_time")
    }

    pub fn modified(&self) -> Option<Timestamp> {
        wire_time(self.live?, "modify_time")
    }
}

pub fn wire_time(raw: &Value, key: &str) -> Option<Timestamp> {
    crate::spec::schedule::parse_wire_time(raw.get(key)?.as_str()?)
}

/// A finding with this rule's code; `allowed` downgrades it to a warning when the
/// user accepted the risk with a flag.
pub fn finding(info: &RuleInfo, allowed: bool, message: String, help: Option<String>) -> Finding {
    let severity = if allowed {
        crate::spec::Severity::Warning
    } else {
        info.severity
    };
    Finding {
        code: info.code.to_string(),
        severity,
        message,
        help,
    }
}

/// Runs the per-object rules.
pub fn check_object(ctx: &mut ObjectCtx) {
    sp301_replace::check(ctx);
    sp302_learning_phase::check(ctx);
    sp303_bid_step::check(ctx);
    sp305_review_restart::check(ctx);
    sp306_budget_below_spend::check(ctx);
    sp310_start_in_past::check(ctx.change, ctx.opts);
}
