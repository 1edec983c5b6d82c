//! The incident as a team's postmortem document records it: summary, the incident and its roles,
//! when it began, was detected, mitigated and resolved, impact in the scenario's own terms,
//! contributing factors, where the team got lucky, action items with owner and priority, and what
//! customers were last told.

use crate::scenario::{AnswerTag, Asks, Severity};
use crate::sim::{EventKind, words};

use super::facts::Facts;
use super::report::{ActionItem, IncidentRecord, MarkedMoment, Metrics, Record};

/// Builds the record of a finished run.
pub(super) fn record(f: &Facts, m: &Metrics) -> Record {
    let names = f.world.names();
    let sc = f.sc;
    let incident = f.world.incident().map(|inc| {
        let facts = f.incidents.last();
        let severity = facts.map_or(inc.severity, |x| x.highest());
        // Everyone who held command, in order: "You until 16:13, then Hana".
        let commanders = facts.map_or(&[][..], |x| x.commanders.as_slice());
        let commander = if commanders.is_empty() {
            names.speaker(&sc.player).to_owned()
        } else {
            commanders
                .iter()
                .enumerate()
                .map(|(k, (_, who))| match commanders.get(k + 1) {
                    Some((until, _)) => format!(
                        "{} until {}",
                        names.speaker(who),
                        crate::sim::view::clock(sc.shift.start, *until)
                    ),
                    None => names.speaker(who).to_owned(),
                })
                .collect::<Vec<_>>()
                .join(", then ")
        };
        IncidentRecord {
            title: inc.title.clone(),
            severity: words::severity(severity).to_owned(),
            declared_at: inc.declared_at,
            resolved_at: inc.resolved_at,
            commander,
            roles: inc
                .roles
                .iter()
                .filter(|(role, _)| **role != crate::scenario::IncidentRole::Commander)
                .map(|(role, who)| (words::role(*role).to_owned(), names.speaker(who).to_owned()))
                .collect(),
        }
    });
    let began_at = f.faults.iter().map(|x| x.started).min();
    let mitigated_at = if f.faults.iter().all(|x| x.ended_at.is_some()) {
        f.faults.iter().filter_map(|x| x.ended_at).max()
    } else {
        None
    };
    let failed = sc.impact_terms.as_ref().map(|t| {
        let n = (m.impact_minutes * t.per_minute).round().max(0.0) as u64;
        format!("about {} {}", thousands(n), t.what)
    });
    // Data lost for good belongs beside the failures: it is what customers do not get back.
    let lost: Vec<String> = f
        .world
        .data_lost()
        .into_iter()
        .filter(|(_, _, n)| *n > 0)
        .map(|(_, what, n)| format!("{} {what} lost for good", thousands(n)))
        .collect();
    let impact = match (failed, lost.is_empty()) {
        (Some(i), true) => Some(i),
        (Some(i), false) => Some(format!("{i}; {}", lost.join("; "))),
        (None, false) => Some(lost.join("; ")),
        (None, true) => None,
    };
    let answers = f.world.answers();
    // The player's answers, as the document records them: findings beside the root causes,
    // action items in their table.
    let chosen: Vec<(&crate::scenario::Question, &crate::scenario::AnswerOption)> = sc
        .postmortem
        .iter()
        .flat_map(|q| {
            answers
                .picks
                .get(&q.id)
                .into_iter()
                .flatten()
                .filter_map(move |a| q.options.iter().find(|o| &o.id == a).map(|o| (q, o)))
        })
        .collect();
    // Only what went wrong in this run: a fault that never started caused nothing.
    let mut contributing_factors: Vec<String> = f
        .started_faults()
        .map(|x| format!("{}: {}", names.service(&x.service), x.root_cause))
        .collect();
    contributing_factors.extend(
        chosen
            .iter()
            .filter(|(q, _)| matches!(q.asks, Asks::Finding | Asks::Factors))
            .map(|(_, o)| o.text.clone()),
    );
    let response_review = chosen
        .iter()
        .filter(|(q, _)| q.asks == Asks::Response)
        .map(|(_, o)| o.text.clone())
        .collect();

    let priority = match incident
        .as_ref()
        .map(|_| f.incidents.last().map(|x| x.highest()))
    {
        Some(Some(Severity::Sev1 | Severity::Sev2)) => "P1",
        Some(_) => "P2",
        None => "P3",
    };
    let actions = chosen
        .iter()
        .filter(|(q, _)| q.asks == Asks::ActionItem)
        .map(|(q, o)| match answers.filings.get(&q.id) {
            // As the player filed it.
            Some(filed) => ActionItem {
                text: o.text.clone(),
                kind: words::item_kind(filed.kind).to_owned(),
                owner: names.team(&filed.owner).to_owned(),
                priority: words::item_priority_code(filed.priority).to_owned(),
            },
            // Filed with nothing said: the document still needs an owner and a priority.
            None => ActionItem {
                text: o.text.clone(),
                kind: if o.teaches.contains(&AnswerTag::Systemic) {
                    "prevent"
                } else {
                    "process"
                }
                .to_owned(),
                owner: f.item_owner(q).map_or_else(
                    || "the teams that own the broken services".to_owned(),
                    |t| names.team(t).to_owned(),
                ),
                priority: priority.to_owned(),
            },
        })
        .collect();
    let marked = crate::sim::Moment::ALL
        .iter()
        .map(|m| MarkedMoment {
            moment: words::moment(*m).to_owned(),
            logged: f.moment(*m),
            marked: answers.moments.get(m).copied(),
        })
        .collect();
    // What customers read: the last update written for them, else the last one at all.
    let customer_message = f
        .world
        .log_events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::StatusPosted { text, audience, .. } => Some((*audience, text)),
            _ => None,
        })
        .fold(
            None,
            |best: Option<(crate::sim::Audience, &String)>, (aud, text)| match best {
                Some((crate::sim::Audience::External, _))
                    if aud == crate::sim::Audience::Internal =>
                {
                    best
                }
                _ => Some((aud, text)),
            },
        )
        .map(|(_, text)| text.clone());
    let status_page = f
        .world
        .status_page()
        .iter()
        .map(|(at, st)| (*at, words::status_state(*st).to_owned()))
        .collect();
    Record {
        summary: summary(f, m, incident.as_ref(), impact.as_deref()),
        incident,
        began_at,
        detected_at: f.first_real_alert,
        mitigated_at,
        marked,
        response_review,
        impact,
        contributing_factors,
        lucky: lucky(f, m),
        actions,
        customer_message,
        status_page,
    }
}

/// "1240" as "1,240".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn summary(f: &Facts, m: &Metrics, inc: Option<&IncidentRecord>, impact: Option<&str>) -> String {
    let names = f.world.names();
    let broken: Vec<&str> = f.faults.iter().map(|x| names.service(&x.service)).collect();
    let what = match broken.as_slice() {
        [] => "Nothing broke".to_owned(),
        [one] => format!("{one} failed"),
        many => format!("{} failed", many.join(", ")),
    };
    let felt = match impact {
        Some(i) => format!(
            "customers felt {:.1} minutes of impact ({i})",
            m.impact_minutes
        ),
        None => format!("customers felt {:.1} minutes of impact", m.impact_minutes),
    };
    let handled = match inc {
        Some(i) => format!(
            "it was run as a {} incident commanded by {}",
            i.severity, i.commander
        ),
        None => "no incident was declared".to_owned(),
    };
    let ended = if f.faults.iter().all(|x| x.ended_at.is_some()) {
        "every fault was over by the end of the shift"
    } else {
        "a fault was still live when the shift ended"
    };
    format!("{what}; {felt}; {handled}; {ended}.")
}

/// What went right without anyone making it so.
fn lucky(f: &Facts, m: &Metrics) -> Vec<String> {
    let names = f.world.names();
    let mut out = Vec::new();
    for x in &f.faults {
        if x.ended_at.is_some() && x.mitigated_at.is_none() {
            out.push(format!(
                "The fault on {} ended on its own; nothing anyone did stopped it.",
                names.service(&x.service)
            ));
        }
    }
    let slept = f
        .world
        .log_events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::SleptThrough { .. }))
        .count();
    if slept > 0 && f.faults.iter().all(|x| x.ended_at.is_some()) {
        let pages = if slept == 1 {
            "A page went".to_owned()
        } else {
            format!("{slept} pages went")
        };
        out.push(format!(
            "{pages} unanswered by someone who slept through it, and the outage still ended; next time the escalation policy may not find anyone."
        ));
    }
    if m.mitigations_harmful > 0 && m.error_budget_burned < 1.0 {
        out.push(
            "A mitigation made things worse, yet customer impact stayed inside the error budget."
                .to_owned(),
        );
    }
    out
}
