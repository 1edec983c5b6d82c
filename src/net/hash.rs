//! A state hash both sides can compute the same way on every platform: 64-bit FNV-1a over the
//! event log's JSON, event by event, then the clock and every service's latest readings (two
//! worlds can log the same events while their numbers drift). Not for security; for noticing that
//! two copies of a world have drifted apart.

use crate::sim::World;

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// Folds bytes into a running FNV-1a hash.
pub fn fold(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// A running hash of a world's event log, updated with only the events added since last time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogHash {
    hash: u64,
    events: usize,
}

impl Default for LogHash {
    fn default() -> Self {
        LogHash {
            hash: OFFSET,
            events: 0,
        }
    }
}

impl LogHash {
    /// The hash of the world's log and clock now, folding in only what is new.
    pub fn of(&mut self, world: &World) -> u64 {
        let log = world.log_events();
        for e in &log[self.events.min(log.len())..] {
            // Serialising an event cannot fail: it is plain data.
            let json = serde_json::to_vec(e).unwrap_or_default();
            self.hash = fold(self.hash, &json);
        }
        self.events = log.len();
        let mut h = fold(self.hash, &world.now().to_le_bytes());
        for v in world.readings() {
            h = fold(h, &v.to_bits().to_le_bytes());
        }
        h
    }
}
