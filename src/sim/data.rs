//! Data loss and restores (format 2). A fault can destroy records outright and lose the writes made
//! while it is live. A restore from a backup taken before the fault brings the destroyed records
//! back, but rolls back everything written after the backup: the older the backup, the more is
//! lost. An unverified backup can turn out unreadable, and nobody knows until they try.

use super::action::Rejection;
use super::event::EventKind;
use super::world::{Timer, World};

/// What a data-losing fault has cost so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Ledger {
    /// Records destroyed when the fault started (each wave of it), not yet restored: game second
    /// and how many.
    pub destroyed: Vec<(u32, f64)>,
    /// Writes lost while the fault was live.
    pub writes_lost: f64,
    /// Writes rolled back by restores.
    pub rolled_back: f64,
    /// Records a restore brought back.
    pub restored: f64,
}

impl Ledger {
    /// Everything lost for good so far.
    pub fn lost(&self) -> f64 {
        self.destroyed.iter().map(|(_, n)| n).sum::<f64>() + self.writes_lost + self.rolled_back
    }
}

/// A restore under way.
pub(super) struct Restoring {
    pub service: usize,
    pub backup: usize,
}

impl World {
    /// When a data-losing fault starts: its records are destroyed.
    pub(super) fn data_fault_started(&mut self, f: usize) {
        if let Some(d) = &self.scenario.faults[f].loses_data {
            let now = self.now;
            self.ledgers
                .entry(f)
                .or_default()
                .destroyed
                .push((now, d.destroys.max(0.0)));
        }
    }

    /// Each scrape: writes to a service with a live data-losing fault are lost.
    pub(super) fn lose_writes(&mut self, minutes: f64) {
        for f in 0..self.faults.len() {
            let rt = &self.faults[f];
            if !rt.started || rt.ended_at.is_some() {
                continue;
            }
            if let Some(d) = &self.scenario.faults[f].loses_data {
                let lost = d.per_minute.max(0.0) * minutes;
                self.ledgers.entry(f).or_default().writes_lost += lost;
            }
        }
    }

    /// Whether a restore may start now.
    pub(super) fn check_restore(&self, service: &str, backup: &str) -> Result<(), Rejection> {
        let s = *self
            .ids
            .service
            .get(service)
            .ok_or_else(|| Rejection::new(format!("unknown service \"{service}\"")))?;
        if !self.scenario.services[s]
            .backups
            .iter()
            .any(|b| b.id == backup)
        {
            return Err(Rejection::new(format!(
                "{service} has no backup \"{backup}\""
            )));
        }
        if self.restores.iter().flatten().any(|r| r.service == s) {
            return Err(Rejection::new(format!(
                "a restore of {service} is already running"
            )));
        }
        Ok(())
    }

    /// Starts a restore; it lands after the backup's restore time.
    pub(super) fn start_restore(&mut self, by: usize, service: &str, backup: &str) {
        let Some(&s) = self.ids.service.get(service) else {
            return;
        };
        let Some(b) = self.scenario.services[s]
            .backups
            .iter()
            .position(|x| x.id == backup)
        else {
            return;
        };
        let minutes = self.scenario.services[s].backups[b].restore_minutes;
        let done_at = self.now.saturating_add(minutes.saturating_mul(60));
        let id = self.restores.len();
        self.restores.push(Some(Restoring {
            service: s,
            backup: b,
        }));
        self.log(EventKind::RestoreStarted {
            by: self.scenario.people[by].id.clone(),
            service: service.to_owned(),
            backup: backup.to_owned(),
            done_at,
        });
        self.schedule(done_at, Timer::RestoreDone(id));
    }

    /// A restore lands: an unreadable backup fails; a good one brings back what a fault destroyed
    /// after the backup was taken, and rolls back the writes made since.
    pub(super) fn restore_done(&mut self, id: usize) {
        let Some(Restoring {
            service: s,
            backup: b,
        }) = self.restores[id].take()
        else {
            return;
        };
        let backup = self.scenario.services[s].backups[b].clone();
        let service_id = self.scenario.services[s].id.clone();
        if !backup.good {
            self.log(EventKind::RestoreFailed {
                service: service_id,
                backup: backup.id,
            });
            return;
        }
        let taken_at = i64::from(backup.taken_at_minute) * 60;
        let now = i64::from(self.now);
        let (mut restored, mut rolled_back) = (0.0, 0.0);
        for f in 0..self.faults.len() {
            let fault = &self.scenario.faults[f];
            let Some(d) = &fault.loses_data else { continue };
            if self.ids.service.get(&fault.service) != Some(&s) || !self.faults[f].started {
                continue;
            }
            let started = i64::from(self.faults[f].started_at);
            let ended = self.faults[f].ended_at.map_or(now, i64::from);
            let ledger = self.ledgers.entry(f).or_default();
            // A backup holds what existed when it was taken: records destroyed after that come
            // back; those destroyed before it were already gone from it.
            let back: f64 = ledger
                .destroyed
                .iter()
                .filter(|(at, _)| i64::from(*at) > taken_at)
                .map(|(_, n)| n)
                .sum();
            ledger
                .destroyed
                .retain(|(at, _)| i64::from(*at) <= taken_at);
            restored += back;
            ledger.restored += back;
            // Writes after the backup are rolled back, except those the fault had already lost.
            let since = (now - taken_at).max(0) as f64 / 60.0;
            let live = (ended.min(now) - started.max(taken_at)).max(0) as f64 / 60.0;
            let lost = if backup.replays_log {
                0.0
            } else {
                d.per_minute.max(0.0) * (since - live).max(0.0)
            };
            ledger.rolled_back += lost;
            rolled_back += lost;
        }
        self.log(EventKind::DataRestored {
            service: service_id,
            backup: backup.id,
            restored: restored.round() as u64,
            rolled_back: rolled_back.round() as u64,
        });
        self.on_restored(s);
    }

    /// Records lost for good so far, by fault id, with what they are.
    pub fn data_lost(&self) -> Vec<(String, String, u64)> {
        self.ledgers
            .iter()
            .filter_map(|(&f, l)| {
                let d = self.scenario.faults[f].loses_data.as_ref()?;
                Some((
                    self.scenario.faults[f].id.clone(),
                    d.what.clone(),
                    l.lost().round() as u64,
                ))
            })
            .collect()
    }
}
