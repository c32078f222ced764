//! Python arguments turned into core's inputs, refusing bad ones with an
//! `invalid_argument` error that names the function and the argument:
//! `ArgumentTypeError` (a `TypeError`) for a wrong type,
//! `InvalidArgumentError` (a `ValueError`) for a string that is too long or
//! not well-formed Unicode.

use std::fmt;

use pyo3::exceptions::PyUnicodeEncodeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString};

use crate::errors::{Raise, Result};

/// Longest string accepted for an id, a token, an effort or an environment
/// value, in code points (1 Mi): far beyond any real value, it keeps a
/// hostile input from costing gigabytes of copies.
pub const MAX_STRING: usize = 1 << 20;
/// Longest `.env` text accepted (16 Mi code points).
pub const MAX_TEXT: usize = 1 << 24;

/// What a message calls the value being checked.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// A positional or keyword argument.
    Arg(&'a str),
    /// The value of one variable of the `env` argument.
    EnvValue(&'a str),
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Arg(name) => write!(f, "argument `{name}`"),
            Place::EnvValue(key) => write!(f, "argument `env` value at key {key:?}"),
        }
    }
}

/// Python's name for the type of `v` (`int`, `NoneType`, ...).
pub fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".to_owned())
}

/// The error for a value of the wrong type.
pub fn wrong_type(func: &str, place: Place<'_>, expected: &str, got: &Bound<'_, PyAny>) -> Raise {
    Raise::wrong_type(format!(
        "{func}: {place} must be {expected}, got {}",
        type_name(got)
    ))
}

/// A `str` of at most `max` code points without lone surrogates.
pub fn string(func: &str, place: Place<'_>, v: &Bound<'_, PyAny>, max: usize) -> Result<String> {
    let Ok(s) = v.cast::<PyString>() else {
        return Err(wrong_type(func, place, "str", v));
    };
    text(func, place, s, max)
}

/// `s` as UTF-8, when it has at most `max` code points and no lone
/// surrogate.
pub fn text(func: &str, place: Place<'_>, s: &Bound<'_, PyString>, max: usize) -> Result<String> {
    let len = s.len().unwrap_or(0);
    if len > max {
        return Err(Raise::value(format!(
            "{func}: {place} is too long: {len} code points, the limit is {max}"
        )));
    }
    match s.to_cow() {
        Ok(cow) => Ok(cow.into_owned()),
        Err(e) => Err(not_unicode(func, place, s.py(), e)),
    }
}

/// The error for a string Python could not encode as UTF-8: one holding a
/// lone surrogate (`"\ud800"`, or a `surrogateescape`d byte).
fn not_unicode(func: &str, place: Place<'_>, py: Python<'_>, e: PyErr) -> Raise {
    let at = e
        .is_instance_of::<PyUnicodeEncodeError>(py)
        .then(|| e.value(py).getattr("start").ok()?.extract::<usize>().ok())
        .flatten();
    let at = at.map(|i| format!(" at index {i}")).unwrap_or_default();
    Raise::value(format!(
        "{func}: {place} is not well-formed Unicode: lone surrogate{at}"
    ))
    .hint("model ids, tokens and environment values must be text that UTF-8 can encode")
    .caused_by(e)
}

/// `None` or a `str` (see [`string`]).
pub fn opt_string(func: &str, name: &str, v: Option<&Bound<'_, PyAny>>) -> Result<Option<String>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) if v.is_instance_of::<PyString>() => {
            string(func, Place::Arg(name), v, MAX_STRING).map(Some)
        }
        Some(v) => Err(wrong_type(func, Place::Arg(name), "str or None", v)),
    }
}

/// A count of tokens: an `int` (not a `bool`) from 1 to 2^32 - 1, or `None`.
pub fn opt_tokens(
    func: &str,
    name: &str,
    v: Option<&Bound<'_, PyAny>>,
) -> Result<Option<std::num::NonZeroU32>> {
    const EXPECTED: &str = "int of tokens from 1 to 4294967295, or None";
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) if v.is_instance_of::<PyBool>() || !v.is_instance_of::<pyo3::types::PyInt>() => {
            Err(wrong_type(func, Place::Arg(name), EXPECTED, v))
        }
        Some(v) => match v.extract::<u32>().ok().and_then(std::num::NonZeroU32::new) {
            Some(n) => Ok(Some(n)),
            None => Err(Raise::value(format!(
                "{func}: argument `{name}` must be an {EXPECTED}, got {}",
                v.repr()
                    .map_or_else(|_| "an int".to_owned(), |r| r.to_string())
            ))),
        },
    }
}

/// A `bool` (not merely a truthy value: `strict="no"` is a mistake).
pub fn flag(func: &str, name: &str, v: Option<&Bound<'_, PyAny>>) -> Result<bool> {
    match v {
        None => Ok(false),
        Some(v) => match v.cast::<PyBool>() {
            Ok(b) => Ok(b.is_true()),
            Err(_) => Err(wrong_type(func, Place::Arg(name), "bool", v)),
        },
    }
}
