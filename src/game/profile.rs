//! The player's profile: saved results and settings, where they live, and notices about them.

use bevy::prelude::*;

use super::persistence::{self, Saved, Store};

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
