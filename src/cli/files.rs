//! File helpers for the CLI: reading and finding input files (shared with the game, see
//! [`crate::scenario::files`]) and writing atomically.

pub use crate::scenario::files::scenario_files;

/// Writes a file atomically (see [`crate::atomic_file::write`]).
pub use crate::atomic_file::write as write_atomic;
