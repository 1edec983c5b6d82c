//! The bridge between the game and the engine. It alone holds the engine's `World`: it ticks it in
//! `FixedUpdate` at the scenario's time compression, carries out the intents screens and scripted
//! players raise, publishes what the player may see (the [`Session`]'s view, [`News`] messages)
//! and scores finished runs. Nothing else in the game can reach the world, so nothing else can read
//! what the player must not know before the debrief.

mod network;

use bevy::prelude::*;

pub use network::{Room, RoomSide, ScriptedSeat, SeatAsked, join_on_start};

use super::catalog::Catalog;
use super::intent::{Intent, Intents, Pick};
use super::persistence::Store;
use super::profile::Profile;
use super::screen::Screen;
use crate::scenario::{Mode, Priority};
use crate::score::{self, Report};
use crate::sim::{Action, Briefing, EventKind, Phase, View, World};

/// Engine ticks per real second.
pub const TICK_HZ: f64 = 20.0;

/// Where the bridge's systems run: screens and scripted players raise intents before
/// [`BridgeSet::Apply`], and read the refreshed view after it.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum BridgeSet {
    /// Intents carried out, the view refreshed, news published.
    Apply,
}

/// Present when a script drives the clock ([`Intent::RunTo`]) instead of the fixed-step tick.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct ScriptedClock;

/// Something the player should hear about, as it happens: what the sound and the browser page
/// react to. Only what the player can see anyway is published.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum News {
    /// A page reached the player.
    Paged {
        /// How urgent it is.
        priority: Priority,
    },
    /// A page nobody acknowledged went up the escalation policy.
    Escalated,
    /// The engine refused something the player (or a script) asked for.
    Refused {
        /// Why, in words for the player.
        reason: String,
    },
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Intents>()
        .init_resource::<Pick>()
        .add_message::<News>()
        .insert_resource(Time::<Fixed>::from_hz(TICK_HZ))
        .add_systems(FixedUpdate, tick.run_if(in_state(Screen::Shift)))
        .add_systems(
            Update,
            (
                apply_intents,
                network::pump,
                publish,
                end_of_shift.run_if(in_state(Screen::Shift)),
            )
                .chain()
                .in_set(BridgeSet::Apply),
        )
        // Back at the title, the list or a briefing (playing again alone after a game day), a game
        // day over the network is over for this window.
        .add_systems(
            OnEnter(Screen::Briefing),
            (network::leave, start_session).chain(),
        )
        .add_systems(OnEnter(Screen::Title), network::leave)
        .add_systems(OnEnter(Screen::Select), network::leave)
        .add_systems(OnEnter(Screen::Debrief), finish_session);
}

/// The slowest a shift may run, as a multiple of its time compression: slow enough that a day-long
/// scenario compressed 120 times can still be stopped on any second.
pub const MIN_SHIFT_SPEED: f64 = 1.0 / 16.0;

/// Whose eyes the console shows at a game day played in one window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watch {
    /// A participant's seat: the person they play (id). Actions are theirs.
    Seat(String),
    /// The facilitator: everything, faults included, with the facilitator's console.
    Facilitator,
    /// The room's shared screen: what everyone may see, nothing hidden; it cannot act.
    Projector,
}

/// A game day's seat as the console lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatCard {
    /// The person played (id).
    pub person: String,
    /// Their name.
    pub name: String,
    /// What they do.
    pub role: crate::scenario::SeatRole,
}

/// One of the facilitator's prepared injects, as the console lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedCard {
    /// Id, for the `Fire` action.
    pub id: String,
    /// What the console calls it.
    pub label: String,
    /// Whether it has been fired (each fires once).
    pub fired: bool,
}

/// Whose world this window runs: its own, or a share of a game day over the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Remote {
    /// This window alone (one player, or a game day around one screen).
    Local,
    /// The facilitator's game: its world is the one every player follows.
    Host,
    /// A player's game: its world plays only the facilitator's ordered steps.
    Player,
}

/// The run in progress: the engine, owned here, and what the game may read of it.
#[derive(Resource)]
pub struct Session {
    world: World,
    remote: Remote,
    /// Actions asked for over the network, for the room to send or log in order.
    outbox: Vec<Action>,
    /// Over the network, this window is done with the postmortem: a player's waits for the
    /// facilitator to close the game day; the facilitator's closes it.
    waiting: bool,
    /// Whose view the console shows; `None` when one player plays alone.
    watch: Option<Watch>,
    /// A seat was just handed over: its view stays covered until its participant is ready.
    curtain: bool,
    briefing: Briefing,
    scenario: usize,
    seed: u64,
    paused: bool,
    scripted: bool,
    carry: f64,
    speed: f64,
    view: View,
    view_key: (u32, usize),
    news_seen: usize,
    rejection: Option<(String, u32)>,
    report: Option<Report>,
    previous_best: Option<u32>,
}

impl Session {
    /// Starts a run of a catalogue scenario with a seed.
    pub fn start(catalog: &Catalog, scenario: usize, seed: u64) -> Option<Session> {
        let s = catalog.0.get(scenario)?.clone();
        let briefing = Briefing::of(&s);
        let world = World::new(s, seed, &[]).ok()?;
        Some(Session::around(world, briefing, scenario, seed, None))
    }

    /// A session around a world made elsewhere: a room's, over the network.
    fn around(
        world: World,
        briefing: Briefing,
        scenario: usize,
        seed: u64,
        watch: Option<Watch>,
    ) -> Session {
        let mut s = Session {
            view: world.view(&briefing.player),
            view_key: (world.now(), world.log_events().len()),
            world,
            remote: Remote::Local,
            outbox: Vec::new(),
            waiting: false,
            watch,
            curtain: false,
            briefing,
            scenario,
            seed,
            paused: false,
            scripted: false,
            carry: 0.0,
            speed: 1.0,
            news_seen: 0,
            rejection: None,
            report: None,
            previous_best: None,
        };
        s.refresh();
        s
    }

    /// Whether this run is a game day over the network, and this window the facilitator's.
    pub fn is_hosting(&self) -> bool {
        self.remote == Remote::Host
    }

    /// Whether this run is a game day over the network, and this window a player's.
    pub fn is_remote_player(&self) -> bool {
        self.remote == Remote::Player
    }

    /// Whether this player has finished the postmortem and waits for the facilitator to close
    /// the game day.
    pub fn waiting_for_close(&self) -> bool {
        self.waiting
    }

    /// What the player was told before the shift.
    pub fn briefing(&self) -> &Briefing {
        &self.briefing
    }

    /// What the player can see now (refreshed after every change).
    pub fn view(&self) -> &View {
        &self.view
    }

    /// Index of the scenario in the catalogue.
    pub fn scenario_index(&self) -> usize {
        self.scenario
    }

    /// The run seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The person the player plays.
    pub fn player(&self) -> &str {
        &self.briefing.player
    }

    /// Game seconds since the shift started.
    pub fn now(&self) -> u32 {
        self.world.now()
    }

    /// The shift's length in game seconds.
    pub fn end(&self) -> u32 {
        self.world.end()
    }

    /// Where the run is.
    pub fn phase(&self) -> Phase {
        self.world.phase()
    }

    /// Whether the player has paused the clock.
    pub fn paused(&self) -> bool {
        self.paused
    }

    /// This shift's speed multiplier: it starts at the settings' default and the player's `+`/`-`
    /// change it for this shift only, so the next scenario opens at its own briefing's pace.
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Game seconds per real second, all multipliers applied.
    pub fn rate(&self) -> f64 {
        self.briefing.shift.time_compression * self.speed
    }

    /// Whether the player may pause this run.
    pub fn may_pause(&self, profile: &Profile) -> bool {
        self.briefing.mode == Mode::Practice && !profile.saved.settings.exam_mode
    }

    /// The last refusal and the game second it happened.
    pub fn rejection(&self) -> Option<&(String, u32)> {
        self.rejection.as_ref()
    }

    /// The scored report, once the postmortem is done.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// The player's best total on this scenario before this run.
    pub fn previous_best(&self) -> Option<u32> {
        self.previous_best
    }

    /// Makes this run a game day with every seat in this window, the facilitator watching first.
    /// Only before the shift starts: nothing has happened yet, so nothing is lost.
    fn start_game_day(&mut self, catalog: &Catalog) -> Result<(), String> {
        // The clock runs only on the shift screen, so at the briefing nobody has done anything yet.
        if self.world.now() > 0 {
            return Err("A game day starts before the shift does.".into());
        }
        let s = catalog
            .0
            .get(self.scenario)
            .cloned()
            .ok_or("That scenario is gone.")?;
        self.world = World::game_day(s, self.seed).map_err(|r| r.0)?;
        self.watch = Some(Watch::Facilitator);
        self.refresh();
        Ok(())
    }

    /// Whether this run is a game day played in this window.
    pub fn is_game_day(&self) -> bool {
        self.watch.is_some()
    }

    /// Whose view the console shows at a game day.
    pub fn watch(&self) -> Option<&Watch> {
        self.watch.as_ref()
    }

    /// Whether the console is covered until the participant now at the keyboard is ready.
    pub fn curtain(&self) -> bool {
        self.curtain
    }

    /// The game day's seats, in the scenario's order; empty when one plays alone.
    pub fn seats(&self) -> Vec<SeatCard> {
        self.world
            .seats()
            .into_iter()
            .map(|(person, role)| SeatCard {
                name: self.world.names().speaker(&person).to_owned(),
                person,
                role,
            })
            .collect()
    }

    /// The facilitator's prepared injects and whether each has been fired.
    pub fn prepared(&self) -> Vec<PreparedCard> {
        self.world
            .prepared_injects()
            .into_iter()
            .map(|(id, label, fired)| PreparedCard { id, label, fired })
            .collect()
    }

    /// The facilitator's guide, line by line.
    pub fn guide(&self) -> Vec<String> {
        self.world.guide().to_vec()
    }

    /// The person id whose eyes the view is built for.
    fn viewer(&self) -> &str {
        match &self.watch {
            None => &self.briefing.player,
            Some(Watch::Seat(p)) => p,
            Some(Watch::Facilitator) => crate::sim::action::FACILITATOR,
            // No one: the engine shows a viewer without a seat only what everyone may see.
            Some(Watch::Projector) => "",
        }
    }

    /// Who acts for the console now; none for the projector. After the shift the postmortem is
    /// the team's: the facilitator's keyboard enters it as the commander's seat.
    fn actor(&self) -> Option<String> {
        match &self.watch {
            None => Some(self.briefing.player.clone()),
            Some(Watch::Seat(p)) => Some(p.clone()),
            Some(Watch::Facilitator) if self.world.phase() == Phase::Postmortem => self
                .seats()
                .into_iter()
                .find(|s| s.role == crate::scenario::SeatRole::Commander)
                .map(|s| s.person),
            Some(Watch::Facilitator) => Some(crate::sim::action::FACILITATOR.to_owned()),
            Some(Watch::Projector) => None,
        }
    }

    /// Builds the view again for whoever the console shows.
    fn refresh(&mut self) {
        self.view = self.world.view(self.viewer());
        self.view_key = (self.world.now(), self.world.log_events().len());
    }

    /// At a game day the facilitator runs the clock; a seat asking is told so.
    fn clock_is_mine(&mut self) -> bool {
        if self.watch == Some(Watch::Facilitator) {
            return true;
        }
        let now = self.world.now();
        self.rejection = Some(("At a game day the facilitator runs the clock.".into(), now));
        false
    }

    /// Carries out an action by `by`; a refusal is kept to be shown and published. Over the
    /// network the room carries it out: a player's goes to the facilitator's game, which acts
    /// for the player's own seat whatever `by` says; the facilitator's is logged for everyone.
    fn act(&mut self, by: &str, action: Action) {
        let now = self.world.now();
        match self.remote {
            Remote::Local => {}
            Remote::Player => {
                self.outbox.push(action);
                return;
            }
            Remote::Host if by == crate::sim::action::FACILITATOR => {
                self.outbox.push(action);
                return;
            }
            Remote::Host => {
                self.rejection = Some((
                    "Each participant acts from their own game; the facilitator's console acts for the facilitator.".into(),
                    now,
                ));
                return;
            }
        }
        match self.world.apply_logged(by, action) {
            Ok(()) => self.rejection = None,
            Err(r) => self.rejection = Some((r.0, now)),
        }
    }
}

/// Advances the engine by the game time that one fixed step stands for.
fn tick(time: Res<Time>, session: Option<ResMut<Session>>) {
    let Some(mut session) = session else { return };
    if session.paused || session.scripted {
        return;
    }
    session.carry += time.delta_secs_f64() * session.rate();
    let whole = session.carry.floor();
    if whole >= 1.0 {
        session.carry -= whole;
        session.world.step(whole as u32);
    }
}

/// Refreshes the view when the world changed and publishes what the player should hear about.
fn publish(session: Option<ResMut<Session>>, mut news: MessageWriter<News>) {
    let Some(mut session) = session else { return };
    let s = &mut *session;
    let log = s.world.log_events();
    for e in &log[s.news_seen.min(log.len())..] {
        match &e.kind {
            EventKind::PageSent { to, priority, .. } if to == s.viewer() => {
                news.write(News::Paged {
                    priority: *priority,
                });
            }
            EventKind::PageEscalated { .. } => {
                news.write(News::Escalated);
            }
            EventKind::Rejected { by, reason, .. } => {
                // A player's refusals over the network come back in the facilitator's steps.
                if s.remote == Remote::Player && by == s.viewer() {
                    s.rejection = Some((reason.clone(), e.at));
                }
                news.write(News::Refused {
                    reason: reason.clone(),
                });
            }
            _ => {}
        }
    }
    s.news_seen = log.len();
    // Anything that changes what the player sees either moves the clock or adds to the log.
    let key = (s.world.now(), log.len());
    if key != s.view_key {
        s.refresh();
    }
}

fn end_of_shift(session: Option<Res<Session>>, mut next: ResMut<NextState<Screen>>) {
    if session.is_some_and(|s| s.world.phase() == Phase::Postmortem) {
        next.set(Screen::Postmortem);
    }
}

fn start_session(
    mut commands: Commands,
    catalog: Res<Catalog>,
    pick: Res<Pick>,
    profile: Res<Profile>,
    scripted: Option<Res<ScriptedClock>>,
) {
    if let Some(mut s) = Session::start(&catalog, pick.scenario, pick.seed) {
        // A scripted player drives the clock from the first game second, so the fixed-step tick
        // must never race it.
        s.scripted = scripted.is_some();
        s.speed = profile.saved.settings.speed;
        s.previous_best = profile
            .saved
            .best(&s.briefing.id)
            .map(|r| r.report.score.total);
        commands.insert_resource(s);
    }
}

fn finish_session(session: Option<ResMut<Session>>, mut profile: ResMut<Profile>) {
    let Some(mut session) = session else { return };
    if session.report.is_some() {
        return;
    }
    session.world.finish();
    let report = score::score(&session.world);
    profile.saved.record(report.clone());
    profile.persist();
    session.report = Some(report);
}

/// A new seed derived from the last one, so "play again with a new seed" is reproducible too.
pub fn next_seed(seed: u64) -> u64 {
    seed.wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407)
        >> 16
}

// One parameter per thing an intent can change; grouping them would only hide which.
#[allow(clippy::too_many_arguments)]
fn apply_intents(
    mut commands: Commands,
    mut intents: ResMut<Intents>,
    mut room: Option<ResMut<Room>>,
    mut asked: Option<ResMut<SeatAsked>>,
    mut next: ResMut<NextState<Screen>>,
    mut pick: ResMut<Pick>,
    mut profile: ResMut<Profile>,
    catalog: Res<Catalog>,
    session: Option<ResMut<Session>>,
) {
    let mut session = session;
    for intent in std::mem::take(&mut intents.0) {
        match intent {
            Intent::Act(action) => {
                if let Some(s) = session.as_deref_mut() {
                    match s.actor() {
                        Some(by) => s.act(&by, action),
                        None => {
                            let now = s.world.now();
                            s.rejection = Some((
                                "The projector only shows the shared picture: switch to a seat to act.".into(),
                                now,
                            ));
                        }
                    }
                }
            }
            Intent::GameDay => {
                if let Some(s) = session.as_deref_mut() {
                    match s.start_game_day(&catalog) {
                        Ok(()) => next.set(Screen::Shift),
                        Err(e) => profile.notices.push(e),
                    }
                }
            }
            Intent::Watch(w) => {
                // Over the network each window is one seat's: nobody looks through other eyes.
                if let Some(s) = session.as_deref_mut()
                    && s.watch.is_some()
                    && s.remote == Remote::Local
                {
                    // Every pair of eyes but the room's opens covered: a seat sees only its own,
                    // and the facilitator's view shows everything.
                    s.curtain = w != Watch::Projector;
                    s.watch = Some(w);
                    s.rejection = None;
                    s.refresh();
                }
            }
            Intent::LiftCurtain => {
                if let Some(s) = session.as_deref_mut() {
                    s.curtain = false;
                }
            }
            Intent::ActAs { by, action } => {
                if let Some(s) = session.as_deref_mut() {
                    s.act(&by, action);
                }
            }
            Intent::RunTo(t) => {
                if let Some(s) = session.as_deref_mut()
                    && s.scripted
                    && s.remote == Remote::Local
                {
                    s.world.advance_to(t);
                }
            }
            Intent::Go(screen) => next.set(screen),
            Intent::Choose { scenario, seed } => {
                if scenario < catalog.0.len() {
                    *pick = Pick { scenario, seed };
                    next.set(Screen::Briefing);
                }
            }
            Intent::TogglePause => {
                if let Some(s) = session.as_deref_mut() {
                    if s.is_game_day() {
                        let action = if s.paused {
                            Action::Resume
                        } else {
                            Action::Pause
                        };
                        if s.clock_is_mine() {
                            s.act(crate::sim::action::FACILITATOR, action);
                            if s.rejection.is_none() {
                                s.paused = !s.paused;
                            }
                        }
                    } else if s.may_pause(&profile) {
                        s.paused = !s.paused;
                    } else {
                        let now = s.world.now();
                        s.rejection =
                            Some(("This is an exam: the clock does not stop.".into(), now));
                    }
                }
            }
            Intent::Speed(x) => {
                // For this shift only; the settings screen changes the default.
                if let Some(s) = session.as_deref_mut() {
                    let speed = if x.is_finite() {
                        x.clamp(MIN_SHIFT_SPEED, 8.0)
                    } else {
                        1.0
                    };
                    if s.is_game_day() {
                        if s.clock_is_mine() {
                            s.act(crate::sim::action::FACILITATOR, Action::SetSpeed { speed });
                            if s.rejection.is_none() {
                                s.speed = speed;
                            }
                        }
                    } else {
                        s.speed = speed;
                    }
                }
            }
            Intent::Again { new_seed } => {
                if let Some(s) = session.as_deref() {
                    let seed = if new_seed { next_seed(s.seed) } else { s.seed };
                    *pick = Pick {
                        scenario: s.scenario,
                        seed,
                    };
                    next.set(Screen::Briefing);
                }
            }
            Intent::FinishPostmortem => match session.as_deref_mut() {
                // The facilitator's game is gone: what was played is scored here, so nothing
                // the player earned is lost.
                Some(s)
                    if s.remote == Remote::Player
                        && room.as_deref().is_some_and(|r| !r.connected()) =>
                {
                    next.set(Screen::Debrief)
                }
                // Over the network the debrief waits for the facilitator to close the game day,
                // so every game scores the same, whole postmortem.
                Some(s) if s.remote != Remote::Local => s.waiting = true,
                _ => next.set(Screen::Debrief),
            },
            Intent::HostRoom { scenario, port } => network::host(
                &mut commands,
                &catalog,
                scenario,
                port,
                &mut profile,
                &mut next,
            ),
            Intent::JoinRoom { url, name } => {
                let asked = asked.as_deref_mut().and_then(|a| a.0.take());
                network::join(&mut commands, &url, &name, asked, &mut profile, &mut next)
            }
            Intent::TakeSeat(person) => {
                if let Some(r) = room.as_deref_mut() {
                    r.claim(&person);
                }
            }
            Intent::GiveSeat { person, to } => {
                if let (Some(r), Some(s)) = (room.as_deref_mut(), session.as_deref()) {
                    r.give_seat(&s.world, &person, to.as_deref());
                }
            }
            Intent::StartRoom => {
                if let (Some(r), Some(s)) = (room.as_deref_mut(), session.as_deref())
                    && r.start(&s.world)
                {
                    next.set(Screen::Shift);
                }
            }
            Intent::LeaveRoom => {
                commands.remove_resource::<Room>();
                if session
                    .as_deref()
                    .is_some_and(|s| s.remote != Remote::Local)
                {
                    commands.remove_resource::<Session>();
                }
                next.set(Screen::Title);
            }
            Intent::ExportReport => {
                if let Some(s) = session.as_deref()
                    && let Some(report) = &s.report
                {
                    let md = score::markdown(report, s.briefing.shift.start);
                    let name = format!(
                        "{}-seed{}-run{}.md",
                        report.scenario.id,
                        report.seed,
                        profile.saved.results.len()
                    );
                    let notice = export_report(profile.store.as_ref(), &name, &md);
                    profile.notices.push(notice);
                }
            }
            Intent::SaveSettings => {
                if let Some(store) = profile.store.clone()
                    && let Err(e) =
                        super::persistence::save_settings(&store, &profile.saved.settings)
                {
                    profile
                        .notices
                        .push(format!("Could not save settings: {e}"));
                }
            }
            Intent::DismissNotices => profile.notices.clear(),
        }
    }
}

/// Hands the Markdown report to the player: a download in a browser, a file next to the saves
/// natively. Returns the notice saying what happened.
fn export_report(store: Option<&Store>, name: &str, markdown: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = store;
        match super::platform::download(name, "text/markdown", markdown) {
            Ok(()) => format!("After-action report downloaded as {name}"),
            Err(e) => format!("Could not download the report: {e}"),
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        // A profile kept in memory (a test, a tool) never writes to the player's data directory.
        let Some(dir) = store.and_then(Store::reports_dir) else {
            return "This session keeps nothing on disk: the report was not exported.".to_owned();
        };
        let path = dir.join(name);
        match super::persistence::write_atomic(&path, markdown.as_bytes()) {
            Ok(()) => format!("After-action report saved to {}", path.display()),
            Err(e) => format!("Could not save the report to {}: {e}", path.display()),
        }
    }
}
