//! Triggered injects (format 2): things that happen because of what happened in the run — a
//! restart that sets off a second fault, a service down long enough that someone gives up, a
//! risky task handed to an exhausted engineer — rather than at a set minute. Each fires once.

use crate::scenario::{Consequence, Inject, Mitigation, TriggerOn};

use super::event::EventKind;
use super::view::Health;
use super::world::{Timer, World};

impl World {
    /// The triggers not yet fired, with their inject index and condition.
    fn armed(&self) -> Vec<(usize, TriggerOn)> {
        self.scenario
            .injects
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.fired.contains(i))
            .filter_map(|(i, inj)| match inj {
                Inject::Trigger { when, .. } => Some((i, when.clone())),
                _ => None,
            })
            .collect()
    }

    /// Sets a trigger off: it happens `after_minutes` from now.
    fn set_off(&mut self, i: usize) {
        if !self.fired.insert(i) {
            return;
        }
        let after = match &self.scenario.injects[i] {
            Inject::Trigger { after_minutes, .. } => *after_minutes,
            _ => 0,
        };
        self.schedule(
            self.now.saturating_add(after.saturating_mul(60)),
            Timer::TriggerFire(i),
        );
    }

    /// Conditions that hold over time, checked at every scrape: a service unhealthy for long
    /// enough, a fault live for long enough.
    pub(super) fn check_triggers(&mut self) {
        for (i, when) in self.armed() {
            match when {
                TriggerOn::Unhealthy { service, minutes } => {
                    let Some(&s) = self.ids.service.get(&service) else {
                        continue;
                    };
                    if self.health(s) == Health::Healthy {
                        self.unhealthy_since.remove(&i);
                        continue;
                    }
                    let since = *self.unhealthy_since.entry(i).or_insert(self.now);
                    if self.now >= since.saturating_add(minutes.saturating_mul(60)) {
                        self.set_off(i);
                    }
                }
                TriggerOn::FaultLive { fault, minutes } => {
                    let live_long = self
                        .scenario
                        .faults
                        .iter()
                        .position(|f| f.id == fault)
                        .map(|f| &self.faults[f])
                        .is_some_and(|rt| {
                            rt.started
                                && rt.ended_at.is_none()
                                && self.now
                                    >= rt.started_at.saturating_add(minutes.saturating_mul(60))
                        });
                    if live_long {
                        self.set_off(i);
                    }
                }
                TriggerOn::Reading {
                    service,
                    metric,
                    condition,
                } => {
                    // The true reading, whatever the dashboards show.
                    let Some(&s) = self.ids.service.get(&service) else {
                        continue;
                    };
                    let value = match (metric.kind(), metric.signal()) {
                        (Some(kind), _) => {
                            self.services[s].current[super::world::metric_index(kind)]
                        }
                        (None, Some(name)) => self.scenario.services[s]
                            .signals
                            .iter()
                            .position(|g| g.name == name)
                            .and_then(|k| self.signals.reading(s, k)),
                        (None, None) => None,
                    };
                    let crossed = value.is_some_and(|v| match condition {
                        crate::scenario::Condition::Above(x) => v > x,
                        crate::scenario::Condition::Below(x) => v < x,
                    });
                    if crossed {
                        self.set_off(i);
                    }
                }
                TriggerOn::FaultEnded { fault } => {
                    let ended = self
                        .scenario
                        .faults
                        .iter()
                        .position(|f| f.id == fault)
                        .is_some_and(|f| self.faults[f].ended_at.is_some());
                    if ended {
                        self.set_off(i);
                    }
                }
                TriggerOn::Mitigation { .. }
                | TriggerOn::TiredTask { .. }
                | TriggerOn::Restored { .. } => {}
            }
        }
    }

    /// Someone started a mitigation: triggers waiting for it go off.
    pub(super) fn on_mitigation_started(&mut self, s: usize, m: Mitigation) {
        let service = &self.scenario.services[s].id;
        let hits: Vec<usize> = self
            .armed()
            .into_iter()
            .filter(|(_, when)| {
                matches!(when, TriggerOn::Mitigation { mitigation, service: x }
                    if *mitigation == m && x == service)
            })
            .map(|(i, _)| i)
            .collect();
        for i in hits {
            self.set_off(i);
        }
    }

    /// A restore of a service landed: triggers waiting for it go off.
    pub(super) fn on_restored(&mut self, s: usize) {
        let service = &self.scenario.services[s].id;
        let hits: Vec<usize> = self
            .armed()
            .into_iter()
            .filter(|(_, when)| matches!(when, TriggerOn::Restored { service: x } if x == service))
            .map(|(i, _)| i)
            .collect();
        for i in hits {
            self.set_off(i);
        }
    }

    /// A task handed to someone tired goes on record, with a rested teammate who could have
    /// taken it, if there was one: awake, reachable, not a player, and knowing the task's service
    /// about as well.
    pub(super) fn note_if_tired(&mut self, p: usize, task: &super::action::Task) {
        const TIRED: f64 = 0.6;
        const RESTED: f64 = 0.3;
        let fatigue = self.people[p].fatigue;
        if fatigue < TIRED {
            return;
        }
        let service = match task {
            super::action::Task::Investigate { service }
            | super::action::Task::Mitigate { service, .. } => Some(service.clone()),
            super::action::Task::Communicate => None,
        };
        let s = service
            .as_ref()
            .and_then(|id| self.ids.service.get(id).copied());
        let teams: Vec<usize> = self
            .scenario
            .teams
            .iter()
            .enumerate()
            .filter(|(_, t)| t.members.contains(&self.scenario.people[p].id))
            .map(|(i, _)| i)
            .collect();
        let rested = (0..self.people.len()).find(|&q| {
            let id = &self.scenario.people[q].id;
            q != p
                && !self.is_player(q)
                && self.people[q].fatigue < RESTED
                && self.up(q)
                && self.reachable(q)
                && teams
                    .iter()
                    .any(|&t| self.scenario.teams[t].members.contains(id))
                && s.is_none_or(|s| self.knows(q, s) + 0.1 >= self.knows(p, s))
        });
        self.log(EventKind::GivenWhileTired {
            person: self.scenario.people[p].id.clone(),
            fatigue,
            service,
            rested: rested.map(|q| self.scenario.people[q].id.clone()),
        });
    }

    /// A task was handed to a person: triggers waiting for them to be this tired go off.
    pub(super) fn on_task_given(&mut self, p: usize) {
        let id = &self.scenario.people[p].id;
        let fatigue = self.people[p].fatigue;
        let hits: Vec<usize> = self
            .armed()
            .into_iter()
            .filter(|(_, when)| {
                matches!(when, TriggerOn::TiredTask { person, fatigue: at_least }
                    if person == id && fatigue >= *at_least)
            })
            .map(|(i, _)| i)
            .collect();
        for i in hits {
            self.set_off(i);
        }
    }

    /// A trigger's consequences happen.
    pub(super) fn fire_trigger(&mut self, i: usize) {
        let Inject::Trigger { id, then, .. } = self.scenario.injects[i].clone() else {
            return;
        };
        self.log(EventKind::Triggered {
            trigger: id.clone(),
        });
        for c in then {
            self.happen(c, &id);
        }
    }

    /// One consequence of a trigger or a prepared inject (`cause` names it, for the log).
    pub(super) fn happen(&mut self, c: Consequence, cause: &str) {
        match c {
            Consequence::StartFault(fault) => {
                if let Some(f) = self.scenario.faults.iter().position(|x| x.id == fault) {
                    self.start_fault(f);
                }
            }
            Consequence::EndFault(fault) => {
                if let Some(f) = self.scenario.faults.iter().position(|x| x.id == fault)
                    && self.faults[f].started
                    && self.faults[f].ended_at.is_none()
                {
                    self.end_fault(f);
                    self.log(EventKind::FaultCleared {
                        fault,
                        trigger: cause.to_owned(),
                    });
                }
            }
            Consequence::Say { from, text } => self.say(from, text),
            Consequence::Unavailable { person, minutes } => self.take_away(person, minutes),
            Consequence::Ask(ask) => {
                if let Some(i) = self.ask_index(&ask)
                    && !self.asked.iter().any(|(x, _)| *x == i)
                {
                    self.run_inject(i);
                }
            }
        }
    }
}
