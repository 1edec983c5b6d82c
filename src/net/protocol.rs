//! What travels between the facilitator's game and the players' games, and how a message is read:
//! anything too big or unreadable is dropped and counted, never trusted and never a crash.

use serde::{Deserialize, Serialize};

use crate::scenario::SeatRole;
use crate::sim::Action;
use crate::sim::script::Step;

/// The version of these messages; a peer speaking another is refused with a reason.
pub const PROTOCOL_VERSION: u32 = 2;

/// The largest message either side reads. A catch-up is sent in parts well under it.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// At most this many steps go in one message.
pub const STEPS_PER_MESSAGE: usize = 100;

/// The longest name a player may give.
pub const MAX_NAME_CHARS: usize = 40;

/// What a player's game sends the facilitator's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromPlayer {
    /// A player is here: the messages they speak and the name the room sees.
    Hello {
        /// [`PROTOCOL_VERSION`] of the sender.
        version: u32,
        /// What the lobby calls them.
        name: String,
    },
    /// The player takes a free seat (the person it plays).
    Claim {
        /// The seat's person id.
        person: String,
    },
    /// The player's seat does something.
    Act {
        /// What.
        action: Action,
    },
    /// After `steps` steps of the log, with the clock at `now`, the player's world hashes to this.
    Hash {
        /// Steps played.
        steps: u64,
        /// Game second.
        now: u32,
        /// The state hash ([`super::hash`]).
        hash: u64,
    },
    /// The player missed steps: send the log again from this one.
    Resend {
        /// The first step wanted.
        from: u64,
    },
    /// The player has finished their part of the postmortem.
    Done,
}

/// What the facilitator's game sends the players'.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromHost {
    /// The room as it is now.
    Lobby(Lobby),
    /// Which seat is this player's now (none: watching, or the seat was given to someone else).
    Seated {
        /// The seat's person id.
        person: Option<String>,
    },
    /// Steps of the ordered log starting at index `from`, then the clock to run to.
    Steps {
        /// Index of the first step in the message.
        from: u64,
        /// The steps, in order.
        steps: Vec<Step>,
        /// The facilitator's clock, in game seconds, after the steps.
        now: u32,
    },
    /// Something the player asked for was refused.
    Refused {
        /// Why, in words for people.
        reason: String,
    },
    /// The game day is over once these many steps are played: the team's report can be written.
    Over {
        /// Steps in the whole log.
        steps: u64,
    },
}

/// The room: which scenario, the seats and who holds them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lobby {
    /// The built-in scenario's id.
    pub scenario: String,
    /// A hash of the scenario, so a player with another version of it is told before it matters.
    pub scenario_hash: u64,
    /// The run seed.
    pub seed: u64,
    /// Whether the shift has started.
    pub started: bool,
    /// Every seat.
    pub seats: Vec<SeatTaken>,
}

/// A seat and who holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatTaken {
    /// The person the seat plays (id).
    pub person: String,
    /// Their name.
    pub name: String,
    /// What the seat does.
    pub role: SeatRole,
    /// The player holding it, by the name they gave; none while free.
    pub held_by: Option<String>,
    /// Whether that player is connected now.
    pub connected: bool,
    /// Whether that player has finished their part of the postmortem.
    pub done: bool,
}

/// Why a message was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    /// Larger than [`MAX_MESSAGE_BYTES`].
    TooBig,
    /// Not a message of this protocol.
    Malformed,
}

/// Messages dropped, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DropCount {
    /// Larger than allowed.
    pub too_big: u64,
    /// Unreadable.
    pub malformed: u64,
}

impl DropCount {
    /// Counts one drop.
    pub fn count(&mut self, why: Dropped) {
        match why {
            Dropped::TooBig => self.too_big += 1,
            Dropped::Malformed => self.malformed += 1,
        }
    }

    /// Every drop.
    pub fn total(&self) -> u64 {
        self.too_big + self.malformed
    }
}

/// A message as bytes.
pub fn encode<T: Serialize>(m: &T) -> Vec<u8> {
    // Plain data always serialises.
    serde_json::to_vec(m).unwrap_or_default()
}

/// Reads a message, refusing anything too big before looking inside it.
pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, Dropped> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(Dropped::TooBig);
    }
    serde_json::from_slice(bytes).map_err(|_| Dropped::Malformed)
}

/// Steps split into messages of at most [`STEPS_PER_MESSAGE`], each with the clock to run to
/// after it (the clock moves only with the last part).
pub fn steps_messages(from: u64, steps: &[Step], before: u32, now: u32) -> Vec<FromHost> {
    if steps.is_empty() {
        return vec![FromHost::Steps {
            from,
            steps: Vec::new(),
            now,
        }];
    }
    let parts: Vec<&[Step]> = steps.chunks(STEPS_PER_MESSAGE).collect();
    let last = parts.len() - 1;
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| FromHost::Steps {
            from: from + (i * STEPS_PER_MESSAGE) as u64,
            steps: part.to_vec(),
            // Mid-way, the clock runs only as far as the part's own last step.
            now: if i == last {
                now
            } else {
                part.last().map_or(before, Step::at_seconds)
            },
        })
        .collect()
}
