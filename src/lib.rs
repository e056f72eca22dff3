//! smartplus: TikTok Smart+ campaigns as code.
//!
//! The binary is a thin shell over this library: `cli` turns arguments into
//! options, `spec` reads and checks specs, `plan` diffs them against the live
//! account, `apply` carries a plan out, `api` talks to TikTok and `emulator`
//! stands in for TikTok locally.

pub mod account;
pub mod api;
pub mod apply;
pub mod cli;
pub mod emulator;
pub mod facts;
pub mod import;
pub mod output;
pub mod plan;
pub mod spec;
pub mod workflow;
