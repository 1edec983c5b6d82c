//! Engine values in words for people. Everything a player reads — the channel, the timeline, the
//! debrief, the reports — names mitigations, roles, severities and the like through here, never
//! through a type's debug output.

use crate::scenario::{
    Category, Difficulty, IncidentRole, ItemKind, ItemPriority, Lesson, MetricKind, Mitigation,
    PlayerRole, Priority, Seniority, Severity,
};

use super::action::{Moment, Task};
use super::command::BriefingGap;
use super::event::PageVia;
use super::names::Names;

/// A mitigation as a noun: "a rollback was started".
pub fn mitigation(m: Mitigation) -> &'static str {
    match m {
        Mitigation::Rollback => "rollback",
        Mitigation::Failover => "failover",
        Mitigation::ScaleUp => "scale-up",
        Mitigation::Restart => "restart",
        Mitigation::ToggleFeatureFlag => "feature flag switch-off",
        Mitigation::RenewCertificate => "certificate renewal",
        Mitigation::RevertConfig => "config revert",
        Mitigation::DrainHost => "host drain",
        Mitigation::RateLimit => "rate limit",
    }
}

/// A mitigation as something to do: "I am going to roll back the deploy".
pub fn mitigation_verb(m: Mitigation) -> &'static str {
    match m {
        Mitigation::Rollback => "roll back the deploy",
        Mitigation::Failover => "fail over",
        Mitigation::ScaleUp => "scale up",
        Mitigation::Restart => "restart it",
        Mitigation::ToggleFeatureFlag => "turn off the feature flag",
        Mitigation::RenewCertificate => "renew the certificate",
        Mitigation::RevertConfig => "revert the config push",
        Mitigation::DrainHost => "drain the bad host",
        Mitigation::RateLimit => "rate-limit at the edge",
    }
}

/// A mitigation as a menu label: "Roll back the deploy".
pub fn mitigation_label(m: Mitigation) -> String {
    capitalise(mitigation_verb(m))
}

/// An incident role.
pub fn role(r: IncidentRole) -> &'static str {
    match r {
        IncidentRole::Commander => "commander",
        IncidentRole::Scribe => "scribe",
        IncidentRole::Deputy => "deputy",
        IncidentRole::Communications => "communications lead",
        IncidentRole::OperationsLead => "operations lead",
        IncidentRole::Expert => "subject-matter expert",
    }
}

/// What a handover briefing missed, as the debrief says it: "left out Nora".
pub fn briefing_gap(g: &BriefingGap, n: &Names) -> String {
    match g {
        BriefingGap::Unlisted { person } => format!("left out {}", n.person(person)),
        BriefingGap::NotWorking { person } => {
            format!("named {}, who was not working on it", n.person(person))
        }
        BriefingGap::NoSuspect => "named no likely cause".into(),
        BriefingGap::WrongSuspect { service } => {
            format!("blamed {}, which had nothing wrong", n.service(service))
        }
        BriefingGap::NoNextUpdate => "gave no time for the next update".into(),
    }
}

/// Items in a sentence: "a", "a and b", "a, b and c".
pub fn list(items: &[impl AsRef<str>]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// A key moment of an incident, as a postmortem timeline labels it.
pub fn moment(m: Moment) -> &'static str {
    match m {
        Moment::Detected => "detected",
        Moment::Engaged => "owners engaged",
        Moment::Mitigated => "mitigated",
        Moment::Resolved => "resolved",
    }
}

/// The kind of an action item, as a postmortem's table lists it.
pub fn item_kind(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Detect => "detect",
        ItemKind::Mitigate => "mitigate",
        ItemKind::Prevent => "prevent",
        ItemKind::Process => "process",
    }
}

/// An action item's priority with what it means.
pub fn item_priority(p: ItemPriority) -> &'static str {
    match p {
        ItemPriority::P1 => "P1 (first)",
        ItemPriority::P2 => "P2 (this quarter)",
        ItemPriority::P3 => "P3 (when there is room)",
    }
}

/// An action item's priority as a table column shows it: "P1".
pub fn item_priority_code(p: ItemPriority) -> &'static str {
    match p {
        ItemPriority::P1 => "P1",
        ItemPriority::P2 => "P2",
        ItemPriority::P3 => "P3",
    }
}

/// A severity, as players write it.
pub fn severity(s: Severity) -> &'static str {
    s.name()
}

/// An alert priority.
pub fn priority(p: Priority) -> &'static str {
    match p {
        Priority::High => "High",
        Priority::Medium => "Medium",
        Priority::Low => "Low",
        Priority::Notification => "Notification",
    }
}

/// How a page reached someone.
pub fn via(v: PageVia) -> &'static str {
    match v {
        PageVia::Rotation => "on call",
        PageVia::Direct => "alert routed to them",
        PageVia::Escalation => "escalation",
        PageVia::ManualPerson => "paged by hand",
        PageVia::ManualRotation => "rotation paged by hand",
        PageVia::ManualTeam => "whole team paged by hand",
    }
}

/// A delegated task; `service` names a service id.
pub fn task(t: &Task, service: &dyn Fn(&str) -> String) -> String {
    match t {
        Task::Investigate { service: s } => format!("investigate {}", service(s)),
        Task::Mitigate {
            service: s,
            mitigation,
        } => format!("{} on {}", mitigation_verb(*mitigation), service(s)),
        Task::Communicate => "handle communications".to_owned(),
    }
}

/// One of the game's lessons.
pub fn lesson(l: Lesson) -> &'static str {
    match l {
        Lesson::OwnersGetThePage => "owners get the page",
        Lesson::KnowWhatYouOwn => "know what you own",
        Lesson::NoHeroes => "don't route through heroes",
        Lesson::LearnByDoing => "learn by doing",
        Lesson::NoiseIsADefect => "noise is a defect",
        Lesson::IncidentCommand => "incident command is a skill",
        Lesson::BlamelessPostmortems => "postmortems are for learning",
        Lesson::CopyTheQuestions => "copy the questions, not the answers",
    }
}

/// A score category.
pub fn category(c: Category) -> &'static str {
    match c {
        Category::Routing => "Routing",
        Category::Learning => "Learning",
        Category::Response => "Response",
        Category::Impact => "Impact",
        Category::Communication => "Communication",
    }
}

/// A scenario's difficulty.
pub fn difficulty(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Beginner => "Beginner",
        Difficulty::Intermediate => "Intermediate",
        Difficulty::Advanced => "Advanced",
        Difficulty::Expert => "Expert",
    }
}

/// The seat the player takes in a scenario.
pub fn player_role(r: PlayerRole) -> &'static str {
    match r {
        PlayerRole::Responder => "Responder",
        PlayerRole::Commander => "Commander",
    }
}

/// A person's seniority.
pub fn seniority(s: Seniority) -> &'static str {
    match s {
        Seniority::Junior => "Junior",
        Seniority::Mid => "Mid-level",
        Seniority::Senior => "Senior",
        Seniority::Principal => "Principal",
    }
}

/// A service's health.
pub fn health(h: super::view::Health) -> &'static str {
    match h {
        super::view::Health::Healthy => "Healthy",
        super::view::Health::Degraded => "Degraded",
        super::view::Health::Down => "Down",
        super::view::Health::NoData => "No data",
        super::view::Health::Unseen => "Not watched",
    }
}

/// A metric's dashboard label, with its unit.
pub fn metric(k: MetricKind) -> &'static str {
    match k {
        MetricKind::Latency => "latency ms",
        MetricKind::ErrorRate => "errors %",
        MetricKind::Throughput => "req/s",
        MetricKind::Saturation => "saturation",
    }
}

/// The first letter in upper case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A status-page stage.
pub fn status_state(s: super::StatusState) -> &'static str {
    use super::StatusState as S;
    match s {
        S::Investigating => "investigating",
        S::Identified => "identified",
        S::Monitoring => "monitoring",
        S::Resolved => "resolved",
    }
}

/// Who a status update was for and what stage it announced, when either is set:
/// "(customers, identified)".
pub fn status_qualifier(
    audience: super::Audience,
    state: Option<super::StatusState>,
) -> Option<String> {
    let who = (audience == super::Audience::External).then_some("customers");
    let parts: Vec<&str> = who.into_iter().chain(state.map(status_state)).collect();
    (!parts.is_empty()).then(|| format!("({})", parts.join(", ")))
}

/// How customers are doing, as an update says it: "customers: getting worse".
pub fn impact_trend(t: super::ImpactTrend) -> &'static str {
    match t {
        super::ImpactTrend::Worsening => "getting worse",
        super::ImpactTrend::Steady => "no better yet",
        super::ImpactTrend::Recovering => "recovering",
        super::ImpactTrend::Recovered => "recovered",
    }
}

/// The structured part of a status update, after its text: "customers: recovering · working on:
/// Auth · next update in 20 min"; none when the update has no structure.
pub fn update_details(
    impact: Option<super::ImpactTrend>,
    working_on: &[&str],
    next_update_minutes: Option<u32>,
) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(t) = impact {
        parts.push(format!("customers: {}", impact_trend(t)));
    }
    if !working_on.is_empty() {
        parts.push(format!("working on: {}", list(working_on)));
    }
    if let Some(m) = next_update_minutes {
        parts.push(format!("next update in {m} min"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// How a status update is labelled: "STATUS", "STATUS (customers, identified)".
pub fn status_label(audience: super::Audience, state: Option<super::StatusState>) -> String {
    match status_qualifier(audience, state) {
        Some(q) => format!("STATUS {q}"),
        None => "STATUS".to_owned(),
    }
}

/// Whether a person's display name is the second person: the player named "You" in a scenario
/// (written "you" mid-sentence).
pub fn is_you(name: &str) -> bool {
    name.eq_ignore_ascii_case("you")
}

/// A person's name as the owner of something: "Priya's", or "Your" for the player named "You".
pub fn possessive(name: &str) -> String {
    if is_you(name) {
        "Your".to_owned()
    } else {
        format!("{name}'s")
    }
}

/// A multiple of a scenario's pace in words: "2× the scenario's pace", "1/4× the scenario's pace".
pub fn speed(times: f64) -> String {
    let x = if times >= 1.0 { times } else { 1.0 / times };
    let x = format!("{x:.2}");
    let x = x.trim_end_matches('0').trim_end_matches('.');
    if times >= 1.0 {
        format!("{x}× the scenario's pace")
    } else {
        format!("1/{x}× the scenario's pace")
    }
}

/// A game-day seat in words.
pub fn seat(role: crate::scenario::SeatRole) -> &'static str {
    match role {
        crate::scenario::SeatRole::Commander => "incident commander",
        crate::scenario::SeatRole::Responder => "responder",
        crate::scenario::SeatRole::Communications => "communications lead",
        crate::scenario::SeatRole::Scribe => "scribe",
    }
}
