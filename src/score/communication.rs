//! Communication: incident command judged over the time customers were hurt, not over the record:
//! declaring, severity, roles, the commander not fixing, update cadence and content, handover and
//! close.

use crate::scenario::{Category, IncidentRole, Lesson, Mitigation, PlayerRole, Severity};
use crate::sim::view::STATUS_EVERY_MINUTES;
use crate::sim::{Action, Audience, EventKind};

use super::facts::{Facts, IncidentFacts};
use super::report::Rule;
use super::{CHARGED_AT_MOST, Feedback, line, minutes};
use crate::sim::words;

/// Minutes after the first real page within which declaring is on time.
const DECLARE_WITHIN_MINUTES: f64 = 15.0;

/// Checks communication.
pub fn check(f: &Facts, out: &mut Vec<Feedback>) {
    hands_on(f, out);
    stakeholders(f, out);
    handover(f, out);
    // At a game day someone always holds the commander's seat.
    let commander = f.sc.role == PlayerRole::Commander || !f.seats.is_empty();
    // The outage that needs an incident: Sev1/Sev2 faults (any urgent fault when the player is
    // the commander), from the first start to the last end.
    let outage: Vec<(u32, u32)> = f
        .faults
        .iter()
        .filter(|x| {
            let sev = f.sc.faults[x.index].severity;
            sev <= Severity::Sev2 || (commander && x.urgent)
        })
        .map(|x| (x.started, x.ended_at.unwrap_or(f.world.end())))
        .collect();
    if f.incidents.is_empty() {
        if !outage.is_empty() {
            not_declared(
                f,
                out,
                "No incident was declared for a customer-facing outage",
            );
        }
        return;
    }
    let start = outage.iter().map(|o| o.0).min();
    let end = outage.iter().map(|o| o.1).max();
    if let (Some(start), Some(end)) = (start, end) {
        let covering: Vec<&IncidentFacts> = f
            .incidents
            .iter()
            .filter(|i| i.declared_at < end && i.resolved_at.is_none_or(|r| r > start))
            .collect();
        if covering.is_empty() {
            let before = f
                .incidents
                .iter()
                .all(|i| i.resolved_at.is_some_and(|r| r <= start));
            not_declared(
                f,
                out,
                if before {
                    "The incident was closed before the outage began: nobody ran the real one"
                } else {
                    "The incident was declared only after the outage was over"
                },
            );
            return;
        }
        declared_in_time(f, covering[0], start, out);
        left_open(f, &outage, out);
    }
    severity(f, out);
    roles(f, out);
    cadence(f, out);
    content(f, out);
    close(f, out);
}

/// Every stakeholder question asked: unanswered in time, answered wrongly for that moment, or
/// answered well.
fn stakeholders(f: &Facts, out: &mut Vec<Feedback>) {
    let log = f.world.log_events();
    for e in log {
        let EventKind::Asked { ask, from, text } = &e.kind else {
            continue;
        };
        let Some(crate::scenario::Inject::Ask {
            reply_within_minutes,
            options,
            ..
        }) =
            f.sc.injects
                .iter()
                .find(|i| matches!(i, crate::scenario::Inject::Ask { id, .. } if id == ask))
        else {
            continue;
        };
        let due = e.at.saturating_add(reply_within_minutes.saturating_mul(60));
        let reply = log.iter().find_map(|r| match &r.kind {
            EventKind::Replied {
                by,
                ask: a,
                option,
                right,
            } if a == ask && f.is_player(by) => Some((r.at, by, option, *right)),
            _ => None,
        });
        let Some((at, by, option, right)) = reply else {
            out.push(line(
                Rule::Stakeholders,
                Category::Communication,
                -10,
                Some(e.at),
                format!("{from} asked \"{text}\" and heard nothing"),
                "A stakeholder left without an answer asks again, louder, and pulls people off the fix.",
                Lesson::IncidentCommand,
                "Answer stakeholders briefly (Enter), or have the communications lead do it: what is known, what is being done, when they will hear next.",
            ).by(f.duty(crate::scenario::SeatRole::Communications)));
            continue;
        };
        let Some(chosen) = options.iter().find(|o| &o.id == option) else {
            continue;
        };
        if at > due {
            out.push(
                line(
                    Rule::Stakeholders,
                    Category::Communication,
                    -5,
                    Some(at),
                    format!(
                        "You answered {from} {:.0} min after they asked",
                        minutes(at - e.at)
                    ),
                    "An answer that comes after the decision it was needed for does not help.",
                    Lesson::IncidentCommand,
                    format!("Answer within {reply_within_minutes} minutes, even if only to say when you will know more."),
                )
                .by(by),
            );
        }
        let (points, instead) = if right {
            (0, "")
        } else {
            (
                -8,
                "Answer with what is known now: facts, what is being done, and when the next update comes; promise nothing you cannot see.",
            )
        };
        out.push(
            line(
                Rule::Stakeholders,
                Category::Communication,
                points,
                Some(at),
                format!("You told {from}: \"{}\"", chosen.text),
                chosen.why.clone(),
                Lesson::IncidentCommand,
                instead,
            )
            .by(by),
        );
    }
}

/// How long a player may keep command after their handover was due, with the incident open.
const HANDOVER_GRACE_SECONDS: u32 = 10 * 60;

/// Handing command over: each thing the briefing left out is time the new commander spends
/// catching up instead of running the incident. A handover the scenario asks for and the player
/// never makes is charged too.
fn handover(f: &Facts, out: &mut Vec<Feedback>) {
    let names = f.world.names();
    for e in f.world.log_events() {
        let EventKind::CommandHandedOver {
            from,
            to,
            gaps,
            ready_at,
        } = &e.kind
        else {
            continue;
        };
        if !f.is_player(from) {
            continue;
        }
        let ramp = minutes(ready_at.saturating_sub(e.at));
        let l = if gaps.is_empty() {
            line(
                Rule::Handover,
                Category::Communication,
                0,
                Some(e.at),
                format!(
                    "You briefed {to} fully as you handed over; they were running the incident {ramp:.0} min later"
                ),
                "Who is doing what, the likely cause and the next update time are what a new commander needs to carry on without a pause.",
                Lesson::IncidentCommand,
                "",
            )
        } else {
            let missed: Vec<String> = gaps.iter().map(|g| words::briefing_gap(g, names)).collect();
            line(
                Rule::Handover,
                Category::Communication,
                -(5 * gaps.len().min(4) as i32),
                Some(e.at),
                format!(
                    "You handed command to {to}, but the briefing {}; they needed {ramp:.0} min to catch up",
                    words::list(&missed)
                ),
                "Every gap in a briefing is time the new commander spends asking around while the updates and decisions wait.",
                Lesson::IncidentCommand,
                "Brief whoever takes over: who is doing what, the likely cause, and when the next update is due.",
            )
        };
        out.push(l.by(from));
    }
    for inj in &f.sc.injects {
        let crate::scenario::Inject::HandoverDue { at_minute, to, .. } = inj else {
            continue;
        };
        let due = at_minute.saturating_mul(60);
        let check_at = due.saturating_add(HANDOVER_GRACE_SECONDS);
        let Some(inc) = f.incidents.last() else {
            continue;
        };
        let open_then = inc.declared_at <= check_at && inc.resolved_at.is_none_or(|r| r > check_at);
        let still_player = inc.commander_at(check_at).is_some_and(|c| f.is_player(c));
        if open_then && still_player {
            out.push(
                line(
                    Rule::Handover,
                    Category::Communication,
                    -15,
                    Some(check_at),
                    format!("{to} was ready to take command at {}, and you never handed over", crate::sim::view::clock(f.sc.shift.start, due)),
                    "A commander who has to leave and keeps command leaves the incident without anyone running it: nobody holds the picture, and nobody knows they should.",
                    Lesson::IncidentCommand,
                    "Hand over explicitly when your time is up (H on the chosen person), with a briefing.",
                )
                .breach()
                .by(inc.commander_at(check_at).unwrap_or(&f.sc.player)),
            );
        }
    }
}

/// How long after a promised update time the next one may come before the promise counts as
/// broken.
const PROMISE_GRACE_SECONDS: u32 = 5 * 60;

/// The structured part of the players' updates against the world: how customers were said to be
/// doing against how they were, the services said to be worked on against who was on them, and
/// each promised next-update time against when the next update came.
fn structure(f: &Facts, out: &mut Vec<Feedback>) {
    let log = f.world.log_events();
    let names = f.world.names();
    let posts: Vec<(u32, &String, &EventKind)> = log
        .iter()
        .filter_map(|e| match &e.kind {
            k @ EventKind::StatusPosted { by, .. } => Some((e.at, by, k)),
            _ => None,
        })
        .collect();
    let (mut rosy, mut idle, mut broken, mut no_next, mut silent) = (0, 0, 0, false, false);
    let mut praised = false;
    for (i, (at, by, k)) in posts.iter().enumerate() {
        let EventKind::StatusPosted {
            impact,
            actual,
            unworked,
            next_update_minutes,
            ..
        } = k
        else {
            continue;
        };
        if !f.is_player(by) {
            continue;
        }
        let open_then = f
            .incidents
            .iter()
            .any(|inc| inc.declared_at <= *at && inc.resolved_at.is_none_or(|r| r > *at));
        // Saying nothing about customers must not be safer than saying the truth.
        if impact.is_none() && open_then && !silent {
            silent = true;
            out.push(line(
                Rule::StatusTruth,
                Category::Communication,
                -3,
                Some(*at),
                "Your update did not say how customers are doing".to_owned(),
                "The first thing every reader of an update wants to know is whether customers are still hurting.",
                Lesson::IncidentCommand,
                "Say how customers are doing in every update (Ctrl+I in the composer): getting worse, no better yet, recovering or recovered.",
            ).by(by));
        }
        if let Some(said) = impact {
            let say = words::impact_trend(*said);
            let was = words::impact_trend(*actual);
            if said > actual {
                rosy += 1;
                if rosy <= CHARGED_AT_MOST {
                    out.push(line(
                        Rule::StatusTruth,
                        Category::Communication,
                        -8,
                        Some(*at),
                        format!("Your update said \"customers: {say}\" while the graphs showed \"{was}\""),
                        "An update rosier than the dashboards is found out within minutes, and then nobody trusts the next one.",
                        Lesson::IncidentCommand,
                        "Look at the customer-facing graphs over the last few minutes before saying how customers are doing.",
                    ).by(by));
                }
            } else if said < actual {
                out.push(line(
                    Rule::StatusTruth,
                    Category::Communication,
                    -3,
                    Some(*at),
                    format!("Your update said \"customers: {say}\" while the graphs already showed \"{was}\""),
                    "An update gloomier than the facts keeps support and leaders braced for harm that has passed.",
                    Lesson::IncidentCommand,
                    "Say what the customer-facing graphs show now, good news included.",
                ).by(by));
            } else if !praised {
                praised = true;
                out.push(line(
                    Rule::StatusTruth,
                    Category::Communication,
                    0,
                    Some(*at),
                    format!("Your update said \"customers: {say}\", as the graphs showed"),
                    "Saying plainly how customers are doing, matching what they see, is what makes an update worth reading.",
                    Lesson::IncidentCommand,
                    "",
                ).by(by));
            }
        }
        if !unworked.is_empty() {
            idle += 1;
            if idle <= CHARGED_AT_MOST {
                let services: Vec<&str> = unworked.iter().map(|s| names.service(s)).collect();
                out.push(line(
                    Rule::StatusTruth,
                    Category::Communication,
                    -5,
                    Some(*at),
                    format!("Your update said {} was being worked on; nobody was on it", words::list(&services)),
                    "Stakeholders plan around what an update says is being done; work that is not happening is a promise nobody keeps.",
                    Lesson::IncidentCommand,
                    "Name only work that someone is doing; if nobody is on it yet, say who will be.",
                ).by(by));
            }
        }
        let open_after = |t: u32| {
            f.incidents
                .iter()
                .any(|inc| inc.declared_at <= t && inc.resolved_at.is_none_or(|r| r > t))
        };
        match next_update_minutes {
            Some(m) => {
                let due = at + m * 60 + PROMISE_GRACE_SECONDS;
                let next = posts.get(i + 1).map(|(t, _, _)| *t);
                if due < f.world.end() && open_after(due) && next.is_none_or(|t| t > due) {
                    broken += 1;
                    if broken <= CHARGED_AT_MOST {
                        let came = match next {
                            Some(t) => format!("the next came {:.0} min later", minutes(t - at)),
                            None => "no update followed".to_owned(),
                        };
                        out.push(line(
                            Rule::Cadence,
                            Category::Communication,
                            -5,
                            Some(due),
                            format!("Your update promised the next in {m} min; {came}"),
                            "A missed update time is a broken promise: people start asking the bridge directly.",
                            Lesson::IncidentCommand,
                            "Post when you said you would, even if only to say nothing has changed.",
                        ).by(by));
                    }
                }
            }
            None if open_after(*at) && !no_next => {
                no_next = true;
                out.push(line(
                    Rule::Cadence,
                    Category::Communication,
                    -3,
                    Some(*at),
                    "Your update gave no time for the next one".to_owned(),
                    "Without a next-update time, everyone waiting decides for themselves when to ask again.",
                    Lesson::IncidentCommand,
                    "End every update with when the next one comes (Ctrl+U in the composer).",
                ).by(by));
            }
            None => {}
        }
    }
}

/// What the players' updates said, against the world as they went out: a stage that claims
/// recovery while customers are still hurting, and customer-facing text that gives away names from
/// inside the company. An update with a stage that matches what customers saw is praised.
fn content(f: &Facts, out: &mut Vec<Feedback>) {
    let mut wrong = 0;
    let mut leaked = 0;
    let mut praised = false;
    structure(f, out);
    for e in f.world.log_events() {
        let EventKind::StatusPosted {
            by,
            state,
            audience,
            customers_hurting,
            leaks,
            ..
        } = &e.kind
        else {
            continue;
        };
        if !f.is_player(by) {
            continue;
        }
        if let Some(st) = state {
            let says = words::status_state(*st);
            if st.claims_recovery() && *customers_hurting {
                wrong += 1;
                if wrong <= CHARGED_AT_MOST {
                    out.push(
                        line(
                            Rule::StatusTruth,
                            Category::Communication,
                            -10,
                            Some(e.at),
                            format!("Your update said \"{says}\" while customers were still affected"),
                            "An all-clear that turns out false costs more trust than a slow one; people stop believing the next update.",
                            Lesson::IncidentCommand,
                            "Check the customer-facing dashboards before saying monitoring or resolved; until then say investigating or identified.",
                        )
                        .by(by),
                    );
                }
            } else if !praised {
                praised = true;
                out.push(
                    line(
                        Rule::StatusTruth,
                        Category::Communication,
                        0,
                        Some(e.at),
                        format!("Your \"{says}\" update matched what customers were seeing"),
                        "Updates that match reality are the ones stakeholders trust and stop asking about.",
                        Lesson::IncidentCommand,
                        "",
                    )
                    .by(by),
                );
            }
        }
        if *audience == Audience::External && !leaks.is_empty() {
            leaked += 1;
            if leaked <= CHARGED_AT_MOST {
                out.push(
                    line(
                        Rule::StatusLeak,
                        Category::Communication,
                        -8,
                        Some(e.at),
                        format!(
                            "Your update for customers named {} from inside the company",
                            leaks.join(", ")
                        ),
                        "Customers do not know internal systems or staff; names confuse them and expose people.",
                        Lesson::IncidentCommand,
                        "Write for customers in terms of what they use (sign-in, checkout, messages), never internal systems or people.",
                    )
                    .by(by),
                );
            }
        }
    }
}

/// The lines for an outage nobody ran as an incident.
fn not_declared(f: &Facts, out: &mut Vec<Feedback>, what: &str) {
    let at = f.first_real_page.or(f.first_real_alert);
    out.push(
        line(
Rule::NotDeclared,
            Category::Communication,
            -35,
            at,
            what.to_owned(),
            "Declaring gives everyone one place to look, a commander, and a rhythm of updates while customers are hurt.",
            Lesson::IncidentCommand,
            "Declare an incident (D) as soon as customers are affected, keep it open until they are whole, then resolve it.",
        )
        .by(f.duty(crate::scenario::SeatRole::Commander))
        .breach(),
    );
    if f.sc.role == PlayerRole::Commander || !f.seats.is_empty() {
        // The commander's other duties went undone too; each is its own lesson.
        out.push(
            line(
Rule::NotDeclared,
                Category::Communication,
                -15,
                at,
                "No roles were assigned while customers were hurt: nobody took notes or spoke to stakeholders".to_owned(),
                "Without named roles everyone does everything, or nothing.",
                Lesson::IncidentCommand,
                "Name a scribe and a communications lead (choose a person, then assign the role in the incident panel) right after declaring.",
            )
            .by(f.duty(crate::scenario::SeatRole::Commander)),
        );
        out.push(
            line(
Rule::NotDeclared,
                Category::Communication,
                -25,
                at,
                "Stakeholders received no status update while customers were hurt".to_owned(),
                "Stakeholders who hear nothing start asking, and interrupt the people fixing things.",
                Lesson::IncidentCommand,
                format!("Post a status update (S) every {STATUS_EVERY_MINUTES} minutes or so."),
            )
            .by(f.duty(crate::scenario::SeatRole::Communications)),
        );
    }
}

/// Declaring late costs more the later it is; very late is a broken lesson.
fn declared_in_time(f: &Facts, first: &IncidentFacts, outage_start: u32, out: &mut Vec<Feedback>) {
    let since = f.first_real_page.unwrap_or(outage_start);
    if first.declared_at <= since {
        return;
    }
    let late = minutes(first.declared_at - since);
    if late <= DECLARE_WITHIN_MINUTES {
        return;
    }
    let points = (10.0 + (late - DECLARE_WITHIN_MINUTES) / 2.0)
        .min(30.0)
        .round() as i32;
    let mut l = line(
        Rule::DeclaredLate,
        Category::Communication,
        -points,
        Some(first.declared_at),
        format!("The incident was declared {late:.0} min after the first real page"),
        "Until it is declared, stakeholders hear nothing and people work at cross purposes.",
        Lesson::IncidentCommand,
        "Declare early; it costs nothing to close a small incident.",
    )
    .by(commander_of(f, first));
    if late > 2.0 * DECLARE_WITHIN_MINUTES {
        l = l.breach();
    }
    out.push(l);
}

/// The player who declared an incident.
fn commander_of<'a>(f: &'a Facts, i: &'a IncidentFacts) -> &'a str {
    i.commanders
        .first()
        .map(|(_, c)| c.as_str())
        .unwrap_or(f.duty(crate::scenario::SeatRole::Commander))
}

/// Customers still hurt while no incident was open after it had been declared once.
fn left_open(f: &Facts, outage: &[(u32, u32)], out: &mut Vec<Feedback>) {
    for i in &f.incidents {
        let Some(r) = i.resolved_at else { continue };
        let still: Vec<&str> = f
            .faults
            .iter()
            .filter(|x| x.started <= r && x.ended_at.is_none_or(|e| r < e) && x.urgent)
            .map(|x| x.service.as_str())
            .collect();
        if still.is_empty() {
            continue;
        }
        // How long customers went on hurting with nobody running it.
        let uncovered = outage
            .iter()
            .map(|(s, e)| {
                let from = (*s).max(r);
                let reopened = f
                    .incidents
                    .iter()
                    .filter(|j| j.declared_at >= r)
                    .map(|j| j.declared_at)
                    .min()
                    .unwrap_or(u32::MAX);
                e.min(&reopened).saturating_sub(from)
            })
            .max()
            .unwrap_or(0);
        let mut l = line(
            Rule::LeftOpen,
            Category::Communication,
            -15,
            Some(r),
            format!(
                "The incident was closed while {} was still broken",
                still.join(", ")
            ),
            "Closing early sends helpers away while customers are still failing.",
            Lesson::IncidentCommand,
            "Check every affected service has recovered before resolving.",
        )
        .by(i
            .commander_at(r)
            .unwrap_or(f.duty(crate::scenario::SeatRole::Commander)));
        if minutes(uncovered) >= 10.0 {
            l = l.breach();
        }
        out.push(l);
    }
}

fn severity(f: &Facts, out: &mut Vec<Feedback>) {
    let Some(w) = f.warranted else { return };
    let Some(first) = f.incidents.first() else {
        return;
    };
    let declared = f.incidents.iter().map(|i| i.highest()).min().unwrap_or(w);
    let by = commander_of(f, first);
    let levels = |s: Severity| s as i32;
    let at = Some(first.declared_at);
    if declared > w {
        let mut l = line(
Rule::Severity,
            Category::Communication,
            -15,
            at,
            format!(
                "The incident never went above {}, but the outage warranted {}",
                words::severity(declared),
                words::severity(w)
            ),
            "Too low a severity brings too little help; when unsure between two levels, pick the higher one and move on.",
            Lesson::IncidentCommand,
            format!("Declare {} (the severity table is in the briefing); downgrade later if it turns out smaller.", words::severity(w)),
        )
        .by(by);
        if levels(declared) - levels(w) >= 2 {
            l = l.breach();
        }
        out.push(l);
    } else if levels(w) - levels(declared) >= 2 {
        out.push(
            line(
Rule::Severity,
                Category::Communication,
                -15,
                at,
                format!(
                    "You declared {} for an outage that warranted {}",
                    words::severity(declared),
                    words::severity(w)
                ),
                "Over-declaring is not free: a high severity pulls in executives and public notice, and teaches everyone to discount the next one.",
                Lesson::IncidentCommand,
                format!(
                    "Match the severity to measured impact (the table is in the briefing): {} here. Pick the higher only when unsure between two neighbouring levels.",
                    words::severity(w)
                ),
            )
            .by(by)
            .breach(),
        );
    } else {
        out.push(
            line(
                Rule::Severity,
                Category::Communication,
                0,
                at,
                format!(
                    "Declared {} for an outage that warranted {}",
                    words::severity(declared),
                    words::severity(w)
                ),
                "A sensible severity brings the right amount of help.",
                Lesson::IncidentCommand,
                "",
            )
            .by(by),
        );
    }
}

fn roles(f: &Facts, out: &mut Vec<Feedback>) {
    let mut assigned: Vec<IncidentRole> = Vec::new();
    for (_, _, a) in f.player_actions() {
        let role = match a {
            Action::AssignRole { role, .. } if *role != IncidentRole::Commander => Some(*role),
            Action::Delegate {
                task: crate::sim::Task::Communicate,
                ..
            } => Some(IncidentRole::Communications),
            _ => None,
        };
        if let Some(r) = role
            && !assigned.contains(&r)
        {
            assigned.push(r);
        }
    }
    let big = f.warranted.is_some_and(|s| s <= Severity::Sev2);
    let Some(first) = f.incidents.first() else {
        return;
    };
    if assigned.is_empty() && big {
        out.push(
            line(
Rule::Roles,
                Category::Communication,
                -15,
                Some(first.declared_at),
                "No roles were assigned: the commander did everything".to_owned(),
                "A commander who also writes updates and takes notes has no attention left to command.",
                Lesson::IncidentCommand,
                "Name a scribe and a communications lead (choose a person, then assign the role in the incident panel) right after declaring.",
            )
            .by(commander_of(f, first)),
        );
    } else if !assigned.is_empty() {
        out.push(
            line(
                Rule::Roles,
                Category::Communication,
                0,
                Some(first.declared_at),
                format!(
                    "Roles assigned: {}",
                    assigned
                        .iter()
                        .map(|r| words::role(*r))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "Named roles let everyone know who does what.",
                Lesson::IncidentCommand,
                "",
            )
            .by(commander_of(f, first)),
        );
    }
}

/// A player who runs (or ran, or will run) the incident fixing an owned service during a Sev1 or
/// Sev2, whatever the labels or order: before declaring, after handing over, or with someone else
/// named commander. A responder fixing their own team's service is doing their job and is judged
/// by routing instead.
fn hands_on(f: &Facts, out: &mut Vec<Feedback>) {
    let commanding_a_big_one = |(at, by, _, _, owner): &(u32, &str, &str, Mitigation, &str)| {
        let big = f.live_severity(*at).is_some_and(|s| s <= Severity::Sev2);
        let held_command = f
            .incidents
            .iter()
            .any(|i| i.commanders.iter().any(|(_, c)| c == by));
        let (ran_incident, owner_on_call) = if f.seats.is_empty() {
            (
                f.sc.role == PlayerRole::Commander || held_command,
                f.sc.role == PlayerRole::Responder && f.member_of(by, owner),
            )
        } else {
            // At a game day the commander is a seat: a responder fixing their own team's
            // service is doing their job, whatever the scenario's solo role.
            (
                f.seats.get(*by) == Some(&crate::scenario::SeatRole::Commander) || held_command,
                f.seats.get(*by) == Some(&crate::scenario::SeatRole::Responder)
                    && !held_command
                    && f.member_of(by, owner),
            )
        };
        big && ran_incident && !owner_on_call
    };
    let charged = f
        .owned_fixes()
        .filter(commanding_a_big_one)
        .take(super::CHARGED_AT_MOST);
    for (at, by, service, _, owner) in charged {
        out.push(
            line(
Rule::HandsOn,
                Category::Communication,
                -15,
                Some(at),
                format!("You applied a fix to {service} yourself during a major incident you were running"),
                "A commander with hands on the keyboard stops seeing the whole incident, whatever the role says on paper and whenever the incident was declared.",
                Lesson::IncidentCommand,
                format!("Delegate the fix to {owner}'s on-call or the operations lead with a time box (T), and keep the whole picture."),
            )
            .by(by)
            .breach(),
        );
    }
}

fn cadence(f: &Facts, out: &mut Vec<Feedback>) {
    let mut praised = false;
    let mut spam = 0;
    for inc in &f.incidents {
        let end = inc.resolved_at.unwrap_or(f.world.end());
        let updates: Vec<&(u32, String)> = f
            .updates
            .iter()
            .filter(|(at, _)| *at >= inc.declared_at && *at <= end)
            .collect();
        let open_minutes = minutes(end - inc.declared_at);
        // Updates are the communications lead's at a game day (the commander's seat when there
        // is none); alone, the commander's.
        // At a game day, whoever posted most of the incident's updates answers for their rhythm
        // (the communications seat, or the commander's when nobody posted).
        let by = if f.seats.is_empty() {
            commander_of(f, inc)
        } else {
            updates
                .iter()
                .map(|(_, who)| who.as_str())
                .filter(|who| f.is_player(who))
                .max_by_key(|who| updates.iter().filter(|(_, w)| w == who).count())
                .unwrap_or(f.duty(crate::scenario::SeatRole::Communications))
        };
        if updates.is_empty() {
            if open_minutes >= 10.0 {
                out.push(
                    line(
Rule::Cadence,
                        Category::Communication,
                        -25,
                        Some(inc.declared_at),
                        format!("No status update in {open_minutes:.0} min of incident"),
                        "Stakeholders who hear nothing start asking, and interrupt the people fixing things.",
                        Lesson::IncidentCommand,
                        format!("Post a status update (S) every {STATUS_EVERY_MINUTES} minutes or so, or name a communications lead."),
                    )
                    .by(by),
                );
            }
            continue;
        }
        let mut gaps = 0;
        let mut last = inc.declared_at;
        for u in updates
            .iter()
            .map(|(at, _)| *at)
            .chain(std::iter::once(end))
        {
            let gap = minutes(u - last);
            if gap > 35.0 && gaps < 4 {
                gaps += 1;
                out.push(
                    line(
                        Rule::Cadence,
                        Category::Communication,
                        -5,
                        Some(u),
                        format!("{gap:.0} min passed without a status update"),
                        "Long silences make stakeholders assume the worst.",
                        Lesson::IncidentCommand,
                        format!("Keep a {STATUS_EVERY_MINUTES}-minute rhythm of updates."),
                    )
                    .by(by),
                );
            }
            last = u;
        }
        // Too soon is charged to a player who posted it, never to an automatic update.
        let mut local_spam = 0;
        for w in updates.windows(2) {
            let gap = minutes(w[1].0 - w[0].0);
            if gap < 10.0 && f.is_player(&w[1].1) && spam < 6 {
                spam += 1;
                local_spam += 1;
                out.push(
                    line(
Rule::Cadence,
                        Category::Communication,
                        -4,
                        Some(w[1].0),
                        format!("A status update only {gap:.0} min after the previous one"),
                        "Updates every few minutes are noise: they take the commander's attention and say nothing new.",
                        Lesson::IncidentCommand,
                        "Update about every 20–30 minutes, or when something material changes.",
                    )
                    .by(&w[1].1),
                );
            }
        }
        if gaps == 0 && local_spam == 0 && !praised {
            praised = true;
            out.push(
                line(
                    Rule::Cadence,
                    Category::Communication,
                    0,
                    updates.first().map(|u| u.0),
                    format!("{} status updates at a steady cadence", updates.len()),
                    "A regular rhythm keeps stakeholders calm and out of the incident channel.",
                    Lesson::IncidentCommand,
                    "",
                )
                .by(by),
            );
        }
    }
}

fn close(f: &Facts, out: &mut Vec<Feedback>) {
    let Some(inc) = f.incidents.last() else {
        return;
    };
    let by = inc
        .commanders
        .last()
        .map(|(_, c)| c.as_str())
        .unwrap_or(&f.sc.player);
    match inc.resolved_at {
        None => {
            let handed = inc.commanders.len() > 1;
            let mut l = line(
                Rule::Close,
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
            );
            if f.is_player(by) {
                l = l.by(by);
            }
            out.push(l);
        }
        Some(at) => {
            let after_recovery = f
                .faults
                .iter()
                .any(|x| x.urgent && x.ended_at.is_some_and(|e| e <= at));
            if f.broken_at(at).is_empty() && after_recovery {
                out.push(
                    line(
                        Rule::Close,
                        Category::Communication,
                        0,
                        Some(at),
                        "The incident was closed after everything had recovered".to_owned(),
                        "An explicit close tells everyone they can stand down.",
                        Lesson::IncidentCommand,
                        "",
                    )
                    .by(by),
                );
            }
        }
    }
}
