//! The postmortem after the shift: the timeline's key moments marked from the log, then the
//! questions — contributing factors (several), findings, how the response went, and action items
//! filed with a type, an owner team and a priority.

use bevy::prelude::*;
use bevy_egui::egui::{self, Key, RichText, Ui};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::game::bridge::{Room, Session};
use crate::game::intent::{Intent, Intents};
use crate::game::screen::Screen;
use crate::game::screens::room::RoomCard;
use crate::game::ui::central;
use crate::scenario::{Asks, ItemKind, ItemPriority};
use crate::sim::view::{View, clock};
use crate::sim::{Action, Filing, Moment, QuestionView, words};

/// What the postmortem screen remembers between frames.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct PostmortemUi {
    /// The highlighted item: the key moments first, then the questions.
    pub at: usize,
    /// Contributing factors ticked on the highlighted question, not yet handed in.
    pub ticks: Vec<String>,
    /// The action item chosen on the highlighted question, not yet filed.
    pub item: Option<String>,
    /// Its kind (index into [`ItemKind::ALL`]), once chosen.
    pub kind: Option<usize>,
    /// Its owner (index into the view's teams), once chosen.
    pub owner: Option<usize>,
    /// Its priority (index into [`ItemPriority::ALL`]), once chosen.
    pub priority: Option<usize>,
    /// The log open to mark a moment from.
    pub lines: Option<LinePick>,
}

/// Choosing the log line that marks a moment.
#[derive(Debug, Clone, PartialEq)]
pub struct LinePick {
    /// The moment being marked.
    pub moment: Moment,
    /// Typed text narrowing the log.
    pub filter: String,
    /// Highlighted row among the shown lines.
    pub row: usize,
}

impl PostmortemUi {
    fn reset_item(&mut self) {
        self.ticks.clear();
        self.item = None;
        self.kind = None;
        self.owner = None;
        self.priority = None;
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PostmortemUi>()
        .add_systems(
            OnEnter(Screen::Postmortem),
            |mut st: ResMut<PostmortemUi>| *st = PostmortemUi::default(),
        )
        .add_systems(
            EguiPrimaryContextPass,
            draw_postmortem
                .in_set(crate::game::ui::Draw)
                .run_if(in_state(Screen::Postmortem)),
        );
}

const DIGITS: [Key; 9] = [
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

fn pressed(ui: &Ui, k: Key) -> bool {
    ui.input(|i| i.key_pressed(k))
}

fn digit(ui: &Ui) -> Option<usize> {
    DIGITS.iter().position(|k| pressed(ui, *k))
}

/// The log lines a moment can be marked from, as the picker shows them: (game second, label).
pub fn log_lines(view: &View, filter: &str) -> Vec<(u32, String)> {
    let needle = filter.to_lowercase();
    view.channel
        .iter()
        .map(|l| {
            (
                l.at,
                format!("{}  {}: {}", clock(view.shift_start, l.at), l.from, l.text),
            )
        })
        .filter(|(_, label)| label.to_lowercase().contains(&needle))
        .collect()
}

/// The postmortem screen. Up/Down move between the moments and the questions; what the keys do
/// on each is written under it.
pub fn postmortem(ui: &mut Ui, view: &View, st: &mut PostmortemUi, out: &mut Vec<Intent>) {
    let questions = &view.postmortem;
    let moments = Moment::ALL.len();
    let items = moments + questions.len();
    if let Some(pick) = st.lines.take() {
        lines(ui, view, st, pick, out);
        return;
    }
    let (up, down) = ui.input(|i| (i.num_presses(Key::ArrowUp), i.num_presses(Key::ArrowDown)));
    let before = st.at;
    if up + down > 0 {
        st.at = (st.at + down)
            .min(items.saturating_sub(1))
            .saturating_sub(up);
    } else if let Some(q) = st.at.checked_sub(moments).and_then(|i| questions.get(i))
        && q.answered()
        && let Some(next) = questions.iter().position(|q| !q.answered())
    {
        // An answered question passes the keyboard on to the next open one.
        st.at = moments + next;
    }
    if st.at != before {
        st.reset_item();
    }
    let done = questions.iter().all(QuestionView::answered);

    ui.heading("Postmortem");
    ui.label("Blameless: ask what in the system made the failure possible. First mark the key moments from the log, then answer as you would in the review.");
    ui.separator();
    let mut acts: Vec<Action> = Vec::new();
    egui::ScrollArea::vertical()
        .max_height(ui.available_height() - 48.0)
        .show(ui, |ui| {
            ui.label(RichText::new("Timeline").size(16.0).strong());
            for (i, m) in Moment::ALL.iter().enumerate() {
                let marked = view
                    .marked_moments
                    .iter()
                    .find(|(x, _)| x == m)
                    .map(|(_, t)| *t);
                let when = marked.map_or("not marked".to_owned(), |t| clock(view.shift_start, t));
                let r = ui.add(egui::Button::selectable(
                    st.at == i,
                    format!(
                        "{}  {}: {when}",
                        marker(st.at == i),
                        capital(words::moment(*m))
                    ),
                ));
                if st.at == i && up + down > 0 {
                    r.scroll_to_me(Some(egui::Align::Center));
                }
                if r.clicked() || (st.at == i && pressed(ui, Key::Enter)) {
                    st.at = i;
                    st.lines = Some(LinePick {
                        moment: *m,
                        filter: String::new(),
                        row: 0,
                    });
                }
            }
            hint(ui, "Enter on a moment opens the log to mark it from.");
            ui.add_space(8.0);
            for (qi, q) in questions.iter().enumerate() {
                let here = st.at == moments + qi;
                let r = ui.label(
                    RichText::new(format!("{}{}. {}", marker(here), qi + 1, q.prompt))
                        .size(16.0)
                        .strong(),
                );
                if here && up + down > 0 {
                    r.scroll_to_me(Some(egui::Align::Center));
                }
                acts.extend(question(ui, view, q, moments + qi, st));
                ui.add_space(8.0);
            }
        });
    if !acts.is_empty() {
        out.extend(acts.into_iter().map(Intent::Act));
        st.reset_item();
    }
    ui.separator();
    let label = if done {
        "See your debrief"
    } else {
        "Skip the rest and see your debrief"
    };
    let on_answered_question = st
        .at
        .checked_sub(moments)
        .and_then(|i| questions.get(i))
        .is_some_and(QuestionView::answered);
    if ui
        .button(RichText::new(label).size(16.0))
        .on_hover_text("Enter once every question is answered")
        .clicked()
        || (done && on_answered_question && pressed(ui, Key::Enter))
    {
        out.push(Intent::FinishPostmortem);
    }
}

fn marker(here: bool) -> &'static str {
    if here { "▶ " } else { "" }
}

fn capital(s: &str) -> String {
    crate::sim::words::capitalise(s)
}

fn hint(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).small().weak());
}

/// One question's options and its keys; returns the answers it hands in this frame.
fn question(
    ui: &mut Ui,
    view: &View,
    q: &QuestionView,
    index: usize,
    st: &mut PostmortemUi,
) -> Vec<Action> {
    let here = st.at == index;
    let answer = |option: &str, filing: Option<Filing>| Action::Answer {
        question: q.id.clone(),
        option: option.to_owned(),
        filing,
    };
    let open = !q.answered();
    let key = if here && open { digit(ui) } else { None };
    let mut clicked = None;
    for (oi, (id, text)) in q.options.iter().enumerate() {
        let chosen = q.picked.contains(id)
            || (here && (st.ticks.contains(id) || st.item.as_ref() == Some(id)));
        let mark = match q.asks {
            Asks::Factors if chosen => "[✔] ",
            Asks::Factors => "[  ] ",
            _ => "",
        };
        let r = ui
            .add_enabled(
                open || chosen,
                egui::Button::selectable(chosen, format!("{}) {mark}{text}", oi + 1)),
            )
            .on_hover_text(format!("key {}", oi + 1));
        if r.clicked() && open {
            clicked = Some(oi);
        }
    }
    if clicked.is_some() && !here {
        // A click moves the keyboard here first; what was half-chosen elsewhere is dropped.
        st.at = index;
        st.reset_item();
    }
    let pick = clicked
        .or(key)
        .and_then(|i| q.options.get(i))
        .map(|(id, _)| id.clone());
    match q.asks {
        Asks::Factors => {
            if let Some(id) = pick {
                match st.ticks.iter().position(|t| *t == id) {
                    Some(k) => {
                        st.ticks.remove(k);
                    }
                    None => st.ticks.push(id),
                }
            }
            if open {
                hint(
                    ui,
                    "Pick every factor that contributed: 1–9 tick or untick · Enter hands them in",
                );
                let go = ui
                    .add_enabled(
                        !st.ticks.is_empty() && here,
                        egui::Button::new("Hand in these factors"),
                    )
                    .clicked()
                    || (here && pressed(ui, Key::Enter));
                if go && !st.ticks.is_empty() {
                    // One answer per factor; the engine takes several for this question.
                    return st.ticks.iter().map(|t| answer(t, None)).collect();
                }
            }
            Vec::new()
        }
        Asks::ActionItem => {
            if let Some(id) = pick {
                st.item = Some(id);
            }
            if let Some(f) = &q.filing {
                hint(
                    ui,
                    &format!(
                        "Filed as {} · {} · {}",
                        words::item_kind(f.kind),
                        crate::game::screens::shift::name_of_team(view, &f.owner),
                        words::item_priority(f.priority)
                    ),
                );
            }
            if !open || !here {
                return Vec::new();
            }
            filing(ui, view, st)
                .and_then(|f| st.item.clone().map(|item| answer(&item, Some(f))))
                .into_iter()
                .collect()
        }
        Asks::Finding | Asks::Response => pick
            .filter(|_| open)
            .map(|id| answer(&id, None))
            .into_iter()
            .collect(),
    }
}

/// The type, owner and priority of the chosen action item; the filing once all three are set and
/// Enter is pressed.
fn filing(ui: &mut Ui, view: &View, st: &mut PostmortemUi) -> Option<Filing> {
    let cycle = |v: Option<usize>, n: usize| Some(v.map_or(0, |i| (i + 1) % n.max(1)));
    if pressed(ui, Key::K) {
        st.kind = cycle(st.kind, ItemKind::ALL.len());
    }
    if pressed(ui, Key::O) {
        st.owner = cycle(st.owner, view.teams.len());
    }
    if pressed(ui, Key::P) {
        st.priority = cycle(st.priority, ItemPriority::ALL.len());
    }
    let unset = "choose";
    ui.horizontal(|ui| {
        let kind = st
            .kind
            .map_or(unset, |i| words::item_kind(ItemKind::ALL[i]));
        if ui.button(format!("Type (K): {kind}")).clicked() {
            st.kind = cycle(st.kind, ItemKind::ALL.len());
        }
        let owner = st
            .owner
            .and_then(|i| view.teams.get(i))
            .map_or(unset.to_owned(), |t| t.name.clone());
        if ui.button(format!("Owner (O): {owner}")).clicked() {
            st.owner = cycle(st.owner, view.teams.len());
        }
        let priority = st
            .priority
            .map_or(unset, |i| words::item_priority(ItemPriority::ALL[i]));
        if ui.button(format!("Priority (P): {priority}")).clicked() {
            st.priority = cycle(st.priority, ItemPriority::ALL.len());
        }
    });
    let ready =
        st.item.is_some() && st.kind.is_some() && st.owner.is_some() && st.priority.is_some();
    hint(
        ui,
        "1–9 choose the item · K its type (detect, mitigate, prevent, process) · O the owning team · P its priority · Enter files it",
    );
    let go = ui
        .add_enabled(ready, egui::Button::new("File it"))
        .clicked()
        || pressed(ui, Key::Enter);
    if !(go && ready) {
        return None;
    }
    Some(Filing {
        kind: ItemKind::ALL[st.kind?],
        owner: view.teams.get(st.owner?)?.id.clone(),
        priority: ItemPriority::ALL[st.priority?],
    })
}

/// The log, to mark a moment from: typing narrows it, Up/Down move, Enter marks, Esc backs out.
fn lines(
    ui: &mut Ui,
    view: &View,
    st: &mut PostmortemUi,
    mut pick: LinePick,
    out: &mut Vec<Intent>,
) {
    let (typed, back) = ui.input(|i| {
        let mut typed = String::new();
        for e in &i.events {
            if let egui::Event::Text(t) = e {
                typed.extend(t.chars().filter(|c| !c.is_control()));
            }
        }
        (typed, i.key_pressed(Key::Backspace))
    });
    if !typed.is_empty() {
        pick.filter.push_str(&typed);
        pick.row = 0;
    }
    if back {
        pick.filter.pop();
        pick.row = 0;
    }
    let shown = log_lines(view, &pick.filter);
    if pressed(ui, Key::ArrowDown) && !shown.is_empty() {
        pick.row = (pick.row + 1).min(shown.len() - 1);
    }
    if pressed(ui, Key::ArrowUp) {
        pick.row = pick.row.saturating_sub(1);
    }
    let mut chosen = (pressed(ui, Key::Enter) && !shown.is_empty()).then_some(pick.row);
    ui.heading(format!(
        "When was the incident {}?",
        words::moment(pick.moment)
    ));
    hint(
        ui,
        if pick.filter.is_empty() {
            "Type to narrow the log (a time like 15:37, a service, a name)"
        } else {
            &pick.filter
        },
    );
    // The log can run to thousands of lines; the first few hundred matches are plenty to choose
    // from once narrowed.
    let rows: Vec<String> = shown.iter().take(400).map(|(_, l)| l.clone()).collect();
    let height = ui.available_height() - 40.0;
    if let Some(i) = crate::game::ui::choice_rows(ui, &rows, pick.row, height) {
        chosen = Some(i);
    }
    hint(ui, "Up/Down move · Enter mark this line · Esc back");
    if let Some(i) = chosen
        && let Some((at, _)) = shown.get(i)
    {
        out.push(Intent::Act(Action::MarkMoment {
            moment: pick.moment,
            at: *at,
        }));
        return;
    }
    if !pressed(ui, Key::Escape) {
        st.lines = Some(pick);
    }
}

/// Over the network, where the postmortem stands: the facilitator's window follows the team's
/// answers and closes the game day; a player who has finished waits for that.
pub fn room_postmortem(ui: &mut Ui, card: &RoomCard, hosting: bool, out: &mut Vec<Intent>) {
    ui.heading("Postmortem");
    if hosting {
        ui.label("The participants answer the postmortem from their own seats. Close the game day when they are done: every game then writes the team's report.");
    } else {
        ui.label("Your part of the postmortem is in. The debrief opens when the facilitator closes the game day.");
    }
    ui.separator();
    if let Some(lobby) = &card.lobby {
        crate::game::screens::room::seats(ui, card, lobby, out);
    }
    let label = if hosting {
        Some("Close the game day and see the debrief")
    } else if crate::game::screens::room::host_gone(card) {
        Some("The facilitator's game is gone: see the debrief of what was played")
    } else {
        None
    };
    if let Some(label) = label {
        ui.add_space(8.0);
        if ui.button(RichText::new(label).size(16.0)).clicked() {
            out.push(Intent::FinishPostmortem);
        }
    }
}

fn draw_postmortem(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    open: Option<Res<Room>>,
    mut intents: ResMut<Intents>,
    mut st: ResMut<PostmortemUi>,
) -> Result {
    let Some(session) = session else {
        return Ok(());
    };
    if let Some(room) = open.as_deref()
        && (session.is_hosting() || session.waiting_for_close())
    {
        let card = RoomCard::of(room);
        return central(&mut contexts, |ui| {
            room_postmortem(ui, &card, session.is_hosting(), &mut intents.0)
        });
    }
    central(&mut contexts, |ui| {
        postmortem(ui, session.view(), &mut st, &mut intents.0)
    })
}
