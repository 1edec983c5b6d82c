//! The pager: my unanswered pages first and selected, filters, and what can be done to the
//! selected alert.

use bevy_egui::egui::{self, RichText, Ui};

use super::commands::{
    self, ACKNOWLEDGE, ACKNOWLEDGE_RULE, ESCALATE, FLAG_NOISE, GROUP, OLDEST_PAGE, SNOOZE,
};
use super::{Here, group_sizes, name_of_service, visible_alerts};
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
        commands::button(ui, h, &ACKNOWLEDGE, Some("Ack".into()));
        commands::button(ui, h, &ACKNOWLEDGE_RULE, Some("Ack all of rule".into()));
        commands::button(ui, h, &SNOOZE, Some("Snooze 15m".into()));
        commands::button(ui, h, &FLAG_NOISE, Some("Flag noise".into()));
        commands::button(ui, h, &ESCALATE, None);
        commands::button(ui, h, &OLDEST_PAGE, Some("Oldest page".into()));
        let group = if h.st.grouped {
            "List each alert"
        } else {
            "Group by rule"
        };
        commands::button(ui, h, &GROUP, Some(group.into()));
    });
    // Who the selected page goes to next, and when: the countdown a real pager shows.
    let selected =
        h.st.selected_alert
            .and_then(|id| view.alerts.iter().find(|a| a.id == id));
    let line = match selected {
        Some(a) if a.page_open => match &a.next_escalation {
            Some((at, who)) => format!(
                "#{}: unanswered; goes to {who} in {}",
                a.id,
                elapsed(at.saturating_sub(view.now)).trim_start_matches('+')
            ),
            None => format!("#{}: unanswered; nobody left to escalate to", a.id),
        },
        Some(a) => format!("#{}: {}", a.id, state_words(a)),
        None => "No alert selected.".to_owned(),
    };
    let colour = if selected.is_some_and(|a| a.page_open) {
        pal.warn
    } else {
        pal.dim
    };
    ui.colored_label(colour, line);
    ui.separator();
    let list = visible_alerts(view, h.st);
    let sizes = if h.st.grouped {
        group_sizes(view, h.st)
    } else {
        Default::default()
    };
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
                let count = match sizes.get(a.rule.as_str()) {
                    Some(&n) if n > 1 => format!("×{n} "),
                    _ => String::new(),
                };
                let hosts = if a.hosts > 1 {
                    format!(" ({} hosts)", a.hosts)
                } else {
                    String::new()
                };
                let text = format!(
                    "{:<4} #{:<4} {:>6} {:<9} {count}{service} — {}{hosts}",
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

fn state_words(a: &crate::sim::view::AlertView) -> String {
    match a.state {
        AlertState::Firing => "firing, its page answered".to_owned(),
        AlertState::Acknowledged => "acknowledged".to_owned(),
        AlertState::Snoozed(until) => format!("snoozed until {}", elapsed(until)),
        AlertState::Resolved => "resolved".to_owned(),
    }
}

fn short(p: Priority) -> &'static str {
    match p {
        Priority::High => "HIGH",
        Priority::Medium => "MED",
        Priority::Low => "LOW",
        Priority::Notification => "INFO",
    }
}
