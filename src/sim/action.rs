//! What players can do: the `Action` enum, and why the engine may refuse one.

use serde::{Deserialize, Serialize};

use crate::scenario::{IncidentRole, ItemKind, ItemPriority, Mitigation, Severity};

/// Which alert an action is about: a live instance by number, or the oldest open alert of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AlertRef {
    /// The alert with this number (as shown in the pager, `#12`).
    Id(u32),
    /// The oldest alert of this rule that is still open.
    Rule(String),
}

/// A task the commander hands to a named person, with a time box.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Task {
    /// Find out what is wrong with a service and report back.
    Investigate {
        /// The service.
        service: String,
    },
    /// Apply a mitigation to a service.
    Mitigate {
        /// The service.
        service: String,
        /// What to do.
        mitigation: Mitigation,
    },
    /// Write and post the status updates.
    Communicate,
}

/// Who a status update is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// People in the company: the incident channel, leadership, support.
    #[default]
    Internal,
    /// Customers, on the public status page: no internal names.
    External,
}

/// How customers are doing, as a status update says it and as the world measures it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ImpactTrend {
    /// More customers are affected than a few minutes ago.
    Worsening,
    /// About as many customers are affected as a few minutes ago.
    Steady,
    /// Fewer customers are affected than a few minutes ago.
    Recovering,
    /// Customers are no longer affected.
    Recovered,
}

impl ImpactTrend {
    /// Every trend, from worst to best.
    pub const ALL: [ImpactTrend; 4] = [
        ImpactTrend::Worsening,
        ImpactTrend::Steady,
        ImpactTrend::Recovering,
        ImpactTrend::Recovered,
    ];
}

/// The stage of an incident a status update announces, as a status page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusState {
    /// Customers are affected; the cause is being looked for.
    Investigating,
    /// The cause is known and a fix is under way.
    Identified,
    /// A fix is in and customers have recovered; watching before resolving.
    Monitoring,
    /// Over.
    Resolved,
}

impl StatusState {
    /// Every stage, in order.
    pub const ALL: [StatusState; 4] = [
        StatusState::Investigating,
        StatusState::Identified,
        StatusState::Monitoring,
        StatusState::Resolved,
    ];

    /// Whether announcing it says customers have recovered.
    pub fn claims_recovery(self) -> bool {
        matches!(self, StatusState::Monitoring | StatusState::Resolved)
    }
}

/// What the outgoing commander tells the new one. Each part left out costs the receiver time to
/// find it out for themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverBriefing {
    /// The people the briefing says are working on the incident (with what each is doing, as the
    /// world shows it).
    #[serde(default)]
    pub working: Vec<String>,
    /// The service the briefing names as the likely cause; none if the briefing says nothing.
    #[serde(default)]
    pub suspect: Option<String>,
    /// In how many minutes the next status update is due; none if the briefing says nothing.
    #[serde(default)]
    pub next_update_minutes: Option<u32>,
}

impl HandoverBriefing {
    /// Whether the briefing says nothing at all.
    pub fn is_empty(&self) -> bool {
        self.working.is_empty() && self.suspect.is_none() && self.next_update_minutes.is_none()
    }
}

/// How a postmortem action item is filed: what kind of work, which team owns it, how urgent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filing {
    /// The kind of work.
    pub kind: ItemKind,
    /// The owning team.
    pub owner: String,
    /// How urgent.
    pub priority: ItemPriority,
}

/// Everything a player can do. Each is applied by a named actor through `World::apply`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// Take ownership of an alert's page; stops its escalation.
    Acknowledge {
        /// The alert.
        alert: AlertRef,
    },
    /// Silence an alert for a while; it pages again if still firing afterwards.
    Snooze {
        /// The alert.
        alert: AlertRef,
        /// For how long, in minutes (1 to 240).
        minutes: u32,
    },
    /// Flag an alert's rule as noise for tuning; acknowledges its open alerts.
    FlagNoise {
        /// Any alert of the rule.
        alert: AlertRef,
    },
    /// Open a service's dashboards: metrics, recent deploys, logs, owner, who is on call.
    Inspect {
        /// The service.
        service: String,
    },
    /// Read a service's runbook.
    ReadRunbook {
        /// The service.
        service: String,
    },
    /// Add what was learnt to a service's runbook.
    UpdateRunbook {
        /// The service.
        service: String,
        /// The new step.
        step: String,
    },
    /// Page one person directly.
    PagePerson {
        /// Who.
        person: String,
        /// What about.
        service: String,
    },
    /// Page a team's on-call rotation; it escalates by the team's policy.
    PageRotation {
        /// The team.
        team: String,
        /// What about.
        service: String,
    },
    /// Page every member of a team at once.
    PageWholeTeam {
        /// The team.
        team: String,
        /// What about.
        service: String,
    },
    /// Push a page you hold to the next escalation level now (out of your depth).
    Escalate {
        /// The alert whose page to escalate.
        alert: AlertRef,
    },
    /// Ask a person who knows the service to pair with someone working it.
    Pair {
        /// The person being supported.
        person: String,
        /// The person supporting.
        with: String,
    },
    /// Declare an incident.
    Declare {
        /// Initial severity.
        severity: Severity,
        /// Short title.
        title: String,
    },
    /// Change the open incident's severity.
    SetSeverity {
        /// New severity.
        severity: Severity,
    },
    /// Give someone an incident role.
    AssignRole {
        /// The role.
        role: IncidentRole,
        /// Who.
        person: String,
    },
    /// Hand a task to a named person with a time box.
    Delegate {
        /// Who.
        person: String,
        /// What.
        task: Task,
        /// Time box in minutes (1 to 240).
        minutes: u32,
    },
    /// Answer a stakeholder's question.
    Reply {
        /// The ask's id.
        ask: String,
        /// The chosen answer's id.
        option: String,
    },
    /// Post a status update to stakeholders.
    PostStatus {
        /// The update.
        text: String,
        /// Who reads it: the company (default) or customers, on the status page.
        #[serde(default)]
        audience: Audience,
        /// The stage it announces, if any; an external update with one sets the status page.
        #[serde(default)]
        state: Option<StatusState>,
        /// How customers are doing now, if the update says; checked against the world.
        #[serde(default)]
        impact: Option<ImpactTrend>,
        /// The services the update says are being worked on; checked against who is on them.
        #[serde(default)]
        working_on: Vec<String>,
        /// When the next update will come, in minutes; a promise the scoring holds it to.
        #[serde(default)]
        next_update_minutes: Option<u32>,
    },
    /// Apply a mitigation yourself.
    Mitigate {
        /// The service.
        service: String,
        /// What to do.
        mitigation: Mitigation,
    },
    /// Restore a service's data from one of its backups.
    Restore {
        /// The service.
        service: String,
        /// The backup's id.
        backup: String,
    },
    /// Open a support case with the outside company that runs a service, asking for a change.
    AskVendor {
        /// The service they run.
        service: String,
        /// What to ask them to do.
        mitigation: Mitigation,
    },
    /// Hand command of the incident to someone else, with a briefing.
    HandOver {
        /// The new commander.
        to: String,
        /// What the new commander is told.
        #[serde(default)]
        briefing: HandoverBriefing,
    },
    /// Resolve the open incident.
    Resolve,
    /// End the shift: the rest plays out without you and the postmortem begins.
    EndShift,
    /// Answer a postmortem question. A question about contributing factors takes several answers,
    /// one action each.
    Answer {
        /// Question id.
        question: String,
        /// Chosen option id.
        option: String,
        /// For an action item: how it is filed.
        #[serde(default)]
        filing: Option<Filing>,
    },
    /// Mark the moment in the log when the incident reached a stage, for the postmortem timeline.
    MarkMoment {
        /// Which stage.
        moment: Moment,
        /// The game time of the log entry that marks it, in seconds from the start of the shift.
        at: u32,
    },
    /// Facilitator: set off one of the scenario's prepared injects.
    Fire {
        /// The prepared inject's id.
        inject: String,
    },
    /// Facilitator: someone in the story posts in the incident channel.
    Say {
        /// Who, in words ("Priya, VP Engineering") or a person id.
        from: String,
        /// What they say.
        text: String,
    },
    /// Facilitator: a hint only one seat sees.
    Hint {
        /// The person whose seat gets it.
        to: String,
        /// The hint.
        text: String,
    },
    /// Facilitator: note a moment for the team debrief.
    Note {
        /// What to talk about.
        text: String,
    },
    /// Facilitator: stop the clock for everyone.
    Pause,
    /// Facilitator: start the clock again.
    Resume,
    /// Facilitator: set how fast the clock runs for everyone.
    SetSpeed {
        /// A multiple of the scenario's time compression, 1/16 to 8.
        speed: f64,
    },
}

/// The actor id the facilitator acts as; no person in a scenario may have it.
pub const FACILITATOR: &str = "facilitator";

impl Action {
    /// A short verb for logs and timelines.
    pub fn verb(&self) -> &'static str {
        match self {
            Action::Acknowledge { .. } => "acknowledge",
            Action::Snooze { .. } => "snooze",
            Action::FlagNoise { .. } => "flag as noise",
            Action::Inspect { .. } => "inspect",
            Action::ReadRunbook { .. } => "read runbook",
            Action::UpdateRunbook { .. } => "update runbook",
            Action::PagePerson { .. } => "page person",
            Action::PageRotation { .. } => "page rotation",
            Action::PageWholeTeam { .. } => "page whole team",
            Action::Escalate { .. } => "escalate",
            Action::Pair { .. } => "pair",
            Action::Declare { .. } => "declare incident",
            Action::SetSeverity { .. } => "set severity",
            Action::AssignRole { .. } => "assign role",
            Action::Delegate { .. } => "delegate",
            Action::PostStatus { .. } => "post status",
            Action::Reply { .. } => "reply",
            Action::Mitigate { .. } => "mitigate",
            Action::HandOver { .. } => "hand over",
            Action::AskVendor { .. } => "ask the vendor",
            Action::Restore { .. } => "restore",
            Action::Resolve => "resolve incident",
            Action::EndShift => "end shift",
            Action::Answer { .. } => "answer",
            Action::MarkMoment { .. } => "mark",
            Action::Fire { .. } => "fire",
            Action::Say { .. } => "post as",
            Action::Hint { .. } => "hint",
            Action::Note { .. } => "note",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::SetSpeed { .. } => "set speed",
        }
    }

    /// Whether only the facilitator may take it: it runs the exercise rather than acting in the
    /// story. Ending the shift is open to both.
    pub fn is_facilitation(&self) -> bool {
        matches!(
            self,
            Action::Fire { .. }
                | Action::Say { .. }
                | Action::Hint { .. }
                | Action::Note { .. }
                | Action::Pause
                | Action::Resume
                | Action::SetSpeed { .. }
        )
    }
}

/// The key moments of an incident a postmortem timeline marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Moment {
    /// The first alert about a real fault fired.
    Detected,
    /// Someone from the team owning a broken service started working on it.
    Engaged,
    /// Every fault had been fixed or had ended.
    Mitigated,
    /// The incident was resolved (a run with no incident declared never reaches it).
    Resolved,
}

impl Moment {
    /// Every moment, in the order an incident reaches them.
    pub const ALL: [Moment; 4] = [
        Moment::Detected,
        Moment::Engaged,
        Moment::Mitigated,
        Moment::Resolved,
    ];
}

/// Why an action was refused. The world is unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{0}")]
pub struct Rejection(pub String);

impl Rejection {
    /// A rejection with this reason.
    pub fn new(reason: impl Into<String>) -> Rejection {
        Rejection(reason.into())
    }
}
