//! `pagerdrill run`: play a scenario headless with a scripted player.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::files::write_atomic;
use crate::scenario::{self, Validated, pack};
use crate::score::{self, Report};
use crate::sim::script::{self, Script};
use crate::sim::summary::FinalState;
use crate::sim::{World, view::clock, words};

/// Loads a scenario named by built-in id or by path; diagnostics come back rendered.
pub fn load_scenario(name: &str) -> Result<Validated, Vec<String>> {
    let path = Path::new(name);
    if path.is_dir() {
        return Err(vec![format!(
            "{name}: error: is a directory; `run` plays one scenario (a built-in id or a file), `validate` checks directories"
        )]);
    }
    if path.exists() {
        let bytes = read_bounded(path).map_err(|e| vec![io_error(name, &e)])?;
        let loaded = scenario::load_bytes(&bytes);
        return loaded.value.ok_or_else(|| {
            loaded
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.render(name))
                .collect()
        });
    }
    pack::find(name).ok_or_else(|| {
        vec![format!(
            "error: \"{name}\" is neither a built-in scenario (see `pagerdrill list`) nor a file"
        )]
    })
}

pub use crate::scenario::files::{io_error, read_bounded};

/// Loads an action script file; problems come back rendered with positions.
pub fn load_script_file(path: &Path) -> Result<Script, Vec<String>> {
    let shown = path.display().to_string();
    let bytes = read_bounded(path).map_err(|e| vec![io_error(&shown, &e)])?;
    let text = scenario::text_of(&bytes).map_err(|d| vec![d.render(&shown)])?;
    let loaded = script::load_script(text);
    loaded.value.ok_or_else(|| {
        loaded
            .diagnostics
            .iter()
            .map(|d| d.render(&shown))
            .collect()
    })
}

/// What `run` was asked to do.
pub struct RunOptions<'a> {
    /// The action script, if any.
    pub actions: Option<&'a Path>,
    /// Run seed.
    pub seed: u64,
    /// Print JSON.
    pub json: bool,
    /// Write the Markdown report here.
    pub report: Option<&'a Path>,
}

/// The JSON `run --json` prints: the report, plus the engine's final state.
#[derive(Serialize)]
struct RunOutput<'a> {
    #[serde(flatten)]
    report: &'a Report,
    final_state: FinalState,
}

/// Runs the `run` command.
pub fn run(name: &str, opts: &RunOptions, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let fail = |err: &mut dyn Write, lines: Vec<String>| {
        for l in lines {
            let _ = writeln!(err, "{l}");
        }
        ExitCode::from(1)
    };
    let scenario = match load_scenario(name) {
        Ok(s) => s,
        Err(lines) => return fail(err, lines),
    };
    let script = match opts.actions.map(load_script_file).transpose() {
        Ok(s) => s.unwrap_or(Script {
            actions: Vec::new(),
        }),
        Err(lines) => return fail(err, lines),
    };
    if let Some(path) = opts.actions {
        let unknown = script::unknown_names(&scenario, &script);
        if !unknown.is_empty() {
            let shown = path.display();
            let mut lines: Vec<String> = unknown
                .iter()
                .map(|u| format!("{shown}: error: {u}"))
                .collect();
            lines.push(format!(
                "{shown}: error: this script names what scenario \"{}\" does not have; is it for another scenario?",
                scenario.id
            ));
            return fail(err, lines);
        }
    }
    let mut world = match script::world_for(scenario, opts.seed, &script) {
        Ok(w) => w,
        Err(e) => return fail(err, vec![format!("error: {e}")]),
    };
    script::play(&mut world, &script);
    let report = score::score(&world);
    if let Some(path) = opts.report {
        let md = score::markdown(&report, world.scenario().shift.start);
        if let Err(e) = write_atomic(path, md.as_bytes()) {
            return fail(err, vec![format!("{}: error: {e}", path.display())]);
        }
    }
    let written = if opts.json {
        let output = RunOutput {
            report: &report,
            final_state: world.final_state(),
        };
        serde_json::to_string_pretty(&output)
            .map_err(std::io::Error::other)
            .and_then(|s| writeln!(out, "{s}"))
    } else {
        write_text(&world, &report, out)
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(err, vec![format!("error: {e}")]),
    }
}

fn minsec(at: u32) -> String {
    format!("+{:02}:{:02}", at / 60, at % 60)
}

fn write_text(world: &World, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let sc = world.scenario();
    writeln!(
        out,
        "PagerDrill run: {} \"{}\" (seed {})",
        sc.id, sc.title, report.seed
    )?;
    writeln!(out)?;
    writeln!(out, "Timeline")?;
    for l in &report.timeline {
        let mark = match l.mark.as_deref() {
            Some("good") => "  [good]",
            Some("bad") => "  [bad]",
            _ => "",
        };
        writeln!(
            out,
            "{:>7}  {}  {:<10} {}{mark}",
            minsec(l.at),
            l.clock,
            l.from,
            l.text
        )?;
    }
    let f = world.final_state();
    writeln!(out)?;
    writeln!(out, "Final state")?;
    writeln!(
        out,
        "  customer impact: {:.1} minutes ({:.0}% of the {:.0}-minute error budget)",
        f.impact_minutes,
        100.0 * f.impact_minutes / f.error_budget_minutes,
        f.error_budget_minutes
    )?;
    for fault in &f.faults {
        let end = match (&fault.mitigated_by, fault.ended_at, fault.started_at) {
            (Some((m, by)), Some(at), _) => format!(
                "ended at {} by a {} ({by})",
                minsec(at),
                words::mitigation(*m)
            ),
            (None, Some(at), _) => format!("healed on its own at {}", minsec(at)),
            (_, None, Some(_)) => "STILL LIVE at the end of the shift".to_owned(),
            (_, None, None) => "never started".to_owned(),
        };
        writeln!(out, "  fault {} on {}: {end}", fault.fault, fault.service)?;
        writeln!(out, "    root cause: {}", fault.root_cause)?;
    }
    writeln!(
        out,
        "  alerts fired: {}; pages sent: {} ({} acknowledged, {} escalated unanswered, {} expired)",
        f.alerts_fired, f.pages_sent, f.pages_acknowledged, f.pages_escalated, f.pages_expired
    )?;
    match &f.incident {
        None => writeln!(out, "  incident: none declared")?,
        Some(i) => writeln!(
            out,
            "  incident: {} \"{}\" declared at {}, {}; {} status updates; roles: {}",
            words::severity(i.severity),
            i.title,
            clock(sc.shift.start, i.declared_at),
            i.resolved_at
                .map(|r| format!("resolved at {}", clock(sc.shift.start, r)))
                .unwrap_or_else(|| "never resolved".to_owned()),
            i.updates.len(),
            i.roles
                .iter()
                .map(|(r, p)| format!("{} {p}", words::role(*r)))
                .collect::<Vec<_>>()
                .join(", ")
        )?,
    }
    for k in &f.knowledge {
        writeln!(
            out,
            "  knowledge: {} on {}: {:.2} → {:.2}",
            k.person, k.service, k.before, k.after
        )?;
    }
    for (q, a) in &f.answers {
        writeln!(out, "  postmortem {q}: {a}")?;
    }
    writeln!(out, "  rejected actions: {}", f.rejected_actions)?;
    let sc_ = &report.score;
    writeln!(out)?;
    writeln!(
        out,
        "Score {}/100: routing {}, learning {}, response {}, impact {}, communication {}",
        sc_.total, sc_.routing, sc_.learning, sc_.response, sc_.impact, sc_.communication
    )?;
    if let Some(cap) = &report.cap {
        writeln!(out, "  {} (without the cap: {}.)", cap.reason, cap.uncapped)?;
    }
    if !report.participants.is_empty() {
        writeln!(out, "  (the team's score: every decision of every seat)")?;
    }
    for l in &report.feedback {
        let at = l.at.map(|a| format!(" {}", minsec(a))).unwrap_or_default();
        if l.points < 0 {
            writeln!(
                out,
                "  {:>4} {}{at}: {}. {} Instead: {}",
                l.points,
                words::category(l.category),
                l.what,
                l.why,
                l.instead
            )?;
        } else {
            writeln!(
                out,
                "    ok {}{at}: {}",
                words::category(l.category),
                l.what
            )?;
        }
    }
    for p in &report.participants {
        let s = &p.score;
        writeln!(out)?;
        writeln!(
            out,
            "{} ({}): {}/100 on their own decisions: routing {}, learning {}, response {}, impact {}, communication {}",
            p.name,
            words::seat(p.seat),
            s.total,
            s.routing,
            s.learning,
            s.response,
            s.impact,
            s.communication
        )?;
        for l in &p.feedback {
            let at = l.at.map(|a| format!(" {}", minsec(a))).unwrap_or_default();
            writeln!(
                out,
                "  {:>4} {}{at}: {}",
                l.points,
                words::category(l.category),
                l.what
            )?;
        }
    }
    if !report.facilitator_notes.is_empty() {
        writeln!(out)?;
        writeln!(out, "Facilitator's notes")?;
        for n in &report.facilitator_notes {
            writeln!(out, "  {}  {}", n.clock, n.text)?;
        }
    }
    Ok(())
}
