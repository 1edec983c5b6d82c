//! The selected service: what can be done to it, its dashboards drawn as a Grafana panel would
//! (clock-time axis, the alert thresholds, deploys, alert firings and the incident marked), who is
//! on call, its deploys, logs and runbook.

use bevy_egui::egui::{Color32, RichText, Ui};
use egui_plot::{HLine, HoverPosition, Line, LineStyle, Plot, PlotPoints, VLine};

use super::commands::{
    self, ADD_RUNBOOK_STEP, CHOOSE_MITIGATION, INSPECT, MITIGATE, PAGE_OWNERS, PAGE_SOMEONE,
    RUNBOOK,
};
use super::{Here, name_of_person, name_of_team};
use crate::game::ui::theme::Palette;
use crate::scenario::{Mitigation, TimeOfDay};
use crate::sim::view::{ServiceDetail, Threshold, View};
use crate::sim::words;

pub(super) fn show(ui: &mut Ui, h: &mut Here, pal: &Palette) {
    let view = h.view;
    let Some(sid) = h.st.selected_service.clone() else {
        ui.label("Select an alert (J, K, O) or a service (Tab, G) to see it here.");
        return;
    };
    let Some(svc) = view.services.iter().find(|s| s.id == sid) else {
        return;
    };
    let (c, sym) = pal.health(svc.health);
    ui.horizontal(|ui| {
        ui.heading(&svc.name);
        ui.colored_label(c, format!("{sym} {}", words::health(svc.health)));
        let owner = svc
            .owner
            .as_deref()
            .map_or_else(|| "none".to_owned(), |t| name_of_team(view, t));
        ui.label(format!("owner: {owner}"));
        if svc.customer_facing {
            ui.colored_label(pal.accent, "customer-facing");
        }
    });
    ui.horizontal_wrapped(|ui| {
        commands::button(ui, h, &INSPECT, Some("Inspect".into()));
        commands::button(ui, h, &RUNBOOK, Some("Runbook".into()));
        let page = svc.owner.as_deref().map_or_else(
            || "Page the owners (none)".to_owned(),
            |t| format!("Page {} on-call", name_of_team(view, t)),
        );
        commands::button(ui, h, &PAGE_OWNERS, Some(page));
        commands::button(ui, h, &PAGE_SOMEONE, Some("Page…".into()));
        let m = words::mitigation_label(Mitigation::ALL[h.st.mitigation]);
        commands::button(
            ui,
            h,
            &CHOOSE_MITIGATION,
            Some(format!("Mitigation: {m} ▾")),
        );
        if (commands::ASK_VENDOR.enabled)(h) {
            commands::button(ui, h, &commands::ASK_VENDOR, Some("Ask the vendor".into()));
        } else {
            commands::button(ui, h, &MITIGATE, Some("Mitigate myself".into()));
        }
        commands::button(ui, h, &ADD_RUNBOOK_STEP, Some("Add a runbook step".into()));
    });
    ui.horizontal_wrapped(|ui| {
        for (kind, v) in svc.current.iter() {
            if let Some(v) = v {
                ui.label(format!("{}: {v:.2}", words::metric(kind)));
            }
        }
    });
    let Some(d) = view.details.iter().find(|d| d.service == sid) else {
        ui.colored_label(
            pal.dim,
            "Inspect (I) to open its dashboards, deploys and logs.",
        );
        return;
    };
    charts(ui, view, d, pal);
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.label(RichText::new("On call").strong());
        match &d.on_call {
            Some((p, s)) => ui.label(format!(
                "primary {}, secondary {}",
                name_of_person(view, p),
                s.as_deref()
                    .map_or_else(|| "—".to_owned(), |s| name_of_person(view, s))
            )),
            None => ui.colored_label(pal.warn, "nobody: the service has no owning team"),
        };
        ui.label(RichText::new("Recent deploys").strong());
        if d.deploys.is_empty() {
            ui.colored_label(pal.dim, "none");
        }
        for dep in d.deploys.iter().rev().take(5) {
            let at = hh_mm(view.shift_start, dep.at_minute.max(0) as u32 * 60);
            ui.label(format!(
                "{at} {} by {} — {}",
                dep.version, dep.author, dep.note
            ));
        }
        if !d.backups.is_empty() {
            ui.label(RichText::new("Backups").strong());
            for b in d.backups.iter().rev() {
                ui.label(format!(
                    "{} taken {} · {} · restore {} min",
                    b.id,
                    super::dialogs::backup_clock(view, b.taken_at_minute),
                    if b.verified {
                        "verified"
                    } else {
                        "never test-restored"
                    },
                    b.restore_minutes
                ));
            }
            commands::button(ui, h, &commands::RESTORE, Some("Restore…".into()));
        }
        let ui = &mut cols[1];
        ui.label(RichText::new("Logs").strong());
        if d.logs.is_empty() {
            ui.colored_label(pal.dim, "nothing unusual");
        }
        for l in &d.logs {
            ui.label(RichText::new(l).monospace());
        }
        ui.label(RichText::new("Runbook").strong());
        if d.runbook.is_empty() {
            ui.colored_label(pal.warn, "no runbook");
        }
        for (i, step) in d.runbook.iter().enumerate() {
            ui.label(format!("{}. {step}", i + 1));
        }
    });
}

/// `HH:MM` of a game second.
fn hh_mm(start: TimeOfDay, at: u32) -> String {
    let c = crate::sim::view::clock(start, at);
    c[..5].to_owned()
}

/// The service's dashboards: one small panel per metric.
fn charts(ui: &mut Ui, view: &View, d: &ServiceDetail, pal: &Palette) {
    let every = d.sampled_every.max(1);
    let deploys: Vec<f64> = d
        .deploys
        .iter()
        .filter(|x| x.at_minute >= 0)
        .map(|x| f64::from(x.at_minute as u32 * 60))
        .collect();
    let fired: Vec<f64> = view
        .alerts
        .iter()
        .filter(|a| a.service == d.service)
        .map(|a| f64::from(a.fired_at))
        .collect();
    let declared = view.incident.as_ref().map(|i| f64::from(i.declared_at));
    let start = view.shift_start;
    ui.horizontal(|ui| {
        ui.colored_label(pal.accent, "┃ deploy");
        ui.colored_label(pal.bad, "┃ alert fired");
        ui.colored_label(pal.warn, "┃ incident declared");
        ui.colored_label(pal.dim, "– – threshold");
    });
    // The four health metrics, then the service's own signals, each with its alert thresholds.
    let panels: Vec<(String, &[f32], Vec<&Threshold>)> = d
        .history
        .iter()
        .map(|(kind, series)| {
            let lines = d
                .thresholds
                .iter()
                .filter(|t| t.metric.kind() == Some(kind));
            (
                words::metric(kind).to_owned(),
                series.as_slice(),
                lines.collect(),
            )
        })
        .chain(d.signals.iter().map(|g| {
            let lines = d
                .thresholds
                .iter()
                .filter(|t| t.metric.signal() == Some(g.name.as_str()));
            let label = if g.unit.is_empty() {
                g.name.clone()
            } else {
                format!("{} ({})", g.name, g.unit)
            };
            (label, g.history.as_slice(), lines.collect())
        }))
        .filter(|(_, series, _)| !series.is_empty())
        .collect();
    // As many panels side by side as fit (up to four), so deploys, logs and the runbook stay in
    // view below them.
    let per_row = ((ui.available_width() / 160.0) as usize).clamp(2, 4);
    ui.columns(per_row, |cols| {
        for (k, (label, series, lines)) in panels.into_iter().enumerate() {
            let n = series.len() as u32;
            let first = d
                .newest_sample_at
                .saturating_sub((n - 1).saturating_mul(every));
            let points: PlotPoints = series
                .iter()
                .enumerate()
                .map(|(i, v)| [f64::from(first + i as u32 * every), f64::from(*v)])
                .collect();
            let col = &mut cols[k % per_row];
            col.label(&label);
            let name = label.clone();
            let mut plot = Plot::new(("plot", &d.service, k))
                .height(80.0)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .include_x(f64::from(first))
                .include_x(f64::from(d.newest_sample_at))
                // Ticks on whole minutes of the clock: 5, 15 or 60 apart, as fits.
                .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [300.0, 900.0, 3600.0]))
                .x_axis_formatter(move |mark, _| hh_mm(start, mark.value.max(0.0) as u32))
                .label_formatter(move |hover| {
                    let (x, y) = match hover {
                        HoverPosition::NearDataPoint { position, .. }
                        | HoverPosition::Elsewhere { position } => (position.x, position.y),
                    };
                    Some(format!(
                        "{} — {name} {y:.2}",
                        hh_mm(start, x.max(0.0) as u32)
                    ))
                });
            // The threshold is always in view, however far the readings are from it.
            for t in &lines {
                plot = plot.include_y(t.value);
            }
            plot.show(col, |p| {
                p.line(Line::new(label, points).color(Color32::from_rgb(120, 190, 255)));
                for t in &lines {
                    p.hline(
                        HLine::new(t.summary.clone(), t.value)
                            .color(pal.dim)
                            .style(LineStyle::dashed_loose()),
                    );
                }
                for x in deploys.iter().filter(|x| **x >= f64::from(first)) {
                    p.vline(VLine::new("deploy", *x).color(pal.accent));
                }
                for x in fired.iter().filter(|x| **x >= f64::from(first)) {
                    p.vline(VLine::new("alert fired", *x).color(pal.bad));
                }
                if let Some(x) = declared.filter(|x| *x >= f64::from(first)) {
                    p.vline(VLine::new("incident declared", x).color(pal.warn));
                }
            });
        }
    });
}
