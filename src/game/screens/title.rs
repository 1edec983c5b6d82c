//! The title screen.

use bevy::prelude::*;
use bevy_egui::egui::{self, RichText, Ui};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::game::intent::{Intent, Intents};
use crate::game::profile::Profile;
use crate::game::screen::Screen;
use crate::game::ui::central;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_title
            .in_set(crate::game::ui::Draw)
            .run_if(in_state(Screen::Title)),
    );
}

/// The title screen.
pub fn title(ui: &mut Ui, profile: &Profile, out: &mut Vec<Intent>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.2);
        ui.heading(RichText::new("PagerDrill").size(48.0).strong());
        ui.label(RichText::new("Practise being on call before it is real.").size(18.0));
        ui.add_space(30.0);
        if ui
            .button(RichText::new("  Play  ").size(22.0))
            .on_hover_text("Enter")
            .clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Enter))
        {
            out.push(Intent::Go(Screen::Select));
        }
        ui.add_space(8.0);
        if ui
            .button("Game day over the network")
            .on_hover_text("N")
            .clicked()
            || ui.input(|i| i.key_pressed(egui::Key::N))
        {
            out.push(Intent::Go(Screen::Room));
        }
        ui.add_space(8.0);
        if ui.button("Settings").on_hover_text("S").clicked()
            || ui.input(|i| i.key_pressed(egui::Key::S))
        {
            out.push(Intent::Go(Screen::Settings));
        }
        ui.add_space(20.0);
        match profile.saved.results.len() {
            0 => {}
            1 => {
                ui.label("1 shift played so far.");
            }
            runs => {
                ui.label(format!("{runs} shifts played so far."));
            }
        }
    });
}

fn draw_title(
    mut contexts: EguiContexts,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
) -> Result {
    central(&mut contexts, |ui| title(ui, &profile, &mut intents.0))
}
