//! The scenario select screen: difficulty, role, length, learning goal, best score, last played.

use bevy::prelude::*;
use bevy_egui::egui::{self, RichText, Ui};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::briefing::role_name;
use super::central;
use super::theme::Palette;
use crate::game::session::{Catalog, Intent, Intents, Profile, Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_select
            .in_set(super::Draw)
            .run_if(in_state(Screen::Select)),
    );
}

/// The scenario select screen.
pub fn select(
    ui: &mut Ui,
    catalog: &Catalog,
    profile: &Profile,
    chosen: &mut usize,
    out: &mut Vec<Intent>,
) {
    let pal = Palette::new(profile.saved.settings.colour_blind);
    ui.heading("Choose a scenario");
    ui.label("↑/↓ to choose, Enter to read the briefing, Esc to go back.");
    ui.separator();
    let n = catalog.0.len();
    ui.input(|i| {
        if i.key_pressed(egui::Key::ArrowDown) {
            *chosen = (*chosen + 1).min(n.saturating_sub(1));
        }
        if i.key_pressed(egui::Key::ArrowUp) {
            *chosen = chosen.saturating_sub(1);
        }
    });
    egui::Grid::new("scenarios")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in [
                "Scenario",
                "Difficulty",
                "Role",
                "Length",
                "Your best",
                "Last played",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (i, s) in catalog.0.iter().enumerate() {
                let label = ui.selectable_label(*chosen == i, RichText::new(&s.title).size(16.0));
                if label.clicked() {
                    *chosen = i;
                }
                if label.double_clicked() {
                    out.push(Intent::Choose {
                        scenario: i,
                        seed: 1,
                    });
                }
                ui.label(format!("{:?}", s.difficulty));
                ui.label(role_name(s.role));
                ui.label(format!("{} min", s.shift.duration_minutes));
                match profile.saved.best(&s.id) {
                    Some(b) => {
                        ui.colored_label(pal.accent, format!("{}/100", b.report.score.total))
                    }
                    None => ui.colored_label(pal.dim, "—"),
                };
                match profile.saved.last(&s.id) {
                    Some(l) => ui.label(format!("run {} ({}/100)", l.run, l.report.score.total)),
                    None => ui.colored_label(pal.dim, "never"),
                };
                ui.end_row();
            }
        });
    ui.separator();
    if let Some(s) = catalog.0.get(*chosen) {
        ui.label(RichText::new(&s.summary).size(15.0));
        ui.label(RichText::new("Learning goal").strong());
        for g in &s.learning_goals {
            ui.label(format!("• {g}"));
        }
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui
            .button("Read the briefing")
            .on_hover_text("Enter")
            .clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Enter))
        {
            out.push(Intent::Choose {
                scenario: *chosen,
                seed: 1,
            });
        }
        if ui.button("Back").on_hover_text("Esc").clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Escape))
        {
            out.push(Intent::Go(Screen::Title));
        }
    });
}

fn draw_select(
    mut contexts: EguiContexts,
    catalog: Res<Catalog>,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
    mut chosen: Local<usize>,
) -> Result {
    central(&mut contexts, |ui| {
        select(ui, &catalog, &profile, &mut chosen, &mut intents.0)
    })
}
