//! The formats, as one table: [`ExportFormat`] and its rows in
//! [`EXPORT_FORMATS`] (name, description, syntax, the tool's reference).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A format [`export`](fn@super::export) can write. Its name, description and syntax live in
/// its row of [`EXPORT_FORMATS`]; it serializes as that name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// `export NAME='value'` lines of modelroute's own variables.
    Env,
    /// `NAME="value"` lines for a `.env` file.
    Dotenv,
    /// LiteLLM's keyword arguments and variables, as JSON.
    Litellm,
    /// `OPENAI_BASE_URL`, `OPENAI_API_KEY` and the model for OpenAI SDKs.
    Openai,
    /// A curl command that sends the reference's 1-token probe.
    Curl,
    /// An `.aider.conf.yml` for aider.
    Aider,
    /// A `config.yaml` for Continue.
    Continue,
    /// An `extra-openai-models.yaml` entry for simonw/llm.
    Llm,
    /// Codex's `config.toml`: a `[model_providers.<id>]` table and the keys
    /// that select it.
    Codex,
    /// OpenCode's `opencode.json`: a provider on `@ai-sdk/openai-compatible`.
    Opencode,
    /// pi's `models.json`: a provider with one model.
    Pi,
    /// A goose custom provider file (`custom_providers/<id>.json`).
    Goose,
    /// aider's `.aider.model.metadata.json`: the model's context window.
    AiderMetadata,
}

/// The syntax an export is written in: what it can be parsed back with,
/// and whether it can carry comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Syntax {
    /// POSIX shell, single-quoted values (`#` comments).
    Shell,
    /// A `.env` file as python-dotenv reads it (`#` comments).
    Dotenv,
    /// JSON (no comments: notices go in fields).
    Json,
    /// YAML, every string double-quoted (`#` comments).
    Yaml,
    /// TOML, every string a basic string (`#` comments).
    Toml,
}

/// How a format gives the key to its tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyHandling {
    /// The key is in the text (masked unless secrets are shown).
    Inline,
    /// The text says how to store the key in the tool's own key store.
    Stored,
    /// The text names the variable the tool reads the key from at run
    /// time (the one `--to env` writes); no secret is in the text.
    Variable,
    /// The format has no key at all.
    None,
}

/// Whether a format has a field for the model's context window
/// ([`ExportOptions::context`](super::ExportOptions::context)), so a
/// caller knows when a window is worth finding (`export --probe` asks the
/// server only for these) and when its absence fails the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextField {
    /// No field for it: the window changes nothing.
    None,
    /// No field, but the text names it: aider's `.aider.conf.yml` cannot
    /// hold the window, so its comment gives the `aider-metadata` export
    /// that carries it.
    Comment,
    /// A field written when the window is known, left out otherwise.
    Optional,
    /// The tool requires the window: without one the export fails with
    /// `export_needs_context`.
    Required,
}

/// One row of [`EXPORT_FORMATS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ExportFormatInfo {
    /// The format.
    #[serde(skip)]
    pub format: ExportFormat,
    /// Its name on the command line (`--to <name>`) and in JSON.
    pub name: &'static str,
    /// One line for `--help` and the docs.
    pub description: &'static str,
    /// What it is written in.
    pub syntax: Syntax,
    /// The target tool's documentation of the format.
    pub reference: &'static str,
    /// How the key reaches the tool.
    pub key: KeyHandling,
    /// Whether it carries the context window.
    pub context: ContextField,
}

/// Every export format, in the order `--help` and the docs list them. The
/// row of a format is at the index of its [`ExportFormat`] variant.
pub const EXPORT_FORMATS: &[ExportFormatInfo] = &[
    ExportFormatInfo {
        format: ExportFormat::Env,
        name: "env",
        description: "POSIX shell `export NAME='value'` lines: modelroute's own variables, the ones it reads first",
        syntax: Syntax::Shell,
        reference: "https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02_02",
        key: KeyHandling::Inline,
        context: ContextField::None,
    },
    ExportFormatInfo {
        format: ExportFormat::Dotenv,
        name: "dotenv",
        description: "The same variables as `NAME=\"value\"` lines for a .env file, read back unchanged by python-dotenv",
        syntax: Syntax::Dotenv,
        reference: "https://github.com/theskumar/python-dotenv#file-format",
        key: KeyHandling::Inline,
        context: ContextField::None,
    },
    ExportFormatInfo {
        format: ExportFormat::Litellm,
        name: "litellm",
        description: "JSON: the litellm.completion keyword arguments, and LiteLLM's own prefix and variables for the same server",
        syntax: Syntax::Json,
        reference: "https://docs.litellm.ai/docs/providers",
        key: KeyHandling::Inline,
        context: ContextField::Optional,
    },
    ExportFormatInfo {
        format: ExportFormat::Openai,
        name: "openai",
        description: "Shell lines setting OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_MODEL for OpenAI SDK clients",
        syntax: Syntax::Shell,
        reference: "https://github.com/openai/openai-python/blob/main/src/openai/_client.py",
        key: KeyHandling::Inline,
        context: ContextField::None,
    },
    ExportFormatInfo {
        format: ExportFormat::Curl,
        name: "curl",
        description: "A curl command that sends the reference's 1-token probe to the endpoint",
        syntax: Syntax::Shell,
        reference: "https://curl.se/docs/manpage.html",
        key: KeyHandling::Inline,
        context: ContextField::None,
    },
    ExportFormatInfo {
        format: ExportFormat::Aider,
        name: "aider",
        description: "An .aider.conf.yml for aider",
        syntax: Syntax::Yaml,
        reference: "https://aider.chat/docs/config/aider_conf.html",
        key: KeyHandling::Inline,
        context: ContextField::Comment,
    },
    ExportFormatInfo {
        format: ExportFormat::Continue,
        name: "continue",
        description: "A config.yaml for Continue with one models entry",
        syntax: Syntax::Yaml,
        reference: "https://docs.continue.dev/reference",
        key: KeyHandling::Inline,
        context: ContextField::Optional,
    },
    ExportFormatInfo {
        format: ExportFormat::Llm,
        name: "llm",
        description: "An extra-openai-models.yaml entry for the llm CLI",
        syntax: Syntax::Yaml,
        reference: "https://llm.datasette.io/en/stable/other-models.html#openai-compatible-models",
        key: KeyHandling::Stored,
        context: ContextField::None,
    },
    ExportFormatInfo {
        format: ExportFormat::Codex,
        name: "codex",
        description: "Codex's ~/.codex/config.toml: a model provider for the server, selected, with the context window when known",
        syntax: Syntax::Toml,
        reference: "https://developers.openai.com/codex/config-reference",
        key: KeyHandling::Variable,
        context: ContextField::Optional,
    },
    ExportFormatInfo {
        format: ExportFormat::Opencode,
        name: "opencode",
        description: "OpenCode's opencode.json: an @ai-sdk/openai-compatible provider, the key as an {env:…} reference",
        syntax: Syntax::Json,
        reference: "https://opencode.ai/docs/providers/#custom-provider",
        key: KeyHandling::Variable,
        context: ContextField::Optional,
    },
    ExportFormatInfo {
        format: ExportFormat::Pi,
        name: "pi",
        description: "pi's ~/.pi/agent/models.json: a provider with the model, the key as a variable name",
        syntax: Syntax::Json,
        reference: "https://github.com/earendil-works/pi/blob/main/packages/coding-agent/docs/models.md",
        key: KeyHandling::Variable,
        context: ContextField::Optional,
    },
    ExportFormatInfo {
        format: ExportFormat::Goose,
        name: "goose",
        description: "A goose custom provider, ~/.config/goose/custom_providers/<id>.json (needs --context)",
        syntax: Syntax::Json,
        reference: "https://block.github.io/goose/docs/getting-started/providers",
        key: KeyHandling::Variable,
        context: ContextField::Required,
    },
    ExportFormatInfo {
        format: ExportFormat::AiderMetadata,
        name: "aider-metadata",
        description: "aider's .aider.model.metadata.json: the model's context window (needs --context)",
        syntax: Syntax::Json,
        reference: "https://aider.chat/docs/config/adv-model-settings.html#context-window-size-and-token-costs",
        key: KeyHandling::None,
        context: ContextField::Required,
    },
];

impl ContextField {
    /// Whether the window changes the export, so that finding it is worth
    /// a request.
    ///
    /// ```
    /// use modelroute_core::ExportFormat;
    /// assert!(ExportFormat::Continue.info().context.uses_window());
    /// assert!(!ExportFormat::Env.info().context.uses_window());
    /// ```
    pub fn uses_window(self) -> bool {
        self != ContextField::None
    }
}

impl ExportFormat {
    /// Every format, in table order.
    pub fn all() -> impl Iterator<Item = ExportFormat> {
        EXPORT_FORMATS.iter().map(|f| f.format)
    }

    /// This format's row of [`EXPORT_FORMATS`].
    pub fn info(self) -> &'static ExportFormatInfo {
        // The table holds the variants in declaration order (tested below).
        &EXPORT_FORMATS[self as usize]
    }

    /// The format's name (`"env"`).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The format with this name, compared exactly.
    ///
    /// ```
    /// use modelroute_core::ExportFormat;
    /// assert_eq!(ExportFormat::from_name("curl"), Some(ExportFormat::Curl));
    /// assert_eq!(ExportFormat::from_name("CURL"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        EXPORT_FORMATS
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.format)
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not in [`EXPORT_FORMATS`]; its message lists the valid ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownExportFormat(pub String);

impl fmt::Display for UnknownExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = EXPORT_FORMATS.iter().map(|f| f.name).collect();
        write!(
            f,
            "unknown export format `{}`; expected one of: {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownExportFormat {}

impl FromStr for ExportFormat {
    type Err = UnknownExportFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExportFormat::from_name(s).ok_or_else(|| UnknownExportFormat(s.to_owned()))
    }
}

impl Serialize for ExportFormat {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for ExportFormat {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_variant_order_with_unique_names() {
        let all = [
            ExportFormat::Env,
            ExportFormat::Dotenv,
            ExportFormat::Litellm,
            ExportFormat::Openai,
            ExportFormat::Curl,
            ExportFormat::Aider,
            ExportFormat::Continue,
            ExportFormat::Llm,
            ExportFormat::Codex,
            ExportFormat::Opencode,
            ExportFormat::Pi,
            ExportFormat::Goose,
            ExportFormat::AiderMetadata,
        ];
        assert_eq!(ExportFormat::all().collect::<Vec<_>>(), all);
        for (i, f) in all.iter().enumerate() {
            assert_eq!(*f as usize, i);
            assert_eq!(f.info().format, *f);
            assert_eq!(ExportFormat::from_name(f.name()), Some(*f));
            assert_eq!(f.to_string().parse::<ExportFormat>(), Ok(*f));
            assert!(f.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(!f.info().description.ends_with('.'));
            assert!(f.info().reference.starts_with("https://"));
        }
        let mut names: Vec<_> = EXPORT_FORMATS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), EXPORT_FORMATS.len());
    }

    #[test]
    fn unknown_format_names_the_valid_ones() {
        let err = "yaml".parse::<ExportFormat>().unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown export format `yaml`; expected one of: env, dotenv, litellm, openai, curl, aider, continue, llm, codex, opencode, pi, goose, aider-metadata"
        );
    }
}
