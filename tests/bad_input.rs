//! Malformed scenarios are refused with one positioned, readable error, through the library and
//! through `pagerdrill validate`, and never crash the loader.
//!
//! The corpus lives in `tests/bad/`; `tests/bad/EXPECTED.txt` holds each file's first error.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pagerdrill::scenario::{self, Diagnostic, Pos};

/// Counts the bytes each thread allocates, so a test can check the loader's memory use.
struct CountingAlloc;

thread_local! {
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    let _ = ALLOCATED.try_with(|a| a.set(a.get().saturating_add(bytes)));
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting touches only a
// const-initialised thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Bytes allocated by this thread while running `f`.
fn allocated_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATED.with(Cell::get);
    let value = f();
    (value, ALLOCATED.with(Cell::get) - before)
}

const EXPECTED_FILE: &str = "EXPECTED.txt";

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("bad")
}

/// What the first error of a bad file must be.
#[derive(Debug)]
struct Expected {
    line: usize,
    col: usize,
    message: String,
}

/// Parses `EXPECTED.txt`: `FILE  LINE:COL: error: MESSAGE-SUBSTRING` per line.
fn expectations() -> BTreeMap<String, Expected> {
    let path = bad_dir().join(EXPECTED_FILE);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| -> ! { panic!("{EXPECTED_FILE}:{}: {why}: {raw}", i + 1) };
        let (file, rest) = line
            .split_once(char::is_whitespace)
            .unwrap_or_else(|| bad("expected `FILE LINE:COL: error: MESSAGE`"));
        let (position, message) = rest
            .trim_start()
            .split_once(": error: ")
            .unwrap_or_else(|| bad("expected `LINE:COL: error: MESSAGE`"));
        let (l, c) = position
            .split_once(':')
            .unwrap_or_else(|| bad("expected LINE:COL"));
        let expected = Expected {
            line: l.parse().unwrap_or_else(|_| bad("line is not a number")),
            col: c.parse().unwrap_or_else(|_| bad("column is not a number")),
            message: message.trim().to_owned(),
        };
        if expected.message.is_empty() {
            bad("empty message");
        }
        if out.insert(file.to_owned(), expected).is_some() {
            bad("file listed twice");
        }
    }
    out
}

/// Every file of the corpus (everything in `tests/bad/` but the expectations and git settings).
fn corpus() -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(bad_dir())
        .expect("tests/bad exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .filter(|(name, _)| name != EXPECTED_FILE && name != ".gitattributes")
        .collect();
    files.sort();
    files
}

fn first_error(diagnostics: &[Diagnostic]) -> Option<&Diagnostic> {
    diagnostics.iter().find(|d| d.is_error())
}

fn run_validate(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pagerdrill"))
        .arg("validate")
        .arg(path)
        .output()
        .expect("run pagerdrill")
}

#[test]
fn corpus_and_expectations_match_one_to_one() {
    let expected = expectations();
    let files: Vec<String> = corpus().into_iter().map(|(name, _)| name).collect();
    let unexpected: Vec<&String> = files
        .iter()
        .filter(|f| !expected.contains_key(*f))
        .collect();
    let missing: Vec<&String> = expected.keys().filter(|f| !files.contains(f)).collect();
    assert!(
        unexpected.is_empty(),
        "files in tests/bad/ without a line in {EXPECTED_FILE}: {unexpected:?}"
    );
    assert!(
        missing.is_empty(),
        "{EXPECTED_FILE} lists files that do not exist: {missing:?}"
    );
    assert!(
        files.len() >= 34,
        "the corpus shrank to {} files",
        files.len()
    );
}

#[test]
fn library_reports_expected_first_error() {
    let expected = expectations();
    let mut failures = Vec::new();
    for (name, path) in corpus() {
        let Some(want) = expected.get(&name) else {
            continue; // reported by corpus_and_expectations_match_one_to_one
        };
        let bytes = std::fs::read(&path).unwrap();
        let loaded = scenario::load_bytes(&bytes);
        if loaded.value.is_some() {
            failures.push(format!("{name}: loaded as a valid scenario"));
            continue;
        }
        let Some(got) = first_error(&loaded.diagnostics) else {
            failures.push(format!("{name}: refused without any error diagnostic"));
            continue;
        };
        let want_pos = Pos {
            line: want.line,
            col: want.col,
        };
        if got.pos != Some(want_pos) || !got.message.contains(&want.message) {
            failures.push(format!(
                "{name}: expected {}:{}: error: …{}…\n    got {:?}: {}",
                want.line, want.col, want.message, got.pos, got.message
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn validate_command_prints_expected_first_error_and_exits_1() {
    let expected = expectations();
    let mut failures = Vec::new();
    for (name, path) in corpus() {
        let Some(want) = expected.get(&name) else {
            continue; // reported by corpus_and_expectations_match_one_to_one
        };
        let out = run_validate(&path);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        if stderr.contains("panicked") {
            failures.push(format!("{name}: panicked:\n{stderr}"));
            continue;
        }
        if out.status.code() != Some(1) {
            failures.push(format!("{name}: exit status {:?}, want 1", out.status));
        }
        if stdout.lines().any(|l| l.starts_with("ok ")) {
            failures.push(format!("{name}: reported ok:\n{stdout}"));
        }
        let prefix = format!("{}:{}:{}: error: ", path.display(), want.line, want.col);
        let first = stderr.lines().next().unwrap_or("");
        if !(first.starts_with(&prefix) && first[prefix.len()..].contains(&want.message)) {
            failures.push(format!(
                "{name}: expected first line {prefix}…{}…\n    got {first}",
                want.message
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn loader_never_panics_on_the_corpus() {
    for (name, path) in corpus() {
        let bytes = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| scenario::load_bytes(&bytes));
        let loaded = result.unwrap_or_else(|_| panic!("{name}: the loader panicked"));
        assert!(loaded.value.is_none(), "{name}: accepted");
        assert!(
            first_error(&loaded.diagnostics).is_some_and(|d| d.pos.is_some()),
            "{name}: no positioned error in {:?}",
            loaded.diagnostics
        );
    }
}

/// A file over the 16 MiB limit that would otherwise be a valid scenario: first-page.ron followed
/// by comment lines, 30 MiB in all.
fn oversized_scenario() -> Vec<u8> {
    let first_page = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/first-page.ron");
    let mut bytes = std::fs::read(first_page).unwrap();
    let filler = format!("// {}\n", "padding ".repeat(7));
    let target = 30 * 1024 * 1024;
    bytes.reserve(target - bytes.len().min(target));
    while bytes.len() < target {
        bytes.extend_from_slice(filler.as_bytes());
    }
    bytes
}

struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn temp_file(tag: &str, bytes: &[u8]) -> TempFile {
    let path = std::env::temp_dir().join(format!(
        "pagerdrill-bad-input-{}-{tag}.ron",
        std::process::id()
    ));
    std::fs::write(&path, bytes).unwrap();
    TempFile(path)
}

const TOO_LARGE: &str = "file is 30.0 MiB; files larger than 16 MiB are refused";

#[test]
fn library_refuses_oversized_input_before_parsing() {
    let bytes = oversized_scenario();
    let (loaded, allocated) = allocated_during(|| scenario::load_bytes(&bytes));
    assert!(loaded.value.is_none());
    let d = first_error(&loaded.diagnostics).expect("an error");
    assert_eq!(d.pos, Some(Pos { line: 1, col: 1 }));
    assert!(d.message.contains(TOO_LARGE), "{}", d.message);
    assert!(
        allocated < 1024 * 1024,
        "refusing a 30 MiB input allocated {allocated} bytes"
    );
}

/// Runs `pagerdrill validate FILE`, on Linux with its address space capped at `cap_kib`.
fn validate_with_memory_cap(path: &Path, cap_kib: u64) -> Output {
    if cfg!(target_os = "linux") {
        Command::new("sh")
            .arg("-c")
            .arg(format!(r#"ulimit -v {cap_kib} && exec "$0" validate "$1""#))
            .arg(env!("CARGO_BIN_EXE_pagerdrill"))
            .arg(path)
            .output()
            .expect("run sh")
    } else {
        run_validate(path)
    }
}

/// The smallest address-space cap (in KiB, to within 8 MiB) under which the command validates a
/// normal scenario. The binary also holds the game, so this is measured rather than assumed.
fn baseline_cap(first_page: &Path) -> u64 {
    let (mut lo, mut hi) = (8 * 1024u64, 4 * 1024 * 1024u64);
    assert_eq!(
        validate_with_memory_cap(first_page, hi).status.code(),
        Some(0),
        "validate does not run even with 4 GiB of address space"
    );
    while hi - lo > 8 * 1024 {
        let mid = (lo + hi) / 2;
        if validate_with_memory_cap(first_page, mid).status.code() == Some(0) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

#[test]
fn validate_command_refuses_oversized_file_with_bounded_memory() {
    // The cap leaves the command what it needs for a normal scenario plus 16 MiB: too little to
    // hold a 30 MiB file, so an oversized one must be refused without being read.
    let first_page = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/first-page.ron");
    let cap = if cfg!(target_os = "linux") {
        baseline_cap(&first_page) + 16 * 1024
    } else {
        0
    };
    let big = temp_file("oversized", &oversized_scenario());
    let out = validate_with_memory_cap(&big.0, cap);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let want = format!("{}:1:1: error: {TOO_LARGE}", big.0.display());
    assert_eq!(stderr.lines().next(), Some(want.as_str()), "{stderr}");
}
