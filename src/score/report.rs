//! The debrief report: the JSON shape tools outside the game read (documented in `docs/scoring.md`).

use serde::{Deserialize, Serialize};

use crate::scenario::{Category, Lesson};

/// Version of the JSON report's schema. Bump it when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 5;

/// One explained score movement: a deduction (negative points) or a note of something done well
/// (zero points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    /// The rule that judged it. Reports saved before rules were named read as [`Rule::Unnamed`].
    #[serde(default)]
    pub rule: Rule,
    /// The category it counts in.
    pub category: Category,
    /// Points: negative for a deduction, 0 for praise.
    pub points: i32,
    /// Game seconds since shift start the line refers to, if it refers to a moment.
    pub at: Option<u32>,
    /// What happened.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// The lesson it traces to.
    pub lesson: Lesson,
    /// What to do instead (empty for praise).
    pub instead: String,
    /// Whose decision it was (a player's person id); `None` for an outcome of the whole response,
    /// such as customer impact, that no single decision made.
    pub actor: Option<String>,
    /// Set when this breaks the lesson it names outright: the highest total the run can then reach.
    pub caps_total_at: Option<u32>,
}

impl Feedback {
    /// Whether this line praises rather than deducts.
    pub fn is_good(&self) -> bool {
        self.points >= 0
    }

    /// The same line, naming whose decision it was.
    pub fn by(mut self, actor: &str) -> Feedback {
        self.actor = Some(actor.to_owned());
        self
    }

    /// The same line, naming whose decision it was if anyone's.
    pub fn by_opt(mut self, actor: Option<&str>) -> Feedback {
        self.actor = actor.map(str::to_owned);
        self
    }

    /// The same line, marked as a breach of its lesson: the total is capped at [`super::BREACH_CAP`].
    pub fn breach(self) -> Feedback {
        self.caps_total_at(super::BREACH_CAP)
    }

    /// The same line, capping the total at `limit`.
    pub fn caps_total_at(mut self, limit: u32) -> Feedback {
        self.caps_total_at = Some(self.caps_total_at.map_or(limit, |c| c.min(limit)));
        self
    }

    /// Whether this line breaks its lesson outright.
    pub fn is_breach(&self) -> bool {
        self.caps_total_at.is_some()
    }
}

/// The rule of the rubric that wrote a feedback line (docs/scoring.md describes each). Code that
/// needs to know what a line is about reads this, never the line's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Rule {
    /// A line from a report saved before rules were named.
    #[default]
    Unnamed,
    /// A page to a player nobody answered or escalated.
    IgnoredPage,
    /// How soon the owning team was working a fault.
    OwnerEngaged,
    /// Pulling a person in: a page, a task, a role, a pairing or a handover.
    PulledIn,
    /// A team paged that owns nothing broken.
    Misrouted,
    /// A task given to someone exhausted while a rested teammate who knew the service was free.
    TiredHands,
    /// Someone woken while only low-priority alerts were open.
    WokenForLittle,
    /// Acknowledging a page meant for someone else.
    ForeignAck,
    /// A fix to another team's service (or the safe undo of a fresh deploy).
    OthersService,
    /// How quickly the player acknowledged their page, or whether they ever did.
    Acknowledge,
    /// How quickly a fault was mitigated.
    Mitigate,
    /// A real page snoozed.
    Snoozed,
    /// Undoing and redoing the same fix.
    Thrashing,
    /// No incident open during a major outage.
    NotDeclared,
    /// How long after the first real page the incident was declared.
    DeclaredLate,
    /// An incident closed while customers were still hurting.
    LeftOpen,
    /// The declared severity against the outage.
    Severity,
    /// Incident roles assigned (or not).
    Roles,
    /// The person running the incident fixing things themselves.
    HandsOn,
    /// Status updates: how often, how soon.
    Cadence,
    /// Status updates: whether the stage they announced matched what customers saw.
    StatusTruth,
    /// Status updates for customers: internal names given away.
    StatusLeak,
    /// Stakeholders' questions: answered in time, and well.
    Stakeholders,
    /// Handing command over: whether the briefing let the new commander take over quickly.
    Handover,
    /// How the incident was closed.
    Close,
    /// Customer impact against the scenario's par.
    Impact,
    /// The postmortem answers.
    Postmortem,
    /// The postmortem timeline: key moments marked where the log has them.
    Timeline,
    /// Going to the famous expert instead of the on-call.
    Heroes,
    /// Noisy alert rules flagged (or not).
    Noise,
    /// Runbook steps written (or not).
    Runbooks,
    /// Support for an inexperienced on-call.
    Juniors,
    /// How knowledge of the broken services spread.
    Spread,
}

/// Why the total was capped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cap {
    /// The highest total the run could get.
    pub limit: u32,
    /// What the total would have been without the cap.
    pub uncapped: u32,
    /// The lessons that were broken.
    pub lessons: Vec<Lesson>,
    /// The sentence the debrief shows at the top.
    pub reason: String,
}

/// The five category scores and the weighted total, each 0–100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Weighted total.
    pub total: u32,
    /// Routing.
    pub routing: u32,
    /// Learning.
    pub learning: u32,
    /// Response.
    pub response: u32,
    /// Impact.
    pub impact: u32,
    /// Communication.
    pub communication: u32,
}

impl Scores {
    /// The score of one category.
    pub fn get(&self, c: Category) -> u32 {
        match c {
            Category::Routing => self.routing,
            Category::Learning => self.learning,
            Category::Response => self.response,
            Category::Impact => self.impact,
            Category::Communication => self.communication,
        }
    }
}

/// How many people could handle a service before and after the shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Service id.
    pub service: String,
    /// Service name, as players read it (absent from results saved before it existed).
    #[serde(default)]
    pub name: String,
    /// People with knowledge of at least 0.5 at shift start.
    pub before: usize,
    /// The same at the end.
    pub after: usize,
}

impl Spread {
    /// The service as players read it: its name, or its id in results saved before names were.
    pub fn shown_name(&self) -> &str {
        if self.name.is_empty() {
            &self.service
        } else {
            &self.name
        }
    }
}

/// Key numbers of the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Seconds from the first page that reached a player to its acknowledgement.
    pub time_to_acknowledge: Option<u32>,
    /// Seconds from the first real alert to someone of the owning team working the broken service.
    pub time_to_engage_owner: Option<u32>,
    /// Seconds from the first fault to the last fault ended by a mitigation.
    pub time_to_mitigate: Option<u32>,
    /// Seconds from the first fault to the incident being resolved.
    pub time_to_resolve: Option<u32>,
    /// Customer-impact minutes.
    pub impact_minutes: f64,
    /// Share of the error budget burned (1.0 = all of it).
    pub error_budget_burned: f64,
    /// Pages sent by anyone or anything.
    pub pages_sent: usize,
    /// Pages players sent by hand.
    pub manual_pages: usize,
    /// Manual pages to people or teams that did not own anything broken at the time.
    pub misrouted_pages: usize,
    /// Times someone was woken by a page.
    pub people_woken: usize,
    /// Status updates posted.
    pub status_updates: usize,
    /// Mitigations that fixed, did nothing, made things worse.
    pub mitigations_right: usize,
    /// Mitigations that did nothing.
    pub mitigations_useless: usize,
    /// Mitigations that made things worse.
    pub mitigations_harmful: usize,
    /// Knowledge spread for each broken service.
    pub knowledge_spread: Vec<Spread>,
}

/// A timeline line with the player's decisions marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Game seconds since shift start.
    pub at: u32,
    /// Time of day.
    pub clock: String,
    /// What kind of line it is.
    pub kind: crate::sim::view::LineKind,
    /// Who or what.
    pub from: String,
    /// What happened.
    pub text: String,
    /// For player decisions that feedback speaks of: "good" or "bad".
    pub mark: Option<String>,
}

/// The scenario the report is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioRef {
    /// Scenario id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The category it teaches.
    pub focus: Option<Category>,
}

/// The complete debrief of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Schema version of this JSON.
    pub schema_version: u32,
    /// The scenario.
    pub scenario: ScenarioRef,
    /// Run seed.
    pub seed: u64,
    /// Scores.
    pub score: Scores,
    /// Set when a broken lesson capped the total.
    pub cap: Option<Cap>,
    /// Key numbers.
    pub metrics: Metrics,
    /// Everything that happened, hidden facts included.
    pub timeline: Vec<TimelineEntry>,
    /// Every explained deduction and every note of good play.
    pub feedback: Vec<Feedback>,
    /// Root causes, for the debrief.
    pub root_causes: Vec<String>,
    /// Action items from the postmortem answers the player chose.
    pub action_items: Vec<String>,
    /// The incident as a postmortem document records it (absent from results saved before it
    /// existed).
    #[serde(default)]
    pub record: Record,
    /// At a game day, each participant's own decisions and how they scored; empty when one
    /// played alone. The team's score is `score`.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// The moments the facilitator noted for the debrief, in order.
    #[serde(default)]
    pub facilitator_notes: Vec<FacilitatorNote>,
}

/// One participant of a game day: their seat, and the feedback lines about their own decisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// The person they played (id).
    pub person: String,
    /// That person's name.
    pub name: String,
    /// Their seat.
    pub seat: crate::scenario::SeatRole,
    /// Their categories and total, from their own lines only.
    pub score: Scores,
    /// Set when one of their own decisions broke a lesson.
    pub cap: Option<Cap>,
    /// The lines about their decisions.
    pub feedback: Vec<Feedback>,
}

/// A moment the facilitator noted during a game day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilitatorNote {
    /// Game second.
    pub at: u32,
    /// Time of day.
    pub clock: String,
    /// What to talk about.
    pub text: String,
}

/// What a team's postmortem document records beside the timeline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// One or two sentences: what happened, to whom, how it ended.
    pub summary: String,
    /// The incident, if one was declared.
    pub incident: Option<IncidentRecord>,
    /// Game second the first fault began.
    pub began_at: Option<u32>,
    /// Game second of the first alert a real fault raised: when it was detected.
    pub detected_at: Option<u32>,
    /// Game second the last fault was mitigated or ended, if every one did.
    pub mitigated_at: Option<u32>,
    /// Customer impact in the scenario's own terms ("about 1,240 checkout attempts that
    /// failed"), when the scenario gives them.
    pub impact: Option<String>,
    /// What in the system made it possible: each fault's root cause and the blameless findings
    /// the player chose.
    pub contributing_factors: Vec<String>,
    /// What went right by luck, not by anything the responders did.
    pub lucky: Vec<String>,
    /// Action items with kind, owner and priority.
    pub actions: Vec<ActionItem>,
    /// The last status update, as customers read it.
    pub customer_message: Option<String>,
    /// The public status page, stage by stage: game second, stage in words.
    #[serde(default)]
    pub status_page: Vec<(u32, String)>,
    /// The key moments as the log has them and as the player marked them in the review.
    #[serde(default)]
    pub marked: Vec<MarkedMoment>,
    /// What the player said in the review about how the response went.
    #[serde(default)]
    pub response_review: Vec<String>,
}

/// A key moment of the timeline: when the log has it, and when the review put it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkedMoment {
    /// The moment in words: "detected".
    pub moment: String,
    /// Game second the log shows it, if it happened.
    pub logged: Option<u32>,
    /// Game second the player marked, if they did.
    pub marked: Option<u32>,
}

/// The declared incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentRecord {
    /// Its title.
    pub title: String,
    /// The highest severity it had, in words.
    pub severity: String,
    /// Game second it was declared.
    pub declared_at: u32,
    /// Game second it was resolved, if it was.
    pub resolved_at: Option<u32>,
    /// Who commanded it at the end.
    pub commander: String,
    /// The other roles at the end: role, person.
    pub roles: Vec<(String, String)>,
}

/// An action item as a team files it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItem {
    /// What to do.
    pub text: String,
    /// "prevent" (fixes a class of problem) or "process" (changes how people work).
    pub kind: String,
    /// The team that owns it.
    pub owner: String,
    /// "P1" to "P3", from the incident's severity.
    pub priority: String,
}
