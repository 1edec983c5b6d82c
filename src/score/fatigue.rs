//! Routing: who gets the work. A task handed to someone exhausted while a rested teammate who
//! knew the service as well was awake and free is how tired slips happen.

use std::collections::BTreeSet;

use crate::scenario::{Category, Lesson};
use crate::sim::{Action, EventKind, words};

use super::facts::Facts;
use super::report::Rule;
use super::{Feedback, line};

/// Charges each tired person once: the first task they were given while a rested teammate could
/// have taken it.
pub fn check(f: &Facts, out: &mut Vec<Feedback>) {
    let mut charged = BTreeSet::new();
    for e in f.world.log_events() {
        let EventKind::GivenWhileTired {
            person,
            fatigue,
            service,
            rested: Some(rested),
        } = &e.kind
        else {
            continue;
        };
        if !charged.insert(person.clone()) {
            continue;
        }
        let seniority = |id: &str| {
            f.sc.people
                .iter()
                .find(|p| p.id == id)
                .map_or("", |p| words::seniority(p.seniority))
                .to_lowercase()
        };
        let names = f.world.names();
        let on = service
            .as_deref()
            .map(|s| format!(" on {}", names.service(s)))
            .unwrap_or_default();
        let mut l = line(
            Rule::TiredHands,
            Category::Routing,
            -4,
            Some(e.at),
            format!(
                "{person} ({}, {:.0}% tired) was given a task{on} while {rested} ({}) was rested, awake and knows it as well",
                seniority(person),
                fatigue * 100.0,
                seniority(rested)
            ),
            "Tired people take up to twice as long to find a cause and are more often wrong: giving the risky work to the exhausted one is how slips happen, and it keeps the load on the same few people.",
            Lesson::NoHeroes,
            "Give the task to the rested teammate who knows the service, and let the tired one rest or pair with them.",
        );
        let by = f.player_actions().find(|(t, _, a)| {
            *t == e.at && matches!(a, Action::Delegate { person: p, .. } if p == person)
        });
        if let Some((_, who, _)) = by {
            l = l.by(who);
        }
        out.push(l);
    }
}
