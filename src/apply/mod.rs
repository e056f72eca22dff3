//! Carrying a plan out: campaign before its ad groups, ad group before its ads,
//! independent branches in parallel, and never a duplicate.
//!
//! `steps` (pure) turns a plan into a dependency graph; `executor` runs it against
//! the API and reports progress through the [`Reporter`] trait, which `output`
//! implements as log lines or progress bars.

pub mod executor;
pub mod portfolio;
pub mod request_id;
pub mod settle;
pub mod start;
pub mod steps;

pub use executor::{ExecOptions, Report, Reporter, Skip, StepError, StepResult, execute};
