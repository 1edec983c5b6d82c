//! A scripted player inside the real game. Natively, `--autoplay SCRIPT --screenshots DIR` plays a
//! run through every screen, saving a PNG of each, then exits: it is how the game is looked at as a
//! player sees it, and what the CI smoke test runs under a virtual display. In a browser,
//! `?script=RON` leaves the menus to the person (or test) at the keyboard and plays only the shift
//! and the postmortem, with the script's actions at their exact game times.
//!
//! The scripted player plays as a person would: it raises the same intents the screens raise (and
//! runs the clock with [`Intent::RunTo`] instead of the fixed-step tick), taking steps with the
//! same [`Cursor`] as the headless runner, so both reach the same report. Refusals are logged.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};

use super::bridge::{BridgeSet, News, ScriptedClock, Session, Watch};
use super::catalog::Catalog;
use super::intent::{Intent, Intents};
use super::screen::Screen;
use super::screens::shift::ShiftUi;
use crate::sim::script::Script;
use crate::sim::{Action, Cursor};

/// What to play and where to put the pictures.
#[derive(Debug, Clone, Resource)]
pub struct Autoplay {
    /// Scenario id.
    pub scenario: String,
    /// Run seed.
    pub seed: u64,
    /// The scripted player.
    pub script: Script,
    /// Directory for the PNGs; `None` takes no pictures.
    pub dir: Option<PathBuf>,
    /// Walk the menus too (title, select, briefing); else wait for the player to reach the shift.
    pub navigate: bool,
}

impl Default for Autoplay {
    fn default() -> Self {
        Autoplay {
            scenario: "first-page".into(),
            seed: 1,
            script: Script {
                actions: Vec::new(),
            },
            dir: Some(PathBuf::from("screenshots")),
            navigate: true,
        }
    }
}

/// Progress of the autoplay.
#[derive(Resource, Default)]
struct Progress {
    frames_on_screen: u32,
    shot: Option<PathBuf>,
    waited: u32,
    cursor: Cursor,
    taken: usize,
    shift_shot: bool,
    shift_shot_at: Option<u32>,
    /// Pictures of the console still to take, each through whose eyes: at a game day the
    /// facilitator's console first, then two seats and the projector.
    shift_pictures: Vec<(Option<Watch>, String)>,
    /// Whose eyes to switch to once the last picture is on disk: switching in the frame a
    /// picture is taken would picture the next seat instead.
    watch_next: Option<Watch>,
    done: bool,
}

/// Game seconds the autoplay advances per frame while playing the shift.
const SECONDS_PER_FRAME: u32 = 30;
/// Frames to let a screen settle before its screenshot.
const SETTLE: u32 = 15;

/// The pictures autoplay takes, in order.
pub const SHOTS: [&str; 6] = [
    "1-title.png",
    "2-select.png",
    "3-briefing.png",
    "4-shift.png",
    "5-postmortem.png",
    "6-debrief.png",
];

/// The extra pictures of a game day's console, after `4-shift.png` (the facilitator's console):
/// the first two seats and the projector.
pub const GAME_DAY_SHOTS: [&str; 3] = ["4-seat-1.png", "4-seat-2.png", "4-projector.png"];

/// Adds the scripted player: it walks the menus when `navigate` is set, plays the script in the shift
/// and the postmortem, takes the pictures when `dir` is set, and ends the app on the debrief.
#[derive(Debug, Clone)]
pub struct AutoplayPlugin(pub Autoplay);

impl Plugin for AutoplayPlugin {
    fn build(&self, app: &mut App) {
        add(app, self.0.clone());
    }
}

fn add(app: &mut App, a: Autoplay) {
    if let Some(dir) = &a.dir {
        let _ = std::fs::create_dir_all(dir);
        // Old pictures would make the autoplay think a screen is already done.
        for name in SHOTS.iter().chain(&GAME_DAY_SHOTS) {
            let _ = std::fs::remove_file(dir.join(name));
        }
    }
    app.insert_resource(a)
        .insert_resource(ScriptedClock)
        .init_resource::<Progress>()
        .add_systems(Update, (drive.before(BridgeSet::Apply), report_refusals));
}

/// Refusals go to the log: a script that the engine refuses is worth knowing about.
fn report_refusals(mut news: MessageReader<News>) {
    for n in news.read() {
        if let News::Refused { reason } = n {
            warn!("autoplay: refused: {reason}");
        }
    }
}

/// The intent a script step raises: the player's own action, or one by someone else. At a game
/// day the console may be showing any seat, so every step names who acts.
fn intent(by: Option<&String>, action: &Action, s: &Session) -> Intent {
    match by {
        Some(by) => Intent::ActAs {
            by: by.clone(),
            action: action.clone(),
        },
        None if s.is_game_day() => Intent::ActAs {
            by: s.player().to_owned(),
            action: action.clone(),
        },
        None => Intent::Act(action.clone()),
    }
}

fn shoot(commands: &mut Commands, progress: &mut Progress, path: PathBuf) {
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path.clone()));
    progress.shot = Some(path);
    progress.waited = 0;
}

/// Whether the last screenshot is on disk (or we have waited long enough to give up on it).
fn shot_saved(progress: &mut Progress) -> bool {
    match &progress.shot {
        None => true,
        Some(p) => {
            progress.waited += 1;
            let ok = Path::new(p).is_file() || progress.waited > 600;
            if ok {
                progress.shot = None;
            }
            ok
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn drive(
    mut commands: Commands,
    auto: Res<Autoplay>,
    mut progress: ResMut<Progress>,
    screen: Res<State<Screen>>,
    catalog: Res<Catalog>,
    mut intents: ResMut<Intents>,
    session: Option<Res<Session>>,
    shift_ui: Option<ResMut<ShiftUi>>,
    mut exit: MessageWriter<AppExit>,
    mut last_screen: Local<Option<Screen>>,
) {
    if *last_screen != Some(*screen.get()) {
        *last_screen = Some(*screen.get());
        progress.frames_on_screen = 0;
        if *screen.get() == Screen::Briefing {
            // A new run (the player may play again) starts the script from its beginning.
            progress.cursor = Cursor::default();
            progress.taken = 0;
            progress.shift_shot = false;
        }
    }
    progress.frames_on_screen += 1;
    if !shot_saved(&mut progress) || progress.frames_on_screen < SETTLE {
        return;
    }
    // A picture still to take on this screen, if pictures are being taken.
    let wanted = |name: &str| {
        auto.dir
            .as_ref()
            .map(|d| d.join(name))
            .filter(|p| !p.is_file())
    };
    match screen.get() {
        Screen::Title => {
            if let Some(path) = wanted("1-title.png") {
                shoot(&mut commands, &mut progress, path);
            } else if auto.navigate {
                intents.0.push(Intent::Go(Screen::Select));
            }
        }
        Screen::Select => {
            if let Some(path) = wanted("2-select.png") {
                shoot(&mut commands, &mut progress, path);
            } else if auto.navigate {
                match catalog.0.iter().position(|s| s.id == auto.scenario) {
                    Some(i) => intents.0.push(Intent::Choose {
                        scenario: i,
                        seed: auto.seed,
                    }),
                    None => {
                        error!("autoplay: no scenario {}", auto.scenario);
                        exit.write(AppExit::error());
                    }
                }
            }
        }
        Screen::Briefing => {
            if let Some(path) = wanted("3-briefing.png") {
                shoot(&mut commands, &mut progress, path);
            } else if auto.navigate {
                // A script that acts for several seats is a game day, played in this window.
                let team = session
                    .as_ref()
                    .and_then(|s| catalog.0.get(s.scenario_index()))
                    .is_some_and(|sc| crate::sim::script::for_a_team(sc, &auto.script));
                intents.0.push(if team {
                    Intent::GameDay
                } else {
                    Intent::Go(Screen::Shift)
                });
            }
        }
        Screen::Shift => {
            let Some(s) = session else { return };
            let end = s.end();
            if let Some(w) = progress.watch_next.take() {
                intents.0.push(Intent::Watch(w));
                intents.0.push(Intent::LiftCurtain);
                return;
            }
            if let Some(at) = progress.shift_shot_at {
                // Let the console settle (new glyphs reach the font atlas) before the picture.
                if progress.frames_on_screen >= at {
                    progress.shift_shot_at = None;
                    if !progress.shift_pictures.is_empty() {
                        let (_, name) = progress.shift_pictures.remove(0);
                        if let Some(path) = wanted(&name) {
                            shoot(&mut commands, &mut progress, path);
                        }
                    }
                    // The next picture through other eyes, if any; else back to the facilitator.
                    match progress.shift_pictures.first() {
                        Some((watch, _)) => {
                            progress.watch_next = watch.clone();
                            progress.shift_shot_at = Some(progress.frames_on_screen + 2 * SETTLE);
                        }
                        None if s.is_game_day() => {
                            progress.watch_next = Some(Watch::Facilitator);
                        }
                        None => {}
                    }
                }
                return;
            }
            let script = &auto.script;
            let shift_steps = script
                .actions
                .iter()
                .filter(|st| st.at_seconds() < end)
                .count();
            let mut shift_ui = shift_ui;
            let p = &mut *progress;
            while let Some((_, step)) = p.cursor.take_due(script, s.now(), s.phase(), end) {
                if let (Action::Inspect { service }, Some(st)) = (&step.action, shift_ui.as_mut()) {
                    // Show what the scripted player looked at, as a click would.
                    st.selected_service = Some(service.clone());
                }
                intents.0.push(intent(step.by.as_ref(), &step.action, &s));
                p.taken += 1;
            }
            let target = p
                .cursor
                .next_stop(script, end)
                .min(s.now() + SECONDS_PER_FRAME);
            if target > s.now() {
                intents.0.push(Intent::RunTo(target));
            }
            // Picture the console once the scripted player has done most of the work.
            if auto.dir.is_some()
                && !p.shift_shot
                && (p.taken * 3 >= shift_steps * 2 || s.now() >= end)
            {
                p.shift_shot = true;
                p.shift_shot_at = Some(p.frames_on_screen + SETTLE);
                p.shift_pictures = vec![(None, "4-shift.png".to_owned())];
                let seats = s.seats();
                if s.is_game_day() {
                    for (seat, name) in seats.iter().zip(&GAME_DAY_SHOTS[..2]) {
                        p.shift_pictures
                            .push((Some(Watch::Seat(seat.person.clone())), (*name).to_owned()));
                    }
                    p.shift_pictures
                        .push((Some(Watch::Projector), GAME_DAY_SHOTS[2].to_owned()));
                }
            }
        }
        Screen::Postmortem => {
            let Some(s) = session else { return };
            let p = &mut *progress;
            let mut acted = false;
            while let Some((_, step)) = p.cursor.take_due(&auto.script, s.now(), s.phase(), s.end())
            {
                intents.0.push(intent(step.by.as_ref(), &step.action, &s));
                acted = true;
            }
            if acted {
                // Let the answers' new text settle on screen (and its glyphs reach the font
                // atlas) before the picture.
                p.frames_on_screen = 0;
                return;
            }
            if let Some(path) = wanted("5-postmortem.png") {
                shoot(&mut commands, &mut progress, path);
            } else {
                intents.0.push(Intent::FinishPostmortem);
            }
        }
        Screen::Debrief => {
            if let Some(path) = wanted("6-debrief.png") {
                shoot(&mut commands, &mut progress, path);
            } else if auto.navigate && !progress.done {
                progress.done = true;
                if let Some(dir) = &auto.dir {
                    info!("autoplay: screenshots in {}", dir.display());
                }
                exit.write(AppExit::Success);
            }
        }
        Screen::Settings => {
            if auto.navigate {
                intents.0.push(Intent::Go(Screen::Title));
            }
        }
        // A room over the network has no script to play here: its players act from their own
        // games.
        Screen::Room => {}
    }
}
