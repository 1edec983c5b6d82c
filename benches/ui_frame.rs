//! Building the shift screen's UI for one frame during a 2,000-alert storm, on a bare egui context
//! (no GPU). Target: under 4 ms.

use bevy_egui::egui::{self, RawInput, Rect, pos2, vec2};
use criterion::{Criterion, criterion_group, criterion_main};
use pagerdrill::game::screens::shift::{self, ShiftUi};
use pagerdrill::game::ui::{fonts, theme};
use pagerdrill::scenario::pack;
use pagerdrill::sim::World;

fn frame(c: &mut Criterion) {
    let mut w = World::new(pack::find("alert-storm").expect("storm"), 1, &[]).expect("world");
    w.advance_to(w.end() / 2);
    let player = w.scenario().player.clone();
    let mut view = w.view(&player);
    // Repeat the storm's alerts until the pager holds 2,500 of them.
    let base = view.alerts.clone();
    let mut next = base.len() as u32;
    while view.alerts.len() < 2_500 {
        for a in &base {
            next += 1;
            let mut a = a.clone();
            a.id = next;
            view.alerts.push(a);
        }
    }
    let ctx = egui::Context::default();
    ctx.set_fonts(fonts::from_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets"),
    ));
    let pal = theme::Palette::new(false);
    let status = shift::ShiftStatus {
        paused: false,
        may_pause: true,
        rate: 20.0,
        speed: 1.0,
        rejection: None,
        game_day: None,
    };
    let mut st = ShiftUi {
        selected_service: Some("message-api".into()),
        ..ShiftUi::default()
    };
    let input = || RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 900.0))),
        ..RawInput::default()
    };
    c.bench_function("shift screen frame, 2500-alert storm", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            let mut frame = ctx.run_ui(input(), |ui| {
                shift::shift(ui, &view, &mut st, &status, &pal, &mut out)
            });
            // No renderer here: discard the texture uploads it would have taken.
            frame.textures_delta.clear();
            frame
        })
    });
}

criterion_group!(benches, frame);
criterion_main!(benches);
