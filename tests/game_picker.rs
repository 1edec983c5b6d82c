//! Opening the player's own scenario file from the select screen (the path field natively; the
//! browser's file picker feeds the same code): a broken file is reported exactly as
//! `pagerdrill validate` reports it, a good one joins the list, is highlighted and can be played,
//! and reopening an edited file replaces it instead of piling up copies.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use pagerdrill::game::bridge::Session;
use pagerdrill::game::catalog::Catalog;
use pagerdrill::game::intent::{Intent, Intents};
use pagerdrill::game::picker::Picker;
use pagerdrill::game::profile::Profile;
use pagerdrill::game::screen::Screen;
use pagerdrill::scenario::generate;

fn app() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(Catalog::builtin())
        .insert_resource(Profile::default());
    app.add_plugins(pagerdrill::game::plugin);
    app.update();
    say(&mut app, Intent::Go(Screen::Select));
    app
}

fn say(app: &mut App, intent: Intent) {
    app.world_mut().resource_mut::<Intents>().0.push(intent);
    app.update();
    app.update();
}

/// Types a path into the field and presses Open.
fn open(app: &mut App, path: &Path) {
    let mut picker = app.world_mut().resource_mut::<Picker>();
    picker.path = path.display().to_string();
    picker.open_requested = true;
    app.update();
}

fn catalog_len(app: &App) -> usize {
    app.world().resource::<Catalog>().0.len()
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pagerdrill-picker-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn generated(seed: u64) -> String {
    let opts = generate::GenerateOptions {
        seed,
        services: 12,
        teams: None,
        hours: 4,
    };
    generate::to_ron(&generate::generate(&opts)).expect("ron")
}

#[test]
fn a_broken_file_is_reported_with_the_positions_validate_gives() {
    let mut app = app();
    let before = catalog_len(&app);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/unknown-owner-team.ron");
    open(&mut app, &file);
    let picker = app.world().resource::<Picker>();
    let expected = format!("{}:33:20: error: unknown team \"webb\"", file.display());
    assert!(
        picker
            .errors
            .first()
            .is_some_and(|e| e.starts_with(&expected)),
        "{:?}",
        picker.errors
    );
    assert!(
        picker
            .status
            .as_deref()
            .unwrap_or("")
            .contains("could not be loaded")
    );
    assert_eq!(catalog_len(&app), before, "a broken file adds nothing");
}

#[test]
fn a_missing_file_or_an_empty_path_is_refused_with_a_reason() {
    let mut app = app();
    open(&mut app, Path::new("/no/such/scenario.ron"));
    let errors = app.world().resource::<Picker>().errors.clone();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("/no/such/scenario.ron: error:"),
        "{errors:?}"
    );
    open(&mut app, Path::new(""));
    let errors = app.world().resource::<Picker>().errors.clone();
    assert!(errors[0].contains("type the path"), "{errors:?}");
}

#[test]
fn a_good_file_joins_the_list_is_highlighted_and_plays() {
    let mut app = app();
    let before = catalog_len(&app);
    let dir = temp_dir("good");
    let file = dir.join("mine.ron");
    std::fs::write(&file, generated(5)).expect("write");
    open(&mut app, &file);
    let picker = app.world().resource::<Picker>().clone();
    assert!(picker.errors.is_empty(), "{:?}", picker.errors);
    assert_eq!(catalog_len(&app), before + 1);
    assert_eq!(picker.chosen, before, "the new scenario is highlighted");
    let id = app.world().resource::<Catalog>().0[before].id.clone();
    assert_eq!(id, "generated-5-12");

    say(
        &mut app,
        Intent::Choose {
            scenario: picker.chosen,
            seed: 1,
        },
    );
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Briefing
    );
    let session = app.world().resource::<Session>();
    assert_eq!(session.briefing().id, id);
}

#[test]
fn reopening_an_edited_file_replaces_it_and_built_ins_are_never_replaced() {
    let mut app = app();
    let before = catalog_len(&app);
    let dir = temp_dir("edit");
    let file = dir.join("mine.ron");
    let text = generated(6);
    std::fs::write(&file, &text).expect("write");
    open(&mut app, &file);
    let edited = text.replacen("title: \"", "title: \"Edited: ", 1);
    std::fs::write(&file, edited).expect("write");
    open(&mut app, &file);
    let catalog = app.world().resource::<Catalog>();
    assert_eq!(catalog.0.len(), before + 1, "one entry for one scenario id");
    assert!(catalog.0[before].title.starts_with("Edited: "));

    // A copy of a built-in scenario is added beside it; the built-in stays as shipped.
    let tutorial = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/first-page.ron");
    open(&mut app, &tutorial);
    let catalog = app.world().resource::<Catalog>();
    assert_eq!(catalog.0.len(), before + 2);
    assert_eq!(catalog.0.iter().filter(|s| s.id == "first-page").count(), 2);
}

/// Lets the game run for `seconds` of real time in `frames` updates (the watcher checks files on a
/// real-time clock).
fn run_for(app: &mut App, seconds: f32, frames: u32) {
    use bevy::time::TimeUpdateStrategy;
    app.insert_resource(TimeUpdateStrategy::ManualDuration(
        std::time::Duration::from_secs_f32(seconds / frames as f32),
    ));
    for _ in 0..frames {
        app.update();
    }
}

#[test]
fn an_opened_file_edited_on_disk_is_loaded_again_without_reopening() {
    let mut app = app();
    let before = catalog_len(&app);
    let dir = temp_dir("watch");
    let file = dir.join("mine.ron");
    let text = generated(7);
    std::fs::write(&file, &text).expect("write");
    open(&mut app, &file);
    assert_eq!(catalog_len(&app), before + 1);
    // The player has moved on to another screen; the author saves an edit in their editor.
    say(&mut app, Intent::Go(Screen::Title));
    let edited = text.replacen("title: \"", "title: \"Edited on disk: ", 1);
    std::fs::write(&file, &edited).expect("write");
    run_for(&mut app, 1.0, 4);
    let catalog = app.world().resource::<Catalog>();
    assert_eq!(catalog.0.len(), before + 1, "replaced, not added");
    assert!(
        catalog.0[before].title.starts_with("Edited on disk: "),
        "{}",
        catalog.0[before].title
    );
    let notices = &app.world().resource::<Profile>().notices;
    assert!(
        notices
            .iter()
            .any(|n| n.contains("changed on disk and was loaded again")),
        "{notices:?}"
    );

    // An edit that breaks the file keeps the last good version and says what is wrong, with the
    // position `validate` gives.
    std::fs::write(&file, edited.replacen("title:", "titel:", 1)).expect("write");
    run_for(&mut app, 1.0, 4);
    let catalog = app.world().resource::<Catalog>();
    assert!(catalog.0[before].title.starts_with("Edited on disk: "));
    let notices = &app.world().resource::<Profile>().notices;
    let last = notices.last().expect("a notice");
    assert!(
        last.contains("the last version that loaded stays"),
        "{last}"
    );
    assert!(last.contains("mine.ron:"), "{last}");

    // Deleting the file is a problem too, and nothing is lost.
    std::fs::remove_file(&file).expect("remove");
    run_for(&mut app, 1.0, 4);
    assert!(
        app.world().resource::<Catalog>().0[before]
            .title
            .starts_with("Edited on disk: ")
    );
    // Nothing changes while the file stays as it is: no new notices.
    let count = app.world().resource::<Profile>().notices.len();
    run_for(&mut app, 2.0, 8);
    assert_eq!(app.world().resource::<Profile>().notices.len(), count);
}
