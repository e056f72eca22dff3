//! Text from outside (names and messages from the account, values from a spec, file
//! names) made safe where it is shown.
//!
//! On a terminal, control characters (ESC starts an escape sequence; a newline could
//! fake a line of the plan) and the Unicode controls that reorder text are written as
//! escapes: `\n`, `\u{1b}`. In Markdown, the characters that would open a link, a
//! table cell or HTML are escaped too. JSON needs nothing: its encoder escapes.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal as it is.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Bidirectional embeddings, overrides and isolates ("Trojan Source"), and
            // the Unicode line and paragraph separators.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

fn escape(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

fn escaped(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) && !keep(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// For a place on one line (a name, a value): every control character escaped,
/// line breaks included.
pub fn line(s: &str) -> Cow<'_, str> {
    escaped(s, |_| false)
}

/// For text of several lines (an error message): like [`line`], but line breaks and
/// tabs stay.
pub fn block(s: &str) -> Cow<'_, str> {
    escaped(s, |c| c == '\n' || c == '\t')
}

/// Markdown text: [`line`], then everything Markdown (GitHub's included) would read
/// as markup escaped, so a name cannot open a link, a table cell, HTML or math.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in line(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Markdown for a message of ours that quotes names in backticks: the code spans
/// stay code spans (where Markdown reads no markup, so only control characters are
/// escaped; a pipe is escaped as tables need), the rest is [`md`].
pub fn md_message(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    // An odd number of backticks leaves the last part outside any span.
    let closed = if parts.len() % 2 == 1 {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 && i < closed {
            out.push('`');
            out.push_str(&line(part).replace('|', "\\|"));
            out.push('`');
        } else {
            if i % 2 == 1 {
                out.push_str("\\`");
            }
            out.push_str(&md(part));
        }
    }
    out
}

/// A fence for a code block holding `body`: longer than any run of backticks in it,
/// so nothing inside can close the block early.
pub fn fence(body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// Columns `s` takes on a terminal (East Asian wide characters take two).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The longest start of `s` that fits in `columns`, and the rest.
pub fn split_at_width(s: &str, columns: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > columns {
            // Never an empty start: a line holds at least one character.
            let i = if i == 0 { c.len_utf8() } else { i };
            return s.split_at(i);
        }
        used += w;
    }
    (s, "")
}

/// Source text for a diagnostic's snippet: control characters other than line breaks
/// and tabs replaced by `?`, byte for byte, so that the positions into it still hold.
pub fn snippet(s: &str) -> Cow<'_, str> {
    let keep = |c: char| matches!(c, '\n' | '\r' | '\t');
    if !s.chars().any(|c| unsafe_char(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if unsafe_char(c) && !keep(c) {
            out.push_str(&"?".repeat(c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_has_no_controls() {
        assert_eq!(line("plain name"), "plain name");
        assert!(matches!(line("plain"), Cow::Borrowed(_)));
        assert_eq!(
            line("a\u{1b}[2Jb\nc\0d\u{202e}e\u{9b}f"),
            "a\\u{1b}[2Jb\\nc\\0d\\u{202e}e\\u{9b}f"
        );
        assert_eq!(block("one\ntwo\u{7}"), "one\ntwo\\u{7}");
        // Joiners stay: emoji and many scripts need them.
        assert_eq!(line("👨\u{200d}👩"), "👨\u{200d}👩");
    }

    #[test]
    fn markdown_cannot_be_broken_out_of() {
        assert_eq!(
            md("a|b [x](http://e) <img> *c*\nd"),
            "a\\|b \\[x\\](http://e) &lt;img&gt; \\*c\\*\\\\nd"
        );
        assert_eq!(
            md_message("campaign `a|b` is *new*"),
            "campaign `a\\|b` is \\*new\\*"
        );
        assert_eq!(md_message("odd ` tick"), "odd \\` tick");
        assert_eq!(fence("no ticks"), "```");
        assert_eq!(fence("a ```` b"), "`````");
    }

    #[test]
    fn snippets_keep_their_offsets() {
        let s = "a\u{1b}b\u{85}c\n";
        let clean = snippet(s);
        assert_eq!(clean.len(), s.len());
        assert_eq!(clean, "a?b??c\n");
    }
}
