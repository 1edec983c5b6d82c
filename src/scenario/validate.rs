//! Semantic checks: everything serde cannot see. All problems are collected in one pass so an author
//! fixes a file in one go; each names the path of the value it is about.

use std::collections::{HashMap, HashSet};

use super::diagnostic::Diagnostic;
use super::model::*;

mod game_day;
mod signals;

/// Checks a parsed scenario and returns every error and note found.
pub fn validate(s: &Scenario) -> Vec<Diagnostic> {
    let mut v = Validator {
        s,
        out: Vec::new(),
        services: HashMap::new(),
        teams: HashMap::new(),
        people: HashMap::new(),
    };
    v.index();
    v.metadata();
    v.services();
    v.dependency_cycles();
    v.alerts();
    v.teams();
    v.people();
    v.faults();
    v.backups();
    v.injects();
    v.postmortem();
    v.game_day();
    v.out
}

struct Validator<'a> {
    s: &'a Scenario,
    out: Vec<Diagnostic>,
    services: HashMap<&'a str, usize>,
    teams: HashMap<&'a str, usize>,
    people: HashMap<&'a str, usize>,
}

/// Noise excursions beyond this many standard deviations are treated as impossible.
const NOISE_SIGMAS: f64 = 4.0;

fn unique_ids<'a>(
    out: &mut Vec<Diagnostic>,
    what: &str,
    list: &str,
    ids: impl Iterator<Item = &'a str>,
) -> HashMap<&'a str, usize> {
    let mut seen = HashMap::new();
    for (i, id) in ids.enumerate() {
        let path = format!("{list}[{i}].id");
        if !valid_id(id) {
            out.push(Diagnostic::error(
                &path,
                format!(
                    "{what} id \"{id}\" must be non-empty lowercase letters, digits, '-' or '_'"
                ),
            ));
        }
        if let Some(first) = seen.insert(id, i) {
            seen.insert(id, first);
            out.push(Diagnostic::error(
                path,
                format!("duplicate {what} id \"{id}\" (first used by {list}[{first}])"),
            ));
        }
    }
    seen
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn in_range(x: f64, lo: f64, hi: f64) -> bool {
    x.is_finite() && x >= lo && x <= hi
}

/// The longest anything in a scenario may last, in minutes (ten weeks): long enough for any story,
/// short enough that the engine's second counts can never overflow.
pub const MAX_LENGTH_MINUTES: u32 = 100_000;

impl<'a> Validator<'a> {
    /// A length in minutes must fit the engine's clock.
    fn check_length(&mut self, path: String, minutes: u32, what: &str) {
        if minutes > MAX_LENGTH_MINUTES {
            self.err(
                path,
                format!("{what} of {minutes} minutes is too long (at most {MAX_LENGTH_MINUTES})"),
            );
        }
    }

    fn err(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.out.push(Diagnostic::error(path, msg));
    }

    fn note(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.out.push(Diagnostic::note(path, msg));
    }

    fn index(&mut self) {
        let s = self.s;
        self.services = unique_ids(
            &mut self.out,
            "service",
            "services",
            s.services.iter().map(|x| x.id.as_str()),
        );
        self.teams = unique_ids(
            &mut self.out,
            "team",
            "teams",
            s.teams.iter().map(|x| x.id.as_str()),
        );
        self.people = unique_ids(
            &mut self.out,
            "person",
            "people",
            s.people.iter().map(|x| x.id.as_str()),
        );
        unique_ids(
            &mut self.out,
            "alert",
            "alerts",
            s.alerts.iter().map(|x| x.id.as_str()),
        );
        unique_ids(
            &mut self.out,
            "fault",
            "faults",
            s.faults.iter().map(|x| x.id.as_str()),
        );
        unique_ids(
            &mut self.out,
            "question",
            "postmortem",
            s.postmortem.iter().map(|x| x.id.as_str()),
        );
    }

    fn duration_minutes(&self) -> u32 {
        self.s.shift.duration_minutes
    }

    fn check_time(&mut self, path: String, minute: u32, what: &str) {
        let d = self.duration_minutes();
        if minute >= d {
            self.err(
                path,
                format!(
                    "{what} at minute {minute} is outside the shift (0 to {})",
                    d.saturating_sub(1)
                ),
            );
        }
    }

    fn person_ref(&mut self, path: String, id: &str) -> bool {
        let ok = self.people.contains_key(id);
        if !ok {
            self.err(path, format!("unknown person \"{id}\""));
        }
        ok
    }

    fn service_ref(&mut self, path: String, id: &str) -> bool {
        let ok = self.services.contains_key(id);
        if !ok {
            self.err(path, format!("unknown service \"{id}\""));
        }
        ok
    }

    fn team_ref(&mut self, path: String, id: &str) -> bool {
        let ok = self.teams.contains_key(id);
        if !ok {
            self.err(path, format!("unknown team \"{id}\""));
        }
        ok
    }

    fn metadata(&mut self) {
        let s = self.s;
        if !(1..=2).contains(&s.format) {
            self.err(
                "format",
                format!("format {} is not one this version reads (1 or 2)", s.format),
            );
        }
        if !valid_id(&s.id) {
            self.err(
                "id",
                format!(
                    "scenario id \"{}\" must be non-empty lowercase letters, digits, '-' or '_'",
                    s.id
                ),
            );
        }
        if s.title.trim().is_empty() {
            self.err("title", "title must not be empty");
        }
        if s.summary.trim().is_empty() {
            self.err("summary", "summary must not be empty");
        }
        if s.learning_goals.iter().all(|g| g.trim().is_empty()) {
            self.err("learning_goals", "state at least one learning goal");
        }
        // Format 2 allows a week, for incidents that run for days.
        let longest = if s.format >= 2 { 10_080 } else { 2880 };
        if !(1..=longest).contains(&s.shift.duration_minutes) {
            self.err(
                "shift.duration_minutes",
                format!(
                    "shift length {} minutes is out of range (1 to {longest}{})",
                    s.shift.duration_minutes,
                    if s.format >= 2 {
                        ""
                    } else {
                        "; format 2 allows up to 10080, a week"
                    }
                ),
            );
        }
        if !in_range(s.shift.time_compression, 0.1, 3600.0) {
            self.err(
                "shift.time_compression",
                format!(
                    "time compression {} is out of range (0.1 to 3600 game seconds per real second)",
                    s.shift.time_compression
                ),
            );
        }
        if !(5..=300).contains(&s.shift.scrape_interval_seconds) {
            self.err(
                "shift.scrape_interval_seconds",
                format!(
                    "scrape interval {} s is out of range (5 to 300)",
                    s.shift.scrape_interval_seconds
                ),
            );
        }
        if let Some(p) = self.people.get(s.player.as_str()).copied() {
            if s.people[p].away {
                self.err("player", "the player cannot be away for the shift");
            }
        } else {
            self.err(
                "player",
                format!("unknown person \"{}\" as the player", s.player),
            );
        }
        let par = &s.par;
        for (field, minutes) in [
            ("acknowledge_minutes", par.acknowledge_minutes),
            ("engage_owner_minutes", par.engage_owner_minutes),
            ("mitigate_minutes", par.mitigate_minutes),
            ("resolve_minutes", par.resolve_minutes),
        ] {
            if minutes == 0 || minutes > s.shift.duration_minutes.max(1) {
                self.err(
                    format!("par.{field}"),
                    format!("par time {minutes} minutes must be between 1 and the shift length"),
                );
            }
        }
        if !in_range(par.impact_minutes, 0.0, 1e6) {
            self.err(
                "par.impact_minutes",
                "par impact must be a number of minutes ≥ 0",
            );
        }
        let w = &s.weights;
        let weights = [
            ("routing", w.routing),
            ("learning", w.learning),
            ("response", w.response),
            ("impact", w.impact),
            ("communication", w.communication),
        ];
        for (field, x) in weights {
            if !in_range(x, 0.0, 100.0) {
                self.err(
                    format!("weights.{field}"),
                    format!("weight {x} is out of range (0 to 100)"),
                );
            }
        }
        if weights.iter().map(|(_, x)| x).sum::<f64>() <= 0.0 {
            self.err("weights", "at least one weight must be above 0");
        }
        if !in_range(s.error_budget_minutes, 0.001, 1e6) {
            self.err(
                "error_budget_minutes",
                "error budget must be a positive number of minutes",
            );
        }
        if let Some(t) = &s.impact_terms {
            if t.what.trim().is_empty() {
                self.err("impact_terms.what", "say what customers were trying to do");
            }
            if !in_range(t.per_minute, 0.001, 1e9) {
                self.err(
                    "impact_terms.per_minute",
                    format!(
                        "per_minute {} is out of range (above 0, at most 1e9)",
                        t.per_minute
                    ),
                );
            }
        }
        if !in_range(s.autonomy, 0.0, 1.0) {
            self.err(
                "autonomy",
                format!("autonomy {} is out of range (0 to 1)", s.autonomy),
            );
        }
        if let Some(ops) = &s.ops_team {
            self.team_ref("ops_team".into(), ops);
        }
    }

    fn services(&mut self) {
        let s = self.s;
        if s.services.is_empty() {
            self.err("services", "a scenario needs at least one service");
        }
        let alerting: HashSet<&str> = s
            .alerts
            .iter()
            .filter(|a| {
                a.level == Level::Service
                    && a.metric != AlertMetric::Saturation
                    && matches!(a.priority, Priority::High | Priority::Medium)
            })
            .map(|a| a.service.as_str())
            .collect();
        for (i, svc) in s.services.iter().enumerate() {
            let p = format!("services[{i}]");
            self.service_signals(&p, svc);
            match &svc.owner {
                Some(team) => {
                    self.team_ref(format!("{p}.owner"), team);
                }
                None => self.note(
                    format!("{p}.id"),
                    format!(
                        "service \"{}\" has no owner: its pages have no team to go to (lesson: know what you own)",
                        svc.id
                    ),
                ),
            }
            for (j, dep) in svc.depends_on.iter().enumerate() {
                if dep == &svc.id {
                    self.err(
                        format!("{p}.depends_on[{j}]"),
                        format!("service \"{dep}\" depends on itself"),
                    );
                } else {
                    self.service_ref(format!("{p}.depends_on[{j}]"), dep);
                }
            }
            if !(1..=1000).contains(&svc.hosts) {
                self.err(
                    format!("{p}.hosts"),
                    format!("{} hosts is out of range (1 to 1000)", svc.hosts),
                );
            }
            if svc.metrics.is_empty() {
                self.err(
                    format!("{p}.metrics"),
                    "a service needs at least one health metric",
                );
            }
            let mut kinds = HashSet::new();
            for (j, m) in svc.metrics.iter().enumerate() {
                let mp = format!("{p}.metrics[{j}]");
                if !kinds.insert(m.kind) {
                    self.err(
                        format!("{mp}.kind"),
                        format!("metric {:?} is defined twice", m.kind),
                    );
                }
                let max = match m.kind {
                    MetricKind::ErrorRate => 100.0,
                    MetricKind::Saturation => 1.0,
                    MetricKind::Latency => 600_000.0,
                    MetricKind::Throughput => 1e9,
                };
                if !in_range(m.baseline, 0.0, max) {
                    self.err(
                        format!("{mp}.baseline"),
                        format!(
                            "baseline {} for {:?} is out of range (0 to {max})",
                            m.baseline, m.kind
                        ),
                    );
                }
                if !in_range(m.noise, 0.0, max) {
                    self.err(
                        format!("{mp}.noise"),
                        format!(
                            "noise {} for {:?} is out of range (0 to {max})",
                            m.noise, m.kind
                        ),
                    );
                }
            }
            if svc.customer_facing && !alerting.contains(svc.id.as_str()) {
                self.note(
                    format!("{p}.id"),
                    format!(
                        "customer-facing service \"{}\" has no service-level alert on latency, errors or throughput: it is not on-call ready",
                        svc.id
                    ),
                );
            }
            for (j, d) in svc.deploys.iter().enumerate() {
                if d.at_minute >= s.shift.duration_minutes as i32 || d.at_minute < -10_080 {
                    self.err(
                        format!("{p}.deploys[{j}].at_minute"),
                        format!(
                            "deploy at minute {} is outside the week before the shift and the shift itself",
                            d.at_minute
                        ),
                    );
                }
            }
        }
    }

    fn dependency_cycles(&mut self) {
        let s = self.s;
        // Iterative depth-first search with colours; reports each cycle once, at the service that
        // closes it, so a large graph cannot overflow the stack.
        let n = s.services.len();
        let mut colour = vec![0u8; n];
        let deps: Vec<Vec<usize>> = s
            .services
            .iter()
            .map(|svc| {
                svc.depends_on
                    .iter()
                    .filter_map(|d| self.services.get(d.as_str()).copied())
                    .collect()
            })
            .collect();
        for start in 0..n {
            if colour[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            colour[start] = 1;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&dep) = deps[node].get(*next) {
                    *next += 1;
                    match colour[dep] {
                        0 => {
                            colour[dep] = 1;
                            stack.push((dep, 0));
                        }
                        1 => {
                            let from = stack.iter().position(|&(x, _)| x == dep).unwrap_or(0);
                            let mut names: Vec<&str> = stack[from..]
                                .iter()
                                .map(|&(x, _)| s.services[x].id.as_str())
                                .collect();
                            names.push(&s.services[dep].id);
                            let j = s.services[node]
                                .depends_on
                                .iter()
                                .position(|d| d == &s.services[dep].id)
                                .unwrap_or(0);
                            if node != dep {
                                self.err(
                                    format!("services[{node}].depends_on[{j}]"),
                                    format!("dependency cycle: {}", names.join(" → ")),
                                );
                            }
                        }
                        _ => {}
                    }
                } else {
                    colour[node] = 2;
                    stack.pop();
                }
            }
        }
    }

    /// The highest and lowest value a metric can reach, counting noise, faults and storms.
    fn metric_reach(
        &self,
        hops_by_fault: &[Vec<Option<u32>>],
        service: usize,
        kind: MetricKind,
        host_level: bool,
    ) -> Option<(f64, f64)> {
        let s = self.s;
        let svc = &s.services[service];
        let m = svc.metrics.iter().find(|m| m.kind == kind)?;
        // Faults combine as the engine combines them: error rates and saturation add, latency and
        // throughput factors multiply, among the faults live at the same moment. Each fault's
        // window runs from its start to its self-heal (or to the end of the shift: it may never
        // be fixed); a fault started by a trigger could start at any time.
        let window = |f: &Fault| {
            let start = if f.triggered { 0 } else { f.at_minute };
            let end = if f.waves.is_some() || f.triggered {
                u32::MAX
            } else {
                f.self_heal_minutes
                    .map_or(u32::MAX, |h| start.saturating_add(h))
            };
            (start, end)
        };
        let reaching: Vec<(&Fault, u32)> = s
            .faults
            .iter()
            .zip(hops_by_fault)
            .filter_map(|(f, hops)| hops[service].map(|h| (f, h)))
            .collect();
        let (mut hi, mut lo) = (
            m.baseline + NOISE_SIGMAS * m.noise,
            m.baseline - NOISE_SIGMAS * m.noise,
        );
        for &(at, _) in &reaching {
            let t = window(at).0;
            let (mut errors, mut factor, mut saturation) = (0.0, 1.0, 0.0);
            for &(f, hops) in &reaching {
                let (start, end) = window(f);
                if t < start || t >= end {
                    continue;
                }
                // At the fault's normal strength: an alert that fires only after someone makes the
                // fault worse is as good as silent.
                let strength = f.propagation.clamp(0.0, 1.0).powi(hops as i32);
                let e = &f.effect;
                errors += e.error_rate.max(0.0) * strength;
                factor *= match kind {
                    MetricKind::Latency => 1.0 + (e.latency_factor - 1.0) * strength,
                    MetricKind::Throughput => {
                        (1.0 + (e.throughput_factor - 1.0) * strength).max(0.0)
                    }
                    _ => 1.0,
                };
                if hops == 0 {
                    saturation += e.saturation.max(0.0);
                }
            }
            match kind {
                MetricKind::ErrorRate => hi = hi.max(m.baseline + errors + NOISE_SIGMAS * m.noise),
                MetricKind::Latency | MetricKind::Throughput => {
                    hi = hi.max(m.baseline * factor + NOISE_SIGMAS * m.noise);
                    lo = lo.min(m.baseline * factor - NOISE_SIGMAS * m.noise);
                }
                MetricKind::Saturation => {
                    hi = hi.max(m.baseline + saturation + NOISE_SIGMAS * m.noise);
                }
            }
        }
        if host_level && kind == MetricKind::Saturation {
            for inj in &s.injects {
                if let Inject::AlertStorm {
                    service: target,
                    intensity,
                    ..
                } = inj
                    && target == &svc.id
                {
                    hi += intensity.max(0.0);
                }
            }
        }
        Some((hi, lo))
    }

    /// Errors for thresholds no value of the metric can cross; notes for thresholds the scenario's
    /// own faults never reach on a service they affect (the alert will stay silent when it matters).
    fn threshold(
        &mut self,
        hops_by_fault: &[Vec<Option<u32>>],
        p: &str,
        a: &AlertRule,
        si: usize,
        kind: MetricKind,
    ) {
        let ceiling = match kind {
            MetricKind::ErrorRate => 100.0,
            MetricKind::Saturation => 1.0,
            MetricKind::Latency | MetricKind::Throughput => f64::INFINITY,
        };
        let impossible = match a.condition {
            Condition::Above(x) => !x.is_finite() || x >= ceiling,
            Condition::Below(x) => !x.is_finite() || x <= 0.0,
        };
        if impossible {
            let why = match a.condition {
                Condition::Above(x) => format!("{kind:?} is never above {x}"),
                Condition::Below(x) => format!("{kind:?} is never below {x}"),
            };
            self.err(
                format!("{p}.condition"),
                format!("alert can never fire: {why}"),
            );
            return;
        }
        let affected = hops_by_fault.iter().any(|h| h[si].is_some());
        let storm =
            a.level == Level::Host
                && self.s.injects.iter().any(
                    |i| matches!(i, Inject::AlertStorm { service, .. } if service == &a.service),
                );
        if !(affected || storm) {
            return;
        }
        let Some((hi, lo)) = self.metric_reach(hops_by_fault, si, kind, a.level == Level::Host)
        else {
            return;
        };
        let silent = match a.condition {
            Condition::Above(x) => x >= hi.min(ceiling),
            Condition::Below(x) => x <= lo.max(0.0),
        };
        // Overload and the costs fixes leave behind add to the faults' reach, and are not
        // worked out here: say nothing rather than something wrong.
        let svc = &self.s.services[si];
        let loaded = svc.capacity.is_some() || svc.retries > 0.0 || svc.load_group.is_some();
        let left_behind = self.s.faults.iter().enumerate().any(|(f, fault)| {
            hops_by_fault[f][si].is_some() && fault.mitigations.values().any(|r| r.leaves.is_some())
        });
        if silent && !loaded && !left_behind {
            self.note(
                format!("{p}.condition"),
                format!(
                    "alert \"{}\" watches a service this scenario's faults affect, but its threshold is out of their reach (the {:?} of \"{}\" stays within {:.2} to {:.2}): it will stay silent",
                    a.id,
                    kind,
                    a.service,
                    lo.max(0.0),
                    hi.min(ceiling)
                ),
            );
        }
    }

    fn alerts(&mut self) {
        let s = self.s;
        for (i, a) in s.alerts.iter().enumerate() {
            if !a.dedup {
                continue;
            }
            if s.format < 2 {
                self.err(
                    format!("alerts[{i}].dedup"),
                    "folding hosts into one alert needs `format: 2` at the top of the scenario",
                );
            }
            if a.level != Level::Host {
                self.note(
                    format!("alerts[{i}].dedup"),
                    format!("alert \"{}\" is not host-level; `dedup` folds hosts and changes nothing here", a.id),
                );
            }
        }
        let hops_by_fault = fault_hops(s, &self.services);
        for (i, a) in s.alerts.iter().enumerate() {
            let p = format!("alerts[{i}]");
            if a.summary.trim().is_empty() {
                self.err(
                    format!("{p}.summary"),
                    "an alert needs a summary for the pager",
                );
            }
            let svc = if self.service_ref(format!("{p}.service"), &a.service) {
                self.services.get(a.service.as_str()).copied()
            } else {
                None
            };
            match (svc, a.metric.kind()) {
                (Some(si), Some(kind)) => {
                    if !s.services[si].metrics.iter().any(|m| m.kind == kind) {
                        self.err(
                            format!("{p}.metric"),
                            format!("service \"{}\" has no {kind:?} metric", a.service),
                        );
                    } else {
                        self.threshold(&hops_by_fault, &p, a, si, kind);
                    }
                }
                (Some(si), None) => {
                    let name = a.metric.signal().unwrap_or_default();
                    self.signal_alert(&p, a, si, name);
                }
                (None, _) => {}
            }
            if a.for_seconds > s.shift.duration_minutes.saturating_mul(60) {
                self.err(
                    format!("{p}.for_seconds"),
                    format!(
                        "alert must hold for {} s, longer than the whole shift",
                        a.for_seconds
                    ),
                );
            }
            match &a.route {
                Route::OwningTeam => {
                    if let Some(si) = svc
                        && s.services[si].owner.is_none()
                    {
                        self.err(
                            format!("{p}.route"),
                            format!(
                                "routes to the owning team, but service \"{}\" has no owner: route it to a team, the ops queue or a person",
                                a.service
                            ),
                        );
                    }
                }
                Route::Team(t) => {
                    self.team_ref(format!("{p}.route.0"), t);
                }
                Route::OpsQueue => {
                    if s.ops_team.is_none() {
                        self.err(
                            format!("{p}.route"),
                            "routes to the ops queue, but the scenario has no ops_team",
                        );
                    }
                }
                Route::Person(who) => {
                    if self.person_ref(format!("{p}.route.0"), who) {
                        self.note(
                            format!("{p}.route"),
                            format!(
                                "alert \"{}\" pages \"{who}\" directly, bypassing any rotation (lesson: don't route through heroes)",
                                a.id
                            ),
                        );
                    }
                }
            }
            if a.level == Level::Host {
                self.note(
                    format!("{p}.level"),
                    format!(
                        "alert \"{}\" is host-level: it measures one host, not what users notice (lesson: noise is a defect)",
                        a.id
                    ),
                );
            }
        }
    }

    /// A vendor team (format 2): needs format 2 and a response time within the shift.
    fn vendor(&mut self, p: &str, t: &Team) {
        let Some(v) = &t.vendor else { return };
        if self.s.format < 2 {
            self.err(
                format!("{p}.vendor"),
                "a vendor team needs `format: 2` at the top of the scenario",
            );
        }
        if v.respond_minutes == 0 || v.respond_minutes > self.s.shift.duration_minutes {
            self.err(
                format!("{p}.vendor.respond_minutes"),
                format!(
                    "a response time of {} minutes is out of range (1 to the shift's length)",
                    v.respond_minutes
                ),
            );
        }
        for (i, a) in self.s.alerts.iter().enumerate() {
            let routed_here = match &a.route {
                Route::Team(x) => x == &t.id,
                Route::OwningTeam => self
                    .s
                    .services
                    .iter()
                    .any(|s| s.id == a.service && s.owner.as_deref() == Some(t.id.as_str())),
                _ => false,
            };
            if routed_here {
                self.note(
                    format!("alerts[{i}].route"),
                    format!(
                        "alert \"{}\" goes to {}, an outside company that does not take your pages: it pages nobody; route it to a team of your own",
                        a.id, t.id
                    ),
                );
            }
        }
    }

    /// Backups of a service (format 2): unique ids, restore times, taken no later than the shift.
    /// Load (format 2): capacities, retries and load groups.
    fn backups(&mut self) {
        let s = self.s;
        for (i, svc) in s.services.iter().enumerate() {
            let p = format!("services[{i}]");
            let loads = svc.capacity.is_some()
                || svc.load_group.is_some()
                || svc.retries != 0.0
                || svc.scale_up_adds.is_some();
            if loads && s.format < 2 {
                self.err(
                    p.clone(),
                    "capacity, retries, scale-ups and load groups need `format: 2` at the top of the scenario",
                );
            }
            if let Some(c) = svc.capacity
                && (!c.is_finite() || c <= 0.0)
            {
                self.err(
                    format!("{p}.capacity"),
                    format!("capacity {c} must be above 0"),
                );
            }
            if let Some(share) = svc.customer_share {
                if s.format < 2 {
                    self.err(
                        format!("{p}.customer_share"),
                        "a customer share needs `format: 2` at the top of the scenario",
                    );
                }
                if !in_range(share, 0.0, 1.0) {
                    self.err(
                        format!("{p}.customer_share"),
                        format!("customer share {share} is out of range (0 to 1)"),
                    );
                }
                if !svc.customer_facing {
                    self.note(
                        format!("{p}.customer_share"),
                        format!("service \"{}\" is not customer-facing: its customer share counts for nothing", svc.id),
                    );
                }
            }
            if let Some(add) = svc.scale_up_adds {
                if !add.is_finite() || add <= 0.0 {
                    self.err(
                        format!("{p}.scale_up_adds"),
                        format!("a scale-up must add more than 0, not {add}"),
                    );
                }
                if svc.capacity.is_none() {
                    self.err(
                        format!("{p}.scale_up_adds"),
                        format!(
                            "service \"{}\" has no capacity for a scale-up to add to: give it `capacity`",
                            svc.id
                        ),
                    );
                }
            }
            if !svc.retries.is_finite() || !(0.0..=10.0).contains(&svc.retries) {
                self.err(
                    format!("{p}.retries"),
                    format!("retries {} is out of range (0 to 10)", svc.retries),
                );
            }
            let has_throughput = svc.metrics.iter().any(|m| m.kind == MetricKind::Throughput);
            if loads && !has_throughput {
                self.err(
                    p.clone(),
                    format!(
                        "service \"{}\" models load but has no Throughput metric to measure it by",
                        svc.id
                    ),
                );
            }
            if let Some(g) = &svc.load_group
                && s.services
                    .iter()
                    .filter(|x| x.load_group.as_ref() == Some(g))
                    .count()
                    < 2
            {
                self.note(
                    format!("{p}.load_group"),
                    format!("load group \"{g}\" has only this service: draining it moves its traffic nowhere"),
                );
            }
            let mut seen = HashSet::new();
            for (k, b) in svc.backups.iter().enumerate() {
                let p = format!("services[{i}].backups[{k}]");
                if s.format < 2 {
                    self.err(
                        p.clone(),
                        "backups need `format: 2` at the top of the scenario",
                    );
                }
                if !valid_id(&b.id) {
                    self.err(format!("{p}.id"), format!("backup id \"{}\": use 1 to 64 lowercase letters, digits, hyphens and underscores", b.id));
                }
                if !seen.insert(b.id.as_str()) {
                    self.err(
                        format!("{p}.id"),
                        format!("backup id \"{}\" is used twice in {}", b.id, svc.id),
                    );
                }
                if b.restore_minutes == 0 {
                    self.err(
                        format!("{p}.restore_minutes"),
                        "a restore takes at least a minute",
                    );
                }
                self.check_length(
                    format!("{p}.restore_minutes"),
                    b.restore_minutes,
                    "a restore",
                );
                if i64::from(b.taken_at_minute) > i64::from(s.shift.duration_minutes) {
                    self.err(
                        format!("{p}.taken_at_minute"),
                        "a backup taken after the shift ends can never be used",
                    );
                }
                if b.verified && !b.good {
                    self.err(
                        format!("{p}.good"),
                        "a verified backup restores: `good: false` needs `verified: false`",
                    );
                }
            }
        }
    }

    fn teams(&mut self) {
        let s = self.s;
        for (i, t) in s.teams.iter().enumerate() {
            let p = format!("teams[{i}]");
            self.vendor(&p, t);
            if t.members.is_empty() {
                self.err(
                    format!("{p}.members"),
                    format!("team \"{}\" has no members", t.id),
                );
            }
            let mut members = HashSet::new();
            for (j, m) in t.members.iter().enumerate() {
                if self.person_ref(format!("{p}.members[{j}]"), m) && !members.insert(m.as_str()) {
                    self.err(
                        format!("{p}.members[{j}]"),
                        format!("\"{m}\" is listed twice"),
                    );
                }
            }
            let order = &t.rotation.order;
            if order.is_empty() {
                self.err(
                    format!("{p}.rotation.order"),
                    format!("the rotation of team \"{}\" has nobody in it", t.id),
                );
            }
            let mut seen = HashSet::new();
            for (j, who) in order.iter().enumerate() {
                let path = format!("{p}.rotation.order[{j}]");
                if !seen.insert(who.as_str()) {
                    self.err(path, format!("\"{who}\" appears twice in the rotation"));
                } else if self.people.contains_key(who.as_str()) && !members.contains(who.as_str())
                {
                    self.err(
                        path,
                        format!(
                            "\"{who}\" is on the rotation but not a member of team \"{}\"",
                            t.id
                        ),
                    );
                } else if !self.people.contains_key(who.as_str()) {
                    self.person_ref(path, who);
                }
            }
            if (1..4).contains(&order.len()) {
                self.note(
                    format!("{p}.rotation.order"),
                    format!(
                        "the rotation of team \"{}\" has {} people: fewer than 4 is not sustainable, 6 or more is better",
                        t.id,
                        order.len()
                    ),
                );
            }
            if t.escalation.is_empty() {
                self.err(
                    format!("{p}.escalation"),
                    "an escalation policy needs at least one level",
                );
            }
            let mut last = 0;
            for (j, level) in t.escalation.iter().enumerate() {
                let lp = format!("{p}.escalation[{j}]");
                if level.after_minutes < last {
                    self.err(
                        format!("{lp}.after_minutes"),
                        format!(
                            "escalation level at {} minutes comes before the previous level at {last}",
                            level.after_minutes
                        ),
                    );
                }
                last = level.after_minutes;
                if level.after_minutes > s.shift.duration_minutes {
                    self.err(
                        format!("{lp}.after_minutes"),
                        format!(
                            "escalation after {} minutes is longer than the shift",
                            level.after_minutes
                        ),
                    );
                }
                match &level.notify {
                    EscalationTarget::Person(who) => {
                        self.person_ref(format!("{lp}.notify.0"), who);
                    }
                    EscalationTarget::Secondary if order.len() == 1 => self.err(
                        format!("{lp}.notify"),
                        "escalates to the secondary, but the rotation has only one person",
                    ),
                    _ => {}
                }
            }
        }
    }

    fn people(&mut self) {
        let s = self.s;
        for (i, person) in s.people.iter().enumerate() {
            let p = format!("people[{i}]");
            for (svc, k) in &person.knowledge {
                let kp = format!("{p}.knowledge[{svc:?}]");
                if !self.services.contains_key(svc.as_str()) {
                    self.err(
                        format!("{kp}#key"),
                        format!("knowledge of unknown service \"{svc}\""),
                    );
                }
                if !in_range(*k, 0.0, 1.0) {
                    self.err(kp, format!("knowledge {k} is out of range (0 to 1)"));
                }
            }
            if !(-12..=14).contains(&person.utc_offset_hours) {
                self.err(
                    format!("{p}.utc_offset_hours"),
                    format!(
                        "UTC offset {} is out of range (-12 to 14)",
                        person.utc_offset_hours
                    ),
                );
            }
            if !in_range(person.fatigue, 0.0, 1.0) {
                self.err(
                    format!("{p}.fatigue"),
                    format!("fatigue {} is out of range (0 to 1)", person.fatigue),
                );
            }
        }
    }

    fn faults(&mut self) {
        let s = self.s;
        if s.faults.is_empty() {
            self.err(
                "faults",
                "a scenario needs at least one fault for the player to respond to",
            );
        }
        for (i, f) in s.faults.iter().enumerate() {
            let p = format!("faults[{i}]");
            self.service_ref(format!("{p}.service"), &f.service);
            match (f.at_minute, f.triggered) {
                (NO_MINUTE, false) => self.err(
                    p.clone(),
                    format!(
                        "fault \"{}\" needs `at_minute` (or `triggered: true`, when a trigger starts it)",
                        f.id
                    ),
                ),
                (NO_MINUTE, true) => {}
                (at, _) => self.check_time(format!("{p}.at_minute"), at, "fault"),
            }
            if !in_range(f.propagation, 0.0, 1.0) {
                self.err(
                    format!("{p}.propagation"),
                    format!("propagation {} is out of range (0 to 1)", f.propagation),
                );
            }
            if f.fixes.is_empty() && f.self_heal_minutes.is_none() {
                self.err(
                    format!("{p}.fixes"),
                    format!(
                        "fault \"{}\" has no possible mitigation and never heals on its own",
                        f.id
                    ),
                );
            }
            for (j, m) in f.worsens.iter().enumerate() {
                if f.fixes.contains(m) {
                    self.err(
                        format!("{p}.worsens[{j}]"),
                        format!("{m:?} both fixes and worsens fault \"{}\"", f.id),
                    );
                }
            }
            if f.fix_minutes > s.shift.duration_minutes {
                self.err(
                    format!("{p}.fix_minutes"),
                    format!(
                        "a fix taking {} minutes is longer than the shift",
                        f.fix_minutes
                    ),
                );
            }
            self.check_length(format!("{p}.ramp_minutes"), f.ramp_minutes, "a ramp");
            if let Some(h) = f.self_heal_minutes {
                self.check_length(format!("{p}.self_heal_minutes"), h, "healing");
            }
            if f.self_heal_minutes == Some(0) {
                self.err(
                    format!("{p}.self_heal_minutes"),
                    "a fault cannot heal after 0 minutes",
                );
            }
            // A fault that only moves signals (lag building up, backups ageing) may leave the
            // health metrics alone.
            if f.signals.is_empty() || f.effect != Effect::NONE {
                self.effect(format!("{p}.effect"), &f.effect, &f.id);
            }
            self.fault_v2(&p, f);
            self.fault_signals(&p, f);
            if f.effect.capacity_factor != 1.0 {
                let has_capacity = self
                    .services
                    .get(f.service.as_str())
                    .is_some_and(|&si| s.services[si].capacity.is_some());
                if s.format < 2 {
                    self.err(
                        format!("{p}.effect.capacity_factor"),
                        "a fault that changes capacity needs `format: 2` at the top of the scenario",
                    );
                } else if !has_capacity {
                    self.err(
                        format!("{p}.effect.capacity_factor"),
                        format!(
                            "service \"{}\" has no capacity for this fault to change: give it `capacity`",
                            f.service
                        ),
                    );
                }
            }
            if f.root_cause.trim().is_empty() {
                self.err(
                    format!("{p}.root_cause"),
                    "describe the root cause for the debrief",
                );
            }
        }
    }

    /// An effect's values, each in its range; an effect that changes nothing is an error.
    fn effect(&mut self, ep: String, e: &Effect, id: &str) {
        if !in_range(e.error_rate, 0.0, 100.0) {
            self.err(
                format!("{ep}.error_rate"),
                format!(
                    "error rate {} is out of range (0 to 100 percentage points)",
                    e.error_rate
                ),
            );
        }
        if !in_range(e.latency_factor, 0.01, 1000.0) {
            self.err(
                format!("{ep}.latency_factor"),
                format!(
                    "latency factor {} is out of range (0.01 to 1000)",
                    e.latency_factor
                ),
            );
        }
        if !in_range(e.throughput_factor, 0.0, 1000.0) {
            self.err(
                format!("{ep}.throughput_factor"),
                format!(
                    "throughput factor {} is out of range (0 to 1000)",
                    e.throughput_factor
                ),
            );
        }
        if !in_range(e.saturation, 0.0, 1.0) {
            self.err(
                format!("{ep}.saturation"),
                format!("saturation {} is out of range (0 to 1)", e.saturation),
            );
        }
        if !in_range(e.capacity_factor, 0.0, 1000.0) {
            self.err(
                format!("{ep}.capacity_factor"),
                format!(
                    "capacity factor {} is out of range (0 to 1000)",
                    e.capacity_factor
                ),
            );
        }
        if e.error_rate == 0.0
            && e.latency_factor == 1.0
            && e.throughput_factor == 1.0
            && e.saturation == 0.0
            && e.capacity_factor == 1.0
        {
            self.err(ep, format!("fault \"{id}\" has no effect on any metric"));
        }
    }

    /// Format 2 fields of a fault: per-mitigation rules and starting only by trigger.
    fn fault_v2(&mut self, p: &str, f: &Fault) {
        let s = self.s;
        let v1 = s.format < 2;
        if let Some(d) = &f.loses_data {
            if v1 {
                self.err(
                    format!("{p}.loses_data"),
                    "a fault that loses data needs `format: 2` at the top of the scenario",
                );
            }
            if d.what.trim().is_empty() {
                self.err(
                    format!("{p}.loses_data.what"),
                    "say what is lost: \"orders\", \"customer sites\"",
                );
            }
            for (field, x) in [("destroys", d.destroys), ("per_minute", d.per_minute)] {
                if !x.is_finite() || x < 0.0 {
                    self.err(
                        format!("{p}.loses_data.{field}"),
                        format!("{field} {x} must be a number of at least 0"),
                    );
                }
            }
            if d.destroys == 0.0 && d.per_minute == 0.0 {
                self.err(
                    format!("{p}.loses_data"),
                    "a fault that loses data must destroy some or lose writes",
                );
            }
        }
        if let Some(b) = &f.blinds {
            if v1 {
                self.err(
                    format!("{p}.blinds"),
                    "a fault that takes monitoring down needs `format: 2` at the top of the scenario",
                );
            }
            if b.services.is_empty() {
                self.err(
                    format!("{p}.blinds.services"),
                    "name the services whose monitoring goes dark",
                );
            }
            for (k, id) in b.services.iter().enumerate() {
                self.service_ref(format!("{p}.blinds.services[{k}]"), id);
            }
            if let BlindReadings::Delayed(m) = b.readings
                && !(1..=30).contains(&m)
            {
                self.err(
                    format!("{p}.blinds.readings"),
                    format!("monitoring can run 1 to 30 minutes late, not {m}"),
                );
            }
        }
        if f.recovery_minutes > 0 {
            if v1 {
                self.err(
                    format!("{p}.recovery_minutes"),
                    "a fault that fades out slowly needs `format: 2` at the top of the scenario",
                );
            }
            self.check_length(
                format!("{p}.recovery_minutes"),
                f.recovery_minutes,
                "a recovery",
            );
        }
        if v1 && f.status_page_down {
            self.err(
                format!("{p}.status_page_down"),
                "a fault that takes the status page down needs `format: 2` at the top of the scenario",
            );
        }
        if v1 && f.waves.is_some() {
            self.err(
                format!("{p}.waves"),
                "a fault in waves needs `format: 2` at the top of the scenario",
            );
        }
        if let Some(w) = &f.waves {
            if w.every_minutes == 0 {
                self.err(
                    format!("{p}.waves.every_minutes"),
                    "waves must be at least a minute apart",
                );
            }
            if !(2..=100).contains(&w.count) {
                self.err(
                    format!("{p}.waves.count"),
                    format!("{} waves is out of range (2 to 100)", w.count),
                );
            }
            if f.self_heal_minutes.is_none() {
                self.note(
                    format!("{p}.waves"),
                    "without `self_heal_minutes` each wave lasts until it is fixed; a wave due while the last is still live merges into it",
                );
            }
        }
        if v1 && (!f.mitigations.is_empty() || f.triggered) {
            self.err(
                if f.triggered {
                    format!("{p}.triggered")
                } else {
                    format!("{p}.mitigations")
                },
                "per-mitigation rules and triggered faults need `format: 2` at the top of the scenario",
            );
        }
        for (m, rule) in &f.mitigations {
            let rp = format!("{p}.mitigations[{:?}]", format!("{m:?}"));
            if !f.fixes.contains(m) {
                self.err(
                    format!("{rp}#key"),
                    format!("{m:?} has a rule but is not in this fault's `fixes`"),
                );
            }
            if let Some(minutes) = rule.minutes
                && (minutes == 0 || minutes > s.shift.duration_minutes)
            {
                self.err(
                    format!("{rp}.minutes"),
                    format!(
                        "a fix taking {minutes} minutes is out of range (1 to the shift's length)"
                    ),
                );
            }
            for (k, r) in rule.requires.iter().enumerate() {
                match r {
                    Requirement::Healthy(service) => {
                        self.service_ref(format!("{rp}.requires[{k}]"), service);
                        if service == &f.service {
                            self.err(
                                format!("{rp}.requires[{k}]"),
                                "a fix cannot need the service it fixes to be healthy first",
                            );
                        }
                    }
                    Requirement::Ended(other) => {
                        if !s.faults.iter().any(|x| &x.id == other) {
                            self.err(
                                format!("{rp}.requires[{k}]"),
                                format!("unknown fault \"{other}\""),
                            );
                        } else if other == &f.id {
                            self.err(
                                format!("{rp}.requires[{k}]"),
                                "a fix cannot need its own fault to have ended first",
                            );
                        }
                    }
                    Requirement::Knowledge(x) => {
                        if !in_range(*x, 0.0, 1.0) {
                            self.err(
                                format!("{rp}.requires[{k}]"),
                                format!("knowledge {x} is out of range (0 to 1)"),
                            );
                        }
                    }
                }
            }
            if let Some(e) = &rule.leaves {
                self.effect(format!("{rp}.leaves"), e, &f.id);
            }
            match (rule.leaves_minutes, &rule.leaves) {
                (Some(0), _) => self.err(
                    format!("{rp}.leaves_minutes"),
                    "a cost that lifts after 0 minutes is no cost: leave out `leaves`",
                ),
                (Some(m), Some(_)) => {
                    self.check_length(format!("{rp}.leaves_minutes"), m, "a cost");
                }
                (Some(_), None) => self.note(
                    format!("{rp}.leaves_minutes"),
                    "`leaves_minutes` without `leaves` changes nothing",
                ),
                (None, _) => {}
            }
            if rule
                .side_effect
                .as_ref()
                .is_some_and(|t| t.trim().is_empty())
            {
                self.err(
                    format!("{rp}.side_effect"),
                    "say what the fix costs, or leave it out",
                );
            }
            if rule.persists && f.waves.is_none() {
                self.note(
                    format!("{rp}.persists"),
                    "`persists` matters only for a fault that comes in `waves`",
                );
            }
            if rule.leaves.is_some() && rule.side_effect.is_none() {
                self.note(
                    format!("{rp}.leaves"),
                    "a fix that leaves something behind should say what in `side_effect`; the player sees only the numbers otherwise",
                );
            }
        }
        if f.triggered {
            let starts = |then: &[Consequence]| {
                then.iter()
                    .any(|c| matches!(c, Consequence::StartFault(x) if x == &f.id))
            };
            let started = s
                .injects
                .iter()
                .any(|inj| matches!(inj, Inject::Trigger { then, .. } if starts(then)))
                || s.game_day
                    .iter()
                    .any(|d| d.prepared.iter().any(|p| starts(&p.then)));
            if !started {
                self.err(
                    format!("{p}.triggered"),
                    format!(
                        "fault \"{}\" starts only by trigger, and no trigger or prepared inject starts it (`StartFault(\"{}\")`)",
                        f.id, f.id
                    ),
                );
            }
        }
    }

    /// A trigger (format 2): what sets it off and what it does, every name known.
    fn trigger(&mut self, p: &str, when: &TriggerOn, then: &[Consequence]) {
        let s = self.s;
        if s.format < 2 {
            self.err(
                p.to_owned(),
                "triggers need `format: 2` at the top of the scenario",
            );
        }
        let fault_known = |id: &str| s.faults.iter().any(|f| f.id == id);
        let wp = format!("{p}.when");
        match when {
            TriggerOn::Mitigation { service, .. } => {
                self.service_ref(format!("{wp}.service"), service);
            }
            TriggerOn::Unhealthy { service, minutes } => {
                self.service_ref(format!("{wp}.service"), service);
                if *minutes == 0 {
                    self.err(format!("{wp}.minutes"), "give at least one minute");
                }
                self.check_length(format!("{wp}.minutes"), *minutes, "a wait");
            }
            TriggerOn::FaultLive { fault, minutes } => {
                if !fault_known(fault) {
                    self.err(format!("{wp}.fault"), format!("unknown fault \"{fault}\""));
                }
                self.check_length(format!("{wp}.minutes"), *minutes, "a wait");
            }
            TriggerOn::Reading {
                service, metric, ..
            } => {
                if self.service_ref(format!("{wp}.service"), service) {
                    let svc = &s.services[self.services[service.as_str()]];
                    let known = match (metric.kind(), metric.signal()) {
                        (Some(kind), _) => svc.metrics.iter().any(|m| m.kind == kind),
                        (None, Some(name)) => svc.signals.iter().any(|g| g.name == name),
                        (None, None) => false,
                    };
                    if !known {
                        self.err(
                            format!("{wp}.metric"),
                            format!("service \"{service}\" has no such metric or signal to read"),
                        );
                    }
                }
            }
            TriggerOn::Restored { service } => {
                if self.service_ref(format!("{wp}.service"), service)
                    && s.services[self.services[service.as_str()]]
                        .backups
                        .is_empty()
                {
                    self.err(
                        format!("{wp}.service"),
                        format!("service \"{service}\" has no backups to restore"),
                    );
                }
            }
            TriggerOn::FaultEnded { fault } => {
                if !fault_known(fault) {
                    self.err(format!("{wp}.fault"), format!("unknown fault \"{fault}\""));
                }
            }
            TriggerOn::TiredTask { person, fatigue } => {
                self.person_ref(format!("{wp}.person"), person);
                if !in_range(*fatigue, 0.0, 1.0) {
                    self.err(
                        format!("{wp}.fatigue"),
                        format!("fatigue {fatigue} is out of range (0 to 1)"),
                    );
                }
            }
        }
        if then.is_empty() {
            self.err(
                format!("{p}.then"),
                "a trigger needs at least one consequence",
            );
        }
        self.consequences(p, then);
    }

    /// What a trigger or a prepared inject makes happen: every name known.
    fn consequences(&mut self, p: &str, then: &[Consequence]) {
        let s = self.s;
        let fault_known = |id: &str| s.faults.iter().any(|f| f.id == id);
        for (k, c) in then.iter().enumerate() {
            let cp = format!("{p}.then[{k}]");
            match c {
                Consequence::StartFault(fault) | Consequence::EndFault(fault) => {
                    if !fault_known(fault) {
                        self.err(cp, format!("unknown fault \"{fault}\""));
                    }
                }
                Consequence::Say { text, .. } => {
                    if text.trim().is_empty() {
                        self.err(format!("{cp}.text"), "a message needs text");
                    }
                }
                Consequence::Ask(ask) => {
                    if !s
                        .injects
                        .iter()
                        .any(|i| matches!(i, Inject::Ask { id, .. } if id == ask))
                    {
                        self.err(cp, format!("unknown ask \"{ask}\""));
                    }
                }
                Consequence::Unavailable { person, minutes } => {
                    self.person_ref(format!("{cp}.person"), person);
                    if person == &s.player {
                        self.err(
                            format!("{cp}.person"),
                            "the player cannot become unavailable",
                        );
                    } else if s
                        .game_day
                        .iter()
                        .any(|d| d.seats.iter().any(|x| &x.person == person))
                    {
                        self.err(
                            format!("{cp}.person"),
                            format!("{person} holds a game-day seat, so a participant plays them and cannot be taken away"),
                        );
                    }
                    if *minutes == 0 {
                        self.err(
                            format!("{cp}.minutes"),
                            "unavailability must last at least a minute",
                        );
                    }
                }
            }
        }
    }

    fn injects(&mut self) {
        let s = self.s;
        let mut asks: HashMap<&str, usize> = HashMap::new();
        let mut triggers: HashMap<&str, usize> = HashMap::new();
        for (i, inj) in s.injects.iter().enumerate() {
            if let Inject::Trigger { id, .. } = inj {
                let path = format!("injects[{i}].id");
                if !valid_id(id) {
                    self.err(
                        path.clone(),
                        format!("trigger id \"{id}\": use 1 to 64 lowercase letters, digits, hyphens and underscores"),
                    );
                }
                if let Some(first) = triggers.insert(id.as_str(), i) {
                    self.err(
                        path,
                        format!("trigger id \"{id}\" is used twice (first at injects[{first}])"),
                    );
                }
            }
            if let Inject::Ask { id, .. } = inj {
                let path = format!("injects[{i}].id");
                if !valid_id(id) {
                    self.err(
                        path.clone(),
                        format!("ask id \"{id}\": use 1 to 64 lowercase letters, digits, hyphens and underscores"),
                    );
                }
                if let Some(first) = asks.insert(id.as_str(), i) {
                    self.err(
                        path,
                        format!("ask id \"{id}\" is used twice (first at injects[{first}])"),
                    );
                }
            }
        }
        for (i, inj) in s.injects.iter().enumerate() {
            let p = format!("injects[{i}]");
            if let Some(at) = inj.at_minute() {
                self.check_time(format!("{p}.at_minute"), at, "inject");
            }
            match inj {
                Inject::AlertStorm {
                    service,
                    duration_minutes,
                    intensity,
                    ..
                } => {
                    self.service_ref(format!("{p}.service"), service);
                    if *duration_minutes == 0 {
                        self.err(
                            format!("{p}.duration_minutes"),
                            "a storm must last at least a minute",
                        );
                    }
                    self.check_length(
                        format!("{p}.duration_minutes"),
                        *duration_minutes,
                        "a storm",
                    );
                    if !in_range(*intensity, 0.0, 1.0) {
                        self.err(
                            format!("{p}.intensity"),
                            format!("intensity {intensity} is out of range (0 to 1)"),
                        );
                    }
                }
                Inject::Message { text, .. } => {
                    if text.trim().is_empty() {
                        self.err(format!("{p}.text"), "a message needs text");
                    }
                }
                Inject::Ask {
                    id,
                    at_minute,
                    from,
                    text,
                    reply_within_minutes,
                    options,
                } => {
                    if *at_minute == NO_MINUTE && !self.ask_raised(id) {
                        self.err(
                            p.clone(),
                            format!("ask \"{id}\" has no `at_minute`, and no trigger or prepared inject raises it (`Ask(\"{id}\")`)"),
                        );
                    }
                    if from.trim().is_empty() {
                        self.err(format!("{p}.from"), "say who asks");
                    }
                    if text.trim().is_empty() {
                        self.err(format!("{p}.text"), "an ask needs a question");
                    }
                    if !(1..=240).contains(reply_within_minutes) {
                        self.err(
                            format!("{p}.reply_within_minutes"),
                            format!(
                                "reply_within_minutes {reply_within_minutes} is out of range (1 to 240)"
                            ),
                        );
                    }
                    if !(2..=6).contains(&options.len()) {
                        self.err(
                            format!("{p}.options"),
                            format!("ask \"{id}\" needs 2 to 6 answers, not {}", options.len()),
                        );
                    }
                    unique_ids(
                        &mut self.out,
                        "reply",
                        &format!("{p}.options"),
                        options.iter().map(|o| o.id.as_str()),
                    );
                    if options
                        .iter()
                        .all(|o| o.right == crate::scenario::When::Never)
                    {
                        self.err(
                            format!("{p}.options"),
                            format!("ask \"{id}\" has no answer that can be right"),
                        );
                    }
                    for (k, o) in options.iter().enumerate() {
                        if o.text.trim().is_empty() {
                            self.err(format!("{p}.options[{k}].text"), "an answer needs text");
                        }
                    }
                }
                Inject::Trigger {
                    when,
                    then,
                    after_minutes,
                    ..
                } => {
                    self.trigger(&p, when, then);
                    self.check_length(format!("{p}.after_minutes"), *after_minutes, "a delay");
                }
                Inject::HandoverDue { to, text, .. } => {
                    self.person_ref(format!("{p}.to"), to);
                    if to == &s.player {
                        self.err(
                            format!("{p}.to"),
                            "the player cannot hand command to themselves",
                        );
                    }
                    if s.role != crate::scenario::PlayerRole::Commander {
                        self.err(
                            p.clone(),
                            "a handover is due only when the player is the commander (role: Commander)",
                        );
                    }
                    if text.trim().is_empty() {
                        self.err(format!("{p}.text"), "say who takes over and when");
                    }
                }
                Inject::Unavailable {
                    person,
                    duration_minutes,
                    ..
                } => {
                    self.person_ref(format!("{p}.person"), person);
                    if person == &s.player {
                        self.err(
                            format!("{p}.person"),
                            "the player cannot become unavailable",
                        );
                    }
                    if *duration_minutes == 0 {
                        self.err(
                            format!("{p}.duration_minutes"),
                            "unavailability must last at least a minute",
                        );
                    }
                    self.check_length(
                        format!("{p}.duration_minutes"),
                        *duration_minutes,
                        "unavailability",
                    );
                }
            }
        }
    }

    fn postmortem(&mut self) {
        let s = self.s;
        for (i, q) in s.postmortem.iter().enumerate() {
            let p = format!("postmortem[{i}]");
            if let Some(team) = &q.owner {
                self.team_ref(format!("{p}.owner"), team);
            }
            if q.options.len() < 2 {
                self.err(
                    format!("{p}.options"),
                    "a question needs at least two options",
                );
            }
            // The console picks an answer with the keys 1 to 9.
            if q.options.len() > 9 {
                self.err(
                    format!("{p}.options"),
                    format!(
                        "a question can have at most 9 options (the keys 1 to 9), not {}",
                        q.options.len()
                    ),
                );
            }
            if q.options.len() == 2 {
                self.note(
                    format!("{p}.options"),
                    format!(
                        "question \"{}\" has two options: with one right and one wrong, a player can guess; offer a plausible third",
                        q.id
                    ),
                );
            }
            // The right answer should not be told by its length alone.
            let longest = q.options.iter().map(|o| o.text.chars().count()).max();
            let right = |o: &&crate::scenario::AnswerOption| !o.teaches.iter().any(|t| t.is_trap());
            let rights = q.options.iter().filter(right).count();
            if q.asks == crate::scenario::Asks::Factors
                && (rights < 2 || q.options.len() - rights < 2)
            {
                self.err(
                    format!("{p}.options"),
                    format!(
                        "question \"{}\" asks for contributing factors: give at least two real ones and two traps (blame, hindsight, a process not followed), not {rights} and {}",
                        q.id,
                        q.options.len() - rights
                    ),
                );
            }
            for (k, o) in q.options.iter().enumerate() {
                match (q.asks == crate::scenario::Asks::ActionItem, o.kind) {
                    (true, None) => self.err(
                        format!("{p}.options[{k}].kind"),
                        format!(
                            "option \"{}\" of an action-item question needs a kind (Detect, Mitigate, Prevent or Process)",
                            o.id
                        ),
                    ),
                    (false, Some(_)) => self.err(
                        format!("{p}.options[{k}].kind"),
                        format!(
                            "option \"{}\" has a kind, but only action items have one (asks: ActionItem)",
                            o.id
                        ),
                    ),
                    _ => {}
                }
            }
            if q.options.len() > 1
                && q.options.iter().filter(right).count() == 1
                && q.options
                    .iter()
                    .filter(|o| Some(o.text.chars().count()) == longest)
                    .all(|o| right(&o))
                && q.options
                    .iter()
                    .filter(|o| !right(o))
                    .all(|o| o.text.chars().count() * 3 < longest.unwrap_or(0) * 2)
            {
                self.note(
                    format!("{p}.options"),
                    format!(
                        "question \"{}\": the right answer is far longer than every other; players learn to pick the longest",
                        q.id
                    ),
                );
            }
            unique_ids(
                &mut self.out,
                "answer",
                &format!("{p}.options"),
                q.options.iter().map(|o| o.id.as_str()),
            );
            if !q.options.iter().any(|o| {
                o.teaches
                    .iter()
                    .any(|t| matches!(t, AnswerTag::Blameless | AnswerTag::Systemic))
                    && !o.teaches.iter().any(|t| t.is_trap())
            }) {
                self.err(
                    format!("{p}.options"),
                    format!(
                        "question \"{}\" has no blameless or systemic answer to choose",
                        q.id
                    ),
                );
            }
        }
    }
}

/// For each fault, how many dependency hops each service is from the broken one (`None`: unaffected).
/// One breadth-first walk per fault over the reversed graph keeps this linear in the graph's size.
fn fault_hops(s: &Scenario, ids: &HashMap<&str, usize>) -> Vec<Vec<Option<u32>>> {
    let n = s.services.len();
    let mut dependents = vec![Vec::new(); n];
    for (i, svc) in s.services.iter().enumerate() {
        for d in &svc.depends_on {
            if let Some(&di) = ids.get(d.as_str()) {
                dependents[di].push(i);
            }
        }
    }
    s.faults
        .iter()
        .map(|f| {
            let mut hops = vec![None; n];
            if let Some(&origin) = ids.get(f.service.as_str()) {
                hops[origin] = Some(0);
                let mut queue = std::collections::VecDeque::from([origin]);
                while let Some(x) = queue.pop_front() {
                    let h = hops[x].unwrap_or(0) + 1;
                    for &up in &dependents[x] {
                        if hops[up].is_none() {
                            hops[up] = Some(h);
                            queue.push_back(up);
                        }
                    }
                }
            }
            hops
        })
        .collect()
}
