//! Writing files the way every command does: through `files::write_atomic`, which
//! masks secrets, never follows a planted symlink and never replaces anything but a
//! regular file.

use std::path::Path;

pub use crate::files::Access;

use super::Error;

/// Writes a file atomically (readers never see half a file).
pub fn write_atomic(path: &Path, text: &str, access: Access) -> Result<(), Error> {
    crate::files::write_atomic(path, text, access).map_err(|cause| Error::Write {
        path: path.to_owned(),
        cause,
    })
}
