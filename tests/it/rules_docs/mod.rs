//! The rule pages in `docs/` match the rule registries.

mod plan;
mod validate;
