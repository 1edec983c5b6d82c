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

/// What the debrief keeps between frames: the feedback line the keyboard is on, and the moment
/// the timeline was asked to show.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct DebriefUi {
    /// Index of the highlighted feedback line, in the order shown (deductions first).
    pub line: usize,
    /// The game second the timeline shows and marks.
    pub moment: Option<u32>,
    /// Set for the frame the timeline must scroll to the moment.
    pub jump: bool,
    /// At a game day: the participant whose lines are shown (person id); none for everyone's.
    pub who: Option<String>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DebriefUi>()
        .add_systems(OnEnter(Screen::Debrief), |mut st: ResMut<DebriefUi>| {
            *st = DebriefUi::default()
        })
        .add_systems(
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
/// J/K (or Down/Up) move through the feedback; T (or a click on a line's time) shows its moment
/// on the timeline.
#[allow(clippy::too_many_arguments)]
pub fn debrief(
    ui: &mut Ui,
    r: &Report,
    previous_best: Option<u32>,
    run: usize,
    keys: bool,
    st: &mut DebriefUi,
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
        let who = if r.participants.is_empty() {
            "you"
        } else {
            "the team"
        };
        ui.label(format!(
            "Pages {} ({} by {who}, {} misrouted), people woken {}",
            m.pages_sent, m.manual_pages, m.misrouted_pages, m.people_woken
        ));
        ui.label(format!(
            "Status updates {}; mitigations right/useless/harmful {}/{}/{}",
            m.status_updates, m.mitigations_right, m.mitigations_useless, m.mitigations_harmful
        ));
        for k in &m.knowledge_spread {
            ui.label(format!(
                "People who can handle {}: {} before, {} after",
                k.shown_name(),
                k.before,
                k.after
            ));
        }
        for c in &r.root_causes {
            ui.label(RichText::new(format!("Root cause — {c}")).italics());
        }
    });
    if !r.participants.is_empty() {
        ui.separator();
        team(ui, r, st, pal);
    }
    ui.separator();
    ui.columns(2, |cols| {
        cols[0].label(
            RichText::new(match &st.who {
                None if !r.participants.is_empty() => "Why the team got this score".to_owned(),
                None => "Why you got this score".to_owned(),
                Some(p) => format!(
                    "{}'s own decisions",
                    r.participants
                        .iter()
                        .find(|x| &x.person == p)
                        .map_or(p.as_str(), |x| x.name.as_str())
                ),
            })
            .strong(),
        );
        cols[0].colored_label(
            pal.dim,
            "J/K move through the lines · T or a click on a time shows that moment in the timeline",
        );
        let mut lines: Vec<_> = r
            .feedback
            .iter()
            .filter(|l| st.who.is_none() || l.actor == st.who)
            .collect();
        lines.sort_by_key(|l| l.points);
        let moved = if lines.is_empty() {
            false
        } else {
            let (down, up) = (
                pressed(egui::Key::J) || pressed(egui::Key::ArrowDown),
                pressed(egui::Key::K) || pressed(egui::Key::ArrowUp),
            );
            if down {
                st.line = (st.line + 1).min(lines.len() - 1);
            }
            if up {
                st.line = st.line.saturating_sub(1);
            }
            if pressed(egui::Key::T)
                && let Some(at) = lines.get(st.line).and_then(|l| l.at)
            {
                st.moment = Some(at);
                st.jump = true;
            }
            down || up
        };
        egui::ScrollArea::vertical()
            .id_salt(("feedback", run))
            .show(&mut cols[0], |ui| {
                for (i, l) in lines.iter().enumerate() {
                    let (c, head) = if l.points < 0 {
                        (
                            pal.bad,
                            format!("{} {}", l.points, words::category(l.category)),
                        )
                    } else {
                        (pal.ok, format!("✔ {}", words::category(l.category)))
                    };
                    let here = i == st.line;
                    let frame = egui::Frame::new().inner_margin(2.0).stroke(if here {
                        egui::Stroke::new(1.5, pal.accent)
                    } else {
                        egui::Stroke::NONE
                    });
                    let r = frame.show(ui, |ui| {
                        ui.horizontal_wrapped(|ui| {
                            ui.colored_label(c, RichText::new(head).strong());
                            if let Some(at) = l.at
                                && ui
                                    .link(elapsed(at))
                                    .on_hover_text("show this moment in the timeline (T)")
                                    .clicked()
                            {
                                st.line = i;
                                st.moment = Some(at);
                                st.jump = true;
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
                    });
                    if here && moved {
                        r.response.scroll_to_me(Some(egui::Align::Center));
                    }
                }
            });
        cols[1].label(
            RichText::new(if r.participants.is_empty() {
                "Timeline (your decisions marked)"
            } else {
                "Timeline (the team's decisions marked)"
            })
            .strong(),
        );
        let lines: Vec<_> = r
            .timeline
            .iter()
            .filter(|t| {
                t.mark.is_some()
                    || Some(t.at) == st.moment
                    || !matches!(t.kind, LineKind::Alert | LineKind::Page | LineKind::System)
            })
            .collect();
        let row = 18.0;
        let mut area = egui::ScrollArea::vertical().id_salt(("timeline", run));
        if st.jump {
            st.jump = false;
            if let Some(at) = st.moment {
                let first = lines.iter().position(|t| t.at >= at).unwrap_or(lines.len());
                // A few lines of what led up to it stay in view above.
                let spacing = cols[1].spacing().item_spacing.y;
                area =
                    area.vertical_scroll_offset(first.saturating_sub(3) as f32 * (row + spacing));
            }
        }
        area.show_rows(&mut cols[1], row, lines.len(), |ui, range| {
            for t in &lines[range] {
                let (c, m) = match t.mark.as_deref() {
                    Some("good") => (pal.ok, "✔ "),
                    Some("bad") => (pal.bad, "✖ "),
                    _ => (pal.dim, "  "),
                };
                let text = format!("{m}{} {} {}", t.clock, t.from, t.text);
                if Some(t.at) == st.moment {
                    ui.label(
                        RichText::new(text)
                            .color(c)
                            .background_color(pal.accent.gamma_multiply(0.35)),
                    );
                } else {
                    ui.colored_label(c, text);
                }
            }
        });
    });
}

/// At a game day: each participant's own score, a click showing their lines alone, and the
/// facilitator's notes.
fn team(ui: &mut Ui, r: &Report, st: &mut DebriefUi, pal: &Palette) {
    ui.label(
        RichText::new("Each participant, on their own decisions (click to see their lines)")
            .strong(),
    );
    egui::Grid::new("participants")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for h in ["Participant", "Seat", "Own score", "By category"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            if ui
                .selectable_label(st.who.is_none(), "The whole team")
                .clicked()
            {
                st.who = None;
                st.line = 0;
            }
            ui.label("");
            ui.label(format!("{}/100", r.score.total));
            ui.label("");
            ui.end_row();
            for p in &r.participants {
                let chosen = st.who.as_ref() == Some(&p.person);
                if ui.selectable_label(chosen, &p.name).clicked() {
                    st.who = Some(p.person.clone());
                    st.line = 0;
                }
                ui.label(words::capitalise(words::seat(p.seat)));
                let colour = if p.score.total >= 80 {
                    pal.ok
                } else if p.score.total >= 50 {
                    pal.warn
                } else {
                    pal.bad
                };
                ui.colored_label(colour, format!("{}/100", p.score.total));
                ui.label(
                    CATEGORIES
                        .iter()
                        .map(|c| format!("{} {}", words::category(*c), p.score.get(*c)))
                        .collect::<Vec<_>>()
                        .join(" · "),
                );
                ui.end_row();
            }
        });
    if !r.facilitator_notes.is_empty() {
        ui.label(RichText::new("The facilitator's notes").strong());
        for n in &r.facilitator_notes {
            ui.label(format!("{} — {}", n.clock, n.text));
        }
    }
}

fn draw_debrief(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
    mut st: ResMut<DebriefUi>,
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
            &mut st,
            &pal,
            &mut intents.0,
        )
    })
}
