//! Problems found in a scenario or action script, with where they are.

use std::fmt;

use super::locate::Pos;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The file cannot be played.
    Error,
    /// Legal, but worth knowing: usually one of the game's lessons showing in the data.
    Note,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or note.
    pub level: Level,
    /// Path of the offending value inside the document (`services[2].owner`), when there is one.
    pub path: Option<String>,
    /// Where it is, when known.
    pub pos: Option<Pos>,
    /// What is wrong, in words.
    pub message: String,
}

impl Diagnostic {
    /// An error about the value at `path`.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level: Level::Error,
            path: Some(path.into()),
            pos: None,
            message: message.into(),
        }
    }

    /// A note about the value at `path`.
    pub fn note(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level: Level::Note,
            ..Diagnostic::error(path, message)
        }
    }

    /// An error at a known position.
    pub fn error_at(pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level: Level::Error,
            path: None,
            pos: Some(pos),
            message: message.into(),
        }
    }

    /// Whether this is an error (not a note).
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// Formats as `file:line:col: error: message`, the form editors and CI logs understand.
    pub fn render(&self, file: &str) -> String {
        let level = match self.level {
            Level::Error => "error",
            Level::Note => "note",
        };
        match self.pos {
            Some(p) => format!("{file}:{}:{}: {level}: {}", p.line, p.col, self.message),
            None => format!("{file}: {level}: {}", self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("<scenario>"))
    }
}
