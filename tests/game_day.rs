//! Game days in the engine: each seat sees only what its person would (split information), the
//! same seat sees the same thing on every run, the facilitator's moves are checked and logged,
//! and the team report scores each participant on their own decisions.

mod common;

use pagerdrill::scenario::{SeatRole, Validated};
use pagerdrill::score;
use pagerdrill::sim::action::FACILITATOR;
use pagerdrill::sim::script::{Script, Step, play, world_for};
use pagerdrill::sim::view::Health;
use pagerdrill::sim::view::{LineKind, View};
use pagerdrill::sim::{Action, AlertRef, EventKind, World};

use common::game_day;

fn team_world(seed: u64) -> World {
    let v = Validated::check(game_day()).unwrap_or_else(|d| panic!("invalid: {d:#?}"));
    World::game_day(v, seed).expect("a game day")
}

fn step(at: f64, by: &str, action: Action) -> Step {
    Step {
        at,
        by: Some(by.into()),
        action,
    }
}

fn service<'a>(v: &'a View, id: &str) -> &'a pagerdrill::sim::view::ServiceView {
    v.services.iter().find(|s| s.id == id).expect("service")
}

#[test]
fn a_responder_sees_their_own_teams_dashboards_and_no_other_teams_until_they_open_them() {
    let mut w = team_world(1);
    w.advance_to(20 * 60);
    let fatima = w.view("fatima");
    // Identity owns auth: Fatima watches it. Payments owns checkout: she does not.
    assert_ne!(service(&fatima, "auth").health, Health::Unseen);
    assert!(
        service(&fatima, "auth")
            .current
            .0
            .iter()
            .any(Option::is_some)
    );
    assert_eq!(service(&fatima, "checkout").health, Health::Unseen);
    assert!(
        service(&fatima, "checkout")
            .current
            .0
            .iter()
            .all(Option::is_none)
    );
    // Her pager holds nothing on another team's services that did not page her.
    for a in &fatima.alerts {
        let owner = service(&fatima, &a.service).owner.as_deref();
        assert!(
            owner == Some("identity") || a.paged.iter().any(|p| p == "fatima"),
            "Fatima sees alert {} on {}",
            a.id,
            a.service
        );
    }
    let farah = w.view("farah");
    assert!(
        farah.alerts.iter().all(|a| a.service != "auth"),
        "a payments responder sees auth's alerts: {:?}",
        farah.alerts.iter().map(|a| &a.service).collect::<Vec<_>>()
    );
    let auth_alerts: Vec<u32> = fatima
        .alerts
        .iter()
        .filter(|a| a.service == "auth")
        .map(|a| a.id)
        .collect();
    assert!(!auth_alerts.is_empty(), "auth alerts fired by minute 20");
    // The channel carries no alert or page notice about auth to Farah (what people report about
    // it reaches everyone).
    assert!(
        farah
            .channel
            .iter()
            .filter(|l| matches!(l.kind, LineKind::Alert | LineKind::Page))
            .all(|l| !l.text.contains("token validations")
                && !l.text.contains("Auth (token validation)")),
        "Farah's channel names auth's alerts: {:#?}",
        farah.channel
    );
    assert!(
        w.view("fatima")
            .channel
            .iter()
            .any(|l| l.kind == LineKind::Alert && l.text.contains("token validations failing")),
        "Fatima hears of her own team's alerts"
    );

    // Once Farah opens auth's dashboards, she sees them; Fatima does not see what Farah opened.
    w.apply(
        "farah",
        Action::Inspect {
            service: "auth".into(),
        },
    )
    .expect("inspect");
    w.apply(
        "farah",
        Action::Inspect {
            service: "catalog".into(),
        },
    )
    .expect("inspect");
    let farah = w.view("farah");
    assert_ne!(service(&farah, "auth").health, Health::Unseen);
    assert!(farah.details.iter().any(|d| d.service == "auth"));
    let fatima = w.view("fatima");
    assert!(fatima.details.is_empty(), "Fatima opened nothing");
    assert_eq!(service(&fatima, "catalog").health, Health::Unseen);
}

#[test]
fn stakeholders_reach_the_communications_lead_and_the_projector_shows_nothing_hidden() {
    let mut w = team_world(1);
    w.advance_to(30 * 60);
    let everyone = w.view(FACILITATOR);
    assert!(!everyone.asks.is_empty(), "stakeholders asked by minute 30");
    assert_eq!(w.view("hana").asks.len(), everyone.asks.len());
    // With a communications lead seated, the commander and responders are not asked.
    for p in ["you", "fatima", "farah"] {
        assert!(
            w.view(p).asks.is_empty(),
            "{p} sees stakeholders' questions"
        );
    }
    let projector = w.view("");
    assert!(projector.alerts.is_empty());
    assert!(projector.details.is_empty());
    assert!(projector.asks.is_empty());
    assert!(
        projector
            .services
            .iter()
            .all(|s| s.health == Health::Unseen && s.current.0.iter().all(Option::is_none))
    );
    // The facilitator sees when each fault began; nobody seated does.
    let began = |v: &View| v.channel.iter().any(|l| l.text.contains("begins"));
    assert!(began(&everyone));
    for p in ["you", "fatima", "farah", "hana", ""] {
        assert!(!began(&w.view(p)), "{p:?} sees a fault begin");
    }
}

#[test]
fn a_hint_reaches_only_its_seat() {
    let mut w = team_world(1);
    w.advance_to(60);
    w.apply(
        FACILITATOR,
        Action::Hint {
            to: "fatima".into(),
            text: "What changed on auth this morning?".into(),
        },
    )
    .expect("hint");
    let has = |v: &View| v.channel.iter().any(|l| l.text.contains("this morning"));
    assert!(has(&w.view("fatima")));
    assert!(has(&w.view(FACILITATOR)));
    for p in ["you", "farah", "hana", ""] {
        assert!(!has(&w.view(p)), "{p:?} reads Fatima's hint");
    }
}

#[test]
fn each_seats_view_is_the_same_on_every_run_and_the_seats_differ() {
    let script = Script {
        actions: vec![
            step(
                2.0,
                "fatima",
                Action::Inspect {
                    service: "auth".into(),
                },
            ),
            step(
                4.0,
                "you",
                Action::Declare {
                    severity: pagerdrill::scenario::Severity::Sev1,
                    title: "Sign-ins failing".into(),
                },
            ),
            step(
                5.0,
                FACILITATOR,
                Action::Fire {
                    inject: "vp".into(),
                },
            ),
            step(
                6.0,
                FACILITATOR,
                Action::Hint {
                    to: "farah".into(),
                    text: "Is checkout the cause or a victim?".into(),
                },
            ),
        ],
    };
    let views = |seed| {
        let v = Validated::check(game_day()).expect("valid");
        let mut w = world_for(v, seed, &script).expect("world");
        assert!(
            w.is_game_day(),
            "a script acting for several seats is a game day"
        );
        let mut cursor = 0;
        let mut out = Vec::new();
        for t in [3, 7, 15] {
            while cursor < script.actions.len() && script.actions[cursor].at <= f64::from(t) {
                let s = &script.actions[cursor];
                w.advance_to(s.at_seconds());
                w.apply_logged(s.by.as_deref().unwrap_or("you"), s.action.clone())
                    .expect("step");
                cursor += 1;
            }
            w.advance_to(t * 60);
            for p in ["you", "fatima", "farah", "hana", FACILITATOR, ""] {
                out.push(serde_json::to_string(&w.view(p)).expect("json"));
            }
        }
        out
    };
    let (a, b) = (views(7), views(7));
    assert_eq!(a, b, "the same run shows every seat the same thing");
    let last = &a[a.len() - 6..];
    for i in 0..last.len() {
        for j in i + 1..last.len() {
            assert_ne!(last[i], last[j], "seats {i} and {j} see the same");
        }
    }
}

#[test]
fn the_facilitator_runs_the_exercise_and_participants_play_it() {
    let mut w = team_world(1);
    w.advance_to(60);
    // Nobody but the facilitator fires, hints or pauses; the facilitator acts in no story.
    let refused = |r: Result<(), pagerdrill::sim::action::Rejection>| r.expect_err("refused").0;
    assert!(
        refused(w.apply(
            "you",
            Action::Fire {
                inject: "vp".into()
            }
        ))
        .contains("only the facilitator")
    );
    assert!(refused(w.apply("fatima", Action::Pause)).contains("only the facilitator"));
    assert!(
        refused(w.apply(
            FACILITATOR,
            Action::Acknowledge {
                alert: AlertRef::Id(1)
            }
        ))
        .contains("facilitator runs the exercise")
    );
    assert!(refused(w.apply("fatima", Action::EndShift)).contains("facilitator ends the shift"));
    assert!(
        refused(w.apply(
            FACILITATOR,
            Action::Hint {
                to: "wei".into(),
                text: "hello".into()
            }
        ))
        .contains("not played by anyone")
    );
    assert!(
        refused(w.apply(FACILITATOR, Action::SetSpeed { speed: f64::NAN })).contains("1/16 to 8")
    );
    assert!(
        refused(w.apply(
            FACILITATOR,
            Action::Fire {
                inject: "nope".into()
            }
        ))
        .contains("no prepared inject")
    );
    // A prepared inject happens once.
    w.apply(
        FACILITATOR,
        Action::Fire {
            inject: "wei-away".into(),
        },
    )
    .expect("fire");
    assert!(w.log_events().iter().any(|e| matches!(&e.kind,
        EventKind::BecameUnavailable { person, .. } if person == "wei")));
    assert!(
        refused(w.apply(
            FACILITATOR,
            Action::Fire {
                inject: "wei-away".into()
            }
        ))
        .contains("already been fired")
    );
    w.apply(FACILITATOR, Action::Pause).expect("pause");
    w.apply(
        FACILITATOR,
        Action::Note {
            text: "Wei gone: who else knows signing keys?".into(),
        },
    )
    .expect("note");
    w.apply(FACILITATOR, Action::EndShift).expect("end");
    assert_eq!(w.phase(), pagerdrill::sim::Phase::Postmortem);
    w.apply(
        FACILITATOR,
        Action::Note {
            text: "Debrief: start with the pager.".into(),
        },
    )
    .expect("a note after the shift");
    let r = score::score(&w);
    let notes: Vec<&str> = r
        .facilitator_notes
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(
        notes,
        [
            "Wei gone: who else knows signing keys?",
            "Debrief: start with the pager."
        ]
    );
}

/// A team script: everyone plays their seat; `bad` (if any) pages two whole teams that own
/// nothing broken instead of letting the owners work.
fn team_script(bad: Option<&str>) -> Script {
    let mut actions = vec![
        step(
            3.5,
            "fatima",
            Action::Acknowledge {
                alert: AlertRef::Rule("auth-errors".into()),
            },
        ),
        step(
            4.0,
            "fatima",
            Action::Inspect {
                service: "auth".into(),
            },
        ),
        step(
            5.0,
            "you",
            Action::Declare {
                severity: pagerdrill::scenario::Severity::Sev1,
                title: "Sign-ins failing".into(),
            },
        ),
        step(
            5.5,
            "you",
            Action::AssignRole {
                role: pagerdrill::scenario::IncidentRole::Communications,
                person: "hana".into(),
            },
        ),
        step(
            6.0,
            "hana",
            Action::PostStatus {
                text: "Sign-in is failing for many customers; identity is on it.".into(),
                audience: pagerdrill::sim::Audience::Internal,
                state: None,
                impact: None,
                working_on: vec!["auth".into()],
                next_update_minutes: Some(20),
            },
        ),
        step(
            7.0,
            FACILITATOR,
            Action::Fire {
                inject: "vp".into(),
            },
        ),
    ];
    if let Some(bad) = bad {
        for team in ["messaging", "discovery"] {
            actions.push(step(
                8.0,
                bad,
                Action::PageWholeTeam {
                    team: team.into(),
                    service: "checkout".into(),
                },
            ));
        }
    }
    Script { actions }
}

#[test]
fn the_team_report_scores_each_participant_on_their_own_decisions() {
    let run = |bad| {
        let v = Validated::check(game_day()).expect("valid");
        let script = team_script(bad);
        let mut w = world_for(v, 1, &script).expect("world");
        play(&mut w, &script);
        score::score(&w)
    };
    let good = run(None);
    assert_eq!(
        good.participants
            .iter()
            .map(|p| (p.person.as_str(), p.seat))
            .collect::<Vec<_>>(),
        [
            ("you", SeatRole::Commander),
            ("fatima", SeatRole::Responder),
            ("farah", SeatRole::Responder),
            ("hana", SeatRole::Communications),
        ]
    );
    // Every line a participant gets is about their own decisions.
    for p in &good.participants {
        assert!(
            p.feedback
                .iter()
                .all(|l| l.actor.as_deref() == Some(p.person.as_str()))
        );
    }
    let fatima = |r: &score::Report| {
        r.participants
            .iter()
            .find(|p| p.person == "fatima")
            .cloned()
            .expect("fatima")
    };
    assert!(
        fatima(&good)
            .feedback
            .iter()
            .any(|l| l.rule == score::Rule::IgnoredPage),
        "Fatima's pages are hers: {:#?}",
        fatima(&good).feedback
    );

    let bad = run(Some("farah"));
    let farah = |r: &score::Report| {
        r.participants
            .iter()
            .find(|p| p.person == "farah")
            .cloned()
            .expect("farah")
    };
    assert!(
        farah(&bad)
            .feedback
            .iter()
            .any(|l| l.points < 0 && l.what.contains("at once")),
        "Farah's paging of whole teams is charged to her: {:#?}",
        farah(&bad).feedback
    );
    assert!(farah(&bad).score.total + 15 <= farah(&good).score.total);
    for p in ["you", "fatima", "hana"] {
        let own = |r: &score::Report| {
            r.participants
                .iter()
                .find(|x| x.person == p)
                .map(|x| {
                    x.feedback
                        .iter()
                        .filter(|l| l.what.contains("at once"))
                        .count()
                })
                .expect("seat")
        };
        assert_eq!(own(&bad), 0, "{p} is charged for Farah's pages");
    }
    assert!(
        bad.score.total < good.score.total,
        "the team pays for it too"
    );
    // The Markdown report a team files has each participant and the facilitator's notes.
    let md = score::markdown(&bad, pagerdrill::scenario::TimeOfDay::from_minutes(15 * 60));
    assert!(md.contains("### Farah (responder)"), "{md}");
    assert!(md.contains("### Hana (communications lead)"));
}

#[test]
fn alone_a_game_day_scenario_is_an_ordinary_one_player_scenario() {
    let v = Validated::check(game_day()).expect("valid");
    let script = Script {
        actions: vec![Step {
            at: 2.0,
            by: Some(FACILITATOR.into()),
            action: Action::Fire {
                inject: "vp".into(),
            },
        }],
    };
    let mut w = world_for(v, 1, &script).expect("world");
    assert!(
        !w.is_game_day(),
        "the facilitator alone does not make a team"
    );
    play(&mut w, &script);
    let r = score::score(&w);
    assert!(r.participants.is_empty());
    // Alone, the player's console shows every dashboard, as before game days existed.
    assert!(
        w.view("you")
            .services
            .iter()
            .all(|s| s.health != Health::Unseen)
    );
    assert!(
        w.apply(
            "fatima",
            Action::Inspect {
                service: "auth".into()
            }
        )
        .is_err()
    );
}

#[test]
fn a_hostile_game_day_gets_a_positioned_error_for_each_mistake() {
    let base = include_str!("../scenarios/major-incident.ron");
    let base = base.replacen(
        "    id: \"major-incident\",",
        "    format: 2,\n    id: \"major-incident\",",
        1,
    );
    let end = base.rfind(')').expect("closing parenthesis");
    let text = format!(
        "{}    game_day: Some(GameDay(
        seats: [
            Seat(person: \"you\", role: Commander),
            Seat(person: \"you\", role: Scribe),
            Seat(person: \"nobody\", role: Responder),
            Seat(person: \"hana\", role: Responder),
            Seat(person: \"omar\", role: Commander),
        ],
        prepared: [
            Prepared(id: \"Bad Id\", label: \" \", then: []),
            Prepared(id: \"take\", label: \"Take Hana away\", then: [Unavailable(person: \"hana\", minutes: 10), Ask(\"nope\")]),
        ],
        guide: [\"\"],
    )),
{}",
        &base[..end],
        &base[end..]
    );
    let loaded = pagerdrill::scenario::load_bytes(text.as_bytes());
    assert!(loaded.value.is_none(), "a hostile game day loads");
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render("hostile.ron"))
        .collect();
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("needle")
    };
    for (needle, message) in [
        (
            "Seat(person: \"you\", role: Scribe)",
            "already holds game_day.seats[0]",
        ),
        ("Seat(person: \"nobody\"", "unknown person \"nobody\""),
        (
            "Seat(person: \"hana\", role: Responder)",
            "on no team that owns a service",
        ),
        ("Prepared(id: \"Bad Id\"", "prepared inject id \"Bad Id\""),
        (
            "Prepared(id: \"Bad Id\"",
            "say what the facilitator's console calls it",
        ),
        ("Prepared(id: \"Bad Id\"", "needs at least one consequence"),
        ("Prepared(id: \"take\"", "holds a game-day seat"),
        ("Prepared(id: \"take\"", "unknown ask \"nope\""),
        ("guide: [\"\"]", "an empty line of the guide"),
    ] {
        let line = line_of(needle);
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("hostile.ron:{line}:")) && e.contains(message)),
            "no error at line {line} saying {message:?}: {errors:#?}"
        );
    }
    assert!(
        errors
            .iter()
            .any(|e| e.contains("exactly one incident commander seat, not 2")),
        "{errors:#?}"
    );
    // The facilitator's id is kept for the facilitator.
    let mut s = game_day();
    s.people[1].id = FACILITATOR.into();
    let d = Validated::check(s).expect_err("refused");
    assert!(
        d.iter()
            .any(|d| d.message.contains("kept for whoever runs a game day"))
    );
}

/// Each shipped game day's team playthroughs, under `tests/playthroughs/`:
/// `<id>-team-good.ron` plays every seat well and the facilitator uses every prepared inject, a
/// hint and notes; each `<id>-team-anti-<person>.ron` is the same game day with that one person
/// playing badly, and starts with `// expect: <person>: <words>`.
#[test]
fn each_shipped_game_day_is_played_by_a_team_and_a_bad_player_pays_alone() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/playthroughs");
    let mut days = 0;
    for (name, loaded) in pagerdrill::scenario::pack::builtin() {
        let s = loaded.value.unwrap_or_else(|| panic!("{name} loads"));
        let Some(day) = s.game_day.clone() else {
            continue;
        };
        days += 1;
        let load = |file: &std::path::Path| {
            let text =
                std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let script = pagerdrill::sim::script::load_script(&text)
                .value
                .unwrap_or_else(|| panic!("{} does not load", file.display()));
            (text, script)
        };
        let run = |script: &Script, seed: u64| {
            let mut w = world_for(s.clone(), seed, script).expect("world");
            assert!(w.is_game_day(), "{}: not played as a team", s.id);
            let refused = play(&mut w, script);
            (score::score(&w), refused)
        };
        let own = |r: &score::Report, p: &str| {
            r.participants
                .iter()
                .find(|x| x.person == p)
                .cloned()
                .unwrap_or_else(|| panic!("{}: no participant {p}", s.id))
        };
        let (_, good) = load(&dir.join(format!("{}-team-good.ron", s.id)));
        for seat in &day.seats {
            assert!(
                good.actions
                    .iter()
                    .any(|a| a.by.as_deref() == Some(seat.person.as_str())
                        || (a.by.is_none() && seat.person == s.player)),
                "{}: {} never acts in the team playthrough",
                s.id,
                seat.person
            );
        }
        let by_facilitator = |f: fn(&Action) -> bool| {
            good.actions
                .iter()
                .any(|a| a.by.as_deref() == Some(FACILITATOR) && f(&a.action))
        };
        for p in &day.prepared {
            assert!(
                good.actions
                    .iter()
                    .any(|a| a.by.as_deref() == Some(FACILITATOR)
                        && a.action
                            == Action::Fire {
                                inject: p.id.clone()
                            }),
                "{}: the facilitator never fires {}",
                s.id,
                p.id
            );
        }
        assert!(
            by_facilitator(|a| matches!(a, Action::Hint { .. })),
            "{}: no hint",
            s.id
        );
        assert!(
            by_facilitator(|a| matches!(a, Action::Note { .. })),
            "{}: no note",
            s.id
        );

        let antis: Vec<_> = std::fs::read_dir(&dir)
            .expect("playthroughs")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                p.file_name().is_some_and(|n| {
                    n.to_string_lossy()
                        .starts_with(&format!("{}-team-anti-", s.id))
                })
            })
            .collect();
        assert!(
            !antis.is_empty(),
            "{}: no team anti-pattern playthrough",
            s.id
        );
        for seed in [1, 2, 3] {
            let (g, refused) = run(&good, seed);
            assert!(
                refused.is_empty(),
                "{} seed {seed}: refused {refused:?}",
                s.id
            );
            assert!(
                g.score.total >= 80,
                "{} seed {seed}: the team scored {}",
                s.id,
                g.score.total
            );
            assert_eq!(g.participants.len(), day.seats.len());
            for p in &g.participants {
                assert!(
                    p.score.total >= 70,
                    "{} seed {seed}: {} scored {} on their own decisions: {:#?}",
                    s.id,
                    p.person,
                    p.score.total,
                    p.feedback
                );
            }
            for path in &antis {
                let (text, anti) = load(path);
                let expect = text
                    .lines()
                    .next()
                    .and_then(|l| l.strip_prefix("// expect:"))
                    .unwrap_or_else(|| {
                        panic!(
                            "{} must start with `// expect: person: words`",
                            path.display()
                        )
                    });
                let (bad, words) = expect
                    .split_once(':')
                    .map(|(p, w)| (p.trim(), w.trim().to_lowercase()))
                    .expect("person: words");
                let (a, _) = run(&anti, seed);
                let mine = own(&a, bad);
                assert!(
                    mine.feedback
                        .iter()
                        .any(|l| l.points < 0 && l.what.to_lowercase().contains(&words)),
                    "{} seed {seed}: {bad} is not charged with {words:?}: {:#?}",
                    path.display(),
                    mine.feedback
                );
                assert!(
                    mine.score.total + 15 <= own(&g, bad).score.total,
                    "{} seed {seed}: {bad} scores {} against {} playing well",
                    path.display(),
                    mine.score.total,
                    own(&g, bad).score.total
                );
                for seat in day.seats.iter().filter(|x| x.person != bad) {
                    let (then, now) = (
                        own(&g, &seat.person).score.total,
                        own(&a, &seat.person).score.total,
                    );
                    assert!(
                        now + 5 >= then,
                        "{} seed {seed}: {} pays for {bad}: {now} against {then}",
                        path.display(),
                        seat.person
                    );
                }
            }
        }
    }
    assert!(days >= 2, "the pack ships {days} game days");
}

#[test]
fn nothing_leaks_through_refusals_replies_or_alert_numbers() {
    let mut w = team_world(1);
    w.advance_to(30 * 60);
    // Fatima's alerts on auth are hers; to the communications lead their numbers do not exist.
    let fatimas = w
        .view("fatima")
        .alerts
        .iter()
        .find(|a| a.service == "auth")
        .map(|a| a.id)
        .expect("an auth alert");
    let probe = w
        .apply_logged(
            "hana",
            Action::Acknowledge {
                alert: AlertRef::Id(fatimas),
            },
        )
        .expect_err("refused");
    assert_eq!(probe.0, format!("there is no alert #{fatimas}"));
    // Her refusal reaches her, not the others.
    let refused = |v: &View| v.channel.iter().any(|l| l.text.contains("refused"));
    assert!(refused(&w.view("hana")));
    for p in ["you", "fatima", "farah", ""] {
        assert!(!refused(&w.view(p)), "{p:?} reads Hana's refusal");
    }
    // An answer to a stakeholder goes where the question went.
    let ask = w.view("hana").asks[0].clone();
    w.apply_logged(
        "hana",
        Action::Reply {
            ask: ask.id.clone(),
            option: ask.options[0].0.clone(),
        },
    )
    .expect("reply");
    let answered = |v: &View| v.channel.iter().any(|l| l.text.contains(&ask.options[0].1));
    assert!(answered(&w.view("hana")));
    for p in ["fatima", "farah", ""] {
        assert!(
            !answered(&w.view(p)),
            "{p:?} reads the answer to a question they never saw"
        );
    }
    // The facilitator speaks for people outside the seats, never for a participant.
    let as_fatima = w
        .apply(
            FACILITATOR,
            Action::Say {
                from: "Fatima".into(),
                text: "I have it, it is the keys".into(),
            },
        )
        .expect_err("refused");
    assert!(as_fatima.0.contains("speaks for themselves"));
}

#[test]
fn a_question_raised_early_is_not_asked_again_at_its_minute() {
    let mut s = game_day();
    let first = s
        .injects
        .iter()
        .find_map(|i| match i {
            pagerdrill::scenario::Inject::Ask { id, at_minute, .. } => {
                Some((id.clone(), *at_minute))
            }
            _ => None,
        })
        .expect("an ask");
    s.game_day
        .as_mut()
        .expect("game day")
        .prepared
        .push(pagerdrill::scenario::Prepared {
            id: "early".into(),
            label: "Ask it early".into(),
            then: vec![pagerdrill::scenario::Consequence::Ask(first.0.clone())],
        });
    let v = Validated::check(s).expect("valid");
    let mut w = World::game_day(v, 1).expect("world");
    w.advance_to(60);
    w.apply(
        FACILITATOR,
        Action::Fire {
            inject: "early".into(),
        },
    )
    .expect("fire");
    w.advance_to(first.1 * 60 + 120);
    let asked = w
        .log_events()
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::Asked { ask, .. } if *ask == first.0))
        .count();
    assert_eq!(asked, 1);
}
