//! Game days over the network, without the wire: what travels between the facilitator's game and
//! the players', and how each side keeps the same world.
//!
//! The engine is deterministic, so only actions travel. The facilitator's game is the
//! [`authority::Authority`]: it checks each player's action (a player acts only for their own
//! seat), orders every action into one log of timed steps, and sends the steps with its clock. Each
//! player's game is a [`replica::Replica`]: it plays the same steps on its own copy of the world and
//! shows its own seat's view. Both sides hash their event log at the same points; a mismatch is
//! reported, never ignored. A player who joins late or comes back replays the log from the start.
//!
//! This module knows nothing of sockets: the transport hands it bytes and sends what it returns,
//! so it is tested without a network and runs the same natively and in a browser.

pub mod authority;
pub mod hash;
pub mod protocol;
pub mod replica;
pub mod room;
pub mod seat_script;
pub mod wire;
