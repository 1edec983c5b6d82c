//! The briefing: your role, your team, who is on call, what you own, what good looks like.

use bevy::prelude::*;
use bevy_egui::egui::{self, RichText, Ui};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::game::bridge::Session;
use crate::game::intent::{Intent, Intents};
use crate::game::screen::Screen;
use crate::game::ui::central;
use crate::scenario::PlayerRole;
use crate::sim::Briefing;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_briefing
            .in_set(crate::game::ui::Draw)
            .run_if(in_state(Screen::Briefing)),
    );
}

/// How a role is named on screen.
pub(super) fn role_name(r: PlayerRole) -> &'static str {
    match r {
        PlayerRole::Responder => "On-call responder",
        PlayerRole::Commander => "Incident commander",
    }
}

/// The briefing: your role, your team, who is on call, what you own, what good looks like.
pub fn briefing(ui: &mut Ui, s: &Briefing, seed: u64, out: &mut Vec<Intent>) {
    // The way on stays in view on short screens; the briefing scrolls above it.
    egui::Panel::bottom("briefing_buttons").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new("Start the shift").size(18.0))
                .on_hover_text("Enter")
                .clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Enter))
            {
                out.push(Intent::Go(Screen::Shift));
            }
            if !s.seats.is_empty()
                && (ui
                    .button(RichText::new("Run it as a game day").size(18.0))
                    .on_hover_text("G: every seat in this window, with the facilitator's console")
                    .clicked()
                    || ui.input(|i| i.key_pressed(egui::Key::G)))
            {
                out.push(Intent::GameDay);
            }
            if ui.button("Back").on_hover_text("Esc").clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Escape))
            {
                out.push(Intent::Go(Screen::Select));
            }
        });
    });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| contents(ui, s, seed));
}

fn contents(ui: &mut Ui, s: &Briefing, seed: u64) {
    ui.heading(&s.title);
    ui.label(RichText::new(&s.summary).size(16.0));
    ui.separator();
    let me = s.people.iter().find(|p| p.id == s.player);
    let my_teams: Vec<_> = s
        .teams
        .iter()
        .filter(|t| t.members.contains(&s.player))
        .collect();
    egui::Grid::new("brief")
        .num_columns(2)
        .spacing([20.0, 6.0])
        .show(ui, |ui| {
            ui.label(RichText::new("You are").strong());
            ui.label(format!(
                "{} — {}, starting {} UTC for {} minutes ({}× time)",
                me.map_or(s.player.as_str(), |p| p.name.as_str()),
                role_name(s.role),
                s.shift.start,
                s.shift.duration_minutes,
                s.shift.time_compression
            ));
            ui.end_row();
            ui.label(RichText::new("Your team").strong());
            ui.label(
                my_teams
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            ui.end_row();
            ui.label(RichText::new("You own").strong());
            let owned: Vec<&str> = s
                .services
                .iter()
                .filter(|x| {
                    x.owner
                        .as_ref()
                        .is_some_and(|o| my_teams.iter().any(|t| &t.id == o))
                })
                .map(|x| x.name.as_str())
                .collect();
            ui.label(if owned.is_empty() {
                "nothing directly".to_owned()
            } else {
                owned.join(", ")
            });
            ui.end_row();
            ui.label(RichText::new("Mode").strong());
            ui.label(match s.mode {
                crate::scenario::Mode::Practice => "Practice: you may pause (Space).",
                crate::scenario::Mode::Exam => "Exam: the clock does not stop.",
            });
            ui.end_row();
            ui.label(RichText::new("Seed").strong());
            ui.label(seed.to_string());
            ui.end_row();
        });
    if !s.seats.is_empty() {
        ui.separator();
        ui.label(RichText::new("Game day").strong());
        ui.label(format!(
            "Played by a team: each participant takes a seat and sees only what that person would see. \
             \"Start the shift\" plays it alone, as {}; \"Run it as a game day\" (G) puts every seat \
             in this window (] and [ pass the keyboard on), with the facilitator's console and a projector view.",
            me.map_or(s.player.as_str(), |p| p.name.as_str())
        ));
        egui::Grid::new("seats")
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                for h in ["Seat", "Played as", "Team"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for seat in &s.seats {
                    ui.label(crate::sim::words::capitalise(crate::sim::words::seat(
                        seat.role,
                    )));
                    ui.label(
                        s.people
                            .iter()
                            .find(|p| p.id == seat.person)
                            .map_or(seat.person.as_str(), |p| p.name.as_str()),
                    );
                    ui.label(
                        s.teams
                            .iter()
                            .filter(|t| t.members.contains(&seat.person))
                            .map(|t| t.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    );
                    ui.end_row();
                }
            });
    }
    ui.separator();
    ui.label(RichText::new("On call now").strong());
    egui::Grid::new("oncall")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for h in ["Team", "Primary", "Secondary", "Rotation size"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for t in &s.teams {
                let name = |id: Option<&String>| {
                    id.and_then(|id| s.people.iter().find(|p| &p.id == id))
                        .map_or("—".to_owned(), |p| p.name.clone())
                };
                ui.label(&t.name);
                ui.label(name(t.rotation.order.first()));
                ui.label(name(t.rotation.order.get(1)));
                ui.label(t.rotation.order.len().to_string());
                ui.end_row();
            }
        });
    ui.separator();
    ui.label(RichText::new("What good looks like").strong());
    for g in &s.learning_goals {
        ui.label(format!("• {g}"));
    }
    ui.label(format!(
        "Par: acknowledge within {} min, owners engaged within {}, mitigated within {}, resolved within {}.",
        s.par.acknowledge_minutes, s.par.engage_owner_minutes, s.par.mitigate_minutes, s.par.resolve_minutes
    ));
    ui.separator();
    ui.label(RichText::new("Severity, by what customers feel").strong());
    egui::Grid::new("severities").num_columns(2).show(ui, |ui| {
        for sev in crate::scenario::Severity::ALL {
            ui.label(RichText::new(sev.name()).strong());
            ui.label(sev.meaning());
            ui.end_row();
        }
    });
    ui.label(
        "When unsure between two neighbouring levels, pick the higher. Who fixes: the owning team applies fixes to its services; \
         anyone on call may roll back a deploy made in the last hour once its owners are paged. A commander never fixes.",
    );
}

fn draw_briefing(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    mut intents: ResMut<Intents>,
) -> Result {
    let Some(session) = session else {
        intents.0.push(Intent::Go(Screen::Select));
        return Ok(());
    };
    central(&mut contexts, |ui| {
        briefing(ui, session.briefing(), session.seed(), &mut intents.0)
    })
}
