//! How spec bytes are obtained, before any YAML is parsed: which paths are spec files
//! (discovery) and reading each of them once.
//!
//! Discovery walks directories following symlinks, with loop detection; takes
//! `.yaml` and `.yml` in any letter case; skips hidden entries (`.git`, `.smartplus`),
//! naming those that look like specs;
//! and reports every other path it skips: something named like a spec that is not a
//! regular file, a symlink that cannot be followed, a directory that cannot be listed,
//! a loop, or a file or directory already read through another path. Reading takes
//! regular files only, refusing FIFOs, devices and sockets before any blocking read,
//! and enforces the size cap while reading.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Severity};
use super::load::{LoadError, MAX_FILE_BYTES};
use super::span::Pos;
use crate::files::{self, FileKind, ReadError};

/// Code of the warning for a path that was skipped.
pub const SKIPPED_CODE: &str = "SP003";

/// The spec files under some paths, and what was skipped on the way.
#[derive(Debug, Default)]
pub struct Found {
    /// Sorted; each file once.
    pub files: Vec<PathBuf>,
    /// Sorted by path.
    pub skipped: Vec<Skipped>,
}

/// A path that was not read, and why.
#[derive(Debug)]
pub struct Skipped {
    pub path: PathBuf,
    pub why: Why,
}

#[derive(Debug)]
pub enum Why {
    /// Named like a spec, but a FIFO, device or socket.
    NotRegular(FileKind),
    /// A symlink that leads nowhere (or round in circles), or an entry that vanished.
    Unfollowable(String),
    /// A directory that cannot be listed.
    Unlisted(String),
    /// A symlink back to a directory the walk is inside of.
    Loop { to: PathBuf },
    /// The same file or directory as one already read.
    SameAs(PathBuf),
    /// Named like a spec, but hidden (`.name.yaml`): not read, as hidden entries are
    /// the tools' own (`.git`, `.smartplus`, editors' copies).
    Hidden,
}

impl Skipped {
    /// Whether campaigns may be missing because of it: `--prune` refuses to run then,
    /// since it would pause what these paths hold.
    pub fn lost(&self) -> bool {
        matches!(
            self.why,
            Why::NotRegular(_) | Why::Unfollowable(_) | Why::Unlisted(_) | Why::Hidden
        )
    }

    pub fn message(&self) -> String {
        match &self.why {
            Why::NotRegular(kind) => format!("skipped: {}, not a regular file", kind.describe()),
            Why::Unfollowable(e) => format!("skipped: cannot be followed or read ({e})"),
            Why::Unlisted(e) => format!("skipped: cannot list this directory ({e})"),
            Why::Hidden => {
                "skipped: a hidden file; rename it without the leading `.` to use it".to_owned()
            }
            Why::Loop { to } => format!(
                "skipped: a symbolic link back to `{}` (a loop)",
                to.display()
            ),
            Why::SameAs(first) => format!(
                "skipped: the same as `{}`, which is read already",
                first.display()
            ),
        }
    }

    fn help(&self) -> Option<String> {
        self.lost().then(|| {
            "spec files are regular files named *.yaml or *.yml; fix or remove this path \
             (while a spec path is skipped, --prune refuses to run)"
                .to_owned()
        })
    }

    /// The warning shown for it.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic {
            code: SKIPPED_CODE,
            severity: Severity::Warning,
            message: self.message(),
            label: "here".into(),
            help: self.help(),
            file: self.path.clone(),
            pos: Pos::default(),
        }
    }
}

/// Whether a name is a spec file's: `.yaml` or `.yml`, in any letter case.
pub fn is_spec_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Expands paths into spec files: files as given, directories walked. A path that
/// does not exist, or a directory with no readable spec file, is an error.
pub fn discover(paths: &[PathBuf]) -> Result<Found, LoadError> {
    let mut found = Found::default();
    let mut dirs: HashMap<Identity, PathBuf> = HashMap::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        if !meta.is_dir() {
            // Read as given: reading refuses what is not a regular file, with an error.
            found.files.push(path.clone());
            continue;
        }
        let id = identity(path, &meta);
        if dirs.contains_key(&id) {
            continue;
        }
        dirs.insert(id.clone(), path.clone());
        let (files_before, skipped_before) = (found.files.len(), found.skipped.len());
        walk(path, id, &mut dirs, &mut found)?;
        if found.files.len() == files_before {
            return Err(nothing_readable(path, &found.skipped[skipped_before..]));
        }
    }
    found.files.sort();
    found.files.dedup();
    drop_same_files(&mut found);
    found.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

fn nothing_readable(path: &Path, skipped: &[Skipped]) -> LoadError {
    if skipped.is_empty() {
        return LoadError::NoSpecs(path.to_path_buf());
    }
    let list: Vec<String> = skipped
        .iter()
        .map(|s| format!("`{}` {}", s.path.display(), s.message()))
        .collect();
    LoadError::NothingReadable {
        path: path.to_path_buf(),
        skipped: list.join("; "),
    }
}

/// Walks `root` without recursion (a deep tree cannot overflow the stack), following
/// symlinks; a directory is entered once, whichever path leads to it.
fn walk(
    root: &Path,
    root_id: Identity,
    dirs: &mut HashMap<Identity, PathBuf>,
    found: &mut Found,
) -> Result<(), LoadError> {
    let mut stack = vec![(root.to_path_buf(), vec![root_id])];
    while let Some((dir, ancestors)) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(source) if dir == root => return Err(LoadError::Io { path: dir, source }),
            Err(e) => {
                found.skip(dir, Why::Unlisted(e.to_string()));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    found.skip(dir.clone(), Why::Unlisted(e.to_string()));
                    break;
                }
            };
            // Hidden entries (.git, .smartplus, editor files) are not read; one named
            // like a spec is said, as it may hold campaigns someone meant (and
            // `--prune` would pause them).
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                if is_spec_name(&path) {
                    found.skip(path, Why::Hidden);
                }
                continue;
            }
            let meta = match std::fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) => {
                    found.skip(path, Why::Unfollowable(e.to_string()));
                    continue;
                }
            };
            if meta.is_dir() {
                let id = identity(&path, &meta);
                if ancestors.contains(&id) {
                    let to = dirs.get(&id).cloned().unwrap_or_else(|| dir.clone());
                    found.skip(path, Why::Loop { to });
                } else if let Some(first) = dirs.get(&id) {
                    let first = first.clone();
                    found.skip(path, Why::SameAs(first));
                } else {
                    dirs.insert(id.clone(), path.clone());
                    let mut inner = ancestors.clone();
                    inner.push(id);
                    stack.push((path, inner));
                }
            } else if is_spec_name(&path) {
                match FileKind::of(&meta) {
                    None => found.files.push(path),
                    Some(kind) => found.skip(path, Why::NotRegular(kind)),
                }
            }
        }
    }
    Ok(())
}

impl Found {
    fn skip(&mut self, path: PathBuf, why: Why) {
        self.skipped.push(Skipped { path, why });
    }
}

/// Keeps the first of several paths to one file (a symlink beside its target).
fn drop_same_files(found: &mut Found) {
    let mut seen: HashMap<Identity, PathBuf> = HashMap::new();
    let mut kept = Vec::with_capacity(found.files.len());
    for path in std::mem::take(&mut found.files) {
        // A path that cannot be looked at is kept: reading it reports why.
        let Ok(meta) = std::fs::metadata(&path) else {
            kept.push(path);
            continue;
        };
        let id = identity(&path, &meta);
        if let Some(first) = seen.get(&id) {
            let first = first.clone();
            found.skip(path, Why::SameAs(first));
        } else {
            seen.insert(id, path.clone());
            kept.push(path);
        }
    }
    found.files = kept;
}

/// What makes two paths the same file or directory.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Identity {
    #[cfg(unix)]
    dev_ino: (u64, u64),
    #[cfg(not(unix))]
    canonical: PathBuf,
}

#[cfg(unix)]
fn identity(_: &Path, meta: &Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    Identity {
        dev_ino: (meta.dev(), meta.ino()),
    }
}

#[cfg(not(unix))]
fn identity(path: &Path, _: &Metadata) -> Identity {
    Identity {
        canonical: std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// Why a spec file was not read: a message and a help for its diagnostic.
#[derive(Debug)]
pub struct Refused {
    pub message: String,
    pub help: Option<String>,
}

/// The bytes of one spec file: a regular file (symlinks followed) of at most
/// [`MAX_FILE_BYTES`], read once.
pub fn read(path: &Path) -> Result<Vec<u8>, Refused> {
    let limit = u64::try_from(MAX_FILE_BYTES).unwrap_or(u64::MAX);
    files::read_regular(path, limit).map_err(|e| match e {
        ReadError::NotRegular(kind) => Refused {
            message: format!("cannot read file: it is {}", kind.describe()),
            help: Some(
                "spec files are regular files; FIFOs, devices and sockets are never read".into(),
            ),
        },
        ReadError::TooLarge { limit } => Refused {
            message: format!(
                "file is larger than the {} a spec may be",
                files::size(limit)
            ),
            help: Some("split the campaigns over several files".into()),
        },
        ReadError::Io(e) => Refused {
            message: format!("cannot read file: {e}"),
            help: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_names_in_any_case() {
        for yes in ["a.yaml", "a.YAML", "b.Yml", "c.yml"] {
            assert!(is_spec_name(Path::new(yes)), "{yes}");
        }
        for no in ["a.json", "yaml", "a.yaml.bak", "a"] {
            assert!(!is_spec_name(Path::new(no)), "{no}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_directory_with_nothing_readable_is_an_error_naming_what_was_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("a.yaml")).unwrap();
        let err = discover(&[dir.path().to_path_buf()]).unwrap_err();
        let LoadError::NothingReadable { skipped, .. } = &err else {
            panic!("{err:?}");
        };
        assert!(
            skipped.contains("a.yaml` skipped: cannot be followed"),
            "{skipped}"
        );
        let empty = tempfile::tempdir().unwrap();
        let err = discover(&[empty.path().to_path_buf()]).unwrap_err();
        assert!(matches!(err, LoadError::NoSpecs(_)), "{err:?}");
    }

    #[cfg(unix)]
    #[test]
    fn walks_follow_symlinks_once_and_report_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("campaigns");
        let shared = dir.path().join("shared");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&shared).unwrap();
        std::fs::write(root.join("a.YAML"), "x").unwrap();
        std::fs::write(shared.join("b.yml"), "x").unwrap();
        std::os::unix::fs::symlink(&shared, root.join("linked")).unwrap();
        std::os::unix::fs::symlink(&root, root.join("loop")).unwrap();
        std::os::unix::fs::symlink(root.join("a.YAML"), root.join("again.yaml")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone"), root.join("gone.yaml")).unwrap();
        let found = discover(std::slice::from_ref(&root)).unwrap();
        assert_eq!(
            found.files,
            [root.join("a.YAML"), root.join("linked").join("b.yml")]
        );
        let whys: Vec<(String, bool)> = found
            .skipped
            .iter()
            .map(|s| {
                (
                    s.path.file_name().unwrap().to_string_lossy().into_owned(),
                    s.lost(),
                )
            })
            .collect();
        assert_eq!(
            whys,
            [
                ("again.yaml".to_owned(), false),
                ("gone.yaml".to_owned(), true),
                ("loop".to_owned(), false),
            ]
        );
        assert!(matches!(found.skipped[2].why, Why::Loop { .. }));
    }
}
