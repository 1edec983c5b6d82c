//! The playable game: Bevy + egui screens around the engine. `plugin` wires everything except the
//! window and renderer, so headless tests can drive screen flow, ticking and saves; `run` adds the
//! window and opens the game.

pub mod audio;
pub mod autoplay;
pub mod persistence;
pub mod session;
pub mod sim_bridge;
pub mod ui;

use bevy::prelude::*;

use session::{Catalog, Profile, Screen};

/// The game logic without window or rendering: screens, the engine bridge, the catalogue and the
/// profile (resources are kept if already inserted, so tests can bring their own).
pub fn plugin(app: &mut App) {
    if !app.world().contains_resource::<Catalog>() {
        app.insert_resource(Catalog::builtin());
    }
    if !app.world().contains_resource::<Profile>() {
        app.insert_resource(Profile::load_default());
    }
    app.init_state::<Screen>();
    sim_bridge::plugin(app);
}

/// How the game was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Play this script automatically and take screenshots.
    pub autoplay: Option<autoplay::Autoplay>,
}

/// When the process started, to report how long the first frame took.
#[derive(Resource)]
struct Started(std::time::Instant);

/// Logs the time from start to the first rendered frame, once.
fn first_frame(started: Res<Started>, mut done: Local<bool>) {
    if !*done {
        *done = true;
        info!("first frame after {} ms", started.0.elapsed().as_millis());
    }
}

/// Opens the game window and runs until it closes.
pub fn run(options: Options) -> AppExit {
    let mut app = App::new();
    app.insert_resource(Started(std::time::Instant::now()))
        .add_systems(Last, first_frame);
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "PagerDrill".into(),
            resolution: (1600, 900).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(bevy_egui::EguiPlugin::default())
    .insert_resource(ClearColor(Color::srgb(0.08, 0.09, 0.11)))
    .add_systems(Startup, |mut commands: Commands| {
        commands.spawn(Camera2d);
    });
    plugin(&mut app);
    ui::plugin(&mut app);
    #[cfg(feature = "audio")]
    audio::plugin(&mut app);
    if let Some(a) = options.autoplay {
        autoplay::plugin(&mut app, a);
    }
    app.run()
}
