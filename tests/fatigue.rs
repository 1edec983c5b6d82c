//! Tired people in the debrief: a task handed to someone exhausted while a rested teammate who
//! knew the service was free is named in the channel and charged once; handing it to the rested
//! one is not.

use pagerdrill::scenario::{Validated, pack};
use pagerdrill::score::{Rule, score};
use pagerdrill::sim::{Action, Task, World};

/// The tutorial with Lee worn out (85%) and Sam rested; Sam knows the storefront better.
fn tired_team() -> Validated {
    let mut s = pack::find("first-page").expect("built in").into_inner();
    for p in s.people.iter_mut() {
        match p.id.as_str() {
            "lee" => p.fatigue = 0.85,
            "sam" => p.fatigue = 0.1,
            _ => {}
        }
    }
    Validated::check(s).expect("valid")
}

fn hand_storefront_to(person: &str) -> pagerdrill::score::Report {
    let mut w = World::new(tired_team(), 1, &[]).expect("world");
    w.advance_to(8 * 60);
    w.apply_logged(
        "you",
        Action::Delegate {
            person: person.into(),
            task: Task::Investigate {
                service: "storefront".into(),
            },
            minutes: 15,
        },
    )
    .expect("delegate");
    w.advance_to(w.end());
    score(&w)
}

#[test]
fn a_task_for_the_exhausted_engineer_while_a_rested_one_is_free_is_named_and_charged() {
    let r = hand_storefront_to("lee");
    let line = r
        .feedback
        .iter()
        .find(|l| l.rule == Rule::TiredHands)
        .unwrap_or_else(|| panic!("no line: {:#?}", r.feedback));
    assert_eq!(line.points, -4);
    assert!(
        line.what
            .contains("Lee (mid-level, 85% tired) was given a task on Storefront"),
        "{}",
        line.what
    );
    assert!(line.what.contains("Sam (senior)"), "{}", line.what);
    assert_eq!(line.actor.as_deref(), Some("you"));
    assert!(
        r.timeline
            .iter()
            .any(|t| t.text.contains("Lee is 85% tired")),
        "the channel says so when it happens"
    );
}

#[test]
fn the_same_task_for_the_rested_engineer_is_not_charged() {
    let r = hand_storefront_to("sam");
    assert!(
        r.feedback.iter().all(|l| l.rule != Rule::TiredHands),
        "{:#?}",
        r.feedback
    );
}
