//! The integration tests, as one binary: on CI's two cores, compiling and linking one
//! test binary instead of two dozen, and running every test in one pool of test
//! threads, is markedly faster. One module per area, one shared harness.
//!
//! The tests share this process: what a test needs in the environment goes on the
//! command it runs (see `harness::smartplus`), never into the process environment, and
//! every server listens on a free port.
//!
//! Run one area with `cargo test --test it plan::` (any name filter works).

// Test inputs are built for clarity, not speed, and ids are written as TikTok
// prints them.
#![allow(
    clippy::format_push_string,
    clippy::format_collect,
    clippy::needless_pass_by_value,
    clippy::cast_possible_truncation,
    clippy::unreadable_literal,
    clippy::needless_continue
)]

mod harness;

mod accounts;
mod api_client;
mod apply;
mod cli_help;
mod emulator;
mod errors;
// FIFOs, /proc, /dev/full and wait4: Linux's.
#[cfg(target_os = "linux")]
mod hostile;
mod import;
mod media;
mod names;
mod plan;
mod plan_review;
mod rules_docs;
mod sandbox;
mod saved_plan;
mod schema;
mod status;
mod token_leak;
mod validate;
