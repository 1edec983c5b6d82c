//! Routing: pages reach the owning team's rotation, not a hero, not everyone, not at night for noise.

use crate::scenario::{Category, Lesson, Priority};
use crate::sim::{Action, PageVia};

use super::facts::Facts;
use super::{Feedback, line, minutes};

/// Points lost per minute the owner is engaged after par.
const LATE_OWNER_PER_MINUTE: f64 = 2.0;

/// Checks routing.
pub fn check(f: &Facts, out: &mut Vec<Feedback>) {
    owner_engaged(f, out);
    manual_pages(f, out);
    foreign_acks(f, out);
    ignored_pages(f, out);
}

/// Pages that reached a player and escalated to someone else because the player never answered.
fn ignored_pages(f: &Facts, out: &mut Vec<Feedback>) {
    let mut counted = 0;
    for e in f.world.log_events() {
        let crate::sim::EventKind::PageEscalated { page, .. } = &e.kind else {
            continue;
        };
        let first = f.pages.iter().find(|p| p.page == *page);
        let Some(first) = first.filter(|p| f.is_player(&p.to)) else {
            continue;
        };
        let acked_by_player = f.world.log_events().iter().any(|x| {
            x.at <= e.at
                && matches!(&x.kind, crate::sim::EventKind::PageAcknowledged { page: p, by } if p == page && f.is_player(by))
        });
        if !acked_by_player && counted < 2 {
            counted += 1;
            out.push(line(
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
            ));
        }
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
        let owner = fault.owner.as_deref().unwrap_or_default();
        let since = f
            .first_real_alert
            .unwrap_or(fault.started)
            .max(fault.started);
        match (fault.owner_engaged_at, &fault.owner_engaged_by) {
            (Some(at), Some(who)) => {
                let late = minutes(at.saturating_sub(since)) - f64::from(par);
                if late <= 0.0 {
                    out.push(line(
                        Category::Routing,
                        0,
                        Some(at),
                        format!(
                            "{who} of {owner}, the team that owns {}, was working on it {:.0} min after the first real alert",
                            fault.service,
                            minutes(at.saturating_sub(since))
                        ),
                        "The owners of a service read its signals fastest and can change it safely.",
                        Lesson::OwnersGetThePage,
                        "",
                    ));
                } else {
                    let points = (late * LATE_OWNER_PER_MINUTE * share)
                        .min(40.0 * share)
                        .round() as i32;
                    out.push(line(
                        Category::Routing,
                        -points.max(1),
                        Some(at),
                        format!(
                            "{owner}, the team that owns {}, was only engaged after {:.0} min (par {par} min)",
                            fault.service,
                            minutes(at.saturating_sub(since))
                        ),
                        "Every minute the owners are not looking, customers wait while someone else guesses.",
                        Lesson::OwnersGetThePage,
                        format!(
                            "Find which service is actually broken (inspect the alerting service's dependencies), then page the {owner} rotation straight away."
                        ),
                    ));
                }
            }
            _ => out.push(line(
                Category::Routing,
                -(50.0 * share).round() as i32,
                Some(fault.started),
                format!(
                    "Nobody from {owner}, the team that owns {}, ever worked on it",
                    fault.service
                ),
                "The people who can fix a service fastest never heard about it.",
                Lesson::OwnersGetThePage,
                format!(
                    "Page the {owner} rotation about {} as soon as the evidence points there.",
                    fault.service
                ),
            )),
        }
    }
}

/// Whether a person held the pager (primary or secondary) of any of their teams at a game second.
fn on_call_at(f: &Facts, who: &str, at: u32) -> bool {
    f.teams_of(who).iter().any(|t| {
        let (p, s) = f.on_call(t, at);
        p.as_deref() == Some(who) || s.as_deref() == Some(who)
    })
}

fn manual_pages(f: &Facts, out: &mut Vec<Feedback>) {
    // Direct pages and hero calls share one cap, so one habit cannot sink the whole category.
    let mut bypass_total = 0;
    let mut bypass = |out: &mut Vec<Feedback>, l: Feedback| {
        bypass_total -= l.points;
        if bypass_total <= 40 {
            out.push(l);
        }
    };
    for (at, _, action) in f.player_actions() {
        let hero = |who: &str| f.sc.people.iter().any(|p| p.id == who && p.hero);
        match action {
            Action::PagePerson { person, service } if !on_call_at(f, person, *at) => {
                if hero(person) {
                    bypass(out, line(
                        Category::Routing,
                        -20,
                        Some(*at),
                        format!("You paged {person} directly about {service}: the famous expert, not on call"),
                        "Routing through the hero works until they are asleep, away or burnt out, and nobody else learns.",
                        Lesson::NoHeroes,
                        "Page the owning team's rotation; let the on-call escalate to the expert if they need to.",
                    ));
                } else {
                    bypass(out, line(
                        Category::Routing,
                        -10,
                        Some(*at),
                        format!("You paged {person} directly about {service}, bypassing the rotation"),
                        "Paging a person you know instead of whoever is on call concentrates work on a few people.",
                        Lesson::NoHeroes,
                        "Page the rotation: whoever holds the pager is expecting it.",
                    ));
                }
            }
            Action::Pair { with, .. } if hero(with) && !on_call_at(f, with, *at) => {
                bypass(out, line(
                    Category::Routing,
                    -20,
                    Some(*at),
                    format!("You called in {with}, the famous expert, off shift, to pair"),
                    "Calling the hero in, even to help, keeps routing the hard problems through one person.",
                    Lesson::NoHeroes,
                    "Pair the on-call with someone on the rotation who knows the service, or use the runbook.",
                ));
            }
            Action::PageWholeTeam { team, service } => out.push(line(
                Category::Routing,
                -20,
                Some(*at),
                format!("You paged all of {team} at once about {service}"),
                "Paging everyone wakes and interrupts people who cannot help, and nobody knows who is leading.",
                Lesson::OwnersGetThePage,
                "Page the rotation; its escalation policy brings in more people if the primary does not answer.",
            )),
            _ => {}
        }
    }
    // Pages the player sent to teams that owned nothing broken at the time.
    let mut misrouted = 0;
    for (at, _, action) in f.player_actions() {
        let team = match action {
            Action::PageRotation { team, .. } | Action::PageWholeTeam { team, .. } => {
                Some(team.as_str())
            }
            _ => None,
        };
        if let Some(team) = team {
            let broken = f.broken_at(*at);
            if !broken.is_empty()
                && !broken.iter().any(|(_, owner)| *owner == Some(team))
                && misrouted < 3
            {
                misrouted += 1;
                out.push(line(
                    Category::Routing,
                    -10,
                    Some(*at),
                    format!("You paged {team}, which owns nothing that was broken"),
                    "A page to the wrong team costs them attention and delays the right one.",
                    Lesson::OwnersGetThePage,
                    "Check the broken service's owner on its dashboard before paging.",
                ));
            }
        }
    }
    // Waking people for what could wait.
    let mut woken_for_little = 0;
    for p in &f.pages {
        let manual = matches!(
            p.via,
            PageVia::ManualPerson | PageVia::ManualRotation | PageVia::ManualTeam
        );
        if manual
            && p.woke
            && matches!(p.priority, Priority::Low | Priority::Notification)
            && woken_for_little < 3
        {
            woken_for_little += 1;
            out.push(line(
                Category::Routing,
                -15,
                Some(p.at),
                format!("{} was woken up about {}, when only low-priority alerts were open", p.to, p.service),
                "Low and Notification alerts can wait for business hours; waking people for them burns the rotation out.",
                Lesson::NoiseIsADefect,
                "Leave low-priority alerts as tickets for the morning.",
            ));
        }
    }
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
            out.push(line(
                Category::Routing,
                -10,
                Some(*at),
                format!("You acknowledged alert #{n}, which paged {whom}, not you"),
                "Taking someone else's page silences it for them; the owner stops hearing about their own service.",
                Lesson::OwnersGetThePage,
                "Leave a page with the person it went to, or tell them in the channel.",
            ));
        }
    }
}
