//! The calm screens around the shift: title, scenario select, briefing, settings. Each is a plain
//! function over data that raises intents, so it can be exercised without a window.

use bevy_egui::egui::{self, RichText, Ui};

use super::theme::Palette;
use crate::game::persistence::Settings;
use crate::game::session::{Catalog, Intent, Profile, Screen};
use crate::scenario::{PlayerRole, Scenario};

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
        if ui.button("Settings").on_hover_text("S").clicked()
            || ui.input(|i| i.key_pressed(egui::Key::S))
        {
            out.push(Intent::Go(Screen::Settings));
        }
        ui.add_space(20.0);
        let runs = profile.saved.results.len();
        if runs > 0 {
            ui.label(format!("{runs} shifts played so far."));
        }
    });
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

fn role_name(r: PlayerRole) -> &'static str {
    match r {
        PlayerRole::Responder => "On-call responder",
        PlayerRole::Commander => "Incident commander",
    }
}

/// The briefing: your role, your team, who is on call, what you own, what good looks like.
pub fn briefing(ui: &mut Ui, s: &Scenario, seed: u64, out: &mut Vec<Intent>) {
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
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new("Start the shift").size(18.0))
            .on_hover_text("Enter")
            .clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Enter))
        {
            out.push(Intent::Go(Screen::Shift));
        }
        if ui.button("Back").on_hover_text("Esc").clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Escape))
        {
            out.push(Intent::Go(Screen::Select));
        }
    });
}

/// The settings screen; edits the settings in place.
pub fn settings(ui: &mut Ui, settings: &mut Settings, out: &mut Vec<Intent>) {
    ui.heading("Settings");
    ui.separator();
    egui::Grid::new("settings")
        .num_columns(2)
        .spacing([20.0, 10.0])
        .show(ui, |ui| {
            ui.label("Time compression (× the scenario's)");
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
