//! The after-action report in Markdown, ready to paste into a team's postmortem document.

use std::fmt::Write as _;

use crate::scenario::TimeOfDay;
use crate::sim::view::{LineKind, clock};

use super::report::Report;

/// Timeline lines that make a readable after-action timeline; alert and page floods are summarised.
fn worth_telling(kind: LineKind) -> bool {
    !matches!(kind, LineKind::Alert | LineKind::Page)
}

/// Renders a report as Markdown. `start` is the shift's start time, for clock times.
pub fn markdown(r: &Report, start: TimeOfDay) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# After-action report: {}", r.scenario.title);
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Scenario `{}`, seed {}. Score **{}**/100 — routing {}, learning {}, response {}, impact {}, communication {}.",
        r.scenario.id,
        r.seed,
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
    let _ = writeln!(s);
    let _ = writeln!(s, "## Summary");
    let _ = writeln!(s);
    let m = &r.metrics;
    let mins = |x: Option<u32>| {
        x.map_or("—".to_owned(), |v| {
            format!("{:.1} min", f64::from(v) / 60.0)
        })
    };
    let _ = writeln!(
        s,
        "- Customer impact: {:.1} minutes ({:.0}% of the error budget)",
        m.impact_minutes,
        m.error_budget_burned * 100.0
    );
    let _ = writeln!(
        s,
        "- Time to acknowledge: {}; to engage the owners: {}; to mitigate: {}; to resolve: {}",
        mins(m.time_to_acknowledge),
        mins(m.time_to_engage_owner),
        mins(m.time_to_mitigate),
        mins(m.time_to_resolve)
    );
    let _ = writeln!(
        s,
        "- Pages: {} sent ({} by hand, {} misrouted); people woken: {}; status updates: {}",
        m.pages_sent, m.manual_pages, m.misrouted_pages, m.people_woken, m.status_updates
    );
    let _ = writeln!(
        s,
        "- Mitigations: {} right, {} useless, {} harmful",
        m.mitigations_right, m.mitigations_useless, m.mitigations_harmful
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
    for cause in &r.root_causes {
        let _ = writeln!(s, "- Root cause — {cause}");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## Timeline");
    let _ = writeln!(s);
    let mut skipped = 0;
    for t in &r.timeline {
        if !worth_telling(t.kind) {
            skipped += 1;
            continue;
        }
        let mark = match t.mark.as_deref() {
            Some("good") => " ✅",
            Some("bad") => " ⚠️",
            _ => "",
        };
        let _ = writeln!(
            s,
            "- **{}** {}: {}{}",
            clock(start, t.at),
            t.from,
            t.text,
            mark
        );
    }
    if skipped > 0 {
        let _ = writeln!(
            s,
            "- ({skipped} alert and page notifications not shown; see the JSON report)"
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## What went well");
    let _ = writeln!(s);
    let good: Vec<_> = r.feedback.iter().filter(|f| f.is_good()).collect();
    if good.is_empty() {
        let _ = writeln!(s, "- Nothing stood out this time.");
    }
    for f in good {
        let _ = writeln!(s, "- {} — {}", f.what, f.why);
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## What to change");
    let _ = writeln!(s);
    let mut bad: Vec<_> = r.feedback.iter().filter(|f| !f.is_good()).collect();
    bad.sort_by_key(|f| f.points);
    if bad.is_empty() {
        let _ = writeln!(s, "- Nothing: every check passed.");
    }
    for f in &bad {
        let at =
            f.at.map(|a| format!(" (at {})", clock(start, a)))
                .unwrap_or_default();
        let breach = if f.is_breach() {
            " (breaks the lesson)"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "- **{} {}**{at}{breach}: {}. {} Instead: {}",
            crate::sim::words::category(f.category),
            f.points,
            f.what,
            f.why,
            f.instead
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## Action items");
    let _ = writeln!(s);
    if r.action_items.is_empty() && bad.is_empty() {
        let _ = writeln!(s, "- None recorded.");
    }
    for a in &r.action_items {
        let _ = writeln!(s, "- [ ] {a}");
    }
    for f in bad.iter().take(3) {
        let _ = writeln!(s, "- [ ] Practise: {}", f.instead);
    }
    s
}
