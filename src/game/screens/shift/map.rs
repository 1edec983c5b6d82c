//! The service map: services laid out by dependency depth (customer-facing edges on top, data
//! stores at the bottom), or a heat grid when there are too many to draw as a graph.

use std::collections::HashMap;

use bevy_egui::egui::{self, Color32, FontId, RichText, Sense, Stroke, Ui, pos2, vec2};

use super::ShiftUi;
use crate::game::ui::theme::Palette;
use crate::scenario::ids::by_id;
use crate::sim::view::View;
use crate::sim::words;

/// Depth of each service in the dependency graph: leaves (no dependencies) are 0.
fn depths(view: &View, index: &HashMap<String, usize>) -> Vec<usize> {
    let mut depth = vec![usize::MAX; view.services.len()];
    // Relax repeatedly; graphs are acyclic (validated), so this settles within n rounds.
    for _ in 0..view.services.len().min(64) {
        let mut changed = false;
        for (i, s) in view.services.iter().enumerate() {
            let d = s
                .depends_on
                .iter()
                .filter_map(|d| index.get(d.as_str()))
                .map(|&j| {
                    if depth[j] == usize::MAX {
                        0
                    } else {
                        depth[j] + 1
                    }
                })
                .max()
                .unwrap_or(0);
            if depth[i] != d {
                depth[i] = d;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    depth
}

pub(super) fn show(ui: &mut Ui, view: &View, st: &mut ShiftUi, pal: &Palette) {
    // Wrapped, so a narrow map (the facilitator's console takes a column) keeps its width.
    ui.horizontal_wrapped(|ui| {
        ui.heading("Service map");
        ui.label(
            RichText::new("click a service · Tab cycles · ✔ healthy ⚠ degraded ✖ down ? no data")
                .color(pal.dim),
        );
    });
    let (rect, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
    let painter = ui.painter_at(rect);
    let n = view.services.len();
    if n == 0 {
        return;
    }
    if n > 60 {
        // Too many to draw as a graph: a heat grid, worst first, with tooltips.
        let side = ((rect.width() * rect.height() / n as f32).sqrt()).clamp(4.0, 24.0);
        let cols = (rect.width() / side).floor().max(1.0) as usize;
        for (i, s) in view.services.iter().enumerate() {
            let (c, _) = pal.health(s.health);
            let p = rect.min + vec2((i % cols) as f32 * side, (i / cols) as f32 * side);
            let cell = egui::Rect::from_min_size(p, vec2(side - 1.0, side - 1.0));
            let resp = ui.interact(cell, ui.id().with(("cell", i)), Sense::click());
            painter.rect_filled(
                cell,
                1.0,
                if st.selected_service.as_ref() == Some(&s.id) {
                    Color32::WHITE
                } else {
                    c
                },
            );
            if resp.clicked() {
                st.selected_service = Some(s.id.clone());
            }
            resp.on_hover_text(format!(
                "{} ({}) — {}",
                s.name,
                words::health(s.health),
                s.owner.as_deref().unwrap_or("no owner")
            ));
        }
        return;
    }
    let index = by_id(view.services.iter().map(|s| s.id.as_str()));
    let depth = depths(view, &index);
    let max_depth = depth.iter().copied().max().unwrap_or(0);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); max_depth + 1];
    for (i, d) in depth.iter().enumerate() {
        rows[*d].push(i);
    }
    order_rows(view, &index, &mut rows);
    // Boxes are as tall as the gap between rows allows; too short for two lines, the owner moves
    // to the hover text.
    let gap = (rect.height() - 48.0) / max_depth.max(1) as f32;
    let box_height = (gap - 6.0).clamp(18.0, 38.0);
    let two_lines = box_height >= 34.0;
    let mut centre = vec![pos2(0.0, 0.0); n];
    let mut width = vec![130.0_f32; n];
    for (d, row) in rows.iter().enumerate() {
        // Customer-facing edges at the top, data stores at the bottom.
        let y = rect.top() + 24.0 + (max_depth - d) as f32 * gap;
        // Boxes share the row's width with a gap between them, so they never overlap.
        let slot = rect.width() / row.len().max(1) as f32;
        for (k, &i) in row.iter().enumerate() {
            let x = rect.left() + slot * (k as f32 + 0.5);
            centre[i] = pos2(x, y);
            width[i] = (slot - 8.0).clamp(24.0, 150.0);
        }
    }
    for (i, s) in view.services.iter().enumerate() {
        for d in &s.depends_on {
            if let Some(&j) = index.get(d.as_str()) {
                painter.line_segment(
                    [centre[i], centre[j]],
                    Stroke::new(1.0, pal.dim.gamma_multiply(0.6)),
                );
            }
        }
    }
    for (i, s) in view.services.iter().enumerate() {
        let r = egui::Rect::from_center_size(centre[i], vec2(width[i], box_height));
        let (c, sym) = pal.health(s.health);
        let selected = st.selected_service.as_ref() == Some(&s.id);
        painter.rect_filled(r, 6.0, Color32::from_gray(32));
        painter.rect_stroke(
            r,
            6.0,
            Stroke::new(if selected { 3.0 } else { 1.5 }, c),
            egui::StrokeKind::Inside,
        );
        let owner = s
            .owner
            .as_deref()
            .map_or_else(|| "no owner".to_owned(), |t| super::name_of_team(view, t));
        let inner = r.width() - 8.0;
        let name_at = if two_lines {
            r.center() - vec2(0.0, 7.0)
        } else {
            r.center()
        };
        label(
            &painter,
            name_at,
            format!("{sym} {}", s.name),
            13.0,
            Color32::WHITE,
            inner,
        );
        if two_lines {
            label(
                &painter,
                r.center() + vec2(0.0, 9.0),
                owner.clone(),
                11.0,
                if s.owner.is_some() { pal.dim } else { pal.warn },
                inner,
            );
        }
        let resp = ui.interact(r, ui.id().with(("node", i)), Sense::click());
        if resp.clicked() {
            st.selected_service = Some(s.id.clone());
        }
        // A name cut to fit its box is read whole on hover.
        resp.on_hover_text(format!(
            "{} ({}) — {owner}",
            s.name,
            words::health(s.health)
        ));
    }
}

/// A one-line label centred on `at`, cut with an ellipsis to `max_width`.
fn label(
    painter: &egui::Painter,
    at: egui::Pos2,
    text: String,
    size: f32,
    colour: Color32,
    max_width: f32,
) {
    let mut job =
        egui::text::LayoutJob::simple_singleline(text, FontId::proportional(size), colour);
    job.wrap = egui::text::TextWrapping::truncate_at_width(max_width.max(8.0));
    let galley = painter.layout_job(job);
    let pos = at - galley.size() / 2.0;
    painter.galley(pos, galley, colour);
}

/// Orders each row by where its neighbours sit (the barycentre heuristic of layered graph
/// drawing), a few sweeps down and up, so that dependency lines cross as little as they can.
fn order_rows(view: &View, index: &HashMap<String, usize>, rows: &mut [Vec<usize>]) {
    let n = view.services.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, s) in view.services.iter().enumerate() {
        for d in &s.depends_on {
            if let Some(&j) = index.get(d.as_str()) {
                down[i].push(j);
                up[j].push(i);
            }
        }
    }
    let mut pos = vec![0.0_f32; n];
    let place = |rows: &[Vec<usize>], pos: &mut [f32]| {
        for row in rows {
            for (k, &i) in row.iter().enumerate() {
                pos[i] = (k as f32 + 0.5) / row.len() as f32;
            }
        }
    };
    place(rows, &mut pos);
    let centre_of = |xs: &[usize], pos: &[f32], own: f32| {
        if xs.is_empty() {
            own
        } else {
            xs.iter().map(|&j| pos[j]).sum::<f32>() / xs.len() as f32
        }
    };
    for _ in 0..4 {
        // Rows are stored deepest last: row d sits under row d + 1.
        for d in (0..rows.len()).rev() {
            let mut row = rows[d].clone();
            row.sort_by(|&a, &b| {
                centre_of(&up[a], &pos, pos[a]).total_cmp(&centre_of(&up[b], &pos, pos[b]))
            });
            rows[d] = row;
            place(rows, &mut pos);
        }
        for d in 0..rows.len() {
            let mut row = rows[d].clone();
            row.sort_by(|&a, &b| {
                centre_of(&down[a], &pos, pos[a]).total_cmp(&centre_of(&down[b], &pos, pos[b]))
            });
            rows[d] = row;
            place(rows, &mut pos);
        }
    }
}
