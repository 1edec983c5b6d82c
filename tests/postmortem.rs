//! The postmortem asks for judgement, not for spotting the longest answer: every question offers
//! several plausible options, the right one is not given away by its length, the order is
//! shuffled per run seed, and picking blame or "be careful" costs a clear part of the Learning
//! score. Contributing factors are several, among traps; action items are filed with a type, an
//! owner and a priority; the timeline's key moments are marked from the log.

use pagerdrill::cli::load_script_file;
use pagerdrill::scenario::{AnswerOption, AnswerTag, Asks, Category, ItemKind, Validated, pack};
use pagerdrill::score::Rule;
use pagerdrill::score::redteam::play_scored;
use pagerdrill::sim::script::Script;
use pagerdrill::sim::{Action, World};

fn right(o: &AnswerOption) -> bool {
    !o.teaches.iter().any(|t| t.is_trap())
}

fn good_script(s: &Validated) -> Script {
    load_script_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/playthroughs/{}-good.ron", s.id)),
    )
    .expect("good run")
}

#[test]
fn every_question_offers_at_least_three_options_and_one_right_one() {
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        for q in &s.postmortem {
            assert!(
                q.options.len() >= 3,
                "{}: \"{}\" offers {} options",
                s.id,
                q.prompt,
                q.options.len()
            );
            assert!(
                q.options.iter().any(right),
                "{}: \"{}\" has no right answer",
                s.id,
                q.prompt
            );
            assert!(
                q.options.iter().any(|o| !right(o)),
                "{}: \"{}\" has no wrong answer",
                s.id,
                q.prompt
            );
        }
    }
}

#[test]
fn the_right_answer_is_not_the_longest_one_as_a_rule() {
    let (mut questions, mut longest) = (0, 0);
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        for q in &s.postmortem {
            questions += 1;
            let max = q.options.iter().map(|o| o.text.len()).max().unwrap_or(0);
            if q.options.iter().any(|o| right(o) && o.text.len() == max) {
                longest += 1;
            }
        }
    }
    // "Pick the longest" must do no better than a coin toss.
    assert!(
        longest * 2 <= questions,
        "the right answer is the longest in {longest} of {questions} questions"
    );
}

#[test]
fn options_are_shown_in_an_order_shuffled_per_seed_and_fixed_for_a_seed() {
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let orders = |seed: u64| {
            let mut w = World::new(s.clone(), seed, &[]).expect("world");
            w.finish();
            w.view(&s.player)
                .postmortem
                .iter()
                .map(|q| q.options.iter().map(|(id, _)| id.clone()).collect())
                .collect::<Vec<Vec<String>>>()
        };
        assert_eq!(orders(7), orders(7), "{}: one seed, one order", s.id);
        for (qi, q) in s.postmortem.iter().enumerate() {
            let seen: std::collections::BTreeSet<Vec<String>> =
                (1..=12).map(|seed| orders(seed)[qi].clone()).collect();
            assert!(
                seen.len() > 1,
                "{}: \"{}\" is shown in the same order for every seed",
                s.id,
                q.prompt
            );
            let firsts: std::collections::BTreeSet<&String> = seen.iter().map(|o| &o[0]).collect();
            assert!(
                firsts.len() > 1,
                "{}: \"{}\" always shows the same option first",
                s.id,
                q.prompt
            );
        }
    }
}

#[test]
fn answering_with_blame_or_be_careful_costs_at_least_fifteen_learning_points() {
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let good = good_script(&s);
        // The same shift, with every answer replaced by the worst on offer.
        let mut worst = good.clone();
        for step in &mut worst.actions {
            if let Action::Answer {
                question, option, ..
            } = &mut step.action
            {
                let q = s
                    .postmortem
                    .iter()
                    .find(|q| &q.id == question)
                    .expect("question");
                let pick = q
                    .options
                    .iter()
                    .find(|o| o.teaches.contains(&AnswerTag::Blaming))
                    .or_else(|| q.options.iter().find(|o| !right(o)))
                    .expect("a wrong option");
                *option = pick.id.clone();
            }
        }
        let honest = play_scored(&s, &good, 1).score.get(Category::Learning);
        let careless = play_scored(&s, &worst, 1).score.get(Category::Learning);
        assert!(
            honest >= careless + 15,
            "{}: Learning {honest} with the good answers, {careless} with blame",
            s.id
        );
    }
}

#[test]
fn every_scenario_asks_for_several_factors_among_traps_and_about_the_response() {
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let factors: Vec<_> = s
            .postmortem
            .iter()
            .filter(|q| q.asks == Asks::Factors)
            .collect();
        assert!(
            !factors.is_empty(),
            "{}: no contributing-factors question",
            s.id
        );
        for q in factors {
            assert!(
                q.options.iter().filter(|o| right(o)).count() >= 2,
                "{}: \"{}\" has fewer than two real factors",
                s.id,
                q.prompt
            );
            for trap in [
                AnswerTag::Blaming,
                AnswerTag::Hindsight,
                AnswerTag::ProcessNotFollowed,
            ] {
                assert!(
                    q.options.iter().any(|o| o.teaches.contains(&trap)),
                    "{}: \"{}\" has no {trap:?} trap",
                    s.id,
                    q.prompt
                );
            }
        }
        assert!(
            s.postmortem.iter().any(|q| q.asks == Asks::Response),
            "{}: no question about how the response went",
            s.id
        );
    }
}

/// Points the feedback of `rule` gave, for the good run and for the good run with its postmortem
/// steps changed by `change` (which returns false to drop a step). The Learning score itself can
/// sit at its ceiling with points to spare, so the lines are what tell.
fn points_with(s: &Validated, rule: Rule, change: impl Fn(&mut Action) -> bool) -> (i32, i32) {
    let good = good_script(s);
    let mut changed = good.clone();
    changed.actions.retain_mut(|step| change(&mut step.action));
    let sum = |script: &Script| -> i32 {
        play_scored(s, script, 1)
            .feedback
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.points)
            .sum()
    };
    (sum(&good), sum(&changed))
}

#[test]
fn only_some_factors_or_a_trap_among_them_costs_learning_points() {
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let q = s
            .postmortem
            .iter()
            .find(|q| q.asks == Asks::Factors)
            .expect("factors question");
        let trap = q.options.iter().find(|o| !right(o)).expect("a trap");
        // Only the first real factor named, the others missed.
        let first_right = q.options.iter().find(|o| right(o)).expect("a factor");
        let (honest, partial) = points_with(&s, Rule::Postmortem, |a| match a {
            Action::Answer {
                question, option, ..
            } if question == &q.id => option == &first_right.id,
            _ => true,
        });
        assert_eq!(
            honest, 0,
            "{}: the good run's postmortem costs points",
            s.id
        );
        assert!(
            partial <= -8,
            "{}: missing two factors costs {partial}",
            s.id
        );
        // The other real factors, and a trap in place of the first.
        let (_, trapped) = points_with(&s, Rule::Postmortem, |a| {
            if let Action::Answer {
                question, option, ..
            } = a
                && question == &q.id
                && option == &first_right.id
            {
                *option = trap.id.clone();
            }
            true
        });
        assert!(
            trapped <= -10,
            "{}: a trap among the factors costs {trapped}",
            s.id
        );
    }
}

#[test]
fn an_action_item_filed_with_the_wrong_type_or_owner_or_none_costs_points() {
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let other_team = |owner: &str| {
            s.teams
                .iter()
                .find(|t| t.id != owner)
                .expect("another team")
                .id
                .clone()
        };
        let (honest, unfiled) = points_with(&s, Rule::Postmortem, |a| {
            if let Action::Answer { filing, .. } = a {
                *filing = None;
            }
            true
        });
        assert_eq!(
            honest, 0,
            "{}: the good run's postmortem costs points",
            s.id
        );
        assert!(unfiled < 0, "{}: filing nothing costs nothing", s.id);
        let (_, misfiled) = points_with(&s, Rule::Postmortem, |a| {
            if let Action::Answer {
                filing: Some(f), ..
            } = a
            {
                f.owner = other_team(&f.owner);
                f.kind = ItemKind::ALL
                    .into_iter()
                    .find(|k| *k != f.kind)
                    .expect("another kind");
            }
            true
        });
        assert!(
            misfiled <= -6,
            "{}: the wrong owner and type cost {misfiled}",
            s.id
        );
    }
}

#[test]
fn key_moments_marked_away_from_the_log_or_not_at_all_cost_points() {
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let (honest, unmarked) = points_with(&s, Rule::Timeline, |a| {
            !matches!(a, Action::MarkMoment { .. })
        });
        assert_eq!(honest, 0, "{}: the good run's timeline costs points", s.id);
        assert!(
            unmarked <= -9,
            "{}: an empty timeline costs {unmarked}",
            s.id
        );
        // Marked from memory: ten minutes late each.
        let (_, off) = points_with(&s, Rule::Timeline, |a| {
            if let Action::MarkMoment { at, .. } = a {
                *at += 10 * 60;
            }
            true
        });
        assert!(off <= -9, "{}: a wrong timeline costs {off}", s.id);
    }
}

#[test]
fn ticking_every_factor_costs_more_than_finding_only_some() {
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let q = s
            .postmortem
            .iter()
            .find(|q| q.asks == Asks::Factors)
            .expect("factors question");
        // The good run's answers to this question replaced by every option on offer.
        let mut all = good_script(&s);
        let at = all
            .actions
            .iter()
            .find(|st| matches!(&st.action, Action::Answer { question, .. } if question == &q.id))
            .map(|st| st.at)
            .expect("answered");
        all.actions.retain(
            |st| !matches!(&st.action, Action::Answer { question, .. } if question == &q.id),
        );
        for o in &q.options {
            all.actions.push(pagerdrill::sim::script::Step {
                at,
                by: None,
                action: Action::Answer {
                    question: q.id.clone(),
                    option: o.id.clone(),
                    filing: None,
                },
            });
        }
        let points: i32 = play_scored(&s, &all, 1)
            .feedback
            .iter()
            .filter(|f| f.rule == Rule::Postmortem)
            .map(|f| f.points)
            .sum();
        assert!(
            points <= -20,
            "{}: ticking everything costs only {points}",
            s.id
        );
    }
}
