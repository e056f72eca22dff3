//! How uploads read: one line per upload, and the closing summary's upload line.

use std::fmt::Write;

use super::plan::bytes;
use super::text;
use crate::assets::{UploadReport, UploadResult};
use crate::plan::model::Upload;

/// "Uploaded video `campaigns/assets/hero.mp4` (2.2 kB, id v100…)".
pub fn upload_line(u: &Upload, result: &UploadResult) -> String {
    let what = format!(
        "{} `{}`",
        u.kind.as_str(),
        text::line(&u.path.display().to_string())
    );
    match result {
        UploadResult::Uploaded { id } => {
            format!("Uploaded {what} ({}, id {})", bytes(u.size), text::line(id))
        }
        UploadResult::Found { id } => format!(
            "Found {what} in the account as `{}` (id {}): not uploaded again",
            text::line(&u.file_name),
            text::line(id)
        ),
        UploadResult::Failed { error } => format!(
            "Failed to upload {what}: {}",
            text::line(&error.to_string())
        ),
        UploadResult::Interrupted => format!("Skipped uploading {what}: interrupted"),
    }
}

/// The uploads' part of the closing summary; empty when the plan uploads nothing
/// and every lock file was written.
pub fn summary(uploads: &[Upload], report: &UploadReport) -> String {
    let mut text = String::new();
    if !uploads.is_empty() {
        let count =
            |f: &dyn Fn(&UploadResult) -> bool| report.results.iter().filter(|r| f(r)).count();
        let made = count(&|r| matches!(r, UploadResult::Uploaded { .. }));
        let found = count(&|r| matches!(r, UploadResult::Found { .. }));
        let failed = report.failed();
        let _ = writeln!(
            text,
            "\nUploads: {made} uploaded, {found} found in the account already, {failed} not uploaded."
        );
        for (u, r) in uploads.iter().zip(&report.results) {
            if !matches!(
                r,
                UploadResult::Uploaded { .. } | UploadResult::Found { .. }
            ) {
                let _ = writeln!(text, "  {}", upload_line(u, r));
            }
        }
    }
    for e in &report.lock_errors {
        let _ = writeln!(
            text,
            "warning: {}; the uploads stand, and the next run finds them by name",
            text::line(e)
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::UploadError;
    use crate::spec::media::MediaKind;

    #[test]
    fn lines_say_what_happened_to_each_file() {
        let u = Upload {
            kind: MediaKind::Image,
            path: "campaigns/assets/c\u{1b}[31m.png".into(),
            size: 12_400_000,
            sha256: "a".repeat(64),
            md5: "b".repeat(32),
            file_name: "aaaaaaaa-c_31m.png".into(),
            mime: "image/png".into(),
            placeholder: "(upload c.png)".into(),
            replaces: None,
            locks: Vec::new(),
        };
        let up = upload_line(&u, &UploadResult::Uploaded { id: "i1".into() });
        assert_eq!(
            up,
            "Uploaded image `campaigns/assets/c\\u{1b}[31m.png` (12.4 MB, id i1)"
        );
        let found = upload_line(&u, &UploadResult::Found { id: "i1".into() });
        assert!(found.contains("not uploaded again"), "{found}");
        let report = UploadReport {
            results: vec![UploadResult::Failed {
                error: UploadError::Changed,
            }],
            lock_errors: vec!["cannot write `smartplus.lock`".into()],
        };
        let text = summary(std::slice::from_ref(&u), &report);
        assert!(
            text.contains("Uploads: 0 uploaded, 0 found in the account already, 1 not uploaded."),
            "{text}"
        );
        assert!(text.contains("changed since the plan"), "{text}");
        assert!(text.contains("warning: cannot write"), "{text}");
        assert_eq!(summary(&[], &UploadReport::default()), "");
    }
}
