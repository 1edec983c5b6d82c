//! Facts the rubric needs, read off the event log and the scenario once.

use std::collections::{BTreeMap, BTreeSet};

use crate::scenario::{IncidentRole, Mitigation, Priority, Scenario, Severity};
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
    /// It ended because what it hung on was dealt with (a trigger's `EndFault`), not by itself.
    pub cleared: bool,
    /// First game second someone of the owning team worked the broken service.
    pub owner_engaged_at: Option<u32>,
    /// Who that was.
    pub owner_engaged_by: Option<String>,
    /// The owning team is an outside company: it is engaged by a support case.
    pub vendor: bool,
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
    /// The player that first page reached.
    pub first_player_paged: Option<String>,
    /// At a game day, the seat each participant (person id) holds; empty when one plays alone.
    pub seats: BTreeMap<String, crate::scenario::SeatRole>,
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
    /// First page that reached anyone about an alert while a fault affected its service.
    pub first_real_page: Option<u32>,
    /// Incidents the players declared, in order, rebuilt from their actions.
    pub incidents: Vec<IncidentFacts>,
    /// Every time a player pulled a person in, in order.
    pub pulls: Vec<Pull>,
}

/// One incident as the players ran it.
pub struct IncidentFacts {
    /// When it was declared.
    pub declared_at: u32,
    /// When it was resolved, if it was.
    pub resolved_at: Option<u32>,
    /// Severities in force, with the second each was set.
    pub severities: Vec<(u32, Severity)>,
    /// Roles given, in order (a later holder of a role replaces the earlier one).
    pub roles: Vec<(u32, IncidentRole, String)>,
    /// Commanders in order, from the declaring player on.
    pub commanders: Vec<(u32, String)>,
}

impl IncidentFacts {
    /// The most severe severity it ever had.
    pub fn highest(&self) -> Severity {
        self.severities
            .iter()
            .map(|(_, s)| *s)
            .min()
            .unwrap_or(Severity::Sev4)
    }

    /// Who held command at a game second.
    pub fn commander_at(&self, at: u32) -> Option<&str> {
        self.commanders
            .iter()
            .rev()
            .find(|(t, _)| *t <= at)
            .map(|(_, c)| c.as_str())
    }
}

/// How a player pulled someone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullKind {
    /// Paged them directly.
    Page,
    /// Paged their whole team.
    WholeTeam,
    /// Handed them a task.
    Delegate,
    /// Gave them an incident role.
    Role(IncidentRole),
    /// Asked them to pair with someone.
    Pair,
    /// Handed them command.
    HandOver,
}

impl PullKind {
    /// Words for the debrief: "by paging them directly", …
    pub fn how(self) -> &'static str {
        match self {
            PullKind::Page => "paged directly",
            PullKind::WholeTeam => "paged with the whole team",
            PullKind::Delegate => "handed a task",
            PullKind::Role(IncidentRole::Scribe) => "made scribe",
            PullKind::Role(IncidentRole::Deputy) => "made deputy",
            PullKind::Role(IncidentRole::Communications) => "made communications lead",
            PullKind::Role(IncidentRole::OperationsLead) => "made operations lead",
            PullKind::Role(IncidentRole::Expert) => "called in as the expert",
            PullKind::Role(IncidentRole::Commander) => "made commander",
            PullKind::Pair => "asked to pair",
            PullKind::HandOver => "handed command",
        }
    }

    /// Whether it asks them to work on a service (rather than to take notes or talk to people).
    pub fn service_work(self) -> bool {
        !matches!(
            self,
            PullKind::Role(
                IncidentRole::Scribe | IncidentRole::Communications | IncidentRole::Deputy
            )
        )
    }
}

/// A player pulling a person in: a page, a task, a role, pairing or command.
pub struct Pull {
    /// Game second.
    pub at: u32,
    /// The player who did it.
    pub by: String,
    /// The person pulled in.
    pub person: String,
    /// How.
    pub kind: PullKind,
    /// Service it was about, when it names one.
    pub service: Option<String>,
    /// Whether it woke them.
    pub woke: bool,
    /// Whether they were already working on the incident (engaged, answering a page, holding a role).
    pub already_involved: bool,
}

/// One notification of a page.
pub struct PageFacts {
    /// Game second.
    pub at: u32,
    /// Page number.
    pub page: u32,
    /// Alert number, if an alert sent it.
    pub alert: Option<u32>,
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
    /// The scenario's faults that started in this run, in file order.
    pub fn started_faults(&self) -> impl Iterator<Item = &'a crate::scenario::Fault> + '_ {
        let sc = self.sc;
        sc.faults
            .iter()
            .enumerate()
            .filter(|(i, _)| self.faults.iter().any(|x| x.index == *i))
            .map(|(_, x)| x)
    }

    /// When the incident reached a key moment, as the log shows it; none if it never did.
    pub fn moment(&self, m: crate::sim::Moment) -> Option<u32> {
        use crate::sim::Moment;
        match m {
            Moment::Detected => self.first_real_alert,
            Moment::Engaged => self.faults.iter().filter_map(|x| x.owner_engaged_at).min(),
            Moment::Mitigated => {
                if self.faults.is_empty() || self.faults.iter().any(|x| x.ended_at.is_none()) {
                    None
                } else {
                    self.faults.iter().filter_map(|x| x.ended_at).max()
                }
            }
            Moment::Resolved => self.incidents.last().and_then(|i| i.resolved_at),
        }
    }

    /// The team an action item belongs to: the question's owner, else the team owning what broke
    /// for customers (the first urgent fault's service), else the first broken service's.
    pub fn item_owner<'b>(&'b self, q: &'b crate::scenario::Question) -> Option<&'b str> {
        q.owner.as_deref().or_else(|| {
            self.faults
                .iter()
                .filter(|x| x.urgent)
                .chain(self.faults.iter())
                .find_map(|x| x.owner.as_deref())
        })
    }

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
        let mut first_player_paged = None;
        let mut player_page_number = None;
        let mut actions = Vec::new();
        let mut pages = Vec::new();
        let mut updates = Vec::new();
        let mut alerts = BTreeMap::new();
        let mut alert_paged: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
        let mut page_alert: BTreeMap<u32, u32> = BTreeMap::new();
        let mut first_real_page = None;
        let mut incidents: Vec<IncidentFacts> = Vec::new();
        let mut pulls: Vec<Pull> = Vec::new();
        // Who is working on what right now, and who has been part of the response so far.
        let mut working: BTreeMap<String, String> = BTreeMap::new();
        let mut involved: BTreeSet<String> = BTreeSet::new();
        // Pulls made by the latest player action, waiting to learn whether they woke anyone.
        let mut open_pulls: std::ops::Range<usize> = 0..0;
        for e in world.log_events() {
            match &e.kind {
                EventKind::FaultStarted { fault, service } => {
                    let index = sc.faults.iter().position(|f| &f.id == fault).unwrap_or(0);
                    let owner = owner_of(service);
                    // An owner already working on the service when it breaks is engaged from the start.
                    let already = owner.as_deref().and_then(|o| {
                        let team = members(o);
                        working
                            .iter()
                            .find(|(p, s)| *s == service && team.contains(*p))
                            .map(|(p, _)| p.clone())
                    });
                    faults.push(FaultFacts {
                        index,
                        service: service.clone(),
                        owner,
                        urgent: sc.faults[index].severity <= Severity::Sev3,
                        started: e.at,
                        mitigated_at: None,
                        ended_at: None,
                        cleared: false,
                        owner_engaged_at: already.as_ref().map(|_| e.at),
                        owner_engaged_by: already,
                        vendor: sc
                            .services
                            .iter()
                            .find(|s| &s.id == service)
                            .and_then(|s| s.owner.as_ref())
                            .and_then(|o| sc.teams.iter().find(|t| &t.id == o))
                            .is_some_and(|t| t.vendor.is_some()),
                    });
                }
                EventKind::FaultMitigated { fault, .. }
                | EventKind::FaultHealed { fault }
                | EventKind::FaultCleared { fault, .. } => {
                    let mitigated = matches!(e.kind, EventKind::FaultMitigated { .. });
                    let cleared = matches!(e.kind, EventKind::FaultCleared { .. });
                    // A fault that comes in waves ends each wave; the open one is the latest.
                    if let Some(f) = faults
                        .iter_mut()
                        .rev()
                        .find(|f| sc.faults[f.index].id == *fault && f.ended_at.is_none())
                    {
                        f.ended_at = Some(e.at);
                        if mitigated {
                            f.mitigated_at = Some(e.at);
                        }
                        f.cleared = cleared;
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
                    if real && first_real_page.is_none() {
                        first_real_page = Some(e.at);
                    }
                    if let Some(p) = pulls[open_pulls.clone()]
                        .iter_mut()
                        .find(|p| &p.person == to && p.at == e.at)
                    {
                        p.woke |= *woke;
                    }
                    if players.contains(to) && real && first_player_page.is_none() {
                        first_player_page = Some((e.at, None));
                        first_player_paged = Some(to.clone());
                        player_page_number = Some(*page);
                    }
                    pages.push(PageFacts {
                        at: e.at,
                        page: *page,
                        alert: *alert,
                        to: to.clone(),
                        service: service.clone(),
                        via: *via,
                        priority: *priority,
                        woke: *woke,
                    });
                }
                EventKind::PageAcknowledged { page, by } => {
                    involved.insert(by.clone());
                    // A snooze silences the page but nobody is looking: not an acknowledgement.
                    let snoozed = matches!(
                        actions.last(),
                        Some((t, who, Action::Snooze { .. })) if *t == e.at && who == by
                    );
                    if Some(*page) == player_page_number
                        && players.contains(by)
                        && !snoozed
                        && let Some((_, acked)) = &mut first_player_page
                        && acked.is_none()
                    {
                        *acked = Some(e.at);
                    }
                }
                EventKind::Engaged { person, service } => {
                    Self::engaged(&mut faults, e.at, person, service, &members);
                    working.insert(person.clone(), service.clone());
                    involved.insert(person.clone());
                }
                EventKind::KnowledgeGained { person, .. } => {
                    working.remove(person);
                }
                EventKind::CalledIn { person, woke } => {
                    if let Some(p) = pulls[open_pulls.clone()]
                        .iter_mut()
                        .find(|p| &p.person == person && p.at == e.at)
                    {
                        p.woke |= *woke;
                    }
                    involved.insert(person.clone());
                }
                EventKind::RoleAssigned { person, .. } => {
                    involved.insert(person.clone());
                }
                EventKind::Report { from, .. } => {
                    involved.insert(from.clone());
                }
                EventKind::Action { by, action } => {
                    actions.push((e.at, by.clone(), action.clone()));
                    if players.contains(by) {
                        // A player of the owning team who opens, fixes or restores the broken
                        // service is its owner at work, as a teammate would be.
                        if let Action::Inspect { service }
                        | Action::Mitigate { service, .. }
                        | Action::Restore { service, .. } = action
                        {
                            Self::engaged(&mut faults, e.at, by, service, &members);
                        }
                        let start = pulls.len();
                        Self::pulls_of(sc, e.at, by, action, &involved, &mut pulls);
                        open_pulls = start..pulls.len();
                        Self::incident_action(&mut incidents, e.at, by, action);
                    }
                }
                EventKind::StatusPosted { by, .. } => updates.push((e.at, by.clone())),
                // A vendor is engaged the moment someone opens a case with it.
                EventKind::CaseOpened { service, .. } => {
                    for f in faults.iter_mut().filter(|f| {
                        f.vendor
                            && &f.service == service
                            && f.owner_engaged_at.is_none()
                            && f.ended_at.is_none()
                    }) {
                        let first = f
                            .owner
                            .as_deref()
                            .and_then(|o| sc.teams.iter().find(|t| t.id == o))
                            .and_then(|t| t.members.first().cloned());
                        f.owner_engaged_at = Some(e.at);
                        f.owner_engaged_by = first;
                    }
                }
                EventKind::IncidentResolved { .. } => {
                    if let Some(i) = incidents.last_mut() {
                        i.resolved_at = Some(e.at);
                    }
                }
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
            first_player_paged,
            seats: world.seats().into_iter().collect(),
            actions,
            pages,
            updates,
            alerts,
            alert_paged,
            warranted,
            first_real_page,
            incidents,
            pulls,
        }
    }

    /// The people an action pulls in.
    fn pulls_of(
        sc: &Scenario,
        at: u32,
        by: &str,
        action: &Action,
        involved: &BTreeSet<String>,
        out: &mut Vec<Pull>,
    ) {
        let mut add = |person: &str, kind: PullKind, service: Option<&String>| {
            if person != by {
                out.push(Pull {
                    at,
                    by: by.to_owned(),
                    person: person.to_owned(),
                    kind,
                    service: service.cloned(),
                    woke: false,
                    already_involved: involved.contains(person),
                });
            }
        };
        match action {
            Action::PagePerson { person, service } => add(person, PullKind::Page, Some(service)),
            Action::PageWholeTeam { team, service } => {
                for m in sc
                    .teams
                    .iter()
                    .filter(|t| &t.id == team)
                    .flat_map(|t| &t.members)
                {
                    add(m, PullKind::WholeTeam, Some(service));
                }
            }
            Action::Delegate { person, task, .. } => {
                let service = match task {
                    crate::sim::Task::Investigate { service }
                    | crate::sim::Task::Mitigate { service, .. } => Some(service),
                    crate::sim::Task::Communicate => None,
                };
                let kind = if service.is_some() {
                    PullKind::Delegate
                } else {
                    PullKind::Role(IncidentRole::Communications)
                };
                add(person, kind, service);
            }
            Action::AssignRole { role, person } => add(person, PullKind::Role(*role), None),
            Action::Pair { with, .. } => add(with, PullKind::Pair, None),
            Action::HandOver { to, .. } => add(to, PullKind::HandOver, None),
            _ => {}
        }
    }

    /// Follows the incident record through a player's action.
    fn incident_action(incidents: &mut Vec<IncidentFacts>, at: u32, by: &str, action: &Action) {
        match action {
            Action::Declare { severity, .. } => incidents.push(IncidentFacts {
                declared_at: at,
                resolved_at: None,
                severities: vec![(at, *severity)],
                roles: Vec::new(),
                commanders: vec![(at, by.to_owned())],
            }),
            Action::SetSeverity { severity } => {
                if let Some(i) = incidents.last_mut() {
                    i.severities.push((at, *severity));
                }
            }
            Action::AssignRole { role, person } => {
                if let Some(i) = incidents.last_mut() {
                    i.roles.push((at, *role, person.clone()));
                    if *role == IncidentRole::Commander {
                        i.commanders.push((at, person.clone()));
                    }
                }
            }
            Action::HandOver { to, .. } => {
                if let Some(i) = incidents.last_mut() {
                    i.commanders.push((at, to.clone()));
                }
            }
            Action::Resolve => {
                if let Some(i) = incidents.last_mut() {
                    i.resolved_at = Some(at);
                }
            }
            _ => {}
        }
    }

    /// The worst severity among urgent faults live at a game second.
    pub fn live_severity(&self, at: u32) -> Option<Severity> {
        self.faults
            .iter()
            .filter(|f| f.started <= at && f.ended_at.is_none_or(|e| at < e))
            .map(|f| self.sc.faults[f.index].severity)
            .min()
    }

    /// Whether a person is a member of a team.
    pub fn member_of(&self, person: &str, team: &str) -> bool {
        self.teams_of(person).contains(&team)
    }

    /// Whether a person held the pager (primary or secondary) of any of their teams at a game second.
    pub fn on_call_at(&self, who: &str, at: u32) -> bool {
        self.teams_of(who).iter().any(|t| {
            let (p, s) = self.on_call(t, at);
            p.as_deref() == Some(who) || s.as_deref() == Some(who)
        })
    }

    /// Whether a person is the scenario's famous expert.
    pub fn is_hero(&self, who: &str) -> bool {
        self.sc.people.iter().any(|p| p.id == who && p.hero)
    }

    /// The owning team of a service.
    pub fn owner_of(&self, service: &str) -> Option<&str> {
        self.sc
            .services
            .iter()
            .find(|s| s.id == service)
            .and_then(|s| s.owner.as_deref())
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

    /// Who answers for a duty: at a game day, the person in that seat (a duty whose seat nobody
    /// holds falls to the commander); alone, the player.
    pub fn duty(&self, seat: crate::scenario::SeatRole) -> &str {
        use crate::scenario::SeatRole;
        if self.seats.is_empty() {
            return &self.sc.player;
        }
        let holder = |role: SeatRole| {
            self.seats
                .iter()
                .find(|(_, r)| **r == role)
                .map(|(p, _)| p.as_str())
        };
        holder(seat)
            .or_else(|| holder(SeatRole::Commander))
            .unwrap_or(&self.sc.player)
    }

    /// The player when one plays alone; nobody at a game day, where a line about the whole
    /// response is the team's.
    pub fn alone(&self) -> Option<&str> {
        self.seats.is_empty().then_some(self.sc.player.as_str())
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

    /// Players' fixes to services a team owns: (when, who, service, which fix, owning team). A fix
    /// to a service nobody owns is left out: with nobody to hand it to, acting is the only way.
    pub fn owned_fixes(&self) -> impl Iterator<Item = (u32, &str, &str, Mitigation, &str)> {
        self.player_actions().filter_map(|(at, by, a)| match a {
            Action::Mitigate {
                service,
                mitigation,
            } => Some((
                *at,
                by.as_str(),
                service.as_str(),
                *mitigation,
                self.owner_of(service)?,
            )),
            _ => None,
        })
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
