//! The egui front end: one drawing system per screen, each a thin shell around a plain function in
//! `menus`, `shift` or `after` that reads data and raises intents.

pub mod after;
pub mod menus;
pub mod shift;
pub mod theme;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::session::{Catalog, Intent, Intents, Profile, Screen, Session};
use super::sim_bridge::may_pause;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        (
            style,
            draw_title.run_if(in_state(Screen::Title)),
            draw_select.run_if(in_state(Screen::Select)),
            draw_briefing.run_if(in_state(Screen::Briefing)),
            draw_shift.run_if(in_state(Screen::Shift)),
            draw_postmortem.run_if(in_state(Screen::Postmortem)),
            draw_debrief.run_if(in_state(Screen::Debrief)),
            draw_settings.run_if(in_state(Screen::Settings)),
            notices,
        )
            .chain(),
    );
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

fn central(contexts: &mut EguiContexts, add: impl FnOnce(&mut egui::Ui)) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut ui = root(ctx);
    egui::CentralPanel::default().show(&mut ui, add);
    Ok(())
}

fn draw_title(
    mut contexts: EguiContexts,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
) -> Result {
    central(&mut contexts, |ui| {
        menus::title(ui, &profile, &mut intents.0)
    })
}

fn draw_select(
    mut contexts: EguiContexts,
    catalog: Res<Catalog>,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
    mut chosen: Local<usize>,
) -> Result {
    central(&mut contexts, |ui| {
        menus::select(ui, &catalog, &profile, &mut chosen, &mut intents.0)
    })
}

fn draw_briefing(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    mut intents: ResMut<Intents>,
) -> Result {
    let Some(session) = session else {
        intents.0.push(Intent::Go(Screen::Select));
        return Ok(());
    };
    central(&mut contexts, |ui| {
        menus::briefing(ui, session.world.scenario(), session.seed, &mut intents.0)
    })
}

fn draw_shift(
    mut contexts: EguiContexts,
    session: Option<ResMut<Session>>,
    profile: Res<Profile>,
    mut intents: ResMut<Intents>,
) -> Result {
    let Some(mut session) = session else {
        return Ok(());
    };
    let view = session.world.view(&session.player);
    let status = shift::ShiftStatus {
        paused: session.paused,
        may_pause: may_pause(&session, &profile),
        rate: session.world.scenario().shift.time_compression * profile.saved.settings.speed,
        speed: profile.saved.settings.speed,
    };
    let pal = theme::Palette::new(profile.saved.settings.colour_blind);
    let ctx = contexts.ctx_mut()?;
    let mut ui = root(ctx);
    let session = &mut *session;
    let scenario = session.world.scenario().clone();
    shift::shift(
        &mut ui,
        &view,
        &scenario,
        &mut session.ui,
        &status,
        &pal,
        &mut intents.0,
    );
    // Keep the flashing banner animating even when nothing else changes.
    ctx.request_repaint();
    Ok(())
}

fn draw_postmortem(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    mut intents: ResMut<Intents>,
) -> Result {
    let Some(session) = session else {
        return Ok(());
    };
    central(&mut contexts, |ui| {
        after::postmortem(
            ui,
            session.world.scenario(),
            session.world.answers(),
            &mut intents.0,
        )
    })
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
    let Some(report) = &session.report else {
        return Ok(());
    };
    let pal = theme::Palette::new(profile.saved.settings.colour_blind);
    central(&mut contexts, |ui| {
        after::debrief(ui, report, session.previous_best, &pal, &mut intents.0)
    })
}

fn draw_settings(
    mut contexts: EguiContexts,
    mut profile: ResMut<Profile>,
    mut intents: ResMut<Intents>,
) -> Result {
    let mut settings = profile.saved.settings.clone();
    central(&mut contexts, |ui| {
        menus::settings(ui, &mut settings, &mut intents.0)
    })?;
    if settings != profile.saved.settings {
        profile.saved.settings = settings.sanitised();
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
