//! Saves: atomic, round-tripping, and a corrupt file never stops the game or loses the player's data
//! silently: it is moved aside and the player is told.

use pagerdrill::game::persistence::{self, Saved, Settings, Store};
use pagerdrill::scenario::pack;
use pagerdrill::sim::World;

fn temp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("pagerdrill-save-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn report() -> pagerdrill::score::Report {
    let mut w = World::new(pack::find("first-page").expect("tutorial"), 3, &[]).expect("world");
    w.finish();
    pagerdrill::score::score(&w)
}

#[test]
fn results_and_settings_round_trip() {
    let dir = temp("roundtrip");
    let mut saved = Saved::default();
    saved.record(report());
    saved.record(report());
    saved.settings = Settings {
        speed: 2.0,
        ui_scale: 1.25,
        colour_blind: true,
        sound: false,
        exam_mode: true,
    };
    persistence::save(&Store::Dir(dir.clone()), &saved).expect("save");
    let (loaded, notices) = persistence::load(&Store::Dir(dir.clone()));
    assert!(notices.is_empty());
    assert_eq!(loaded, saved);
    assert_eq!(loaded.results[1].run, 2);
    // Runs are counted per scenario: another scenario's first run is its run 1.
    let mut other = report();
    other.scenario.id = "night-page".into();
    let mut more = loaded.clone();
    more.record(other);
    assert_eq!(more.results[2].run, 1);
    assert_eq!(
        loaded.best("first-page").map(|r| r.run),
        Some(1),
        "ties go to the earlier run"
    );
    // Atomic writes leave no temporary files behind.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(names.iter().all(|n| !n.contains("tmp")), "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_save_is_a_fresh_start() {
    let dir = temp("missing");
    let (saved, notices) = persistence::load(&Store::Dir(dir.join("nothing-here")));
    assert_eq!(saved, Saved::default());
    assert!(notices.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_save_is_moved_aside_and_reported() {
    let dir = temp("corrupt");
    std::fs::write(dir.join("results.json"), b"{ this is not json").expect("write");
    std::fs::write(dir.join("settings.ron"), b"Settings(speed: \"fast\"").expect("write");
    let (saved, notices) = persistence::load(&Store::Dir(dir.clone()));
    assert_eq!(saved, Saved::default());
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(notices[0].contains("results.corrupt-1"), "{}", notices[0]);
    // The damaged data is kept for the player, and a new save works.
    assert_eq!(
        std::fs::read(dir.join("results.corrupt-1")).expect("kept"),
        b"{ this is not json"
    );
    assert!(dir.join("settings.corrupt-1").is_file());
    persistence::save(&Store::Dir(dir.clone()), &saved).expect("save after corruption");
    let (again, notices) = persistence::load(&Store::Dir(dir.clone()));
    assert!(notices.is_empty());
    assert_eq!(again, saved);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn out_of_range_settings_are_brought_into_range() {
    let dir = temp("range");
    std::fs::write(dir.join("settings.ron"), b"(speed: 1000.0, ui_scale: 0.01)").expect("write");
    let (saved, notices) = persistence::load(&Store::Dir(dir.clone()));
    assert!(notices.is_empty());
    assert_eq!(saved.settings.speed, 8.0);
    assert_eq!(saved.settings.ui_scale, 0.75);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_entry_that_cannot_be_read_at_all_is_reported_and_left_where_it_is() {
    let dir = temp("unreadable");
    // A directory where the results file should be: it exists, but reading it fails.
    std::fs::create_dir(dir.join("results.json")).expect("dir");
    let (saved, notices) = persistence::load(&Store::Dir(dir.clone()));
    assert!(saved.results.is_empty());
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].starts_with("Your results could not be read from ")
            && notices[0].contains("results.json"),
        "{}",
        notices[0]
    );
    assert!(dir.join("results.json").is_dir(), "left in place");
    assert!(!dir.join("results.corrupt-1").exists(), "not moved aside");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_data_directory_follows_the_override_then_the_platform_conventions() {
    use std::ffi::OsString;
    use std::path::PathBuf;
    let choose = |vars: &[(&str, &str)], macos: bool| {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        persistence::data_dir_from(
            |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            macos,
        )
    };
    let all = [
        ("PAGERDRILL_DATA_DIR", "/saves"),
        ("XDG_DATA_HOME", "/xdg"),
        ("APPDATA", "C:\\Users\\me\\AppData\\Roaming"),
        ("HOME", "/home/me"),
    ];
    assert_eq!(choose(&all, false), PathBuf::from("/saves"));
    assert_eq!(choose(&all[1..], false), PathBuf::from("/xdg/pagerdrill"));
    assert_eq!(
        choose(&all[2..], false),
        PathBuf::from("C:\\Users\\me\\AppData\\Roaming").join("PagerDrill")
    );
    assert_eq!(
        choose(&all[3..], false),
        PathBuf::from("/home/me/.local/share/pagerdrill")
    );
    assert_eq!(
        choose(&all[3..], true),
        PathBuf::from("/home/me/Library/Application Support/PagerDrill")
    );
    assert_eq!(choose(&[], false), PathBuf::from(".pagerdrill"));
    // An empty override or a relative XDG_DATA_HOME would put saves in whatever folder the game
    // was started from: both are skipped.
    assert_eq!(
        choose(
            &[
                ("PAGERDRILL_DATA_DIR", ""),
                ("XDG_DATA_HOME", "relative/dir"),
                ("HOME", "/home/me")
            ],
            false
        ),
        PathBuf::from("/home/me/.local/share/pagerdrill")
    );
}
