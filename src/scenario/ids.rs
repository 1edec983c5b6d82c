//! One index from ids to positions for a scenario's services, teams, people and alert rules: the
//! engine looks names up through it, so every layer agrees on what an id means.

use std::collections::HashMap;

use super::Scenario;

/// Positions of a scenario's services, teams, people and alert rules, by id.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    /// Service id → index in `services`.
    pub service: HashMap<String, usize>,
    /// Team id → index in `teams`.
    pub team: HashMap<String, usize>,
    /// Person id → index in `people`.
    pub person: HashMap<String, usize>,
    /// Alert rule id → index in `alerts`.
    pub rule: HashMap<String, usize>,
}

impl Ids {
    /// Indexes a scenario. Ids are unique in a validated scenario; for a duplicate, the last wins.
    pub fn of(s: &Scenario) -> Ids {
        Ids {
            service: by_id(s.services.iter().map(|x| x.id.as_str())),
            team: by_id(s.teams.iter().map(|x| x.id.as_str())),
            person: by_id(s.people.iter().map(|x| x.id.as_str())),
            rule: by_id(s.alerts.iter().map(|x| x.id.as_str())),
        }
    }
}

/// Each id with its position in the list.
pub fn by_id<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_owned(), i)).collect()
}
