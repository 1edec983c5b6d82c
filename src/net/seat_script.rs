//! A scripted participant over the network: one seat's steps of a team's action script, each sent
//! once the player's copy of the world has reached its time and has played every step the script
//! puts before it, so the facilitator logs the steps in the script's order. The command-line
//! player and the game's scripted player (the browser test's) both use it.

use crate::sim::script::{Script, Step};
use crate::sim::{Action, Phase, World};

/// One seat's part of a team script, and how far it has got.
#[derive(Debug, Clone, Default)]
pub struct SeatScript {
    /// The seat's steps, each with how many steps of the whole script come before it.
    steps: Vec<(usize, Step)>,
    next: usize,
}

impl SeatScript {
    /// The steps of `script` by `seat` (a step without `by:` is the scenario's `player`'s).
    pub fn new(script: &Script, seat: &str, player: &str) -> SeatScript {
        SeatScript {
            steps: script
                .actions
                .iter()
                .enumerate()
                .filter(|(_, s)| s.by.as_deref().unwrap_or(player) == seat)
                .map(|(i, s)| (i, s.clone()))
                .collect(),
            next: 0,
        }
    }

    /// The next action to send, if it is due: its time has come (or the shift is over), and the
    /// log holds everything before it. Each action is handed out once.
    pub fn due(&mut self, world: &World, played: u64) -> Option<Action> {
        let (before, step) = self.steps.get(self.next)?;
        let time = world.phase() == Phase::Postmortem || world.now() >= step.at_seconds();
        if time && played >= *before as u64 {
            self.next += 1;
            Some(step.action.clone())
        } else {
            None
        }
    }

    /// Whether every step has been sent.
    pub fn done(&self) -> bool {
        self.next >= self.steps.len()
    }
}
