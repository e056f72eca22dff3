//! smartplus: TikTok Smart+ campaigns as code.
//!
//! The binary is a thin shell over this library; `docs/architecture.md` draws the
//! layers. From the top: `cli` turns arguments into requests and `output` renders
//! results; `ops` runs plan, apply, import and status; `plan` (pure) diffs the spec
//! against the live account, `apply` carries a plan out, `import` writes specs from
//! an account, `status` (pure) says where each ad group stands, `learning` (pure)
//! estimates its learning phase, `account` reads it and `lookup` what specs name
//! readably; `wire` maps spec ⇄ wire objects; `spec` reads and
//! checks spec files; `api` talks to TikTok; `emulator` stands in for TikTok
//! locally; `facts` holds the platform's numbers; `files` reads and writes files
//! from outside with suspicion, and `secret` masks the access token in whatever
//! leaves the process.

pub mod account;
pub mod api;
pub mod apply;
pub mod assets;
pub mod cli;
pub mod emulator;
pub mod facts;
pub mod files;
pub mod import;
pub mod learning;
pub mod lookup;
pub mod media;
pub mod ops;
pub mod output;
pub mod plan;
pub mod secret;
pub mod spec;
pub mod status;
pub mod wire;
