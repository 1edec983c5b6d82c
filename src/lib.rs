//! PagerDrill: an incident-response training game.
//!
//! A scenario file describes services, owners, alerts and a team on rotation; the engine plays a shift
//! forward in game time and takes the player's actions; the scorer explains every point of the debrief.
//! The core (`scenario`, `sim`, `score`) is plain Rust with no I/O, shared by the CLI, the game and the
//! browser build.

pub mod atomic_file;
pub mod cli;
pub mod game;
pub mod net;
pub mod scenario;
pub mod score;
pub mod sim;
