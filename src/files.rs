//! Files from outside, read and written with suspicion.
//!
//! Reading: only regular files are read (a FIFO would block for ever, `/dev/zero` never
//! ends), each at most up to a limit that is enforced while reading, not after.
//! Writing: a temporary file with an unpredictable name is created exclusively beside
//! the target (so a planted symlink is never followed), then renamed over it; anything
//! at the target that is not a regular file (a symlink, a device, a FIFO) is refused
//! rather than replaced. Every byte written passes [`crate::secret::mask`].

use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What a path is, when it is not a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Symlink,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    Other,
}

impl FileKind {
    /// The kind of a path from its metadata; `None` for a regular file.
    pub fn of(meta: &Metadata) -> Option<FileKind> {
        let ft = meta.file_type();
        if ft.is_file() {
            return None;
        }
        if ft.is_dir() {
            return Some(FileKind::Directory);
        }
        if ft.is_symlink() {
            return Some(FileKind::Symlink);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if ft.is_fifo() {
                return Some(FileKind::Fifo);
            }
            if ft.is_socket() {
                return Some(FileKind::Socket);
            }
            if ft.is_char_device() {
                return Some(FileKind::CharDevice);
            }
            if ft.is_block_device() {
                return Some(FileKind::BlockDevice);
            }
        }
        Some(FileKind::Other)
    }

    /// "a FIFO (named pipe)", for messages.
    pub fn describe(self) -> &'static str {
        match self {
            FileKind::Directory => "a directory",
            FileKind::Symlink => "a symbolic link",
            FileKind::Fifo => "a FIFO (named pipe)",
            FileKind::Socket => "a socket",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Other => "not a regular file",
        }
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("it is {}, not a regular file", .0.describe())]
    NotRegular(FileKind),
    #[error("it is larger than {}", size(*limit))]
    TooLarge { limit: u64 },
}

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("it is {}, not a regular file; refusing to replace it", .0.describe())]
    NotRegular(FileKind),
}

/// "64 MiB", "4 KiB".
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Reads a regular file (symlinks followed) of at most `limit` bytes.
///
/// The kind is checked before the file is opened (opening some devices has effects)
/// and again on the opened file (the path may have changed in between); the open
/// itself never blocks, and the read stops one byte past the limit.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    check_readable(&std::fs::metadata(path)?, limit)?;
    let mut file = open_for_reading(path)?;
    let meta = file.metadata()?;
    check_readable(&meta, limit)?;
    let capacity = usize::try_from(meta.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity.saturating_add(1));
    (&mut file).take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Opens a regular file (symlinks followed) of at most `limit` bytes for reading in
/// pieces (media too large to hold in memory), with the checks of [`read_regular`].
/// The caller reads no more than the returned length.
pub fn open_regular(path: &Path, limit: u64) -> Result<(File, u64), ReadError> {
    check_readable(&std::fs::metadata(path)?, limit)?;
    let file = open_for_reading(path)?;
    let meta = file.metadata()?;
    check_readable(&meta, limit)?;
    Ok((file, meta.len()))
}

fn check_readable(meta: &Metadata, limit: u64) -> Result<(), ReadError> {
    if let Some(kind) = FileKind::of(meta) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(())
}

fn open_for_reading(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO swapped in after the check must not block the open; O_NONBLOCK has no
        // effect on reading a regular file.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// Who may read a file written by [`write_atomic`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// As any new file (0666 less the umask): spec files.
    Shared,
    /// The owner only (0600): saved plans, which describe the account.
    Private,
}

/// Writes `text` (masked) to `path` atomically: readers see the old file or the new
/// one, never half of one.
pub fn write_atomic(path: &Path, text: &str, access: Access) -> Result<(), WriteError> {
    refuse_non_regular(path)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "smartplus".into(), |n| n.to_string_lossy().into_owned());
    let (tmp, mut file) = create_temporary(dir, &name, access)?;
    let text = crate::secret::mask(text);
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(WriteError::from)
        // The target may have been swapped for something else while we wrote.
        .and_then(|()| refuse_non_regular(path))
        .and_then(|()| std::fs::rename(&tmp, path).map_err(WriteError::from));
    drop(file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // Persist the rename itself; not every platform can open a directory.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Refuses a target that exists and is not a regular file (symlinks are not followed).
fn refuse_non_regular(path: &Path) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => match FileKind::of(&meta) {
            Some(kind) => Err(WriteError::NotRegular(kind)),
            None => Ok(()),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// A new file `.NAME.RANDOM.tmp` in `dir`, created exclusively: an existing file or
/// symlink of that name makes the creation fail rather than be followed.
fn create_temporary(dir: &Path, name: &str, access: Access) -> Result<(PathBuf, File), WriteError> {
    let mut last = None;
    for _ in 0..16 {
        let tmp = dir.join(format!(".{name}.{:016x}.tmp", rand::random::<u64>()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(match access {
                Access::Shared => 0o666,
                Access::Private => 0o600,
            });
        }
        match options.open(&tmp) {
            Ok(file) => {
                #[cfg(unix)]
                if access == Access::Private {
                    // Whatever the umask: the mode above can only lose bits to it.
                    use std::os::unix::fs::PermissionsExt;
                    if let Err(e) = file.set_permissions(std::fs::Permissions::from_mode(0o600)) {
                        let _ = std::fs::remove_file(&tmp);
                        return Err(e.into());
                    }
                }
                return Ok((tmp, file));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e.into()),
        }
    }
    Err(last
        .unwrap_or_else(|| std::io::Error::other("cannot create a temporary file"))
        .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(64 << 20), "64 MiB");
        assert_eq!(size(64 << 10), "64 KiB");
        assert_eq!(size(100), "100 bytes");
    }

    #[test]
    fn reads_stop_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"0123456789").unwrap();
        assert_eq!(read_regular(&p, 10).unwrap(), b"0123456789");
        assert!(matches!(
            read_regular(&p, 9),
            Err(ReadError::TooLarge { limit: 9 })
        ));
        assert!(matches!(
            read_regular(dir.path(), 9),
            Err(ReadError::NotRegular(FileKind::Directory))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn writes_replace_regular_files_only_and_leave_no_temporary() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.json");
        write_atomic(&p, "one", Access::Private).unwrap();
        write_atomic(&p, "two", Access::Private).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let other = dir.path().join("other");
        std::fs::write(&other, "keep").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&other, &link).unwrap();
        assert!(matches!(
            write_atomic(&link, "x", Access::Shared),
            Err(WriteError::NotRegular(FileKind::Symlink))
        ));
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "keep");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }
}
