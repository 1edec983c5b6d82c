//! Handing command over: the new commander is only as quick as the briefing lets them be. Each
//! test plays the major incident's good run with its handover changed and reads what a player
//! would: when the new commander was up to speed, when they resolved, and the debrief's line.

use pagerdrill::scenario::{IncidentRole, pack};
use pagerdrill::score::{Report, Rule};
use pagerdrill::sim::command::BriefingGap;
use pagerdrill::sim::script::{self, Script};
use pagerdrill::sim::{Action, EventKind, HandoverBriefing, World};

fn good() -> Script {
    pagerdrill::cli::load_script_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/playthroughs/major-incident-good.ron"),
    )
    .expect("good run")
}

/// The good run with its handover's briefing replaced, and with Hana holding `role` instead of
/// deputy.
fn with_briefing(briefing: HandoverBriefing, role: IncidentRole) -> Script {
    let mut s = good();
    for step in &mut s.actions {
        match &mut step.action {
            Action::HandOver { briefing: b, .. } => *b = briefing.clone(),
            Action::AssignRole { role: r, person } if person == "hana" => *r = role,
            _ => {}
        }
    }
    s
}

/// What happened after the handover: the gaps, minutes until the new commander was up to speed,
/// the game second the incident was resolved, and the report.
struct Outcome {
    gaps: Vec<BriefingGap>,
    ramp_minutes: u32,
    resolved_at: u32,
    report: Report,
}

fn play(script: &Script) -> Outcome {
    let s = pack::find("major-incident").expect("built in");
    let mut w = World::new(s, 1, &[]).expect("world");
    let refused = script::play(&mut w, script);
    assert!(refused.is_empty(), "refused: {refused:?}");
    let log = w.log_events();
    let (handed_at, gaps) = log
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::CommandHandedOver { gaps, .. } => Some((e.at, gaps.clone())),
            _ => None,
        })
        .expect("a handover");
    let ready = log
        .iter()
        .find_map(|e| matches!(e.kind, EventKind::UpToSpeed { .. }).then_some(e.at))
        .expect("the new commander got up to speed");
    let resolved_at = log
        .iter()
        .find_map(|e| matches!(e.kind, EventKind::IncidentResolved { .. }).then_some(e.at))
        .expect("the new commander resolved");
    Outcome {
        gaps,
        ramp_minutes: (ready - handed_at) / 60,
        resolved_at,
        report: pagerdrill::score::score(&w),
    }
}

fn handover_points(r: &Report) -> i32 {
    r.feedback
        .iter()
        .filter(|f| f.rule == Rule::Handover)
        .map(|f| f.points)
        .sum()
}

fn full() -> HandoverBriefing {
    HandoverBriefing {
        working: vec!["omar".into(), "fatima".into()],
        suspect: Some("auth".into()),
        next_update_minutes: Some(20),
    }
}

#[test]
fn a_full_briefing_gets_the_new_commander_running_sooner_than_none() {
    let briefed = play(&good());
    let silent = play(&with_briefing(
        HandoverBriefing::default(),
        IncidentRole::Deputy,
    ));
    assert!(briefed.gaps.is_empty(), "{:?}", briefed.gaps);
    assert_eq!(briefed.ramp_minutes, 2);
    assert!(
        silent.ramp_minutes >= briefed.ramp_minutes + 6,
        "ramp-up {} min without a briefing, {} with",
        silent.ramp_minutes,
        briefed.ramp_minutes
    );
    assert!(silent.resolved_at > briefed.resolved_at);
    assert_eq!(handover_points(&briefed.report), 0);
    assert!(
        handover_points(&silent.report) <= -6,
        "{:#?}",
        silent.report.feedback
    );
    assert!(
        briefed
            .report
            .feedback
            .iter()
            .any(|f| f.rule == Rule::Handover && f.what.contains("briefed Hana fully")),
        "no praise for the briefing"
    );
}

#[test]
fn a_deputy_needs_no_roster_but_a_scribe_does() {
    let no_roster = HandoverBriefing {
        working: Vec::new(),
        ..full()
    };
    let deputy = play(&with_briefing(no_roster.clone(), IncidentRole::Deputy));
    assert!(deputy.gaps.is_empty(), "{:?}", deputy.gaps);
    let scribe = play(&with_briefing(no_roster, IncidentRole::Scribe));
    let unlisted: Vec<&BriefingGap> = scribe
        .gaps
        .iter()
        .filter(|g| matches!(g, BriefingGap::Unlisted { .. }))
        .collect();
    assert_eq!(unlisted.len(), 2, "{:?}", scribe.gaps);
    assert!(scribe.ramp_minutes > deputy.ramp_minutes);
}

#[test]
fn blaming_a_healthy_service_costs_more_than_naming_none() {
    let wrong = play(&with_briefing(
        HandoverBriefing {
            suspect: Some("edge".into()),
            ..full()
        },
        IncidentRole::Deputy,
    ));
    let none = play(&with_briefing(
        HandoverBriefing {
            suspect: None,
            ..full()
        },
        IncidentRole::Deputy,
    ));
    assert_eq!(
        wrong.gaps,
        vec![BriefingGap::WrongSuspect {
            service: "edge".into()
        }]
    );
    assert_eq!(none.gaps, vec![BriefingGap::NoSuspect]);
    assert!(wrong.ramp_minutes > none.ramp_minutes);
}

#[test]
fn naming_someone_who_is_not_working_on_it_is_a_gap() {
    let padded = play(&with_briefing(
        HandoverBriefing {
            working: vec!["omar".into(), "fatima".into(), "zoe".into()],
            ..full()
        },
        IncidentRole::Deputy,
    ));
    assert_eq!(
        padded.gaps,
        vec![BriefingGap::NotWorking {
            person: "zoe".into()
        }]
    );
}

#[test]
fn keeping_command_long_after_the_handover_is_due_costs_points() {
    let mut kept = good();
    kept.actions
        .retain(|s| !matches!(s.action, Action::HandOver { .. }));
    kept.actions.push(pagerdrill::sim::script::Step {
        at: 70.0,
        by: None,
        action: Action::Resolve,
    });
    kept.actions.sort_by(|a, b| a.at.total_cmp(&b.at));
    let s = pack::find("major-incident").expect("built in");
    let r = pagerdrill::score::redteam::play_scored(&s, &kept, 1);
    let line = r
        .feedback
        .iter()
        .find(|f| f.rule == Rule::Handover)
        .expect("a handover line");
    assert!(line.points <= -8, "{line:?}");
    assert!(line.what.contains("never handed over"), "{}", line.what);
}

/// The major incident played by the good run up to (and with `through`, including) its handover.
fn before_handover(through: bool) -> World {
    let mut w = World::new(pack::find("major-incident").expect("built in"), 1, &[]).expect("world");
    for step in good().actions {
        let handover = matches!(step.action, Action::HandOver { .. });
        if handover && !through {
            break;
        }
        w.advance_to((step.at * 60.0) as u32);
        w.apply("you", step.action.clone()).expect("good step");
        if handover {
            break;
        }
    }
    w
}

#[test]
fn only_the_commander_hands_command_over() {
    let mut w = before_handover(true);
    let err = w
        .apply(
            "you",
            Action::HandOver {
                to: "omar".into(),
                briefing: full(),
            },
        )
        .expect_err("hana commands now");
    assert!(
        err.0.contains("only the commander hands command over"),
        "{err}"
    );
}

#[test]
fn a_briefing_naming_people_or_services_that_do_not_exist_is_refused() {
    let mut w = before_handover(false);
    for briefing in [
        HandoverBriefing {
            working: vec!["nobody".into()],
            ..full()
        },
        HandoverBriefing {
            suspect: Some("nowhere".into()),
            ..full()
        },
        HandoverBriefing {
            next_update_minutes: Some(0),
            ..full()
        },
    ] {
        let r = w.apply(
            "you",
            Action::HandOver {
                to: "hana".into(),
                briefing,
            },
        );
        assert!(r.is_err(), "accepted a bad briefing");
    }
    assert_eq!(
        w.incident()
            .and_then(|i| i.roles.get(&IncidentRole::Commander))
            .map(String::as_str),
        Some("you")
    );
}

#[test]
fn the_new_commander_gives_up_the_role_they_held() {
    let w = before_handover(true);
    let roles = &w.incident().expect("declared").roles;
    assert_eq!(
        roles.get(&IncidentRole::Commander).map(String::as_str),
        Some("hana")
    );
    assert!(
        !roles.contains_key(&IncidentRole::Deputy),
        "hana is still deputy: {roles:?}"
    );
}
