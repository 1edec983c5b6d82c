//! The names people read for the ids events carry: a service's, a person's and a team's display
//! names, a fault as what went wrong where. Channel lines, timelines and reports speak with these.

use std::collections::HashMap;

use crate::scenario::{FaultKind, Scenario};

/// Display names by id, built once per world.
#[derive(Debug, Clone, Default)]
pub struct Names {
    service: HashMap<String, String>,
    person: HashMap<String, String>,
    team: HashMap<String, String>,
    fault: HashMap<String, String>,
    rule: HashMap<String, String>,
    /// Stakeholder asks: id → who asks, and each answer's text by id.
    ask: HashMap<String, (String, HashMap<String, String>)>,
    /// The player's id, which reads as a word ("you") and is never replaced.
    player: String,
    /// A game day's prepared injects: id → what the facilitator's console calls it.
    prepared: HashMap<String, String>,
}

/// What a kind of fault is, in words.
pub fn fault_kind(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::BadDeploy => "a bad deploy",
        FaultKind::DependencyOutage => "a dependency outage",
        FaultKind::CapacityExhaustion => "capacity running out",
        FaultKind::HostFailure => "a failed host",
        FaultKind::CertificateExpiry => "an expired certificate",
        FaultKind::ConfigPush => "a bad configuration push",
        FaultKind::MemoryLeak => "a memory leak",
        FaultKind::TrafficSpike => "a traffic spike",
    }
}

impl Names {
    /// The names a scenario gives its services, people and teams.
    pub fn of(sc: &Scenario) -> Names {
        let pairs = |v: Vec<(&String, &String)>| {
            v.into_iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<HashMap<_, _>>()
        };
        let service = pairs(sc.services.iter().map(|s| (&s.id, &s.name)).collect());
        let fault = sc
            .faults
            .iter()
            .map(|f| {
                let on = service.get(&f.service).unwrap_or(&f.service);
                (f.id.clone(), format!("{} on {on}", fault_kind(f.kind)))
            })
            .collect();
        Names {
            person: pairs(sc.people.iter().map(|p| (&p.id, &p.name)).collect()),
            team: pairs(sc.teams.iter().map(|t| (&t.id, &t.name)).collect()),
            service,
            fault,
            rule: pairs(sc.alerts.iter().map(|r| (&r.id, &r.summary)).collect()),
            ask: sc
                .injects
                .iter()
                .filter_map(|i| match i {
                    crate::scenario::Inject::Ask {
                        id, from, options, ..
                    } => Some((
                        id.clone(),
                        (
                            from.clone(),
                            options
                                .iter()
                                .map(|o| (o.id.clone(), o.text.clone()))
                                .collect(),
                        ),
                    )),
                    _ => None,
                })
                .collect(),
            player: sc.player.clone(),
            prepared: sc
                .game_day
                .iter()
                .flat_map(|d| d.prepared.iter().map(|p| (p.id.clone(), p.label.clone())))
                .collect(),
        }
    }

    /// The same names for a report a whole team reads: nobody is "you".
    pub fn for_a_team(mut self) -> Names {
        self.player.clear();
        self
    }

    /// What a prepared inject is called on the facilitator's console.
    pub fn prepared<'a>(&'a self, id: &'a str) -> &'a str {
        self.prepared.get(id).map_or(id, String::as_str)
    }

    /// A service's name (its id if it has none).
    pub fn service<'a>(&'a self, id: &'a str) -> &'a str {
        self.service.get(id).map_or(id, String::as_str)
    }

    /// A person's name, in the middle of a sentence: the player is "you".
    pub fn person<'a>(&'a self, id: &'a str) -> &'a str {
        if id == self.player {
            return "you";
        }
        self.speaker(id)
    }

    /// A person's name as a speaker in a channel or timeline ("You" for the player).
    pub fn speaker<'a>(&'a self, id: &'a str) -> &'a str {
        if id == super::action::FACILITATOR {
            return "Facilitator";
        }
        self.person.get(id).map_or(id, String::as_str)
    }

    /// Who asked a stakeholder question.
    pub fn asker<'a>(&'a self, ask: &'a str) -> &'a str {
        self.ask.get(ask).map_or(ask, |(from, _)| from.as_str())
    }

    /// The words of an answer to a stakeholder.
    pub fn reply<'a>(&'a self, ask: &'a str, option: &'a str) -> &'a str {
        self.ask
            .get(ask)
            .and_then(|(_, o)| o.get(option))
            .map_or(option, String::as_str)
    }

    /// An alert rule's pager text.
    pub fn rule<'a>(&'a self, id: &'a str) -> &'a str {
        self.rule.get(id).map_or(id, String::as_str)
    }

    /// A team's name.
    pub fn team<'a>(&'a self, id: &'a str) -> &'a str {
        self.team.get(id).map_or(id, String::as_str)
    }

    /// The text with ids replaced by what people call them: every whole-word fault and person id
    /// (but the player's, which reads as a word: "you"), and the service and team ids that
    /// cannot be prose (with a hyphen or underscore: "message-api", not "search").
    pub fn humanise(&self, text: &str) -> String {
        self.replace_ids(text, false)
    }

    /// As [`Names::humanise`], for text the game wrote itself around ids (a debrief line): every
    /// service and team id is named too, single words included ("registry"), except inside
    /// double quotes, where a player's or an author's own words are quoted as they were.
    pub fn humanise_ours(&self, text: &str) -> String {
        self.replace_ids(text, true)
    }

    fn replace_ids(&self, text: &str, ours: bool) -> String {
        let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find(word) {
            out.push_str(&rest[..start]);
            let tail = &rest[start..];
            let end = tail.find(|c: char| !word(c)).unwrap_or(tail.len());
            // A trailing hyphen belongs to the sentence ("message-api- and"), not the id.
            let token = tail[..end].trim_end_matches('-');
            if token.is_empty() {
                // Only hyphens ("a - b", "--"): punctuation, kept as it is.
                out.push_str(&tail[..end]);
                rest = &tail[end..];
                continue;
            }
            // Quotes are opened and closed by the double quotes written before this token.
            let quoted = ours && out.matches('"').count() % 2 == 1;
            let compound = token.contains(['-', '_']) || (ours && !quoted);
            let named = if token == self.player {
                None
            } else {
                self.fault
                    .get(token)
                    .or_else(|| self.person.get(token))
                    .or_else(|| self.service.get(token).filter(|_| compound))
                    .or_else(|| self.team.get(token).filter(|_| compound))
            };
            // An id that ends a name already written ("payments" in "Card payments") is the
            // name's own word, not an id to replace.
            let named = named.filter(|n| {
                !(n.len() > token.len()
                    && n.ends_with(token)
                    && out.ends_with(&n[..n.len() - token.len()]))
            });
            out.push_str(named.map_or(token, String::as_str));
            rest = &tail[token.len()..];
        }
        out.push_str(rest);
        out
    }

    /// A fault as what went wrong where.
    pub fn fault<'a>(&'a self, id: &'a str) -> &'a str {
        self.fault.get(id).map_or(id, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::Names;

    #[test]
    fn the_games_own_lines_name_single_word_ids_but_leave_quoted_words_alone() {
        let s = crate::scenario::pack::find("discovery-meltdown").expect("built in");
        let n = Names::of(&s);
        assert_eq!(
            n.humanise_ours("The scale-up on registry changed nothing: \"the registry was slow\""),
            "The scale-up on Service registry changed nothing: \"the registry was slow\""
        );
        // Prose the author wrote keeps its words.
        assert_eq!(n.humanise("the registry was slow"), "the registry was slow");
    }

    #[test]
    fn an_id_that_ends_its_own_name_is_not_named_twice() {
        let mut n = Names::default();
        n.service.insert("payments".into(), "Card payments".into());
        assert_eq!(
            n.humanise_ours("You fixed Card payments; payments is healthy"),
            "You fixed Card payments; Card payments is healthy"
        );
    }

    #[test]
    fn humanise_names_ids_and_leaves_punctuation_and_the_player_alone() {
        let s = crate::scenario::pack::find("major-incident").expect("built in");
        let n = Names::of(&s);
        assert_eq!(
            n.humanise("session-store was slow - you paged fatima -- twice; session-store-"),
            "Session store was slow - you paged Fatima -- twice; Session store-"
        );
        // Only punctuation, or nothing: returned unchanged (and the loop ends).
        for text in ["-", "---", " - ", "", "a-", "-a"] {
            assert_eq!(n.humanise(text), text, "{text:?}");
        }
    }
}
