//! The browser build's part of the game: it mirrors the game's state into the page (for screen
//! readers, which see nothing of a canvas, and for the end-to-end test) and reads how the page asked
//! the game to start.

use bevy::prelude::*;

use super::bridge::{Room, Session};
use super::picker::Picker;
use super::platform::{mirror, url_param};
use super::profile::Profile;
use super::screen::Screen;

/// Adds the page mirror.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(Last, publish);
}

/// Mirrors the screen, notices, file-loading problems and the latest score into the page.
fn publish(
    screen: Res<State<Screen>>,
    profile: Res<Profile>,
    picker: Res<Picker>,
    session: Option<Res<Session>>,
    room: Option<Res<Room>>,
) {
    let name = screen.get().name();
    let mut lines = vec![format!("PagerDrill: {name} screen.")];
    lines.extend(profile.notices.iter().cloned());
    if *screen.get() == Screen::Select {
        lines.extend(picker.status.iter().cloned());
        lines.extend(picker.errors.iter().cloned());
    }
    if matches!(
        screen.get(),
        Screen::Briefing | Screen::Shift | Screen::Postmortem
    ) && let Some(s) = &session
    {
        lines.push(format!("Scenario: {}.", s.briefing().title));
    }
    if *screen.get() == Screen::Debrief
        && let Some(report) = session.as_ref().and_then(|s| s.report())
    {
        lines.push(format!(
            "{}: {}/100.",
            report.scenario.title, report.score.total
        ));
    }
    if let Some(room) = &room {
        lines.push(format!("Game day room {}.", room.address()));
        if room.connected() {
            lines.push("Connected to the room.".into());
        }
        let held = room.seat().and_then(|person| {
            room.lobby()?
                .seats
                .iter()
                .find(|s| s.person == person)
                .map(|s| s.name.clone())
        });
        if let Some(name) = held {
            lines.push(format!("Your seat: {name}."));
        }
        lines.extend(room.notices().iter().cloned());
    }
    match profile.saved.results.len() {
        0 => {}
        1 => lines.push("1 shift played so far.".into()),
        runs => lines.push(format!("{runs} shifts played so far.")),
    }
    let clock = session.as_ref().map(|s| s.now());
    mirror(name, &lines.join("\n"), clock);
}

/// How the page asked the game to start: `?script=RON` plays an action script (the format of
/// `docs/action-script.md`) through the shift and postmortem of whatever the player starts. With
/// `?join=ws://HOST:PORT/CODE` the game joins that game day over the network. `?seat=PERSON` takes
/// that seat in the room joined (by `join`, or from the room screen), and a script is then the
/// team's, of which this game plays the seat's part. A script with errors is reported on the
/// console and ignored.
pub fn options_from_url() -> super::Options {
    let mut options = super::Options::default();
    let script = url_param("script").and_then(|text| {
        let loaded = crate::sim::script::load_script(&text);
        if loaded.value.is_none() {
            for d in &loaded.diagnostics {
                web_sys::console::error_1(&d.render("?script").into());
            }
        }
        loaded.value
    });
    let address = url_param("join");
    if let Some(seat) = url_param("seat") {
        let seat = super::bridge::ScriptedSeat { seat, script };
        options.join = Some((address, Some(seat)));
    } else if let Some(address) = address {
        options.join = Some((Some(address), None));
    } else if let Some(script) = script {
        options.autoplay = Some(super::autoplay::Autoplay {
            script,
            dir: None,
            navigate: false,
            ..Default::default()
        });
    }
    options
}
