//! Applying player actions. Every handler checks everything first and only then changes the world,
//! so a rejected action leaves no trace but its reason.

use rand::Rng;

use crate::scenario::{IncidentRole, Priority};

use super::action::{Action, AlertRef, Rejection, Task};
use super::event::{EventKind, PageVia};
use super::world::{AlertState, Incident, PageState, Phase, TaskRt, Timer, World};

type Outcome = Result<(), Rejection>;

/// A status update as it is posted: the words and the structure around them.
pub(super) struct Update {
    pub text: String,
    pub audience: super::Audience,
    pub state: Option<super::StatusState>,
    pub impact: Option<super::ImpactTrend>,
    pub working_on: Vec<String>,
    pub next_update_minutes: Option<u32>,
}

impl Update {
    /// A routine internal update from someone the engine plays: the text, how customers are doing
    /// (measured), and the next one in 25 minutes.
    pub fn routine(text: String, impact: super::ImpactTrend) -> Update {
        Update {
            text,
            audience: super::Audience::Internal,
            state: None,
            impact: Some(impact),
            working_on: Vec::new(),
            next_update_minutes: Some(25),
        }
    }
}

/// How long a direct page may go unanswered before the same person can be paged about it again.
const REPAGE_AFTER_SECONDS: u32 = 5 * 60;

fn reject<T>(reason: impl Into<String>) -> Result<T, Rejection> {
    Err(Rejection::new(reason))
}

impl World {
    /// Applies an action by a player (a person id driven by a human). On rejection nothing changes.
    pub fn apply(&mut self, actor: &str, action: Action) -> Outcome {
        if actor == super::action::FACILITATOR {
            return self.facilitate(action);
        }
        if action.is_facilitation() {
            return reject(format!(
                "only the facilitator can {}; players act in the story",
                action.verb()
            ));
        }
        let Some(&a) = self.ids.person.get(actor) else {
            return reject(format!("unknown person \"{actor}\""));
        };
        if !self.is_player(a) {
            return reject(format!("{actor} is not played by anyone in this run"));
        }
        if self.phase != Phase::Shift
            && !matches!(action, Action::Answer { .. } | Action::MarkMoment { .. })
        {
            return reject("the shift is over; only the postmortem is open now");
        }
        self.check(a, &action)?;
        // The log names an alert by its number whichever way the player pointed at it, so a
        // pager row and a script's rule name leave the same record.
        let action = self.numbered(action);
        self.log(EventKind::Action {
            by: actor.to_owned(),
            action: action.clone(),
        });
        self.perform(a, action);
        Ok(())
    }

    /// Like [`World::apply`], but a rejection is also recorded in the event log for the timeline.
    pub fn apply_logged(&mut self, actor: &str, action: Action) -> Outcome {
        // Reasons are written with ids; the player reads names.
        let result = self
            .apply(actor, action.clone())
            .map_err(|r| Rejection::new(self.names.humanise(&r.0)));
        if let Err(r) = &result {
            self.log(EventKind::Rejected {
                by: actor.to_owned(),
                action,
                reason: r.0.clone(),
            });
        }
        result
    }

    fn service(&self, id: &str) -> Result<usize, Rejection> {
        self.ids
            .service
            .get(id)
            .copied()
            .ok_or_else(|| Rejection::new(format!("unknown service \"{id}\"")))
    }

    fn person(&self, id: &str) -> Result<usize, Rejection> {
        self.ids
            .person
            .get(id)
            .copied()
            .ok_or_else(|| Rejection::new(format!("unknown person \"{id}\"")))
    }

    fn team(&self, id: &str) -> Result<usize, Rejection> {
        self.ids
            .team
            .get(id)
            .copied()
            .ok_or_else(|| Rejection::new(format!("unknown team \"{id}\"")))
    }

    /// The action with its alert named by number (the alert [`World::alert`] finds).
    fn numbered(&self, action: Action) -> Action {
        let id = |r: AlertRef| match self.alert(&r) {
            Ok(i) => AlertRef::Id(i as u32 + 1),
            Err(_) => r,
        };
        match action {
            Action::Acknowledge { alert } => Action::Acknowledge { alert: id(alert) },
            Action::Snooze { alert, minutes } => Action::Snooze {
                alert: id(alert),
                minutes,
            },
            Action::FlagNoise { alert } => Action::FlagNoise { alert: id(alert) },
            Action::Escalate { alert } => Action::Escalate { alert: id(alert) },
            other => other,
        }
    }

    /// Finds the alert an action names: by number, or the oldest open alert of a rule.
    pub(super) fn alert(&self, r: &AlertRef) -> Result<usize, Rejection> {
        match r {
            AlertRef::Id(n) => {
                let i = (*n as usize).wrapping_sub(1);
                if i < self.alerts.len() {
                    Ok(i)
                } else {
                    reject(format!("there is no alert #{n}"))
                }
            }
            AlertRef::Rule(rule) => {
                let Some(&ri) = self.ids.rule.get(rule) else {
                    return reject(format!("unknown alert rule \"{rule}\""));
                };
                let open = |want: AlertState| {
                    self.alerts
                        .iter()
                        .position(|x| x.rule == ri && x.state == want)
                };
                open(AlertState::Firing)
                    .or_else(|| {
                        self.alerts
                            .iter()
                            .position(|x| x.rule == ri && x.state != AlertState::Resolved)
                    })
                    .map_or_else(|| reject(format!("no open alert of rule \"{rule}\"")), Ok)
            }
        }
    }

    fn open_incident(&self) -> Result<&Incident, Rejection> {
        match &self.incident {
            Some(i) if i.resolved_at.is_none() => Ok(i),
            _ => reject("there is no open incident: declare one first"),
        }
    }

    fn unavailable(&self, p: usize) -> Outcome {
        if self.reachable(p) {
            Ok(())
        } else {
            reject(format!(
                "{} cannot be reached right now",
                self.scenario.people[p].id
            ))
        }
    }

    /// Checks an action against the current state without changing anything.
    fn check(&self, a: usize, action: &Action) -> Outcome {
        self.vendor_gate(a, action)?;
        match action {
            Action::AskVendor {
                service,
                mitigation,
            } => self.check_case(service, *mitigation),
            Action::Restore { service, backup } => self.check_restore(service, backup),
            Action::Acknowledge { alert } => {
                let x = self.visible_alert(a, alert)?;
                match self.alerts[x].state {
                    AlertState::Resolved => {
                        reject(format!("alert #{} has already resolved", x + 1))
                    }
                    AlertState::Acknowledged => reject(format!(
                        "alert #{} is already acknowledged{}",
                        x + 1,
                        self.alerts[x]
                            .acked_by
                            .map(|p| format!(" by {}", self.scenario.people[p].id))
                            .unwrap_or_default()
                    )),
                    _ => Ok(()),
                }
            }
            Action::Snooze { alert, minutes } => {
                let x = self.visible_alert(a, alert)?;
                if !(1..=240).contains(minutes) {
                    return reject("snooze for 1 to 240 minutes");
                }
                if self.alerts[x].state == AlertState::Resolved {
                    return reject(format!("alert #{} has already resolved", x + 1));
                }
                Ok(())
            }
            Action::FlagNoise { alert } => {
                let x = self.visible_alert(a, alert)?;
                let r = self.alerts[x].rule;
                if self.rules[r].flagged {
                    return reject(format!(
                        "rule \"{}\" is already flagged for tuning",
                        self.scenario.alerts[r].id
                    ));
                }
                Ok(())
            }
            Action::Inspect { service } => self.service(service).map(|_| ()),
            Action::ReadRunbook { service } => {
                let s = self.service(service)?;
                if self.scenario.services[s].runbook.is_empty() {
                    return reject(format!("{service} has no runbook"));
                }
                Ok(())
            }
            Action::UpdateRunbook { service, step } => {
                self.service(service)?;
                if step.trim().is_empty() {
                    return reject("write the runbook step");
                }
                Ok(())
            }
            Action::PagePerson { person, service } => {
                let p = self.person(person)?;
                let s = self.service(service)?;
                if p == a {
                    return reject("you cannot page yourself");
                }
                // A page nobody answered is worth repeating after a while: people sleep through.
                if let Some(pg) = self.pages.iter().rev().find(|pg| {
                    pg.state == PageState::Open
                        && pg.service == s
                        && pg.notified.contains(&p)
                        && self.now < pg.sent_at + REPAGE_AFTER_SECONDS
                }) {
                    return reject(format!(
                        "{person} was paged about {service} at +{} min; give them until +{} min before paging again",
                        pg.sent_at / 60,
                        (pg.sent_at + REPAGE_AFTER_SECONDS) / 60
                    ));
                }
                Ok(())
            }
            Action::PageRotation { team, service } | Action::PageWholeTeam { team, service } => {
                let t = self.team(team)?;
                let s = self.service(service)?;
                let manual = matches!(action, Action::PageRotation { .. });
                if self.pages.iter().any(|pg| {
                    pg.state == PageState::Open
                        && pg.team == Some(t)
                        && pg.service == s
                        && (pg.via == PageVia::ManualTeam || manual)
                }) {
                    return reject(format!(
                        "{team} already has an unanswered page about {service}"
                    ));
                }
                Ok(())
            }
            Action::Escalate { alert } => {
                let x = self.visible_alert(a, alert)?;
                let Some(pg) = self.alerts[x].page else {
                    return reject(format!("alert #{} did not page anyone", x + 1));
                };
                let Some(t) = self.pages[pg].team else {
                    return reject(format!(
                        "alert #{} paged one person; there is no policy to escalate",
                        x + 1
                    ));
                };
                if self.pages[pg].level + 1 >= self.scenario.teams[t].escalation.len() {
                    return reject(format!(
                        "the {} policy has no further level",
                        self.scenario.teams[t].id
                    ));
                }
                Ok(())
            }
            Action::Pair { person, with } => {
                let p = self.person(person)?;
                let w = self.person(with)?;
                if p == w {
                    return reject("pair two different people");
                }
                self.unavailable(w)?;
                if self.pair_service(p).is_none() {
                    return reject(format!("{person} is not working on anything to pair on"));
                }
                Ok(())
            }
            Action::Declare { title, .. } => {
                if self.open_incident().is_ok() {
                    return reject("an incident is already open");
                }
                if title.trim().is_empty() {
                    return reject("give the incident a title");
                }
                Ok(())
            }
            Action::SetSeverity { severity } => {
                if self.open_incident()?.severity == *severity {
                    return reject(format!(
                        "the incident is already {}",
                        super::words::severity(*severity)
                    ));
                }
                Ok(())
            }
            Action::AssignRole { role, person } => {
                let inc = self.open_incident()?;
                let p = self.person(person)?;
                self.unavailable(p)?;
                if inc.roles.get(role) == Some(person) {
                    return reject(format!(
                        "{person} is already the {}",
                        super::words::role(*role)
                    ));
                }
                Ok(())
            }
            Action::Delegate {
                person,
                task,
                minutes,
            } => {
                let p = self.person(person)?;
                if p == a {
                    return reject("delegate to someone else");
                }
                self.unavailable(p)?;
                if !(1..=240).contains(minutes) {
                    return reject("give the task a time box of 1 to 240 minutes");
                }
                match task {
                    Task::Investigate { service } | Task::Mitigate { service, .. } => {
                        self.service(service)?;
                    }
                    Task::Communicate => {
                        self.open_incident()?;
                    }
                }
                Ok(())
            }
            Action::Reply { ask, option } => {
                let Some(i) = self.ask_index(ask) else {
                    return reject(format!("nobody asked \"{ask}\""));
                };
                if !self.asked.iter().any(|(x, _)| *x == i) {
                    return reject("that question has not been asked yet");
                }
                if self.replies.contains_key(ask) {
                    return reject("that question has already been answered");
                }
                let crate::scenario::Inject::Ask { options, .. } = &self.scenario.injects[i] else {
                    return reject(format!("nobody asked \"{ask}\""));
                };
                if !options.iter().any(|o| &o.id == option) {
                    return reject(format!("\"{option}\" is not one of the answers"));
                }
                Ok(())
            }
            Action::PostStatus {
                text,
                audience,
                working_on,
                next_update_minutes,
                ..
            } => {
                self.open_incident()?;
                if text.trim().is_empty() {
                    return reject("write the update");
                }
                for s in working_on {
                    self.service(s)?;
                }
                if next_update_minutes.is_some_and(|m| !(1..=120).contains(&m)) {
                    return reject("the next update must be due in 1 to 120 minutes");
                }
                if *audience == super::Audience::External
                    && let Some(down) = self.status_page_down()
                {
                    return reject(format!(
                        "the status page cannot be updated: it is down with {down}; tell customers another way (answer the people asking) and keep posting internally"
                    ));
                }
                Ok(())
            }
            Action::Mitigate {
                service,
                mitigation,
            } => {
                let s = self.service(service)?;
                if let Some(m) = self
                    .pending
                    .iter()
                    .find(|m| !m.done && m.service == s && m.mitigation == *mitigation)
                {
                    return reject(format!(
                        "a {} on {service} is already in progress (takes effect at +{} min)",
                        super::words::mitigation(*mitigation),
                        m.effective_at / 60
                    ));
                }
                let drains = *mitigation == crate::scenario::Mitigation::Failover
                    && self.scenario.services[s].load_group.is_some();
                if drains && self.drained.contains(&s) {
                    return reject(format!("{service} is already drained"));
                }
                if self.services[s].recovered
                    && self.live_fault_near(s).is_none()
                    && !self.holds_off_a_wave(s, *mitigation)
                    && !drains
                    && !self.shapes_load(s, *mitigation)
                {
                    return reject(format!(
                        "{service} has recovered; there is nothing to mitigate"
                    ));
                }
                Ok(())
            }
            Action::HandOver { to, briefing } => {
                let inc = self.open_incident()?;
                let p = self.person(to)?;
                self.unavailable(p)?;
                if inc.roles.get(&IncidentRole::Commander) == Some(to) {
                    return reject(format!("{to} is already the commander"));
                }
                let me = &self.scenario.people[a].id;
                if let Some(c) = inc.roles.get(&IncidentRole::Commander)
                    && c != me
                {
                    return reject(format!(
                        "{c} is the commander now; only the commander hands command over"
                    ));
                }
                for w in &briefing.working {
                    self.person(w)?;
                }
                if let Some(s) = &briefing.suspect {
                    self.service(s)?;
                }
                if briefing
                    .next_update_minutes
                    .is_some_and(|m| !(1..=120).contains(&m))
                {
                    return reject("the next update must be due in 1 to 120 minutes");
                }
                Ok(())
            }
            Action::Resolve => {
                let inc = self.open_incident()?;
                let me = &self.scenario.people[a].id;
                match inc.roles.get(&IncidentRole::Commander) {
                    Some(c) if c != me => reject(format!(
                        "{c} is the commander now; only the commander resolves the incident"
                    )),
                    _ => Ok(()),
                }
            }
            Action::EndShift if self.is_game_day() => {
                reject("at a game day the facilitator ends the shift")
            }
            Action::EndShift => Ok(()),
            Action::Answer {
                question,
                option,
                filing,
            } => {
                if self.phase != Phase::Postmortem {
                    return reject("the postmortem starts when the shift ends");
                }
                let Some(q) = self.scenario.postmortem.iter().find(|q| &q.id == question) else {
                    return reject(format!("unknown question \"{question}\""));
                };
                if !q.options.iter().any(|o| &o.id == option) {
                    return reject(format!(
                        "question \"{question}\" has no option \"{option}\""
                    ));
                }
                let picked = self.answers.picks.get(question);
                if q.asks == crate::scenario::Asks::Factors {
                    if picked.is_some_and(|p| p.contains(option)) {
                        return reject(format!("\"{option}\" is already picked"));
                    }
                } else if picked.is_some() {
                    return reject(format!("question \"{question}\" is already answered"));
                }
                if let Some(f) = filing {
                    if q.asks != crate::scenario::Asks::ActionItem {
                        return reject(format!(
                            "question \"{question}\" is not an action item; there is nothing to file"
                        ));
                    }
                    self.team(&f.owner)?;
                }
                Ok(())
            }
            Action::MarkMoment { at, .. } => {
                if self.phase != Phase::Postmortem {
                    return reject("the postmortem starts when the shift ends");
                }
                if *at > self.end {
                    return reject("that moment is after the end of the shift");
                }
                Ok(())
            }
            Action::Fire { .. }
            | Action::Say { .. }
            | Action::Hint { .. }
            | Action::Note { .. }
            | Action::Pause
            | Action::Resume
            | Action::SetSpeed { .. } => reject("only the facilitator can do that"),
        }
    }

    /// The service a person is working on, for pairing; for a player, the last one they inspected.
    pub(super) fn pair_service(&self, p: usize) -> Option<usize> {
        if self.is_player(p) {
            let me = &self.scenario.people[p].id;
            self.log.iter().rev().find_map(|e| match &e.kind {
                EventKind::Action {
                    action: Action::Inspect { service },
                    by,
                } if by == me => self.ids.service.get(service).copied(),
                _ => None,
            })
        } else {
            self.people[p].engaged
        }
    }

    /// What a manual page about a service is worth: the most urgent open alert on that service or on
    /// anything that depends on it (its trouble shows up there); Low when nothing related is firing.
    fn open_priority(&self, s: usize) -> Priority {
        let mut related = vec![false; self.services.len()];
        related[s] = true;
        // Walk up the dependency graph: whoever calls a related service is related too.
        let mut changed = true;
        while changed {
            changed = false;
            for (i, svc) in self.services.iter().enumerate() {
                if !related[i] && svc.deps.iter().any(|&d| related[d]) {
                    related[i] = true;
                    changed = true;
                }
            }
        }
        self.alerts
            .iter()
            .filter(|x| x.state != AlertState::Resolved && related[self.rules[x.rule].service])
            .map(|x| self.scenario.alerts[x.rule].priority)
            .min()
            .unwrap_or(Priority::Low)
    }

    /// Minutes a teammate takes to join when called in person (a phone call, not a page).
    fn join_delay(&mut self, p: usize) -> u32 {
        let fatigue = self.people[p].fatigue;
        let woke = !self.up(p);
        self.people[p].called = true;
        self.log(EventKind::CalledIn {
            person: self.scenario.people[p].id.clone(),
            woke,
        });
        let minutes: f64 = if woke {
            self.people[p].fatigue = (fatigue + 0.15).min(1.0);
            self.people[p].woken += 1;
            self.people_rng.random_range(6.0..12.0)
        } else {
            self.people_rng.random_range(1.0..3.0)
        };
        (minutes * (1.0 + 0.5 * fatigue) * 60.0) as u32
    }

    fn ack_alert(&mut self, x: usize, a: usize, state: AlertState) {
        self.alerts[x].state = state;
        self.alerts[x].acked_by = Some(a);
        if let Some(pg) = self.alerts[x].page
            && self.pages[pg].state == PageState::Open
        {
            self.pages[pg].state = PageState::Acknowledged;
            self.pages[pg].acked_by = Some(a);
            self.log(EventKind::PageAcknowledged {
                page: pg as u32 + 1,
                by: self.scenario.people[a].id.clone(),
            });
        }
    }

    pub(super) fn post_status(&mut self, by: usize, u: Update) {
        let Update {
            text,
            audience,
            state,
            impact,
            working_on,
            next_update_minutes,
        } = u;
        let id = self.scenario.people[by].id.clone();
        let now = self.now;
        if let Some(inc) = &mut self.incident {
            inc.updates.push((now, id.clone(), text.clone()));
        }
        if audience == super::Audience::External
            && let Some(st) = state
        {
            self.status_page.push((now, st));
        }
        let customers_hurting = self.customers_hurting();
        let leaks = if audience == super::Audience::External {
            self.internal_names_in(&text)
        } else {
            Vec::new()
        };
        let actual = self.impact_trend();
        let unworked = working_on
            .iter()
            .filter(|s| !self.being_worked_on(s))
            .cloned()
            .collect();
        self.log(EventKind::StatusPosted {
            by: id,
            text,
            audience,
            state,
            customers_hurting,
            leaks,
            impact,
            actual,
            working_on,
            unworked,
            next_update_minutes,
        });
    }

    /// Whether anyone is on a service: working on it, holding an open task on it, or with a fix
    /// for it under way.
    fn being_worked_on(&self, service: &str) -> bool {
        let Some(&s) = self.ids.service.get(service) else {
            return false;
        };
        self.people.iter().any(|p| p.engaged == Some(s))
            || self.seat_working_on(s)
            || self.pending.iter().any(|m| !m.done && m.service == s)
            || self.tasks.iter().any(|t| {
                !t.done
                    && matches!(&t.task, Task::Investigate { service: x } | Task::Mitigate { service: x, .. } if x == service)
            })
    }

    /// The inject index of a stakeholder ask.
    pub(super) fn ask_index(&self, ask: &str) -> Option<usize> {
        self.scenario
            .injects
            .iter()
            .position(|i| matches!(i, crate::scenario::Inject::Ask { id, .. } if id == ask))
    }

    /// Answers a stakeholder, judging the answer against the world as it is now.
    fn reply(&mut self, by: usize, ask: String, option: String) {
        use crate::scenario::When;
        let hurting = self.customers_hurting();
        let right = self
            .ask_index(&ask)
            .is_some_and(|i| match &self.scenario.injects[i] {
                crate::scenario::Inject::Ask { options, .. } => options
                    .iter()
                    .find(|o| o.id == option)
                    .is_some_and(|o| match o.right {
                        When::Always => true,
                        When::Never => false,
                        When::WhileCustomersHurt => hurting,
                        When::OnceCustomersRecovered => !hurting,
                    }),
                _ => false,
            });
        self.replies.insert(ask.clone(), (self.now, option.clone()));
        self.log(EventKind::Replied {
            by: self.scenario.people[by].id.clone(),
            ask,
            option,
            right,
        });
    }

    /// Whether a customer-facing service is degraded or down right now.
    pub(super) fn customers_hurting(&self) -> bool {
        self.services.iter().enumerate().any(|(i, _)| {
            self.scenario.services[i].customer_facing
                && self.health(i) != super::view::Health::Healthy
        })
    }

    /// The names in a text that belong inside the company: services customers never see (by id
    /// or name), ids with a hyphen, and people.
    fn internal_names_in(&self, text: &str) -> Vec<String> {
        let lower = text.to_lowercase();
        let word_at = |hay: &str, needle: &str| {
            hay.match_indices(needle).any(|(i, _)| {
                let before = hay[..i].chars().last();
                let after = hay[i + needle.len()..].chars().next();
                let edge = |c: Option<char>| {
                    c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
                };
                edge(before) && edge(after)
            })
        };
        let mut found = Vec::new();
        for s in &self.scenario.services {
            let id_leaks = (!s.customer_facing || s.id.contains(['-', '_']))
                && word_at(&lower, &s.id.to_lowercase());
            // "Signing keys (key set)" is given away by "signing keys" too.
            let short = s.name.split(" (").next().unwrap_or(&s.name);
            let name_leaks = !s.customer_facing
                && (word_at(&lower, &s.name.to_lowercase())
                    || word_at(&lower, &short.to_lowercase()));
            if id_leaks || name_leaks {
                found.push(s.name.clone());
            }
        }
        for p in &self.scenario.people {
            if p.id != self.scenario.player && word_at(text, &p.name) {
                found.push(p.name.clone());
            }
        }
        found
    }

    /// Carries out a checked action.
    fn perform(&mut self, a: usize, action: Action) {
        match action {
            Action::Acknowledge { alert } => {
                if let Ok(x) = self.alert(&alert) {
                    self.ack_alert(x, a, AlertState::Acknowledged);
                }
            }
            Action::Snooze { alert, minutes } => {
                if let Ok(x) = self.alert(&alert) {
                    let until = self.now + minutes * 60;
                    self.ack_alert(x, a, AlertState::Snoozed(until));
                    self.schedule(until, Timer::SnoozeEnd(x));
                }
            }
            Action::FlagNoise { alert } => {
                if let Ok(x) = self.alert(&alert) {
                    let r = self.alerts[x].rule;
                    self.rules[r].flagged = true;
                    for y in 0..self.alerts.len() {
                        if self.alerts[y].rule == r
                            && matches!(
                                self.alerts[y].state,
                                AlertState::Firing | AlertState::Snoozed(_)
                            )
                        {
                            self.ack_alert(y, a, AlertState::Acknowledged);
                        }
                    }
                }
            }
            Action::Inspect { service } => {
                if let Some(&s) = self.ids.service.get(&service) {
                    self.inspected.insert(s);
                    self.inspected_by.insert((a, s));
                }
            }
            Action::ReadRunbook { .. } => {}
            Action::UpdateRunbook { service, step } => {
                if let Some(&s) = self.ids.service.get(&service) {
                    self.runbook_additions.push((s, step));
                }
            }
            Action::PagePerson { person, service } => {
                if let (Some(&p), Some(&s)) =
                    (self.ids.person.get(&person), self.ids.service.get(&service))
                {
                    let prio = self.open_priority(s);
                    let pg = self.new_page(None, s, None, PageVia::ManualPerson, prio);
                    self.notify(pg, p);
                }
            }
            Action::PageRotation { team, service } => {
                if let (Some(&t), Some(&s)) =
                    (self.ids.team.get(&team), self.ids.service.get(&service))
                {
                    let prio = self.open_priority(s);
                    let pg = self.new_page(None, s, Some(t), PageVia::ManualRotation, prio);
                    self.start_escalation(pg);
                }
            }
            Action::PageWholeTeam { team, service } => {
                if let (Some(&t), Some(&s)) =
                    (self.ids.team.get(&team), self.ids.service.get(&service))
                {
                    let prio = self.open_priority(s);
                    let pg = self.new_page(None, s, Some(t), PageVia::ManualTeam, prio);
                    let members: Vec<usize> = self.scenario.teams[t]
                        .members
                        .iter()
                        .filter_map(|m| self.ids.person.get(m).copied())
                        .filter(|&p| p != a)
                        .collect();
                    for p in members {
                        self.notify(pg, p);
                    }
                }
            }
            Action::Escalate { alert } => {
                if let Ok(x) = self.alert(&alert)
                    && let Some(pg) = self.alerts[x].page
                {
                    // Escalating re-opens the page for the next level, as a paging tool does.
                    let level = self.pages[pg].level + 1;
                    self.pages[pg].level = level;
                    self.pages[pg].state = PageState::Open;
                    self.pages[pg].acked_by = None;
                    self.log(EventKind::PageEscalated {
                        page: pg as u32 + 1,
                        level,
                    });
                    self.notify_level(pg, level);
                }
            }
            Action::Pair { person, with } => {
                if let (Some(&p), Some(&w)) =
                    (self.ids.person.get(&person), self.ids.person.get(&with))
                    && let Some(s) = self.pair_service(p)
                {
                    self.people[p].paired_with = Some(w);
                    self.direct(p);
                    self.people[w].directed = true;
                    if !self.is_player(w) && self.people[w].engaged != Some(s) {
                        let delay = self.join_delay(w);
                        self.schedule(
                            self.now + delay,
                            Timer::Join {
                                person: w,
                                service: s,
                            },
                        );
                    }
                }
            }
            Action::Declare { severity, title } => {
                let mut roles = std::collections::BTreeMap::new();
                roles.insert(IncidentRole::Commander, self.scenario.people[a].id.clone());
                self.incident = Some(Incident {
                    title,
                    severity,
                    declared_at: self.now,
                    resolved_at: None,
                    roles,
                    updates: Vec::new(),
                });
                self.log(EventKind::SeveritySet { severity });
                // With a commander in charge, owners who were waiting for a go-ahead get one.
                for p in 0..self.people.len() {
                    self.go_ahead(p);
                }
            }
            Action::SetSeverity { severity } => {
                if let Some(inc) = &mut self.incident {
                    inc.severity = severity;
                }
                self.log(EventKind::SeveritySet { severity });
            }
            Action::AssignRole { role, person } => self.assign_role(role, &person),
            Action::Delegate {
                person,
                task,
                minutes,
            } => {
                if let Some(&p) = self.ids.person.get(&person) {
                    self.people[p].directed = true;
                    self.note_if_tired(p, &task);
                    self.on_task_given(p);
                    let t = self.tasks.len();
                    self.tasks.push(TaskRt {
                        person: p,
                        task,
                        due: self.now + minutes * 60,
                        done: false,
                    });
                    self.schedule(self.now + minutes * 60, Timer::TaskDue(t));
                    if !self.is_player(p) {
                        let delay = self.join_delay(p);
                        self.schedule(self.now + delay, Timer::TaskWork(t));
                    }
                }
            }
            Action::PostStatus {
                text,
                audience,
                state,
                impact,
                working_on,
                next_update_minutes,
            } => self.post_status(
                a,
                Update {
                    text,
                    audience,
                    state,
                    impact,
                    working_on,
                    next_update_minutes,
                },
            ),
            Action::Reply { ask, option } => self.reply(a, ask, option),
            Action::Mitigate {
                service,
                mitigation,
            } => {
                if let Some(&s) = self.ids.service.get(&service) {
                    self.start_mitigation(s, mitigation, a);
                }
            }
            Action::HandOver { to, briefing } => {
                if let Some(&p) = self.ids.person.get(&to) {
                    self.hand_over(a, p, briefing);
                }
            }
            Action::AskVendor {
                service,
                mitigation,
            } => self.open_case(a, &service, mitigation),
            Action::Restore { service, backup } => self.start_restore(a, &service, &backup),
            Action::Resolve => {
                let now = self.now;
                if let Some(inc) = &mut self.incident {
                    inc.resolved_at = Some(now);
                }
            }
            Action::EndShift => self.finish(),
            Action::MarkMoment { moment, at } => {
                self.answers.moments.insert(moment, at);
            }
            // The facilitator's moves are done by `World::facilitate`; `check` refuses them here.
            Action::Fire { .. }
            | Action::Say { .. }
            | Action::Hint { .. }
            | Action::Note { .. }
            | Action::Pause
            | Action::Resume
            | Action::SetSpeed { .. } => {}
            Action::Answer {
                question,
                option,
                filing,
            } => {
                // The timeline shows the question and answer as the player read them, not ids.
                let words = self
                    .scenario
                    .postmortem
                    .iter()
                    .find(|q| q.id == question)
                    .and_then(|q| {
                        let o = q.options.iter().find(|o| o.id == option)?;
                        Some((q.prompt.clone(), o.text.clone()))
                    });
                if let Some((question, answer)) = words {
                    self.log(EventKind::Answered {
                        by: self.scenario.people[a].id.clone(),
                        question,
                        answer,
                    });
                }
                if let Some(f) = filing {
                    self.answers.filings.insert(question.clone(), f);
                }
                self.answers.picks.entry(question).or_default().push(option);
            }
        }
    }

    fn assign_role(&mut self, role: IncidentRole, person: &str) {
        let Some(&p) = self.ids.person.get(person) else {
            return;
        };
        if let Some(inc) = &mut self.incident {
            inc.roles.insert(role, person.to_owned());
        }
        self.log(EventKind::RoleAssigned {
            role,
            person: person.to_owned(),
        });
        if self.is_player(p) {
            return;
        }
        self.direct(p);
        let delay = self.join_delay(p);
        match role {
            IncidentRole::Communications => {
                let at = self.first_comms_update(self.now + delay);
                self.schedule(at, Timer::CommsUpdate { person: p });
            }
            IncidentRole::OperationsLead | IncidentRole::Expert => {
                // They go where the loudest open alert points.
                let target = self
                    .alerts
                    .iter()
                    .filter(|x| x.state != AlertState::Resolved && x.host.is_none())
                    .min_by_key(|x| (self.scenario.alerts[x.rule].priority, x.fired_at))
                    .map(|x| self.rules[x.rule].service);
                if let Some(s) = target {
                    self.schedule(
                        self.now + delay,
                        Timer::Join {
                            person: p,
                            service: s,
                        },
                    );
                }
            }
            IncidentRole::Commander | IncidentRole::Scribe | IncidentRole::Deputy => {}
        }
    }
}
