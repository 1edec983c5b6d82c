//! Signals (readings of a service's own beyond the four health metrics) and monitoring that runs
//! late, each played on the tutorial's world with one thing changed, plus the validator's word on
//! every field they add.

use pagerdrill::scenario::{
    AlertMetric, AlertRule, BlindReadings, Condition, Level, Priority, Route, Scenario, Signal,
    SignalEffect, Validated, load_str,
};
use pagerdrill::sim::{Action, EventKind, World};

mod common;
use common::{rollback, tutorial, world};

/// The tutorial with a request queue on recommendations that the bad model fills by 100 requests
/// a minute, and a page when more than 1,000 wait.
fn queueing() -> Scenario {
    let mut s = tutorial();
    s.services[1].signals.push(Signal {
        name: "queue depth".into(),
        unit: "requests".into(),
        baseline: 10.0,
        noise: 0.0,
        min: 0.0,
        max: None,
        degraded: None,
    });
    s.faults[0].signals.push(SignalEffect {
        service: None,
        signal: "queue depth".into(),
        add: 0.0,
        per_minute: 100.0,
    });
    s.alerts.push(AlertRule {
        id: "reco-queue".into(),
        service: "recommendations".into(),
        metric: AlertMetric::Signal("queue depth".into()),
        condition: Condition::Above(1000.0),
        for_seconds: 0,
        priority: Priority::High,
        route: Route::OwningTeam,
        level: Level::Service,
        summary: "Recommendations: more than 1,000 requests queued".into(),
        dedup: false,
    });
    s
}

/// Adds a fault on the catalogue, from minute 1, that only puts 2,000 requests in the
/// recommendations queue: no health metric moves.
fn catalogue_fills_the_queue(mut s: Scenario) -> Scenario {
    let mut slow = s.faults[0].clone();
    slow.id = "catalog-index-rebuild".into();
    slow.service = "catalog".into();
    slow.at_minute = 1;
    slow.effect = pagerdrill::scenario::Effect::NONE;
    slow.signals = vec![SignalEffect {
        service: Some("recommendations".into()),
        signal: "queue depth".into(),
        add: 2000.0,
        per_minute: 0.0,
    }];
    s.faults.push(slow);
    s
}

fn fired(w: &World, rule: &str) -> Option<u32> {
    w.log_events().iter().find_map(|e| match &e.kind {
        EventKind::AlertFired { rule: r, .. } if r == rule => Some(e.at),
        _ => None,
    })
}

fn queue(w: &World) -> Vec<f32> {
    let d = w
        .view("you")
        .details
        .into_iter()
        .find(|d| d.service == "recommendations")
        .expect("inspected");
    assert_eq!(d.signals.len(), 1);
    assert_eq!(
        (d.signals[0].name.as_str(), d.signals[0].unit.as_str()),
        ("queue depth", "requests")
    );
    d.signals[0].history.clone()
}

#[test]
fn a_signal_grows_while_its_fault_is_live_pages_on_its_threshold_and_settles_after_the_fix() {
    let mut w = world(queueing());
    w.apply(
        "you",
        Action::Inspect {
            service: "recommendations".into(),
        },
    )
    .expect("inspect");
    w.advance_to(5 * 60);
    assert!(queue(&w).iter().all(|v| *v == 10.0), "{:?}", queue(&w));
    // The fault starts at minute 5 and is at full strength from minute 7: 10 + 100 a minute
    // passes 1,000 just before minute 15.
    w.advance_to(20 * 60);
    let at = fired(&w, "reco-queue").expect("the queue alert fires");
    let every = w.scenario().shift.scrape_interval_seconds;
    assert!(
        (14 * 60 + 54..=14 * 60 + 54 + every).contains(&at),
        "fired at {at}"
    );
    let now = *queue(&w).last().expect("readings");
    assert!((1500.0..=1520.0).contains(&now), "{now}");
    rollback(&mut w);
    w.advance_to(30 * 60);
    assert_eq!(queue(&w).last().copied(), Some(10.0));
    let queue_alert = w.log_events().iter().find_map(|e| match &e.kind {
        EventKind::AlertFired { alert, rule, .. } if rule == "reco-queue" => Some(*alert),
        _ => None,
    });
    assert!(
        w.log_events().iter().any(
            |e| matches!(&e.kind, EventKind::AlertResolved { alert } if Some(*alert) == queue_alert)
        ),
        "the alert resolves once the queue drains"
    );
}

#[test]
fn a_fault_can_move_a_signal_on_another_service_without_touching_its_health() {
    let mut w = world(catalogue_fills_the_queue(queueing()));
    w.advance_to(4 * 60);
    let at = fired(&w, "reco-queue").expect("the queue alert fires before the bad model");
    assert!(at <= 4 * 60, "{at}");
    let catalog = w
        .view("you")
        .services
        .into_iter()
        .find(|s| s.id == "catalog")
        .expect("catalog");
    assert_eq!(catalog.health, pagerdrill::sim::view::Health::Healthy);
}

/// The tutorial with a second fault, on the catalogue, whose metrics pipeline backs up: from
/// minute 4 to minute 20 the storefront's readings and alerts arrive `readings` late.
fn late(readings: Option<BlindReadings>) -> Scenario {
    let mut s = tutorial();
    let mut backlog = s.faults[0].clone();
    backlog.id = "metrics-pipeline-backlog".into();
    backlog.service = "catalog".into();
    backlog.at_minute = 4;
    backlog.self_heal_minutes = Some(16);
    backlog.effect.error_rate = 0.5;
    backlog.effect.latency_factor = 1.0;
    backlog.blinds = readings.map(|readings| pagerdrill::scenario::Blind {
        services: vec!["storefront".into()],
        readings,
    });
    s.faults.push(backlog);
    s
}

#[test]
fn late_monitoring_shows_the_past_and_pages_exactly_that_much_later() {
    let mut on_time = world(late(None));
    let mut behind = world(late(Some(BlindReadings::Delayed(6))));
    for w in [&mut on_time, &mut behind] {
        w.apply(
            "you",
            Action::Inspect {
                service: "storefront".into(),
            },
        )
        .expect("inspect");
    }
    on_time.advance_to(6 * 60);
    let then = on_time.view("you");
    behind.advance_to(12 * 60);
    let shown = behind.view("you");
    let store = |v: &pagerdrill::sim::view::View| {
        v.services
            .iter()
            .find(|s| s.id == "storefront")
            .expect("storefront")
            .clone()
    };
    // At 12 minutes the late dashboard shows what the storefront read at 6.
    for (a, b) in store(&then)
        .current
        .0
        .iter()
        .zip(store(&shown).current.0.iter())
    {
        let (a, b) = (a.expect("reading"), b.expect("reading"));
        assert!((a - b).abs() <= a.abs() * 1e-5, "{a} vs {b}");
    }
    let chart_end = |v: &pagerdrill::sim::view::View| {
        v.details
            .iter()
            .find(|d| d.service == "storefront")
            .expect("inspected")
            .newest_sample_at
    };
    assert_eq!(chart_end(&shown), 6 * 60);
    on_time.advance_to(30 * 60);
    behind.advance_to(30 * 60);
    let a = fired(&on_time, "storefront-latency").expect("fires on time");
    let b = fired(&behind, "storefront-latency").expect("fires late");
    assert!(a < 14 * 60, "the page is due while monitoring is late: {a}");
    assert_eq!(b, a + 6 * 60);
    // Once the backlog clears the dashboard is current again.
    assert_eq!(chart_end(&behind.view("you")), 30 * 60);
}

/// The tutorial as text, format 2, with `edit` applied; what the loader says about it.
fn load(edit: impl Fn(String) -> String) -> pagerdrill::scenario::Loaded<Validated> {
    let src = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/first-page.ron"),
    )
    .expect("tutorial");
    load_str(&edit(src.replacen(
        "Scenario(",
        "Scenario(\n    format: 2,",
        1,
    )))
}

const QUEUE: &str = "hosts: 4,\n            signals: [Signal(name: \"queue depth\", unit: \"requests\", baseline: 10.0)],";
const FILLS: &str =
    "fix_minutes: 4,\n            signals: [(signal: \"queue depth\", per_minute: 100.0)],";

/// A change to the tutorial's text.
type Edit = Box<dyn Fn(String) -> String>;

fn first_error(l: &pagerdrill::scenario::Loaded<Validated>) -> (String, Option<(usize, usize)>) {
    let d = l
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .unwrap_or_else(|| panic!("an error expected: {:#?}", l.diagnostics));
    (d.message.clone(), d.pos.map(|p| (p.line, p.col)))
}

#[test]
fn signals_load_and_every_mistake_in_them_is_named_with_a_position() {
    // Recommendations is the second service with `hosts: 4`; the catalogue the third.
    let with_queue = |s: String| s.replacen(QUEUE.split('\n').next().unwrap_or(""), QUEUE, 1);
    let ok = load(|s| with_queue(s).replace("fix_minutes: 4,", FILLS));
    assert!(ok.value.is_some(), "{:#?}", ok.diagnostics);

    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|s: String| s.replace("fix_minutes: 4,", FILLS)),
            "has no signal \"queue depth\"",
        ),
        (
            Box::new(move |s: String| {
                with_queue(s).replace(
                    "metric: Latency,\n            condition: Above(250.0),",
                    "metric: Signal(\"queue depth\"),\n            condition: Above(250.0),\n            level: Host,",
                )
            }),
            "not per host",
        ),
        (
            Box::new(move |s: String| {
                with_queue(s).replace(
                    "metric: Latency,\n            condition: Above(250.0),",
                    "metric: Signal(\"queue length\"),\n            condition: Above(250.0),",
                )
            }),
            "has no signal \"queue length\"",
        ),
        (
            Box::new(move |s: String| {
                with_queue(s).replace("baseline: 10.0)", "baseline: 10.0, max: Some(5.0))")
            }),
            "outside its range",
        ),
        (
            Box::new(move |s: String| {
                with_queue(s).replace(
                    "fix_minutes: 4,",
                    "fix_minutes: 4,\n            signals: [(signal: \"queue depth\")],",
                )
            }),
            "by nothing",
        ),
        (
            Box::new(|s: String| {
                s.replace(
                    "fix_minutes: 4,",
                    "fix_minutes: 4,\n            blinds: Some((services: [\"storefront\"], readings: Delayed(45))),",
                )
            }),
            "1 to 30 minutes",
        ),
    ];
    for (edit, expect) in cases {
        let l = load(edit);
        let (message, pos) = first_error(&l);
        assert!(message.contains(expect), "{message} (wanted {expect})");
        assert!(pos.is_some(), "{message} has no position");
    }
    // Format 1 refuses signals outright.
    let src = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/first-page.ron"),
    )
    .expect("tutorial");
    let v1 = load_str(&with_queue(src));
    let (message, pos) = first_error(&v1);
    assert!(message.contains("format: 2"), "{message}");
    assert!(pos.is_some());
}

#[test]
fn a_fault_that_only_moves_a_signal_needs_no_health_effect() {
    let l = load(|s| {
        s.replacen(QUEUE.split('\n').next().unwrap_or(""), QUEUE, 1)
            .replace(
                "effect: (latency_factor: 8.0, error_rate: 4.0),",
                "effect: (),\n            signals: [(signal: \"queue depth\", add: 500.0)],",
            )
    });
    assert!(l.value.is_some(), "{:#?}", l.diagnostics);
    let no_effect = load(|s| {
        s.replace(
            "effect: (latency_factor: 8.0, error_rate: 4.0),",
            "effect: (),",
        )
    });
    assert!(first_error(&no_effect).0.contains("no effect"));
}

#[test]
fn a_signal_past_its_degraded_line_marks_the_service_degraded_whatever_its_metrics_say() {
    let health = |line: Option<f64>| {
        let mut s = queueing();
        s.services[1].signals[0].degraded = line.map(Condition::Above);
        let mut w = world(catalogue_fills_the_queue(s));
        w.advance_to(4 * 60);
        w.view("you")
            .services
            .into_iter()
            .find(|x| x.id == "recommendations")
            .expect("recommendations")
            .health
    };
    use pagerdrill::sim::view::Health;
    assert_eq!(health(None), Health::Healthy);
    assert_eq!(health(Some(3000.0)), Health::Healthy);
    assert_eq!(health(Some(1000.0)), Health::Degraded);
}
