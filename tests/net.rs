//! A game day between games, without a network: the facilitator's authority and the players'
//! replicas exchange the real messages as bytes through an in-memory post. Every player's world
//! ends as the facilitator's, and as `pagerdrill run` of the ordered log; a player who joins late or
//! comes back catches up to the same hash; nobody acts for a seat that is not theirs; garbage is
//! dropped and counted.

use std::collections::{BTreeMap, VecDeque};

use pagerdrill::net::authority::{Authority, To};
use pagerdrill::net::protocol::{
    FromHost, FromPlayer, MAX_MESSAGE_BYTES, PROTOCOL_VERSION, decode, encode,
};
use pagerdrill::net::replica::{Played, Replica};
use pagerdrill::scenario::{Validated, pack};
use pagerdrill::score;
use pagerdrill::score::redteam::play_scored;
use pagerdrill::sim::action::FACILITATOR;
use pagerdrill::sim::script::{Script, load_script};
use pagerdrill::sim::{Action, AlertRef, EventKind, View, World};

const SEED: u64 = 3;

/// A player's game: its place in the game day and its copy of the world.
struct Player {
    replica: Replica,
    world: World,
}

impl Player {
    /// A fresh game, its world at the start of a run with this seed.
    fn new(seed: u64) -> Player {
        Player {
            replica: Replica::default(),
            world: World::game_day(scenario(), seed).expect("world"),
        }
    }

    fn seat(&self) -> Option<&str> {
        self.replica.seat()
    }

    fn played(&self) -> u64 {
        self.replica.played()
    }

    fn world(&self) -> &World {
        &self.world
    }

    /// What this player sees: their seat, or the projector's view without one.
    fn view(&self) -> View {
        self.world.view(self.seat().unwrap_or(""))
    }
}

/// The facilitator, the players and the post between them.
struct Room {
    host: Authority,
    /// The world the facilitator's game runs.
    world: World,
    players: BTreeMap<String, Player>,
    /// Bytes in flight to the facilitator: (from, message).
    to_host: VecDeque<(String, Vec<u8>)>,
    /// Everything each player was sent, as bytes, for the bandwidth figure.
    sent: BTreeMap<String, usize>,
    /// Players whose transport is down: nothing reaches them.
    away: Vec<String>,
    refusals: BTreeMap<String, Vec<String>>,
}

fn scenario() -> Validated {
    pack::find("gameday-checkout").expect("built in")
}

impl Room {
    fn new() -> Room {
        let (host, world) = Authority::new(scenario(), SEED).expect("room");
        Room {
            host,
            world,
            players: BTreeMap::new(),
            to_host: VecDeque::new(),
            sent: BTreeMap::new(),
            away: Vec::new(),
            refusals: BTreeMap::new(),
        }
    }

    /// A player's game sends a message.
    fn send(&mut self, from: &str, m: &FromPlayer) {
        self.to_host.push_back((from.to_owned(), encode(m)));
    }

    /// Delivers what the facilitator's game answered to something done on it, then settles.
    fn post(&mut self, out: Vec<(To, FromHost)>) {
        self.route(out);
        self.settle();
    }

    /// Delivers everything in flight both ways until nothing moves.
    fn settle(&mut self) {
        loop {
            let mut out = Vec::new();
            while let Some((from, bytes)) = self.to_host.pop_front() {
                out.extend(self.host.receive(&mut self.world, &from, &bytes));
            }
            out.extend(self.host.flush(&self.world));
            if out.is_empty() {
                break;
            }
            self.route(out);
        }
    }

    /// Sends the facilitator's messages to their players (none reach a player who is away).
    fn route(&mut self, out: Vec<(To, FromHost)>) {
        {
            for (to, m) in out {
                let targets: Vec<String> = match to {
                    To::One(p) => vec![p],
                    To::All => self.players.keys().cloned().collect(),
                };
                for p in targets {
                    if self.away.contains(&p) {
                        continue;
                    }
                    let bytes = encode(&m);
                    *self.sent.entry(p.clone()).or_default() += bytes.len();
                    self.deliver(&p, &bytes);
                }
            }
        }
    }

    /// A player's game reads a message from the facilitator's.
    fn deliver(&mut self, p: &str, bytes: &[u8]) {
        let m: FromHost = decode(bytes).expect("the facilitator sends readable messages");
        let Some(r) = self.players.get_mut(p) else {
            return;
        };
        match m {
            FromHost::Seated { person } => r.replica.seat_at(person),
            FromHost::Steps { from, steps, now } => {
                let reply = match r.replica.play(&mut r.world, from, &steps, now) {
                    Played::Reached(h) | Played::Gap(h) => h,
                };
                self.to_host.push_back((p.to_owned(), encode(&reply)));
            }
            FromHost::Refused { reason } => {
                self.refusals.entry(p.to_owned()).or_default().push(reason)
            }
            FromHost::Lobby(_) | FromHost::Over { .. } => {}
        }
    }

    /// A player opens the game and joins: a fresh copy of the world, hello, a seat.
    fn join(&mut self, peer: &str, seat: Option<&str>) {
        self.players.insert(peer.to_owned(), Player::new(SEED));
        self.away.retain(|p| p != peer);
        self.send(
            peer,
            &FromPlayer::Hello {
                version: PROTOCOL_VERSION,
                name: format!("player {peer}"),
            },
        );
        if let Some(seat) = seat {
            self.send(
                peer,
                &FromPlayer::Claim {
                    person: seat.to_owned(),
                },
            );
        }
        self.settle();
    }

    /// The connected peer holding a seat.
    fn peer_of(&self, seat: &str) -> String {
        self.players
            .iter()
            .find(|(p, r)| r.seat() == Some(seat) && !self.away.contains(p))
            .map(|(p, _)| p.clone())
            .unwrap_or_else(|| panic!("nobody holds {seat}"))
    }

    /// Plays a team script: the clock moves in uneven jumps, as frames do, and each step is sent
    /// by the peer holding its seat, or done by the facilitator.
    fn play(&mut self, script: &Script, mut between: impl FnMut(&mut Room, usize)) {
        let end = self.world.end();
        let mut t = 0;
        for (i, step) in script.actions.iter().enumerate() {
            let at = step.at_seconds().min(end);
            while t < at {
                t = (t + 37).min(at);
                self.world.advance_to(t);
                self.settle();
            }
            between(self, i);
            let by = step.by.clone().unwrap_or_else(|| scenario().player.clone());
            if by == FACILITATOR {
                let _ = self.host.facilitate(&mut self.world, step.action.clone());
            } else {
                let peer = self.peer_of(&by);
                self.send(
                    &peer,
                    &FromPlayer::Act {
                        action: step.action.clone(),
                    },
                );
            }
            self.settle();
        }
        self.world.advance_to(end);
        self.settle();
    }
}

fn team_script() -> Script {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/playthroughs/gameday-checkout-team-good.ron"),
    )
    .expect("team script");
    load_script(&text).value.expect("loads")
}

fn seated_room() -> Room {
    let mut room = Room::new();
    for (i, (person, _)) in room.world.seats().into_iter().enumerate() {
        room.join(&format!("p{i}"), Some(&person));
    }
    let out = room.host.start(&room.world);
    room.post(out);
    room
}

fn report_json(w: &pagerdrill::sim::World) -> String {
    serde_json::to_string(&score::score(w)).expect("json")
}

#[test]
fn every_player_ends_with_the_facilitators_world_and_the_report_run_gives() {
    let mut room = seated_room();
    room.play(&team_script(), |_, _| {});
    assert!(
        room.host.mismatches().is_empty(),
        "{:?}",
        room.host.mismatches()
    );
    assert_eq!(room.host.refused(), 0, "{:?}", room.refusals);
    let host = report_json(&room.world);
    for (p, r) in &room.players {
        assert_eq!(r.played(), room.host.script().actions.len() as u64, "{p}");
        assert_eq!(report_json(r.world()), host, "{p}'s report differs");
    }
    // The ordered log is an action script: `pagerdrill run` of it gives the same report.
    let replayed = play_scored(&scenario(), &room.host.script(), SEED);
    assert_eq!(serde_json::to_string(&replayed).expect("json"), host);
    let report = score::score(&room.world);
    assert_eq!(report.participants.len(), 5);
    assert!(report.score.total >= 80, "team {}", report.score.total);
    // Each player sees their own seat.
    for (p, r) in &room.players {
        assert_eq!(
            r.view().viewer,
            r.seat().expect("seated"),
            "{p} sees someone else's seat"
        );
    }
}

#[test]
fn a_player_who_joins_late_or_comes_back_catches_up_to_the_same_world() {
    let script = team_script();
    let mut room = seated_room();
    let kwame = room.peer_of("kwame");
    let half = script.actions.len() / 2;
    room.play(&script, |room, i| {
        if i == 3 {
            // Kwame's connection drops; the shift goes on without him.
            let out = room.host.disconnect(&room.world, &kwame);
            assert!(out.iter().any(|(_, m)| matches!(m, FromHost::Lobby(l)
                if l.seats.iter().any(|s| s.person == "kwame" && !s.connected))));
            room.away.push(kwame.clone());
        }
        if i == 4 {
            // A colleague joins late and the facilitator gives them Kwame's seat meanwhile.
            room.join("stand-in", None);
            assert_eq!(
                room.players["stand-in"].view().viewer,
                "",
                "no seat: the projector"
            );
            let out = room.host.give_seat(&room.world, "kwame", Some("stand-in"));
            room.post(out);
            assert_eq!(room.players["stand-in"].seat(), Some("kwame"));
            assert_eq!(
                report_json(room.players["stand-in"].world()),
                report_json(&room.world),
                "the late player's world differs"
            );
        }
        if i == half {
            // Kwame comes back with a fresh game; the log replays and he gets his seat back.
            room.join(&kwame, None);
            let out = room.host.give_seat(&room.world, "kwame", Some(&kwame));
            room.post(out);
            assert_eq!(room.players[&kwame].seat(), Some("kwame"));
            assert_eq!(room.players["stand-in"].seat(), None);
            assert_eq!(
                room.players[&kwame].played(),
                room.host.script().actions.len() as u64
            );
            assert_eq!(
                report_json(room.players[&kwame].world()),
                report_json(&room.world),
                "the returning player's world differs"
            );
        }
    });
    assert!(
        room.host.mismatches().is_empty(),
        "{:?}",
        room.host.mismatches()
    );
    assert_eq!(room.host.refused(), 0, "{:?}", room.refusals);
    let host = report_json(&room.world);
    for (p, r) in &room.players {
        assert_eq!(report_json(r.world()), host, "{p}'s report differs");
    }
}

#[test]
fn a_player_acts_only_for_their_own_seat() {
    let mut room = seated_room();
    let amara = room.peer_of("amara");
    room.world.advance_to(6 * 60);
    room.settle();
    // A message naming another seat still acts for the sender's own: there is no way to say
    // who acts.
    room.to_host.push_back((
        amara.clone(),
        br#"{"Act":{"action":{"Inspect":{"service":"checkout"}},"by":"sana"}}"#.to_vec(),
    ));
    room.settle();
    let inspected: Vec<&str> = room
        .world
        .log_events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Action {
                by,
                action: Action::Inspect { .. },
            } => Some(by.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(inspected, ["amara"]);
    // The facilitator's moves are the facilitator's.
    room.send(
        &amara,
        &FromPlayer::Act {
            action: Action::Fire {
                inject: "coo-eta".into(),
            },
        },
    );
    // A stranger who never said hello, and a player without a seat, cannot act at all.
    room.send(
        "stranger",
        &FromPlayer::Act {
            action: Action::Acknowledge {
                alert: AlertRef::Id(1),
            },
        },
    );
    room.join("watcher", None);
    room.send(
        "watcher",
        &FromPlayer::Act {
            action: Action::Acknowledge {
                alert: AlertRef::Id(1),
            },
        },
    );
    // A taken seat cannot be claimed.
    room.send(
        "watcher",
        &FromPlayer::Claim {
            person: "sana".into(),
        },
    );
    room.settle();
    assert_eq!(room.host.refused(), 4, "{:?}", room.refusals);
    assert!(room.refusals[&amara][0].contains("only the facilitator"));
    assert_eq!(
        room.refusals["watcher"],
        ["take a seat first", "that seat is taken"]
    );
    assert!(
        !room.world.log_events().iter().any(|e| matches!(
            &e.kind,
            EventKind::Action {
                action: Action::Fire { .. },
                ..
            }
        )),
        "a player fired an inject"
    );
}

#[test]
fn garbage_is_dropped_and_counted_and_the_game_goes_on() {
    let mut room = seated_room();
    let p = room.peer_of("sana");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let garbage: Vec<Vec<u8>> = vec![
        Vec::new(),
        vec![0xff, 0xfe, 0x00, 0x13],
        b"{\"Act\":".to_vec(),
        b"{\"Teleport\":{}}".to_vec(),
        b"{\"Claim\":{\"person\":42}}".to_vec(),
        deep.into_bytes(),
        vec![b' '; MAX_MESSAGE_BYTES + 1],
    ];
    for g in &garbage {
        room.to_host.push_back((p.clone(), g.clone()));
    }
    room.settle();
    let d = room.host.dropped();
    assert_eq!(d.too_big, 1);
    assert_eq!(d.malformed, 6);
    // The room still plays.
    room.play(&team_script(), |_, _| {});
    assert!(room.host.mismatches().is_empty());
    assert_eq!(
        report_json(room.players[&p].world()),
        report_json(&room.world)
    );
}

#[test]
fn a_world_that_drifts_is_reported() {
    let mut room = seated_room();
    // One player's game runs another seed: the same steps make another world.
    let p = room.peer_of("ines");
    let mut other = Player::new(SEED + 1);
    other.replica.seat_at(Some("ines".into()));
    room.players.insert(p.clone(), other);
    room.send(&p, &FromPlayer::Resend { from: 0 });
    room.world.advance_to(5 * 60);
    room.settle();
    assert!(
        room.host.mismatches().iter().any(|m| m.peer == p),
        "{:?}",
        room.host.mismatches()
    );
    // The others agree with the facilitator.
    assert!(room.host.mismatches().iter().all(|m| m.peer == p));
    // A hash for a point the facilitator reached is checked against what it had then.
    let before = room.host.mismatches().len();
    let sana = room.peer_of("sana");
    room.send(
        &sana,
        &FromPlayer::Hash {
            steps: 0,
            now: 300,
            hash: 1,
        },
    );
    room.settle();
    assert_eq!(room.host.mismatches().len(), before + 1);
}

#[test]
fn a_player_back_on_a_new_connection_takes_their_seat_again() {
    let mut room = seated_room();
    let sana = room.peer_of("sana");
    room.world.advance_to(8 * 60);
    room.settle();
    let out = room.host.disconnect(&room.world, &sana);
    room.post(out);
    room.away.push(sana.clone());
    // Back with a new connection, which the transport names anew: the seat is free to take,
    // because its holder is away; the log replays to the same world.
    room.join("sana-again", Some("sana"));
    assert_eq!(room.players["sana-again"].seat(), Some("sana"));
    assert_eq!(room.host.refused(), 0, "{:?}", room.refusals);
    assert_eq!(
        report_json(room.players["sana-again"].world()),
        report_json(&room.world)
    );
    let lobby = room.host.lobby(&room.world);
    let seat = lobby
        .seats
        .iter()
        .find(|s| s.person == "sana")
        .expect("seat");
    assert!(seat.connected);
    assert_eq!(seat.held_by.as_deref(), Some("player sana-again"));
    // Only one player holds it now.
    let holders = room
        .host
        .players()
        .into_iter()
        .filter(|p| p.seat.as_deref() == Some("sana"))
        .count();
    assert_eq!(holders, 1);
}
