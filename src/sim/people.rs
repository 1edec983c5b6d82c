//! Simulated teammates: joining the work, diagnosing, reporting, fixing, learning, tiring; and
//! mitigations taking effect.

use rand::Rng;

use crate::scenario::{FaultKind, IncidentRole, Mitigation};

use super::action::Task;
use super::event::EventKind;
use super::words::mitigation_verb;
use super::world::{PendingMitigation, Timer, World};

/// How long an owner waiting for a go-ahead watches before asking again (or going ahead alone).
const GO_AHEAD_WAIT_SECONDS: u32 = 10 * 60;

/// Knowledge at which a person can support someone else on a service.
pub(super) const MENTOR_KNOWLEDGE: f64 = 0.7;

fn describe(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::BadDeploy => "the latest deploy is misbehaving",
        FaultKind::DependencyOutage => "a dependency it needs has gone away",
        FaultKind::CapacityExhaustion => "it has run out of capacity",
        FaultKind::HostFailure => "one of its hosts has failed",
        FaultKind::CertificateExpiry => "its TLS certificate has expired",
        FaultKind::ConfigPush => "a configuration push broke it",
        FaultKind::MemoryLeak => "its processes are leaking memory",
        FaultKind::TrafficSpike => "it is getting far more traffic than usual",
    }
}

/// How seniority changes an investigation: a factor on the time it takes, and what it adds to
/// the chance of finding the cause. Experience is judgement beyond knowing one service.
fn seniority(s: crate::scenario::Seniority) -> (f64, f64) {
    use crate::scenario::Seniority;
    match s {
        Seniority::Junior => (1.2, -0.1),
        Seniority::Mid => (1.0, 0.0),
        Seniority::Senior => (0.85, 0.05),
        Seniority::Principal => (0.75, 0.1),
    }
}

impl World {
    fn name(&self, p: usize) -> String {
        self.scenario.people[p].id.clone()
    }

    fn owns(&self, p: usize, s: usize) -> bool {
        self.services[s]
            .owner
            .is_some_and(|t| self.people[p].teams.contains(&t))
    }

    pub(super) fn knows(&self, p: usize, s: usize) -> f64 {
        self.people[p].knowledge.get(&s).copied().unwrap_or(0.0)
    }

    /// Whether someone who knows the service well works it alongside this person.
    fn supported(&self, p: usize, s: usize) -> bool {
        // An invited mentor counts only once they have actually joined the work.
        if let Some(m) = self.people[p].paired_with
            && self.knows(m, s) >= MENTOR_KNOWLEDGE
            && (self.people[m].engaged == Some(s) || self.is_player(m))
        {
            return true;
        }
        (0..self.people.len()).any(|o| {
            o != p && self.people[o].engaged == Some(s) && self.knows(o, s) >= MENTOR_KNOWLEDGE
        })
    }

    /// A teammate starts working on a service: they investigate and report back.
    pub(super) fn engage(&mut self, p: usize, s: usize) {
        if self.is_player(p) || !self.reachable(p) || self.people[p].engaged == Some(s) {
            return;
        }
        self.disengage(p);
        self.people[p].engaged = Some(s);
        self.people[p].generation += 1;
        let has_runbook = !self.scenario.services[s].runbook.is_empty();
        self.people[p].used_runbook = has_runbook;
        self.log(EventKind::Engaged {
            person: self.name(p),
            service: self.scenario.services[s].id.clone(),
        });
        let k = self.knows(p, s);
        let runbook = if has_runbook { 0.6 } else { 1.0 };
        let fatigue = 1.0 + self.people[p].fatigue;
        let (pace, _) = seniority(self.scenario.people[p].seniority);
        let minutes =
            12.0 * (1.5 - k) * runbook * fatigue * pace * self.people_rng.random_range(0.8..1.2);
        let generation = self.people[p].generation;
        let at = self.now + (minutes.max(1.0) * 60.0) as u32;
        self.schedule(
            at,
            Timer::InvestigationDone {
                person: p,
                service: s,
                generation,
            },
        );
    }

    pub(super) fn investigation_done(&mut self, p: usize, s: usize, generation: u32) {
        if self.people[p].generation != generation || self.people[p].engaged != Some(s) {
            return;
        }
        if self.people[p].awaiting.is_some() {
            // They already know the fix and are only waiting: ask again, or go ahead alone.
            if self.may_act_alone(p) {
                self.go_ahead(p);
            } else {
                self.look_again(p, s);
            }
            return;
        }
        let svc_id = self.scenario.services[s].id.clone();
        let svc = self.names.service(&svc_id).to_owned();
        let k = self.knows(p, s);
        let fatigue = self.people[p].fatigue;
        let runbook = self.people[p].used_runbook;
        let supported = self.supported(p, s);
        let mut move_to: Option<usize> = None;
        let (condition, actions, needs) = match self.live_fault_near(s) {
            None => {
                self.disengage(p);
                // After a real fault the alert was right; only one that fired with nothing
                // wrong needs tuning.
                let needs = if self.services[s].recovered {
                    "nothing; it has recovered".to_owned()
                } else {
                    "tune the alert if it keeps firing".to_owned()
                };
                (
                    format!("{svc} looks healthy now"),
                    "nothing to do".to_owned(),
                    needs,
                )
            }
            Some((f, 0)) => {
                let fault = self.scenario.faults[f].clone();
                let (_, judgement) = seniority(self.scenario.people[p].seniority);
                let chance = (0.3
                    + 0.6 * k
                    + if runbook { 0.25 } else { 0.0 }
                    + if supported { 0.2 } else { 0.0 }
                    + judgement
                    - 0.3 * fatigue)
                    .clamp(0.05, 0.98);
                let right = self.people_rng.random::<f64>() < chance;
                let evidence = fault
                    .logs
                    .first()
                    .map(|l| format!(" (logs: {l})"))
                    .unwrap_or_default();
                if right {
                    let fix = fault.fixes.first().copied();
                    match (fix, self.owns(p, s)) {
                        (Some(m), true) if self.mitigation_pending(s) => {
                            // Look again once it has landed: if it was the wrong fix, the right
                            // one is still theirs to apply.
                            self.look_again(p, s);
                            (
                                format!("{svc} is failing: {}{evidence}", describe(fault.kind)),
                                format!(
                                    "a fix is already rolling out; I will check it is the right one ({})",
                                    mitigation_verb(m)
                                ),
                                "nothing for now".to_owned(),
                            )
                        }
                        (Some(m), true) if !self.may_act_alone(p) => {
                            self.people[p].awaiting = Some(m);
                            self.look_again(p, s);
                            (
                                format!("{svc} is failing: {}{evidence}", describe(fault.kind)),
                                format!(
                                    "I think we should {}, but I will not change production in an outage without a go-ahead",
                                    mitigation_verb(m)
                                ),
                                "someone running this incident to say go".to_owned(),
                            )
                        }
                        (Some(m), true) => {
                            self.people[p].awaiting = None;
                            self.start_mitigation(s, m, p);
                            (
                                format!("{svc} is failing: {}{evidence}", describe(fault.kind)),
                                format!("I am going to {} now", mitigation_verb(m)),
                                "nothing for now; I will confirm when it recovers".to_owned(),
                            )
                        }
                        (Some(m), false) => (
                            format!("{svc} is failing: {}{evidence}", describe(fault.kind)),
                            "none: it is not my team's service".to_owned(),
                            format!("its owners to {}", mitigation_verb(m)),
                        ),
                        (None, _) => (
                            format!("{svc} is failing: {}{evidence}", describe(fault.kind)),
                            "watching it; it should recover on its own".to_owned(),
                            "nothing".to_owned(),
                        ),
                    }
                } else if self.owns(p, s)
                    && !self.mitigation_pending(s)
                    && self.people_rng.random_bool(0.5)
                {
                    let wrong: Vec<Mitigation> = Mitigation::ALL
                        .into_iter()
                        .filter(|m| !fault.fixes.contains(m))
                        .collect();
                    let guess = wrong[self.people_rng.random_range(0..wrong.len())];
                    self.start_mitigation(s, guess, p);
                    // A guess that changes nothing sends them back to the evidence.
                    self.look_again(p, s);
                    (
                        format!("{svc} is unhealthy and I am not sure why"),
                        format!("trying to {}", mitigation_verb(guess)),
                        "someone who knows this service better".to_owned(),
                    )
                } else {
                    self.look_again(p, s);
                    (
                        format!("{svc} is unhealthy and I am not sure why"),
                        "still digging".to_owned(),
                        "someone who knows this service better".to_owned(),
                    )
                }
            }
            Some((f, _)) => {
                let origin = &self.scenario.faults[f].service;
                let chance = (0.4 + 0.5 * k - 0.3 * fatigue).clamp(0.1, 0.95);
                if self.people_rng.random::<f64>() < chance {
                    let origin_index = self.ids.service.get(origin).copied();
                    let owner = origin_index
                        .and_then(|o| self.services[o].owner)
                        .map(|t| format!("the {} rotation", self.scenario.teams[t].name))
                        .unwrap_or_else(|| "whoever can act on it (it has no owner)".to_owned());
                    let origin_name = self.names.service(origin).to_owned();
                    match origin_index.filter(|&o| self.owns(p, o)) {
                        // The cause is in their own team's service: they go to it themselves
                        // rather than ask for their own rotation.
                        Some(o) => {
                            move_to = Some(o);
                            (
                                format!(
                                    "{svc} is only a symptom: its errors come from {origin_name}"
                                ),
                                format!("{origin_name} is my team's: I am moving to it"),
                                "nothing for now".to_owned(),
                            )
                        }
                        None => (
                            format!("{svc} is only a symptom: its errors come from {origin_name}"),
                            "none: the cause is not in this service".to_owned(),
                            format!("{owner} paged about {origin_name}"),
                        ),
                    }
                } else {
                    (
                        format!("{svc} is degraded but nothing in it looks broken"),
                        "checking its dependencies".to_owned(),
                        "someone who knows what it depends on".to_owned(),
                    )
                }
            }
        };
        self.log(EventKind::Report {
            from: self.name(p),
            service: svc_id,
            condition,
            actions,
            needs,
        });
        self.complete_tasks(p, |t| matches!(t, Task::Investigate { .. }));
        if let Some(o) = move_to {
            self.engage(p, o);
        }
    }

    /// Whether an owner who found the fix applies it now: always when a player pulled them in or an
    /// incident is open; otherwise with the scenario's autonomy (no dice at full autonomy, so
    /// scenarios that do not set it play exactly as before).
    fn may_act_alone(&mut self, p: usize) -> bool {
        let autonomy = self.scenario.autonomy;
        let incident_open = self
            .incident
            .as_ref()
            .is_some_and(|i| i.resolved_at.is_none());
        if self.people[p].directed || incident_open || autonomy >= 1.0 {
            return true;
        }
        self.people_rng.random::<f64>() < autonomy
    }

    /// An owner waiting for a go-ahead keeps watching and asks again after another look.
    fn look_again(&mut self, p: usize, s: usize) {
        let generation = self.people[p].generation;
        self.schedule(
            self.now + GO_AHEAD_WAIT_SECONDS,
            Timer::InvestigationDone {
                person: p,
                service: s,
                generation,
            },
        );
    }

    /// A player pulled this person in: from now on they act on what they find.
    pub(super) fn direct(&mut self, p: usize) {
        self.people[p].directed = true;
        self.go_ahead(p);
    }

    /// An owner waiting for a go-ahead gets one (they were pulled in, or an incident is open).
    pub(super) fn go_ahead(&mut self, p: usize) {
        let (Some(m), Some(s)) = (self.people[p].awaiting, self.people[p].engaged) else {
            return;
        };
        self.people[p].awaiting = None;
        if self.live_fault_near(s).is_none() || self.mitigation_pending(s) {
            return;
        }
        self.people[p].generation += 1;
        self.start_mitigation(s, m, p);
        self.log(EventKind::Report {
            from: self.name(p),
            service: self.scenario.services[s].id.clone(),
            condition: format!("{} still failing", self.scenario.services[s].id),
            actions: format!("going ahead: I am going to {} now", mitigation_verb(m)),
            needs: "nothing for now; I will confirm when it recovers".to_owned(),
        });
    }

    /// Ends a teammate's engagement; if they worked a real fault they learn from it.
    pub(super) fn disengage(&mut self, p: usize) {
        let paired = self.people[p].engaged.is_some_and(|s| self.supported(p, s));
        self.disengage_as(p, paired);
    }

    /// Ends an engagement with support already judged (so people released together are judged on
    /// who was there, not on who happened to leave first).
    fn disengage_as(&mut self, p: usize, paired: bool) {
        let Some(s) = self.people[p].engaged.take() else {
            return;
        };
        self.people[p].awaiting = None;
        self.people[p].generation += 1;
        let worked_fault = self
            .faults
            .iter()
            .any(|f| f.started && f.reach.iter().any(|(x, _)| *x == s));
        if worked_fault {
            self.learn_from(p, s, paired);
        }
        self.people[p].paired_with = None;
    }

    /// Someone who worked a fault on a service knows it better: a little for the doing, more
    /// with someone who knew it beside them, a little more with its runbook.
    pub(super) fn learn_from(&mut self, p: usize, s: usize, paired: bool) {
        let before = self.knows(p, s);
        let gain = 0.05
            + if paired { 0.15 } else { 0.0 }
            + if self.people[p].used_runbook {
                0.05
            } else {
                0.0
            };
        let after = (before + gain).min(1.0);
        self.people[p].knowledge.insert(s, after);
        self.log(EventKind::KnowledgeGained {
            person: self.name(p),
            service: self.scenario.services[s].id.clone(),
            from: before,
            to: after,
            paired,
        });
    }

    /// Lets go of everyone whose service no longer has a live fault near it.
    pub(super) fn release_workers(&mut self) {
        let leaving: Vec<(usize, bool)> = (0..self.people.len())
            .filter_map(|p| {
                let s = self.people[p].engaged?;
                self.live_fault_near(s)
                    .is_none()
                    .then(|| (p, self.supported(p, s)))
            })
            .collect();
        for (p, paired) in leaving {
            self.disengage_as(p, paired);
        }
    }

    /// Whether a mitigation on the service is already under way.
    pub(super) fn mitigation_pending(&self, s: usize) -> bool {
        self.pending.iter().any(|m| !m.done && m.service == s)
    }

    /// Lets everyone go at the end of the shift, judging support before anyone leaves.
    pub(super) fn release_everyone(&mut self) {
        let leaving: Vec<(usize, bool)> = (0..self.people.len())
            .filter_map(|p| self.people[p].engaged.map(|s| (p, self.supported(p, s))))
            .collect();
        for (p, paired) in leaving {
            self.disengage_as(p, paired);
        }
    }

    /// Starts a mitigation; it takes effect after the fault's fix time (or three minutes).
    pub(super) fn start_mitigation(&mut self, s: usize, m: Mitigation, by: usize) {
        // The quickest of the live faults on this service that this fix ends; a fix that ends
        // none of them shows it did nothing after 3 minutes.
        let minutes = self
            .live_faults_on(s)
            .into_iter()
            .filter(|&f| self.scenario.faults[f].fixes.contains(&m))
            .map(|f| self.fix_minutes(f, m))
            .min()
            .or_else(|| {
                // Between waves, a fix that stays in place takes its own time.
                (0..self.faults.len())
                    .filter(|&f| {
                        self.ids.service.get(&self.scenario.faults[f].service) == Some(&s)
                            && self.scenario.faults[f]
                                .mitigations
                                .get(&m)
                                .is_some_and(|r| r.persists)
                    })
                    .map(|f| self.fix_minutes(f, m))
                    .min()
            })
            .unwrap_or(3);
        let effective_at = self.now.saturating_add(minutes.saturating_mul(60));
        let id = self.pending.len();
        self.pending.push(PendingMitigation {
            service: s,
            mitigation: m,
            by,
            effective_at,
            done: false,
        });
        self.log(EventKind::MitigationStarted {
            service: self.scenario.services[s].id.clone(),
            mitigation: m,
            by: self.name(by),
            effective_at,
        });
        self.schedule(effective_at, Timer::MitigationEffect(id));
        self.on_mitigation_started(s, m);
    }

    /// The faults live on a service itself (not reaching it from elsewhere), in scenario order.
    fn live_faults_on(&self, s: usize) -> Vec<usize> {
        (0..self.faults.len())
            .filter(|&f| {
                self.faults[f].started
                    && self.faults[f].ended_at.is_none()
                    && self.ids.service.get(&self.scenario.faults[f].service) == Some(&s)
            })
            .collect()
    }

    /// Whether a fix that stays in place would hold off a wave still to come on this service.
    pub(super) fn holds_off_a_wave(&self, s: usize, m: Mitigation) -> bool {
        self.scenario
            .faults
            .iter()
            .zip(&self.faults)
            .any(|(fault, rt)| {
                self.ids.service.get(&fault.service) == Some(&s)
                    && !rt.prevented
                    && fault.mitigations.get(&m).is_some_and(|r| r.persists)
                    && fault.waves.as_ref().is_some_and(|w| rt.waves < w.count)
            })
    }

    /// Minutes a fix takes to end a fault: its own rule's, else the fault's.
    fn fix_minutes(&self, f: usize, m: Mitigation) -> u32 {
        let fault = &self.scenario.faults[f];
        fault
            .mitigations
            .get(&m)
            .and_then(|r| r.minutes)
            .unwrap_or(fault.fix_minutes)
    }

    /// Why a fix cannot work on a fault right now, if it cannot: a service it needs is unhealthy,
    /// or whoever applied it does not know the service well enough.
    fn blocked(&self, f: usize, m: Mitigation, by: usize) -> Option<String> {
        use crate::scenario::Requirement;
        let fault = &self.scenario.faults[f];
        let rule = fault.mitigations.get(&m)?;
        let s = *self.ids.service.get(&fault.service)?;
        rule.requires.iter().find_map(|r| match r {
            Requirement::Ended(other) => {
                let o = self.scenario.faults.iter().position(|x| &x.id == other)?;
                let done = self.faults[o].started && self.faults[o].ended_at.is_some();
                (!done).then(|| {
                    format!(
                        "it needs {} dealt with first, and it is not",
                        self.names.fault(other)
                    )
                })
            }
            Requirement::Healthy(need) => {
                let n = *self.ids.service.get(need)?;
                (self.health(n) != super::view::Health::Healthy).then(|| {
                    format!(
                        "it needs {} healthy, and it is not",
                        self.scenario.services[n].name
                    )
                })
            }
            Requirement::Knowledge(at_least) => {
                let knows = self.people[by].knowledge.get(&s).copied().unwrap_or(0.0);
                (knows < *at_least).then(|| {
                    let who = &self.scenario.people[by].name;
                    let verb = if super::words::is_you(who) {
                        "do"
                    } else {
                        "does"
                    };
                    format!(
                        "{who} {verb} not know {} well enough to do it safely",
                        self.scenario.services[s].name
                    )
                })
            }
        })
    }

    pub(super) fn mitigation_effect(&mut self, id: usize) {
        self.pending[id].done = true;
        let (s, m, by) = (
            self.pending[id].service,
            self.pending[id].mitigation,
            self.pending[id].by,
        );
        let by_id = self.name(by);
        let live = self.live_faults_on(s);
        let mut changed = false;
        let mut refused = false;
        for f in live {
            let fault = &self.scenario.faults[f];
            if fault.fixes.contains(&m) {
                if let Some(why) = self.blocked(f, m, by) {
                    refused = true;
                    self.log(EventKind::MitigationBlocked {
                        service: self.scenario.services[s].id.clone(),
                        mitigation: m,
                        by: by_id.clone(),
                        why,
                    });
                    // A teammate whose fix could not work goes back to it later.
                    if !self.is_player(by) && self.people[by].engaged == Some(s) {
                        self.look_again(by, s);
                    }
                    changed = true;
                    continue;
                }
                let id = fault.id.clone();
                let rule = fault.mitigations.get(&m).cloned();
                self.end_fault(f);
                self.log(EventKind::FaultMitigated {
                    fault: id,
                    mitigation: m,
                    by: by_id.clone(),
                });
                self.seat_learns(by, s);
                if let Some(rule) = rule {
                    if let Some(e) = rule.leaves {
                        let until = rule
                            .leaves_minutes
                            .map(|m| self.now.saturating_add(m.saturating_mul(60)));
                        self.residuals.push((f, e, until));
                        self.effects_dirty = true;
                    }
                    if let Some(text) = rule.side_effect {
                        self.log(EventKind::SideEffect {
                            service: self.scenario.services[s].id.clone(),
                            text,
                        });
                    }
                }
                changed = true;
            } else if fault.worsens.contains(&m) {
                let id = fault.id.clone();
                self.faults[f].intensity = (self.faults[f].intensity * 1.5).min(2.0);
                self.effects_dirty = true;
                self.log(EventKind::FaultWorsened {
                    fault: id,
                    mitigation: m,
                    by: by_id.clone(),
                });
                changed = true;
            }
        }
        // A failover drains a service that shares its load: its traffic moves to the rest of its
        // group, which must carry it. One that could not work here drains nothing, and the last
        // member of a group still serving has nowhere to send its traffic.
        let group = self.scenario.services[s].load_group.clone();
        let serving_elsewhere = group.as_ref().is_some_and(|g| {
            self.scenario.services.iter().enumerate().any(|(x, svc)| {
                x != s && svc.load_group.as_ref() == Some(g) && !self.drained.contains(&x)
            })
        });
        if m == Mitigation::Failover
            && group.is_some()
            && !refused
            && !self.drained.contains(&s)
            && !serving_elsewhere
        {
            self.log(EventKind::MitigationBlocked {
                service: self.scenario.services[s].id.clone(),
                mitigation: m,
                by: by_id.clone(),
                why:
                    "there is nowhere to move its traffic: no other member of its group is serving"
                        .to_owned(),
            });
            changed = true;
        } else if m == Mitigation::Failover && group.is_some() && !refused && self.drained.insert(s)
        {
            self.effects_dirty = true;
            self.log(EventKind::Drained {
                service: self.scenario.services[s].id.clone(),
                by: by_id.clone(),
            });
            changed = true;
        }
        if !refused {
            changed |= self.shape_load(s, m, &by_id);
        }
        // A fix that stays in place, applied to a service whose fault comes in waves, holds off
        // the waves still to come, even when it lands between them.
        for f in 0..self.faults.len() {
            let fault = &self.scenario.faults[f];
            let rt = &self.faults[f];
            let persists = fault.mitigations.get(&m).is_some_and(|r| r.persists);
            let waves_left = fault.waves.as_ref().is_some_and(|w| rt.waves < w.count);
            if persists
                && waves_left
                && !rt.prevented
                && self.ids.service.get(&fault.service) == Some(&s)
                && self.blocked(f, m, by).is_none()
            {
                self.faults[f].prevented = true;
                self.log(EventKind::WavesPrevented {
                    fault: fault.id.clone(),
                    mitigation: m,
                    by: by_id.clone(),
                });
                changed = true;
            }
        }
        if !changed {
            self.log(EventKind::MitigationUseless {
                service: self.scenario.services[s].id.clone(),
                mitigation: m,
                by: by_id,
            });
        }
        self.complete_tasks(by, |t| matches!(t, Task::Mitigate { .. }));
    }

    fn complete_tasks(&mut self, p: usize, which: impl Fn(&Task) -> bool) {
        for t in 0..self.tasks.len() {
            if self.tasks[t].person == p && !self.tasks[t].done && which(&self.tasks[t].task) {
                self.tasks[t].done = true;
                self.log(EventKind::TaskDone {
                    task: t as u32 + 1,
                    person: self.name(p),
                });
            }
        }
    }

    /// A delegated task: the person joins, then does it.
    pub(super) fn task_work(&mut self, t: usize) {
        let p = self.tasks[t].person;
        if self.tasks[t].done || !self.reachable(p) {
            return;
        }
        match self.tasks[t].task.clone() {
            Task::Investigate { service } => {
                self.direct(p);
                if let Some(&s) = self.ids.service.get(&service) {
                    if self.people[p].engaged == Some(s) {
                        // Already on it: the report will close the task.
                    } else {
                        self.engage(p, s);
                    }
                }
            }
            Task::Mitigate {
                service,
                mitigation,
            } => {
                if let Some(&s) = self.ids.service.get(&service) {
                    if self.people[p].engaged != Some(s) {
                        self.engage(p, s);
                    }
                    self.start_mitigation(s, mitigation, p);
                }
            }
            Task::Communicate => {
                self.tasks[t].done = true;
                self.log(EventKind::TaskDone {
                    task: t as u32 + 1,
                    person: self.name(p),
                });
                if let Some(inc) = &mut self.incident {
                    inc.roles.insert(
                        IncidentRole::Communications,
                        self.scenario.people[p].id.clone(),
                    );
                }
                let at = self.first_comms_update(self.now);
                self.schedule(at, Timer::CommsUpdate { person: p });
            }
        }
    }

    pub(super) fn task_due(&mut self, t: usize) {
        if !self.tasks[t].done {
            let p = self.tasks[t].person;
            self.log(EventKind::TaskOverdue {
                task: t as u32 + 1,
                person: self.name(p),
            });
        }
    }

    /// When a new communications lead posts first: as soon as they join, unless an update went out
    /// recently, in which case they keep the cadence (20 minutes after it).
    pub(super) fn first_comms_update(&self, joined: u32) -> u32 {
        let last = self
            .incident
            .as_ref()
            .and_then(|i| i.updates.last())
            .map(|u| u.0);
        match last {
            Some(t) => joined.max(t + 20 * 60),
            None => joined,
        }
    }

    /// A communications lead posts an update every 25 minutes while the incident is open.
    pub(super) fn comms_update(&mut self, p: usize) {
        let id = self.scenario.people[p].id.clone();
        let still_comms = self.incident.as_ref().is_some_and(|i| {
            i.resolved_at.is_none() && i.roles.get(&IncidentRole::Communications) == Some(&id)
        });
        if !still_comms {
            return;
        }
        let text = self.routine_update_text();
        let trend = self.impact_trend();
        self.post_status(p, super::apply::Update::routine(text, trend));
        self.schedule(self.now + 25 * 60, Timer::CommsUpdate { person: p });
    }

    /// The update someone posts on a routine round: what is still degraded, or that it looks over.
    pub(super) fn routine_update_text(&self) -> String {
        let degraded = self
            .scenario
            .services
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                s.customer_facing && Self::hurt_fraction(&self.services[*i].effect) >= 0.02
            })
            .map(|(_, s)| s.name.clone())
            .collect::<Vec<_>>();
        if degraded.is_empty() {
            "Customer-facing services look healthy again; we are confirming before we resolve."
                .to_owned()
        } else {
            format!(
                "Still degraded: {}. The team is working on it; next update in 25 minutes.",
                degraded.join(", ")
            )
        }
    }
}
