//! A game day in the real game, headless: the facilitator's console (pause, inject, hint, end)
//! and passing the keyboard from seat to seat, through the game's own plugins and its drawing
//! code. No window: MinimalPlugins and StatesPlugin, and screens drawn into an egui context the
//! test owns.

mod common;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use bevy_egui::egui::{self, Event, Key, Modifiers, RawInput, Rect, pos2, vec2};

use pagerdrill::game::bridge::{Session, Watch};
use pagerdrill::game::catalog::Catalog;
use pagerdrill::game::intent::{Intent, Intents};
use pagerdrill::game::profile::Profile;
use pagerdrill::game::screen::Screen;
use pagerdrill::game::screens::shift::{self, ShiftUi, game_day::GameDayStatus};
use pagerdrill::game::ui::theme;
use pagerdrill::scenario::Validated;
use pagerdrill::sim::Action;

fn app() -> App {
    let scenario = Validated::check(common::game_day()).expect("valid");
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(Catalog(vec![scenario]))
        .insert_resource(Profile::default())
        .insert_resource(TimeUpdateStrategy::FixedTimesteps(1));
    app.add_plugins(pagerdrill::game::plugin);
    app.update();
    app
}

fn say(app: &mut App, intent: Intent) {
    app.world_mut().resource_mut::<Intents>().0.push(intent);
    app.update();
    app.update();
}

fn session(app: &App) -> &Session {
    app.world().resource::<Session>()
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Into the shift as a game day, the facilitator at the keyboard.
fn game_day(app: &mut App) {
    say(app, Intent::Go(Screen::Select));
    say(
        app,
        Intent::Choose {
            scenario: 0,
            seed: 1,
        },
    );
    assert_eq!(screen(app), Screen::Briefing);
    say(app, Intent::GameDay);
    assert_eq!(screen(app), Screen::Shift);
    assert!(session(app).is_game_day());
    assert_eq!(session(app).watch(), Some(&Watch::Facilitator));
}

#[test]
fn the_facilitator_pauses_fires_hints_and_ends_the_shift_for_everyone() {
    let mut app = app();
    game_day(&mut app);
    for _ in 0..40 {
        app.update();
    }
    say(&mut app, Intent::TogglePause);
    assert!(session(&app).paused());
    let at = session(&app).now();
    for _ in 0..40 {
        app.update();
    }
    assert_eq!(session(&app).now(), at, "the paused clock moved");
    say(&mut app, Intent::TogglePause);
    assert!(!session(&app).paused());

    say(
        &mut app,
        Intent::Act(Action::Fire {
            inject: "vp".into(),
        }),
    );
    assert!(
        session(&app)
            .view()
            .channel
            .iter()
            .any(|l| l.text == "Who is on this?"),
        "the prepared message is in the channel"
    );
    assert!(
        session(&app)
            .prepared()
            .iter()
            .any(|p| p.id == "vp" && p.fired)
    );
    say(
        &mut app,
        Intent::Act(Action::Hint {
            to: "fatima".into(),
            text: "Look at what changed on auth.".into(),
        }),
    );
    // Fatima's seat reads the hint; Farah's does not.
    say(&mut app, Intent::Watch(Watch::Seat("fatima".into())));
    assert!(session(&app).curtain(), "a seat opens covered");
    say(&mut app, Intent::LiftCurtain);
    let hinted = |app: &App| {
        session(app)
            .view()
            .channel
            .iter()
            .any(|l| l.text.contains("what changed on auth"))
    };
    assert!(hinted(&app));
    say(&mut app, Intent::Watch(Watch::Seat("farah".into())));
    assert!(!hinted(&app));

    say(&mut app, Intent::Watch(Watch::Facilitator));
    say(&mut app, Intent::Act(Action::EndShift));
    assert_eq!(screen(&app), Screen::Postmortem);
    say(&mut app, Intent::FinishPostmortem);
    assert_eq!(screen(&app), Screen::Debrief);
    let report = session(&app).report().expect("scored");
    assert_eq!(
        report.participants.len(),
        4,
        "every seat is in the team's report"
    );
    let timeline: Vec<&str> = report
        .timeline
        .iter()
        .filter(|t| t.from == "Facilitator")
        .map(|t| t.text.as_str())
        .collect();
    assert!(
        timeline.iter().any(|t| t.starts_with("pause")),
        "{timeline:?}"
    );
    assert!(
        timeline.iter().any(|t| t.starts_with("resume")),
        "{timeline:?}"
    );
    assert!(
        timeline
            .iter()
            .any(|t| t.contains("The VP asks in the channel")),
        "{timeline:?}"
    );
    assert!(
        timeline.iter().any(|t| t.starts_with("hint")),
        "{timeline:?}"
    );
    assert!(
        timeline.iter().any(|t| t.starts_with("end shift")),
        "{timeline:?}"
    );
}

#[test]
fn a_seat_acts_as_its_person_and_only_the_facilitator_runs_the_clock() {
    let mut app = app();
    game_day(&mut app);
    say(&mut app, Intent::Watch(Watch::Seat("fatima".into())));
    say(&mut app, Intent::LiftCurtain);
    say(
        &mut app,
        Intent::Act(Action::Inspect {
            service: "auth".into(),
        }),
    );
    assert!(
        session(&app)
            .view()
            .details
            .iter()
            .any(|d| d.service == "auth")
    );
    say(&mut app, Intent::TogglePause);
    assert!(!session(&app).paused());
    assert_eq!(
        session(&app).rejection().map(|r| r.0.as_str()),
        Some("At a game day the facilitator runs the clock.")
    );
    // The commander's seat has not seen auth's dashboards.
    say(&mut app, Intent::Watch(Watch::Seat("you".into())));
    assert!(session(&app).view().details.is_empty());
    // The projector cannot act.
    say(&mut app, Intent::Watch(Watch::Projector));
    say(
        &mut app,
        Intent::Act(Action::Inspect {
            service: "checkout".into(),
        }),
    );
    assert!(
        session(&app)
            .rejection()
            .is_some_and(|r| r.0.contains("projector only shows"))
    );
    // The engine's log has the inspection as Fatima's and nothing as the projector's.
    say(&mut app, Intent::Watch(Watch::Facilitator));
    say(&mut app, Intent::Act(Action::EndShift));
    say(&mut app, Intent::FinishPostmortem);
    let report = session(&app).report().expect("scored");
    assert!(
        report
            .timeline
            .iter()
            .any(|t| t.from == "Fatima" && t.text == "inspect Auth (token validation)"),
        "{:#?}",
        report
            .timeline
            .iter()
            .filter(|t| t.from == "Fatima")
            .collect::<Vec<_>>()
    );
    assert!(
        !report
            .timeline
            .iter()
            .any(|t| t.text.contains("inspect Checkout")),
        "the projector acted"
    );
}

fn key(k: Key) -> Event {
    Event::Key {
        key: k,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    }
}

fn frame(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 900.0))),
        events,
        ..RawInput::default()
    }
}

/// Draws the shift screen of a game day twice (layout, then the keys) and returns the intents.
fn draw(app: &App, st: &mut ShiftUi, keys: &[Key]) -> (Vec<Intent>, String) {
    let s = session(app);
    let status = shift::ShiftStatus {
        paused: s.paused(),
        may_pause: true,
        rate: s.rate(),
        speed: s.speed(),
        rejection: s.rejection().cloned(),
        game_day: s.watch().map(|w| GameDayStatus {
            watch: w.clone(),
            curtain: s.curtain(),
            seats: s.seats(),
            prepared: s.prepared(),
            guide: s.guide(),
            room: None,
        }),
    };
    let ctx = egui::Context::default();
    let pal = theme::Palette::new(false);
    let mut out = Vec::new();
    let mut text = String::new();
    for events in [Vec::new(), keys.iter().map(|k| key(*k)).collect()] {
        out.clear();
        let mut shapes = ctx.run_ui(frame(events), |ui| {
            shift::shift(ui, s.view(), st, &status, &pal, &mut out)
        });
        shapes.textures_delta.clear();
        text = shapes
            .shapes
            .iter()
            .filter_map(|c| match &c.shape {
                egui::epaint::Shape::Text(t) => Some(t.galley.text().to_owned()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    (out, text)
}

#[test]
fn the_console_shows_the_facilitator_their_controls_and_passes_the_keyboard_with_brackets() {
    let mut app = app();
    game_day(&mut app);
    let mut st = ShiftUi::default();
    let (out, text) = draw(&app, &mut st, &[Key::CloseBracket]);
    for words in [
        "Facilitator",
        "Prepared injects",
        "The VP asks in the channel",
        "Wei's train goes into a tunnel",
        "Send hint",
        "End the shift for everyone",
        "Fire the VP once someone declares.",
    ] {
        assert!(text.contains(words), "the console does not show {words:?}");
    }
    // `]` from the facilitator wraps round to the first seat.
    assert_eq!(out, [Intent::Watch(Watch::Seat("you".into()))]);

    // A seat just handed over stays covered, and Enter uncovers it.
    say(&mut app, Intent::Watch(Watch::Seat("fatima".into())));
    let (out, text) = draw(&app, &mut st, &[Key::Enter]);
    assert!(
        text.contains("Pass the keyboard to Fatima (responder)"),
        "{text}"
    );
    assert!(
        !text.contains("Incident channel"),
        "the covered seat shows its console"
    );
    assert_eq!(out, [Intent::LiftCurtain]);
    say(&mut app, Intent::LiftCurtain);
    let (out, text) = draw(&app, &mut st, &[Key::OpenBracket]);
    assert!(text.contains("Incident channel"));
    assert!(
        !text.contains("Prepared injects"),
        "a seat sees the facilitator's console"
    );
    // `[` goes back one place: from the second seat to the first.
    assert_eq!(out, [Intent::Watch(Watch::Seat("you".into()))]);

    // The projector draws the shared picture and no pager.
    say(&mut app, Intent::Watch(Watch::Projector));
    let (_, text) = draw(&app, &mut st, &[]);
    assert!(text.contains("Projector: the shared picture"));
    assert!(text.contains("Status page"));
    assert!(!text.contains("Prepared injects"));
}

#[test]
fn a_team_playthrough_played_in_the_game_gives_the_report_run_gives() {
    use pagerdrill::score::redteam::play_scored;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let days: Vec<Validated> = Catalog::builtin()
        .0
        .into_iter()
        .filter(|s| s.game_day.is_some())
        .collect();
    assert!(days.len() >= 2);
    for s in days {
        let script = pagerdrill::cli::load_script_file(
            &root.join(format!("tests/playthroughs/{}-team-good.ron", s.id)),
        )
        .expect("team run");
        let report = common::autoplay_report(&s.id, &script, 2)
            .unwrap_or_else(|| panic!("{}: the game day never reached the debrief", s.id));
        assert!(
            !report.participants.is_empty(),
            "{}: not played as a team",
            s.id
        );
        let expected = play_scored(&s, &script, 2);
        assert_eq!(
            serde_json::to_string(&report).expect("json"),
            serde_json::to_string(&expected).expect("json"),
            "{}: the game and the headless runner disagree on the game day",
            s.id
        );
    }
}

#[test]
fn the_facilitators_view_opens_covered_and_the_projector_does_not() {
    let mut app = app();
    game_day(&mut app);
    assert!(
        !session(&app).curtain(),
        "the facilitator starts at the keyboard"
    );
    say(&mut app, Intent::Watch(Watch::Seat("hana".into())));
    say(&mut app, Intent::LiftCurtain);
    say(&mut app, Intent::Watch(Watch::Facilitator));
    assert!(
        session(&app).curtain(),
        "a participant pressing [ sees everything"
    );
    let mut st = ShiftUi::default();
    let (_, text) = draw(&app, &mut st, &[]);
    assert!(
        text.contains("Pass the keyboard to the facilitator"),
        "{text}"
    );
    assert!(!text.contains("Prepared injects"));
    say(&mut app, Intent::Watch(Watch::Projector));
    assert!(!session(&app).curtain());
}
