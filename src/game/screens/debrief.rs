//! The debrief: scores with a chart, comparison with the previous best, every feedback line, key
//! metrics, the timeline with decisions marked, and what next.

use bevy::prelude::*;
use bevy_egui::egui::{self, RichText, Ui};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use egui_plot::{Bar, BarChart, Plot};

use crate::game::bridge::Session;
use crate::game::intent::{Intent, Intents};
use crate::game::profile::Profile;
use crate::game::screen::Screen;
use crate::game::ui::central;
use crate::game::ui::theme::{Palette, elapsed};
use crate::scenario::Category;
use crate::score::Report;
use crate::sim::view::LineKind;
use crate::sim::words;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_debrief
            .in_set(crate::game::ui::Draw)
            .run_if(in_state(Screen::Debrief)),
    );
}

const CATEGORIES: [Category; 5] = [
    Category::Routing,
    Category::Learning,
    Category::Response,
    Category::Impact,
    Category::Communication,
];

/// The debrief: scores with a chart, comparison with the previous best, every feedback line, key
/// metrics, the timeline with decisions marked, and what next. `run` is the run's number in the
/// player's results (each debrief opens scrolled to the top); `keys` is false while something
/// else on screen (a notice) has the keyboard, so Enter cannot start a new run by accident.
pub fn debrief(
    ui: &mut Ui,
    r: &Report,
    previous_best: Option<u32>,
    run: usize,
    keys: bool,
    pal: &Palette,
    out: &mut Vec<Intent>,
) {
    let ctx = ui.ctx().clone();
    let pressed = |k: egui::Key| keys && ctx.input(|i| i.key_pressed(k));
    ui.horizontal(|ui| {
        ui.heading(
            RichText::new(format!("{} — {}/100", r.scenario.title, r.score.total)).size(26.0),
        );
        match previous_best {
            Some(b) if r.score.total > b => {
                ui.colored_label(pal.ok, format!("new best (was {b})"));
            }
            Some(b) => {
                ui.colored_label(pal.dim, format!("your best: {b}"));
            }
            None => {
                ui.colored_label(pal.dim, "first run of this scenario");
            }
        }
    });
    if let Some(cap) = &r.cap {
        ui.colored_label(pal.bad, RichText::new(&cap.reason).strong());
    }
    ui.horizontal(|ui| {
        if ui
            .button("Play again, same seed")
            .on_hover_text("Enter")
            .clicked()
            || pressed(egui::Key::Enter)
        {
            out.push(Intent::Again { new_seed: false });
        }
        if ui
            .button("Play again, new seed")
            .on_hover_text("N")
            .clicked()
            || pressed(egui::Key::N)
        {
            out.push(Intent::Again { new_seed: true });
        }
        if ui
            .button("Export after-action report")
            .on_hover_text("X: Markdown file")
            .clicked()
            || pressed(egui::Key::X)
        {
            out.push(Intent::ExportReport);
        }
        if ui.button("Other scenarios").on_hover_text("Esc").clicked() || pressed(egui::Key::Escape)
        {
            out.push(Intent::Go(Screen::Select));
        }
    });
    ui.separator();
    ui.columns(2, |cols| {
        let bars: Vec<Bar> = CATEGORIES
            .iter()
            .enumerate()
            .map(|(i, c)| {
                Bar::new(i as f64, f64::from(r.score.get(*c)))
                    .name(words::category(*c))
                    .width(0.6)
            })
            .collect();
        cols[0].label(RichText::new("Scores").strong());
        Plot::new("scores")
            .height(170.0)
            .include_y(0.0)
            .include_y(100.0)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .show_axes([true, true])
            .x_axis_formatter(|mark, _| {
                // Each bar is named under it; the marks between bars stay blank.
                let i = mark.value.round();
                if (mark.value - i).abs() < 1e-6 && (0.0..5.0).contains(&i) {
                    words::category(CATEGORIES[i as usize]).to_owned()
                } else {
                    String::new()
                }
            })
            .show(&mut cols[0], |p| {
                p.bar_chart(BarChart::new("score", bars).color(pal.accent))
            });
        cols[0].horizontal_wrapped(|ui| {
            for c in CATEGORIES {
                ui.label(format!("{} {}", words::category(c), r.score.get(c)));
            }
        });
        let m = &r.metrics;
        let t = |x: Option<u32>| x.map_or("—".to_owned(), elapsed);
        let ui = &mut cols[1];
        ui.label(RichText::new("Key numbers").strong());
        ui.label(format!(
            "Acknowledged in {}, owners engaged in {}",
            t(m.time_to_acknowledge),
            t(m.time_to_engage_owner)
        ));
        ui.label(format!(
            "Mitigated in {}, resolved in {}",
            t(m.time_to_mitigate),
            t(m.time_to_resolve)
        ));
        ui.label(format!(
            "Customer impact {:.1} min ({:.0}% of budget)",
            m.impact_minutes,
            m.error_budget_burned * 100.0
        ));
        ui.label(format!(
            "Pages {} ({} by you, {} misrouted), people woken {}",
            m.pages_sent, m.manual_pages, m.misrouted_pages, m.people_woken
        ));
        ui.label(format!(
            "Status updates {}; mitigations right/useless/harmful {}/{}/{}",
            m.status_updates, m.mitigations_right, m.mitigations_useless, m.mitigations_harmful
        ));
        for k in &m.knowledge_spread {
            ui.label(format!(
                "People who can handle {}: {} before, {} after",
                k.service, k.before, k.after
            ));
        }
        for c in &r.root_causes {
            ui.label(RichText::new(format!("Root cause — {c}")).italics());
        }
    });
    ui.separator();
    ui.columns(2, |cols| {
        cols[0].label(RichText::new("Why you got this score").strong());
        egui::ScrollArea::vertical()
            .id_salt(("feedback", run))
            .show(&mut cols[0], |ui| {
                let mut lines: Vec<_> = r.feedback.iter().collect();
                lines.sort_by_key(|l| l.points);
                for l in lines {
                    let (c, head) = if l.points < 0 {
                        (
                            pal.bad,
                            format!("{} {}", l.points, words::category(l.category)),
                        )
                    } else {
                        (pal.ok, format!("✔ {}", words::category(l.category)))
                    };
                    ui.horizontal_wrapped(|ui| {
                        ui.colored_label(c, RichText::new(head).strong());
                        if let Some(at) = l.at {
                            ui.colored_label(pal.dim, elapsed(at));
                        }
                        ui.label(&l.what);
                    });
                    ui.colored_label(
                        pal.dim,
                        format!("   {} (lesson: {})", l.why, words::lesson(l.lesson)),
                    );
                    if !l.instead.is_empty() {
                        ui.label(format!("   Instead: {}", l.instead));
                    }
                }
            });
        cols[1].label(RichText::new("Timeline (your decisions marked)").strong());
        let lines: Vec<_> = r
            .timeline
            .iter()
            .filter(|t| {
                t.mark.is_some()
                    || !matches!(t.kind, LineKind::Alert | LineKind::Page | LineKind::System)
            })
            .collect();
        egui::ScrollArea::vertical()
            .id_salt(("timeline", run))
            .show_rows(&mut cols[1], 18.0, lines.len(), |ui, range| {
                for t in &lines[range] {
                    let (c, m) = match t.mark.as_deref() {
                        Some("good") => (pal.ok, "✔ "),
                        Some("bad") => (pal.bad, "✖ "),
                        _ => (pal.dim, "  "),
                    };
                    ui.colored_label(c, format!("{m}{} {} {}", t.clock, t.from, t.text));
                }
            });
    });
}

fn draw_debrief(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
) -> Result {
    let Some(session) = session else {
        return Ok(());
    };
    let Some(report) = session.report() else {
        return Ok(());
    };
    let pal = Palette::new(profile.saved.settings.colour_blind);
    let run = profile.saved.results.len();
    let keys = profile.notices.is_empty();
    central(&mut contexts, |ui| {
        debrief(
            ui,
            report,
            session.previous_best(),
            run,
            keys,
            &pal,
            &mut intents.0,
        )
    })
}
