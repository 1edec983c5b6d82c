//! The red team: cheap or wrong strategies played against a scenario next to honest play, so an
//! author (and the test suite) can see that the score cannot be gamed. `pagerdrill redteam` prints
//! the table in docs/scoring.md from the strategy files under tests/redteam/.

use crate::scenario::Validated;
use crate::sim::script::{Script, play};

use super::{Report, score};

/// The text that marks a strategy file as not applicable to its scenario, followed by the reason.
pub const NOT_APPLICABLE: &str = "// not applicable:";

/// One strategy for one scenario.
#[derive(Debug, Clone)]
pub struct Strategy {
    /// Its name (the file name without `.ron`).
    pub name: String,
    /// The scripted player; `None` when the strategy makes no sense for the scenario.
    pub script: Option<Script>,
    /// Why it makes no sense, when it does not.
    pub not_applicable: Option<String>,
}

impl Strategy {
    /// Reads a strategy from its file text: a script, or a file marked not applicable.
    pub fn from_text(name: &str, text: &str) -> Result<Strategy, String> {
        if let Some(reason) = text
            .lines()
            .find_map(|l| l.trim().strip_prefix(NOT_APPLICABLE))
        {
            return Ok(Strategy {
                name: name.to_owned(),
                script: None,
                not_applicable: Some(reason.trim().to_owned()),
            });
        }
        let loaded = crate::sim::script::load_script(text);
        match loaded.value {
            Some(script) => Ok(Strategy {
                name: name.to_owned(),
                script: Some(script),
                not_applicable: None,
            }),
            None => Err(loaded
                .diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("; ")),
        }
    }
}

/// Plays a script on a scenario with a run seed and scores it.
pub fn play_scored(s: &Validated, script: &Script, seed: u64) -> Report {
    let mut world = crate::sim::script::world_for(s.clone(), seed, script)
        .expect("a validated scenario builds a world");
    play(&mut world, script);
    score(&world)
}

/// Totals of honest play and of every strategy, per seed.
#[derive(Debug, Clone)]
pub struct Row {
    /// Scenario id.
    pub scenario: String,
    /// Honest play's total on each seed.
    pub honest: Vec<u32>,
    /// Each strategy's total on each seed (`None` when not applicable).
    pub strategies: Vec<(String, Option<Vec<u32>>)>,
}

/// Plays honest play and every strategy on the given seeds.
pub fn evaluate(s: &Validated, honest: &Script, strategies: &[Strategy], seeds: &[u64]) -> Row {
    let totals = |script: &Script| -> Vec<u32> {
        seeds
            .iter()
            .map(|&k| play_scored(s, script, k).score.total)
            .collect()
    };
    Row {
        scenario: s.id.clone(),
        honest: totals(honest),
        strategies: strategies
            .iter()
            .map(|st| (st.name.clone(), st.script.as_ref().map(totals)))
            .collect(),
    }
}

/// The table of totals as Markdown: one row per scenario, one column per strategy, the honest
/// total first. With several seeds each cell shows the worst case for the rubric: the lowest
/// honest total and the highest strategy total.
pub fn markdown_table(rows: &[Row]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for r in rows {
        for (n, _) in &r.strategies {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
    }
    let mut out = String::from("| scenario | honest |");
    for n in &names {
        out.push_str(&format!(" {n} |"));
    }
    out.push_str("\n|---|---|");
    for _ in &names {
        out.push_str("---|");
    }
    out.push('\n');
    for r in rows {
        let honest = r.honest.iter().min().copied().unwrap_or(0);
        out.push_str(&format!("| {} | {honest} |", r.scenario));
        for n in &names {
            let cell = match r.strategies.iter().find(|(x, _)| x == n) {
                Some((_, Some(t))) => t.iter().max().copied().unwrap_or(0).to_string(),
                Some((_, None)) => "n/a".to_owned(),
                None => "".to_owned(),
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    out
}
