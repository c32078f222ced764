//! The one way this package fails: a `ModelrouteError`.
//!
//! Every exported function returns `Result<_, JsValue>`; every `Err` is made
//! by [`Thrown::into_js`], so each error a caller sees is a real `Error`
//! with `name === "ModelrouteError"`, a stable `code`, a `message` and
//! `hints` (a `string[]`), plus `line` for `.env` errors and `cause` when a
//! getter of the caller's object threw.

use std::fmt;

use wasm_bindgen::JsValue;

use crate::js;

/// Bad JavaScript input: wrong type, unknown option, malformed string.
pub const INVALID_ARGUMENT: &str = "invalid_argument";
/// `.env` text that python-dotenv could not parse.
pub const DOTENV_PARSE: &str = "dotenv_parse";
/// A bug in this package (a value it could not convert). Never expected.
pub const INTERNAL: &str = "internal";

/// Codes this layer adds to core's [`modelroute_core::ERROR_CODES`].
pub const WASM_ERROR_CODES: &[&str] = &[INVALID_ARGUMENT, DOTENV_PARSE, INTERNAL];

/// An error on its way to JavaScript.
#[derive(Debug)]
pub struct Thrown {
    code: &'static str,
    message: String,
    hints: Vec<String>,
    line: Option<u32>,
    cause: Option<JsValue>,
}

impl Thrown {
    /// An `invalid_argument` error.
    pub fn invalid(message: String) -> Self {
        Thrown {
            code: INVALID_ARGUMENT,
            message,
            hints: Vec::new(),
            line: None,
            cause: None,
        }
    }

    /// A `.env` parse error at `line` (1-based).
    pub fn dotenv(message: String, line: usize) -> Self {
        Thrown {
            code: DOTENV_PARSE,
            message,
            hints: vec![
                "fix or quote the value on that line; python-dotenv would skip it silently"
                    .to_owned(),
            ],
            line: Some(u32::try_from(line).unwrap_or(u32::MAX)),
            cause: None,
        }
    }

    /// An `internal` error: something this package should never produce.
    pub fn internal(message: String) -> Self {
        Thrown {
            code: INTERNAL,
            message,
            hints: vec!["please report this as a bug in the modelroute package".to_owned()],
            line: None,
            cause: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Attaches what a caller's getter threw.
    pub fn caused_by(mut self, cause: JsValue) -> Self {
        self.cause = Some(cause);
        self
    }

    /// The JavaScript `ModelrouteError`. The only place one is built.
    pub fn into_js(self) -> JsValue {
        // An array of strings cannot fail to convert; if it ever did, the
        // error still carries its code and message.
        let hints = crate::to_js(&self.hints).unwrap_or(JsValue::UNDEFINED);
        js::make_error(
            self.code,
            &self.message,
            &hints,
            self.line,
            self.cause.as_ref().unwrap_or(&JsValue::UNDEFINED),
        )
    }
}

impl From<modelroute_core::Error> for Thrown {
    fn from(e: modelroute_core::Error) -> Self {
        Thrown {
            code: e.code(),
            message: e.to_string(),
            hints: e.hints(),
            line: None,
            cause: None,
        }
    }
}

impl fmt::Display for Thrown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}
