//! The settings screen: time compression, UI scale, colour-blind palette, sound, exam mode.

use bevy::prelude::*;
use bevy_egui::egui::{self, Ui};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::game::intent::{Intent, Intents};
use crate::game::persistence::Settings;
use crate::game::profile::Profile;
use crate::game::screen::Screen;
use crate::game::ui::central;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_settings
            .in_set(crate::game::ui::Draw)
            .run_if(in_state(Screen::Settings)),
    );
}

/// The settings screen; edits the settings in place.
pub fn settings(ui: &mut Ui, settings: &mut Settings, out: &mut Vec<Intent>) {
    ui.heading("Settings");
    ui.separator();
    egui::Grid::new("settings")
        .num_columns(2)
        .spacing([20.0, 10.0])
        .show(ui, |ui| {
            ui.label("Default speed (× the scenario's; + and - change it for one shift)");
            ui.add(egui::Slider::new(&mut settings.speed, 0.25..=8.0).logarithmic(true));
            ui.end_row();
            ui.label("UI scale");
            ui.add(egui::Slider::new(&mut settings.ui_scale, 0.75..=2.0));
            ui.end_row();
            ui.label("Colour-blind-safe palette");
            ui.checkbox(&mut settings.colour_blind, "");
            ui.end_row();
            ui.label("Sound");
            ui.checkbox(&mut settings.sound, "");
            ui.end_row();
            ui.label("Exam mode (never pause)");
            ui.checkbox(&mut settings.exam_mode, "");
            ui.end_row();
        });
    ui.add_space(10.0);
    if ui.button("Save and go back").on_hover_text("Esc").clicked()
        || ui.input(|i| i.key_pressed(egui::Key::Escape))
    {
        out.push(Intent::SaveSettings);
        out.push(Intent::Go(Screen::Title));
    }
}

fn draw_settings(
    mut contexts: EguiContexts,
    mut profile: ResMut<Profile>,
    mut intents: ResMut<Intents>,
) -> Result {
    let mut edited = profile.saved.settings.clone();
    central(&mut contexts, |ui| {
        settings(ui, &mut edited, &mut intents.0)
    })?;
    if edited != profile.saved.settings {
        profile.saved.settings = edited.sanitised();
    }
    Ok(())
}
