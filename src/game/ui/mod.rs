//! What every screen shares: the theme, the full-window layout, the order screens draw in, and the
//! notices shown over any screen.

pub mod fonts;
pub mod theme;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::intent::{Intent, Intents};
use super::profile::Profile;

/// The screens' drawing systems, which run after the style is applied and before notices.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Draw;

pub(super) fn plugin(app: &mut App) {
    // Nothing is drawn before the fonts are installed: egui has none of its own in this build.
    let fonts_ready = resource_exists::<super::assets::FontsReady>;
    app.configure_sets(
        EguiPrimaryContextPass,
        Draw.after(style).before(notices).run_if(fonts_ready),
    )
    .add_systems(EguiPrimaryContextPass, (style, notices.run_if(fonts_ready)));
}

/// A full-window `Ui` to lay panels out in.
pub fn root(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// Draws a screen into a central panel filling the window.
pub fn central(contexts: &mut EguiContexts, add: impl FnOnce(&mut egui::Ui)) -> Result {
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
            // Enter and Esc answer the notice; the screen below ignores its keys while it is open.
            let key =
                ui.input(|i| i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Escape));
            if ui.button("OK").on_hover_text("Enter").clicked() || key {
                intents.0.push(Intent::DismissNotices);
            }
        });
    Ok(())
}

/// A scrolling list of rows to choose from, the highlighted one kept in view: the row clicked,
/// if any. Shows "Nothing matches." when the list is empty.
pub fn choice_rows(
    ui: &mut egui::Ui,
    rows: &[String],
    highlighted: usize,
    max_height: f32,
) -> Option<usize> {
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .max_height(max_height)
        .show(ui, |ui| {
            for (i, label) in rows.iter().enumerate() {
                let r = ui.add(egui::Button::selectable(i == highlighted, label.as_str()));
                if i == highlighted {
                    r.scroll_to_me(None);
                }
                if r.clicked() {
                    clicked = Some(i);
                }
            }
            if rows.is_empty() {
                ui.label("Nothing matches.");
            }
        });
    clicked
}
