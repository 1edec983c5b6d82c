//! The scenario file format: serde types, RON loading with positions, semantic validation, the
//! built-in pack and the seeded generator.

pub mod diagnostic;
pub mod files;
pub mod generate;
pub mod ids;
pub mod locate;
pub mod model;
pub mod pack;
pub mod time;
pub mod validate;
pub mod validated;

pub use diagnostic::{Diagnostic, Level as DiagnosticLevel};
pub use locate::{Locator, Pos};
pub use model::*;
pub use time::TimeOfDay;
pub use validated::Validated;

use serde::de::DeserializeOwned;

/// Largest file the loader reads; bigger ones are refused before parsing so memory stays bounded.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// The outcome of loading one scenario: the scenario if it has no errors, and every diagnostic.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The parsed value; `None` when any diagnostic is an error.
    pub value: Option<T>,
    /// Errors and notes, in file order where positions are known.
    pub diagnostics: Vec<Diagnostic>,
}

/// RON options shared by every file the game reads: `Some(..)` may be left out around optional values.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The diagnostic for a file over [`MAX_FILE_BYTES`].
pub fn too_large(size: u64) -> Diagnostic {
    Diagnostic::error_at(
        Pos { line: 1, col: 1 },
        format!(
            "file is {:.1} MiB; files larger than {} MiB are refused",
            size as f64 / (1024.0 * 1024.0),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Turns raw bytes into text, or a positioned error saying why it is not a readable document.
pub fn text_of(bytes: &[u8]) -> Result<&str, Diagnostic> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    // Editors on some systems save a byte-order mark; it is not part of the document.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let col = 1 + String::from_utf8_lossy(&good[line_start..]).chars().count();
        Diagnostic::error_at(
            Pos { line, col },
            "file is not UTF-8 text (is it a binary file?)",
        )
    })
}

/// Parses RON text into `T`, turning a parse failure into one positioned diagnostic.
pub fn parse_ron<T: DeserializeOwned>(src: &str) -> Result<T, Diagnostic> {
    if src.trim().is_empty() {
        return Err(Diagnostic::error_at(
            Pos { line: 1, col: 1 },
            "file is empty",
        ));
    }
    if !locate::has_content(src) {
        return Err(Diagnostic::error_at(
            Pos { line: 1, col: 1 },
            "file holds only comments; a scenario starts with `Scenario(`",
        ));
    }
    ron_options().from_str(src).map_err(|e| {
        let at = if matches!(e.code, ron::Error::TrailingCharacters) {
            e.span.end
        } else {
            e.span.start
        };
        // Custom value errors point just inside a string, and range errors just after a minus sign.
        let back_over = match e.code {
            ron::Error::Message(_) | ron::Error::InvalidValueForType { .. } => Some('"'),
            ron::Error::IntegerOutOfBounds => Some('-'),
            _ => None,
        };
        let pos = point_at_token(
            src,
            Pos {
                line: at.line.max(1),
                col: at.col.max(1),
            },
            back_over,
        );
        Diagnostic::error_at(pos, describe_ron_error(&e.code))
    })
}

/// The parser's positions sometimes sit on the whitespace before a value, or just past the token's
/// first character (`back_over`); move them onto the token itself so editors jump to the right place.
fn point_at_token(src: &str, pos: Pos, back_over: Option<char>) -> Pos {
    let Some(line) = src.lines().nth(pos.line - 1) else {
        return pos;
    };
    let chars: Vec<char> = line.chars().collect();
    let mut col = pos.col;
    while chars.get(col - 1).is_some_and(|c| c.is_whitespace()) {
        col += 1;
    }
    if chars.get(col - 1).is_none() {
        return pos;
    }
    if col >= 2 && back_over.is_some() && chars.get(col - 2).copied() == back_over {
        col -= 1;
    }
    Pos {
        line: pos.line,
        col,
    }
}

fn describe_ron_error(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "unexpected end of file (is a bracket or parenthesis left open?)".to_owned(),
        E::ExceededRecursionLimit => "nesting is too deep (more than 128 levels)".to_owned(),
        E::IntegerOutOfBounds => {
            "integer is out of bounds for this field (counts and minutes are whole numbers from 0 up)".to_owned()
        }
        E::MissingStructField { field, outer } => match outer {
            Some(o) => format!("missing field `{field}` in `{o}`"),
            None => format!("missing field `{field}`"),
        },
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// Fills in positions for diagnostics that name a path, and sorts them by position.
pub fn locate_all(src: &str, diagnostics: &mut [Diagnostic]) {
    if diagnostics
        .iter()
        .any(|d| d.pos.is_none() && d.path.is_some())
    {
        let locator = Locator::for_paths(src, diagnostics.iter().filter_map(|d| d.path.as_deref()));
        for d in diagnostics.iter_mut() {
            if d.pos.is_none()
                && let Some(path) = &d.path
            {
                d.pos = locator.find(path);
            }
        }
    }
    diagnostics.sort_by_key(|d| (d.pos.unwrap_or(Pos { line: 0, col: 0 }), d.level));
}

/// Loads a scenario from bytes: parse, validate, locate every diagnostic.
pub fn load_bytes(bytes: &[u8]) -> Loaded<Validated> {
    match text_of(bytes) {
        Ok(src) => load_str(src),
        Err(d) => Loaded {
            value: None,
            diagnostics: vec![d],
        },
    }
}

/// Loads a scenario from text: parse, validate, locate every diagnostic.
pub fn load_str(src: &str) -> Loaded<Validated> {
    let scenario: Scenario = match parse_ron(src) {
        Ok(s) => s,
        Err(d) => {
            return Loaded {
                value: None,
                diagnostics: vec![d],
            };
        }
    };
    let (value, mut diagnostics) = Validated::with_notes(scenario);
    locate_all(src, &mut diagnostics);
    Loaded { value, diagnostics }
}
