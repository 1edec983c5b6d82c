//! File helpers for the CLI: finding scenario files and writing atomically.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Expands files and directories into the list of files to check: directories are searched
/// recursively for `*.ron`, in sorted order so output is stable.
pub fn scenario_files(paths: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, io::Error)>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(Ok(p.clone()));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, (PathBuf, io::Error)>>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Err((dir.to_path_buf(), e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "ron") {
            out.push(Ok(p));
        }
    }
}

/// Writes a file atomically (see [`crate::atomic_file::write`]).
pub use crate::atomic_file::write as write_atomic;
