//! Metric scrapes: fault effects along dependencies, seeded noise, alert rules, customer impact.

use rand::RngCore;

use crate::scenario::{Condition, Inject, Level, Priority};

use super::event::EventKind;
use super::world::{AlertRt, AlertState, Effect4, HISTORY, PageState, World};

/// What a service's dashboards show while its monitoring is down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Shown {
    /// No data at all.
    Missing,
    /// The readings and health from just before it went dark.
    Frozen([Option<f64>; 4], super::view::Health),
    /// The true readings, this many scrapes late.
    Late(usize),
}

/// How much of an overloaded service's harm reaches each caller per hop.
const OVERLOAD_PROPAGATION: f64 = 0.7;

/// Harm below which customers do not notice: the faint tail of an effect far down the graph.
const HURT_FLOOR: f64 = 0.02;
/// How far back a trend looks.
const TREND_WINDOW_SECONDS: u32 = 5 * 60;
/// How much the harm must change over the window to count as getting worse or better.
const TREND_MARGIN: f64 = 0.03;

/// Approximately standard-normal noise from one 64-bit draw: the sum of four 16-bit uniforms
/// (Irwin–Hall), rescaled. Uses only adds and multiplies so every platform gets the same bits.
pub(super) fn gaussian(rng: &mut impl RngCore) -> f64 {
    let x = rng.next_u64();
    let sum = (x & 0xffff) + ((x >> 16) & 0xffff) + ((x >> 32) & 0xffff) + (x >> 48);
    // Four uniforms on [0, 1) have mean 2 and variance 4/12; 1/sqrt(1/3) = 1.7320508…
    (sum as f64 / 65536.0 - 2.0) * 1.732_050_807_568_877_2
}

/// How strongly a fault acts now: ramps linearly from 0 to its intensity over its ramp.
pub(super) fn strength(world: &World, f: usize) -> f64 {
    let fault = &world.scenario.faults[f];
    let rt = &world.faults[f];
    if !rt.started || rt.ended_at.is_some() {
        return 0.0;
    }
    let elapsed = world.now.saturating_sub(rt.started_at) as f64;
    let ramp = fault.ramp_minutes.saturating_mul(60).max(1) as f64;
    (elapsed / ramp).min(1.0) * rt.intensity
}

/// How strongly a fault's effect shows now: its strength while live, then, once it has ended,
/// fading from what it was to nothing over its `recovery_minutes`.
pub(super) fn weight(world: &World, f: usize) -> f64 {
    let fault = &world.scenario.faults[f];
    let rt = &world.faults[f];
    let Some(end) = rt.ended_at else {
        return strength(world, f);
    };
    let fade = fault.recovery_minutes.saturating_mul(60);
    if !rt.started || fade == 0 || world.now >= end.saturating_add(fade) {
        return 0.0;
    }
    let ramp = fault.ramp_minutes.saturating_mul(60).max(1) as f64;
    let at_end = (end.saturating_sub(rt.started_at) as f64 / ramp).min(1.0) * rt.intensity;
    at_end * (1.0 - world.now.saturating_sub(end) as f64 / fade as f64)
}

impl World {
    /// Samples every metric, evaluates every alert rule and accumulates customer impact.
    pub(super) fn scrape(&mut self) {
        let interval = self.scenario.shift.scrape_interval_seconds;
        self.apply_fault_effects();
        // Reuse the oldest snapshot's memory once the history is full.
        let mut snapshot = if self.history.len() == HISTORY {
            self.history.pop_front().unwrap_or_default()
        } else {
            Vec::new()
        };
        snapshot.clear();
        snapshot.resize(self.services.len() * 4, f32::NAN);
        let drained = std::mem::take(&mut self.drained);
        for s in 0..self.services.len() {
            let svc = &mut self.services[s];
            let e = svc.effect;
            for k in 0..4 {
                let Some(base) = svc.baseline[k] else {
                    continue;
                };
                let noise = gaussian(&mut self.noise_rng) * svc.noise[k];
                // A drained service's traffic has gone to the rest of its group.
                let share = if drained.contains(&s) { 0.05 } else { 1.0 };
                let value = match k {
                    0 => (base * e.latency_mul + noise).max(0.0),
                    1 => (base + e.error_add + noise).clamp(0.0, 100.0),
                    2 => (base * e.throughput_mul * share + noise).max(0.0),
                    _ => (base + e.saturation_add + noise).clamp(0.0, 1.0),
                };
                svc.current[k] = Some(value);
                snapshot[s * 4 + k] = value as f32;
            }
        }
        self.update_blind();
        // Dark dashboards record gaps, or the frozen readings, instead of the truth.
        for (s, shown) in self.blind.iter().enumerate() {
            match shown {
                Some(Shown::Missing) => snapshot[s * 4..s * 4 + 4].fill(f32::NAN),
                Some(Shown::Frozen(values, _)) => {
                    for (k, v) in values.iter().enumerate() {
                        snapshot[s * 4 + k] = v.map_or(f32::NAN, |v| v as f32);
                    }
                }
                // Late readings are the truth, shown and judged later (see `lagged`).
                Some(Shown::Late(_)) | None => {}
            }
        }
        self.drained = drained;
        self.history.push_back(snapshot);
        self.read_signals();
        self.accumulate_impact(f64::from(interval) / 60.0);
        self.lose_writes(f64::from(interval) / 60.0);
        self.evaluate_rules();
        self.check_triggers();
    }

    /// Works out every service's combined fault effect. The sum only changes when a fault starts,
    /// ends or changes strength, or while one is still ramping up, so between those moments the
    /// last result stands: a long shift with thousands of services does not redo it every scrape.
    fn apply_fault_effects(&mut self) {
        let now = self.now;
        let ramping = self.faults.iter().enumerate().any(|(f, rt)| {
            let fault = &self.scenario.faults[f];
            rt.started
                && rt.ended_at.is_none()
                && now
                    < rt.started_at
                        .saturating_add(fault.ramp_minutes.saturating_mul(60))
        });
        // So does one fading after it ended, and a fix's cost until it lifts.
        let fading = self.faults.iter().enumerate().any(|(f, rt)| {
            let fade = self.scenario.faults[f].recovery_minutes.saturating_mul(60);
            rt.ended_at
                .is_some_and(|end| now <= end.saturating_add(fade) && fade > 0)
        }) || self
            .residuals
            .iter()
            .any(|(_, _, until)| until.is_some_and(|u| now <= u));
        let changing = ramping || fading;
        if !self.effects_dirty && !changing && !self.load_model {
            return;
        }
        // A fault still ramping changes its effect every scrape; recompute until it settles.
        self.effects_dirty = changing;
        for svc in &mut self.services {
            svc.effect = Effect4::NONE;
        }
        // Live faults at their strength, then what fixes left behind at full strength, each
        // reaching dependents as its fault did.
        let live =
            (0..self.faults.len()).map(|f| (f, weight(self, f), &self.scenario.faults[f].effect));
        let left = self
            .residuals
            .iter()
            .filter(|(_, _, until)| until.is_none_or(|u| now < u))
            .map(|(f, e, _)| (*f, 1.0, e));
        let sources: Vec<(usize, f64, crate::scenario::Effect)> = live
            .chain(left)
            .map(|(f, w, e)| (f, w, e.clone()))
            .collect();
        for (f, w0, e) in &sources {
            let (f, w0) = (*f, *w0);
            if w0 <= 0.0 {
                continue;
            }
            let fault = &self.scenario.faults[f];
            let p = fault.propagation;
            for &(s, hops) in &self.faults[f].reach {
                let mut w = w0;
                for _ in 0..hops {
                    w *= p;
                }
                if w < 0.001 {
                    continue;
                }
                let acc = &mut self.services[s].effect;
                acc.error_add += e.error_rate * w;
                acc.latency_mul *= 1.0 + (e.latency_factor - 1.0) * w;
                acc.throughput_mul *= (1.0 + (e.throughput_factor - 1.0) * w).max(0.0);
                if hops == 0 {
                    acc.saturation_add += e.saturation * w;
                    acc.capacity_mul *= (1.0 + (e.capacity_factor - 1.0) * w).max(0.0);
                }
            }
        }
        if self.load_model {
            self.apply_load();
        }
    }

    /// Share of customers hurt by a service's current fault effect, 0–1: errors count fully at 50
    /// extra points, latency at 6× normal, lost throughput in proportion.
    pub(super) fn hurt_fraction(e: &Effect4) -> f64 {
        let errors = e.error_add / 50.0;
        let slow = (e.latency_mul - 1.0) / 5.0;
        let lost = 1.0 - e.throughput_mul;
        errors.max(slow).max(lost).clamp(0.0, 1.0)
    }

    fn accumulate_impact(&mut self, minutes: f64) {
        // Services with a customer share add up what each share suffers; the others count by
        // the worst of them, as they always have.
        let (mut worst, mut shared): (f64, f64) = (0.0, 0.0);
        for (i, s) in self.scenario.services.iter().enumerate() {
            if s.customer_facing {
                let hurt = Self::hurt_fraction(&self.services[i].effect);
                match s.customer_share {
                    Some(share) => shared += share.clamp(0.0, 1.0) * hurt,
                    None => worst = worst.max(hurt),
                }
            }
        }
        let worst = worst.max(shared.min(1.0));
        // Ignore the faint tail of an effect far down the graph: customers do not notice it.
        if worst >= HURT_FLOOR {
            self.impact_minutes += worst * minutes;
        }
        self.hurt_history.push_back((self.now, worst));
        while self
            .hurt_history
            .front()
            .is_some_and(|(t, _)| t + 2 * TREND_WINDOW_SECONDS < self.now)
        {
            self.hurt_history.pop_front();
        }
    }

    /// How customers are doing: the worst customer-facing harm now against a few minutes ago.
    pub(super) fn impact_trend(&self) -> super::ImpactTrend {
        use super::ImpactTrend as T;
        let now = self.hurt_history.back().map_or(0.0, |(_, h)| *h);
        if now < HURT_FLOOR {
            return T::Recovered;
        }
        let then = self
            .hurt_history
            .iter()
            .rev()
            .find(|(t, _)| t + TREND_WINDOW_SECONDS <= self.now)
            .or(self.hurt_history.front())
            .map_or(0.0, |(_, h)| *h);
        if now > then + TREND_MARGIN {
            T::Worsening
        } else if now + TREND_MARGIN < then {
            T::Recovering
        } else {
            T::Steady
        }
    }

    fn storm_boost(&self, service: usize) -> f64 {
        let minute = self.now / 60;
        self.storms[service]
            .iter()
            .map(|&i| match &self.scenario.injects[i] {
                Inject::AlertStorm {
                    at_minute,
                    duration_minutes,
                    intensity,
                    ..
                } if minute >= *at_minute
                    && minute < at_minute.saturating_add(*duration_minutes) =>
                {
                    *intensity
                }
                _ => 0.0,
            })
            .sum()
    }

    fn evaluate_rules(&mut self) {
        for r in 0..self.rules.len() {
            let rule = &self.scenario.alerts[r];
            let (svc, metric, level, condition, hold) = (
                self.rules[r].service,
                self.rules[r].metric,
                rule.level,
                rule.condition,
                rule.for_seconds,
            );
            let dedup = rule.dedup && level == Level::Host;
            // Alerts need the monitoring that is down; they fire once it is back, if still true.
            // Late monitoring judges the readings of a while ago.
            let value = match self.blind[svc] {
                Some(Shown::Missing | Shown::Frozen(..)) => continue,
                Some(Shown::Late(lag)) => self.lagged(svc, metric, lag),
                None => match metric.checked_sub(super::signals::SIGNAL_BASE) {
                    Some(k) => self.signals.reading(svc, k),
                    None => self.services[svc].current[metric],
                },
            };
            let Some(value) = value else {
                continue;
            };
            let slots = self.rules[r].pending_since.len();
            let (boost, noise) = if level == Level::Host {
                (
                    self.storm_boost(svc),
                    self.services[svc].noise.get(metric).copied().unwrap_or(0.0),
                )
            } else {
                (0.0, 0.0)
            };
            for slot in 0..slots {
                let v = if level == Level::Host {
                    // Each host reads the service value plus its own noise (and any storm).
                    let host_noise = gaussian(&mut self.noise_rng) * noise;
                    // Each host feels the storm a little differently, but the same way every scrape,
                    // so hosts do not flap in and out of alerting.
                    let spread = if boost > 0.0 {
                        let golden = (slot as f64 * 0.618_033_988_749_895).fract();
                        boost * (0.8 + 0.4 * golden)
                    } else {
                        0.0
                    };
                    let v = value + host_noise + spread;
                    if metric == 3 {
                        v.clamp(0.0, 1.0)
                    } else {
                        v.max(0.0)
                    }
                } else {
                    value
                };
                let holds = match condition {
                    Condition::Above(x) => v > x,
                    Condition::Below(x) => v < x,
                };
                let host = (level == Level::Host).then_some(slot as u32);
                if holds {
                    let since = *self.rules[r].pending_since[slot].get_or_insert(self.now);
                    if self.rules[r].open[slot].is_none() && self.now - since >= hold {
                        // A folding rule adds the host to its open alert rather than page again.
                        let open = dedup
                            .then(|| self.rules[r].open.iter().flatten().copied().next())
                            .flatten();
                        match open {
                            Some(a) => {
                                self.alerts[a].hosts += 1;
                                self.rules[r].open[slot] = Some(a);
                            }
                            None => self.fire_alert(r, slot, host),
                        }
                    }
                } else {
                    self.rules[r].pending_since[slot] = None;
                    if let Some(a) = self.rules[r].open[slot].take() {
                        self.alerts[a].hosts = self.alerts[a].hosts.saturating_sub(1);
                        // It resolves when the last host folded into it is back under the line.
                        if self.alerts[a].hosts == 0 {
                            self.resolve_alert(a);
                        }
                    }
                }
            }
        }
    }

    fn fire_alert(&mut self, r: usize, slot: usize, host: Option<u32>) {
        let svc = self.rules[r].service;
        // Host-level alerts are real only on the broken service itself (a saturated host of it).
        let real = self
            .live_fault_near(svc)
            .is_some_and(|(_, hops)| host.is_none() || hops == 0);
        let id = self.alerts.len();
        self.alerts.push(AlertRt {
            rule: r,
            host,
            hosts: 1,
            fired_at: self.now,
            state: AlertState::Firing,
            resolved_at: None,
            page: None,
            acked_by: None,
        });
        self.rules[r].open[slot] = Some(id);
        let sc = std::sync::Arc::clone(&self.scenario);
        let rule = &sc.alerts[r];
        self.log(EventKind::AlertFired {
            alert: id as u32 + 1,
            rule: rule.id.clone(),
            service: rule.service.clone(),
            host,
            priority: rule.priority,
            real,
        });
        if self.rules[r].flagged {
            // A rule flagged for tuning still shows in the console but pages nobody.
            self.alerts[id].state = AlertState::Acknowledged;
            return;
        }
        match rule.priority {
            Priority::High => self.route_alert(id),
            Priority::Medium => {
                if self.route_targets_in_business_hours(r) {
                    self.route_alert(id);
                } else {
                    self.log(EventKind::TicketFiled {
                        alert: id as u32 + 1,
                    });
                }
            }
            Priority::Low => self.log(EventKind::TicketFiled {
                alert: id as u32 + 1,
            }),
            Priority::Notification => {}
        }
    }

    fn resolve_alert(&mut self, a: usize) {
        self.alerts[a].state = AlertState::Resolved;
        self.alerts[a].resolved_at = Some(self.now);
        self.log(EventKind::AlertResolved {
            alert: a as u32 + 1,
        });
        if let Some(p) = self.alerts[a].page
            && self.pages[p].state == PageState::Open
        {
            self.pages[p].state = PageState::Expired;
            self.log(EventKind::PageExpired { page: p as u32 + 1 });
        }
    }

    pub(super) fn snooze_end(&mut self, a: usize) {
        if let AlertState::Snoozed(until) = self.alerts[a].state
            && until <= self.now
        {
            self.alerts[a].state = AlertState::Firing;
            let still_open = self.alerts[a]
                .page
                .is_none_or(|p| self.pages[p].state != PageState::Open);
            if still_open && self.scenario.alerts[self.alerts[a].rule].priority == Priority::High {
                self.route_alert(a);
            }
        }
    }

    /// Which services' monitoring a live fault has taken down, and what their dashboards show. A
    /// frozen dashboard keeps what it showed at the first scrape it went dark.
    fn update_blind(&mut self) {
        use crate::scenario::BlindReadings;
        let mut dark: Vec<Option<BlindReadings>> = vec![None; self.services.len()];
        for (f, fault) in self.scenario.faults.iter().enumerate() {
            let rt = &self.faults[f];
            let Some(b) = &fault.blinds else { continue };
            if !rt.started || rt.ended_at.is_some() {
                continue;
            }
            for id in &b.services {
                if let Some(&s) = self.ids.service.get(id) {
                    // Where two faults cover one service, no data beats frozen data, which
                    // beats late data; the longer delay wins.
                    dark[s] = Some(match (dark[s], b.readings) {
                        (None, r) => r,
                        (Some(BlindReadings::Missing), _) | (_, BlindReadings::Missing) => {
                            BlindReadings::Missing
                        }
                        (Some(BlindReadings::Frozen), _) | (_, BlindReadings::Frozen) => {
                            BlindReadings::Frozen
                        }
                        (Some(BlindReadings::Delayed(a)), BlindReadings::Delayed(b)) => {
                            BlindReadings::Delayed(a.max(b))
                        }
                    });
                }
            }
        }
        let every = self.scenario.shift.scrape_interval_seconds.max(1) as usize;
        for (s, d) in dark.into_iter().enumerate() {
            self.blind[s] = match (d, self.blind[s]) {
                (None, _) => None,
                (Some(BlindReadings::Delayed(minutes)), _) => {
                    Some(Shown::Late((minutes as usize * 60).div_ceil(every)))
                }
                (Some(BlindReadings::Missing), _) => Some(Shown::Missing),
                (Some(BlindReadings::Frozen), Some(f @ Shown::Frozen(..))) => Some(f),
                (Some(BlindReadings::Frozen), _) => {
                    // The last readings before the dark, from the previous scrape.
                    let before = self.history.back().map(|snap| {
                        let mut v = [None; 4];
                        for (k, slot) in v.iter_mut().enumerate() {
                            let x = snap.get(s * 4 + k).copied().unwrap_or(f32::NAN);
                            *slot = (!x.is_nan()).then_some(f64::from(x));
                        }
                        v
                    });
                    Some(Shown::Frozen(
                        before.unwrap_or(self.services[s].current),
                        self.health(s),
                    ))
                }
            };
        }
    }

    /// Load (format 2): each service's offered load is its usual traffic, plus what drained
    /// members of its load group pass on, times the retries its errors bring back; past its
    /// capacity the excess fails and everything slows.
    fn apply_load(&mut self) {
        let sc = std::sync::Arc::clone(&self.scenario);
        let bases: Vec<f64> = self
            .services
            .iter()
            .map(|x| x.baseline[2].unwrap_or(0.0))
            .collect();
        let base = |s: usize| bases[s];
        let mut overloaded = Vec::new();
        for (s, svc) in sc.services.iter().enumerate() {
            let own = if self.drained.contains(&s) {
                0.0
            } else {
                base(s)
            };
            let moved = match &svc.load_group {
                Some(g) if !self.drained.contains(&s) => {
                    let members: Vec<usize> = sc
                        .services
                        .iter()
                        .enumerate()
                        .filter(|(_, x)| x.load_group.as_ref() == Some(g))
                        .map(|(i, _)| i)
                        .collect();
                    let live = members.iter().filter(|m| !self.drained.contains(m)).count();
                    let gone: f64 = members
                        .iter()
                        .filter(|m| self.drained.contains(m))
                        .map(|&m| base(m))
                        .sum();
                    gone / live.max(1) as f64
                }
                _ => 0.0,
            };
            let failing = (self.services[s].effect.error_add / 100.0).clamp(0.0, 1.0);
            let load = (own + moved) * (1.0 + svc.retries.max(0.0) * failing);
            let Some(cap) = svc.capacity.filter(|c| *c > 0.0) else {
                continue;
            };
            // What faults took away, of the capacity scale-ups have grown; never quite nothing,
            // so the arithmetic below stays finite.
            let cap =
                ((cap + self.capacity_added[s]) * self.services[s].effect.capacity_mul).max(1e-6);
            if self.limited.contains(&s) {
                // A rate limit turns the excess away at the door: those requests fail, the rest
                // are served at normal speed, and turned-away callers back off instead of
                // retrying, so only the first try counts.
                let first_try = own + moved;
                if first_try > cap {
                    self.services[s].effect.error_add += 100.0 * (1.0 - cap / first_try);
                }
                continue;
            }
            if load > cap {
                let over = load / cap - 1.0;
                let errors = 100.0 * (1.0 - cap / load);
                let slow = 2.0 * over;
                let acc = &mut self.services[s].effect;
                acc.error_add += errors;
                acc.latency_mul *= 1.0 + slow;
                acc.saturation_add += over.min(0.5);
                overloaded.push((s, errors, slow));
            }
        }
        if !overloaded.is_empty() {
            self.spread_overload(&overloaded);
        }
    }

    /// An overloaded service fails its callers too: its errors and slowness reach the services
    /// that depend on it, weakened by [`OVERLOAD_PROPAGATION`] at each hop, as a fault's would.
    fn spread_overload(&mut self, overloaded: &[(usize, f64, f64)]) {
        let dependents = super::world::dependents_of(&self.services);
        for &(origin, errors, slow) in overloaded {
            let mut seen = vec![false; self.services.len()];
            seen[origin] = true;
            let mut frontier = vec![(origin, 1.0)];
            while let Some((at, w)) = frontier.pop() {
                let w = w * OVERLOAD_PROPAGATION;
                if w < 0.001 {
                    continue;
                }
                for &up in &dependents[at] {
                    if seen[up] {
                        continue;
                    }
                    seen[up] = true;
                    let acc = &mut self.services[up].effect;
                    acc.error_add += errors * w;
                    acc.latency_mul *= 1.0 + slow * w;
                    frontier.push((up, w));
                }
            }
        }
    }
}

impl World {
    /// A service's reading of one metric or signal `lag` scrapes ago (the oldest kept, if the
    /// history is shorter); `None` if it has no such reading.
    pub(super) fn lagged(&self, s: usize, metric: usize, lag: usize) -> Option<f64> {
        let v = match metric.checked_sub(super::signals::SIGNAL_BASE) {
            Some(k) => self.signals.past(s, k, lag),
            None => {
                let at = self.history.len().saturating_sub(lag + 1);
                self.history.get(at)?.get(s * 4 + metric).copied()
            }
        }?;
        (!v.is_nan()).then_some(f64::from(v))
    }
}
