//! Scripted playthroughs of every shipped scenario: the exemplary run beats each anti-pattern run by
//! a clear margin, in the category the scenario teaches and on total, and the anti-pattern's
//! feedback names the mistake and a lesson the scenario teaches. Scripts live in
//! `tests/playthroughs/` as `<id>-good.ron` and `<id>-anti-<what>.ron`; each anti script starts
//! with `// expect: <words>` naming the feedback it must earn.

use std::path::{Path, PathBuf};

use pagerdrill::scenario::{Category, Validated, pack};
use pagerdrill::score::{self, Report};
use pagerdrill::sim::script::{load_script, play};
use pagerdrill::sim::{EventKind, World};

/// Points the good run must lead by, in the scenario's focus category and on total.
const MARGIN: u32 = 15;
const SEEDS: [u64; 3] = [1, 2, 3];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/playthroughs")
}

fn run(scenario: &Validated, script_path: &Path, seed: u64) -> (Report, World) {
    let text = std::fs::read_to_string(script_path).expect("script readable");
    let script = load_script(&text)
        .value
        .unwrap_or_else(|| panic!("{} does not load", script_path.display()));
    let mut w = World::new(scenario.clone(), seed, &[]).expect("world");
    play(&mut w, &script);
    (score::score(&w), w)
}

fn expectation(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable");
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("// expect:"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|| panic!("{} must start with `// expect: …`", path.display()))
}

fn scenarios() -> Vec<Validated> {
    pack::builtin()
        .into_iter()
        .map(|(name, l)| l.value.unwrap_or_else(|| panic!("{name} loads")))
        .collect()
}

#[test]
fn every_scenario_has_a_good_and_an_anti_pattern_playthrough() {
    for s in scenarios() {
        assert!(
            dir().join(format!("{}-good.ron", s.id)).is_file(),
            "{}-good.ron missing",
            s.id
        );
        assert!(!anti_scripts(&s.id).is_empty(), "no {}-anti-*.ron", s.id);
    }
}

fn anti_scripts(id: &str) -> Vec<PathBuf> {
    let prefix = format!("{id}-anti-");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("playthroughs dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".ron"))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn good_runs_beat_anti_pattern_runs_in_the_category_taught() {
    for s in scenarios() {
        let focus = s.focus.unwrap_or(Category::Routing);
        for seed in SEEDS {
            let (good, world) = run(&s, &dir().join(format!("{}-good.ron", s.id)), seed);
            let refused: Vec<String> = world
                .log_events()
                .iter()
                .filter_map(|e| match &e.kind {
                    EventKind::Rejected { action, reason, .. } => {
                        Some(format!("{action:?}: {reason}"))
                    }
                    _ => None,
                })
                .collect();
            assert!(
                refused.is_empty(),
                "{} good run (seed {seed}) had refused actions: {refused:?}",
                s.id
            );
            assert!(
                good.score.total >= 75,
                "{} good run scores only {} (seed {seed})",
                s.id,
                good.score.total
            );
            for anti in anti_scripts(&s.id) {
                let (bad, _) = run(&s, &anti, seed);
                let name = anti
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_owned();
                assert!(
                    good.score.get(focus) >= bad.score.get(focus) + MARGIN,
                    "{name} (seed {seed}): {focus:?} good {} vs anti {}",
                    good.score.get(focus),
                    bad.score.get(focus)
                );
                assert!(
                    good.score.total >= bad.score.total + MARGIN,
                    "{name} (seed {seed}): total good {} vs anti {}",
                    good.score.total,
                    bad.score.total
                );
                assert!(
                    bad.feedback
                        .iter()
                        .any(|l| l.points < 0 && s.lessons.contains(&l.lesson)),
                    "{name} (seed {seed}): no deduction names a lesson of {:?}",
                    s.lessons
                );
                let expect = expectation(&anti);
                assert!(
                    bad.feedback
                        .iter()
                        .any(|l| l.points < 0 && l.what.contains(&expect)),
                    "{name} (seed {seed}): no negative feedback naming \"{expect}\"; got {:#?}",
                    bad.feedback
                        .iter()
                        .filter(|l| l.points < 0)
                        .map(|l| &l.what)
                        .collect::<Vec<_>>()
                );
            }
        }
    }
}
