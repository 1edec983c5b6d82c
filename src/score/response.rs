//! Response: acknowledge, mitigate and resolve against par; the right mitigation, not thrashing.

use crate::scenario::{Category, Lesson};
use crate::sim::EventKind;

use super::facts::Facts;
use super::{Feedback, line, minutes};

/// Checks response.
pub fn check(f: &Facts, out: &mut Vec<Feedback>) {
    acknowledge(f, out);
    mitigate(f, out);
    thrashing(f, out);
}

fn acknowledge(f: &Facts, out: &mut Vec<Feedback>) {
    let par = f64::from(f.sc.par.acknowledge_minutes);
    match f.first_player_page {
        None => {}
        Some((sent, None)) => out.push(line(
            Category::Response,
            -30,
            Some(sent),
            "Your page was never acknowledged".to_owned(),
            "An unacknowledged page escalates and wakes others; nobody knows anyone is on it.",
            Lesson::IncidentCommand,
            "Acknowledge your page first (A): it tells everyone you have it.",
        )),
        Some((sent, Some(acked))) => {
            let took = minutes(acked - sent);
            if took <= par {
                out.push(line(
                    Category::Response,
                    0,
                    Some(acked),
                    format!("You acknowledged your page in {took:.1} min (par {par:.0})"),
                    "A quick acknowledgement stops escalation and tells the team someone is on it.",
                    Lesson::IncidentCommand,
                    "",
                ));
            } else {
                let points = ((took - par) * 2.0).min(25.0).round() as i32;
                out.push(line(
                    Category::Response,
                    -points.max(1),
                    Some(acked),
                    format!("You took {took:.1} min to acknowledge your page (par {par:.0})"),
                    "Until a page is acknowledged it keeps escalating, and nobody knows it is being handled.",
                    Lesson::IncidentCommand,
                    "Acknowledge first, investigate second.",
                ));
            }
        }
    }
}

fn mitigate(f: &Facts, out: &mut Vec<Feedback>) {
    let par = f64::from(f.sc.par.mitigate_minutes);
    let urgent: Vec<_> = f.faults.iter().filter(|x| x.urgent).collect();
    let share = 1.0 / urgent.len().max(1) as f64;
    for fault in urgent {
        let id = &f.sc.faults[fault.index].id;
        match fault.mitigated_at {
            Some(at) => {
                let took = minutes(at - fault.started);
                if took <= par {
                    out.push(line(
                        Category::Response,
                        0,
                        Some(at),
                        format!(
                            "{} was mitigated {took:.0} min after it broke (par {par:.0})",
                            fault.service
                        ),
                        "Stopping the bleeding quickly is what customers notice.",
                        Lesson::IncidentCommand,
                        "",
                    ));
                } else {
                    let points = ((took - par) * 1.5 * share).min(30.0 * share).round() as i32;
                    out.push(line(
                        Category::Response,
                        -points.max(1),
                        Some(at),
                        format!("{} took {took:.0} min to mitigate (par {par:.0})", fault.service),
                        "Every minute of a live fault is a minute of customers failing.",
                        Lesson::IncidentCommand,
                        "Follow the evidence to the broken service quickly and apply the fix its owners recommend.",
                    ));
                }
            }
            None => {
                let healed = fault.ended_at.is_some();
                out.push(line(
                    Category::Response,
                    -(40.0 * share).round() as i32,
                    fault.ended_at.or(Some(fault.started)),
                    if healed {
                        format!(
                            "{} was never mitigated; it recovered on its own",
                            fault.service
                        )
                    } else {
                        format!(
                            "{} was still broken when the shift ended ({id})",
                            fault.service
                        )
                    },
                    "Waiting for a fault to go away on its own leaves customers hurting.",
                    Lesson::IncidentCommand,
                    "Get the owners working on it and apply the mitigation the evidence points to.",
                ));
            }
        }
    }
}

fn thrashing(f: &Facts, out: &mut Vec<Feedback>) {
    let mut total = 0;
    for e in f.world.log_events() {
        let (points, what, why) = match &e.kind {
            EventKind::MitigationUseless {
                service,
                mitigation,
                by,
            } if f.is_player(by) || delegated(f, by) => (
                8,
                format!("{mitigation:?} on {service} by {by} changed nothing"),
                "Trying fixes at random costs time and adds risk; each change muddies the evidence.",
            ),
            EventKind::FaultWorsened { mitigation, by, .. }
                if f.is_player(by) || delegated(f, by) =>
            {
                (
                    15,
                    format!("{mitigation:?} by {by} made the fault worse"),
                    "A wrong fix can turn a partial outage into a full one.",
                )
            }
            _ => continue,
        };
        if total + points > 40 {
            break;
        }
        total += points;
        out.push(line(
            Category::Response,
            -points,
            Some(e.at),
            what,
            why,
            Lesson::CopyTheQuestions,
            "Read the evidence first (deploys, logs, the runbook) and pick the mitigation that fits it.",
        ));
    }
}

/// Whether someone acted on a task the player delegated to them.
fn delegated(f: &Facts, who: &str) -> bool {
    f.player_actions()
        .any(|(_, _, a)| matches!(a, crate::sim::Action::Delegate { person, task: crate::sim::Task::Mitigate { .. }, .. } if person == who))
}
