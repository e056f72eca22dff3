//! The spec files of a run: loaded, validated, and what plan and apply read from
//! them (desired campaigns, the advertiser, the currency, a hash for saved plans).

use std::path::PathBuf;

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
    #[diagnostic(help("plan one account at a time: split the files or pass --advertiser-id"))]
    AdvertiserConflict(String, String),
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
