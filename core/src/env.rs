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

impl Source {
    /// The text `Display` writes, put together without the formatting
    /// machinery (slow in WebAssembly, and serializing a report writes
    /// many sources): `env:NAME` in `buf`, which holds every name core
    /// reads. `None` for a name too long for it.
    fn label<'b>(&self, buf: &'b mut [u8; 64]) -> Option<&'b str> {
        let name = match self {
            Source::Env(name) => name,
            Source::Session => return Some("session"),
            Source::TokenFile => return Some("token_file"),
            Source::Default => return Some("default"),
            Source::Id => return Some("id"),
            Source::None => return Some("none"),
        };
        let label = buf.get_mut(..4 + name.len())?;
        let (prefix, rest) = label.split_at_mut(4);
        prefix.copy_from_slice(b"env:");
        rest.copy_from_slice(name.as_bytes());
        std::str::from_utf8(label).ok()
    }
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.label(&mut [0; 64]) {
            Some(label) => s.serialize_str(label),
            None => s.collect_str(self),
        }
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

/// Longest precedence chain core walks (the HF Router key: five sources).
pub const MAX_CHAIN: usize = 5;

/// A list of at most [`MAX_CHAIN`] items kept inline: resolving builds
/// several per call, and heap-allocating each one would cost more than the
/// rest of `resolve` together. Reads as a slice; serializes as a sequence.
#[derive(Clone, Copy)]
pub struct ChainList<T: Copy> {
    items: [T; MAX_CHAIN],
    len: u8,
}

impl<T: Copy> ChainList<T> {
    fn new(filler: T) -> Self {
        ChainList {
            items: [filler; MAX_CHAIN],
            len: 0,
        }
    }

    fn push(&mut self, item: T) {
        // Chains are fixed by the code, never by input: the longest has
        // MAX_CHAIN entries, so this never drops anything.
        if let Some(slot) = self.items.get_mut(usize::from(self.len)) {
            *slot = item;
            self.len += 1;
        }
    }

    /// The items as a slice.
    pub fn as_slice(&self) -> &[T] {
        &self.items[..usize::from(self.len)]
    }
}

impl<T: Copy> std::ops::Deref for ChainList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Copy + fmt::Debug> fmt::Debug for ChainList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<T: Copy + PartialEq> PartialEq for ChainList<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Eq> Eq for ChainList<T> {}

impl<T: Copy + PartialEq, const N: usize> PartialEq<[T; N]> for ChainList<T> {
    fn eq(&self, other: &[T; N]) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + PartialEq> PartialEq<Vec<T>> for ChainList<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Serialize> Serialize for ChainList<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.as_slice())
    }
}

/// The story of one resolved value: every candidate in precedence order,
/// the one that won, and the set ones it shadowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The source that supplied the value.
    pub source: Source,
    /// Sources that held a value but lost to `source` (set, blank or hidden
    /// ones after it, plus hidden ones before it).
    pub shadowed: ChainList<Source>,
    /// Every candidate in precedence order.
    pub candidates: ChainList<Candidate>,
}

const FILLER: Candidate = Candidate {
    source: Source::None,
    state: State::Unset,
};

impl Provenance {
    /// A value fixed by the id or a constant, with no alternatives.
    pub fn single(source: Source) -> Self {
        let mut candidates = ChainList::new(FILLER);
        candidates.push(Candidate {
            source,
            state: if source == Source::Id {
                State::Set
            } else {
                State::Builtin
            },
        });
        Provenance {
            source,
            shadowed: ChainList::new(Source::None),
            candidates,
        }
    }
}

/// Builds a [`Provenance`] while a precedence chain is walked.
#[derive(Debug)]
pub(crate) struct Chain {
    candidates: ChainList<Candidate>,
    winner: Option<usize>,
}

impl Chain {
    pub(crate) fn new() -> Self {
        Chain {
            candidates: ChainList::new(FILLER),
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
        let mut shadowed = ChainList::new(Source::None);
        for (i, c) in self.candidates.iter().enumerate() {
            let after = self.winner.is_some_and(|w| i > w);
            let lost = match c.state {
                State::Set | State::Blank => after,
                State::Hidden => true,
                _ => false,
            };
            if lost {
                shadowed.push(c.source);
            }
        }
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
    fn sources_serialize_as_they_display() {
        let long = "L".repeat(100);
        let long: &'static str = Box::leak(long.into_boxed_str());
        for source in [
            Source::Env("X"),
            Source::Env("HUGGING_FACE_HUB_TOKEN"),
            Source::Env(""),
            Source::Env("é\u{1F600}"),
            Source::Env(&long[..60]),
            Source::Env(long),
            Source::Session,
            Source::TokenFile,
            Source::Default,
            Source::Id,
            Source::None,
        ] {
            let json = serde_json::to_string(&source).unwrap();
            assert_eq!(json, serde_json::to_string(&source.to_string()).unwrap());
        }
    }

    #[test]
    fn empty_never_wins_and_later_set_values_are_shadowed() {
        let env = [("A", ""), ("B", "b"), ("C", "c")];
        let mut chain = Chain::new();
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
