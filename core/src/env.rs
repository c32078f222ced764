//! The environment as a read-only map, and precedence chains over it.
//!
//! Core never reads the process environment: callers hand it an [`Env`]
//! (a `HashMap`, a `BTreeMap`, a slice of pairs). Every value the reference
//! takes from the environment comes from a chain `A or B or default`, where
//! an empty string counts as unset. [`Chain`] walks such a chain and keeps
//! the story of it, so `explain` can show which source won and which it
//! shadowed.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;

use serde::{Serialize, Serializer};

/// A read-only view of environment variables.
///
/// ```
/// use modelroute_core::Env;
/// let env = [("OLLAMA_BASE_URL", "http://gpu-box:11434")];
/// assert_eq!(env.var("OLLAMA_BASE_URL"), Some("http://gpu-box:11434"));
/// assert_eq!(env.var("VLLM_BASE_URL"), None);
/// ```
pub trait Env {
    /// The value of `name`, or `None` when it is not set at all.
    fn var(&self, name: &str) -> Option<&str>;
}

impl<S: BuildHasher> Env for HashMap<String, String, S> {
    fn var(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

impl Env for BTreeMap<String, String> {
    fn var(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for [(K, V)] {
    fn var(&self, name: &str) -> Option<&str> {
        // Last one wins, as when a shell assigns a variable twice.
        self.iter()
            .rev()
            .find(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Env for [(K, V); N] {
    fn var(&self, name: &str) -> Option<&str> {
        self.as_slice().var(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for Vec<(K, V)> {
    fn var(&self, name: &str) -> Option<&str> {
        self.as_slice().var(name)
    }
}

impl<T: Env + ?Sized> Env for &T {
    fn var(&self, name: &str) -> Option<&str> {
        (**self).var(name)
    }
}

/// An environment with nothing set.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmptyEnv;

impl Env for EmptyEnv {
    fn var(&self, _: &str) -> Option<&str> {
        None
    }
}

/// Where a value came from. Serialized as a short string:
/// `env:OLLAMA_BASE_URL`, `session`, `token_file`, `default`, `id`, `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// An environment variable.
    Env(&'static str),
    /// The session token passed by the caller (`--session-token`).
    Session,
    /// The contents of the Hugging Face token file.
    TokenFile,
    /// A built-in default.
    Default,
    /// Derived from the model id itself.
    Id,
    /// No source supplied a value.
    None,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Env(name) => write!(f, "env:{name}"),
            Source::Session => f.write_str("session"),
            Source::TokenFile => f.write_str("token_file"),
            Source::Default => f.write_str("default"),
            Source::Id => f.write_str("id"),
            Source::None => f.write_str("none"),
        }
    }
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What a candidate source held when the chain was walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Holds a usable value.
    Set,
    /// Set to the empty string, which counts as unset.
    Empty,
    /// Not set at all (or, for the token file, not provided).
    Unset,
    /// Set, but nothing is left once `\r`, `\n` and surrounding whitespace
    /// are cleaned away (token chains only).
    Blank,
    /// Set, but never consulted: an earlier raw value took its place
    /// (`HUGGING_FACE_HUB_TOKEN` behind a non-empty `HF_TOKEN`).
    Hidden,
    /// A built-in value that is always there.
    Builtin,
}

/// One source of a chain and its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The source.
    pub source: Source,
    /// What it held.
    pub state: State,
}

/// The story of one resolved value: every candidate in precedence order,
/// the one that won, and the set ones it shadowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The source that supplied the value.
    pub source: Source,
    /// Sources that held a value but lost to `source` (set, blank or hidden
    /// ones after it, plus hidden ones before it).
    pub shadowed: Vec<Source>,
    /// Every candidate in precedence order.
    pub candidates: Vec<Candidate>,
}

impl Provenance {
    /// A value fixed by the id or a constant, with no alternatives.
    pub fn single(source: Source) -> Self {
        Provenance {
            source,
            shadowed: Vec::new(),
            candidates: vec![Candidate {
                source,
                state: if source == Source::Id {
                    State::Set
                } else {
                    State::Builtin
                },
            }],
        }
    }
}

/// Builds a [`Provenance`] while a precedence chain is walked.
#[derive(Debug)]
pub(crate) struct Chain {
    candidates: Vec<Candidate>,
    winner: Option<usize>,
}

impl Chain {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Chain {
            candidates: Vec::with_capacity(n),
            winner: None,
        }
    }

    /// Records a candidate; it wins if it is the first `Set` or `Builtin`.
    pub(crate) fn push(&mut self, source: Source, state: State) {
        if self.winner.is_none() && matches!(state, State::Set | State::Builtin) {
            self.winner = Some(self.candidates.len());
        }
        self.candidates.push(Candidate { source, state });
    }

    /// Records an environment variable under the "empty counts as unset"
    /// rule and returns its value when it is the first to win.
    pub(crate) fn env<'e>(
        &mut self,
        env: &'e (impl Env + ?Sized),
        name: &'static str,
    ) -> Option<&'e str> {
        let value = env.var(name);
        let state = match value {
            None => State::Unset,
            Some("") => State::Empty,
            Some(_) => State::Set,
        };
        let wins = self.winner.is_none() && state == State::Set;
        self.push(Source::Env(name), state);
        value.filter(|_| wins)
    }

    pub(crate) fn has_winner(&self) -> bool {
        self.winner.is_some()
    }

    pub(crate) fn finish(self) -> Provenance {
        let source = self
            .winner
            .map_or(Source::None, |i| self.candidates[i].source);
        let shadowed = self
            .candidates
            .iter()
            .enumerate()
            .filter(|&(i, c)| {
                let after = self.winner.is_some_and(|w| i > w);
                match c.state {
                    State::Set | State::Blank => after,
                    State::Hidden => true,
                    _ => false,
                }
            })
            .map(|(_, c)| c.source)
            .collect();
        Provenance {
            source,
            shadowed,
            candidates: self.candidates,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_serialize_as_short_strings() {
        let got: Vec<String> = [
            Source::Env("X"),
            Source::Session,
            Source::TokenFile,
            Source::Default,
            Source::Id,
            Source::None,
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            got,
            ["env:X", "session", "token_file", "default", "id", "none"]
        );
    }

    #[test]
    fn empty_never_wins_and_later_set_values_are_shadowed() {
        let env = [("A", ""), ("B", "b"), ("C", "c")];
        let mut chain = Chain::with_capacity(3);
        assert_eq!(chain.env(&env, "A"), None);
        assert_eq!(chain.env(&env, "B"), Some("b"));
        assert_eq!(chain.env(&env, "C"), None);
        chain.push(Source::Default, State::Builtin);
        let p = chain.finish();
        assert_eq!(p.source, Source::Env("B"));
        assert_eq!(p.shadowed, [Source::Env("C")]);
        assert_eq!(p.candidates[0].state, State::Empty);
    }

    #[test]
    fn pair_slices_let_the_last_assignment_win() {
        let env = vec![("A", "1"), ("A", "2")];
        assert_eq!(env.var("A"), Some("2"));
    }
}
