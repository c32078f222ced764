//! Typed errors with stable codes, the reference's messages, and hints.
//!
//! Each [`ErrorKind`] has a snake_case [`code`](Error::code) that is never
//! renamed (scripts and the JS package branch on it), a message that quotes
//! the bad input (the reference's own text where it has one), and hints that
//! say what to do. Surfaces render these; none composes its own.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::providers::{LOCAL_PROVIDERS, RESERVED_PREFIX};
use crate::pyrepr::py_repr;

/// Why a model id could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The id is the empty string.
    EmptyModelId,
    /// The id starts with the reserved `openai-compat/` prefix.
    ReservedPrefix {
        /// The id as given.
        id: String,
    },
    /// A local prefix with nothing after it (`ollama/`).
    EmptyModelName {
        /// The id as given.
        id: String,
    },
    /// A local id containing whitespace (the reference would send it on).
    WhitespaceInId {
        /// The id as given.
        id: String,
        /// Byte offset of the first whitespace character.
        offset: usize,
        /// That character.
        found: char,
    },
    /// The requested reasoning effort is not accepted by this route (strict).
    UnsupportedEffort {
        /// The reference's message, word for word.
        message: String,
        /// The level that was refused.
        level: String,
        /// Levels the route accepts (empty for local servers).
        accepted: &'static [&'static str],
    },
    /// The base URL that won is only whitespace.
    BlankBaseUrl {
        /// The variable it came from.
        var: &'static str,
    },
    /// The base URL that won has no `scheme://`.
    BaseUrlMissingScheme {
        /// The trimmed URL.
        url: String,
        /// The variable it came from.
        var: &'static str,
    },
    /// The base URL's scheme is not `http` or `https`.
    UnsupportedBaseUrlScheme {
        /// The trimmed URL.
        url: String,
        /// The variable it came from.
        var: &'static str,
        /// The scheme found.
        scheme: String,
    },
    /// The base URL has a scheme but no host (`http://`, `http://:8000`).
    BaseUrlMissingHost {
        /// The trimmed URL.
        url: String,
        /// The variable it came from.
        var: &'static str,
    },
}

/// A resolution error: a kind, rendered to a stable code, a message and hints.
///
/// ```
/// use modelroute_core::{resolve, EmptyEnv, ResolveOptions};
/// let err = resolve("ollama/", &EmptyEnv, &ResolveOptions::default()).unwrap_err();
/// assert_eq!(err.code(), "empty_model_name");
/// assert_eq!(err.to_string(), "Unsupported local model id: ollama/");
/// assert!(err.hints()[0].contains("ollama/llama3.1:8b"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

impl std::error::Error for Error {}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error { kind }
    }
}

/// Every error code, for documentation, completions and table tests.
pub const ERROR_CODES: &[&str] = &[
    "empty_model_id",
    "reserved_prefix",
    "empty_model_name",
    "whitespace_in_id",
    "unsupported_effort",
    "blank_base_url",
    "base_url_missing_scheme",
    "unsupported_base_url_scheme",
    "base_url_missing_host",
];

impl Error {
    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Stable snake_case code, one of [`ERROR_CODES`].
    pub fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::EmptyModelId => "empty_model_id",
            ErrorKind::ReservedPrefix { .. } => "reserved_prefix",
            ErrorKind::EmptyModelName { .. } => "empty_model_name",
            ErrorKind::WhitespaceInId { .. } => "whitespace_in_id",
            ErrorKind::UnsupportedEffort { .. } => "unsupported_effort",
            ErrorKind::BlankBaseUrl { .. } => "blank_base_url",
            ErrorKind::BaseUrlMissingScheme { .. } => "base_url_missing_scheme",
            ErrorKind::UnsupportedBaseUrlScheme { .. } => "unsupported_base_url_scheme",
            ErrorKind::BaseUrlMissingHost { .. } => "base_url_missing_host",
        }
    }

    /// What to do about it, one sentence each.
    pub fn hints(&self) -> Vec<String> {
        match &self.kind {
            ErrorKind::EmptyModelId => vec![format!(
                "pass a model id such as `ollama/llama3.1:8b` or `moonshotai/Kimi-K2-Instruct`"
            )],
            ErrorKind::ReservedPrefix { id } => {
                let name = &id[RESERVED_PREFIX.len()..];
                let name = if name.is_empty() { "<model>" } else { name };
                let prefixes: Vec<String> = LOCAL_PROVIDERS
                    .iter()
                    .map(|p| format!("`{}{}`", p.prefix, name))
                    .collect();
                vec![
                    format!(
                        "`{RESERVED_PREFIX}` is reserved and not supported; name the server instead: {}",
                        prefixes.join(", ")
                    ),
                    "to reach any OpenAI-compatible server, set `LOCAL_LLM_BASE_URL` and use one of those prefixes".to_owned(),
                ]
            }
            ErrorKind::EmptyModelName { id } => vec![format!(
                "add a model name after the prefix, e.g. `{id}{}`",
                example_name(id)
            )],
            ErrorKind::WhitespaceInId { found, offset, .. } => vec![format!(
                "remove the {} at byte {offset}: model names never contain whitespace",
                describe_char(*found)
            )],
            ErrorKind::UnsupportedEffort { accepted: [], .. } => vec![
                "local servers take no reasoning effort: drop `--effort`, or leave strict mode off to ignore it".to_owned(),
            ],
            ErrorKind::UnsupportedEffort { accepted, .. } => vec![format!(
                "use one of: {}",
                accepted.join(", ")
            )],
            ErrorKind::BlankBaseUrl { var } => {
                // A provider's own variable gets its server's default as
                // the example; the shared one a generic address.
                let example = LOCAL_PROVIDERS
                    .iter()
                    .find(|p| p.base_url_env == *var)
                    .map_or("http://127.0.0.1:8000", |p| p.default_base_url);
                vec![format!(
                    "set `{var}` to the server's URL, e.g. `{var}={example}`, or unset it to fall back to the next source"
                )]
            }
            ErrorKind::BaseUrlMissingScheme { url, var } => vec![format!(
                "write the scheme: `{var}=http://{url}`"
            )],
            ErrorKind::UnsupportedBaseUrlScheme { var, .. } => vec![format!(
                "OpenAI-compatible servers speak HTTP: set `{var}` to an `http://` or `https://` URL"
            )],
            ErrorKind::BaseUrlMissingHost { var, .. } => vec![format!(
                "put the server's host in `{var}`, e.g. `http://127.0.0.1:8000`"
            )],
        }
    }
}

/// A plausible model name for the hint after a bare prefix.
fn example_name(prefix_id: &str) -> &'static str {
    match prefix_id {
        "vllm/" => "meta-llama/Llama-3.1-8B-Instruct",
        "lm_studio/" => "google/gemma-3-4b",
        "llamacpp/" => "llama-3.1-8b-instruct",
        _ => "llama3.1:8b",
    }
}

/// A whitespace character in words, for messages and hints.
pub(crate) fn describe_char(c: char) -> String {
    match c {
        ' ' => "space".to_owned(),
        '\t' => "tab".to_owned(),
        '\n' => "newline".to_owned(),
        '\r' => "carriage return".to_owned(),
        c => format!("whitespace character U+{:04X}", u32::from(c)),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::EmptyModelId => f.write_str("model id is empty"),
            // The reference's text for both.
            ErrorKind::ReservedPrefix { id } | ErrorKind::EmptyModelName { id } => {
                write!(f, "Unsupported local model id: {id}")
            }
            ErrorKind::WhitespaceInId { id, .. } => {
                write!(f, "model id {} contains whitespace", py_repr(id))
            }
            ErrorKind::UnsupportedEffort { message, .. } => f.write_str(message),
            ErrorKind::BlankBaseUrl { var } => {
                write!(f, "base URL from `{var}` is blank")
            }
            ErrorKind::BaseUrlMissingScheme { url, var } => {
                write!(f, "base URL {} from `{var}` has no scheme", py_repr(url))
            }
            ErrorKind::UnsupportedBaseUrlScheme { url, var, scheme } => write!(
                f,
                "base URL {} from `{var}` has unsupported scheme {}",
                py_repr(url),
                py_repr(scheme)
            ),
            ErrorKind::BaseUrlMissingHost { url, var } => {
                write!(f, "base URL {} from `{var}` has no host", py_repr(url))
            }
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Error", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.serialize_field("hints", &self.hints())?;
        st.end()
    }
}

/// The reference's help for an id that fails [`crate::is_valid_model_id`]:
/// the `/model` command's "Invalid model id format" text, with the local
/// prefixes generated from the provider table.
///
/// ```
/// let help = modelroute_core::expected_formats_help("gpt-4");
/// assert!(help.starts_with("Invalid model id format: gpt-4\nExpected:\n"));
/// assert!(help.ends_with("ollama/<model> | vllm/<model> | lm_studio/<model> | llamacpp/<model>"));
/// ```
pub fn expected_formats_help(id: &str) -> String {
    let locals: Vec<String> = LOCAL_PROVIDERS
        .iter()
        .map(|p| format!("{}<model>", p.prefix))
        .collect();
    format!(
        "Invalid model id format: {id}\nExpected:\n  \u{2022} <org>/<model>[:tag]    (HF router \u{2014} paste from huggingface.co)\n  \u{2022} {}",
        locals.join(" | ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once() {
        let mut codes = ERROR_CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ERROR_CODES.len());
        for code in ERROR_CODES {
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }

    #[test]
    fn whitespace_message_quotes_like_python() {
        let e = Error::from(ErrorKind::WhitespaceInId {
            id: "ollama/a\tb".into(),
            offset: 8,
            found: '\t',
        });
        assert_eq!(e.to_string(), "model id 'ollama/a\\tb' contains whitespace");
        assert_eq!(
            e.hints(),
            ["remove the tab at byte 8: model names never contain whitespace"]
        );
    }

    #[test]
    fn help_lists_every_local_prefix() {
        let help = expected_formats_help("x");
        for p in LOCAL_PROVIDERS {
            assert!(help.contains(p.prefix));
        }
    }
}
