//! The select screen's state and the player's own scenario files: a file the player opens is loaded
//! like `pagerdrill validate` loads it, and its problems are shown with the same `file:line:col:`
//! positions. Natively the player types a path; in a browser the page's file picker opens.
//!
//! Natively, a file the player opened is watched: when it changes on disk it is loaded again, so a
//! scenario author sees an edit on the next run without restarting the game. A change that breaks
//! the file keeps the last version that loaded and says what is wrong.

use bevy::prelude::*;

use super::catalog::Catalog;
use super::screen::Screen;
use crate::scenario;

/// What the select screen remembers between frames.
#[derive(Resource, Debug, Default, Clone)]
pub struct Picker {
    /// Catalogue index of the highlighted scenario.
    pub chosen: usize,
    /// The path typed into the "open a file" field (native builds).
    pub path: String,
    /// The player asked to open a file this frame.
    pub open_requested: bool,
    /// The problems of the last file that failed to load, rendered as the CLI renders them.
    pub errors: Vec<String>,
    /// What happened with the last file, for the player.
    pub status: Option<String>,
    /// Files opened natively, watched for edits.
    pub watched: Vec<Watched>,
}

/// A scenario file the player opened, and how it looked when last read.
#[derive(Debug, Clone, PartialEq)]
pub struct Watched {
    /// The path as typed.
    pub path: String,
    /// Modification time and size when last read; a change in either means an edit.
    pub stamp: Option<(std::time::SystemTime, u64)>,
}

/// How often opened files are checked for edits, in seconds.
pub const WATCH_EVERY_SECONDS: f32 = 0.5;

/// A file's modification time and size, if it can be read.
#[cfg(not(target_arch = "wasm32"))]
fn stamp(path: &str) -> Option<(std::time::SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

impl Picker {
    /// Adds a loaded file's scenario to the catalogue and highlights it, or keeps its errors.
    /// A file whose scenario id was loaded before replaces that entry, so editing and reopening a
    /// file does not pile up copies; built-in scenarios are never replaced.
    pub fn accept(&mut self, catalog: &mut Catalog, builtin: usize, name: &str, bytes: &[u8]) {
        let loaded = scenario::load_bytes(bytes);
        match loaded.value {
            Some(s) => {
                let title = s.title.clone();
                let index = match catalog.0[builtin.min(catalog.0.len())..]
                    .iter()
                    .position(|c| c.id == s.id)
                {
                    Some(i) => {
                        catalog.0[builtin + i] = s;
                        builtin + i
                    }
                    None => {
                        catalog.0.push(s);
                        catalog.0.len() - 1
                    }
                };
                self.chosen = index;
                self.errors.clear();
                self.status = Some(format!("Loaded \"{title}\" from {name}."));
            }
            None => {
                self.errors = loaded
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.render(name))
                    .collect();
                self.status = Some(format!(
                    "{name} could not be loaded: {} problem{}.",
                    self.errors.len(),
                    if self.errors.len() == 1 { "" } else { "s" }
                ));
            }
        }
    }

    /// Records a file that could not even be read.
    pub fn refuse(&mut self, name: &str, why: &str) {
        self.errors = vec![crate::scenario::files::io_error(name, why)];
        self.status = Some(format!("{name} could not be loaded: 1 problem."));
    }
}

/// How many scenarios are built in (they come first in the catalogue and are never replaced).
#[derive(Resource, Debug, Clone, Copy)]
struct Builtin(usize);

pub(super) fn plugin(app: &mut App) {
    let builtin = app
        .world()
        .get_resource::<Catalog>()
        .map_or(0, |c| c.0.len());
    app.init_resource::<Picker>()
        .insert_resource(Builtin(builtin))
        .add_systems(Update, open.run_if(in_state(Screen::Select)));
    #[cfg(not(target_arch = "wasm32"))]
    app.add_systems(Update, watch);
}

/// Loads an opened file again when it changed on disk, on whatever screen the player is; a run in
/// progress keeps the world it started with, and the next run uses the edit.
#[cfg(not(target_arch = "wasm32"))]
fn watch(
    time: Res<Time<Real>>,
    mut since: Local<f32>,
    mut picker: ResMut<Picker>,
    mut catalog: ResMut<Catalog>,
    builtin: Res<Builtin>,
    mut profile: ResMut<super::profile::Profile>,
) {
    *since += time.delta_secs();
    if *since < WATCH_EVERY_SECONDS || picker.watched.is_empty() {
        return;
    }
    *since = 0.0;
    for i in 0..picker.watched.len() {
        let path = picker.watched[i].path.clone();
        let now = stamp(&path);
        if now == picker.watched[i].stamp {
            continue;
        }
        picker.watched[i].stamp = now;
        match crate::scenario::files::read_bounded(std::path::Path::new(&path)) {
            Ok(bytes) => picker.accept(&mut catalog, builtin.0, &path, &bytes),
            Err(e) => picker.refuse(&path, &e),
        }
        let notice = if picker.errors.is_empty() {
            format!("{path} changed on disk and was loaded again; the next run uses it.")
        } else {
            format!(
                "{path} changed on disk but has {} problem{}: the last version that loaded stays. {}",
                picker.errors.len(),
                if picker.errors.len() == 1 { "" } else { "s" },
                picker.errors[0]
            )
        };
        profile.notices.push(notice);
    }
}

/// Carries out "open a scenario file": reads the typed path natively, opens the browser's picker
/// on the web and takes the files it delivers.
fn open(mut picker: ResMut<Picker>, mut catalog: ResMut<Catalog>, builtin: Res<Builtin>) {
    let requested = std::mem::take(&mut picker.open_requested);
    #[cfg(not(target_arch = "wasm32"))]
    if requested {
        let typed = picker.path.trim().to_string();
        if typed.is_empty() {
            picker.refuse("(no file)", "type the path of a scenario file first");
            return;
        }
        let before = stamp(&typed);
        match crate::scenario::files::read_bounded(std::path::Path::new(&typed)) {
            Ok(bytes) => {
                picker.accept(&mut catalog, builtin.0, &typed, &bytes);
                if picker.errors.is_empty() && !picker.watched.iter().any(|w| w.path == typed) {
                    picker.watched.push(Watched {
                        path: typed,
                        stamp: before,
                    });
                }
            }
            Err(e) => picker.refuse(&typed, &e),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        if requested && let Err(e) = super::platform::pick_file(scenario::MAX_FILE_BYTES) {
            picker.refuse("(file picker)", &e);
        }
        for file in super::platform::take_picked() {
            match file.bytes {
                Ok(bytes) => picker.accept(&mut catalog, builtin.0, &file.name, &bytes),
                Err(e) => picker.refuse(&file.name, &e),
            }
        }
    }
}
