//! What the game loads at run time from `assets/`: the fonts, the pager and escalation sounds and
//! the window icon. Natively they are read from the `assets` folder (beside Cargo.toml under
//! `cargo run`, else beside the program or in the folder the game was started from) through
//! Bevy's asset server, so an edited file is used without rebuilding. The same files are built into the program too: they are used when that
//! folder is missing or a file in it cannot be read, and always in a browser, where one download
//! of the game is quicker than fetching each file.

use std::collections::BTreeMap;

use bevy::asset::io::Reader;
use bevy::asset::io::embedded::EmbeddedAssetRegistry;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use bevy_egui::EguiContexts;

use super::ui::fonts;

/// Every file under `assets/` the game uses, built into the program as well.
const BUILT_IN: [(&str, &[u8]); 7] = [
    (
        "fonts/Ubuntu-Light.ttf",
        include_bytes!("../../assets/fonts/Ubuntu-Light.ttf"),
    ),
    (
        "fonts/Hack-Regular.ttf",
        include_bytes!("../../assets/fonts/Hack-Regular.ttf"),
    ),
    (
        "fonts/NotoEmoji-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoEmoji-Regular.ttf"),
    ),
    (
        "fonts/emoji-icon-font.ttf",
        include_bytes!("../../assets/fonts/emoji-icon-font.ttf"),
    ),
    (
        "sounds/pager.wav",
        include_bytes!("../../assets/sounds/pager.wav"),
    ),
    (
        "sounds/escalation.wav",
        include_bytes!("../../assets/sounds/escalation.wav"),
    ),
    ("icon.png", include_bytes!("../../assets/icon.png")),
];

/// Where the built-in copies live in Bevy's `embedded://` asset source.
const EMBEDDED: &str = "embedded://pagerdrill/";

/// Where assets are read from: the `assets` folder (an empty prefix) or the built-in copies.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct AssetRoot(String);

impl AssetRoot {
    /// The asset path of a file under `assets/`.
    pub fn path(&self, file: &str) -> String {
        format!("{}{file}", self.0)
    }

    /// Whether files come from the built-in copies.
    pub fn is_built_in(&self) -> bool {
        self.0 == EMBEDDED
    }
}

/// The built-in copy's asset path of a file under `assets/`.
pub fn built_in_path(file: &str) -> String {
    format!("{EMBEDDED}{file}")
}

/// The `assets` folder to read from: the first of Bevy's usual place (`BEVY_ASSET_ROOT`, the
/// crate under `cargo run`, the program's folder) and the folder the game was started from that
/// holds every file the game needs. `None` in a browser, or when no folder is complete.
#[cfg(not(target_arch = "wasm32"))]
pub fn folder() -> Option<std::path::PathBuf> {
    let bevy_root = bevy::asset::io::file::FileAssetReader::get_base_path();
    let here = std::env::current_dir().ok();
    [Some(bevy_root), here]
        .into_iter()
        .flatten()
        .map(|d| d.join("assets"))
        .find(|dir| BUILT_IN.iter().all(|(file, _)| dir.join(file).is_file()))
}

/// Where to read assets from: the asset server's folder when the game found a complete one.
fn choose_root(found: bool) -> AssetRoot {
    if found {
        AssetRoot(String::new())
    } else {
        AssetRoot(EMBEDDED.to_owned())
    }
}

/// A font file's bytes, checked to be a font the screens can use.
#[derive(Asset, TypePath, Debug)]
pub struct FontFile(pub Vec<u8>);

/// Reads `.ttf` files as [`FontFile`]s, refusing anything that is not a font.
#[derive(Default, TypePath)]
struct FontFileLoader;

impl AssetLoader for FontFileLoader {
    type Asset = FontFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        _context: &mut LoadContext<'_>,
    ) -> Result<FontFile, std::io::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        if fonts::is_font(&bytes) {
            Ok(FontFile(bytes))
        } else {
            Err(std::io::Error::other("not a TrueType or OpenType font"))
        }
    }

    fn extensions(&self) -> &[&str] {
        &["ttf"]
    }
}

/// The fonts being loaded, by egui name, and whether each has fallen back to its built-in copy.
#[derive(Resource, Debug)]
struct FontHandles(Vec<(&'static str, &'static str, Handle<FontFile>, bool)>);

/// Present once the screens' fonts are installed: nothing is drawn before.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct FontsReady;

/// Adds the asset files: registers the built-in copies, chooses where to read from, loads the
/// fonts into egui and sets the window icon.
#[derive(Debug, Clone, Default)]
pub struct AssetsPlugin {
    /// The complete `assets` folder the asset server was pointed at ([`folder`]), if any.
    pub folder: Option<std::path::PathBuf>,
}

impl Plugin for AssetsPlugin {
    fn build(&self, app: &mut App) {
        add(app, self.folder.as_deref());
    }
}

fn add(app: &mut App, folder: Option<&std::path::Path>) {
    match folder {
        Some(dir) => info!("assets from {}", dir.display()),
        // A browser has no folder to read: the built-in copies are the plan, not a fallback.
        None if cfg!(target_arch = "wasm32") => info!("assets built into the game"),
        None => warn!("no complete assets folder: using the copies built into the program"),
    }
    {
        let registry = app.world().resource::<EmbeddedAssetRegistry>();
        for (file, bytes) in BUILT_IN {
            registry.insert_asset(
                std::path::PathBuf::from(file),
                &std::path::Path::new("pagerdrill").join(file),
                bytes,
            );
        }
    }
    app.insert_resource(choose_root(folder.is_some()))
        .init_asset::<FontFile>()
        .register_asset_loader(FontFileLoader)
        .add_systems(Startup, load_fonts)
        .add_systems(
            Update,
            install_fonts.run_if(not(resource_exists::<FontsReady>)),
        );
    #[cfg(not(target_arch = "wasm32"))]
    app.add_systems(Startup, load_icon)
        .add_systems(Update, set_icon.run_if(resource_exists::<Icon>));
}

fn load_fonts(mut commands: Commands, server: Res<AssetServer>, root: Res<AssetRoot>) {
    let handles = fonts::FILES
        .iter()
        .map(|(name, file)| (*name, *file, server.load(root.path(file)), false))
        .collect();
    commands.insert_resource(FontHandles(handles));
}

/// Hands the fonts to egui once all are loaded; a file that failed is replaced by its built-in copy.
fn install_fonts(
    mut commands: Commands,
    mut contexts: EguiContexts,
    mut handles: ResMut<FontHandles>,
    files: Res<Assets<FontFile>>,
    server: Res<AssetServer>,
) {
    for (_, file, handle, fell_back) in &mut handles.0 {
        if !*fell_back && server.load_state(handle.id()).is_failed() {
            warn!("assets/{file} could not be loaded: using the built-in copy");
            *handle = server.load(built_in_path(file));
            *fell_back = true;
        }
    }
    let mut loaded = BTreeMap::new();
    for (name, _, handle, _) in &handles.0 {
        let Some(f) = files.get(handle) else { return };
        loaded.insert((*name).to_owned(), f.0.clone());
    }
    let Ok(ctx) = contexts.ctx_mut() else { return };
    ctx.set_fonts(fonts::definitions(loaded));
    commands.insert_resource(FontsReady);
    // egui keeps its own copy; dropping the handles lets the asset server free the files.
    commands.remove_resource::<FontHandles>();
}

/// The window icon being loaded.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Resource)]
struct Icon(Handle<Image>);

#[cfg(not(target_arch = "wasm32"))]
fn load_icon(mut commands: Commands, server: Res<AssetServer>, root: Res<AssetRoot>) {
    commands.insert_resource(Icon(server.load(root.path("icon.png"))));
}

/// Sets the window icon once it is loaded (winit's windows live on the main thread).
#[cfg(not(target_arch = "wasm32"))]
fn set_icon(
    mut commands: Commands,
    icon: Res<Icon>,
    images: Res<Assets<Image>>,
    server: Res<AssetServer>,
    _main_thread: bevy::ecs::system::NonSendMarker,
) {
    if server.load_state(icon.0.id()).is_failed() {
        commands.remove_resource::<Icon>();
        return;
    }
    let Some(image) = images.get(&icon.0) else {
        return;
    };
    let (w, h) = (image.width(), image.height());
    let rgba = image.data.clone().unwrap_or_default();
    let Ok(winit_icon) = winit::window::Icon::from_rgba(rgba, w, h) else {
        warn!("assets/icon.png is not an RGBA image: the window keeps its default icon");
        commands.remove_resource::<Icon>();
        return;
    };
    let mut set = false;
    bevy::winit::WINIT_WINDOWS.with_borrow(|windows| {
        for window in windows.windows.values() {
            window.set_window_icon(Some(winit_icon.clone()));
            set = true;
        }
    });
    // The window may not exist on the first frames; try again until it does.
    if set {
        commands.remove_resource::<Icon>();
    }
}
