//! Handing command over, and the commander the engine plays afterwards.
//!
//! A new commander is only as good as the briefing they get. Each thing the briefing leaves out or
//! gets wrong is time they spend finding it out for themselves before they run the incident: posting
//! the updates and resolving once customers have recovered. That time is the ramp-up the debrief
//! reports and the scoring weighs.

use serde::{Deserialize, Serialize};

use crate::scenario::IncidentRole;

use super::action::HandoverBriefing;
use super::event::EventKind;
use super::world::{Timer, World};

/// What every new commander needs however good the briefing: reading the channel.
const READ_IN_SECONDS: u32 = 2 * 60;
/// How often an engine-played commander checks the incident.
const ROUND_SECONDS: u32 = 60;
/// How long customer-facing services must stay healthy before an engine-played commander resolves.
const CALM_BEFORE_RESOLVE_SECONDS: u32 = 5 * 60;
/// The update cadence an engine-played commander keeps.
const UPDATE_EVERY_SECONDS: u32 = 25 * 60;

/// Something a handover briefing left out or got wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BriefingGap {
    /// Someone working on the incident went unmentioned; the new commander has to find them.
    Unlisted {
        /// Person id.
        person: String,
    },
    /// Someone was named as working on it who is not; the new commander chases them.
    NotWorking {
        /// Person id.
        person: String,
    },
    /// No likely cause was named.
    NoSuspect,
    /// The service named as the likely cause has nothing wrong with it.
    WrongSuspect {
        /// Service id.
        service: String,
    },
    /// No time was given for the next status update.
    NoNextUpdate,
}

impl BriefingGap {
    /// How long the new commander spends making up for it.
    pub fn cost_seconds(&self) -> u32 {
        match self {
            BriefingGap::Unlisted { .. } => 2 * 60,
            BriefingGap::NotWorking { .. } => 60,
            BriefingGap::NoSuspect => 5 * 60,
            BriefingGap::WrongSuspect { .. } => 8 * 60,
            BriefingGap::NoNextUpdate => 2 * 60,
        }
    }
}

/// A commander the engine plays, from the handover on.
pub(super) struct NpcCommand {
    person: usize,
    /// When the next status update is due; set by the briefing or by the cadence.
    next_update: Option<u32>,
    /// Since when every customer-facing service has been healthy.
    calm_since: Option<u32>,
}

impl World {
    /// The people working on the open incident now, apart from `except`: holding a role, holding an
    /// unfinished task, or working on a service.
    fn working_on_incident(&self, except: &[usize]) -> Vec<usize> {
        let roles: Vec<&String> = self
            .incident
            .as_ref()
            .map(|i| {
                i.roles
                    .iter()
                    .filter(|(r, _)| **r != IncidentRole::Commander)
                    .map(|(_, p)| p)
                    .collect()
            })
            .unwrap_or_default();
        (0..self.people.len())
            .filter(|p| !except.contains(p) && !self.is_player(*p))
            .filter(|&p| {
                let id = &self.scenario.people[p].id;
                self.people[p].engaged.is_some()
                    || roles.contains(&id)
                    || self.tasks.iter().any(|t| t.person == p && !t.done)
            })
            .collect()
    }

    /// What a briefing leaves out or gets wrong, judged against the world now. A deputy has been
    /// following the incident and needs no roster.
    fn briefing_gaps(&self, from: usize, to: usize, b: &HandoverBriefing) -> Vec<BriefingGap> {
        let mut gaps = Vec::new();
        let working = self.working_on_incident(&[from, to]);
        let to_id = &self.scenario.people[to].id;
        let deputy = self
            .incident
            .as_ref()
            .is_some_and(|i| i.roles.get(&IncidentRole::Deputy) == Some(to_id));
        if !deputy {
            for &p in &working {
                if !b.working.contains(&self.scenario.people[p].id) {
                    gaps.push(BriefingGap::Unlisted {
                        person: self.scenario.people[p].id.clone(),
                    });
                }
            }
        }
        for id in &b.working {
            let listed = self.ids.person.get(id).copied();
            if listed.is_none_or(|p| !working.contains(&p)) && id != to_id {
                gaps.push(BriefingGap::NotWorking { person: id.clone() });
            }
        }
        match &b.suspect {
            None => gaps.push(BriefingGap::NoSuspect),
            Some(s) if !self.has_started_fault(s) => {
                gaps.push(BriefingGap::WrongSuspect { service: s.clone() })
            }
            Some(_) => {}
        }
        if b.next_update_minutes.is_none() {
            gaps.push(BriefingGap::NoNextUpdate);
        }
        gaps
    }

    /// Whether a fault has started on this service during the run.
    fn has_started_fault(&self, service: &str) -> bool {
        self.scenario
            .faults
            .iter()
            .zip(&self.faults)
            .any(|(f, rt)| rt.started && f.service == service)
    }

    /// Command passes from `from` to `to` with a briefing. An engine-played receiver starts running
    /// the incident once caught up.
    pub(super) fn hand_over(&mut self, from: usize, to: usize, briefing: HandoverBriefing) {
        let gaps = self.briefing_gaps(from, to, &briefing);
        let ramp_up = READ_IN_SECONDS + gaps.iter().map(BriefingGap::cost_seconds).sum::<u32>();
        let ready_at = self.now + ramp_up;
        let to_id = self.scenario.people[to].id.clone();
        if let Some(inc) = &mut self.incident {
            // Command is a full-time job: whatever else the new commander held is now open.
            inc.roles.retain(|_, who| *who != to_id);
            inc.roles.insert(IncidentRole::Commander, to_id.clone());
        }
        self.log(EventKind::CommandHandedOver {
            from: self.scenario.people[from].id.clone(),
            to: to_id,
            gaps,
            ready_at,
        });
        if self.is_player(to) {
            self.command = None;
            return;
        }
        self.direct(to);
        self.command = Some(NpcCommand {
            person: to,
            next_update: briefing
                .next_update_minutes
                .map(|m| self.now.saturating_add(m.saturating_mul(60))),
            calm_since: None,
        });
        self.schedule(ready_at, Timer::UpToSpeed { person: to });
    }

    /// Whether `p` still commands the open incident.
    fn commands_open_incident(&self, p: usize) -> bool {
        let id = &self.scenario.people[p].id;
        self.incident.as_ref().is_some_and(|i| {
            i.resolved_at.is_none() && i.roles.get(&IncidentRole::Commander) == Some(id)
        })
    }

    pub(super) fn up_to_speed(&mut self, p: usize) {
        if !self.commands_open_incident(p) {
            return;
        }
        self.log(EventKind::UpToSpeed {
            person: self.scenario.people[p].id.clone(),
        });
        self.command_round(p);
    }

    /// An engine-played commander keeps the updates going when nobody else has the job, and
    /// resolves once customers have been fine for a while.
    pub(super) fn command_round(&mut self, p: usize) {
        if !self.commands_open_incident(p) || self.command.as_ref().is_none_or(|c| c.person != p) {
            return;
        }
        let now = self.now;
        let calm = !self.customers_hurting() && !self.any_live_fault();
        let calm_since = {
            let c = self.command.as_mut().expect("checked above");
            c.calm_since = if calm {
                c.calm_since.or(Some(now))
            } else {
                None
            };
            c.calm_since
        };
        if calm_since.is_some_and(|t| now >= t + CALM_BEFORE_RESOLVE_SECONDS) {
            if let Some(inc) = &mut self.incident {
                inc.resolved_at = Some(now);
            }
            self.log(EventKind::IncidentResolved {
                person: self.scenario.people[p].id.clone(),
            });
            return;
        }
        let comms_elsewhere = self.incident.as_ref().is_some_and(|i| {
            i.roles
                .get(&IncidentRole::Communications)
                .and_then(|c| self.ids.person.get(c))
                .is_some_and(|&c| c != p && self.reachable(c))
        });
        let last_update = self
            .incident
            .as_ref()
            .and_then(|i| i.updates.last())
            .map(|u| u.0);
        let due = self
            .command
            .as_ref()
            .and_then(|c| c.next_update)
            .or(last_update.map(|t| t + UPDATE_EVERY_SECONDS))
            .unwrap_or(now);
        if !comms_elsewhere && now >= due {
            let text = self.routine_update_text();
            let trend = self.impact_trend();
            self.post_status(p, super::apply::Update::routine(text, trend));
            if let Some(c) = &mut self.command {
                c.next_update = Some(now + UPDATE_EVERY_SECONDS);
            }
        }
        self.schedule(now + ROUND_SECONDS, Timer::CommandRound { person: p });
    }

    /// Whether any fault is still running.
    fn any_live_fault(&self) -> bool {
        self.faults
            .iter()
            .any(|f| f.started && f.ended_at.is_none())
    }
}
