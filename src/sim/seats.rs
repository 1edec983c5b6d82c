//! Game days: who sits in which seat, what the facilitator may do, and what each seat is allowed
//! to see. Split information is worked out here, in the engine, so every way of showing a seat
//! (the game, a headless run, a network peer) hides the same things.

use std::collections::BTreeMap;

use crate::scenario::{Scenario, SeatRole};

use super::action::{Action, FACILITATOR, Rejection};
use super::event::{Event, EventKind};
use super::world::{Phase, World};
use crate::scenario::ids::Ids;

/// The seat of each player at a game day: every player must hold a seat of the scenario's game
/// day when there are several. One player (or none named) plays alone and has no seat.
pub(super) fn seats_for(
    scenario: &Scenario,
    players: &[usize],
    ids: &Ids,
) -> Result<BTreeMap<usize, SeatRole>, Rejection> {
    let Some(day) = scenario.game_day.as_ref().filter(|_| players.len() > 1) else {
        return Ok(BTreeMap::new());
    };
    let mut seats = BTreeMap::new();
    for &p in players {
        let id = &scenario.people[p].id;
        let seat = day.seats.iter().find(|s| &s.person == id).ok_or_else(|| {
            Rejection::new(format!("{id} has no seat at this scenario's game day"))
        })?;
        seats.insert(p, seat.role);
    }
    // Every seat is somebody's at a game day, even if they never act: a seat nobody plays would
    // make the engine play that person and see for them.
    for s in &day.seats {
        if let Some(&p) = ids.person.get(&s.person) {
            seats.entry(p).or_insert(s.role);
        }
    }
    Ok(seats)
}

/// Who is looking at a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Looker {
    /// Everything the console has ever shown, as in a one-player run.
    Everyone,
    /// The facilitator: everything, hidden faults included.
    Facilitator,
    /// A participant in a seat.
    Seat(usize, SeatRole),
    /// The room's shared screen, or anyone without a seat at a game day.
    Projector,
}

impl Looker {
    /// Whether hidden facts (when a fault began) are shown.
    pub(super) fn reveal(self) -> bool {
        self == Looker::Facilitator
    }
}

impl World {
    /// A game day with every seat played by a participant: the team version of [`World::new`].
    pub fn game_day(
        scenario: crate::scenario::Validated,
        run_seed: u64,
    ) -> Result<World, Rejection> {
        let seats: Vec<String> = scenario
            .game_day
            .as_ref()
            .map(|d| d.seats.iter().map(|s| s.person.clone()).collect())
            .unwrap_or_default();
        if seats.len() < 2 {
            return Err(Rejection::new(
                "this scenario has no game day: it names fewer than two seats",
            ));
        }
        World::new(scenario, run_seed, &seats)
    }

    /// Whether this run is a game day with seats.
    pub fn is_game_day(&self) -> bool {
        !self.seats.is_empty()
    }

    /// The seats at a game day: (person id, seat), in the scenario's order; empty when alone.
    pub fn seats(&self) -> Vec<(String, SeatRole)> {
        let Some(day) = &self.scenario.game_day else {
            return Vec::new();
        };
        day.seats
            .iter()
            .filter(|s| {
                self.ids
                    .person
                    .get(&s.person)
                    .is_some_and(|p| self.seats.contains_key(p))
            })
            .map(|s| (s.person.clone(), s.role))
            .collect()
    }

    /// The facilitator's prepared injects: (id, what the console calls it, whether it has been
    /// fired). Never what they do: that is for the run to show.
    pub fn prepared_injects(&self) -> Vec<(String, String, bool)> {
        let Some(day) = &self.scenario.game_day else {
            return Vec::new();
        };
        day.prepared
            .iter()
            .map(|p| {
                (
                    p.id.clone(),
                    p.label.clone(),
                    self.prepared_fired.contains(&p.id),
                )
            })
            .collect()
    }

    /// The facilitator's guide, line by line.
    pub fn guide(&self) -> &[String] {
        self.scenario
            .game_day
            .as_ref()
            .map_or(&[], |d| d.guide.as_slice())
    }

    /// Whether a participant at a game day is working on a service: the last dashboards they
    /// opened are its. The engine cannot see a person think; what they last looked at is the
    /// nearest thing the channel would know.
    pub(super) fn seat_working_on(&self, s: usize) -> bool {
        self.seats.keys().any(|&p| self.pair_service(p) == Some(s))
    }

    /// The service a participant is working on, as the team panel shows it.
    pub(super) fn seat_service(&self, p: usize) -> Option<usize> {
        if self.seats.contains_key(&p) {
            self.pair_service(p)
        } else {
            None
        }
    }

    /// A participant whose own fix ended a fault on their own team's service learnt by doing it,
    /// as a teammate the engine plays does when they finish working a fault.
    pub(super) fn seat_learns(&mut self, p: usize, s: usize) {
        if self.seats.contains_key(&p) && self.on_owning_team(p, s) {
            self.learn_from(p, s, false);
        }
    }

    /// Who a view is for.
    pub(super) fn looker(&self, viewer: &str) -> Looker {
        if viewer == FACILITATOR {
            return Looker::Facilitator;
        }
        if self.seats.is_empty() {
            return Looker::Everyone;
        }
        match self.ids.person.get(viewer) {
            Some(&p) => match self.seats.get(&p) {
                Some(&role) => Looker::Seat(p, role),
                None => Looker::Projector,
            },
            None => Looker::Projector,
        }
    }

    /// Whether a person is on the team owning a service.
    fn on_owning_team(&self, p: usize, s: usize) -> bool {
        self.services[s]
            .owner
            .is_some_and(|t| self.people[p].teams.contains(&t))
    }

    /// Whether a looker sees a service's readings and health: their own team's services and the
    /// dashboards they opened. Nobody at a game day sees every dashboard.
    pub(super) fn sees_service(&self, who: Looker, s: usize) -> bool {
        match who {
            Looker::Everyone | Looker::Facilitator => true,
            Looker::Projector => false,
            Looker::Seat(p, role) => {
                self.inspected_by.contains(&(p, s))
                    || (role == SeatRole::Responder && self.on_owning_team(p, s))
            }
        }
    }

    /// Whether a looker sees an alert in their pager: the ones that paged them, and for a
    /// responder the ones on their team's services.
    pub(super) fn sees_alert(&self, who: Looker, alert: usize) -> bool {
        match who {
            Looker::Everyone | Looker::Facilitator => true,
            Looker::Projector => false,
            Looker::Seat(p, role) => {
                let a = &self.alerts[alert];
                let s = self.ids.service[&self.scenario.alerts[a.rule].service];
                a.page.is_some_and(|g| self.pages[g].notified.contains(&p))
                    || a.acked_by == Some(p)
                    || (role == SeatRole::Responder && self.on_owning_team(p, s))
            }
        }
    }

    /// Whether a looker sees a page: sent to them, or for a responder about their team's
    /// service.
    fn sees_page(&self, who: Looker, page: u32) -> bool {
        let Some(g) = (page as usize)
            .checked_sub(1)
            .and_then(|g| self.pages.get(g))
        else {
            return false;
        };
        match who {
            Looker::Everyone | Looker::Facilitator => true,
            Looker::Projector => false,
            Looker::Seat(p, role) => {
                g.notified.contains(&p)
                    || (role == SeatRole::Responder && self.on_owning_team(p, g.service))
            }
        }
    }

    /// The alert an action names, as the acting seat can see it: at a game day an alert a seat
    /// cannot see is answered as if it did not exist, so its number tells nothing.
    pub(super) fn visible_alert(&self, a: usize, r: &super::AlertRef) -> Result<usize, Rejection> {
        let x = self.alert(r)?;
        match self.seats.get(&a) {
            Some(&role) if !self.sees_alert(Looker::Seat(a, role), x) => {
                Err(Rejection::new(match r {
                    super::AlertRef::Id(n) => format!("there is no alert #{n}"),
                    super::AlertRef::Rule(rule) => format!("no open alert of rule \"{rule}\""),
                }))
            }
            _ => Ok(x),
        }
    }

    /// Whether a looker sees stakeholders' questions: the communications lead, and the commander
    /// when there is nobody in that seat.
    pub(super) fn sees_asks(&self, who: Looker) -> bool {
        match who {
            Looker::Everyone | Looker::Facilitator => true,
            Looker::Projector => false,
            Looker::Seat(_, SeatRole::Communications) => true,
            Looker::Seat(_, SeatRole::Commander) => {
                !self.seats.values().any(|r| *r == SeatRole::Communications)
            }
            Looker::Seat(..) => false,
        }
    }

    /// Whether a line of the log reaches a looker's channel. Pages and alerts reach the people
    /// they concern; a hint reaches its seat; the facilitator's other moves show only by what
    /// they cause.
    pub(super) fn reaches(&self, who: Looker, e: &Event) -> bool {
        if let EventKind::Action {
            by,
            action: Action::Hint { to, .. },
        } = &e.kind
        {
            return by == FACILITATOR
                && match who {
                    Looker::Facilitator => true,
                    Looker::Seat(p, _) => &self.scenario.people[p].id == to,
                    Looker::Everyone => self
                        .players
                        .iter()
                        .any(|&p| &self.scenario.people[p].id == to),
                    Looker::Projector => false,
                };
        }
        if who == Looker::Facilitator {
            return true;
        }
        let alert_at = |n: &u32| {
            (*n as usize)
                .checked_sub(1)
                .filter(|a| *a < self.alerts.len())
        };
        let is_me = |id: &str| match who {
            Looker::Seat(p, _) => self.scenario.people[p].id == id,
            _ => false,
        };
        match &e.kind {
            EventKind::Action { by, action } if by == FACILITATOR => {
                matches!(
                    action,
                    Action::Pause | Action::Resume | Action::SetSpeed { .. }
                )
            }
            // A refusal is told to whoever was refused.
            EventKind::Rejected { by, .. } => who == Looker::Everyone || is_me(by),
            // Answers to stakeholders go where their questions went.
            EventKind::Action {
                by,
                action: Action::Reply { .. },
            }
            | EventKind::Replied { by, .. } => self.sees_asks(who) || is_me(by),
            EventKind::AlertFired { alert, .. }
            | EventKind::AlertResolved { alert }
            | EventKind::TicketFiled { alert } => {
                alert_at(alert).is_some_and(|a| self.sees_alert(who, a))
            }
            EventKind::PageSent { page, .. }
            | EventKind::PageAcknowledged { page, .. }
            | EventKind::PageEscalated { page, .. }
            | EventKind::PageExpired { page, .. }
            | EventKind::SleptThrough { page, .. } => self.sees_page(who, *page),
            EventKind::Asked { .. } => self.sees_asks(who),
            _ => true,
        }
    }

    /// The facilitator's move: checked, logged, then done. Pausing and the clock's speed change
    /// nothing in the world; they are logged so a game day replays as it was run.
    pub(super) fn facilitate(&mut self, action: Action) -> Result<(), Rejection> {
        let reject = |r: &str| Err(Rejection::new(r));
        let in_shift = self.phase == Phase::Shift;
        match &action {
            Action::Fire { inject } => {
                let Some(prepared) = self.prepared(inject) else {
                    return Err(Rejection::new(format!(
                        "the scenario has no prepared inject \"{inject}\""
                    )));
                };
                if !in_shift {
                    return reject("the shift is over; injects are for the shift");
                }
                if self.prepared_fired.contains(&prepared.id) {
                    return Err(Rejection::new(format!(
                        "\"{}\" has already been fired",
                        prepared.label
                    )));
                }
            }
            Action::Say { from, text } | Action::Hint { to: from, text } => {
                if !in_shift {
                    return reject("the shift is over; the channel is closed");
                }
                if from.trim().is_empty() || text.trim().is_empty() {
                    return reject("say who and what");
                }
                if let Action::Say { from, .. } = &action
                    && self.seats.keys().any(|&p| {
                        let person = &self.scenario.people[p];
                        person.id == *from || person.name.eq_ignore_ascii_case(from.trim())
                    })
                {
                    return reject(
                        "a participant speaks for themselves: post as someone outside the seats",
                    );
                }
                if let Action::Hint { to, .. } = &action
                    && !self
                        .ids
                        .person
                        .get(to)
                        .is_some_and(|p| self.players.contains(p))
                {
                    return Err(Rejection::new(format!("{to} is not played by anyone")));
                }
                if text.chars().count() > 500 {
                    return reject("keep it under 500 characters");
                }
            }
            Action::Note { text } => {
                if text.trim().is_empty() || text.chars().count() > 500 {
                    return reject("a note needs 1 to 500 characters");
                }
            }
            Action::SetSpeed { speed } => {
                if !(speed.is_finite() && (1.0 / 16.0..=8.0).contains(speed)) {
                    return reject("the speed must be from 1/16 to 8 times the scenario's");
                }
            }
            Action::Pause | Action::Resume => {
                if !in_shift {
                    return reject("the shift is over");
                }
            }
            Action::EndShift => {
                if !in_shift {
                    return reject("the shift is already over");
                }
            }
            other => {
                return Err(Rejection::new(format!(
                    "the facilitator runs the exercise and cannot {}: a participant does that",
                    other.verb()
                )));
            }
        }
        self.log(EventKind::Action {
            by: FACILITATOR.to_owned(),
            action: action.clone(),
        });
        match action {
            Action::Fire { inject } => {
                self.prepared_fired.insert(inject.clone());
                let then = self.prepared(&inject).map(|p| p.then.clone());
                for c in then.unwrap_or_default() {
                    self.happen(c, &inject);
                }
            }
            Action::Say { from, text } => self.say(from, text),
            Action::EndShift => self.finish(),
            _ => {}
        }
        Ok(())
    }

    /// A prepared inject of the scenario's game day, by id.
    fn prepared(&self, id: &str) -> Option<&crate::scenario::Prepared> {
        self.scenario
            .game_day
            .as_ref()?
            .prepared
            .iter()
            .find(|p| p.id == id)
    }
}
