//! What a player can know: the view the game draws. Hidden facts (which fault, where) never appear;
//! inspecting a service reveals its dashboards, deploys and logs.

use serde::{Deserialize, Serialize};

use super::names::Names;
use super::words;

use crate::scenario::{
    Deploy, Mitigation, Mode, Par, PerMetric, Person, PlayerRole, Priority, Scenario, Seniority,
    Shift, Team, TimeOfDay,
};

use super::action::Task;
use super::event::{Event, EventKind};
use super::world::{AlertState, Incident, PageState, Phase, World, metric_index};

/// Health of a service as its dashboards show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Health {
    /// Within normal bounds.
    Healthy,
    /// Errors or latency clearly above normal.
    Degraded,
    /// Failing for many requests.
    Down,
    /// Its monitoring is down: nobody can tell.
    NoData,
    /// At a game day: not a dashboard this seat watches or has opened.
    Unseen,
}

/// One alert in the console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertView {
    /// Alert number.
    pub id: u32,
    /// Rule id.
    pub rule: String,
    /// Service id.
    pub service: String,
    /// Host number for host-level alerts.
    pub host: Option<u32>,
    /// Hosts over the line in it: more than 1 when its rule folds hosts together.
    pub hosts: u32,
    /// Priority.
    pub priority: Priority,
    /// Pager text.
    pub summary: String,
    /// State.
    pub state: AlertState,
    /// Game second it fired.
    pub fired_at: u32,
    /// People its page reached.
    pub paged: Vec<String>,
    /// Whether its page reached the viewer.
    pub pages_me: bool,
    /// Escalation level its page is at.
    pub escalation_level: usize,
    /// Whether its page is still waiting for someone.
    pub page_open: bool,
    /// Whether its rule was flagged as noise.
    pub flagged: bool,
    /// While its page waits: when it goes up the escalation policy next (game second) and to
    /// whom, in words.
    pub next_escalation: Option<(u32, String)>,
}

/// A service on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Owning team id.
    pub owner: Option<String>,
    /// Whether customers notice it.
    pub customer_facing: bool,
    /// What it calls.
    pub depends_on: Vec<String>,
    /// Health now.
    pub health: Health,
    /// Latest readings, by metric kind (`None` for a metric the service does not have).
    pub current: PerMetric<Option<f64>>,
}

/// What inspecting a service shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceDetail {
    /// The service's backups, oldest first: what a restore can come from.
    pub backups: Vec<BackupView>,
    /// Service id.
    pub service: String,
    /// Recent readings per metric kind, oldest first.
    pub history: PerMetric<Vec<f32>>,
    /// The service's own signals with their recent readings, oldest first (format 2).
    pub signals: Vec<SignalSeries>,
    /// Deploys up to now.
    pub deploys: Vec<Deploy>,
    /// Log lines from the service.
    pub logs: Vec<String>,
    /// Runbook steps, including ones added during the run.
    pub runbook: Vec<String>,
    /// Who is on call for the owning team now: primary, secondary.
    pub on_call: Option<(String, Option<String>)>,
    /// Seconds between readings.
    pub sampled_every: u32,
    /// Game second of the newest reading in `history`.
    pub newest_sample_at: u32,
    /// The service-level alert rules watching it, drawn as lines on its charts.
    pub thresholds: Vec<Threshold>,
}

/// A signal's recent readings, as its dashboard draws them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalSeries {
    /// The signal's name.
    pub name: String,
    /// Its unit; may be empty.
    pub unit: String,
    /// Recent readings, oldest first (gaps while monitoring was dark are left out).
    pub history: Vec<f32>,
}

/// An alert rule's threshold as its dashboard draws it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    /// The metric or signal watched.
    pub metric: crate::scenario::AlertMetric,
    /// The value it fires at.
    pub value: f64,
    /// Fires above the value (else below).
    pub above: bool,
    /// The pager text of the rule.
    pub summary: String,
}

/// A person in the team panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Seniority.
    pub seniority: Seniority,
    /// Awake now.
    pub awake: bool,
    /// Reachable now.
    pub reachable: bool,
    /// Their local time.
    pub local_time: TimeOfDay,
    /// Fatigue, 0–1.
    pub fatigue: f64,
    /// Service they are working on.
    pub working_on: Option<String>,
    /// The famous expert.
    pub hero: bool,
}

/// A team in the team panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Primary on call now.
    pub primary: Option<String>,
    /// Secondary on call now.
    pub secondary: Option<String>,
    /// Members.
    pub members: Vec<PersonView>,
    /// An outside company: it takes support cases, not pages.
    pub vendor: bool,
}

/// A backup as the console shows it: never whether it is actually readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupView {
    /// Id, for the restore action.
    pub id: String,
    /// When it was taken, in minutes from the shift's start (negative: before).
    pub taken_at_minute: i32,
    /// Minutes a restore from it takes.
    pub restore_minutes: u32,
    /// Whether a test restore has ever checked it.
    pub verified: bool,
}

/// A delegated task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskView {
    /// Task number.
    pub id: u32,
    /// Who holds it.
    pub person: String,
    /// What.
    pub task: Task,
    /// Time box end, game second.
    pub due: u32,
    /// Done.
    pub done: bool,
}

/// A mitigation under way or done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MitigationView {
    /// Service.
    pub service: String,
    /// What.
    pub mitigation: Mitigation,
    /// Who.
    pub by: String,
    /// When it takes effect.
    pub effective_at: u32,
    /// Whether it has taken effect.
    pub done: bool,
}

/// One line of the incident channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelLine {
    /// Game second.
    pub at: u32,
    /// What kind of line it is.
    pub kind: LineKind,
    /// Who or what said it.
    pub from: String,
    /// Text.
    pub text: String,
}

/// Everything the viewer can know right now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Game seconds since shift start.
    pub now: u32,
    /// Shift length in game seconds.
    pub end: u32,
    /// Time of day (UTC) now, `HH:MM:SS`.
    pub clock: String,
    /// Time of day the shift started, for clock-time axes.
    pub shift_start: TimeOfDay,
    /// The public status page: the last stage announced to customers, and when.
    pub status_page: Option<(super::StatusState, u32)>,
    /// What the status page is down with, if nobody can post to it now (format 2).
    pub status_page_down: Option<String>,
    /// Stakeholders' questions asked so far, oldest first.
    pub asks: Vec<AskView>,
    /// Where the run is.
    pub phase: Phase,
    /// Person id of the viewer.
    pub viewer: String,
    /// Customer-impact minutes so far.
    pub impact_minutes: f64,
    /// The shift's error budget in impact minutes.
    pub error_budget_minutes: f64,
    /// Every alert that has fired.
    pub alerts: Vec<AlertView>,
    /// Every service.
    pub services: Vec<ServiceView>,
    /// Services the viewer has inspected.
    pub details: Vec<ServiceDetail>,
    /// Teams and people on them.
    pub teams: Vec<TeamView>,
    /// The incident, if declared.
    pub incident: Option<Incident>,
    /// When the next status update is due (25 minutes after the last one, or after declaring).
    pub next_update_due: Option<u32>,
    /// Delegated tasks.
    pub tasks: Vec<TaskView>,
    /// Mitigations.
    pub mitigations: Vec<MitigationView>,
    /// The incident channel.
    pub channel: Vec<ChannelLine>,
    /// Postmortem questions, once the shift is over: what is asked and the viewer's answers, never
    /// what each answer teaches.
    pub postmortem: Vec<QuestionView>,
    /// The key moments marked on the postmortem timeline so far, with the game second of each.
    pub marked_moments: Vec<(crate::sim::Moment, u32)>,
}

/// A stakeholder's question, once asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AskView {
    /// The ask's id, for the reply.
    pub id: String,
    /// Who asks.
    pub from: String,
    /// The question.
    pub text: String,
    /// Game second it was asked.
    pub asked_at: u32,
    /// Game second by which an answer is due.
    pub due_at: u32,
    /// The answers on offer, in an order shuffled per run: (id, text).
    pub options: Vec<(String, String)>,
    /// The answer given, if any.
    pub reply: Option<String>,
}

/// A postmortem question as the player sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    /// Question id, for the answer action.
    pub id: String,
    /// The question.
    pub prompt: String,
    /// The answers to choose from: (option id, text).
    pub options: Vec<(String, String)>,
    /// What the answer becomes: a finding, contributing factors (several picks), an action item
    /// or a note on the response.
    pub asks: crate::scenario::Asks,
    /// The option ids the player chose, in order; empty until answered.
    pub picked: Vec<String>,
    /// How the player filed it, for an action item.
    pub filing: Option<crate::sim::Filing>,
}

impl QuestionView {
    /// Whether the player has answered it.
    pub fn answered(&self) -> bool {
        !self.picked.is_empty()
    }
}

/// What the player is told before the shift: the scenario without its faults, injects, alert
/// rules or postmortem answer key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Briefing {
    /// Scenario id.
    pub id: String,
    /// Title.
    pub title: String,
    /// One or two sentences about it.
    pub summary: String,
    /// What the player should take away.
    pub learning_goals: Vec<String>,
    /// The seat the player takes.
    pub role: PlayerRole,
    /// Practice or exam.
    pub mode: Mode,
    /// The person the player plays.
    pub player: String,
    /// When the shift starts and how long it lasts.
    pub shift: Shift,
    /// What a good run achieves.
    pub par: Par,
    /// Everyone in the world.
    pub people: Vec<Person>,
    /// Teams and their rotations.
    pub teams: Vec<Team>,
    /// Every service, with its owning team.
    pub services: Vec<ServiceBrief>,
    /// The seats of the scenario's game day; empty when it has none.
    #[serde(default)]
    pub seats: Vec<crate::scenario::Seat>,
}

/// A service as the briefing names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceBrief {
    /// Service id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Owning team id, if any.
    pub owner: Option<String>,
}

impl Briefing {
    /// The public part of a scenario.
    pub fn of(s: &Scenario) -> Briefing {
        Briefing {
            id: s.id.clone(),
            title: s.title.clone(),
            summary: s.summary.clone(),
            learning_goals: s.learning_goals.clone(),
            role: s.role,
            mode: s.mode,
            player: s.player.clone(),
            shift: s.shift.clone(),
            par: s.par.clone(),
            people: s.people.clone(),
            teams: s.teams.clone(),
            services: s
                .services
                .iter()
                .map(|x| ServiceBrief {
                    id: x.id.clone(),
                    name: x.name.clone(),
                    owner: x.owner.clone(),
                })
                .collect(),
            seats: s
                .game_day
                .as_ref()
                .map(|d| d.seats.clone())
                .unwrap_or_default(),
        }
    }
}

/// Formats game seconds as the time of day `HH:MM:SS` for a shift starting at `start`.
pub fn clock(start: TimeOfDay, at: u32) -> String {
    let total = start.minutes() * 60 + at;
    let day = total % 86_400;
    format!("{:02}:{:02}:{:02}", day / 3600, day / 60 % 60, day % 60)
}

/// The status-update cadence the game asks for, in minutes.
pub const STATUS_EVERY_MINUTES: u32 = 25;

impl World {
    /// Every stakeholder question asked so far.
    fn ask_views(&self) -> Vec<AskView> {
        self.asked
            .iter()
            .filter_map(|&(i, asked_at)| match &self.scenario.injects[i] {
                crate::scenario::Inject::Ask {
                    id,
                    from,
                    text,
                    reply_within_minutes,
                    options,
                    ..
                } => {
                    Some(AskView {
                        id: id.clone(),
                        from: from.clone(),
                        text: text.clone(),
                        asked_at,
                        due_at: asked_at.saturating_add(reply_within_minutes.saturating_mul(60)),
                        // Salted apart from the postmortem's orders.
                        options: self
                            .option_order(1000 + i, options.len())
                            .into_iter()
                            .map(|k| (options[k].id.clone(), options[k].text.clone()))
                            .collect(),
                        reply: self.replies.get(id).map(|(_, o)| o.clone()),
                    })
                }
                _ => None,
            })
            .collect()
    }

    /// The order a postmortem question's options are shown in: shuffled per run seed and
    /// question, so the place of the right answer teaches nothing. Seeded, so the same run
    /// always shows the same order, native or in a browser.
    fn option_order(&self, question: usize, n: usize) -> Vec<usize> {
        use rand::SeedableRng;
        use rand::seq::SliceRandom;
        let seed = self
            .run_seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(question as u64);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(&mut rng);
        order
    }

    /// When an open page goes up its team's escalation policy next, and to whom.
    fn next_escalation(&self, page: &super::world::PageRt) -> Option<(u32, String)> {
        use crate::scenario::EscalationTarget as T;
        let t = page.team?;
        let team = &self.scenario.teams[t];
        let step = team.escalation.get(page.level + 1)?;
        let at = page
            .sent_at
            .saturating_add(step.after_minutes.saturating_mul(60));
        let name = |p: Option<usize>| p.map(|p| self.scenario.people[p].name.clone());
        let who = match &step.notify {
            T::Primary => name(self.primary(t)),
            T::Secondary => name(self.secondary(t)),
            T::WholeTeam => Some(format!("everyone in {}", team.name)),
            T::Person(p) => name(self.ids.person.get(p).copied()),
        }
        .unwrap_or_else(|| format!("nobody ({} has no one there)", team.name));
        Some((at, who))
    }

    /// Builds what `viewer` can see now.
    pub fn view(&self, viewer: &str) -> View {
        let me = self.ids.person.get(viewer).copied();
        let who = self.looker(viewer);
        let sc = &self.scenario;
        let alerts = self
            .alerts
            .iter()
            .enumerate()
            .filter(|(i, _)| self.sees_alert(who, *i))
            .map(|(i, a)| {
                let rule = &sc.alerts[a.rule];
                let page = a.page.map(|p| &self.pages[p]);
                AlertView {
                    id: i as u32 + 1,
                    rule: rule.id.clone(),
                    service: rule.service.clone(),
                    host: a.host,
                    hosts: a.hosts,
                    priority: rule.priority,
                    summary: match a.host {
                        Some(h) => format!("{} (host {h})", rule.summary),
                        None => rule.summary.clone(),
                    },
                    state: a.state,
                    fired_at: a.fired_at,
                    paged: page
                        .map(|p| {
                            p.notified
                                .iter()
                                .map(|&n| sc.people[n].id.clone())
                                .collect()
                        })
                        .unwrap_or_default(),
                    pages_me: page.is_some_and(|p| me.is_some_and(|m| p.notified.contains(&m))),
                    escalation_level: page.map_or(0, |p| p.level),
                    page_open: page.is_some_and(|p| p.state == PageState::Open),
                    flagged: self.rules[a.rule].flagged,
                    next_escalation: page
                        .filter(|p| p.state == PageState::Open)
                        .and_then(|p| self.next_escalation(p)),
                }
            })
            .collect();
        let services = sc
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| ServiceView {
                id: s.id.clone(),
                name: s.name.clone(),
                owner: s.owner.clone(),
                customer_facing: s.customer_facing,
                depends_on: s.depends_on.clone(),
                health: match self.blind[i] {
                    _ if !self.sees_service(who, i) => Health::Unseen,
                    Some(super::metrics::Shown::Missing) => Health::NoData,
                    Some(super::metrics::Shown::Frozen(_, h)) => h,
                    Some(super::metrics::Shown::Late(lag)) => {
                        self.health_of(i, self.readings_ago(i, lag))
                    }
                    None => self.health(i),
                },
                current: PerMetric(match self.blind[i] {
                    _ if !self.sees_service(who, i) => [None; 4],
                    Some(super::metrics::Shown::Missing) => [None; 4],
                    Some(super::metrics::Shown::Frozen(v, _)) => v,
                    Some(super::metrics::Shown::Late(lag)) => self.readings_ago(i, lag),
                    None => self.services[i].current,
                }),
            })
            .collect();
        let details = self
            .inspected
            .iter()
            .filter(|&&s| match who {
                super::seats::Looker::Seat(p, _) => self.inspected_by.contains(&(p, s)),
                super::seats::Looker::Projector => false,
                _ => true,
            })
            .map(|&s| self.detail(s))
            .collect();
        let teams = sc
            .teams
            .iter()
            .enumerate()
            .map(|(t, team)| TeamView {
                id: team.id.clone(),
                name: team.name.clone(),
                primary: self.primary(t).map(|p| sc.people[p].id.clone()),
                secondary: self.secondary(t).map(|p| sc.people[p].id.clone()),
                vendor: team.vendor.is_some(),
                members: team
                    .members
                    .iter()
                    .filter_map(|m| self.ids.person.get(m).copied())
                    .map(|p| self.person_view(p))
                    .collect(),
            })
            .collect();
        let next_update_due = self
            .incident
            .as_ref()
            .filter(|i| i.resolved_at.is_none())
            .map(|i| i.updates.last().map_or(i.declared_at, |u| u.0) + STATUS_EVERY_MINUTES * 60);
        View {
            now: self.now,
            end: self.end,
            clock: clock(sc.shift.start, self.now),
            shift_start: sc.shift.start,
            status_page: self.status_page.last().map(|(at, st)| (*st, *at)),
            status_page_down: self.status_page_down(),
            asks: if self.sees_asks(who) {
                self.ask_views()
            } else {
                Vec::new()
            },
            phase: self.phase,
            viewer: viewer.to_owned(),
            impact_minutes: self.impact_minutes,
            error_budget_minutes: sc.error_budget_minutes,
            alerts,
            services,
            details,
            teams,
            incident: self.incident.clone(),
            next_update_due,
            tasks: self
                .tasks
                .iter()
                .enumerate()
                .map(|(i, t)| TaskView {
                    id: i as u32 + 1,
                    person: sc.people[t.person].id.clone(),
                    task: t.task.clone(),
                    due: t.due,
                    done: t.done,
                })
                .collect(),
            mitigations: self
                .pending
                .iter()
                .map(|m| MitigationView {
                    service: sc.services[m.service].id.clone(),
                    mitigation: m.mitigation,
                    by: sc.people[m.by].id.clone(),
                    effective_at: m.effective_at,
                    done: m.done,
                })
                .collect(),
            channel: self
                .log
                .iter()
                .filter(|e| self.reaches(who, e))
                .filter_map(|e| {
                    channel_line(e, who.reveal(), &self.names).map(|l| ChannelLine {
                        at: e.at,
                        kind: l.kind,
                        from: l.from,
                        text: l.text,
                    })
                })
                .collect(),
            marked_moments: self.answers.moments.iter().map(|(m, t)| (*m, *t)).collect(),
            postmortem: if self.phase == Phase::Postmortem {
                sc.postmortem
                    .iter()
                    .enumerate()
                    .map(|(i, q)| QuestionView {
                        id: q.id.clone(),
                        prompt: q.prompt.clone(),
                        options: self
                            .option_order(i, q.options.len())
                            .into_iter()
                            .map(|k| (q.options[k].id.clone(), q.options[k].text.clone()))
                            .collect(),
                        asks: q.asks,
                        picked: self.answers.picks.get(&q.id).cloned().unwrap_or_default(),
                        filing: self.answers.filings.get(&q.id).cloned(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    pub(super) fn health(&self, s: usize) -> Health {
        match self.health_of(s, self.services[s].current) {
            Health::Healthy if self.signal_degraded(s) => Health::Degraded,
            h => h,
        }
    }

    /// The four health readings of a service `lag` scrapes ago.
    fn readings_ago(&self, s: usize, lag: usize) -> [Option<f64>; 4] {
        std::array::from_fn(|k| self.lagged(s, k, lag))
    }

    /// How many scrapes late a service's dashboards are (0 unless its monitoring runs late).
    pub(super) fn late_by(&self, s: usize) -> usize {
        match self.blind[s] {
            Some(super::metrics::Shown::Late(lag)) => lag,
            _ => 0,
        }
    }

    /// The health these readings of a service show.
    fn health_of(&self, s: usize, current: [Option<f64>; 4]) -> Health {
        let svc = &self.services[s];
        let err = |k: usize| current[k].zip(svc.baseline[k]);
        let (mut degraded, mut down) = (false, false);
        if let Some((v, b)) = err(metric_index(crate::scenario::MetricKind::ErrorRate)) {
            degraded |= v > b + 5.0;
            down |= v > b + 25.0;
        }
        if let Some((v, b)) = err(metric_index(crate::scenario::MetricKind::Latency)) {
            degraded |= v > b * 2.5;
            down |= v > b * 8.0;
        }
        // A drained service's traffic has moved on by design; only errors and latency count.
        if let Some((v, b)) = err(metric_index(crate::scenario::MetricKind::Throughput))
            .filter(|_| !self.drained.contains(&s))
        {
            degraded |= v < b * 0.6;
            down |= v < b * 0.2;
        }
        if down {
            Health::Down
        } else if degraded {
            Health::Degraded
        } else {
            Health::Healthy
        }
    }

    fn detail(&self, s: usize) -> ServiceDetail {
        let sc = &self.scenario;
        let svc = &sc.services[s];
        let minute = (self.now / 60) as i32;
        let logs = sc
            .faults
            .iter()
            .enumerate()
            .filter(|(f, fault)| self.faults[*f].started && fault.service == svc.id)
            .flat_map(|(_, fault)| fault.logs.iter().cloned())
            .collect();
        let mut runbook = svc.runbook.clone();
        runbook.extend(
            self.runbook_additions
                .iter()
                .filter(|(x, _)| *x == s)
                .map(|(_, t)| t.clone()),
        );
        ServiceDetail {
            backups: svc
                .backups
                .iter()
                .filter(|b| b.taken_at_minute <= minute)
                .map(|b| BackupView {
                    id: b.id.clone(),
                    taken_at_minute: b.taken_at_minute,
                    restore_minutes: b.restore_minutes,
                    verified: b.verified,
                })
                .collect(),
            service: svc.id.clone(),
            history: PerMetric::from_fn(|kind| {
                let k = metric_index(kind);
                self.history
                    .iter()
                    .take(self.history.len().saturating_sub(self.late_by(s)))
                    .map(|snap| snap[s * 4 + k])
                    .filter(|v| !v.is_nan())
                    .collect()
            }),
            signals: self.signal_series(s),
            deploys: svc
                .deploys
                .iter()
                .filter(|d| d.at_minute <= minute)
                .cloned()
                .collect(),
            logs,
            runbook,
            on_call: self.services[s].owner.map(|t| {
                (
                    self.primary(t)
                        .map(|p| sc.people[p].id.clone())
                        .unwrap_or_default(),
                    self.secondary(t).map(|p| sc.people[p].id.clone()),
                )
            }),
            sampled_every: sc.shift.scrape_interval_seconds,
            newest_sample_at: {
                let every = sc.shift.scrape_interval_seconds.max(1);
                let last = self.end.saturating_sub(1) / every * every;
                let late = u32::try_from(self.late_by(s)).unwrap_or(u32::MAX);
                (self.now / every * every)
                    .min(last)
                    .saturating_sub(late.saturating_mul(every))
            },
            thresholds: sc
                .alerts
                .iter()
                .filter(|r| r.service == svc.id && r.level == crate::scenario::Level::Service)
                .map(|r| {
                    let (value, above) = match r.condition {
                        crate::scenario::Condition::Above(v) => (v, true),
                        crate::scenario::Condition::Below(v) => (v, false),
                    };
                    Threshold {
                        metric: r.metric.clone(),
                        value,
                        above,
                        summary: r.summary.clone(),
                    }
                })
                .collect(),
        }
    }

    fn person_view(&self, p: usize) -> PersonView {
        let person = &self.scenario.people[p];
        PersonView {
            id: person.id.clone(),
            name: person.name.clone(),
            seniority: person.seniority,
            awake: self.awake(p),
            reachable: self.reachable(p),
            local_time: TimeOfDay::from_minutes(self.local_minute(p)),
            fatigue: self.people[p].fatigue,
            working_on: self.people[p]
                .engaged
                .or_else(|| self.seat_service(p))
                .map(|s| self.scenario.services[s].id.clone()),
            hero: person.hero,
        }
    }
}

/// What kind of line a channel or timeline line is, so screens and reports filter and colour
/// lines by what they are, never by their text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LineKind {
    /// An alert fired, resolved or was filed as a ticket.
    Alert,
    /// A page was sent, answered, escalated, slept through or expired.
    Page,
    /// Other notices from the paging and incident tools: hand-offs, roles, severity, tasks.
    System,
    /// A hidden fact, revealed for the debrief: a fault began, ended or got worse.
    Fault,
    /// Monitoring: a mitigation took effect.
    Monitor,
    /// Someone learnt something.
    Learning,
    /// A person speaking or acting.
    Person,
}

/// One line of the channel or timeline: what kind it is, who or what said it, and the words.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    /// What kind of line it is.
    pub kind: LineKind,
    /// Who or what said it.
    pub from: String,
    /// The words.
    pub text: String,
}

/// The kind of line an event makes.
fn line_kind(k: &EventKind) -> LineKind {
    match k {
        EventKind::AlertFired { .. }
        | EventKind::AlertResolved { .. }
        | EventKind::TicketFiled { .. } => LineKind::Alert,
        EventKind::PageSent { .. }
        | EventKind::PageAcknowledged { .. }
        | EventKind::PageEscalated { .. }
        | EventKind::PageExpired { .. }
        | EventKind::SleptThrough { .. } => LineKind::Page,
        EventKind::Handoff { .. }
        | EventKind::BecameUnavailable { .. }
        | EventKind::TaskOverdue { .. }
        | EventKind::TaskDone { .. }
        | EventKind::RoleAssigned { .. }
        | EventKind::SeveritySet { .. }
        | EventKind::CommandHandedOver { .. }
        | EventKind::CaseOpened { .. }
        | EventKind::RestoreStarted { .. }
        | EventKind::GivenWhileTired { .. }
        | EventKind::ShiftEnded => LineKind::System,
        EventKind::FaultStarted { .. }
        | EventKind::FaultHealed { .. }
        | EventKind::FaultCleared { .. }
        | EventKind::Triggered { .. } => LineKind::Fault,
        EventKind::FaultMitigated { .. }
        | EventKind::FaultWorsened { .. }
        | EventKind::MitigationUseless { .. }
        | EventKind::MitigationBlocked { .. }
        | EventKind::WavesPrevented { .. }
        | EventKind::Drained { .. }
        | EventKind::CapacityAdded { .. }
        | EventKind::LoadLimited { .. }
        | EventKind::RestoreFailed { .. }
        | EventKind::DataRestored { .. }
        | EventKind::SideEffect { .. } => LineKind::Monitor,
        EventKind::KnowledgeGained { .. } => LineKind::Learning,
        EventKind::MitigationStarted { .. }
        | EventKind::Engaged { .. }
        | EventKind::CalledIn { .. }
        | EventKind::Report { .. }
        | EventKind::Message { .. }
        | EventKind::Asked { .. }
        | EventKind::Replied { .. }
        | EventKind::StatusPosted { .. }
        | EventKind::Action { .. }
        | EventKind::Answered { .. }
        | EventKind::UpToSpeed { .. }
        | EventKind::IncidentResolved { .. }
        | EventKind::Rejected { .. } => LineKind::Person,
    }
}

/// The channel line for an event. With `reveal`, hidden facts (faults) are included too, as the
/// debrief and headless runner show them.
pub fn channel_line(e: &Event, reveal: bool, n: &Names) -> Option<Said> {
    let (from, text) = channel_text(e, reveal, n)?;
    let kind = match &e.kind {
        // Revealed, a mitigation's effect is the fault's story; live, it is what monitoring shows.
        EventKind::FaultMitigated { .. } | EventKind::FaultWorsened { .. } if reveal => {
            LineKind::Fault
        }
        k => line_kind(k),
    };
    Some(Said { kind, from, text })
}

/// Who said it and what.
fn channel_text(e: &Event, reveal: bool, n: &Names) -> Option<(String, String)> {
    let sys = |t: String| Some(("pager".to_owned(), t));
    match &e.kind {
        EventKind::FaultStarted { fault, .. } if reveal => {
            Some(("fault".into(), format!("{} begins", n.fault(fault))))
        }
        EventKind::FaultMitigated {
            fault,
            mitigation,
            by,
        } if reveal => Some((
            "fault".into(),
            format!(
                "{} ended by {} ({})",
                n.fault(fault),
                words::mitigation(*mitigation),
                n.person(by)
            ),
        )),
        EventKind::FaultHealed { fault } if reveal => Some((
            "fault".into(),
            format!("{} healed on its own", n.fault(fault)),
        )),
        EventKind::FaultCleared { fault, trigger } if reveal => Some((
            "fault".into(),
            format!(
                "{} cleared once what it hung on was dealt with (trigger \"{trigger}\")",
                n.fault(fault)
            ),
        )),
        EventKind::FaultWorsened {
            fault,
            mitigation,
            by,
        } if reveal => Some((
            "fault".into(),
            format!(
                "{} made worse by {} ({})",
                n.fault(fault),
                words::mitigation(*mitigation),
                n.person(by)
            ),
        )),
        EventKind::FaultWorsened { mitigation, by, .. } => Some((
            "monitor".into(),
            format!(
                "{} {} took effect: things got worse",
                words::possessive(n.person(by)),
                words::mitigation(*mitigation)
            ),
        )),
        EventKind::FaultMitigated { mitigation, by, .. } => Some((
            "monitor".into(),
            format!(
                "{} {} took effect: metrics recovering",
                words::possessive(n.person(by)),
                words::mitigation(*mitigation)
            ),
        )),
        EventKind::RestoreStarted {
            service,
            backup,
            done_at,
            ..
        } => sys(format!(
            "restore of {} from backup \"{backup}\" started; it lands at +{} min",
            n.service(service),
            done_at / 60
        )),
        EventKind::Drained { service, by } => Some((
            "monitor".into(),
            format!(
                "{} failover drained {}: its traffic now goes to the rest of its group",
                words::possessive(n.person(by)),
                n.service(service)
            ),
        )),
        EventKind::GivenWhileTired {
            person, fatigue, ..
        } => sys(format!(
            "{} is {:.0}% tired: tired people take longer to find a cause and are more often wrong",
            n.person(person),
            fatigue * 100.0
        )),
        EventKind::CapacityAdded {
            service,
            by,
            capacity,
        } => Some((
            "monitor".into(),
            format!(
                "{} scale-up added capacity to {}: it can now serve {capacity:.0} requests a second",
                words::possessive(n.person(by)),
                n.service(service)
            ),
        )),
        EventKind::LoadLimited { service, by } => Some((
            "monitor".into(),
            format!(
                "{} rate limit on {} is in place: what it cannot serve is turned away, and the rest is served at speed",
                words::possessive(n.person(by)),
                n.service(service)
            ),
        )),
        EventKind::RestoreFailed { service, backup } => Some((
            "monitor".into(),
            format!(
                "the restore of {} failed: backup \"{backup}\" is unreadable",
                n.service(service)
            ),
        )),
        EventKind::DataRestored {
            service,
            backup,
            restored,
            rolled_back,
        } => Some((
            "monitor".into(),
            format!(
                "{} restored from backup \"{backup}\": {restored} records back, {rolled_back} written since the backup rolled back",
                n.service(service)
            ),
        )),
        EventKind::CaseOpened {
            service,
            mitigation,
            respond_at,
            ..
        } => sys(format!(
            "support case opened: a {} on {}; the vendor answers by +{} min",
            words::mitigation(*mitigation),
            n.service(service),
            respond_at / 60
        )),
        EventKind::Triggered { trigger } if reveal => {
            Some(("fault".into(), format!("trigger \"{trigger}\" went off")))
        }
        EventKind::Triggered { .. } => None,
        EventKind::MitigationBlocked {
            service,
            mitigation,
            by,
            why,
        } => Some((
            "monitor".into(),
            format!(
                "{} {} on {} did not work: {why}",
                words::possessive(n.person(by)),
                words::mitigation(*mitigation),
                n.service(service)
            ),
        )),
        EventKind::WavesPrevented {
            fault,
            mitigation,
            by,
        } => Some((
            "monitor".into(),
            format!(
                "{} {} is in place: {} will not come back",
                words::possessive(n.person(by)),
                words::mitigation(*mitigation),
                if reveal {
                    n.fault(fault).to_owned()
                } else {
                    "the trouble it was meant for".to_owned()
                }
            ),
        )),
        EventKind::SideEffect { service, text } => Some((
            "monitor".into(),
            format!("{} recovered, at a cost: {text}", n.service(service)),
        )),
        EventKind::MitigationUseless {
            service,
            mitigation,
            by,
        } => Some((
            "monitor".into(),
            format!(
                "{} {} on {} took effect: no change",
                words::possessive(n.person(by)),
                words::mitigation(*mitigation),
                n.service(service)
            ),
        )),
        EventKind::MitigationStarted {
            service,
            mitigation,
            by,
            effective_at,
        } => Some((
            by.clone(),
            format!(
                "started a {} on {} (takes effect at +{} min)",
                words::mitigation(*mitigation),
                n.service(service),
                effective_at / 60
            ),
        )),
        EventKind::AlertFired {
            alert,
            rule,
            service: _,
            host,
            priority,
            real,
        } => sys(format!(
            "alert #{alert} {}: {}{}{}",
            words::priority(*priority),
            n.rule(rule),
            host.map(|h| format!(" host {h}")).unwrap_or_default(),
            if reveal && *real { " [real]" } else { "" }
        )),
        EventKind::AlertResolved { alert } => sys(format!("alert #{alert} resolved")),
        EventKind::PageSent {
            page,
            to,
            service,
            via,
            woke,
            ..
        } => sys(format!(
            "page {page} about {} to {} ({}){}",
            n.service(service),
            n.person(to),
            words::via(*via),
            if *woke { ", woke them up" } else { "" }
        )),
        EventKind::PageAcknowledged { page, by } => {
            sys(format!("page {page} acknowledged by {}", n.person(by)))
        }
        EventKind::PageEscalated { page, level } => {
            sys(format!("page {page} escalated to level {level}"))
        }
        EventKind::PageExpired { page } => sys(format!("page {page} ended unanswered")),
        EventKind::TicketFiled { alert } => sys(format!("alert #{alert} filed as a ticket")),
        EventKind::Handoff {
            team,
            primary,
            secondary,
        } => sys(format!(
            "{} pager handed to {} (secondary {})",
            n.team(team),
            n.person(primary),
            n.person(secondary)
        )),
        EventKind::SleptThrough { person, page } => {
            if reveal {
                sys(format!("{} slept through page {page}", n.person(person)))
            } else {
                None
            }
        }
        EventKind::CalledIn { person, woke } => Some((
            person.clone(),
            if *woke {
                "picked up the phone (woken up)".to_owned()
            } else {
                "picked up the phone".to_owned()
            },
        )),
        EventKind::Engaged { person, service } => Some((
            person.clone(),
            format!("joined, looking at {}", n.service(service)),
        )),
        EventKind::Report {
            from,
            condition,
            actions,
            needs,
            ..
        } => Some((
            from.clone(),
            format!("Condition: {condition}. Actions: {actions}. Needs: {needs}."),
        )),
        EventKind::KnowledgeGained {
            person,
            service,
            from,
            to,
            paired,
        } => Some((
            "learning".into(),
            format!(
                "{} now knows {} better ({from:.2} → {to:.2}{})",
                n.person(person),
                n.service(service),
                if *paired { ", paired" } else { "" }
            ),
        )),
        EventKind::Message { from, text } => Some((from.clone(), text.clone())),
        EventKind::Asked { from, text, .. } => Some((from.clone(), text.clone())),
        // The reply is told by the action's own line.
        EventKind::Replied { .. } => None,
        EventKind::BecameUnavailable { person, .. } => {
            sys(format!("{} is unreachable for a while", n.person(person)))
        }
        EventKind::TaskOverdue { task, person } => sys(format!(
            "task {task} ({}) is past its time box",
            n.person(person)
        )),
        EventKind::TaskDone { task, person } => {
            sys(format!("task {task} done by {}", n.person(person)))
        }
        EventKind::StatusPosted {
            by,
            text,
            audience,
            state,
            impact,
            working_on,
            next_update_minutes,
            ..
        } => {
            let services: Vec<&str> = working_on.iter().map(|s| n.service(s)).collect();
            let details = words::update_details(*impact, &services, *next_update_minutes)
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            Some((
                by.clone(),
                format!(
                    "{}: {text}{details}",
                    words::status_label(*audience, *state)
                ),
            ))
        }
        EventKind::RoleAssigned { role, person } => {
            let who = n.person(person);
            let verb = if words::is_you(who) { "are" } else { "is" };
            sys(format!("{who} {verb} now {}", words::role(*role)))
        }
        EventKind::SeveritySet { severity } => {
            sys(format!("incident severity {}", words::severity(*severity)))
        }
        // An answer is told by its `Answered` line, in the question's own words.
        EventKind::Action {
            action: crate::sim::Action::Answer { .. },
            ..
        } => None,
        EventKind::Action { by, action } => Some((
            by.clone(),
            format!("{} {}", action.verb(), action_args(action, n)),
        )),
        EventKind::Answered {
            by,
            question,
            answer,
        } => Some((by.clone(), format!("answered \"{question}\": {answer}"))),
        EventKind::Rejected { by, action, reason } => {
            Some((by.clone(), format!("{} refused: {reason}", action.verb())))
        }
        EventKind::CommandHandedOver {
            to, gaps, ready_at, ..
        } => {
            let mut text = format!("{} takes command", n.person(to));
            if reveal {
                let minutes = ready_at.saturating_sub(e.at).div_ceil(60);
                if gaps.is_empty() {
                    text.push_str(&format!("; fully briefed, up to speed in {minutes} min"));
                } else {
                    let missed: Vec<String> =
                        gaps.iter().map(|g| words::briefing_gap(g, n)).collect();
                    text.push_str(&format!(
                        "; the briefing {}, so up to speed only after {minutes} min",
                        words::list(&missed)
                    ));
                }
            }
            sys(text)
        }
        EventKind::UpToSpeed { person } => Some((
            person.clone(),
            "I'm up to speed and running the incident from here.".into(),
        )),
        EventKind::IncidentResolved { person } => Some((
            person.clone(),
            "Resolving the incident: customers have been fine for five minutes.".into(),
        )),
        EventKind::ShiftEnded => sys("shift over; postmortem begins".into()),
        // Hidden until the debrief.
        EventKind::FaultStarted { .. }
        | EventKind::FaultHealed { .. }
        | EventKind::FaultCleared { .. } => None,
    }
}

/// The interesting arguments of an action, for timelines.
fn action_args(a: &crate::sim::Action, n: &Names) -> String {
    use crate::sim::{Action as A, AlertRef};
    let alert = |r: &AlertRef| match r {
        AlertRef::Id(n) => format!("#{n}"),
        AlertRef::Rule(r) => r.clone(),
    };
    match a {
        A::Acknowledge { alert: r } | A::FlagNoise { alert: r } | A::Escalate { alert: r } => {
            alert(r)
        }
        A::Snooze { alert: r, minutes } => format!("{} for {minutes} min", alert(r)),
        A::Inspect { service } | A::ReadRunbook { service } => n.service(service).to_owned(),
        A::UpdateRunbook { service, step } => format!("{}: {step}", n.service(service)),
        A::PagePerson { person, service } => {
            format!("{} about {}", n.person(person), n.service(service))
        }
        A::PageRotation { team, service } | A::PageWholeTeam { team, service } => {
            format!("{} about {}", n.team(team), n.service(service))
        }
        A::Pair { person, with } => format!("{} with {}", n.person(person), n.person(with)),
        A::Declare { severity, title } => format!("{} \"{title}\"", words::severity(*severity)),
        A::SetSeverity { severity } => words::severity(*severity).to_owned(),
        A::AssignRole { role, person } => {
            format!("{} to {}", words::role(*role), n.person(person))
        }
        A::Delegate {
            person,
            task,
            minutes,
        } => format!(
            "{} to {} ({minutes} min)",
            words::task(task, &|s| n.service(s).to_owned()),
            n.person(person)
        ),
        A::PostStatus {
            text,
            audience,
            state,
            ..
        } => match words::status_qualifier(*audience, *state) {
            Some(q) => format!("\"{text}\" {q}"),
            None => format!("\"{text}\""),
        },
        A::Mitigate {
            service,
            mitigation,
        } => format!(
            "{} on {}",
            words::mitigation(*mitigation),
            n.service(service)
        ),
        A::Restore { service, backup } => {
            format!("{} from backup \"{backup}\"", n.service(service))
        }
        A::AskVendor {
            service,
            mitigation,
        } => format!(
            "for a {} on {}",
            words::mitigation(*mitigation),
            n.service(service)
        ),
        A::HandOver { to, briefing } => {
            let mut told = Vec::new();
            if !briefing.working.is_empty() {
                let people: Vec<&str> = briefing.working.iter().map(|p| n.person(p)).collect();
                told.push(format!("working: {}", people.join(", ")));
            }
            if let Some(s) = &briefing.suspect {
                told.push(format!("likely cause: {}", n.service(s)));
            }
            if let Some(m) = briefing.next_update_minutes {
                told.push(format!("next update in {m} min"));
            }
            if told.is_empty() {
                format!("to {} (no briefing)", n.person(to))
            } else {
                format!("to {} ({})", n.person(to), told.join("; "))
            }
        }
        A::Reply { ask, option } => {
            format!("to {}: \"{}\"", n.asker(ask), n.reply(ask, option))
        }
        A::Resolve | A::EndShift => String::new(),
        // Never shown: the `Answered` event carries the words.
        A::Answer { .. } => String::new(),
        A::Fire { inject } => format!("\"{}\"", n.prepared(inject)),
        A::Say { from, text } => format!("as {}: \"{text}\"", n.speaker(from)),
        A::Hint { to, text } => format!("to {}: \"{text}\"", n.speaker(to)),
        A::Note { text } => format!("\"{text}\""),
        A::Pause | A::Resume => "the shift for everyone".to_owned(),
        A::SetSpeed { speed } => format!("to {}", words::speed(*speed)),
        A::MarkMoment { moment, at } => format!(
            "\"{}\" on the timeline at +{} min",
            words::moment(*moment),
            at / 60
        ),
    }
}
