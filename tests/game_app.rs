//! Headless app tests of the game: screen flow, the fixed-step tick driving the engine, UI intents
//! becoming engine actions, and saving a finished run. No window, no renderer: MinimalPlugins,
//! StatesPlugin and the game's own plugins.

mod common;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;

use pagerdrill::game::bridge::{Session, TICK_HZ};
use pagerdrill::game::catalog::Catalog;
use pagerdrill::game::intent::{Intent, Intents};
use pagerdrill::game::profile::Profile;
use pagerdrill::game::screen::Screen;
use pagerdrill::sim::{Action, AlertRef, Phase};

fn app(profile: Profile) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(Catalog::builtin())
        .insert_resource(profile)
        // Every update runs the fixed loop exactly once, so tests step the engine deterministically.
        .insert_resource(TimeUpdateStrategy::FixedTimesteps(1));
    app.add_plugins(pagerdrill::game::plugin);
    app.update();
    app
}

fn say(app: &mut App, intent: Intent) {
    app.world_mut().resource_mut::<Intents>().0.push(intent);
    app.update();
    // State transitions apply on the next frame.
    app.update();
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn tutorial_index(app: &App) -> usize {
    app.world()
        .resource::<Catalog>()
        .0
        .iter()
        .position(|s| s.id == "first-page")
        .expect("tutorial")
}

fn into_shift(app: &mut App) {
    say(app, Intent::Go(Screen::Select));
    let i = tutorial_index(app);
    say(
        app,
        Intent::Choose {
            scenario: i,
            seed: 1,
        },
    );
    assert_eq!(screen(app), Screen::Briefing);
    say(app, Intent::Go(Screen::Shift));
    assert_eq!(screen(app), Screen::Shift);
}

#[test]
fn screens_flow_from_title_to_briefing_to_shift() {
    let mut app = app(Profile::default());
    assert_eq!(screen(&app), Screen::Title);
    say(&mut app, Intent::Go(Screen::Select));
    assert_eq!(screen(&app), Screen::Select);
    say(&mut app, Intent::Go(Screen::Settings));
    assert_eq!(screen(&app), Screen::Settings);
    say(&mut app, Intent::Go(Screen::Title));
    into_shift(&mut app);
    let s = app.world().resource::<Session>();
    assert_eq!(s.briefing().id, "first-page");
    assert_eq!(s.seed(), 1);
}

#[test]
fn each_fixed_step_advances_the_engine_by_the_scenario_compression() {
    let mut app = app(Profile::default());
    into_shift(&mut app);
    let start = app.world().resource::<Session>().now();
    for _ in 0..200 {
        app.update();
    }
    let now = app.world().resource::<Session>().now();
    // The tutorial runs at 20 game seconds per real second; each fixed step is 1/TICK_HZ s.
    let expected = 200.0 * 20.0 / TICK_HZ;
    assert!(
        (f64::from(now - start) - expected).abs() <= 1.0,
        "advanced {} s, expected {expected}",
        now - start
    );

    say(&mut app, Intent::TogglePause);
    let paused_at = app.world().resource::<Session>().now();
    for _ in 0..50 {
        app.update();
    }
    assert_eq!(
        app.world().resource::<Session>().now(),
        paused_at,
        "paused clock moved"
    );
}

#[test]
fn a_ui_intent_becomes_an_engine_action_and_a_refusal_is_shown() {
    let mut app = app(Profile::default());
    into_shift(&mut app);
    say(
        &mut app,
        Intent::Act(Action::Inspect {
            service: "storefront".into(),
        }),
    );
    let s = app.world().resource::<Session>();
    assert!(
        s.view().details.iter().any(|d| d.service == "storefront"),
        "the inspection reached the engine and the view shows its dashboards"
    );
    assert!(s.rejection().is_none());

    say(
        &mut app,
        Intent::Act(Action::Acknowledge {
            alert: AlertRef::Id(999),
        }),
    );
    let s = app.world().resource::<Session>();
    let (reason, _) = s
        .rejection()
        .cloned()
        .expect("the refusal is kept for the UI");
    assert!(reason.contains("no alert #999"), "{reason}");
}

#[test]
fn exam_mode_refuses_to_pause() {
    let mut profile = Profile::default();
    profile.saved.settings.exam_mode = true;
    let mut app = app(profile);
    into_shift(&mut app);
    say(&mut app, Intent::TogglePause);
    let s = app.world().resource::<Session>();
    assert!(!s.paused());
    assert!(s.rejection().is_some_and(|r| r.0.contains("exam")));
}

#[test]
fn a_finished_shift_goes_to_the_postmortem_then_the_debrief_and_is_saved() {
    let dir = std::env::temp_dir().join(format!("pagerdrill-app-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut app = app(Profile {
        store: Some(pagerdrill::game::persistence::Store::Dir(dir.clone())),
        ..Profile::default()
    });
    into_shift(&mut app);
    say(&mut app, Intent::Act(Action::EndShift));
    assert_eq!(app.world().resource::<Session>().phase(), Phase::Postmortem);
    assert_eq!(screen(&app), Screen::Postmortem);
    say(
        &mut app,
        Intent::Act(Action::Answer {
            question: "why-slow".into(),
            option: "no-gate".into(),
            filing: None,
        }),
    );
    say(&mut app, Intent::FinishPostmortem);
    assert_eq!(screen(&app), Screen::Debrief);
    let report = app
        .world()
        .resource::<Session>()
        .report()
        .cloned()
        .expect("scored");
    assert_eq!(report.scenario.id, "first-page");
    let profile = app.world().resource::<Profile>();
    assert_eq!(profile.saved.results.len(), 1);
    assert!(profile.notices.is_empty(), "{:?}", profile.notices);

    // What was saved loads back.
    let (saved, notices) = pagerdrill::game::persistence::load(
        &pagerdrill::game::persistence::Store::Dir(dir.clone()),
    );
    assert!(notices.is_empty());
    assert_eq!(saved.results.len(), 1);
    assert_eq!(saved.results[0].report, report);

    // Play again with the same seed: a fresh run of the same scenario.
    say(&mut app, Intent::Again { new_seed: false });
    assert_eq!(screen(&app), Screen::Briefing);
    let s = app.world().resource::<Session>();
    assert_eq!(
        (s.now(), s.seed(), s.previous_best()),
        (0, 1, Some(report.score.total))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_game_plugin_never_loads_the_players_real_saves() {
    // Without a profile of its own, the game logic keeps one in memory: tests and tools that build
    // the app cannot read or overwrite the player's results and settings.
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin));
    app.add_plugins(pagerdrill::game::plugin);
    app.update();
    let profile = app.world().resource::<Profile>();
    assert!(profile.store.is_none(), "{:?}", profile.store);
    assert!(profile.saved.results.is_empty());
}

#[test]
fn a_speed_change_lasts_for_this_shift_only() {
    let mut profile = Profile::default();
    profile.saved.settings.speed = 2.0;
    let mut app = app(profile);
    into_shift(&mut app);
    assert_eq!(
        app.world().resource::<Session>().speed(),
        2.0,
        "starts at the settings' default"
    );
    say(&mut app, Intent::Speed(8.0));
    assert_eq!(app.world().resource::<Session>().speed(), 8.0);
    // The clock runs at the tutorial's 20x times the shift's speed.
    let start = app.world().resource::<Session>().now();
    for _ in 0..100 {
        app.update();
    }
    let moved = f64::from(app.world().resource::<Session>().now() - start);
    let expected = 100.0 * 20.0 * 8.0 / TICK_HZ;
    assert!(
        (moved - expected).abs() <= 1.0,
        "moved {moved}, expected {expected}"
    );
    assert_eq!(
        app.world().resource::<Profile>().saved.settings.speed,
        2.0,
        "the saved default is untouched"
    );
    // The next shift opens at the default again, not at 8x.
    say(&mut app, Intent::Go(Screen::Title));
    into_shift(&mut app);
    assert_eq!(app.world().resource::<Session>().speed(), 2.0);
}

#[test]
fn a_finished_shift_is_saved_exported_and_played_again() {
    use pagerdrill::game::persistence::Store;
    let dir = std::env::temp_dir().join(format!("pagerdrill-app-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let profile = Profile {
        store: Some(Store::Dir(dir.clone())),
        ..Profile::default()
    };
    let mut app = app(profile);
    into_shift(&mut app);
    say(&mut app, Intent::Act(Action::EndShift));
    assert_eq!(screen(&app), Screen::Postmortem);
    say(&mut app, Intent::FinishPostmortem);
    assert_eq!(screen(&app), Screen::Debrief);
    // The run is recorded and saved.
    assert_eq!(app.world().resource::<Profile>().saved.results.len(), 1);
    assert!(dir.join("results.json").is_file());

    // Export writes the after-action report next to the saves, named for the first run.
    say(&mut app, Intent::ExportReport);
    let report = dir.join("reports").join("first-page-seed1-run1.md");
    let md = std::fs::read_to_string(&report).expect("the report file");
    assert!(md.starts_with("# Postmortem: Your first page"), "{md}");

    // Settings are saved when asked.
    app.world_mut()
        .resource_mut::<Profile>()
        .saved
        .settings
        .speed = 4.0;
    say(&mut app, Intent::SaveSettings);
    let settings = std::fs::read_to_string(dir.join("settings.ron")).expect("settings");
    assert!(settings.contains("speed: 4.0"), "{settings}");

    // Play again: the same seed, then a new one, each from the briefing.
    say(&mut app, Intent::Again { new_seed: false });
    assert_eq!(screen(&app), Screen::Briefing);
    say(&mut app, Intent::Go(Screen::Shift));
    assert_eq!(app.world().resource::<Session>().seed(), 1);
    say(&mut app, Intent::Act(Action::EndShift));
    say(&mut app, Intent::FinishPostmortem);
    say(&mut app, Intent::Again { new_seed: true });
    say(&mut app, Intent::Go(Screen::Shift));
    assert_ne!(app.world().resource::<Session>().seed(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn autoplay_plays_every_good_playthrough_headless_to_the_report_run_gives() {
    use pagerdrill::score::redteam::play_scored;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for s in Catalog::builtin().0 {
        let script = pagerdrill::cli::load_script_file(
            &root.join(format!("tests/playthroughs/{}-good.ron", s.id)),
        )
        .expect("good run");
        let report = common::autoplay_report(&s.id, &script, 1)
            .unwrap_or_else(|| panic!("{}: autoplay never reached the debrief", s.id));
        let expected = play_scored(&s, &script, 1);
        assert_eq!(
            serde_json::to_string(&report).expect("json"),
            serde_json::to_string(&expected).expect("json"),
            "{}: the game's autoplay and the headless runner disagree",
            s.id
        );
    }
}
