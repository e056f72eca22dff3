//! TikTok Marketing API client (Smart+ endpoints).
//!
//! - [`Client`]: HTTP, envelope, pacing, retries, pagination, call counting.
//! - [`endpoints`]: one thin helper per Smart+ call; objects stay
//!   [`serde_json::Value`] (the planner owns the mapping) and ids stay strings.
//! - [`retry::decide`]: the pure retry policy.
//! - [`pacing::Pacer`]: the pure pacing that adapts to a rate limit shared with
//!   other processes.
//! - [`ApiError`]: every failure, with [`ErrorKind`] for TikTok's return codes.
//! - [`Kind`]: campaign, ad group or ad, with its wire keys and endpoint paths.

pub mod client;
pub mod endpoints;
pub mod error;
pub mod kind;
pub mod pacing;
pub mod retry;

pub use client::{Client, ClientOptions, Idempotency, check_base_url, install_crypto_provider};
pub use error::{ApiError, ErrorKind, TransportKind};
pub use kind::{Kind, Op, OperationStatus};
pub use retry::{CallKind, Decision, Policy};
