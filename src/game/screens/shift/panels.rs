//! The teams panel (who is on call, awake, tired, working on what; choosing and paging people)
//! and the incident channel.

use bevy_egui::egui::{self, Color32, Ui};

use super::{Here, name_of_person, name_of_service};
use crate::game::intent::Intent;
use crate::game::ui::theme::{Palette, elapsed};
use crate::sim::Action;
use crate::sim::view::{LineKind, View};
use crate::sim::words;

pub(super) fn teams(ui: &mut Ui, h: &mut Here, pal: &Palette) {
    let view = h.view;
    let st = &mut *h.st;
    let out = &mut *h.out;
    ui.heading("Teams");
    let about = st.selected_service.clone().unwrap_or_default();
    let owner_of_selected = view
        .services
        .iter()
        .find(|s| s.id == about)
        .and_then(|s| s.owner.clone());
    for t in &view.teams {
        let mine = t.members.iter().any(|m| m.id == view.viewer);
        let open = mine || owner_of_selected.as_ref() == Some(&t.id) || view.teams.len() <= 3;
        let who = |p: &Option<String>| {
            p.as_deref()
                .map_or_else(|| "—".to_owned(), |p| name_of_person(view, p))
        };
        egui::CollapsingHeader::new(format!(
            "{} — on call: {} / {}",
            t.name,
            who(&t.primary),
            who(&t.secondary)
        ))
        .id_salt(("team", &t.id))
        .default_open(open)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!about.is_empty(), egui::Button::new("Page rotation"))
                    .on_hover_text("the right way: P on a service")
                    .clicked()
                {
                    out.push(Intent::Act(Action::PageRotation {
                        team: t.id.clone(),
                        service: about.clone(),
                    }));
                }
                if ui
                    .add_enabled(!about.is_empty(), egui::Button::new("Page whole team"))
                    .clicked()
                {
                    out.push(Intent::Act(Action::PageWholeTeam {
                        team: t.id.clone(),
                        service: about.clone(),
                    }));
                }
            });
            for m in &t.members {
                ui.horizontal(|ui| {
                    let icon = if !m.reachable {
                        "⛔"
                    } else if m.awake {
                        "☀"
                    } else {
                        "🌙"
                    };
                    let chosen = st.person.as_ref() == Some(&m.id);
                    let mut label = format!("{icon} {}", m.name);
                    if m.hero {
                        label.push_str(" ★");
                    }
                    if ui
                        .selectable_label(chosen, label)
                        .on_hover_text("choose for roles, tasks, pairing")
                        .clicked()
                    {
                        st.person = Some(m.id.clone());
                    }
                    ui.colored_label(
                        pal.dim,
                        format!("{} · {}", words::seniority(m.seniority), m.local_time),
                    );
                    let tired = if m.fatigue >= 0.6 {
                        pal.bad
                    } else if m.fatigue >= 0.3 {
                        pal.warn
                    } else {
                        pal.dim
                    };
                    ui.colored_label(tired, format!("tired {:.0}%", m.fatigue * 100.0))
                        .on_hover_text(
                            "fatigue: tired people answer slower and make more mistakes",
                        );
                    if let Some(w) = &m.working_on {
                        ui.colored_label(pal.accent, format!("on {}", name_of_service(view, w)));
                    }
                    if m.id != view.viewer && !about.is_empty() && ui.small_button("page").clicked()
                    {
                        out.push(Intent::Act(Action::PagePerson {
                            person: m.id.clone(),
                            service: about.clone(),
                        }));
                    }
                });
            }
        });
    }
}

pub(super) fn channel(ui: &mut Ui, view: &View, pal: &Palette) {
    ui.heading("Incident channel");
    let lines: Vec<_> = view
        .channel
        .iter()
        .filter(|l| l.kind != LineKind::Alert)
        .collect();
    egui::ScrollArea::vertical()
        .id_salt("channel_rows")
        .stick_to_bottom(true)
        .auto_shrink([false, false])
        .show_rows(ui, 18.0, lines.len(), |ui, range| {
            for l in &lines[range] {
                let colour = match l.kind {
                    LineKind::Alert | LineKind::Page | LineKind::System | LineKind::Monitor => {
                        pal.dim
                    }
                    LineKind::Learning => pal.ok,
                    // The facilitator's hints stand out from the story.
                    _ if l.from == crate::sim::action::FACILITATOR => pal.warn,
                    _ if l.from == view.viewer => pal.accent,
                    _ => Color32::WHITE,
                };
                ui.colored_label(
                    colour,
                    format!(
                        "{} {:<10} {}",
                        elapsed(l.at),
                        name_of_person(view, &l.from),
                        l.text
                    ),
                );
            }
        });
}
