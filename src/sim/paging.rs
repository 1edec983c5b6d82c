//! Routing and paging: where an alert's page goes, escalation on timeouts, who answers and when.

use rand::Rng;

use crate::scenario::{EscalationTarget, Priority, Route};

use super::event::{EventKind, PageVia};
use super::world::{AlertState, PageRt, PageState, Timer, World};

impl World {
    /// The team an alert rule routes to, if it routes to a rotation.
    pub(super) fn route_team(&self, r: usize) -> Option<usize> {
        let rule = &self.scenario.alerts[r];
        match &rule.route {
            Route::OwningTeam => self.services[self.rules[r].service].owner,
            Route::Team(t) => self.ids.team.get(t).copied(),
            Route::OpsQueue => self
                .scenario
                .ops_team
                .as_ref()
                .and_then(|t| self.ids.team.get(t).copied()),
            Route::Person(_) => None,
        }
    }

    pub(super) fn route_targets_in_business_hours(&self, r: usize) -> bool {
        let first = match &self.scenario.alerts[r].route {
            Route::Person(p) => self.ids.person.get(p).copied(),
            _ => self.route_team(r).and_then(|t| self.primary(t)),
        };
        first.is_some_and(|p| self.business_hours(p))
    }

    /// Sends the page for a firing alert where its rule says.
    pub(super) fn route_alert(&mut self, a: usize) {
        let r = self.alerts[a].rule;
        let service = self.rules[r].service;
        let priority = self.scenario.alerts[r].priority;
        match self.scenario.alerts[r].route.clone() {
            Route::Person(p) => {
                if let Some(&pi) = self.ids.person.get(&p) {
                    let page = self.new_page(Some(a), service, None, PageVia::Direct, priority);
                    self.notify(page, pi);
                }
            }
            _ => {
                // An outside company does not see your alerts.
                if let Some(t) = self
                    .route_team(r)
                    .filter(|&t| self.scenario.teams[t].vendor.is_none())
                {
                    let page =
                        self.new_page(Some(a), service, Some(t), PageVia::Rotation, priority);
                    self.start_escalation(page);
                }
            }
        }
    }

    pub(super) fn new_page(
        &mut self,
        alert: Option<usize>,
        service: usize,
        team: Option<usize>,
        via: PageVia,
        priority: Priority,
    ) -> usize {
        let id = self.pages.len();
        self.pages.push(PageRt {
            alert,
            service,
            team,
            level: 0,
            sent_at: self.now,
            notified: Vec::new(),
            state: PageState::Open,
            acked_by: None,
            via,
            priority,
        });
        if let Some(a) = alert {
            self.alerts[a].page = Some(id);
        }
        id
    }

    /// Notifies level 0 of the team's policy now and schedules the later levels.
    pub(super) fn start_escalation(&mut self, page: usize) {
        let Some(t) = self.pages[page].team else {
            return;
        };
        let levels: Vec<u32> = self.scenario.teams[t]
            .escalation
            .iter()
            .map(|l| l.after_minutes)
            .collect();
        for (i, after) in levels.iter().enumerate() {
            if i == 0 && *after == 0 {
                self.notify_level(page, 0);
            } else {
                self.schedule(
                    self.now.saturating_add(after.saturating_mul(60)),
                    Timer::Escalate { page, level: i },
                );
            }
        }
    }

    pub(super) fn escalate(&mut self, page: usize, level: usize) {
        if self.pages[page].state != PageState::Open || self.pages[page].level >= level && level > 0
        {
            return;
        }
        self.pages[page].level = level;
        if level > 0 {
            self.log(EventKind::PageEscalated {
                page: page as u32 + 1,
                level,
            });
        }
        self.notify_level(page, level);
    }

    pub(super) fn notify_level(&mut self, page: usize, level: usize) {
        let Some(t) = self.pages[page].team else {
            return;
        };
        let Some(step) = self.scenario.teams[t].escalation.get(level) else {
            return;
        };
        let targets: Vec<usize> = match step.notify.clone() {
            EscalationTarget::Primary => self.primary(t).into_iter().collect(),
            EscalationTarget::Secondary => self.secondary(t).into_iter().collect(),
            EscalationTarget::WholeTeam => self.scenario.teams[t]
                .members
                .iter()
                .filter_map(|m| self.ids.person.get(m).copied())
                .collect(),
            EscalationTarget::Person(p) => self.ids.person.get(&p).copied().into_iter().collect(),
        };
        for p in targets {
            if !self.pages[page].notified.contains(&p) {
                self.notify(page, p);
            }
        }
    }

    /// Makes a person's phone ring for a page; a simulated teammate answers after a delay that depends
    /// on being awake, busy, tired — or does not answer at all.
    pub(super) fn notify(&mut self, page: usize, p: usize) {
        if !self.reachable(p) {
            return;
        }
        let asleep = !self.up(p);
        self.pages[page].notified.push(p);
        let pg = &self.pages[page];
        let alert = pg.alert.map(|a| a as u32 + 1);
        let (service, via, priority) = (pg.service, pg.via, pg.priority);
        let via = if self.pages[page].level > 0
            && matches!(via, PageVia::Rotation | PageVia::ManualRotation)
        {
            PageVia::Escalation
        } else {
            via
        };
        self.log(EventKind::PageSent {
            page: page as u32 + 1,
            alert,
            to: self.scenario.people[p].id.clone(),
            service: self.scenario.services[service].id.clone(),
            via,
            priority,
            woke: asleep,
        });
        if self.is_player(p) {
            return;
        }
        let fatigue = self.people[p].fatigue;
        let minutes: f64 = if asleep {
            let sleep_through = 0.25 + 0.4 * fatigue;
            if self.people_rng.random::<f64>() < sleep_through {
                self.log(EventKind::SleptThrough {
                    person: self.scenario.people[p].id.clone(),
                    page: page as u32 + 1,
                });
                return;
            }
            self.people_rng.random_range(6.0..15.0) * (1.0 + fatigue)
        } else if self.people[p].engaged == Some(service) {
            // Already on it: they take the page at once so it stops escalating.
            1.0
        } else if self.people[p].engaged.is_some() {
            self.people_rng.random_range(3.0..8.0) * (1.0 + 0.5 * fatigue)
        } else {
            self.people_rng.random_range(1.0..3.0) * (1.0 + 0.5 * fatigue)
        };
        if asleep {
            // Being woken costs sleep whether or not the page turns out to matter.
            self.people[p].fatigue = (self.people[p].fatigue + 0.15).min(1.0);
            self.people[p].woken += 1;
        }
        let at = self.now + (minutes * 60.0) as u32;
        self.schedule(at, Timer::NpcAck { page, person: p });
    }

    pub(super) fn npc_ack(&mut self, page: usize, p: usize) {
        if !self.reachable(p) {
            return;
        }
        let service = self.pages[page].service;
        match self.pages[page].state {
            PageState::Open => {
                self.pages[page].state = PageState::Acknowledged;
                self.pages[page].acked_by = Some(p);
                if let Some(a) = self.pages[page].alert
                    && self.alerts[a].state != AlertState::Resolved
                {
                    self.alerts[a].state = AlertState::Acknowledged;
                    self.alerts[a].acked_by = Some(p);
                }
                self.log(EventKind::PageAcknowledged {
                    page: page as u32 + 1,
                    by: self.scenario.people[p].id.clone(),
                });
                self.engage(p, service);
            }
            // Everyone paged at once turns up, even after someone else answered.
            _ if self.pages[page].via == PageVia::ManualTeam => self.engage(p, service),
            _ => return,
        }
        // A page a player sent by hand is a request from them: act on what you find.
        if matches!(
            self.pages[page].via,
            PageVia::ManualPerson | PageVia::ManualRotation | PageVia::ManualTeam
        ) {
            self.direct(p);
        }
    }
}
