//! The console's windows: pickers (numbered lists to choose a service, person, team, mitigation,
//! severity, role, task or time box from, by arrows, digits or typing), the declare, status and
//! runbook composers, the resolve confirmation and the key list. Each answers to the keyboard;
//! Esc always backs out.

use bevy_egui::egui::{self, Key, Modifiers, RichText, Ui};

use super::commands::{COMMANDS, key_name};
use super::{Here, ROLES, SEVERITIES, ShiftUi, TEMPLATES, name_of_person, status_text};
use crate::game::intent::Intent;
use crate::scenario::Mitigation;
use crate::sim::view::View;
use crate::sim::words;
use crate::sim::{Action, Audience, ImpactTrend, StatusState, Task};

/// An open window on the shift screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// Choose one of a list.
    Pick(Picker),
    /// Declaring an incident: its title (the severity is the chosen one).
    Declare {
        /// The title being written.
        title: String,
    },
    /// Writing a status update (the text lives in [`ShiftUi::status_text`]).
    Status,
    /// Writing a runbook step for the selected service.
    Runbook {
        /// The step being written.
        step: String,
    },
    /// Asking before resolving the incident.
    Resolve,
    /// Handing command over, with a briefing.
    Handover(super::handover::Draft),
    /// The key list.
    Keys,
}

/// A list to choose from.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    /// What is being chosen.
    pub title: String,
    /// Typed letters narrowing the list.
    pub filter: String,
    /// Highlighted row among the shown ones.
    pub at: usize,
    /// Everything on offer.
    pub choices: Vec<Choice>,
}

/// One row of a picker.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// What the row says.
    pub label: String,
    /// What choosing it does.
    pub does: Effect,
}

/// What choosing a row does.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Select a service (id).
    Service(String),
    /// Choose a person (id).
    Person(String),
    /// Choose a mitigation (index into [`Mitigation::ALL`]).
    Mitigation(usize),
    /// Choose the severity to declare with (index into the severities).
    Severity(usize),
    /// Choose the time box, minutes.
    TimeBox(u32),
    /// Do something in the world.
    Act(Action),
    /// Go on to the answers to a stakeholder's question (its id).
    Answers(String),
}

impl Picker {
    fn open(title: impl Into<String>, choices: Vec<Choice>) -> Dialog {
        Dialog::Pick(Picker {
            title: title.into(),
            filter: String::new(),
            at: 0,
            choices,
        })
    }

    /// The rows the filter lets through, in order.
    pub fn shown(&self) -> Vec<&Choice> {
        let needle = self.filter.to_lowercase();
        self.choices
            .iter()
            .filter(|c| c.label.to_lowercase().contains(&needle))
            .collect()
    }
}

fn choice(label: impl Into<String>, does: Effect) -> Choice {
    Choice {
        label: label.into(),
        does,
    }
}

/// Every service, by name.
pub fn services(view: &View) -> Dialog {
    let choices = view
        .services
        .iter()
        .map(|s| {
            choice(
                format!("{} ({})", s.name, words::health(s.health)),
                Effect::Service(s.id.clone()),
            )
        })
        .collect();
    Picker::open("Go to a service", choices)
}

/// Stakeholders' questions still waiting for an answer, oldest first.
pub fn waiting_asks(view: &View) -> Vec<&crate::sim::view::AskView> {
    view.asks.iter().filter(|a| a.reply.is_none()).collect()
}

/// The questions waiting for an answer; with only one, straight to its answers.
pub fn stakeholders(view: &View) -> Option<Dialog> {
    let waiting = waiting_asks(view);
    match waiting.as_slice() {
        [] => None,
        [one] => answers(view, &one.id),
        many => Some(Picker::open(
            "Answer a stakeholder",
            many.iter()
                .map(|a| {
                    choice(
                        format!("{}: {}", a.from, a.text),
                        Effect::Answers(a.id.clone()),
                    )
                })
                .collect(),
        )),
    }
}

/// The answers on offer to one question.
fn answers(view: &View, ask: &str) -> Option<Dialog> {
    let a = view.asks.iter().find(|a| a.id == ask)?;
    Some(Picker::open(
        format!("{} asks: {}", a.from, a.text),
        a.options
            .iter()
            .map(|(id, text)| {
                choice(
                    text.clone(),
                    Effect::Act(Action::Reply {
                        ask: a.id.clone(),
                        option: id.clone(),
                    }),
                )
            })
            .collect(),
    ))
}

/// Everyone in the teams panel.
pub fn people(view: &View) -> Dialog {
    let choices = view
        .teams
        .iter()
        .flat_map(|t| t.members.iter().map(move |m| (t, m)))
        .map(|(t, m)| {
            let state = if !m.reachable {
                "unreachable"
            } else if m.awake {
                "awake"
            } else {
                "asleep"
            };
            choice(
                format!("{} — {}, {state}", m.name, t.name),
                Effect::Person(m.id.clone()),
            )
        })
        .collect();
    Picker::open("Choose a person", choices)
}

/// When a backup was taken, as a clock time (before the shift too).
pub fn backup_clock(view: &View, minute: i32) -> String {
    let at = (i64::from(view.shift_start.minutes()) + i64::from(minute)).rem_euclid(1440);
    format!("{:02}:{:02}", at / 60, at % 60)
}

/// A service's backups, newest first, to restore from; none when it has none on screen.
pub fn backups(view: &View, service: &str) -> Option<Dialog> {
    let d = view.details.iter().find(|d| d.service == service)?;
    if d.backups.is_empty() {
        return None;
    }
    let choices = d
        .backups
        .iter()
        .rev()
        .map(|b| {
            choice(
                format!(
                    "{} — taken {}, {}; a restore takes {} min",
                    b.id,
                    backup_clock(view, b.taken_at_minute),
                    if b.verified {
                        "verified by a test restore"
                    } else {
                        "never test-restored"
                    },
                    b.restore_minutes
                ),
                Effect::Act(Action::Restore {
                    service: service.to_owned(),
                    backup: b.id.clone(),
                }),
            )
        })
        .collect();
    Some(Picker::open(
        "Restore from which backup? Writes made since it are rolled back",
        choices,
    ))
}

/// The mitigations.
pub fn mitigations() -> Dialog {
    let choices = Mitigation::ALL
        .iter()
        .enumerate()
        .map(|(i, m)| choice(words::mitigation_label(*m), Effect::Mitigation(i)))
        .collect();
    Picker::open("Choose the mitigation", choices)
}

/// The severities: during an incident choosing one changes the incident's.
pub fn severities(view: &View) -> Dialog {
    let open = view.incident.as_ref().filter(|i| i.resolved_at.is_none());
    let choices = SEVERITIES
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let label = format!("{} — {}", words::severity(*s), s.meaning());
            match open {
                Some(inc) if inc.severity != *s => {
                    choice(label, Effect::Act(Action::SetSeverity { severity: *s }))
                }
                _ => choice(label, Effect::Severity(i)),
            }
        })
        .collect();
    let title = if open.is_some() {
        "Change the incident's severity"
    } else {
        "Choose the severity to declare"
    };
    Picker::open(title, choices)
}

/// The incident roles, for the chosen person.
pub fn roles(person: &str) -> Dialog {
    let choices = ROLES
        .iter()
        .map(|r| {
            choice(
                words::role(*r),
                Effect::Act(Action::AssignRole {
                    role: *r,
                    person: person.to_owned(),
                }),
            )
        })
        .collect();
    Picker::open("Give a role", choices)
}

/// What the chosen person can be given about the selected service, with the time box.
pub fn tasks(view: &View, st: &ShiftUi) -> Option<Dialog> {
    let person = st.person.clone()?;
    let service = st.selected_service.clone()?;
    let name = super::name_of_service(view, &service);
    let m = Mitigation::ALL[st.mitigation];
    let minutes = st.time_box.max(1);
    let task = |task| {
        Effect::Act(Action::Delegate {
            person: person.clone(),
            task,
            minutes,
        })
    };
    let choices = vec![
        choice(
            format!("Investigate {name}"),
            task(Task::Investigate {
                service: service.clone(),
            }),
        ),
        choice(
            format!("{} on {name}", words::mitigation_verb(m)),
            task(Task::Mitigate {
                service: service.clone(),
                mitigation: m,
            }),
        ),
        choice("Handle communications", task(Task::Communicate)),
    ];
    Some(Picker::open(
        format!(
            "Delegate to {} ({minutes} min time box)",
            name_of_person(view, &person)
        ),
        choices,
    ))
}

/// Time boxes on offer.
pub fn time_boxes() -> Dialog {
    let choices = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240]
        .iter()
        .map(|m| choice(format!("{m} minutes"), Effect::TimeBox(*m)))
        .collect();
    Picker::open("Time box for delegated tasks", choices)
}

/// People already working, for the chosen person to join.
pub fn pairs(view: &View, st: &ShiftUi) -> Option<Dialog> {
    let with = st.person.clone()?;
    let choices = view
        .teams
        .iter()
        .flat_map(|t| &t.members)
        .filter(|m| m.id != with)
        .filter_map(|m| {
            let on = m.working_on.as_ref()?;
            Some(choice(
                format!("{}, on {}", m.name, super::name_of_service(view, on)),
                Effect::Act(Action::Pair {
                    person: m.id.clone(),
                    with: with.clone(),
                }),
            ))
        })
        .collect();
    Some(Picker::open(
        format!("Send {} to help", name_of_person(view, &with)),
        choices,
    ))
}

/// Every way to page someone about a service: each team's on-call, each whole team, each person.
pub fn page_someone(view: &View, service: &str) -> Dialog {
    type Page = fn(String, String) -> Action;
    let ways: [(&str, Page); 2] = [
        ("the on-call rotation", |team, service| {
            Action::PageRotation { team, service }
        }),
        ("everyone in the team", |team, service| {
            Action::PageWholeTeam { team, service }
        }),
    ];
    let mut choices = Vec::new();
    // Every team's rotation first, then every whole team, then people.
    for (who, page) in ways {
        for t in &view.teams {
            choices.push(choice(
                format!("{}: {who}", t.name),
                Effect::Act(page(t.id.clone(), service.to_owned())),
            ));
        }
    }
    for t in &view.teams {
        for m in t.members.iter().filter(|m| m.id != view.viewer) {
            choices.push(choice(
                format!("{} ({})", m.name, t.name),
                Effect::Act(Action::PagePerson {
                    person: m.id.clone(),
                    service: service.to_owned(),
                }),
            ));
        }
    }
    Picker::open(
        format!("Page about {}", super::name_of_service(view, service)),
        choices,
    )
}

fn pressed(ui: &Ui, k: Key) -> bool {
    ui.input(|i| i.key_pressed(k))
}

/// Takes a key before any text box sees it.
fn take(ui: &Ui, mods: Modifiers, k: Key) -> bool {
    ui.input_mut(|i| i.consume_key(mods, k))
}

/// Carries out a row's effect; true when it opened another window.
fn choose(h: &mut Here, does: Effect) -> bool {
    match does {
        Effect::Answers(ask) => {
            h.st.dialog = answers(h.view, &ask);
            return h.st.dialog.is_some();
        }
        Effect::Service(s) => h.st.selected_service = Some(s),
        Effect::Person(p) => h.st.person = Some(p),
        Effect::Mitigation(i) => h.st.mitigation = i,
        Effect::Severity(i) => h.st.severity = i,
        Effect::TimeBox(m) => h.st.time_box = m,
        Effect::Act(a) => h.out.push(Intent::Act(a)),
    }
    false
}

/// Draws the open window and carries out its keys; closes it when done or backed out of.
pub fn show(ui: &mut Ui, h: &mut Here) {
    let Some(dialog) = h.st.dialog.take() else {
        return;
    };
    let ctx = ui.ctx().clone();
    let mut keep = !pressed(ui, Key::Escape);
    let modal = egui::Modal::new(egui::Id::new("shift_dialog")).show(&ctx, |ui| {
        ui.set_max_width(560.0);
        match dialog {
            Dialog::Pick(p) => pick(ui, h, p, &mut keep),
            Dialog::Declare { title } => declare(ui, h, title, &mut keep),
            Dialog::Status => status(ui, h, &mut keep),
            Dialog::Runbook { step } => runbook(ui, h, step, &mut keep),
            Dialog::Resolve => resolve(ui, h, &mut keep),
            Dialog::Handover(d) => super::handover::show(ui, h, d, &mut keep),
            Dialog::Keys => keys(ui, h, &mut keep),
        }
    });
    if modal.backdrop_response.clicked() {
        keep = false;
    }
    if !keep {
        h.st.dialog = None;
        // The window's text box goes with it: the console's keys work again at once.
        ui.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
    }
}

fn hint(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).small().weak());
}

fn pick(ui: &mut Ui, h: &mut Here, mut p: Picker, keep: &mut bool) {
    // Typed letters narrow the list; digits choose; Backspace takes a letter back.
    let (typed, back) = ui.input(|i| {
        let mut typed = String::new();
        for e in &i.events {
            if let egui::Event::Text(t) = e {
                typed.extend(t.chars().filter(|c| !c.is_ascii_digit() && !c.is_control()));
            }
        }
        (typed, i.key_pressed(Key::Backspace))
    });
    if !typed.is_empty() {
        p.filter.push_str(&typed);
        p.at = 0;
    }
    if back {
        p.filter.pop();
        p.at = 0;
    }
    let shown: Vec<Choice> = p.shown().into_iter().cloned().collect();
    if pressed(ui, Key::ArrowDown) && !shown.is_empty() {
        p.at = (p.at + 1).min(shown.len() - 1);
    }
    if pressed(ui, Key::ArrowUp) {
        p.at = p.at.saturating_sub(1);
    }
    let digits = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    let mut chosen = digits
        .iter()
        .position(|k| pressed(ui, *k))
        .filter(|i| *i < shown.len());
    if pressed(ui, Key::Enter) && !shown.is_empty() {
        chosen = Some(p.at.min(shown.len() - 1));
    }
    ui.heading(&p.title);
    let filter = if p.filter.is_empty() {
        "type to narrow the list".to_owned()
    } else {
        format!("showing \"{}\"", p.filter)
    };
    hint(ui, &filter);
    let rows: Vec<String> = shown
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let number = if i < 9 {
                format!("{}", i + 1)
            } else {
                " ".to_owned()
            };
            format!("{number}  {}", c.label)
        })
        .collect();
    if let Some(i) = crate::game::ui::choice_rows(ui, &rows, p.at, 360.0) {
        chosen = Some(i);
    }
    hint(ui, "Up/Down move · Enter or 1–9 choose · Esc back");
    match chosen {
        Some(i) => {
            // A row may lead on to another list (a question, then its answers).
            *keep = choose(h, shown[i].does.clone());
        }
        None => h.st.dialog = Some(Dialog::Pick(p)),
    }
}

/// A text box that has the keyboard whenever its window is open.
fn focused(ui: &mut Ui, edit: egui::TextEdit) -> egui::Response {
    let r = ui.add(edit);
    if !r.has_focus() {
        r.request_focus();
    }
    r
}

fn declare(ui: &mut Ui, h: &mut Here, mut title: String, keep: &mut bool) {
    // Up and Down change the severity; Enter declares.
    if take(ui, Modifiers::NONE, Key::ArrowUp) {
        h.st.severity = h.st.severity.saturating_sub(1);
    }
    if take(ui, Modifiers::NONE, Key::ArrowDown) {
        h.st.severity = (h.st.severity + 1).min(SEVERITIES.len() - 1);
    }
    let enter = take(ui, Modifiers::NONE, Key::Enter);
    ui.heading("Declare an incident");
    ui.horizontal(|ui| {
        for (i, s) in SEVERITIES.iter().enumerate() {
            if ui
                .selectable_label(h.st.severity == i, words::severity(*s))
                .on_hover_text(s.meaning())
                .clicked()
            {
                h.st.severity = i;
            }
        }
    });
    hint(ui, SEVERITIES[h.st.severity].meaning());
    ui.label("Title: what customers are seeing");
    focused(
        ui,
        egui::TextEdit::singleline(&mut title).desired_width(f32::INFINITY),
    );
    hint(
        ui,
        "Up/Down severity (when unsure, the higher one) · Enter declare · Esc back",
    );
    let go = ui.button("Declare").clicked() || enter;
    if go && !title.trim().is_empty() {
        h.out.push(Intent::Act(Action::Declare {
            severity: SEVERITIES[h.st.severity],
            title,
        }));
        *keep = false;
    } else {
        h.st.dialog = Some(Dialog::Declare { title });
    }
}

fn status(ui: &mut Ui, h: &mut Here, keep: &mut bool) {
    let external = h.st.audience == Audience::External;
    // A starting point names the service in view, unless customers would not know it.
    let service =
        h.st.selected_service
            .as_deref()
            .and_then(|s| h.view.services.iter().find(|x| x.id == s))
            .filter(|s| !external || s.customer_facing)
            .map_or("some of our services".to_owned(), |s| s.name.clone());
    let mut stage = None;
    for (i, k) in [Key::Num1, Key::Num2, Key::Num3, Key::Num4]
        .into_iter()
        .enumerate()
    {
        if take(ui, Modifiers::COMMAND, k) {
            stage = Some(StatusState::ALL[i]);
        }
    }
    let mut flip = take(ui, Modifiers::COMMAND, Key::E);
    if take(ui, Modifiers::COMMAND, Key::I) {
        h.st.impact = cycle(&ImpactTrend::ALL, h.st.impact);
    }
    if take(ui, Modifiers::COMMAND, Key::U) {
        h.st.next_update = cycle(&NEXT_UPDATES, h.st.next_update);
    }
    let mut toggle_service = take(ui, Modifiers::COMMAND, Key::B);
    // Enter posts, Shift+Enter starts a new line, as in a chat client.
    let enter = take(ui, Modifiers::NONE, Key::Enter);
    ui.heading("Status update");
    hint(
        ui,
        "Say what customers see, what is being done and when the next update comes.",
    );
    ui.horizontal(|ui| {
        ui.label("For:");
        flip |= ui
            .selectable_label(!external, "the company")
            .on_hover_text("Ctrl+E")
            .clicked()
            && external;
        flip |= ui
            .selectable_label(external, "customers (status page)")
            .on_hover_text("Ctrl+E: no internal names")
            .clicked()
            && !external;
    });
    if flip {
        h.st.audience = if external {
            Audience::Internal
        } else {
            Audience::External
        };
    }
    ui.horizontal(|ui| {
        ui.label("Stage:");
        for (i, st) in StatusState::ALL.iter().enumerate() {
            if ui
                .selectable_label(h.st.stage == Some(*st), words::status_state(*st))
                .on_hover_text(format!("Ctrl+{}", i + 1))
                .clicked()
            {
                stage = Some(*st);
            }
        }
    });
    if let Some(st) = stage {
        h.st.stage = Some(st);
        // A stage fills an empty box (or one still holding a starting point) with its own.
        let untouched = h.st.status_text.trim().is_empty()
            || TEMPLATES
                .iter()
                .any(|t| h.st.status_text == t.replace("{svc}", &service));
        if untouched {
            h.st.status_text = TEMPLATES[stage_index(st)].replace("{svc}", &service);
        }
    }
    ui.horizontal(|ui| {
        ui.label("Customers:");
        for t in ImpactTrend::ALL {
            if ui
                .selectable_label(h.st.impact == Some(t), words::impact_trend(t))
                .on_hover_text("Ctrl+I")
                .clicked()
            {
                h.st.impact = (h.st.impact != Some(t)).then_some(t);
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("Being worked on:");
        let names: Vec<String> =
            h.st.working_on
                .iter()
                .map(|s| super::name_of_service(h.view, s))
                .collect();
        ui.label(if names.is_empty() {
            "nothing said".to_owned()
        } else {
            words::list(&names)
        });
        if let Some(sel) = h.st.selected_service.clone() {
            let verb = if h.st.working_on.contains(&sel) {
                "remove"
            } else {
                "add"
            };
            toggle_service |= ui
                .button(format!("{verb} {}", super::name_of_service(h.view, &sel)))
                .on_hover_text("Ctrl+B: the service selected on the map")
                .clicked();
        }
    });
    if toggle_service && let Some(sel) = h.st.selected_service.clone() {
        match h.st.working_on.iter().position(|s| *s == sel) {
            Some(i) => {
                h.st.working_on.remove(i);
            }
            None => h.st.working_on.push(sel),
        }
    }
    ui.horizontal(|ui| {
        ui.label("Next update:");
        for m in NEXT_UPDATES {
            if ui
                .selectable_label(h.st.next_update == Some(m), format!("in {m} min"))
                .on_hover_text("Ctrl+U")
                .clicked()
            {
                h.st.next_update = (h.st.next_update != Some(m)).then_some(m);
            }
        }
    });
    focused(
        ui,
        egui::TextEdit::multiline(&mut h.st.status_text)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
            .hint_text("what customers see · what we are doing · next update"),
    );
    hint(
        ui,
        "Enter post · Shift+Enter new line · Ctrl+1–4 the stage · Ctrl+E company or customers · Ctrl+I how customers are doing · Ctrl+B the selected service is being worked on · Ctrl+U next update · Esc back",
    );
    if ui.button("Post update").clicked() || enter {
        let text = status_text(h.st, &service);
        h.out.push(Intent::Act(Action::PostStatus {
            text,
            audience: h.st.audience,
            state: h.st.stage,
            impact: h.st.impact,
            working_on: h.st.working_on.clone(),
            next_update_minutes: h.st.next_update,
        }));
        // What customers see and who is on what change; the cadence usually does not.
        h.st.status_text.clear();
        h.st.impact = None;
        h.st.working_on.clear();
        *keep = false;
    } else {
        h.st.dialog = Some(Dialog::Status);
    }
}

/// The next-update times the composer offers, in minutes.
/// The next-update promises the composer offers: short for a fast-moving incident, up to two
/// hours for a long outage where nothing changes between updates.
const NEXT_UPDATES: [u32; 8] = [10, 15, 20, 25, 30, 45, 60, 120];

/// The next value after `now` in `all`, and none after the last, so a key can step through every
/// choice and back to saying nothing.
fn cycle<T: Copy + PartialEq>(all: &[T], now: Option<T>) -> Option<T> {
    match now.and_then(|v| all.iter().position(|x| *x == v)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}

fn stage_index(st: StatusState) -> usize {
    StatusState::ALL.iter().position(|x| *x == st).unwrap_or(0)
}

fn runbook(ui: &mut Ui, h: &mut Here, mut step: String, keep: &mut bool) {
    let enter = take(ui, Modifiers::NONE, Key::Enter);
    let service = h.st.selected_service.clone().unwrap_or_default();
    ui.heading(format!(
        "A runbook step for {}",
        super::name_of_service(h.view, &service)
    ));
    hint(
        ui,
        "What you learnt, as the step the next person on call should take.",
    );
    focused(
        ui,
        egui::TextEdit::singleline(&mut step)
            .desired_width(f32::INFINITY)
            .hint_text("If … then check … and …"),
    );
    hint(ui, "Enter add · Esc back");
    let add = ui
        .add_enabled(!step.trim().is_empty(), egui::Button::new("Add the step"))
        .clicked()
        || enter;
    if add && !step.trim().is_empty() {
        h.out
            .push(Intent::Act(Action::UpdateRunbook { service, step }));
        *keep = false;
    } else {
        h.st.dialog = Some(Dialog::Runbook { step });
    }
}

fn resolve(ui: &mut Ui, h: &mut Here, keep: &mut bool) {
    ui.heading("Resolve the incident?");
    ui.label("Resolve once customers have recovered, not when the fix has only been applied.");
    let mut yes = pressed(ui, Key::Enter);
    ui.horizontal(|ui| {
        yes |= ui.button("Resolve").on_hover_text("Enter").clicked();
        if ui.button("Back").on_hover_text("Esc").clicked() {
            *keep = false;
        }
    });
    if yes {
        h.out.push(Intent::Act(Action::Resolve));
        *keep = false;
    } else if *keep {
        h.st.dialog = Some(Dialog::Resolve);
    }
}

fn keys(ui: &mut Ui, h: &mut Here, keep: &mut bool) {
    ui.heading("Keys");
    egui::ScrollArea::vertical()
        .max_height(520.0)
        .show(ui, |ui| {
            let mut group = "";
            egui::Grid::new("keys").striped(true).show(ui, |ui| {
                for c in COMMANDS {
                    if c.group != group {
                        group = c.group;
                        ui.label(RichText::new(group).strong());
                        ui.end_row();
                    }
                    ui.monospace(c.keys());
                    ui.label(c.label);
                    ui.end_row();
                }
            });
        });
    hint(ui, &format!("{} or Enter closes", key_name(Key::Escape)));
    if pressed(ui, Key::Enter) || ui.button("Close").clicked() {
        *keep = false;
    } else if *keep {
        h.st.dialog = Some(Dialog::Keys);
    }
}
