//! World state, construction, the timer queue and the main loop.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};
use std::sync::Arc;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::scenario::ids::Ids;
use crate::scenario::{IncidentRole, Inject, Mitigation, Priority, Scenario, Severity, Validated};

use super::action::{Rejection, Task};
use super::event::{Event, EventKind, PageVia};

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// The shift is running.
    Shift,
    /// The shift is over; postmortem questions are open.
    Postmortem,
}

/// State of an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlertState {
    /// Firing, nobody has taken it.
    Firing,
    /// Someone acknowledged it.
    Acknowledged,
    /// Silenced until the given game second.
    Snoozed(u32),
    /// No longer firing.
    Resolved,
}

/// State of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageState {
    /// Waiting for someone to acknowledge.
    Open,
    /// Acknowledged.
    Acknowledged,
    /// Ran through its escalation policy with nobody acknowledging.
    Escalated,
    /// Ended unacknowledged: its alert resolved or the shift ended.
    Expired,
}

/// Things that happen at a set game second.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Timer {
    Scrape,
    FaultStart(usize),
    /// A fault's wave (the count of waves when it began) heals by itself.
    FaultHeal {
        fault: usize,
        wave: u32,
    },
    /// A fault in waves comes back.
    FaultWave(usize),
    Inject(usize),
    Handoff(usize),
    Escalate {
        page: usize,
        level: usize,
    },
    NpcAck {
        page: usize,
        person: usize,
    },
    Join {
        person: usize,
        service: usize,
    },
    InvestigationDone {
        person: usize,
        service: usize,
        generation: u32,
    },
    TaskWork(usize),
    TaskDue(usize),
    MitigationEffect(usize),
    SnoozeEnd(usize),
    CommsUpdate {
        person: usize,
    },
    /// A commander who took over has caught up and starts running the incident.
    UpToSpeed {
        person: usize,
    },
    /// A commander played by the engine looks at the incident again.
    CommandRound {
        person: usize,
    },
    /// A trigger (by inject index) that was set off does what it says.
    TriggerFire(usize),
    /// A vendor acts on a support case.
    VendorActs(usize),
    /// A restore (by number) lands.
    RestoreDone(usize),
}

pub(super) struct ServiceRt {
    /// Latest reading per metric kind (index as in `MetricKind::ALL`); `None` if not defined.
    pub current: [Option<f64>; 4],
    /// Baseline per metric kind.
    pub baseline: [Option<f64>; 4],
    /// Noise per metric kind.
    pub noise: [f64; 4],
    pub owner: Option<usize>,
    pub deps: Vec<usize>,
    /// Combined fault effect at the last scrape: error add, latency factor, throughput factor, saturation add.
    pub effect: Effect4,
    /// Set once a fault on this service has been mitigated or healed.
    pub recovered: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Effect4 {
    pub error_add: f64,
    pub latency_mul: f64,
    pub throughput_mul: f64,
    pub saturation_add: f64,
    /// What the faults on the service itself leave of its capacity.
    pub capacity_mul: f64,
}

impl Effect4 {
    pub const NONE: Effect4 = Effect4 {
        capacity_mul: 1.0,
        error_add: 0.0,
        latency_mul: 1.0,
        throughput_mul: 1.0,
        saturation_add: 0.0,
    };
}

pub(super) struct RuleRt {
    pub service: usize,
    pub metric: usize,
    /// Per host (or one entry for service-level rules): since when the condition has held.
    pub pending_since: Vec<Option<u32>>,
    /// Per host: the open alert index, if any.
    pub open: Vec<Option<usize>>,
    pub flagged: bool,
}

pub(super) struct AlertRt {
    pub rule: usize,
    pub host: Option<u32>,
    /// Hosts over the line in this alert: 1, or more when the rule folds hosts together.
    pub hosts: u32,
    pub fired_at: u32,
    pub state: AlertState,
    pub resolved_at: Option<u32>,
    pub page: Option<usize>,
    pub acked_by: Option<usize>,
}

pub(super) struct PageRt {
    pub alert: Option<usize>,
    pub service: usize,
    pub team: Option<usize>,
    pub level: usize,
    pub sent_at: u32,
    pub notified: Vec<usize>,
    pub state: PageState,
    pub acked_by: Option<usize>,
    pub via: PageVia,
    pub priority: Priority,
}

pub(super) struct FaultRt {
    pub started: bool,
    /// Game second it started: its `at_minute`, or when a trigger started it (for a fault in
    /// waves, the latest wave).
    pub started_at: u32,
    /// Waves started so far.
    pub waves: u32,
    /// A fix that persists is in place: no more waves.
    pub prevented: bool,
    pub ended_at: Option<u32>,
    /// 1.0 normally; harmful mitigations raise it.
    pub intensity: f64,
    /// Services reached and how many hops away, the broken one first.
    pub reach: Vec<(usize, u32)>,
}

pub(super) struct PersonRt {
    pub knowledge: BTreeMap<usize, f64>,
    pub fatigue: f64,
    pub unavailable_until: u32,
    pub engaged: Option<usize>,
    /// Bumped whenever the engagement changes, so stale investigation timers are ignored.
    pub generation: u32,
    pub paired_with: Option<usize>,
    pub used_runbook: bool,
    pub teams: Vec<usize>,
    pub woken: u32,
    /// A player pulled this person in (a page by hand, a task, a role, pairing): they act on what
    /// they find without waiting for a go-ahead.
    pub directed: bool,
    /// The fix an owner found and is waiting for a go-ahead to apply (low-autonomy scenarios).
    pub awaiting: Option<Mitigation>,
    /// Called in by phone during the shift: up and on their way, whatever the clock says.
    pub called: bool,
}

pub(super) struct TaskRt {
    pub person: usize,
    pub task: Task,
    pub due: u32,
    pub done: bool,
}

pub(super) struct PendingMitigation {
    pub service: usize,
    pub mitigation: Mitigation,
    pub by: usize,
    pub effective_at: u32,
    pub done: bool,
}

/// The open (or last) incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Title given at declaration.
    pub title: String,
    /// Current severity.
    pub severity: Severity,
    /// Game second it was declared.
    pub declared_at: u32,
    /// Game second it was resolved.
    pub resolved_at: Option<u32>,
    /// Who holds each role (person ids).
    pub roles: BTreeMap<IncidentRole, String>,
    /// Status updates: game second, author, text.
    pub updates: Vec<(u32, String, String)>,
}

/// What the player put into the postmortem.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PostmortemAnswers {
    /// Question id → the options picked, in the order picked (several for contributing factors).
    pub picks: BTreeMap<String, Vec<String>>,
    /// Question id → how its action item was filed.
    pub filings: BTreeMap<String, super::Filing>,
    /// The key moments the player marked on the timeline: moment → game second.
    pub moments: BTreeMap<super::Moment, u32>,
}

impl PostmortemAnswers {
    /// The first (for most questions the only) option picked for a question.
    pub fn first(&self, question: &str) -> Option<&String> {
        self.picks.get(question).and_then(|p| p.first())
    }
}

/// The whole simulated world of one run.
pub struct World {
    pub(super) scenario: Arc<Scenario>,
    /// Display names for the ids events carry.
    pub(super) names: super::names::Names,
    pub(super) run_seed: u64,
    pub(super) now: u32,
    pub(super) end: u32,
    pub(super) phase: Phase,
    pub(super) noise_rng: ChaCha8Rng,
    pub(super) people_rng: ChaCha8Rng,
    queue: BinaryHeap<Reverse<(u32, u64, Timer)>>,
    seq: u64,
    /// Positions of services, teams, people and rules by id.
    pub(super) ids: Ids,
    pub(super) services: Vec<ServiceRt>,
    pub(super) rules: Vec<RuleRt>,
    pub(super) alerts: Vec<AlertRt>,
    pub(super) pages: Vec<PageRt>,
    pub(super) faults: Vec<FaultRt>,
    pub(super) people: Vec<PersonRt>,
    pub(super) rotation_index: Vec<usize>,
    pub(super) tasks: Vec<TaskRt>,
    pub(super) pending: Vec<PendingMitigation>,
    pub(super) incident: Option<Incident>,
    /// The public status page: each stage announced to customers, with the game second.
    pub(super) status_page: Vec<(u32, super::StatusState)>,
    /// Stakeholder asks that have been put (inject indices), with the game second each was put,
    /// in order.
    pub(super) asked: Vec<(usize, u32)>,
    /// Replies given: ask id → (game second, option id).
    pub(super) replies: BTreeMap<String, (u32, String)>,
    pub(super) players: Vec<usize>,
    /// At a game day, the seat each participant's person holds; empty in a one-player run.
    pub(super) seats: BTreeMap<usize, crate::scenario::SeatRole>,
    pub(super) inspected: BTreeSet<usize>,
    /// Who opened which service's dashboards: (person, service).
    pub(super) inspected_by: BTreeSet<(usize, usize)>,
    pub(super) answers: PostmortemAnswers,
    /// A commander the engine plays after a handover.
    pub(super) command: Option<super::command::NpcCommand>,
    /// Triggers (by inject index) already set off; each fires once.
    pub(super) fired: BTreeSet<usize>,
    /// The facilitator's prepared injects already fired, by id (each fires once).
    pub(super) prepared_fired: BTreeSet<String>,
    /// For each unhealthy-service trigger (by inject index), since when its service has been
    /// unhealthy without a break.
    pub(super) unhealthy_since: BTreeMap<usize, u32>,
    /// What fixes left behind (a protection off, a feature disabled), to the end of the shift: the
    /// fault they fixed (whose service it sits on, reaching dependents as the fault did) and the
    /// effect.
    pub(super) residuals: Vec<(usize, crate::scenario::Effect, Option<u32>)>,
    /// Per service: the monitoring is down (a live fault `blinds` it), and what it shows: for
    /// frozen dashboards, the readings and health from just before.
    pub(super) blind: Vec<Option<super::metrics::Shown>>,
    /// Support cases opened with vendors.
    pub(super) cases: Vec<super::vendor::Case>,
    /// What each data-losing fault (by index) has cost.
    pub(super) ledgers: BTreeMap<usize, super::data::Ledger>,
    /// Restores, by number; none once landed.
    pub(super) restores: Vec<Option<super::data::Restoring>>,
    /// Services drained by a failover: their traffic has moved to the rest of their load group.
    pub(super) drained: BTreeSet<usize>,
    /// Whether any service has a capacity, retries or a load group: load is then worked out at
    /// every scrape.
    pub(super) load_model: bool,
    /// Capacity scale-ups have added, per service (format 2).
    pub(super) capacity_added: Vec<f64>,
    /// Services whose rate limit turns away load past their capacity (format 2).
    pub(super) limited: BTreeSet<usize>,
    pub(super) runbook_additions: Vec<(usize, String)>,
    pub(super) impact_minutes: f64,
    /// Recent readings of every metric, oldest scrape first: one snapshot per scrape holding four
    /// values per service (NaN where a service has no such metric). A scrape writes one contiguous
    /// snapshot instead of touching four small buffers per service, which keeps big worlds fast.
    pub(super) history: VecDeque<Vec<f32>>,
    /// Every service's signals (format 2): latest readings and recent history.
    pub(super) signals: super::signals::Signals,
    /// The worst customer-facing harm at each recent scrape, for the trend updates are checked
    /// against.
    pub(super) hurt_history: VecDeque<(u32, f64)>,
    /// For each service, the alert-storm injects on it, in file order (so host rules do not search
    /// every inject at every scrape).
    pub(super) storms: Vec<Vec<usize>>,
    /// Set when a fault starts, ends or changes strength: the services' fault effects must be
    /// worked out again at the next scrape (between such moments they stay as they are).
    pub(super) effects_dirty: bool,
    pub(super) initial_knowledge: Vec<BTreeMap<usize, f64>>,
    pub(super) log: Vec<Event>,
}

/// How many samples of each metric the charts keep (two hours at the default scrape interval).
pub(super) const HISTORY: usize = 240;

impl World {
    /// The public status page: each stage announced to customers, with the game second.
    pub fn status_page(&self) -> &[(u32, super::StatusState)] {
        &self.status_page
    }

    /// Display names for the ids events and reports carry.
    pub fn names(&self) -> &super::names::Names {
        &self.names
    }

    /// Builds the world at the start of the shift. `players` are the person ids driven by humans;
    /// empty means the scenario's player alone. Only a validated scenario builds a world, so the
    /// engine can rely on every range the validator checks.
    pub fn new(scenario: Validated, run_seed: u64, players: &[String]) -> Result<World, Rejection> {
        let scenario = scenario.into_inner();
        let ids = Ids::of(&scenario);
        let mut storms = vec![Vec::new(); scenario.services.len()];
        for (i, inj) in scenario.injects.iter().enumerate() {
            if let Inject::AlertStorm { service, .. } = inj
                && let Some(&s) = ids.service.get(service)
            {
                storms[s].push(i);
            }
        }

        let players: Vec<usize> =
            if players.is_empty() {
                vec![*ids.person.get(&scenario.player).ok_or_else(|| {
                    Rejection::new(format!("unknown player \"{}\"", scenario.player))
                })?]
            } else {
                players
                    .iter()
                    .map(|p| {
                        ids.person
                            .get(p)
                            .copied()
                            .ok_or_else(|| Rejection::new(format!("unknown player \"{p}\"")))
                    })
                    .collect::<Result<_, _>>()?
            };

        let seats = super::seats::seats_for(&scenario, &players, &ids)?;

        let services: Vec<ServiceRt> = scenario
            .services
            .iter()
            .map(|s| {
                let mut baseline = [None; 4];
                let mut noise = [0.0; 4];
                for m in &s.metrics {
                    let k = metric_index(m.kind);
                    baseline[k] = Some(m.baseline);
                    noise[k] = m.noise;
                }
                ServiceRt {
                    current: baseline,
                    baseline,
                    noise,
                    owner: s.owner.as_ref().and_then(|o| ids.team.get(o).copied()),
                    deps: s
                        .depends_on
                        .iter()
                        .filter_map(|d| ids.service.get(d).copied())
                        .collect(),
                    effect: Effect4::NONE,
                    recovered: false,
                }
            })
            .collect();

        // Who calls whom, worked out once for every fault's reach.
        let dependents = dependents_of(&services);
        let rules = scenario
            .alerts
            .iter()
            .map(|a| {
                let svc = ids.service.get(&a.service).copied().unwrap_or(0);
                let slots = match a.level {
                    crate::scenario::Level::Host => scenario.services[svc].hosts.max(1) as usize,
                    crate::scenario::Level::Service => 1,
                };
                // A signal's rule reads past the four health metrics (see `SIGNAL_BASE`).
                let metric = match (&a.metric.kind(), a.metric.signal()) {
                    (Some(kind), _) => metric_index(*kind),
                    (None, name) => {
                        let k = scenario.services[svc]
                            .signals
                            .iter()
                            .position(|g| Some(g.name.as_str()) == name);
                        super::signals::SIGNAL_BASE
                            + k.unwrap_or(usize::MAX - super::signals::SIGNAL_BASE)
                    }
                };
                RuleRt {
                    service: svc,
                    metric,
                    pending_since: vec![None; slots],
                    open: vec![None; slots],
                    flagged: false,
                }
            })
            .collect();

        let mut people: Vec<PersonRt> = scenario
            .people
            .iter()
            .map(|p| PersonRt {
                knowledge: p
                    .knowledge
                    .iter()
                    .filter_map(|(s, k)| ids.service.get(s).map(|&i| (i, *k)))
                    .collect(),
                fatigue: p.fatigue,
                unavailable_until: if p.away { u32::MAX } else { 0 },
                engaged: None,
                generation: 0,
                paired_with: None,
                used_runbook: false,
                teams: Vec::new(),
                woken: 0,
                directed: false,
                awaiting: None,
                called: false,
            })
            .collect();
        for (ti, t) in scenario.teams.iter().enumerate() {
            for m in &t.members {
                if let Some(&pi) = ids.person.get(m) {
                    people[pi].teams.push(ti);
                }
            }
        }
        let initial_knowledge = people.iter().map(|p| p.knowledge.clone()).collect();

        let faults = scenario
            .faults
            .iter()
            .map(|f| FaultRt {
                started: false,
                started_at: f.at_minute.saturating_mul(60),
                waves: 0,
                prevented: false,
                ended_at: None,
                intensity: 1.0,
                // A fault that does not propagate reaches nothing beyond its own service.
                reach: {
                    let origin = ids.service.get(&f.service).copied().unwrap_or(0);
                    if f.propagation > 0.0 {
                        reach_of(&dependents, origin)
                    } else {
                        vec![(origin, 0)]
                    }
                },
            })
            .collect();

        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&scenario.seed.to_le_bytes());
        seed[8..16].copy_from_slice(&run_seed.to_le_bytes());
        seed[16..].copy_from_slice(b"pagerdrill-world");
        let mut noise_rng = ChaCha8Rng::from_seed(seed);
        noise_rng.set_stream(1);
        let mut people_rng = ChaCha8Rng::from_seed(seed);
        people_rng.set_stream(2);

        let end = scenario.shift.duration_minutes * 60;
        let team_count = scenario.teams.len();
        let mut world = World {
            asked: Vec::new(),
            replies: BTreeMap::new(),
            status_page: Vec::new(),
            names: if seats.is_empty() {
                super::names::Names::of(&scenario)
            } else {
                // Nobody is "you" in a report the whole team reads.
                super::names::Names::of(&scenario).for_a_team()
            },
            run_seed,
            now: 0,
            end,
            phase: Phase::Shift,
            noise_rng,
            people_rng,
            queue: BinaryHeap::new(),
            seq: 0,
            ids,
            services,
            rules,
            alerts: Vec::new(),
            pages: Vec::new(),
            faults,
            people,
            rotation_index: vec![0; team_count],
            tasks: Vec::new(),
            pending: Vec::new(),
            incident: None,
            seats,
            players,
            inspected: BTreeSet::new(),
            inspected_by: BTreeSet::new(),
            answers: PostmortemAnswers::default(),
            command: None,
            fired: BTreeSet::new(),
            prepared_fired: BTreeSet::new(),
            unhealthy_since: BTreeMap::new(),
            residuals: Vec::new(),
            blind: vec![None; scenario.services.len()],
            cases: Vec::new(),
            ledgers: BTreeMap::new(),
            restores: Vec::new(),
            drained: BTreeSet::new(),
            capacity_added: vec![0.0; scenario.services.len()],
            limited: BTreeSet::new(),
            load_model: scenario
                .services
                .iter()
                .any(|s| s.capacity.is_some() || s.load_group.is_some() || s.retries > 0.0),
            runbook_additions: Vec::new(),
            impact_minutes: 0.0,
            history: VecDeque::new(),
            signals: super::signals::Signals::new(&scenario),
            hurt_history: VecDeque::new(),
            storms,
            effects_dirty: true,
            initial_knowledge,
            log: Vec::new(),
            scenario: Arc::new(scenario),
        };
        world.schedule_start();
        Ok(world)
    }

    fn schedule_start(&mut self) {
        self.schedule(0, Timer::Scrape);
        let sc = Arc::clone(&self.scenario);
        for (i, f) in sc.faults.iter().enumerate() {
            if !f.triggered {
                self.schedule(f.at_minute * 60, Timer::FaultStart(i));
            }
        }
        for (i, inj) in sc.injects.iter().enumerate() {
            if let Some(m) = inj.at_minute() {
                self.schedule(m * 60, Timer::Inject(i));
            }
        }
        let start = self.scenario.shift.start.minutes();
        for (i, t) in sc.teams.iter().enumerate() {
            // At shift start the first in order already holds the pager; the next handoff is the
            // first time the clock reaches the handoff time after that.
            let mut first = (t.rotation.handoff.minutes() + 1440 - start) % 1440;
            if first == 0 {
                first = 1440;
            }
            let mut at = first * 60;
            while at < self.end {
                self.schedule(at, Timer::Handoff(i));
                at += 1440 * 60;
            }
        }
    }

    pub(super) fn schedule(&mut self, at: u32, timer: Timer) {
        self.seq += 1;
        self.queue.push(Reverse((at, self.seq, timer)));
    }

    pub(super) fn log(&mut self, kind: EventKind) {
        self.log.push(Event { at: self.now, kind });
    }

    /// Game seconds since shift start.
    pub fn now(&self) -> u32 {
        self.now
    }

    /// Length of the shift in game seconds.
    pub fn end(&self) -> u32 {
        self.end
    }

    /// Where the run is.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The run seed.
    pub fn run_seed(&self) -> u64 {
        self.run_seed
    }

    /// Everything that has happened so far.
    pub fn log_events(&self) -> &[Event] {
        &self.log
    }

    /// Customer-impact minutes so far.
    pub fn impact_minutes(&self) -> f64 {
        self.impact_minutes
    }

    /// The incident, if one was declared.
    pub fn incident(&self) -> Option<&Incident> {
        self.incident.as_ref()
    }

    /// What the player has put into the postmortem so far.
    pub fn answers(&self) -> &PostmortemAnswers {
        &self.answers
    }

    /// Steps added to runbooks during the run: service id and text.
    pub fn runbook_additions(&self) -> Vec<(String, String)> {
        self.runbook_additions
            .iter()
            .map(|(s, t)| (self.scenario.services[*s].id.clone(), t.clone()))
            .collect()
    }

    /// Knowledge of a person about a service now and at the start, 0–1.
    pub fn knowledge(&self, person: &str, service: &str) -> Option<(f64, f64)> {
        let p = *self.ids.person.get(person)?;
        let s = *self.ids.service.get(service)?;
        Some((
            self.initial_knowledge[p].get(&s).copied().unwrap_or(0.0),
            self.people[p].knowledge.get(&s).copied().unwrap_or(0.0),
        ))
    }

    /// Final state of every page, in order.
    pub fn page_states(&self) -> Vec<PageState> {
        self.pages.iter().map(|p| p.state).collect()
    }

    /// What two copies of a world are compared by beside their logs: every service's latest
    /// readings and the customer impact so far.
    pub fn readings(&self) -> impl Iterator<Item = f64> + '_ {
        self.services
            .iter()
            .flat_map(|s| s.current.iter().map(|v| v.unwrap_or(f64::NAN)))
            .chain(std::iter::once(self.impact_minutes))
    }

    /// Ids of the people driven by players.
    pub fn player_ids(&self) -> Vec<String> {
        self.players
            .iter()
            .map(|&p| self.scenario.people[p].id.clone())
            .collect()
    }

    /// Plays the world forward to game second `t` (clamped to the end of the shift). Reaching the end
    /// closes the shift and opens the postmortem.
    pub fn advance_to(&mut self, t: u32) {
        if self.phase != Phase::Shift {
            return;
        }
        let t = t.min(self.end);
        while let Some(Reverse((at, _, _))) = self.queue.peek() {
            if *at > t {
                break;
            }
            let Some(Reverse((at, _, timer))) = self.queue.pop() else {
                break;
            };
            self.now = at.max(self.now);
            self.fire(timer);
        }
        self.now = t.max(self.now);
        if self.now >= self.end {
            self.finish_shift();
        }
    }

    /// Advances by a number of game seconds.
    pub fn step(&mut self, seconds: u32) {
        self.advance_to(self.now.saturating_add(seconds));
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Scrape => {
                self.scrape();
                let next = self.now + self.scenario.shift.scrape_interval_seconds;
                if next < self.end {
                    self.schedule(next, Timer::Scrape);
                }
            }
            Timer::FaultStart(f) => self.start_fault(f),
            Timer::FaultHeal { fault, wave } => {
                // A heal timer belongs to its wave; a later wave heals on its own timer.
                if self.faults[fault].waves == wave {
                    self.heal_fault(fault);
                }
            }
            Timer::FaultWave(f) => self.next_wave(f),
            Timer::Inject(i) => self.run_inject(i),
            Timer::Handoff(t) => self.handoff(t),
            Timer::Escalate { page, level } => self.escalate(page, level),
            Timer::NpcAck { page, person } => self.npc_ack(page, person),
            Timer::Join { person, service } => self.engage(person, service),
            Timer::InvestigationDone {
                person,
                service,
                generation,
            } => self.investigation_done(person, service, generation),
            Timer::TaskWork(t) => self.task_work(t),
            Timer::TaskDue(t) => self.task_due(t),
            Timer::MitigationEffect(m) => self.mitigation_effect(m),
            Timer::SnoozeEnd(a) => self.snooze_end(a),
            Timer::CommsUpdate { person } => self.comms_update(person),
            Timer::TriggerFire(i) => self.fire_trigger(i),
            Timer::VendorActs(c) => self.vendor_acts(c),
            Timer::RestoreDone(r) => self.restore_done(r),
            Timer::UpToSpeed { person } => self.up_to_speed(person),
            Timer::CommandRound { person } => self.command_round(person),
        }
    }

    pub(super) fn start_fault(&mut self, f: usize) {
        if self.faults[f].started {
            return;
        }
        self.begin_wave(f);
    }

    /// A fault comes back for another wave, unless a fix that persists is in place or it is live.
    fn next_wave(&mut self, f: usize) {
        let rt = &self.faults[f];
        if rt.prevented {
            return;
        }
        if rt.started && rt.ended_at.is_none() {
            // Still live when the next is due: the wave runs on, and the one after keeps time.
            self.faults[f].waves += 1;
            self.schedule_next_wave(f);
            return;
        }
        self.begin_wave(f);
    }

    fn schedule_next_wave(&mut self, f: usize) {
        if let Some(w) = &self.scenario.faults[f].waves
            && self.faults[f].waves < w.count
        {
            self.schedule(
                self.now.saturating_add(w.every_minutes.saturating_mul(60)),
                Timer::FaultWave(f),
            );
        }
    }

    fn begin_wave(&mut self, f: usize) {
        self.data_fault_started(f);
        self.faults[f].started = true;
        self.faults[f].started_at = self.now;
        self.faults[f].ended_at = None;
        self.faults[f].intensity = 1.0;
        self.faults[f].waves += 1;
        self.schedule_next_wave(f);
        self.effects_dirty = true;
        let fault = &self.scenario.faults[f];
        let (id, service) = (fault.id.clone(), fault.service.clone());
        if let Some(h) = fault.self_heal_minutes {
            self.schedule(
                self.now.saturating_add(h.saturating_mul(60)),
                Timer::FaultHeal {
                    fault: f,
                    wave: self.faults[f].waves,
                },
            );
        }
        if let Some(&s) = self.ids.service.get(&service) {
            self.services[s].recovered = false;
        }
        self.log(EventKind::FaultStarted { fault: id, service });
    }

    pub(super) fn heal_fault(&mut self, f: usize) {
        if self.faults[f].ended_at.is_none() {
            self.end_fault(f);
            self.log(EventKind::FaultHealed {
                fault: self.scenario.faults[f].id.clone(),
            });
        }
    }

    pub(super) fn end_fault(&mut self, f: usize) {
        self.faults[f].ended_at = Some(self.now);
        self.effects_dirty = true;
        if let Some(&s) = self.ids.service.get(&self.scenario.faults[f].service) {
            self.services[s].recovered = true;
        }
        self.release_workers();
    }

    pub(super) fn run_inject(&mut self, i: usize) {
        match self.scenario.injects[i].clone() {
            Inject::AlertStorm { .. } | Inject::Trigger { .. } => {}
            Inject::Message { from, text, .. } => self.say(from, text),
            Inject::HandoverDue { to, text, .. } => {
                let from = self.names.person(&to).to_owned();
                self.log(EventKind::Message { from, text });
            }
            // An ask a trigger or the facilitator already raised is not asked again.
            Inject::Ask { .. } if self.asked.iter().any(|(x, _)| *x == i) => {}
            Inject::Ask { id, from, text, .. } => {
                self.asked.push((i, self.now));
                self.log(EventKind::Asked {
                    ask: id,
                    from,
                    text,
                });
            }
            Inject::Unavailable {
                person,
                duration_minutes,
                ..
            } => self.take_away(person, duration_minutes),
        }
    }

    /// A scripted message in the channel, from a person on the roster (by name) or anyone else.
    pub(super) fn say(&mut self, from: String, text: String) {
        let from = self
            .ids
            .person
            .get(&from)
            .map(|&p| self.scenario.people[p].name.clone())
            .unwrap_or(from);
        self.log(EventKind::Message { from, text });
    }

    /// A person becomes unreachable for a while.
    pub(super) fn take_away(&mut self, person: String, minutes: u32) {
        if let Some(&p) = self.ids.person.get(&person) {
            let until = self.now.saturating_add(minutes.saturating_mul(60));
            self.people[p].unavailable_until = self.people[p].unavailable_until.max(until);
            self.log(EventKind::BecameUnavailable { person, until });
        }
    }

    fn handoff(&mut self, t: usize) {
        self.rotation_index[t] += 1;
        let team = &self.scenario.teams[t];
        let primary = self
            .primary(t)
            .map(|p| self.scenario.people[p].id.clone())
            .unwrap_or_default();
        let secondary = self
            .secondary(t)
            .map(|p| self.scenario.people[p].id.clone())
            .unwrap_or_default();
        let id = team.id.clone();
        self.log(EventKind::Handoff {
            team: id,
            primary,
            secondary,
        });
    }

    /// The team's primary on call now.
    pub(super) fn primary(&self, t: usize) -> Option<usize> {
        let order = &self.scenario.teams[t].rotation.order;
        let who = order.get(self.rotation_index[t] % order.len().max(1))?;
        self.ids.person.get(who).copied()
    }

    /// The team's secondary on call now.
    pub(super) fn secondary(&self, t: usize) -> Option<usize> {
        let order = &self.scenario.teams[t].rotation.order;
        if order.len() < 2 {
            return None;
        }
        let who = &order[(self.rotation_index[t] + 1) % order.len()];
        self.ids.person.get(who).copied()
    }

    fn finish_shift(&mut self) {
        if self.phase != Phase::Shift {
            return;
        }
        self.now = self.end;
        for i in 0..self.pages.len() {
            if self.pages[i].state == PageState::Open {
                self.pages[i].state = if self.pages[i].level > 0 {
                    PageState::Escalated
                } else {
                    PageState::Expired
                };
                self.log(EventKind::PageExpired { page: i as u32 + 1 });
            }
        }
        self.release_everyone();
        self.phase = Phase::Postmortem;
        self.log(EventKind::ShiftEnded);
    }

    /// Plays out the rest of the shift with no more player input.
    pub fn finish(&mut self) {
        self.advance_to(self.end);
    }

    /// Local minute of the day for a person.
    pub(super) fn local_minute(&self, p: usize) -> u32 {
        let offset = self.scenario.people[p].utc_offset_hours * 60;
        let utc = self.scenario.shift.start.minutes() as i64 + i64::from(self.now / 60);
        (utc + i64::from(offset)).rem_euclid(1440) as u32
    }

    /// Whether a person is awake now.
    /// Whether a person is up: within their waking hours, called in, or already working on something
    /// (someone working an incident at 3 a.m. cannot be woken by the next call about it).
    pub(super) fn up(&self, p: usize) -> bool {
        self.people[p].engaged.is_some() || self.people[p].called || self.awake(p)
    }

    pub(super) fn awake(&self, p: usize) -> bool {
        let m = self.local_minute(p);
        let person = &self.scenario.people[p];
        let (w, s) = (person.wakes.minutes(), person.sleeps.minutes());
        if w <= s {
            m >= w && m < s
        } else {
            m >= w || m < s
        }
    }

    /// Whether a person can be reached at all now.
    pub(super) fn reachable(&self, p: usize) -> bool {
        self.people[p].unavailable_until <= self.now
    }

    /// Whether it is business hours (09:00–17:00) for a person.
    pub(super) fn business_hours(&self, p: usize) -> bool {
        (9 * 60..17 * 60).contains(&self.local_minute(p))
    }

    pub(super) fn is_player(&self, p: usize) -> bool {
        self.players.contains(&p)
    }

    /// Whether any live fault affects a service; the hops from the nearest one.
    /// The services whose live faults have the status page down with them, as words; `None` when
    /// it can be updated.
    pub(super) fn status_page_down(&self) -> Option<String> {
        let down: Vec<String> = self
            .scenario
            .faults
            .iter()
            .zip(&self.faults)
            .filter(|(f, rt)| f.status_page_down && rt.started && rt.ended_at.is_none())
            .map(|(f, _)| self.names.service(&f.service).to_owned())
            .collect();
        (!down.is_empty()).then(|| super::words::list(&down))
    }

    pub(super) fn live_fault_near(&self, s: usize) -> Option<(usize, u32)> {
        self.faults
            .iter()
            .enumerate()
            .filter(|(_, f)| f.started && f.ended_at.is_none())
            .filter_map(|(i, f)| f.reach.iter().find(|(x, _)| *x == s).map(|(_, h)| (i, *h)))
            .min_by_key(|&(i, h)| (h, i))
    }
}

/// Index of a metric kind in per-service arrays (the order of `MetricKind::ALL`).
pub(super) fn metric_index(kind: crate::scenario::MetricKind) -> usize {
    kind as usize
}

/// For each service, the services that call it.
pub(super) fn dependents_of(services: &[ServiceRt]) -> Vec<Vec<usize>> {
    let mut dependents = vec![Vec::new(); services.len()];
    for (i, s) in services.iter().enumerate() {
        for &d in &s.deps {
            dependents[d].push(i);
        }
    }
    dependents
}

/// Services a failure at `origin` reaches (those depending on it, transitively), with hop counts.
fn reach_of(dependents: &[Vec<usize>], origin: usize) -> Vec<(usize, u32)> {
    let mut hops = vec![None; dependents.len()];
    hops[origin] = Some(0u32);
    let mut out = vec![(origin, 0)];
    let mut head = 0;
    while head < out.len() {
        let (x, h) = out[head];
        head += 1;
        for &up in &dependents[x] {
            if hops[up].is_none() {
                hops[up] = Some(h + 1);
                out.push((up, h + 1));
            }
        }
    }
    out
}
