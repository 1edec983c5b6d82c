//! Communication: declaring, severity, roles, the commander not fixing, update cadence, handover
//! and close.

use crate::scenario::{Category, IncidentRole, Lesson, PlayerRole, Severity};
use crate::sim::Action;
use crate::sim::view::STATUS_EVERY_MINUTES;

use super::facts::Facts;
use super::{Feedback, line, minutes};

/// Checks communication.
pub fn check(f: &Facts, out: &mut Vec<Feedback>) {
    let warranted =
        f.warranted.is_some_and(|s| s <= Severity::Sev2) || f.sc.role == PlayerRole::Commander;
    let declared = f.player_actions().find_map(|(at, _, a)| match a {
        Action::Declare { severity, .. } => Some((*at, *severity)),
        _ => None,
    });
    let Some((declared_at, severity)) = declared else {
        if warranted {
            out.push(line(
                Category::Communication,
                -35,
                f.first_real_alert,
                "No incident was declared for a customer-facing outage".to_owned(),
                "Declaring gives everyone one place to look, a commander, and a rhythm of updates.",
                Lesson::IncidentCommand,
                "Declare an incident (D) as soon as customers are affected; you can always downgrade it.",
            ));
        }
        if f.sc.role == PlayerRole::Commander {
            // The commander's other duties went undone too; each is its own lesson.
            out.push(line(
                Category::Communication,
                -15,
                f.first_real_alert,
                "No roles were assigned: nobody took notes or spoke to stakeholders".to_owned(),
                "Without named roles everyone does everything, or nothing.",
                Lesson::IncidentCommand,
                "Name a scribe and a communications lead (choose a person, then assign the role in the incident panel) right after declaring.",
            ));
            out.push(line(
                Category::Communication,
                -25,
                f.first_real_alert,
                "Stakeholders received no status update".to_owned(),
                "Stakeholders who hear nothing start asking, and interrupt the people fixing things.",
                Lesson::IncidentCommand,
                format!("Post a status update (S) every {STATUS_EVERY_MINUTES} minutes or so."),
            ));
        }
        return;
    };
    let since = f.first_real_alert.unwrap_or(0);
    if warranted && declared_at > since + 15 * 60 {
        out.push(line(
            Category::Communication,
            -10,
            Some(declared_at),
            format!(
                "The incident was declared {:.0} min after the first real alert",
                minutes(declared_at - since)
            ),
            "Until it is declared, stakeholders hear nothing and people work at cross purposes.",
            Lesson::IncidentCommand,
            "Declare early; it costs nothing to close a small incident.",
        ));
    }
    if let Some(w) = f.warranted {
        if severity > w {
            out.push(line(
                Category::Communication,
                -15,
                Some(declared_at),
                format!("You declared {severity:?}, but the outage warranted {w:?}"),
                "Too low a severity brings too little help; when unsure, pick the higher one and move on.",
                Lesson::IncidentCommand,
                format!("Declare {w:?}; downgrade later if it turns out smaller."),
            ));
        } else {
            out.push(line(
                Category::Communication,
                0,
                Some(declared_at),
                format!("Declared {severity:?} for an outage that warranted {w:?}"),
                "A sensible severity brings the right amount of help.",
                Lesson::IncidentCommand,
                "",
            ));
        }
    }
    roles(f, declared_at, out);
    hands_on(f, out);
    cadence(f, declared_at, out);
    close(f, out);
}

fn roles(f: &Facts, declared_at: u32, out: &mut Vec<Feedback>) {
    let assigned: Vec<IncidentRole> = f
        .player_actions()
        .filter_map(|(_, _, a)| match a {
            Action::AssignRole { role, .. } => Some(*role),
            Action::Delegate {
                task: crate::sim::Task::Communicate,
                ..
            } => Some(IncidentRole::Communications),
            _ => None,
        })
        .collect();
    let big = f.warranted.is_some_and(|s| s <= Severity::Sev2);
    if assigned.is_empty() && big {
        out.push(line(
            Category::Communication,
            -15,
            Some(declared_at),
            "No roles were assigned: the commander did everything".to_owned(),
            "A commander who also writes updates and takes notes has no attention left to command.",
            Lesson::IncidentCommand,
            "Name a scribe and a communications lead (choose a person, then assign the role in the incident panel) right after declaring.",
        ));
    } else if !assigned.is_empty() {
        out.push(line(
            Category::Communication,
            0,
            Some(declared_at),
            format!(
                "Roles assigned: {}",
                assigned
                    .iter()
                    .map(|r| format!("{r:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "Named roles let everyone know who does what.",
            Lesson::IncidentCommand,
            "",
        ));
    }
}

fn hands_on(f: &Facts, out: &mut Vec<Feedback>) {
    let Some(inc) = f.world.incident() else {
        return;
    };
    let commander_from = inc.declared_at;
    let mut counted = 0;
    for (at, by, a) in f.player_actions() {
        if let Action::Mitigate { service, .. } = a {
            // With no owning team there is nobody to delegate to: acting is the only way.
            let owned =
                f.sc.services
                    .iter()
                    .any(|s| &s.id == service && s.owner.is_some());
            let commanding = owned
                && *at >= commander_from
                && inc.resolved_at.is_none_or(|r| *at <= r)
                && still_commander(f, by, *at);
            if commanding && counted < 2 {
                counted += 1;
                out.push(line(
                    Category::Communication,
                    -15,
                    Some(*at),
                    format!("As commander you applied a fix to {service} yourself"),
                    "A commander with hands on the keyboard stops seeing the whole incident.",
                    Lesson::IncidentCommand,
                    "Delegate the fix to the operations lead or the owner with a time box (T).",
                ));
            }
        }
    }
}

/// Whether `who` held command at `at` (declared it and had not handed over yet).
fn still_commander(f: &Facts, who: &str, at: u32) -> bool {
    let mut commander: Option<&str> = None;
    for (t, by, a) in &f.actions {
        if *t > at {
            break;
        }
        match a {
            Action::Declare { .. } => commander = Some(by),
            Action::HandOver { to } => commander = Some(to),
            Action::AssignRole {
                role: IncidentRole::Commander,
                person,
            } => commander = Some(person),
            _ => {}
        }
    }
    commander == Some(who)
}

fn cadence(f: &Facts, declared_at: u32, out: &mut Vec<Feedback>) {
    let Some(inc) = f.world.incident() else {
        return;
    };
    let end = inc.resolved_at.unwrap_or(f.world.end());
    let updates: Vec<u32> = f
        .updates
        .iter()
        .map(|(at, _)| *at)
        .filter(|at| *at >= declared_at && *at <= end)
        .collect();
    let open_minutes = minutes(end - declared_at);
    if updates.is_empty() {
        if open_minutes >= 10.0 {
            out.push(line(
                Category::Communication,
                -25,
                Some(declared_at),
                format!("No status update in {open_minutes:.0} min of incident"),
                "Stakeholders who hear nothing start asking, and interrupt the people fixing things.",
                Lesson::IncidentCommand,
                format!("Post a status update (S) every {STATUS_EVERY_MINUTES} minutes or so, or name a communications lead."),
            ));
        }
        return;
    }
    let mut gaps = 0;
    let mut spam = 0;
    let mut last = declared_at;
    for &u in updates.iter().chain(std::iter::once(&end)) {
        let gap = minutes(u - last);
        if gap > 35.0 && gaps < 4 {
            gaps += 1;
            out.push(line(
                Category::Communication,
                -5,
                Some(u),
                format!("{gap:.0} min passed without a status update"),
                "Long silences make stakeholders assume the worst.",
                Lesson::IncidentCommand,
                format!("Keep a {STATUS_EVERY_MINUTES}-minute rhythm of updates."),
            ));
        }
        last = u;
    }
    for w in updates.windows(2) {
        if minutes(w[1] - w[0]) < 10.0 && spam < 5 {
            spam += 1;
            out.push(line(
                Category::Communication,
                -3,
                Some(w[1]),
                format!("A status update only {:.0} min after the previous one", minutes(w[1] - w[0])),
                "Updates every few minutes are noise: they take the commander's attention and say nothing new.",
                Lesson::IncidentCommand,
                "Update about every 20–30 minutes, or when something material changes.",
            ));
        }
    }
    if gaps == 0 && spam == 0 {
        out.push(line(
            Category::Communication,
            0,
            updates.first().copied(),
            format!("{} status updates at a steady cadence", updates.len()),
            "A regular rhythm keeps stakeholders calm and out of the incident channel.",
            Lesson::IncidentCommand,
            "",
        ));
    }
}

fn close(f: &Facts, out: &mut Vec<Feedback>) {
    let Some(inc) = f.world.incident() else {
        return;
    };
    match inc.resolved_at {
        None => {
            let handed = f
                .player_actions()
                .any(|(_, _, a)| matches!(a, Action::HandOver { .. }));
            out.push(line(
                Category::Communication,
                if handed { -5 } else { -15 },
                None,
                if handed {
                    "The incident was handed over but never closed".to_owned()
                } else {
                    "The incident was never closed or handed over".to_owned()
                },
                "An incident nobody closes leaves people unsure whether they can stand down.",
                Lesson::IncidentCommand,
                "Resolve the incident once customers are whole, or hand command over explicitly (H).",
            ));
        }
        Some(at) => {
            let live = f.broken_at(at);
            if live.is_empty() {
                out.push(line(
                    Category::Communication,
                    0,
                    Some(at),
                    "The incident was closed after everything had recovered".to_owned(),
                    "An explicit close tells everyone they can stand down.",
                    Lesson::IncidentCommand,
                    "",
                ));
            } else {
                out.push(line(
                    Category::Communication,
                    -15,
                    Some(at),
                    format!(
                        "The incident was closed while {} was still broken",
                        live.iter().map(|(s, _)| *s).collect::<Vec<_>>().join(", ")
                    ),
                    "Closing early sends helpers away while customers are still failing.",
                    Lesson::IncidentCommand,
                    "Check every affected service has recovered before resolving.",
                ));
            }
        }
    }
}
