//! A scenario that has passed validation. The engine accepts nothing else, so every range the
//! validator checks (lengths, ramps, heal times, counts) holds for every world that is built.

use std::ops::Deref;

use super::{Diagnostic, Scenario, validate};

/// A scenario with no validation errors. The only ways to get one are [`Validated::check`] and the
/// loaders, which run the validator; it cannot be changed afterwards, only read or taken apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated(Scenario);

impl Validated {
    /// Validates a scenario: the scenario back, sealed, or every problem found (errors and notes;
    /// at least one is an error).
    pub fn check(scenario: Scenario) -> Result<Validated, Vec<Diagnostic>> {
        match Validated::with_notes(scenario) {
            (Some(v), _) => Ok(v),
            (None, diagnostics) => Err(diagnostics),
        }
    }

    /// Validates a scenario and keeps every diagnostic, notes included: the sealed scenario when
    /// none is an error.
    pub fn with_notes(scenario: Scenario) -> (Option<Validated>, Vec<Diagnostic>) {
        let diagnostics = validate::validate(&scenario);
        let ok = !diagnostics.iter().any(Diagnostic::is_error);
        (ok.then_some(Validated(scenario)), diagnostics)
    }

    /// The scenario itself, for editing: it must be checked again before it builds a world.
    pub fn into_inner(self) -> Scenario {
        self.0
    }
}

impl Deref for Validated {
    type Target = Scenario;

    fn deref(&self) -> &Scenario {
        &self.0
    }
}

impl AsRef<Scenario> for Validated {
    fn as_ref(&self) -> &Scenario {
        &self.0
    }
}
