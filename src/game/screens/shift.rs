//! The shift screen: an incident console. Top bar, pager, service map and detail, team, incident
//! and channel panels; every frequent action has a key. Plain functions over the engine's `View`.

use bevy_egui::egui::{
    self, Align2, Color32, FontId, Key, RichText, Sense, Stroke, Ui, pos2, vec2,
};
use egui_plot::{Line, Plot, PlotPoints};

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::game::bridge::Session;
use crate::game::intent::{Intent, Intents};
use crate::game::profile::Profile;
use crate::game::screen::Screen;
use crate::game::ui::root;
use crate::game::ui::theme::{self, Palette, elapsed};
use crate::scenario::ids::by_id;
use crate::scenario::{IncidentRole, Mitigation, Priority, Severity};
use crate::sim::view::LineKind;
use crate::sim::view::{AlertView, STATUS_EVERY_MINUTES, ServiceView, View};
use crate::sim::words;
use crate::sim::{Action, AlertRef, AlertState, Task};
use std::collections::HashMap;

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
    /// Mitigation chosen in the detail panel.
    pub mitigation: usize,
    /// Severity chosen in the incident panel (0 = Sev1).
    pub severity: usize,
    /// Status update being written.
    pub status_text: String,
    /// Person chosen in the team and incident panels.
    pub person: Option<String>,
    /// Role chosen in the incident panel.
    pub role: usize,
    /// Time box for delegation, minutes.
    pub time_box: u32,
    /// Game second of the newest High page the player has seen flash.
    pub last_high_page: u32,
    /// The incident severity the severity chooser was last set to show.
    pub shown_severity: Option<Severity>,
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
            mitigation: 0,
            severity: 1,
            status_text: String::new(),
            person: None,
            role: 0,
            time_box: 15,
            last_high_page: 0,
            shown_severity: None,
        }
    }
}

const SEVERITIES: [Severity; 4] = [
    Severity::Sev1,
    Severity::Sev2,
    Severity::Sev3,
    Severity::Sev4,
];
const ROLES: [IncidentRole; 4] = [
    IncidentRole::Scribe,
    IncidentRole::Communications,
    IncidentRole::OperationsLead,
    IncidentRole::Expert,
];
/// Builds the action a pager button or key takes on an alert.
type AlertAction = fn(AlertRef) -> Action;

/// What can be done to the selected alert: key, button label, tooltip, the action.
const ALERT_ACTIONS: [(Key, &str, &str, AlertAction); 4] = [
    (Key::A, "Ack", "A", |alert| Action::Acknowledge { alert }),
    (Key::Z, "Snooze 15m", "Z", |alert| Action::Snooze {
        alert,
        minutes: 15,
    }),
    (
        Key::F,
        "Flag noise",
        "F: flag the rule for tuning",
        |alert| Action::FlagNoise { alert },
    ),
    (Key::E, "Escalate", "E", |alert| Action::Escalate { alert }),
];

const TEMPLATES: [&str; 3] = [
    "Investigating: customers see errors on {svc}. Owners engaged. Next update in 25 minutes.",
    "Mitigating: a fix for {svc} is rolling out. Next update in 25 minutes.",
    "Monitoring: {svc} has recovered; watching before we resolve.",
];

/// Alerts as the pager lists them, after filters and sorting.
pub fn visible_alerts<'a>(view: &'a View, st: &ShiftUi) -> Vec<&'a AlertView> {
    let needle = st.filter.to_lowercase();
    let mut v: Vec<&AlertView> = view
        .alerts
        .iter()
        .filter(|a| st.show_resolved || a.state != AlertState::Resolved)
        .filter(|a| !st.only_mine || a.pages_me)
        .filter(|a| {
            needle.is_empty()
                || a.service.to_lowercase().contains(&needle)
                || a.summary.to_lowercase().contains(&needle)
        })
        .collect();
    if st.newest_first {
        v.sort_by_key(|a| std::cmp::Reverse(a.id));
    } else {
        v.sort_by(|a, b| a.priority.cmp(&b.priority).then(b.id.cmp(&a.id)));
    }
    // As in a real pager, the pages waiting for me come first, the oldest (the nearest to
    // escalating) on top, whatever the sort below them.
    v.sort_by_key(|a| (!waiting_for_me(a), if waiting_for_me(a) { a.id } else { 0 }));
    v
}

/// A page that reached me and nobody has answered yet.
fn waiting_for_me(a: &AlertView) -> bool {
    a.pages_me && a.page_open && a.state == AlertState::Firing
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
    keys(ui, view, st, status, out);
    egui::Panel::top("top_bar").show(ui, |ui| top_bar(ui, view, status, pal, out));
    egui::Panel::bottom("channel")
        .default_size(170.0)
        .resizable(true)
        .show(ui, |ui| channel(ui, view, pal));
    egui::Panel::left("pager")
        .default_size(430.0)
        .resizable(true)
        .show(ui, |ui| pager(ui, view, st, pal, out));
    egui::Panel::right("people")
        .default_size(390.0)
        .resizable(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("right")
                .show(ui, |ui| {
                    incident(ui, view, st, pal, out);
                    ui.separator();
                    team(ui, view, st, pal, out);
                });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let h = ui.available_height();
        ui.allocate_ui(vec2(ui.available_width(), h * 0.42), |ui| {
            map(ui, view, st, pal)
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("detail")
            .show(ui, |ui| detail(ui, view, st, pal, out));
    });
}

fn selected_alert<'a>(view: &'a View, st: &ShiftUi) -> Option<&'a AlertView> {
    st.selected_alert
        .and_then(|id| view.alerts.iter().find(|a| a.id == id))
}

fn keys(ui: &Ui, view: &View, st: &mut ShiftUi, status: &ShiftStatus, out: &mut Vec<Intent>) {
    let pressed = |k: Key| ui.input(|i| i.key_pressed(k));
    let typing = ui.ctx().text_edit_focused();
    if !typing || pressed(Key::Tab) || pressed(Key::Escape) {
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
    if pressed(Key::Space) {
        out.push(Intent::TogglePause);
    }
    if pressed(Key::Plus) || pressed(Key::Equals) {
        out.push(Intent::Speed(status.speed * 2.0));
    }
    if pressed(Key::Minus) {
        out.push(Intent::Speed(status.speed / 2.0));
    }
    let list = visible_alerts(view, st);
    // With no alert selected, my oldest waiting page is: A acknowledges my page, never someone
    // else's that happens to be newest. A service the player chose stays in the detail panel.
    if st
        .selected_alert
        .is_none_or(|id| !list.iter().any(|a| a.id == id))
        && let Some(first) = list.first().filter(|a| waiting_for_me(a))
    {
        st.selected_alert = Some(first.id);
        if st.selected_service.is_none() {
            st.selected_service = Some(first.service.clone());
        }
    }
    if !list.is_empty() {
        let pos = st
            .selected_alert
            .and_then(|id| list.iter().position(|a| a.id == id));
        let mut moved = None;
        if pressed(Key::ArrowDown) || pressed(Key::J) {
            moved = Some(pos.map_or(0, |p| (p + 1).min(list.len() - 1)));
        }
        if pressed(Key::ArrowUp) || pressed(Key::K) {
            moved = Some(pos.map_or(0, |p| p.saturating_sub(1)));
        }
        if let Some(i) = moved {
            st.selected_alert = Some(list[i].id);
            st.selected_service = Some(list[i].service.clone());
        }
    }
    if pressed(Key::Tab) && !view.services.is_empty() {
        let order: Vec<&ServiceView> = view.services.iter().collect();
        let at = st
            .selected_service
            .as_ref()
            .and_then(|s| order.iter().position(|x| &x.id == s));
        let next = at.map_or(0, |i| (i + 1) % order.len());
        st.selected_service = Some(order[next].id.clone());
    }
    if let Some(a) = selected_alert(view, st).map(|a| AlertRef::Id(a.id)) {
        for (key, _, _, make) in ALERT_ACTIONS {
            if pressed(key) {
                out.push(Intent::Act(make(a.clone())));
            }
        }
    }
    if let Some(s) = st.selected_service.clone() {
        if pressed(Key::I) {
            out.push(Intent::Act(Action::Inspect { service: s.clone() }));
        }
        if pressed(Key::R) {
            out.push(Intent::Act(Action::ReadRunbook { service: s.clone() }));
        }
        if pressed(Key::P)
            && let Some(owner) = view
                .services
                .iter()
                .find(|x| x.id == s)
                .and_then(|x| x.owner.clone())
        {
            out.push(Intent::Act(Action::PageRotation {
                team: owner,
                service: s.clone(),
            }));
        }
        if pressed(Key::M) {
            out.push(Intent::Act(Action::Mitigate {
                service: s,
                mitigation: Mitigation::ALL[st.mitigation],
            }));
        }
    }
    if let (Some(p), Some(s)) = (st.person.clone(), st.selected_service.clone()) {
        if pressed(Key::T) {
            out.push(Intent::Act(Action::Delegate {
                person: p.clone(),
                task: Task::Mitigate {
                    service: s,
                    mitigation: Mitigation::ALL[st.mitigation],
                },
                minutes: st.time_box.max(1),
            }));
        }
        if pressed(Key::H) {
            out.push(Intent::Act(Action::HandOver { to: p }));
        }
    }
    if pressed(Key::U)
        && let Some(s) = st.selected_service.clone()
    {
        out.push(Intent::Act(Action::UpdateRunbook {
            step: runbook_step(view, st, &s),
            service: s,
        }));
    }
    if pressed(Key::D)
        && view
            .incident
            .as_ref()
            .is_none_or(|i| i.resolved_at.is_some())
    {
        out.push(Intent::Act(Action::Declare {
            severity: SEVERITIES[st.severity],
            title: incident_title(view, st),
        }));
    }
    if pressed(Key::S) {
        out.push(Intent::Act(Action::PostStatus {
            text: status_text(st),
        }));
        st.status_text.clear();
    }
}

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
        .unwrap_or_else(|| "services".into());
    format!("Customers affected: {svc} degraded")
}

/// The runbook step to add: the text in the composer, or a prompt to check dependencies first.
fn runbook_step(view: &View, st: &ShiftUi, service: &str) -> String {
    if st.status_text.trim().is_empty() {
        let name = view
            .services
            .iter()
            .find(|s| s.id == service)
            .map_or(service, |s| s.name.as_str());
        format!("If {name} degrades, check its dependencies and recent deploys first.")
    } else {
        st.status_text.clone()
    }
}

fn status_text(st: &ShiftUi) -> String {
    if st.status_text.trim().is_empty() {
        TEMPLATES[0].replace(
            "{svc}",
            st.selected_service.as_deref().unwrap_or("our services"),
        )
    } else {
        st.status_text.clone()
    }
}

fn top_bar(ui: &mut Ui, view: &View, status: &ShiftStatus, pal: &Palette, out: &mut Vec<Intent>) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(&view.clock).size(22.0).monospace().strong());
        ui.label(format!("{} of {}", elapsed(view.now), elapsed(view.end)));
        ui.separator();
        if ui.small_button("−").on_hover_text("Slower (-)").clicked() {
            out.push(Intent::Speed(status.speed / 2.0));
        }
        ui.label(format!("{:.0}× time", status.rate));
        if ui.small_button("+").on_hover_text("Faster (+)").clicked() {
            out.push(Intent::Speed(status.speed * 2.0));
        }
        let pause = if status.paused {
            "▶ Resume"
        } else {
            "⏸ Pause"
        };
        let hint = if status.may_pause {
            "Space"
        } else {
            "Exam mode: the clock does not stop"
        };
        if ui
            .add_enabled(status.may_pause, egui::Button::new(pause))
            .on_hover_text(hint)
            .on_disabled_hover_text(hint)
            .clicked()
        {
            out.push(Intent::TogglePause);
        }
        ui.separator();
        let burn = (view.impact_minutes / view.error_budget_minutes) as f32;
        let colour = if burn < 0.5 {
            pal.ok
        } else if burn < 1.0 {
            pal.warn
        } else {
            pal.bad
        };
        ui.label("Customer impact");
        ui.add(
            egui::ProgressBar::new(burn.min(1.0))
                .desired_width(160.0)
                .fill(colour)
                .text(format!(
                    "{:.1} min · {:.0}% of budget",
                    view.impact_minutes,
                    burn * 100.0
                )),
        );
        ui.separator();
        match &view.incident {
            Some(i) if i.resolved_at.is_none() => {
                ui.colored_label(pal.bad, RichText::new(words::severity(i.severity)).strong());
                ui.label(format!(
                    "incident open {}",
                    elapsed(view.now.saturating_sub(i.declared_at))
                ));
            }
            Some(_) => {
                ui.colored_label(pal.ok, "incident resolved");
            }
            None => {
                ui.colored_label(pal.dim, "no incident declared");
            }
        }
        if status.paused {
            ui.colored_label(pal.warn, RichText::new("PAUSED").strong());
        }
    });
    // A new High page to the player is impossible to miss: a flashing banner until acknowledged.
    if let Some(a) = view
        .alerts
        .iter()
        .find(|a| a.pages_me && a.page_open && a.priority == Priority::High)
    {
        let t = ui.input(|i| i.time);
        let on = (t * 2.0).fract() < 0.6;
        let fill = if on {
            pal.bad
        } else {
            pal.bad.gamma_multiply(0.5)
        };
        egui::Frame::new()
            .fill(fill)
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.colored_label(
                    Color32::WHITE,
                    RichText::new(format!(
                        "📟 PAGE #{}: {} — select it and press A to acknowledge",
                        a.id, a.summary
                    ))
                    .strong(),
                );
            });
    }
    if let Some((reason, at)) = &status.rejection
        && view.now.saturating_sub(*at) < 120
    {
        ui.colored_label(pal.bad, format!("Refused: {reason}"));
    }
}

fn pager(ui: &mut Ui, view: &View, st: &mut ShiftUi, pal: &Palette, out: &mut Vec<Intent>) {
    let open = view
        .alerts
        .iter()
        .filter(|a| a.state != AlertState::Resolved)
        .count();
    ui.horizontal(|ui| {
        ui.heading("Pager");
        ui.label(format!("{open} open / {} total", view.alerts.len()));
    });
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut st.filter)
                .hint_text("filter by service or text")
                .desired_width(150.0),
        );
        ui.checkbox(&mut st.only_mine, "mine");
        ui.checkbox(&mut st.show_resolved, "resolved");
        let sort = if st.newest_first {
            "newest"
        } else {
            "priority"
        };
        if ui.small_button(format!("sort: {sort}")).clicked() {
            st.newest_first = !st.newest_first;
        }
    });
    let list = visible_alerts(view, st);
    let selected = selected_alert(view, st).cloned();
    ui.horizontal(|ui| {
        let r = selected.as_ref().map(|a| AlertRef::Id(a.id));
        for (_, label, hint, make) in ALERT_ACTIONS {
            if ui
                .add_enabled(r.is_some(), egui::Button::new(label))
                .on_hover_text(hint)
                .clicked()
                && let Some(r) = r.clone()
            {
                out.push(Intent::Act(make(r)));
            }
        }
    });
    ui.separator();
    let row_height = 22.0;
    // Only the rows in view are laid out, so a storm of thousands of alerts stays smooth.
    egui::ScrollArea::vertical()
        .id_salt("pager_rows")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, list.len(), |ui, range| {
            for a in &list[range] {
                let is_sel = st.selected_alert == Some(a.id);
                let state = match a.state {
                    AlertState::Firing if a.escalation_level > 0 => "ESCALATED".to_owned(),
                    AlertState::Firing => "FIRING".to_owned(),
                    AlertState::Acknowledged => "acked".to_owned(),
                    AlertState::Snoozed(_) => "snoozed".to_owned(),
                    AlertState::Resolved => "resolved".to_owned(),
                };
                let text = format!(
                    "{:<4} #{:<4} {:>6} {:<9} {} — {}",
                    short(a.priority),
                    a.id,
                    elapsed(view.now.saturating_sub(a.fired_at)),
                    state,
                    a.service,
                    a.summary
                );
                let mut rich = RichText::new(text)
                    .monospace()
                    .color(pal.priority(a.priority));
                if a.pages_me && a.page_open {
                    rich = rich.strong();
                }
                if a.state == AlertState::Resolved {
                    rich = rich.color(pal.dim);
                }
                let r = ui.add_sized(
                    [ui.available_width(), row_height],
                    egui::Button::selectable(is_sel, rich).truncate(),
                );
                if r.clicked() {
                    st.selected_alert = Some(a.id);
                    st.selected_service = Some(a.service.clone());
                }
            }
        });
}

fn short(p: Priority) -> &'static str {
    match p {
        Priority::High => "HIGH",
        Priority::Medium => "MED",
        Priority::Low => "LOW",
        Priority::Notification => "INFO",
    }
}

/// Depth of each service in the dependency graph: leaves (no dependencies) are 0.
fn depths(view: &View, index: &HashMap<String, usize>) -> Vec<usize> {
    let mut depth = vec![usize::MAX; view.services.len()];
    // Relax repeatedly; graphs are acyclic (validated), so this settles within n rounds.
    for _ in 0..view.services.len().min(64) {
        let mut changed = false;
        for (i, s) in view.services.iter().enumerate() {
            let d = s
                .depends_on
                .iter()
                .filter_map(|d| index.get(d.as_str()))
                .map(|&j| {
                    if depth[j] == usize::MAX {
                        0
                    } else {
                        depth[j] + 1
                    }
                })
                .max()
                .unwrap_or(0);
            if depth[i] != d {
                depth[i] = d;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    depth
}

fn map(ui: &mut Ui, view: &View, st: &mut ShiftUi, pal: &Palette) {
    ui.horizontal(|ui| {
        ui.heading("Service map");
        ui.label(
            RichText::new("click a service · Tab cycles · ✔ healthy ⚠ degraded ✖ down")
                .color(pal.dim),
        );
    });
    let (rect, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
    let painter = ui.painter_at(rect);
    let n = view.services.len();
    if n == 0 {
        return;
    }
    if n > 60 {
        // Too many to draw as a graph: a heat grid, worst first, with tooltips.
        let side = ((rect.width() * rect.height() / n as f32).sqrt()).clamp(4.0, 24.0);
        let cols = (rect.width() / side).floor().max(1.0) as usize;
        for (i, s) in view.services.iter().enumerate() {
            let (c, _) = pal.health(s.health);
            let p = rect.min + vec2((i % cols) as f32 * side, (i / cols) as f32 * side);
            let cell = egui::Rect::from_min_size(p, vec2(side - 1.0, side - 1.0));
            let resp = ui.interact(cell, ui.id().with(("cell", i)), Sense::click());
            painter.rect_filled(
                cell,
                1.0,
                if st.selected_service.as_ref() == Some(&s.id) {
                    Color32::WHITE
                } else {
                    c
                },
            );
            if resp.clicked() {
                st.selected_service = Some(s.id.clone());
            }
            resp.on_hover_text(format!(
                "{} ({}) — {}",
                s.name,
                words::health(s.health),
                s.owner.as_deref().unwrap_or("no owner")
            ));
        }
        return;
    }
    let index = by_id(view.services.iter().map(|s| s.id.as_str()));
    let depth = depths(view, &index);
    let max_depth = depth.iter().copied().max().unwrap_or(0);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); max_depth + 1];
    for (i, d) in depth.iter().enumerate() {
        rows[*d].push(i);
    }
    let node = vec2(130.0, 38.0);
    let mut centre = vec![pos2(0.0, 0.0); n];
    for (d, row) in rows.iter().enumerate() {
        // Customer-facing edges at the top, data stores at the bottom.
        let y = rect.top()
            + 24.0
            + (max_depth - d) as f32 * ((rect.height() - 48.0) / (max_depth.max(1)) as f32);
        for (k, &i) in row.iter().enumerate() {
            let x = rect.left() + rect.width() * (k as f32 + 0.5) / row.len() as f32;
            centre[i] = pos2(x, y);
        }
    }
    for (i, s) in view.services.iter().enumerate() {
        for d in &s.depends_on {
            if let Some(&j) = index.get(d.as_str()) {
                painter.line_segment(
                    [centre[i], centre[j]],
                    Stroke::new(1.0, pal.dim.gamma_multiply(0.6)),
                );
            }
        }
    }
    for (i, s) in view.services.iter().enumerate() {
        let r = egui::Rect::from_center_size(centre[i], node);
        let (c, sym) = pal.health(s.health);
        let selected = st.selected_service.as_ref() == Some(&s.id);
        painter.rect_filled(r, 6.0, Color32::from_gray(32));
        painter.rect_stroke(
            r,
            6.0,
            Stroke::new(if selected { 3.0 } else { 1.5 }, c),
            egui::StrokeKind::Inside,
        );
        painter.text(
            r.center() - vec2(0.0, 7.0),
            Align2::CENTER_CENTER,
            format!("{sym} {}", s.name),
            FontId::proportional(13.0),
            Color32::WHITE,
        );
        painter.text(
            r.center() + vec2(0.0, 9.0),
            Align2::CENTER_CENTER,
            s.owner.as_deref().unwrap_or("no owner"),
            FontId::proportional(11.0),
            if s.owner.is_some() { pal.dim } else { pal.warn },
        );
        let resp = ui.interact(r, ui.id().with(("node", i)), Sense::click());
        if resp.clicked() {
            st.selected_service = Some(s.id.clone());
        }
    }
}

fn detail(ui: &mut Ui, view: &View, st: &mut ShiftUi, pal: &Palette, out: &mut Vec<Intent>) {
    let Some(sid) = st.selected_service.clone() else {
        ui.label("Select an alert or a service to see it here.");
        return;
    };
    let Some(svc) = view.services.iter().find(|s| s.id == sid) else {
        return;
    };
    let (c, sym) = pal.health(svc.health);
    ui.horizontal(|ui| {
        ui.heading(&svc.name);
        ui.colored_label(c, format!("{sym} {}", words::health(svc.health)));
        ui.label(format!("owner: {}", svc.owner.as_deref().unwrap_or("none")));
        if svc.customer_facing {
            ui.colored_label(pal.accent, "customer-facing");
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Inspect")
            .on_hover_text("I: dashboards, deploys, logs")
            .clicked()
        {
            out.push(Intent::Act(Action::Inspect {
                service: sid.clone(),
            }));
        }
        if ui.button("Runbook").on_hover_text("R").clicked() {
            out.push(Intent::Act(Action::ReadRunbook {
                service: sid.clone(),
            }));
        }
        if let Some(owner) = &svc.owner
            && ui
                .button(format!("Page {owner} rotation"))
                .on_hover_text("P")
                .clicked()
        {
            out.push(Intent::Act(Action::PageRotation {
                team: owner.clone(),
                service: sid.clone(),
            }));
        }
        egui::ComboBox::from_id_salt("mitigation")
            .selected_text(words::mitigation_label(Mitigation::ALL[st.mitigation]))
            .show_ui(ui, |ui| {
                for (i, m) in Mitigation::ALL.iter().enumerate() {
                    ui.selectable_value(&mut st.mitigation, i, words::mitigation_label(*m));
                }
            });
        if ui.button("Mitigate myself").on_hover_text("M").clicked() {
            out.push(Intent::Act(Action::Mitigate {
                service: sid.clone(),
                mitigation: Mitigation::ALL[st.mitigation],
            }));
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (kind, v) in svc.current.iter() {
            if let Some(v) = v {
                ui.label(format!("{}: {v:.2}", words::metric(kind)));
            }
        }
    });
    let Some(d) = view.details.iter().find(|d| d.service == sid) else {
        ui.colored_label(
            pal.dim,
            "Inspect (I) to open its dashboards, deploys and logs.",
        );
        return;
    };
    ui.columns(2, |cols| {
        for (k, (kind, h)) in d.history.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            let points: PlotPoints = h
                .iter()
                .enumerate()
                .map(|(i, v)| [i as f64, f64::from(*v)])
                .collect();
            let col = &mut cols[k % 2];
            col.label(words::metric(kind));
            Plot::new(("plot", k))
                .height(90.0)
                .show_axes([false, true])
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .show(col, |p| p.line(Line::new(words::metric(kind), points)));
        }
    });
    ui.label(RichText::new("On call").strong());
    match &d.on_call {
        Some((p, s)) => ui.label(format!(
            "primary {p}, secondary {}",
            s.as_deref().unwrap_or("—")
        )),
        None => ui.colored_label(pal.warn, "nobody: the service has no owning team"),
    };
    ui.label(RichText::new("Recent deploys").strong());
    if d.deploys.is_empty() {
        ui.colored_label(pal.dim, "none");
    }
    for dep in d.deploys.iter().rev().take(5) {
        ui.label(format!(
            "{} min: {} by {} — {}",
            dep.at_minute, dep.version, dep.author, dep.note
        ));
    }
    ui.label(RichText::new("Logs").strong());
    if d.logs.is_empty() {
        ui.colored_label(pal.dim, "nothing unusual");
    }
    for l in &d.logs {
        ui.label(RichText::new(l).monospace());
    }
    ui.label(RichText::new("Runbook").strong());
    if d.runbook.is_empty() {
        ui.colored_label(pal.warn, "no runbook");
    }
    for (i, step) in d.runbook.iter().enumerate() {
        ui.label(format!("{}. {step}", i + 1));
    }
    let resolved = view
        .incident
        .as_ref()
        .is_some_and(|i| i.resolved_at.is_some())
        || svc.health == crate::sim::view::Health::Healthy;
    if resolved
        && ui
            .button("Add a runbook step from what you learnt")
            .on_hover_text("U — uses the text in the status box, if any")
            .clicked()
    {
        let step = runbook_step(view, st, &sid);
        out.push(Intent::Act(Action::UpdateRunbook { service: sid, step }));
    }
}

fn team(ui: &mut Ui, view: &View, st: &mut ShiftUi, pal: &Palette, out: &mut Vec<Intent>) {
    ui.heading("Teams");
    let about = st.selected_service.clone().unwrap_or_default();
    let owner_of_selected = view
        .services
        .iter()
        .find(|s| s.id == about)
        .and_then(|s| s.owner.clone());
    for t in &view.teams {
        let mine = t.members.iter().any(|m| m.id == view.viewer);
        let open = mine || owner_of_selected.as_ref() == Some(&t.id) || view.teams.len() <= 3;
        egui::CollapsingHeader::new(format!(
            "{} — on call: {} / {}",
            t.name,
            t.primary.as_deref().unwrap_or("—"),
            t.secondary.as_deref().unwrap_or("—")
        ))
        .id_salt(("team", &t.id))
        .default_open(open)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!about.is_empty(), egui::Button::new("Page rotation"))
                    .on_hover_text("the right way: P on a service")
                    .clicked()
                {
                    out.push(Intent::Act(Action::PageRotation {
                        team: t.id.clone(),
                        service: about.clone(),
                    }));
                }
                if ui
                    .add_enabled(!about.is_empty(), egui::Button::new("Page whole team"))
                    .clicked()
                {
                    out.push(Intent::Act(Action::PageWholeTeam {
                        team: t.id.clone(),
                        service: about.clone(),
                    }));
                }
            });
            for m in &t.members {
                ui.horizontal(|ui| {
                    let icon = if !m.reachable {
                        "⛔"
                    } else if m.awake {
                        "☀"
                    } else {
                        "🌙"
                    };
                    let chosen = st.person.as_ref() == Some(&m.id);
                    let mut label = format!("{icon} {}", m.name);
                    if m.hero {
                        label.push_str(" ★");
                    }
                    if ui
                        .selectable_label(chosen, label)
                        .on_hover_text("choose for roles, tasks, pairing")
                        .clicked()
                    {
                        st.person = Some(m.id.clone());
                    }
                    ui.colored_label(
                        pal.dim,
                        format!("{} · {}", words::seniority(m.seniority), m.local_time),
                    );
                    let tired = if m.fatigue >= 0.6 {
                        pal.bad
                    } else if m.fatigue >= 0.3 {
                        pal.warn
                    } else {
                        pal.dim
                    };
                    ui.colored_label(tired, format!("tired {:.0}%", m.fatigue * 100.0))
                        .on_hover_text(
                            "fatigue: tired people answer slower and make more mistakes",
                        );
                    if let Some(w) = &m.working_on {
                        ui.colored_label(pal.accent, format!("on {w}"));
                    }
                    if m.id != view.viewer && !about.is_empty() && ui.small_button("page").clicked()
                    {
                        out.push(Intent::Act(Action::PagePerson {
                            person: m.id.clone(),
                            service: about.clone(),
                        }));
                    }
                });
            }
        });
    }
    if let Some(p) = st.person.clone() {
        ui.horizontal(|ui| {
            ui.label(format!("Chosen: {p}"));
            let working: Vec<String> = view
                .teams
                .iter()
                .flat_map(|t| t.members.iter())
                .filter(|m| m.working_on.is_some() && m.id != p)
                .map(|m| m.id.clone())
                .collect();
            for w in working.into_iter().take(3) {
                if ui.small_button(format!("pair with {w}")).clicked() {
                    out.push(Intent::Act(Action::Pair {
                        person: w,
                        with: p.clone(),
                    }));
                }
            }
        });
    }
}

/// A warning for each person holding more than one incident role (a handover can make the scribe
/// the commander too): each role is a full-time job during an incident.
pub fn role_clashes(inc: &crate::sim::Incident) -> Vec<String> {
    let mut held: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for (role, who) in &inc.roles {
        held.entry(who.as_str())
            .or_default()
            .push(words::role(*role));
    }
    held.into_iter()
        .filter(|(_, roles)| roles.len() > 1)
        .map(|(who, roles)| {
            format!(
                "{who} is {}: each role is a full-time job in an incident; give one to someone else.",
                roles.join(" and ")
            )
        })
        .collect()
}

fn incident(ui: &mut Ui, view: &View, st: &mut ShiftUi, pal: &Palette, out: &mut Vec<Intent>) {
    ui.heading("Incident");
    let open = view.incident.as_ref().filter(|i| i.resolved_at.is_none());
    // The chooser shows the incident's severity whenever that changes (declared, raised, lowered
    // by anyone), so it never reads Sev2 during a Sev1; the player may then pick another to set.
    if let Some(inc) = open
        && st.shown_severity != Some(inc.severity)
    {
        st.shown_severity = Some(inc.severity);
        if let Some(i) = SEVERITIES.iter().position(|s| *s == inc.severity) {
            st.severity = i;
        }
    }
    egui::ComboBox::from_id_salt("severity")
        .selected_text(SEVERITIES[st.severity].name())
        .show_ui(ui, |ui| {
            for (i, s) in SEVERITIES.iter().enumerate() {
                ui.selectable_value(&mut st.severity, i, s.name())
                    .on_hover_text(s.meaning());
            }
        });
    let Some(inc) = open else {
        if ui
            .button("Declare incident")
            .on_hover_text("D — when unsure, pick the higher severity")
            .clicked()
        {
            out.push(Intent::Act(Action::Declare {
                severity: SEVERITIES[st.severity],
                title: incident_title(view, st),
            }));
        }
        return;
    };
    ui.horizontal(|ui| {
        ui.colored_label(pal.bad, RichText::new(inc.severity.name()).strong());
        ui.label(&inc.title);
        if SEVERITIES[st.severity] != inc.severity && ui.small_button("set severity").clicked() {
            out.push(Intent::Act(Action::SetSeverity {
                severity: SEVERITIES[st.severity],
            }));
        }
    });
    for (role, who) in &inc.roles {
        ui.label(format!("{}: {who}", words::role(*role)));
    }
    for warning in role_clashes(inc) {
        ui.colored_label(pal.warn, warning);
    }
    let person = st.person.clone();
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt("role")
            .selected_text(words::role(ROLES[st.role]))
            .show_ui(ui, |ui| {
                for (i, r) in ROLES.iter().enumerate() {
                    ui.selectable_value(&mut st.role, i, words::role(*r));
                }
            });
        let label = format!("→ {}", person.as_deref().unwrap_or("choose a person"));
        if ui
            .add_enabled(person.is_some(), egui::Button::new(label))
            .clicked()
            && let Some(p) = person.clone()
        {
            out.push(Intent::Act(Action::AssignRole {
                role: ROLES[st.role],
                person: p,
            }));
        }
    });
    ui.horizontal(|ui| {
        ui.label("Time box");
        ui.add(
            egui::DragValue::new(&mut st.time_box)
                .range(1..=240)
                .suffix(" min"),
        );
    });
    if let (Some(p), Some(s)) = (person.clone(), st.selected_service.clone()) {
        ui.horizontal_wrapped(|ui| {
            if ui.button(format!("{p}: investigate {s}")).clicked() {
                out.push(Intent::Act(Action::Delegate {
                    person: p.clone(),
                    task: Task::Investigate { service: s.clone() },
                    minutes: st.time_box,
                }));
            }
            let m = Mitigation::ALL[st.mitigation];
            if ui
                .button(format!("{p}: {} on {s}", words::mitigation_verb(m)))
                .on_hover_text("T: delegate the chosen mitigation, with the time box")
                .clicked()
            {
                out.push(Intent::Act(Action::Delegate {
                    person: p.clone(),
                    task: Task::Mitigate {
                        service: s,
                        mitigation: m,
                    },
                    minutes: st.time_box,
                }));
            }
            if ui.button(format!("{p}: handle comms")).clicked() {
                out.push(Intent::Act(Action::Delegate {
                    person: p.clone(),
                    task: Task::Communicate,
                    minutes: st.time_box,
                }));
            }
        });
    }
    for t in view.tasks.iter().filter(|t| !t.done) {
        let left = i64::from(t.due) - i64::from(view.now);
        let colour = if left < 0 { pal.bad } else { pal.dim };
        ui.colored_label(
            colour,
            format!(
                "task {} {}: {} — {}",
                t.id,
                t.person,
                words::task(&t.task),
                if left < 0 {
                    "OVERDUE".to_owned()
                } else {
                    format!("{} left", elapsed(left as u32))
                }
            ),
        );
    }
    ui.separator();
    if let Some(due) = view.next_update_due {
        let left = i64::from(due) - i64::from(view.now);
        let colour = if left < 0 { pal.bad } else { pal.dim };
        ui.colored_label(
            colour,
            format!(
                "Next status update due {} (every ~{STATUS_EVERY_MINUTES} min)",
                if left < 0 {
                    "now".to_owned()
                } else {
                    format!("in {}", elapsed(left as u32))
                }
            ),
        );
    }
    ui.horizontal(|ui| {
        for (i, label) in ["Investigating", "Mitigating", "Monitoring"]
            .iter()
            .enumerate()
        {
            if ui.small_button(*label).clicked() {
                st.status_text = TEMPLATES[i].replace(
                    "{svc}",
                    st.selected_service.as_deref().unwrap_or("our services"),
                );
            }
        }
    });
    ui.add(
        egui::TextEdit::multiline(&mut st.status_text)
            .desired_rows(2)
            .hint_text("status update for stakeholders"),
    );
    ui.horizontal(|ui| {
        if ui.button("Post update").on_hover_text("S").clicked() {
            out.push(Intent::Act(Action::PostStatus {
                text: status_text(st),
            }));
            st.status_text.clear();
        }
        if let Some(p) = person
            && ui
                .button(format!("Hand over to {p}"))
                .on_hover_text("H")
                .clicked()
        {
            out.push(Intent::Act(Action::HandOver { to: p }));
        }
        if ui.button("Resolve").clicked() {
            out.push(Intent::Act(Action::Resolve));
        }
    });
}

fn channel(ui: &mut Ui, view: &View, pal: &Palette) {
    ui.heading("Incident channel");
    let lines: Vec<_> = view
        .channel
        .iter()
        .filter(|l| l.kind != LineKind::Alert)
        .collect();
    egui::ScrollArea::vertical()
        .id_salt("channel_rows")
        .stick_to_bottom(true)
        .auto_shrink([false, false])
        .show_rows(ui, 18.0, lines.len(), |ui, range| {
            for l in &lines[range] {
                let colour = match l.kind {
                    LineKind::Alert | LineKind::Page | LineKind::System | LineKind::Monitor => {
                        pal.dim
                    }
                    LineKind::Learning => pal.ok,
                    _ if l.from == view.viewer => pal.accent,
                    _ => Color32::WHITE,
                };
                ui.colored_label(
                    colour,
                    format!("{} {:<10} {}", elapsed(l.at), l.from, l.text),
                );
            }
        });
}

fn draw_shift(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    mut st: ResMut<ShiftUi>,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
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
