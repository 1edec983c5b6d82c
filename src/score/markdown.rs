//! The after-action report in Markdown: a postmortem document a team would file (after the public
//! PagerDuty and Google templates), with the training score and its feedback as a last, separate
//! section.

use std::fmt::Write as _;

use crate::scenario::TimeOfDay;
use crate::sim::view::{LineKind, clock};

use super::report::{Report, TimelineEntry};

/// The document's sections, in order: a test checks every report has them all.
pub const SECTIONS: [&str; 13] = [
    "Summary",
    "Severity and roles",
    "Key times",
    "Impact",
    "Contributing factors",
    "What went well",
    "What went wrong",
    "Where we got lucky",
    "Timeline",
    "Action items",
    "Customer-facing message",
    "Training score",
    "What to practise",
];

/// Renders a report as Markdown. `start` is the shift's start time, for clock times.
pub fn markdown(r: &Report, start: TimeOfDay) -> String {
    let mut s = String::new();
    let rec = &r.record;
    let title = rec
        .incident
        .as_ref()
        .map_or(r.scenario.title.as_str(), |i| i.title.as_str());
    let _ = writeln!(s, "# Postmortem: {title}");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "PagerDrill training run of *{}*, seed {}. Blameless: it asks what in the system made the failure possible.",
        r.scenario.title, r.seed
    );
    let heading = |s: &mut String, i: usize| {
        let _ = writeln!(s);
        let _ = writeln!(s, "## {}", SECTIONS[i]);
        let _ = writeln!(s);
    };
    let at = |x: Option<u32>| x.map_or("—".to_owned(), |v| clock(start, v));

    heading(&mut s, 0);
    let _ = writeln!(s, "{}", rec.summary);

    heading(&mut s, 1);
    match &rec.incident {
        Some(i) => {
            let _ = writeln!(s, "- Severity: {} (the highest it reached)", i.severity);
            let _ = writeln!(s, "- Incident commander: {}", i.commander);
            for (role, who) in &i.roles {
                let _ = writeln!(s, "- {}: {who}", crate::sim::words::capitalise(role));
            }
        }
        None => {
            let _ = writeln!(s, "- No incident was declared.");
        }
    }

    heading(&mut s, 2);
    let m = &r.metrics;
    let after = |d: Option<u32>| {
        d.map_or("—".to_owned(), |v| {
            format!("{:.1} min", f64::from(v) / 60.0)
        })
    };
    // The review's own marks beside the log's, so a reader sees where memory and log differ.
    let marked = |m: crate::sim::Moment| {
        let word = crate::sim::words::moment(m);
        rec.marked
            .iter()
            .find(|x| x.moment == word)
            .map_or("—".to_owned(), |x| at(x.marked))
    };
    use crate::sim::Moment as M;
    let _ = writeln!(s, "| Moment | Clock | Marked in the review |");
    let _ = writeln!(s, "|---|---|---|");
    let _ = writeln!(s, "| The fault began | {} | |", at(rec.began_at));
    let _ = writeln!(
        s,
        "| Detected: the first alert it raised | {} | {} |",
        at(rec.detected_at),
        marked(M::Detected)
    );
    let engaged = rec
        .marked
        .iter()
        .find(|x| x.moment == crate::sim::words::moment(M::Engaged))
        .and_then(|x| x.logged);
    let _ = writeln!(
        s,
        "| Owners engaged | {} | {} |",
        at(engaged),
        marked(M::Engaged)
    );
    let _ = writeln!(
        s,
        "| Incident declared | {} | |",
        at(rec.incident.as_ref().map(|i| i.declared_at))
    );
    let _ = writeln!(
        s,
        "| Mitigated | {} | {} |",
        at(rec.mitigated_at),
        marked(M::Mitigated)
    );
    let _ = writeln!(
        s,
        "| Resolved | {} | {} |",
        at(rec.incident.as_ref().and_then(|i| i.resolved_at)),
        marked(M::Resolved)
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "First page acknowledged after {}; owners engaged {} after the first real alert; mitigated {} and resolved {} after the fault began.",
        after(m.time_to_acknowledge),
        after(m.time_to_engage_owner),
        after(m.time_to_mitigate),
        after(m.time_to_resolve)
    );

    heading(&mut s, 3);
    let _ = writeln!(
        s,
        "- Customers affected for {:.1} impact-minutes ({:.0}% of the shift's error budget){}",
        m.impact_minutes,
        m.error_budget_burned * 100.0,
        rec.impact
            .as_ref()
            .map(|i| format!(": {i}"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "- Pages: {} sent ({} by hand, {} to teams that owned nothing broken); people woken: {}",
        m.pages_sent, m.manual_pages, m.misrouted_pages, m.people_woken
    );
    let _ = writeln!(
        s,
        "- Mitigations: {} right, {} that changed nothing, {} that made it worse; status updates: {}",
        m.mitigations_right, m.mitigations_useless, m.mitigations_harmful, m.status_updates
    );
    for k in &m.knowledge_spread {
        let _ = writeln!(
            s,
            "- People able to handle {}: {} before, {} after",
            k.shown_name(),
            k.before,
            k.after
        );
    }

    heading(&mut s, 4);
    for c in &rec.contributing_factors {
        let _ = writeln!(s, "- {c}");
    }

    heading(&mut s, 5);
    let good: Vec<_> = r.feedback.iter().filter(|f| f.is_good()).collect();
    if good.is_empty() {
        let _ = writeln!(s, "- Nothing stood out this time.");
    }
    for f in good {
        let _ = writeln!(s, "- {} — {}", f.what, f.why);
    }

    heading(&mut s, 6);
    let mut bad: Vec<_> = r.feedback.iter().filter(|f| !f.is_good()).collect();
    bad.sort_by_key(|f| f.at.unwrap_or(u32::MAX));
    for note in &rec.response_review {
        let _ = writeln!(s, "- Lesson recorded in the review: {note}");
    }
    if bad.is_empty() && rec.response_review.is_empty() {
        let _ = writeln!(s, "- Nothing: the response went as it should.");
    }
    for f in &bad {
        let when =
            f.at.map(|a| format!("{}: ", clock(start, a)))
                .unwrap_or_default();
        let _ = writeln!(s, "- {when}{} — {}", f.what, f.why);
    }

    heading(&mut s, 7);
    if rec.lucky.is_empty() {
        let _ = writeln!(
            s,
            "- Nothing: the recovery came from what the responders did."
        );
    }
    for l in &rec.lucky {
        let _ = writeln!(s, "- {l}");
    }

    heading(&mut s, 8);
    timeline(&mut s, &r.timeline, start);

    heading(&mut s, 9);
    if rec.actions.is_empty() {
        let _ = writeln!(s, "- Nothing was filed.");
    } else {
        let _ = writeln!(s, "| Action | Type | Owner | Priority |");
        let _ = writeln!(s, "|---|---|---|---|");
        for a in &rec.actions {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                a.text.replace('|', "/"),
                a.kind,
                a.owner,
                a.priority
            );
        }
    }

    heading(&mut s, 10);
    match &rec.customer_message {
        Some(m) => {
            for line in m.lines() {
                let _ = writeln!(s, "> {line}");
            }
        }
        None => {
            let _ = writeln!(s, "No status update was posted for customers.");
        }
    }
    let _ = writeln!(s);
    if rec.status_page.is_empty() {
        let _ = writeln!(s, "The public status page was never updated.");
    } else {
        let stages: Vec<String> = rec
            .status_page
            .iter()
            .map(|(at, st)| format!("{st} at {}", clock(start, *at)))
            .collect();
        let _ = writeln!(s, "Status page: {}.", stages.join(", then "));
    }

    heading(&mut s, 11);
    let _ = writeln!(
        s,
        "Score **{}**/100 — routing {}, learning {}, response {}, impact {}, communication {}.",
        r.score.total,
        r.score.routing,
        r.score.learning,
        r.score.response,
        r.score.impact,
        r.score.communication
    );
    if let Some(cap) = &r.cap {
        let _ = writeln!(s);
        let _ = writeln!(s, "**{}** (without the cap: {}.)", cap.reason, cap.uncapped);
    }
    let mut charged = bad.clone();
    charged.sort_by_key(|f| f.points);
    if !charged.is_empty() {
        let _ = writeln!(s);
    }
    for f in &charged {
        let breach = if f.is_breach() {
            " (breaks the lesson)"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "- **{} {}**{breach}: {}. Instead: {}",
            crate::sim::words::category(f.category),
            f.points,
            f.what,
            if f.instead.is_empty() {
                "—"
            } else {
                &f.instead
            }
        );
    }

    participants(&mut s, r);

    heading(&mut s, 12);
    let practise: Vec<_> = charged
        .iter()
        .filter(|f| !f.instead.is_empty())
        .take(3)
        .collect();
    if practise.is_empty() {
        let _ = writeln!(s, "- Nothing this time: try a harder scenario.");
    }
    for f in practise {
        let _ = writeln!(s, "- [ ] {}", f.instead);
    }
    s
}

/// At a game day: each participant's own score and the decisions behind it, then the moments the
/// facilitator noted for the debrief.
fn participants(s: &mut String, r: &Report) {
    for p in &r.participants {
        let _ = writeln!(s);
        let _ = writeln!(s, "### {} ({})", p.name, crate::sim::words::seat(p.seat));
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Their own decisions: **{}**/100 — routing {}, learning {}, response {}, impact {}, communication {}.",
            p.score.total,
            p.score.routing,
            p.score.learning,
            p.score.response,
            p.score.impact,
            p.score.communication
        );
        if let Some(cap) = &p.cap {
            let _ = writeln!(s, "Capped at {}: they broke {}.", cap.limit, {
                let l: Vec<&str> = cap
                    .lessons
                    .iter()
                    .map(|l| crate::sim::words::lesson(*l))
                    .collect();
                l.join("; ")
            });
        }
        let _ = writeln!(s);
        if p.feedback.is_empty() {
            let _ = writeln!(s, "- Nothing of theirs was judged.");
        }
        for f in &p.feedback {
            let _ = writeln!(
                s,
                "- {} {} {}: {}",
                if f.points < 0 { "⚠️" } else { "✅" },
                crate::sim::words::category(f.category),
                f.points,
                f.what
            );
        }
    }
    if !r.facilitator_notes.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "### The facilitator's notes");
        let _ = writeln!(s);
        for n in &r.facilitator_notes {
            let _ = writeln!(s, "- **{}** {}", n.clock, n.text);
        }
    }
}

/// The whole timeline; runs of alert and page notices are grouped into one line each, never
/// hidden, so detection and every wake-up stay visible.
fn timeline(s: &mut String, lines: &[TimelineEntry], start: TimeOfDay) {
    let notice = |t: &TimelineEntry| matches!(t.kind, LineKind::Alert | LineKind::Page);
    let mut i = 0;
    while i < lines.len() {
        let t = &lines[i];
        if notice(t) {
            let run = lines[i..].iter().take_while(|x| notice(x)).count();
            if run >= 3 {
                let last = &lines[i + run - 1];
                let _ = writeln!(
                    s,
                    "- **{}–{}** {run} alert and page notices, from \"{}\" to \"{}\"",
                    clock(start, t.at),
                    clock(start, last.at),
                    t.text,
                    last.text
                );
                i += run;
                continue;
            }
        }
        let mark = match t.mark.as_deref() {
            Some("good") => " ✅",
            Some("bad") => " ⚠️",
            _ => "",
        };
        let _ = writeln!(
            s,
            "- **{}** {}: {}{mark}",
            clock(start, t.at),
            t.from,
            t.text
        );
        i += 1;
    }
}
