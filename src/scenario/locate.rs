//! Finds where a value sits in RON source text, by its path (`services[2].owner`).
//!
//! serde hands us values without positions, so semantic checks name the path of what they complain
//! about, and this module walks the source once to turn paths into line and column. It only runs on
//! text that already parsed, but it never trusts that: every step consumes a token, so malformed input
//! cannot make it loop.

use std::collections::HashMap;

/// A 1-based line and column (columns count characters, as the RON parser does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Open(char),
    Close(char),
    Colon,
    Comma,
    Other,
}

struct Cursor {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

impl Cursor {
    fn at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i + ahead).copied()
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    /// Consumes one character (if any) and returns it.
    fn bump(&mut self) -> Option<char> {
        let c = self.at(0)?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
}

fn tokenize(src: &str) -> Vec<(Tok, Pos)> {
    let mut cur = Cursor {
        chars: src.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
    };
    let mut out = Vec::new();
    while let Some(c) = cur.at(0) {
        let pos = cur.pos();
        if c.is_whitespace() {
            cur.bump();
        } else if c == '/' && cur.at(1) == Some('/') {
            while cur.at(0).is_some_and(|c| c != '\n') {
                cur.bump();
            }
        } else if c == '/' && cur.at(1) == Some('*') {
            let mut depth = 0usize;
            while let Some(c) = cur.at(0) {
                if c == '/' && cur.at(1) == Some('*') {
                    depth += 1;
                    cur.bump();
                    cur.bump();
                } else if c == '*' && cur.at(1) == Some('/') {
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
        } else if starts_string(&cur.chars[cur.i..]) {
            let raw = c == 'r' || (c == 'b' && cur.at(1) == Some('r'));
            while cur.at(0).is_some_and(|c| c != '"' && c != '#') {
                cur.bump();
            }
            let mut hashes = 0;
            while cur.at(0) == Some('#') {
                hashes += 1;
                cur.bump();
            }
            cur.bump();
            let mut text = String::new();
            while let Some(ch) = cur.at(0) {
                if !raw && ch == '\\' {
                    cur.bump();
                    if let Some(escaped) = cur.bump() {
                        text.push(escaped);
                    }
                    continue;
                }
                if ch == '"' && (0..hashes).all(|k| cur.at(1 + k) == Some('#')) {
                    for _ in 0..=hashes {
                        cur.bump();
                    }
                    break;
                }
                text.push(ch);
                cur.bump();
            }
            out.push((Tok::Str(text), pos));
        } else if c == '\'' {
            cur.bump();
            while let Some(ch) = cur.bump() {
                if ch == '\\' {
                    cur.bump();
                } else if ch == '\'' {
                    break;
                }
            }
            out.push((Tok::Other, pos));
        } else if c.is_alphabetic() || c == '_' {
            let mut text = String::new();
            while let Some(ch) = cur
                .at(0)
                .filter(|&ch| ch.is_alphanumeric() || matches!(ch, '_' | '#'))
            {
                text.push(ch);
                cur.bump();
            }
            let text = text.strip_prefix("r#").map(str::to_owned).unwrap_or(text);
            out.push((Tok::Ident(text), pos));
        } else {
            cur.bump();
            let tok = match c {
                '(' | '[' | '{' => Tok::Open(c),
                ')' | ']' | '}' => Tok::Close(c),
                ':' => Tok::Colon,
                ',' => Tok::Comma,
                _ => {
                    // Numbers and signs: swallow the rest of the literal so it is one token.
                    while cur.at(0).is_some_and(|ch| {
                        ch.is_alphanumeric() || matches!(ch, '.' | '_' | '+' | '-')
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
fn starts_string(rest: &[char]) -> bool {
    match rest {
        ['"', ..] | ['b', '"', ..] => true,
        ['r', tail @ ..] | ['b', 'r', tail @ ..] => {
            let hashes = tail.iter().take_while(|&&c| c == '#').count();
            tail.get(hashes) == Some(&'"')
        }
        _ => false,
    }
}

/// Positions of every value in a RON document, keyed by path.
#[derive(Debug, Default)]
pub struct Locator {
    positions: HashMap<String, Pos>,
}

impl Locator {
    /// Walks `src` and records where each value starts.
    pub fn new(src: &str) -> Locator {
        let toks = tokenize(src);
        let mut walker = Walker {
            toks: &toks,
            at: 0,
            positions: HashMap::new(),
        };
        walker.value(String::new(), 0);
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
    toks: &'a [(Tok, Pos)],
    at: usize,
    positions: HashMap<String, Pos>,
}

const MAX_DEPTH: usize = 256;

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

impl Walker<'_> {
    fn peek(&self, ahead: usize) -> Option<&Tok> {
        self.toks.get(self.at + ahead).map(|(t, _)| t)
    }

    fn value(&mut self, path: String, depth: usize) {
        let Some((tok, pos)) = self.toks.get(self.at).cloned() else {
            return;
        };
        self.positions.entry(path.clone()).or_insert(pos);
        if depth > MAX_DEPTH {
            self.at = self.toks.len();
            return;
        }
        self.at += 1;
        match tok {
            Tok::Ident(_) if self.peek(0) == Some(&Tok::Open('(')) => {
                self.at += 1;
                self.paren_body(&path, depth);
            }
            Tok::Open('(') => self.paren_body(&path, depth),
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
                            self.value(format!("{path}[{index}]"), depth + 1);
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
                            let key_text = match key {
                                Tok::Str(s) | Tok::Ident(s) => s,
                                _ => String::new(),
                            };
                            let key_path = format!("{path}[{key_text:?}]");
                            let key_pos = self.toks[self.at].1;
                            self.at += 1;
                            if self.peek(0) == Some(&Tok::Colon) {
                                self.at += 1;
                                self.positions
                                    .entry(format!("{key_path}#key"))
                                    .or_insert(key_pos);
                                self.value(key_path, depth + 1);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// After an opening parenthesis: named fields or tuple items, up to the closing one.
    fn paren_body(&mut self, path: &str, depth: usize) {
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
                    let field_path = join(path, &name);
                    self.positions
                        .entry(format!("{field_path}#key"))
                        .or_insert(field_pos);
                    self.value(field_path, depth + 1);
                }
                _ => {
                    self.value(join(path, &index.to_string()), depth + 1);
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
            let _ = Locator::new(src);
        }
    }
}
