//! Routing: pages reach the owning team's rotation, not a hero, not everyone, not at night for noise;
//! and whoever you pull in — by a page, a task, a role, pairing or command — is judged the same way.

use std::collections::BTreeMap;

use crate::scenario::{Category, Lesson, Mitigation, PlayerRole, Priority};
use crate::sim::{Action, EventKind, PageVia};

use super::facts::{Facts, Pull, PullKind};
use super::report::Rule;
use super::{Feedback, line, minutes};

/// Points lost per minute the owner is engaged after par.
const LATE_OWNER_PER_MINUTE: f64 = 2.0;

/// A deploy younger than this may be rolled back by anyone on call, once its owners are told.
const SAFE_UNDO_MINUTES: i32 = 60;

/// Checks routing; returns how many manual pages went to teams that owned nothing broken.
pub fn check(f: &Facts, out: &mut Vec<Feedback>) -> usize {
    owner_engaged(f, out);
    pulled_in(f, out);
    let misrouted = misrouted(f, out);
    woken_for_little(f, out);
    foreign_acks(f, out);
    ignored_pages(f, out);
    others_services(f, out);
    misrouted
}

/// Pages that reached a player and escalated to someone else because the player never answered.
/// An escalation the player asked for (Escalate) is a decision, not a page left ringing.
fn ignored_pages(f: &Facts, out: &mut Vec<Feedback>) {
    let mut counted = 0;
    let mut charged: Vec<u32> = Vec::new();
    for e in f.world.log_events() {
        let EventKind::PageEscalated { page, .. } = &e.kind else {
            continue;
        };
        if charged.contains(page) {
            continue;
        }
        let first = f.pages.iter().find(|p| p.page == *page);
        let Some(first) = first.filter(|p| f.is_player(&p.to)) else {
            continue;
        };
        let handled_by_player = f.world.log_events().iter().any(|x| {
            x.at <= e.at
                && match &x.kind {
                    EventKind::PageAcknowledged { page: p, by } => p == page && f.is_player(by),
                    EventKind::Action {
                        by,
                        action: Action::Escalate { alert },
                    } => f.is_player(by) && escalates_page(f, alert, *page),
                    _ => false,
                }
        });
        if !handled_by_player && counted < 2 {
            counted += 1;
            charged.push(*page);
            out.push(
                line(
                    Rule::IgnoredPage,
                    Category::Routing,
                    -10,
                    Some(e.at),
                    format!(
                        "Your page about {} went unanswered and escalated to the next person",
                        first.service
                    ),
                    "An ignored page becomes someone else's interruption, often someone asleep.",
                    Lesson::OwnersGetThePage,
                    "Acknowledge your pages, even the ones you will hand on.",
                )
                .by(&first.to),
            );
        }
    }
}

/// Whether an Escalate naming this alert reference is about this page.
fn escalates_page(f: &Facts, alert: &crate::sim::AlertRef, page: u32) -> bool {
    let Some(n) = f
        .pages
        .iter()
        .find(|p| p.page == page)
        .and_then(|p| p.alert)
    else {
        return false;
    };
    match alert {
        crate::sim::AlertRef::Id(x) => *x == n,
        crate::sim::AlertRef::Rule(rule) => f.alerts.get(&n).is_some_and(|(r, _)| r == rule),
    }
}

fn owner_engaged(f: &Facts, out: &mut Vec<Feedback>) {
    let par = f.sc.par.engage_owner_minutes;
    // A Sev4 can wait for the owners' morning; only urgent faults need them now.
    let owned: Vec<_> = f
        .faults
        .iter()
        .filter(|x| x.owner.is_some() && x.urgent)
        .collect();
    let share = 1.0 / owned.len().max(1) as f64;
    for fault in owned {
        let names = f.world.names();
        let owner = names.team(fault.owner.as_deref().unwrap_or_default());
        let service = names.service(&fault.service);
        let since = f
            .first_real_alert
            .unwrap_or(fault.started)
            .max(fault.started);
        match (fault.owner_engaged_at, &fault.owner_engaged_by) {
            (Some(at), Some(who)) => {
                let took = minutes(at.saturating_sub(since));
                let late = took - f64::from(par);
                let points = (late * LATE_OWNER_PER_MINUTE * share)
                    .min(40.0 * share)
                    .round() as i32;
                if points <= 0 {
                    let what = if fault.vendor {
                        format!(
                            "A support case reached {owner}, which runs {service}, {took:.0} min after the first real alert"
                        )
                    } else {
                        format!(
                            "{} of {owner}, the team that owns {service}, was working on it {took:.0} min after the first real alert",
                            names.speaker(who),
                        )
                    };
                    out.push(line(
Rule::OwnerEngaged,
                        Category::Routing,
                        0,
                        Some(at),
                        what,
                        "The owners of a service read its signals fastest and can change it safely.",
                        Lesson::OwnersGetThePage,
                        "",
                    ));
                } else {
                    out.push(line(
Rule::OwnerEngaged,
                        Category::Routing,
                        -points,
                        Some(at),
                        format!(
                            "{owner}, the team that owns {service}, was only engaged after {took:.0} min (par {par} min)",
                        ),
                        "Every minute the owners are not looking, customers wait while someone else guesses.",
                        Lesson::OwnersGetThePage,
                        format!(
                            "Find which service is actually broken (inspect the alerting service's dependencies), then page the {owner} rotation straight away."
                        ),
                    ));
                }
            }
            _ => out.push(
                line(
                    Rule::OwnerEngaged,
                    Category::Routing,
                    -(50.0 * share).round() as i32,
                    Some(fault.started),
                    if fault.vendor {
                        format!("Nobody opened a support case with {owner}, which runs {service}")
                    } else {
                        format!(
                            "Nobody from {owner}, the team that owns {service}, ever worked on it"
                        )
                    },
                    "The people who can fix a service fastest never heard about it.",
                    Lesson::OwnersGetThePage,
                    if fault.vendor {
                        format!(
                            "Open a support case with {owner} (Shift+M) as soon as the evidence points at {service}: only they can change it."
                        )
                    } else {
                        format!(
                            "Page the {owner} rotation about {service} as soon as the evidence points there."
                        )
                    },
                )
                .breach(),
            ),
        }
    }
}

/// One rule for everyone a player pulls in, however they do it: a page, a task, a role, pairing or
/// command. The famous expert off shift, someone off the rotation for service work, and anyone
/// woken for what could wait all cost the same whichever button did it.
fn pulled_in(f: &Facts, out: &mut Vec<Feedback>) {
    // Direct calls share one cap, so one habit cannot sink the whole category by itself; the
    // breach they carry still caps the total.
    let mut bypass_total = 0;
    let mut per_person: BTreeMap<&str, usize> = BTreeMap::new();
    let mut hero_charged: Vec<&str> = Vec::new();
    for p in &f.pulls {
        if f.is_player(&p.person) || p.kind == PullKind::WholeTeam {
            continue;
        }
        // For work on a service with owners, only holding that team's pager counts: your own
        // team's secondary is still a detour around the owners.
        let on_call = match p.service.as_deref().and_then(|s| f.owner_of(s)) {
            Some(owner) if p.kind.service_work() => {
                let (primary, secondary) = f.on_call(owner, p.at);
                primary.as_deref() == Some(p.person.as_str())
                    || secondary.as_deref() == Some(p.person.as_str())
            }
            _ => f.on_call_at(&p.person, p.at),
        };
        let urgent_now = f.broken_at(p.at).into_iter().next().is_some();
        if f.is_hero(&p.person) && !on_call && !hero_charged.contains(&p.person.as_str()) {
            hero_charged.push(&p.person);
            bypass_total += 20;
            out.push(
                line(
Rule::PulledIn,
                    Category::Routing,
                    -20,
                    Some(p.at),
                    format!(
                        "You went to {}, the famous expert, who was not on call ({})",
                        p.person,
                        p.kind.how()
                    ),
                    "Routing through the hero works until they are asleep, away or burnt out, and nobody else learns.",
                    Lesson::NoHeroes,
                    "Page the owning team's rotation; let the on-call escalate to the expert if they need to.",
                )
                .by(&p.by)
                .breach(),
            );
            continue;
        }
        if p.woke && !urgent_now {
            out.push(
                line(
Rule::PulledIn,
                    Category::Routing,
                    -15,
                    Some(p.at),
                    format!(
                        "You woke {} ({}) when nothing urgent was broken",
                        p.person,
                        p.kind.how()
                    ),
                    "What can wait for business hours should wait: waking people for it burns the rotation out.",
                    Lesson::NoiseIsADefect,
                    "Leave a ticket for the owners' morning.",
                )
                .by(&p.by)
                .breach(),
            );
            continue;
        }
        if p.already_involved || on_call {
            continue;
        }
        // Someone off the rotation, not yet part of the response.
        let count = per_person.entry(&p.person).or_default();
        *count += 1;
        let mut l = if p.woke {
            line(
                Rule::PulledIn,
                Category::Routing,
                -15,
                Some(p.at),
                format!(
                    "You woke {}, who was off shift and not on call ({})",
                    p.person,
                    p.kind.how()
                ),
                "The rotation exists so that the people off shift can sleep.",
                Lesson::NoHeroes,
                "Go through the on-call rotation; its escalation policy wakes more people only when needed.",
            )
        } else if p.kind == PullKind::Page {
            line(
                Rule::PulledIn,
                Category::Routing,
                -10,
                Some(p.at),
                format!(
                    "You paged {} directly about {}, bypassing the rotation",
                    p.person,
                    p.service.as_deref().unwrap_or("the incident")
                ),
                "Paging a person you know instead of whoever is on call concentrates work on a few people.",
                Lesson::NoHeroes,
                "Page the rotation: whoever holds the pager is expecting it.",
            )
        } else if p.kind.service_work() && !helps_with_knowledge(p) {
            line(
                Rule::PulledIn,
                Category::Routing,
                -10,
                Some(p.at),
                format!(
                    "You pulled in {}, who was not on call ({}), instead of going through a rotation",
                    p.person,
                    p.kind.how()
                ),
                "Work handed around the rotation lands on the same few people and leaves the on-call out.",
                Lesson::NoHeroes,
                "Page the owning rotation and give the work to whoever answers.",
            )
        } else {
            continue;
        };
        if *count >= 2 {
            // The same person again and again: the human router.
            l.what.push_str(" — again");
        }
        if *count >= 2 || p.woke || p.kind == PullKind::Page {
            l = l.breach();
        }
        bypass_total += -l.points;
        if bypass_total <= 40 || l.is_breach() {
            out.push(l.by(&p.by));
        }
    }
    // Paging a whole team is its own habit.
    let mut seen: Vec<(u32, &str)> = Vec::new();
    for (at, by, action) in f.player_actions() {
        if let Action::PageWholeTeam { team, service } = action {
            if seen.contains(&(*at, team.as_str())) {
                continue;
            }
            seen.push((*at, team));
            let woken = f
                .pulls
                .iter()
                .filter(|p| p.at == *at && p.kind == PullKind::WholeTeam && p.woke)
                .count();
            out.push(
                line(
Rule::PulledIn,
                    Category::Routing,
                    -20,
                    Some(*at),
                    if woken > 0 {
                        format!("You paged all of {team} at once about {service}, waking {woken}")
                    } else {
                        format!("You paged all of {team} at once about {service}")
                    },
                    "Paging everyone wakes and interrupts people who cannot help, and nobody knows who is leading.",
                    Lesson::OwnersGetThePage,
                    "Page the rotation; its escalation policy brings in more people if the primary does not answer.",
                )
                .by(by)
                .breach(),
            );
        }
    }
}

/// Asking someone who knows the broken service to support the on-call is the point of pairing;
/// it is not a bypass when they are awake.
fn helps_with_knowledge(p: &Pull) -> bool {
    p.kind == PullKind::Pair && !p.woke
}

/// Pages the player sent to teams that owned nothing broken at the time (all of them counted; the
/// first three charged).
fn misrouted(f: &Facts, out: &mut Vec<Feedback>) -> usize {
    let mut count = 0;
    let mut all = 0;
    for (at, by, action) in f.player_actions() {
        let team = match action {
            Action::PageRotation { team, .. } | Action::PageWholeTeam { team, .. } => {
                Some(team.as_str())
            }
            _ => None,
        };
        if let Some(team) = team {
            let broken = f.broken_at(*at);
            let wrong = !broken.is_empty() && !broken.iter().any(|(_, owner)| *owner == Some(team));
            all += usize::from(wrong);
            if wrong && count < 3 {
                count += 1;
                out.push(
                    line(
                        Rule::Misrouted,
                        Category::Routing,
                        -10,
                        Some(*at),
                        format!("You paged {team}, which owns nothing that was broken"),
                        "A page to the wrong team costs them attention and delays the right one.",
                        Lesson::OwnersGetThePage,
                        "Check the broken service's owner on its dashboard before paging.",
                    )
                    .by(by),
                );
            }
        }
    }
    all
}

/// Manual pages that woke people about low-priority alerts.
fn woken_for_little(f: &Facts, out: &mut Vec<Feedback>) {
    let mut count = 0;
    for p in &f.pages {
        let manual = matches!(
            p.via,
            PageVia::ManualPerson | PageVia::ManualRotation | PageVia::ManualTeam
        );
        let already = f
            .pulls
            .iter()
            .any(|x| x.at == p.at && x.person == p.to && x.woke);
        if manual
            && p.woke
            && !already
            && matches!(p.priority, Priority::Low | Priority::Notification)
            && f.broken_at(p.at).is_empty()
            && count < 3
        {
            count += 1;
            let by = sender(f, p.at);
            let mut l = line(
Rule::WokenForLittle,
                Category::Routing,
                -15,
                Some(p.at),
                format!("{} was woken up about {}, when only low-priority alerts were open", p.to, p.service),
                "Low and Notification alerts can wait for business hours; waking people for them burns the rotation out.",
                Lesson::NoiseIsADefect,
                "Leave low-priority alerts as tickets for the morning.",
            )
            .breach();
            if let Some(by) = by {
                l = l.by(by);
            }
            out.push(l);
        }
    }
}

/// The player who acted at a game second, if one did.
fn sender<'a>(f: &'a Facts, at: u32) -> Option<&'a str> {
    f.player_actions()
        .find(|(t, _, _)| *t == at)
        .map(|(_, by, _)| by.as_str())
}

fn foreign_acks(f: &Facts, out: &mut Vec<Feedback>) {
    let mut count = 0;
    for (at, by, action) in f.player_actions() {
        let Action::Acknowledge { alert } = action else {
            continue;
        };
        let number = match alert {
            crate::sim::AlertRef::Id(n) => Some(*n),
            crate::sim::AlertRef::Rule(rule) => f
                .alerts
                .iter()
                .filter(|(n, (r, _))| {
                    r == rule && f.alert_paged.get(n).is_some_and(|s| !s.is_empty())
                })
                .map(|(n, _)| *n)
                .rfind(|n| {
                    f.pages.iter().any(|p| {
                        p.at <= *at && f.alert_paged.get(n).is_some_and(|s| s.contains(&p.to))
                    })
                }),
        };
        let Some(n) = number else { continue };
        let Some(paged) = f.alert_paged.get(&n) else {
            continue;
        };
        if !paged.is_empty() && !paged.contains(by) && count < 3 {
            count += 1;
            let whom = paged.iter().cloned().collect::<Vec<_>>().join(", ");
            out.push(
                line(
Rule::ForeignAck,
                    Category::Routing,
                    -10,
                    Some(*at),
                    format!("You acknowledged alert #{n}, which paged {whom}, not you"),
                    "Taking someone else's page silences it for them; the owner stops hearing about their own service.",
                    Lesson::OwnersGetThePage,
                    "Leave a page with the person it went to, or tell them in the channel.",
                )
                .by(by),
            );
        }
    }
}

/// A responder changing a service another team owns. The one exception, stated in the rubric and
/// the tutorial: anyone on call may roll back a deploy made to it in the last hour (the safe undo)
/// once its owners have been paged, because undoing a fresh change is cheap and the owners decide
/// what comes next. Commanders never fix (see communication).
fn others_services(f: &Facts, out: &mut Vec<Feedback>) {
    // Alone, a commander's fixes are judged as hands-on work; at a game day every responder
    // seat is judged here whatever the scenario's solo role, and the commander's seat there.
    if f.sc.role == PlayerRole::Commander && f.seats.is_empty() {
        return;
    }
    let mut counted = 0;
    for (at, by, service, mitigation, owner) in f.owned_fixes() {
        // Declaring an incident does not make another team's service yours to change.
        if f.member_of(by, owner) || f.seats.get(by) == Some(&crate::scenario::SeatRole::Commander)
        {
            continue;
        }
        let owners_paged_by = |until: u32| {
            f.player_actions().any(|(t, _, a)| {
                *t <= until
                    && matches!(a, Action::PageRotation { team, .. } | Action::PageWholeTeam { team, .. } if team == owner)
            })
        };
        if safe_undo(f, service, mitigation, at) && owners_paged_by(at + 5 * 60) {
            out.push(
                line(
Rule::OthersService,
                    Category::Routing,
                    0,
                    Some(at),
                    format!("You rolled back the fresh deploy on {service} and told {owner}, its owners"),
                    "Undoing a change made in the last hour is safe for anyone on call; the owners decide what comes next.",
                    Lesson::OwnersGetThePage,
                    "",
                )
                .by(by),
            );
            continue;
        }
        if counted >= super::CHARGED_AT_MOST {
            continue;
        }
        counted += 1;
        out.push(
            line(
Rule::OthersService,
                Category::Routing,
                -15,
                Some(at),
                format!("You changed {service} yourself; it belongs to {owner}"),
                "The owners know what a change to their service risks; a fix applied around them can make it worse and teaches them nothing.",
                Lesson::OwnersGetThePage,
                format!(
                    "Page the {owner} rotation and let them apply the fix. Only a rollback of a deploy under {SAFE_UNDO_MINUTES} minutes old is safe for anyone, once the owners are told."
                ),
            )
            .by(by)
            .breach(),
        );
    }
}

/// Whether a mitigation is the safe undo: a rollback of a deploy made to the service in the last hour.
fn safe_undo(f: &Facts, service: &str, m: Mitigation, at: u32) -> bool {
    if m != Mitigation::Rollback {
        return false;
    }
    let now = (at / 60) as i32;
    f.sc.services
        .iter()
        .find(|s| s.id == service)
        .is_some_and(|s| {
            s.deploys
                .iter()
                .any(|d| d.at_minute <= now && now - d.at_minute <= SAFE_UNDO_MINUTES)
        })
}
