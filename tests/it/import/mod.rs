//! `smartplus import`: end to end, and the round-trip property over generated accounts.

mod e2e;
mod fixtures;
mod roundtrip;
