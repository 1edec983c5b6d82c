//! A game day in one window: the seat bar that passes the keyboard from seat to seat, the curtain
//! that keeps a seat's view covered until its participant is ready, the facilitator's console and
//! the projector's shared picture.

use bevy_egui::egui::{self, RichText, Ui};

use super::{Here, incident, map, panels, top_bar};
use crate::game::bridge::{PreparedCard, SeatCard, Watch};
use crate::game::intent::Intent;
use crate::game::screens::room::{self, RoomCard};
use crate::game::ui::theme::Palette;
use crate::sim::Action;
use crate::sim::words;

/// What the shift screen needs to know about a game day beside the view.
#[derive(Debug, Clone, PartialEq)]
pub struct GameDayStatus {
    /// Whose eyes the console shows.
    pub watch: Watch,
    /// The seat's view stays covered until its participant is ready.
    pub curtain: bool,
    /// The seats, in order.
    pub seats: Vec<SeatCard>,
    /// The facilitator's prepared injects.
    pub prepared: Vec<PreparedCard>,
    /// The facilitator's guide.
    pub guide: Vec<String>,
    /// Over the network: the room. Each window is then one seat's, with no seat bar and no
    /// curtain, and the facilitator's console lists who is connected.
    pub room: Option<RoomCard>,
}

impl GameDayStatus {
    /// Every place the console can show, in the order `]` walks through them: the seats, the
    /// projector, the facilitator.
    pub fn stops(&self) -> Vec<Watch> {
        self.seats
            .iter()
            .map(|s| Watch::Seat(s.person.clone()))
            .chain([Watch::Projector, Watch::Facilitator])
            .collect()
    }

    /// The place `step` stops after (or before, with -1) the one shown now.
    pub fn next(&self, step: isize) -> Watch {
        let stops = self.stops();
        let here = stops.iter().position(|w| *w == self.watch).unwrap_or(0) as isize;
        let n = stops.len() as isize;
        stops[(here + step).rem_euclid(n) as usize].clone()
    }

    /// A place in words: "Tom (responder)", "Projector", "Facilitator".
    pub fn name(&self, w: &Watch) -> String {
        match w {
            Watch::Seat(p) => self.seats.iter().find(|s| &s.person == p).map_or_else(
                || p.clone(),
                |s| format!("{} ({})", s.name, words::seat(s.role)),
            ),
            Watch::Projector => "Projector".to_owned(),
            Watch::Facilitator => "Facilitator".to_owned(),
        }
    }
}

/// The facilitator's drafts: what they are about to post, hint or note.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drafts {
    /// Who a custom message comes from, in words.
    pub from: String,
    /// The custom message.
    pub message: String,
    /// Which seat a hint goes to (person id).
    pub hint_to: Option<String>,
    /// The hint.
    pub hint: String,
    /// A note for the debrief.
    pub note: String,
}

/// The keys that pass the keyboard on: `]` to the next place, `[` to the one before.
pub(super) fn keys(ui: &Ui, gd: &GameDayStatus, out: &mut Vec<Intent>) {
    if ui.ctx().text_edit_focused() {
        return;
    }
    if ui.input(|i| i.key_pressed(egui::Key::CloseBracket)) {
        out.push(Intent::Watch(gd.next(1)));
    } else if ui.input(|i| i.key_pressed(egui::Key::OpenBracket)) {
        out.push(Intent::Watch(gd.next(-1)));
    }
}

/// The bar under the top bar: one button per place, the one shown now picked.
pub(super) fn seat_bar(ui: &mut Ui, gd: &GameDayStatus, pal: &Palette, out: &mut Vec<Intent>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Game day").strong().color(pal.accent));
        ui.label(RichText::new("[ and ] pass the keyboard:").color(pal.dim));
        for w in gd.stops() {
            if ui.selectable_label(gd.watch == w, gd.name(&w)).clicked() && gd.watch != w {
                out.push(Intent::Watch(w));
            }
        }
    });
}

/// The covered console of a seat just handed over: nobody else's eyes on it until its
/// participant says they are at the keyboard.
pub(super) fn curtain(ui: &mut Ui, gd: &GameDayStatus, pal: &Palette, out: &mut Vec<Intent>) {
    let who = match gd.watch {
        Watch::Facilitator => "the facilitator".to_owned(),
        _ => gd.name(&gd.watch),
    };
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.3);
            ui.label(RichText::new(format!("Pass the keyboard to {who}")).size(28.0));
            ui.add_space(12.0);
            ui.label(
                RichText::new(if gd.watch == Watch::Facilitator {
                    "Everyone else, look away: the facilitator's view shows everything, faults included."
                } else {
                    "Everyone else, look away: this seat sees only what that person would see."
                })
                .color(pal.dim),
            );
            ui.add_space(12.0);
            if ui
                .button(RichText::new("I'm ready (Enter)").size(18.0))
                .clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Enter))
            {
                out.push(Intent::LiftCurtain);
            }
            ui.add_space(8.0);
            ui.label(RichText::new("[ or ] to pass it on instead").color(pal.dim));
        });
    });
}

/// The projector: the shared picture a room watches together. The map shows who calls whom and
/// who owns what, never a health the room has not been told; the channel, the incident and the
/// status page are everyone's.
pub(super) fn projector(ui: &mut Ui, h: &mut Here, pal: &Palette) {
    let tall = ui.available_height();
    egui::Panel::right("projector_incident")
        .default_size((ui.available_width() * 0.3).clamp(300.0, 520.0))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("projector_right")
                .show(ui, |ui| {
                    // The room reads the incident here; nobody acts from the projector.
                    ui.add_enabled_ui(false, |ui| incident::show(ui, h, pal));
                    status_page(ui, h, pal);
                });
        });
    egui::Panel::bottom("projector_channel")
        .default_size(tall * 0.4)
        .resizable(true)
        .show(ui, |ui| panels::channel(ui, h.view, pal));
    egui::CentralPanel::default().show(ui, |ui| {
        ui.label(
            RichText::new("Projector: the shared picture. What a seat finds reaches the room through the channel.")
                .color(pal.dim),
        );
        map::show(ui, h.view, h.st, pal);
    });
}

/// The public status page as customers see it.
fn status_page(ui: &mut Ui, h: &Here, pal: &Palette) {
    ui.separator();
    ui.heading("Status page");
    match h.view.status_page {
        Some((state, at)) => {
            ui.label(format!(
                "{} since {}",
                words::capitalise(words::status_state(state)),
                crate::sim::view::clock(h.view.shift_start, at)
            ));
        }
        None => {
            ui.colored_label(pal.dim, "All systems operational (nothing posted)");
        }
    }
}

/// The facilitator's console: the clock for everyone, the prepared injects, a message from
/// anyone in the story, a hint to one seat, a note for the debrief, and the end of the shift.
/// Every button is an action in the log, so the game day replays from it.
pub(super) fn console(ui: &mut Ui, h: &mut Here, gd: &GameDayStatus, pal: &Palette) {
    if let Some(card) = &gd.room
        && let Some(lobby) = &card.lobby
    {
        ui.label(RichText::new("The room").strong());
        room::seats(ui, card, lobby, h.out);
        ui.separator();
    }
    let d = &mut h.st.drafts;
    let out = &mut *h.out;
    ui.heading("Facilitator");
    ui.horizontal(|ui| {
        let pause = if h.status.paused {
            "▶ Resume for everyone"
        } else {
            "⏸ Pause for everyone"
        };
        if ui.button(pause).on_hover_text("Space").clicked() {
            out.push(Intent::TogglePause);
        }
        if ui.button("−").on_hover_text("-: slower").clicked() {
            out.push(Intent::Speed(h.status.speed / 2.0));
        }
        ui.label(words::speed(h.status.speed));
        if ui.button("+").on_hover_text("+: faster").clicked() {
            out.push(Intent::Speed(h.status.speed * 2.0));
        }
    });
    ui.separator();
    ui.label(RichText::new("Prepared injects").strong());
    if gd.prepared.is_empty() {
        ui.colored_label(pal.dim, "This scenario prepares none: use a message below.");
    }
    for p in &gd.prepared {
        let label = if p.fired {
            format!("✔ {}", p.label)
        } else {
            p.label.clone()
        };
        if ui
            .add_enabled(!p.fired, egui::Button::new(label))
            .on_disabled_hover_text("already fired: each fires once")
            .clicked()
        {
            out.push(Intent::Act(Action::Fire {
                inject: p.id.clone(),
            }));
        }
    }
    ui.separator();
    ui.label(RichText::new("Message in the channel").strong());
    ui.horizontal(|ui| {
        ui.label("From");
        ui.add(egui::TextEdit::singleline(&mut d.from).hint_text("Priya (VP Engineering)"));
    });
    ui.add(egui::TextEdit::multiline(&mut d.message).desired_rows(2));
    let ready = !d.from.trim().is_empty() && !d.message.trim().is_empty();
    if ui.add_enabled(ready, egui::Button::new("Post")).clicked() {
        out.push(Intent::Act(Action::Say {
            from: d.from.trim().to_owned(),
            text: std::mem::take(&mut d.message).trim().to_owned(),
        }));
    }
    ui.separator();
    ui.label(RichText::new("Hint to one seat").strong());
    ui.horizontal_wrapped(|ui| {
        for s in &gd.seats {
            let chosen = d.hint_to.as_ref() == Some(&s.person);
            if ui.selectable_label(chosen, &s.name).clicked() {
                d.hint_to = Some(s.person.clone());
            }
        }
    });
    ui.add(egui::TextEdit::multiline(&mut d.hint).desired_rows(2));
    let ready = d.hint_to.is_some() && !d.hint.trim().is_empty();
    if ui
        .add_enabled(ready, egui::Button::new("Send hint"))
        .clicked()
        && let Some(to) = d.hint_to.clone()
    {
        out.push(Intent::Act(Action::Hint {
            to,
            text: std::mem::take(&mut d.hint).trim().to_owned(),
        }));
    }
    ui.separator();
    ui.label(RichText::new("Note for the debrief").strong());
    ui.add(egui::TextEdit::multiline(&mut d.note).desired_rows(2));
    if ui
        .add_enabled(
            !d.note.trim().is_empty(),
            egui::Button::new("Note this moment"),
        )
        .clicked()
    {
        out.push(Intent::Act(Action::Note {
            text: std::mem::take(&mut d.note).trim().to_owned(),
        }));
    }
    ui.separator();
    if ui.button("End the shift for everyone").clicked() {
        out.push(Intent::Act(Action::EndShift));
    }
    if !gd.guide.is_empty() {
        ui.separator();
        egui::CollapsingHeader::new("Guide")
            .default_open(true)
            .show(ui, |ui| {
                for line in &gd.guide {
                    ui.label(format!("• {line}"));
                }
            });
    }
}

/// The top of the console at a game day: the usual bar, then the seat bar (over the network,
/// whose seat this window is instead).
pub(super) fn top(ui: &mut Ui, h: &mut Here, gd: &GameDayStatus, pal: &Palette) {
    egui::Panel::top("top_bar").show(ui, |ui| top_bar::show(ui, h, pal));
    match &gd.room {
        None => {
            egui::Panel::top("seat_bar").show(ui, |ui| seat_bar(ui, gd, pal, h.out));
        }
        Some(card) => {
            egui::Panel::top("seat_bar").show(ui, |ui| room_bar(ui, gd, card, pal, h.out));
        }
    }
}

/// Over the network: whose eyes this window is, and how the room is doing.
fn room_bar(
    ui: &mut Ui,
    gd: &GameDayStatus,
    card: &RoomCard,
    pal: &Palette,
    out: &mut Vec<Intent>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(gd.name(&gd.watch)).strong());
        let connected = card
            .lobby
            .as_ref()
            .map_or(0, |l| l.seats.iter().filter(|s| s.connected).count());
        let seats = card.lobby.as_ref().map_or(0, |l| l.seats.len());
        ui.label(format!(
            "· room {} · {connected} of {seats} seats connected",
            card.address
        ));
        if let Some(n) = card.notices.last() {
            ui.label(RichText::new(n).color(pal.warn));
        }
        if room::host_gone(card) && ui.button("See the debrief of what was played").clicked() {
            out.push(Intent::FinishPostmortem);
        }
    });
}
