//! `smartplus validate` and the spec loader: the invalid corpus, the examples, and
//! robustness against hostile input.

mod corpus;
mod examples;
pub(crate) mod props;
