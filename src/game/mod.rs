//! The playable game: Bevy + egui screens around the engine. `plugin` wires everything except the
//! window and renderer, so headless tests can drive screen flow, ticking and saves; `run` adds the
//! window and opens the game.

pub mod assets;
pub mod audio;
pub mod autoplay;
pub mod bridge;
pub mod catalog;
pub mod intent;
pub mod persistence;
pub mod picker;
#[cfg(target_arch = "wasm32")]
pub mod platform;
pub mod profile;
pub mod screen;
pub mod screens;
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;

use bevy::prelude::*;

use catalog::Catalog;
use profile::Profile;
use screen::Screen;

/// The game logic without window or rendering: screens, the engine bridge, the catalogue and the
/// profile. Resources already inserted are kept, so tests can bring their own; without one the
/// profile lives in memory only: the player's real saves are loaded by [`run`], never here, so no
/// test can touch them.
pub fn plugin(app: &mut App) {
    if !app.world().contains_resource::<Catalog>() {
        app.insert_resource(Catalog::builtin());
    }
    if !app.world().contains_resource::<Profile>() {
        app.insert_resource(Profile::default());
    }
    app.init_state::<Screen>();
    app.add_plugins((bridge::plugin, picker::plugin));
}

/// Every screen's drawing and keys, into whichever egui context is primary: the window's in the
/// game, a test's own in headless tests (which then run [`bevy_egui::EguiPrimaryContextPass`]
/// themselves with the input they choose).
pub fn screens_plugin(app: &mut App) {
    app.add_plugins((ui::plugin, screens::plugin));
}

/// How the game was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Play this script automatically and take screenshots.
    pub autoplay: Option<autoplay::Autoplay>,
    /// The window's size in logical pixels (else 1600×900); ignored in a browser.
    pub window: Option<(u32, u32)>,
    /// Join this game day over the network on start (its address), or the one the player joins
    /// from the room screen, maybe taking a seat.
    pub join: Option<(Option<String>, Option<bridge::ScriptedSeat>)>,
}

/// When the process started, to report how long the first frame took. (Bevy's `Instant`, because
/// the standard library's has no clock on `wasm32-unknown-unknown`.)
#[derive(Resource)]
struct Started(bevy::platform::time::Instant);

/// Logs the time from start to the first rendered frame, once.
fn first_frame(started: Res<Started>, mut done: Local<bool>) {
    if !*done {
        *done = true;
        info!("first frame after {} ms", started.0.elapsed().as_millis());
    }
}

/// Opens the game window and runs until it closes.
pub fn run(options: Options) -> AppExit {
    #[cfg(not(target_arch = "wasm32"))]
    let folder = assets::folder();
    #[cfg(target_arch = "wasm32")]
    let folder: Option<std::path::PathBuf> = None;
    let mut app = App::new();
    app.insert_resource(Started(bevy::platform::time::Instant::now()))
        .add_systems(Last, first_frame);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(window(options.window)),
                ..default()
            })
            // No asset has a `.meta` file; asking a web server for them would only produce 404s.
            .set(AssetPlugin {
                meta_check: bevy::asset::AssetMetaCheck::Never,
                file_path: folder
                    .as_ref()
                    .map_or_else(|| "assets".to_owned(), |d| d.display().to_string()),
                ..default()
            }),
    )
    .add_plugins(bevy_egui::EguiPlugin::default())
    .insert_resource(ClearColor(Color::srgb(0.08, 0.09, 0.11)))
    .add_systems(Startup, |mut commands: Commands| {
        // egui anti-aliases its own shapes; multisampling the whole window on top only costs
        // frame time, which software renderers and weak GPUs feel first.
        commands.spawn((Camera2d, Msaa::Off));
    });
    // The player's real results and settings: loaded here, for the real game only.
    app.insert_resource(Profile::load_default());
    app.add_plugins(assets::AssetsPlugin { folder });
    app.add_plugins((plugin, screens_plugin));
    #[cfg(feature = "audio")]
    app.add_plugins(audio::plugin);
    #[cfg(target_arch = "wasm32")]
    app.add_plugins(web::plugin);
    #[cfg(not(target_arch = "wasm32"))]
    app.add_systems(Update, fit_window);
    if let Some(a) = options.autoplay {
        app.add_plugins(autoplay::AutoplayPlugin(a));
    }
    if let Some(asked) = options.join {
        app.add_systems(Startup, (move || asked.clone()).pipe(bridge::join_on_start));
    }
    app.run()
}

/// Shrinks the window, once, when the screen it opened on is smaller than it: a 1600×900 window
/// on a 1280×720 screen would run off its edges.
#[cfg(not(target_arch = "wasm32"))]
fn fit_window(
    monitors: Query<&bevy::window::Monitor, With<bevy::window::PrimaryMonitor>>,
    mut windows: Query<&mut Window, With<bevy::window::PrimaryWindow>>,
    mut done: Local<bool>,
) {
    if *done {
        return;
    }
    let (Ok(monitor), Ok(mut window)) = (monitors.single(), windows.single_mut()) else {
        return;
    };
    *done = true;
    let scale = monitor.scale_factor.max(0.5) as f32;
    let screen = Vec2::new(
        monitor.physical_width as f32 / scale,
        monitor.physical_height as f32 / scale,
    );
    // Room for a title bar and a task bar.
    let room = (screen - Vec2::new(0.0, 60.0)).max(Vec2::new(640.0, 400.0));
    let size = Vec2::new(window.width(), window.height());
    if size.x > room.x || size.y > room.y {
        let fitted = size.min(room);
        info!(
            "the screen is {}×{}: the window opens at {}×{}",
            screen.x, screen.y, fitted.x, fitted.y
        );
        window.resolution.set(fitted.x, fitted.y);
        window.position = WindowPosition::Centered(MonitorSelection::Primary);
    }
}

/// The main window: `size` (else 1600×900) natively; in a browser, the page's canvas, filling its
/// container.
fn window(size: Option<(u32, u32)>) -> Window {
    #[cfg(target_arch = "wasm32")]
    {
        // The page decides the size.
        let _ = size;
        Window {
            title: "PagerDrill".into(),
            canvas: Some("#pagerdrill".into()),
            fit_canvas_to_parent: true,
            ..default()
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Window {
            title: "PagerDrill".into(),
            resolution: size.unwrap_or((1600, 900)).into(),
            ..default()
        }
    }
}
