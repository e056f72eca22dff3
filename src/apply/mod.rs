//! Carries a plan out against the API.
