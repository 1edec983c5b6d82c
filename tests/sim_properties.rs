//! Property test: random action sequences on every shipped scenario never panic, time only moves
//! forward, every page ends answered, escalated or expired, and impact is never negative.

use pagerdrill::scenario::{IncidentRole, Mitigation, Scenario, Severity, Validated, pack};
use pagerdrill::sim::{Action, AlertRef, PageState, Task, World};
use proptest::prelude::*;

fn scenarios() -> Vec<Validated> {
    pack::builtin()
        .into_iter()
        .filter_map(|(_, l)| l.value)
        .collect()
}

/// An action built from indices into the scenario's ids, so any draw names something (or, for some
/// indices, something that does not exist).
fn action(s: &Scenario, kind: u8, a: usize, b: usize, c: usize) -> Action {
    let svc = |i: usize| {
        s.services
            .get(i % (s.services.len() + 1))
            .map_or("ghost".to_owned(), |x| x.id.clone())
    };
    let person = |i: usize| s.people[i % s.people.len()].id.clone();
    let team = |i: usize| s.teams[i % s.teams.len()].id.clone();
    let alert = |i: usize| {
        if i.is_multiple_of(3) {
            AlertRef::Id((i % 40) as u32)
        } else {
            AlertRef::Rule(s.alerts[i % s.alerts.len()].id.clone())
        }
    };
    let mitigation = Mitigation::ALL[b % Mitigation::ALL.len()];
    let severity = [
        Severity::Sev1,
        Severity::Sev2,
        Severity::Sev3,
        Severity::Sev4,
    ][b % 4];
    let role = [
        IncidentRole::Scribe,
        IncidentRole::Communications,
        IncidentRole::OperationsLead,
        IncidentRole::Expert,
        IncidentRole::Deputy,
    ][b % 5];
    match kind % 21 {
        0 => Action::Acknowledge { alert: alert(a) },
        1 => Action::Snooze {
            alert: alert(a),
            minutes: (b % 60) as u32,
        },
        2 => Action::FlagNoise { alert: alert(a) },
        3 => Action::Inspect { service: svc(a) },
        4 => Action::ReadRunbook { service: svc(a) },
        5 => Action::UpdateRunbook {
            service: svc(a),
            step: "check the dependency first".into(),
        },
        6 => Action::PagePerson {
            person: person(a),
            service: svc(b),
        },
        7 => Action::PageRotation {
            team: team(a),
            service: svc(b),
        },
        8 => Action::PageWholeTeam {
            team: team(a),
            service: svc(b),
        },
        9 => Action::Escalate { alert: alert(a) },
        10 => Action::Pair {
            person: person(a),
            with: person(b),
        },
        11 => Action::Declare {
            severity,
            title: "Trouble".into(),
        },
        12 => Action::SetSeverity { severity },
        13 => Action::AssignRole {
            role,
            person: person(a),
        },
        14 => Action::Delegate {
            person: person(a),
            task: match c % 3 {
                0 => Task::Investigate { service: svc(b) },
                1 => Task::Mitigate {
                    service: svc(b),
                    mitigation,
                },
                _ => Task::Communicate,
            },
            minutes: (c % 50) as u32,
        },
        15 => Action::PostStatus {
            text: "Update".into(),
            audience: if b.is_multiple_of(2) {
                pagerdrill::sim::Audience::Internal
            } else {
                pagerdrill::sim::Audience::External
            },
            state: pagerdrill::sim::StatusState::ALL.get(c % 5).copied(),
            impact: None,
            working_on: Vec::new(),
            next_update_minutes: None,
        },
        16 => Action::Mitigate {
            service: svc(a),
            mitigation,
        },
        17 => Action::HandOver {
            to: person(a),
            briefing: pagerdrill::sim::HandoverBriefing {
                working: (0..c % 4).map(|i| person(b + i)).collect(),
                suspect: (!c.is_multiple_of(3)).then(|| svc(b)),
                next_update_minutes: (!c.is_multiple_of(5)).then_some((c % 200) as u32),
            },
        },
        18 => Action::Resolve,
        19 => Action::EndShift,
        _ => {
            let q = &s.postmortem[a % s.postmortem.len().max(1)];
            if c.is_multiple_of(3) {
                Action::MarkMoment {
                    moment: pagerdrill::sim::Moment::ALL[b % 4],
                    at: (c % 20_000) as u32,
                }
            } else {
                Action::Answer {
                    question: q.id.clone(),
                    option: q.options[b % q.options.len()].id.clone(),
                    filing: c.is_multiple_of(2).then(|| pagerdrill::sim::Filing {
                        kind: pagerdrill::scenario::ItemKind::ALL[b % 4],
                        owner: team(a),
                        priority: pagerdrill::scenario::ItemPriority::ALL[b % 3],
                    }),
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn random_play_keeps_the_engine_sound(
        which in 0usize..16,
        seed in any::<u64>(),
        steps in prop::collection::vec((0u32..600, any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()), 0..60),
    ) {
        let all = scenarios();
        let s = all[which % all.len()].clone();
        let player = s.player.clone();
        let mut w = World::new(s.clone(), seed, &[]).expect("world");
        let mut last_impact = 0.0;
        for (gap, kind, a, b, c) in steps {
            let before = w.now();
            w.step(gap);
            prop_assert!(w.now() >= before, "time went backwards");
            let _ = w.apply_logged(&player, action(&s, kind, a, b, c));
            prop_assert!(w.impact_minutes() >= last_impact, "impact shrank");
            last_impact = w.impact_minutes();
        }
        w.finish();
        prop_assert!(w.impact_minutes() >= 0.0);
        let times: Vec<u32> = w.log_events().iter().map(|e| e.at).collect();
        prop_assert!(times.windows(2).all(|p| p[0] <= p[1]), "log out of order");
        prop_assert!(w.page_states().iter().all(|p| *p != PageState::Open), "a page was left open");
    }
}

/// A length drawn to reach the edges: small, around the validator's limit, and far beyond it.
fn length() -> impl Strategy<Value = u32> {
    prop_oneof![
        0u32..200,
        99_000u32..101_000,
        71_582_000u32..71_583_000,
        any::<u32>()
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// Whatever number one field of a shipped scenario is set to, if the validator accepts the
    /// result the engine plays the whole shift without overflowing (tests build in debug, where
    /// integer overflow panics).
    #[test]
    fn every_scenario_the_validator_accepts_plays_a_whole_shift(
        which in 0usize..16,
        seed in any::<u64>(),
        field in 0usize..8,
        value in length(),
    ) {
        let all = scenarios();
        let mut s = all[which % all.len()].clone().into_inner();
        match field {
            0 => s.faults.iter_mut().for_each(|f| f.ramp_minutes = value),
            1 => s.faults.iter_mut().for_each(|f| f.self_heal_minutes = Some(value)),
            2 => s.faults.iter_mut().for_each(|f| f.fix_minutes = value),
            3 => s.faults.iter_mut().for_each(|f| f.at_minute = value),
            4 => s.shift.duration_minutes = value,
            5 => s.teams.iter_mut().flat_map(|t| t.escalation.iter_mut()).for_each(|l| {
                if l.after_minutes > 0 {
                    l.after_minutes = value;
                }
            }),
            _ => s.injects.iter_mut().for_each(|inj| match inj {
                pagerdrill::scenario::Inject::AlertStorm { duration_minutes, .. }
                | pagerdrill::scenario::Inject::Unavailable { duration_minutes, .. } => {
                    *duration_minutes = value
                }
                pagerdrill::scenario::Inject::Message { at_minute, .. }
                | pagerdrill::scenario::Inject::HandoverDue { at_minute, .. } => *at_minute = value,
                pagerdrill::scenario::Inject::Ask {
                    reply_within_minutes,
                    ..
                } => *reply_within_minutes = value,
                pagerdrill::scenario::Inject::Trigger { after_minutes, .. } => *after_minutes = value,
            }),
        }
        // Only a scenario the validator accepts can build a world at all.
        let Ok(s) = Validated::check(s) else {
            return Ok(());
        };
        let mut w = World::new(s, seed, &[]).expect("a validated scenario builds a world");
        w.finish();
        prop_assert!(w.impact_minutes() >= 0.0);
    }
}
