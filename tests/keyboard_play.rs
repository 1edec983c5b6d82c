//! Every shipped scenario's good playthrough, played through the real game — its screens, its
//! drawing code and its key handling — with key presses and typed text only, must reach the same
//! report as `pagerdrill run`. The test is the player: it reads what the screen shows (the view,
//! the console's selection, the open picker's rows) to decide which keys to press, and it never
//! raises an intent itself. No window: the screens draw into an egui context the test owns.

use std::time::Duration;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use bevy_egui::egui::{self, Event, Key, Modifiers, RawInput, Rect, pos2, vec2};
use bevy_egui::{EguiContext, EguiPrimaryContextPass, EguiUserTextures, PrimaryEguiContext};

use pagerdrill::game::assets::FontsReady;
use pagerdrill::game::bridge::{Session, TICK_HZ};
use pagerdrill::game::catalog::Catalog;
use pagerdrill::game::picker::Picker;
use pagerdrill::game::profile::Profile;
use pagerdrill::game::screen::Screen;
use pagerdrill::game::screens::postmortem::{self, PostmortemUi};
use pagerdrill::game::screens::shift::dialogs::{Dialog, Effect};
use pagerdrill::game::screens::shift::handover;
use pagerdrill::game::screens::shift::{ShiftUi, visible_alerts};
use pagerdrill::game::ui::fonts;
use pagerdrill::score::redteam::play_scored;
use pagerdrill::sim::script::Script;
use pagerdrill::sim::{Action, AlertRef, AlertState, Filing, Moment, Task};

/// The game without a window, and the egui context its screens draw into.
struct Game {
    app: App,
    ctx: egui::Context,
    /// Every key and text event sent, for the failure message.
    typed: Vec<String>,
}

fn key(k: Key, modifiers: Modifiers) -> Event {
    Event::Key {
        key: k,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}

impl Game {
    fn new() -> Game {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, StatesPlugin))
            .insert_resource(Catalog::builtin())
            .insert_resource(Profile::default())
            .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::ZERO))
            .insert_resource(FontsReady)
            .init_resource::<EguiUserTextures>();
        app.add_plugins((pagerdrill::game::plugin, pagerdrill::game::screens_plugin));
        // A frame may stand for many fixed steps while the test waits for the next one.
        app.world_mut()
            .resource_mut::<Time<Virtual>>()
            .set_max_delta(Duration::from_secs(3600));
        let entity = app.world_mut().spawn(PrimaryEguiContext).id();
        let ctx = app
            .world_mut()
            .get_mut::<EguiContext>(entity)
            .expect("context")
            .get_mut()
            .clone();
        ctx.set_fonts(fonts::from_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets"),
        ));
        let mut g = Game {
            app,
            ctx,
            typed: Vec::new(),
        };
        g.frame(Vec::new());
        g
    }

    /// One frame: the app updates, then the screens draw with these input events.
    fn frame(&mut self, events: Vec<Event>) {
        self.app.update();
        for e in &events {
            self.typed.push(match e {
                Event::Key { key, modifiers, .. } if modifiers.command => {
                    format!("Ctrl+{}", key.name())
                }
                Event::Key { key, .. } => key.name().to_owned(),
                Event::Text(t) => format!("{t:?}"),
                other => format!("{other:?}"),
            });
        }
        self.ctx.begin_pass(RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 900.0))),
            events,
            ..RawInput::default()
        });
        self.app.world_mut().run_schedule(EguiPrimaryContextPass);
        self.ctx.end_pass().textures_delta.clear();
    }

    fn press(&mut self, k: Key) {
        self.frame(vec![key(k, Modifiers::NONE)]);
    }

    fn type_text(&mut self, text: &str) {
        self.frame(vec![Event::Text(text.to_owned())]);
    }

    fn screen(&self) -> Screen {
        *self.app.world().resource::<State<Screen>>().get()
    }

    fn session(&self) -> &Session {
        self.app.world().resource::<Session>()
    }

    fn ui(&self) -> &ShiftUi {
        self.app.world().resource::<ShiftUi>()
    }

    fn idle_until(&mut self, what: &str, done: impl Fn(&Game) -> bool) {
        for _ in 0..50 {
            if done(self) {
                return;
            }
            self.frame(Vec::new());
        }
        panic!(
            "never reached: {what}; keys so far: {}",
            self.typed.join(" ")
        );
    }

    /// Lets the shift clock run to game second `t`, then stops real time so that the keys that
    /// follow land at `t`. A long wait runs at the console's top speed up to a few minutes short
    /// of `t` (a day-long shift would otherwise take thousands of frames), and the rest at the
    /// slow speed that can stop on any second.
    fn run_clock_to(&mut self, t: u32) {
        const NEAR: u32 = 300;
        if t.saturating_sub(self.session().now()) > 2 * NEAR {
            // A new speed shows a frame after its key: settle before reading it.
            let mut before = 0.0;
            while self.session().rate() > before {
                before = self.session().rate();
                self.press(Key::Plus);
                self.frame(Vec::new());
            }
            // Whole fast steps only, none that could pass the slow stretch.
            let per_step = self.session().rate() / TICK_HZ;
            let mut guard = 0;
            while self.screen() == Screen::Shift {
                let left = f64::from((t - NEAR).saturating_sub(self.session().now()));
                let steps = (left / per_step).floor().min(600.0) - 1.0;
                if steps < 1.0 {
                    break;
                }
                self.app.insert_resource(TimeUpdateStrategy::ManualDuration(
                    Duration::from_secs_f64(steps / TICK_HZ),
                ));
                self.frame(Vec::new());
                guard += 1;
                assert!(guard < 100_000, "the clock never neared {t}");
            }
            self.app
                .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::ZERO));
            for _ in 0..16 {
                if self.screen() != Screen::Shift || self.session().rate() <= TICK_HZ {
                    break;
                }
                self.press(Key::Minus);
                self.frame(Vec::new());
            }
        }
        self.run_steps_to(t);
    }

    /// Runs the clock at its current speed to game second `t`, as many fixed steps a frame as
    /// cannot overshoot it.
    fn run_steps_to(&mut self, t: u32) {
        let per_step = self.session().rate() / TICK_HZ;
        let mut guard = 0;
        while self.screen() == Screen::Shift && self.session().now() < t {
            // The fraction a step leaves behind can add up to one more second.
            let left = f64::from(t - self.session().now());
            let steps = ((left - 1.0) / per_step).floor().clamp(1.0, 600.0);
            self.app
                .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(
                    steps / TICK_HZ,
                )));
            self.frame(Vec::new());
            guard += 1;
            assert!(guard < 100_000, "the clock never reached {t}");
        }
        self.app
            .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::ZERO));
        // The frame that moved the clock may have drawn before the bridge refreshed the view.
        self.frame(Vec::new());
        if self.screen() == Screen::Shift {
            assert_eq!(self.session().now(), t, "the clock overshot");
        }
    }

    /// With a picker open, moves to the row whose effect is `want` and takes it.
    fn pick(&mut self, want: &Effect) {
        let Some(Dialog::Pick(p)) = self.ui().dialog.clone() else {
            panic!(
                "no picker open for {want:?}; keys so far: {}",
                self.typed.join(" ")
            );
        };
        let shown = p.shown();
        let i = shown
            .iter()
            .position(|c| &c.does == want)
            .unwrap_or_else(|| panic!("{want:?} is not offered by \"{}\"", p.title));
        for _ in 0..i {
            self.press(Key::ArrowDown);
        }
        self.press(Key::Enter);
        if !matches!(want, Effect::Answers(_)) {
            assert!(self.ui().dialog.is_none(), "the picker stayed open");
        }
    }

    fn select_service(&mut self, id: &str) {
        if self.ui().selected_service.as_deref() == Some(id) {
            return;
        }
        self.press(Key::G);
        self.pick(&Effect::Service(id.to_owned()));
    }

    fn choose_person(&mut self, id: &str) {
        if self.ui().person.as_deref() == Some(id) {
            return;
        }
        self.press(Key::C);
        self.pick(&Effect::Person(id.to_owned()));
    }

    fn choose_mitigation(&mut self, m: pagerdrill::scenario::Mitigation) {
        let i = pagerdrill::scenario::Mitigation::ALL
            .iter()
            .position(|x| *x == m)
            .expect("a mitigation");
        if self.ui().mitigation != i {
            self.press(Key::N);
            self.pick(&Effect::Mitigation(i));
        }
    }

    fn set_time_box(&mut self, minutes: u32) {
        if self.ui().time_box != minutes {
            self.press(Key::B);
            self.pick(&Effect::TimeBox(minutes));
        }
    }

    /// Moves the pager's selection onto the alert the reference points at, with J and K.
    fn select_alert(&mut self, r: &AlertRef) {
        let view = self.session().view().clone();
        let target = match r {
            AlertRef::Id(n) => *n,
            AlertRef::Rule(rule) => {
                let of_rule = |s: &dyn Fn(AlertState) -> bool| {
                    view.alerts
                        .iter()
                        .find(|a| &a.rule == rule && s(a.state))
                        .map(|a| a.id)
                };
                of_rule(&|s| s == AlertState::Firing)
                    .or_else(|| of_rule(&|s| s != AlertState::Resolved))
                    .unwrap_or_else(|| panic!("no open alert of {rule} on screen"))
            }
        };
        let oldest = view
            .alerts
            .iter()
            .filter(|a| a.pages_me && a.page_open && a.state == AlertState::Firing)
            .map(|a| a.id)
            .min();
        if oldest == Some(target) && self.ui().selected_alert != Some(target) {
            self.press(Key::O);
        }
        for _ in 0..view.alerts.len() + 5 {
            let st = self.ui().clone();
            if st.selected_alert == Some(target) {
                return;
            }
            let list = visible_alerts(&view, &st);
            let want = list
                .iter()
                .position(|a| a.id == target)
                .unwrap_or_else(|| panic!("alert #{target} is not in the pager"));
            let at = st
                .selected_alert
                .and_then(|id| list.iter().position(|a| a.id == id));
            self.press(if at.is_some_and(|p| p > want) {
                Key::K
            } else {
                Key::J
            });
        }
        panic!("could not select alert #{target}");
    }

    /// Does a script step the way a player at the keyboard would.
    fn act(&mut self, action: &Action) {
        let owner = |g: &Game, service: &str| {
            g.session()
                .view()
                .services
                .iter()
                .find(|s| s.id == service)
                .and_then(|s| s.owner.clone())
        };
        match action {
            Action::Acknowledge { alert } => {
                self.select_alert(alert);
                self.press(Key::A);
            }
            Action::Snooze { alert, minutes } => {
                assert_eq!(*minutes, 15, "the console snoozes for 15 minutes");
                self.select_alert(alert);
                self.press(Key::Z);
            }
            Action::FlagNoise { alert } => {
                self.select_alert(alert);
                self.press(Key::F);
            }
            Action::Escalate { alert } => {
                self.select_alert(alert);
                self.press(Key::E);
            }
            Action::Inspect { service } => {
                self.select_service(service);
                self.press(Key::I);
            }
            Action::ReadRunbook { service } => {
                self.select_service(service);
                self.press(Key::R);
            }
            Action::UpdateRunbook { service, step } => {
                self.select_service(service);
                self.press(Key::U);
                self.type_text(step);
                self.press(Key::Enter);
            }
            Action::PageRotation { team, service }
                if owner(self, service).as_ref() == Some(team) =>
            {
                self.select_service(service);
                self.press(Key::P);
            }
            Action::PageRotation { service, .. }
            | Action::PageWholeTeam { service, .. }
            | Action::PagePerson { service, .. } => {
                self.select_service(service);
                self.press(Key::Y);
                self.pick(&Effect::Act(action.clone()));
            }
            Action::Pair { with, .. } => {
                self.choose_person(with);
                self.press(Key::W);
                self.pick(&Effect::Act(action.clone()));
            }
            Action::Declare { severity, title } => {
                let i = [
                    pagerdrill::scenario::Severity::Sev1,
                    pagerdrill::scenario::Severity::Sev2,
                    pagerdrill::scenario::Severity::Sev3,
                    pagerdrill::scenario::Severity::Sev4,
                ]
                .iter()
                .position(|s| s == severity)
                .expect("a severity");
                if self.ui().severity != i {
                    self.press(Key::V);
                    self.pick(&Effect::Severity(i));
                }
                self.press(Key::D);
                self.frame(vec![key(Key::A, Modifiers::COMMAND)]);
                self.type_text(title);
                self.press(Key::Enter);
            }
            Action::SetSeverity { .. } => {
                self.press(Key::V);
                self.pick(&Effect::Act(action.clone()));
            }
            Action::AssignRole { person, .. } => {
                self.choose_person(person);
                self.press(Key::L);
                self.pick(&Effect::Act(action.clone()));
            }
            Action::Delegate {
                person,
                task,
                minutes,
            } => {
                self.choose_person(person);
                match task {
                    Task::Investigate { service } => self.select_service(service),
                    Task::Mitigate {
                        service,
                        mitigation,
                    } => {
                        self.select_service(service);
                        self.choose_mitigation(*mitigation);
                    }
                    Task::Communicate => {
                        if self.ui().selected_service.is_none() {
                            self.press(Key::Tab);
                        }
                    }
                }
                self.set_time_box(*minutes);
                self.press(Key::T);
                self.pick(&Effect::Act(action.clone()));
            }
            Action::PostStatus {
                text,
                audience,
                state,
                impact,
                working_on,
                next_update_minutes,
            } => {
                // Services are added one at a time: each selected on the map, then Ctrl+B in the
                // composer, which keeps what it holds when closed.
                for s in working_on {
                    self.select_service(s);
                    self.press(Key::S);
                    self.frame(vec![key(Key::B, Modifiers::COMMAND)]);
                    self.press(Key::Escape);
                }
                assert_eq!(&self.ui().working_on, working_on);
                self.press(Key::S);
                // Each choice cycles through a short list: a value not on it is a script the
                // console cannot play.
                for _ in 0..=16 {
                    if self.ui().impact == *impact {
                        break;
                    }
                    self.frame(vec![key(Key::I, Modifiers::COMMAND)]);
                }
                assert_eq!(
                    self.ui().impact,
                    *impact,
                    "the composer offers no such impact"
                );
                for _ in 0..=16 {
                    if self.ui().next_update == *next_update_minutes {
                        break;
                    }
                    self.frame(vec![key(Key::U, Modifiers::COMMAND)]);
                }
                assert_eq!(
                    self.ui().next_update,
                    *next_update_minutes,
                    "the composer offers no such next update"
                );
                if self.ui().audience != *audience {
                    self.frame(vec![key(Key::E, Modifiers::COMMAND)]);
                }
                if let Some(st) = state {
                    let i = pagerdrill::sim::StatusState::ALL
                        .iter()
                        .position(|x| x == st)
                        .expect("a stage");
                    let digits = [Key::Num1, Key::Num2, Key::Num3, Key::Num4];
                    self.frame(vec![key(digits[i], Modifiers::COMMAND)]);
                }
                // Whatever a stage filled in is replaced by the script's own words.
                self.frame(vec![key(Key::A, Modifiers::COMMAND)]);
                self.type_text(text);
                self.press(Key::Enter);
            }
            Action::Mitigate {
                service,
                mitigation,
            } => {
                self.select_service(service);
                self.choose_mitigation(*mitigation);
                self.press(Key::M);
            }
            Action::Restore { service, backup } => {
                self.select_service(service);
                self.frame(vec![key(Key::R, Modifiers::SHIFT)]);
                self.pick(&Effect::Act(Action::Restore {
                    service: service.clone(),
                    backup: backup.clone(),
                }));
            }
            Action::AskVendor {
                service,
                mitigation,
            } => {
                self.select_service(service);
                self.choose_mitigation(*mitigation);
                self.frame(vec![key(Key::M, Modifiers::SHIFT)]);
            }
            Action::HandOver { to, briefing } => {
                self.choose_person(to);
                self.press(Key::H);
                self.brief(briefing);
            }
            Action::Resolve => {
                self.press(Key::X);
                self.press(Key::Enter);
            }
            Action::Reply { ask, .. } => {
                self.press(Key::Enter);
                // With several questions waiting, the first list is of questions.
                if let Some(Dialog::Pick(p)) = self.ui().dialog.clone()
                    && p.choices
                        .iter()
                        .any(|c| matches!(c.does, Effect::Answers(_)))
                {
                    self.pick(&Effect::Answers(ask.clone()));
                }
                self.pick(&Effect::Act(action.clone()));
            }
            Action::EndShift | Action::Answer { .. } | Action::MarkMoment { .. } => {
                panic!("{action:?} is not a shift-console step")
            }
            Action::Fire { .. }
            | Action::Say { .. }
            | Action::Hint { .. }
            | Action::Note { .. }
            | Action::Pause
            | Action::Resume
            | Action::SetSpeed { .. } => {
                panic!("{action:?} is the facilitator's, not a player's")
            }
        }
        // One more frame carries the last intent into the engine.
        self.frame(Vec::new());
        if let Some((why, at)) = self.session().rejection()
            && *at == self.session().now()
        {
            panic!(
                "{action:?} was refused: {why}; keys so far: {}",
                self.typed.join(" ")
            );
        }
    }

    /// The open handover window's draft.
    fn draft(&self) -> handover::Draft {
        match self.ui().dialog.clone() {
            Some(Dialog::Handover(d)) => d,
            other => panic!("no handover window open: {other:?}"),
        }
    }

    /// Moves the handover window's highlight to a row with Up and Down.
    fn move_to_row(&mut self, row: usize) {
        while self.draft().row > row {
            self.press(Key::ArrowUp);
        }
        while self.draft().row < row {
            self.press(Key::ArrowDown);
        }
    }

    /// Fills in the handover window as the briefing says, reading its rows, then hands over.
    fn brief(&mut self, b: &pagerdrill::sim::HandoverBriefing) {
        let view = self.session().view().clone();
        let to = self.draft().to;
        let people = handover::involved(&view, &to);
        for w in &b.working {
            let row = people
                .iter()
                .position(|(p, _)| p == w)
                .unwrap_or_else(|| panic!("{w} is not in the handover window: {people:?}"));
            self.move_to_row(row);
            self.press(Key::Space);
        }
        self.move_to_row(people.len());
        let suspect = b.suspect.as_ref().map_or(0, |s| {
            1 + view
                .services
                .iter()
                .position(|x| &x.id == s)
                .expect("a service on the map")
        });
        while self.draft().suspect != suspect {
            self.press(Key::ArrowRight);
        }
        self.move_to_row(people.len() + 1);
        let next = handover::NEXT_UPDATE
            .iter()
            .position(|m| *m == b.next_update_minutes)
            .expect("a next-update time the window offers");
        while self.draft().next != next {
            self.press(Key::ArrowRight);
        }
        self.press(Key::Enter);
        assert!(
            self.ui().dialog.is_none(),
            "the handover window stayed open"
        );
    }

    fn pm(&self) -> &PostmortemUi {
        self.app.world().resource::<PostmortemUi>()
    }

    /// Moves the postmortem's highlight to an item (the moments first, then the questions).
    fn move_to_item(&mut self, item: usize) {
        while self.pm().at > item {
            self.press(Key::ArrowUp);
        }
        while self.pm().at < item {
            self.press(Key::ArrowDown);
        }
    }

    /// Marks a moment: its row, Enter for the log, the clock typed to narrow it, Down to the line.
    fn mark(&mut self, moment: Moment, at: u32) {
        let m = Moment::ALL
            .iter()
            .position(|x| *x == moment)
            .expect("a moment");
        self.move_to_item(m);
        self.press(Key::Enter);
        let view = self.session().view().clone();
        let clock = pagerdrill::sim::view::clock(view.shift_start, at);
        self.type_text(&clock);
        let shown = postmortem::log_lines(&view, &clock);
        let row = shown
            .iter()
            .position(|(t, _)| *t == at)
            .unwrap_or_else(|| panic!("no log line at {clock} to mark {moment:?} from"));
        for _ in 0..row {
            self.press(Key::ArrowDown);
        }
        self.press(Key::Enter);
        self.frame(Vec::new());
        let marked = self.session().view().marked_moments.clone();
        assert!(
            marked.contains(&(moment, at)),
            "{moment:?} not marked: {marked:?}"
        );
    }

    /// Answers a postmortem question with one option, or (contributing factors) several, filing
    /// an action item as given: the digits, K, O and P as often as it takes, then Enter.
    fn answer(&mut self, question: &str, options: &[String], filing: Option<&Filing>) {
        let qs = self.session().view().postmortem.clone();
        let qi = qs
            .iter()
            .position(|q| q.id == question)
            .expect("a question");
        self.move_to_item(Moment::ALL.len() + qi);
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
        for option in options {
            let oi = qs[qi]
                .options
                .iter()
                .position(|(id, _)| id == option)
                .expect("an option");
            self.press(digits[oi]);
        }
        if qs[qi].asks == pagerdrill::scenario::Asks::Factors {
            self.press(Key::Enter);
        }
        if let Some(f) = filing {
            let view = self.session().view().clone();
            let kind = pagerdrill::scenario::ItemKind::ALL
                .iter()
                .position(|k| *k == f.kind)
                .expect("a kind");
            let owner = view
                .teams
                .iter()
                .position(|t| t.id == f.owner)
                .expect("a team");
            let priority = pagerdrill::scenario::ItemPriority::ALL
                .iter()
                .position(|p| *p == f.priority)
                .expect("a priority");
            for (k, times) in [(Key::K, kind), (Key::O, owner), (Key::P, priority)] {
                for _ in 0..=times {
                    self.press(k);
                }
            }
            self.press(Key::Enter);
        }
        self.frame(Vec::new());
        let answered = self.session().view().postmortem[qi].picked.clone();
        assert_eq!(&answered, options, "{question} not answered");
        let filed = self.session().view().postmortem[qi].filing.clone();
        assert_eq!(filed.as_ref(), filing, "{question} not filed");
    }
}

fn play_by_keyboard(index: usize, script: &Script) -> pagerdrill::score::Report {
    let mut g = Game::new();
    assert_eq!(g.screen(), Screen::Title);
    g.press(Key::Enter);
    g.idle_until("the scenario list", |g| g.screen() == Screen::Select);
    while g.app.world().resource::<Picker>().chosen < index {
        g.press(Key::ArrowDown);
    }
    g.press(Key::Enter);
    g.idle_until("the briefing", |g| g.screen() == Screen::Briefing);
    g.press(Key::Enter);
    g.idle_until("the shift", |g| g.screen() == Screen::Shift);
    // Slow the clock until a fixed step is at most one game second, so that every second can be
    // stopped at. The speed is not part of the report.
    for _ in 0..8 {
        if g.session().rate() <= TICK_HZ {
            break;
        }
        g.press(Key::Minus);
        g.frame(Vec::new());
    }
    assert!(
        g.session().rate() <= TICK_HZ,
        "the console cannot slow this shift to one game second a step"
    );
    let end = g.session().end();
    let mut answered: Vec<String> = Vec::new();
    for step in &script.actions {
        assert!(step.by.is_none(), "good playthroughs are the player's own");
        let at = step.at_seconds();
        match &step.action {
            Action::MarkMoment { moment, at } => {
                g.run_clock_to(end);
                g.idle_until("the postmortem", |g| g.screen() == Screen::Postmortem);
                g.mark(*moment, *at);
                continue;
            }
            Action::Answer { question, .. } => {
                g.run_clock_to(end);
                g.idle_until("the postmortem", |g| g.screen() == Screen::Postmortem);
                // Contributing factors are ticked together and handed in at once; the script
                // lists them one per line.
                if answered.contains(question) {
                    continue;
                }
                answered.push(question.clone());
                let mut filing = None;
                let options: Vec<String> = script
                    .actions
                    .iter()
                    .filter_map(|s| match &s.action {
                        Action::Answer {
                            question: q,
                            option,
                            filing: f,
                        } if q == question => {
                            filing = filing.clone().or(f.clone());
                            Some(option.clone())
                        }
                        _ => None,
                    })
                    .collect();
                g.answer(question, &options, filing.as_ref());
                continue;
            }
            _ => {}
        }
        assert!(at < end, "a console step after the shift: {step:?}");
        g.run_clock_to(at);
        g.act(&step.action);
    }
    g.run_clock_to(end);
    g.idle_until("the postmortem", |g| g.screen() == Screen::Postmortem);
    g.press(Key::Enter);
    g.idle_until("the debrief", |g| {
        g.screen() == Screen::Debrief && g.session().report().is_some()
    });
    g.session().report().cloned().expect("a report")
}

#[test]
fn every_good_playthrough_played_with_keys_only_reaches_the_report_run_gives() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (i, s) in Catalog::builtin().0.iter().enumerate() {
        let script = pagerdrill::cli::load_script_file(
            &root.join(format!("tests/playthroughs/{}-good.ron", s.id)),
        )
        .expect("good run");
        let report = play_by_keyboard(i, &script);
        let expected = play_scored(s, &script, 1);
        assert_eq!(
            serde_json::to_string_pretty(&report).expect("json"),
            serde_json::to_string_pretty(&expected).expect("json"),
            "{}: the keyboard and the headless runner disagree",
            s.id
        );
    }
}
