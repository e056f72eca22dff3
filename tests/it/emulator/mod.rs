//! The emulator: its wire behaviour, the rules it enforces, injected trouble, state and
//! controls, the report and its delivery, the `smartplus emulator` command, and TikTok's own SDK as a judge; `live`
//! holds what live use showed beyond the documentation (reference §14).

mod advertisers;
mod api;
mod behaviors;
mod budgets;
mod cli;
mod faults;
mod live;
mod report;
mod sdk;
mod state;
mod validation;
