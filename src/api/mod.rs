//! TikTok Marketing API client (Smart+ endpoints).
//!
//! - [`Client`]: HTTP, envelope, pacing, retries, pagination, call counting.
//! - [`endpoints`]: one thin helper per Smart+ call; objects stay
//!   [`serde_json::Value`] (the planner owns the mapping) and ids stay strings.
//! - [`report`]: the delivery report per ad group and day.
//! - [`lookups`]: what specs name readably (pixels, identities, audiences…).
//! - [`retry::decide`]: the pure retry policy.
//! - [`pacing::Pacer`]: the pure pacing that adapts to a rate limit shared with
//!   other processes.
//! - [`ApiError`]: every failure, with [`ErrorKind`] for TikTok's return codes.
//! - [`media`]: the asset library's upload, info and search calls.
//! - [`Kind`]: campaign, ad group or ad, with its wire keys and endpoint paths.

pub mod client;
pub mod endpoints;
pub mod error;
pub mod kind;
pub mod lookups;
pub mod media;
pub mod pacing;
pub mod report;
pub mod retry;

pub use client::{
    Client, ClientOptions, Idempotency, Streamed, check_base_url, install_crypto_provider,
};
pub use error::{ApiError, ErrorKind, TransportKind};
pub use kind::{Kind, Op, OperationStatus};
pub use retry::{CallKind, Decision, Policy};
