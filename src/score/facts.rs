//! Facts the rubric needs, read off the event log and the scenario once.

use std::collections::{BTreeMap, BTreeSet};

use crate::scenario::{Priority, Scenario, Severity};
use crate::sim::{Action, EventKind, PageVia, World};

/// A fault as the rubric sees it.
pub struct FaultFacts {
    /// Index in the scenario.
    pub index: usize,
    /// Broken service.
    pub service: String,
    /// Owning team of the broken service.
    pub owner: Option<String>,
    /// Whether it needs a response now (Sev1–Sev3); a Sev4 can wait for business hours.
    pub urgent: bool,
    /// Game second it started.
    pub started: u32,
    /// When and by what it ended by mitigation.
    pub mitigated_at: Option<u32>,
    /// When it ended (mitigated or healed).
    pub ended_at: Option<u32>,
    /// First game second someone of the owning team worked the broken service.
    pub owner_engaged_at: Option<u32>,
    /// Who that was.
    pub owner_engaged_by: Option<String>,
}

/// Everything derived from the log.
pub struct Facts<'a> {
    /// The scenario.
    pub sc: &'a Scenario,
    /// The world at the end.
    pub world: &'a World,
    /// Players' person ids.
    pub players: BTreeSet<String>,
    /// Faults that started.
    pub faults: Vec<FaultFacts>,
    /// First alert fired while a fault affected its service.
    pub first_real_alert: Option<u32>,
    /// First page to a player from a real alert, and when the player acknowledged it.
    pub first_player_page: Option<(u32, Option<u32>)>,
    /// Player actions in order: time, actor, action.
    pub actions: Vec<(u32, String, Action)>,
    /// Every notification of a page, in order.
    pub pages: Vec<PageFacts>,
    /// Status updates: time and author.
    pub updates: Vec<(u32, String)>,
    /// Alert number → (rule id, real).
    pub alerts: BTreeMap<u32, (String, bool)>,
    /// Alert number → people its page reached.
    pub alert_paged: BTreeMap<u32, BTreeSet<String>>,
    /// The most severe severity among started faults.
    pub warranted: Option<Severity>,
}

/// One notification of a page.
pub struct PageFacts {
    /// Game second.
    pub at: u32,
    /// Page number.
    pub page: u32,
    /// Recipient.
    pub to: String,
    /// Service it was about.
    pub service: String,
    /// How it was sent.
    pub via: PageVia,
    /// Priority of what it was about.
    pub priority: Priority,
    /// Whether it woke the person.
    pub woke: bool,
}

impl<'a> Facts<'a> {
    /// Reads the facts of a finished run.
    pub fn of(world: &'a World) -> Facts<'a> {
        let sc = world.scenario();
        let players: BTreeSet<String> = world.player_ids().into_iter().collect();
        let owner_of = |service: &str| {
            sc.services
                .iter()
                .find(|s| s.id == service)
                .and_then(|s| s.owner.clone())
        };
        let members = |team: &str| -> BTreeSet<String> {
            sc.teams
                .iter()
                .find(|t| t.id == team)
                .map(|t| t.members.iter().cloned().collect())
                .unwrap_or_default()
        };
        let mut faults = Vec::new();
        let mut first_real_alert = None;
        let mut first_player_page: Option<(u32, Option<u32>)> = None;
        let mut player_page_number = None;
        let mut actions = Vec::new();
        let mut pages = Vec::new();
        let mut updates = Vec::new();
        let mut alerts = BTreeMap::new();
        let mut alert_paged: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
        let mut page_alert: BTreeMap<u32, u32> = BTreeMap::new();
        for e in world.log_events() {
            match &e.kind {
                EventKind::FaultStarted { fault, service } => {
                    let index = sc.faults.iter().position(|f| &f.id == fault).unwrap_or(0);
                    faults.push(FaultFacts {
                        index,
                        service: service.clone(),
                        owner: owner_of(service),
                        urgent: sc.faults[index].severity <= Severity::Sev3,
                        started: e.at,
                        mitigated_at: None,
                        ended_at: None,
                        owner_engaged_at: None,
                        owner_engaged_by: None,
                    });
                }
                EventKind::FaultMitigated { fault, .. } | EventKind::FaultHealed { fault } => {
                    let mitigated = matches!(e.kind, EventKind::FaultMitigated { .. });
                    if let Some(f) = faults.iter_mut().find(|f| sc.faults[f.index].id == *fault) {
                        f.ended_at = Some(e.at);
                        if mitigated {
                            f.mitigated_at = Some(e.at);
                        }
                    }
                }
                EventKind::AlertFired {
                    alert, rule, real, ..
                } => {
                    alerts.insert(*alert, (rule.clone(), *real));
                    if *real && first_real_alert.is_none() {
                        first_real_alert = Some(e.at);
                    }
                }
                EventKind::PageSent {
                    page,
                    alert,
                    to,
                    service,
                    via,
                    priority,
                    woke,
                } => {
                    if let Some(a) = alert {
                        alert_paged.entry(*a).or_default().insert(to.clone());
                        page_alert.insert(*page, *a);
                    }
                    let real = alert.and_then(|a| alerts.get(&a)).is_some_and(|x| x.1);
                    if players.contains(to) && real && first_player_page.is_none() {
                        first_player_page = Some((e.at, None));
                        player_page_number = Some(*page);
                    }
                    pages.push(PageFacts {
                        at: e.at,
                        page: *page,
                        to: to.clone(),
                        service: service.clone(),
                        via: *via,
                        priority: *priority,
                        woke: *woke,
                    });
                }
                EventKind::PageAcknowledged { page, by } => {
                    if Some(*page) == player_page_number
                        && players.contains(by)
                        && let Some((_, acked)) = &mut first_player_page
                        && acked.is_none()
                    {
                        *acked = Some(e.at);
                    }
                }
                EventKind::Engaged { person, service } => {
                    Self::engaged(&mut faults, e.at, person, service, &members);
                }
                EventKind::Action { by, action } => {
                    actions.push((e.at, by.clone(), action.clone()))
                }
                EventKind::StatusPosted { by, .. } => updates.push((e.at, by.clone())),
                _ => {}
            }
        }
        // A player of the owning team who acknowledged a page about the broken service is engaged.
        for (at, by, action) in &actions {
            if let Action::Acknowledge { .. } = action {
                let about: Vec<String> = pages
                    .iter()
                    .filter(|p| &p.to == by && p.at <= *at)
                    .map(|p| p.service.clone())
                    .collect();
                for service in about {
                    Self::engaged(&mut faults, *at, by, &service, &members);
                }
            }
        }
        let warranted = faults.iter().map(|f| sc.faults[f.index].severity).min();
        Facts {
            sc,
            world,
            players,
            faults,
            first_real_alert,
            first_player_page,
            actions,
            pages,
            updates,
            alerts,
            alert_paged,
            warranted,
        }
    }

    /// Records that `person` started working `service` at `at` (a page merely sent does not count).
    fn engaged(
        faults: &mut [FaultFacts],
        at: u32,
        person: &str,
        service: &str,
        members: &dyn Fn(&str) -> BTreeSet<String>,
    ) {
        for f in faults.iter_mut() {
            if f.service == service
                && f.owner_engaged_at.is_none()
                && at >= f.started
                && f.ended_at.is_none_or(|end| at <= end)
                && f.owner
                    .as_deref()
                    .is_some_and(|o| members(o).contains(person))
            {
                f.owner_engaged_at = Some(at);
                f.owner_engaged_by = Some(person.to_owned());
            }
        }
    }

    /// Whether a person is a player.
    pub fn is_player(&self, who: &str) -> bool {
        self.players.contains(who)
    }

    /// Player actions only, in order.
    pub fn player_actions(&self) -> impl Iterator<Item = &(u32, String, Action)> {
        self.actions
            .iter()
            .filter(|(_, by, _)| self.players.contains(by))
    }

    /// Primary and secondary of a team at a game second, replayed from the handoffs in the log.
    pub fn on_call(&self, team: &str, at: u32) -> (Option<String>, Option<String>) {
        let Some(t) = self.sc.teams.iter().find(|t| t.id == team) else {
            return (None, None);
        };
        let mut primary = t.rotation.order.first().cloned();
        let mut secondary = t.rotation.order.get(1).cloned();
        for e in self.world.log_events() {
            if e.at > at {
                break;
            }
            if let EventKind::Handoff {
                team: ht,
                primary: p,
                secondary: s,
            } = &e.kind
                && ht == team
            {
                primary = Some(p.clone());
                secondary = (!s.is_empty()).then(|| s.clone());
            }
        }
        (primary, secondary)
    }

    /// Teams of a person.
    pub fn teams_of(&self, person: &str) -> Vec<&str> {
        self.sc
            .teams
            .iter()
            .filter(|t| t.members.iter().any(|m| m == person))
            .map(|t| t.id.as_str())
            .collect()
    }

    /// Services broken by a live fault that needs a response now, with their owners.
    pub fn broken_at(&self, at: u32) -> Vec<(&str, Option<&str>)> {
        self.faults
            .iter()
            .filter(|f| f.urgent && f.started <= at && f.ended_at.is_none_or(|e| at < e))
            .map(|f| (f.service.as_str(), f.owner.as_deref()))
            .collect()
    }
}
