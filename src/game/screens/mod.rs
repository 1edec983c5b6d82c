//! The screens. Each is a module with a plain drawing function over data (exercised without a
//! window in the tests) and a plugin adding the system that calls it on its screen.

pub mod briefing;
pub mod debrief;
pub mod postmortem;
pub mod room;
pub mod select;
pub mod settings;
pub mod shift;
pub mod title;

use bevy::prelude::*;

/// Every screen's drawing system.
pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        title::plugin,
        select::plugin,
        briefing::plugin,
        shift::plugin,
        postmortem::plugin,
        debrief::plugin,
        settings::plugin,
        room::plugin,
    ));
}
