//! The integration tests, as one binary: linking one test binary instead of two dozen
//! is much of what a CI run on two cores saves. One module per area, one shared harness.
//!
//! Run one area with `cargo test --test it plan::` (any name filter works).

mod harness;

mod api_client;
mod apply;
mod cli_help;
mod emulator;
mod import;
mod plan;
mod rules_docs;
mod sandbox;
mod saved_plan;
mod schema;
mod token_leak;
mod validate;
