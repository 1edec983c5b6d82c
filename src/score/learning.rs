//! Learning: blameless, systemic postmortems; noise flagged; runbooks; the less experienced owner
//! involved and supported; knowledge measurably spread.

use crate::scenario::{Category, Lesson, Mitigation, Seniority};
use crate::sim::{Action, EventKind};

use super::facts::Facts;
use super::report::Rule;
use super::{Feedback, Spread, line};

/// Knowledge at which a person can handle a service.
pub const CAPABLE: f64 = 0.5;

/// Checks learning; returns the measured knowledge spread.
pub fn check(f: &Facts, out: &mut Vec<Feedback>) -> Vec<Spread> {
    super::postmortem::check(f, out);
    heroes(f, out);
    noise(f, out);
    runbooks(f, out);
    juniors(f, out);
    spread(f, out)
}

/// Going to the famous expert about a broken service takes the learning away from the on-call,
/// however they were pulled in: a page, a task, a role, pairing or command.
fn heroes(f: &Facts, out: &mut Vec<Feedback>) {
    let called = f.pulls.iter().find(|p| {
        f.is_hero(&p.person)
            && !p.already_involved
            && !f.on_call_at(&p.person, p.at)
            && !f.broken_at(p.at).is_empty()
    });
    if let Some(p) = called {
        out.push(line(
Rule::Heroes,
            Category::Learning,
            -15,
            Some(p.at),
            format!("You went to {}, the expert everyone calls, instead of letting the on-call owner work it", p.person),
            "Every problem the hero solves is one the rotation does not learn; knowledge stays concentrated.",
            Lesson::NoHeroes,
            "Page the owning rotation and support its on-call with the runbook or a pairing partner.",
        ).by(&p.by));
    }
}

fn noise(f: &Facts, out: &mut Vec<Feedback>) {
    let flagged: Vec<(u32, String, &str)> = f
        .player_actions()
        .filter_map(|(at, by, a)| match a {
            Action::FlagNoise { alert } => Some((*at, rule_of(f, alert, *at)?, by.as_str())),
            _ => None,
        })
        .collect();
    // Rules that fired at least three times without a live fault behind them are noise.
    let mut noisy: Vec<String> = Vec::new();
    for (rule, _) in f.alerts.values().filter(|(_, real)| !real) {
        let count = f
            .alerts
            .values()
            .filter(|(r, real)| r == rule && !real)
            .count();
        let any_real = f.alerts.values().any(|(r, real)| r == rule && *real);
        if count >= 3 && !any_real && !noisy.contains(rule) {
            noisy.push(rule.clone());
        }
    }
    let mut missed = 0;
    for rule in &noisy {
        if let Some((at, _, by)) = flagged.iter().find(|(_, r, _)| r == rule) {
            out.push(
                line(
                    Rule::Noise,
                    Category::Learning,
                    0,
                    Some(*at),
                    format!("You flagged the noisy rule {rule} for tuning"),
                    "A noisy alert trains people to ignore the pager; flagging it gets it fixed.",
                    Lesson::NoiseIsADefect,
                    "",
                )
                .by(by),
            );
        } else if missed < 2 {
            missed += 1;
            out.push(line(
Rule::Noise,
                Category::Learning,
                -10,
                None,
                format!("The rule {rule} fired again and again with nothing wrong, and was never flagged"),
                "Noise that nobody reports stays noise, and the next real page drowns in it.",
                Lesson::NoiseIsADefect,
                "Flag noisy rules for tuning (F) instead of acknowledging them one by one.",
            ));
        }
    }
    let mut wrongly = 0;
    for (at, rule, by) in &flagged {
        if f.alerts.values().any(|(r, real)| r == rule && *real) && wrongly < 2 {
            wrongly += 1;
            out.push(
                line(
                    Rule::Noise,
                    Category::Learning,
                    -10,
                    Some(*at),
                    format!("You flagged {rule} as noise, but it was reporting a real problem"),
                    "Silencing a real health signal hides the next incident too.",
                    Lesson::NoiseIsADefect,
                    "Inspect the service before deciding an alert is noise.",
                )
                .by(by)
                .breach(),
            );
        }
    }
}

/// The rule an alert reference names, as of a game second.
fn rule_of(f: &Facts, alert: &crate::sim::AlertRef, _at: u32) -> Option<String> {
    match alert {
        crate::sim::AlertRef::Rule(r) => Some(r.clone()),
        crate::sim::AlertRef::Id(n) => f.alerts.get(n).map(|(r, _)| r.clone()),
    }
}

/// A runbook step counts once the player has looked at the service it describes, after the fault
/// there started, and when it says something a stranger could follow.
fn runbooks(f: &Facts, out: &mut Vec<Feedback>) {
    let inspected = |service: &str, before: u32| {
        f.player_actions().any(|(t, _, a)| {
            *t <= before
                && matches!(a, Action::Inspect { service: s } | Action::ReadRunbook { service: s } if s == service)
        })
    };
    let mut junk = 0;
    for (at, by, a) in f.player_actions() {
        let Action::UpdateRunbook { service, step } = a else {
            continue;
        };
        if says_something(step) || junk >= 1 {
            continue;
        }
        junk += 1;
        out.push(
            line(
Rule::Runbooks,
                Category::Learning,
                -15,
                Some(*at),
                format!("Your runbook step for {service} says nothing a stranger could follow: \"{}\"", step.trim()),
                "A runbook entry that says nothing costs the next on-call time and trust in the runbook.",
                Lesson::LearnByDoing,
                "Write what you saw and what fixed it, in a sentence someone new could act on at 3 a.m.",
            )
            .by(by)
            .breach(),
        );
    }
    let mitigated: Vec<(&str, u32, &[Mitigation])> = f
        .faults
        .iter()
        .filter(|x| x.mitigated_at.is_some())
        .map(|x| {
            (
                x.service.as_str(),
                x.started,
                f.sc.faults[x.index].fixes.as_slice(),
            )
        })
        .collect();
    if mitigated.is_empty() {
        return;
    }
    let updated = f.player_actions().find_map(|(at, by, a)| match a {
        Action::UpdateRunbook { service, step }
            if says_something(step)
                && inspected(service, *at)
                && mitigated.iter().any(|(s, started, fixes)| {
                    s == service && *at >= *started && names_a_fix(step, fixes)
                }) =>
        {
            Some((*at, by.clone(), service.clone()))
        }
        _ => None,
    });
    match updated {
        Some((at, by, service)) => out.push(
            line(
Rule::Runbooks,
                Category::Learning,
                0,
                Some(at),
                format!("You added what you learnt to the {service} runbook"),
                "The next person on call starts where you finished.",
                Lesson::LearnByDoing,
                "",
            )
            .by(&by),
        ),
        None => out.push(
            line(
Rule::Runbooks,
                Category::Learning,
                -5,
                None,
                format!(
                    "Nobody updated the runbook of {} with what this incident taught",
                    mitigated.iter().map(|(s, _, _)| *s).collect::<Vec<_>>().join(", ")
                ),
                "Knowledge that stays in one head leaves with it.",
                Lesson::LearnByDoing,
                "Once the service is stable, inspect it and add a runbook step (U) that says what you saw and what fixed it.",
            )
            .by_opt(f.alone()),
        ),
    }
}

/// Whether a runbook step says how the fault is fixed: it names one of the fault's mitigations
/// ("roll back", "revert", "renew the certificate", …). "Check the dashboards carefully" after an
/// incident teaches the next on-call nothing.
fn names_a_fix(step: &str, fixes: &[Mitigation]) -> bool {
    let step = step.to_lowercase();
    fixes.iter().any(|m| {
        let words: &[&str] = match m {
            Mitigation::Rollback => &["roll back", "roll it back", "roll the", "rollback"],
            Mitigation::Failover => &["fail over", "failover"],
            Mitigation::ScaleUp => &["scale", "capacity"],
            Mitigation::Restart => &["restart"],
            Mitigation::ToggleFeatureFlag => &["flag"],
            Mitigation::RenewCertificate => &["renew", "certificate"],
            Mitigation::RevertConfig => &["revert"],
            Mitigation::DrainHost => &["drain"],
            Mitigation::RateLimit => &["rate-limit", "rate limit", "limit"],
        };
        words.iter().any(|w| step.contains(w))
    })
}

/// Whether a runbook step says something: at least four words and twenty letters.
pub fn says_something(step: &str) -> bool {
    let words = step
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    let letters = step.chars().filter(|c| c.is_alphanumeric()).count();
    words >= 4 && letters >= 20
}

fn juniors(f: &Facts, out: &mut Vec<Feedback>) {
    // An outside company's people are not yours to grow.
    for fault in f.faults.iter().filter(|x| x.urgent && !x.vendor) {
        let Some(owner) = &fault.owner else { continue };
        let (primary, _) = f.on_call(owner, fault.started);
        let Some(primary) = primary else { continue };
        let Some(person) = f.sc.people.iter().find(|p| p.id == primary) else {
            continue;
        };
        // Less experienced: a junior, or anyone who does not yet know the service well.
        let knows = person.knowledge.get(&fault.service).copied().unwrap_or(0.0);
        if person.seniority > Seniority::Junior && knows >= CAPABLE {
            continue;
        }
        if f.is_player(&primary) {
            continue;
        }
        let worked: Vec<&str> = f
            .world
            .log_events()
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Engaged { person, service } if service == &fault.service => {
                    Some(person.as_str())
                }
                _ => None,
            })
            .collect();
        let junior_worked = worked.contains(&primary.as_str());
        let paired = f.world.log_events().iter().any(|e| {
            matches!(&e.kind, EventKind::KnowledgeGained { person, service, paired: true, .. }
                if person == &primary && service == &fault.service)
        });
        // In a Sev1 the commander's job is the outage; spreading knowledge is the follow-up.
        let sev1 = f.sc.faults[fault.index].severity == crate::scenario::Severity::Sev1;
        if sev1 && !(junior_worked && paired) {
            out.push(line(
Rule::Juniors,
                Category::Learning,
                0,
                None,
                format!("{primary} of {owner} has little experience of {}: walk them through this incident afterwards", fault.service),
                "During a Sev1 the outage comes first; spreading what was learnt belongs in the follow-up.",
                Lesson::LearnByDoing,
                "",
            ));
        } else if junior_worked && paired {
            out.push(line(
Rule::Juniors,
                Category::Learning,
                5,
                None,
                format!("{primary}, on call for {owner} with little experience of {}, worked it with support", fault.service),
                "Working an incident with someone experienced alongside is how knowledge spreads.",
                Lesson::LearnByDoing,
                "",
            ));
        } else if junior_worked {
            out.push(line(
Rule::Juniors,
                Category::Learning,
                -5,
                None,
                format!(
                    "{primary} worked {} without anyone experienced alongside",
                    fault.service
                ),
                "Learning by doing works best with support: pairing or a good runbook.",
                Lesson::LearnByDoing,
                format!(
                    "Ask someone who knows {} to pair with {primary} (choose them in the team panel, then \"pair with\").",
                    fault.service
                ),
            ));
        } else if worked.iter().any(|w| w != &primary.as_str()) {
            out.push(line(
Rule::Juniors,
                Category::Learning,
                -15,
                None,
                format!("{primary}, on call for {owner}, was bypassed: others fixed {} instead", fault.service),
                "When seniors silently fix things, the on-call never learns and the seniors burn out.",
                Lesson::LearnByDoing,
                format!("Page the {owner} rotation and support its on-call rather than going around them."),
            ));
        }
    }
}

fn spread(f: &Facts, out: &mut Vec<Feedback>) -> Vec<Spread> {
    let mut result = Vec::new();
    let mut seen = Vec::new();
    for fault in f
        .faults
        .iter()
        .filter(|x| x.urgent && x.owner.is_some() && !x.vendor)
    {
        if seen.contains(&fault.service) {
            continue;
        }
        seen.push(fault.service.clone());
        let mut before = 0;
        let mut after = 0;
        let mut gained = 0.0;
        let mut learners = 0;
        for p in &f.sc.people {
            if let Some((b, a)) = f.world.knowledge(&p.id, &fault.service) {
                before += usize::from(b >= CAPABLE);
                after += usize::from(a >= CAPABLE);
                if a > b {
                    gained += a - b;
                    learners += 1;
                }
            }
        }
        let sev1 = f.sc.faults[fault.index].severity == crate::scenario::Severity::Sev1;
        // A measured change: someone became able to handle it, or the team learnt a real amount.
        if after > before || gained >= 0.15 || sev1 {
            out.push(line(
Rule::Spread,
                Category::Learning,
                0,
                None,
                format!(
                    "Knowledge of {} grew by {gained:.2} across {learners} people; {after} can now handle it (was {before})",
                    fault.service
                ),
                "More people who can handle a service means fewer heroes and calmer nights.",
                Lesson::LearnByDoing,
                "",
            ));
        } else {
            out.push(line(
Rule::Spread,
                Category::Learning,
                -8,
                None,
                format!(
                    "Little was learnt about {}: knowledge grew by {gained:.2}; {after} people can handle it, as before",
                    fault.service
                ),
                "An incident nobody learnt from will need the same few people next time.",
                Lesson::LearnByDoing,
                "Involve the on-call owner and pair them with someone who knows the service.",
            ));
        }
        result.push(Spread {
            service: fault.service.clone(),
            name: f.world.names().service(&fault.service).to_owned(),
            before,
            after,
        });
    }
    result
}
