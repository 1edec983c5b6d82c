//! Checks for a game day (format 2): the seats, the facilitator's prepared injects and guide.

use std::collections::HashMap;

use super::{Validator, valid_id};
use crate::scenario::model::*;

/// The id the facilitator acts as in scripts and logs.
const FACILITATOR: &str = "facilitator";

impl Validator<'_> {
    /// A game day: two to eight seats held by people of the world, one commander, at most one
    /// communications lead and scribe, responders on a team, the player in a seat, and prepared
    /// injects whose consequences name things that exist.
    pub(super) fn game_day(&mut self) {
        let s = self.s;
        if let Some(i) = s.people.iter().position(|p| p.id == FACILITATOR) {
            self.err(
                format!("people[{i}].id"),
                "the id \"facilitator\" is kept for whoever runs a game day; give this person another",
            );
        }
        let Some(day) = &s.game_day else {
            return;
        };
        if s.format < 2 {
            self.err(
                "game_day",
                "a game day needs `format: 2` at the top of the scenario",
            );
        }
        if !(2..=8).contains(&day.seats.len()) {
            self.err(
                "game_day.seats",
                format!("a game day has 2 to 8 seats, not {}", day.seats.len()),
            );
        }
        let mut held: HashMap<&str, usize> = HashMap::new();
        for (i, seat) in day.seats.iter().enumerate() {
            let p = format!("game_day.seats[{i}]");
            if !self.person_ref(format!("{p}.person"), &seat.person) {
                continue;
            }
            if let Some(first) = held.insert(seat.person.as_str(), i) {
                self.err(
                    format!("{p}.person"),
                    format!(
                        "{} already holds game_day.seats[{first}]: one seat per person",
                        seat.person
                    ),
                );
            }
            if seat.role == SeatRole::Responder
                && !s.teams.iter().any(|t| {
                    t.members.contains(&seat.person)
                        && s.services.iter().any(|x| x.owner.as_ref() == Some(&t.id))
                })
            {
                self.err(
                    format!("{p}.role"),
                    format!(
                        "{} is a responder but on no team that owns a service: a responder works their own team's pages",
                        seat.person
                    ),
                );
            }
        }
        for (role, name, most, least) in [
            (SeatRole::Commander, "incident commander", 1, 1),
            (SeatRole::Communications, "communications lead", 1, 0),
            (SeatRole::Scribe, "scribe", 1, 0),
        ] {
            let n = day.seats.iter().filter(|x| x.role == role).count();
            if n > most || n < least {
                self.err(
                    "game_day.seats",
                    format!(
                        "a game day has {} {} seat, not {n}",
                        if least == 1 {
                            "exactly one"
                        } else {
                            "at most one"
                        },
                        name
                    ),
                );
            }
        }
        if !day.seats.is_empty() && !held.contains_key(s.player.as_str()) {
            self.err(
                "player",
                format!(
                    "the player \"{}\" holds no game-day seat: name the seat someone playing alone takes",
                    s.player
                ),
            );
        }
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (i, prepared) in day.prepared.iter().enumerate() {
            let p = format!("game_day.prepared[{i}]");
            if !valid_id(&prepared.id) {
                self.err(
                    format!("{p}.id"),
                    format!(
                        "prepared inject id \"{}\": use 1 to 64 lowercase letters, digits, hyphens and underscores",
                        prepared.id
                    ),
                );
            }
            if let Some(first) = ids.insert(prepared.id.as_str(), i) {
                self.err(
                    format!("{p}.id"),
                    format!(
                        "prepared inject id \"{}\" is used twice (first at game_day.prepared[{first}])",
                        prepared.id
                    ),
                );
            }
            if prepared.label.trim().is_empty() {
                self.err(
                    format!("{p}.label"),
                    "say what the facilitator's console calls it",
                );
            }
            if prepared.then.is_empty() {
                self.err(
                    format!("{p}.then"),
                    "a prepared inject needs at least one consequence",
                );
            }
            self.consequences(&p, &prepared.then);
        }
        for (i, line) in day.guide.iter().enumerate() {
            if line.trim().is_empty() {
                self.err(format!("game_day.guide[{i}]"), "an empty line of the guide");
            }
        }
    }

    /// Whether a trigger or a prepared inject raises an ask.
    pub(super) fn ask_raised(&self, ask: &str) -> bool {
        let raises = |then: &[Consequence]| {
            then.iter()
                .any(|c| matches!(c, Consequence::Ask(a) if a == ask))
        };
        self.s.injects.iter().any(|i| match i {
            Inject::Trigger { then, .. } => raises(then),
            _ => false,
        }) || self
            .s
            .game_day
            .iter()
            .any(|d| d.prepared.iter().any(|p| raises(&p.then)))
    }
}
