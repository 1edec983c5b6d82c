//! `pagerdrill validate`: check scenario files and print positioned diagnostics.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::files::scenario_files;
use crate::scenario;

/// Validates every file under `paths`; exit 0 if all are valid, 1 otherwise.
pub fn run(paths: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let mut failed = false;
    let files = scenario_files(paths);
    if files.is_empty() {
        let _ = writeln!(err, "error: no .ron files found");
        return ExitCode::from(1);
    }
    for entry in files {
        let path = match entry {
            Ok(p) => p,
            Err((p, e)) => {
                failed = true;
                let _ = writeln!(err, "{}: error: {e}", p.display());
                continue;
            }
        };
        let shown = path.display().to_string();
        let bytes = match super::run::read_bounded(&path) {
            Ok(b) => b,
            Err(e) => {
                failed = true;
                let _ = writeln!(err, "{}", super::run::io_error(&shown, &e));
                continue;
            }
        };
        if is_action_script(&bytes) {
            // Scripts often sit beside the scenarios they play; they are not broken scenarios.
            let _ = writeln!(
                out,
                "{shown}: note: an action script, not a scenario; skipped (check it with `pagerdrill run SCENARIO --actions {shown}`)"
            );
            continue;
        }
        let loaded = scenario::load_bytes(&bytes);
        for d in &loaded.diagnostics {
            let line = d.render(&shown);
            let _ = if d.is_error() {
                writeln!(err, "{line}")
            } else {
                writeln!(out, "{line}")
            };
        }
        match loaded.value {
            Some(s) => {
                let _ = writeln!(out, "ok {shown}: {} \"{}\"", s.id, s.title);
            }
            None => failed = true,
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Whether a file's first value is an action script (`Script(...)`), after comments and blanks.
fn is_action_script(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    word == "Script" && rest[word.len()..].trim_start().starts_with('(')
}
