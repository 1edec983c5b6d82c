//! Outside companies (format 2): a vendor runs some services, does not take your pages, cannot be
//! given tasks or roles, and changes what it runs only on a support case, after its response time.
//! Your own engineers can investigate a vendor's service but not change it.

use crate::scenario::Mitigation;

use super::action::{Action, Rejection, Task};
use super::event::EventKind;
use super::world::{Timer, World};

/// An open support case: the service, the change asked for, and whether the vendor has acted.
pub(super) struct Case {
    pub service: usize,
    pub mitigation: Mitigation,
    pub done: bool,
}

impl World {
    /// The vendor team that runs a service, if an outside company runs it.
    pub(super) fn vendor_of_service(&self, s: usize) -> Option<usize> {
        self.services[s]
            .owner
            .filter(|&t| self.scenario.teams[t].vendor.is_some())
    }

    /// The vendor team a person works for, if any.
    fn vendor_of_person(&self, p: usize) -> Option<usize> {
        self.people[p]
            .teams
            .iter()
            .copied()
            .find(|&t| self.scenario.teams[t].vendor.is_some())
    }

    /// Refuses what cannot be done to or with a vendor: changing its services yourself or through
    /// your people, and paging, tasking or giving roles to its staff.
    pub(super) fn vendor_gate(&self, a: usize, action: &Action) -> Result<(), Rejection> {
        let vendor_service = |id: &str| {
            self.ids
                .service
                .get(id)
                .and_then(|&s| self.vendor_of_service(s))
                .map(|t| self.scenario.teams[t].name.clone())
        };
        let vendor_person = |id: &str| {
            self.ids
                .person
                .get(id)
                .and_then(|&p| self.vendor_of_person(p))
                .map(|t| self.scenario.teams[t].name.clone())
        };
        let their = |who: &str, vendor: String| {
            Err(Rejection::new(format!(
                "{who} works for {vendor}, an outside company: it answers support cases, not pages, tasks or roles"
            )))
        };
        match action {
            Action::Mitigate { service, .. }
            | Action::Delegate {
                task: Task::Mitigate { service, .. },
                ..
            } => {
                if self.vendor_of_person(a).is_none()
                    && let Some(v) = vendor_service(service)
                {
                    return Err(Rejection::new(format!(
                        "{service} is run by {v}: nobody here can change it; open a support case asking them to (Shift+M)"
                    )));
                }
            }
            _ => {}
        }
        match action {
            Action::PagePerson { person, .. }
            | Action::Delegate { person, .. }
            | Action::AssignRole { person, .. } => {
                if let Some(v) = vendor_person(person) {
                    return their(person, v);
                }
            }
            Action::Pair { with, .. } => {
                if let Some(v) = vendor_person(with) {
                    return their(with, v);
                }
            }
            Action::HandOver { to, .. } => {
                if let Some(v) = vendor_person(to) {
                    return their(to, v);
                }
            }
            Action::PageRotation { team, .. } | Action::PageWholeTeam { team, .. } => {
                if let Some(&t) = self.ids.team.get(team)
                    && self.scenario.teams[t].vendor.is_some()
                {
                    return Err(Rejection::new(format!(
                        "{team} is an outside company: it does not take your pages; open a support case (Shift+M)"
                    )));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether a support case may be opened now.
    pub(super) fn check_case(&self, service: &str, m: Mitigation) -> Result<(), Rejection> {
        let s = *self
            .ids
            .service
            .get(service)
            .ok_or_else(|| Rejection::new(format!("unknown service \"{service}\"")))?;
        if self.vendor_of_service(s).is_none() {
            return Err(Rejection::new(format!(
                "{service} is run by a team of your own, not an outside company; no support case needed"
            )));
        }
        if self
            .cases
            .iter()
            .any(|c| !c.done && c.service == s && c.mitigation == m)
        {
            return Err(Rejection::new(format!(
                "a support case asking for a {} on {service} is already open",
                super::words::mitigation(m)
            )));
        }
        Ok(())
    }

    /// Opens a support case; the vendor acts after its response time.
    pub(super) fn open_case(&mut self, by: usize, service: &str, m: Mitigation) {
        let Some(&s) = self.ids.service.get(service) else {
            return;
        };
        let Some(t) = self.vendor_of_service(s) else {
            return;
        };
        let respond = self.scenario.teams[t]
            .vendor
            .as_ref()
            .map_or(0, |v| v.respond_minutes);
        let at = self.now.saturating_add(respond.saturating_mul(60));
        let case = self.cases.len();
        self.cases.push(Case {
            service: s,
            mitigation: m,
            done: false,
        });
        self.log(EventKind::CaseOpened {
            by: self.scenario.people[by].id.clone(),
            service: service.to_owned(),
            mitigation: m,
            respond_at: at,
        });
        self.schedule(at, Timer::VendorActs(case));
    }

    /// The vendor's engineers make the change asked for.
    pub(super) fn vendor_acts(&mut self, case: usize) {
        let (s, m) = (self.cases[case].service, self.cases[case].mitigation);
        self.cases[case].done = true;
        let Some(t) = self.vendor_of_service(s) else {
            return;
        };
        let team = &self.scenario.teams[t];
        let Some(&p) = team.members.first().and_then(|id| self.ids.person.get(id)) else {
            return;
        };
        let from = format!("{} support", team.name);
        let text = format!(
            "Case update: we are applying a {} to {} now, as you asked.",
            super::words::mitigation(m),
            self.scenario.services[s].name
        );
        self.log(EventKind::Message { from, text });
        self.start_mitigation(s, m, p);
    }
}
