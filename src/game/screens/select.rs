//! The scenario select screen: difficulty, role, length, learning goal, best score, last played.

use bevy::prelude::*;
use bevy_egui::egui::{self, RichText, Ui};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::briefing::role_name;
use crate::game::catalog::Catalog;
use crate::game::intent::{Intent, Intents};
use crate::game::picker::Picker;
use crate::game::profile::Profile;
use crate::game::screen::Screen;
use crate::game::ui::central;
use crate::game::ui::theme::Palette;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_select
            .in_set(crate::game::ui::Draw)
            .run_if(in_state(Screen::Select)),
    );
}

/// The scenario select screen.
pub fn select(
    ui: &mut Ui,
    catalog: &Catalog,
    profile: &Profile,
    picker: &mut Picker,
    out: &mut Vec<Intent>,
) {
    let chosen = &mut picker.chosen;
    let pal = Palette::new(profile.saved.settings.colour_blind);
    ui.heading("Choose a scenario");
    ui.label("↑/↓ to choose, Enter to read the briefing, O to open your own file, Esc to go back.");
    ui.separator();
    let n = catalog.0.len();
    // Keys typed into the path field are text, not menu commands.
    let keys_free = ui.memory(|m| m.focused().is_none());
    ui.input(|i| {
        if !keys_free {
            return;
        }
        // Count every press: when frames are slow, several can arrive in one.
        let down = i.num_presses(egui::Key::ArrowDown);
        let up = i.num_presses(egui::Key::ArrowUp);
        *chosen = (*chosen + down).min(n.saturating_sub(1)).saturating_sub(up);
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
                ui.label(crate::sim::words::difficulty(s.difficulty));
                match &s.game_day {
                    Some(d) => ui.label(format!(
                        "{} · game day, {} seats",
                        role_name(s.role),
                        d.seats.len()
                    )),
                    None => ui.label(role_name(s.role)),
                };
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
            || (keys_free && ui.input(|i| i.key_pressed(egui::Key::Enter)))
        {
            out.push(Intent::Choose {
                scenario: *chosen,
                seed: 1,
            });
        }
        if ui.button("Back").on_hover_text("Esc").clicked()
            || (keys_free && ui.input(|i| i.key_pressed(egui::Key::Escape)))
        {
            out.push(Intent::Go(Screen::Title));
        }
    });
    ui.add_space(16.0);
    own_file(ui, picker, &pal, keys_free);
}

/// "Open your own scenario file", and what became of the last one opened.
fn own_file(ui: &mut Ui, picker: &mut Picker, pal: &Palette, keys_free: bool) {
    ui.separator();
    ui.label(RichText::new("Your own scenario").strong());
    let o_pressed = keys_free && ui.input(|i| i.key_pressed(egui::Key::O));
    ui.horizontal(|ui| {
        if cfg!(target_arch = "wasm32") {
            if ui
                .button("Open a scenario file…")
                .on_hover_text("O: a .ron file in the format of docs/scenario-format.md")
                .clicked()
                || o_pressed
            {
                picker.open_requested = true;
            }
        } else {
            ui.label("Path:");
            let field = ui.add(
                egui::TextEdit::singleline(&mut picker.path)
                    .hint_text("my-scenario.ron")
                    .desired_width(360.0),
            );
            if o_pressed {
                field.request_focus();
            }
            let typed_enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Open").clicked() || typed_enter {
                picker.open_requested = true;
            }
        }
    });
    if !cfg!(target_arch = "wasm32") && !picker.watched.is_empty() {
        ui.colored_label(
            pal.dim,
            "Files you opened are watched: save an edit and the next run plays it.",
        );
    }
    if let Some(status) = &picker.status {
        let colour = if picker.errors.is_empty() {
            pal.ok
        } else {
            pal.bad
        };
        ui.colored_label(colour, status);
    }
    if !picker.errors.is_empty() {
        egui::ScrollArea::vertical()
            .max_height(160.0)
            .id_salt("scenario-errors")
            .show(ui, |ui| {
                for e in &picker.errors {
                    ui.label(RichText::new(e).monospace().color(pal.bad));
                }
            });
    }
}

fn draw_select(
    mut contexts: EguiContexts,
    catalog: Res<Catalog>,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
    mut picker: ResMut<Picker>,
) -> Result {
    central(&mut contexts, |ui| {
        select(ui, &catalog, &profile, &mut picker, &mut intents.0)
    })
}
