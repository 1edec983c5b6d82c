//! The UI panels are plain functions over data: exercised here on a bare egui context, no window.
//! Keys become the right intents; every screen draws for every scenario.

use bevy_egui::egui::{self, Event, Key, Modifiers, RawInput, Rect, pos2, vec2};

use pagerdrill::game::catalog::Catalog;
use pagerdrill::game::intent::Intent;
use pagerdrill::game::persistence::Settings;
use pagerdrill::game::picker::Picker;
use pagerdrill::game::profile::Profile;
use pagerdrill::game::screen::Screen;
use pagerdrill::game::screens::postmortem::PostmortemUi;
use pagerdrill::game::screens::shift::ShiftUi;
use pagerdrill::game::screens::{briefing, debrief, postmortem, select, settings, shift, title};
use pagerdrill::game::ui::{fonts, theme};
use pagerdrill::scenario::{Asks, pack};
use pagerdrill::sim::{Action, AlertRef, AlertState, Briefing, World};

fn input(keys: &[Key]) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 900.0))),
        events: keys
            .iter()
            .map(|k| Event::Key {
                key: *k,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::NONE,
            })
            .collect(),
        ..RawInput::default()
    }
}

/// An egui context with the game's fonts from `assets/fonts`, as the game installs them.
fn context() -> egui::Context {
    let ctx = egui::Context::default();
    ctx.set_fonts(fonts::from_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets"),
    ));
    ctx
}

/// Runs one egui frame; the texture changes a renderer would upload are discarded.
fn run(ctx: &egui::Context, input: RawInput, f: impl FnMut(&mut egui::Ui)) {
    ctx.run_ui(input, f).textures_delta.clear();
}

fn status() -> shift::ShiftStatus {
    shift::ShiftStatus {
        paused: false,
        may_pause: true,
        rate: 20.0,
        speed: 1.0,
        rejection: None,
        game_day: None,
    }
}

/// Draws the shift screen once with the given keys pressed and returns the intents raised.
fn shift_frame(world: &World, st: &mut ShiftUi, keys: &[Key]) -> Vec<Intent> {
    let ctx = context();
    let view = world.view(&world.scenario().player);
    let pal = theme::Palette::new(false);
    let mut out = Vec::new();
    // The first pass lays out; the second carries the key presses, as a real frame would.
    run(&ctx, input(&[]), |ui| {
        shift::shift(ui, &view, st, &status(), &pal, &mut Vec::new())
    });
    run(&ctx, input(keys), |ui| {
        shift::shift(ui, &view, st, &status(), &pal, &mut out)
    });
    out
}

fn tutorial_at(minute: u32) -> World {
    let mut w = World::new(pack::find("first-page").expect("tutorial"), 1, &[]).expect("world");
    w.advance_to(minute * 60);
    w
}

#[test]
fn keys_on_the_selected_alert_become_actions() {
    let w = tutorial_at(9);
    let alert = w
        .view("you")
        .alerts
        .first()
        .map(|a| a.id)
        .expect("the page has fired");
    let mut st = ShiftUi {
        selected_alert: Some(alert),
        selected_service: Some("storefront".into()),
        ..ShiftUi::default()
    };
    let out = shift_frame(&w, &mut st, &[Key::A, Key::I, Key::Space]);
    assert!(
        out.contains(&Intent::Act(Action::Acknowledge {
            alert: AlertRef::Id(alert)
        })),
        "{out:?}"
    );
    assert!(
        out.contains(&Intent::Act(Action::Inspect {
            service: "storefront".into()
        })),
        "{out:?}"
    );
    assert!(out.contains(&Intent::TogglePause), "{out:?}");
}

#[test]
fn arrow_keys_move_through_the_pager_and_p_pages_the_owners() {
    let w = tutorial_at(30);
    let mut st = ShiftUi {
        newest_first: true,
        show_resolved: true,
        ..ShiftUi::default()
    };
    let _ = shift_frame(&w, &mut st, &[Key::ArrowDown]);
    let first = st.selected_alert.expect("an alert is selected");
    let service = st.selected_service.clone().expect("and its service");
    let owner = w
        .scenario()
        .services
        .iter()
        .find(|s| s.id == service)
        .and_then(|s| s.owner.clone())
        .expect("owned");
    let out = shift_frame(&w, &mut st, &[Key::P]);
    assert!(
        out.contains(&Intent::Act(Action::PageRotation {
            team: owner,
            service
        })),
        "{out:?}"
    );
    let _ = shift_frame(&w, &mut st, &[Key::ArrowDown]);
    assert_ne!(
        st.selected_alert,
        Some(first),
        "down moves to the next alert"
    );
}

fn key(k: Key) -> Event {
    Event::Key {
        key: k,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    }
}

/// Frames of the shift screen on one context, each with its own events; the intents raised.
fn shift_frames(world: &World, st: &mut ShiftUi, frames: Vec<Vec<Event>>) -> Vec<Intent> {
    let ctx = context();
    let view = world.view(&world.scenario().player);
    let pal = theme::Palette::new(false);
    let mut out = Vec::new();
    for events in std::iter::once(Vec::new()).chain(frames) {
        let mut raw = input(&[]);
        raw.events = events;
        run(&ctx, raw, |ui| {
            shift::shift(ui, &view, st, &status(), &pal, &mut out)
        });
    }
    out
}

#[test]
fn d_opens_the_declare_window_and_enter_declares_with_the_chosen_severity() {
    let w = tutorial_at(9);
    let mut st = ShiftUi {
        severity: 1,
        selected_service: Some("storefront".into()),
        ..ShiftUi::default()
    };
    let out = shift_frames(
        &w,
        &mut st,
        vec![
            vec![key(Key::D)],
            vec![key(Key::ArrowUp)],
            vec![key(Key::Enter)],
        ],
    );
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(
        matches!(&out[0], Intent::Act(Action::Declare {
                severity: pagerdrill::scenario::Severity::Sev1,
                title,
            }) if title.contains("Storefront")),
        "Up raised the severity to Sev1 and the title names the service: {out:?}"
    );
    assert!(st.dialog.is_none(), "the window closes once declared");
}

#[test]
fn s_opens_the_status_window_and_enter_posts_what_was_typed() {
    let w = tutorial_at(9);
    let mut st = ShiftUi {
        selected_service: Some("storefront".into()),
        ..ShiftUi::default()
    };
    let out = shift_frames(
        &w,
        &mut st,
        vec![
            vec![key(Key::S)],
            vec![Event::Text("Checkout is slow; we are on it.".into())],
            vec![key(Key::Enter)],
        ],
    );
    assert_eq!(
        out,
        vec![Intent::Act(Action::PostStatus {
            text: "Checkout is slow; we are on it.".into(),
            audience: pagerdrill::sim::Audience::Internal,
            state: None,
            impact: None,
            working_on: Vec::new(),
            next_update_minutes: None,
        })]
    );
    assert!(
        st.status_text.is_empty(),
        "a posted update leaves the box empty"
    );
}

#[test]
fn esc_closes_a_window_without_doing_anything() {
    let w = tutorial_at(9);
    let mut st = ShiftUi {
        selected_service: Some("storefront".into()),
        ..ShiftUi::default()
    };
    let out = shift_frames(
        &w,
        &mut st,
        vec![
            vec![key(Key::D)],
            vec![key(Key::Escape)],
            vec![key(Key::X)],
            vec![key(Key::G)],
            vec![key(Key::Escape)],
        ],
    );
    assert!(out.is_empty(), "{out:?}");
    assert!(st.dialog.is_none(), "{:?}", st.dialog);
}

#[test]
fn t_delegates_from_a_picker_u_adds_the_players_own_step_and_h_hands_over() {
    let w = tutorial_at(9);
    let mut st = ShiftUi {
        selected_service: Some("recommendations".into()),
        person: Some("tom".into()),
        mitigation: 0,
        time_box: 15,
        ..ShiftUi::default()
    };
    let step = "If recommendations times out after a deploy, roll the deploy back first.";
    let out = shift_frames(
        &w,
        &mut st,
        vec![
            vec![key(Key::T)],
            vec![key(Key::Num2)],
            vec![key(Key::U)],
            vec![Event::Text(step.into())],
            vec![key(Key::Enter)],
            vec![key(Key::H)],
            vec![key(Key::Enter)],
        ],
    );
    assert_eq!(
        out,
        vec![
            Intent::Act(Action::Delegate {
                person: "tom".into(),
                task: pagerdrill::sim::Task::Mitigate {
                    service: "recommendations".into(),
                    mitigation: pagerdrill::scenario::Mitigation::Rollback
                },
                minutes: 15,
            }),
            Intent::Act(Action::UpdateRunbook {
                service: "recommendations".into(),
                step: step.into()
            }),
            // Enter at once hands over with nothing said: the briefing is the player's to give.
            Intent::Act(Action::HandOver {
                to: "tom".into(),
                briefing: Default::default()
            }),
        ]
    );
}

#[test]
fn an_empty_runbook_step_is_never_added() {
    let w = tutorial_at(9);
    let mut st = ShiftUi {
        selected_service: Some("recommendations".into()),
        ..ShiftUi::default()
    };
    let out = shift_frames(
        &w,
        &mut st,
        vec![
            vec![key(Key::U)],
            vec![Event::Text("   ".into())],
            vec![key(Key::Enter)],
        ],
    );
    assert!(out.is_empty(), "{out:?}");
}

#[test]
fn pickers_choose_by_typing_and_enter() {
    let w = tutorial_at(9);
    let mut st = ShiftUi::default();
    // G, type part of a name, Enter: that service is selected.
    shift_frames(
        &w,
        &mut st,
        vec![
            vec![key(Key::G)],
            vec![Event::Text("recomm".into())],
            vec![key(Key::Enter)],
            vec![key(Key::C)],
            vec![Event::Text("priy".into())],
            vec![key(Key::Enter)],
            vec![key(Key::N)],
            vec![key(Key::ArrowDown)],
            vec![key(Key::Enter)],
            vec![key(Key::B)],
            vec![key(Key::Num5)],
        ],
    );
    assert_eq!(st.selected_service.as_deref(), Some("recommendations"));
    assert_eq!(st.person.as_deref(), Some("priya"));
    assert_eq!(
        st.mitigation, 1,
        "Down then Enter took the second mitigation"
    );
    assert_eq!(st.time_box, 30, "5 took the fifth time box");
}

#[test]
fn every_screen_draws_for_every_scenario() {
    let catalog = Catalog::builtin();
    let profile = Profile::default();
    let pal = theme::Palette::new(true);
    for s in &catalog.0 {
        let mut w = World::new(s.clone(), 2, &[]).expect("world");
        let ctx = context();
        let mut out = Vec::new();
        run(&ctx, input(&[]), |ui| {
            briefing::briefing(ui, &Briefing::of(s), 2, &mut out)
        });
        w.advance_to(w.end() / 2);
        let mut st = ShiftUi {
            show_resolved: true,
            ..ShiftUi::default()
        };
        for svc in &s.services {
            let _ = w.apply(
                &s.player,
                Action::Inspect {
                    service: svc.id.clone(),
                },
            );
        }
        st.selected_service = s.services.first().map(|x| x.id.clone());
        let view = w.view(&s.player);
        run(&ctx, input(&[]), |ui| {
            shift::shift(ui, &view, &mut st, &status(), &pal, &mut out)
        });
        w.finish();
        let view = w.view(&s.player);
        assert_eq!(view.postmortem.len(), s.postmortem.len());
        run(&ctx, input(&[]), |ui| {
            postmortem::postmortem(ui, &view, &mut Default::default(), &mut out)
        });
        let report = pagerdrill::score::score(&w);
        run(&ctx, input(&[]), |ui| {
            debrief::debrief(
                ui,
                &report,
                Some(50),
                1,
                true,
                &mut Default::default(),
                &pal,
                &mut out,
            )
        });
        assert!(out.is_empty(), "{}: drawing alone raised {out:?}", s.id);
    }
    let ctx = context();
    let mut out = Vec::new();
    let mut picker = Picker::default();
    run(&ctx, input(&[]), |ui| title::title(ui, &profile, &mut out));
    run(&ctx, input(&[]), |ui| {
        select::select(ui, &catalog, &profile, &mut picker, &mut out)
    });
    let mut settings = Settings::default();
    run(&ctx, input(&[]), |ui| {
        settings::settings(ui, &mut settings, &mut out)
    });
    assert!(out.is_empty(), "{out:?}");
}

#[test]
fn menus_answer_to_the_keyboard() {
    let catalog = Catalog::builtin();
    let profile = Profile::default();
    let ctx = context();
    let mut out = Vec::new();
    run(&ctx, input(&[Key::Enter]), |ui| {
        title::title(ui, &profile, &mut out)
    });
    assert_eq!(out, vec![Intent::Go(Screen::Select)]);
    out.clear();
    let mut picker = Picker::default();
    for keys in [&[Key::ArrowDown][..], &[Key::ArrowDown], &[Key::Enter]] {
        run(&ctx, input(keys), |ui| {
            select::select(ui, &catalog, &profile, &mut picker, &mut out)
        });
    }
    assert_eq!(
        out,
        vec![Intent::Choose {
            scenario: 2,
            seed: 1
        }]
    );

    let s = pack::find("first-page").expect("tutorial");
    let mut w = World::new(s.clone(), 1, &[]).expect("world");
    w.finish();
    out.clear();
    let view = w.view(&s.player);
    let moments = pagerdrill::sim::Moment::ALL.len();
    let single = view
        .postmortem
        .iter()
        .position(|q| matches!(q.asks, Asks::Finding | Asks::Response))
        .expect("a question with one answer");
    let mut pm = PostmortemUi {
        at: moments + single,
        ..PostmortemUi::default()
    };
    run(&ctx, input(&[Key::Num2]), |ui| {
        postmortem::postmortem(ui, &view, &mut pm, &mut out)
    });
    // 2 takes the second option as shown (the order is shuffled per seed).
    let q = &view.postmortem[single];
    assert_eq!(
        out,
        vec![Intent::Act(Action::Answer {
            question: q.id.clone(),
            option: q.options[1].0.clone(),
            filing: None,
        })]
    );
}

#[test]
fn the_postmortem_marks_moments_ticks_factors_and_files_items_by_keyboard() {
    let s = pack::find("major-incident").expect("major incident");
    let mut w = World::new(s.clone(), 1, &[]).expect("world");
    w.advance_to(20 * 60);
    w.finish();
    let view = w.view(&s.player);
    let ctx = context();
    let moments = pagerdrill::sim::Moment::ALL.len();
    let frames = |pm: &mut PostmortemUi, keys: &[&[Key]]| {
        let mut out = Vec::new();
        for k in keys {
            run(&ctx, input(k), |ui| {
                postmortem::postmortem(ui, &view, pm, &mut out)
            });
        }
        out
    };

    // Enter on a moment opens the log; Down, Enter marks the second line.
    let mut pm = PostmortemUi::default();
    let out = frames(&mut pm, &[&[Key::Enter], &[Key::ArrowDown], &[Key::Enter]]);
    let second = postmortem::log_lines(&view, "")[1].0;
    assert_eq!(
        out,
        vec![Intent::Act(Action::MarkMoment {
            moment: pagerdrill::sim::Moment::Detected,
            at: second
        })]
    );

    // Factors: digits tick and untick; Enter hands in what is ticked, one answer each.
    let fq = view
        .postmortem
        .iter()
        .position(|q| q.asks == Asks::Factors)
        .expect("a contributing-factors question");
    let mut pm = PostmortemUi {
        at: moments + fq,
        ..PostmortemUi::default()
    };
    let out = frames(
        &mut pm,
        &[
            &[Key::Num1],
            &[Key::Num3],
            &[Key::Num4],
            &[Key::Num4],
            &[Key::Enter],
        ],
    );
    let q = &view.postmortem[fq];
    let answer = |i: usize| {
        Intent::Act(Action::Answer {
            question: q.id.clone(),
            option: q.options[i].0.clone(),
            filing: None,
        })
    };
    assert_eq!(out, vec![answer(0), answer(2)]);

    // An action item: nothing is filed until its type, owner and priority are chosen.
    let aq = view
        .postmortem
        .iter()
        .position(|q| q.asks == Asks::ActionItem)
        .expect("an action-item question");
    let mut pm = PostmortemUi {
        at: moments + aq,
        ..PostmortemUi::default()
    };
    let out = frames(
        &mut pm,
        &[
            &[Key::Num2],
            &[Key::Enter],
            &[Key::K],
            &[Key::K],
            &[Key::O],
            &[Key::P],
            &[Key::Enter],
        ],
    );
    let q = &view.postmortem[aq];
    assert_eq!(
        out,
        vec![Intent::Act(Action::Answer {
            question: q.id.clone(),
            option: q.options[1].0.clone(),
            filing: Some(pagerdrill::sim::Filing {
                kind: pagerdrill::scenario::ItemKind::Mitigate,
                owner: view.teams[0].id.clone(),
                priority: pagerdrill::scenario::ItemPriority::P1,
            }),
        })]
    );
}

#[test]
fn pager_filters_and_sorts() {
    let mut w = World::new(pack::find("alert-storm").expect("storm"), 1, &[]).expect("world");
    w.advance_to(w.end() / 2);
    let view = w.view(&w.scenario().player);
    let all = shift::visible_alerts(
        &view,
        &ShiftUi {
            show_resolved: true,
            grouped: false,
            newest_first: true,
            ..ShiftUi::default()
        },
    );
    assert_eq!(all.len(), view.alerts.len());
    // Pages still waiting for me come first, oldest on top; the rest newest first.
    let waiting = |a: &&pagerdrill::sim::view::AlertView| {
        a.pages_me && a.page_open && a.state == AlertState::Firing
    };
    let split = all.iter().take_while(|a| waiting(a)).count();
    assert!(
        all[split..].iter().all(|a| !waiting(a)),
        "the waiting pages are together"
    );
    assert!(
        all[..split].windows(2).all(|p| p[0].id < p[1].id),
        "oldest waiting first"
    );
    assert!(
        all[split..].len() > 10 && all[split..].windows(2).all(|p| p[0].id > p[1].id),
        "then newest first"
    );
    let mine = shift::visible_alerts(
        &view,
        &ShiftUi {
            show_resolved: true,
            grouped: false,
            only_mine: true,
            ..ShiftUi::default()
        },
    );
    assert!(!mine.is_empty(), "the storm pages the player");
    assert_eq!(
        mine.len(),
        all.iter().filter(|a| a.pages_me).count(),
        "only mine keeps exactly the alerts that page me"
    );
    assert!(mine.iter().all(|a| a.pages_me));
    // The storm's alerts are all High; the central-ops shift mixes High and Medium.
    let mut mixed =
        World::new(pack::find("central-ops").expect("built in"), 1, &[]).expect("world");
    mixed.advance_to(30 * 60);
    let mixed_view = mixed.view(&mixed.scenario().player);
    let by_priority = shift::visible_alerts(
        &mixed_view,
        &ShiftUi {
            show_resolved: true,
            grouped: false,
            newest_first: false,
            ..ShiftUi::default()
        },
    );
    assert_eq!(by_priority.len(), mixed_view.alerts.len());
    assert!(
        by_priority
            .windows(2)
            .any(|p| p[0].priority != p[1].priority),
        "several priorities are open, so the order is tested"
    );
    let split = by_priority.iter().take_while(|a| waiting(a)).count();
    assert!(
        by_priority[split..]
            .windows(2)
            .all(|p| p[0].priority <= p[1].priority),
        "after my waiting pages, by priority"
    );
    let filtered = shift::visible_alerts(
        &view,
        &ShiftUi {
            show_resolved: true,
            grouped: false,
            filter: "message".into(),
            ..ShiftUi::default()
        },
    );
    assert!(
        !filtered.is_empty() && filtered.len() < all.len(),
        "the filter keeps some, not all"
    );
    assert!(
        filtered
            .iter()
            .all(|a| a.service.contains("message") || a.summary.to_lowercase().contains("message"))
    );
    // Grouped, a rule is one row, standing for its oldest firing alert, and the counts add up.
    let grouped_ui = ShiftUi {
        show_resolved: true,
        ..ShiftUi::default()
    };
    let grouped = shift::visible_alerts(&view, &grouped_ui);
    let rules: std::collections::BTreeSet<&str> =
        view.alerts.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(grouped.len(), rules.len(), "one row per rule");
    assert_eq!(
        grouped
            .iter()
            .map(|a| shift::group_size(&view, &grouped_ui, &a.rule))
            .sum::<usize>(),
        view.alerts.len()
    );
    for row in &grouped {
        let oldest_firing = view
            .alerts
            .iter()
            .filter(|a| a.rule == row.rule && a.state == AlertState::Firing)
            .map(|a| a.id)
            .min();
        if let Some(id) = oldest_firing {
            assert_eq!(row.id, id, "a rule's row is its oldest firing alert");
        }
    }
}

#[test]
fn tab_and_focused_buttons_never_take_the_games_keys() {
    let w = tutorial_at(9);
    let view = w.view("you");
    let ctx = context();
    let pal = theme::Palette::new(false);
    let mut st = ShiftUi {
        selected_service: Some("storefront".into()),
        ..ShiftUi::default()
    };
    let mut frame = |keys: &[Key]| {
        let mut out = Vec::new();
        run(&ctx, input(keys), |ui| {
            shift::shift(ui, &view, &mut st, &status(), &pal, &mut out)
        });
        out
    };
    frame(&[]);
    // Tab is "next service"; egui would also walk its focus onto a button or the filter box, after
    // which Space pressed that button and every letter went nowhere.
    for _ in 0..4 {
        frame(&[Key::Tab]);
    }
    assert_eq!(
        ctx.memory(|m| m.focused()),
        None,
        "Tab leaves no widget focused"
    );
    assert_eq!(frame(&[Key::Space]), vec![Intent::TogglePause]);
    let out = frame(&[Key::I]);
    assert!(
        matches!(out.as_slice(), [Intent::Act(Action::Inspect { .. })]),
        "{out:?}"
    );
    // Arrow keys move through the pager, not egui's focus.
    frame(&[Key::ArrowDown]);
    assert_eq!(ctx.memory(|m| m.focused()), None);
}

#[test]
fn my_waiting_page_comes_first_and_a_acknowledges_it_with_nothing_selected() {
    // Minute 12: my page (minute 8) is still waiting; a ticket about another service came later.
    let w = tutorial_at(12);
    let view = w.view("you");
    let mine = view
        .alerts
        .iter()
        .find(|a| a.pages_me && a.page_open)
        .map(|a| a.id)
        .expect("my page is waiting");
    assert!(
        view.alerts.iter().any(|a| a.id > mine && !a.pages_me),
        "a newer alert that is not mine is in the pager, so the order matters"
    );
    let list = shift::visible_alerts(&view, &ShiftUi::default());
    assert_eq!(list[0].id, mine, "newest first, but my waiting page on top");
    let mut st = ShiftUi::default();
    let out = shift_frame(&w, &mut st, &[Key::A]);
    assert_eq!(
        out,
        vec![Intent::Act(Action::Acknowledge {
            alert: AlertRef::Id(mine)
        })]
    );
}

#[test]
fn the_severity_chooser_shows_the_incidents_severity() {
    let mut w = tutorial_at(9);
    w.apply(
        "you",
        Action::Declare {
            severity: pagerdrill::scenario::Severity::Sev1,
            title: "storefront slow".into(),
        },
    )
    .expect("declared");
    // The chooser was left at its default, Sev2.
    let mut st = ShiftUi::default();
    assert_eq!(st.severity, 1);
    let out = shift_frame(&w, &mut st, &[]);
    assert!(out.is_empty(), "{out:?}");
    assert_eq!(st.severity, 0, "the chooser follows the declared Sev1");
    // The player may still pick another severity to set: it is not pulled back while the
    // incident's severity stays the same.
    st.severity = 2;
    shift_frame(&w, &mut st, &[]);
    assert_eq!(st.severity, 2);
}

#[test]
fn enter_on_the_debrief_plays_again_only_when_no_notice_is_open() {
    let s = pack::find("first-page").expect("tutorial");
    let mut w = World::new(s.clone(), 1, &[]).expect("world");
    w.finish();
    let report = pagerdrill::score::score(&w);
    let pal = theme::Palette::new(false);
    let press = |keys: bool| {
        let ctx = context();
        let mut out = Vec::new();
        run(&ctx, input(&[]), |ui| {
            debrief::debrief(
                ui,
                &report,
                None,
                1,
                keys,
                &mut Default::default(),
                &pal,
                &mut Vec::new(),
            )
        });
        run(&ctx, input(&[Key::Enter]), |ui| {
            debrief::debrief(
                ui,
                &report,
                None,
                1,
                keys,
                &mut Default::default(),
                &pal,
                &mut out,
            )
        });
        out
    };
    assert_eq!(press(true), vec![Intent::Again { new_seed: false }]);
    assert_eq!(press(false), Vec::new(), "a notice has the keyboard");
}

#[test]
fn one_person_in_two_roles_is_flagged_and_taking_command_frees_the_other_role() {
    use pagerdrill::scenario::{IncidentRole, Severity};
    let mut w = tutorial_at(9);
    for action in [
        Action::Declare {
            severity: Severity::Sev2,
            title: "storefront slow".into(),
        },
        Action::AssignRole {
            role: IncidentRole::Scribe,
            person: "sam".into(),
        },
    ] {
        w.apply("you", action).expect("applied");
    }
    let clashes = |w: &World| {
        let view = w.view("you");
        let inc = view.incident.clone().expect("declared");
        let name = |p: &str| {
            view.teams
                .iter()
                .flat_map(|t| t.members.clone())
                .find(|m| m.id == p)
                .map(|m| m.name)
                .unwrap_or_default()
        };
        (shift::role_clashes(&inc, name), inc.roles)
    };
    assert!(clashes(&w).0.is_empty(), "{:?}", clashes(&w).1);
    w.apply(
        "you",
        Action::AssignRole {
            role: IncidentRole::Communications,
            person: "sam".into(),
        },
    )
    .expect("a second role");
    let (warnings, roles) = clashes(&w);
    assert_eq!(warnings.len(), 1, "{roles:?}");
    let sam = w
        .view("you")
        .teams
        .iter()
        .flat_map(|t| t.members.clone())
        .find(|m| m.id == "sam")
        .map(|m| m.name)
        .expect("sam");
    assert!(
        warnings[0].starts_with(&format!("{sam} is ")),
        "{}",
        warnings[0]
    );
    // Command is a full-time job: the new commander's other roles fall vacant.
    w.apply(
        "you",
        Action::HandOver {
            to: "sam".into(),
            briefing: Default::default(),
        },
    )
    .expect("handed over");
    let (warnings, roles) = clashes(&w);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(roles.len(), 1, "{roles:?}");
}

#[test]
fn shift_a_acknowledges_every_firing_alert_of_the_rule_and_a_alone_one() {
    let mut w = World::new(pack::find("alert-storm").expect("storm"), 1, &[]).expect("world");
    // The first minute in which one rule has several alerts firing at once.
    let ids = (1..w.end() / 60)
        .find_map(|minute| {
            w.advance_to(minute * 60);
            let view = w.view(&w.scenario().player);
            let mut by_rule: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
            for a in view.alerts.iter().filter(|a| a.state == AlertState::Firing) {
                by_rule.entry(a.rule.clone()).or_default().push(a.id);
            }
            by_rule.into_values().find(|ids| ids.len() > 1)
        })
        .expect("the storm repeats a rule");
    let shift_a = Event::Key {
        key: Key::A,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::SHIFT,
    };
    let mut st = ShiftUi {
        selected_alert: Some(ids[0]),
        ..ShiftUi::default()
    };
    let all = shift_frames(&w, &mut st, vec![vec![shift_a]]);
    let want: Vec<Intent> = ids
        .iter()
        .map(|id| {
            Intent::Act(Action::Acknowledge {
                alert: AlertRef::Id(*id),
            })
        })
        .collect();
    assert_eq!(all, want);
    let mut st = ShiftUi {
        selected_alert: Some(ids[0]),
        ..ShiftUi::default()
    };
    let one = shift_frames(&w, &mut st, vec![vec![key(Key::A)]]);
    assert_eq!(one, want[..1].to_vec(), "A without Shift takes one");
}

#[test]
fn a_deduction_leads_to_its_moment_on_the_timeline() {
    let s = pack::find("first-page").expect("built in");
    let script = pagerdrill::cli::load_script_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/playthroughs/first-page-anti-fix-it-alone.ron"),
    )
    .expect("script");
    let report = pagerdrill::score::redteam::play_scored(&s, &script, 1);
    let mut lines: Vec<_> = report.feedback.iter().collect();
    lines.sort_by_key(|l| l.points);
    let second = lines
        .get(1)
        .and_then(|l| l.at)
        .expect("a second line with a moment");
    let ctx = context();
    let pal = theme::Palette::new(false);
    let mut st = debrief::DebriefUi::default();
    for keys in [vec![], vec![Key::J], vec![Key::T]] {
        run(&ctx, input(&keys), |ui| {
            debrief::debrief(ui, &report, None, 1, true, &mut st, &pal, &mut Vec::new())
        });
    }
    assert_eq!(st.line, 1, "J moved to the second line");
    assert_eq!(st.moment, Some(second), "T showed its moment");
    assert!(
        report.timeline.iter().any(|t| t.at == second),
        "the moment is on the timeline"
    );
}

#[test]
fn the_status_window_picks_the_audience_and_the_stage_by_keyboard() {
    let w = tutorial_at(9);
    let mut st = ShiftUi {
        // A service customers never see: a customer update must not name it.
        selected_service: Some("recommendations".into()),
        ..ShiftUi::default()
    };
    let ctrl = |k: Key| Event::Key {
        key: k,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    };
    let out = shift_frames(
        &w,
        &mut st,
        vec![
            vec![key(Key::S)],
            vec![ctrl(Key::E)],
            vec![ctrl(Key::Num2)],
            // How customers are doing: Ctrl+I steps through worse, no better, recovering.
            vec![ctrl(Key::I)],
            vec![ctrl(Key::I)],
            // The service selected on the map is being worked on.
            vec![ctrl(Key::B)],
            // Next update: 10, 15, 20 minutes.
            vec![ctrl(Key::U)],
            vec![ctrl(Key::U)],
            vec![ctrl(Key::U)],
            vec![key(Key::Enter)],
        ],
    );
    let [
        Intent::Act(Action::PostStatus {
            text,
            audience,
            state,
            impact,
            working_on,
            next_update_minutes,
        }),
    ] = out.as_slice()
    else {
        panic!("{out:?}")
    };
    assert_eq!(*audience, pagerdrill::sim::Audience::External);
    assert_eq!(*state, Some(pagerdrill::sim::StatusState::Identified));
    assert_eq!(*impact, Some(pagerdrill::sim::ImpactTrend::Steady));
    assert_eq!(working_on, &vec!["recommendations".to_owned()]);
    assert_eq!(*next_update_minutes, Some(20));
    assert!(text.starts_with("Identified:"), "{text}");
    let customer_facing = w
        .view("you")
        .services
        .iter()
        .find(|s| s.id == "recommendations")
        .expect("service")
        .customer_facing;
    assert_eq!(
        text.contains("Recommendations"),
        customer_facing,
        "the starting point names the service only if customers know it: {text}"
    );
}

#[test]
fn the_key_that_opens_a_picker_neither_types_into_it_nor_chooses_in_it() {
    let w = tutorial_at(9);
    let mut st = ShiftUi::default();
    // A real keyboard sends the letter as text too.
    shift_frames(
        &w,
        &mut st,
        vec![vec![key(Key::G), Event::Text("g".into())]],
    );
    match &st.dialog {
        Some(shift::Dialog::Pick(p)) => assert!(p.filter.is_empty(), "filter {:?}", p.filter),
        other => panic!("no picker: {other:?}"),
    }
}

#[test]
fn shift_m_opens_a_support_case_for_a_vendors_service_and_m_stays_for_your_own() {
    let mut s = pack::find("first-page").expect("tutorial").into_inner();
    s.format = 2;
    let team = s
        .teams
        .iter_mut()
        .find(|t| t.id == "discovery")
        .expect("discovery");
    team.vendor = Some(pagerdrill::scenario::Vendor {
        respond_minutes: 20,
    });
    let v = pagerdrill::scenario::Validated::check(s).expect("valid");
    let mut w = World::new(v, 1, &[]).expect("world");
    w.advance_to(9 * 60);
    let shift_m = Event::Key {
        key: Key::M,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::SHIFT,
    };
    let mut st = ShiftUi {
        selected_service: Some("recommendations".into()),
        ..ShiftUi::default()
    };
    let out = shift_frames(&w, &mut st, vec![vec![shift_m.clone()]]);
    assert_eq!(
        out,
        vec![Intent::Act(Action::AskVendor {
            service: "recommendations".into(),
            mitigation: pagerdrill::scenario::Mitigation::ALL[0],
        })]
    );
    // On a service of your own, Shift+M does nothing: there is no vendor to ask.
    let mut st = ShiftUi {
        selected_service: Some("storefront".into()),
        ..ShiftUi::default()
    };
    assert!(shift_frames(&w, &mut st, vec![vec![shift_m]]).is_empty());
}

#[test]
fn shift_r_lists_the_inspected_services_backups_newest_first_and_restores_the_chosen_one() {
    let mut s = pack::find("first-page").expect("tutorial").into_inner();
    s.format = 2;
    let reco = s
        .services
        .iter_mut()
        .find(|x| x.id == "recommendations")
        .expect("recommendations");
    for (id, at) in [("nightly", -300), ("pre-deploy", 3)] {
        reco.backups.push(pagerdrill::scenario::Backup {
            id: id.into(),
            taken_at_minute: at,
            restore_minutes: 15,
            verified: id == "nightly",
            good: true,
            replays_log: false,
        });
    }
    let v = pagerdrill::scenario::Validated::check(s).expect("valid");
    let mut w = World::new(v, 1, &[]).expect("world");
    w.advance_to(9 * 60);
    w.apply(
        "you",
        Action::Inspect {
            service: "recommendations".into(),
        },
    )
    .expect("inspect");
    let shift_r = Event::Key {
        key: Key::R,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::SHIFT,
    };
    let mut st = ShiftUi {
        selected_service: Some("recommendations".into()),
        ..ShiftUi::default()
    };
    let out = shift_frames(&w, &mut st, vec![vec![shift_r], vec![key(Key::Num2)]]);
    assert_eq!(
        out,
        vec![Intent::Act(Action::Restore {
            service: "recommendations".into(),
            backup: "nightly".into(),
        })],
        "the second row is the older backup"
    );
}
