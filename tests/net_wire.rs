//! A game day over a real network, end to end on loopback: `pagerdrill host` opens a room (its own
//! signaling server, WebRTC data channels), five `pagerdrill join` players take the seats of the
//! checkout game day and play their steps of its team script, and every player's team report is
//! the facilitator's, which is what `pagerdrill run` of the facilitator's ordered log gives. And
//! the signaling server's door: nobody before the facilitator, one facilitator, the room's code.

mod common;

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pagerdrill::net::room;
use pagerdrill::net::wire::{Heard, Link, Signaling};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pagerdrill"))
}

#[test]
fn players_joining_by_code_end_with_the_report_run_gives_for_the_same_log() {
    let dir = tempfile_dir();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/playthroughs/gameday-checkout-team-good.ron");
    let mut host = bin()
        .args([
            "host",
            "gameday-checkout",
            "--seed",
            "2",
            "--listen",
            "127.0.0.1:0",
        ])
        .arg("--actions")
        .arg(&script)
        .arg("--log")
        .arg(dir.join("log.ron"))
        .arg("--report")
        .arg(dir.join("host.json"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("host starts");
    let room = common::room_address(&mut host);
    let seats = ["ines", "sana", "kwame", "amara", "tomas"];
    let players: Vec<_> = seats
        .iter()
        .map(|s| {
            bin()
                .args(["join", &room, "--seat", s])
                .arg("--actions")
                .arg(&script)
                .arg("--report")
                .arg(dir.join(format!("{s}.json")))
                .stdout(Stdio::null())
                .spawn()
                .expect("player starts")
        })
        .collect();
    for (s, mut p) in seats.iter().zip(players) {
        assert!(
            p.wait().expect("player ends").success(),
            "{s}'s game failed"
        );
    }
    assert!(host.wait().expect("host ends").success(), "the host failed");

    let run = bin()
        .args([
            "run",
            "gameday-checkout",
            "--seed",
            "2",
            "--json",
            "--actions",
        ])
        .arg(dir.join("log.ron"))
        .output()
        .expect("run");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut expected: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
    expected
        .as_object_mut()
        .expect("object")
        .remove("final_state");
    let read = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(dir.join(name)).expect("report written");
        serde_json::from_str(&text).expect("json")
    };
    assert_eq!(read("host.json")["report"], expected, "the host's report");
    for s in seats {
        let r = read(&format!("{s}.json"));
        assert_eq!(r["report"], expected, "{s}'s report differs from run's");
        assert!(
            !r["measured"]["round_trip_ms"]
                .as_array()
                .expect("round trips")
                .is_empty(),
            "{s} never saw their own action come back"
        );
    }
    assert_eq!(expected["participants"].as_array().map(Vec::len), Some(5));
}

/// Waits until `done` holds for the link, polling it as a game does.
fn wait_for(link: &mut Link, what: &str, done: impl Fn(&mut Link) -> bool) {
    let since = Instant::now();
    while !done(link) {
        assert!(
            since.elapsed() < Duration::from_secs(30),
            "stuck waiting for {what}"
        );
        let _ = link.poll();
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_room_lets_players_in_only_after_the_facilitator_and_only_one_facilitator() {
    let code = room::new_code().expect("code");
    let signaling = Signaling::start(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &code,
        &room::new_code().expect("secret"),
    )
    .expect("server");
    let player_url = format!("ws://127.0.0.1:{}/{code}", signaling.addr().port());
    // A player who is quicker than the facilitator would become the one everyone talks to: they
    // are turned away instead.
    // A wrong code is turned away too. (A turned-away link tries a few times before it gives up,
    // so both try at once.)
    let mut early = Link::open(&player_url);
    let wrong = format!("ws://127.0.0.1:{}/NOTTHERM", signaling.addr().port());
    let mut stranger = Link::open(&wrong);
    wait_for(&mut early, "the early player turned away", |l| {
        l.ended().is_some()
    });
    assert!(!early.registered());
    wait_for(&mut stranger, "the wrong code turned away", |l| {
        l.ended().is_some()
    });
    let mut facilitator = Link::open(&signaling.facilitator_url());
    wait_for(&mut facilitator, "the facilitator in", Link::registered);
    // Nobody else comes in by the facilitator's path, even knowing it.
    let mut impostor = Link::open(&signaling.facilitator_url());
    wait_for(&mut impostor, "the impostor turned away", |l| {
        l.ended().is_some()
    });
    // Now players come in, and the facilitator hears of them.
    let mut player = Link::open(&player_url);
    wait_for(&mut player, "the player in", Link::registered);
    let since = Instant::now();
    let mut joined = false;
    while !joined {
        assert!(
            since.elapsed() < Duration::from_secs(30),
            "the facilitator never met the player"
        );
        joined = facilitator
            .poll()
            .iter()
            .any(|h| matches!(h, Heard::Joined(_)));
        let _ = player.poll();
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A fresh directory under the system's temporary one.
fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pagerdrill-net-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
