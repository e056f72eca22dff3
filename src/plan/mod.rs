//! Pure planning: desired spec × live account → plan.
