//! The scenario file's data types, exactly as they appear in RON.
//!
//! Every struct denies unknown fields so that a typo in a scenario is an error with a position instead
//! of a silently ignored line. Optional fields carry `#[serde(default)]`; the defaults are documented in
//! `docs/scenario-format.md` and repeated on each field here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::time::TimeOfDay;

/// A complete scenario: the world, the shift, the trouble and the postmortem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The version of this format the file is written in: 1 (default) or 2. Format 2 adds
    /// per-mitigation rules on faults, faults started by triggers, and triggered injects.
    #[serde(default = "format_one")]
    pub format: u32,
    /// Stable identifier: lowercase letters, digits, '-' or '_'; used on the command line.
    pub id: String,
    /// Title shown in menus.
    pub title: String,
    /// One or two sentences shown on the scenario select screen.
    pub summary: String,
    /// How hard the scenario is.
    pub difficulty: Difficulty,
    /// What the player should take away, in plain words.
    pub learning_goals: Vec<String>,
    /// Which of the game's lessons the scenario teaches.
    #[serde(default)]
    pub lessons: Vec<Lesson>,
    /// The score category this scenario is built to teach; the playthrough tests compare it.
    #[serde(default)]
    pub focus: Option<Category>,
    /// The seat the player takes.
    pub role: PlayerRole,
    /// Practice (pause allowed) or exam (no pause). Default: practice.
    #[serde(default)]
    pub mode: Mode,
    /// The person in `people` whom the player plays.
    pub player: String,
    /// When the shift starts and how long it lasts.
    pub shift: Shift,
    /// Scenario seed; combined with the run seed for all randomness.
    #[serde(default)]
    pub seed: u64,
    /// Par times and impact a good run achieves, used by scoring.
    pub par: Par,
    /// Per-category weights of the total score. Default: all 1.0.
    #[serde(default)]
    pub weights: Weights,
    /// Error budget for the shift, in customer-impact minutes. Default: 60.
    #[serde(default = "default_error_budget")]
    pub error_budget_minutes: f64,
    /// What a minute of customer impact means in this world's own terms (orders, sign-ins,
    /// messages), for the after-action report. Default: none (impact in minutes only).
    #[serde(default)]
    pub impact_terms: Option<ImpactTerms>,
    /// How much owners do without the player, 0 to 1. An owner who has found the fix applies it at
    /// once when a player has pulled them in (paged them by hand, delegated to them, given them a
    /// role, paired them) or an incident is open; otherwise, at each look, they go ahead on their
    /// own with this chance and otherwise wait for a go-ahead. Default: 1 (owners always go ahead).
    #[serde(default = "full_autonomy")]
    pub autonomy: f64,
    /// The team whose rotation receives `OpsQueue` alerts (the central-ops era). Default: none.
    #[serde(default)]
    pub ops_team: Option<String>,
    /// The services of the world.
    pub services: Vec<Service>,
    /// The alert rules evaluated against service metrics.
    pub alerts: Vec<AlertRule>,
    /// Teams, their rotations and escalation policies.
    pub teams: Vec<Team>,
    /// Everyone in the world, including the player.
    pub people: Vec<Person>,
    /// Faults that break services during the shift.
    pub faults: Vec<Fault>,
    /// Other timed events: alert storms, messages, deploys, people becoming unavailable.
    #[serde(default)]
    pub injects: Vec<Inject>,
    /// Questions asked after the shift.
    #[serde(default)]
    pub postmortem: Vec<Question>,
    /// How a team plays it on a game day: the seats people take, the facilitator's prepared
    /// injects and guide (format 2). Default: none (a one-player scenario).
    #[serde(default)]
    pub game_day: Option<GameDay>,
}

/// A scenario written for a team with a facilitator: who sits where, what the facilitator can set
/// off, and what to look for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GameDay {
    /// The seats, one person each; the scenario's `player` must hold one of them (it is the seat
    /// a single player takes when the scenario is played alone).
    pub seats: Vec<Seat>,
    /// Injects the facilitator fires by hand whenever they choose.
    #[serde(default)]
    pub prepared: Vec<Prepared>,
    /// The facilitator's guide: what to set up, when to inject what, what to watch for.
    #[serde(default)]
    pub guide: Vec<String>,
}

/// One seat at a game day: the person a participant plays and what that person does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seat {
    /// The person in `people` the participant plays.
    pub person: String,
    /// What they do, which also decides what they see.
    pub role: SeatRole,
}

/// What a seat does at a game day, and so what it sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SeatRole {
    /// Runs the incident: sees the incident, roles, tasks and what people report.
    Commander,
    /// Works the pages of their own team: sees their pager, their team's dashboards and the
    /// dashboards they open.
    Responder,
    /// Talks to stakeholders and customers: sees the questions and the status page.
    Communications,
    /// Keeps the record: sees the channel and the incident.
    Scribe,
}

impl SeatRole {
    /// Every seat role, in the order the game lists them.
    pub const ALL: [SeatRole; 4] = [
        SeatRole::Commander,
        SeatRole::Responder,
        SeatRole::Communications,
        SeatRole::Scribe,
    ];
}

/// An inject the facilitator fires by hand (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prepared {
    /// Unique among prepared injects; the facilitator's `Fire` action names it.
    pub id: String,
    /// What the facilitator's console shows: "The VP asks for an ETA".
    pub label: String,
    /// What happens when it is fired.
    pub then: Vec<Consequence>,
}

fn default_error_budget() -> f64 {
    60.0
}

fn full_autonomy() -> f64 {
    1.0
}

/// How hard a scenario is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Difficulty {
    /// First contact with the pager.
    Beginner,
    /// Needs the basics.
    Intermediate,
    /// Several things at once.
    Advanced,
    /// Everything at once, at scale.
    Expert,
}

/// The lessons from the game design; scenarios tag the ones they teach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Lesson {
    /// 1. Owners get the page.
    OwnersGetThePage,
    /// 2. Know what you own.
    KnowWhatYouOwn,
    /// 3. Don't route through heroes.
    NoHeroes,
    /// 4. Learn by doing.
    LearnByDoing,
    /// 5. Noise is a defect.
    NoiseIsADefect,
    /// 6. Incident command is a skill everyone can learn.
    IncidentCommand,
    /// 7. Postmortems are for learning.
    BlamelessPostmortems,
    /// 8. Copy the questions, not the answers.
    CopyTheQuestions,
}

/// A score category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    /// Pages reached the owning team's rotation.
    Routing,
    /// Knowledge spread, noise flagged, blameless postmortem.
    Learning,
    /// Acknowledge, mitigate, resolve against par.
    Response,
    /// Customer-impact minutes and error budget.
    Impact,
    /// Incident declared, roles, status cadence, handover and close.
    Communication,
}

/// The seat the player takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlayerRole {
    /// The player is on call and works the pages.
    Responder,
    /// The player runs the incident and should delegate the hands-on work.
    Commander,
}

/// Whether the player may pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Mode {
    /// Pausing is allowed.
    #[default]
    Practice,
    /// Pausing is refused.
    Exam,
}

/// When the shift happens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// Time of day the shift starts, `"HH:MM"`, in UTC.
    pub start: TimeOfDay,
    /// Length of the shift in game minutes (1 to 2880).
    pub duration_minutes: u32,
    /// Game seconds that pass per real second in the game (0.1 to 3600). Default: 30.
    #[serde(default = "default_compression")]
    pub time_compression: f64,
    /// How often metrics are sampled and alert rules evaluated, in game seconds (5 to 300). Default: 30.
    #[serde(default = "default_scrape")]
    pub scrape_interval_seconds: u32,
}

fn default_compression() -> f64 {
    30.0
}

fn default_scrape() -> u32 {
    30
}

/// What a good run achieves; scoring compares the player against these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Par {
    /// Minutes from the first real page to its acknowledgement.
    pub acknowledge_minutes: u32,
    /// Minutes from the first real alert to a person of the owning team engaged.
    pub engage_owner_minutes: u32,
    /// Minutes from the fault to the right mitigation taking effect.
    pub mitigate_minutes: u32,
    /// Minutes from the fault to the incident being resolved.
    pub resolve_minutes: u32,
    /// Customer-impact minutes of a good run.
    pub impact_minutes: f64,
}

/// Per-category weights of the total score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Weight of routing. Default 1.0.
    #[serde(default = "one")]
    pub routing: f64,
    /// Weight of learning. Default 1.0.
    #[serde(default = "one")]
    pub learning: f64,
    /// Weight of response. Default 1.0.
    #[serde(default = "one")]
    pub response: f64,
    /// Weight of impact. Default 1.0.
    #[serde(default = "one")]
    pub impact: f64,
    /// Weight of communication. Default 1.0.
    #[serde(default = "one")]
    pub communication: f64,
}

fn one() -> f64 {
    1.0
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            routing: 1.0,
            learning: 1.0,
            response: 1.0,
            impact: 1.0,
            communication: 1.0,
        }
    }
}

/// A service of the world.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The owning team's id; none for an unowned service. Default: none.
    #[serde(default)]
    pub owner: Option<String>,
    /// Whether customers notice when it degrades. Default: false.
    #[serde(default)]
    pub customer_facing: bool,
    /// Ids of the services this one calls; their failures propagate here. Default: none.
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// Number of hosts; host-level alert rules fire per host. Default: 3.
    #[serde(default = "default_hosts")]
    pub hosts: u32,
    /// Health metrics with baseline and noise.
    pub metrics: Vec<Metric>,
    /// Runbook steps; reading it speeds up diagnosis. Default: none.
    #[serde(default)]
    pub runbook: Vec<String>,
    /// Deploys shown when the service is inspected, including ones before the shift. Default: none.
    #[serde(default)]
    pub deploys: Vec<Deploy>,
    /// Backups a restore can come from (format 2).
    #[serde(default)]
    pub backups: Vec<Backup>,
    /// Requests per second it can serve (in its throughput metric's units) before it overloads:
    /// beyond it the excess fails and everything slows (format 2). Default: no limit.
    #[serde(default)]
    pub capacity: Option<f64>,
    /// Services that share one load, such as regions: a failover applied to one drains it and
    /// moves its traffic to the others in the group (format 2).
    #[serde(default)]
    pub load_group: Option<String>,
    /// How many times, on average, callers retry a failed request: errors come back as extra load
    /// (format 2). Default: 0.
    #[serde(default)]
    pub retries: f64,
    /// The share of customers (0–1) who depend on it, for a customer-facing service: customer
    /// impact then adds up the shares that are hurt, so moving some customers off a broken zone
    /// counts (format 2). Default: none; impact is the worst-hurt customer-facing service's.
    #[serde(default)]
    pub customer_share: Option<f64>,
    /// Requests per second each scale-up that lands adds to its capacity (format 2). Default: a
    /// scale-up adds none.
    #[serde(default)]
    pub scale_up_adds: Option<f64>,
    /// Readings of its own beyond the four health metrics, such as replication lag or queue depth
    /// (format 2).
    #[serde(default)]
    pub signals: Vec<Signal>,
}

/// A reading a service reports beyond the four health metrics: replication lag, queue depth, the
/// age of the newest backup, days until a certificate expires (format 2). Responders read it on
/// the dashboard and alert rules can watch it; customers do not feel it directly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// Name shown on the dashboard and used by alerts and faults; unique within the service.
    pub name: String,
    /// Unit shown after each reading ("s", "messages", "days"). Default: none.
    #[serde(default)]
    pub unit: String,
    /// Normal value.
    pub baseline: f64,
    /// Standard deviation of the seeded noise, same unit. Default: 0.
    #[serde(default)]
    pub noise: f64,
    /// Lowest value it can read. Default: 0.
    #[serde(default)]
    pub min: f64,
    /// Highest value it can read. Default: no limit.
    #[serde(default)]
    pub max: Option<f64>,
    /// Past this line the service counts as degraded, on the map and for requirements and
    /// triggers, whatever its health metrics say. Default: it never does.
    #[serde(default)]
    pub degraded: Option<Condition>,
}

/// How a live fault moves a signal (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalEffect {
    /// The service whose signal moves. Default: the fault's own service.
    #[serde(default)]
    pub service: Option<String>,
    /// The signal's name on that service.
    pub signal: String,
    /// Added once the fault is at full strength (negative lowers it). Default: 0.
    #[serde(default)]
    pub add: f64,
    /// Added for every minute the fault has been live: lag building up, a queue filling, a
    /// certificate's days running out. Default: 0.
    #[serde(default)]
    pub per_minute: f64,
}

/// What a fault's left-out `at_minute` reads as: no time at all, which only a triggered fault may
/// have.
pub const NO_MINUTE: u32 = u32::MAX;

fn no_minute() -> u32 {
    NO_MINUTE
}

fn default_hosts() -> u32 {
    3
}

/// A health metric of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// Which metric.
    pub kind: MetricKind,
    /// Normal value (units by kind: ms, percent, requests/s, fraction 0–1).
    pub baseline: f64,
    /// Standard deviation of the seeded noise, same unit. Default: 0.
    #[serde(default)]
    pub noise: f64,
}

/// The four service health metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MetricKind {
    /// p99 latency in milliseconds.
    Latency = 0,
    /// Percentage of requests failing (0–100).
    ErrorRate,
    /// Requests per second.
    Throughput,
    /// Busiest resource's utilisation, 0–1 (CPU, memory, connections).
    Saturation,
}

impl MetricKind {
    /// All kinds, in display order.
    pub const ALL: [MetricKind; 4] = [
        MetricKind::Latency,
        MetricKind::ErrorRate,
        MetricKind::Throughput,
        MetricKind::Saturation,
    ];

    /// Unit suffix for display.
    pub fn unit(self) -> &'static str {
        match self {
            MetricKind::Latency => "ms",
            MetricKind::ErrorRate => "%",
            MetricKind::Throughput => "req/s",
            MetricKind::Saturation => "",
        }
    }
}

/// What an alert rule watches: one of the four health metrics, or a signal of the service's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlertMetric {
    /// p99 latency in milliseconds.
    Latency,
    /// Percentage of requests failing (0–100).
    ErrorRate,
    /// Requests per second.
    Throughput,
    /// Busiest resource's utilisation, 0–1.
    Saturation,
    /// A signal the service defines, by name (format 2).
    Signal(String),
}

impl AlertMetric {
    /// The health metric watched, or `None` for a signal.
    pub fn kind(&self) -> Option<MetricKind> {
        match self {
            AlertMetric::Latency => Some(MetricKind::Latency),
            AlertMetric::ErrorRate => Some(MetricKind::ErrorRate),
            AlertMetric::Throughput => Some(MetricKind::Throughput),
            AlertMetric::Saturation => Some(MetricKind::Saturation),
            AlertMetric::Signal(_) => None,
        }
    }

    /// The signal watched, if it is one.
    pub fn signal(&self) -> Option<&str> {
        match self {
            AlertMetric::Signal(name) => Some(name),
            _ => None,
        }
    }
}

impl From<MetricKind> for AlertMetric {
    fn from(kind: MetricKind) -> AlertMetric {
        match kind {
            MetricKind::Latency => AlertMetric::Latency,
            MetricKind::ErrorRate => AlertMetric::ErrorRate,
            MetricKind::Throughput => AlertMetric::Throughput,
            MetricKind::Saturation => AlertMetric::Saturation,
        }
    }
}

/// One value per metric kind, read by kind rather than by position.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PerMetric<T>(pub [T; 4]);

impl<T> PerMetric<T> {
    /// Each kind with its value, in display order.
    pub fn iter(&self) -> impl Iterator<Item = (MetricKind, &T)> {
        MetricKind::ALL.into_iter().zip(self.0.iter())
    }

    /// Builds one value per kind.
    pub fn from_fn(mut f: impl FnMut(MetricKind) -> T) -> PerMetric<T> {
        PerMetric(MetricKind::ALL.map(&mut f))
    }
}

impl<T> std::ops::Index<MetricKind> for PerMetric<T> {
    type Output = T;

    fn index(&self, kind: MetricKind) -> &T {
        &self.0[kind as usize]
    }
}

/// A deploy record shown when a service is inspected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deploy {
    /// Minutes from shift start; negative for before the shift.
    pub at_minute: i32,
    /// Version label.
    pub version: String,
    /// Who shipped it (a person id or free text).
    pub author: String,
    /// What changed. Default: empty.
    #[serde(default)]
    pub note: String,
}

/// An alert rule over one metric of one service. Written `Alert(...)` in RON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Alert")]
pub struct AlertRule {
    /// Unique id.
    pub id: String,
    /// The service whose metric is watched.
    pub service: String,
    /// The metric watched, or one of the service's own signals (`Signal("replication lag")`);
    /// the service must define it.
    pub metric: AlertMetric,
    /// Threshold crossing that fires the alert.
    pub condition: Condition,
    /// How long the condition must hold before firing, in game seconds. Default: 0.
    #[serde(default)]
    pub for_seconds: u32,
    /// How loudly it pages.
    pub priority: Priority,
    /// Where the page goes.
    pub route: Route,
    /// Service-level (a health signal users notice) or host-level (one host's reading). Default: service.
    #[serde(default)]
    pub level: Level,
    /// Text shown in the pager.
    pub summary: String,
    /// For a host-level rule: hosts crossing the line while one of its alerts is open join that
    /// alert instead of raising (and paging) their own (format 2).
    #[serde(default)]
    pub dedup: bool,
}

fn default_reply_within() -> u32 {
    10
}

/// One answer to a stakeholder's question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyOption {
    /// Unique within the ask.
    pub id: String,
    /// The answer as the stakeholder reads it.
    pub text: String,
    /// When it is the right answer.
    pub right: When,
    /// Why it is right or wrong, shown in the debrief.
    pub why: String,
}

/// When a reply is the right one: judged at the moment it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum When {
    /// Always right.
    Always,
    /// Never right.
    Never,
    /// Right while a customer-facing service is still degraded or down ("not yet").
    WhileCustomersHurt,
    /// Right once every customer-facing service has recovered ("yes, now").
    OnceCustomersRecovered,
}

/// Customer impact counted in what customers were trying to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactTerms {
    /// What failed or slowed for customers, plural: "checkout attempts", "sign-ins".
    pub what: String,
    /// How many of them one full minute of customer impact stands for.
    pub per_minute: f64,
}

/// Threshold condition of an alert rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// Fires while the metric is above the value.
    Above(f64),
    /// Fires while the metric is below the value.
    Below(f64),
}

/// Alert priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    /// Pages now, day or night.
    High,
    /// Waits for business hours.
    Medium,
    /// Becomes a ticket.
    Low,
    /// Wakes nobody.
    Notification,
}

impl Priority {
    /// Whether an alert of this priority may wake someone up.
    pub fn pages_at_night(self) -> bool {
        self == Priority::High
    }
}

/// Where an alert's page goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Route {
    /// The rotation of the team that owns the alert's service.
    OwningTeam,
    /// A named team's rotation.
    Team(String),
    /// The central operations queue: the rotation of `ops_team`.
    OpsQueue,
    /// One named person, bypassing any rotation.
    Person(String),
}

/// Whether an alert rule watches the service as a whole or each host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Level {
    /// One alert for the service.
    #[default]
    Service,
    /// One alert per host.
    Host,
}

/// A team with its members, rotation and escalation policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Person ids of the members.
    pub members: Vec<String>,
    /// Who is on call, in order.
    pub rotation: Rotation,
    /// How an unacknowledged page escalates. Default: primary, secondary after 5 min, team after 10.
    #[serde(default = "default_escalation")]
    pub escalation: Vec<EscalationLevel>,
    /// An outside company (a cloud provider, a payment processor): it does not take your pages,
    /// your engineers cannot change what it runs, and it acts only on a support case, after its
    /// response time (format 2).
    #[serde(default)]
    pub vendor: Option<Vendor>,
}

/// How an outside company answers (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    /// Minutes from opening a support case to their engineers starting the requested change.
    pub respond_minutes: u32,
}

/// The escalation policy a team gets when its file names none (and the one generated worlds use):
/// primary now, secondary after 5 minutes, the whole team after 10.
pub fn default_escalation() -> Vec<EscalationLevel> {
    vec![
        EscalationLevel {
            after_minutes: 0,
            notify: EscalationTarget::Primary,
        },
        EscalationLevel {
            after_minutes: 5,
            notify: EscalationTarget::Secondary,
        },
        EscalationLevel {
            after_minutes: 10,
            notify: EscalationTarget::WholeTeam,
        },
    ]
}

/// An on-call rotation: the order people take the pager in, and when it changes hands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// Person ids in rotation order; the first is primary at shift start, the second secondary.
    pub order: Vec<String>,
    /// Time of day (UTC) the pager passes to the next person in `order`.
    pub handoff: TimeOfDay,
}

/// One step of an escalation policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationLevel {
    /// Minutes after the page was first sent with no acknowledgement.
    pub after_minutes: u32,
    /// Who is notified at this step.
    pub notify: EscalationTarget,
}

/// Who an escalation step notifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EscalationTarget {
    /// The rotation's current primary.
    Primary,
    /// The rotation's current secondary.
    Secondary,
    /// Every member of the team.
    WholeTeam,
    /// A named person (a manager, say).
    Person(String),
}

/// A person in the world.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Experience level.
    pub seniority: Seniority,
    /// Knowledge of services, 0–1 by service id; missing means 0.
    #[serde(default)]
    pub knowledge: BTreeMap<String, f64>,
    /// Offset of the person's local time from UTC, in hours (-12 to 14). Default: 0.
    #[serde(default)]
    pub utc_offset_hours: i32,
    /// Local time the person wakes up. Default: "07:00".
    #[serde(default = "default_wake")]
    pub wakes: TimeOfDay,
    /// Local time the person goes to sleep. Default: "23:00".
    #[serde(default = "default_sleep")]
    pub sleeps: TimeOfDay,
    /// Fatigue at shift start, 0–1. Default: 0.
    #[serde(default)]
    pub fatigue: f64,
    /// The famous expert everybody calls. Default: false.
    #[serde(default)]
    pub hero: bool,
    /// Unreachable for the whole shift (holiday, leave). Default: false.
    #[serde(default)]
    pub away: bool,
}

fn default_wake() -> TimeOfDay {
    TimeOfDay::from_minutes(7 * 60)
}

fn default_sleep() -> TimeOfDay {
    TimeOfDay::from_minutes(23 * 60)
}

/// Experience level of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Seniority {
    /// First rotation.
    Junior,
    /// A few rotations in.
    Mid,
    /// Knows the systems well.
    Senior,
    /// The person everybody calls.
    Principal,
}

/// A fault: something breaks a service at a given time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Unique id (hidden from the player; shown in the debrief).
    pub id: String,
    /// What kind of failure it is.
    pub kind: FaultKind,
    /// The broken service.
    pub service: String,
    /// Minutes from shift start; required unless the fault is `triggered` (it is then unused, and
    /// left out reads as [`NO_MINUTE`]).
    #[serde(default = "no_minute")]
    pub at_minute: u32,
    /// Minutes the effect takes to reach full strength. Default: 2.
    #[serde(default = "default_ramp")]
    pub ramp_minutes: u32,
    /// What it does to the broken service's metrics.
    pub effect: Effect,
    /// Fraction of the effect that reaches each dependent per hop, 0–1. Default: 0.7.
    #[serde(default = "default_propagation")]
    pub propagation: f64,
    /// The severity a sensible commander declares for it.
    pub severity: Severity,
    /// Mitigations that end the fault.
    pub fixes: Vec<Mitigation>,
    /// Mitigations that make it worse.
    #[serde(default)]
    pub worsens: Vec<Mitigation>,
    /// Minutes a right mitigation takes to take effect. Default: 5.
    #[serde(default = "default_fix_minutes")]
    pub fix_minutes: u32,
    /// Minutes after which it ends on its own; none means it lasts until fixed. Default: none.
    #[serde(default)]
    pub self_heal_minutes: Option<u32>,
    /// Log lines revealed when the broken service is inspected. Default: none.
    #[serde(default)]
    pub logs: Vec<String>,
    /// What the root cause was, told in the debrief.
    pub root_cause: String,
    /// How particular fixes behave on this fault where they differ from `fix_minutes`: their own
    /// delay, what they need before they can work, what they cost customers (format 2).
    #[serde(default)]
    pub mitigations: BTreeMap<Mitigation, MitigationRule>,
    /// Starts only when a trigger starts it (`StartFault`), never at `at_minute` (format 2).
    #[serde(default)]
    pub triggered: bool,
    /// Comes back in waves: each wave lasts `self_heal_minutes` (or until fixed) and the next
    /// starts `every_minutes` after the last one began, unless a fix that `persists` is in place
    /// (format 2).
    #[serde(default)]
    pub waves: Option<Waves>,
    /// The monitoring this fault takes down with it: while it is live, these services' dashboards
    /// show no data (or freeze) and their alerts cannot fire (format 2).
    #[serde(default)]
    pub blinds: Option<Blind>,
    /// Data this fault destroys or loses while it is live, which only a restore brings back
    /// (format 2).
    #[serde(default)]
    pub loses_data: Option<DataLoss>,
    /// Signals it moves while live, on its own service or others (format 2).
    #[serde(default)]
    pub signals: Vec<SignalEffect>,
    /// Minutes its effect takes to fade once it has ended, by a fix or on its own: caches
    /// warming, queues draining, servers rejoining (format 2). Default: 0, gone at once.
    #[serde(default)]
    pub recovery_minutes: u32,
    /// The public status page runs on what this fault breaks: while it is live, nobody can post
    /// to customers there (format 2).
    #[serde(default)]
    pub status_page_down: bool,
}

/// Data a fault destroys (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataLoss {
    /// What is lost, in the scenario's words, plural: "customer sites", "orders".
    pub what: String,
    /// Records destroyed outright when the fault starts (deleted rows, wiped sites). Default: 0.
    #[serde(default)]
    pub destroys: f64,
    /// Records written to the service per minute; while the fault is live they are lost, and a
    /// restore rolls back those written after its backup. Default: 0.
    #[serde(default)]
    pub per_minute: f64,
}

/// A backup of a service (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// Unique within the service.
    pub id: String,
    /// When it was taken, in minutes from the shift's start; negative: before the shift.
    pub taken_at_minute: i32,
    /// Minutes a restore from it takes.
    pub restore_minutes: u32,
    /// Whether a test restore has ever checked it; the console shows this.
    #[serde(default)]
    pub verified: bool,
    /// Whether it restores at all; an unverified backup can turn out unreadable, and nobody knows
    /// until they try. Default: true.
    #[serde(default = "yes")]
    pub good: bool,
    /// The restore replays the write log kept since the backup, so the writes made after it are
    /// kept rather than rolled back (a point-in-time restore). Default: false.
    #[serde(default)]
    pub replays_log: bool,
}

fn yes() -> bool {
    true
}

/// Monitoring a fault takes down (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blind {
    /// The services whose metrics and alerts go dark.
    pub services: Vec<String>,
    /// What their dashboards show meanwhile. Default: no data.
    #[serde(default)]
    pub readings: BlindReadings,
}

/// What blinded dashboards show (format 2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlindReadings {
    /// Nothing: gaps in the charts, "no data" on the map.
    #[default]
    Missing,
    /// The last readings before it went dark, as if nothing had changed.
    Frozen,
    /// Readings and alerts arrive this many minutes late (1 to 30): the dashboards show the past
    /// and alerts fire, and clear, that much after the fact.
    Delayed(u32),
}

/// A fault that comes back (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waves {
    /// Minutes from the start of one wave to the start of the next.
    pub every_minutes: u32,
    /// How many waves in all, the first included.
    pub count: u32,
}

/// How one fix behaves on one fault (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MitigationRule {
    /// Minutes it takes to take effect. Default: the fault's `fix_minutes`.
    #[serde(default)]
    pub minutes: Option<u32>,
    /// What must hold when it takes effect; if anything does not, it fails and changes nothing.
    #[serde(default)]
    pub requires: Vec<Requirement>,
    /// What it leaves behind on the service once it has worked, until the end of the shift (a
    /// protection turned off, a feature disabled): customers feel it. Default: nothing.
    #[serde(default)]
    pub leaves: Option<Effect>,
    /// What that cost is, in words, told in the channel when the fix works.
    #[serde(default)]
    pub side_effect: Option<String>,
    /// Minutes `leaves` lasts once the fix has worked, before the cost lifts (a protection
    /// switched back on). Default: to the end of the shift.
    #[serde(default)]
    pub leaves_minutes: Option<u32>,
    /// It stays in place (a job disabled, traffic redirected): later waves of the fault do not
    /// come, and it can be applied between waves, while the service looks healthy.
    #[serde(default)]
    pub persists: bool,
}

/// A condition a fix needs to work (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Requirement {
    /// This service's readings must look healthy (as its dashboard would show them), e.g. the
    /// provisioning service a scale-up depends on.
    Healthy(String),
    /// Whoever applies the fix must know the broken service at least this well (0–1).
    Knowledge(f64),
    /// This other fault must have started and ended, by a fix or on its own: a step that only
    /// works once an earlier one is done (pause the requests, then add capacity).
    Ended(String),
}

fn format_one() -> u32 {
    1
}

fn default_ramp() -> u32 {
    2
}

fn default_propagation() -> f64 {
    0.7
}

fn default_fix_minutes() -> u32 {
    5
}

/// Kinds of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FaultKind {
    /// A release that broke something.
    BadDeploy,
    /// Something this service depends on went away.
    DependencyOutage,
    /// Ran out of capacity (connections, disk, CPU).
    CapacityExhaustion,
    /// One or more hosts died.
    HostFailure,
    /// A TLS certificate expired.
    CertificateExpiry,
    /// A configuration change went out.
    ConfigPush,
    /// Memory grows until processes fall over.
    MemoryLeak,
    /// More traffic than planned.
    TrafficSpike,
}

/// How a fault moves the broken service's metrics at full strength.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// Percentage points added to the error rate. Default: 0.
    #[serde(default)]
    pub error_rate: f64,
    /// Factor latency is multiplied by. Default: 1.
    #[serde(default = "one")]
    pub latency_factor: f64,
    /// Factor throughput is multiplied by. Default: 1.
    #[serde(default = "one")]
    pub throughput_factor: f64,
    /// Added to saturation (0–1 scale). Default: 0.
    #[serde(default)]
    pub saturation: f64,
    /// Factor the broken service's capacity is multiplied by: servers lost, threads exhausted
    /// (format 2; it needs a `capacity`). Default: 1.
    #[serde(default = "one")]
    pub capacity_factor: f64,
}

impl Effect {
    /// An effect that changes nothing.
    pub const NONE: Effect = Effect {
        error_rate: 0.0,
        latency_factor: 1.0,
        throughput_factor: 1.0,
        saturation: 0.0,
        capacity_factor: 1.0,
    };
}

/// Incident severity; Sev1 is the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// Critical: most customers affected.
    Sev1,
    /// Major: many customers affected.
    Sev2,
    /// Minor: some customers affected.
    Sev3,
    /// Low: little or no customer impact.
    Sev4,
}

impl Severity {
    /// All severities, worst first.
    pub const ALL: [Severity; 4] = [
        Severity::Sev1,
        Severity::Sev2,
        Severity::Sev3,
        Severity::Sev4,
    ];

    /// The name players see.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Sev1 => "Sev1",
            Severity::Sev2 => "Sev2",
            Severity::Sev3 => "Sev3",
            Severity::Sev4 => "Sev4",
        }
    }

    /// What the level means in measurable impact, as the briefing and incident panel show it.
    pub fn meaning(self) -> &'static str {
        match self {
            Severity::Sev1 => {
                "Most customers cannot use a core feature (sign-in, checkout, messaging), or data is at risk. Public status page, executives told."
            }
            Severity::Sev2 => {
                "A core feature fails or is badly degraded for many customers. Owning teams engaged now, regular updates."
            }
            Severity::Sev3 => {
                "A minor feature is degraded, or a few customers are affected. The owners work it now; declare only if it grows."
            }
            Severity::Sev4 => "No customer impact yet. A ticket for the owners' business hours.",
        }
    }
}

/// Mitigations the player (or a delegate) can apply to a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Mitigation {
    /// Roll back the latest deploy.
    Rollback,
    /// Fail over to a replica or another region.
    Failover,
    /// Add capacity.
    ScaleUp,
    /// Restart the service's processes.
    Restart,
    /// Turn off a feature flag.
    ToggleFeatureFlag,
    /// Renew and roll out a certificate.
    RenewCertificate,
    /// Revert the last configuration push.
    RevertConfig,
    /// Take a bad host out of the pool.
    DrainHost,
    /// Shed load at the edge.
    RateLimit,
}

impl Mitigation {
    /// All mitigations, in menu order.
    pub const ALL: [Mitigation; 9] = [
        Mitigation::Rollback,
        Mitigation::Failover,
        Mitigation::ScaleUp,
        Mitigation::Restart,
        Mitigation::ToggleFeatureFlag,
        Mitigation::RenewCertificate,
        Mitigation::RevertConfig,
        Mitigation::DrainHost,
        Mitigation::RateLimit,
    ];
}

/// A timed event that is not a fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Inject {
    /// Host-level readings of a service spike for a while: many host alerts, no real harm.
    AlertStorm {
        /// Minutes from shift start.
        at_minute: u32,
        /// The service whose hosts spike.
        service: String,
        /// How long the storm lasts.
        duration_minutes: u32,
        /// Saturation added to the affected hosts, 0–1.
        intensity: f64,
    },
    /// Someone posts in the incident channel (a product manager, an executive).
    Message {
        /// Minutes from shift start.
        at_minute: u32,
        /// Person id, or free text for someone outside the roster.
        from: String,
        /// What they say.
        text: String,
    },
    /// A stakeholder (a product manager, support, an executive) asks the incident something and
    /// waits for an answer; the answer is judged against the world when it is given.
    Ask {
        /// Unique among asks, for the reply.
        id: String,
        /// Minutes from shift start; left out for an ask only a trigger or the facilitator
        /// raises.
        #[serde(default = "no_minute")]
        at_minute: u32,
        /// Who asks, in words: "Dana (product manager, checkout)".
        from: String,
        /// The question.
        text: String,
        /// How long they can wait before an answer is late. Default: 10.
        #[serde(default = "default_reply_within")]
        reply_within_minutes: u32,
        /// The answers on offer.
        options: Vec<ReplyOption>,
    },
    /// The player's time as commander is up: `to` says so in the channel and expects command,
    /// with a briefing. Keeping command long after it costs Communication points.
    HandoverDue {
        /// Minutes from shift start.
        at_minute: u32,
        /// The person who takes over.
        to: String,
        /// What they say.
        text: String,
    },
    /// Something that happens because of what happened in the run, not at a set time (format 2).
    /// It fires once.
    Trigger {
        /// Unique among triggers, for the log.
        id: String,
        /// What sets it off.
        when: TriggerOn,
        /// Minutes after that it happens. Default: 0.
        #[serde(default)]
        after_minutes: u32,
        /// What happens.
        then: Vec<Consequence>,
    },
    /// A person becomes unreachable (boards a plane, goes off sick).
    Unavailable {
        /// Minutes from shift start.
        at_minute: u32,
        /// The person.
        person: String,
        /// For how long.
        duration_minutes: u32,
    },
}

impl Inject {
    /// Minutes from shift start at which the inject happens; none for a trigger, which happens
    /// when something in the run sets it off.
    pub fn at_minute(&self) -> Option<u32> {
        match self {
            Inject::AlertStorm { at_minute, .. }
            | Inject::Message { at_minute, .. }
            | Inject::HandoverDue { at_minute, .. }
            | Inject::Unavailable { at_minute, .. } => Some(*at_minute),
            Inject::Ask { at_minute, .. } => (*at_minute != NO_MINUTE).then_some(*at_minute),
            Inject::Trigger { .. } => None,
        }
    }
}

/// What sets a trigger off (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TriggerOn {
    /// Anyone starts this mitigation on this service.
    Mitigation {
        /// The mitigation.
        mitigation: Mitigation,
        /// The service.
        service: String,
    },
    /// A service has been unhealthy (degraded or down) for this many minutes in a row.
    Unhealthy {
        /// The service.
        service: String,
        /// Minutes.
        minutes: u32,
    },
    /// A fault has been live for this many minutes.
    FaultLive {
        /// The fault.
        fault: String,
        /// Minutes.
        minutes: u32,
    },
    /// A reading of a service (one of its health metrics, or a signal) crosses a line: a room
    /// getting too hot, a queue too deep.
    Reading {
        /// The service.
        service: String,
        /// What is read: a metric kind, or `Signal("name")`.
        metric: AlertMetric,
        /// The line it crosses.
        condition: Condition,
    },
    /// A restore of this service landed and brought its backup back (not one that failed).
    Restored {
        /// The service.
        service: String,
    },
    /// A fault has ended, by a fix or on its own (any of its waves).
    FaultEnded {
        /// The fault.
        fault: String,
    },
    /// A task is handed to this person while their fatigue is at least this (0–1).
    TiredTask {
        /// The person.
        person: String,
        /// Fatigue.
        fatigue: f64,
    },
}

/// What a trigger makes happen (format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Consequence {
    /// A fault starts (one with `triggered: true`, or one not yet started).
    StartFault(String),
    /// A live fault ends, as if it had healed: trouble that clears once its cause is gone.
    EndFault(String),
    /// Someone posts in the channel.
    Say {
        /// Person id, or free text for someone outside the roster.
        from: String,
        /// What they say.
        text: String,
    },
    /// A person becomes unreachable for a while.
    Unavailable {
        /// The person.
        person: String,
        /// Minutes.
        minutes: u32,
    },
    /// A stakeholder asks a question now: an `Ask` inject, usually one without `at_minute`.
    Ask(String),
}

/// A postmortem question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique id.
    pub id: String,
    /// The question.
    pub prompt: String,
    /// The possible answers.
    pub options: Vec<AnswerOption>,
    /// What the answer becomes in the after-action report. Default: a finding.
    #[serde(default)]
    pub asks: Asks,
    /// For an action item: the team that owns it (default: the team owning the first broken
    /// service).
    #[serde(default)]
    pub owner: Option<String>,
}

/// What a postmortem question's answer becomes in the after-action report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Asks {
    /// A contributing factor: what in the system made the failure possible.
    #[default]
    Finding,
    /// An action item to file, with its kind, owner team and priority.
    ActionItem,
    /// Every contributing factor among the options: the player picks several.
    Factors,
    /// How the response itself went: paging, triage, command, communication.
    Response,
}

/// One answer to a postmortem question, marked for what it teaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// Unique id within the question.
    pub id: String,
    /// The answer as shown.
    pub text: String,
    /// What choosing it shows about the player's postmortem habits.
    pub teaches: Vec<AnswerTag>,
    /// Why it is good or bad, shown in the debrief.
    pub why: String,
    /// For an action item: the kind of work it is (required on every option of an action-item
    /// question).
    #[serde(default)]
    pub kind: Option<ItemKind>,
}

/// What an answer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AnswerTag {
    /// Asks what in the system made the failure possible.
    Blameless,
    /// Looks for a person to blame.
    Blaming,
    /// An action item that fixes a class of problem.
    Systemic,
    /// An action item that fixes only this instance ("be more careful").
    Local,
    /// Hindsight: "if only someone had…", true this once but no cause in the system.
    Hindsight,
    /// Blames compliance: "someone skipped the checklist".
    ProcessNotFollowed,
}

impl AnswerTag {
    /// Whether choosing an option with this tag is a mistake the debrief points out.
    pub fn is_trap(self) -> bool {
        !matches!(self, AnswerTag::Blameless | AnswerTag::Systemic)
    }
}

/// What kind of work an action item is, as postmortem templates sort them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    /// Finds the failure sooner: alerts, dashboards, checks.
    Detect,
    /// Limits the harm or speeds recovery when it happens.
    Mitigate,
    /// Stops the class of failure from happening.
    Prevent,
    /// Changes how people work: rotations, runbooks, reviews, practice.
    Process,
}

impl ItemKind {
    /// Every kind, in the order a picker lists them.
    pub const ALL: [ItemKind; 4] = [
        ItemKind::Detect,
        ItemKind::Mitigate,
        ItemKind::Prevent,
        ItemKind::Process,
    ];
}

/// How soon an action item should be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ItemPriority {
    /// Before anything else: the next incident like this is likely soon.
    P1,
    /// This quarter.
    P2,
    /// When there is room.
    P3,
}

impl ItemPriority {
    /// Every priority, most urgent first.
    pub const ALL: [ItemPriority; 3] = [ItemPriority::P1, ItemPriority::P2, ItemPriority::P3];
}

/// Incident roles the commander assigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IncidentRole {
    /// Runs the incident.
    Commander,
    /// Keeps the incident's record: decisions, times, who is doing what.
    Scribe,
    /// Backs the commander up: tracks time boxes and update times, and takes command when asked.
    Deputy,
    /// Posts status updates.
    Communications,
    /// Leads the hands-on work.
    OperationsLead,
    /// A subject-matter expert.
    Expert,
}
