//! Colours and text styles, with a colour-blind-safe palette. Health is never shown by colour alone:
//! every state also has a symbol.

use bevy_egui::egui::{self, Color32};

use crate::scenario::Priority;
use crate::sim::view::Health;

/// The palette in use.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    /// Healthy.
    pub ok: Color32,
    /// Degraded.
    pub warn: Color32,
    /// Down, High priority, errors.
    pub bad: Color32,
    /// Accents and links.
    pub accent: Color32,
    /// Secondary text.
    pub dim: Color32,
}

impl Palette {
    /// The palette for the player's setting.
    pub fn new(colour_blind: bool) -> Palette {
        if colour_blind {
            // Okabe–Ito: distinguishable with the common colour-vision deficiencies.
            Palette {
                ok: Color32::from_rgb(86, 180, 233),
                warn: Color32::from_rgb(230, 159, 0),
                bad: Color32::from_rgb(213, 94, 0),
                accent: Color32::from_rgb(204, 121, 167),
                dim: Color32::from_gray(150),
            }
        } else {
            Palette {
                ok: Color32::from_rgb(90, 190, 120),
                warn: Color32::from_rgb(235, 180, 60),
                bad: Color32::from_rgb(235, 85, 75),
                accent: Color32::from_rgb(110, 160, 245),
                dim: Color32::from_gray(150),
            }
        }
    }

    /// Colour and symbol of a health state.
    pub fn health(&self, h: Health) -> (Color32, &'static str) {
        match h {
            Health::Healthy => (self.ok, "✔"),
            Health::Degraded => (self.warn, "⚠"),
            Health::Down => (self.bad, "✖"),
            Health::NoData => (self.dim, "?"),
            Health::Unseen => (self.dim, "·"),
        }
    }

    /// Colour of a priority.
    pub fn priority(&self, p: Priority) -> Color32 {
        match p {
            Priority::High => self.bad,
            Priority::Medium => self.warn,
            Priority::Low => self.accent,
            Priority::Notification => self.dim,
        }
    }
}

/// Applies the game's look to a context: dark, calm, with readable spacing. The fonts are not
/// touched: they come from `assets/fonts` (see [`super::fonts`]).
pub fn apply(ctx: &egui::Context, scale: f32) {
    let mut visuals = egui::Visuals::dark();
    // In the browser build, hinted glyphs of some sizes came out blank (the clock read
    // "10:0 :00"); unhinted outlines draw every glyph.
    if cfg!(target_arch = "wasm32") {
        visuals.text_options.font_hinting = false;
    }
    ctx.set_visuals(visuals);
    ctx.set_zoom_factor(scale);
    ctx.set_theme(egui::Theme::Dark);
    ctx.all_styles_mut(|s| {
        s.spacing.item_spacing = egui::vec2(8.0, 5.0);
        s.spacing.button_padding = egui::vec2(8.0, 3.0);
    });
}

/// `HH:MM` of game seconds elapsed, as `+MM:SS`.
pub fn elapsed(seconds: u32) -> String {
    format!("+{:02}:{:02}", seconds / 60, seconds % 60)
}
