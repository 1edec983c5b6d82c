//! Finds where a value sits in RON source text, by its path (`services[2].owner`).
//!
//! serde hands us values without positions, so semantic checks name the path of what they complain
//! about, and this module walks the source once to turn paths into line and column. It only runs on
//! text that already parsed, but it never trusts that: every step consumes a token, so malformed input
//! cannot make it loop.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// A 1-based line and column (columns count characters, as the RON parser does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
}

/// Identifiers and strings point into the source's bytes rather than owning copies, so the
/// walk over a multi-megabyte file allocates almost nothing.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(std::ops::Range<usize>),
    Str(std::ops::Range<usize>),
    Open(char),
    Close(char),
    Colon,
    Comma,
    Other,
}

/// Walks the source byte by byte. Every delimiter RON has is ASCII, so byte ranges split the text
/// only at character boundaries; columns count characters by skipping UTF-8 continuation bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    i: usize,
    line: usize,
    col: usize,
}

impl Cursor<'_> {
    fn at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.i + ahead).copied()
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    /// Consumes one byte (if any) and returns it.
    fn bump(&mut self) -> Option<u8> {
        let b = self.at(0)?;
        self.i += 1;
        if b == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if b & 0xC0 != 0x80 {
            self.col += 1;
        }
        Some(b)
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn tokenize(src: &str) -> Vec<(Tok, Pos)> {
    let mut cur = Cursor {
        bytes: src.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
    };
    let mut out = Vec::new();
    while let Some(c) = cur.at(0) {
        let pos = cur.pos();
        if c.is_ascii_whitespace() {
            cur.bump();
        } else if c == b'/' && cur.at(1) == Some(b'/') {
            while cur.at(0).is_some_and(|c| c != b'\n') {
                cur.bump();
            }
        } else if c == b'/' && cur.at(1) == Some(b'*') {
            let mut depth = 0usize;
            while let Some(c) = cur.at(0) {
                if c == b'/' && cur.at(1) == Some(b'*') {
                    depth += 1;
                    cur.bump();
                    cur.bump();
                } else if c == b'*' && cur.at(1) == Some(b'/') {
                    cur.bump();
                    cur.bump();
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                } else {
                    cur.bump();
                }
            }
        } else if starts_string(&cur.bytes[cur.i..]) {
            let raw = c == b'r' || (c == b'b' && cur.at(1) == Some(b'r'));
            while cur.at(0).is_some_and(|c| c != b'"' && c != b'#') {
                cur.bump();
            }
            let mut hashes = 0;
            while cur.at(0) == Some(b'#') {
                hashes += 1;
                cur.bump();
            }
            cur.bump();
            let from = cur.i;
            let mut to = from;
            while let Some(ch) = cur.at(0) {
                if !raw && ch == b'\\' {
                    cur.bump();
                    cur.bump();
                    continue;
                }
                if ch == b'"' && (0..hashes).all(|k| cur.at(1 + k) == Some(b'#')) {
                    to = cur.i;
                    for _ in 0..=hashes {
                        cur.bump();
                    }
                    break;
                }
                cur.bump();
                to = cur.i;
            }
            out.push((Tok::Str(from..to), pos));
        } else if c == b'\'' {
            cur.bump();
            while let Some(ch) = cur.bump() {
                if ch == b'\\' {
                    cur.bump();
                } else if ch == b'\'' {
                    break;
                }
            }
            out.push((Tok::Other, pos));
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let mut from = cur.i;
            while cur.at(0).is_some_and(|b| is_ident_byte(b) || b == b'#') {
                cur.bump();
            }
            if cur.bytes[from..cur.i].starts_with(b"r#") {
                from += 2;
            }
            out.push((Tok::Ident(from..cur.i), pos));
        } else {
            cur.bump();
            let tok = match c {
                b'(' | b'[' | b'{' => Tok::Open(char::from(c)),
                b')' | b']' | b'}' => Tok::Close(char::from(c)),
                b':' => Tok::Colon,
                b',' => Tok::Comma,
                _ => {
                    // Numbers and signs: swallow the rest of the literal so it is one token.
                    while cur.at(0).is_some_and(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-')
                    }) {
                        cur.bump();
                    }
                    Tok::Other
                }
            };
            out.push((tok, pos));
        }
    }
    out
}

/// Whether a string literal (plain, raw `r#"…"#` or byte) starts here, as opposed to `r#ident`.
fn starts_string(rest: &[u8]) -> bool {
    match rest {
        [b'"', ..] | [b'b', b'"', ..] => true,
        [b'r', tail @ ..] | [b'b', b'r', tail @ ..] => {
            let hashes = tail.iter().take_while(|&&c| c == b'#').count();
            tail.get(hashes) == Some(&b'"')
        }
        _ => false,
    }
}

/// Whether the text holds anything but whitespace and comments.
pub fn has_content(src: &str) -> bool {
    !tokenize(src).is_empty()
}

/// Positions of values in a RON document, keyed by path.
#[derive(Debug, Default)]
pub struct Locator {
    positions: HashMap<String, Pos>,
}

impl Locator {
    /// Walks `src` and records where every value starts.
    pub fn new(src: &str) -> Locator {
        Self::walk(src, None)
    }

    /// Walks `src` recording only the given paths and the values enclosing them (for fallback).
    /// This is what loading uses: a large file has hundreds of thousands of values and only a few
    /// diagnostics.
    pub fn for_paths<'a>(src: &str, paths: impl IntoIterator<Item = &'a str>) -> Locator {
        let mut wanted = HashSet::from([String::new()]);
        for p in paths {
            let mut q = p;
            wanted.insert(q.to_owned());
            while let Some(cut) = q.rfind(['.', '[']) {
                q = &q[..cut];
                wanted.insert(q.to_owned());
            }
        }
        Self::walk(src, Some(&wanted))
    }

    fn walk(src: &str, wanted: Option<&HashSet<String>>) -> Locator {
        let toks = tokenize(src);
        let mut walker = Walker {
            src,
            toks: &toks,
            at: 0,
            path: String::new(),
            wanted,
            positions: HashMap::new(),
        };
        walker.value(0);
        Locator {
            positions: walker.positions,
        }
    }

    /// Where the value at `path` starts; falls back to the nearest enclosing value that was found.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

struct Walker<'a> {
    src: &'a str,
    toks: &'a [(Tok, Pos)],
    at: usize,
    /// Path of the value being walked; segments are pushed and truncated, never reallocated per value.
    path: String,
    wanted: Option<&'a HashSet<String>>,
    positions: HashMap<String, Pos>,
}

const MAX_DEPTH: usize = 256;

impl Walker<'_> {
    fn peek(&self, ahead: usize) -> Option<&Tok> {
        self.toks.get(self.at + ahead).map(|(t, _)| t)
    }

    fn record(&mut self, suffix: &str, pos: Pos) {
        let keep = match self.wanted {
            None => true,
            Some(w) => {
                let len = self.path.len();
                self.path.push_str(suffix);
                let hit = w.contains(&self.path);
                self.path.truncate(len);
                hit
            }
        };
        if keep {
            self.positions
                .entry(format!("{}{suffix}", self.path))
                .or_insert(pos);
        }
    }

    fn push_field(&mut self, range: &std::ops::Range<usize>) {
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path
            .push_str(self.src.get(range.clone()).unwrap_or_default());
    }

    /// Steps over one value without looking inside it.
    fn skip_value(&mut self) {
        if matches!(self.peek(0), Some(Tok::Ident(_))) && self.peek(1) == Some(&Tok::Open('(')) {
            self.at += 1;
        }
        let mut depth = 0usize;
        while let Some((t, _)) = self.toks.get(self.at) {
            self.at += 1;
            match t {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth == 0 {
                break;
            }
        }
    }

    fn value(&mut self, depth: usize) {
        let Some((tok, pos)) = self.toks.get(self.at).cloned() else {
            return;
        };
        if let Some(w) = self.wanted
            && !w.contains(&self.path)
        {
            // Nothing wanted lies inside this value.
            self.skip_value();
            return;
        }
        self.record("", pos);
        if depth > MAX_DEPTH {
            self.at = self.toks.len();
            return;
        }
        self.at += 1;
        match tok {
            // `Some(x)` is an optional field holding `x`: paths run through it as if it were not
            // there (`game_day.seats`, not `game_day.0.seats`).
            Tok::Ident(r)
                if self.peek(0) == Some(&Tok::Open('('))
                    && self.src.get(r.clone()) == Some("Some") =>
            {
                self.at += 1;
                self.value(depth + 1);
                while let Some(t) = self.peek(0) {
                    let closes = matches!(t, Tok::Close(_));
                    self.at += 1;
                    if closes {
                        break;
                    }
                }
            }
            Tok::Ident(_) if self.peek(0) == Some(&Tok::Open('(')) => {
                self.at += 1;
                self.paren_body(depth);
            }
            Tok::Open('(') => self.paren_body(depth),
            Tok::Open('[') => {
                let mut index = 0;
                while let Some(t) = self.peek(0) {
                    match t {
                        Tok::Close(_) => {
                            self.at += 1;
                            break;
                        }
                        Tok::Comma => self.at += 1,
                        _ => {
                            let len = self.path.len();
                            let _ = write!(self.path, "[{index}]");
                            self.value(depth + 1);
                            self.path.truncate(len);
                            index += 1;
                        }
                    }
                }
            }
            Tok::Open('{') => {
                while let Some(t) = self.peek(0).cloned() {
                    match t {
                        Tok::Close(_) => {
                            self.at += 1;
                            break;
                        }
                        Tok::Comma => self.at += 1,
                        key => {
                            let key_text: String = match key {
                                Tok::Str(r) | Tok::Ident(r) => {
                                    self.src.get(r).unwrap_or_default().to_owned()
                                }
                                _ => String::new(),
                            };
                            let key_pos = self.toks[self.at].1;
                            self.at += 1;
                            if self.peek(0) == Some(&Tok::Colon) {
                                self.at += 1;
                                let len = self.path.len();
                                self.path.push_str(&format!("[{key_text:?}]"));
                                self.record("#key", key_pos);
                                self.value(depth + 1);
                                self.path.truncate(len);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// After an opening parenthesis: named fields or tuple items, up to the closing one.
    fn paren_body(&mut self, depth: usize) {
        let named =
            matches!(self.peek(0), Some(Tok::Ident(_))) && self.peek(1) == Some(&Tok::Colon);
        let mut index = 0;
        while let Some(t) = self.peek(0).cloned() {
            match t {
                Tok::Close(_) => {
                    self.at += 1;
                    return;
                }
                Tok::Comma => self.at += 1,
                Tok::Ident(name) if named && self.peek(1) == Some(&Tok::Colon) => {
                    let field_pos = self.toks[self.at].1;
                    self.at += 2;
                    let len = self.path.len();
                    self.push_field(&name);
                    self.record("#key", field_pos);
                    self.value(depth + 1);
                    self.path.truncate(len);
                }
                _ => {
                    let len = self.path.len();
                    if !self.path.is_empty() {
                        self.path.push('.');
                    }
                    let _ = write!(self.path, "{index}");
                    self.value(depth + 1);
                    self.path.truncate(len);
                    index += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_items_and_map_entries() {
        let src = "Scenario(\n  id: \"x\", // a comment\n  services: [\n    Service(id: \"a\", depends_on: [\"b\", \"c\"]),\n  ],\n  people: [(knowledge: {\"a\": 0.5})],\n)";
        let loc = Locator::new(src);
        assert_eq!(loc.find("id"), Some(Pos { line: 2, col: 7 }));
        assert_eq!(loc.find("services[0]"), Some(Pos { line: 4, col: 5 }));
        assert_eq!(
            loc.find("services[0].depends_on[1]"),
            Some(Pos { line: 4, col: 40 })
        );
        assert_eq!(
            loc.find("people[0].knowledge[\"a\"]"),
            Some(Pos { line: 6, col: 30 })
        );
        // Unknown paths fall back to the closest enclosing value.
        assert_eq!(
            loc.find("services[0].metrics[3]"),
            Some(Pos { line: 4, col: 5 })
        );
    }

    #[test]
    fn garbage_never_loops() {
        for src in [
            "((((",
            "]]]:",
            "{\"a\" \"b\"",
            "r##\"x",
            "/* open",
            "'",
            "a:(b:[c:{",
        ] {
            // Finishing is the point; and nothing in garbage names a field.
            let loc = Locator::new(src);
            assert_eq!(loc.find("id"), None, "{src}");
        }
    }
}
