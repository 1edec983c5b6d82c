//! A game day over the network, played by the game itself (headless, no window): its room screen's
//! intents open and join rooms over real WebRTC on loopback, its sessions show each seat's own
//! view, and every game's saved report is the one `pagerdrill run` gives for the facilitator's
//! ordered log.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use bevy_egui::egui::{self, Event, Key, Modifiers, RawInput, Rect, pos2, vec2};

use pagerdrill::game::bridge::{Room, RoomSide, ScriptedSeat, Session, Watch, join_on_start};
use pagerdrill::game::intent::{Intent, Intents};
use pagerdrill::game::persistence::Store;
use pagerdrill::game::profile::Profile;
use pagerdrill::game::screen::Screen;
use pagerdrill::game::screens::room::{self, RoomCard, RoomUi};
use pagerdrill::game::screens::shift::{self, ShiftStatus, ShiftUi, game_day::GameDayStatus};
use pagerdrill::game::ui::theme::Palette;
use pagerdrill::scenario::pack;
use pagerdrill::score::redteam::play_scored;
use pagerdrill::sim::script::{Script, load_script};
use pagerdrill::sim::{Action, Phase};

/// How long anything on loopback may take before the test calls it stuck.
const PATIENCE: Duration = Duration::from_secs(120);

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pagerdrill"))
}

/// The game without a window, its clock moving 50 ms a frame.
fn game() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(Profile::default())
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            50,
        )));
    app.add_plugins(pagerdrill::game::plugin);
    app
}

fn say(app: &mut App, intent: Intent) {
    app.world_mut().resource_mut::<Intents>().0.push(intent);
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Updates the games (each frame a little real time, for the network) until `done` holds.
fn run_until(apps: &mut [&mut App], what: &str, mut done: impl FnMut(&mut [&mut App]) -> bool) {
    let since = Instant::now();
    while !done(apps) {
        assert!(since.elapsed() < PATIENCE, "stuck waiting for {what}");
        for a in apps.iter_mut() {
            a.update();
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn team_script() -> (std::path::PathBuf, Script) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/playthroughs/gameday-checkout-team-good.ron");
    let text = std::fs::read_to_string(&path).expect("team script");
    (path, load_script(&text).value.expect("loads"))
}

/// Draws with egui twice (layout, then `keys`) and returns the intents and every text drawn.
fn draw(
    keys: &[Key],
    mut screen: impl FnMut(&mut egui::Ui, &mut Vec<Intent>),
) -> (Vec<Intent>, String) {
    let ctx = egui::Context::default();
    let mut out = Vec::new();
    let mut text = String::new();
    let keys: Vec<Event> = keys
        .iter()
        .map(|k| Event::Key {
            key: *k,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        })
        .collect();
    for events in [Vec::new(), keys] {
        out.clear();
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 900.0))),
            events,
            ..RawInput::default()
        };
        let mut drawn = ctx.run_ui(input, |ui| screen(ui, &mut out));
        drawn.textures_delta.clear();
        text = drawn
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

/// The room screen of a game, drawn, with `keys` pressed.
fn draw_room(app: &App, keys: &[Key]) -> (Vec<Intent>, String) {
    let card = RoomCard::of(app.world().resource::<Room>());
    let mut st = RoomUi::default();
    draw(keys, |ui, out| {
        room::room(ui, Some(&card), &[], &mut st, out)
    })
}

/// The shift screen of a game, drawn, with `keys` pressed.
fn draw_shift(app: &App, keys: &[Key]) -> (Vec<Intent>, String) {
    let s = app.world().resource::<Session>();
    let status = ShiftStatus {
        paused: s.paused(),
        may_pause: false,
        rate: s.rate(),
        speed: s.speed(),
        rejection: s.rejection().cloned(),
        game_day: s.watch().map(|w| GameDayStatus {
            watch: w.clone(),
            curtain: s.curtain(),
            seats: s.seats(),
            prepared: s.prepared(),
            guide: s.guide(),
            room: Some(RoomCard::of(app.world().resource::<Room>())),
        }),
    };
    let mut st = ShiftUi::default();
    let pal = Palette::new(false);
    draw(keys, |ui, out| {
        shift::shift(ui, s.view(), &mut st, &status, &pal, out)
    })
}

/// The facilitator's game opens a room for a built-in scenario from its room screen; returns the
/// address a game on this computer reaches it at (loopback, whatever address it tells others).
fn open_room(host: &mut App, scenario: &str) -> String {
    let index = host
        .world()
        .resource::<pagerdrill::game::catalog::Catalog>()
        .0
        .iter()
        .position(|s| s.id == scenario)
        .expect("built in");
    say(host, Intent::Go(Screen::Room));
    say(
        host,
        Intent::HostRoom {
            scenario: index,
            port: 0,
        },
    );
    run_until(&mut [&mut *host], "the room to open", |a| {
        screen(a[0]) == Screen::Room
            && a[0]
                .world()
                .get_resource::<Room>()
                .is_some_and(Room::connected)
    });
    let room = host.world().resource::<Room>();
    assert_eq!(room.side(), RoomSide::Facilitator);
    let port_code = room.address().rsplit_once(':').expect("port").1;
    format!("ws://127.0.0.1:{port_code}")
}

/// The report a game saved for its last run, as JSON.
fn saved_report(app: &App) -> serde_json::Value {
    let profile = app.world().resource::<Profile>();
    let last = profile.saved.results.last().expect("a saved result");
    serde_json::to_value(&last.report).expect("json")
}

/// The browser test's path, natively: `pagerdrill host` runs the room headless, four
/// `pagerdrill join` players and one game (given a seat and the team script, joined from its room
/// screen) play the team script, and the game saves the team's report `pagerdrill run` gives for
/// the host's log.
#[test]
fn a_game_joined_by_address_plays_its_seat_and_saves_the_teams_report() {
    let dir = std::env::temp_dir().join(format!("pagerdrill-net-game-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (path, script) = team_script();
    let mut host = bin()
        .args(["host", "gameday-checkout", "--listen", "127.0.0.1:0"])
        .arg("--actions")
        .arg(&path)
        .arg("--log")
        .arg(dir.join("log.ron"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("host starts");
    let address = common::room_address(&mut host);
    // The code typed in small letters with a dash still finds the room.
    let (base, code) = address.rsplit_once('/').expect("code");
    let typed = format!("{base}/{}-{}", code[..4].to_lowercase(), &code[4..]);

    // Started with a seat and a script but no room (`--seat sana --autoplay TEAM.ron`): the seat
    // waits for the room the player joins from the room screen.
    let mut app = game();
    let asked = (
        None,
        Some(ScriptedSeat {
            seat: "sana".into(),
            script: Some(script),
        }),
    );
    app.add_systems(Startup, (move || asked.clone()).pipe(join_on_start));
    app.update();
    say(&mut app, Intent::Go(Screen::Room));
    say(
        &mut app,
        Intent::JoinRoom {
            url: typed,
            name: "Sana's player".into(),
        },
    );
    let others: Vec<_> = ["ines", "kwame", "amara", "tomas"]
        .iter()
        .map(|s| {
            bin()
                .args(["join", &address, "--seat", s])
                .arg("--actions")
                .arg(&path)
                .stdout(Stdio::null())
                .spawn()
                .expect("player starts")
        })
        .collect();

    run_until(&mut [&mut app], "the shift to start", |a| {
        screen(a[0]) == Screen::Shift
    });
    {
        let s = app.world().resource::<Session>();
        assert!(s.is_remote_player());
        assert_eq!(s.watch(), Some(&Watch::Seat("sana".into())));
        assert_eq!(s.view().viewer, "sana", "the game shows its own seat");
    }
    // Passing the keyboard to another seat is a one-window game day's: here it does nothing.
    say(&mut app, Intent::Watch(Watch::Facilitator));
    app.update();
    assert_eq!(
        app.world().resource::<Session>().watch(),
        Some(&Watch::Seat("sana".into()))
    );
    run_until(&mut [&mut app], "the debrief", |a| {
        screen(a[0]) == Screen::Debrief
    });
    for mut p in others {
        assert!(p.wait().expect("player ends").success());
    }
    assert!(host.wait().expect("host ends").success(), "the host failed");

    let log_text = std::fs::read_to_string(dir.join("log.ron")).expect("log written");
    let log = load_script(&log_text).value.expect("the log is a script");
    let scenario = pack::find("gameday-checkout").expect("built in");
    let expected = serde_json::to_value(play_scored(&scenario, &log, 1)).expect("json");
    assert_eq!(
        saved_report(&app),
        expected,
        "the game's report differs from run's"
    );
    assert!(
        log.actions
            .iter()
            .filter(|s| s.by.as_deref() == Some("sana"))
            .count()
            >= 3,
        "the game played Sana's steps"
    );
}

/// The facilitator's game opens a room from its room screen; two games join by the address,
/// take seats from the lobby, act for their own seat only, finish the postmortem and wait; the
/// facilitator closes the game day, and all three save the same report, the one `run` gives.
#[test]
fn the_facilitators_game_hosts_and_players_games_join_from_the_room_screen() {
    // The facilitator's game keeps its files in a scratch folder.
    let saves = std::env::temp_dir().join(format!("pagerdrill-net-host-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&saves);
    let mut host = game();
    host.insert_resource(Profile {
        store: Some(Store::Dir(saves.clone())),
        ..Default::default()
    });
    let mut ana = game();
    let mut ben = game();
    for a in [&mut host, &mut ana, &mut ben] {
        a.update();
    }
    let local = open_room(&mut host, "gameday-checkout");
    let address = host.world().resource::<Room>().address().to_owned();
    say(
        &mut ana,
        Intent::JoinRoom {
            url: local.clone(),
            name: "Ana".into(),
        },
    );
    say(
        &mut ben,
        Intent::JoinRoom {
            url: local,
            name: "Ben".into(),
        },
    );
    run_until(
        &mut [&mut host, &mut ana, &mut ben],
        "both players in the lobby",
        |a| {
            a[1..].iter().all(|p| {
                p.world()
                    .get_resource::<Room>()
                    .is_some_and(|r| r.connected() && r.lobby().is_some())
            })
        },
    );
    // The facilitator's lobby shows the address and the start; a player's offers the free seats,
    // each by its number too.
    let (_, text) = draw_room(&host, &[]);
    for words in [
        address.as_str(),
        "Start the shift",
        "5 seats are free",
        "Close the room",
    ] {
        assert!(
            text.contains(words),
            "the facilitator's lobby lacks {words:?}:\n{text}"
        );
    }
    let (out, text) = draw_room(&ana, &[Key::Num2]);
    assert!(text.contains("Take this seat"), "{text}");
    assert!(
        text.contains("Connected to the facilitator's game."),
        "{text}"
    );
    let second = host
        .world()
        .resource::<Room>()
        .lobby()
        .expect("lobby")
        .seats[1]
        .person
        .clone();
    assert_eq!(out, [Intent::TakeSeat(second)]);
    // Ana takes Sana's seat from the lobby; Ben asks for the same one and is refused.
    say(&mut ana, Intent::TakeSeat("sana".into()));
    run_until(&mut [&mut host, &mut ana, &mut ben], "Ana's seat", |a| {
        a[1].world().resource::<Room>().seat() == Some("sana")
    });
    say(&mut ben, Intent::TakeSeat("sana".into()));
    run_until(&mut [&mut host, &mut ana, &mut ben], "Ben's refusal", |a| {
        a[2].world()
            .resource::<Room>()
            .notices()
            .iter()
            .any(|n| n.contains("taken"))
    });
    // The facilitator gives Ben Kwame's seat.
    let ben_peer = host
        .world()
        .resource::<Room>()
        .players()
        .into_iter()
        .find(|p| p.name == "Ben")
        .expect("Ben is in the room")
        .peer;
    say(
        &mut host,
        Intent::GiveSeat {
            person: "kwame".into(),
            to: Some(ben_peer),
        },
    );
    run_until(&mut [&mut host, &mut ana, &mut ben], "Ben's seat", |a| {
        a[2].world().resource::<Room>().seat() == Some("kwame")
    });
    say(&mut host, Intent::StartRoom);
    run_until(
        &mut [&mut host, &mut ana, &mut ben],
        "everyone on the shift",
        |a| a.iter().all(|p| screen(p) == Screen::Shift),
    );
    assert_eq!(
        host.world().resource::<Session>().watch(),
        Some(&Watch::Facilitator)
    );
    // Each window is its seat's: no bar to pass the keyboard, and `]` does nothing; the
    // facilitator's console lists the room.
    let (out, text) = draw_shift(&ana, &[Key::CloseBracket]);
    assert!(out.is_empty(), "{out:?}");
    assert!(text.contains("Sana (responder)"), "{text}");
    assert!(
        !text.contains("Projector"),
        "a player's window offers other eyes:\n{text}"
    );
    let (_, text) = draw_shift(&host, &[]);
    for words in ["The room", "Ana", "Ben", "Prepared injects"] {
        assert!(
            text.contains(words),
            "the facilitator's console lacks {words:?}"
        );
    }
    // Ana inspects checkout; whatever her game says, the facilitator logs it as Sana's.
    say(
        &mut ana,
        Intent::Act(Action::Inspect {
            service: "checkout".into(),
        }),
    );
    say(
        &mut ana,
        Intent::ActAs {
            by: "kwame".into(),
            action: Action::Inspect {
                service: "payments".into(),
            },
        },
    );
    run_until(
        &mut [&mut host, &mut ana, &mut ben],
        "Ana's actions in the log",
        |a| {
            a[0].world().resource::<Room>().log().is_some_and(|l| {
                l.actions
                    .iter()
                    .filter(|s| s.by.as_deref() == Some("sana"))
                    .count()
                    == 2
            })
        },
    );
    let log = host.world().resource::<Room>().log().expect("log");
    assert!(log.actions.iter().all(|s| s.by.as_deref() != Some("kwame")));
    // The facilitator fires an inject and ends the shift; the players answer nothing and finish.
    say(
        &mut host,
        Intent::Act(Action::Fire {
            inject: "coo-eta".into(),
        }),
    );
    say(&mut host, Intent::Act(Action::EndShift));
    run_until(
        &mut [&mut host, &mut ana, &mut ben],
        "everyone at the postmortem",
        |a| a.iter().all(|p| screen(p) == Screen::Postmortem),
    );
    assert_eq!(ana.world().resource::<Session>().phase(), Phase::Postmortem);
    say(&mut ana, Intent::FinishPostmortem);
    say(&mut ben, Intent::FinishPostmortem);
    run_until(
        &mut [&mut host, &mut ana, &mut ben],
        "both players done",
        |a| {
            a[0].world()
                .resource::<Room>()
                .lobby()
                .is_some_and(|l| l.seats.iter().filter(|s| s.done).count() == 2)
        },
    );
    // Nobody's debrief opens before the facilitator closes the game day.
    assert_eq!(screen(&ana), Screen::Postmortem);
    assert!(ana.world().resource::<Session>().waiting_for_close());
    say(&mut host, Intent::FinishPostmortem);
    run_until(
        &mut [&mut host, &mut ana, &mut ben],
        "everyone's debrief",
        |a| a.iter().all(|p| screen(p) == Screen::Debrief),
    );
    let log = host.world().resource::<Room>().log().expect("log");
    assert!(
        log.actions
            .iter()
            .any(|s| matches!(s.action, Action::Fire { .. }))
    );
    let scenario = pack::find("gameday-checkout").expect("built in");
    let expected = serde_json::to_value(play_scored(&scenario, &log, 1)).expect("json");
    for (who, app) in [("facilitator", &host), ("Ana", &ana), ("Ben", &ben)] {
        assert_eq!(
            saved_report(app),
            expected,
            "{who}'s report differs from run's"
        );
    }
    // The facilitator's game kept the log beside the reports; it replays to the same report.
    let kept = saves.join("reports/gameday-checkout-game-day-1.ron");
    let text = std::fs::read_to_string(&kept).expect("the log is kept");
    let replayed = load_script(&text).value.expect("the kept log is a script");
    assert_eq!(
        serde_json::to_value(play_scored(&scenario, &replayed, 1)).expect("json"),
        expected
    );
    // Nobody's world drifted from the facilitator's.
    assert!(
        host.world().resource::<Room>().notices().is_empty(),
        "{:?}",
        host.world().resource::<Room>().notices()
    );
    // Playing it again alone from the debrief leaves the room: the new run is Ana's own.
    say(&mut ana, Intent::Again { new_seed: false });
    run_until(&mut [&mut ana], "Ana's own briefing", |a| {
        screen(a[0]) == Screen::Briefing
    });
    ana.update();
    assert!(ana.world().get_resource::<Room>().is_none());
    let own = ana.world().resource::<Session>();
    assert!(!own.is_remote_player() && own.watch().is_none());
}

/// The facilitator's game goes away mid-shift: the player is told, and can still score what was
/// played; the result is saved.
#[test]
fn a_player_whose_facilitator_is_gone_keeps_what_was_played() {
    let mut host = game();
    let mut ana = game();
    host.update();
    ana.update();
    let local = open_room(&mut host, "gameday-hero");
    say(
        &mut ana,
        Intent::JoinRoom {
            url: local,
            name: "Ana".into(),
        },
    );
    run_until(&mut [&mut host, &mut ana], "Ana in the lobby", |a| {
        a[1].world()
            .get_resource::<Room>()
            .is_some_and(|r| r.connected() && r.lobby().is_some())
    });
    let first = ana.world().resource::<Room>().lobby().expect("lobby").seats[0]
        .person
        .clone();
    say(&mut ana, Intent::TakeSeat(first));
    run_until(&mut [&mut host, &mut ana], "Ana's seat", |a| {
        a[1].world().resource::<Room>().seat().is_some()
    });
    say(&mut host, Intent::StartRoom);
    run_until(&mut [&mut host, &mut ana], "a minute of the shift", |a| {
        a[1].world()
            .get_resource::<Session>()
            .is_some_and(|s| s.now() >= 60)
    });
    // The facilitator closes the room in the middle of the shift.
    say(&mut host, Intent::LeaveRoom);
    run_until(&mut [&mut host, &mut ana], "Ana told", |a| {
        !a[1].world().resource::<Room>().connected()
    });
    assert!(
        !ana.world().resource::<Room>().notices().is_empty(),
        "Ana is not told why the game stopped"
    );
    say(&mut ana, Intent::FinishPostmortem);
    run_until(&mut [&mut ana], "Ana's debrief", |a| {
        screen(a[0]) == Screen::Debrief
    });
    let saved = saved_report(&ana);
    assert_eq!(saved["scenario"]["id"], "gameday-hero");
}

/// A malformed address typed on the room screen is refused with a reason; the game stays on the
/// room screen, in no room.
#[test]
fn a_malformed_room_address_is_refused_with_a_reason() {
    let mut app = game();
    app.update();
    say(&mut app, Intent::Go(Screen::Room));
    app.update();
    for typed in [
        "http://10.0.0.5:3536/ABCDEFGH",
        "ws://10.0.0.5:3536",
        "ws://host/NOPE",
    ] {
        say(
            &mut app,
            Intent::JoinRoom {
                url: typed.into(),
                name: "Ana".into(),
            },
        );
        app.update();
        app.update();
        assert!(
            app.world().get_resource::<Room>().is_none(),
            "{typed} opened a room"
        );
        assert_eq!(screen(&app), Screen::Room);
        let notices = &app.world().resource::<Profile>().notices;
        assert!(
            notices
                .last()
                .is_some_and(|n| n.starts_with("Cannot join: ")),
            "{typed}: {notices:?}"
        );
    }
}
