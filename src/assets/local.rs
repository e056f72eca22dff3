//! Local files: their content hashes (read once, in pieces) and the name an upload
//! gives them.

use std::io::Read;
use std::path::Path;

use md5::Digest as _;

use crate::spec::media::MediaKind;

/// What a file holds, as far as uploads care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digest {
    pub size: u64,
    /// Lowercase hex.
    pub sha256: String,
    pub md5: String,
    /// The MIME type of its format (read from its content).
    pub mime: &'static str,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{0}")]
    Read(#[from] crate::files::ReadError),
    #[error("{0}")]
    Probe(#[from] crate::media::ProbeError),
    #[error("it is not a {} format TikTok takes ({format})", .kind.as_str())]
    Format {
        kind: MediaKind,
        format: &'static str,
    },
}

/// Hashes a file of `kind` (at most the largest TikTok takes), reading it once.
pub fn digest(path: &Path, kind: MediaKind) -> Result<Digest, FileError> {
    let probe = crate::media::probe_path(path)?;
    let fits = match kind {
        MediaKind::Video => probe.format.uploadable_video(),
        MediaKind::Image => probe.format.uploadable_image(),
    };
    if !fits {
        return Err(FileError::Format {
            kind,
            format: probe.format.name(),
        });
    }
    let (file, size) = crate::files::open_regular(path, kind.max_bytes())?;
    let mut sha = sha2::Sha256::new();
    let mut md5 = md5::Md5::new();
    let mut reader = file.take(size);
    let mut buf = vec![0u8; 1 << 16];
    let mut read = 0u64;
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| FileError::Read(e.into()))?;
        if n == 0 {
            break;
        }
        read += n as u64;
        sha.update(&buf[..n]);
        md5.update(&buf[..n]);
    }
    Ok(Digest {
        size: read,
        sha256: hex(&sha.finalize()),
        md5: hex(&md5.finalize()),
        mime: probe.format.mime(),
    })
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The name an upload gets: the first 8 hex digits of its SHA-256, a dash, and the
/// file's own name (letters, digits, `.`, `-`, `_`; anything else becomes `_`),
/// at most TikTok's 100 characters, the extension kept. The same content always
/// gets the same name, so a lost upload is found again by it; TikTok refuses a
/// second upload of that name (40911), so nothing is uploaded twice.
pub fn content_name(sha256: &str, path: &Path) -> String {
    let original = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let clean: String = original
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let clean = if clean.trim_matches('.').is_empty() {
        "file".to_owned()
    } else {
        clean
    };
    let prefix = sha256.get(..8).unwrap_or(sha256);
    let max = crate::facts::MAX_FILE_NAME_CHARS - prefix.len() - 1;
    let clean = if clean.len() > max {
        // Keep the extension: it tells people what the file is.
        let ext = clean
            .rfind('.')
            .map(|i| &clean[i..])
            .filter(|e| e.len() <= 10)
            .unwrap_or("");
        format!("{}{ext}", &clean[..max - ext.len()])
    } else {
        clean
    };
    format!("{prefix}-{clean}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_hash_and_clean_name() {
        let sha = "0123456789abcdef".repeat(4);
        assert_eq!(
            content_name(&sha, Path::new("a/hero cut (final).mp4")),
            "01234567-hero_cut__final_.mp4"
        );
        let long = format!("{}.mov", "x".repeat(300));
        let name = content_name(&sha, Path::new(&long));
        assert_eq!(name.chars().count(), 100);
        assert_eq!(&name[name.len() - 4..], ".mov", "{name}");
        assert_eq!(content_name(&sha, Path::new("..")), "01234567-file");
        assert_eq!(content_name(&sha, Path::new("ü.png")), "01234567-_.png");
    }

    #[test]
    fn digests_match_known_values_and_refuse_the_wrong_kind() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.png");
        let bytes = crate::media::samples::png(720, 1280);
        std::fs::write(&p, &bytes).unwrap();
        let d = digest(&p, MediaKind::Image).unwrap();
        assert_eq!(d.size, bytes.len() as u64);
        assert_eq!(d.sha256, hex(&sha2::Sha256::digest(&bytes)));
        assert_eq!(d.md5, hex(&md5::Md5::digest(&bytes)));
        assert_eq!(d.mime, "image/png");
        assert!(matches!(
            digest(&p, MediaKind::Video),
            Err(FileError::Format { .. })
        ));
    }
}
