//! Response: acknowledge, mitigate and resolve against par; the right mitigation, not thrashing.

use crate::scenario::{Category, Lesson, Mitigation};
use crate::sim::{Action, AlertRef, EventKind, Task};

use super::facts::Facts;
use super::report::Rule;
use super::{Feedback, line, minutes};

/// Checks response.
pub fn check(f: &Facts, out: &mut Vec<Feedback>) {
    acknowledge(f, out);
    snoozed(f, out);
    mitigate(f, out);
    thrashing(f, out);
}

/// Snoozing a page about a real problem puts it off; it is not an acknowledgement.
fn snoozed(f: &Facts, out: &mut Vec<Feedback>) {
    let mut counted = 0;
    for (at, by, a) in f.player_actions() {
        let Action::Snooze { alert, minutes: m } = a else {
            continue;
        };
        let real = match alert {
            AlertRef::Id(n) => f.alerts.get(n).is_some_and(|(_, r)| *r),
            AlertRef::Rule(rule) => f
                .alerts
                .iter()
                .filter(|(_, (r, _))| r == rule)
                .any(|(_, (_, real))| *real),
        };
        if !real || f.broken_at(*at).is_empty() || counted >= super::CHARGED_AT_MOST {
            continue;
        }
        counted += 1;
        out.push(
            line(
                Rule::Snoozed,
                Category::Response,
                -15,
                Some(*at),
                format!("You snoozed a page about a real problem for {m} min"),
                "A snoozed page stops ringing while customers keep failing; nobody is looking.",
                Lesson::IncidentCommand,
                "Acknowledge it (A) and look; snooze only what you have checked can wait.",
            )
            .by(by),
        );
    }
}

fn acknowledge(f: &Facts, out: &mut Vec<Feedback>) {
    let par = f64::from(f.sc.par.acknowledge_minutes);
    match f.first_player_page {
        None => {}
        Some((sent, None)) => out.push(
            line(
                Rule::Acknowledge,
                Category::Response,
                -30,
                Some(sent),
                "Your page was never acknowledged".to_owned(),
                "An unacknowledged page escalates and wakes others; nobody knows anyone is on it.",
                Lesson::OwnersGetThePage,
                "Acknowledge your page first (A): it tells everyone you have it.",
            )
            .by(f.first_player_paged.as_deref().unwrap_or(&f.sc.player))
            .caps_total_at(super::ABANDONED_PAGER_CAP),
        ),
        Some((sent, Some(acked))) => {
            let took = minutes(acked - sent);
            let points = ((took - par) * 2.0).min(25.0).round() as i32;
            out.push(against_par(
 Rule::Acknowledge,
                points,
                acked,
                (
                    format!("You acknowledged your page in {took:.1} min (par {par:.0})"),
                    "A quick acknowledgement stops escalation and tells the team someone is on it.",
                ),
                (
                    format!("You took {took:.1} min to acknowledge your page (par {par:.0})"),
                    "Until a page is acknowledged it keeps escalating, and nobody knows it is being handled.",
                    "Acknowledge first, investigate second.",
                ),
            )
            .by(f.first_player_paged.as_deref().unwrap_or(&f.sc.player)));
        }
    }
}

/// A time measured against par (judged by `rule`): praise (what happened, why it matters) when `points` is not
/// positive, else a deduction of `points` (what happened, why it matters, what to do instead).
fn against_par(
    rule: Rule,
    points: i32,
    at: u32,
    good: (String, &str),
    bad: (String, &str, &str),
) -> Feedback {
    if points <= 0 {
        line(
            rule,
            Category::Response,
            0,
            Some(at),
            good.0,
            good.1,
            Lesson::IncidentCommand,
            "",
        )
    } else {
        line(
            rule,
            Category::Response,
            -points,
            Some(at),
            bad.0,
            bad.1,
            Lesson::IncidentCommand,
            bad.2,
        )
    }
}

fn mitigate(f: &Facts, out: &mut Vec<Feedback>) {
    let names = f.world.names();
    let par = f64::from(f.sc.par.mitigate_minutes);
    let urgent: Vec<_> = f.faults.iter().filter(|x| x.urgent).collect();
    let share = 1.0 / urgent.len().max(1) as f64;
    for fault in urgent {
        let id = &f.sc.faults[fault.index].id;
        match fault.mitigated_at {
            Some(at) => {
                let took = minutes(at - fault.started);
                let points = ((took - par) * 1.5 * share).min(30.0 * share).round() as i32;
                out.push(against_par(
 Rule::Mitigate,
                    points,
                    at,
                    (
                        format!(
                            "{} was mitigated {took:.0} min after it broke (par {par:.0})",
                            names.service(&fault.service)
                        ),
                        "Stopping the bleeding quickly is what customers notice.",
                    ),
                    (
                        format!(
                            "{} took {took:.0} min to mitigate (par {par:.0})",
                            names.service(&fault.service)
                        ),
                        "Every minute of a live fault is a minute of customers failing.",
                        "Follow the evidence to the broken service quickly and apply the fix its owners recommend.",
                    ),
                ));
            }
            // A fault that ended on its own is judged by how long it lasted, like a fix: within
            // par nothing needed doing; past it, nobody stopped it sooner.
            None if fault.ended_at.is_some() => {
                let at = fault.ended_at.unwrap_or(fault.started);
                let took = minutes(at - fault.started);
                let points = ((took - par) * 1.5 * share).min(30.0 * share).round() as i32;
                out.push(against_par(
                    Rule::Mitigate,
                    points,
                    at,
                    // Trouble that hung on another fault ends when that one is dealt with.
                    if fault.cleared {
                        (
                            format!(
                                "{} cleared {took:.0} min after it broke, once what it hung on was dealt with (par {par:.0})",
                                names.service(&fault.service)
                            ),
                            "Dealing with the cause quickly also ends the trouble that follows from it.",
                        )
                    } else {
                        (
                            format!(
                                "{} recovered on its own {took:.0} min after it broke (par {par:.0})",
                                names.service(&fault.service)
                            ),
                            "A fault that clears quickly by itself needs watching, not fixing.",
                        )
                    },
                    if fault.cleared {
                        (
                            format!(
                                "{} lasted {took:.0} min, until what it hung on was dealt with (par {par:.0})",
                                names.service(&fault.service)
                            ),
                            "Every minute of a live fault is a minute of customers failing.",
                            "Find what the trouble hangs on and get its owners to deal with it first.",
                        )
                    } else {
                        (
                            format!(
                                "{} lasted {took:.0} min until it recovered on its own (par {par:.0}); nobody stopped it sooner",
                                names.service(&fault.service)
                            ),
                            "Every minute of a live fault is a minute of customers failing.",
                            "Follow the evidence to the broken service quickly and apply the fix its owners recommend.",
                        )
                    },
                ));
            }
            None => {
                out.push(line(
                    Rule::Mitigate,
                    Category::Response,
                    -(40.0 * share).round() as i32,
                    Some(fault.started),
                    format!(
                        "{} was still broken when the shift ended ({id})",
                        names.service(&fault.service)
                    ),
                    "Waiting for a fault to go away on its own leaves customers hurting.",
                    Lesson::IncidentCommand,
                    "Get the owners working on it and apply the mitigation the evidence points to.",
                ));
            }
        }
    }
}

/// Fixes that changed nothing or made things worse, charged only when they were the player's
/// decision: their own, or exactly the fix they delegated. A teammate's own guess is not theirs.
fn thrashing(f: &Facts, out: &mut Vec<Feedback>) {
    let mut total = 0;
    let mut count = 0;
    for e in f.world.log_events() {
        let (points, service, mitigation, by, worse) = match &e.kind {
            EventKind::MitigationUseless {
                service,
                mitigation,
                by,
            } => (8, service.as_str(), *mitigation, by.as_str(), false),
            EventKind::FaultWorsened {
                mitigation,
                by,
                fault,
            } => {
                let service =
                    f.sc.faults
                        .iter()
                        .find(|x| &x.id == fault)
                        .map(|x| x.service.as_str())
                        .unwrap_or_default();
                (15, service, *mitigation, by.as_str(), true)
            }
            _ => continue,
        };
        let Some(decider) = decided_by(f, by, service, mitigation, e.at) else {
            continue;
        };
        if total + points > 40 {
            break;
        }
        total += points;
        count += 1;
        let what = if worse {
            format!(
                "The {} on {} by {by} made the fault worse",
                crate::sim::words::mitigation(mitigation),
                f.world.names().service(service)
            )
        } else {
            format!(
                "The {} on {} by {by} changed nothing",
                crate::sim::words::mitigation(mitigation),
                f.world.names().service(service)
            )
        };
        let mut l = line(
Rule::Thrashing,
            Category::Response,
            -points,
            Some(e.at),
            what,
            if worse {
                "A wrong fix can turn a partial outage into a full one."
            } else {
                "Trying fixes at random costs time and adds risk; each change muddies the evidence."
            },
            Lesson::CopyTheQuestions,
            "Read the evidence first (deploys, logs, the runbook) and pick the mitigation that fits it.",
        )
        .by(&decider);
        if count >= 3 {
            // Three wrong fixes is guessing, not diagnosing.
            l = l.breach();
        }
        out.push(l);
    }
}

/// The player whose decision a mitigation was: the player who applied it, or the player who
/// delegated exactly that fix to the person who applied it, and only for the first time that person
/// started it after being asked (a later re-run of their own is theirs).
fn decided_by(f: &Facts, by: &str, service: &str, m: Mitigation, at: u32) -> Option<String> {
    if f.is_player(by) {
        return Some(by.to_owned());
    }
    let starts: Vec<(u32, u32)> = f
        .world
        .log_events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::MitigationStarted {
                service: s,
                mitigation,
                by: who,
                effective_at,
            } if who == by && s == service && *mitigation == m => Some((e.at, *effective_at)),
            _ => None,
        })
        .collect();
    let started = starts.iter().find(|(_, eff)| *eff == at)?.0;
    f.player_actions()
        .filter(|(t, _, _)| *t <= started)
        .find_map(|(t, player, a)| match a {
            Action::Delegate {
                person,
                task:
                    Task::Mitigate {
                        service: s,
                        mitigation,
                    },
                ..
            } if person == by
                && s == service
                && *mitigation == m
                && starts.iter().find(|(st, _)| *st >= *t).map(|x| x.0) == Some(started) =>
            {
                Some(player.clone())
            }
            // A vendor's fix is the decision of whoever asked for exactly it.
            Action::AskVendor {
                service: s,
                mitigation,
            } if s == service && *mitigation == m => Some(player.clone()),
            _ => None,
        })
}
