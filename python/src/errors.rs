//! The one way this module fails: an instance of one of the exception
//! classes of `modelroute/_errors.py`, each a `ModelrouteError` carrying
//! `code`, `hints` and `line`. They are defined in Python (one of them
//! subclasses both `ValueError` and `TypeError`, which a Rust-declared
//! exception cannot) and built here, in [`Raise::into_err`] only.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyType};

/// Bad Python input: a wrong type, a malformed or oversized string.
pub const INVALID_ARGUMENT: &str = "invalid_argument";
/// `.env` text that python-dotenv would not parse.
pub const DOTENV_PARSE: &str = "dotenv_parse";
/// The process environment or the token file could not be read.
pub const ENVIRONMENT: &str = "environment";
/// A bug in this module (a value it could not convert). Never expected.
pub const INTERNAL: &str = "internal";

/// Codes this module adds to core's resolution and export codes.
pub const PYTHON_ERROR_CODES: &[&str] = &[INVALID_ARGUMENT, DOTENV_PARSE, ENVIRONMENT, INTERNAL];

/// Which class of `_errors.py` an error is raised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// `ModelrouteError` itself (code `internal`).
    Base,
    /// `ResolutionError`: core's resolution codes.
    Resolution,
    /// `UnsupportedEffortError`, the reference's class name.
    UnsupportedEffort,
    /// `ExportError`: core's export codes.
    Export,
    /// `DotenvError`.
    Dotenv,
    /// `EnvironmentReadError`.
    Environment,
    /// `InvalidArgumentError` (a `ValueError`).
    InvalidValue,
    /// `ArgumentTypeError` (a `ValueError` and a `TypeError`).
    InvalidType,
}

impl Class {
    const ALL: [Class; 8] = [
        Class::Base,
        Class::Resolution,
        Class::UnsupportedEffort,
        Class::Export,
        Class::Dotenv,
        Class::Environment,
        Class::InvalidValue,
        Class::InvalidType,
    ];

    /// Its name in `modelroute._errors`.
    pub fn name(self) -> &'static str {
        match self {
            Class::Base => "ModelrouteError",
            Class::Resolution => "ResolutionError",
            Class::UnsupportedEffort => "UnsupportedEffortError",
            Class::Export => "ExportError",
            Class::Dotenv => "DotenvError",
            Class::Environment => "EnvironmentReadError",
            Class::InvalidValue => "InvalidArgumentError",
            Class::InvalidType => "ArgumentTypeError",
        }
    }

    fn index(self) -> usize {
        Class::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// The classes, imported from `modelroute._errors` on first use.
static CLASSES: [PyOnceLock<Py<PyType>>; 8] = [
    PyOnceLock::new(),
    PyOnceLock::new(),
    PyOnceLock::new(),
    PyOnceLock::new(),
    PyOnceLock::new(),
    PyOnceLock::new(),
    PyOnceLock::new(),
    PyOnceLock::new(),
];

/// An error on its way to Python (boxed: results stay small on the
/// success path).
#[derive(Debug)]
pub struct Raise(Box<Parts>);

#[derive(Debug)]
struct Parts {
    class: Class,
    code: &'static str,
    message: String,
    hints: Vec<String>,
    line: Option<usize>,
    cause: Option<PyErr>,
}

impl Raise {
    /// An error of `class` with `code`.
    pub fn new(class: Class, code: &'static str, message: String) -> Self {
        Raise(Box::new(Parts {
            class,
            code,
            message,
            hints: Vec::new(),
            line: None,
            cause: None,
        }))
    }

    /// An `invalid_argument` error for a bad value (`ValueError`).
    pub fn value(message: String) -> Self {
        Raise::new(Class::InvalidValue, INVALID_ARGUMENT, message)
    }

    /// An `invalid_argument` error for a wrong type (`TypeError`).
    pub fn wrong_type(message: String) -> Self {
        Raise::new(Class::InvalidType, INVALID_ARGUMENT, message)
    }

    /// A `.env` parse error at `line` (1-based).
    pub fn dotenv(message: String, line: usize) -> Self {
        let mut r = Raise::new(Class::Dotenv, DOTENV_PARSE, message)
            .hint("fix or quote the value on that line; python-dotenv would skip it silently");
        r.0.line = Some(line);
        r
    }

    /// An error reading the process environment or the token file.
    pub fn environment(message: String) -> Self {
        Raise::new(Class::Environment, ENVIRONMENT, message)
    }

    /// An `internal` error: something this module should never produce.
    pub fn internal(message: String) -> Self {
        Raise::new(Class::Base, INTERNAL, message)
            .hint("please report this as a bug in the modelroute package")
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.0.hints.push(hint.into());
        self
    }

    /// Chains the Python exception that caused this one (`__cause__`).
    pub fn caused_by(mut self, cause: PyErr) -> Self {
        self.0.cause = Some(cause);
        self
    }

    /// The Python exception. The only place one is built.
    pub fn into_err(self, py: Python<'_>) -> PyErr {
        let Parts {
            class,
            code,
            message,
            hints,
            line,
            cause,
        } = *self.0;
        let build = || -> PyResult<PyErr> {
            let class = CLASSES[class.index()].import(py, "modelroute._errors", class.name())?;
            let hints = PyList::new(py, &hints)?;
            let value = class.call1((message.as_str(), code, hints, line))?;
            let err = PyErr::from_value(value);
            if let Some(cause) = cause {
                err.set_cause(py, Some(cause));
            }
            Ok(err)
        };
        build().unwrap_or_else(|e| e)
    }
}

impl From<modelroute_core::Error> for Raise {
    fn from(e: modelroute_core::Error) -> Self {
        let class = match e.kind() {
            modelroute_core::ErrorKind::UnsupportedEffort { .. } => Class::UnsupportedEffort,
            _ => Class::Resolution,
        };
        let mut r = Raise::new(class, e.code(), e.to_string());
        r.0.hints = e.hints();
        r
    }
}

impl From<&modelroute_core::ExportError> for Raise {
    fn from(e: &modelroute_core::ExportError) -> Self {
        let mut r = Raise::new(Class::Export, e.code(), e.to_string());
        r.0.hints = e.hints();
        r
    }
}

/// What every function body returns; [`crate::run`] raises the error.
pub type Result<T> = std::result::Result<T, Raise>;
