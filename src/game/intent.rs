//! What the screens, the scripted player and the browser ask of the game: intents, carried out by
//! the engine bridge between frames.

use bevy::prelude::*;

use super::screen::Screen;
use crate::sim::Action;

/// What a screen (or a scripted player) asks for; the bridge carries it out between frames.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// A player action for the engine, by the seat's player.
    Act(Action),
    /// An action by another person in the world: a script's step with `by:`.
    ActAs {
        /// Person id.
        by: String,
        /// What they do.
        action: Action,
    },
    /// Run the shift clock to this game second (a scripted clock: the fixed-step tick is off).
    RunTo(u32),
    /// Go to a screen.
    Go(Screen),
    /// Pick a scenario (index) and go to its briefing with a seed.
    Choose {
        /// Catalogue index.
        scenario: usize,
        /// Run seed.
        seed: u64,
    },
    /// Play the chosen scenario as a game day: every seat in this window, with a facilitator.
    GameDay,
    /// At a game day: show the console through other eyes.
    Watch(super::bridge::Watch),
    /// At a game day: the participant now at the keyboard is ready to see their seat.
    LiftCurtain,
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
    /// Open a room for a game day over the network, as its facilitator: a catalogue scenario
    /// with a game day, and the port players reach this computer on.
    HostRoom {
        /// Catalogue index.
        scenario: usize,
        /// Port for the signaling server.
        port: u16,
    },
    /// Join a room over the network: its address (`ws://HOST:PORT/CODE`) and the name the room
    /// sees.
    JoinRoom {
        /// The room's address.
        url: String,
        /// The player's name.
        name: String,
    },
    /// A player takes a free seat in the room (the person it plays).
    TakeSeat(String),
    /// The facilitator gives a seat to a player (by the room's name for them), or frees it.
    GiveSeat {
        /// The seat's person id.
        person: String,
        /// The player; none frees the seat.
        to: Option<String>,
    },
    /// The facilitator starts the shift for everyone in the room.
    StartRoom,
    /// Leave the room (a player) or close it (the facilitator).
    LeaveRoom,
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
