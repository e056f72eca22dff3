//! Writing files the way every command does.

use std::path::Path;

use super::Error;

/// Writes a file atomically: a temporary file beside it, then a rename, so readers
/// never see half a file.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("smartplus")
    ));
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|cause| Error::Write {
            path: path.to_owned(),
            cause,
        })
}
