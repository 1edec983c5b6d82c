//! The red team: for every shipped scenario, the cheap or wrong strategies under tests/redteam/
//! score at least 15 below honest play on every seed from 1 to 5, doing nothing scores at most
//! 40, and each strategy's main mistake is named in the debrief with its lesson.
//! `cargo run --release -- redteam` prints the same games as the table in docs/scoring.md.

use std::path::Path;

use pagerdrill::cli::{load_script_file, load_strategies};
use pagerdrill::scenario::{Lesson, Validated, pack};
use pagerdrill::score::Report;
use pagerdrill::score::redteam::play_scored;
use pagerdrill::sim::script::Script;

const SEEDS: [u64; 5] = [1, 2, 3, 4, 5];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scenarios() -> Vec<Validated> {
    pack::builtin()
        .into_iter()
        .map(|(id, l)| l.value.unwrap_or_else(|| panic!("{id} loads")))
        .collect()
}

fn honest(s: &Validated) -> Script {
    load_script_file(&root().join(format!("tests/playthroughs/{}-good.ron", s.id)))
        .unwrap_or_else(|e| panic!("{}: {e:?}", s.id))
}

/// The main mistake each strategy makes: the lesson its feedback line must name, and words the
/// line must contain.
fn main_mistake(strategy: &str) -> (&'static [Lesson], &'static str) {
    use Lesson::*;
    match strategy {
        "do-nothing" => (&[OwnersGetThePage], "never acknowledged"),
        "page-all" | "page-all-late" => (&[OwnersGetThePage], "at once"),
        "hero" | "delegate-hero" | "pair-hero" | "human-router" => (&[NoHeroes], ""),
        "ack-and-mute" => (&[NoiseIsADefect], "as noise"),
        "ack-only" => (&[OwnersGetThePage, IncidentCommand], ""),
        "snooze-and-forget" => (&[IncidentCommand], "snoozed"),
        "mitigate-spam" | "honest-plus-spray" => (&[CopyTheQuestions, OwnersGetThePage], ""),
        "sev1-spam" => (&[IncidentCommand], "status update only"),
        "over-declare" => (&[IncidentCommand], "warranted"),
        "early-close" => (&[IncidentCommand], "closed before"),
        "declare-at-end" => (&[IncidentCommand], "declared"),
        "commander-hands-on" | "fix-then-declare" | "paper-commander" => {
            (&[IncidentCommand], "yourself")
        }
        "blame" => (&[BlamelessPostmortems], ""),
        "junk-runbook" => (&[LearnByDoing], "says nothing"),
        "wake-sev4" => (&[NoiseIsADefect], "woke"),
        other => panic!("no main mistake written down for strategy {other}"),
    }
}

/// The strategies the issue asks for; each scenario's folder has a file for every one.
const REQUIRED: [&str; 22] = [
    "do-nothing",
    "page-all",
    "page-all-late",
    "hero",
    "delegate-hero",
    "pair-hero",
    "human-router",
    "ack-and-mute",
    "ack-only",
    "snooze-and-forget",
    "mitigate-spam",
    "honest-plus-spray",
    "sev1-spam",
    "over-declare",
    "early-close",
    "declare-at-end",
    "commander-hands-on",
    "fix-then-declare",
    "paper-commander",
    "blame",
    "junk-runbook",
    "wake-sev4",
];

fn names_mistake(r: &Report, strategy: &str) -> bool {
    let (lessons, words) = main_mistake(strategy);
    r.feedback.iter().any(|l| {
        l.points < 0 && lessons.contains(&l.lesson) && l.what.to_lowercase().contains(words)
    })
}

#[test]
fn every_scenario_has_every_strategy_or_says_why_not() {
    for s in scenarios() {
        let folder = root().join("tests/redteam").join(&s.id);
        let strategies = load_strategies(&folder).unwrap_or_else(|e| panic!("{e}"));
        for name in REQUIRED {
            let st = strategies
                .iter()
                .find(|x| x.name == name)
                .unwrap_or_else(|| panic!("{}: no {name}.ron", s.id));
            if let Some(why) = &st.not_applicable {
                assert!(why.len() > 40, "{}/{name}: say why it makes no sense", s.id);
            }
        }
        let applicable = strategies.iter().filter(|x| x.script.is_some()).count();
        assert!(
            applicable >= 14,
            "{}: only {applicable} strategies played",
            s.id
        );
    }
}

#[test]
fn honest_play_scores_at_least_85_on_every_seed() {
    for s in scenarios() {
        for seed in SEEDS {
            let r = play_scored(&s, &honest(&s), seed);
            let lost: Vec<String> = r
                .feedback
                .iter()
                .filter(|l| l.points < 0)
                .map(|l| format!("{} {}", l.points, l.what))
                .collect();
            assert!(
                r.score.total >= 85,
                "{} seed {seed}: honest play scored {} ({:?}); lost: {lost:#?}",
                s.id,
                r.score.total,
                r.score
            );
            assert!(
                r.cap.is_none(),
                "{} seed {seed}: honest play capped: {:?}",
                s.id,
                r.cap
            );
        }
    }
}

#[test]
fn every_strategy_scores_15_below_honest_play_and_names_its_mistake() {
    let mut failures = Vec::new();
    for s in scenarios() {
        let folder = root().join("tests/redteam").join(&s.id);
        let strategies = load_strategies(&folder).unwrap_or_else(|e| panic!("{e}"));
        let honest = honest(&s);
        for seed in SEEDS {
            let h = play_scored(&s, &honest, seed).score.total;
            for st in &strategies {
                let Some(script) = &st.script else { continue };
                let r = play_scored(&s, script, seed);
                if r.score.total + 15 > h {
                    failures.push(format!(
                        "{} seed {seed}: {} scored {} against honest {h}",
                        s.id, st.name, r.score.total
                    ));
                }
                if !names_mistake(&r, &st.name) {
                    failures.push(format!(
                        "{} seed {seed}: {} — its main mistake is not named: {:#?}",
                        s.id,
                        st.name,
                        r.feedback
                            .iter()
                            .filter(|l| l.points < 0)
                            .map(|l| format!("{:?} {}", l.lesson, l.what))
                            .collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn doing_nothing_scores_at_most_40() {
    for s in scenarios() {
        for seed in SEEDS {
            let r = play_scored(
                &s,
                &Script {
                    actions: Vec::new(),
                },
                seed,
            );
            assert!(
                r.score.total <= 40,
                "{} seed {seed}: doing nothing scored {} ({:?})",
                s.id,
                r.score.total,
                r.score
            );
        }
    }
}
