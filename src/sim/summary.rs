//! The final state of a run in plain data: what the headless runner prints and the scorer reads.

use serde::{Deserialize, Serialize};

use crate::scenario::Mitigation;

use super::event::EventKind;
use super::view::clock;
use super::world::{Incident, PageState, World};

/// How a fault ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultOutcome {
    /// Fault id.
    pub fault: String,
    /// Broken service.
    pub service: String,
    /// Game second it started, if it did.
    pub started_at: Option<u32>,
    /// Game second it ended, if it did.
    pub ended_at: Option<u32>,
    /// The mitigation that ended it and who applied it; none if it healed or is still live.
    pub mitigated_by: Option<(Mitigation, String)>,
    /// What the root cause was.
    pub root_cause: String,
}

/// A change in someone's knowledge of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeChange {
    /// Person id.
    pub person: String,
    /// Service id.
    pub service: String,
    /// At shift start.
    pub before: f64,
    /// At the end.
    pub after: f64,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineLine {
    /// Game seconds since shift start.
    pub at: u32,
    /// Time of day.
    pub clock: String,
    /// What kind of line it is.
    pub kind: super::view::LineKind,
    /// Who or what.
    pub from: String,
    /// What happened.
    pub text: String,
}

/// The state at the end of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinalState {
    /// Customer-impact minutes.
    pub impact_minutes: f64,
    /// Error budget in impact minutes.
    pub error_budget_minutes: f64,
    /// Every fault and how it ended.
    pub faults: Vec<FaultOutcome>,
    /// Alerts fired.
    pub alerts_fired: usize,
    /// Pages sent, and how they ended.
    pub pages_sent: usize,
    /// Pages acknowledged.
    pub pages_acknowledged: usize,
    /// Pages that ran through their policy unanswered.
    pub pages_escalated: usize,
    /// Pages that ended unanswered.
    pub pages_expired: usize,
    /// The incident, if declared.
    pub incident: Option<Incident>,
    /// Knowledge that changed.
    pub knowledge: Vec<KnowledgeChange>,
    /// Postmortem answers: question id, option id (one pair per contributing factor picked).
    pub answers: Vec<(String, String)>,
    /// How the postmortem's action items were filed: question id, filing.
    pub filings: Vec<(String, crate::sim::Filing)>,
    /// The key moments the player marked: moment, game second.
    pub moments: Vec<(crate::sim::Moment, u32)>,
    /// Actions the engine refused.
    pub rejected_actions: usize,
}

impl World {
    /// Summarises the run as it stands.
    pub fn final_state(&self) -> FinalState {
        let sc = &self.scenario;
        let faults = sc
            .faults
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mitigated_by = self.log.iter().find_map(|e| match &e.kind {
                    EventKind::FaultMitigated {
                        fault,
                        mitigation,
                        by,
                    } if fault == &f.id => Some((*mitigation, by.clone())),
                    _ => None,
                });
                FaultOutcome {
                    fault: f.id.clone(),
                    service: f.service.clone(),
                    started_at: self.faults[i].started.then_some(self.faults[i].started_at),
                    ended_at: self.faults[i].ended_at,
                    mitigated_by,
                    root_cause: f.root_cause.clone(),
                }
            })
            .collect();
        let count = |s: PageState| self.pages.iter().filter(|p| p.state == s).count();
        let mut knowledge = Vec::new();
        for (p, person) in self.people.iter().enumerate() {
            for (s, after) in &person.knowledge {
                let before = self.initial_knowledge[p].get(s).copied().unwrap_or(0.0);
                if *after != before {
                    knowledge.push(KnowledgeChange {
                        person: sc.people[p].id.clone(),
                        service: sc.services[*s].id.clone(),
                        before,
                        after: *after,
                    });
                }
            }
        }
        FinalState {
            impact_minutes: self.impact_minutes,
            error_budget_minutes: sc.error_budget_minutes,
            faults,
            alerts_fired: self.alerts.len(),
            pages_sent: self.pages.len(),
            pages_acknowledged: count(PageState::Acknowledged),
            pages_escalated: count(PageState::Escalated),
            pages_expired: count(PageState::Expired),
            incident: self.incident.clone(),
            knowledge,
            answers: self
                .answers
                .picks
                .iter()
                .flat_map(|(q, picks)| picks.iter().map(|o| (q.clone(), o.clone())))
                .collect(),
            filings: self
                .answers
                .filings
                .iter()
                .map(|(q, f)| (q.clone(), f.clone()))
                .collect(),
            moments: self.answers.moments.iter().map(|(m, t)| (*m, *t)).collect(),
            rejected_actions: self
                .log
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Rejected { .. }))
                .count(),
        }
    }

    /// The whole log as timeline lines; `reveal` includes hidden facts (for debriefs).
    pub fn timeline(&self, reveal: bool) -> Vec<TimelineLine> {
        self.log
            .iter()
            .filter_map(|e| {
                super::view::channel_line(e, reveal, &self.names).map(|l| TimelineLine {
                    at: e.at,
                    clock: clock(self.scenario.shift.start, e.at),
                    kind: l.kind,
                    // Who said it, as people know them.
                    from: self.names.speaker(&l.from).to_owned(),
                    text: l.text,
                })
            })
            .collect()
    }
}
