//! A game day over the network, in the game. The facilitator's game opens a [`Room`]: it runs the
//! signaling server and the [`Authority`], and its session's world is the one everyone follows.
//! A player's game joins a room by its address: once the facilitator's lobby arrives it builds
//! the same world, and from then on that world plays only the facilitator's ordered steps
//! (through a [`Replica`]). Every action a window asks for goes through the room, so the world a
//! screen shows is always the room's.

use std::collections::VecDeque;

use bevy::prelude::*;

use super::{Remote, Session, Watch};
use crate::game::catalog::Catalog;
use crate::game::profile::Profile;
use crate::game::screen::Screen;
use crate::net::authority::{Authority, PlayerCard};
use crate::net::protocol::{
    DropCount, FromHost, FromPlayer, Lobby, PROTOCOL_VERSION, decode, encode,
};
use crate::net::replica::{Played, Replica};
use crate::net::room;
use crate::net::seat_script::SeatScript;
use crate::net::wire::{Heard, Link};
use crate::sim::script::Script;
use crate::sim::{Briefing, Phase, World};

/// Which end of a room this window is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomSide {
    /// The facilitator's game, which opened the room.
    Facilitator,
    /// A player's game, which joined it.
    Player,
}

/// The room this window is in, for a game day over the network.
#[derive(Resource)]
pub struct Room {
    link: Link,
    address: String,
    side: Side,
    lobby: Option<Lobby>,
    notices: Vec<String>,
    /// Messages heard but not yet handled: a player's game reads on only once its world exists.
    backlog: VecDeque<Heard>,
    link_lost: bool,
    /// The facilitator's link is in the signaling server: players can be let in.
    registered: bool,
    /// Messages from the other end that were unreadable (a player's count; the facilitator's is
    /// the authority's).
    dropped: DropCount,
    /// Drift reports already turned into notices.
    drift_seen: usize,
}

enum Side {
    // A browser only joins rooms; the facilitator's side is built natively.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Host {
        authority: Box<Authority>,
        /// The signaling server, alive as long as the room.
        #[cfg(not(target_arch = "wasm32"))]
        _signaling: crate::net::wire::Signaling,
        closed: bool,
    },
    Player {
        replica: Replica,
        name: String,
        /// The facilitator's game, once the wire has found it.
        host: Option<String>,
        /// The seat to claim as soon as the room answers.
        want_seat: Option<String>,
        /// A scripted player's team script, until the lobby says which scenario it is for.
        script: Option<Script>,
        seat_script: Option<SeatScript>,
        over: Option<u64>,
        done_sent: bool,
    },
}

impl Room {
    fn new(link: Link, address: String, side: Side, lobby: Option<Lobby>) -> Room {
        Room {
            link,
            address,
            side,
            lobby,
            notices: Vec::new(),
            backlog: VecDeque::new(),
            link_lost: false,
            registered: false,
            dropped: DropCount::default(),
            drift_seen: 0,
        }
    }

    /// The address players join: `ws://HOST:PORT/CODE`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Which end of the room this window is.
    pub fn side(&self) -> RoomSide {
        match self.side {
            Side::Host { .. } => RoomSide::Facilitator,
            Side::Player { .. } => RoomSide::Player,
        }
    }

    /// The room as last heard: scenario, seats, who holds them; none until the facilitator's
    /// game has answered.
    pub fn lobby(&self) -> Option<&Lobby> {
        self.lobby.as_ref()
    }

    /// Everyone in the room (the facilitator's window only; a player sees the seats).
    pub fn players(&self) -> Vec<PlayerCard> {
        match &self.side {
            Side::Host { authority, .. } => authority.players(),
            Side::Player { .. } => Vec::new(),
        }
    }

    /// The seat this player holds.
    pub fn seat(&self) -> Option<&str> {
        match &self.side {
            Side::Player { replica, .. } => replica.seat(),
            Side::Host { .. } => None,
        }
    }

    /// Whether the other end has been found: a player's game has reached the facilitator's.
    pub fn connected(&self) -> bool {
        match &self.side {
            Side::Host { .. } => self.registered && !self.link_lost,
            Side::Player { host, .. } => host.is_some() && !self.link_lost,
        }
    }

    /// What the room has to say, oldest first: refusals, drift, lost connections.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// Messages dropped as too big or unreadable, at this end.
    pub fn dropped(&self) -> DropCount {
        match &self.side {
            Side::Host { authority, .. } => authority.dropped(),
            Side::Player { .. } => self.dropped,
        }
    }

    /// The facilitator's ordered log so far, as an action script (`pagerdrill run` of it replays
    /// the game day); none in a player's window.
    pub fn log(&self) -> Option<Script> {
        match &self.side {
            Side::Host { authority, .. } => Some(authority.script()),
            Side::Player { .. } => None,
        }
    }

    /// A player takes a free seat.
    pub(super) fn claim(&mut self, person: &str) {
        if let Side::Player {
            host: Some(host), ..
        } = &self.side
        {
            let host = host.clone();
            self.link.send(
                &host,
                encode(&FromPlayer::Claim {
                    person: person.to_owned(),
                }),
            );
        }
    }

    /// The facilitator gives a seat to a player (by the room's name for them), or frees it.
    pub(super) fn give_seat(&mut self, world: &World, person: &str, to: Option<&str>) {
        if let Side::Host { authority, .. } = &mut self.side {
            let out = authority.give_seat(world, person, to);
            self.lobby = Some(authority.lobby(world));
            self.link.post(out);
        }
    }

    /// The facilitator starts the shift for everyone; false for a player's window.
    pub(super) fn start(&mut self, world: &World) -> bool {
        let Side::Host { authority, .. } = &mut self.side else {
            return false;
        };
        let out = authority.start(world);
        self.lobby = Some(authority.lobby(world));
        self.link.post(out);
        true
    }
}

/// Saves a closed game day's ordered log beside the reports; says where, or why not.
fn keep_log(profile: &Profile, name: &str, log: &Script) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        // A browser never hosts a room, so it never has a log to keep.
        let _ = (profile, name, log);
        String::new()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let Some(dir) = profile
            .store
            .as_ref()
            .and_then(crate::game::persistence::Store::reports_dir)
        else {
            return "This session keeps nothing on disk: the game day's log was not saved.".into();
        };
        let path = dir.join(name);
        match crate::game::persistence::write_atomic(&path, log.to_ron().as_bytes()) {
            Ok(()) => format!(
                "The game day's log is saved to {}: pagerdrill run replays it.",
                path.display()
            ),
            Err(e) => format!(
                "Could not save the game day's log to {}: {e}",
                path.display()
            ),
        }
    }
}

/// The seed every room plays: the one the select screen's first run uses, so a room's log can be
/// replayed with `pagerdrill run` as it stands.
#[cfg(not(target_arch = "wasm32"))]
const ROOM_SEED: u64 = 1;

/// Opens a room as its facilitator: the signaling server on `port` (0 picks a free one), the
/// authority, and this window's session around the room's world, watched by the facilitator.
pub(super) fn host(
    commands: &mut Commands,
    catalog: &Catalog,
    scenario: usize,
    port: u16,
    profile: &mut Profile,
    next: &mut NextState<Screen>,
) {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (commands, catalog, scenario, port, next);
        profile.notices.push(
            "A browser cannot host a game day: the facilitator opens the room from the desktop game, and browsers join it.".into(),
        );
    }
    #[cfg(not(target_arch = "wasm32"))]
    match open(catalog, scenario, port) {
        Ok((session, room)) => {
            commands.insert_resource(session);
            commands.insert_resource(room);
            next.set(Screen::Room);
        }
        Err(e) => profile.notices.push(e),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn open(catalog: &Catalog, scenario: usize, port: u16) -> Result<(Session, Room), String> {
    let s = catalog.0.get(scenario).ok_or("That scenario is gone.")?;
    if s.game_day.is_none() {
        return Err(format!("\"{}\" has no game day to play together.", s.title));
    }
    let (authority, world) = Authority::new(s.clone(), ROOM_SEED).map_err(|r| r.0)?;
    let code = room::new_code()?;
    // Every interface: players join from other computers.
    let listen = std::net::SocketAddr::from(([0, 0, 0, 0], port));
    let signaling = crate::net::wire::Signaling::start(listen, &code, &room::new_code()?)?;
    let port = signaling.addr().port();
    let link = Link::open(&signaling.facilitator_url());
    let mut session = Session::around(
        world,
        Briefing::of(s),
        scenario,
        ROOM_SEED,
        Some(Watch::Facilitator),
    );
    session.remote = Remote::Host;
    let lobby = authority.lobby(&session.world);
    let side = Side::Host {
        authority: Box::new(authority),
        _signaling: signaling,
        closed: false,
    };
    let address = format!("ws://{}:{port}/{code}", this_computer());
    Ok((session, Room::new(link, address, side, Some(lobby))))
}

/// This computer's address on its network, as other computers reach it; loopback without one.
#[cfg(not(target_arch = "wasm32"))]
fn this_computer() -> std::net::IpAddr {
    // Connecting a datagram socket sends nothing: it only asks the system which interface would
    // carry traffic out (to a documentation address, never contacted).
    std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| {
            s.connect("192.0.2.1:9")?;
            s.local_addr()
        })
        .map(|a| a.ip())
        .unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]))
}

/// A seat asked for when joining (from the command line or the page's address), and the team
/// script whose part for that seat this game then plays by itself (the browser test's players).
#[derive(Debug, Clone)]
pub struct ScriptedSeat {
    /// The seat's person id.
    pub seat: String,
    /// The team's action script, if this game plays by itself.
    pub script: Option<Script>,
}

/// Joins a room by its address. The lobby shows once the facilitator's game answers.
pub(super) fn join(
    commands: &mut Commands,
    typed: &str,
    name: &str,
    scripted: Option<ScriptedSeat>,
    profile: &mut Profile,
    next: &mut NextState<Screen>,
) {
    let address = match room::address(typed) {
        Ok(a) => a,
        Err(e) => {
            profile.notices.push(format!("Cannot join: {e}."));
            return;
        }
    };
    let (want_seat, script) = match scripted {
        Some(s) => (Some(s.seat), s.script),
        None => (None, None),
    };
    // A session of an earlier run must not be mistaken for the room's.
    commands.remove_resource::<Session>();
    let side = Side::Player {
        replica: Replica::default(),
        name: name.trim().to_owned(),
        host: None,
        want_seat,
        script,
        seat_script: None,
        over: None,
        done_sent: false,
    };
    commands.insert_resource(Room::new(Link::open(&address), address, side, None));
    next.set(Screen::Room);
}

/// A seat (and maybe a team script) asked for before a room is joined: the next room this game
/// joins from the room screen takes it.
#[derive(Resource, Debug, Clone, Default)]
pub struct SeatAsked(pub Option<ScriptedSeat>);

/// How the game was asked to start over the network (the command line's `--join` and `--seat`,
/// the page's `?join=…&seat=…&script=…`): with an address, it joins that room at once; with only
/// a seat, the seat waits for the room the player joins from the room screen.
pub fn join_on_start(
    In((address, seat)): In<(Option<String>, Option<ScriptedSeat>)>,
    mut commands: Commands,
    mut profile: ResMut<Profile>,
    mut next: ResMut<NextState<Screen>>,
) {
    match address {
        Some(address) => {
            let name = seat
                .as_ref()
                .map_or("a player".to_owned(), |s| s.seat.clone());
            join(
                &mut commands,
                &address,
                &name,
                seat,
                &mut profile,
                &mut next,
            );
        }
        None => commands.insert_resource(SeatAsked(seat)),
    }
}

/// Leaves the room, if this window is in one: the link closes (the facilitator's also closes the
/// signaling server), and a session of the room's is dropped with it.
pub(super) fn leave(
    mut commands: Commands,
    room: Option<Res<Room>>,
    session: Option<Res<Session>>,
) {
    if room.is_some() {
        commands.remove_resource::<Room>();
    }
    if session.is_some_and(|s| s.remote != Remote::Local) {
        commands.remove_resource::<Session>();
    }
}

/// Moves the room's messages both ways, once a frame, after the intents.
// One parameter per thing the room can change; grouping them would only hide which.
#[allow(clippy::too_many_arguments)]
pub(super) fn pump(
    mut commands: Commands,
    room: Option<ResMut<Room>>,
    session: Option<ResMut<Session>>,
    catalog: Res<Catalog>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut profile: ResMut<Profile>,
) {
    let Some(mut room) = room else { return };
    // A room only ever drives the room's own session, never one of this window's own runs.
    if session.as_ref().is_some_and(|s| s.remote == Remote::Local) {
        return;
    }
    let room = &mut *room;
    if !room.link_lost
        && let Some(why) = room.link.ended()
    {
        room.link_lost = true;
        room.notices.push(capital(&why));
    }
    if !room.registered {
        room.registered = room.link.registered();
    }
    let mut heard: VecDeque<Heard> = std::mem::take(&mut room.backlog);
    heard.extend(room.link.poll());
    match &mut room.side {
        Side::Host {
            authority, closed, ..
        } => {
            // The facilitator's session exists from the moment the room opens.
            let Some(mut s) = session else { return };
            let s = &mut *s;
            // The room changes only with what is heard (and the facilitator's seat moves and
            // start, which update it themselves): the lobby is not rebuilt every frame.
            let room_moved = !heard.is_empty();
            for h in heard {
                let out = match h {
                    Heard::Joined(_) => Vec::new(),
                    Heard::Left(peer) => authority.disconnect(&s.world, &peer),
                    Heard::Message(peer, bytes) => authority.receive(&mut s.world, &peer, &bytes),
                };
                room.link.post(out);
            }
            for action in std::mem::take(&mut s.outbox) {
                if let Err(r) = authority.facilitate(&mut s.world, action) {
                    s.rejection = Some((r.0, s.world.now()));
                }
            }
            let out = if s.waiting && !*closed {
                // The facilitator closes the game day: every game writes the team's report, and
                // the facilitator's keeps the log that replays it.
                *closed = true;
                next.set(Screen::Debrief);
                let name = format!(
                    "{}-game-day-{}.ron",
                    s.briefing.id,
                    profile.saved.results.len() + 1
                );
                let notice = keep_log(&profile, &name, &authority.script());
                profile.notices.push(notice);
                authority.finish(&s.world)
            } else {
                authority.flush(&s.world)
            };
            room.link.post(out);
            if room_moved {
                room.lobby = Some(authority.lobby(&s.world));
            }
            let drift = authority.mismatches();
            for m in &drift[room.drift_seen.min(drift.len())..] {
                let who = authority
                    .players()
                    .into_iter()
                    .find(|p| p.peer == m.peer)
                    .map_or_else(|| "A player".to_owned(), |p| p.name);
                room.notices.push(format!(
                    "{who}'s game no longer matches yours (minute {}): their screen may be wrong; they can leave and join again to catch up.",
                    m.now / 60
                ));
            }
            room.drift_seen = drift.len();
        }
        Side::Player {
            replica,
            name,
            host,
            want_seat,
            script,
            seat_script,
            over,
            done_sent,
        } => {
            let mut session = session;
            while let Some(h) = heard.pop_front() {
                match h {
                    Heard::Joined(peer) if host.is_none() => {
                        // The first peer the room introduces is the facilitator's game.
                        *host = Some(peer.clone());
                        let hello = FromPlayer::Hello {
                            version: PROTOCOL_VERSION,
                            name: name.clone(),
                        };
                        room.link.send(&peer, encode(&hello));
                        if let Some(person) = want_seat.take() {
                            room.link.send(&peer, encode(&FromPlayer::Claim { person }));
                        }
                    }
                    Heard::Left(peer) if host.as_deref() == Some(peer.as_str()) => {
                        *host = None;
                        room.notices.push(
                            "The facilitator's game went away: the game day cannot go on without it.".into(),
                        );
                    }
                    Heard::Message(peer, bytes) if host.as_deref() == Some(peer.as_str()) => {
                        let msg = match decode::<FromHost>(&bytes) {
                            Ok(m) => m,
                            Err(why) => {
                                room.dropped.count(why);
                                continue;
                            }
                        };
                        match msg {
                            FromHost::Lobby(lobby) => {
                                if session.is_none() {
                                    match player_session(&catalog, &lobby, replica.seat()) {
                                        Ok(s) => {
                                            commands.insert_resource(s);
                                            room.lobby = Some(lobby);
                                            // The rest waits for the session to exist.
                                            room.backlog = std::mem::take(&mut heard);
                                            break;
                                        }
                                        Err(e) => {
                                            room.notices.push(e);
                                            room.lobby = Some(lobby);
                                            continue;
                                        }
                                    }
                                }
                                if lobby.started && *screen.get() == Screen::Room {
                                    next.set(Screen::Shift);
                                }
                                room.lobby = Some(lobby);
                            }
                            FromHost::Seated { person } => {
                                replica.seat_at(person.clone());
                                if let Some(s) = session.as_deref_mut() {
                                    s.watch =
                                        Some(person.clone().map_or(Watch::Projector, Watch::Seat));
                                    s.refresh();
                                }
                                // A scripted player plays its seat's part once it has one (once:
                                // its steps are sent only once, whatever happens to the seat).
                                if let (Some(p), Some(s)) = (person, session.as_deref())
                                    && let Some(team) = script.take()
                                {
                                    *seat_script = Some(SeatScript::new(&team, &p, s.player()));
                                }
                            }
                            FromHost::Steps { from, steps, now } => {
                                let Some(s) = session.as_deref_mut() else {
                                    continue;
                                };
                                let reply = match replica.play(&mut s.world, from, &steps, now) {
                                    Played::Reached(h) | Played::Gap(h) => h,
                                };
                                room.link.send(&peer, encode(&reply));
                            }
                            FromHost::Refused { reason } => {
                                room.notices.push(format!("The room refused: {reason}."));
                            }
                            FromHost::Over { steps } => *over = Some(steps),
                        }
                    }
                    _ => {}
                }
            }
            let Some(s) = session.as_deref_mut() else {
                return;
            };
            let Some(h) = host.clone() else { return };
            for action in std::mem::take(&mut s.outbox) {
                room.link.send(&h, encode(&FromPlayer::Act { action }));
            }
            let started = room.lobby.as_ref().is_some_and(|l| l.started);
            if let Some(seat) = seat_script.as_mut()
                && started
            {
                if let Some(action) = seat.due(&s.world, replica.played()) {
                    room.link.send(&h, encode(&FromPlayer::Act { action }));
                }
                if seat.done() && s.world.phase() == Phase::Postmortem {
                    s.waiting = true;
                }
            }
            if s.waiting && !*done_sent {
                *done_sent = true;
                room.link.send(&h, encode(&FromPlayer::Done));
            }
            if over.is_some_and(|n| replica.played() >= n) && *screen.get() != Screen::Debrief {
                next.set(Screen::Debrief);
            }
        }
    }
}

/// A player's session for the room's lobby: the same scenario (checked by its hash), the same
/// seed, watched from the player's seat or, without one, as the projector. Its clock moves only
/// with the facilitator's steps.
fn player_session(catalog: &Catalog, lobby: &Lobby, seat: Option<&str>) -> Result<Session, String> {
    let (index, s) = catalog
        .0
        .iter()
        .enumerate()
        .find(|(_, s)| s.id == lobby.scenario)
        .ok_or_else(|| {
            format!(
                "This game has no scenario \"{}\": play the same version of PagerDrill as the facilitator.",
                lobby.scenario
            )
        })?;
    if crate::net::authority::scenario_hash(s) != lobby.scenario_hash {
        return Err(format!(
            "Your copy of \"{}\" differs from the facilitator's: play the same version of PagerDrill.",
            s.title
        ));
    }
    let world = World::game_day(s.clone(), lobby.seed).map_err(|r| r.0)?;
    let watch = seat.map_or(Watch::Projector, |p| Watch::Seat(p.to_owned()));
    let mut session = Session::around(world, Briefing::of(s), index, lobby.seed, Some(watch));
    session.remote = Remote::Player;
    session.scripted = true;
    Ok(session)
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
