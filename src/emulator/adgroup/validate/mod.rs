//! Rules for a whole ad group (new, or merged with an update), one file per
//! concern. [`validate`] runs them in a fixed order: when a request breaks
//! several rules, the one reported is the first in that order, so keep it.

mod actions;
mod attribution;
mod bidding;
mod budget;
mod events;
mod optimization;
mod placements;
mod schedule;
mod targeting;

use crate::emulator::check::{self, Obj};
use crate::emulator::wire::ApiResult;

pub(super) use self::actions::PERIODLESS_SCENES;
pub(super) use self::attribution::pair as attribution_pair;
pub(super) use self::placements::PLACEMENTS;
pub(super) use self::schedule::start_in_future;
pub(super) use self::targeting::shape as targeting_shape;

/// TikTok refuses an ad group that breaks any rule below; the first broken
/// rule is the one reported.
pub(super) fn validate(obj: &Obj, camp: &Obj, currency: &str, now: i64) -> ApiResult<()> {
    check::name("adgroup_name", check::req_str(obj, "adgroup_name")?)?;
    let opt = optimization::check(obj, camp)?;
    events::check(obj, &opt)?;
    let deep = bidding::check(obj, &opt)?;
    attribution::check(obj)?;
    let schedule = schedule::check(obj, now)?;
    budget::check(obj, camp, currency, &opt, deep, &schedule)?;
    placements::check(obj)?;
    switches(obj)?;
    targeting::check(obj)
}

/// TikTok refuses non-boolean interaction and compliance switches, and an
/// unknown operation status.
fn switches(obj: &Obj) -> ApiResult<()> {
    for k in [
        "comment_disabled",
        "share_disabled",
        "video_download_disabled",
        "is_hfss",
        "is_lhf_compliance",
    ] {
        check::opt_bool(obj, k)?;
    }
    check::opt_enum(obj, "operation_status", &["ENABLE", "DISABLE"])?;
    Ok(())
}
