//! Signals (format 2): readings a service reports beyond the four health metrics, such as
//! replication lag or queue depth, moved by the faults that name them.

use std::collections::VecDeque;

use super::metrics::{Shown, gaussian};
use super::view::SignalSeries;
use super::world::{HISTORY, World};

/// Rule metric indices from here on name a signal: `SIGNAL_BASE + k` is the service's k-th signal.
pub(super) const SIGNAL_BASE: usize = 4;

/// Every service's signals in one flat list, with their latest readings and recent history.
#[derive(Default)]
pub(super) struct Signals {
    /// Where each service's signals start in `now` (one entry per service, plus the total).
    start: Vec<usize>,
    /// Latest reading of every signal.
    now: Vec<f64>,
    /// For every signal, the faults that move it: (fault, add, per minute).
    movers: Vec<Vec<(usize, f64, f64)>>,
    /// Recent readings, one snapshot per scrape like the health metrics' history; NaN while the
    /// service's monitoring is dark.
    history: VecDeque<Vec<f32>>,
}

impl Signals {
    /// Lays out the scenario's signals and which faults move each.
    pub(super) fn new(scenario: &crate::scenario::Scenario) -> Signals {
        let mut start = Vec::with_capacity(scenario.services.len() + 1);
        let mut now = Vec::new();
        for svc in &scenario.services {
            start.push(now.len());
            now.extend(svc.signals.iter().map(|g| g.baseline));
        }
        start.push(now.len());
        let mut movers = vec![Vec::new(); now.len()];
        for (f, fault) in scenario.faults.iter().enumerate() {
            for e in &fault.signals {
                let target = e.service.as_deref().unwrap_or(&fault.service);
                let Some(s) = scenario.services.iter().position(|x| x.id == target) else {
                    continue;
                };
                if let Some(k) = scenario.services[s]
                    .signals
                    .iter()
                    .position(|g| g.name == e.signal)
                {
                    movers[start[s] + k].push((f, e.add, e.per_minute));
                }
            }
        }
        Signals {
            start,
            now,
            movers,
            history: VecDeque::new(),
        }
    }

    /// A service's k-th signal as recorded `lag` scrapes ago (the oldest kept, if fewer).
    pub(super) fn past(&self, service: usize, k: usize, lag: usize) -> Option<f32> {
        let at = self.history.len().saturating_sub(lag + 1);
        let i = self.start.get(service)?.checked_add(k)?;
        (i < *self.start.get(service + 1)?).then_some(())?;
        self.history.get(at)?.get(i).copied()
    }

    /// The latest reading of a service's k-th signal.
    pub(super) fn reading(&self, service: usize, k: usize) -> Option<f64> {
        let i = self.start.get(service)?.checked_add(k)?;
        (i < *self.start.get(service + 1)?).then(|| self.now[i])
    }
}

impl World {
    /// Reads every signal: its baseline, what the live faults add, and noise; dark monitoring
    /// records gaps or the frozen readings instead.
    pub(super) fn read_signals(&mut self) {
        if self.signals.now.is_empty() {
            return;
        }
        let sc = std::sync::Arc::clone(&self.scenario);
        let mut snapshot = if self.signals.history.len() == HISTORY {
            self.signals.history.pop_front().unwrap_or_default()
        } else {
            Vec::new()
        };
        snapshot.clear();
        for (s, svc) in sc.services.iter().enumerate() {
            let first = self.signals.start[s];
            for (k, g) in svc.signals.iter().enumerate() {
                let i = first + k;
                let mut value = g.baseline;
                for &(f, add, per_minute) in &self.signals.movers[i] {
                    let rt = &self.faults[f];
                    let w = super::metrics::weight(self, f);
                    if !rt.started || w <= 0.0 {
                        continue;
                    }
                    // What built up while it was live fades with it after.
                    let until = rt.ended_at.unwrap_or(self.now).min(self.now);
                    let minutes = f64::from(until.saturating_sub(rt.started_at)) / 60.0;
                    value += w * (add + per_minute * minutes);
                }
                if g.noise > 0.0 {
                    value += gaussian(&mut self.noise_rng) * g.noise;
                }
                value = value.max(g.min).min(g.max.unwrap_or(f64::INFINITY));
                self.signals.now[i] = value;
                let shown = match self.blind[s] {
                    // Late readings are recorded true and shown late.
                    None | Some(Shown::Late(_)) => value as f32,
                    Some(Shown::Missing) => f32::NAN,
                    // Frozen dashboards keep repeating the last reading before the dark.
                    Some(Shown::Frozen(..)) => self
                        .signals
                        .history
                        .back()
                        .and_then(|prev| prev.get(i).copied())
                        .unwrap_or(value as f32),
                };
                snapshot.push(shown);
            }
        }
        self.signals.history.push_back(snapshot);
    }

    /// Whether one of a service's signals is past the line its author drew for degraded.
    pub(super) fn signal_degraded(&self, s: usize) -> bool {
        self.scenario.services[s]
            .signals
            .iter()
            .enumerate()
            .any(|(k, g)| {
                g.degraded.is_some_and(|c| {
                    self.signals.reading(s, k).is_some_and(|v| match c {
                        crate::scenario::Condition::Above(x) => v > x,
                        crate::scenario::Condition::Below(x) => v < x,
                    })
                })
            })
    }

    /// What a service's signals looked like lately, for its dashboard.
    pub(super) fn signal_series(&self, s: usize) -> Vec<SignalSeries> {
        let first = self.signals.start[s];
        let late = self.late_by(s);
        self.scenario.services[s]
            .signals
            .iter()
            .enumerate()
            .map(|(k, g)| SignalSeries {
                name: g.name.clone(),
                unit: g.unit.clone(),
                history: self
                    .signals
                    .history
                    .iter()
                    .take(self.signals.history.len().saturating_sub(late))
                    .filter_map(|snap| snap.get(first + k).copied())
                    .filter(|v| !v.is_nan())
                    .collect(),
            })
            .collect()
    }
}
