//! Every command of the shift console in one table: its key, its label, when it is available and
//! what it does. Key handling, the buttons, the key list on screen and the README's key list all
//! read this table, so they cannot drift apart.

use bevy_egui::egui::{self, Key, Ui};

use super::dialogs::{self, Dialog};
use super::{
    Here, ShiftUi, incident_open, owner_of, selected_alert, visible_alerts, waiting_for_me,
};
use crate::game::intent::Intent;
use crate::scenario::Mitigation;
use crate::sim::{Action, AlertRef};

/// One thing the player can do on the shift screen.
pub struct Command {
    /// The key that does it.
    pub key: Key,
    /// Whether Shift must be held with the key.
    pub shift: bool,
    /// A second key that does the same (arrows beside J and K, = beside +).
    pub also: Option<Key>,
    /// What it does, in words for the key list and the button.
    pub label: &'static str,
    /// Where it belongs in the key list.
    pub group: &'static str,
    /// Whether it can be done now.
    pub enabled: fn(&Here) -> bool,
    /// Doing it.
    pub run: fn(&mut Here),
}

impl Command {
    /// The key as the player reads it: "Shift+Tab", "Space", "J or Down".
    pub fn keys(&self) -> String {
        let main = key_name(self.key);
        let main = if self.shift {
            format!("Shift+{main}")
        } else {
            main.to_owned()
        };
        match self.also {
            Some(k) => format!("{main} or {}", key_name(k)),
            None => main,
        }
    }

    /// Whether its key was pressed this frame. Shift must match only where a Shift variant of the
    /// same key exists; Ctrl and Cmd chords belong to the text boxes and the browser.
    fn pressed(&self, ui: &Ui) -> bool {
        let shift_matters = COMMANDS
            .iter()
            .any(|c| c.key == self.key && c.shift != self.shift);
        ui.input(|i| {
            i.events.iter().any(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } if !modifiers.command => {
                    (*key == self.key && (!shift_matters || modifiers.shift == self.shift))
                        || Some(*key) == self.also
                }
                _ => false,
            })
        })
    }
}

/// A key's name in words (the font has no arrow glyphs to spare).
pub fn key_name(key: Key) -> &'static str {
    match key {
        Key::Space => "Space",
        Key::ArrowDown => "Down",
        Key::ArrowUp => "Up",
        Key::Tab => "Tab",
        Key::Escape => "Esc",
        Key::Enter => "Enter",
        Key::Plus => "+",
        Key::Minus => "-",
        Key::Equals => "=",
        Key::Questionmark => "?",
        Key::Slash => "/",
        other => other.name(),
    }
}

fn always(_: &Here) -> bool {
    true
}

fn has_alert(h: &Here) -> bool {
    selected_alert(h.view, h.st).is_some()
}

fn has_service(h: &Here) -> bool {
    h.st.selected_service
        .as_ref()
        .is_some_and(|s| h.view.services.iter().any(|x| &x.id == s))
}

fn has_person(h: &Here) -> bool {
    h.st.person.is_some()
}

fn alert_action(h: &mut Here, make: fn(AlertRef) -> Action) {
    if let Some(a) = selected_alert(h.view, h.st) {
        h.out.push(Intent::Act(make(AlertRef::Id(a.id))));
    }
}

fn move_in_pager(h: &mut Here, down: bool) {
    let list = visible_alerts(h.view, h.st);
    if list.is_empty() {
        return;
    }
    let pos =
        h.st.selected_alert
            .and_then(|id| list.iter().position(|a| a.id == id));
    let i = match (pos, down) {
        (None, _) => 0,
        (Some(p), true) => (p + 1).min(list.len() - 1),
        (Some(p), false) => p.saturating_sub(1),
    };
    let (id, service) = (list[i].id, list[i].service.clone());
    h.st.selected_alert = Some(id);
    h.st.selected_service = Some(service);
}

fn step_service(h: &mut Here, forward: bool) {
    let n = h.view.services.len();
    if n == 0 {
        return;
    }
    let at =
        h.st.selected_service
            .as_ref()
            .and_then(|s| h.view.services.iter().position(|x| &x.id == s));
    let next = match (at, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    h.st.selected_service = Some(h.view.services[next].id.clone());
}

fn open(h: &mut Here, dialog: Option<Dialog>) {
    if let Some(d) = dialog {
        h.st.dialog = Some(d);
    }
}

fn service_of(st: &ShiftUi) -> String {
    st.selected_service.clone().unwrap_or_default()
}

/// Pause or resume.
pub const PAUSE: Command = Command {
    key: Key::Space,
    shift: false,
    also: None,
    label: "Pause or resume the clock (not in an exam)",
    group: "Clock",
    enabled: always,
    run: |h| h.out.push(Intent::TogglePause),
};
/// Faster.
pub const FASTER: Command = Command {
    key: Key::Plus,
    shift: false,
    also: Some(Key::Equals),
    label: "Faster",
    group: "Clock",
    enabled: always,
    run: |h| h.out.push(Intent::Speed(h.status.speed * 2.0)),
};
/// Slower.
pub const SLOWER: Command = Command {
    key: Key::Minus,
    shift: false,
    also: None,
    label: "Slower",
    group: "Clock",
    enabled: always,
    run: |h| h.out.push(Intent::Speed(h.status.speed / 2.0)),
};
/// Next alert in the pager.
pub const NEXT_ALERT: Command = Command {
    key: Key::J,
    shift: false,
    also: Some(Key::ArrowDown),
    label: "Next alert in the pager",
    group: "Pager",
    enabled: always,
    run: |h| move_in_pager(h, true),
};
/// Previous alert in the pager.
pub const PREVIOUS_ALERT: Command = Command {
    key: Key::K,
    shift: false,
    also: Some(Key::ArrowUp),
    label: "Previous alert in the pager",
    group: "Pager",
    enabled: always,
    run: |h| move_in_pager(h, false),
};
/// Jump to my oldest unacknowledged page.
pub const OLDEST_PAGE: Command = Command {
    key: Key::O,
    shift: false,
    also: None,
    label: "Jump to my oldest unacknowledged page",
    group: "Pager",
    enabled: |h| h.view.alerts.iter().any(waiting_for_me),
    run: |h| {
        if let Some(a) = h
            .view
            .alerts
            .iter()
            .filter(|a| waiting_for_me(a))
            .min_by_key(|a| a.id)
        {
            h.st.selected_alert = Some(a.id);
            h.st.selected_service = Some(a.service.clone());
        }
    },
};
/// Acknowledge the selected alert's page.
pub const ACKNOWLEDGE: Command = Command {
    key: Key::A,
    shift: false,
    also: None,
    label: "Acknowledge",
    group: "Pager",
    enabled: has_alert,
    run: |h| alert_action(h, |alert| Action::Acknowledge { alert }),
};
/// Acknowledge every firing alert of the selected alert's rule.
pub const ACKNOWLEDGE_RULE: Command = Command {
    key: Key::A,
    shift: true,
    also: None,
    label: "Acknowledge every firing alert of this rule",
    group: "Pager",
    enabled: |h| firing_of_rule(h).len() > 1,
    run: |h| {
        for id in firing_of_rule(h) {
            h.out.push(Intent::Act(Action::Acknowledge {
                alert: AlertRef::Id(id),
            }));
        }
    },
};

/// Firing alerts of the selected alert's rule, oldest first.
fn firing_of_rule(h: &Here) -> Vec<u32> {
    let Some(rule) = selected_alert(h.view, h.st).map(|a| a.rule.clone()) else {
        return Vec::new();
    };
    let mut ids: Vec<u32> = h
        .view
        .alerts
        .iter()
        .filter(|a| a.rule == rule && a.state == crate::sim::AlertState::Firing)
        .map(|a| a.id)
        .collect();
    ids.sort_unstable();
    ids
}

/// Group repeated alerts of one rule into one row, or list every alert.
pub const GROUP: Command = Command {
    key: Key::Q,
    shift: false,
    also: None,
    label: "Group repeated alerts of a rule, or list each",
    group: "Pager",
    enabled: always,
    run: |h| h.st.grouped = !h.st.grouped,
};

/// Snooze the selected alert.
pub const SNOOZE: Command = Command {
    key: Key::Z,
    shift: false,
    also: None,
    label: "Snooze 15 minutes",
    group: "Pager",
    enabled: has_alert,
    run: |h| alert_action(h, |alert| Action::Snooze { alert, minutes: 15 }),
};
/// Flag the selected alert's rule as noise.
pub const FLAG_NOISE: Command = Command {
    key: Key::F,
    shift: false,
    also: None,
    label: "Flag the rule as noise",
    group: "Pager",
    enabled: has_alert,
    run: |h| alert_action(h, |alert| Action::FlagNoise { alert }),
};
/// Escalate the selected alert's page.
pub const ESCALATE: Command = Command {
    key: Key::E,
    shift: false,
    also: None,
    label: "Escalate",
    group: "Pager",
    enabled: has_alert,
    run: |h| alert_action(h, |alert| Action::Escalate { alert }),
};
/// Next service.
pub const NEXT_SERVICE: Command = Command {
    key: Key::Tab,
    shift: false,
    also: None,
    label: "Next service",
    group: "Services",
    enabled: |h| !h.view.services.is_empty(),
    run: |h| step_service(h, true),
};
/// Previous service.
pub const PREVIOUS_SERVICE: Command = Command {
    key: Key::Tab,
    shift: true,
    also: None,
    label: "Previous service",
    group: "Services",
    enabled: |h| !h.view.services.is_empty(),
    run: |h| step_service(h, false),
};
/// Choose a service by name.
pub const GO_TO_SERVICE: Command = Command {
    key: Key::G,
    shift: false,
    also: None,
    label: "Go to a service…",
    group: "Services",
    enabled: |h| !h.view.services.is_empty(),
    run: |h| open(h, Some(dialogs::services(h.view))),
};
/// Inspect the selected service.
pub const INSPECT: Command = Command {
    key: Key::I,
    shift: false,
    also: None,
    label: "Inspect: dashboards, deploys, logs",
    group: "Services",
    enabled: has_service,
    run: |h| {
        let service = service_of(h.st);
        h.out.push(Intent::Act(Action::Inspect { service }));
    },
};
/// Read the selected service's runbook.
pub const RUNBOOK: Command = Command {
    key: Key::R,
    shift: false,
    also: None,
    label: "Read the runbook",
    group: "Services",
    enabled: has_service,
    run: |h| {
        let service = service_of(h.st);
        h.out.push(Intent::Act(Action::ReadRunbook { service }));
    },
};
/// Restore the selected service from one of its backups.
pub const RESTORE: Command = Command {
    key: Key::R,
    shift: true,
    also: None,
    label: "Restore the service's data from a backup…",
    group: "Services",
    enabled: |h| {
        h.st.selected_service.as_ref().is_some_and(|s| {
            h.view
                .details
                .iter()
                .any(|d| &d.service == s && !d.backups.is_empty())
        })
    },
    run: |h| {
        let service = service_of(h.st);
        let d = dialogs::backups(h.view, &service);
        open(h, d)
    },
};
/// Page the owning team's rotation about the selected service.
pub const PAGE_OWNERS: Command = Command {
    key: Key::P,
    shift: false,
    also: None,
    label: "Page the owning team's on-call",
    group: "Services",
    enabled: |h| has_service(h) && owner_of(h.view, &service_of(h.st)).is_some(),
    run: |h| {
        let service = service_of(h.st);
        if let Some(team) = owner_of(h.view, &service) {
            h.out
                .push(Intent::Act(Action::PageRotation { team, service }));
        }
    },
};
/// Page another team, a whole team or one person about the selected service.
pub const PAGE_SOMEONE: Command = Command {
    key: Key::Y,
    shift: false,
    also: None,
    label: "Page another team or a person…",
    group: "Services",
    enabled: has_service,
    run: |h| open(h, Some(dialogs::page_someone(h.view, &service_of(h.st)))),
};
/// Choose the mitigation.
pub const CHOOSE_MITIGATION: Command = Command {
    key: Key::N,
    shift: false,
    also: None,
    label: "Choose the mitigation…",
    group: "Services",
    enabled: always,
    run: |h| open(h, Some(dialogs::mitigations())),
};
/// Apply the chosen mitigation to the selected service myself.
pub const MITIGATE: Command = Command {
    key: Key::M,
    shift: false,
    also: None,
    label: "Mitigate it myself",
    group: "Services",
    enabled: has_service,
    run: |h| {
        let service = service_of(h.st);
        let mitigation = Mitigation::ALL[h.st.mitigation];
        h.out.push(Intent::Act(Action::Mitigate {
            service,
            mitigation,
        }));
    },
};
/// Ask the outside company that runs the chosen service to apply the chosen mitigation.
pub const ASK_VENDOR: Command = Command {
    key: Key::M,
    shift: true,
    also: None,
    label: "Ask the service's vendor to apply the chosen mitigation (support case)",
    group: "Services",
    enabled: |h| {
        h.st.selected_service
            .as_ref()
            .and_then(|s| h.view.services.iter().find(|x| &x.id == s))
            .and_then(|s| s.owner.as_ref())
            .is_some_and(|o| h.view.teams.iter().any(|t| &t.id == o && t.vendor))
    },
    run: |h| {
        let service = service_of(h.st);
        let mitigation = Mitigation::ALL[h.st.mitigation];
        h.out.push(Intent::Act(Action::AskVendor {
            service,
            mitigation,
        }));
    },
};
/// Add a runbook step in the player's own words.
pub const ADD_RUNBOOK_STEP: Command = Command {
    key: Key::U,
    shift: false,
    also: None,
    label: "Add a runbook step…",
    group: "Services",
    enabled: has_service,
    run: |h| {
        h.st.dialog = Some(Dialog::Runbook {
            step: String::new(),
        })
    },
};
/// Choose a person.
pub const CHOOSE_PERSON: Command = Command {
    key: Key::C,
    shift: false,
    also: None,
    label: "Choose a person…",
    group: "People",
    enabled: |h| h.view.teams.iter().any(|t| !t.members.is_empty()),
    run: |h| open(h, Some(dialogs::people(h.view))),
};
/// Give the chosen person an incident role.
pub const ASSIGN_ROLE: Command = Command {
    key: Key::L,
    shift: false,
    also: None,
    label: "Give the chosen person a role…",
    group: "People",
    enabled: |h| has_person(h) && incident_open(h),
    run: |h| {
        let person = h.st.person.clone().unwrap_or_default();
        open(h, Some(dialogs::roles(&person)))
    },
};
/// Delegate a task to the chosen person.
pub const DELEGATE: Command = Command {
    key: Key::T,
    shift: false,
    also: None,
    label: "Delegate a task to the chosen person…",
    group: "People",
    enabled: |h| has_person(h) && has_service(h),
    run: |h| {
        let d = dialogs::tasks(h.view, h.st);
        open(h, d)
    },
};
/// Set the time box for delegated tasks.
pub const TIME_BOX: Command = Command {
    key: Key::B,
    shift: false,
    also: None,
    label: "Set the time box…",
    group: "People",
    enabled: always,
    run: |h| open(h, Some(dialogs::time_boxes())),
};
/// Send the chosen person to help someone already working.
pub const PAIR: Command = Command {
    key: Key::W,
    shift: false,
    also: None,
    label: "Pair the chosen person with someone working…",
    group: "People",
    enabled: |h| {
        has_person(h)
            && h.view
                .teams
                .iter()
                .flat_map(|t| &t.members)
                .any(|m| m.working_on.is_some() && h.st.person.as_ref() != Some(&m.id))
    },
    run: |h| {
        let d = dialogs::pairs(h.view, h.st);
        open(h, d)
    },
};
/// Hand command over to the chosen person.
pub const HAND_OVER: Command = Command {
    key: Key::H,
    shift: false,
    also: None,
    label: "Hand command over to the chosen person",
    group: "People",
    enabled: has_person,
    run: |h| {
        if let Some(to) = h.st.person.clone() {
            open(h, Some(Dialog::Handover(super::handover::Draft::new(to))));
        }
    },
};
/// Choose (or, during an incident, change) the severity.
pub const SEVERITY: Command = Command {
    key: Key::V,
    shift: false,
    also: None,
    label: "Choose the severity…",
    group: "Incident",
    enabled: always,
    run: |h| open(h, Some(dialogs::severities(h.view))),
};
/// Declare an incident.
pub const DECLARE: Command = Command {
    key: Key::D,
    shift: false,
    also: None,
    label: "Declare an incident…",
    group: "Incident",
    enabled: |h| !incident_open(h),
    run: |h| {
        h.st.dialog = Some(Dialog::Declare {
            title: super::incident_title(h.view, h.st),
        })
    },
};
/// Write and post a status update.
pub const STATUS: Command = Command {
    key: Key::S,
    shift: false,
    also: None,
    label: "Write a status update…",
    group: "Incident",
    enabled: always,
    run: |h| h.st.dialog = Some(Dialog::Status),
};
/// Answer a stakeholder's question.
pub const ANSWER: Command = Command {
    key: Key::Enter,
    shift: false,
    also: None,
    label: "Answer a stakeholder…",
    group: "Incident",
    enabled: |h| !dialogs::waiting_asks(h.view).is_empty(),
    run: |h| open(h, dialogs::stakeholders(h.view)),
};
/// Resolve the incident.
pub const RESOLVE: Command = Command {
    key: Key::X,
    shift: false,
    also: None,
    label: "Resolve the incident…",
    group: "Incident",
    enabled: incident_open,
    run: |h| h.st.dialog = Some(Dialog::Resolve),
};
/// Show every key.
pub const HELP: Command = Command {
    key: Key::Questionmark,
    shift: false,
    also: Some(Key::Slash),
    label: "Show every key",
    group: "Help",
    enabled: always,
    run: |h| h.st.dialog = Some(Dialog::Keys),
};
/// Back out: forget the chosen person.
pub const BACK: Command = Command {
    key: Key::Escape,
    shift: false,
    also: None,
    label: "Back out: close the open window, else forget the chosen person",
    group: "Help",
    enabled: always,
    run: |h| h.st.person = None,
};

/// The whole table, in the order the key list shows it.
pub const COMMANDS: &[&Command] = &[
    &PAUSE,
    &FASTER,
    &SLOWER,
    &NEXT_ALERT,
    &PREVIOUS_ALERT,
    &OLDEST_PAGE,
    &ACKNOWLEDGE,
    &ACKNOWLEDGE_RULE,
    &SNOOZE,
    &FLAG_NOISE,
    &ESCALATE,
    &GROUP,
    &NEXT_SERVICE,
    &PREVIOUS_SERVICE,
    &GO_TO_SERVICE,
    &INSPECT,
    &RUNBOOK,
    &RESTORE,
    &PAGE_OWNERS,
    &PAGE_SOMEONE,
    &CHOOSE_MITIGATION,
    &MITIGATE,
    &ASK_VENDOR,
    &ADD_RUNBOOK_STEP,
    &CHOOSE_PERSON,
    &ASSIGN_ROLE,
    &DELEGATE,
    &TIME_BOX,
    &PAIR,
    &HAND_OVER,
    &SEVERITY,
    &DECLARE,
    &STATUS,
    &ANSWER,
    &RESOLVE,
    &HELP,
    &BACK,
];

/// Runs every command whose key was pressed this frame and that is available now.
pub fn run_pressed(ui: &Ui, h: &mut Here) {
    for c in COMMANDS {
        if c.pressed(ui) && (c.enabled)(h) {
            (c.run)(h);
            if h.st.dialog.is_some() {
                // A window just opened. The key that opened it (and the letter it typed) must
                // not also choose a row or start its filter, so this frame's keys end here.
                ui.ctx().input_mut(|i| {
                    i.events
                        .retain(|e| !matches!(e, egui::Event::Key { .. } | egui::Event::Text(_)));
                });
                break;
            }
        }
    }
}

/// A button for a command: same label (unless given another), same availability, same effect as
/// its key, which the tooltip names.
pub fn button(ui: &mut Ui, h: &mut Here, c: &Command, text: Option<String>) {
    let text = text.unwrap_or_else(|| c.label.to_owned());
    let enabled = (c.enabled)(h);
    let hint = format!("{} — key {}", c.label, c.keys());
    if ui
        .add_enabled(enabled, egui::Button::new(text))
        .on_hover_text(&hint)
        .on_disabled_hover_text(&hint)
        .clicked()
    {
        (c.run)(h);
    }
}

/// The key list as a Markdown table, grouped: what the README shows.
pub fn markdown() -> String {
    let mut s = String::from("| Key | What it does |\n|---|---|\n");
    for c in COMMANDS {
        s.push_str(&format!("| {} | {} |\n", c.keys(), c.label));
    }
    s
}
