//! The bar across the top: the clock and its speed, customer impact, the incident's state, the
//! flashing banner for a High page, and the last refusal. Everything in it keeps its place, so
//! the panels below never jump when a banner comes or goes.

use bevy_egui::egui::{self, Color32, RichText, Ui};

use super::Here;
use super::commands::{self, FASTER, PAUSE, SLOWER};
use crate::game::ui::theme::{Palette, elapsed};
use crate::scenario::Priority;
use crate::sim::words;

pub(super) fn show(ui: &mut Ui, h: &mut Here, pal: &Palette) {
    let view = h.view;
    ui.horizontal(|ui| {
        ui.label(RichText::new(&view.clock).size(22.0).monospace().strong());
        ui.label(format!("{} of {}", elapsed(view.now), elapsed(view.end)));
        ui.separator();
        commands::button(ui, h, &SLOWER, Some("−".into()));
        ui.label(format!("{:.0}× time", h.status.rate));
        commands::button(ui, h, &FASTER, Some("+".into()));
        let facilitating = h
            .status
            .game_day
            .as_ref()
            .map(|g| g.watch == crate::game::bridge::Watch::Facilitator);
        let pause = if facilitating == Some(false) {
            if h.status.paused {
                "Paused by the facilitator"
            } else {
                "The facilitator runs the clock"
            }
        } else if h.status.paused {
            "▶ Resume"
        } else if facilitating == Some(true) {
            "⏸ Pause for everyone"
        } else if h.status.may_pause {
            "⏸ Pause"
        } else {
            "⏸ Pause (exam: the clock does not stop)"
        };
        commands::button(ui, h, &PAUSE, Some(pause.into()));
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
        // The figures sit beside the bar, never under its fill.
        ui.add(
            egui::ProgressBar::new(burn.min(1.0))
                .desired_width(90.0)
                .corner_radius(2.0)
                .fill(colour),
        );
        ui.colored_label(
            colour,
            format!(
                "{:.1} min · {:.0}% of budget",
                view.impact_minutes,
                burn * 100.0
            ),
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
        if h.status.paused {
            ui.colored_label(pal.warn, RichText::new("PAUSED").strong());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            commands::button(ui, h, &commands::HELP, Some("? Keys".into()));
        });
    });
    // One line that always exists: the High page banner, else the last refusal, else nothing
    // to say. Its height never changes, so nothing below it moves.
    ui.allocate_ui(egui::vec2(ui.available_width(), 24.0), |ui| {
        ui.set_min_height(24.0);
        ui.horizontal(|ui| {
            let page = view
                .alerts
                .iter()
                .find(|a| a.pages_me && a.page_open && a.priority == Priority::High);
            let refusal = h
                .status
                .rejection
                .as_ref()
                .filter(|(_, at)| view.now.saturating_sub(*at) < 120);
            if let Some(a) = page {
                let t = ui.input(|i| i.time);
                let on = (t * 2.0).fract() < 0.6;
                let fill = if on {
                    pal.bad
                } else {
                    pal.bad.gamma_multiply(0.5)
                };
                egui::Frame::new()
                    .fill(fill)
                    .inner_margin(egui::Margin::symmetric(6, 2))
                    .show(ui, |ui| {
                        ui.colored_label(
                            Color32::WHITE,
                            RichText::new(format!(
                                "📟 PAGE #{}: {} — O selects it, A acknowledges",
                                a.id, a.summary
                            ))
                            .strong(),
                        );
                    });
            }
            if let Some((reason, _)) = refusal {
                ui.colored_label(pal.bad, format!("Refused: {reason}"));
            }
            if page.is_none() && refusal.is_none() {
                ui.colored_label(pal.dim, "Press ? for every key.");
            }
        });
    });
}
