//! The deterministic incident engine.
//!
//! # Why a discrete-event queue
//! A shift is long (up to 48 game hours) and mostly quiet, while the world can be large (thousands of
//! services). Ticking every service every game second would spend almost all its time confirming that
//! nothing changed. Instead the engine keeps a priority queue of timers ordered by (game second,
//! insertion number): metric scrapes every `scrape_interval_seconds`, fault starts, escalation
//! timeouts, teammates answering pages, mitigations taking effect. `World::advance_to` pops timers in
//! that order, so the work done is proportional to what happens, and any caller — the headless runner,
//! the game's fixed-step tick, a test — gets the same sequence of states for the same inputs.
//!
//! # Determinism
//! No wall clock, no I/O, no thread-local randomness. Two ChaCha8 streams are seeded from the scenario
//! seed and the run seed: one for metric noise (so the world's readings do not depend on what the player
//! does), one for people (response delays, sleeping through pages, diagnosis). Only `+ - * /` and
//! comparisons are used on floats, so native and wasm builds produce the same bits.

pub mod action;
pub mod command;
pub mod event;
pub mod names;
pub mod script;
pub mod summary;
pub mod view;
pub mod words;

mod apply;
mod data;
mod load;
mod metrics;
mod paging;
mod people;
mod seats;
mod signals;
mod triggers;
mod vendor;
mod world;

pub use action::{
    Action, AlertRef, Audience, Filing, HandoverBriefing, ImpactTrend, Moment, Rejection,
    StatusState, Task,
};
pub use event::{Event, EventKind, PageVia};
pub use script::Cursor;
pub use view::{Briefing, QuestionView, View};
pub use world::{AlertState, Incident, PageState, Phase, PostmortemAnswers, World};
