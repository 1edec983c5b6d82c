//! The pager: my unanswered pages first and selected, filters, and what can be done to the
//! selected alert.

use bevy_egui::egui::{self, RichText, Ui};

use super::commands::{self, ACKNOWLEDGE, ESCALATE, FLAG_NOISE, OLDEST_PAGE, SNOOZE};
use super::{Here, name_of_service, visible_alerts};
use crate::game::ui::theme::{Palette, elapsed};
use crate::scenario::Priority;
use crate::sim::AlertState;

pub(super) fn show(ui: &mut Ui, h: &mut Here, pal: &Palette) {
    let view = h.view;
    let open = view
        .alerts
        .iter()
        .filter(|a| a.state != AlertState::Resolved)
        .count();
    ui.horizontal(|ui| {
        ui.heading("Pager");
        ui.label(format!("{open} open / {} total", view.alerts.len()));
    });
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut h.st.filter)
                .hint_text("filter by service or text")
                .desired_width(150.0),
        );
        ui.checkbox(&mut h.st.only_mine, "mine");
        ui.checkbox(&mut h.st.show_resolved, "resolved");
        let sort = if h.st.newest_first {
            "newest"
        } else {
            "priority"
        };
        if ui.small_button(format!("sort: {sort}")).clicked() {
            h.st.newest_first = !h.st.newest_first;
        }
    });
    ui.horizontal_wrapped(|ui| {
        for c in [&ACKNOWLEDGE, &SNOOZE, &FLAG_NOISE, &ESCALATE, &OLDEST_PAGE] {
            commands::button(ui, h, c, None);
        }
    });
    ui.separator();
    let list = visible_alerts(view, h.st);
    let row_height = 22.0;
    // Only the rows in view are laid out, so a storm of thousands of alerts stays smooth.
    egui::ScrollArea::vertical()
        .id_salt("pager_rows")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, list.len(), |ui, range| {
            for a in &list[range] {
                let is_sel = h.st.selected_alert == Some(a.id);
                let state = match a.state {
                    AlertState::Firing if a.escalation_level > 0 => "ESCALATED",
                    AlertState::Firing => "FIRING",
                    AlertState::Acknowledged => "acked",
                    AlertState::Snoozed(_) => "snoozed",
                    AlertState::Resolved => "resolved",
                };
                let service = name_of_service(view, &a.service);
                let text = format!(
                    "{:<4} #{:<4} {:>6} {:<9} {service} — {}",
                    short(a.priority),
                    a.id,
                    elapsed(view.now.saturating_sub(a.fired_at)),
                    state,
                    a.summary
                );
                let mut rich = RichText::new(text)
                    .monospace()
                    .color(pal.priority(a.priority));
                if a.pages_me && a.page_open {
                    rich = rich.strong();
                }
                if a.state == AlertState::Resolved {
                    rich = rich.color(pal.dim);
                }
                let r = ui
                    .add_sized(
                        [ui.available_width(), row_height],
                        egui::Button::selectable(is_sel, rich).truncate(),
                    )
                    // A cut title is read whole on hover.
                    .on_hover_text(format!("{service}: {}", a.summary));
                if r.clicked() {
                    h.st.selected_alert = Some(a.id);
                    h.st.selected_service = Some(a.service.clone());
                }
            }
        });
}

fn short(p: Priority) -> &'static str {
    match p {
        Priority::High => "HIGH",
        Priority::Medium => "MED",
        Priority::Low => "LOW",
        Priority::Notification => "INFO",
    }
}
