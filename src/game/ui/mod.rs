//! The egui front end. Each screen is a module with a plain drawing function over data (exercised
//! without a window in the tests) and a plugin adding the system that calls it on that screen.

pub mod briefing;
pub mod debrief;
pub mod postmortem;
pub mod select;
pub mod settings;
pub mod shift;
pub mod theme;
pub mod title;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::session::{Intent, Intents, Profile};

/// The screens' drawing systems, which run after the style is applied and before notices.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
struct Draw;

pub(super) fn plugin(app: &mut App) {
    app.configure_sets(EguiPrimaryContextPass, Draw.after(style).before(notices))
        .add_systems(EguiPrimaryContextPass, (style, notices));
    app.add_plugins((
        title::plugin,
        select::plugin,
        briefing::plugin,
        shift::plugin,
        postmortem::plugin,
        debrief::plugin,
        settings::plugin,
    ));
}

/// A full-window `Ui` to lay panels out in.
fn root(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// Draws a screen into a central panel filling the window.
fn central(contexts: &mut EguiContexts, add: impl FnOnce(&mut egui::Ui)) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = root(ctx);
    egui::CentralPanel::default().show(&mut ui, add);
    Ok(())
}

fn style(
    mut contexts: EguiContexts,
    profile: Res<Profile>,
    mut applied: Local<Option<(u32, bool)>>,
) -> Result {
    let s = &profile.saved.settings;
    let key = ((s.ui_scale * 100.0) as u32, s.colour_blind);
    if *applied != Some(key) {
        theme::apply(contexts.ctx_mut()?, s.ui_scale);
        *applied = Some(key);
    }
    Ok(())
}

fn notices(
    mut contexts: EguiContexts,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
) -> Result {
    if profile.notices.is_empty() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    egui::Window::new("Notice")
        .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -20.0])
        .collapsible(false)
        .show(ctx, |ui| {
            for n in &profile.notices {
                ui.label(n);
            }
            if ui.button("OK").clicked() {
                intents.0.push(Intent::DismissNotices);
            }
        });
    Ok(())
}
