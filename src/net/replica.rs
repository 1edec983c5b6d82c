//! A player's side of a networked game day: a copy of the world that plays the facilitator's
//! ordered steps and nothing else, so it stays the same world; and the seat it shows. The copy
//! itself stays with whoever shows it (the game's session, the command-line player) and is lent
//! to each call.

use crate::sim::script::Step;
use crate::sim::{Phase, World};

use super::hash::LogHash;
use super::protocol::FromPlayer;

/// What playing a batch of steps came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Played {
    /// Played; here is the hash to report for the point reached.
    Reached(FromPlayer),
    /// Steps are missing before this batch: ask for them again from this index.
    Gap(FromPlayer),
}

/// A player's place in the game day: how far its copy of the world has played, and its seat.
#[derive(Default)]
pub struct Replica {
    played: u64,
    hasher: LogHash,
    seat: Option<String>,
}

impl Replica {
    /// Steps played so far.
    pub fn played(&self) -> u64 {
        self.played
    }

    /// The seat this player holds, if any.
    pub fn seat(&self) -> Option<&str> {
        self.seat.as_deref()
    }

    /// The room gave this player a seat (or took it away).
    pub fn seat_at(&mut self, person: Option<String>) {
        self.seat = person;
    }

    /// Plays steps `from..` and runs the clock to `now`. Steps already played are skipped (a
    /// resend overlaps); steps after a gap are not played, and the gap is asked for.
    pub fn play(&mut self, world: &mut World, from: u64, steps: &[Step], now: u32) -> Played {
        if from > self.played {
            return Played::Gap(FromPlayer::Resend { from: self.played });
        }
        let skip = (self.played - from) as usize;
        for step in steps.iter().skip(skip) {
            let at = step.at_seconds();
            if world.phase() == Phase::Shift {
                if at >= world.end() {
                    world.finish();
                } else {
                    world.advance_to(at);
                }
            }
            let by = step.by.as_deref().unwrap_or_default();
            // A refusal is part of the log, as it was on the facilitator's world.
            let _ = world.apply_logged(by, step.action.clone());
            self.played += 1;
        }
        if self.played >= from + steps.len() as u64 {
            world.advance_to(now);
        }
        Played::Reached(FromPlayer::Hash {
            steps: self.played,
            now: world.now(),
            hash: self.hasher.of(world),
        })
    }
}
