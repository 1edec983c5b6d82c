//! The golden report: `pagerdrill run first-page --actions tests/playthroughs/first-page-good.ron
//! --seed 1 --json`, run in its own process, must print exactly the checked-in JSON. Any change to
//! the engine, the rubric or the report that moves a single byte shows up here and must be a
//! deliberate one. After such a change, write the new file with
//! `PAGERDRILL_BLESS=1 cargo test --test golden` and review its diff.

use std::path::Path;
use std::process::Command;

const GOLDEN: &str = "tests/golden/first-page-good-seed1.json";

#[test]
fn the_report_matches_the_checked_in_golden_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_pagerdrill"))
        .args([
            "run",
            "first-page",
            "--actions",
            "tests/playthroughs/first-page-good.ron",
            "--seed",
            "1",
            "--json",
        ])
        .current_dir(root)
        .output()
        .expect("run pagerdrill");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = root.join(GOLDEN);
    if std::env::var_os("PAGERDRILL_BLESS").is_some() {
        std::fs::write(&path, &out.stdout).expect("write the golden file");
    }
    let golden = std::fs::read(&path).expect("the golden file exists");
    if out.stdout != golden {
        let now = String::from_utf8_lossy(&out.stdout);
        let was = String::from_utf8_lossy(&golden);
        let first = now
            .lines()
            .zip(was.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(now.lines().count().min(was.lines().count()));
        panic!(
            "the report differs from {GOLDEN} from line {}:\n  now: {}\n  was: {}",
            first + 1,
            now.lines().nth(first).unwrap_or("(end)"),
            was.lines().nth(first).unwrap_or("(end)")
        );
    }
}
