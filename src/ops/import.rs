//! `import`: spec files from the campaigns already in an account.

use std::path::{Path, PathBuf};

use super::target::Target;
use super::{Error, fs};
use crate::import::{self, FileOut, ImportError, Prepared, Scope};

/// What to import and how.
#[derive(Clone, Debug)]
pub struct Request {
    pub which: Scope,
    /// Where the files go (as the user wrote it).
    pub out_dir: PathBuf,
    /// Overwrite files that exist.
    pub force: bool,
    /// Write campaigns whose settings the spec cannot all express.
    pub allow_partial: bool,
}

/// Reads the selected campaigns and decides which files to write. Nothing is
/// written yet.
pub async fn read(target: &Target, req: &Request, cwd: &Path) -> Result<Prepared, Error> {
    let read = import::read::read(&target.client, &target.advertiser_id, &req.which)
        .await
        .map_err(ImportError::from)?;
    let opts = import::Options {
        selection: req.which.clone(),
        out_dir: req.out_dir.clone(),
        allow_partial: req.allow_partial,
        now: target.now(),
        imported_at: jiff::Timestamp::now(),
        schema_hint: import::names::schema_hint(&req.out_dir, cwd),
    };
    Ok(import::prepare(&read, &opts)?)
}

/// Gets ready to write: refuses to overwrite any file unless `force`, and to replace
/// anything that is not a regular file (a symlink, a FIFO) even then, so nothing is
/// written unless everything can be; creates the directory.
pub fn make_room(prepared: &Prepared, req: &Request) -> Result<(), Error> {
    // Not `Path::exists`: it follows symlinks, and a dangling one is still in the way.
    let present = |p: &Path| std::fs::symlink_metadata(p).ok();
    for f in &prepared.files {
        if let Some(kind) = present(&f.path)
            .as_ref()
            .and_then(crate::files::FileKind::of)
        {
            return Err(Error::Write {
                path: f.path.clone(),
                cause: crate::files::WriteError::NotRegular(kind),
            });
        }
    }
    if !req.force {
        let existing: Vec<PathBuf> = prepared
            .files
            .iter()
            .filter(|f| present(&f.path).is_some())
            .map(|f| f.path.clone())
            .collect();
        if !existing.is_empty() {
            return Err(ImportError::Exists { paths: existing }.into());
        }
    }
    if !prepared.files.is_empty() {
        std::fs::create_dir_all(&req.out_dir).map_err(|cause| Error::CreateDir {
            path: req.out_dir.clone(),
            cause,
        })?;
    }
    Ok(())
}

/// Writes one prepared file.
pub fn write(file: &FileOut) -> Result<(), Error> {
    fs::write_atomic(&file.path, &file.text, fs::Access::Shared)
}
