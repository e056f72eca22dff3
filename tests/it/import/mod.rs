//! `smartplus import`: end to end, and the round-trip property over generated accounts.

mod behaviors;
mod e2e;
mod fixtures;
mod objective;
mod roundtrip;
