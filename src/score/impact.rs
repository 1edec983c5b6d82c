//! Impact: customer-impact minutes and error budget, against what a good run achieves.

use crate::scenario::{Category, Lesson};

use super::facts::Facts;
use super::report::Rule;
use super::{Feedback, line};

/// Checks impact.
pub fn check(f: &Facts, out: &mut Vec<Feedback>) {
    let impact = f.world.impact_minutes();
    let par = f.sc.par.impact_minutes;
    let budget = f.sc.error_budget_minutes;
    if impact <= par {
        out.push(line(
Rule::Impact,
            Category::Impact,
            0,
            None,
            format!("Customers were affected for {impact:.1} impact-minutes, within the {par:.0} a good run achieves"),
            "Fast, right mitigation is what keeps customers whole.",
            Lesson::OwnersGetThePage,
            "",
        ));
    } else {
        // Forty points for every "par's worth" of extra harm, so doubling par costs 40.
        let extra = (impact - par) / par.max(5.0);
        let points = (extra * 40.0).min(90.0).round() as i32;
        out.push(line(
Rule::Impact,
            Category::Impact,
            -points.max(1),
            None,
            format!("Customers were affected for {impact:.1} impact-minutes; a good run keeps it to {par:.0}"),
            "Impact accumulates every minute a customer-facing service is degraded.",
            Lesson::OwnersGetThePage,
            "Engage the owning team sooner and apply the right mitigation first time.",
        ));
    }
    if impact > budget {
        out.push(line(
            Rule::Impact,
            Category::Impact,
            -10,
            None,
            format!(
                "The shift burned {:.0}% of its error budget",
                100.0 * impact / budget
            ),
            "With the budget gone, the team has to stop shipping and pay the reliability debt.",
            Lesson::OwnersGetThePage,
            "Mitigate first, investigate the root cause after customers are whole.",
        ));
    }
    data(f, out);
}

/// Data a fault destroyed or lost: judged against losing everything it could have, had nobody
/// acted (what it destroys, and every write of the shift).
fn data(f: &Facts, out: &mut Vec<Feedback>) {
    let shift = f64::from(f.sc.shift.duration_minutes);
    for (fault, what, lost) in f.world.data_lost() {
        let Some(d) =
            f.sc.faults
                .iter()
                .find(|x| x.id == fault)
                .and_then(|x| x.loses_data.as_ref())
        else {
            continue;
        };
        let worst = (d.destroys + d.per_minute * shift).max(1.0);
        let lost_f = lost as f64;
        let l = if lost == 0 {
            line(
                Rule::Impact,
                Category::Impact,
                0,
                None,
                format!("No {what} were lost for good"),
                "Lost data is the one harm a later fix cannot undo.",
                Lesson::OwnersGetThePage,
                "",
            )
        } else {
            line(
                Rule::Impact,
                Category::Impact,
                -((30.0 * lost_f / worst).min(30.0).round() as i32).max(1),
                None,
                format!("{lost} {what} were lost for good"),
                "Lost data is the one harm a later fix cannot undo; every minute the fault runs and every minute between a backup and its restore adds to it.",
                Lesson::OwnersGetThePage,
                "Stop the writes that are being lost first, then restore from the newest backup you can trust (a verified one), soon.",
            )
        };
        out.push(l);
    }
}
