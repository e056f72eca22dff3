//! `smartplus apply`: against a troubled emulator, and every example spec.

mod budgets;
mod e2e;
mod examples;
mod live;
