//! YAML text → a tree of nodes, each with its position: the first half of loading.
//!
//! Reading the whole file into a tree before converting it is what lets `spec::convert`
//! report every structural problem of a file at once. Only a syntax error stops here,
//! worded in plain language (`syntax_error`). Anchors are shared (`Rc`), never copied:
//! an alias costs nothing to read, and what it would expand to is counted against
//! limits instead, so a "billion laughs" file is refused before anything walks it.
//!
//! This file and `span.rs` are the only ones that name the YAML crate.

use std::borrow::Cow;
use std::rc::Rc;

use serde_saphyr::granit_parser::{
    ErrorKind, Event, Marker, Options, Parser, ScalarStyle, ScanError, Span,
};

use super::span::Pos;

/// Deepest nesting accepted, aliases expanded (the spec format is about ten levels deep).
pub const MAX_DEPTH: usize = 48;
/// Most values a file may hold, each use of an alias counting its values again.
pub const MAX_NODES: u64 = 20_000_000;
/// Most text its values may hold, each use of an alias counting its text again.
pub const MAX_SCALAR_BYTES: u64 = 64 * 1024 * 1024;

/// One YAML value and where it is written.
#[derive(Debug)]
pub struct Node<'a> {
    pub pos: Pos,
    pub kind: Kind<'a>,
}

#[derive(Debug)]
pub enum Kind<'a> {
    /// Text as written (quotes and escapes resolved); `plain` when unquoted, so that
    /// `true`, `12` and `~` may be read as YAML's core types.
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
    /// A node with an anchor (`&name`), where it is written.
    Anchored(Rc<Node<'a>>),
    /// A use of an anchor (`*name`); the node's position is the alias's.
    Alias(Rc<Node<'a>>),
}

impl<'a> Node<'a> {
    /// The node itself, through anchors and aliases.
    pub fn target(&self) -> &Node<'a> {
        let mut n = self;
        while let Kind::Anchored(inner) | Kind::Alias(inner) = &n.kind {
            n = inner;
        }
        n
    }

    /// Whether this is a use of an anchor (values inside are shown where it is used).
    pub fn is_alias(&self) -> bool {
        matches!(self.kind, Kind::Alias(_))
    }

    /// A plain scalar YAML reads as null: nothing, `~` or `null`.
    pub fn is_null(&self) -> bool {
        matches!(&self.target().kind, Kind::Scalar { text, plain: true }
            if matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The text of a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.target().kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// Why a file is not YAML a spec can be read from, in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub help: String,
    pub pos: Pos,
}

/// What the values add up to once every alias is expanded.
#[derive(Clone, Copy, Debug, Default)]
struct Weight {
    nodes: u64,
    bytes: u64,
    /// Nesting below this node (0 for a scalar).
    height: usize,
}

impl Weight {
    fn add(&mut self, child: Weight) {
        self.nodes = self.nodes.saturating_add(child.nodes);
        self.bytes = self.bytes.saturating_add(child.bytes);
        self.height = self.height.max(child.height + 1);
    }
}

/// A collection being read.
struct Frame<'a> {
    pos: Pos,
    anchor: usize,
    flow: bool,
    weight: Weight,
    items: Vec<Node<'a>>,
    entries: Vec<(Node<'a>, Node<'a>)>,
    key: Option<Node<'a>>,
    map: bool,
    /// The mapping's position is that of its first key, once known.
    first_key: bool,
}

/// Reads `text` into a tree. `Ok(None)` for a file with no YAML value at all (empty, or
/// only comments).
pub fn parse(text: &str) -> Result<Option<Node<'_>>, SyntaxError> {
    let mut options = Options::default();
    options.emit_comments = false;
    // The parser stops deeper input itself, before anything is built for it.
    options.flow_nesting_limit = MAX_DEPTH + 1;
    options.block_nesting_limit = MAX_DEPTH + 1;
    let parser = Parser::new_from_str_with_options(text, options);
    let mut builder = Builder {
        text,
        stack: Vec::new(),
        anchors: Vec::new(),
        root: None,
        documents: 0,
    };
    for next in parser {
        let (event, span) = next.map_err(|e| syntax_error(text, &e))?;
        builder.event(event, span)?;
    }
    Ok(builder.root.map(|(node, _)| node))
}

struct Builder<'a> {
    text: &'a str,
    stack: Vec<Frame<'a>>,
    /// Anchored nodes by the parser's anchor id, with their expanded weight.
    anchors: Vec<Option<(Rc<Node<'a>>, Weight)>>,
    root: Option<(Node<'a>, Weight)>,
    documents: usize,
}

impl<'a> Builder<'a> {
    fn event(&mut self, event: Event<'a>, span: Span) -> Result<(), SyntaxError> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        message: "a second YAML document (`---`) in one spec file".into(),
                        help: "a spec file holds one document: move the campaigns below `---` \
                               into a file of their own, or remove the `---` line"
                            .into(),
                        pos: pos_at(self.text, span.start, 3),
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let pos = pos_of(self.text, &span);
                // `!!str 12` is text, whatever it looks like.
                let typed = tag
                    .as_deref()
                    .is_some_and(|t| t.core_suffix() == Some("str"));
                let plain = style == ScalarStyle::Plain && !typed;
                let weight = Weight {
                    nodes: 1,
                    bytes: text.len() as u64,
                    height: 0,
                };
                let node = Node {
                    pos,
                    kind: Kind::Scalar { text, plain },
                };
                self.attach(node, weight, anchor)?;
            }
            Event::SequenceStart(style, anchor, _) | Event::MappingStart(style, anchor, _) => {
                let map = matches!(event, Event::MappingStart(..));
                if self.stack.len() >= MAX_DEPTH {
                    return Err(too_deep(self.text, span.start));
                }
                let flow = style == serde_saphyr::granit_parser::StructureStyle::Flow;
                self.stack.push(Frame {
                    pos: pos_of(self.text, &span),
                    anchor,
                    flow,
                    weight: Weight {
                        nodes: 1,
                        bytes: 0,
                        height: 0,
                    },
                    items: Vec::new(),
                    entries: Vec::new(),
                    key: None,
                    map,
                    first_key: !flow,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let mut pos = frame.pos;
                if frame.flow {
                    // A flow collection is underlined whole when it fits on one line.
                    let end = span.end.byte_offset().unwrap_or(pos.offset);
                    let whole = self.text.get(pos.offset..end).unwrap_or_default();
                    pos.len = whole.find('\n').unwrap_or(whole.len()).max(1);
                }
                // Kept until the conversion: no room to spare.
                let kind = if frame.map {
                    let mut entries = frame.entries;
                    entries.shrink_to_fit();
                    Kind::Map(entries)
                } else {
                    let mut items = frame.items;
                    items.shrink_to_fit();
                    Kind::Seq(items)
                };
                self.attach(Node { pos, kind }, frame.weight, frame.anchor)?;
            }
            Event::Alias(id) => {
                let Some(Some((target, weight))) = self.anchors.get(id) else {
                    return Err(SyntaxError {
                        message: "this alias names no anchor".into(),
                        help: "define the anchor first with `&name` (usually under `shared:`), \
                               then use it as `*name`"
                            .into(),
                        pos: pos_of(self.text, &span),
                    });
                };
                let node = Node {
                    pos: pos_of(self.text, &span),
                    kind: Kind::Alias(target.clone()),
                };
                let weight = *weight;
                self.attach(node, weight, 0)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Puts a finished node where it belongs: in its collection, or as the root.
    fn attach(&mut self, node: Node<'a>, weight: Weight, anchor: usize) -> Result<(), SyntaxError> {
        let depth = self.stack.len() + weight.height;
        if depth > MAX_DEPTH {
            return Err(too_deep_at(node.pos));
        }
        let node = if anchor == 0 {
            node
        } else {
            let pos = node.pos;
            let shared = Rc::new(node);
            if self.anchors.len() <= anchor {
                self.anchors.resize_with(anchor + 1, || None);
            }
            self.anchors[anchor] = Some((shared.clone(), weight));
            Node {
                pos,
                kind: Kind::Anchored(shared),
            }
        };
        let Some(frame) = self.stack.last_mut() else {
            if weight.nodes > MAX_NODES || weight.bytes > MAX_SCALAR_BYTES {
                return Err(too_large(weight, node.pos));
            }
            self.root = Some((node, weight));
            return Ok(());
        };
        frame.weight.add(weight);
        if frame.weight.nodes > MAX_NODES || frame.weight.bytes > MAX_SCALAR_BYTES {
            return Err(too_large(frame.weight, node.pos));
        }
        if !frame.map {
            frame.items.push(node);
        } else if let Some(key) = frame.key.take() {
            frame.entries.push((key, node));
        } else {
            if frame.first_key {
                // A point at the first key: a block mapping has no line of its own.
                frame.pos = Pos { len: 0, ..node.pos };
                frame.first_key = false;
            }
            frame.key = Some(node);
        }
        Ok(())
    }
}

fn too_deep(text: &str, at: Marker) -> SyntaxError {
    too_deep_at(pos_at(text, at, 1))
}

fn too_deep_at(pos: Pos) -> SyntaxError {
    SyntaxError {
        message: format!("YAML too large to be a spec: nested deeper than {MAX_DEPTH} levels"),
        help: LIMIT_HELP.into(),
        pos,
    }
}

fn too_large(weight: Weight, pos: Pos) -> SyntaxError {
    let what = if weight.bytes > MAX_SCALAR_BYTES {
        "too much text in its values (each use of an alias counts again)"
    } else {
        "too many YAML values (each use of an alias counts again)"
    };
    SyntaxError {
        message: format!("YAML too large to be a spec: {what}"),
        help: LIMIT_HELP.into(),
        pos,
    }
}

const LIMIT_HELP: &str =
    "split the campaigns over several files; a spec needs neither deep nesting nor many aliases";

/// Where a parser span starts, with its length in bytes (0 for the start of a block
/// collection: a point, not a line).
fn pos_of(text: &str, span: &Span) -> Pos {
    let start = span.start.byte_offset().unwrap_or(0);
    let end = span.end.byte_offset().unwrap_or(start);
    pos_at(text, span.start, end.saturating_sub(start))
}

fn pos_at(text: &str, at: Marker, len: usize) -> Pos {
    let offset = at.byte_offset().unwrap_or(0).min(text.len());
    Pos {
        line: u32::try_from(at.line()).unwrap_or(u32::MAX),
        column: u32::try_from(at.col() + 1).unwrap_or(u32::MAX),
        offset,
        len: len.min(text.len() - offset),
    }
}

/// A parser error in plain words: what is wrong on the line, and how to fix it.
fn syntax_error(text: &str, e: &ScanError) -> SyntaxError {
    let mark = *e.marker();
    let mut pos = pos_at(text, mark, 1);
    let line = line_text(text, pos.offset);
    let indent: &str = &line[..line.len() - line.trim_start().len()];
    let kind = e.kind();
    let (message, help) = if indent.contains('\t')
        || matches!(
            kind,
            ErrorKind::TabInIndentation
                | ErrorKind::TabInBlockIndentation
                | ErrorKind::TabNotAllowed
                | ErrorKind::TabAtBlockScalarStart
                | ErrorKind::TabInPlainScalar
        ) {
        if let Some(tab) = line.find('\t') {
            pos = at_offset(text, line_start(text, pos.offset) + tab);
        }
        (
            "a tab character in the indentation".to_string(),
            "YAML indents with spaces only: replace the tab with spaces, lined up with the \
             keys above"
                .to_string(),
        )
    } else if let Some(bracket) = unclosed_bracket(text, pos.offset).filter(|_| {
        matches!(
            kind,
            ErrorKind::ExpectedFlowSequenceSeparator
                | ErrorKind::ExpectedFlowMappingSeparator
                | ErrorKind::UnclosedFlowCollection { .. }
                | ErrorKind::UnexpectedEofFlowSequence
                | ErrorKind::UnexpectedEofFlowMapping
                | ErrorKind::UnexpectedEofImplicitFlowMapping
                | ErrorKind::InvalidColonPlacement
                | ErrorKind::InvalidFlowScalarIndent
                | ErrorKind::MismatchedFlowCollectionEnd { .. }
        )
    }) {
        let (open, close) = if text.as_bytes()[bracket] == b'[' {
            ('[', ']')
        } else {
            ('{', '}')
        };
        pos = at_offset(text, bracket);
        (
            format!("this `{open}` is not closed"),
            format!(
                "close it with `{close}` on the same line, with commas between the items: \
                 `{open}a, b{close}`"
            ),
        )
    } else {
        match kind {
            ErrorKind::ExpectedBlockMappingKey
            | ErrorKind::InvalidIndentation
            | ErrorKind::ExpectedBlockSequenceEntry
            | ErrorKind::BlockSequenceEntryNotAllowed
            | ErrorKind::UnexpectedEofBlockMapping
            | ErrorKind::UnexpectedEofBlockSequence => (
                "this line is not indented like the keys around it".to_string(),
                indentation_help(text, pos.offset),
            ),
            ErrorKind::MappingValueNotAllowed | ErrorKind::InvalidColonPlacement => (
                "a `: ` where a value was expected".to_string(),
                "quote a value that holds `: ` (`name: \"Sale: 20% off\"`), or give the key a \
                 line of its own, indented below its parent"
                    .to_string(),
            ),
            ErrorKind::UnclosedQuotedScalar
            | ErrorKind::InvalidTrailingSingleQuotedScalar
            | ErrorKind::InvalidTrailingDoubleQuotedScalar
            | ErrorKind::InvalidQuotedScalarIndent => (
                "a quoted value is not closed where it should be".to_string(),
                "end the value with the quote mark it starts with, and put nothing after it \
                 but a comment; to write a quote inside, use the other kind around the value"
                    .to_string(),
            ),
            ErrorKind::UnexpectedCharacter { character } => (
                format!("a value cannot start with `{character}`"),
                format!("quote the value: `\"{character}…\"`"),
            ),
            ErrorKind::UnknownAnchor => (
                "this alias names no anchor".to_string(),
                "define the anchor first with `&name` (usually under `shared:`), then use it \
                 as `*name`"
                    .to_string(),
            ),
            ErrorKind::RecursionLimitExceeded => {
                let deep = too_deep_at(pos);
                (deep.message, deep.help)
            }
            other => (
                format!("the YAML cannot be read here ({other})"),
                "check the indentation and the quotes on this line and the line before it; \
                 see docs/spec.md for the format"
                    .to_string(),
            ),
        }
    };
    SyntaxError { message, help, pos }
}

/// How to indent a line the parser could not place: like the key above it.
fn indentation_help(text: &str, offset: usize) -> String {
    let start = line_start(text, offset);
    let above = text[..start]
        .lines()
        .rev()
        .map(str::trim_end)
        .find(|l| !l.trim_start().is_empty() && !l.trim_start().starts_with('#'));
    let general = "keys of one mapping start in the same column, and the keys inside a key are \
                   indented further (by spaces)";
    match above {
        Some(l) => {
            let column = l.len() - l.trim_start().len() + 1;
            let key = l.trim_start().trim_start_matches("- ");
            let key = key.split(':').next().unwrap_or(key);
            format!(
                "{general}: line it up with `{key}:` above (column {column}), or with a key further out to end that mapping"
            )
        }
        None => format!("{general}; the first line starts in column 1"),
    }
}

/// The last `[` or `{` before `upto` that is not closed, skipping quoted text and
/// comments.
fn unclosed_bracket(text: &str, upto: usize) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut quote: Option<u8> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < upto.min(bytes.len()) {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'[' | b'{' => open.push(i),
                b']' | b'}' => {
                    open.pop();
                }
                b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                _ => {}
            },
        }
        if b == b'\n' {
            quote = None;
        }
        i += 1;
    }
    open.pop()
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1)
}

fn line_text(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let rest = &text[start..];
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

/// The position of a byte offset (line and character column counted from the text).
pub fn at_offset(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = line_start(text, offset);
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(text[start..offset].chars().count() + 1).unwrap_or(u32::MAX),
        offset,
        len: usize::from(offset < text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn root(text: &str) -> Node<'_> {
        parse(text).expect("parses").expect("a value")
    }

    #[test]
    fn keys_values_and_positions() {
        let text = "a: 1\nb:\n  - x\n  - 'y'\n";
        let n = root(text);
        let Kind::Map(entries) = &n.kind else {
            panic!("a mapping")
        };
        assert_eq!(entries.len(), 2);
        assert_eq!((n.pos.line, n.pos.column), (1, 1));
        let (key, value) = &entries[1];
        assert_eq!(key.scalar(), Some("b"));
        let Kind::Seq(items) = &value.kind else {
            panic!("a list")
        };
        assert_eq!((items[1].pos.line, items[1].pos.column), (4, 5));
        assert!(matches!(items[1].kind, Kind::Scalar { plain: false, .. }));
        assert_eq!(&text[items[0].pos.offset..][..items[0].pos.len], "x");
    }

    #[test]
    fn aliases_share_their_anchor() {
        let n = root("a: &x {k: v}\nb: *x\n");
        let Kind::Map(entries) = &n.kind else {
            panic!("a mapping")
        };
        assert!(entries[1].1.is_alias());
        assert_eq!(entries[1].1.pos.line, 2);
        assert!(matches!(entries[1].1.target().kind, Kind::Map(_)));
    }

    #[test]
    fn empty_and_comment_only_files_have_no_value() {
        assert!(parse("").expect("parses").is_none());
        assert!(parse("# nothing\n").expect("parses").is_none());
    }

    #[test]
    fn syntax_errors_are_plain_words() {
        let e = parse("a:\n  b: 1\n c: 2\n").unwrap_err();
        assert_eq!(
            e.message,
            "this line is not indented like the keys around it"
        );
        assert!(e.help.contains("`b:`"), "{}", e.help);
        let e = parse("a:\n\tb: 1\n").unwrap_err();
        assert_eq!(e.message, "a tab character in the indentation");
        assert_eq!((e.pos.line, e.pos.column), (2, 1));
        let e = parse("a: [\"x\"\nb: 1\n").unwrap_err();
        assert_eq!(e.message, "this `[` is not closed");
        assert_eq!((e.pos.line, e.pos.column), (1, 4));
        let e = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(e.message.contains("second YAML document"), "{}", e.message);
    }

    #[test]
    fn expansion_is_bounded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let uses = vec![format!("*a{}", i - 1); 10].join(", ");
            let _ = writeln!(text, "a{i}: &a{i} [{uses}]");
        }
        let e = parse(&text).unwrap_err();
        assert!(e.message.starts_with("YAML too large"), "{}", e.message);
    }
}
