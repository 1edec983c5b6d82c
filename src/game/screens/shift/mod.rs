//! The shift screen: the on-call console. The pager (left), the incident and the teams (right),
//! the service map and the selected service (centre), the incident channel (bottom), and the
//! windows the keyboard opens over them. Every command is in [`commands::COMMANDS`].

pub mod commands;
mod detail;
pub mod dialogs;
pub mod game_day;
pub mod handover;
mod incident;
mod map;
mod pager;
mod panels;
mod top_bar;

use std::collections::HashMap;

use bevy::prelude::*;
use bevy_egui::egui::{self, Ui, vec2};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::game::bridge::Session;
use crate::game::intent::{Intent, Intents};
use crate::game::profile::Profile;
use crate::game::screen::Screen;
use crate::game::ui::root;
use crate::game::ui::theme::{self, Palette};
use crate::scenario::{IncidentRole, Priority, Severity};
use crate::sim::AlertState;
use crate::sim::view::{AlertView, View};

pub use dialogs::Dialog;
pub use incident::role_clashes;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ShiftUi>()
        .add_systems(OnEnter(Screen::Briefing), |mut commands: Commands| {
            // Every run starts with a fresh console: no selection, filters or drafts carried over.
            commands.insert_resource(ShiftUi::default());
        })
        .add_systems(
            EguiPrimaryContextPass,
            draw_shift
                .in_set(crate::game::ui::Draw)
                .run_if(in_state(Screen::Shift)),
        );
}

/// Facts about the run the shift screen shows beside the view.
#[derive(Debug, Clone)]
pub struct ShiftStatus {
    /// Paused by the player.
    pub paused: bool,
    /// Whether pausing is allowed.
    pub may_pause: bool,
    /// Game seconds per real second, all multipliers applied.
    pub rate: f64,
    /// The player's speed multiplier.
    pub speed: f64,
    /// The last refusal and the game second it happened, shown in place.
    pub rejection: Option<(String, u32)>,
    /// At a game day in this window: whose eyes, the seats, the facilitator's injects.
    pub game_day: Option<game_day::GameDayStatus>,
}

/// UI state of the shift screen that is not part of the world; a new one for every run.
#[derive(Resource, Debug, Clone)]
pub struct ShiftUi {
    /// Alert selected in the pager.
    pub selected_alert: Option<u32>,
    /// Service shown in the detail panel.
    pub selected_service: Option<String>,
    /// Pager filter: show resolved alerts too.
    pub show_resolved: bool,
    /// Pager filter: only alerts that paged me.
    pub only_mine: bool,
    /// Pager sort: newest first (else by priority).
    pub newest_first: bool,
    /// Pager text filter.
    pub filter: String,
    /// Pager: one row per alert rule, as a real pager groups repeated alerts into one incident.
    pub grouped: bool,
    /// Mitigation chosen (index into `Mitigation::ALL`).
    pub mitigation: usize,
    /// Severity chosen for declaring (0 = Sev1).
    pub severity: usize,
    /// Status update being written.
    pub status_text: String,
    /// Who the status update is for.
    pub audience: crate::sim::Audience,
    /// The stage the status update announces.
    pub stage: Option<crate::sim::StatusState>,
    /// How the status update says customers are doing.
    pub impact: Option<crate::sim::ImpactTrend>,
    /// The services the status update says are being worked on (ids).
    pub working_on: Vec<String>,
    /// When the status update says the next one comes, in minutes.
    pub next_update: Option<u32>,
    /// Person chosen for roles, tasks, pairing and handover.
    pub person: Option<String>,
    /// Time box for delegation, minutes.
    pub time_box: u32,
    /// Game second of the newest High page the player has seen flash.
    pub last_high_page: u32,
    /// The incident severity the severity chooser was last set to show.
    pub shown_severity: Option<Severity>,
    /// The window open over the console, if any.
    pub dialog: Option<Dialog>,
    /// The facilitator's drafts at a game day.
    pub drafts: game_day::Drafts,
}

impl Default for ShiftUi {
    fn default() -> Self {
        ShiftUi {
            selected_alert: None,
            selected_service: None,
            show_resolved: false,
            only_mine: false,
            newest_first: true,
            filter: String::new(),
            grouped: true,
            mitigation: 0,
            severity: 1,
            status_text: String::new(),
            audience: crate::sim::Audience::Internal,
            stage: None,
            impact: None,
            working_on: Vec::new(),
            next_update: None,
            person: None,
            time_box: 15,
            last_high_page: 0,
            shown_severity: None,
            dialog: None,
            drafts: game_day::Drafts::default(),
        }
    }
}

/// What a command or a panel works with: the world as seen, the console's state, and where its
/// intents go.
pub struct Here<'a> {
    /// What the player can see.
    pub view: &'a View,
    /// The console's own state.
    pub st: &'a mut ShiftUi,
    /// Clock and refusal.
    pub status: &'a ShiftStatus,
    /// Intents raised this frame.
    pub out: &'a mut Vec<Intent>,
}

const SEVERITIES: [Severity; 4] = [
    Severity::Sev1,
    Severity::Sev2,
    Severity::Sev3,
    Severity::Sev4,
];
const ROLES: [IncidentRole; 5] = [
    IncidentRole::Deputy,
    IncidentRole::Scribe,
    IncidentRole::Communications,
    IncidentRole::OperationsLead,
    IncidentRole::Expert,
];

/// A starting point for each status-page stage, in [`crate::sim::StatusState::ALL`] order.
const TEMPLATES: [&str; 4] = [
    "Investigating: customers see errors on {svc}. We are looking into it.",
    "Identified: we know why {svc} is failing and a fix is rolling out.",
    "Monitoring: {svc} has recovered; we are watching before we call it resolved.",
    "Resolved: {svc} is working normally again. Thank you for your patience.",
];

/// Whether the pager's filters (resolved, mine, text) let an alert through.
fn passes_filters(view: &View, st: &ShiftUi, needle: &str, a: &AlertView) -> bool {
    (st.show_resolved || a.state != AlertState::Resolved)
        && (!st.only_mine || a.pages_me)
        && (needle.is_empty()
            || a.service.to_lowercase().contains(needle)
            || name_of_service(view, &a.service)
                .to_lowercase()
                .contains(needle)
            || a.summary.to_lowercase().contains(needle))
}

/// Alerts as the pager lists them, after filters and sorting.
pub fn visible_alerts<'a>(view: &'a View, st: &ShiftUi) -> Vec<&'a AlertView> {
    let needle = st.filter.to_lowercase();
    let mut v: Vec<&AlertView> = view
        .alerts
        .iter()
        .filter(|a| passes_filters(view, st, &needle, a))
        .collect();
    if st.newest_first {
        v.sort_by_key(|a| std::cmp::Reverse(a.id));
    } else {
        v.sort_by(|a, b| a.priority.cmp(&b.priority).then(b.id.cmp(&a.id)));
    }
    if st.grouped {
        // A rule's row stands for its oldest firing alert (the one a page about the rule is
        // about), else for the first the sort put on top.
        let mut rep: HashMap<&str, &AlertView> = HashMap::new();
        for a in &v {
            let e = rep.entry(a.rule.as_str()).or_insert(a);
            let firing = |x: &AlertView| x.state == AlertState::Firing;
            if firing(a) && (!firing(e) || a.id < e.id) {
                *e = a;
            }
        }
        v.retain(|a| rep.get(a.rule.as_str()).is_some_and(|r| r.id == a.id));
    }
    // As in a real pager, the pages waiting for me come first, the oldest (the nearest to
    // escalating) on top, whatever the sort below them.
    v.sort_by_key(|a| (!waiting_for_me(a), if waiting_for_me(a) { a.id } else { 0 }));
    v
}

/// How many alerts of each rule the pager's filters let through: what each grouped row stands
/// for. Counted once per frame, not once per row.
pub fn group_sizes<'a>(view: &'a View, st: &ShiftUi) -> HashMap<&'a str, usize> {
    let needle = st.filter.to_lowercase();
    let mut sizes = HashMap::new();
    for a in view
        .alerts
        .iter()
        .filter(|a| passes_filters(view, st, &needle, a))
    {
        *sizes.entry(a.rule.as_str()).or_insert(0) += 1;
    }
    sizes
}

/// How many alerts of one rule the pager's filters let through.
pub fn group_size(view: &View, st: &ShiftUi, rule: &str) -> usize {
    group_sizes(view, st).get(rule).copied().unwrap_or(0)
}

/// A page that reached me and nobody has answered yet.
fn waiting_for_me(a: &AlertView) -> bool {
    a.pages_me && a.page_open && a.state == AlertState::Firing
}

fn selected_alert<'a>(view: &'a View, st: &ShiftUi) -> Option<&'a AlertView> {
    st.selected_alert
        .and_then(|id| view.alerts.iter().find(|a| a.id == id))
}

/// Whether an incident is declared and not yet resolved.
fn incident_open(h: &Here) -> bool {
    h.view
        .incident
        .as_ref()
        .is_some_and(|i| i.resolved_at.is_none())
}

/// The team owning a service, if any.
fn owner_of(view: &View, service: &str) -> Option<String> {
    view.services
        .iter()
        .find(|x| x.id == service)
        .and_then(|x| x.owner.clone())
}

/// A person's name as the teams panel shows it.
pub fn name_of_person(view: &View, id: &str) -> String {
    if id == crate::sim::action::FACILITATOR {
        return "Facilitator".to_owned();
    }
    view.teams
        .iter()
        .flat_map(|t| &t.members)
        .find(|m| m.id == id)
        .map_or_else(|| id.to_owned(), |m| m.name.clone())
}

/// A service's name as the map shows it.
pub fn name_of_service(view: &View, id: &str) -> String {
    view.services
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_owned(), |s| s.name.clone())
}

/// A team's name as the teams panel shows it.
pub fn name_of_team(view: &View, id: &str) -> String {
    view.teams
        .iter()
        .find(|t| t.id == id)
        .map_or_else(|| id.to_owned(), |t| t.name.clone())
}

/// The whole shift screen.
pub fn shift(
    ui: &mut Ui,
    view: &View,
    st: &mut ShiftUi,
    status: &ShiftStatus,
    pal: &Palette,
    out: &mut Vec<Intent>,
) {
    let mut h = Here {
        view,
        st,
        status,
        out,
    };
    let gd = status.game_day.as_ref();
    if let Some(gd) = gd {
        // Over the network each window is one seat's: no passing the keyboard, no curtain.
        if h.st.dialog.is_none() && gd.room.is_none() {
            game_day::keys(ui, gd, h.out);
        }
        if gd.curtain && gd.room.is_none() {
            egui::Panel::top("seat_bar").show(ui, |ui| game_day::seat_bar(ui, gd, pal, h.out));
            game_day::curtain(ui, gd, pal, h.out);
            return;
        }
        if gd.watch == crate::game::bridge::Watch::Projector {
            game_day::top(ui, &mut h, gd, pal);
            game_day::projector(ui, &mut h, pal);
            return;
        }
    }
    follow_pages(&mut h);
    if h.st.dialog.is_some() {
        // An open window has the keyboard; its keys are handled where it is drawn.
    } else {
        keys(ui, &mut h);
    }
    let h = &mut h;
    // Side panels take a share of the window, so the map keeps room at 1280×720 too.
    let (w, tall) = (ui.available_width(), ui.available_height());
    match gd {
        Some(gd) => game_day::top(ui, h, gd, pal),
        None => {
            egui::Panel::top("top_bar").show(ui, |ui| top_bar::show(ui, h, pal));
        }
    }
    if let Some(gd) = gd.filter(|g| g.watch == crate::game::bridge::Watch::Facilitator) {
        egui::Panel::right("facilitator")
            .default_size((w * 0.2).clamp(260.0, 360.0))
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("facilitator_console")
                    .show(ui, |ui| game_day::console(ui, h, gd, pal));
            });
    }
    egui::Panel::bottom("channel")
        .default_size((tall * 0.16).clamp(100.0, 200.0))
        .resizable(true)
        .show(ui, |ui| panels::channel(ui, h.view, pal));
    // The facilitator's console takes a column of its own; the others give it room.
    let share = if gd.is_some_and(|g| g.watch == crate::game::bridge::Watch::Facilitator) {
        0.75
    } else {
        1.0
    };
    egui::Panel::left("pager")
        .default_size((w * 0.27 * share).clamp(260.0, 480.0))
        .resizable(true)
        .show(ui, |ui| pager::show(ui, h, pal));
    egui::Panel::right("people")
        .default_size((w * 0.25 * share).clamp(260.0, 440.0))
        .resizable(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("right")
                .show(ui, |ui| {
                    incident::show(ui, h, pal);
                    ui.separator();
                    panels::teams(ui, h, pal);
                });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let height = ui.available_height();
        ui.allocate_ui(vec2(ui.available_width(), height * 0.34), |ui| {
            map::show(ui, h.view, h.st, pal)
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("detail")
            .show(ui, |ui| detail::show(ui, h, pal));
    });
    dialogs::show(ui, h);
}

/// With no alert selected, my oldest waiting page is: A acknowledges my page, never someone else's
/// that happens to be newest. A service the player chose stays in the detail panel.
fn follow_pages(h: &mut Here) {
    let list = visible_alerts(h.view, h.st);
    if h.st
        .selected_alert
        .is_none_or(|id| !list.iter().any(|a| a.id == id))
        && let Some(first) = list.first().filter(|a| waiting_for_me(a))
    {
        h.st.selected_alert = Some(first.id);
        if h.st.selected_service.is_none() {
            h.st.selected_service = Some(first.service.clone());
        }
    }
}

fn keys(ui: &Ui, h: &mut Here) {
    let pressed = |k: egui::Key| ui.input(|i| i.key_pressed(k));
    let typing = ui.ctx().text_edit_focused();
    if !typing || pressed(egui::Key::Tab) || pressed(egui::Key::Escape) {
        // The game's keys belong to the game. A button holding egui's focus (after a click, or
        // egui's own Tab and arrow traversal) would take Space and Enter and leave every letter
        // dead; only a text box being typed in keeps focus, and Tab (next service) and Esc always
        // leave it.
        ui.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
            m.move_focus(egui::FocusDirection::None);
        });
    } else {
        return;
    }
    commands::run_pressed(ui, h);
}

/// A title for a new incident: what customers see, on the service in view.
fn incident_title(view: &View, st: &ShiftUi) -> String {
    let svc = st
        .selected_service
        .clone()
        .or_else(|| {
            view.alerts
                .iter()
                .find(|a| a.priority == Priority::High)
                .map(|a| a.service.clone())
        })
        .map_or_else(|| "services".to_owned(), |s| name_of_service(view, &s));
    format!("Customers affected: {svc} degraded")
}

/// The update to post: what was written, or the first starting point if nothing was.
fn status_text(st: &ShiftUi, service: &str) -> String {
    if st.status_text.trim().is_empty() {
        TEMPLATES[0].replace("{svc}", service)
    } else {
        st.status_text.clone()
    }
}

fn draw_shift(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    mut st: ResMut<ShiftUi>,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
    open: Option<Res<crate::game::bridge::Room>>,
) -> Result {
    let Some(session) = session else {
        return Ok(());
    };
    let status = ShiftStatus {
        paused: session.paused(),
        may_pause: session.may_pause(&profile),
        rate: session.rate(),
        speed: session.speed(),
        rejection: session.rejection().cloned(),
        game_day: session.watch().map(|w| game_day::GameDayStatus {
            watch: w.clone(),
            curtain: session.curtain(),
            seats: session.seats(),
            prepared: session.prepared(),
            guide: session.guide(),
            room: open
                .as_deref()
                .map(crate::game::screens::room::RoomCard::of),
        }),
    };
    let pal = theme::Palette::new(profile.saved.settings.colour_blind);
    let ctx = contexts.ctx_mut()?;
    let mut ui = root(ctx);
    shift(
        &mut ui,
        session.view(),
        &mut st,
        &status,
        &pal,
        &mut intents.0,
    );
    // Keep the flashing banner animating even when nothing else changes.
    ctx.request_repaint();
    Ok(())
}
