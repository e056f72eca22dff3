//! Writes spec files from the campaigns already in an account.
