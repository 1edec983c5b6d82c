//! Scoring and the debrief: a rubric over the event log in five categories, every point explained
//! by a feedback line, and the report (JSON and Markdown).
//!
//! Each category starts at 100. Every deduction is a feedback line with negative points; good play
//! earns lines with zero points, so the debrief says what went well as well as what to change. A
//! category is 100 plus its lines' points, clamped to 0–100, so no score moves without a line.

mod communication;
mod facts;
mod fatigue;
mod impact;
mod learning;
mod markdown;
mod postmortem;
mod record;
pub mod redteam;
mod report;
mod response;
mod routing;

pub use markdown::{SECTIONS as REPORT_SECTIONS, markdown};
pub use report::*;

use crate::scenario::{Category, Lesson};
use crate::sim::{EventKind, World};

use facts::Facts;

/// Game seconds as minutes.
pub(crate) fn minutes(seconds: u32) -> f64 {
    f64::from(seconds) / 60.0
}

/// Builds a feedback line judged by `rule`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn line(
    rule: Rule,
    category: Category,
    points: i32,
    at: Option<u32>,
    what: impl Into<String>,
    why: impl Into<String>,
    lesson: Lesson,
    instead: impl Into<String>,
) -> Feedback {
    Feedback {
        rule,
        category,
        points,
        at,
        what: what.into(),
        why: why.into(),
        lesson,
        instead: instead.into(),
        actor: None,
        caps_total_at: None,
    }
}

/// How many times the same mistake is charged in one run: enough to show it was a habit, not so
/// many that one habit drowns every other line of the debrief.
pub const CHARGED_AT_MOST: usize = 2;

/// The highest total a run that breaks one of the lessons can reach: four clean categories must not
/// average a broken lesson away.
pub const BREACH_CAP: u32 = 70;

/// The highest total of a run whose player never answered a real page: whatever teammates did,
/// the player was not on call.
pub const ABANDONED_PAGER_CAP: u32 = 40;

/// The least weight a scenario's focus category gets in the total.
pub const FOCUS_WEIGHT: f64 = 2.0;

/// The category scores and capped total of a set of feedback lines: each category 100 plus its
/// lines' points, the total weighted by the scenario (its focus at least [`FOCUS_WEIGHT`]), and
/// capped when a line breaks a lesson. `whose` starts the cap's sentence ("Your", "The team's").
fn totals<'a>(
    sc: &crate::scenario::Scenario,
    lines: impl Iterator<Item = &'a Feedback> + Clone,
    whose: &str,
) -> (Scores, Option<Cap>) {
    let category = |c: Category| -> u32 {
        let sum: i32 = lines
            .clone()
            .filter(|l| l.category == c)
            .map(|l| l.points)
            .sum();
        (100 + sum).clamp(0, 100) as u32
    };
    let weight = |c: Category, w: f64| {
        if sc.focus == Some(c) {
            w.max(FOCUS_WEIGHT)
        } else {
            w
        }
    };
    let w = &sc.weights;
    let parts = [
        (Category::Routing, w.routing),
        (Category::Learning, w.learning),
        (Category::Response, w.response),
        (Category::Impact, w.impact),
        (Category::Communication, w.communication),
    ]
    .map(|(c, x)| (weight(c, x), category(c)));
    let weighted: f64 = parts.iter().map(|(w, x)| w * f64::from(*x)).sum();
    let weight_sum: f64 = parts.iter().map(|(w, _)| w).sum();
    let uncapped = if weight_sum > 0.0 {
        (weighted / weight_sum).round() as u32
    } else {
        0
    };
    let mut broken: Vec<Lesson> = lines
        .clone()
        .filter(|l| l.is_breach())
        .map(|l| l.lesson)
        .collect();
    broken.sort();
    broken.dedup();
    let limit = lines
        .clone()
        .filter_map(|l| l.caps_total_at)
        .min()
        .unwrap_or(100);
    let cap = (!broken.is_empty()).then(|| Cap {
        limit,
        uncapped,
        reason: format!(
            "{whose} total is capped at {limit}: {} {} ({}). Good work elsewhere cannot make up for it.",
            if whose == "Your" { "you broke" } else { "the team broke" },
            if broken.len() == 1 { "a lesson" } else { "lessons" },
            broken
                .iter()
                .map(|l| crate::sim::words::lesson(*l))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        lessons: broken,
    });
    let total = match &cap {
        Some(c) => uncapped.min(c.limit),
        None => uncapped,
    };
    let [routing, learning, response, impact, communication] = parts.map(|(_, x)| x);
    (
        Scores {
            total,
            routing,
            learning,
            response,
            impact,
            communication,
        },
        cap,
    )
}

/// Scores a finished run (call after the shift and postmortem) and builds its report.
pub fn score(world: &World) -> Report {
    let f = Facts::of(world);
    let sc = world.scenario();
    let mut feedback = Vec::new();
    let misrouted = routing::check(&f, &mut feedback);
    fatigue::check(&f, &mut feedback);
    let spread = learning::check(&f, &mut feedback);
    response::check(&f, &mut feedback);
    impact::check(&f, &mut feedback);
    communication::check(&f, &mut feedback);

    let whose = if world.is_game_day() {
        "The team's"
    } else {
        "Your"
    };
    let (scores, cap) = totals(sc, feedback.iter(), whose);

    let fin = world.final_state();
    let count = |pred: &dyn Fn(&EventKind) -> bool| {
        world.log_events().iter().filter(|e| pred(&e.kind)).count()
    };
    let metrics = Metrics {
        time_to_acknowledge: f
            .first_player_page
            .and_then(|(sent, acked)| acked.map(|a| a - sent)),
        // The same moment the report's key times call "owners engaged": the first owner at work
        // on a broken service, counted from the first real alert (or the first fault's start).
        time_to_engage_owner: f.moment(crate::sim::Moment::Engaged).map(|a| {
            let from = f
                .first_real_alert
                .or(f.faults.iter().map(|x| x.started).min())
                .unwrap_or(0);
            a.saturating_sub(from)
        }),
        time_to_mitigate: f
            .faults
            .iter()
            .filter_map(|x| x.mitigated_at)
            .max()
            .zip(f.faults.iter().map(|x| x.started).min())
            .map(|(end, start)| end - start),
        time_to_resolve: world
            .incident()
            .and_then(|i| i.resolved_at)
            .zip(f.faults.iter().map(|x| x.started).min())
            .map(|(end, start)| end.saturating_sub(start)),
        impact_minutes: fin.impact_minutes,
        error_budget_burned: fin.impact_minutes / sc.error_budget_minutes,
        pages_sent: fin.pages_sent,
        manual_pages: f
            .player_actions()
            .filter(|(_, _, a)| {
                matches!(
                    a,
                    crate::sim::Action::PagePerson { .. }
                        | crate::sim::Action::PageRotation { .. }
                        | crate::sim::Action::PageWholeTeam { .. }
                )
            })
            .count(),
        misrouted_pages: misrouted,
        people_woken: count(&|k| {
            matches!(
                k,
                EventKind::PageSent { woke: true, .. } | EventKind::CalledIn { woke: true, .. }
            )
        }),
        status_updates: f.updates.len(),
        mitigations_right: count(&|k| matches!(k, EventKind::FaultMitigated { .. })),
        mitigations_useless: count(&|k| matches!(k, EventKind::MitigationUseless { .. })),
        mitigations_harmful: count(&|k| matches!(k, EventKind::FaultWorsened { .. })),
        knowledge_spread: spread,
    };

    let timeline = world
        .timeline(true)
        .into_iter()
        .zip(
            world
                .log_events()
                .iter()
                .filter(|e| crate::sim::view::channel_line(e, true, &Default::default()).is_some()),
        )
        .map(|(l, e)| {
            let decision = matches!(&e.kind, EventKind::Action { by, .. } if f.is_player(by));
            let at_line: Vec<&Feedback> = feedback.iter().filter(|x| x.at == Some(e.at)).collect();
            let mark = (decision && !at_line.is_empty()).then(|| {
                if at_line.iter().any(|x| x.points < 0) {
                    "bad"
                } else {
                    "good"
                }
                .to_owned()
            });
            TimelineEntry {
                at: l.at,
                clock: l.clock,
                kind: l.kind,
                from: l.from,
                text: l.text,
                mark,
            }
        })
        .collect();

    let answers = world.answers();
    let action_items = sc
        .postmortem
        .iter()
        .filter_map(|q| {
            let o = q
                .options
                .iter()
                .find(|o| answers.first(&q.id) == Some(&o.id))?;
            o.teaches
                .contains(&crate::scenario::AnswerTag::Systemic)
                .then(|| o.text.clone())
        })
        .collect();

    let record = record::record(&f, &metrics);
    // Lines are written with ids; the player reads names.
    let names = world.names();
    for l in &mut feedback {
        for text in [&mut l.what, &mut l.why, &mut l.instead] {
            *text = names.humanise_ours(text);
        }
    }
    let participants = world
        .seats()
        .into_iter()
        .map(|(person, seat)| {
            let own: Vec<Feedback> = feedback
                .iter()
                .filter(|l| l.actor.as_deref() == Some(person.as_str()))
                .cloned()
                .collect();
            let (score, cap) = totals(sc, own.iter(), "Your");
            Participant {
                name: names.speaker(&person).to_owned(),
                person,
                seat,
                score,
                cap,
                feedback: own,
            }
        })
        .collect();
    let facilitator_notes = world
        .log_events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Action {
                by,
                action: crate::sim::Action::Note { text },
            } if by == crate::sim::action::FACILITATOR => Some(FacilitatorNote {
                at: e.at,
                clock: crate::sim::view::clock(sc.shift.start, e.at),
                text: text.clone(),
            }),
            _ => None,
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        scenario: ScenarioRef {
            id: sc.id.clone(),
            title: sc.title.clone(),
            focus: sc.focus,
        },
        seed: world.run_seed(),
        cap,
        score: scores,
        metrics,
        timeline,
        feedback,
        root_causes: f
            .started_faults()
            .map(|x| format!("{}: {}", names.service(&x.service), x.root_cause))
            .collect(),
        action_items,
        record,
        participants,
        facilitator_notes,
    }
}
