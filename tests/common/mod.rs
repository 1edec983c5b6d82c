//! What the format-2 engine tests share: the tutorial's world as format 2, to change one thing
//! in (two of its services sharing a load, say), and a run of it; and the major incident as a game
//! day.

// Each test crate that includes this module compiles it alone, and none needs all of it.
#![allow(dead_code)]

use pagerdrill::scenario::Mitigation;
use pagerdrill::scenario::{
    Consequence, GameDay, Metric, MetricKind, Prepared, Scenario, Seat, SeatRole, Validated, pack,
};
use pagerdrill::sim::{Action, World};

/// The tutorial's scenario, as format 2, for changing.
pub fn tutorial() -> Scenario {
    let mut s = pack::find("first-page").expect("built in").into_inner();
    s.format = 2;
    s
}

/// A run of a changed scenario on seed 1; the change must leave it valid.
pub fn world(s: Scenario) -> World {
    let v = Validated::check(s).unwrap_or_else(|d| panic!("invalid: {d:#?}"));
    World::new(v, 1, &[]).expect("world")
}

/// The tutorial with recommendations and the catalogue sharing a load group, the catalogue
/// serving 800 requests a second of its own with room for `capacity`, its callers retrying
/// `retries` times.
pub fn sharing_load(capacity: f64, retries: f64) -> Scenario {
    let mut s = tutorial();
    for svc in s.services.iter_mut() {
        if svc.id == "recommendations" || svc.id == "catalog" {
            svc.load_group = Some("ranking".into());
        }
        if svc.id == "catalog" {
            svc.metrics.push(Metric {
                kind: MetricKind::Throughput,
                baseline: 800.0,
                noise: 10.0,
            });
            svc.capacity = Some(capacity);
            svc.retries = retries;
        }
    }
    s
}

/// The player rolls back the bad ranking model.
pub fn rollback(w: &mut World) {
    w.apply(
        "you",
        Action::Mitigate {
            service: "recommendations".into(),
            mitigation: Mitigation::Rollback,
        },
    )
    .expect("rollback");
}

/// The major incident as a game day: the commander (the scenario's player), a responder from
/// identity (which owns auth, where the first fault is), a responder from payments, and a
/// communications lead. The facilitator can post as an executive, raise a stakeholder's
/// question and take a key engineer away.
pub fn game_day() -> Scenario {
    let mut s = pack::find("major-incident").expect("built in").into_inner();
    s.format = 2;
    s.game_day = Some(GameDay {
        seats: vec![
            seat("you", SeatRole::Commander),
            seat("fatima", SeatRole::Responder),
            seat("farah", SeatRole::Responder),
            seat("hana", SeatRole::Communications),
        ],
        prepared: vec![
            Prepared {
                id: "vp".into(),
                label: "The VP asks in the channel".into(),
                then: vec![Consequence::Say {
                    from: "Priya (VP Engineering)".into(),
                    text: "Who is on this?".into(),
                }],
            },
            Prepared {
                id: "wei-away".into(),
                label: "Wei's train goes into a tunnel".into(),
                then: vec![Consequence::Unavailable {
                    person: "wei".into(),
                    minutes: 30,
                }],
            },
        ],
        guide: vec!["Fire the VP once someone declares.".into()],
    });
    s
}

fn seat(person: &str, role: SeatRole) -> Seat {
    Seat {
        person: person.into(),
        role,
    }
}

/// Plays a script through the real game, headless (its plugins and the autoplay, no window), and
/// returns the report its debrief reaches; none if it never gets there.
pub fn autoplay_report(
    scenario: &str,
    script: &pagerdrill::sim::script::Script,
    seed: u64,
) -> Option<pagerdrill::score::Report> {
    use bevy::prelude::*;
    use pagerdrill::game::autoplay::{Autoplay, AutoplayPlugin};
    use pagerdrill::game::{bridge::Session, catalog::Catalog, profile::Profile, screen::Screen};
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, bevy::state::app::StatesPlugin))
        .insert_resource(Catalog::builtin())
        .insert_resource(Profile::default())
        .insert_resource(bevy::time::TimeUpdateStrategy::FixedTimesteps(1));
    app.add_plugins(pagerdrill::game::plugin);
    app.add_plugins(AutoplayPlugin(Autoplay {
        scenario: scenario.to_owned(),
        seed,
        script: script.clone(),
        dir: None,
        navigate: true,
    }));
    for _ in 0..20_000 {
        app.update();
        if *app.world().resource::<State<Screen>>().get() == Screen::Debrief
            && let Some(r) = app
                .world()
                .get_resource::<Session>()
                .and_then(|x| x.report().cloned())
        {
            return Some(r);
        }
    }
    None
}

/// The room's address from a started `pagerdrill host`: its first line, `room ws://…/CODE`.
pub fn room_address(host: &mut std::process::Child) -> String {
    use std::io::{BufRead, BufReader};
    let mut first = String::new();
    BufReader::new(host.stdout.as_mut().expect("the host's output"))
        .read_line(&mut first)
        .expect("the room's address");
    first
        .trim()
        .strip_prefix("room ")
        .unwrap_or_else(|| panic!("no room in {first:?}"))
        .to_owned()
}
