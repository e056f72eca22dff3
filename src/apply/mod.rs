//! Carrying a plan out: campaign before its ad groups, ad group before its ads,
//! independent branches in parallel, and never a duplicate, even when other runs
//! apply the same specs at the same time.
//!
//! `steps` (pure) turns a plan into a dependency graph; `executor` runs it against
//! the API with keys from `request_id` and reports progress through the
//! [`Reporter`] trait, which `output` implements as log lines or progress bars;
//! `claim` decides which of several copies survives, and `dedupe` looks at
//! everything a run made once more before it ends. `start` gives an ad group made
//! "from now" its start as the create is sent; `settle` waits out the short lag
//! after an ad group's create before its ads can be made.

pub mod claim;
pub mod dedupe;
pub mod executor;
pub mod portfolio;
pub mod request_id;
pub mod settle;
pub mod start;
pub mod steps;

pub use dedupe::{Deduped, Lost, dedupe};
pub use executor::{ExecOptions, Made, Report, Reporter, Skip, StepError, StepResult, execute};
