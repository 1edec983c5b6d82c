//! `pagerdrill host` and `pagerdrill join`: a scripted game day over the network, headless. The
//! host is the facilitator: it runs the signaling server, opens the room, waits for every seat,
//! then plays the script's facilitator steps and waits at each participant's step for that
//! participant's game to send it. Each `join` is a participant: it plays its own seat's steps when
//! its copy of the world reaches their time. Every side writes the team's report at the end.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::files::write_atomic;
use super::run::{load_scenario, load_script_file};
use crate::net::authority::Authority;
use crate::net::protocol::{FromHost, FromPlayer, PROTOCOL_VERSION, decode, encode};
use crate::net::replica::{Played, Replica};
use crate::net::room;
use crate::net::seat_script::SeatScript;
use crate::net::wire::{Heard, Link, POLL, Signaling};
use crate::score;
use crate::sim::action::FACILITATOR;
use crate::sim::{Phase, World};

/// How long anyone waits for something that should come before giving up with a reason.
const PATIENCE: Duration = Duration::from_secs(120);

/// Game seconds the host's clock moves in one go while nobody is due to act.
const CLOCK_STEP: u32 = 30;

/// What `host` was asked to do.
pub struct HostOptions<'a> {
    /// Scenario id or file.
    pub scenario: &'a str,
    /// The team script.
    pub actions: &'a Path,
    /// Run seed.
    pub seed: u64,
    /// Address to listen on.
    pub listen: std::net::SocketAddr,
    /// Write the ordered log here, as an action script.
    pub log: Option<&'a Path>,
    /// Write the team's report (JSON) here.
    pub report: Option<&'a Path>,
    /// Run the clock in real time at this multiple of the scenario's time compression, ticking as
    /// the game does; none runs it as fast as the players keep up.
    pub pace: Option<f64>,
}

/// How often a clock in real time moves and is sent, as the game's own tick.
const TICK: Duration = Duration::from_millis(50);

/// What a participant's game measured, written beside its report.
#[derive(Serialize)]
struct Measured {
    /// Round trips from sending an action to seeing it in the log, in milliseconds, sorted.
    round_trip_ms: Vec<f64>,
    /// Bytes received from the facilitator.
    bytes_in: usize,
    /// Bytes sent to the facilitator.
    bytes_out: usize,
    /// Game seconds played.
    game_seconds: u32,
    /// Wall-clock seconds from the start of the shift to the end.
    wall_seconds: f64,
}

#[derive(Serialize)]
struct Written<'a> {
    report: &'a score::Report,
    measured: Option<Measured>,
}

fn fail(err: &mut dyn Write, msg: impl std::fmt::Display) -> ExitCode {
    let _ = writeln!(err, "error: {msg}");
    ExitCode::from(1)
}

/// Reads whatever has arrived and lets the authority answer it.
fn pump(link: &mut Link, host: &mut Authority, world: &mut World) {
    for heard in link.poll() {
        let out = match heard {
            Heard::Joined(_) => Vec::new(),
            Heard::Left(peer) => host.disconnect(world, &peer),
            Heard::Message(peer, bytes) => host.receive(world, &peer, &bytes),
        };
        link.post(out);
    }
    let out = host.flush(world);
    link.post(out);
}

/// Runs `pagerdrill host`.
pub fn host(opts: &HostOptions, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let scenario = match load_scenario(opts.scenario) {
        Ok(s) => s,
        Err(lines) => return fail(err, lines.join("\n")),
    };
    let script = match load_script_file(opts.actions) {
        Ok(s) => s,
        Err(lines) => return fail(err, lines.join("\n")),
    };
    let (mut authority, mut world) = match Authority::new(scenario.clone(), opts.seed) {
        Ok(a) => a,
        Err(e) => return fail(err, e),
    };
    let code = match room::new_code() {
        Ok(c) => c,
        Err(e) => return fail(err, e),
    };
    let secret = match room::new_code() {
        Ok(c) => c,
        Err(e) => return fail(err, e),
    };
    let signaling = match Signaling::start(opts.listen, &code, &secret) {
        Ok(s) => s,
        Err(e) => return fail(err, e),
    };
    let port = signaling.addr().port();
    let mut link = Link::open(&signaling.facilitator_url());
    // Players are let in only after the facilitator's own link, so the room is handed out then.
    let since = Instant::now();
    while !link.registered() {
        if let Some(why) = link.ended() {
            return fail(err, why);
        }
        if since.elapsed() > PATIENCE {
            return fail(err, "the signaling server never took the facilitator in");
        }
        std::thread::sleep(POLL);
    }
    // The first line is the address players join, for people and for scripts.
    let _ = writeln!(out, "room ws://127.0.0.1:{port}/{code}");
    let _ = out.flush();

    // The lobby: wait for every seat to be taken.
    let since = Instant::now();
    while !authority.seats_full(&world) {
        pump(&mut link, &mut authority, &mut world);
        if since.elapsed() > PATIENCE {
            let free: Vec<String> = authority
                .lobby(&world)
                .seats
                .into_iter()
                .filter(|s| s.held_by.is_none())
                .map(|s| s.name)
                .collect();
            return fail(
                err,
                format!("nobody took these seats in time: {}", free.join(", ")),
            );
        }
        std::thread::sleep(POLL);
    }
    let start = authority.start(&world);
    link.post(start);

    // The shift: the clock runs to each step; a participant's step is waited for.
    let end = world.end();
    let rate = opts
        .pace
        .map(|p| p * scenario.shift.time_compression)
        .filter(|r| r.is_finite() && *r > 0.0);
    let clock_start = Instant::now();
    let mut done: std::collections::BTreeMap<String, usize> = Default::default();
    for step in &script.actions {
        let at = step.at_seconds().min(end);
        while world.now() < at && world.phase() == Phase::Shift {
            let next = match rate {
                // In real time: where the clock is now, one tick at a time.
                Some(r) => {
                    std::thread::sleep(TICK);
                    let t = (clock_start.elapsed().as_secs_f64() * r) as u32;
                    t.clamp(world.now(), at)
                }
                None => (world.now() + CLOCK_STEP).min(at),
            };
            world.advance_to(next);
            pump(&mut link, &mut authority, &mut world);
        }
        let by = step.by.clone().unwrap_or_else(|| scenario.player.clone());
        if by == FACILITATOR {
            let _ = authority.facilitate(&mut world, step.action.clone());
            pump(&mut link, &mut authority, &mut world);
            continue;
        }
        let want = done.get(&by).copied().unwrap_or(0) + 1;
        let waited = Instant::now();
        while authority.actions_by(&by) < want {
            pump(&mut link, &mut authority, &mut world);
            if waited.elapsed() > PATIENCE {
                return fail(
                    err,
                    format!("{by}'s game never sent its step at {} min", step.at),
                );
            }
            std::thread::sleep(POLL);
        }
        done.insert(by, want);
    }
    world.advance_to(end);
    pump(&mut link, &mut authority, &mut world);
    let over = authority.finish(&world);
    link.post(over);
    // Give the last messages and hashes time to arrive.
    let linger = Instant::now();
    while linger.elapsed() < Duration::from_secs(2) {
        pump(&mut link, &mut authority, &mut world);
        std::thread::sleep(POLL);
    }

    let report = score::score(&world);
    if let Some(path) = opts.log
        && let Err(e) = write_atomic(path, authority.script().to_ron().as_bytes())
    {
        return fail(err, format!("{}: {e}", path.display()));
    }
    if let Some(path) = opts.report
        && let Err(e) = write_json(
            path,
            &Written {
                report: &report,
                measured: None,
            },
        )
    {
        return fail(err, e);
    }
    let d = authority.dropped();
    let _ = writeln!(
        out,
        "done: {} steps; team {}/100; {} drifted, {} dropped, {} refused",
        authority.script().actions.len(),
        report.score.total,
        authority.mismatches().len(),
        d.total(),
        authority.refused()
    );
    if authority.mismatches().is_empty() {
        ExitCode::SUCCESS
    } else {
        fail(err, "a player's world drifted from the facilitator's")
    }
}

fn write_json(path: &Path, w: &Written) -> Result<(), String> {
    let text = serde_json::to_string_pretty(w).map_err(|e| e.to_string())?;
    write_atomic(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
}

/// What `join` was asked to do.
pub struct JoinOptions<'a> {
    /// `ws://HOST:PORT/CODE`.
    pub room: &'a str,
    /// The seat's person id.
    pub seat: &'a str,
    /// The team script; this player plays its seat's steps.
    pub actions: &'a Path,
    /// Write the team's report and what was measured here (JSON).
    pub report: Option<&'a Path>,
}

/// Runs `pagerdrill join`.
pub fn join(opts: &JoinOptions, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let script = match load_script_file(opts.actions) {
        Ok(s) => s,
        Err(lines) => return fail(err, lines.join("\n")),
    };
    let address = match room::address(opts.room) {
        Ok(a) => a,
        Err(e) => return fail(err, e),
    };
    let mut link = Link::open(&address);
    let mut replica: Option<(Replica, World)> = None;
    let mut host: Option<String> = None;
    let mut over: Option<u64> = None;
    let mut own = SeatScript::default();
    let mut pending: Vec<Instant> = Vec::new();
    let mut m = Measured {
        round_trip_ms: Vec::new(),
        bytes_in: 0,
        bytes_out: 0,
        game_seconds: 0,
        wall_seconds: 0.0,
    };
    let mut started: Option<Instant> = None;
    let since = Instant::now();
    let send = |link: &mut Link, host: &str, msg: &FromPlayer, m: &mut Measured| {
        let bytes = encode(msg);
        m.bytes_out += bytes.len();
        link.send(host, bytes);
    };
    loop {
        if since.elapsed() > 10 * PATIENCE {
            return fail(err, "the game day did not end in time");
        }
        if let Some(why) = link.ended() {
            return fail(err, why);
        }
        for heard in link.poll() {
            match heard {
                Heard::Joined(peer) if host.is_none() => {
                    host = Some(peer.clone());
                    send(
                        &mut link,
                        &peer,
                        &FromPlayer::Hello {
                            version: PROTOCOL_VERSION,
                            name: opts.seat.to_owned(),
                        },
                        &mut m,
                    );
                    send(
                        &mut link,
                        &peer,
                        &FromPlayer::Claim {
                            person: opts.seat.to_owned(),
                        },
                        &mut m,
                    );
                }
                Heard::Left(peer) if host.as_deref() == Some(peer.as_str()) => {
                    return fail(err, "the facilitator's game went away");
                }
                Heard::Message(peer, bytes) if host.as_deref() == Some(peer.as_str()) => {
                    m.bytes_in += bytes.len();
                    let Ok(msg) = decode::<FromHost>(&bytes) else {
                        continue;
                    };
                    match msg {
                        FromHost::Lobby(lobby) => {
                            if replica.is_none() {
                                let s = match load_scenario(&lobby.scenario) {
                                    Ok(s) => s,
                                    Err(lines) => return fail(err, lines.join("\n")),
                                };
                                if crate::net::authority::scenario_hash(&s) != lobby.scenario_hash {
                                    return fail(
                                        err,
                                        format!(
                                            "your copy of \"{}\" differs from the facilitator's",
                                            lobby.scenario
                                        ),
                                    );
                                }
                                own = SeatScript::new(&script, opts.seat, &s.player);
                                replica = match World::game_day(s, lobby.seed) {
                                    Ok(w) => Some((Replica::default(), w)),
                                    Err(e) => return fail(err, e),
                                };
                            }
                            if lobby.started && started.is_none() {
                                started = Some(Instant::now());
                            }
                        }
                        FromHost::Seated { person } => {
                            if let Some((r, _)) = replica.as_mut() {
                                r.seat_at(person);
                            }
                        }
                        FromHost::Steps { from, steps, now } => {
                            let Some((r, w)) = replica.as_mut() else {
                                continue;
                            };
                            let mine = steps
                                .iter()
                                .skip(r.played().saturating_sub(from) as usize)
                                .filter(|s| s.by.as_deref() == Some(opts.seat))
                                .count();
                            for _ in 0..mine {
                                if !pending.is_empty() {
                                    let sent = pending.remove(0);
                                    m.round_trip_ms.push(sent.elapsed().as_secs_f64() * 1000.0);
                                }
                            }
                            let reply = match r.play(w, from, &steps, now) {
                                Played::Reached(h) | Played::Gap(h) => h,
                            };
                            send(&mut link, &peer, &reply, &mut m);
                        }
                        FromHost::Refused { reason } => {
                            let _ = writeln!(err, "refused: {reason}");
                        }
                        FromHost::Over { steps } => over = Some(steps),
                    }
                }
                _ => {}
            }
        }
        // This seat's next step, once this copy of the world has reached its time.
        if let (Some((r, w)), Some(h)) = (replica.as_ref(), host.clone())
            && started.is_some()
            && let Some(action) = own.due(w, r.played())
        {
            pending.push(Instant::now());
            send(&mut link, &h, &FromPlayer::Act { action }, &mut m);
        }
        if let (Some(steps), Some((r, w))) = (over, replica.as_ref())
            && r.played() >= steps
        {
            m.game_seconds = w.now();
            m.wall_seconds = started.map_or(0.0, |s| s.elapsed().as_secs_f64());
            m.round_trip_ms.sort_by(f64::total_cmp);
            let report = score::score(w);
            let _ = writeln!(
                out,
                "{}: team {}/100 after {} steps",
                opts.seat,
                report.score.total,
                r.played()
            );
            if let Some(path) = opts.report
                && let Err(e) = write_json(
                    path,
                    &Written {
                        report: &report,
                        measured: Some(m),
                    },
                )
            {
                return fail(err, e);
            }
            return ExitCode::SUCCESS;
        }
        std::thread::sleep(POLL);
    }
}
