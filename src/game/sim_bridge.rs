//! The bridge between the UI and the engine: ticks the world in `FixedUpdate` at the scenario's time
//! compression, turns UI intents into actions and screen changes, and records finished runs. The UI
//! never touches the engine itself: it reads a `View` and raises intents.

use bevy::prelude::*;

use super::persistence::Store;
use super::session::{Catalog, Intent, Intents, Pick, Profile, Screen, Session};
use crate::scenario::Mode;
use crate::score;
use crate::sim::Phase;

/// Engine ticks per real second.
pub const TICK_HZ: f64 = 20.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Intents>()
        .init_resource::<Pick>()
        .insert_resource(Time::<Fixed>::from_hz(TICK_HZ))
        .add_systems(FixedUpdate, tick.run_if(in_state(Screen::Shift)))
        .add_systems(
            Update,
            (apply_intents, end_of_shift.run_if(in_state(Screen::Shift))).chain(),
        )
        .add_systems(OnEnter(Screen::Briefing), start_session)
        .add_systems(OnEnter(Screen::Debrief), finish_session);
}

/// Whether the player may pause this run.
pub fn may_pause(session: &Session, profile: &Profile) -> bool {
    session.world.scenario().mode == Mode::Practice && !profile.saved.settings.exam_mode
}

/// Advances the engine by the game time that one fixed step stands for.
fn tick(time: Res<Time>, session: Option<ResMut<Session>>) {
    let Some(mut session) = session else { return };
    if session.paused || session.scripted {
        return;
    }
    let rate = session.world.scenario().shift.time_compression * session.speed;
    session.carry += time.delta_secs_f64() * rate;
    let whole = session.carry.floor();
    if whole >= 1.0 {
        session.carry -= whole;
        session.world.step(whole as u32);
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
    autoplay: Option<Res<super::autoplay::Autoplay>>,
) {
    if let Some(mut s) = Session::start(&catalog, pick.scenario, pick.seed) {
        // A scripted player drives the clock from the first game second, so the fixed-step tick
        // must never race it.
        s.scripted = autoplay.is_some();
        s.speed = profile.saved.settings.speed;
        let id = &catalog.0[pick.scenario].id;
        s.previous_best = profile.saved.best(id).map(|r| r.report.score.total);
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

fn apply_intents(
    mut intents: ResMut<Intents>,
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
                    let player = s.player.clone();
                    let now = s.world.now();
                    match s.world.apply_logged(&player, action) {
                        Ok(()) => s.ui.rejection = None,
                        Err(r) => s.ui.rejection = Some((r.0, now)),
                    }
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
                    if may_pause(s, &profile) {
                        s.paused = !s.paused;
                    } else {
                        let now = s.world.now();
                        s.ui.rejection =
                            Some(("This is an exam: the clock does not stop.".into(), now));
                    }
                }
            }
            Intent::Speed(x) => {
                // For this shift only; the settings screen changes the default.
                if let Some(s) = session.as_deref_mut() {
                    s.speed = if x.is_finite() {
                        x.clamp(0.25, 8.0)
                    } else {
                        1.0
                    };
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
            Intent::FinishPostmortem => next.set(Screen::Debrief),
            Intent::ExportReport => {
                if let Some(s) = session.as_deref()
                    && let Some(report) = &s.report
                {
                    let md = score::markdown(report, s.world.scenario().shift.start);
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
        match super::web::download(name, "text/markdown", markdown) {
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
