//! Results and settings, in files natively and in `localStorage` in a browser: the player's history
//! and preferences survive restarts, writes are atomic, and a corrupt entry is moved aside (never
//! deleted) with a notice instead of stopping the game.

use std::fs;
use std::io;
use std::path::PathBuf;

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
    /// Which run of its scenario this was: 1 for the first.
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
        // Counted per scenario: a first run is "run 1" whatever else was played before it.
        let run = self
            .results
            .iter()
            .filter(|r| r.scenario == report.scenario.id)
            .map(|r| r.run)
            .max()
            .map_or(1, |n| n + 1);
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
    data_dir_from(|name| std::env::var_os(name), cfg!(target_os = "macos"))
}

/// The data directory chosen from environment variables (`env` reads one): `PAGERDRILL_DATA_DIR`,
/// then `XDG_DATA_HOME/pagerdrill`, then `APPDATA\PagerDrill` (Windows), then the home
/// directory's usual place (`~/Library/Application Support/PagerDrill` on macOS,
/// `~/.local/share/pagerdrill` elsewhere), and `.pagerdrill` when nothing is set. Empty values are
/// ignored, and so is a relative `XDG_DATA_HOME`, as the XDG specification requires: saves must
/// not land in whatever folder the game was started from.
pub fn data_dir_from(env: impl Fn(&str) -> Option<std::ffi::OsString>, macos: bool) -> PathBuf {
    let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(d) = var("PAGERDRILL_DATA_DIR") {
        return d;
    }
    if let Some(d) = var("XDG_DATA_HOME").filter(|d| d.is_absolute()) {
        return d.join("pagerdrill");
    }
    if let Some(d) = var("APPDATA") {
        return d.join("PagerDrill");
    }
    if let Some(home) = var("HOME") {
        if macos {
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

/// Where the player's saves are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Store {
    /// Files in a directory (native builds).
    Dir(PathBuf),
    /// The browser's `localStorage`, one key per file name (web builds).
    #[cfg(target_arch = "wasm32")]
    Browser,
}

impl Store {
    /// The platform's usual place: [`data_dir`] natively, `localStorage` in a browser.
    pub fn platform() -> Store {
        #[cfg(target_arch = "wasm32")]
        {
            Store::Browser
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            Store::Dir(data_dir())
        }
    }

    /// The saved bytes of an entry, `None` when it does not exist, `Err` when it cannot be read.
    fn read(&self, name: &str) -> Option<Result<Vec<u8>, String>> {
        match self {
            Store::Dir(dir) => {
                let path = dir.join(name);
                path.exists()
                    .then(|| fs::read(&path).map_err(|e| e.to_string()))
            }
            #[cfg(target_arch = "wasm32")]
            Store::Browser => {
                super::platform::storage_get(&browser_key(name)).map(|r| r.map(String::into_bytes))
            }
        }
    }

    /// Replaces an entry whole: a reader sees the old bytes or the new, never a mix.
    fn write(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        match self {
            Store::Dir(dir) => write_atomic(&dir.join(name), bytes),
            #[cfg(target_arch = "wasm32")]
            Store::Browser => {
                // Entries are written by this module from serialisers, so they are UTF-8.
                let text = std::str::from_utf8(bytes).map_err(io::Error::other)?;
                super::platform::storage_set(&browser_key(name), text).map_err(io::Error::other)
            }
        }
    }

    /// Moves an unreadable entry aside (never deletes it) and says where it went.
    fn move_aside(&self, name: &str) -> Option<String> {
        match self {
            Store::Dir(dir) => {
                let path = dir.join(name);
                for n in 1..1000 {
                    let target = path.with_extension(format!("corrupt-{n}"));
                    if !target.exists() {
                        return fs::rename(&path, &target)
                            .ok()
                            .map(|_| target.display().to_string());
                    }
                }
                None
            }
            #[cfg(target_arch = "wasm32")]
            Store::Browser => {
                let key = browser_key(name);
                for n in 1..1000 {
                    let target = format!("{key}.corrupt-{n}");
                    if super::platform::storage_get(&target).is_none() {
                        return super::platform::storage_move(&key, &target)
                            .ok()
                            .map(|_| format!("localStorage[\"{target}\"]"));
                    }
                }
                None
            }
        }
    }

    /// How an entry is named to the player.
    pub fn describe(&self, name: &str) -> String {
        match self {
            Store::Dir(dir) => dir.join(name).display().to_string(),
            #[cfg(target_arch = "wasm32")]
            Store::Browser => format!("localStorage[\"{}\"]", browser_key(name)),
        }
    }

    /// Where the store is, for messages.
    pub fn location(&self) -> String {
        match self {
            Store::Dir(dir) => dir.display().to_string(),
            #[cfg(target_arch = "wasm32")]
            Store::Browser => "this browser's localStorage".into(),
        }
    }

    /// Where exported reports go, for stores that keep files.
    pub fn reports_dir(&self) -> Option<PathBuf> {
        match self {
            Store::Dir(dir) => Some(dir.join("reports")),
            #[cfg(target_arch = "wasm32")]
            Store::Browser => None,
        }
    }
}

/// The `localStorage` key of an entry; prefixed because a page's storage is shared by its origin.
#[cfg(target_arch = "wasm32")]
fn browser_key(name: &str) -> String {
    format!("pagerdrill/{name}")
}

/// Loads saves. Returns the data and notices for the player (entries moved aside).
pub fn load(store: &Store) -> (Saved, Vec<String>) {
    let mut notices = Vec::new();
    let mut saved = Saved::default();
    let results = load_entry(
        store,
        RESULTS,
        ("results", "a new history started"),
        |b| serde_json::from_slice::<Vec<SavedResult>>(b).ok(),
        &mut notices,
    );
    if let Some(r) = results {
        saved.results = r;
    }
    let settings = load_entry(
        store,
        SETTINGS,
        ("settings", "defaults restored"),
        |b| {
            std::str::from_utf8(b)
                .ok()
                .and_then(|t| crate::scenario::ron_options().from_str::<Settings>(t).ok())
        },
        &mut notices,
    );
    if let Some(s) = settings {
        saved.settings = s.sanitised();
    }
    (saved, notices)
}

/// Reads and decodes one entry. `None` when it is absent, unreadable or undecodable; the last two
/// leave a notice. Only an entry whose bytes were read but do not decode is moved aside: one that
/// could not be read at all (storage switched off, no permission) is left where it is.
fn load_entry<T>(
    store: &Store,
    name: &str,
    (what, instead): (&str, &str),
    decode: impl Fn(&[u8]) -> Option<T>,
    notices: &mut Vec<String>,
) -> Option<T> {
    match store.read(name)? {
        Err(e) => {
            notices.push(format!(
                "Your {what} could not be read from {}: {e}; {instead}.",
                store.describe(name)
            ));
            None
        }
        Ok(bytes) => {
            let value = decode(&bytes);
            if value.is_none() {
                notices.push(match store.move_aside(name) {
                    Some(moved) => format!(
                        "Your {what} could not be read; they were moved to {moved} and {instead}."
                    ),
                    None => format!(
                        "Your {what} in {} could not be read nor moved aside; {instead}.",
                        store.describe(name)
                    ),
                });
            }
            value
        }
    }
}

/// Saves results and settings, each atomically.
pub fn save(store: &Store, saved: &Saved) -> io::Result<()> {
    let results = serde_json::to_vec_pretty(&saved.results).map_err(io::Error::other)?;
    store.write(RESULTS, &results)?;
    save_settings(store, &saved.settings)
}

/// Saves only the settings.
pub fn save_settings(store: &Store, settings: &Settings) -> io::Result<()> {
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default())
        .map_err(io::Error::other)?;
    store.write(SETTINGS, text.as_bytes())
}
