//! What the format-2 engine tests share: the tutorial's world as format 2, to change one thing
//! in (two of its services sharing a load, say), and a run of it.

use pagerdrill::scenario::Mitigation;
use pagerdrill::scenario::{Metric, MetricKind, Scenario, Validated, pack};
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
// Each test crate that includes this module compiles it alone, and not every one needs this.
#[allow(dead_code)]
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
// Not every test crate that includes this module needs it.
#[allow(dead_code)]
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
