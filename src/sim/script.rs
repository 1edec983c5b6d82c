//! Action scripts: a scripted player, as a RON list of timed actions (see `docs/action-script.md`).

use serde::{Deserialize, Serialize};

use super::action::{Action, Rejection};
use super::world::{Phase, World};
use crate::scenario::{self, Diagnostic, Loaded, Pos};

/// A scripted player: actions at game times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// Actions in time order.
    pub actions: Vec<Step>,
}

/// One scripted action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Game minutes from shift start (fractions allowed: 2.5 is two minutes thirty). Steps at or past
    /// the end of the shift happen in the postmortem.
    pub at: f64,
    /// Who acts (a person id); default: the scenario's player.
    #[serde(default)]
    pub by: Option<String>,
    /// What they do.
    #[serde(rename = "do")]
    pub action: Action,
}

impl Step {
    /// The step's time in whole game seconds.
    pub fn at_seconds(&self) -> u32 {
        (self.at * 60.0).round().clamp(0.0, f64::from(u32::MAX)) as u32
    }
}

impl Script {
    /// The script as a file [`load_script`] reads back: a game day's ordered log, kept to replay.
    pub fn to_ron(&self) -> String {
        // Plain data always serialises.
        let text =
            ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default()).unwrap_or_default();
        format!("Script{text}\n")
    }
}

/// Parses and checks a script from text; problems carry `line:col` positions.
pub fn load_script(src: &str) -> Loaded<Script> {
    if let Some(d) = script_shape(src) {
        return Loaded {
            value: None,
            diagnostics: vec![d],
        };
    }
    let script: Script = match scenario::parse_ron(src) {
        Ok(s) => s,
        Err(d) => {
            return Loaded {
                value: None,
                diagnostics: vec![d],
            };
        }
    };
    let mut diagnostics = Vec::new();
    let mut last = 0.0;
    for (i, step) in script.actions.iter().enumerate() {
        if !(step.at.is_finite() && (0.0..=100_000.0).contains(&step.at)) {
            diagnostics.push(Diagnostic::error(
                format!("actions[{i}].at"),
                format!(
                    "time {} is not a number of minutes from 0 to 100000",
                    step.at
                ),
            ));
        } else if step.at < last {
            diagnostics.push(Diagnostic::error(
                format!("actions[{i}].at"),
                format!(
                    "steps must be in time order: {} comes after {last}",
                    step.at
                ),
            ));
        } else {
            last = step.at;
        }
    }
    scenario::locate_all(src, &mut diagnostics);
    let ok = diagnostics.is_empty();
    Loaded {
        value: ok.then_some(script),
        diagnostics,
    }
}

/// Mistakes in a script's shape that the RON parser words poorly: a file of comments only, and
/// `Resolve()` or `EndShift()`, which take no parentheses.
fn script_shape(src: &str) -> Option<Diagnostic> {
    if !src.trim().is_empty() && !scenario::locate::has_content(src) {
        return Some(Diagnostic::error_at(
            Pos { line: 1, col: 1 },
            "file holds only comments; an action script starts with `Script(actions: [`",
        ));
    }
    for (n, line) in src.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for word in ["Resolve", "EndShift"] {
            let Some(col) = code.find(word) else { continue };
            let rest = code[col + word.len()..].trim_start();
            if rest.starts_with('(') && rest[1..].trim_start().starts_with(')') {
                return Some(Diagnostic::error_at(
                    Pos {
                        line: n + 1,
                        col: code[..col].chars().count() + 1,
                    },
                    format!("`{word}` takes no parentheses: write `do: {word}`"),
                ));
            }
        }
    }
    None
}

/// Names in a script that the scenario does not have (people, services, teams, alert rules,
/// postmortem questions and options): a script written for another scenario. Each problem names
/// the step (`actions[3]`) and the unknown name.
pub fn unknown_names(s: &crate::scenario::Scenario, script: &Script) -> Vec<String> {
    use super::action::{AlertRef, Task};
    let mut out = Vec::new();
    let has = |list: &[&str], x: &str| list.contains(&x);
    let people: Vec<&str> = s.people.iter().map(|p| p.id.as_str()).collect();
    let services: Vec<&str> = s.services.iter().map(|x| x.id.as_str()).collect();
    let teams: Vec<&str> = s.teams.iter().map(|t| t.id.as_str()).collect();
    let rules: Vec<&str> = s.alerts.iter().map(|a| a.id.as_str()).collect();
    for (i, step) in script.actions.iter().enumerate() {
        let mut check = |kind: &str, list: &[&str], name: &str| {
            if !has(list, name) {
                out.push(format!(
                    "actions[{i}]: no {kind} \"{name}\" in scenario \"{}\"",
                    s.id
                ));
            }
        };
        if let Some(by) = step
            .by
            .as_deref()
            .filter(|b| *b != super::action::FACILITATOR)
        {
            check("person", &people, by);
        }
        match &step.action {
            Action::Acknowledge { alert }
            | Action::Snooze { alert, .. }
            | Action::FlagNoise { alert }
            | Action::Escalate { alert } => {
                if let AlertRef::Rule(r) = alert {
                    check("alert rule", &rules, r);
                }
            }
            Action::Inspect { service }
            | Action::ReadRunbook { service }
            | Action::UpdateRunbook { service, .. }
            | Action::Mitigate { service, .. }
            | Action::AskVendor { service, .. }
            | Action::Restore { service, .. } => check("service", &services, service),
            Action::PagePerson { person, service } => {
                check("person", &people, person);
                check("service", &services, service);
            }
            Action::PageRotation { team, service } | Action::PageWholeTeam { team, service } => {
                check("team", &teams, team);
                check("service", &services, service);
            }
            Action::Pair { person, with } => {
                check("person", &people, person);
                check("person", &people, with);
            }
            Action::AssignRole { person, .. } => check("person", &people, person),
            Action::HandOver { to, briefing } => {
                check("person", &people, to);
                for w in &briefing.working {
                    check("person", &people, w);
                }
                if let Some(s) = &briefing.suspect {
                    check("service", &services, s);
                }
            }
            Action::Delegate { person, task, .. } => {
                check("person", &people, person);
                if let Task::Investigate { service } | Task::Mitigate { service, .. } = task {
                    check("service", &services, service);
                }
            }
            Action::Answer {
                question,
                option,
                filing,
            } => {
                match s.postmortem.iter().find(|q| &q.id == question) {
                    None => check("postmortem question", &[], question),
                    Some(q) => {
                        let options: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
                        check("answer option", &options, option);
                    }
                }
                if let Some(f) = filing {
                    check("team", &teams, &f.owner);
                }
            }
            Action::Reply { ask, option } => {
                let options = s.injects.iter().find_map(|i| match i {
                    crate::scenario::Inject::Ask { id, options, .. } if id == ask => {
                        Some(options.iter().map(|o| o.id.as_str()).collect::<Vec<_>>())
                    }
                    _ => None,
                });
                match options {
                    None => check("stakeholder ask", &[], ask),
                    Some(options) => check("reply", &options, option),
                }
            }
            Action::Hint { to, .. } => check("person", &people, to),
            Action::Fire { inject } => {
                let prepared: Vec<&str> = s
                    .game_day
                    .iter()
                    .flat_map(|d| d.prepared.iter().map(|p| p.id.as_str()))
                    .collect();
                check("prepared inject", &prepared, inject);
            }
            Action::Say { .. }
            | Action::Note { .. }
            | Action::Pause
            | Action::Resume
            | Action::SetSpeed { .. }
            | Action::Declare { .. }
            | Action::SetSeverity { .. }
            | Action::PostStatus { .. }
            | Action::Resolve
            | Action::EndShift
            | Action::MarkMoment { .. } => {}
        }
    }
    out
}

/// Where a scripted player is in its script. The headless runner and the game's scripted player
/// share it, so both take the same steps at the same game seconds: the runner applies them to the
/// world directly, the game raises them as intents like a player's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    next: usize,
}

impl Cursor {
    /// The game second the world should run to before the next step: that step's time, or the end
    /// of the shift when no step is left before it.
    pub fn next_stop(&self, script: &Script, end: u32) -> u32 {
        script
            .actions
            .get(self.next)
            .map_or(end, |s| s.at_seconds().min(end))
    }

    /// The next step, with its index in the script, if it is due: during the shift, once the clock
    /// has reached its time (steps at or after the end wait for the postmortem); after the shift,
    /// every step left, in order.
    pub fn take_due<'a>(
        &mut self,
        script: &'a Script,
        now: u32,
        phase: Phase,
        end: u32,
    ) -> Option<(usize, &'a Step)> {
        let step = script.actions.get(self.next)?;
        let at = step.at_seconds();
        let due = match phase {
            Phase::Shift => at <= now && at < end,
            Phase::Postmortem => true,
        };
        due.then(|| {
            self.next += 1;
            (self.next - 1, step)
        })
    }

    /// Whether every step has been taken.
    pub fn finished(&self, script: &Script) -> bool {
        self.next >= script.actions.len()
    }
}

/// Whether a script is for a game day: the scenario has one and the script acts for a seat other
/// than the player's.
pub fn for_a_team(scenario: &crate::scenario::Scenario, script: &Script) -> bool {
    let Some(day) = &scenario.game_day else {
        return false;
    };
    script.actions.iter().any(|s| {
        s.by.as_ref().is_some_and(|by| {
            by != &scenario.player && day.seats.iter().any(|seat| &seat.person == by)
        })
    })
}

/// The world a script plays in: a game day with every seat taken when the script is for a team
/// ([`for_a_team`]), else the scenario's player alone (the facilitator may act in either).
pub fn world_for(
    scenario: crate::scenario::Validated,
    run_seed: u64,
    script: &Script,
) -> Result<World, Rejection> {
    if for_a_team(&scenario, script) {
        World::game_day(scenario, run_seed)
    } else {
        World::new(scenario, run_seed, &[])
    }
}

/// Plays a script against a world to the end of the shift, then applies postmortem steps. Rejected
/// actions are recorded in the event log and the run goes on. Returns the rejections in order.
pub fn play(world: &mut World, script: &Script) -> Vec<(usize, Rejection)> {
    let player = world.scenario().player.clone();
    let mut rejected = Vec::new();
    let mut cursor = Cursor::default();
    loop {
        while let Some((i, step)) = cursor.take_due(script, world.now(), world.phase(), world.end())
        {
            let by = step.by.as_deref().unwrap_or(&player);
            if let Err(r) = world.apply_logged(by, step.action.clone()) {
                rejected.push((i, r));
            }
        }
        if cursor.finished(script) {
            break;
        }
        let stop = cursor.next_stop(script, world.end());
        if stop >= world.end() {
            world.finish();
        } else {
            world.advance_to(stop);
        }
    }
    world.finish();
    rejected
}
