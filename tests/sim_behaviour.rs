//! Behaviour of the engine's mechanics, each against the tutorial scenario or a small variant of it.

use pagerdrill::scenario::{MetricKind, Mitigation, Scenario, TimeOfDay, Validated, pack};
use pagerdrill::sim::{Action, AlertRef, EventKind, PageState, World};

fn tutorial() -> Scenario {
    pack::find("first-page")
        .expect("the tutorial is built in")
        .into_inner()
}

fn world(s: Scenario, seed: u64) -> World {
    World::new(Validated::check(s).expect("valid scenario"), seed, &[]).expect("world")
}

fn minutes(m: u32) -> u32 {
    m * 60
}

/// Game second of the first event matching `pred`.
fn first_at(w: &World, pred: impl Fn(&EventKind) -> bool) -> Option<u32> {
    w.log_events().iter().find(|e| pred(&e.kind)).map(|e| e.at)
}

fn page_sent_to(w: &World, who: &str) -> Option<u32> {
    first_at(
        w,
        |k| matches!(k, EventKind::PageSent { to, .. } if to == who),
    )
}

#[test]
fn unacknowledged_page_escalates_at_the_timeout_and_not_before() {
    let mut w = world(tutorial(), 1);
    w.advance_to(minutes(30));
    let first = page_sent_to(&w, "you").expect("the player is paged");
    let escalated = first_at(&w, |k| {
        matches!(k, EventKind::PageEscalated { level: 1, .. })
    })
    .expect("escalates");
    // The web team's default policy: secondary after 5 minutes.
    assert_eq!(escalated, first + minutes(5));
    assert_eq!(page_sent_to(&w, "sam"), Some(first + minutes(5)));

    // Acknowledging before the timeout stops the escalation.
    let mut w = world(tutorial(), 1);
    w.advance_to(first + minutes(4));
    w.apply(
        "you",
        Action::Acknowledge {
            alert: AlertRef::Rule("storefront-latency".into()),
        },
    )
    .expect("ack");
    w.advance_to(minutes(30));
    assert_eq!(
        first_at(&w, |k| matches!(k, EventKind::PageEscalated { .. })),
        None
    );
    assert_eq!(page_sent_to(&w, "sam"), None);
}

#[test]
fn a_fault_shows_up_on_the_services_that_depend_on_it_and_not_elsewhere() {
    let mut w = world(tutorial(), 3);
    w.advance_to(minutes(4));
    let before = w.view("you");
    w.advance_to(minutes(12));
    let after = w.view("you");
    let latency = |v: &pagerdrill::sim::View, s: &str| {
        v.services
            .iter()
            .find(|x| x.id == s)
            .and_then(|x| x.current[MetricKind::Latency])
            .expect("latency")
    };
    // recommendations is broken; storefront calls it; catalog does not.
    assert!(latency(&after, "recommendations") > 5.0 * latency(&before, "recommendations"));
    assert!(latency(&after, "storefront") > 2.5 * latency(&before, "storefront"));
    assert!(latency(&after, "catalog") < 1.5 * latency(&before, "catalog"));
}

/// Minutes from sam's page to sam's acknowledgement, or `None` if he never answered.
fn sam_answer_minutes(s: Scenario, seed: u64) -> Option<f64> {
    let mut w = world(s, seed);
    w.advance_to(minutes(40));
    let sent = page_sent_to(&w, "sam")?;
    let acked = first_at(
        &w,
        |k| matches!(k, EventKind::PageAcknowledged { by, .. } if by == "sam"),
    )?;
    Some(f64::from(acked - sent) / 60.0)
}

#[test]
fn a_sleeping_secondary_answers_later_than_an_awake_one() {
    let awake = tutorial();
    let mut asleep = tutorial();
    let sam = asleep
        .people
        .iter_mut()
        .find(|p| p.id == "sam")
        .expect("sam");
    sam.utc_offset_hours = -9; // 01:00 local when the shift starts at 10:00 UTC
    let (mut awake_total, mut asleep_total, mut asleep_missed) = (0.0, 0.0, 0);
    let runs = 30;
    for seed in 0..runs {
        awake_total += sam_answer_minutes(awake.clone(), seed).expect("an awake secondary answers");
        match sam_answer_minutes(asleep.clone(), seed) {
            Some(m) => asleep_total += m,
            None => asleep_missed += 1,
        }
    }
    let awake_mean = awake_total / runs as f64;
    let asleep_mean = asleep_total / (runs - asleep_missed).max(1) as f64;
    assert!(awake_mean < 4.0, "awake mean {awake_mean}");
    assert!(
        asleep_mean > 2.0 * awake_mean,
        "asleep mean {asleep_mean} vs awake {awake_mean}"
    );
    assert!(asleep_missed > 0, "some nights the page is slept through");
}

#[test]
fn the_right_mitigation_ends_impact_and_a_harmful_one_makes_it_worse() {
    let run = |m: Option<Mitigation>| {
        let mut w = world(tutorial(), 5);
        w.advance_to(minutes(10));
        if let Some(m) = m {
            w.apply(
                "you",
                Action::Mitigate {
                    service: "recommendations".into(),
                    mitigation: m,
                },
            )
            .expect("mitigate");
        }
        w.advance_to(minutes(40));
        w
    };
    let nothing = run(None);
    let rollback = run(Some(Mitigation::Rollback));
    let restart = run(Some(Mitigation::Restart));
    let useless = run(Some(Mitigation::ScaleUp));

    assert!(first_at(&rollback, |k| matches!(k, EventKind::FaultMitigated { .. })).is_some());
    let at_40 = rollback.impact_minutes();
    let mut later = rollback;
    later.advance_to(minutes(55));
    assert_eq!(
        later.impact_minutes(),
        at_40,
        "no impact accrues once the fault is mitigated"
    );
    assert!(at_40 < nothing.impact_minutes() / 2.0);

    assert!(first_at(&restart, |k| matches!(k, EventKind::FaultWorsened { .. })).is_some());
    assert!(restart.impact_minutes() > nothing.impact_minutes());
    assert!(
        first_at(&useless, |k| matches!(
            k,
            EventKind::MitigationUseless { .. }
        ))
        .is_some()
    );
}

/// Knowledge tom gains on recommendations when paged, with or without priya pairing with him.
fn tom_gain(pair: bool) -> f64 {
    let mut w = world(tutorial(), 9);
    w.advance_to(minutes(9));
    w.apply(
        "you",
        Action::PageRotation {
            team: "discovery".into(),
            service: "recommendations".into(),
        },
    )
    .expect("page");
    w.advance_to(minutes(13));
    if pair {
        w.apply(
            "you",
            Action::Pair {
                person: "tom".into(),
                with: "priya".into(),
            },
        )
        .expect("pair");
    }
    w.finish();
    let (before, after) = w.knowledge("tom", "recommendations").expect("known");
    after - before
}

#[test]
fn knowledge_grows_more_after_a_paired_incident() {
    let alone = tom_gain(false);
    let paired = tom_gain(true);
    assert!(alone > 0.0, "working an incident teaches something");
    assert!(paired > alone + 0.1, "paired {paired} vs alone {alone}");
}

#[test]
fn impossible_actions_are_rejected_with_a_reason_and_change_nothing() {
    let mut w = world(tutorial(), 2);
    w.advance_to(minutes(9));
    let snapshot =
        |w: &World| serde_json::to_string(&(w.view("you"), w.log_events().len())).expect("json");
    let before = snapshot(&w);
    let cases = [
        Action::Acknowledge {
            alert: AlertRef::Id(99),
        },
        Action::Acknowledge {
            alert: AlertRef::Rule("no-such-rule".into()),
        },
        Action::PagePerson {
            person: "you".into(),
            service: "storefront".into(),
        },
        Action::Inspect {
            service: "nowhere".into(),
        },
        Action::SetSeverity {
            severity: pagerdrill::scenario::Severity::Sev1,
        },
        Action::Answer {
            question: "why-slow".into(),
            option: "no-gate".into(),
            filing: None,
        },
        Action::MarkMoment {
            moment: pagerdrill::sim::Moment::Detected,
            at: 60,
        },
        Action::Delegate {
            person: "tom".into(),
            task: pagerdrill::sim::Task::Investigate {
                service: "catalog".into(),
            },
            minutes: 0,
        },
    ];
    for action in cases {
        let err = w
            .apply("you", action.clone())
            .expect_err("must be rejected");
        assert!(!err.0.is_empty(), "{action:?} needs a reason");
        assert_eq!(snapshot(&w), before, "{action:?} changed the world");
    }
    // Someone who is not a player cannot act.
    assert!(
        w.apply(
            "tom",
            Action::Inspect {
                service: "catalog".into()
            }
        )
        .is_err()
    );

    // Paging the same person twice in a row is refused until they have had time to answer.
    w.apply(
        "you",
        Action::PagePerson {
            person: "priya".into(),
            service: "recommendations".into(),
        },
    )
    .expect("first page");
    let err = w
        .apply(
            "you",
            Action::PagePerson {
                person: "priya".into(),
                service: "recommendations".into(),
            },
        )
        .expect_err("second page");
    assert!(err.0.contains("give them until"), "{err}");

    // Mitigating a service that has recovered is refused.
    w.apply(
        "you",
        Action::Mitigate {
            service: "recommendations".into(),
            mitigation: Mitigation::Rollback,
        },
    )
    .expect("rollback");
    let err = w
        .apply(
            "you",
            Action::Mitigate {
                service: "recommendations".into(),
                mitigation: Mitigation::Rollback,
            },
        )
        .expect_err("already in progress");
    assert!(err.0.contains("in progress"), "{err}");
    w.advance_to(minutes(20));
    let err = w
        .apply(
            "you",
            Action::Mitigate {
                service: "recommendations".into(),
                mitigation: Mitigation::ToggleFeatureFlag,
            },
        )
        .expect_err("recovered");
    assert!(err.0.contains("recovered"), "{err}");
}

#[test]
fn the_view_hides_the_root_cause_until_the_player_looks() {
    let mut w = world(tutorial(), 4);
    w.advance_to(minutes(10));
    let hidden = serde_json::to_string(&w.view("you")).expect("json");
    assert!(!hidden.contains("reco-bad-model"), "fault id leaked");
    assert!(
        !hidden.contains("ranking"),
        "log lines leaked before inspecting"
    );
    w.apply(
        "you",
        Action::Inspect {
            service: "recommendations".into(),
        },
    )
    .expect("inspect");
    let view = w.view("you");
    let detail = view
        .details
        .iter()
        .find(|d| d.service == "recommendations")
        .expect("detail");
    assert!(detail.logs.iter().any(|l| l.contains("ranking")));
    assert!(detail.deploys.iter().any(|d| d.version == "reco-2024.3"));
    assert_eq!(detail.on_call.as_ref().map(|o| o.0.as_str()), Some("tom"));
    // One reading per scrape so far for each metric the service has; none for the one it lacks
    // (recommendations has latency, errors and throughput, no saturation).
    let scrapes = (w.now() / 30 + 1) as usize;
    for (kind, h) in detail.history.iter() {
        let expected = if kind == MetricKind::Saturation {
            0
        } else {
            scrapes.min(240)
        };
        assert_eq!(h.len(), expected, "{kind:?}");
    }
    // Latency climbs after the bad model ships at minute 4: the chart shows it.
    let latency = &detail.history[MetricKind::Latency];
    assert!(latency.last() > latency.first(), "{latency:?}");
}

#[test]
fn rotations_hand_the_pager_over_at_the_handoff_time() {
    let mut s = tutorial();
    s.teams[0].rotation.handoff = TimeOfDay::parse("10:30").expect("time");
    let mut w = world(s, 1);
    w.advance_to(minutes(29));
    let web = |w: &World| {
        w.view("you")
            .teams
            .into_iter()
            .find(|t| t.id == "web")
            .expect("web")
    };
    assert_eq!(web(&w).primary.as_deref(), Some("you"));
    w.advance_to(minutes(30));
    assert_eq!(web(&w).primary.as_deref(), Some("sam"));
    assert_eq!(web(&w).secondary.as_deref(), Some("lee"));
}

#[test]
fn low_priority_alerts_become_tickets_and_flagged_rules_stop_paging() {
    let mut w = world(tutorial(), 1);
    w.advance_to(minutes(30));
    // reco-latency is Low: a ticket, never a page.
    assert!(first_at(&w, |k| matches!(k, EventKind::TicketFiled { .. })).is_some());
    assert!(!w.log_events().iter().any(
        |e| matches!(&e.kind, EventKind::PageSent { service, .. } if service == "recommendations")
    ));

    let mut w = world(tutorial(), 1);
    w.advance_to(minutes(9));
    w.apply(
        "you",
        Action::FlagNoise {
            alert: AlertRef::Rule("storefront-latency".into()),
        },
    )
    .expect("flag");
    let view = w.view("you");
    let a = view
        .alerts
        .iter()
        .find(|a| a.rule == "storefront-latency")
        .expect("alert");
    assert!(a.flagged);
    assert_eq!(a.state, pagerdrill::sim::AlertState::Acknowledged);
    assert!(
        w.apply(
            "you",
            Action::FlagNoise {
                alert: AlertRef::Id(a.id)
            }
        )
        .is_err(),
        "already flagged"
    );
}

#[test]
fn a_night_page_wakes_and_tires_the_person() {
    let mut s = tutorial();
    for p in &mut s.people {
        p.utc_offset_hours = -9;
    }
    let mut w = world(s, 2);
    w.advance_to(minutes(30));
    let woke = w
        .log_events()
        .iter()
        .any(|e| matches!(&e.kind, EventKind::PageSent { to, woke: true, .. } if to == "sam"));
    assert!(woke, "sam is paged at 01:00 his time");
    let sam = w.view("you").teams[0]
        .members
        .iter()
        .find(|m| m.id == "sam")
        .cloned()
        .expect("sam");
    assert!(!sam.awake);
    assert!(sam.fatigue >= 0.15 - 1e-9, "fatigue {}", sam.fatigue);
}

#[test]
fn every_page_ends_answered_escalated_or_expired() {
    let mut w = world(tutorial(), 8);
    w.finish();
    assert!(!w.page_states().is_empty());
    assert!(w.page_states().iter().all(|s| *s != PageState::Open));
}

#[test]
fn incident_command_records_roles_updates_and_resolution() {
    let mut w = world(tutorial(), 1);
    w.advance_to(minutes(9));
    w.apply(
        "you",
        Action::Declare {
            severity: pagerdrill::scenario::Severity::Sev3,
            title: "Slow storefront".into(),
        },
    )
    .expect("declare");
    assert!(
        w.apply(
            "you",
            Action::Declare {
                severity: pagerdrill::scenario::Severity::Sev3,
                title: "again".into()
            }
        )
        .is_err()
    );
    w.apply(
        "you",
        Action::AssignRole {
            role: pagerdrill::scenario::IncidentRole::Communications,
            person: "lee".into(),
        },
    )
    .expect("comms");
    w.advance_to(minutes(40));
    let inc = w.incident().expect("incident").clone();
    assert_eq!(
        inc.roles
            .get(&pagerdrill::scenario::IncidentRole::Commander)
            .map(String::as_str),
        Some("you")
    );
    assert!(
        inc.updates.iter().any(|u| u.1 == "lee"),
        "the comms lead posts updates"
    );
    w.apply("you", Action::Resolve).expect("resolve");
    assert!(w.apply("you", Action::Resolve).is_err(), "resolving twice");
}

#[test]
fn a_refusal_quoting_a_lone_hyphen_comes_back_whole() {
    // Refusal reasons are rewritten with names; a " - " in what was typed must survive that.
    let s = pagerdrill::scenario::pack::find("first-page").expect("built in");
    let mut w = World::new(s, 1, &[]).expect("world");
    let r = w
        .apply_logged(
            "you",
            Action::Inspect {
                service: "store - front --".into(),
            },
        )
        .expect_err("no such service");
    assert!(r.0.contains("store - front --"), "{}", r.0);
}

#[test]
fn an_engineer_who_finds_the_cause_in_their_own_teams_service_goes_to_it_instead_of_asking_for_their_rotation()
 {
    let s = pagerdrill::scenario::pack::find("major-incident").expect("built in");
    let script = pagerdrill::cli::load_script_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/playthroughs/major-incident-good.ron"),
    )
    .expect("good run");
    let mut w = World::new(s.clone(), 1, &[]).expect("world");
    pagerdrill::sim::script::play(&mut w, &script);
    let identity: Vec<&String> = s
        .teams
        .iter()
        .find(|t| t.id == "identity")
        .expect("identity")
        .members
        .iter()
        .collect();
    let mut moved = false;
    for e in w.log_events() {
        if let pagerdrill::sim::EventKind::Report {
            from,
            actions,
            needs,
            ..
        } = &e.kind
            && identity.contains(&from)
        {
            assert!(
                !needs.contains("Identity rotation"),
                "{from} asked for their own rotation: {needs}"
            );
            moved |= actions.contains("is my team's: I am moving to it");
        }
    }
    assert!(
        moved,
        "nobody on Identity followed the trail into its own service"
    );
}
