//! Reading scenario and script files from disk, as untrusted input: only regular files are read,
//! every read is bounded whatever the file system reports, and directory walks visit each file once
//! and never loop. The command line and the game both read files through here.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{MAX_FILE_BYTES, too_large};

/// Reads a file, refusing anything that is not a regular file (a FIFO with no writer would block
/// forever, a device such as `/dev/zero` never ends) and stopping after [`MAX_FILE_BYTES`] whatever
/// size the metadata claims. A refusal for size is positioned (`1:1:`), as editors expect.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    // `metadata` follows symlinks and never opens the file, so a FIFO is refused before it can block.
    let meta = fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a directory, not a file".to_owned());
    }
    if !meta.is_file() {
        return Err("is not a regular file (a pipe, socket or device); give a file".to_owned());
    }
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(format!("1:1: error: {}", too_large(meta.len()).message));
    }
    let file = fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "1:1: error: {}",
            too_large(bytes.len() as u64).message
        ));
    }
    Ok(bytes)
}

/// `file: error: …`, or `file:1:1: error: …` when [`read_bounded`] already positioned it.
pub fn io_error(file: &str, e: &str) -> String {
    if e.starts_with("1:1:") {
        format!("{file}:{e}")
    } else {
        format!("{file}: error: {e}")
    }
}

/// Expands files and directories into the list of files to check: directories are searched
/// recursively for `*.ron`, in sorted order so output is stable. Symbolic links are followed, but a
/// directory or file reached twice (a link loop, or two links to one place) is visited once.
pub fn scenario_files(paths: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, io::Error)>> {
    let mut out = Vec::new();
    let mut seen_dirs = BTreeSet::new();
    let mut seen_files = BTreeSet::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut seen_dirs, &mut seen_files, &mut out);
        } else {
            out.push(Ok(p.clone()));
        }
    }
    out
}

fn walk(
    dir: &Path,
    seen_dirs: &mut BTreeSet<PathBuf>,
    seen_files: &mut BTreeSet<PathBuf>,
    out: &mut Vec<Result<PathBuf, (PathBuf, io::Error)>>,
) {
    match fs::canonicalize(dir) {
        Ok(real) => {
            if !seen_dirs.insert(real) {
                return;
            }
        }
        Err(e) => {
            out.push(Err((dir.to_path_buf(), e)));
            return;
        }
    }
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
            walk(&p, seen_dirs, seen_files, out);
        } else if p.extension().is_some_and(|e| e == "ron") {
            let real = fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            if seen_files.insert(real) {
                out.push(Ok(p));
            }
        }
    }
}
