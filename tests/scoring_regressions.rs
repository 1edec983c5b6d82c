//! One test per scoring bug found by the red team, so none comes back: each plays a short script on
//! a shipped scenario and checks the line (or its absence) the player would read in the debrief.

use pagerdrill::cli::load_script_file;
use pagerdrill::scenario::{IncidentRole, Lesson, Mitigation, Severity, Validated, pack};
use pagerdrill::score::redteam::play_scored;
use pagerdrill::score::{Report, Rule};
use pagerdrill::sim::script::{Script, Step};
use pagerdrill::sim::{
    Action, AlertRef, Audience, EventKind, ImpactTrend, StatusState, Task, World,
};

fn scenario(id: &str) -> Validated {
    pack::find(id).expect("built in")
}

fn at(minute: f64, action: Action) -> Step {
    Step {
        at: minute,
        by: None,
        action,
    }
}

/// The major incident's opening: the page acknowledged, a Sev1 declared.
fn sev1_declared() -> Vec<Step> {
    vec![
        at(
            6.5,
            Action::Acknowledge {
                alert: AlertRef::Rule("site-wide-errors".into()),
            },
        ),
        at(
            7.0,
            Action::Declare {
                severity: Severity::Sev1,
                title: "Sign-in failing".into(),
            },
        ),
    ]
}

fn run(id: &str, steps: Vec<Step>) -> Report {
    play_scored(&scenario(id), &Script { actions: steps }, 1)
}

/// A scenario's good playthrough.
fn good(id: &str) -> Script {
    pagerdrill::cli::load_script_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/playthroughs/{id}-good.ron")),
    )
    .expect("good run")
}

fn lines<'a>(r: &'a Report, words: &str) -> Vec<&'a pagerdrill::score::Feedback> {
    r.feedback
        .iter()
        .filter(|l| l.what.contains(words))
        .collect()
}

#[test]
fn an_owner_already_working_when_the_fault_starts_counts_as_engaged() {
    // Tom, discovery's on-call, is asked to look at recommendations before it breaks at minute 5.
    let r = run(
        "first-page",
        vec![at(
            1.0,
            Action::Delegate {
                person: "tom".into(),
                task: Task::Investigate {
                    service: "recommendations".into(),
                },
                minutes: 30,
            },
        )],
    );
    assert!(
        lines(&r, "Nobody from Discovery").is_empty(),
        "{:#?}",
        r.feedback
    );
    let engaged = lines(&r, "Tom of Discovery");
    assert!(
        engaged.iter().any(|l| l.points == 0),
        "the owner engaged from the start is praised: {:#?}",
        r.feedback
    );
}

#[test]
fn escalating_your_own_page_is_not_charged_as_left_unanswered() {
    let r = run(
        "first-page",
        vec![at(
            8.5,
            Action::Escalate {
                alert: AlertRef::Rule("storefront-latency".into()),
            },
        )],
    );
    assert!(
        lines(&r, "went unanswered").is_empty(),
        "a deliberate escalation is a decision: {:#?}",
        r.feedback
    );
}

#[test]
fn a_person_who_slept_through_a_direct_page_can_be_paged_again_after_five_minutes() {
    let mut w = World::new(scenario("night-page"), 1, &[]).expect("world");
    w.advance_to(10 * 60);
    let page = || Action::PagePerson {
        person: "otto".into(),
        service: "geo-api".into(),
    };
    w.apply("you", page()).expect("first page");
    w.advance_to(11 * 60);
    assert!(w.apply("you", page()).is_err(), "too soon to page again");
    // Answered or not, five minutes later the second page is allowed (before, an unanswered
    // direct page blocked every later one for the rest of the shift).
    w.advance_to(16 * 60);
    w.apply("you", page())
        .expect("after five minutes, a second page is allowed");
}

#[test]
fn only_the_commander_resolves_after_a_handover() {
    let mut w = World::new(scenario("major-incident"), 1, &[]).expect("world");
    w.advance_to(7 * 60);
    w.apply(
        "you",
        Action::Declare {
            severity: Severity::Sev1,
            title: "Sign-in failing".into(),
        },
    )
    .expect("declare");
    w.apply(
        "you",
        Action::HandOver {
            to: "hana".into(),
            briefing: Default::default(),
        },
    )
    .expect("hand over");
    let err = w
        .apply("you", Action::Resolve)
        .expect_err("no longer commander");
    assert!(err.0.contains("hana is the commander"), "{err}");
}

#[test]
fn a_snooze_is_not_an_acknowledgement() {
    let r = run(
        "first-page",
        vec![at(
            8.5,
            Action::Snooze {
                alert: AlertRef::Rule("storefront-latency".into()),
                minutes: 240,
            },
        )],
    );
    assert!(
        lines(&r, "You acknowledged your page").is_empty(),
        "{:#?}",
        r.feedback
    );
    assert!(!lines(&r, "snoozed a page about a real problem").is_empty());
    assert!(!lines(&r, "never acknowledged").is_empty());
    assert!(r.score.total <= 40, "{}", r.score.total);
}

#[test]
fn roles_are_listed_once_and_raising_severity_counts() {
    let r = run(
        "major-incident",
        vec![
            at(
                6.5,
                Action::Acknowledge {
                    alert: AlertRef::Rule("site-wide-errors".into()),
                },
            ),
            at(
                7.0,
                Action::Declare {
                    severity: Severity::Sev3,
                    title: "Sign-in trouble".into(),
                },
            ),
            at(
                7.2,
                Action::SetSeverity {
                    severity: Severity::Sev1,
                },
            ),
            at(
                7.5,
                Action::AssignRole {
                    role: IncidentRole::Communications,
                    person: "omar".into(),
                },
            ),
            at(
                8.0,
                Action::AssignRole {
                    role: IncidentRole::Communications,
                    person: "hana".into(),
                },
            ),
        ],
    );
    assert!(
        lines(&r, "never went above").is_empty(),
        "{:#?}",
        r.feedback
    );
    let roles = lines(&r, "Roles assigned");
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].what, "Roles assigned: communications lead");
}

#[test]
fn an_automatic_update_is_never_charged_as_too_soon() {
    // Omar posts on his own as communications lead; the player posts once right after him.
    let r = run(
        "major-incident",
        [
            sev1_declared(),
            vec![
                at(
                    7.5,
                    Action::AssignRole {
                        role: IncidentRole::Communications,
                        person: "omar".into(),
                    },
                ),
                at(
                    12.0,
                    Action::PostStatus {
                        text: "Sign-in is failing for most customers; identity is on it.".into(),
                        audience: pagerdrill::sim::Audience::Internal,
                        state: None,
                        impact: None,
                        working_on: Vec::new(),
                        next_update_minutes: None,
                    },
                ),
                at(
                    30.0,
                    Action::PostStatus {
                        text: "Still failing; the key rotation is being reverted.".into(),
                        audience: pagerdrill::sim::Audience::Internal,
                        state: None,
                        impact: None,
                        working_on: Vec::new(),
                        next_update_minutes: None,
                    },
                ),
            ],
        ]
        .concat(),
    );
    let soon = lines(&r, "status update only");
    assert!(
        !soon.is_empty(),
        "the player's own quick update is charged: {:#?}",
        r.feedback
    );
    for l in soon {
        assert_eq!(l.actor.as_deref(), Some("you"), "{l:?}");
    }
}

#[test]
fn a_runbook_step_written_before_looking_counts_for_nothing() {
    let s = scenario("first-page");
    let mut good = good("first-page");
    for st in &mut good.actions {
        if matches!(st.action, Action::UpdateRunbook { .. }) {
            st.at = 1.0;
        }
    }
    good.actions.sort_by(|a, b| a.at.total_cmp(&b.at));
    let r = play_scored(&s, &good, 1);
    assert!(
        !lines(&r, "Nobody updated the runbook").is_empty(),
        "a step written at minute 1 learnt nothing: {:#?}",
        r.feedback
    );
}

#[test]
fn giving_the_famous_expert_a_role_is_going_to_the_hero() {
    let r = run(
        "central-ops",
        vec![
            at(
                7.5,
                Action::Acknowledge {
                    alert: AlertRef::Rule("edge-5xx".into()),
                },
            ),
            at(
                8.0,
                Action::Declare {
                    severity: Severity::Sev2,
                    title: "Chat failing".into(),
                },
            ),
            at(
                8.5,
                Action::AssignRole {
                    role: IncidentRole::Expert,
                    person: "andy".into(),
                },
            ),
        ],
    );
    let hero = lines(&r, "Andy, the famous expert");
    assert!(
        hero.iter()
            .any(|l| l.lesson == Lesson::NoHeroes && l.is_breach()),
        "{:#?}",
        r.feedback
    );
    assert!(r.cap.is_some());
}

#[test]
fn a_call_that_wakes_someone_counts_as_waking_them() {
    let r = run(
        "night-page",
        vec![at(
            5.0,
            Action::Delegate {
                person: "amit".into(),
                task: Task::Mitigate {
                    service: "reports-db".into(),
                    mitigation: Mitigation::ScaleUp,
                },
                minutes: 30,
            },
        )],
    );
    assert!(r.metrics.people_woken >= 1, "{:?}", r.metrics);
    assert!(
        lines(&r, "You woke Amit")
            .iter()
            .any(|l| l.lesson == Lesson::NoiseIsADefect),
        "{:#?}",
        r.feedback
    );
}

#[test]
fn owners_in_a_low_autonomy_scenario_wait_for_a_go_ahead() {
    let s = scenario("major-incident");
    assert!(s.autonomy < 1.0);
    let mut idle = World::new(s.clone(), 1, &[]).expect("world");
    idle.finish();
    let waited = idle.log_events().iter().any(|e| {
        matches!(&e.kind, EventKind::Report { actions, .. } if actions.contains("without a go-ahead"))
    });
    assert!(
        waited,
        "an owner asks for a go-ahead when nobody runs the incident"
    );
    // Giving the identity on-call a role is a go-ahead: the sign-in fault is fixed by them.
    let r = run(
        "major-incident",
        [
            sev1_declared(),
            vec![at(
                9.0,
                Action::AssignRole {
                    role: IncidentRole::OperationsLead,
                    person: "fatima".into(),
                },
            )],
        ]
        .concat(),
    );
    assert!(r.metrics.mitigations_right >= 1, "{:?}", r.metrics);
}

#[test]
fn a_teammates_own_wrong_guess_never_costs_the_player() {
    // Play every shipped scenario with nobody acting: whatever teammates try, no response line
    // about a useless or harmful fix names a non-player as the decider.
    for (_, l) in pack::builtin() {
        let s = l.value.expect("loads");
        for seed in 1..=5 {
            let r = play_scored(
                &s,
                &Script {
                    actions: Vec::new(),
                },
                seed,
            );
            for line in &r.feedback {
                if line.points < 0
                    && let Some(actor) = &line.actor
                {
                    assert_eq!(actor, &s.player, "{}: {line:?}", s.id);
                }
            }
        }
    }
}

#[test]
fn the_night_page_good_run_spares_the_geo_team() {
    // The secondary, called in for the fix, takes the rotation's page too: nobody else is woken.
    let s = scenario("night-page");
    let good = good("night-page");
    for seed in 1..=5 {
        let r = play_scored(&s, &good, seed);
        assert!(
            r.metrics.people_woken <= 4,
            "seed {seed}: {} people woken",
            r.metrics.people_woken
        );
    }
}

#[test]
fn each_incident_is_judged_on_its_own_updates() {
    // The first incident has an update; the second, declared after the first was closed, has none.
    let r = run(
        "major-incident",
        [
            sev1_declared(),
            vec![
                at(
                    8.0,
                    Action::PostStatus {
                        text: "Sign-in failing for most customers.".into(),
                        audience: pagerdrill::sim::Audience::Internal,
                        state: None,
                        impact: None,
                        working_on: Vec::new(),
                        next_update_minutes: None,
                    },
                ),
                at(20.0, Action::Resolve),
                at(
                    21.0,
                    Action::Declare {
                        severity: Severity::Sev1,
                        title: "Sign-in failing again".into(),
                    },
                ),
            ],
        ]
        .concat(),
    );
    let silent = lines(&r, "No status update in");
    assert_eq!(silent.len(), 1, "{:#?}", r.feedback);
    assert_eq!(
        silent[0].at,
        Some(21 * 60),
        "the silence is the second incident's"
    );
}

#[test]
fn declaring_is_timed_from_the_first_page_not_an_earlier_ticket() {
    // The night page with its delivery alert made slower to fire: geo-api's Medium alert is filed as
    // a ticket (nobody is paged) ten minutes before the first page reaches anyone.
    let mut s = scenario("night-page").into_inner();
    for a in &mut s.alerts {
        if a.id == "delivery-errors" {
            a.for_seconds += 600;
        }
    }
    let s = Validated::check(s).expect("still valid");
    let mut idle = World::new(s.clone(), 1, &[]).expect("world");
    idle.finish();
    let first_real_alert = idle
        .log_events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::AlertFired { real: true, .. }))
        .map(|e| e.at)
        .expect("an alert fires");
    let first_page = idle
        .log_events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::PageSent { .. }))
        .map(|e| e.at)
        .expect("a page goes out");
    assert!(
        first_page >= first_real_alert + 300,
        "a ticket comes well before the first page ({first_real_alert} vs {first_page})"
    );
    let page = f64::from(first_page) / 60.0;
    let script = Script {
        actions: vec![
            at(
                page + 0.5,
                Action::Acknowledge {
                    alert: AlertRef::Rule("delivery-errors".into()),
                },
            ),
            at(
                page + 14.0,
                Action::Declare {
                    severity: Severity::Sev2,
                    title: "Couriers cannot get routes".into(),
                },
            ),
        ],
    };
    let r = play_scored(&s, &script, 1);
    assert!(lines(&r, "was declared").is_empty(), "{:#?}", r.feedback);
}

#[test]
fn declaring_an_incident_does_not_make_another_teams_service_yours() {
    // A Sev3 tutorial: declare, then change discovery's service without ever paging discovery.
    let r = run(
        "first-page",
        vec![
            at(
                8.5,
                Action::Acknowledge {
                    alert: AlertRef::Rule("storefront-latency".into()),
                },
            ),
            at(
                9.0,
                Action::Declare {
                    severity: Severity::Sev3,
                    title: "Storefront slow".into(),
                },
            ),
            at(
                10.0,
                Action::Mitigate {
                    service: "recommendations".into(),
                    mitigation: Mitigation::Rollback,
                },
            ),
        ],
    );
    assert!(
        lines(&r, "You changed Recommendations yourself")
            .iter()
            .any(|l| l.is_breach()),
        "{:#?}",
        r.feedback
    );
}

#[test]
fn a_generic_runbook_step_teaches_nothing() {
    // Four plain words after looking at the service pass the "says something" bar but say nothing
    // about this fault; the step must name how it is fixed.
    let s = scenario("first-page");
    let mut script = good("first-page");
    for st in &mut script.actions {
        if let Action::UpdateRunbook { step, .. } = &mut st.action {
            *step = "Check the service dashboards carefully.".into();
        }
    }
    let r = play_scored(&s, &script, 1);
    assert!(
        !lines(&r, "Nobody updated the runbook").is_empty(),
        "{:#?}",
        r.feedback
    );
    assert!(lines(&r, "You added what you learnt").is_empty());
}

/// The major incident's good run with one more status update at `minute`.
fn major_with_update(minute: f64, update: Action) -> Report {
    let s = pack::find("major-incident").expect("built in");
    let mut script = load_script_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/playthroughs/major-incident-good.ron"),
    )
    .expect("good run");
    script.actions.push(at(minute, update));
    script
        .actions
        .sort_by(|a, b| a.at.partial_cmp(&b.at).expect("times"));
    play_scored(&s, &script, 1)
}

/// A status update that says how customers are doing as its stage implies: recovered once it
/// claims monitoring or resolved, getting worse before (the major incident's early minutes).
fn update(text: &str, audience: Audience, state: Option<StatusState>) -> Action {
    let impact = if state.is_some_and(StatusState::claims_recovery) {
        ImpactTrend::Recovered
    } else {
        ImpactTrend::Worsening
    };
    Action::PostStatus {
        text: text.into(),
        audience,
        state,
        impact: Some(impact),
        working_on: Vec::new(),
        next_update_minutes: Some(25),
    }
}

/// An internal update at fourteen minutes, while the retry storm is still growing, saying how
/// customers are doing, what is being worked on and when the next update comes.
fn structured(impact: ImpactTrend, working_on: &[&str], next: Option<u32>) -> Report {
    major_with_update(
        14.0,
        Action::PostStatus {
            text: "Sign-in is failing for many customers.".into(),
            audience: Audience::Internal,
            state: None,
            impact: Some(impact),
            working_on: working_on.iter().map(|s| (*s).to_owned()).collect(),
            next_update_minutes: next,
        },
    )
}

#[test]
fn what_an_update_says_about_customers_work_and_the_next_update_is_held_to_the_world() {
    let truth = |r: &Report| -> i32 {
        status_lines(r, Rule::StatusTruth)
            .iter()
            .map(|l| l.points)
            .sum()
    };
    // Promises kept or broken, and updates without one (not how soon after the last it came).
    let cadence = |r: &Report| -> Vec<String> {
        status_lines(r, Rule::Cadence)
            .iter()
            .filter(|l| l.points < 0 && (l.what.contains("promised") || l.what.contains("no time")))
            .map(|l| l.what.clone())
            .collect()
    };
    // Fourteen minutes in, the retry storm is still growing: "getting worse" is the truth.
    let honest = structured(ImpactTrend::Worsening, &["auth"], Some(25));
    assert_eq!(truth(&honest), 0, "{:#?}", honest.feedback);
    assert!(
        status_lines(&honest, Rule::StatusTruth)
            .iter()
            .any(|l| l.what.contains("as the graphs showed")),
        "an accurate update is praised"
    );
    assert!(cadence(&honest).is_empty(), "{:?}", cadence(&honest));
    // "Recovering" while it is getting worse is rosy.
    let rosy = structured(ImpactTrend::Recovering, &["auth"], Some(25));
    assert!(
        truth(&rosy) <= -8,
        "{:#?}",
        status_lines(&rosy, Rule::StatusTruth)
    );
    // Saying the catalogue is being worked on when nobody is on it.
    let idle = structured(ImpactTrend::Worsening, &["catalog"], Some(25));
    assert!(
        status_lines(&idle, Rule::StatusTruth)
            .iter()
            .any(|l| l.points < 0 && l.what.contains("nobody was on it")),
        "{:#?}",
        status_lines(&idle, Rule::StatusTruth)
    );
    // Promising the next update in five minutes when the next one comes at the usual cadence.
    let broken = structured(ImpactTrend::Worsening, &["auth"], Some(5));
    assert!(
        cadence(&broken)
            .iter()
            .any(|w| w.contains("promised the next in 5 min")),
        "{:?}",
        cadence(&broken)
    );
    // No time for the next update at all.
    let open_ended = structured(ImpactTrend::Worsening, &["auth"], None);
    assert!(
        cadence(&open_ended)
            .iter()
            .any(|w| w.contains("no time for the next one")),
        "{:?}",
        cadence(&open_ended)
    );
}

fn status_lines(r: &Report, rule: Rule) -> Vec<&pagerdrill::score::Feedback> {
    r.feedback.iter().filter(|l| l.rule == rule).collect()
}

#[test]
fn an_all_clear_while_customers_still_hurt_costs_points_and_a_true_update_is_praised() {
    // Twelve minutes in, sign-in is still failing for customers.
    let early =
        "Sign-in is failing for some customers; we have found why and a fix is rolling out.";
    let honest = major_with_update(
        12.0,
        update(early, Audience::External, Some(StatusState::Identified)),
    );
    let false_clear = major_with_update(
        12.0,
        update(
            "Everything is working again.",
            Audience::External,
            Some(StatusState::Resolved),
        ),
    );
    let praise = status_lines(&honest, Rule::StatusTruth);
    assert!(
        praise.iter().any(|l| l.points == 0),
        "an identified update during the outage is praised: {praise:#?}"
    );
    assert!(praise.iter().all(|l| l.points == 0), "{praise:#?}");
    let charged = status_lines(&false_clear, Rule::StatusTruth);
    assert!(
        charged
            .iter()
            .any(|l| l.points < 0 && l.what.contains("resolved")),
        "{charged:#?}"
    );
    assert!(
        false_clear.score.communication < honest.score.communication,
        "{} vs {}",
        false_clear.score.communication,
        honest.score.communication
    );
    // After recovery, "resolved" is the truth.
    let late = major_with_update(
        49.0,
        update(
            "Sign-in works again for everyone.",
            Audience::External,
            Some(StatusState::Resolved),
        ),
    );
    assert!(
        status_lines(&late, Rule::StatusTruth)
            .iter()
            .all(|l| l.points == 0),
        "{:#?}",
        status_lines(&late, Rule::StatusTruth)
    );
}

#[test]
fn a_customer_update_naming_internal_systems_or_people_is_caught() {
    let leaky = major_with_update(
        12.0,
        update(
            "Fatima reverted the signing keys push; the session store is still overloaded.",
            Audience::External,
            Some(StatusState::Identified),
        ),
    );
    let leaks = status_lines(&leaky, Rule::StatusLeak);
    assert_eq!(leaks.len(), 1, "{leaks:#?}");
    assert!(leaks[0].points < 0);
    for name in ["Fatima", "Session store", "Signing keys"] {
        assert!(leaks[0].what.contains(name), "{name} in {}", leaks[0].what);
    }
    // The same words inside the company are fine, and so is a customer update in customers' terms.
    let internal = major_with_update(
        12.0,
        update(
            "Fatima reverted the signing keys push; the session store is still overloaded.",
            Audience::Internal,
            None,
        ),
    );
    assert!(status_lines(&internal, Rule::StatusLeak).is_empty());
    let plain = major_with_update(
        12.0,
        update(
            "Some customers cannot sign in to the website and apps. A fix is rolling out; next update by 16:10.",
            Audience::External,
            Some(StatusState::Identified),
        ),
    );
    assert!(
        status_lines(&plain, Rule::StatusLeak).is_empty(),
        "{:#?}",
        status_lines(&plain, Rule::StatusLeak)
    );
}

/// The tutorial with one stakeholder question at minute 9 whose right answer depends on the
/// moment: "not yet" while customers hurt, "yes" once they have recovered.
fn tutorial_with_ask() -> Validated {
    use pagerdrill::scenario::{Inject, ReplyOption, When};
    let mut s = pack::find("first-page").expect("tutorial").into_inner();
    let option = |id: &str, right: When| ReplyOption {
        id: id.into(),
        text: format!("answer {id}"),
        right,
        why: format!("why {id}"),
    };
    s.injects.push(Inject::Ask {
        id: "fixed-yet".into(),
        at_minute: 9,
        from: "Sol (product manager)".into(),
        text: "Is the storefront fixed yet?".into(),
        reply_within_minutes: 10,
        options: vec![
            option("not-yet", When::WhileCustomersHurt),
            option("yes", When::OnceCustomersRecovered),
            option("eta", When::Never),
        ],
    });
    Validated::check(s).expect("valid")
}

fn reply(option: &str) -> Action {
    Action::Reply {
        ask: "fixed-yet".into(),
        option: option.into(),
    }
}

fn stakeholder_lines(r: &Report) -> Vec<&pagerdrill::score::Feedback> {
    r.feedback
        .iter()
        .filter(|l| l.rule == Rule::Stakeholders)
        .collect()
}

#[test]
fn a_stakeholder_answer_is_judged_by_the_moment_it_is_given() {
    let s = tutorial_with_ask();
    let good = load_script_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/playthroughs/first-page-good.ron"),
    )
    .expect("good run");
    let with = |minute: f64, option: &str| {
        let mut script = good.clone();
        script.actions.push(at(minute, reply(option)));
        script
            .actions
            .sort_by(|a, b| a.at.partial_cmp(&b.at).expect("times"));
        play_scored(&s, &script, 1)
    };
    // At minute 10 the storefront is still slow: "not yet" is right, "yes" is wrong.
    let not_yet = with(10.0, "not-yet");
    let yes_early = with(10.0, "yes");
    assert!(
        stakeholder_lines(&not_yet).iter().all(|l| l.points == 0),
        "{:#?}",
        stakeholder_lines(&not_yet)
    );
    assert!(
        stakeholder_lines(&yes_early)
            .iter()
            .any(|l| l.points < 0 && l.why == "why yes"),
        "{:#?}",
        stakeholder_lines(&yes_early)
    );
    // Never answered: charged, and the shift's communication score shows it.
    let ignored = play_scored(&s, &good, 1);
    assert!(
        stakeholder_lines(&ignored)
            .iter()
            .any(|l| l.points == -10 && l.what.contains("heard nothing")),
        "{:#?}",
        stakeholder_lines(&ignored)
    );
    assert!(ignored.score.communication < not_yet.score.communication);
    // Answered late: charged as late as well.
    let late = with(25.0, "eta");
    assert!(
        stakeholder_lines(&late)
            .iter()
            .any(|l| l.points == -5 && l.what.contains("after they asked")),
        "{:#?}",
        stakeholder_lines(&late)
    );
}

#[test]
fn a_reply_before_the_question_or_a_second_reply_is_refused() {
    let s = tutorial_with_ask();
    let mut w = World::new(s.clone(), 1, &[]).expect("world");
    w.advance_to(8 * 60);
    assert!(w.apply("you", reply("not-yet")).is_err(), "not asked yet");
    w.advance_to(9 * 60);
    assert!(
        w.apply(
            "you",
            Action::Reply {
                ask: "fixed-yet".into(),
                option: "maybe".into()
            }
        )
        .is_err(),
        "not an answer on offer"
    );
    w.apply("you", reply("not-yet")).expect("answered");
    assert!(w.apply("you", reply("yes")).is_err(), "answered once");
    let view = w.view("you");
    assert_eq!(view.asks.len(), 1);
    assert_eq!(view.asks[0].reply.as_deref(), Some("not-yet"));
    assert_eq!(view.asks[0].due_at, 19 * 60);
}

#[test]
fn ignoring_every_stakeholder_costs_at_least_fifteen_communication_points() {
    use pagerdrill::scenario::Inject;
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let asks = s
            .injects
            .iter()
            .filter(|i| matches!(i, Inject::Ask { .. }))
            .count();
        let stakeholders = s.injects.iter().any(|i| match i {
            Inject::Message { from, .. } => !s.people.iter().any(|p| &p.id == from),
            Inject::Ask { .. } => true,
            _ => false,
        });
        if !stakeholders {
            continue;
        }
        assert!(
            asks >= 2,
            "{}: stakeholders speak but only {asks} question(s) are scored",
            s.id
        );
        let good = load_script_file(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("tests/playthroughs/{}-good.ron", s.id)),
        )
        .expect("good run");
        let mut silent = good.clone();
        silent
            .actions
            .retain(|step| !matches!(step.action, Action::Reply { .. }));
        let answered = play_scored(&s, &good, 1).score.communication;
        let ignored = play_scored(&s, &silent, 1).score.communication;
        assert!(
            answered >= ignored + 15,
            "{}: Communication {answered} answering, {ignored} ignoring",
            s.id
        );
    }
}

#[test]
fn a_stakeholders_right_answer_is_not_given_away_by_its_length() {
    use pagerdrill::scenario::{Inject, When};
    let (mut asks, mut longest) = (0, 0);
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        for i in &s.injects {
            let Inject::Ask { options, .. } = i else {
                continue;
            };
            asks += 1;
            let max = options.iter().map(|o| o.text.len()).max().unwrap_or(0);
            if options
                .iter()
                .any(|o| o.right != When::Never && o.text.len() == max)
            {
                longest += 1;
            }
        }
    }
    assert!(asks >= 12, "only {asks} stakeholder questions in the pack");
    // "Pick the longest" must do no better than a coin toss.
    assert!(
        longest * 2 <= asks,
        "a right answer is the longest in {longest} of {asks} questions"
    );
}

#[test]
fn an_update_that_says_nothing_about_customers_is_not_safer_than_one_that_tells_the_truth() {
    let mut silent = Action::PostStatus {
        text: "We are working on sign-in.".into(),
        audience: Audience::Internal,
        state: None,
        impact: None,
        working_on: Vec::new(),
        next_update_minutes: Some(25),
    };
    let quiet = major_with_update(14.0, silent.clone());
    if let Action::PostStatus { impact, .. } = &mut silent {
        *impact = Some(ImpactTrend::Worsening);
    }
    let truthful = major_with_update(14.0, silent);
    let truth = |r: &Report| -> i32 {
        status_lines(r, Rule::StatusTruth)
            .iter()
            .map(|l| l.points)
            .sum()
    };
    assert!(
        truth(&quiet) < truth(&truthful),
        "silent {} vs truthful {}",
        truth(&quiet),
        truth(&truthful)
    );
}
