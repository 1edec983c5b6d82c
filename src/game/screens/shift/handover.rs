//! The handover window: who gets command, and the briefing they get — who is doing what, the likely
//! cause, when the next update is due. Nothing is filled in for the player; a briefing is theirs
//! to give.

use bevy_egui::egui::{self, Key, RichText, Ui};

use super::{Here, name_of_person, name_of_service};
use crate::game::intent::Intent;
use crate::scenario::IncidentRole;
use crate::sim::view::View;
use crate::sim::{Action, HandoverBriefing, Task, words};

/// The next-update times a briefing can give, in minutes; none means it says nothing.
pub const NEXT_UPDATE: [Option<u32>; 9] = [
    None,
    Some(10),
    Some(15),
    Some(20),
    Some(25),
    Some(30),
    Some(45),
    Some(60),
    Some(120),
];

/// A briefing being put together.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Who takes command (person id).
    pub to: String,
    /// The people the briefing names as working on it (ids).
    pub working: Vec<String>,
    /// The likely cause: 0 says nothing, otherwise a service by its place on the map plus one.
    pub suspect: usize,
    /// Index into [`NEXT_UPDATE`].
    pub next: usize,
    /// The highlighted row: people first, then the cause, then the next update.
    pub row: usize,
}

impl Draft {
    /// An empty briefing for `to`.
    pub fn new(to: String) -> Draft {
        Draft {
            to,
            working: Vec::new(),
            suspect: 0,
            next: 0,
            row: 0,
        }
    }

    /// The briefing as the engine takes it.
    pub fn briefing(&self, view: &View) -> HandoverBriefing {
        HandoverBriefing {
            working: self.working.clone(),
            suspect: self
                .suspect
                .checked_sub(1)
                .and_then(|i| view.services.get(i))
                .map(|s| s.id.clone()),
            next_update_minutes: NEXT_UPDATE[self.next.min(NEXT_UPDATE.len() - 1)],
        }
    }
}

/// The people the console shows doing something for the incident, apart from the player and the
/// new commander, each with what the console shows them doing.
pub fn involved(view: &View, to: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |id: &str, what: String| {
        if id == view.viewer || id == to {
            return;
        }
        match out.iter_mut().find(|(p, _)| p == id) {
            Some((_, w)) => {
                w.push_str("; ");
                w.push_str(&what);
            }
            None => out.push((id.to_owned(), what)),
        }
    };
    if let Some(inc) = &view.incident {
        for (role, p) in &inc.roles {
            if *role != IncidentRole::Commander {
                add(p, words::role(*role).to_owned());
            }
        }
    }
    for t in view.tasks.iter().filter(|t| !t.done) {
        let what = match &t.task {
            Task::Investigate { service } => {
                format!("investigating {}", name_of_service(view, service))
            }
            Task::Mitigate { service, .. } => format!("fixing {}", name_of_service(view, service)),
            Task::Communicate => "writing the updates".to_owned(),
        };
        add(&t.person, what);
    }
    for m in view.teams.iter().flat_map(|t| &t.members) {
        if let Some(s) = &m.working_on {
            add(&m.id, format!("on {}", name_of_service(view, s)));
        }
    }
    out
}

fn pressed(ui: &Ui, k: Key) -> bool {
    ui.input(|i| i.key_pressed(k))
}

/// Draws the handover window and carries out its keys.
pub fn show(ui: &mut Ui, h: &mut Here, mut d: Draft, keep: &mut bool) {
    let people = involved(h.view, &d.to);
    let rows = people.len() + 2;
    let cause_row = people.len();
    let next_row = people.len() + 1;
    if pressed(ui, Key::ArrowDown) {
        d.row = (d.row + 1).min(rows - 1);
    }
    if pressed(ui, Key::ArrowUp) {
        d.row = d.row.saturating_sub(1);
    }
    let step = i32::from(pressed(ui, Key::ArrowRight)) - i32::from(pressed(ui, Key::ArrowLeft));
    let services = h.view.services.len() + 1;
    let mut toggle = pressed(ui, Key::Space).then_some(d.row);
    if step != 0 && d.row == cause_row {
        d.suspect = (d.suspect as i32 + step).rem_euclid(services as i32) as usize;
    }
    if step != 0 && d.row == next_row {
        d.next = (d.next as i32 + step).rem_euclid(NEXT_UPDATE.len() as i32) as usize;
    }
    let mut go = pressed(ui, Key::Enter);

    ui.heading(format!("Hand command to {}", name_of_person(h.view, &d.to)));
    ui.label("Brief them: who is doing what, what you think the cause is, when the next update is due. Whatever you leave out, they have to find out before they can run the incident.");
    ui.add_space(4.0);
    ui.label(RichText::new("Who is doing what").strong());
    if people.is_empty() {
        ui.label("Nobody else is working on it yet.");
    }
    for (i, (id, what)) in people.iter().enumerate() {
        let on = d.working.contains(id);
        let mark = if on { "[✔]" } else { "[  ]" };
        let r = ui.add(egui::Button::selectable(
            d.row == i,
            format!("{mark}  {}: {what}", name_of_person(h.view, id)),
        ));
        if r.clicked() {
            toggle = Some(i);
        }
    }
    if let Some(i) = toggle
        && let Some((id, _)) = people.get(i)
    {
        d.row = i;
        if let Some(k) = d.working.iter().position(|w| w == id) {
            d.working.remove(k);
        } else {
            d.working.push(id.clone());
        }
    }
    ui.add_space(4.0);
    let cause = match d
        .suspect
        .checked_sub(1)
        .and_then(|i| h.view.services.get(i))
    {
        Some(s) => s.name.clone(),
        None => "not said".to_owned(),
    };
    if ui
        .add(egui::Button::selectable(
            d.row == cause_row,
            format!("Likely cause:  ◀ {cause} ▶"),
        ))
        .clicked()
    {
        d.row = cause_row;
        d.suspect = (d.suspect + 1) % services;
    }
    let next = match NEXT_UPDATE[d.next] {
        Some(m) => format!("in {m} minutes"),
        None => "not said".to_owned(),
    };
    if ui
        .add(egui::Button::selectable(
            d.row == next_row,
            format!("Next update due:  ◀ {next} ▶"),
        ))
        .clicked()
    {
        d.row = next_row;
        d.next = (d.next + 1) % NEXT_UPDATE.len();
    }
    ui.add_space(4.0);
    ui.label(
        RichText::new(
            "Up/Down move · Space ticks a person · Left/Right change the cause or the time · Enter hand over · Esc back",
        )
        .small()
        .weak(),
    );
    ui.horizontal(|ui| {
        go |= ui.button("Hand over").on_hover_text("Enter").clicked();
        if ui.button("Back").on_hover_text("Esc").clicked() {
            *keep = false;
        }
    });
    if go {
        h.out.push(Intent::Act(Action::HandOver {
            to: d.to.clone(),
            briefing: d.briefing(h.view),
        }));
        *keep = false;
    } else if *keep {
        h.st.dialog = Some(super::dialogs::Dialog::Handover(d));
    }
}
