//! The postmortem asks for judgement, not for spotting the longest answer: every question offers
//! several plausible options, the right one is not given away by its length, the order is
//! shuffled per run seed, and picking blame or "be careful" costs a clear part of the Learning
//! score.

use pagerdrill::cli::load_script_file;
use pagerdrill::scenario::{AnswerOption, AnswerTag, Category, Validated, pack};
use pagerdrill::score::redteam::play_scored;
use pagerdrill::sim::script::Script;
use pagerdrill::sim::{Action, World};

fn right(o: &AnswerOption) -> bool {
    !o.teaches.contains(&AnswerTag::Blaming) && !o.teaches.contains(&AnswerTag::Local)
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
            if let Action::Answer { question, option } = &mut step.action {
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
