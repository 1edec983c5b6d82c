//! The room screen: a game day over the network. Before a room: host one (the facilitator's
//! desktop game) or join one by its address. In a room: the lobby, with the seats, who holds
//! them and who is connected; the facilitator gives seats and starts the shift, a player takes a
//! free seat and waits for the start.

use bevy::prelude::*;
use bevy_egui::egui::{self, RichText, Ui};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::game::bridge::{Room, RoomSide};
use crate::game::catalog::Catalog;
use crate::game::intent::{Intent, Intents};
use crate::game::screen::Screen;
use crate::game::ui::central;
use crate::net::authority::PlayerCard;
use crate::net::protocol::Lobby;
use crate::net::wire::DEFAULT_PORT;
use crate::sim::words;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<RoomUi>().add_systems(
        EguiPrimaryContextPass,
        draw_room
            .in_set(crate::game::ui::Draw)
            .run_if(in_state(Screen::Room)),
    );
}

/// What the player has typed and picked on the room screen.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct RoomUi {
    /// The game-day scenario to host (catalogue index).
    pub scenario: Option<usize>,
    /// The port to host on, as typed.
    pub port: String,
    /// The room's address, as typed.
    pub address: String,
    /// The name the room will see.
    pub name: String,
    /// Whether the address field has had the keyboard once, so a player can type at once.
    pub focused: bool,
}

impl Default for RoomUi {
    fn default() -> Self {
        RoomUi {
            scenario: None,
            port: DEFAULT_PORT.to_string(),
            address: String::new(),
            name: String::new(),
            focused: false,
        }
    }
}

/// A room as the screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomCard {
    /// Which end this window is.
    pub side: RoomSide,
    /// The address players join.
    pub address: String,
    /// Whether the other end has been reached.
    pub connected: bool,
    /// The room as last heard.
    pub lobby: Option<Lobby>,
    /// Everyone in the room (the facilitator's window).
    pub players: Vec<PlayerCard>,
    /// This player's seat.
    pub seat: Option<String>,
    /// What the room has to say.
    pub notices: Vec<String>,
    /// The scenario's title, once the room has said which it is.
    pub title: Option<String>,
}

impl RoomCard {
    /// The card for a room.
    pub fn of(room: &Room) -> RoomCard {
        RoomCard {
            side: room.side(),
            address: room.address().to_owned(),
            connected: room.connected(),
            lobby: room.lobby().cloned(),
            players: room.players(),
            seat: room.seat().map(str::to_owned),
            notices: room.notices().to_vec(),
            title: None,
        }
    }

    /// The same, with the scenario's title found in the catalogue.
    pub fn titled(room: &Room, catalog: &Catalog) -> RoomCard {
        let mut card = RoomCard::of(room);
        card.title = card.lobby.as_ref().and_then(|l| {
            catalog
                .0
                .iter()
                .find(|s| s.id == l.scenario)
                .map(|s| s.title.clone())
        });
        card
    }
}

/// Whether this is a player's window whose facilitator's game has gone after the shift started:
/// the game day cannot go on, and the player may score what was played.
pub fn host_gone(card: &RoomCard) -> bool {
    card.side == RoomSide::Player
        && !card.connected
        && card.lobby.as_ref().is_some_and(|l| l.started)
}

/// The keys that take seats 1 to 8 (a game day has at most 8).
const DIGITS: [egui::Key; 8] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
];

/// The room screen. `games` are the catalogue's scenarios with a game day: (index, title).
pub fn room(
    ui: &mut Ui,
    card: Option<&RoomCard>,
    games: &[(usize, String)],
    st: &mut RoomUi,
    out: &mut Vec<Intent>,
) {
    ui.heading("Game day over the network");
    match card {
        None => before_a_room(ui, games, st, out),
        Some(card) => {
            // Back from a room, the address field takes the keyboard again.
            st.focused = false;
            lobby(ui, card, out);
        }
    }
}

fn before_a_room(ui: &mut Ui, games: &[(usize, String)], st: &mut RoomUi, out: &mut Vec<Intent>) {
    ui.label("Each participant plays their own seat on their own screen; the facilitator's game runs the clock and the injects, and everyone's game writes the team's report at the end.");
    ui.separator();
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.label(RichText::new("Host, as the facilitator").size(18.0).strong());
        if cfg!(target_arch = "wasm32") {
            ui.label("A browser cannot host: the facilitator opens the room from the desktop game, and browsers join it.");
        } else {
            if st.scenario.is_none() {
                st.scenario = games.first().map(|(i, _)| *i);
            }
            for (i, title) in games {
                ui.radio_value(&mut st.scenario, Some(*i), title);
            }
            ui.horizontal(|ui| {
                ui.label("Port");
                ui.add(egui::TextEdit::singleline(&mut st.port).desired_width(80.0));
            });
            let port = st.port.trim().parse::<u16>();
            if port.is_err() {
                ui.label("A port is a number up to 65535.");
            }
            let ready = port.is_ok() && st.scenario.is_some();
            let open = ui
                .horizontal(|ui| ui.add_enabled(ready, egui::Button::new("Open the room")))
                .inner;
            if open.clicked()
                && let (Ok(port), Some(scenario)) = (port, st.scenario)
            {
                out.push(Intent::HostRoom { scenario, port });
            }
        }
        let ui = &mut cols[1];
        ui.label(RichText::new("Join, as a participant").size(18.0).strong());
        ui.label("The room's address, from the facilitator:");
        let address = ui.add(
            egui::TextEdit::singleline(&mut st.address)
                .hint_text("ws://HOST:PORT/CODE")
                .desired_width(f32::INFINITY),
        );
        if !st.focused {
            st.focused = true;
            address.request_focus();
        }
        ui.label("Your name:");
        let name = ui.add(egui::TextEdit::singleline(&mut st.name).desired_width(240.0));
        ui.label("Enter after the address goes on to your name; Enter after your name joins.");
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        let mut entered = name.lost_focus() && enter;
        if address.lost_focus() && enter {
            if st.name.trim().is_empty() {
                name.request_focus();
            } else {
                entered = true;
            }
        }
        // The facilitator gives seats by name: everyone in the room needs one.
        let ready = !st.address.trim().is_empty() && !st.name.trim().is_empty();
        let join = ui
            .horizontal(|ui| ui.add_enabled(ready, egui::Button::new("Join")))
            .inner;
        if (join.clicked() || entered) && ready {
            out.push(Intent::JoinRoom {
                url: st.address.clone(),
                name: st.name.clone(),
            });
        }
    });
    ui.separator();
    if ui.button("Back").on_hover_text("Esc").clicked()
        || ui.input(|i| i.key_pressed(egui::Key::Escape))
    {
        st.focused = false;
        out.push(Intent::Go(Screen::Title));
    }
}

fn lobby(ui: &mut Ui, card: &RoomCard, out: &mut Vec<Intent>) {
    let host = card.side == RoomSide::Facilitator;
    if host && !card.connected {
        // Players are let in only once the facilitator's own link is: the address waits too.
        ui.label("Opening the room…");
        for n in &card.notices {
            ui.label(RichText::new(n).color(ui.visuals().warn_fg_color));
        }
        leave(ui, host, out);
        return;
    }
    if host {
        ui.label("The room is open. Participants join with this address:");
    } else {
        ui.label("The room:");
    }
    ui.horizontal(|ui| {
        ui.label(RichText::new(&card.address).monospace().size(18.0).strong());
        if ui.button("Copy").clicked() {
            ui.ctx().copy_text(card.address.clone());
        }
    });
    if !host {
        ui.label(if card.connected {
            "Connected to the facilitator's game."
        } else {
            "Looking for the facilitator's game…"
        });
    }
    for n in &card.notices {
        ui.label(RichText::new(n).color(ui.visuals().warn_fg_color));
    }
    ui.separator();
    let Some(lobby) = &card.lobby else {
        leave(ui, host, out);
        return;
    };
    if let Some(title) = &card.title {
        ui.label(
            RichText::new(format!("{title}: {} seats", lobby.seats.len()))
                .size(18.0)
                .strong(),
        );
    }
    seats(ui, card, lobby, out);
    // A player takes a free seat by its number too.
    if !host && card.connected && card.seat.is_none() {
        let digit = ui.input(|i| DIGITS.iter().position(|k| i.key_pressed(*k)));
        if let Some(seat) = digit.and_then(|d| lobby.seats.get(d))
            && seat.held_by.is_none()
        {
            out.push(Intent::TakeSeat(seat.person.clone()));
        }
    }
    if host {
        let watching: Vec<&str> = card
            .players
            .iter()
            .filter(|p| p.seat.is_none() && p.connected)
            .map(|p| p.name.as_str())
            .collect();
        if !watching.is_empty() {
            ui.label(format!("Without a seat: {}.", watching.join(", ")));
        }
    }
    ui.add_space(8.0);
    if lobby.started {
        ui.label("The shift has started.");
    } else if host {
        let free = lobby.seats.iter().filter(|s| s.held_by.is_none()).count();
        if free > 0 {
            ui.label(format!(
                "{free} seat{} free: nobody will act for {} unless someone takes {}.",
                if free == 1 { " is" } else { "s are" },
                if free == 1 { "it" } else { "them" },
                if free == 1 { "it" } else { "them" },
            ));
        }
        if ui
            .button(RichText::new("Start the shift").size(16.0))
            .clicked()
        {
            out.push(Intent::StartRoom);
        }
    } else {
        ui.label(match &card.seat {
            Some(_) => "Waiting for the facilitator to start the shift.",
            None => {
                "Take a free seat, or wait: without one you watch what the room's projector shows."
            }
        });
    }
    ui.add_space(8.0);
    leave(ui, host, out);
}

fn leave(ui: &mut Ui, host: bool, out: &mut Vec<Intent>) {
    let label = if host { "Close the room" } else { "Leave" };
    if ui.button(label).clicked() {
        out.push(Intent::LeaveRoom);
    }
}

/// The seats: who plays them, who holds them, whether they are connected; the facilitator can
/// give each to anyone in the room, a player can take a free one.
pub fn seats(ui: &mut Ui, card: &RoomCard, lobby: &Lobby, out: &mut Vec<Intent>) {
    let host = card.side == RoomSide::Facilitator;
    egui::Grid::new("room_seats")
        .num_columns(4)
        .spacing([16.0, 6.0])
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new("Seat").strong());
            ui.label(RichText::new("Held by").strong());
            ui.label(RichText::new("").strong());
            ui.label(RichText::new("").strong());
            ui.end_row();
            for (n, seat) in lobby.seats.iter().enumerate() {
                let mine = card.seat.as_deref() == Some(seat.person.as_str());
                ui.label(format!(
                    "{}  {} ({}){}",
                    n + 1,
                    seat.name,
                    words::seat(seat.role),
                    if mine { ": you" } else { "" }
                ));
                ui.label(seat.held_by.as_deref().unwrap_or("free"));
                ui.label(match (&seat.held_by, seat.connected, seat.done) {
                    (None, _, _) => "",
                    (Some(_), false, _) => "away",
                    (Some(_), true, true) => "connected, postmortem done",
                    (Some(_), true, false) => "connected",
                });
                if host {
                    let holder = card
                        .players
                        .iter()
                        .find(|p| p.seat.as_deref() == Some(seat.person.as_str()));
                    egui::ComboBox::from_id_salt(("give", &seat.person))
                        .selected_text("Give to…")
                        .show_ui(ui, |ui| {
                            for p in card.players.iter().filter(|p| p.connected) {
                                if ui.selectable_label(holder == Some(p), &p.name).clicked() {
                                    out.push(Intent::GiveSeat {
                                        person: seat.person.clone(),
                                        to: Some(p.peer.clone()),
                                    });
                                }
                            }
                            if holder.is_some() && ui.selectable_label(false, "Nobody").clicked() {
                                out.push(Intent::GiveSeat {
                                    person: seat.person.clone(),
                                    to: None,
                                });
                            }
                        });
                } else if seat.held_by.is_none() && card.connected && card.seat.is_none() {
                    if ui
                        .button("Take this seat")
                        .on_hover_text(format!("{}", n + 1))
                        .clicked()
                    {
                        out.push(Intent::TakeSeat(seat.person.clone()));
                    }
                } else {
                    ui.label("");
                }
                ui.end_row();
            }
        });
}

fn draw_room(
    mut contexts: EguiContexts,
    open: Option<Res<Room>>,
    catalog: Res<Catalog>,
    mut st: ResMut<RoomUi>,
    mut intents: ResMut<Intents>,
) -> Result {
    let card = open.as_deref().map(|r| RoomCard::titled(r, &catalog));
    let games: Vec<(usize, String)> = catalog
        .0
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let seats = s.game_day.as_ref()?.seats.len();
            Some((i, format!("{}: {seats} seats", s.title)))
        })
        .collect();
    central(&mut contexts, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            room(ui, card.as_ref(), &games, &mut st, &mut intents.0)
        });
    })
}
