//! `smartplus.lock`: which uploaded video or image holds which file content, per
//! ad account. Kept beside the specs and committed, so that another machine (or
//! CI) finds every file already uploaded instead of uploading it again.
//!
//! One line per advertiser and content, sorted, fields separated by spaces:
//! `ADVERTISER KIND SHA256 ID MD5 NAME`. A line per entry keeps merges clean: two
//! branches that upload different files add different lines.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::spec::media::MediaKind;

/// The lock file's name.
pub const FILE_NAME: &str = "smartplus.lock";

/// Largest lock file read (a line is about 200 bytes).
pub const MAX_LOCK_BYTES: u64 = 16 << 20;

const HEADER: &str = "\
# smartplus.lock: media uploaded by `smartplus apply`, one line per ad account and
# file content. Commit it with the specs: whoever applies them next finds every
# file already uploaded. Lines are sorted; keep them so when merging.
# advertiser kind sha256 id md5 name
";

/// One uploaded file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub advertiser: String,
    pub kind: MediaKind,
    pub sha256: String,
    /// `video_id` or `image_id`.
    pub id: String,
    pub md5: String,
    /// The name it has in the library.
    pub name: String,
}

type Key = (String, MediaKind, String);

/// A lock file's entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lock {
    entries: BTreeMap<Key, Entry>,
}

/// Why a lock file could not be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LockError {
    #[error("cannot read `{}`: {cause}", .path.display())]
    Read {
        path: PathBuf,
        cause: crate::files::ReadError,
    },
    #[error("`{}` line {line}: {problem}", .path.display())]
    #[diagnostic(
        code(smartplus::lock),
        help(
            "each line is `ADVERTISER KIND SHA256 ID MD5 NAME`; fix the line, or delete it: \
             smartplus then finds the file in the account by its name, or uploads it"
        )
    )]
    Line {
        path: PathBuf,
        line: usize,
        problem: String,
    },
    #[error("cannot write `{}`: {cause}", .path.display())]
    Write {
        path: PathBuf,
        cause: crate::files::WriteError,
    },
}

impl Lock {
    /// The entry for a file content in an account.
    pub fn get(&self, advertiser: &str, kind: MediaKind, sha256: &str) -> Option<&Entry> {
        self.entries
            .get(&(advertiser.to_owned(), kind, sha256.to_owned()))
    }

    /// Adds or replaces the entry for its account and content.
    pub fn insert(&mut self, e: Entry) {
        self.entries
            .insert((e.advertiser.clone(), e.kind, e.sha256.clone()), e);
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    /// The file's text: a header, then the entries in order.
    pub fn render(&self) -> String {
        let mut out = HEADER.to_owned();
        for e in self.entries.values() {
            let _ = writeln!(
                out,
                "{} {} {} {} {} {}",
                e.advertiser,
                e.kind.as_str(),
                e.sha256,
                e.id,
                e.md5,
                e.name
            );
        }
        out
    }

    /// Reads the text of `path` (named in errors).
    pub fn parse(text: &str, path: &Path) -> Result<Lock, LockError> {
        let mut lock = Lock::default();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let bad = |problem: String| LockError::Line {
                path: path.to_owned(),
                line,
                problem,
            };
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
                .iter()
                .any(|m| trimmed.starts_with(m))
            {
                return Err(bad(
                    "an unresolved merge conflict: keep the lines of both sides (each file's line is independent)"
                        .into(),
                ));
            }
            let mut fields = trimmed.split_whitespace();
            let mut next = |what: &str| {
                fields
                    .next()
                    .map(str::to_owned)
                    .ok_or_else(|| bad(format!("no {what}")))
            };
            let advertiser = next("advertiser id")?;
            let kind = match next("kind")?.as_str() {
                "video" => MediaKind::Video,
                "image" => MediaKind::Image,
                other => return Err(bad(format!("`{other}` is not `video` or `image`"))),
            };
            let sha256 = next("SHA-256")?;
            let id = next("id")?;
            let md5 = next("MD5")?;
            let name: Vec<&str> = fields.collect();
            if !advertiser.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(format!("advertiser id `{advertiser}` is not digits")));
            }
            if !is_hex(&sha256, 64) {
                return Err(bad("the SHA-256 is not 64 hexadecimal digits".into()));
            }
            if !is_hex(&md5, 32) {
                return Err(bad("the MD5 is not 32 hexadecimal digits".into()));
            }
            let entry = Entry {
                advertiser,
                kind,
                sha256: sha256.to_ascii_lowercase(),
                id,
                md5: md5.to_ascii_lowercase(),
                name: name.join(" "),
            };
            if let Some(prev) = lock.get(&entry.advertiser, entry.kind, &entry.sha256)
                && prev.id != entry.id
            {
                return Err(bad(format!(
                    "the same file is also recorded as {} (a merge kept both lines?): keep one",
                    prev.id
                )));
            }
            lock.insert(entry);
        }
        Ok(lock)
    }
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Reads a lock file; a missing one is empty.
pub fn read(path: &Path) -> Result<Lock, LockError> {
    match crate::files::read_regular(path, MAX_LOCK_BYTES) {
        Ok(bytes) => Lock::parse(&String::from_utf8_lossy(&bytes), path),
        Err(crate::files::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(Lock::default())
        }
        Err(cause) => Err(LockError::Read {
            path: path.to_owned(),
            cause,
        }),
    }
}

/// Adds entries to a lock file: read again (another run may have written it since),
/// merged, written atomically. Nothing is written when nothing changes.
pub fn record(path: &Path, entries: &[Entry]) -> Result<(), LockError> {
    let mut lock = read(path)?;
    let before = lock.clone();
    for e in entries {
        lock.insert(e.clone());
    }
    if lock == before && path.exists() {
        return Ok(());
    }
    crate::files::write_atomic(path, &lock.render(), crate::files::Access::Shared).map_err(
        |cause| LockError::Write {
            path: path.to_owned(),
            cause,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(adv: &str, kind: MediaKind, n: char, id: &str) -> Entry {
        Entry {
            advertiser: adv.into(),
            kind,
            sha256: n.to_string().repeat(64),
            id: id.into(),
            md5: n.to_string().repeat(32),
            name: format!("{n}-hero clip.mp4"),
        }
    }

    #[test]
    fn round_trips_sorted_whatever_the_insertion_order() {
        let mut a = Lock::default();
        a.insert(entry("2", MediaKind::Video, 'b', "v2"));
        a.insert(entry("1", MediaKind::Image, 'a', "ad-site-i18n-sg/x"));
        a.insert(entry("1", MediaKind::Video, 'c', "v1"));
        let text = a.render();
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(lines[0].starts_with("1 video"), "{text}");
        assert!(lines[1].starts_with("1 image"), "{text}");
        assert!(lines[2].starts_with("2 video"), "{text}");
        let back = Lock::parse(&text, Path::new("l")).unwrap();
        assert_eq!(back, a);
        assert_eq!(
            back.get("1", MediaKind::Video, &"c".repeat(64))
                .map(|e| e.name.as_str()),
            Some("c-hero clip.mp4")
        );
    }

    #[test]
    fn broken_lines_are_located() {
        let good = Lock::default().render();
        for (text, want) in [
            ("1 film aaaa", "not `video`"),
            ("x video a id b", "not digits"),
            ("1 video abc id md5", "SHA-256"),
            ("<<<<<<< HEAD", "merge conflict"),
            ("1 video", "no SHA-256"),
        ] {
            let text = format!("{good}{text}\n");
            let err = Lock::parse(&text, Path::new("smartplus.lock")).unwrap_err();
            let shown = err.to_string();
            assert!(shown.contains("line 5"), "{shown}");
            assert!(shown.contains(want), "{shown}");
        }
        let mut two = Lock::default();
        two.insert(entry("1", MediaKind::Video, 'a', "v1"));
        let text = format!(
            "{}{}",
            two.render(),
            two.render().lines().last().unwrap().replace("v1", "v9")
        );
        assert!(
            Lock::parse(&text, Path::new("l"))
                .unwrap_err()
                .to_string()
                .contains("keep one")
        );
    }

    #[test]
    fn recording_merges_with_what_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert_eq!(read(&path).unwrap(), Lock::default());
        record(&path, &[entry("1", MediaKind::Video, 'a', "v1")]).unwrap();
        record(&path, &[entry("1", MediaKind::Image, 'b', "i1")]).unwrap();
        let lock = read(&path).unwrap();
        assert_eq!(lock.entries().count(), 2);
    }
}
