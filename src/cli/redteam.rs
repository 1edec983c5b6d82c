//! `pagerdrill redteam`: plays the red-team strategies against honest play and prints the table.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::scenario::{Validated, pack};
use crate::score::redteam::{Row, Strategy, evaluate, markdown_table};

use super::run::{load_script_file, read_bounded};

/// Reads every strategy folder under `dir` named after a built-in scenario or one of the
/// `extra` scenario files, plays it and prints the Markdown table to `out`.
pub fn run(
    dir: &Path,
    honest: &Path,
    seeds: u64,
    extra: &[PathBuf],
    out: &mut dyn Write,
) -> Result<(), String> {
    let seeds: Vec<u64> = (1..=seeds).collect();
    let mut scenarios: Vec<Validated> = Vec::new();
    for (id, scenario) in pack::builtin() {
        let Some(s) = scenario.value else {
            return Err(format!("built-in scenario {id} does not load"));
        };
        scenarios.push(s);
    }
    for path in extra {
        let name = path.to_string_lossy();
        if !path.is_file() {
            return Err(format!("{name}: error: no such scenario file"));
        }
        let s = super::run::load_scenario(&name).map_err(|e| e.join("\n"))?;
        // A draft may be a new version of a built-in scenario: the file wins.
        scenarios.retain(|b| b.id != s.id);
        scenarios.push(s);
    }
    let mut rows: Vec<Row> = Vec::new();
    for s in scenarios {
        let folder = dir.join(&s.id);
        if !folder.is_dir() {
            continue;
        }
        let good = honest.join(format!("{}-good.ron", s.id));
        let honest_script = load_script_file(&good).map_err(|e| e.join("\n"))?;
        let strategies = load_strategies(&folder)?;
        rows.push(evaluate(&s, &honest_script, &strategies, &seeds));
    }
    if rows.is_empty() {
        return Err(format!(
            "{}: no strategy folders named after a scenario being played",
            dir.display()
        ));
    }
    write!(out, "{}", markdown_table(&rows)).map_err(|e| e.to_string())
}

/// The strategies in one scenario's folder, in name order.
pub fn load_strategies(folder: &Path) -> Result<Vec<Strategy>, String> {
    let entries = std::fs::read_dir(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let bytes = read_bounded(&p)?;
        let text =
            String::from_utf8(bytes).map_err(|_| format!("{}: error: not UTF-8", p.display()))?;
        let name = p
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(
            Strategy::from_text(&name, &text)
                .map_err(|e| format!("{}: error: {e}", p.display()))?,
        );
    }
    Ok(out)
}
