//! The facilitator's side of a networked game day: the one world everyone's follows. It seats
//! players, takes each player's actions for their own seat only, orders every action into the log
//! of timed steps, and hands out the steps with its clock. It keeps the hashes it reached, to
//! check each player's.

use std::collections::{BTreeMap, VecDeque};

use crate::scenario::Validated;
use crate::sim::action::{FACILITATOR, Rejection};
use crate::sim::script::{Script, Step};
use crate::sim::{Action, Phase, World};

use super::hash::LogHash;
use super::protocol::{
    DropCount, FromHost, FromPlayer, Lobby, MAX_NAME_CHARS, PROTOCOL_VERSION, SeatTaken, decode,
    steps_messages,
};

/// A peer as the transport names it.
pub type PeerKey = String;

/// Where a message goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum To {
    /// One peer.
    One(PeerKey),
    /// Every connected peer.
    All,
}

/// A player as the facilitator's game knows them.
#[derive(Debug, Clone, PartialEq)]
struct Player {
    name: String,
    seat: Option<String>,
    connected: bool,
    done: bool,
}

/// A player in the room, as the facilitator's screen lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayerCard {
    /// How the transport names them (for [`Authority::give_seat`]).
    pub peer: PeerKey,
    /// The name they gave.
    pub name: String,
    /// The seat they hold (person id).
    pub seat: Option<String>,
    /// Whether they are connected now.
    pub connected: bool,
}

/// Two copies of the world that drifted apart: who, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The player whose world differs.
    pub peer: PeerKey,
    /// Steps played when it was noticed.
    pub steps: u64,
    /// Game second.
    pub now: u32,
}

/// How many past hashes are kept to check players against.
const CHECKPOINTS: usize = 256;

/// The facilitator's game: the authority every player's world follows. The world itself stays
/// with whoever runs it (the game's session, the command-line host) and is lent to each call, so
/// the game keeps ticking and showing it as it does any other.
pub struct Authority {
    scenario_id: String,
    scenario_hash: u64,
    seed: u64,
    log: Vec<Step>,
    started: bool,
    players: BTreeMap<PeerKey, Player>,
    hasher: LogHash,
    /// (steps, game second) → hash, for the points sent to players.
    checkpoints: VecDeque<((u64, u32), u64)>,
    sent_steps: u64,
    sent_now: u32,
    dropped: DropCount,
    refused: u64,
    mismatches: Vec<Mismatch>,
}

/// A scenario's hash, so players can tell they have the same one.
pub fn scenario_hash(s: &Validated) -> u64 {
    super::hash::fold(0xcbf2_9ce4_8422_2325, &super::protocol::encode(&**s))
}

impl Authority {
    /// A room for a game day of a built-in scenario, with the world everyone will follow: every
    /// seat free, the shift not started.
    pub fn new(scenario: Validated, seed: u64) -> Result<(Authority, World), Rejection> {
        let scenario_id = scenario.id.clone();
        let scenario_hash = scenario_hash(&scenario);
        let world = World::game_day(scenario, seed)?;
        let authority = Authority {
            scenario_id,
            scenario_hash,
            seed,
            log: Vec::new(),
            started: false,
            players: BTreeMap::new(),
            hasher: LogHash::default(),
            checkpoints: VecDeque::new(),
            sent_steps: 0,
            sent_now: 0,
            dropped: DropCount::default(),
            refused: 0,
            mismatches: Vec::new(),
        };
        Ok((authority, world))
    }

    /// The ordered log so far, as an action script: `pagerdrill run` of it replays the game day.
    pub fn script(&self) -> Script {
        Script {
            actions: self.log.clone(),
        }
    }

    /// Messages dropped as too big or unreadable.
    pub fn dropped(&self) -> DropCount {
        self.dropped
    }

    /// Requests refused (acting for another seat, a taken seat, before the start…).
    pub fn refused(&self) -> u64 {
        self.refused
    }

    /// Players whose world drifted from this one.
    pub fn mismatches(&self) -> &[Mismatch] {
        &self.mismatches
    }

    /// Whether the shift has started.
    pub fn started(&self) -> bool {
        self.started
    }

    /// The room as the lobby shows it.
    pub fn lobby(&self, world: &World) -> Lobby {
        let names = world.names();
        Lobby {
            scenario: self.scenario_id.clone(),
            scenario_hash: self.scenario_hash,
            seed: self.seed,
            started: self.started,
            seats: world
                .seats()
                .into_iter()
                .map(|(person, role)| {
                    let holder = self
                        .players
                        .values()
                        .find(|p| p.seat.as_deref() == Some(person.as_str()));
                    SeatTaken {
                        name: names.speaker(&person).to_owned(),
                        person,
                        role,
                        held_by: holder.map(|p| p.name.clone()),
                        connected: holder.is_some_and(|p| p.connected),
                        done: holder.is_some_and(|p| p.done),
                    }
                })
                .collect(),
        }
    }

    /// Everyone who said hello, connected or not, in the order the transport names them.
    pub fn players(&self) -> Vec<PlayerCard> {
        self.players
            .iter()
            .map(|(peer, p)| PlayerCard {
                peer: peer.clone(),
                name: p.name.clone(),
                seat: p.seat.clone(),
                connected: p.connected,
            })
            .collect()
    }

    /// A peer's transport went away. Their seat stays theirs, so they can come back to it;
    /// the shift goes on without them.
    pub fn disconnect(&mut self, world: &World, peer: &str) -> Vec<(To, FromHost)> {
        if let Some(p) = self.players.get_mut(peer) {
            p.connected = false;
        }
        vec![(To::All, FromHost::Lobby(self.lobby(world)))]
    }

    /// The facilitator gives a seat to a connected player (or frees it with `None`): a player
    /// who left for good is replaced.
    pub fn give_seat(
        &mut self,
        world: &World,
        person: &str,
        to: Option<&str>,
    ) -> Vec<(To, FromHost)> {
        let mut out = Vec::new();
        for (key, p) in self.players.iter_mut() {
            if p.seat.as_deref() == Some(person) {
                p.seat = None;
                out.push((To::One(key.clone()), FromHost::Seated { person: None }));
            }
        }
        if let Some(to) = to
            && let Some(p) = self.players.get_mut(to)
        {
            p.seat = Some(person.to_owned());
            out.push((
                To::One(to.to_owned()),
                FromHost::Seated {
                    person: Some(person.to_owned()),
                },
            ));
        }
        out.push((To::All, FromHost::Lobby(self.lobby(world))));
        out
    }

    /// The game day is over: every player writes the team's report once they have played the log.
    pub fn finish(&mut self, world: &World) -> Vec<(To, FromHost)> {
        let mut out = self.flush(world);
        out.push((
            To::All,
            FromHost::Over {
                steps: self.log.len() as u64,
            },
        ));
        out
    }

    /// Whether every seat is held by a connected player.
    pub fn seats_full(&self, world: &World) -> bool {
        self.lobby(world)
            .seats
            .iter()
            .all(|s| s.held_by.is_some() && s.connected)
    }

    /// How many actions a seat has taken so far (refused ones included).
    pub fn actions_by(&self, person: &str) -> usize {
        self.log
            .iter()
            .filter(|s| s.by.as_deref() == Some(person))
            .count()
    }

    /// The facilitator starts the shift for everyone.
    pub fn start(&mut self, world: &World) -> Vec<(To, FromHost)> {
        self.started = true;
        vec![(To::All, FromHost::Lobby(self.lobby(world)))]
    }

    /// The facilitator acts (fires an inject, pauses, ends the shift…). Logged and sent like a
    /// player's action.
    pub fn facilitate(&mut self, world: &mut World, action: Action) -> Result<(), Rejection> {
        if !self.started {
            return Err(Rejection::new("the shift has not started"));
        }
        self.record(world, FACILITATOR, action)
    }

    /// Applies an action and puts it in the log. A refused action is logged too: every copy of
    /// the world must refuse it the same way.
    fn record(&mut self, world: &mut World, by: &str, action: Action) -> Result<(), Rejection> {
        let at = world.now();
        let result = world.apply_logged(by, action.clone());
        self.log.push(Step {
            at: f64::from(at) / 60.0,
            by: Some(by.to_owned()),
            action,
        });
        result
    }

    /// What is new since the last flush, for every player: the steps and the clock. Each point
    /// sent is remembered with its hash, to check players' hashes against.
    pub fn flush(&mut self, world: &World) -> Vec<(To, FromHost)> {
        let now = world.now();
        if self.sent_steps == self.log.len() as u64 && self.sent_now == now {
            return Vec::new();
        }
        let from = self.sent_steps;
        let new = &self.log[from as usize..];
        let out = steps_messages(from, new, self.sent_now, now)
            .into_iter()
            .map(|m| (To::All, m))
            .collect();
        self.sent_steps = self.log.len() as u64;
        self.sent_now = now;
        let hash = self.hasher.of(world);
        self.checkpoints.push_back(((self.sent_steps, now), hash));
        if self.checkpoints.len() > CHECKPOINTS {
            self.checkpoints.pop_front();
        }
        out
    }

    /// Reads a message from a peer and answers it. Anything unreadable or too big is dropped and
    /// counted; anything a peer may not do is refused with a reason.
    pub fn receive(&mut self, world: &mut World, peer: &str, bytes: &[u8]) -> Vec<(To, FromHost)> {
        let msg = match decode::<FromPlayer>(bytes) {
            Ok(m) => m,
            Err(why) => {
                self.dropped.count(why);
                return Vec::new();
            }
        };
        let me = To::One(peer.to_owned());
        let refuse = |this: &mut Authority, reason: String| {
            this.refused += 1;
            vec![(me.clone(), FromHost::Refused { reason })]
        };
        if !matches!(msg, FromPlayer::Hello { .. }) && !self.players.contains_key(peer) {
            return refuse(self, "say hello first".into());
        }
        match msg {
            FromPlayer::Hello { version, name } => {
                if version != PROTOCOL_VERSION {
                    return refuse(
                        self,
                        format!(
                            "this game speaks version {PROTOCOL_VERSION} and yours {version}: play the same version"
                        ),
                    );
                }
                let name: String = name
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(MAX_NAME_CHARS)
                    .collect();
                let name = if name.trim().is_empty() {
                    "a player".to_owned()
                } else {
                    name.trim().to_owned()
                };
                let player = self.players.entry(peer.to_owned()).or_insert(Player {
                    name: name.clone(),
                    seat: None,
                    connected: true,
                    done: false,
                });
                player.connected = true;
                player.name = name;
                let seat = player.seat.clone();
                // A late or returning player catches up by replaying the whole log.
                let mut out = vec![
                    (me.clone(), FromHost::Lobby(self.lobby(world))),
                    (me.clone(), FromHost::Seated { person: seat }),
                ];
                out.extend(
                    steps_messages(0, &self.log[..self.sent_steps as usize], 0, self.sent_now)
                        .into_iter()
                        .map(|m| (me.clone(), m)),
                );
                out.push((To::All, FromHost::Lobby(self.lobby(world))));
                out
            }
            FromPlayer::Claim { person } => {
                if !world.seats().iter().any(|(p, _)| *p == person) {
                    return refuse(self, format!("there is no seat for {person}"));
                }
                // A seat whose player has gone away can be taken: most often by that player,
                // back with a new connection.
                let held = self.players.iter().any(|(k, p)| {
                    k != peer && p.connected && p.seat.as_deref() == Some(person.as_str())
                });
                if held {
                    return refuse(self, "that seat is taken".into());
                }
                for (k, p) in self.players.iter_mut() {
                    if k != peer && p.seat.as_deref() == Some(person.as_str()) {
                        p.seat = None;
                    }
                }
                if let Some(p) = self.players.get_mut(peer) {
                    p.seat = Some(person.clone());
                }
                vec![
                    (
                        me,
                        FromHost::Seated {
                            person: Some(person),
                        },
                    ),
                    (To::All, FromHost::Lobby(self.lobby(world))),
                ]
            }
            FromPlayer::Act { action } => {
                if !self.started {
                    return refuse(self, "the shift has not started".into());
                }
                let Some(seat) = self.players.get(peer).and_then(|p| p.seat.clone()) else {
                    return refuse(self, "take a seat first".into());
                };
                if action.is_facilitation() {
                    return refuse(self, "only the facilitator can do that".into());
                }
                if world.phase() == Phase::Postmortem
                    && !matches!(action, Action::Answer { .. } | Action::MarkMoment { .. })
                {
                    return refuse(
                        self,
                        "the shift is over; only the postmortem is open".into(),
                    );
                }
                // The seat acts; what it does is checked by the engine like anyone's, and a
                // refusal reaches everyone's log through the step.
                let _ = self.record(world, &seat, action);
                Vec::new()
            }
            FromPlayer::Hash { steps, now, hash } => {
                let ours = self
                    .checkpoints
                    .iter()
                    .find(|(at, _)| *at == (steps, now))
                    .map(|(_, h)| *h);
                if ours.is_some_and(|h| h != hash) {
                    self.mismatches.push(Mismatch {
                        peer: peer.to_owned(),
                        steps,
                        now,
                    });
                }
                Vec::new()
            }
            FromPlayer::Done => {
                if let Some(p) = self.players.get_mut(peer) {
                    p.done = true;
                }
                vec![(To::All, FromHost::Lobby(self.lobby(world)))]
            }
            FromPlayer::Resend { from } => {
                let from = from.min(self.sent_steps);
                steps_messages(
                    from,
                    &self.log[from as usize..self.sent_steps as usize],
                    0,
                    self.sent_now,
                )
                .into_iter()
                .map(|m| (me.clone(), m))
                .collect()
            }
        }
    }
}
