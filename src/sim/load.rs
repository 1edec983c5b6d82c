//! Fixes that change how much load a service can take (format 2): a scale-up that adds capacity
//! and a rate limit that turns away what cannot be served, rather than letting everyone slow down.

use crate::scenario::Mitigation;

use super::event::EventKind;
use super::world::World;

impl World {
    /// Whether this fix changes the service's load or capacity, so it is worth doing even when
    /// no fault is near it (making room before a failover, shedding a surge).
    pub(super) fn shapes_load(&self, s: usize, m: Mitigation) -> bool {
        let svc = &self.scenario.services[s];
        match m {
            Mitigation::ScaleUp => svc.capacity.is_some() && svc.scale_up_adds.is_some(),
            Mitigation::RateLimit => svc.capacity.is_some() && !self.limited.contains(&s),
            _ => false,
        }
    }

    /// A landed fix's effect on load: more capacity, or a limit in place. Whether it changed
    /// anything.
    pub(super) fn shape_load(&mut self, s: usize, m: Mitigation, by: &str) -> bool {
        if !self.shapes_load(s, m) {
            return false;
        }
        let svc = &self.scenario.services[s];
        let id = svc.id.clone();
        match m {
            Mitigation::ScaleUp => {
                self.capacity_added[s] += svc.scale_up_adds.unwrap_or(0.0);
                let capacity = svc.capacity.unwrap_or(0.0) + self.capacity_added[s];
                self.log(EventKind::CapacityAdded {
                    service: id,
                    by: by.to_owned(),
                    capacity,
                });
            }
            _ => {
                self.limited.insert(s);
                self.log(EventKind::LoadLimited {
                    service: id,
                    by: by.to_owned(),
                });
            }
        }
        self.effects_dirty = true;
        true
    }
}
