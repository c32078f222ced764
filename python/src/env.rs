//! Core's [`Env`] over the caller's `env` argument.
//!
//! Copying a whole environment into Rust on every call would cost more than
//! resolving, so only the variables core asks for are read, each at most
//! once per call, and kept for the rest of the call:
//!
//! - `None`: the process environment, read with `std::env` (what
//!   `os.environ` sets, since assigning to it calls `putenv`);
//! - a `dict`: looked up directly, with the variable names as interned
//!   Python strings;
//! - any other `collections.abc.Mapping`: with `mapping[name]`, a
//!   `KeyError` meaning unset.
//!
//! What was read is kept in slots inside the `PyEnv` (a resolution reads a
//! handful of variables; no allocation for the list), then in an
//! append-only list (`elsa`'s `FrozenVec`): core holds on to the values
//! while it asks for more.
//!
//! A value must be a `str`; a value that is not, and a key that is not a
//! `str` (which core could never look up, so the caller's variable would
//! be silently ignored), is an error naming the argument. Core's reads
//! cannot fail, so the first problem is kept and reported after core
//! returns ([`PyEnv::finish`]).

use std::cell::{OnceCell, RefCell};

use elsa::FrozenVec;
use modelroute_core::Env;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyType};

use crate::args::{self, Place, MAX_STRING};
use crate::convert::with_name;
use crate::errors::{Raise, Result};

/// Where the variables come from.
enum Source<'py> {
    Process,
    Dict(Bound<'py, PyDict>),
    Mapping(Bound<'py, PyAny>),
}

/// Variables kept in the `PyEnv` itself: more than a resolution reads.
const SLOTS: usize = 12;

/// One variable read so far.
struct Entry {
    name: Box<str>,
    value: Option<String>,
}

/// The `env` argument of one call.
pub struct PyEnv<'py> {
    func: &'static str,
    py: Python<'py>,
    source: Source<'py>,
    slots: [OnceCell<Entry>; SLOTS],
    more: FrozenVec<Box<Entry>>,
    /// Every name, listed once when core first asks (see [`Env::names`]).
    names: OnceCell<Vec<String>>,
    failure: RefCell<Option<Raise>>,
}

/// `collections.abc.Mapping`, imported once.
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();

impl<'py> PyEnv<'py> {
    /// Takes `env` (`None`, a `dict` or a `Mapping[str, str]`) as `func`'s
    /// environment, checking that its keys are all `str`.
    pub fn new(
        func: &'static str,
        py: Python<'py>,
        env: Option<&Bound<'py, PyAny>>,
    ) -> Result<Self> {
        let source = match env {
            None => Source::Process,
            Some(e) if e.is_none() => Source::Process,
            Some(e) => match e.cast_exact::<PyDict>() {
                Ok(d) => {
                    for (k, _) in d.iter() {
                        check_key(func, &k)?;
                    }
                    Source::Dict(d.clone())
                }
                Err(_) => {
                    let mapping =
                        MAPPING
                            .import(py, "collections.abc", "Mapping")
                            .map_err(|e| {
                                Raise::internal("cannot import collections.abc.Mapping".to_owned())
                                    .caused_by(e)
                            })?;
                    if !e.is_instance(mapping.as_any()).unwrap_or(false) {
                        return Err(args::wrong_type(
                            func,
                            Place::Arg("env"),
                            "a Mapping[str, str] or None",
                            e,
                        ));
                    }
                    let keys = e.call_method0("keys").and_then(|k| k.try_iter());
                    let keys = keys.map_err(|err| {
                        Raise::value(format!("{func}: reading the keys of argument `env` raised"))
                            .caused_by(err)
                    })?;
                    for k in keys {
                        let k = k.map_err(|err| {
                            Raise::value(format!(
                                "{func}: reading the keys of argument `env` raised"
                            ))
                            .caused_by(err)
                        })?;
                        check_key(func, &k)?;
                    }
                    Source::Mapping(e.clone())
                }
            },
        };
        Ok(PyEnv {
            func,
            py,
            source,
            slots: [const { OnceCell::new() }; SLOTS],
            more: FrozenVec::new(),
            names: OnceCell::new(),
            failure: RefCell::new(None),
        })
    }

    /// Whether this is the process environment (`env=None`).
    pub fn is_process(&self) -> bool {
        matches!(self.source, Source::Process)
    }

    /// The first problem met while core read variables, if any.
    pub fn finish(self) -> Result<()> {
        match self.failure.into_inner() {
            Some(r) => Err(r),
            None => Ok(()),
        }
    }

    fn fail(&self, r: Raise) {
        let mut slot = self.failure.borrow_mut();
        if slot.is_none() {
            *slot = Some(r);
        }
    }

    /// Every name of the environment that is text; no value is read. A
    /// mapping whose keys cannot be listed again only goes without the
    /// check that reads them (`near_miss_variable`).
    fn list_names(&self) -> Vec<String> {
        let keys = match &self.source {
            Source::Process => {
                return std::env::vars_os()
                    .filter_map(|(k, _)| k.into_string().ok())
                    .collect()
            }
            Source::Dict(d) => return d.keys().iter().filter_map(|k| k.extract().ok()).collect(),
            Source::Mapping(m) => m.call_method0("keys").and_then(|k| k.try_iter()),
        };
        // The first error ends the listing: an iterator whose `__next__`
        // keeps raising would otherwise be asked forever.
        keys.map(|keys| {
            keys.map_while(|k| k.ok())
                .filter_map(|k| k.extract().ok())
                .collect()
        })
        .unwrap_or_default()
    }

    /// Reads one variable.
    fn fetch(&self, name: &str) -> Option<String> {
        if self.failure.borrow().is_some() {
            return None;
        }
        let read = match &self.source {
            Source::Process => return self.process(name),
            Source::Dict(d) => with_name(self.py, name, |k| d.get_item(k)),
            Source::Mapping(m) => match with_name(self.py, name, |k| m.get_item(k)) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.is_instance_of::<PyKeyError>(self.py) => Ok(None),
                Err(e) => Err(e),
            },
        };
        let value = match read {
            Ok(Some(v)) => v,
            Ok(None) => return None,
            Err(e) => {
                self.fail(
                    Raise::value(format!(
                        "{}: reading argument `env` at key {name:?} raised",
                        self.func
                    ))
                    .caused_by(e),
                );
                return None;
            }
        };
        match args::string(self.func, Place::EnvValue(name), &value, MAX_STRING) {
            Ok(s) => Some(s),
            Err(r) => {
                self.fail(r);
                None
            }
        }
    }

    fn process(&self, name: &str) -> Option<String> {
        match std::env::var(name) {
            Ok(v) => Some(v),
            Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(_)) => {
                self.fail(
                    Raise::environment(format!(
                        "{}: the environment variable {name} is not valid UTF-8",
                        self.func
                    ))
                    .hint(format!("set {name} to text, or unset it")),
                );
                None
            }
        }
    }
}

fn check_key(func: &str, key: &Bound<'_, PyAny>) -> Result<()> {
    if key.is_instance_of::<PyString>() {
        Ok(())
    } else {
        Err(Raise::wrong_type(format!(
            "{func}: argument `env` has a key that is not a str: {} ({})",
            key.repr().map(|r| r.to_string()).unwrap_or_default(),
            args::type_name(key)
        )))
    }
}

impl Env for PyEnv<'_> {
    fn var(&self, name: &str) -> Option<&str> {
        let entry = |value| Entry {
            name: name.into(),
            value,
        };
        for slot in &self.slots {
            match slot.get() {
                Some(e) if &*e.name == name => return e.value.as_deref(),
                Some(_) => {}
                None => {
                    let value = self.fetch(name);
                    return slot.get_or_init(|| entry(value)).value.as_deref();
                }
            }
        }
        if let Some(e) = self.more.iter().find(|e| &*e.name == name) {
            return e.value.as_deref();
        }
        let value = self.fetch(name);
        self.more.push_get(Box::new(entry(value))).value.as_deref()
    }

    fn names(&self) -> Vec<&str> {
        self.names
            .get_or_init(|| self.list_names())
            .iter()
            .map(String::as_str)
            .collect()
    }
}
