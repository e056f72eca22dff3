//! The operations: what `plan`, `apply`, `import` and `status` do, as engine functions that
//! take plain requests and return values. The CLI turns arguments into requests
//! and renders what comes back; nothing here prints.
//!
//! - [`target`]: which account (API or local sandbox) and a client for it.
//! - [`specs`]: the spec files of a run, validated.
//! - [`plan`]: read the account, plan, describe the plan for `apply --plan`.
//! - [`apply`]: plan or check a saved plan, then carry it out.
//! - [`import`]: read campaigns and write spec files for them.
//! - [`status`]: read the account and its delivery; where each ad group stands.
//! - [`sandbox`]: the local sandbox's state: what it holds, its clock, a fresh start.

pub mod apply;
pub mod fs;
pub mod import;
pub mod plan;
pub mod sandbox;
pub mod specs;
pub mod status;
pub mod target;

use std::path::PathBuf;

pub use crate::plan::Selection;

/// Why an operation failed.
///
/// Causes that are only worded into the message are not `source`s, so they are
/// shown once.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Target(#[from] target::TargetError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Specs(#[from] specs::SpecsError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Api(#[from] crate::api::ApiError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Plan(#[from] crate::plan::PlanError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Stale(#[from] crate::plan::saved::Stale),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Import(#[from] crate::import::ImportError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Emulator(#[from] crate::emulator::EmulatorError),
    /// Names in the specs that the account does not have, or has more than once.
    #[error(
        "{} {} in the specs could not be resolved",
        .diagnostics.len(),
        if .diagnostics.len() == 1 { "name" } else { "names" }
    )]
    #[diagnostic(help("names match exactly, ignoring letter case; see SP140 in docs/rules.md"))]
    Unresolved {
        diagnostics: Vec<crate::spec::Diagnostic>,
    },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Assets(#[from] crate::assets::AssetsError),
    #[error("a media file changed since the plan was made")]
    #[diagnostic(help("the saved plan uploads or uses other contents; make a new plan"))]
    MediaChanged,
    #[error(transparent)]
    #[diagnostic(transparent)]
    Sandbox(#[from] sandbox::SandboxError),
    #[error("the spec says currency {spec}, but the account bills in {account}")]
    #[diagnostic(help("budgets are in the account currency; fix `currency:` in the spec"))]
    CurrencyMismatch { spec: String, account: String },
    #[error("cannot read the saved plan `{}`: {cause}", .path.display())]
    #[diagnostic(help("check the path, or save a new plan with `smartplus plan --out FILE`"))]
    SavedPlanRead {
        path: PathBuf,
        cause: crate::files::ReadError,
    },
    #[error("`{}` is not a saved plan: {cause}", .path.display())]
    #[diagnostic(help("pass a file written by `smartplus plan --out FILE`"))]
    NotASavedPlan {
        path: PathBuf,
        cause: serde_json::Error,
    },
    #[error(
        "`{}` is a format {found} plan; this smartplus reads format {}",
        .path.display(),
        crate::plan::saved::FORMAT_VERSION
    )]
    #[diagnostic(help("save the plan again with this smartplus: `smartplus plan --out FILE`"))]
    SavedPlanVersion { path: PathBuf, found: u32 },
    #[error("cannot write `{}`: {cause}", .path.display())]
    #[diagnostic(help(
        "write to a regular file in a directory that exists and that you may write to"
    ))]
    Write {
        path: PathBuf,
        cause: crate::files::WriteError,
    },
    #[error("cannot create `{}`: {cause}", .path.display())]
    #[diagnostic(help("choose a directory you may write to (--out-dir)"))]
    CreateDir {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// A bug in smartplus.
    #[error("{what}")]
    Internal { what: String },
}

impl Error {
    /// Whether this is smartplus's fault rather than the user's or the world's.
    pub fn is_bug(&self) -> bool {
        matches!(
            self,
            Error::Internal { .. } | Error::Import(crate::import::ImportError::Render { .. })
        )
    }
}
