//! The game's boundaries, checked on its source: only the engine bridge holds the engine, the
//! screens never read what the player must not know before the debrief, the game never imports
//! the command line, and the browser adapter is a leaf. (The bridge's `Session` keeps its `World`
//! in a private field, so the compiler enforces the rest.)

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every game source file but the ones named (a name ending in `/` is a whole folder), with its
/// path relative to src/game, code only (comments stripped, so documentation may name what the
/// code must not touch).
fn game_sources(except: &[&str]) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/game");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 10, "src/game has its files");
    files
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&root)
                .expect("under src/game")
                .to_string_lossy()
                .replace('\\', "/");
            let code = std::fs::read_to_string(&p)
                .expect("readable")
                .lines()
                .map(|l| l.split("//").next().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n");
            (name, code)
        })
        .filter(|(name, _)| {
            !except
                .iter()
                .any(|e| name == e || (e.ends_with('/') && name.starts_with(e)))
        })
        .collect()
}

fn offenders(except: &[&str], forbidden: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, code) in game_sources(except) {
        for word in forbidden {
            if code.contains(word) {
                found.push(format!("{name} uses {word}"));
            }
        }
    }
    found
}

#[test]
fn only_the_bridge_drives_the_engine() {
    let found = offenders(
        // The bridge and its network module, which drives the room's world the same way.
        &["bridge/"],
        &[
            "World::new",
            "sim::World",
            "World}",
            "World,",
            "log_events",
            "apply_logged",
            ".apply(",
            "advance_to",
            ".finish()",
            "world.view(",
            "score::score(",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn no_screen_reads_the_answer_key_or_the_faults() {
    // The debrief may explain choices once the run is scored: it reads the report, never the
    // scenario, so it is held to the same rule.
    let found = offenders(
        &[],
        &[
            ".faults",
            ".injects",
            ".teaches",
            "AnswerTag",
            ".answers()",
            ".scenario()",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_game_does_not_import_the_command_line() {
    let found = offenders(&[], &["crate::cli", "pagerdrill::cli"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_browser_adapter_is_a_leaf() {
    let platform = game_sources(&[])
        .into_iter()
        .find(|(n, _)| n == "platform.rs")
        .expect("src/game/platform.rs");
    for word in ["super::", "crate::game", "bevy::"] {
        assert!(
            !platform.1.contains(word),
            "platform.rs must not depend on the game ({word})"
        );
    }
    // Only the page mirror, the picker, the saves and the report export reach the browser.
    let users: Vec<String> = game_sources(&["platform.rs"])
        .into_iter()
        .filter(|(_, code)| code.contains("platform::"))
        .map(|(n, _)| n)
        .collect();
    let mut users = users;
    users.sort();
    assert_eq!(
        users,
        [
            "bridge/mod.rs",
            "mod.rs",
            "persistence.rs",
            "picker.rs",
            "web.rs"
        ]
    );
}
