//! Fixes that change how much load a service can take (format 2): a scale-up that adds capacity
//! before a failover needs it, and a rate limit that turns the excess away instead of letting
//! everything slow down and retries pile on.

use pagerdrill::scenario::{Effect, Mitigation, Scenario, Validated};
use pagerdrill::sim::{Action, EventKind, World};

mod common;
use common::{tutorial, world};

/// The tutorial with recommendations and the catalogue sharing one load; the catalogue serves
/// 800 requests a second and can take 1,200, and each scale-up adds 800.
fn sharing_load(retries: f64) -> Scenario {
    let mut s = common::sharing_load(1200.0, retries);
    for svc in s.services.iter_mut().filter(|x| x.id == "catalog") {
        svc.scale_up_adds = Some(800.0);
    }
    s
}

fn act(w: &mut World, service: &str, mitigation: Mitigation) {
    w.apply(
        "you",
        Action::Mitigate {
            service: service.into(),
            mitigation,
        },
    )
    .unwrap_or_else(|e| panic!("{mitigation:?} on {service}: {e:?}"));
}

/// The catalogue's current (latency, errors).
fn catalog(w: &World) -> (f64, f64) {
    let v = w.view("you");
    let c = v
        .services
        .iter()
        .find(|s| s.id == "catalog")
        .expect("catalog");
    (
        c.current.0[0].expect("latency"),
        c.current.0[1].expect("errors"),
    )
}

#[test]
fn a_scale_up_that_lands_first_makes_room_for_the_traffic_a_failover_moves() {
    let run = |scale_first: bool| {
        let mut w = world(sharing_load(0.0));
        w.advance_to(5 * 60);
        if scale_first {
            act(&mut w, "catalog", Mitigation::ScaleUp);
        }
        w.advance_to(12 * 60);
        act(&mut w, "recommendations", Mitigation::Failover);
        w.advance_to(25 * 60);
        let added = w.log_events().iter().any(
            |e| matches!(&e.kind, EventKind::CapacityAdded { capacity, .. } if *capacity == 2000.0),
        );
        (catalog(&w).1, added)
    };
    let (cramped, _) = run(false);
    let (roomy, added) = run(true);
    assert!(added, "the scale-up says what it added");
    // 800 + 850 offered against 1,200 fails about 27%; against 2,000 nothing.
    assert!(cramped > 20.0, "{cramped}");
    assert!(roomy < 1.0, "{roomy}");
}

#[test]
fn a_rate_limit_turns_the_excess_away_but_serves_the_rest_at_speed() {
    let run = |limit: bool| {
        let mut w = world(sharing_load(0.0));
        w.advance_to(5 * 60);
        act(&mut w, "recommendations", Mitigation::Failover);
        w.advance_to(12 * 60);
        if limit {
            act(&mut w, "catalog", Mitigation::RateLimit);
        }
        w.advance_to(25 * 60);
        catalog(&w)
    };
    let (slow, failing) = run(false);
    let (fast, turned_away) = run(true);
    // Both fail about the same share; only the unlimited one slows everyone down.
    assert!(
        (failing - turned_away).abs() < 5.0,
        "{failing} vs {turned_away}"
    );
    assert!(slow > fast * 1.4, "latency {slow} vs {fast}");
    assert!(fast < 60.0, "{fast}");
}

#[test]
fn a_rate_limit_stops_retries_from_piling_on() {
    let run = |limit: bool| {
        let mut s = sharing_load(3.0);
        // A fault that fails 30% of the catalogue's requests; callers retry three times.
        let mut f = s.faults[0].clone();
        f.id = "catalog-errors".into();
        f.service = "catalog".into();
        f.effect = Effect {
            error_rate: 30.0,
            ..Effect::NONE
        };
        s.faults = vec![f];
        let mut w = world(s);
        w.advance_to(2 * 60);
        if limit {
            act(&mut w, "catalog", Mitigation::RateLimit);
        }
        w.advance_to(20 * 60);
        catalog(&w)
    };
    // 800 x (1 + 3 x 0.3) = 1,520 offered against 1,200: overload on top of the fault.
    let (slow, storm) = run(false);
    let (fast, calm) = run(true);
    assert!(storm > calm + 10.0, "{storm} vs {calm}");
    assert!(slow > fast * 1.2, "latency {slow} vs {fast}");
}

#[test]
fn a_scale_up_with_nothing_to_add_to_is_refused_by_the_validator() {
    let mut s = sharing_load(0.0);
    s.services[0].scale_up_adds = Some(100.0);
    let errors = Validated::check(s).expect_err("storefront has no capacity");
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("no capacity for a scale-up")),
        "{errors:#?}"
    );
}

#[test]
fn a_fault_that_takes_capacity_away_overloads_what_was_comfortable_until_it_is_fixed() {
    let mut s = sharing_load(0.0);
    // Half of the catalogue's servers drop out at minute 3: 800 requests a second against 600.
    let mut f = s.faults[0].clone();
    f.id = "catalog-servers-lost".into();
    f.service = "catalog".into();
    f.at_minute = 3;
    f.fixes = vec![Mitigation::Restart];
    f.worsens = Vec::new();
    f.effect = Effect {
        capacity_factor: 0.5,
        ..Effect::NONE
    };
    s.faults = vec![f];
    let mut w = world(s);
    w.advance_to(2 * 60);
    let (_, calm) = catalog(&w);
    w.advance_to(10 * 60);
    let (_, short) = catalog(&w);
    // 1 - 600 / 800: a quarter of requests fail.
    assert!(
        calm < 1.0 && (20.0..=30.0).contains(&short),
        "{calm} -> {short}"
    );
    act(&mut w, "catalog", Mitigation::Restart);
    w.advance_to(25 * 60);
    let (_, back) = catalog(&w);
    assert!(back < 1.0, "{back}");
}

#[test]
fn with_customer_shares_impact_adds_up_what_each_share_suffers() {
    let run = |share: Option<f64>| {
        let mut s = tutorial();
        s.services[0].customer_share = share;
        let mut w = world(s);
        w.advance_to(w.end());
        w.final_state().impact_minutes
    };
    let whole = run(None);
    let part = run(Some(0.4));
    // The storefront is the only customer-facing service: 40% of customers feel its harm.
    assert!(whole > 5.0, "{whole}");
    assert!(
        (part - 0.4 * whole).abs() <= 0.05 * whole,
        "{part} vs {whole}"
    );
}

#[test]
fn an_overloaded_service_fails_the_services_that_call_it() {
    let mut w = world(sharing_load(0.0));
    let storefront_errors = |w: &World| {
        w.view("you")
            .services
            .iter()
            .find(|s| s.id == "storefront")
            .and_then(|s| s.current.0[1])
            .expect("storefront errors")
    };
    w.advance_to(4 * 60);
    let calm = storefront_errors(&w);
    act(&mut w, "recommendations", Mitigation::Failover);
    w.advance_to(16 * 60);
    let (_, catalog_errors) = catalog(&w);
    let store = storefront_errors(&w);
    // The storefront calls the catalogue: about 0.7 of its overload errors reach it.
    assert!(catalog_errors > 20.0, "{catalog_errors}");
    assert!(
        store - calm > 0.5 * catalog_errors,
        "storefront {calm} -> {store} with the catalogue at {catalog_errors}"
    );
}
