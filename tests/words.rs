//! Nothing a player reads shows a Rust identifier or debug output: every shipped playthrough (good,
//! anti and red-team) is played, and every string it produces for people — the timeline, each
//! feedback line, the Markdown report and the headless runner's text — is scanned.

use std::path::Path;
use std::process::Command;

use pagerdrill::cli::load_script_file;
use pagerdrill::scenario::pack;
use pagerdrill::score::{markdown, redteam::play_scored};

/// Words that look like code: `CamelCase` identifiers, debug output of options and structs.
fn code_like(text: &str) -> Option<String> {
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '(')) {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        let upper_inside = w.char_indices().skip(1).any(|(i, c)| {
            c.is_uppercase() && w[..i].chars().last().is_some_and(char::is_lowercase)
        });
        // The game's own name is the one CamelCase word players see.
        if upper_inside && w.chars().next().is_some_and(char::is_uppercase) && w != "PagerDrill" {
            return Some(w.to_owned());
        }
    }
    for needle in ["Some(", "None", "::", "{ ", " }", "\"\"", "_minutes"] {
        if text.contains(needle) {
            return Some(needle.to_owned());
        }
    }
    None
}

fn scripts_for(id: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<_> = std::fs::read_dir(root.join("tests/playthroughs"))
        .expect("playthroughs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{id}-")))
        })
        .collect();
    if let Ok(dir) = std::fs::read_dir(root.join("tests/redteam").join(id)) {
        out.extend(dir.filter_map(|e| e.ok().map(|e| e.path())));
    }
    out.sort();
    out
}

#[test]
fn every_string_a_player_reads_is_words_not_code() {
    let mut found = Vec::new();
    let mut scanned = 0;
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        for path in scripts_for(&s.id) {
            let Ok(script) = load_script_file(&path) else {
                continue; // a red-team file marked not applicable
            };
            let r = play_scored(&s, &script, 1);
            let mut texts: Vec<String> = Vec::new();
            for t in &r.timeline {
                texts.push(format!("{}: {}", t.from, t.text));
                // A postmortem answer is told in the words the player read, never by its ids.
                if t.text.starts_with("answer") {
                    let named = s.postmortem.iter().any(|q| t.text.contains(&q.prompt));
                    if !named {
                        found.push(format!("{}: answer without its question: {}", s.id, t.text));
                    }
                }
            }
            for l in &r.feedback {
                texts.extend([l.what.clone(), l.why.clone(), l.instead.clone()]);
            }
            if let Some(c) = &r.cap {
                texts.push(c.reason.clone());
            }
            texts.extend(markdown(&r, s.shift.start).lines().map(str::to_owned));
            for t in texts {
                scanned += 1;
                if let Some(bad) = code_like(&t) {
                    found.push(format!("{} ({}): `{bad}` in: {t}", s.id, path.display()));
                }
            }
        }
    }
    assert!(scanned > 1000, "only {scanned} strings scanned");
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "{} strings look like code:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_headless_runner_prints_words_not_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let out = Command::new(env!("CARGO_BIN_EXE_pagerdrill"))
            .args(["run", &s.id, "--actions"])
            .arg(format!("tests/playthroughs/{}-good.ron", s.id))
            .current_dir(root)
            .output()
            .expect("run");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            assert!(code_like(line).is_none(), "{}: {line}", s.id);
        }
    }
}

#[test]
fn timeline_lines_say_what_kind_they_are() {
    use pagerdrill::sim::view::LineKind;
    let s = pack::find("night-page").expect("built in");
    let script = load_script_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/playthroughs/night-page-good.ron"),
    )
    .expect("good run");
    let r = play_scored(&s, &script, 1);
    let of = |k: LineKind| r.timeline.iter().filter(move |t| t.kind == k);
    assert!(
        of(LineKind::Alert).count() > 0
            && of(LineKind::Alert).all(|t| t.text.starts_with("alert #"))
    );
    assert!(of(LineKind::Page).count() > 0 && of(LineKind::Page).all(|t| t.text.contains("page")));
    assert!(
        of(LineKind::Fault).count() > 0,
        "the debrief reveals the faults"
    );
    assert!(of(LineKind::Person).any(|t| t.from == "You"));
    assert!(of(LineKind::Learning).all(|t| t.text.contains("knows")));
    // The Markdown timeline groups runs of alert and page notices into one line each.
    let md = markdown(&r, s.shift.start);
    assert!(md.contains(" alert and page notices, from "));
}

#[test]
fn the_readme_lists_every_key_of_the_command_table() {
    use pagerdrill::game::screens::shift::commands::markdown;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README");
    let start = readme
        .find("<!-- keys:")
        .and_then(|i| readme[i..].find('\n').map(|j| i + j + 1))
        .expect("the README marks its key list");
    let end = readme
        .find("<!-- end of keys -->")
        .expect("the key list ends");
    let table = markdown();
    if std::env::var_os("PAGERDRILL_BLESS").is_some() {
        let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).expect("README written");
        return;
    }
    assert_eq!(
        &readme[start..end],
        table,
        "the README's key list is not the command table's: run PAGERDRILL_BLESS=1 cargo test --test words"
    );
}

/// A scenario's ids that a reader would not take for words: hyphenated ones, and person ids (which
/// are the lower-case form of a name).
fn ids_of(s: &pagerdrill::scenario::Scenario) -> Vec<String> {
    let mut ids: Vec<String> = s
        .services
        .iter()
        .map(|x| x.id.clone())
        .chain(s.teams.iter().map(|t| t.id.clone()))
        .chain(s.faults.iter().map(|f| f.id.clone()))
        .filter(|id| id.contains('-'))
        .collect();
    ids.extend(
        s.people
            .iter()
            .filter(|p| p.id != p.name && p.id != s.player)
            .map(|p| p.id.clone()),
    );
    ids
}

fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().last();
        let after = text[i + word.len()..].chars().next();
        let edge =
            |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
        edge(before) && edge(after)
    })
}

#[test]
fn lines_the_engine_writes_name_services_people_and_teams_not_their_ids() {
    use pagerdrill::sim::view::LineKind;
    let mut found = Vec::new();
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let ids = ids_of(&s);
        // Text the scenario's author or the player wrote is theirs to word: messages, status
        // updates, runbook steps, titles.
        let authored: Vec<String> = s.injects.iter().map(|i| format!("{i:?}")).collect();
        for path in scripts_for(&s.id) {
            let Ok(script) = load_script_file(&path) else {
                continue;
            };
            let r = play_scored(&s, &script, 1);
            let mut texts: Vec<String> = r
                .timeline
                .iter()
                .filter(|t| t.kind != LineKind::Person || t.from == "You")
                // An alert line is the rule's pager text, as its author wrote it.
                .filter(|t| t.kind != LineKind::Alert)
                .filter(|t| {
                    !t.text.starts_with("post status")
                        && !t.text.starts_with("update runbook")
                        && !t.text.starts_with("declare")
                })
                .filter(|t| {
                    !t.text.contains("Condition:")
                        && !t.text.starts_with("answered")
                        && !t.text.starts_with("STATUS:")
                })
                .map(|t| t.text.clone())
                .collect();
            for l in &r.feedback {
                texts.extend([l.what.clone(), l.why.clone(), l.instead.clone()]);
            }
            for t in texts {
                if authored.iter().any(|a| a.contains(t.as_str())) {
                    continue;
                }
                for id in &ids {
                    if has_word(&t, id) {
                        found.push(format!("{}: \"{id}\" in: {t}", s.id));
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "{} lines name ids:\n{}",
        found.len(),
        found.join("\n")
    );
}
