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
use tinyvec::ArrayVec;

// The variables' table lives with the providers' (each row names its
// own), and is re-exported here, where sources and chains use it.
pub use crate::providers::{EnvVar, ENV_VARS};

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

    /// The name of every variable that is set, in any order, possibly
    /// repeated. Only the diagnostics read it, to find names one typo away
    /// from those modelroute reads (`near_miss_variable`); resolution never
    /// does. The default lists none: an environment that cannot list its
    /// names only goes without that check.
    ///
    /// ```
    /// use modelroute_core::Env;
    /// let env = [("OLAMA_BASE_URL", "http://gpu:11434")];
    /// assert_eq!(env.names(), ["OLAMA_BASE_URL"]);
    /// ```
    fn names(&self) -> Vec<&str> {
        Vec::new()
    }
}

impl<S: BuildHasher> Env for HashMap<String, String, S> {
    fn var(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }

    fn names(&self) -> Vec<&str> {
        self.keys().map(String::as_str).collect()
    }
}

impl Env for BTreeMap<String, String> {
    fn var(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }

    fn names(&self) -> Vec<&str> {
        self.keys().map(String::as_str).collect()
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

    fn names(&self) -> Vec<&str> {
        self.iter().map(|(k, _)| k.as_ref()).collect()
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Env for [(K, V); N] {
    fn var(&self, name: &str) -> Option<&str> {
        self.as_slice().var(name)
    }

    fn names(&self) -> Vec<&str> {
        self.as_slice().names()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for Vec<(K, V)> {
    fn var(&self, name: &str) -> Option<&str> {
        self.as_slice().var(name)
    }

    fn names(&self) -> Vec<&str> {
        self.as_slice().names()
    }
}

impl<T: Env + ?Sized> Env for &T {
    fn var(&self, name: &str) -> Option<&str> {
        (**self).var(name)
    }

    fn names(&self) -> Vec<&str> {
        (**self).names()
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
/// The default is [`Source::None`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Source {
    /// An environment variable.
    Env(EnvVar),
    /// The session token passed by the caller (`--session-token`).
    Session,
    /// The contents of the Hugging Face token file.
    TokenFile,
    /// A built-in default.
    Default,
    /// Derived from the model id itself.
    Id,
    /// No source supplied a value.
    #[default]
    None,
}

const ENV_LABEL_PREFIX: &str = "env:";
const LABEL_MAX: usize = 64;

// `Source::label`'s buffer holds every name.
const _: () = {
    let mut i = 0;
    while i < ENV_VARS.len() {
        assert!(ENV_VARS[i].len() <= LABEL_MAX - ENV_LABEL_PREFIX.len());
        i += 1;
    }
};

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Env(var) => write!(f, "{ENV_LABEL_PREFIX}{var}"),
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
    /// reads (asserted where [`ENV_VARS`] is built).
    fn label(self, buf: &mut [u8; LABEL_MAX]) -> &str {
        let name = match self {
            Source::Env(var) => var.name(),
            Source::Session => return "session",
            Source::TokenFile => return "token_file",
            Source::Default => return "default",
            Source::Id => return "id",
            Source::None => return "none",
        };
        let len = ENV_LABEL_PREFIX.len() + name.len();
        let (prefix, rest) = buf.split_at_mut(ENV_LABEL_PREFIX.len());
        prefix.copy_from_slice(ENV_LABEL_PREFIX.as_bytes());
        if let Some(dest) = rest.get_mut(..name.len()) {
            dest.copy_from_slice(name.as_bytes());
        }
        buf.get(..len)
            .and_then(|label| std::str::from_utf8(label).ok())
            .unwrap_or(ENV_LABEL_PREFIX)
    }
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label(&mut [0; LABEL_MAX]))
    }
}

/// What a candidate source held when the chain was walked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Holds a usable value.
    Set,
    /// Set to the empty string, which counts as unset.
    Empty,
    /// Not set at all (or, for the token file, not provided). The default.
    #[default]
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

/// One source of a chain and its state. The default (no source, unset)
/// fills a chain's unused slots.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
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
///
/// The storage is tinyvec's `ArrayVec` (safe code only, and `Copy`, as
/// [`Provenance`] is); this type only fixes the capacity and keeps the
/// crate's own API.
#[derive(Clone, Copy)]
pub struct ChainList<T: Copy + Default>(ArrayVec<[T; MAX_CHAIN]>);

impl<T: Copy + Default> ChainList<T> {
    fn new() -> Self {
        ChainList(ArrayVec::new())
    }

    fn push(&mut self, item: T) {
        // Chains are fixed by the code, never by input: the longest has
        // MAX_CHAIN entries, so this never drops anything.
        let _ = self.0.try_push(item);
    }

    /// The items as a slice.
    pub fn as_slice(&self) -> &[T] {
        self.0.as_slice()
    }
}

impl<T: Copy + Default> std::ops::Deref for ChainList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Copy + Default + fmt::Debug> fmt::Debug for ChainList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<T: Copy + Default + PartialEq> PartialEq for ChainList<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Default + Eq> Eq for ChainList<T> {}

impl<T: Copy + Default + PartialEq, const N: usize> PartialEq<[T; N]> for ChainList<T> {
    fn eq(&self, other: &[T; N]) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Default + PartialEq> PartialEq<Vec<T>> for ChainList<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Default + Serialize> Serialize for ChainList<T> {
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

impl Provenance {
    /// A value fixed by the id or a constant, with no alternatives.
    pub fn single(source: Source) -> Self {
        let mut candidates = ChainList::new();
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
            shadowed: ChainList::new(),
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
            candidates: ChainList::new(),
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
    pub(crate) fn env<'e>(&mut self, env: &'e (impl Env + ?Sized), var: EnvVar) -> Option<&'e str> {
        let value = env.var(var.name());
        let state = match value {
            None => State::Unset,
            Some("") => State::Empty,
            Some(_) => State::Set,
        };
        let wins = self.winner.is_none() && state == State::Set;
        self.push(Source::Env(var), state);
        value.filter(|_| wins)
    }

    pub(crate) fn has_winner(&self) -> bool {
        self.winner.is_some()
    }

    pub(crate) fn finish(self) -> Provenance {
        let source = self
            .winner
            .map_or(Source::None, |i| self.candidates[i].source);
        let mut shadowed = ChainList::new();
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
    use crate::providers::LOCAL_PROVIDERS;

    #[test]
    fn sources_serialize_as_short_strings() {
        let got: Vec<String> = [
            Source::Env(EnvVar::HF_TOKEN),
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
            [
                "env:HF_TOKEN",
                "session",
                "token_file",
                "default",
                "id",
                "none"
            ]
        );
    }

    #[test]
    fn every_variable_serializes_as_it_displays() {
        let vars = ENV_VARS.iter().map(|n| EnvVar::named(n).unwrap());
        let sources = vars.map(Source::Env).chain([
            Source::Session,
            Source::TokenFile,
            Source::Default,
            Source::Id,
            Source::None,
        ]);
        for source in sources {
            let json = serde_json::to_string(&source).unwrap();
            assert_eq!(json, serde_json::to_string(&source.to_string()).unwrap());
        }
    }

    #[test]
    fn the_table_names_every_variable_once_and_named_finds_it() {
        for (i, name) in ENV_VARS.iter().enumerate() {
            assert!(!name.is_empty());
            let var = EnvVar::named(name).unwrap();
            assert!(
                !ENV_VARS[..i].contains(name),
                "{name} is in the table twice"
            );
            assert_eq!(var.name(), *name);
            assert_eq!(var, *name);
        }
        let named = |n: &str| EnvVar::named(n).unwrap();
        assert_eq!(named("LOCAL_LLM_BASE_URL"), EnvVar::LOCAL_LLM_BASE_URL);
        assert_eq!(named("LOCAL_LLM_API_KEY"), EnvVar::LOCAL_LLM_API_KEY);
        assert_eq!(named("INFERENCE_TOKEN"), EnvVar::INFERENCE_TOKEN);
        assert_eq!(named("HF_TOKEN"), EnvVar::HF_TOKEN);
        assert_eq!(
            named("HUGGING_FACE_HUB_TOKEN"),
            EnvVar::HUGGING_FACE_HUB_TOKEN
        );
        assert_eq!(named("HF_BILL_TO"), EnvVar::HF_BILL_TO);
        assert_eq!(named("OPENAI_BASE_URL"), EnvVar::OPENAI_BASE_URL);
        assert_eq!(named("OPENAI_API_KEY"), EnvVar::OPENAI_API_KEY);
        assert_eq!(EnvVar::named(""), None);
        assert_eq!(EnvVar::named("hf_token"), None);
    }

    #[test]
    fn every_provider_row_points_at_its_own_variables() {
        for p in LOCAL_PROVIDERS {
            assert_eq!(p.base_url_var.name(), p.base_url_env, "{}", p.id);
            assert_eq!(p.api_key_var.name(), p.api_key_env, "{}", p.id);
        }
    }

    #[test]
    fn empty_never_wins_and_later_set_values_are_shadowed() {
        let (a, b, c) = (
            EnvVar::HF_TOKEN,
            EnvVar::INFERENCE_TOKEN,
            EnvVar::HF_BILL_TO,
        );
        let env = [(a.name(), ""), (b.name(), "b"), (c.name(), "c")];
        let mut chain = Chain::new();
        assert_eq!(chain.env(&env, a), None);
        assert_eq!(chain.env(&env, b), Some("b"));
        assert_eq!(chain.env(&env, c), None);
        chain.push(Source::Default, State::Builtin);
        let p = chain.finish();
        assert_eq!(p.source, Source::Env(b));
        assert_eq!(p.shadowed, [Source::Env(c)]);
        assert_eq!(p.candidates[0].state, State::Empty);
    }

    #[test]
    fn pair_slices_let_the_last_assignment_win() {
        let env = vec![("A", "1"), ("A", "2")];
        assert_eq!(env.var("A"), Some("2"));
    }
}
