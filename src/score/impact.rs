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
}
