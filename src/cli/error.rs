//! The one error type commands return; rendered with miette in `main` only.

use miette::Report;

use crate::ops;

/// Why a command failed. Every kind exits 1; the kind decides the wording.
#[derive(Debug)]
pub enum CommandError {
    /// The user asked for something we refuse or cannot do (bad flag, stale plan).
    User(Report),
    /// Something outside us failed (network, API, file system).
    External(Report),
    /// A bug: the message asks for a report.
    Internal(Report),
}

impl CommandError {
    pub fn user(msg: impl std::fmt::Display) -> Self {
        CommandError::User(miette::miette!("{msg}"))
    }

    pub fn internal(msg: impl std::fmt::Display) -> Self {
        CommandError::Internal(miette::miette!("{msg}"))
    }

    pub fn into_report(self) -> Report {
        match self {
            CommandError::User(r) | CommandError::External(r) => r,
            CommandError::Internal(r) => r.wrap_err("internal error (please report this)"),
        }
    }
}

/// Every engine error, and whatever converts into one.
impl<E> From<E> for CommandError
where
    ops::Error: From<E>,
{
    fn from(e: E) -> Self {
        let e = ops::Error::from(e);
        if e.is_bug() {
            CommandError::Internal(Report::new(e))
        } else {
            CommandError::External(Report::new(e))
        }
    }
}
