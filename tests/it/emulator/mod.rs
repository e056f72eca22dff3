//! The emulator: its wire behaviour, the rules it enforces, injected trouble, state and
//! controls, the `smartplus emulator` command, and TikTok's own SDK as a judge.

mod advertisers;
mod api;
mod cli;
mod faults;
mod sdk;
mod state;
mod validation;
