//! The incident panel: severity, roles, delegated tasks with their time boxes, the status-update
//! cadence, handover and resolve.

use bevy_egui::egui::{RichText, Ui};

use super::commands::{
    self, ANSWER, ASSIGN_ROLE, DECLARE, DELEGATE, HAND_OVER, PAIR, RESOLVE, SEVERITY, STATUS,
    TIME_BOX,
};
use super::{Here, SEVERITIES, name_of_person};
use crate::game::ui::theme::{Palette, elapsed};
use crate::sim::view::STATUS_EVERY_MINUTES;
use crate::sim::words;

/// A warning for each person holding more than one incident role (a handover can make the scribe
/// the commander too): each role is a full-time job during an incident.
/// `name` turns a person id into the name the player knows them by.
pub fn role_clashes(inc: &crate::sim::Incident, name: impl Fn(&str) -> String) -> Vec<String> {
    let mut held: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for (role, who) in &inc.roles {
        held.entry(who.as_str())
            .or_default()
            .push(words::role(*role));
    }
    held.into_iter()
        .filter(|(_, roles)| roles.len() > 1)
        .map(|(who, roles)| {
            format!(
                "{} is {}: each role is a full-time job in an incident; give one to someone else.",
                name(who),
                roles.join(" and ")
            )
        })
        .collect()
}

/// Stakeholders waiting for an answer, with how long they have waited.
fn waiting(ui: &mut Ui, h: &mut Here, pal: &Palette) {
    let view = h.view;
    let asks = super::dialogs::waiting_asks(view);
    if asks.is_empty() {
        return;
    }
    ui.label(RichText::new("Waiting for an answer").strong());
    for a in asks {
        let late = view.now > a.due_at;
        let colour = if late { pal.bad } else { pal.warn };
        let when = if late {
            format!("{} overdue", elapsed(view.now - a.due_at))
        } else {
            format!("{} left", elapsed(a.due_at - view.now))
        };
        ui.colored_label(colour, format!("{} ({when}): {}", a.from, a.text));
    }
    commands::button(ui, h, &ANSWER, Some("Answer…".into()));
    ui.separator();
}

pub(super) fn show(ui: &mut Ui, h: &mut Here, pal: &Palette) {
    waiting(ui, h, pal);
    let view = h.view;
    ui.heading("Incident");
    let open = view.incident.as_ref().filter(|i| i.resolved_at.is_none());
    // The chosen severity follows the incident's whenever that changes (declared, raised,
    // lowered by anyone), so it never reads Sev2 during a Sev1.
    if let Some(inc) = open
        && h.st.shown_severity != Some(inc.severity)
    {
        h.st.shown_severity = Some(inc.severity);
        if let Some(i) = SEVERITIES.iter().position(|s| *s == inc.severity) {
            h.st.severity = i;
        }
    }
    let chosen = h.st.person.as_deref().map(|p| name_of_person(view, p));
    let Some(inc) = open else {
        ui.horizontal(|ui| {
            let sev = words::severity(SEVERITIES[h.st.severity]);
            commands::button(ui, h, &SEVERITY, Some(format!("{sev} ▾")));
            commands::button(ui, h, &DECLARE, Some("Declare incident…".into()));
        });
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            pal.bad,
            RichText::new(words::severity(inc.severity)).strong(),
        );
        ui.label(&inc.title);
        commands::button(ui, h, &SEVERITY, Some("change ▾".into()));
    });
    for (role, who) in &inc.roles {
        ui.label(format!(
            "{}: {}",
            words::role(*role),
            name_of_person(view, who)
        ));
    }
    for warning in role_clashes(inc, |p| name_of_person(view, p)) {
        ui.colored_label(pal.warn, warning);
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "Chosen: {}",
            chosen.as_deref().unwrap_or("nobody (C chooses)")
        ));
        commands::button(ui, h, &ASSIGN_ROLE, Some("Give a role…".into()));
        commands::button(ui, h, &DELEGATE, Some("Delegate…".into()));
        commands::button(ui, h, &PAIR, Some("Pair…".into()));
        let tb = format!("Time box {} min ▾", h.st.time_box);
        commands::button(ui, h, &TIME_BOX, Some(tb));
    });
    for t in view.tasks.iter().filter(|t| !t.done) {
        let left = i64::from(t.due) - i64::from(view.now);
        let colour = if left < 0 { pal.bad } else { pal.dim };
        ui.colored_label(
            colour,
            format!(
                "{}: {} — {}",
                name_of_person(view, &t.person),
                words::task(&t.task, &|s| super::name_of_service(view, s)),
                if left < 0 {
                    "time box over: ask for an update".to_owned()
                } else {
                    format!("{} left", elapsed(left as u32))
                }
            ),
        );
    }
    ui.separator();
    if let Some(due) = view.next_update_due {
        let left = i64::from(due) - i64::from(view.now);
        let colour = if left < 0 { pal.bad } else { pal.dim };
        ui.colored_label(
            colour,
            format!(
                "Next status update due {} (every ~{STATUS_EVERY_MINUTES} min)",
                if left < 0 {
                    "now".to_owned()
                } else {
                    format!("in {}", elapsed(left as u32))
                }
            ),
        );
    }
    match view.status_page {
        _ if view.status_page_down.is_some() => ui.colored_label(
            pal.bad,
            format!(
                "Status page for customers: cannot be updated, down with {}",
                view.status_page_down.as_deref().unwrap_or_default()
            ),
        ),
        Some((st, at)) => ui.label(format!(
            "Status page for customers: {} since {}",
            words::status_state(st),
            elapsed(at)
        )),
        None => ui.colored_label(
            pal.dim,
            "Status page for customers: nothing posted yet (S, then Ctrl+E)",
        ),
    };
    ui.horizontal_wrapped(|ui| {
        commands::button(ui, h, &STATUS, Some("Status update…".into()));
        let hand = chosen
            .as_deref()
            .map_or_else(|| "Hand over…".to_owned(), |p| format!("Hand over to {p}"));
        commands::button(ui, h, &HAND_OVER, Some(hand));
        commands::button(ui, h, &RESOLVE, Some("Resolve…".into()));
    });
}
