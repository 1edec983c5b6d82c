//! Checks for signals (format 2): what services report beyond the four health metrics, how faults
//! move them, and alert rules that watch them.

use super::{NOISE_SIGMAS, Validator, in_range};
use crate::scenario::model::*;

impl Validator<'_> {
    /// A service's signals: named once each, readable values, and format 2.
    pub(super) fn service_signals(&mut self, p: &str, svc: &Service) {
        if svc.signals.is_empty() {
            return;
        }
        if self.s.format < 2 {
            self.err(
                format!("{p}.signals"),
                "signals need `format: 2` at the top of the scenario",
            );
        }
        for (k, g) in svc.signals.iter().enumerate() {
            let gp = format!("{p}.signals[{k}]");
            if g.name.trim().is_empty() {
                self.err(
                    format!("{gp}.name"),
                    "a signal needs a name for its dashboard",
                );
            }
            if let Some(first) = svc.signals[..k].iter().position(|o| o.name == g.name) {
                self.err(
                    format!("{gp}.name"),
                    format!(
                        "service \"{}\" already has a signal \"{}\" ({p}.signals[{first}])",
                        svc.id, g.name
                    ),
                );
            }
            let max = g.max.unwrap_or(f64::MAX);
            if !g.min.is_finite() || !max.is_finite() || g.min >= max {
                self.err(
                    format!("{gp}.max"),
                    format!(
                        "signal \"{}\" reads from {} to {max}: an empty range",
                        g.name, g.min
                    ),
                );
            } else if !in_range(g.baseline, g.min, max) {
                self.err(
                    format!("{gp}.baseline"),
                    format!(
                        "baseline {} of signal \"{}\" is outside its range ({} to {max})",
                        g.baseline, g.name, g.min
                    ),
                );
            }
            if let Some(c) = g.degraded {
                let (line, past) = match c {
                    Condition::Above(x) => (x, g.baseline > x),
                    Condition::Below(x) => (x, g.baseline < x),
                };
                if !line.is_finite() {
                    self.err(
                        format!("{gp}.degraded"),
                        format!("the degraded line {line} must be a finite number"),
                    );
                } else if past {
                    self.err(
                        format!("{gp}.degraded"),
                        format!(
                            "signal \"{}\" normally reads {}, already past its degraded line: the service would never look healthy",
                            g.name, g.baseline
                        ),
                    );
                }
            }
            if !in_range(g.noise, 0.0, f64::MAX) {
                self.err(
                    format!("{gp}.noise"),
                    format!("noise {} must be a finite number, 0 or more", g.noise),
                );
            }
        }
    }

    /// The signals a fault moves: each one a service defines, by finite amounts.
    pub(super) fn fault_signals(&mut self, p: &str, f: &Fault) {
        let s = self.s;
        if f.signals.is_empty() {
            return;
        }
        if s.format < 2 {
            self.err(
                format!("{p}.signals"),
                "a fault that moves signals needs `format: 2` at the top of the scenario",
            );
        }
        for (k, e) in f.signals.iter().enumerate() {
            let ep = format!("{p}.signals[{k}]");
            let target = e.service.as_deref().unwrap_or(&f.service);
            let known = match &e.service {
                Some(id) => self.service_ref(format!("{ep}.service"), id),
                None => self.services.contains_key(target),
            };
            if known {
                let si = self.services[target];
                if !s.services[si].signals.iter().any(|g| g.name == e.signal) {
                    self.err(
                        format!("{ep}.signal"),
                        format!("service \"{target}\" has no signal \"{}\"", e.signal),
                    );
                }
            }
            for (field, x) in [("add", e.add), ("per_minute", e.per_minute)] {
                if !x.is_finite() {
                    self.err(
                        format!("{ep}.{field}"),
                        format!("{field} {x} must be a finite number"),
                    );
                }
            }
            if e.add == 0.0 && e.per_minute == 0.0 {
                self.err(
                    ep,
                    format!(
                        "this entry moves signal \"{}\" by nothing: give it `add` or `per_minute`",
                        e.signal
                    ),
                );
            }
        }
    }

    /// An alert rule on a signal: the service defines it, it is read per service, it is quiet when
    /// nothing is wrong, and a fault that moves it can carry it over the line.
    pub(super) fn signal_alert(&mut self, p: &str, a: &AlertRule, si: usize, name: &str) {
        let s = self.s;
        if s.format < 2 {
            self.err(
                format!("{p}.metric"),
                "an alert on a signal needs `format: 2` at the top of the scenario",
            );
        }
        let Some(g) = s.services[si].signals.iter().find(|g| g.name == name) else {
            self.err(
                format!("{p}.metric"),
                format!("service \"{}\" has no signal \"{name}\"", a.service),
            );
            return;
        };
        if a.level == Level::Host {
            self.err(
                format!("{p}.level"),
                "a signal is read once per service, not per host: make this alert `level: Service`",
            );
        }
        let max = g.max.unwrap_or(f64::INFINITY);
        let (impossible, why) = match a.condition {
            Condition::Above(x) => (
                !x.is_finite() || x >= max,
                format!("it never reads above {x}"),
            ),
            Condition::Below(x) => (
                !x.is_finite() || x <= g.min,
                format!("it never reads below {x}"),
            ),
        };
        if impossible {
            self.err(
                format!("{p}.condition"),
                format!("alert can never fire on signal \"{name}\": {why}"),
            );
            return;
        }
        let (hi, lo) = self.signal_reach(&a.service, g);
        let silent = match a.condition {
            Condition::Above(x) => x >= hi,
            Condition::Below(x) => x <= lo,
        };
        let noisy = match a.condition {
            Condition::Above(x) => g.baseline > x,
            Condition::Below(x) => g.baseline < x,
        };
        if noisy {
            self.note(
                format!("{p}.condition"),
                format!(
                    "alert \"{}\" fires with nothing wrong: signal \"{name}\" normally reads {}",
                    a.id, g.baseline
                ),
            );
        } else if silent && self.signal_moved(&a.service, name) {
            self.note(
                format!("{p}.condition"),
                format!(
                    "alert \"{}\" watches signal \"{name}\", but no fault carries it past its threshold (it stays within {lo:.2} to {hi:.2}): it will stay silent",
                    a.id
                ),
            );
        }
    }

    /// Whether any fault moves this signal of this service.
    fn signal_moved(&self, service: &str, name: &str) -> bool {
        self.s.faults.iter().any(|f| {
            f.signals
                .iter()
                .any(|e| e.signal == name && e.service.as_deref().unwrap_or(&f.service) == service)
        })
    }

    /// How high and low a signal can read: the noise band, plus every fault that moves it at full
    /// strength for as long as the shift lets it, as if all were live at once.
    fn signal_reach(&self, service: &str, g: &Signal) -> (f64, f64) {
        let s = self.s;
        let shift = f64::from(s.shift.duration_minutes);
        let (mut hi, mut lo) = (
            g.baseline + NOISE_SIGMAS * g.noise,
            g.baseline - NOISE_SIGMAS * g.noise,
        );
        for f in &s.faults {
            let start = if f.triggered {
                0.0
            } else {
                f64::from(f.at_minute)
            };
            let live = match (f.self_heal_minutes, &f.waves) {
                (Some(h), None) => f64::from(h).min(shift - start),
                _ => shift - start,
            }
            .max(0.0);
            for e in &f.signals {
                let target = e.service.as_deref().unwrap_or(&f.service);
                if target != service || e.signal != g.name {
                    continue;
                }
                let reach = e.add + e.per_minute * live;
                hi += reach.max(0.0).max(e.add);
                lo += reach.min(0.0).min(e.add);
            }
        }
        (hi.min(g.max.unwrap_or(f64::INFINITY)), lo.max(g.min))
    }
}
