//! Why a resolution could not be exported: [`ExportError`], its stable
//! codes ([`EXPORT_ERROR_CODES`]), messages and hints.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::routes::direct_route;
use super::{backticked, printable, ExportFormat};
use crate::model_id::Route;

/// Every export error code, for docs and table tests. Never renamed.
pub const EXPORT_ERROR_CODES: &[&str] = &[
    "export_unsupported",
    "export_missing_key",
    "export_unrepresentable",
    "export_needs_context",
];

/// Why a value cannot be written in a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unrepresentable {
    /// A NUL character, which no environment variable or C string can hold.
    Nul,
    /// `${`, which python-dotenv expands however the value is quoted.
    Interpolation,
    /// A line break in a value that becomes an HTTP header.
    LineBreakInHeader,
}

/// Why a resolution could not be exported in a format.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportErrorKind {
    /// The route has no endpoint or key that modelroute resolves
    /// (`anthropic/`, `bedrock/`, `openai/`): only `litellm` applies.
    Unsupported {
        /// The format asked for.
        format: ExportFormat,
        /// The model id.
        id: String,
        /// Its route.
        route: Route,
    },
    /// A Hugging Face Router id with no token anywhere, in a format that
    /// sends requests and so needs one.
    MissingKey {
        /// The format asked for.
        format: ExportFormat,
        /// The model id.
        id: String,
    },
    /// A value the format cannot carry unchanged.
    Unrepresentable {
        /// The format asked for.
        format: ExportFormat,
        /// The variable, field or header that holds the value.
        name: &'static str,
        /// What is wrong with it.
        problem: Unrepresentable,
    },
    /// A format whose tool requires the model's context window, asked for
    /// without one: modelroute never writes a guessed number.
    NeedsContext {
        /// The format asked for.
        format: ExportFormat,
        /// The model id.
        id: String,
    },
}

/// An export error: a kind, rendered to a stable code, a message and hints,
/// serialized as `{code, message, hints}` like [`crate::Error`].
///
/// ```
/// use modelroute_core::{export, resolve, EmptyEnv, ExportFormat, ExportOptions, ResolveOptions};
/// let r = resolve("anthropic/claude-opus-4-7", &EmptyEnv, &ResolveOptions::default()).unwrap();
/// let err = export(&r, ExportFormat::Curl, &ExportOptions::default()).unwrap_err();
/// assert_eq!(err.code(), "export_unsupported");
/// assert!(err.hints()[0].contains("--to litellm"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    kind: ExportErrorKind,
}

impl From<ExportErrorKind> for ExportError {
    fn from(kind: ExportErrorKind) -> Self {
        ExportError { kind }
    }
}

impl std::error::Error for ExportError {}

impl ExportError {
    /// The kind of error.
    pub fn kind(&self) -> &ExportErrorKind {
        &self.kind
    }

    /// Stable snake_case code, one of [`EXPORT_ERROR_CODES`].
    pub fn code(&self) -> &'static str {
        match self.kind {
            ExportErrorKind::Unsupported { .. } => "export_unsupported",
            ExportErrorKind::MissingKey { .. } => "export_missing_key",
            ExportErrorKind::Unrepresentable { .. } => "export_unrepresentable",
            ExportErrorKind::NeedsContext { .. } => "export_needs_context",
        }
    }

    /// What to do about it, one sentence each.
    pub fn hints(&self) -> Vec<String> {
        match &self.kind {
            ExportErrorKind::Unsupported { id, route, .. } => {
                let direct = direct_route(*route);
                vec![
                    format!(
                        "the `litellm` export works for these ids: `modelroute export {} --to litellm`",
                        printable(id)
                    ),
                    format!(
                        "LiteLLM reads {} itself for `{}` ids ({})",
                        backticked(direct.reads),
                        direct.prefix,
                        direct.docs
                    ),
                ]
            }
            ExportErrorKind::MissingKey { .. } => vec![
                format!(
                    "set `HF_TOKEN`, or run `{}`",
                    crate::hf_token::LOGIN_COMMAND
                ),
                "the `litellm`, `env` and `dotenv` exports need no token".to_owned(),
            ],
            ExportErrorKind::Unrepresentable { problem, .. } => vec![match problem {
                Unrepresentable::Interpolation => {
                    "use `--to env`, whose single quotes keep the value verbatim".to_owned()
                }
                Unrepresentable::Nul | Unrepresentable::LineBreakInHeader => {
                    "fix the value in the variable that supplied it".to_owned()
                }
            }],
            ExportErrorKind::NeedsContext { .. } => vec![
                "give the tokens the server serves per request: `--context N` on the command line, `{context: N}` in `exportAs()`".to_owned(),
                "the window the server serves is often far below the model's maximum: Ollama, `llama-server --ctx-size` and `vllm serve --max-model-len` each set their own".to_owned(),
            ],
        }
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExportErrorKind::Unsupported { format, id, route } => write!(
                f,
                "cannot export `{}` as `{format}`: LiteLLM calls {} directly, so modelroute resolves no endpoint or key for it",
                printable(id),
                direct_route(*route).display_name
            ),
            ExportErrorKind::MissingKey { format, id } => write!(
                f,
                "cannot export `{}` as `{format}`: no Hugging Face token was found, and the router needs one",
                printable(id)
            ),
            ExportErrorKind::Unrepresentable {
                format,
                name,
                problem,
            } => {
                let why = match problem {
                    Unrepresentable::Nul => {
                        "a NUL character, which no environment variable can hold"
                    }
                    Unrepresentable::Interpolation => "`${`, which python-dotenv would expand",
                    Unrepresentable::LineBreakInHeader => {
                        "a line break, which an HTTP header cannot carry"
                    }
                };
                write!(
                    f,
                    "cannot export `{name}` as `{format}`: its value contains {why}"
                )
            }
            ExportErrorKind::NeedsContext { format, id } => write!(
                f,
                "cannot export `{}` as `{format}`: the file needs the model's context window, and modelroute does not guess one",
                printable(id)
            ),
        }
    }
}

impl Serialize for ExportError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ExportError", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.serialize_field("hints", &self.hints())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_listed_once() {
        let mut codes = EXPORT_ERROR_CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), EXPORT_ERROR_CODES.len());
    }
}
