//! The score cannot be gamed: doing nothing, paging everyone, spamming updates and trying every fix
//! all score worse than playing well; every point is explained; the same run scores the same.

use pagerdrill::scenario::{Category, Mitigation, Validated, pack};
use pagerdrill::score::{self, Report, Rule};
use pagerdrill::sim::script::{Script, Step, load_script, play};
use pagerdrill::sim::view::LineKind;
use pagerdrill::sim::{Action, World};

fn scenarios() -> Vec<Validated> {
    pack::builtin()
        .into_iter()
        .filter_map(|(_, l)| l.value)
        .collect()
}

fn good_script(id: &str) -> Script {
    let path = format!(
        "{}/tests/playthroughs/{id}-good.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    load_script(&std::fs::read_to_string(path).expect("script"))
        .value
        .expect("loads")
}

fn scored(s: &Validated, script: &Script, seed: u64) -> Report {
    let mut w = World::new(s.clone(), seed, &[]).expect("world");
    play(&mut w, script);
    score::score(&w)
}

fn step(at: f64, action: Action) -> Step {
    Step {
        at,
        by: None,
        action,
    }
}

#[test]
fn doing_nothing_scores_low() {
    for s in scenarios() {
        let idle = scored(
            &s,
            &Script {
                actions: Vec::new(),
            },
            1,
        );
        let good = scored(&s, &good_script(&s.id), 1);
        assert!(
            idle.score.total <= 60,
            "{}: doing nothing scores {}",
            s.id,
            idle.score.total
        );
        assert!(
            good.score.total >= idle.score.total + 25,
            "{}: good {} vs idle {}",
            s.id,
            good.score.total,
            idle.score.total
        );
    }
}

#[test]
fn paging_everyone_at_once_scores_low_on_routing() {
    for s in scenarios() {
        let first_fault = s.faults.iter().map(|f| f.at_minute).min().unwrap_or(0) as f64;
        let mut script = good_script(&s.id);
        let everyone: Vec<Step> = s
            .teams
            .iter()
            .map(|t| {
                step(
                    first_fault + 1.0,
                    Action::PageWholeTeam {
                        team: t.id.clone(),
                        service: s.faults[0].service.clone(),
                    },
                )
            })
            .collect();
        script.actions.splice(0..0, everyone);
        script.actions.sort_by(|a, b| a.at.total_cmp(&b.at));
        let report = scored(&s, &script, 1);
        let good = scored(&s, &good_script(&s.id), 1);
        assert!(
            report.score.routing <= 60,
            "{}: routing {} after paging everyone",
            s.id,
            report.score.routing
        );
        assert!(
            report.score.routing + 30 <= good.score.routing,
            "{}: {} vs {}",
            s.id,
            report.score.routing,
            good.score.routing
        );
    }
}

#[test]
fn spamming_status_updates_does_not_raise_communication() {
    let s = pack::find("major-incident").expect("built in");
    let good = good_script(&s.id);
    let mut spam = good.clone();
    let declared = good
        .actions
        .iter()
        .find(|st| matches!(st.action, Action::Declare { .. }))
        .map(|st| st.at)
        .expect("the good run declares");
    for k in 1..30 {
        spam.actions.push(step(
            declared + f64::from(k) * 2.0,
            Action::PostStatus {
                text: format!("Update {k}"),
                audience: pagerdrill::sim::Audience::Internal,
                state: None,
                impact: None,
                working_on: Vec::new(),
                next_update_minutes: None,
            },
        ));
    }
    spam.actions.sort_by(|a, b| a.at.total_cmp(&b.at));
    let (g, sp) = (scored(&s, &good, 1), scored(&s, &spam, 1));
    assert!(
        sp.score.communication < g.score.communication,
        "{} vs {}",
        sp.score.communication,
        g.score.communication
    );
}

#[test]
fn trying_every_mitigation_is_worse_than_the_right_one() {
    let s = pack::find("first-page").expect("tutorial");
    let right = Script {
        actions: vec![
            step(
                8.5,
                Action::Acknowledge {
                    alert: pagerdrill::sim::AlertRef::Rule("storefront-latency".into()),
                },
            ),
            step(
                11.0,
                Action::Mitigate {
                    service: "recommendations".into(),
                    mitigation: Mitigation::Rollback,
                },
            ),
        ],
    };
    let mut everything = right.clone();
    everything.actions.pop();
    for (i, m) in Mitigation::ALL.iter().enumerate() {
        everything.actions.push(step(
            9.0 + i as f64 * 0.25,
            Action::Mitigate {
                service: "recommendations".into(),
                mitigation: *m,
            },
        ));
    }
    let (r, e) = (scored(&s, &right, 1), scored(&s, &everything, 1));
    assert!(
        e.score.response + 15 <= r.score.response,
        "{} vs {}",
        e.score.response,
        r.score.response
    );
    assert!(e.score.total < r.score.total);
}

#[test]
fn every_point_is_explained_by_a_feedback_line() {
    for s in scenarios() {
        for script in [
            Script {
                actions: Vec::new(),
            },
            good_script(&s.id),
        ] {
            let r = scored(&s, &script, 2);
            for c in [
                Category::Routing,
                Category::Learning,
                Category::Response,
                Category::Impact,
                Category::Communication,
            ] {
                let sum: i32 = r
                    .feedback
                    .iter()
                    .filter(|l| l.category == c)
                    .map(|l| l.points)
                    .sum();
                assert_eq!(
                    r.score.get(c) as i32,
                    (100 + sum).clamp(0, 100),
                    "{} {c:?}",
                    s.id
                );
            }
            for l in &r.feedback {
                assert!(!l.what.is_empty() && !l.why.is_empty(), "{l:?}");
                if l.points < 0 {
                    assert!(
                        !l.instead.is_empty(),
                        "a deduction must say what to do instead: {l:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_same_script_always_gets_the_same_score() {
    let s = pack::find("hero-trap").expect("built in");
    let a = serde_json::to_string(&scored(&s, &good_script(&s.id), 9)).expect("json");
    let b = serde_json::to_string(&scored(&s, &good_script(&s.id), 9)).expect("json");
    assert_eq!(a, b);
}

#[test]
fn the_json_report_keeps_its_documented_shape() {
    let s = pack::find("first-page").expect("tutorial");
    let value = serde_json::to_value(scored(&s, &good_script(&s.id), 1)).expect("json");
    for key in [
        "schema_version",
        "scenario",
        "seed",
        "score",
        "metrics",
        "timeline",
        "feedback",
    ] {
        assert!(value.get(key).is_some(), "missing top-level {key}");
    }
    for key in [
        "total",
        "routing",
        "learning",
        "response",
        "impact",
        "communication",
    ] {
        assert!(value["score"].get(key).is_some(), "missing score.{key}");
    }
    for key in [
        "rule", "category", "points", "at", "what", "why", "lesson", "instead",
    ] {
        assert!(
            value["feedback"][0].get(key).is_some(),
            "missing feedback[].{key}"
        );
    }
    assert_eq!(value["schema_version"], 5);
    assert!(value.get("record").is_some(), "missing top-level record");
    // Alone, nobody is a participant and no facilitator took notes; the keys are there.
    assert_eq!(value["participants"], serde_json::json!([]));
    assert_eq!(value["facilitator_notes"], serde_json::json!([]));
    // A report saved before lines named their rule still loads: its lines read as unnamed.
    let mut old = value.clone();
    for line in old["feedback"].as_array_mut().expect("feedback list") {
        line.as_object_mut().expect("a line").remove("rule");
    }
    let back: pagerdrill::score::Report = serde_json::from_value(old).expect("an old report loads");
    assert!(back.feedback.iter().all(|l| l.rule == Rule::Unnamed));
}

#[test]
fn every_feedback_line_names_the_rule_that_wrote_it() {
    let mut seen = std::collections::BTreeSet::new();
    for s in scenarios() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/playthroughs");
        for entry in std::fs::read_dir(&dir).expect("playthroughs") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            if !name.starts_with(&format!("{}-", s.id)) {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            let script = load_script(&text).value.expect("loads");
            let r = scored(&s, &script, 1);
            for l in &r.feedback {
                assert_ne!(l.rule, Rule::Unnamed, "{name}: {}", l.what);
                seen.insert(format!("{:?}", l.rule));
            }
        }
    }
    // The shipped playthroughs exercise most of the rubric: a rule that never fires in any of them
    // is either dead or untested.
    assert!(
        seen.len() >= 20,
        "only {} rules fired: {seen:?}",
        seen.len()
    );
}

#[test]
fn every_good_playthroughs_report_is_a_postmortem_document_with_every_section() {
    for (_, loaded) in pack::builtin() {
        let s = loaded.value.expect("loads");
        let r = scored(&s, &good_script(&s.id), 1);
        let md = score::markdown(&r, s.shift.start);
        assert!(md.starts_with("# Postmortem: "), "{}", s.id);
        // Every section, once, in the order a postmortem template has them.
        let mut from = 0;
        for section in score::REPORT_SECTIONS {
            let heading = format!("\n## {section}\n");
            let at = md[from..]
                .find(&heading)
                .unwrap_or_else(|| panic!("{}: no \"{section}\" after byte {from}", s.id));
            from += at + heading.len();
            assert_eq!(md.matches(&heading).count(), 1, "{}: {section} twice", s.id);
        }
        let rec = &r.record;
        match rec.incident.as_ref() {
            Some(inc) => assert!(
                md.contains(&format!("Incident commander: {}", inc.commander)),
                "{}",
                s.id
            ),
            None => assert!(md.contains("No incident was declared."), "{}", s.id),
        }
        assert!(
            rec.detected_at.is_some() && rec.began_at.is_some(),
            "{}",
            s.id
        );
        assert!(
            rec.impact.as_ref().is_some_and(|i| md.contains(i.as_str())),
            "{}: impact in the scenario's own terms",
            s.id
        );
        // Faults that start at their minute always start; a triggered one only if set off.
        for c in s.faults.iter().filter(|c| !c.triggered) {
            assert!(
                md.contains(&c.root_cause),
                "{}: a root cause is missing",
                s.id
            );
        }
        assert!(
            !rec.actions.is_empty(),
            "{}: the good answers file action items",
            s.id
        );
        assert!(
            md.contains("| Action | Type | Owner | Priority |"),
            "{}",
            s.id
        );
        // Nothing is hidden: every alert and page notice is told or counted.
        let notices = r
            .timeline
            .iter()
            .filter(|t| matches!(t.kind, LineKind::Alert | LineKind::Page))
            .count();
        let counted: usize = md
            .lines()
            .filter_map(|l| {
                l.split_once(" alert and page notices")
                    .and_then(|(head, _)| head.rsplit(' ').next())
                    .and_then(|n| n.parse::<usize>().ok())
            })
            .sum();
        let told = md
            .lines()
            .filter(|l| {
                l.contains("** pager: alert #")
                    || l.contains("** pager: page ")
                    || l.contains(" slept through page ")
            })
            .count();
        assert_eq!(
            counted + told,
            notices,
            "{}: notices told {told} + counted {counted}",
            s.id
        );
    }
}

#[test]
fn a_fault_that_never_started_is_not_among_the_causes_and_one_that_did_is() {
    let s = pack::find("vendor-outage").expect("built in");
    let storm = s
        .faults
        .iter()
        .find(|f| f.id == "checkout-retry-storm")
        .expect("the retry storm")
        .root_cause
        .clone();
    // The good run opens the support case in time: the retry storm never starts.
    let good = scored(&s, &good_script("vendor-outage"), 1);
    let md = score::markdown(&good, s.shift.start);
    assert!(
        !md.contains(&storm),
        "a cause that never happened is listed"
    );
    assert!(!good.root_causes.iter().any(|c| c.contains(&storm)));
    // Restarting checkout sets it off, and then it is a cause.
    let restart = Script {
        actions: vec![step(
            10.0,
            Action::Mitigate {
                service: "checkout".into(),
                mitigation: Mitigation::Restart,
            },
        )],
    };
    let set_off = scored(&s, &restart, 1);
    assert!(
        set_off.root_causes.iter().any(|c| c.contains(&storm)),
        "{:?}",
        set_off.root_causes
    );
}
