//! The scenarios the player can pick: the built-in pack, and files the player opened.

use bevy::prelude::*;

use crate::scenario::{Validated, pack};

/// The scenarios the player can pick.
#[derive(Resource, Debug, Clone)]
pub struct Catalog(pub Vec<Validated>);

impl Catalog {
    /// The built-in pack.
    pub fn builtin() -> Catalog {
        Catalog(
            pack::builtin()
                .into_iter()
                .filter_map(|(_, l)| l.value)
                .collect(),
        )
    }
}
