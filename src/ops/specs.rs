//! The spec files of a run: loaded, validated, and what plan and apply read from
//! them (desired campaigns, the advertiser, the currency, a hash for saved plans).
//! A tree holding several ad accounts' specs lists its accounts
//! ([`Specs::accounts`]) and narrows to one of them ([`Specs::for_advertiser`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::target::Target;
use crate::plan::{self, DesiredCampaign};
use crate::spec::{self, Validation};

/// Where specs are read from when no path is given.
pub const DEFAULT_DIR: &str = "campaigns";

/// Spec paths as given, or the default directory.
pub fn paths_or_default(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(DEFAULT_DIR)]
    } else {
        paths.to_vec()
    }
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SpecsError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Load(#[from] spec::load::LoadError),
    #[error(
        "refusing --prune: {} spec {} could not be read: {}",
        .paths.len(),
        if .paths.len() == 1 { "path" } else { "paths" },
        .paths.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", ")
    )]
    #[diagnostic(
        code(smartplus::prune_with_skipped),
        help(
            "--prune pauses what the specs do not name, and campaigns in those paths would be paused; fix or remove them (see the SP003 warnings), or run without --prune"
        )
    )]
    PruneWithSkipped { paths: Vec<PathBuf> },
    #[error("spec files name different advertisers: {0} and {1}")]
    #[diagnostic(help(
        "plan one account at a time: pass --advertiser-id ID (or set SMARTPLUS_ADVERTISER_ID) to take that account's files; `smartplus accounts` lists them"
    ))]
    AdvertiserConflict(String, String),
    #[error("no spec file is for advertiser {advertiser}: the files name {named}")]
    #[diagnostic(help(
        "check --advertiser-id and SMARTPLUS_ADVERTISER_ID; `smartplus accounts` lists the accounts the files are for"
    ))]
    NoFilesFor { advertiser: String, named: String },
    #[error("{files}: no advertiser named, and the files around name several ({named})")]
    #[diagnostic(help(
        "add `advertiser_id`, to each file or to one file of its folder (the files of a folder take its advertiser)"
    ))]
    Unassigned { files: String, named: String },
    #[error("no spec file names an advertiser")]
    #[diagnostic(help(
        "add `advertiser_id` to the specs (or to one file per account folder); the files of one folder take its advertiser"
    ))]
    NoAdvertiserNamed,
}

/// One ad account's spec files in a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountFiles {
    pub advertiser_id: String,
    /// In file order.
    pub files: Vec<PathBuf>,
    /// Campaigns in the files that could be read.
    pub campaigns: usize,
    /// The currency the files name, if any.
    pub currency: Option<String>,
}

/// Validated spec files.
#[derive(Debug)]
pub struct Specs {
    /// The paths as given (files or directories).
    pub paths: Vec<PathBuf>,
    pub validation: Validation,
}

/// Loads and validates the spec files under `paths` (the default directory when
/// empty). Problems in the files are diagnostics, not errors: see
/// [`Specs::has_errors`].
pub fn load(paths: &[PathBuf], ctx: &spec::rules::Context) -> Result<Specs, SpecsError> {
    let paths = paths_or_default(paths);
    let validation = spec::validate(&paths, ctx)?;
    Ok(Specs { paths, validation })
}

impl Specs {
    /// Whether any file has an error: nothing may be planned from them.
    pub fn has_errors(&self) -> bool {
        self.validation.errors() > 0
    }

    /// Refuses `--prune` when a spec path was skipped: what it holds would count as
    /// gone from the spec, and be paused.
    pub fn check_prune(&self, selection: &plan::Selection) -> Result<(), SpecsError> {
        let paths: Vec<PathBuf> = self.validation.lost().map(|s| s.path.clone()).collect();
        if selection.prune && !paths.is_empty() {
            return Err(SpecsError::PruneWithSkipped { paths });
        }
        Ok(())
    }

    /// The campaigns the files describe, in file order.
    pub fn desired(&self) -> Vec<DesiredCampaign<'_>> {
        self.validation
            .files
            .iter()
            .flat_map(|f| {
                f.spec.campaigns.iter().map(move |c| DesiredCampaign {
                    spec: c,
                    account: f.spec.account.as_ref(),
                })
            })
            .collect()
    }

    /// The campaigns `selection` keeps.
    pub fn selected(
        &self,
        selection: &plan::Selection,
    ) -> Result<Vec<DesiredCampaign<'_>>, plan::PlanError> {
        plan::select(self.desired(), selection)
    }

    /// The planner's options for `selection` against `target` as of now, with the
    /// campaigns the files have outside the selection.
    pub fn options(&self, selection: &plan::Selection, target: &Target) -> plan::Options {
        let chosen: Vec<&str> = plan::select(self.desired(), selection)
            .map(|d| d.iter().map(|c| c.spec.name.as_str()).collect())
            .unwrap_or_default();
        let outside = self
            .desired()
            .iter()
            .filter(|d| !chosen.contains(&d.spec.name.as_str()))
            .map(|d| {
                (
                    d.spec.name.value.clone(),
                    d.spec.id.as_ref().map(|i| i.value.clone()),
                )
            })
            .collect();
        plan::Options {
            selection: selection.clone(),
            now: target.now(),
            outside,
            movable_clock: target.is_sandbox(),
        }
    }

    /// Every file (readable or not) with the advertiser it names itself.
    fn own_advertisers(&self) -> Vec<(PathBuf, Option<String>)> {
        let v = &self.validation;
        let mut all: Vec<(PathBuf, Option<String>)> = v
            .files
            .iter()
            .map(|f| {
                (
                    f.path.clone(),
                    f.spec.advertiser_id.as_ref().map(|a| a.value.clone()),
                )
            })
            .chain(v.unreadable.iter().map(|(p, _)| (p.clone(), None)))
            .collect();
        all.sort();
        all
    }

    /// The ad accounts the files are for, with their files: one account for every
    /// file when the files name one advertiser, else one per advertiser named,
    /// each file taking its own `advertiser_id` or its folder's
    /// ([`spec::accounts`]).
    pub fn accounts(&self) -> Result<Vec<AccountFiles>, SpecsError> {
        let all = self.own_advertisers();
        let named = spec::accounts::named(&all);
        let owners: Vec<Option<String>> = match named.len() {
            0 => return Err(SpecsError::NoAdvertiserNamed),
            1 => vec![named.first().cloned(); all.len()],
            _ => spec::accounts::assign(&all),
        };
        let unassigned: Vec<PathBuf> = all
            .iter()
            .zip(&owners)
            .filter(|(_, o)| o.is_none())
            .map(|((p, _), _)| p.clone())
            .collect();
        if !unassigned.is_empty() {
            return Err(SpecsError::Unassigned {
                files: unassigned
                    .iter()
                    .map(|p| format!("`{}`", p.display()))
                    .collect::<Vec<_>>()
                    .join(", "),
                named: list(&named),
            });
        }
        Ok(named
            .iter()
            .map(|id| {
                let files: Vec<PathBuf> = all
                    .iter()
                    .zip(&owners)
                    .filter(|(_, o)| o.as_deref() == Some(id.as_str()))
                    .map(|((p, _), _)| p.clone())
                    .collect();
                let loaded = || {
                    self.validation
                        .files
                        .iter()
                        .filter(|f| files.contains(&f.path))
                };
                AccountFiles {
                    advertiser_id: id.clone(),
                    campaigns: loaded().map(|f| f.spec.campaigns.len()).sum(),
                    currency: loaded()
                        .find_map(|f| f.spec.currency.as_ref().map(|c| c.to_ascii_uppercase())),
                    files,
                }
            })
            .collect())
    }

    /// In a tree whose files name several advertisers, only `advertiser`'s files
    /// (and their diagnostics): what one job of a fan-out plans. Files naming one
    /// advertiser at most are all kept, as before: `--advertiser-id` then only
    /// says which account they are planned against.
    pub fn for_advertiser(mut self, advertiser: Option<&str>) -> Result<Specs, SpecsError> {
        let named = spec::accounts::named(&self.own_advertisers());
        if named.len() <= 1 {
            return Ok(self);
        }
        let Some(wanted) = advertiser else {
            let mut two = named.into_iter();
            return Err(SpecsError::AdvertiserConflict(
                two.next().unwrap_or_default(),
                two.next().unwrap_or_default(),
            ));
        };
        let Some(account) = self
            .accounts()?
            .into_iter()
            .find(|a| a.advertiser_id == wanted)
        else {
            return Err(SpecsError::NoFilesFor {
                advertiser: wanted.to_owned(),
                named: list(&named),
            });
        };
        let keep: BTreeSet<&Path> = account.files.iter().map(PathBuf::as_path).collect();
        let v = &mut self.validation;
        v.files.retain(|f| keep.contains(f.path.as_path()));
        v.unreadable.retain(|(p, _)| keep.contains(p.as_path()));
        v.diagnostics.retain(|d| keep.contains(d.file.as_path()));
        Ok(self)
    }

    /// The spec file a campaign comes from (media paths are relative to it).
    pub fn file_of(&self, campaign: &crate::spec::model::Campaign) -> Option<&std::path::Path> {
        self.validation
            .files
            .iter()
            .find(|f| f.spec.campaigns.iter().any(|c| std::ptr::eq(c, campaign)))
            .map(|f| f.path.as_path())
    }

    /// The one advertiser the files name, if any.
    pub fn advertiser(&self) -> Result<Option<String>, SpecsError> {
        let mut found: Option<String> = None;
        for f in &self.validation.files {
            if let Some(a) = &f.spec.advertiser_id {
                match &found {
                    Some(prev) if prev != a.as_str() => {
                        return Err(SpecsError::AdvertiserConflict(
                            prev.clone(),
                            a.value.clone(),
                        ));
                    }
                    _ => found = Some(a.value.clone()),
                }
            }
        }
        Ok(found)
    }

    /// The currency the files name, if any.
    pub fn currency(&self) -> Option<String> {
        self.validation
            .files
            .iter()
            .find_map(|f| f.spec.currency.as_ref().map(|c| c.to_ascii_uppercase()))
    }

    /// Hash of the files (paths and bytes), for saved plans.
    pub fn hash(&self) -> String {
        let files: Vec<(String, Vec<u8>)> = self
            .validation
            .files
            .iter()
            .map(|f| {
                (
                    f.path.to_string_lossy().into_owned(),
                    f.text.as_bytes().to_vec(),
                )
            })
            .collect();
        plan::saved::spec_hash(&files)
    }

    /// The paths as saved plans record them.
    pub fn path_strings(&self) -> Vec<String> {
        self.paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect()
    }
}

/// `1, 2 and 3`.
fn list(ids: &BTreeSet<String>) -> String {
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    match ids.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => ids.join(""),
    }
}
