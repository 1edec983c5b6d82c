//! The scenario pack shipped inside the binary, so the browser build needs no file system.

use super::{Loaded, Validated, load_str};

/// `(file name, source)` of every built-in scenario, in the order a new player should take them.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "first-page.ron",
        include_str!("../../scenarios/first-page.ron"),
    ),
    (
        "symptom-vs-cause.ron",
        include_str!("../../scenarios/symptom-vs-cause.ron"),
    ),
    (
        "alert-storm.ron",
        include_str!("../../scenarios/alert-storm.ron"),
    ),
    (
        "hero-trap.ron",
        include_str!("../../scenarios/hero-trap.ron"),
    ),
    (
        "vendor-outage.ron",
        include_str!("../../scenarios/vendor-outage.ron"),
    ),
    (
        "night-page.ron",
        include_str!("../../scenarios/night-page.ron"),
    ),
    (
        "central-ops.ron",
        include_str!("../../scenarios/central-ops.ron"),
    ),
    (
        "data-wipe.ron",
        include_str!("../../scenarios/data-wipe.ron"),
    ),
    (
        "region-failover.ron",
        include_str!("../../scenarios/region-failover.ron"),
    ),
    (
        "waf-regex.ron",
        include_str!("../../scenarios/waf-regex.ron"),
    ),
    (
        "gameday-hero.ron",
        include_str!("../../scenarios/gameday-hero.ron"),
    ),
    (
        "major-incident.ron",
        include_str!("../../scenarios/major-incident.ron"),
    ),
    (
        "storage-typo.ron",
        include_str!("../../scenarios/storage-typo.ron"),
    ),
    (
        "backbone-withdrawn.ron",
        include_str!("../../scenarios/backbone-withdrawn.ron"),
    ),
    (
        "discovery-meltdown.ron",
        include_str!("../../scenarios/discovery-meltdown.ron"),
    ),
    (
        "gameday-checkout.ron",
        include_str!("../../scenarios/gameday-checkout.ron"),
    ),
];

/// Loads every built-in scenario. They are checked by the test suite, so a failure here is a bug.
pub fn builtin() -> Vec<(&'static str, Loaded<Validated>)> {
    BUILTIN
        .iter()
        .map(|(name, src)| (*name, load_str(src)))
        .collect()
}

/// The built-in scenario with this id, if any.
pub fn find(id: &str) -> Option<Validated> {
    BUILTIN
        .iter()
        .filter_map(|(_, src)| load_str(src).value)
        .find(|s| s.id == id)
}
