//! The game's resources: the scenario catalogue, the player's profile, the run in progress, and the
//! intents the UI raises for the bridge to carry out.

use bevy::prelude::*;

use super::persistence::{self, Saved, Store};
use crate::scenario::{Scenario, pack};
use crate::score::Report;
use crate::sim::{Action, World};

/// Which screen is showing.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Title.
    #[default]
    Title,
    /// Scenario select.
    Select,
    /// Briefing before the shift.
    Briefing,
    /// The shift itself.
    Shift,
    /// Postmortem questions.
    Postmortem,
    /// Score and debrief.
    Debrief,
    /// Settings.
    Settings,
}

/// The scenarios the player can pick.
#[derive(Resource, Debug, Clone)]
pub struct Catalog(pub Vec<Scenario>);

impl Catalog {
    /// The built-in pack.
    pub fn builtin() -> Catalog {
        Catalog(
            pack::builtin()
                .into_iter()
                .filter_map(|(_, l)| l.value)
                .collect(),
        )
    }
}

/// The player's saved results and settings, where they live, and notices about them.
#[derive(Resource, Debug, Clone, Default)]
pub struct Profile {
    /// What is saved.
    pub saved: Saved,
    /// Where it is saved; `None` keeps everything in memory (tests).
    pub store: Option<Store>,
    /// Messages for the player (a corrupt save moved aside, a failed write).
    pub notices: Vec<String>,
}

impl Profile {
    /// Loads from the platform's store (data directory, or `localStorage` in a browser).
    pub fn load_default() -> Profile {
        let store = Store::platform();
        let (saved, notices) = persistence::load(&store);
        Profile {
            saved,
            store: Some(store),
            notices,
        }
    }

    /// Saves everything; a failure becomes a notice rather than a crash.
    pub fn persist(&mut self) {
        if let Some(store) = &self.store
            && let Err(e) = persistence::save(store, &self.saved)
        {
            self.notices
                .push(format!("Could not save to {}: {e}", store.location()));
        }
    }
}

/// UI state of the shift screen that is not part of the world.
#[derive(Debug, Clone, Default)]
pub struct ShiftUi {
    /// Alert selected in the pager.
    pub selected_alert: Option<u32>,
    /// Service shown in the detail panel.
    pub selected_service: Option<String>,
    /// Pager filter: show resolved alerts too.
    pub show_resolved: bool,
    /// Pager filter: only alerts that paged me.
    pub only_mine: bool,
    /// Pager sort: newest first (else by priority).
    pub newest_first: bool,
    /// Pager text filter.
    pub filter: String,
    /// Mitigation chosen in the detail panel.
    pub mitigation: usize,
    /// Severity chosen in the incident panel (0 = Sev1).
    pub severity: usize,
    /// Status update being written.
    pub status_text: String,
    /// Person chosen in the team and incident panels.
    pub person: Option<String>,
    /// Role chosen in the incident panel.
    pub role: usize,
    /// Time box for delegation, minutes.
    pub time_box: u32,
    /// The last refusal and the game second it happened, shown in place.
    pub rejection: Option<(String, u32)>,
    /// Game second of the newest High page the player has seen flash.
    pub last_high_page: u32,
}

/// The run in progress.
#[derive(Resource)]
pub struct Session {
    /// The engine.
    pub world: World,
    /// Index of the scenario in the catalogue.
    pub scenario: usize,
    /// The person the player plays.
    pub player: String,
    /// Run seed.
    pub seed: u64,
    /// Paused by the player.
    pub paused: bool,
    /// Driven by a script (autoplay): the fixed-step clock leaves the engine alone.
    pub scripted: bool,
    /// Fractional game seconds not yet stepped.
    pub carry: f64,
    /// This shift's speed multiplier: it starts at the settings' default and the player's `+`/`-`
    /// change it for this shift only, so the next scenario opens at its own briefing's pace.
    pub speed: f64,
    /// Shift-screen UI state.
    pub ui: ShiftUi,
    /// The last view built, with the game second and log length it was built at: anything that
    /// changes what the player sees either moves the clock or adds to the log, so frames in between
    /// reuse it.
    pub view: Option<(u32, usize, crate::sim::View)>,
    /// The report, once the postmortem is done.
    pub report: Option<Report>,
    /// The player's previous best total before this run, for comparison.
    pub previous_best: Option<u32>,
}

impl Session {
    /// Starts a run of a scenario with a seed.
    pub fn start(catalog: &Catalog, scenario: usize, seed: u64) -> Option<Session> {
        let s = catalog.0.get(scenario)?.clone();
        let player = s.player.clone();
        let world = World::new(s, seed, &[]).ok()?;
        Some(Session {
            world,
            scenario,
            player,
            seed,
            paused: false,
            scripted: false,
            carry: 0.0,
            speed: 1.0,
            ui: ShiftUi {
                time_box: 15,
                severity: 1,
                newest_first: true,
                ..ShiftUi::default()
            },
            view: None,
            report: None,
            previous_best: None,
        })
    }
}

/// What the UI asks for; the bridge carries it out between frames.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// A player action for the engine.
    Act(Action),
    /// Go to a screen.
    Go(Screen),
    /// Pick a scenario (index) and go to its briefing with a seed.
    Choose {
        /// Catalogue index.
        scenario: usize,
        /// Run seed.
        seed: u64,
    },
    /// Pause or resume.
    TogglePause,
    /// Change the speed multiplier.
    Speed(f64),
    /// After the debrief: the same scenario again.
    Again {
        /// With a new seed (else the same).
        new_seed: bool,
    },
    /// Finish the postmortem and see the debrief.
    FinishPostmortem,
    /// Export the Markdown report next to the saves.
    ExportReport,
    /// Save the settings.
    SaveSettings,
    /// Dismiss the notices.
    DismissNotices,
}

/// Intents raised this frame.
#[derive(Resource, Debug, Default)]
pub struct Intents(pub Vec<Intent>);

/// A choice made on the select screen, waiting for the briefing.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct Pick {
    /// Catalogue index.
    pub scenario: usize,
    /// Run seed.
    pub seed: u64,
}
