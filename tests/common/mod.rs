//! What the format-2 engine tests share: the tutorial's world as format 2, to change one thing
//! in, and a run of it.

use pagerdrill::scenario::{Scenario, Validated, pack};
use pagerdrill::sim::World;

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
