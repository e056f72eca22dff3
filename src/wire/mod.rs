//! The one spec ⇄ wire layer: how a spec object becomes a TikTok request body and
//! how a live TikTok object becomes a spec object again. Pure, no I/O.
//!
//! - [`lower`]: spec → the create body TikTok takes.
//! - [`raise`]: live wire object → the spec object that would create it (its inverse;
//!   a property test keeps the two in step), with every field the spec cannot hold
//!   reported rather than dropped.
//! - [`canon`]: canonical forms, so two objects that mean the same to TikTok compare
//!   equal; [`canon::flatten`] turns one into `spec.path → value` pairs.
//! - [`fields`]: per spec field, whether it changes in place (and through which wire
//!   keys), restarts ad review or is a bid.
//! - [`live`]: the account as read, as plain data.
//! - [`behaviors`]: behaviour targeting, lowered, raised and canonical in one place.
//!
//! Used by the planner, by `import` and by the account reader alike, so that every
//! readable ⇄ wire mapping lives in one place (the literals themselves are in
//! `spec::enums`).

pub mod behaviors;
pub mod canon;
pub mod catalog;
pub mod fields;
pub mod live;
pub mod lower;
pub mod raise;

pub use live::{Day, Delivery, LiveAccount, LiveAdGroup, LiveCampaign, OtherCampaign, OtherKind};
