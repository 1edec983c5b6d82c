//! The postmortem questions after the shift.

use bevy::prelude::*;
use bevy_egui::egui::{self, RichText, Ui};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::game::bridge::Session;
use crate::game::intent::{Intent, Intents};
use crate::game::screen::Screen;
use crate::game::ui::central;
use crate::sim::{Action, QuestionView};

/// The question the keyboard answers; the first one whenever a postmortem begins.
#[derive(Resource, Default)]
struct Current(usize);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Current>()
        .add_systems(OnEnter(Screen::Postmortem), |mut at: ResMut<Current>| {
            at.0 = 0
        })
        .add_systems(
            EguiPrimaryContextPass,
            draw_postmortem
                .in_set(crate::game::ui::Draw)
                .run_if(in_state(Screen::Postmortem)),
        );
}

/// The postmortem: every question with its options; answers go to the engine. `at` is the
/// question the keyboard answers (Up and Down move it; an answered one passes it on).
pub fn postmortem(ui: &mut Ui, questions: &[QuestionView], at: &mut usize, out: &mut Vec<Intent>) {
    ui.heading("Postmortem");
    ui.label("Blameless: ask what in the system made the failure possible. Pick the answer you would give.");
    ui.label("Up/Down choose a question, 1–5 answer it, Enter when done.");
    ui.separator();
    let n = questions.len();
    let (up, down) = ui.input(|i| {
        (
            i.num_presses(egui::Key::ArrowUp),
            i.num_presses(egui::Key::ArrowDown),
        )
    });
    if up + down > 0 {
        *at = (*at + down).min(n.saturating_sub(1)).saturating_sub(up);
    } else if questions.get(*at).is_none_or(|q| q.answer.is_some())
        && let Some(next) = questions.iter().position(|q| q.answer.is_none())
    {
        *at = next;
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (qi, q) in questions.iter().enumerate() {
            let marker = if qi == *at { "▶ " } else { "" };
            let r = ui.label(
                RichText::new(format!("{marker}{}. {}", qi + 1, q.prompt))
                    .size(16.0)
                    .strong(),
            );
            if qi == *at && up + down > 0 {
                r.scroll_to_me(Some(egui::Align::Center));
            }
            let chosen = q.answer.as_ref();
            for (oi, (id, text)) in q.options.iter().enumerate() {
                let picked = chosen == Some(id);
                let key = format!("{}", oi + 1);
                let r = ui
                    .add_enabled(
                        chosen.is_none() || picked,
                        egui::Button::selectable(picked, format!("{key}) {text}")),
                    )
                    .on_hover_text(format!("question {}: key {key}", qi + 1));
                if r.clicked() && chosen.is_none() {
                    out.push(Intent::Act(Action::Answer {
                        question: q.id.clone(),
                        option: id.clone(),
                    }));
                }
            }
            ui.add_space(8.0);
        }
    });
    // Keyboard: digits answer the question the marker is on.
    if let Some(q) = questions.get(*at).filter(|q| q.answer.is_none()) {
        let digits = [
            egui::Key::Num1,
            egui::Key::Num2,
            egui::Key::Num3,
            egui::Key::Num4,
            egui::Key::Num5,
        ];
        for (i, k) in digits.iter().enumerate() {
            if ui.input(|inp| inp.key_pressed(*k))
                && let Some((id, _)) = q.options.get(i)
            {
                out.push(Intent::Act(Action::Answer {
                    question: q.id.clone(),
                    option: id.clone(),
                }));
            }
        }
    }
    let done = questions.iter().all(|q| q.answer.is_some());
    ui.separator();
    let label = if done {
        "See your debrief"
    } else {
        "Skip the rest and see your debrief"
    };
    if ui
        .button(RichText::new(label).size(16.0))
        .on_hover_text("Enter")
        .clicked()
        || (done && ui.input(|i| i.key_pressed(egui::Key::Enter)))
    {
        out.push(Intent::FinishPostmortem);
    }
}

fn draw_postmortem(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    mut intents: ResMut<Intents>,
    mut at: ResMut<Current>,
) -> Result {
    let Some(session) = session else {
        return Ok(());
    };
    central(&mut contexts, |ui| {
        postmortem(ui, &session.view().postmortem, &mut at.0, &mut intents.0)
    })
}
