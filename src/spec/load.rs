//! Parsing spec files: YAML with positions, limits. How the bytes are obtained
//! (discovery, regular files only, the size cap) is `spec::read`.

use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Severity};
use super::model::SpecFile;
use super::span::Pos;

/// Largest spec file we read; larger input is refused before parsing.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Deepest nesting accepted (the spec format itself is about ten levels deep).
pub const MAX_DEPTH: usize = super::tree::MAX_DEPTH;

/// Code for YAML that cannot be read at all (syntax, encoding, size).
pub const SYNTAX_CODE: &str = "SP001";
/// Code for YAML that is well-formed but not a spec (unknown key, wrong type, bad value).
pub const STRUCTURE_CODE: &str = "SP002";

/// A spec file read: its text (kept for rendering diagnostics), what could be
/// converted of it, and every structural problem.
#[derive(Debug)]
pub struct LoadedFile {
    pub path: PathBuf,
    pub text: String,
    /// The spec, without campaigns that have structural problems.
    pub spec: SpecFile,
    /// Structural problems (`SP002`), every one in the file.
    pub problems: Vec<Diagnostic>,
    /// Whether rules may run on `spec` (see `spec::convert`).
    pub checkable: bool,
    /// Campaigns left out of `spec` because of their problems.
    pub left_out: usize,
}

/// Problems that stop files from being found or read at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    #[error("cannot read `{path}`: {source}")]
    #[diagnostic(
        code(smartplus::io),
        help("check that the path exists and that you may read it")
    )]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no spec files found in `{0}`")]
    #[diagnostic(
        code(smartplus::no_specs),
        help("spec files end in `.yaml` or `.yml`; pass a file or a directory that holds some")
    )]
    NoSpecs(PathBuf),
    #[error("no spec file in `{}` could be read", .path.display())]
    #[diagnostic(code(smartplus::no_specs), help("{skipped}"))]
    NothingReadable { path: PathBuf, skipped: String },
}

/// A file that could not be loaded: its diagnostic, and its text when it was text
/// (to draw the diagnostic's snippet from the bytes already read).
#[derive(Debug)]
pub struct Unloaded {
    pub diagnostic: Diagnostic,
    pub text: Option<String>,
}

impl Unloaded {
    fn new(diagnostic: Diagnostic, text: Option<String>) -> Box<Unloaded> {
        Box::new(Unloaded { diagnostic, text })
    }
}

/// Reads (once, see `spec::read`) and parses one file. A file that cannot be read as
/// YAML yields one located diagnostic instead of a `LoadedFile`; every other problem is
/// in the `LoadedFile`.
pub fn load_file(path: &Path) -> Result<LoadedFile, Box<Unloaded>> {
    let bytes = super::read::read(path).map_err(|refused| {
        Unloaded::new(
            file_diag(path, SYNTAX_CODE, refused.message, refused.help),
            None,
        )
    })?;
    let text = decode(path, bytes).map_err(|d| Unloaded::new(*d, None))?;
    match parse(&text) {
        Ok(parsed) => Ok(LoadedFile {
            path: path.to_path_buf(),
            problems: parsed
                .problems
                .into_iter()
                .map(|mut d| {
                    d.file = path.to_path_buf();
                    d
                })
                .collect(),
            spec: parsed.spec,
            checkable: parsed.checkable,
            left_out: parsed.left_out,
            text,
        }),
        Err(d) => {
            let mut d = *d;
            d.file = path.to_path_buf();
            Err(Unloaded::new(d, Some(text)))
        }
    }
}

/// Text from bytes. Binary or mis-encoded input keeps no text, so its diagnostic
/// shows no snippet: such a file may be anything (`/proc/self/environ`).
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(Box::new(file_diag_at(
            path,
            SYNTAX_CODE,
            "file is binary, not YAML text".into(),
            Some("spec files are UTF-8 YAML text".into()),
            pos_of(&bytes, at),
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let pos = pos_of(e.as_bytes(), at);
        Box::new(file_diag_at(
            path,
            SYNTAX_CODE,
            "file is not valid UTF-8".into(),
            Some("save the file as UTF-8".into()),
            pos,
        ))
    })
}

/// Spec text read as far as it goes (see [`parse`]).
#[derive(Debug)]
pub struct Parsed {
    pub spec: SpecFile,
    /// Structural problems, with an empty file path.
    pub problems: Vec<Diagnostic>,
    pub checkable: bool,
    pub left_out: usize,
}

/// Parses spec text: the YAML into a tree, then the tree into the model, collecting
/// every structural problem. `Err` only for text that is not YAML (the returned
/// diagnostic has an empty file path).
pub fn parse(text: &str) -> Result<Parsed, Box<Diagnostic>> {
    let root = super::tree::parse(text).map_err(|e| {
        Box::new(Diagnostic {
            code: SYNTAX_CODE,
            severity: Severity::Error,
            message: e.message,
            label: "here".into(),
            help: Some(e.help),
            file: PathBuf::new(),
            pos: e.pos,
        })
    })?;
    let Some(root) = root else {
        return Ok(Parsed {
            spec: SpecFile::default(),
            problems: vec![Diagnostic {
                code: STRUCTURE_CODE,
                severity: Severity::Error,
                message: if text.trim().is_empty() {
                    "the file is empty".into()
                } else {
                    "the file holds only comments".into()
                },
                label: "nothing here".into(),
                help: Some(
                    "a spec file lists campaigns under `campaigns:` (see docs/spec.md); \
                     `smartplus import` writes them from the account"
                        .into(),
                ),
                file: PathBuf::new(),
                pos: Pos {
                    line: 1,
                    column: 1,
                    offset: 0,
                    len: 0,
                },
            }],
            checkable: false,
            left_out: 0,
        });
    };
    let converted = super::convert::convert(root);
    let problems = converted
        .problems
        .into_iter()
        .map(|p| Diagnostic {
            code: STRUCTURE_CODE,
            severity: Severity::Error,
            message: p.message,
            label: p.label,
            help: p.help,
            file: PathBuf::new(),
            pos: p.pos,
        })
        .collect();
    Ok(Parsed {
        spec: converted.spec,
        problems,
        checkable: converted.checkable,
        left_out: converted.left_out,
    })
}

/// Parses spec text that must be a whole, valid spec: the first problem otherwise.
pub fn parse_str(text: &str) -> Result<SpecFile, Box<Diagnostic>> {
    let parsed = parse(text)?;
    match parsed.problems.into_iter().next() {
        Some(first) => Err(Box::new(first)),
        None => Ok(parsed.spec),
    }
}

fn file_diag(path: &Path, code: &'static str, message: String, help: Option<String>) -> Diagnostic {
    file_diag_at(
        path,
        code,
        message,
        help,
        Pos {
            line: 1,
            column: 1,
            offset: 0,
            len: 0,
        },
    )
}

fn file_diag_at(
    path: &Path,
    code: &'static str,
    message: String,
    help: Option<String>,
    pos: Pos,
) -> Diagnostic {
    Diagnostic {
        code,
        severity: Severity::Error,
        message,
        label: "here".into(),
        help,
        file: path.to_path_buf(),
        pos,
    }
}

/// Line and column (1-based) of a byte offset.
fn pos_of(bytes: &[u8], at: usize) -> Pos {
    let before = &bytes[..at.min(bytes.len())];
    // Once per diagnostic: not worth a dependency for a faster count.
    #[allow(clippy::naive_bytecount)]
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let col_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(at - col_start + 1).unwrap_or(u32::MAX),
        offset: at,
        len: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_gets_a_suggestion_and_position() {
        let text = "campaigns:\n  - name: x\n    objectiv: web_conversions\n";
        let d = parse_str(text).unwrap_err();
        assert_eq!(d.code, STRUCTURE_CODE);
        assert_eq!(d.message, "unknown key `objectiv`");
        assert!(
            d.help
                .as_deref()
                .unwrap_or_default()
                .contains("did you mean `objective`?")
        );
        assert_eq!((d.pos.line, d.pos.column), (3, 5));
    }

    #[test]
    fn unknown_value_gets_a_suggestion() {
        let text = "campaigns:\n  - name: x\n    objective: web_conversion\n";
        let d = parse_str(text).unwrap_err();
        assert_eq!(d.message, "unknown value `web_conversion`");
        assert!(
            d.help
                .as_deref()
                .unwrap_or_default()
                .contains("did you mean `web_conversions`?")
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!("campaigns: {}{}", "[".repeat(5000), "]".repeat(5000));
        let d = parse_str(&text).unwrap_err();
        assert_eq!(d.severity, Severity::Error);
    }

    #[test]
    fn money_keeps_written_digits() {
        let text = "cbo: true\namount: 1234567890123.456789012\n";
        let b: crate::spec::model::CampaignBudget = serde_saphyr::from_str(text).expect("parses");
        let amount = b.amount.expect("amount");
        assert_eq!(amount.value.to_string(), "1234567890123.456789012");
    }

    #[test]
    fn yaml_limits_are_worded_without_internal_names() {
        // One 1 MiB value used a hundred times through an alias.
        let big = "x".repeat(1 << 20);
        let uses = vec!["*big"; 100].join(", ");
        let text = format!("shared:\n  one: &big \"{big}\"\n  all: [{uses}]\ncampaigns: []\n");
        let d = parse_str(&text).unwrap_err();
        assert_eq!(d.code, SYNTAX_CODE, "{}", d.message);
        assert_eq!(
            d.message,
            "YAML too large to be a spec: too much text in its values (each use of an alias counts again)"
        );
        let deep = format!(
            "shared: {}{}\ncampaigns: []\n",
            "[".repeat(100),
            "]".repeat(100)
        );
        let d = parse_str(&deep).unwrap_err();
        assert_eq!(
            d.message,
            format!("YAML too large to be a spec: nested deeper than {MAX_DEPTH} levels")
        );
    }

    #[test]
    fn binary_input_is_refused_with_a_position() {
        let d = decode(Path::new("x.yaml"), b"campaigns:\n\0\0".to_vec()).unwrap_err();
        assert_eq!(d.message, "file is binary, not YAML text");
        assert_eq!((d.pos.line, d.pos.column), (2, 1));
    }
}
