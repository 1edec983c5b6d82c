//! Judging the postmortem: the key moments the player marked on the timeline, the contributing
//! factors picked, the findings and response notes chosen, and how each action item was filed.

use crate::scenario::{AnswerOption, AnswerTag, Asks, Category, Lesson, Question};
use crate::sim::{Filing, Moment, words};

use super::facts::Facts;
use super::report::Rule;
use super::{Feedback, line};

/// How far a marked moment may be from the log's and still count: a line or two either side.
const MOMENT_SLACK_SECONDS: u32 = 2 * 60;

/// Checks every part of the postmortem.
pub fn check(f: &Facts, out: &mut Vec<Feedback>) {
    if f.sc.postmortem.is_empty() {
        return;
    }
    moments(f, out);
    for q in &f.sc.postmortem {
        let picks: Vec<&AnswerOption> = f
            .world
            .answers()
            .picks
            .get(&q.id)
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| q.options.iter().find(|o| &o.id == id))
                    .collect()
            })
            .unwrap_or_default();
        if picks.is_empty() {
            out.push(
                line(
                    Rule::Postmortem,
                    Category::Learning,
                    -12,
                    None,
                    format!("You skipped the postmortem question \"{}\"", q.prompt),
                    "The postmortem is where an incident turns into fewer incidents.",
                    Lesson::BlamelessPostmortems,
                    "Answer every postmortem question.",
                )
                .by_opt(f.alone()),
            );
            continue;
        }
        if q.asks == Asks::Factors {
            factors(f, q, &picks, out);
        } else {
            single(f, picks[0], out);
        }
        if q.asks == Asks::ActionItem {
            filing(f, q, picks[0], f.world.answers().filings.get(&q.id), out);
        }
    }
}

/// Whether an option is one of the traps: blame, hindsight, compliance or a one-off fix.
fn is_trap(o: &AnswerOption) -> bool {
    o.teaches.iter().any(|t| t.is_trap())
}

/// A trap's penalty and why it misleads, by its worst tag.
fn trap(o: &AnswerOption) -> (i32, &'static str, &'static str, bool) {
    if o.teaches.contains(&AnswerTag::Blaming) {
        (
            -15,
            "Blame makes people hide mistakes; the system that allowed the failure stays as it is.",
            "Ask what in the system made the failure possible, not who typed the command.",
            true,
        )
    } else if o.teaches.contains(&AnswerTag::ProcessNotFollowed) {
        (
            -10,
            "\"The process was not followed\" blames people for a process that was easy to skip; the next person skips it too.",
            "Ask why the process was easy to skip, and make the safe way the easy way.",
            false,
        )
    } else if o.teaches.contains(&AnswerTag::Hindsight) {
        (
            -10,
            "Hindsight: it is true of this one time, but nothing in the system changes, so it happens again.",
            "Look for what made the failure possible, not for what someone could have done had they known.",
            false,
        )
    } else {
        (
            -10,
            "An action item that fixes only this instance leaves the whole class of problem in place.",
            "Choose action items that fix a class of problem: ownership, alerting, runbooks, safer deploys.",
            false,
        )
    }
}

fn single(f: &Facts, o: &AnswerOption, out: &mut Vec<Feedback>) {
    let what = format!("\"{}\": {}", o.text, o.why);
    let l = if is_trap(o) {
        let (points, why, instead, breach) = trap(o);
        let l = line(
            Rule::Postmortem,
            Category::Learning,
            points,
            None,
            what,
            why,
            Lesson::BlamelessPostmortems,
            instead,
        );
        if breach { l.breach() } else { l }
    } else {
        line(
            Rule::Postmortem,
            Category::Learning,
            0,
            None,
            what,
            "Blameless and systemic: this is how incidents become fewer.",
            Lesson::BlamelessPostmortems,
            "",
        )
    };
    out.push(l.by_opt(f.alone()));
}

/// Contributing factors: every real one found, no trap taken. Each trap costs what it would as a
/// single answer; each real factor missed costs a little, since the action items miss it too.
fn factors(f: &Facts, q: &Question, picks: &[&AnswerOption], out: &mut Vec<Feedback>) {
    for (charged, o) in picks.iter().filter(|o| is_trap(o)).enumerate() {
        let (points, why, instead, breach) = trap(o);
        // Two traps are already a habit; a third says nothing new.
        let points = if charged < super::CHARGED_AT_MOST {
            points
        } else {
            0
        };
        let l = line(
            Rule::Postmortem,
            Category::Learning,
            points,
            None,
            format!(
                "You named \"{}\" as a contributing factor: {}",
                o.text, o.why
            ),
            why,
            Lesson::BlamelessPostmortems,
            instead,
        )
        .by_opt(f.alone());
        out.push(if breach { l.breach() } else { l });
    }
    let missed: Vec<&AnswerOption> = q
        .options
        .iter()
        .filter(|o| !is_trap(o) && !picks.iter().any(|p| p.id == o.id))
        .collect();
    let found = q.options.iter().filter(|o| !is_trap(o)).count() - missed.len();
    if missed.is_empty() {
        out.push(
            line(
                Rule::Postmortem,
                Category::Learning,
                0,
                None,
                format!("You found every contributing factor of \"{}\"", q.prompt),
                "Outages have several causes; each one found is one more action item that makes the next outage smaller.",
                Lesson::BlamelessPostmortems,
                "",
            )
            .by_opt(f.alone()),
        );
    } else {
        let quoted: Vec<String> = missed.iter().map(|o| format!("\"{}\"", o.text)).collect();
        out.push(
            line(
                Rule::Postmortem,
                Category::Learning,
                -4 * missed.len().min(3) as i32,
                None,
                format!(
                    "You found {found} of the contributing factors; you missed {}",
                    words::list(&quoted)
                ),
                "A factor left out of the postmortem gets no action item, so it is still there next time.",
                Lesson::BlamelessPostmortems,
                "Look for every condition that had to hold for the outage to happen, not just the last one.",
            )
            .by_opt(f.alone()),
        );
    }
}

/// An action item needs a type, an owner and a priority before anyone will do it.
fn filing(
    f: &Facts,
    q: &Question,
    o: &AnswerOption,
    filed: Option<&Filing>,
    out: &mut Vec<Feedback>,
) {
    let owner = f.item_owner(q);
    let names = f.world.names();
    let Some(filed) = filed else {
        out.push(
            line(
                Rule::Postmortem,
                Category::Learning,
                -5,
                None,
                format!("You filed \"{}\" with no type, owner or priority", o.text),
                "An action item nobody owns and nobody has ranked is the one still open at the next outage.",
                Lesson::BlamelessPostmortems,
                "File each action item with its type, the team that owns the fix and a priority.",
            )
            .by_opt(f.alone()),
        );
        return;
    };
    let mut wrong = Vec::new();
    if let Some(kind) = o.kind
        && kind != filed.kind
    {
        wrong.push(format!(
            "it is a {} item, not {}",
            words::item_kind(kind),
            words::item_kind(filed.kind)
        ));
    }
    if let Some(owner) = owner
        && owner != filed.owner
    {
        wrong.push(format!(
            "the fix belongs to {}, not {}",
            names.team(owner),
            names.team(&filed.owner)
        ));
    }
    if wrong.is_empty() {
        out.push(
            line(
                Rule::Postmortem,
                Category::Learning,
                0,
                None,
                format!(
                    "You filed \"{}\" as a {} item for {}, {}",
                    o.text,
                    words::item_kind(filed.kind),
                    names.team(&filed.owner),
                    words::item_priority(filed.priority)
                ),
                "Typed, owned and ranked: an action item someone will actually pick up.",
                Lesson::BlamelessPostmortems,
                "",
            )
            .by_opt(f.alone()),
        );
    } else {
        out.push(
            line(
                Rule::Postmortem,
                Category::Learning,
                -3 * wrong.len() as i32,
                None,
                format!("You filed \"{}\", but {}", o.text, wrong.join(", and ")),
                "An item filed with the wrong team sits in a queue nobody works; the wrong type hides whether the gap is finding, limiting or preventing the failure.",
                Lesson::BlamelessPostmortems,
                "Give the item to the team that owns what has to change, and type it by what it does.",
            )
            .by_opt(f.alone()),
        );
    }
}

/// The key moments the player marked against the ones the log shows.
fn moments(f: &Facts, out: &mut Vec<Feedback>) {
    let marked = &f.world.answers().moments;
    let clock = |at: u32| crate::sim::view::clock(f.sc.shift.start, at);
    // Who marked a moment last answers for it; a moment nobody marked is the scribe's at a
    // game day (keeping the record is that seat's), the player's alone.
    let marker = |m: Moment| {
        f.player_actions()
            .filter(|(_, _, a)| matches!(a, crate::sim::Action::MarkMoment { moment, .. } if *moment == m))
            .map(|(_, by, _)| by.as_str())
            .last()
            .unwrap_or(f.duty(crate::scenario::SeatRole::Scribe))
    };
    let mut right = Vec::new();
    let mut right_by = Vec::new();
    for m in Moment::ALL {
        let truth = f.moment(m);
        let mark = marked.get(&m).copied();
        let (points, what, instead) = match (truth, mark) {
            (None, None) => continue,
            (Some(t), None) => (
                -3,
                format!(
                    "You left \"{}\" off the timeline; the log has it at {}",
                    words::moment(m),
                    clock(t)
                ),
                "Mark each key moment from the log.",
            ),
            (None, Some(at)) => (
                -3,
                format!(
                    "You marked \"{}\" at {}, but the run never got there",
                    words::moment(m),
                    clock(at)
                ),
                "Mark only what the log shows happened.",
            ),
            (Some(t), Some(at)) if t.abs_diff(at) <= MOMENT_SLACK_SECONDS => {
                right.push(words::moment(m));
                right_by.push(marker(m));
                continue;
            }
            (Some(t), Some(at)) => (
                -3,
                format!(
                    "You marked \"{}\" at {}; the log has it at {}",
                    words::moment(m),
                    clock(at),
                    clock(t)
                ),
                "Take the times from the log, not from memory.",
            ),
        };
        out.push(
            line(
                Rule::Timeline,
                Category::Learning,
                points,
                mark.or(truth),
                what,
                "The time from detection to engagement to fix is what the action items shorten; a timeline built from memory measures the wrong gaps.",
                Lesson::BlamelessPostmortems,
                instead,
            )
            .by(marker(m)),
        );
    }
    if !right.is_empty() {
        out.push(
            line(
                Rule::Timeline,
                Category::Learning,
                0,
                None,
                format!(
                    "Your timeline has {} where the log has them",
                    words::list(&right)
                ),
                "A timeline taken from the log shows where the minutes went.",
                Lesson::BlamelessPostmortems,
                "",
            )
            // Credit to whoever marked most of them.
            .by(right_by
                .iter()
                .max_by_key(|b| right_by.iter().filter(|x| x == b).count())
                .copied()
                .unwrap_or(f.duty(crate::scenario::SeatRole::Scribe))),
        );
    }
}
