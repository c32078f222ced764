//! Suggestions that need no second fix.
//!
//! Each check suggests the change that fixes its own mistake, but the
//! changed setup can draw another suggestion for the same variable or id:
//! `OLLAMA_BASE_URL=0.0.0.0:11434` lacks a scheme, and `http://0.0.0.0:11434`
//! then names a bind address. [`settle`] applies each suggestion, checks
//! the setup again, and follows the next suggestion for the same target
//! until none is left, so every suggestion is the value to copy. One that
//! never settles (two ids each suggesting the other) is dropped: the fix
//! text still says what is wrong. So is one whose target an earlier
//! suggestion already sets to another value ([`one_value_per_target`]):
//! two misspellings of `OLLAMA_BASE_URL`, or a misspelling beside another
//! tool's variable, each holding its own URL.

use super::{findings, Context, Diagnostic, Suggestion};
use crate::env::Env;

/// Most changes followed from one suggestion; each is a whole check.
const MAX_STEPS: usize = 8;

/// The environment with one variable set (or replaced).
struct With<'e> {
    env: &'e dyn Env,
    name: &'static str,
    value: &'e str,
}

impl Env for With<'_> {
    fn var(&self, name: &str) -> Option<&str> {
        if name == self.name {
            Some(self.value)
        } else {
            self.env.var(name)
        }
    }

    fn names(&self) -> Vec<&str> {
        let mut names = self.env.names();
        names.push(self.name);
        names
    }
}

/// Whether `b` changes what `a` changes: the same variable, or the id.
fn same_target(a: &Suggestion, b: &Suggestion) -> bool {
    match (a, b) {
        (
            Suggestion::SetVariable { variable: x, .. },
            Suggestion::SetVariable { variable: y, .. },
        ) => x == y,
        (Suggestion::UseId { .. }, Suggestion::UseId { .. }) => true,
        _ => false,
    }
}

/// The value a suggestion sets, or the id it uses.
fn target_value(s: &Suggestion) -> &str {
    match s {
        Suggestion::SetVariable { value, .. } => value,
        Suggestion::UseId { id } => id,
    }
}

/// The next suggestion for the same target once `s` is applied, if any.
fn next(s: &Suggestion, id: &str, env: &dyn Env, context: &Context) -> Option<Suggestion> {
    let after = match s {
        Suggestion::SetVariable { variable, value } => {
            let with = With {
                env,
                name: variable,
                value,
            };
            findings(id, &with, context)
        }
        Suggestion::UseId { id } => findings(id, env, context),
    };
    after
        .into_iter()
        .filter_map(|d| d.suggestion)
        .find(|n| same_target(s, n))
}

/// Keeps the first suggestion for each target (a variable, or the id) and
/// drops a later one that would set it to another value: whichever a user
/// applied, the other would be undone, so "the value to copy" must be
/// one. The diagnostic stays, and its fix text still says what it found.
/// Run after [`settle`]: before it, the checks of one base URL each
/// suggest a step of the way (the scheme added, then the host), which
/// settle to one value.
pub(super) fn one_value_per_target(out: &mut [Diagnostic]) {
    for i in 1..out.len() {
        let (before, rest) = out.split_at_mut(i);
        let Some(s) = &rest[0].suggestion else {
            continue;
        };
        let conflicts = before
            .iter()
            .filter_map(|d| d.suggestion.as_ref())
            .any(|kept| same_target(kept, s) && target_value(kept) != target_value(s));
        if conflicts {
            rest[0].suggestion = None;
        }
    }
}

/// Takes every suggestion in `out` to its fixed point, and its fix text
/// with it.
pub(super) fn settle(out: &mut [Diagnostic], id: &str, env: &dyn Env, context: &Context) {
    for d in out.iter_mut() {
        let Some(first) = d.suggestion.clone() else {
            continue;
        };
        let mut seen = vec![target_value(&first).to_owned()];
        let mut current = first;
        let settled = loop {
            match next(&current, id, env, context) {
                None => break true,
                Some(n)
                    if seen.len() >= MAX_STEPS || seen.iter().any(|v| v == target_value(&n)) =>
                {
                    break false
                }
                Some(n) => {
                    seen.push(target_value(&n).to_owned());
                    current = n;
                }
            }
        };
        if !settled {
            d.suggestion = None;
            continue;
        }
        let last = target_value(&current);
        if seen.len() > 1 && !seen[0].is_empty() {
            d.fix = d.fix.replace(seen[0].as_str(), last);
        }
        d.suggestion = Some(current);
    }
}
