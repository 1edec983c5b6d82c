//! Results and settings on disk: the player's history and preferences survive restarts, writes are
//! atomic, and a corrupt file is moved aside (never deleted) with a notice instead of stopping the game.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::score::Report;

/// Player preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Multiplies the scenario's time compression (0.25 to 8).
    pub speed: f64,
    /// UI scale (0.75 to 2).
    pub ui_scale: f32,
    /// Use the colour-blind-safe palette.
    pub colour_blind: bool,
    /// Play sounds (where the build has audio).
    pub sound: bool,
    /// Refuse pausing even in practice scenarios.
    pub exam_mode: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            speed: 1.0,
            ui_scale: 1.0,
            colour_blind: false,
            sound: true,
            exam_mode: false,
        }
    }
}

impl Settings {
    /// Brings every value into its allowed range (a hand-edited file may hold anything).
    pub fn sanitised(mut self) -> Settings {
        self.speed = if self.speed.is_finite() {
            self.speed.clamp(0.25, 8.0)
        } else {
            1.0
        };
        self.ui_scale = if self.ui_scale.is_finite() {
            self.ui_scale.clamp(0.75, 2.0)
        } else {
            1.0
        };
        self
    }
}

/// One finished run as kept in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedResult {
    /// Scenario id.
    pub scenario: String,
    /// Run seed.
    pub seed: u64,
    /// Sequence number of the run (1 for the first ever).
    pub run: u64,
    /// The full report.
    pub report: Report,
}

/// Everything the player has earned, and their settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// Finished runs, oldest first.
    pub results: Vec<SavedResult>,
    /// Preferences.
    pub settings: Settings,
}

impl Saved {
    /// Best total for a scenario so far.
    pub fn best(&self, scenario: &str) -> Option<&SavedResult> {
        self.results
            .iter()
            .filter(|r| r.scenario == scenario)
            .max_by_key(|r| (r.report.score.total, std::cmp::Reverse(r.run)))
    }

    /// The most recent run of a scenario.
    pub fn last(&self, scenario: &str) -> Option<&SavedResult> {
        self.results.iter().rev().find(|r| r.scenario == scenario)
    }

    /// Adds a finished run.
    pub fn record(&mut self, report: Report) {
        let run = self.results.last().map_or(1, |r| r.run + 1);
        self.results.push(SavedResult {
            scenario: report.scenario.id.clone(),
            seed: report.seed,
            run,
            report,
        });
    }
}

/// Where saves live: `$PAGERDRILL_DATA_DIR`, else the platform data directory.
pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("PAGERDRILL_DATA_DIR") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(d).join("pagerdrill");
    }
    if let Some(d) = std::env::var_os("APPDATA") {
        return PathBuf::from(d).join("PagerDrill");
    }
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        if cfg!(target_os = "macos") {
            return home.join("Library/Application Support/PagerDrill");
        }
        return home.join(".local/share/pagerdrill");
    }
    PathBuf::from(".pagerdrill")
}

const RESULTS: &str = "results.json";
const SETTINGS: &str = "settings.ron";

/// Writes a file atomically (see [`crate::atomic_file::write`]).
pub use crate::atomic_file::write as write_atomic;

/// Moves a file that cannot be read aside, keeping it for the player to inspect.
fn move_aside(path: &Path) -> Option<PathBuf> {
    for n in 1..1000 {
        let target = path.with_extension(format!("corrupt-{n}"));
        if !target.exists() {
            return fs::rename(path, &target).ok().map(|_| target);
        }
    }
    None
}

/// Loads saves from `dir`. Returns the data and notices for the player (moved-aside files).
pub fn load(dir: &Path) -> (Saved, Vec<String>) {
    let mut notices = Vec::new();
    let mut saved = Saved::default();
    let results = dir.join(RESULTS);
    if results.exists() {
        match fs::read(&results)
            .ok()
            .and_then(|b| serde_json::from_slice::<Vec<SavedResult>>(&b).ok())
        {
            Some(r) => saved.results = r,
            None => {
                let moved = move_aside(&results);
                notices.push(format!(
                    "Your results file could not be read; it was moved to {} and a new history started.",
                    moved.map_or_else(|| results.display().to_string(), |p| p.display().to_string())
                ));
            }
        }
    }
    let settings = dir.join(SETTINGS);
    if settings.exists() {
        match fs::read_to_string(&settings)
            .ok()
            .and_then(|t| crate::scenario::ron_options().from_str::<Settings>(&t).ok())
        {
            Some(s) => saved.settings = s.sanitised(),
            None => {
                let moved = move_aside(&settings);
                notices.push(format!(
                    "Your settings could not be read; they were moved to {} and defaults restored.",
                    moved.map_or_else(
                        || settings.display().to_string(),
                        |p| p.display().to_string()
                    )
                ));
            }
        }
    }
    (saved, notices)
}

/// Saves results and settings into `dir`, each atomically.
pub fn save(dir: &Path, saved: &Saved) -> io::Result<()> {
    let results = serde_json::to_vec_pretty(&saved.results).map_err(io::Error::other)?;
    write_atomic(&dir.join(RESULTS), &results)?;
    save_settings(dir, &saved.settings)
}

/// Saves only the settings.
pub fn save_settings(dir: &Path, settings: &Settings) -> io::Result<()> {
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default())
        .map_err(io::Error::other)?;
    write_atomic(&dir.join(SETTINGS), text.as_bytes())
}
