//! `smartplus import`: spec files from the campaigns already in an account.
//!
//! [`read`] is the only part that talks to the API. Everything after it is pure:
//! [`build`] raises live campaigns into spec files (through `wire::raise`, the one
//! wire → spec mapping) and shortens them, [`names`] picks file names, [`yaml`]
//! writes the text, and [`unmanaged`] describes legacy and manual campaigns.
//! `ops::import` writes the files; `output::import` renders what happened.

pub mod build;
pub mod names;
pub mod read;
pub mod readable;
pub mod unmanaged;
pub mod yaml;

use std::path::PathBuf;

use crate::api::ApiError;
use crate::wire::OtherKind;

pub use build::Candidate;
pub use read::{Read, Scope};
pub use unmanaged::Unmanaged;

/// Why an import cannot go ahead.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ImportError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Api(#[from] ApiError),

    #[error("no campaign with id {} in advertiser {advertiser_id}", .ids.join(", "))]
    #[diagnostic(
        code(smartplus::import::not_found),
        help(
            "check the id in Ads Manager (deleted campaigns cannot be imported), or run `smartplus import --all`"
        )
    )]
    NotFound {
        ids: Vec<String>,
        advertiser_id: String,
    },

    #[error("{}", not_manageable(.campaigns))]
    #[diagnostic(code(smartplus::import::not_smart_plus), help("{}", not_manageable_help(.campaigns)))]
    NotManageable { campaigns: Vec<Unmanaged> },

    #[error("{} already {}", quoted(.paths), if .paths.len() == 1 { "exists" } else { "exist" })]
    #[diagnostic(
        code(smartplus::import::exists),
        help("pass --force to overwrite, or choose another --out-dir; nothing was written")
    )]
    Exists { paths: Vec<PathBuf> },

    #[error("cannot write the spec file for campaign `{campaign}`")]
    #[diagnostic(code(smartplus::import::render))]
    Render {
        campaign: String,
        #[source]
        source: yaml::YamlError,
    },
}

fn quoted(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn not_manageable(campaigns: &[Unmanaged]) -> String {
    let each: Vec<String> = campaigns
        .iter()
        .map(|c| {
            let what = match c.kind {
                OtherKind::LegacySmartPlus => "a legacy Smart+ campaign",
                OtherKind::Manual => "a manual campaign",
            };
            format!("campaign `{}` (id {}) is {what}", c.name, c.id)
        })
        .collect();
    format!(
        "{}; smartplus manages only Upgraded Smart+ campaigns",
        each.join(", ")
    )
}

fn not_manageable_help(campaigns: &[Unmanaged]) -> String {
    let mut kinds: Vec<OtherKind> = campaigns.iter().map(|c| c.kind).collect();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|k| match k {
            OtherKind::LegacySmartPlus => {
                "rebuild it as an Upgraded Smart+ campaign from the settings above, as docs/import.md shows"
            }
            OtherKind::Manual => "manage manual campaigns in Ads Manager",
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// How to import.
#[derive(Clone, Debug)]
pub struct Options {
    pub selection: Scope,
    /// Where the files go (as the user wrote it).
    pub out_dir: PathBuf,
    /// Write campaigns whose settings the spec cannot all express.
    pub allow_partial: bool,
    /// Now by the account's clock: schedules that have started are written as such.
    pub now: jiff::Timestamp,
    /// When the import runs by the wall clock (for the file header).
    pub imported_at: jiff::Timestamp,
    /// The `$schema` path written in each file.
    pub schema_hint: String,
}

/// A spec file ready to be written.
#[derive(Clone, Debug)]
pub struct FileOut {
    pub path: PathBuf,
    pub text: String,
    pub campaign: Candidate,
}

/// What an import will do: files to write, campaigns it refuses, campaigns it
/// cannot manage.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub advertiser_id: String,
    pub files: Vec<FileOut>,
    /// Not written: unsupported settings (without `--allow-partial`) or duplicate names.
    pub refused: Vec<Candidate>,
    pub unmanaged: Vec<Unmanaged>,
}

impl Prepared {
    /// Whether the command should exit 1: something that was asked for is not written.
    pub fn incomplete(&self) -> bool {
        !self.refused.is_empty()
    }
}

/// Decides what to write; fails when a requested campaign is missing or cannot be
/// managed (nothing is written then).
pub fn prepare(read: &Read, opts: &Options) -> Result<Prepared, ImportError> {
    let advertiser_id = read.info.advertiser_id.clone();
    if !read.missing.is_empty() {
        return Err(ImportError::NotFound {
            ids: read.missing.clone(),
            advertiser_id,
        });
    }
    let currency = read.info.currency.to_ascii_uppercase();
    let unmanaged: Vec<Unmanaged> = read
        .live
        .others
        .iter()
        .map(|o| unmanaged::describe(o, &currency))
        .collect();
    if matches!(opts.selection, Scope::Ids(_)) && !unmanaged.is_empty() {
        return Err(ImportError::NotManageable {
            campaigns: unmanaged,
        });
    }
    let facts = build::AccountFacts::new(&read.info);
    let mut live: Vec<_> = read.live.campaigns.iter().collect();
    build::sort_campaigns(&mut live);
    let mut candidates: Vec<Candidate> = live
        .iter()
        .map(|c| build::campaign(c, &facts, opts.now))
        .collect();
    for c in &mut candidates {
        for campaign in &mut c.file.campaigns.value {
            readable::name(campaign, &read.catalog);
        }
    }
    build::mark_duplicate_campaigns(&mut candidates);
    let (ok, refused): (Vec<Candidate>, Vec<Candidate>) = candidates
        .into_iter()
        .partition(|c| c.conflicts.is_empty() && (c.unsupported.is_empty() || opts.allow_partial));
    let keys: Vec<(&str, &str)> = ok
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    let file_names = names::file_names(&keys);
    let mut files = Vec::new();
    for (c, file_name) in ok.iter().zip(file_names) {
        let header = yaml::Header {
            advertiser_id: advertiser_id.clone(),
            imported_at: opts.imported_at,
            schema: opts.schema_hint.clone(),
            unsupported: c.unsupported.clone(),
            media_names: read.media_names.clone(),
        };
        let text = yaml::render(&c.file, &header).map_err(|source| ImportError::Render {
            campaign: c.name.clone(),
            source,
        })?;
        files.push(FileOut {
            path: opts.out_dir.join(file_name),
            text,
            campaign: c.clone(),
        });
    }
    Ok(Prepared {
        advertiser_id,
        files,
        refused,
        unmanaged,
    })
}
