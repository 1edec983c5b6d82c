//! The event log: everything that happened during a run, timestamped in game seconds.

use serde::{Deserialize, Serialize};

use crate::scenario::{IncidentRole, Mitigation, Priority, Severity};

use super::action::Action;

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Game seconds since shift start.
    pub at: u32,
    /// What happened.
    pub kind: EventKind,
}

/// How a page reached someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PageVia {
    /// An alert routed by its rule to a rotation.
    Rotation,
    /// An alert routed straight to a person.
    Direct,
    /// The escalation policy moved it on.
    Escalation,
    /// A player paged a person by hand.
    ManualPerson,
    /// A player paged a rotation by hand.
    ManualRotation,
    /// A player paged a whole team by hand.
    ManualTeam,
}

/// What happened. Facts hidden from the player (faults) are logged too, for the debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EventKind {
    /// A fault began (hidden from the player until the debrief).
    FaultStarted {
        /// Fault id.
        fault: String,
        /// Broken service.
        service: String,
    },
    /// A fault ended because the right mitigation took effect.
    FaultMitigated {
        /// Fault id.
        fault: String,
        /// The mitigation.
        mitigation: Mitigation,
        /// Who applied it.
        by: String,
    },
    /// A fault ended on its own.
    FaultHealed {
        /// Fault id.
        fault: String,
    },
    /// A fault ended because something it hung on was dealt with: a trigger's `EndFault`.
    FaultCleared {
        /// Fault id.
        fault: String,
        /// The trigger that ended it.
        trigger: String,
    },
    /// A harmful mitigation made a fault worse.
    FaultWorsened {
        /// Fault id.
        fault: String,
        /// The mitigation.
        mitigation: Mitigation,
        /// Who applied it.
        by: String,
    },
    /// A mitigation took effect and changed nothing.
    MitigationUseless {
        /// The service.
        service: String,
        /// The mitigation.
        mitigation: Mitigation,
        /// Who applied it.
        by: String,
    },
    /// Someone started a mitigation; it takes effect later.
    MitigationStarted {
        /// The service.
        service: String,
        /// The mitigation.
        mitigation: Mitigation,
        /// Who applied it.
        by: String,
        /// Game second it takes effect.
        effective_at: u32,
    },
    /// An alert started firing.
    AlertFired {
        /// Alert number.
        alert: u32,
        /// Rule id.
        rule: String,
        /// Service.
        service: String,
        /// Host number for host-level rules.
        host: Option<u32>,
        /// Priority.
        priority: Priority,
        /// Whether a live fault affects the service (hidden from the player).
        real: bool,
    },
    /// An alert stopped firing.
    AlertResolved {
        /// Alert number.
        alert: u32,
    },
    /// A page was sent to a person.
    PageSent {
        /// Page number.
        page: u32,
        /// Alert number, if the page came from an alert.
        alert: Option<u32>,
        /// The person.
        to: String,
        /// Service it is about.
        service: String,
        /// How it got there.
        via: PageVia,
        /// Priority of what caused it.
        priority: Priority,
        /// Whether the person was asleep when it arrived.
        woke: bool,
    },
    /// A page was acknowledged.
    PageAcknowledged {
        /// Page number.
        page: u32,
        /// Who acknowledged.
        by: String,
    },
    /// An unacknowledged page moved to the next escalation level.
    PageEscalated {
        /// Page number.
        page: u32,
        /// New level index.
        level: usize,
    },
    /// A page ended unacknowledged (its alert resolved, or the shift ended).
    PageExpired {
        /// Page number.
        page: u32,
    },
    /// A low-priority alert became a ticket instead of a page.
    TicketFiled {
        /// Alert number.
        alert: u32,
    },
    /// The pager passed to the next person.
    Handoff {
        /// Team id.
        team: String,
        /// New primary.
        primary: String,
        /// New secondary.
        secondary: String,
    },
    /// A person slept through a page.
    SleptThrough {
        /// Who.
        person: String,
        /// Page number.
        page: u32,
    },
    /// A teammate joined the work on a service.
    Engaged {
        /// Who.
        person: String,
        /// Service.
        service: String,
    },
    /// A person was called in by phone for a delegated task, a role or pairing (not a page).
    CalledIn {
        /// Who.
        person: String,
        /// Whether the call woke them.
        woke: bool,
    },
    /// A teammate reported back.
    Report {
        /// Who.
        from: String,
        /// Service investigated.
        service: String,
        /// What is happening.
        condition: String,
        /// What they did or will do.
        actions: String,
        /// What they need.
        needs: String,
    },
    /// Someone learnt about a service.
    KnowledgeGained {
        /// Who.
        person: String,
        /// Service.
        service: String,
        /// Before, 0–1.
        from: f64,
        /// After, 0–1.
        to: f64,
        /// Whether someone who knows the service supported them.
        paired: bool,
    },
    /// A scripted message arrived in the incident channel.
    Message {
        /// Who wrote it.
        from: String,
        /// What they said.
        text: String,
    },
    /// A stakeholder asked the incident something and waits for an answer.
    Asked {
        /// The ask's id.
        ask: String,
        /// Who asked, in words.
        from: String,
        /// The question.
        text: String,
    },
    /// A player answered a stakeholder.
    Replied {
        /// Who answered.
        by: String,
        /// The ask's id.
        ask: String,
        /// The chosen answer's id.
        option: String,
        /// Whether it was the right answer at that moment (hidden until the debrief).
        right: bool,
    },
    /// A person became unreachable.
    BecameUnavailable {
        /// Who.
        person: String,
        /// Until game second.
        until: u32,
    },
    /// A delegated task ran past its time box.
    TaskOverdue {
        /// Task number.
        task: u32,
        /// Who holds it.
        person: String,
    },
    /// A delegated task was done.
    TaskDone {
        /// Task number.
        task: u32,
        /// Who did it.
        person: String,
    },
    /// A status update went out to stakeholders.
    StatusPosted {
        /// Who posted it.
        by: String,
        /// The update.
        text: String,
        /// Who it was for.
        #[serde(default)]
        audience: crate::sim::Audience,
        /// The stage it announced.
        #[serde(default)]
        state: Option<crate::sim::StatusState>,
        /// Whether any customer-facing service was unhealthy as it went out (hidden until the
        /// debrief).
        #[serde(default)]
        customers_hurting: bool,
        /// Internal names an external update gave away: services customers never see, people.
        #[serde(default)]
        leaks: Vec<String>,
        /// How it said customers were doing.
        #[serde(default)]
        impact: Option<crate::sim::ImpactTrend>,
        /// How customers were actually doing as it went out (hidden until the debrief).
        #[serde(default = "crate::sim::event::steady")]
        actual: crate::sim::ImpactTrend,
        /// The services it said were being worked on.
        #[serde(default)]
        working_on: Vec<String>,
        /// Of those, the ones nobody was working on (hidden until the debrief).
        #[serde(default)]
        unworked: Vec<String>,
        /// When it said the next update would come, in minutes.
        #[serde(default)]
        next_update_minutes: Option<u32>,
    },
    /// A role was taken up by a person.
    RoleAssigned {
        /// The role.
        role: IncidentRole,
        /// Who.
        person: String,
    },
    /// The incident's severity was set.
    SeveritySet {
        /// New severity.
        severity: Severity,
    },
    /// A player acted; the action was applied.
    Action {
        /// Who acted.
        by: String,
        /// What they did.
        action: Action,
    },
    /// A player acted; the engine refused.
    Rejected {
        /// Who tried.
        by: String,
        /// What they tried.
        action: Action,
        /// Why it was refused.
        reason: String,
    },
    /// Command of the incident changed hands with a briefing.
    CommandHandedOver {
        /// The outgoing commander.
        from: String,
        /// The new commander.
        to: String,
        /// What the briefing left out or got wrong (hidden until the debrief).
        gaps: Vec<crate::sim::command::BriefingGap>,
        /// Game second the new commander will have caught up.
        ready_at: u32,
    },
    /// A new commander has caught up and is running the incident.
    UpToSpeed {
        /// Who.
        person: String,
    },
    /// A commander the engine plays resolved the incident.
    IncidentResolved {
        /// Who.
        person: String,
    },
    /// A failover drained a service: its traffic moved to the rest of its load group.
    Drained {
        /// The service.
        service: String,
        /// Who did it.
        by: String,
    },
    /// A task went to someone tired (fatigue 0.6 or more): they will be slower and more often
    /// wrong.
    GivenWhileTired {
        /// Who got it (person id).
        person: String,
        /// Their fatigue then, 0–1.
        fatigue: f64,
        /// The service the task is about, if any.
        service: Option<String>,
        /// A rested teammate (person id) who was awake, reachable and knew the service as well.
        rested: Option<String>,
    },
    /// A scale-up added capacity to a service.
    CapacityAdded {
        /// The service.
        service: String,
        /// Who did it.
        by: String,
        /// Its capacity now, in requests per second.
        capacity: f64,
    },
    /// A rate limit on a service turns away what it cannot serve, instead of slowing down for all.
    LoadLimited {
        /// The service.
        service: String,
        /// Who did it.
        by: String,
    },
    /// A restore from a backup began.
    RestoreStarted {
        /// Who started it.
        by: String,
        /// The service.
        service: String,
        /// The backup.
        backup: String,
        /// Game second it lands.
        done_at: u32,
    },
    /// A restore failed: the backup was unreadable.
    RestoreFailed {
        /// The service.
        service: String,
        /// The backup.
        backup: String,
    },
    /// A restore landed.
    DataRestored {
        /// The service.
        service: String,
        /// The backup.
        backup: String,
        /// Records it brought back.
        restored: u64,
        /// Writes made after the backup that it rolled back.
        rolled_back: u64,
    },
    /// A support case was opened with a vendor.
    CaseOpened {
        /// Who opened it.
        by: String,
        /// The vendor's service.
        service: String,
        /// The change asked for.
        mitigation: Mitigation,
        /// Game second the vendor will act.
        respond_at: u32,
    },
    /// A trigger went off (hidden until the debrief).
    Triggered {
        /// The trigger's id.
        trigger: String,
    },
    /// A fix that would have worked could not, for want of something it needs.
    MitigationBlocked {
        /// Service.
        service: String,
        /// The fix.
        mitigation: Mitigation,
        /// Who applied it.
        by: String,
        /// Why it could not work, in words.
        why: String,
    },
    /// A fix that stays in place holds off the waves of a fault still to come.
    WavesPrevented {
        /// The fault.
        fault: String,
        /// The fix.
        mitigation: Mitigation,
        /// Who applied it.
        by: String,
    },
    /// A fix that worked left something behind customers feel.
    SideEffect {
        /// Service.
        service: String,
        /// What it costs, in words.
        text: String,
    },
    /// The shift ended and the postmortem began.
    ShiftEnded,
    /// A postmortem question answered, in the words the player read.
    Answered {
        /// Who answered.
        by: String,
        /// The question.
        question: String,
        /// The answer chosen.
        answer: String,
    },
}

/// The trend an update saved before trends were measured is read with.
pub(crate) fn steady() -> crate::sim::ImpactTrend {
    crate::sim::ImpactTrend::Steady
}
