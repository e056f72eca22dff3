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
