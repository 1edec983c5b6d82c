//! The screen state: which screen is showing.

use bevy::prelude::*;

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
    /// A game day over the network: hosting or joining a room, and its lobby.
    Room,
}

impl Screen {
    /// The screen's name in plain words (the browser page publishes it for screen readers and
    /// tests).
    pub fn name(self) -> &'static str {
        match self {
            Screen::Title => "title",
            Screen::Select => "select",
            Screen::Briefing => "briefing",
            Screen::Shift => "shift",
            Screen::Postmortem => "postmortem",
            Screen::Debrief => "debrief",
            Screen::Settings => "settings",
            Screen::Room => "room",
        }
    }
}
