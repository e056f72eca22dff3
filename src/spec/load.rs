//! Parsing spec files: YAML with positions, limits. How the bytes are obtained
//! (discovery, regular files only, the size cap) is `spec::read`.

use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Severity};
use super::model::SpecFile;
use super::span::Pos;
use super::suggest;

/// Largest spec file we read; larger input is refused before parsing.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Deepest nesting accepted (the spec format itself is about ten levels deep).
pub const MAX_DEPTH: usize = 48;

/// Code for YAML that cannot be read at all (syntax, encoding, size).
pub const SYNTAX_CODE: &str = "SP001";
/// Code for YAML that is well-formed but not a spec (unknown key, wrong type, bad value).
pub const STRUCTURE_CODE: &str = "SP002";

/// A successfully parsed spec file with its text, kept for rendering diagnostics.
#[derive(Debug)]
pub struct LoadedFile {
    pub path: PathBuf,
    pub text: String,
    pub spec: SpecFile,
}

/// Problems that stop files from being found or read at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    #[error("cannot read `{path}`: {source}")]
    #[diagnostic(code(smartplus::io))]
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
/// a spec yields one located diagnostic instead of a `LoadedFile`.
pub fn load_file(path: &Path) -> Result<LoadedFile, Box<Unloaded>> {
    let bytes = super::read::read(path).map_err(|refused| {
        Unloaded::new(
            file_diag(path, SYNTAX_CODE, refused.message, refused.help),
            None,
        )
    })?;
    let text = decode(path, bytes).map_err(|d| Unloaded::new(*d, None))?;
    match parse_str(&text) {
        Ok(spec) => Ok(LoadedFile {
            path: path.to_path_buf(),
            text,
            spec,
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

/// Parses spec text. The returned diagnostic has an empty file path.
pub fn parse_str(text: &str) -> Result<SpecFile, Box<Diagnostic>> {
    let mut options = serde_saphyr::options::Options::default();
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_depth = MAX_DEPTH;
    // Large accounts are large files; the byte cap above bounds the work instead.
    budget.max_events = 50_000_000;
    budget.max_nodes = 20_000_000;
    // Specs share settings through anchors: hundreds of `*brand` uses of one anchor
    // are normal, not an attack (the byte cap above bounds replay work instead).
    budget.enforce_alias_anchor_ratio = false;
    budget.max_aliases = 5_000_000;
    budget.max_merge_keys = 5_000_000;
    options.budget = Some(budget);
    // Bounded, so a "billion laughs" file still fails fast, but far above what a
    // 200-campaign account replays through its anchors.
    options.alias_limits.max_total_replayed_events = 20_000_000;
    serde_saphyr::from_str_with_options::<SpecFile>(text, options).map_err(|e| {
        let (code, message, help) = describe(&e);
        let pos = e.location().map_or(
            Pos {
                line: 1,
                column: 1,
                offset: 0,
                len: 0,
            },
            |loc| {
                let span = loc.span();
                let line = u32::try_from(loc.line()).unwrap_or(u32::MAX);
                let column = u32::try_from(loc.column()).unwrap_or(u32::MAX);
                let offset = span
                    .byte_offset()
                    .and_then(|o| usize::try_from(o).ok())
                    .unwrap_or_else(|| offset_of(text, line, column));
                Pos {
                    line,
                    column,
                    offset,
                    len: span
                        .byte_len()
                        .and_then(|l| usize::try_from(l).ok())
                        .unwrap_or(1)
                        .max(1),
                }
            },
        );
        Box::new(Diagnostic {
            code,
            severity: Severity::Error,
            message,
            label: "here".into(),
            help,
            file: PathBuf::new(),
            pos,
        })
    })
}

/// Turns a YAML error into our code, message and help.
fn describe(e: &serde_saphyr::Error) -> (&'static str, String, Option<String>) {
    let mut inner = e.without_snippet();
    while let serde_saphyr::Error::AliasError { error, .. }
    | serde_saphyr::Error::WithSnippet { error, .. } = inner
    {
        inner = error;
    }
    if let serde_saphyr::Error::Budget { breach, .. } = inner {
        return (
            SYNTAX_CODE,
            format!("YAML too large to be a spec: {}", breach_message(breach)),
            Some(
                "split the campaigns over several files; a spec needs neither deep nesting nor many aliases"
                    .into(),
            ),
        );
    }
    let raw = inner.to_string();
    // The crate appends " at line N column M"; we show positions ourselves.
    let msg = strip_position(&raw);
    if let Some((field, expected)) = parse_unknown(&msg, "unknown field `") {
        let help = match suggest::closest(&field, expected.iter().map(String::as_str)) {
            Some(s) => format!(
                "did you mean `{s}`? allowed keys here: {}",
                expected.join(", ")
            ),
            None => format!("allowed keys here: {}", expected.join(", ")),
        };
        return (STRUCTURE_CODE, format!("unknown key `{field}`"), Some(help));
    }
    if let Some((variant, expected)) = parse_unknown(&msg, "unknown variant `") {
        let mut help = match suggest::closest(&variant, expected.iter().map(String::as_str)) {
            Some(s) => format!(
                "did you mean `{s}`? expected one of: {}",
                expected.join(", ")
            ),
            None => format!("expected one of: {}", expected.join(", ")),
        };
        // An open vocabulary (`spec::open`) also takes TikTok's own literals.
        if msg.contains("or a TikTok literal") {
            help.push_str(", or any other TikTok literal in capitals, sent as written");
        }
        return (
            STRUCTURE_CODE,
            format!("unknown value `{variant}`"),
            Some(help),
        );
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return (
            STRUCTURE_CODE,
            format!("missing required key `{field}`"),
            Some(format!("add `{field}:` to this mapping (see docs/spec.md)")),
        );
    }
    let syntax = matches!(
        inner,
        serde_saphyr::Error::Eof { .. } | serde_saphyr::Error::ExternalMessage { .. }
    ) || msg.contains("budget")
        || msg.contains("depth");
    if syntax {
        (SYNTAX_CODE, format!("invalid YAML: {msg}"), None)
    } else {
        (
            STRUCTURE_CODE,
            msg,
            Some("see docs/spec.md for the spec format".into()),
        )
    }
}

/// A limit the YAML reader stopped at, in words (its own text names internal types).
fn breach_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { .. } => format!("nested deeper than {MAX_DEPTH} levels"),
        B::Events { .. } | B::Nodes { .. } => "too many YAML values".into(),
        B::Aliases { .. }
        | B::Anchors { .. }
        | B::MergeKeys { .. }
        | B::AliasAnchorRatio { .. }
        | B::RecordedAnchorEvents { .. }
        | B::RecordedAnchorBytes { .. } => "too many anchors, aliases or merge keys".into(),
        B::ScalarBytes { .. } => {
            "too much text in its values (each use of an alias counts again)".into()
        }
        B::Documents { .. } => "too many YAML documents".into(),
        B::InputBytes { .. } => "larger than a spec may be".into(),
        B::SequenceUnbalanced => "unbalanced brackets".into(),
        _ => "a YAML feature specs do not use".into(),
    }
}

fn strip_position(s: &str) -> String {
    let s = s.lines().next().unwrap_or_default();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// Parses "unknown field `x`, expected one of a, b" (the YAML crate's wording;
/// serde's own backticked form is accepted too).
fn parse_unknown(msg: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix(prefix)?;
    let (name, tail) = rest.split_once('`')?;
    let list = tail
        .split_once("expected one of ")
        .or_else(|| tail.split_once("expected "))
        .map(|(_, l)| l)
        .unwrap_or_default();
    let expected = list
        .split(", ")
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty() && !s.contains(' '))
        .collect();
    Some((name.to_string(), expected))
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

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1) as usize)
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
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
