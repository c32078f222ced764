//! `export`: a resolution written in the form another tool reads.
//!
//! One environment should drive every tool on a machine, yet each tool
//! names the same server its own way: LiteLLM reads `OLLAMA_API_BASE`
//! without `/v1` and `HOSTED_VLLM_API_BASE` with it, OpenAI SDK clients read
//! `OPENAI_BASE_URL`, aider, Continue and `llm` each have a config file.
//! [`export`] renders one [`Resolution`] in any format of
//! [`EXPORT_FORMATS`], as a pure function, so the CLI, the wasm package and
//! the demo offer the same exports byte for byte.
//!
//! Secrets are masked with [`crate::redact`] unless
//! [`ExportOptions::show_secrets`] is set, and every format that has
//! comments says so next to the masked value (JSON says it in `redacted`
//! and `notes`). The placeholder key `sk-local-no-key-required` is a public
//! constant and is never masked, so a default local setup exports ready to
//! use.
//!
//! Where each format comes from is cited beside its renderer below and in
//! `docs/export.md`; every choice made for a route or a format is listed
//! there too.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::base_url;
use crate::env::{EnvVar, Source};
use crate::hf_token::{BILL_TO_HEADER, HF_BILL_TO, HF_TOKEN, INFERENCE_TOKEN};
use crate::model_id::{ModelId, Route};
use crate::providers::{LocalProvider, HF_ROUTER_BASE_URL, PLACEHOLDER_API_KEY};
use crate::redact::redact;
use crate::resolve::{LiteLlmParams, Resolution};

// ---------------------------------------------------------------------------
// The formats, as one table.
// ---------------------------------------------------------------------------

/// A format [`export`] can write. Its name, description and syntax live in
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
    },
    ExportFormatInfo {
        format: ExportFormat::Dotenv,
        name: "dotenv",
        description: "The same variables as `NAME=\"value\"` lines for a .env file, read back unchanged by python-dotenv",
        syntax: Syntax::Dotenv,
        reference: "https://github.com/theskumar/python-dotenv#file-format",
    },
    ExportFormatInfo {
        format: ExportFormat::Litellm,
        name: "litellm",
        description: "JSON: the litellm.completion keyword arguments, and LiteLLM's own prefix and variables for the same server",
        syntax: Syntax::Json,
        reference: "https://docs.litellm.ai/docs/providers",
    },
    ExportFormatInfo {
        format: ExportFormat::Openai,
        name: "openai",
        description: "Shell lines setting OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_MODEL for OpenAI SDK clients",
        syntax: Syntax::Shell,
        reference: "https://github.com/openai/openai-python/blob/main/src/openai/_client.py",
    },
    ExportFormatInfo {
        format: ExportFormat::Curl,
        name: "curl",
        description: "A curl command that sends the reference's 1-token probe to the endpoint",
        syntax: Syntax::Shell,
        reference: "https://curl.se/docs/manpage.html",
    },
    ExportFormatInfo {
        format: ExportFormat::Aider,
        name: "aider",
        description: "An .aider.conf.yml for aider",
        syntax: Syntax::Yaml,
        reference: "https://aider.chat/docs/config/aider_conf.html",
    },
    ExportFormatInfo {
        format: ExportFormat::Continue,
        name: "continue",
        description: "A config.yaml for Continue with one models entry",
        syntax: Syntax::Yaml,
        reference: "https://docs.continue.dev/reference",
    },
    ExportFormatInfo {
        format: ExportFormat::Llm,
        name: "llm",
        description: "An extra-openai-models.yaml entry for the llm CLI",
        syntax: Syntax::Yaml,
        reference: "https://llm.datasette.io/en/stable/other-models.html#openai-compatible-models",
    },
];

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

// ---------------------------------------------------------------------------
// Options, result and errors.
// ---------------------------------------------------------------------------

/// What a caller passes besides the resolution and the format.
///
/// Deserializes from `{"show_secrets": bool}` (optional); unknown names are
/// refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportOptions {
    /// Write API keys in full instead of masked.
    pub show_secrets: bool,
}

/// A written export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Export {
    /// The format it is written in.
    pub format: ExportFormat,
    /// The text, ending in a newline.
    pub text: String,
    /// Whether a secret in `text` is masked (the text says so too).
    pub redacted: bool,
}

impl fmt::Display for Export {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Every export error code, for docs and table tests. Never renamed.
pub const EXPORT_ERROR_CODES: &[&str] = &[
    "export_unsupported",
    "export_missing_key",
    "export_unrepresentable",
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
                "set `HF_TOKEN`, or run `huggingface-cli login`".to_owned(),
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

// ---------------------------------------------------------------------------
// Facts about the tools, as tables.
// ---------------------------------------------------------------------------

/// How a base URL is written for a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BaseForm {
    /// The OpenAI-compatible base, ending in `/v1` (`api_base` as resolved).
    V1,
    /// The server's root, without `/v1` (Ollama's native API).
    Root,
}

/// How the tools name one kind of server: a row per local provider, plus
/// one for the Hugging Face Router. `server` is the provider's id in
/// [`crate::LOCAL_PROVIDERS`] (or `hf_router`); a test checks every
/// provider has exactly one row.
#[derive(Debug)]
struct ServerRoutes {
    server: &'static str,
    /// LiteLLM's own provider prefix for this server.
    litellm_prefix: &'static str,
    /// The variables LiteLLM reads for it, and the base URL form it wants.
    litellm_base_env: &'static str,
    litellm_key_env: &'static str,
    litellm_base: BaseForm,
    /// The LiteLLM page that documents the three above.
    litellm_docs: &'static str,
    /// aider: `Some(page)` when aider documents LiteLLM's own prefix for
    /// this server (then the export uses it, with `set-env`); `None` to use
    /// aider's generic OpenAI-compatible setup.
    aider_native: Option<&'static str>,
    /// Continue: the `provider` of the models entry and its `apiBase` form.
    continue_provider: &'static str,
    continue_base: BaseForm,
    continue_docs: &'static str,
}

const LITELLM_OPENAI_COMPATIBLE: &str = "https://docs.litellm.ai/docs/providers/openai_compatible";
const AIDER_OPENAI_COMPATIBLE: &str = "https://aider.chat/docs/llms/openai-compat.html";
const CONTINUE_OPENAI: &str =
    "https://docs.continue.dev/customize/model-providers/top-level/openai";

/// Sources, checked against each tool's documentation and code:
/// - LiteLLM ollama: `ollama_chat/` is the recommended prefix; the base is
///   `OLLAMA_API_BASE` without `/v1` (default `http://localhost:11434`), the
///   key `OLLAMA_API_KEY` (https://docs.litellm.ai/docs/providers/ollama).
/// - LiteLLM vLLM: `hosted_vllm/`, `HOSTED_VLLM_API_BASE` *with* `/v1`,
///   `HOSTED_VLLM_API_KEY` (https://docs.litellm.ai/docs/providers/vllm;
///   `litellm/llms/hosted_vllm/chat/transformation.py`).
/// - LiteLLM LM Studio: `lm_studio/`, `LM_STUDIO_API_BASE` with `/v1`,
///   `LM_STUDIO_API_KEY` (https://docs.litellm.ai/docs/providers/lm_studio).
/// - LiteLLM has no llama.cpp provider: its generic OpenAI-compatible route
///   is `openai/` with `OPENAI_API_BASE` (read after `OPENAI_BASE_URL`) and
///   `OPENAI_API_KEY` (https://docs.litellm.ai/docs/providers/openai_compatible).
///   The reference reaches the HF Router the same way.
/// - aider: `ollama_chat/` with `OLLAMA_API_BASE` (https://aider.chat/docs/llms/ollama.html),
///   `lm_studio/` with `LM_STUDIO_API_BASE` (https://aider.chat/docs/llms/lm-studio.html),
///   anything else as `openai/<name>` with `openai-api-base`/`openai-api-key`
///   (https://aider.chat/docs/llms/openai-compat.html).
/// - Continue: `provider: ollama` with the server root
///   (https://docs.continue.dev/customize/model-providers/top-level/ollama),
///   `provider: openai` with an `apiBase` ending in `/v1` for every other
///   OpenAI-compatible server (https://docs.continue.dev/customize/model-providers/top-level/openai).
const SERVER_ROUTES: &[ServerRoutes] = &[
    ServerRoutes {
        server: "ollama",
        litellm_prefix: "ollama_chat/",
        litellm_base_env: "OLLAMA_API_BASE",
        litellm_key_env: "OLLAMA_API_KEY",
        litellm_base: BaseForm::Root,
        litellm_docs: "https://docs.litellm.ai/docs/providers/ollama",
        aider_native: Some("https://aider.chat/docs/llms/ollama.html"),
        continue_provider: "ollama",
        continue_base: BaseForm::Root,
        continue_docs: "https://docs.continue.dev/customize/model-providers/top-level/ollama",
    },
    ServerRoutes {
        server: "vllm",
        litellm_prefix: "hosted_vllm/",
        litellm_base_env: "HOSTED_VLLM_API_BASE",
        litellm_key_env: "HOSTED_VLLM_API_KEY",
        litellm_base: BaseForm::V1,
        litellm_docs: "https://docs.litellm.ai/docs/providers/vllm",
        aider_native: None,
        continue_provider: "openai",
        continue_base: BaseForm::V1,
        continue_docs: CONTINUE_OPENAI,
    },
    ServerRoutes {
        server: "lm_studio",
        litellm_prefix: "lm_studio/",
        litellm_base_env: "LM_STUDIO_API_BASE",
        litellm_key_env: "LM_STUDIO_API_KEY",
        litellm_base: BaseForm::V1,
        litellm_docs: "https://docs.litellm.ai/docs/providers/lm_studio",
        aider_native: Some("https://aider.chat/docs/llms/lm-studio.html"),
        continue_provider: "openai",
        continue_base: BaseForm::V1,
        continue_docs: CONTINUE_OPENAI,
    },
    ServerRoutes {
        server: "llamacpp",
        litellm_prefix: "openai/",
        litellm_base_env: "OPENAI_API_BASE",
        litellm_key_env: "OPENAI_API_KEY",
        litellm_base: BaseForm::V1,
        litellm_docs: LITELLM_OPENAI_COMPATIBLE,
        aider_native: None,
        continue_provider: "openai",
        continue_base: BaseForm::V1,
        continue_docs: CONTINUE_OPENAI,
    },
    ServerRoutes {
        server: "hf_router",
        litellm_prefix: "openai/",
        litellm_base_env: "OPENAI_API_BASE",
        litellm_key_env: "OPENAI_API_KEY",
        litellm_base: BaseForm::V1,
        litellm_docs: LITELLM_OPENAI_COMPATIBLE,
        aider_native: None,
        continue_provider: "openai",
        continue_base: BaseForm::V1,
        continue_docs: CONTINUE_OPENAI,
    },
];

/// The routes LiteLLM serves itself: what it reads, where that is written.
struct DirectRoute {
    route: Route,
    prefix: &'static str,
    display_name: &'static str,
    reads: &'static [&'static str],
    docs: &'static str,
}

/// Sources: https://docs.litellm.ai/docs/providers/anthropic,
/// https://docs.litellm.ai/docs/providers/bedrock,
/// https://docs.litellm.ai/docs/providers/openai (and SPEC §3, route 3).
const DIRECT_ROUTES: &[DirectRoute] = &[
    DirectRoute {
        route: Route::Anthropic,
        prefix: "anthropic/",
        display_name: "Anthropic",
        reads: &["ANTHROPIC_API_KEY"],
        docs: "https://docs.litellm.ai/docs/providers/anthropic",
    },
    DirectRoute {
        route: Route::Bedrock,
        prefix: "bedrock/",
        display_name: "AWS Bedrock",
        reads: &[
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_REGION_NAME",
        ],
        docs: "https://docs.litellm.ai/docs/providers/bedrock",
    },
    DirectRoute {
        route: Route::Openai,
        prefix: "openai/",
        display_name: "OpenAI",
        reads: &["OPENAI_API_KEY", "OPENAI_BASE_URL"],
        docs: "https://docs.litellm.ai/docs/providers/openai",
    },
];

fn direct_route(route: Route) -> &'static DirectRoute {
    DIRECT_ROUTES
        .iter()
        .find(|d| d.route == route)
        .unwrap_or(&DIRECT_ROUTES[0])
}

/// The prefix LiteLLM's OpenAI-compatible route puts before a model name.
const OPENAI_PREFIX: &str = "openai/";
/// The path the probe and every OpenAI client posts to, after `api_base`.
const CHAT_COMPLETIONS: &str = "/chat/completions";
/// What [`export`] writes next to a masked value, after its name.
const REDACTED_NOTICE: &str =
    "is redacted below: export again with `--show-secrets` to write it in full";
/// What the `llm` export names its stored key, after this prefix.
const LLM_KEY_PREFIX: &str = "modelroute-";

// ---------------------------------------------------------------------------
// The export.
// ---------------------------------------------------------------------------

/// Writes `r` in `format`.
///
/// ```
/// use modelroute_core::{export, resolve, ExportFormat, ExportOptions, ResolveOptions};
/// let env = [("VLLM_BASE_URL", "http://gpu:8000/"), ("VLLM_API_KEY", "sk-secret-0123456789")];
/// let r = resolve("vllm/meta-llama/Llama-3.1-8B-Instruct", &env, &ResolveOptions::default())?;
/// let e = export(&r, ExportFormat::Env, &ExportOptions::default())?;
/// assert!(e.text.contains("export VLLM_BASE_URL='http://gpu:8000'\n"));
/// assert!(e.text.contains("export VLLM_API_KEY='sk-s…6789'\n"));
/// assert!(e.redacted);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ExportErrorKind::Unsupported`] for `anthropic/`, `bedrock/` and
/// `openai/` ids in any format but `litellm`; [`ExportErrorKind::MissingKey`]
/// for an HF Router id without a token in a format that sends requests;
/// [`ExportErrorKind::Unrepresentable`] for a value the format cannot carry.
pub fn export(
    r: &Resolution<'_>,
    format: ExportFormat,
    options: &ExportOptions,
) -> Result<Export, ExportError> {
    // A password inside the base URL is a secret like the key: masked
    // unless secrets were asked for.
    if !options.show_secrets {
        if let Some(base) = &r.litellm.api_base {
            let masked = crate::redact_url(base);
            if masked != *base {
                let mut copy = r.clone();
                copy.litellm.api_base = Some(masked);
                return export(&copy, format, options).map(|mut e| {
                    e.redacted = true;
                    e
                });
            }
        }
    }
    let Some(t) = Target::of(r, options) else {
        if format == ExportFormat::Litellm {
            return Ok(litellm_direct(r, options));
        }
        return Err(ExportErrorKind::Unsupported {
            format,
            id: r.model_id.to_owned(),
            route: r.route,
        }
        .into());
    };
    let mut w = Writer::new(format, t.id);
    match format {
        ExportFormat::Env | ExportFormat::Dotenv => variables(&t, &mut w)?,
        ExportFormat::Litellm => litellm(&t, &mut w),
        ExportFormat::Openai => openai(&t, &mut w)?,
        ExportFormat::Curl => curl(&t, &mut w)?,
        ExportFormat::Aider => aider(&t, &mut w)?,
        ExportFormat::Continue => continue_config(&t, &mut w)?,
        ExportFormat::Llm => llm(&t, &mut w)?,
    }
    Ok(w.finish())
}

/// A value that may be a secret, as it is written.
#[derive(Debug, Clone)]
struct Secret {
    shown: String,
    redacted: bool,
}

impl Secret {
    fn new(value: &str, options: &ExportOptions) -> Secret {
        // The placeholder is a public constant: masking it would only make a
        // default local setup unusable.
        let shown = if options.show_secrets || value == PLACEHOLDER_API_KEY {
            value.to_owned()
        } else {
            redact(value)
        };
        Secret {
            redacted: shown != value,
            shown,
        }
    }
}

/// A local server or the HF Router: what every format but `litellm` on a
/// direct route is built from.
struct Target<'r> {
    id: &'r str,
    provider: Option<&'static LocalProvider>,
    routes: &'static ServerRoutes,
    params: &'r LiteLlmParams,
    /// LiteLLM's model (`openai/llama3.1:8b`).
    model: &'r str,
    /// The name the server is sent (`llama3.1:8b`).
    name: &'r str,
    /// Ends in `/v1`.
    api_base: &'r str,
    /// `None` when the HF Router found no token.
    key: Option<Secret>,
    key_source: Source,
    bill_to: Option<&'r str>,
    effort: Option<&'static str>,
}

impl<'r> Target<'r> {
    /// `None` for the routes LiteLLM serves directly.
    fn of(r: &'r Resolution<'_>, options: &ExportOptions) -> Option<Target<'r>> {
        let (provider, server) = match r.parsed {
            ModelId::Local { provider, .. } => (Some(provider), provider.id),
            ModelId::HfRouter { .. } => (None, Route::HfRouter.as_str()),
            _ => return None,
        };
        let routes = SERVER_ROUTES.iter().find(|s| s.server == server)?;
        let api_base = r.litellm.api_base.as_deref()?;
        let model = r.litellm.model.as_str();
        Some(Target {
            id: r.model_id,
            provider,
            routes,
            params: &r.litellm,
            model,
            name: model.strip_prefix(OPENAI_PREFIX).unwrap_or(model),
            api_base,
            key: r
                .litellm
                .api_key
                .as_ref()
                .and_then(|k| k.as_deref())
                .map(|k| Secret::new(k, options)),
            key_source: r.sources.api_key.map_or(Source::None, |p| p.source),
            bill_to: r.litellm.extra_headers.as_ref().map(|h| h.bill_to.as_str()),
            effort: r.litellm.extra_body.as_ref().map(|b| b.reasoning_effort),
        })
    }

    fn base(&self, form: BaseForm) -> &'r str {
        match form {
            BaseForm::V1 => self.api_base,
            BaseForm::Root => self
                .api_base
                .strip_suffix(base_url::V1_SUFFIX)
                .unwrap_or(self.api_base),
        }
    }

    /// The base URL as a person writes it in modelroute's own variable: the
    /// server root when modelroute turns it back into the same `api_base`,
    /// else `api_base` itself (normalization keeps a trailing `/v1`).
    fn configured_base(&self) -> &'r str {
        let root = self.base(BaseForm::Root);
        if root != self.api_base && base_url::normalize(root) == self.api_base {
            root
        } else {
            self.api_base
        }
    }

    fn server_name(&self) -> &'static str {
        self.provider
            .map_or("the Hugging Face Router", |p| p.display_name)
    }

    fn chat_url(&self) -> String {
        format!("{}{CHAT_COMPLETIONS}", self.api_base)
    }

    /// The key, or [`ExportErrorKind::MissingKey`] for formats that send
    /// requests.
    fn require_key(&self, format: ExportFormat) -> Result<&Secret, ExportError> {
        self.key.as_ref().ok_or_else(|| {
            ExportErrorKind::MissingKey {
                format,
                id: self.id.to_owned(),
            }
            .into()
        })
    }
}

/// Builds an export's text, tracking masked secrets and checking values.
struct Writer {
    format: ExportFormat,
    out: String,
    redacted: bool,
}

impl Writer {
    /// Starts every format with comments with the same first line.
    fn new(format: ExportFormat, id: &str) -> Writer {
        let mut w = Writer {
            format,
            out: String::new(),
            redacted: false,
        };
        if format.info().syntax != Syntax::Json {
            w.comment(&format!(
                "modelroute export {} --to {format}",
                printable(id)
            ));
        }
        w
    }

    fn comment(&mut self, text: &str) {
        for line in text.split('\n') {
            self.out.push_str("# ");
            self.out.push_str(&printable(line));
            self.out.push('\n');
        }
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Notes a secret; says so in a comment when it is masked.
    fn secret(&mut self, what: &str, secret: &Secret) {
        if secret.redacted {
            self.redacted = true;
            if self.format.info().syntax != Syntax::Json {
                self.comment(&format!("{what} {REDACTED_NOTICE}"));
            }
        }
    }

    fn check(
        &self,
        name: &'static str,
        value: &str,
        problems: &[Unrepresentable],
    ) -> Result<(), ExportError> {
        for &problem in problems {
            let found = match problem {
                Unrepresentable::Nul => value.contains('\0'),
                Unrepresentable::Interpolation => value.contains("${"),
                Unrepresentable::LineBreakInHeader => value.contains(['\r', '\n']),
            };
            if found {
                return Err(ExportErrorKind::Unrepresentable {
                    format: self.format,
                    name,
                    problem,
                }
                .into());
            }
        }
        Ok(())
    }

    fn finish(self) -> Export {
        Export {
            format: self.format,
            text: self.out,
            redacted: self.redacted,
        }
    }
}

// --- env, dotenv -------------------------------------------------------------

/// modelroute's own variables for the endpoint: for each value, the
/// variable it reads first that yields the same answer, so sourcing the
/// file reproduces the resolution whatever else is set.
fn bindings<'t>(t: &'t Target<'_>) -> Vec<(&'static str, &'t str, Option<&'t Secret>)> {
    match t.provider {
        Some(p) => {
            let mut b = vec![(p.base_url_env, t.configured_base(), None)];
            if let Some(key) = &t.key {
                b.push((p.api_key_env, key.shown.as_str(), Some(key)));
            }
            b
        }
        None => match (&t.key, t.key_source) {
            (None, _) => Vec::new(),
            // INFERENCE_TOKEN also decides the billing header: keep both.
            (Some(key), Source::Env(EnvVar::INFERENCE_TOKEN)) => vec![
                (INFERENCE_TOKEN, key.shown.as_str(), Some(key)),
                (HF_BILL_TO, t.bill_to.unwrap_or(""), None),
            ],
            // HF_TOKEN stands for every later source (session, token file):
            // INFERENCE_TOKEN would add the billing header.
            (Some(key), _) => vec![(HF_TOKEN, key.shown.as_str(), Some(key))],
        },
    }
}

fn variables(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let dotenv = w.format == ExportFormat::Dotenv;
    w.comment(if dotenv {
        "modelroute's own variables for this endpoint, the ones it reads first;\nmodelroute and python-dotenv read them back unchanged from a .env file"
    } else {
        "modelroute's own variables for this endpoint, the ones it reads first:\nsource this file in a POSIX shell (`. ./file`) and modelroute resolves the same"
    });
    if t.provider.is_none() {
        w.comment(&format!(
            "the Hugging Face Router's endpoint is fixed: {HF_ROUTER_BASE_URL}"
        ));
    }
    if t.key.is_none() {
        w.comment("no Hugging Face token was found, so api_key is null: set HF_TOKEN or run `huggingface-cli login`");
    }
    if let Some(level) = t.effort {
        w.comment(&format!(
            "the reasoning effort `{level}` comes from --effort: no variable carries it"
        ));
    }
    let problems: &[Unrepresentable] = if dotenv {
        &[Unrepresentable::Nul, Unrepresentable::Interpolation]
    } else {
        &[Unrepresentable::Nul]
    };
    for (name, value, secret) in bindings(t) {
        w.check(name, value, problems)?;
        if let Some(s) = secret {
            w.secret(name, s);
        }
        if dotenv {
            w.line(&format!("{name}={}", dotenv_quote(value)));
        } else {
            w.line(&format!("export {name}={}", sh_quote(value)));
        }
    }
    Ok(())
}

// --- openai -----------------------------------------------------------------

/// openai-python and openai-node read `OPENAI_BASE_URL` and `OPENAI_API_KEY`
/// (`src/openai/_client.py`: `base_url = os.environ.get("OPENAI_BASE_URL")`);
/// neither reads a model, so `OPENAI_MODEL` is for the caller's own code.
fn openai(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let key = t.require_key(ExportFormat::Openai)?;
    w.comment("OpenAI SDK clients (openai-python, openai-node) read OPENAI_BASE_URL and OPENAI_API_KEY;\nthey read no model: pass OPENAI_MODEL yourself, e.g. model=os.environ[\"OPENAI_MODEL\"]");
    if let Some(bill_to) = t.bill_to {
        w.comment(&format!(
            "also pass default_headers={{{}: {}}}",
            json_quote(BILL_TO_HEADER),
            json_quote(bill_to)
        ));
    }
    if let Some(level) = t.effort {
        w.comment(&format!(
            "also pass extra_body={{\"reasoning_effort\": {}}}",
            json_quote(level)
        ));
    }
    let nul = &[Unrepresentable::Nul];
    w.check("OPENAI_BASE_URL", t.api_base, nul)?;
    w.check("OPENAI_API_KEY", &key.shown, nul)?;
    w.check("OPENAI_MODEL", t.name, nul)?;
    w.line(&format!("export OPENAI_BASE_URL={}", sh_quote(t.api_base)));
    w.secret("OPENAI_API_KEY", key);
    w.line(&format!("export OPENAI_API_KEY={}", sh_quote(&key.shown)));
    w.line(&format!("export OPENAI_MODEL={}", sh_quote(t.name)));
    Ok(())
}

// --- curl -------------------------------------------------------------------

/// SPEC §6: `POST <api_base>/chat/completions` with `Authorization: Bearer
/// <api_key>` and the 1-token body, 15 s for the whole call. The model is
/// LiteLLM's without `openai/`, which is what LiteLLM sends the server.
/// `--fail-with-body` (curl 7.76+) makes a 4xx or 5xx a failure, as it is
/// for the reference, while still showing the server's answer.
fn curl(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let key = t.require_key(ExportFormat::Curl)?;
    let nul = &[Unrepresentable::Nul];
    let header = &[Unrepresentable::Nul, Unrepresentable::LineBreakInHeader];
    w.check("api_base", t.api_base, header)?;
    w.check("Authorization", &key.shown, header)?;
    if let Some(b) = t.bill_to {
        w.check(BILL_TO_HEADER, b, header)?;
    }
    w.check("model", t.name, nul)?;
    w.comment("the reference's 1-token probe: one chat completion, max_tokens 1, 15 s in all");
    w.secret("the bearer token", key);
    let mut body = vec![
        ("model", Node::str(t.name)),
        (
            "messages",
            Node::List(vec![Node::Map(vec![
                ("role", Node::str("user")),
                ("content", Node::str("ping")),
            ])]),
        ),
        ("max_tokens", Node::Int(1)),
        ("stream", Node::Bool(false)),
    ];
    // LiteLLM merges extra_body into the request body.
    if let Some(level) = t.effort {
        body.push(("reasoning_effort", Node::str(level)));
    }
    let mut lines = vec![
        "curl --fail-with-body --silent --show-error --max-time 15".to_owned(),
        format!("-X POST {}", sh_quote(&t.chat_url())),
        format!(
            "-H {}",
            sh_quote(&format!("Authorization: Bearer {}", key.shown))
        ),
        format!("-H {}", sh_quote("Content-Type: application/json")),
    ];
    if let Some(b) = t.bill_to {
        lines.push(format!(
            "-H {}",
            sh_quote(&format!("{BILL_TO_HEADER}: {b}"))
        ));
    }
    lines.push(format!(
        "--data-raw {}",
        sh_quote(&json_inline(&Node::Map(body)))
    ));
    w.line(&lines.join(" \\\n  "));
    Ok(())
}

// --- litellm ----------------------------------------------------------------

/// `completion_kwargs` are exactly the reference's keywords (redacted);
/// `provider_route` is how LiteLLM itself names the same server, through
/// the variables it reads (see [`SERVER_ROUTES`] for the sources).
fn litellm(t: &Target<'_>, w: &mut Writer) {
    let routes = t.routes;
    let mut env = vec![(
        routes.litellm_base_env,
        Node::str(t.base(routes.litellm_base)),
    )];
    if let Some(key) = &t.key {
        env.push((routes.litellm_key_env, Node::str(&key.shown)));
    }
    let mut notes = Vec::new();
    if let Some(key) = &t.key {
        if key.redacted {
            w.redacted = true;
            notes.push(
                "the API key is redacted: export again with `--show-secrets` to write it in full"
                    .to_owned(),
            );
        }
    } else {
        notes.push(
            "no Hugging Face token was found, so api_key is null: set HF_TOKEN or run `huggingface-cli login`"
                .to_owned(),
        );
    }
    if routes.litellm_prefix == OPENAI_PREFIX {
        notes.push(format!(
            "{} and {} apply to every openai/ model in the process, and LiteLLM prefers OPENAI_BASE_URL when it is set",
            routes.litellm_base_env, routes.litellm_key_env
        ));
    }
    if t.bill_to.is_some() || t.effort.is_some() {
        notes.push(
            "no variable carries extra_headers or extra_body: pass them as in completion_kwargs"
                .to_owned(),
        );
    }
    let doc = Node::Map(vec![
        ("model_id", Node::str(t.id)),
        (
            "completion_kwargs",
            completion_kwargs(t.params, t.key.as_ref()),
        ),
        (
            "provider_route",
            Node::Map(vec![
                (
                    "model",
                    Node::Str(format!("{}{}", routes.litellm_prefix, t.name)),
                ),
                ("env", Node::Map(env)),
                ("docs", Node::str(routes.litellm_docs)),
            ]),
        ),
        ("redacted", Node::Bool(w.redacted)),
        (
            "notes",
            Node::List(notes.into_iter().map(Node::Str).collect()),
        ),
    ]);
    w.line(&json_pretty(&doc));
}

/// The `litellm` export of an `anthropic/`, `bedrock/` or `openai/` id: the
/// keywords, and what LiteLLM reads for them itself.
fn litellm_direct(r: &Resolution<'_>, options: &ExportOptions) -> Export {
    let direct = direct_route(r.route);
    let key = r
        .litellm
        .api_key
        .as_ref()
        .and_then(|k| k.as_deref())
        .map(|k| Secret::new(k, options));
    let doc = Node::Map(vec![
        ("model_id", Node::str(r.model_id)),
        ("completion_kwargs", completion_kwargs(&r.litellm, key.as_ref())),
        (
            "provider_route",
            Node::Map(vec![
                ("model", Node::str(&r.litellm.model)),
                ("env", Node::Map(Vec::new())),
                ("docs", Node::str(direct.docs)),
            ]),
        ),
        ("redacted", Node::Bool(false)),
        (
            "notes",
            Node::List(vec![Node::Str(format!(
                "LiteLLM reads {} itself for {} ids; modelroute resolves no endpoint or key for them",
                direct.reads.join(", "),
                direct.prefix
            ))]),
        ),
    ]);
    Export {
        format: ExportFormat::Litellm,
        text: format!("{}\n", json_pretty(&doc)),
        redacted: false,
    }
}

/// [`LiteLlmParams`] as a tree, with the key as shown. Field for field what
/// its `Serialize` writes (a test compares the two).
fn completion_kwargs(p: &LiteLlmParams, key: Option<&Secret>) -> Node {
    let mut m = vec![("model", Node::str(&p.model))];
    if let Some(base) = &p.api_base {
        m.push(("api_base", Node::str(base)));
    }
    if let Some(k) = &p.api_key {
        m.push((
            "api_key",
            match (k, key) {
                (Some(_), Some(s)) => Node::str(&s.shown),
                (Some(k), None) => Node::str(k),
                (None, _) => Node::Null,
            },
        ));
    }
    if let Some(h) = &p.extra_headers {
        m.push((
            "extra_headers",
            Node::Map(vec![(BILL_TO_HEADER, Node::str(&h.bill_to))]),
        ));
    }
    if let Some(b) = &p.extra_body {
        m.push((
            "extra_body",
            Node::Map(vec![("reasoning_effort", Node::str(b.reasoning_effort))]),
        ));
    }
    if let Some(e) = p.reasoning_effort {
        m.push(("reasoning_effort", Node::str(e)));
    }
    if let Some(th) = &p.thinking {
        m.push(("thinking", Node::Map(vec![("type", Node::str(th.kind))])));
    }
    if let Some(o) = &p.output_config {
        m.push((
            "output_config",
            Node::Map(vec![("effort", Node::str(o.effort))]),
        ));
    }
    Node::Map(m)
}

// --- aider ------------------------------------------------------------------

/// `.aider.conf.yml` (https://aider.chat/docs/config/aider_conf.html): keys
/// are the long options without `--`. `model`, `openai-api-base` and
/// `openai-api-key` for the generic OpenAI-compatible setup; `set-env` (a
/// list of `NAME=value`) for LiteLLM's own prefixes, which aider documents
/// for Ollama (with the larger context window it sets for `ollama_chat/`)
/// and LM Studio. `reasoning-effort` goes into `extra_body`, as the
/// reference's HF Router effort does (aider `models.py`,
/// `set_reasoning_effort`).
fn aider(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let key = t.require_key(ExportFormat::Aider)?;
    let routes = t.routes;
    let mut conf = Vec::new();
    match routes.aider_native {
        Some(page) => {
            w.comment(&format!(
                ".aider.conf.yml (https://aider.chat/docs/config/aider_conf.html), for {}\nthrough LiteLLM's {} prefix, as aider documents it ({page})",
                t.server_name(),
                routes.litellm_prefix
            ));
            w.secret(routes.litellm_key_env, key);
            conf.push((
                "model",
                Node::Str(format!("{}{}", routes.litellm_prefix, t.name)),
            ));
            conf.push((
                "set-env",
                Node::List(vec![
                    Node::Str(format!(
                        "{}={}",
                        routes.litellm_base_env,
                        t.base(routes.litellm_base)
                    )),
                    Node::Str(format!("{}={}", routes.litellm_key_env, key.shown)),
                ]),
            ));
        }
        None => {
            w.comment(&format!(
                ".aider.conf.yml (https://aider.chat/docs/config/aider_conf.html), for {}\nas an OpenAI-compatible API ({AIDER_OPENAI_COMPATIBLE})",
                t.server_name()
            ));
            w.secret("openai-api-key", key);
            conf.push(("model", Node::str(t.model)));
            conf.push(("openai-api-base", Node::str(t.api_base)));
            conf.push(("openai-api-key", Node::str(&key.shown)));
        }
    }
    if let Some(level) = t.effort {
        conf.push(("reasoning-effort", Node::str(level)));
    }
    if let Some(b) = t.bill_to {
        w.comment(&format!(
            "the header {BILL_TO_HEADER}: {} has no key here: add it to .aider.model.settings.yml\nunder extra_params: extra_headers (https://aider.chat/docs/config/adv-model-settings.html)",
            printable(b)
        ));
    }
    w.line(yaml_map(&conf, 0).trim_end());
    Ok(())
}

// --- continue ---------------------------------------------------------------

/// Continue's `config.yaml` (https://docs.continue.dev/reference): `name`,
/// `version` and `schema` are required at the top; a models entry has
/// `name`, `provider`, `model`, `apiBase`, `apiKey`, and `requestOptions`
/// with `headers` and `extraBodyProperties`.
fn continue_config(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let key = t.require_key(ExportFormat::Continue)?;
    let routes = t.routes;
    w.comment(&format!(
        "Continue config.yaml (https://docs.continue.dev/reference): save it as an assistant,\ne.g. ~/.continue/assistants/local.yaml, or merge its models entry into yours;\n{} with provider {} ({})",
        t.server_name(),
        routes.continue_provider,
        routes.continue_docs
    ));
    w.secret("apiKey", key);
    let mut entry = vec![
        ("name", Node::str(t.id)),
        ("provider", Node::str(routes.continue_provider)),
        ("model", Node::str(t.name)),
        ("apiBase", Node::str(t.base(routes.continue_base))),
        ("apiKey", Node::str(&key.shown)),
    ];
    let mut request = Vec::new();
    if let Some(b) = t.bill_to {
        request.push(("headers", Node::Map(vec![(BILL_TO_HEADER, Node::str(b))])));
    }
    if let Some(level) = t.effort {
        request.push((
            "extraBodyProperties",
            Node::Map(vec![("reasoning_effort", Node::str(level))]),
        ));
    }
    if !request.is_empty() {
        entry.push(("requestOptions", Node::Map(request)));
    }
    let conf = vec![
        ("name", Node::str("modelroute")),
        ("version", Node::str("0.0.1")),
        ("schema", Node::str("v1")),
        ("models", Node::List(vec![Node::Map(entry)])),
    ];
    w.line(yaml_map(&conf, 0).trim_end());
    Ok(())
}

// --- llm --------------------------------------------------------------------

/// simonw/llm's `extra-openai-models.yaml`
/// (https://llm.datasette.io/en/stable/other-models.html#openai-compatible-models):
/// `model_id` is what `llm -m` takes, `model_name` what the API is sent,
/// `api_base` the OpenAI client's base URL, `api_key_name` a key stored
/// with `llm keys set <name> --value <key>`, `headers` extra HTTP headers.
/// Without `api_key_name` llm sends no real key, which servers that need
/// none accept: so the placeholder key needs no stored key.
fn llm(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let key = t.require_key(ExportFormat::Llm)?;
    w.comment("an entry for llm's extra-openai-models.yaml, in the directory of `llm logs path`\n(https://llm.datasette.io/en/stable/other-models.html#openai-compatible-models)");
    let mut entry = vec![
        ("model_id", Node::str(t.id)),
        ("model_name", Node::str(t.name)),
        ("api_base", Node::str(t.api_base)),
    ];
    if key.shown != PLACEHOLDER_API_KEY {
        let key_name = format!("{LLM_KEY_PREFIX}{}", t.provider.map_or("hf", |p| p.id));
        w.secret("the key", key);
        w.comment("store the key first:");
        w.comment(&format!(
            "  llm keys set {key_name} --value {}",
            sh_quote(&key.shown)
        ));
        entry.push(("api_key_name", Node::Str(key_name)));
    }
    if let Some(b) = t.bill_to {
        entry.push(("headers", Node::Map(vec![(BILL_TO_HEADER, Node::str(b))])));
    }
    if let Some(level) = t.effort {
        w.comment(&format!(
            "llm has no setting for extra body fields: the effort `{level}` is not sent"
        ));
    }
    w.line(yaml_list(&[Node::Map(entry)], 0).trim_end());
    Ok(())
}

// ---------------------------------------------------------------------------
// Writing values: shell, dotenv, JSON, YAML.
// ---------------------------------------------------------------------------

/// A value in a JSON or YAML document.
#[derive(Debug, Clone)]
enum Node {
    Str(String),
    Int(u32),
    Bool(bool),
    Null,
    Map(Vec<(&'static str, Node)>),
    List(Vec<Node>),
}

impl Node {
    fn str(s: &str) -> Node {
        Node::Str(s.to_owned())
    }
}

/// POSIX single quotes: everything is literal except `'`, written `'\''`.
/// Newlines and every other byte survive as they are.
///
/// ```text
/// it's  ->  'it'\''s'
/// ```
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A python-dotenv double-quoted value: `\\`, `\"` and the control escapes
/// it decodes (`\\[\\'"abfnrtv]`); other characters stay as they are. `\r`
/// is escaped because Python reads files with universal newlines.
fn dotenv_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            '\u{7}' => out.push_str(r"\a"),
            '\u{8}' => out.push_str(r"\b"),
            '\u{b}' => out.push_str(r"\v"),
            '\u{c}' => out.push_str(r"\f"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON string literal, which is also a YAML double-quoted scalar:
/// characters YAML does not allow unescaped (C0, DEL, C1, line and
/// paragraph separators, BOM, noncharacters) are written `\uXXXX`.
pub(crate) fn json_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str(r"\\"),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            c if c < ' '
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_scalar(node: &Node) -> Option<String> {
    match node {
        Node::Str(s) => Some(json_quote(s)),
        Node::Int(i) => Some(i.to_string()),
        Node::Bool(b) => Some(b.to_string()),
        Node::Null => Some("null".to_owned()),
        Node::Map(_) | Node::List(_) => None,
    }
}

/// JSON on one line, with Python's `json.dumps` separators (`", "`, `": "`).
fn json_inline(node: &Node) -> String {
    match node {
        Node::Map(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", json_quote(k), json_inline(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Node::List(l) => {
            let items: Vec<String> = l.iter().map(json_inline).collect();
            format!("[{}]", items.join(", "))
        }
        scalar => json_scalar(scalar).unwrap_or_default(),
    }
}

/// JSON indented by two spaces, `{}` and `[]` for empty containers.
fn json_pretty(node: &Node) -> String {
    fn go(node: &Node, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent + 2);
        match node {
            Node::Map(m) if !m.is_empty() => {
                out.push_str("{\n");
                for (i, (k, v)) in m.iter().enumerate() {
                    out.push_str(&pad);
                    out.push_str(&json_quote(k));
                    out.push_str(": ");
                    go(v, indent + 2, out);
                    out.push_str(if i + 1 < m.len() { ",\n" } else { "\n" });
                }
                out.push_str(&" ".repeat(indent));
                out.push('}');
            }
            Node::List(l) if !l.is_empty() => {
                out.push_str("[\n");
                for (i, v) in l.iter().enumerate() {
                    out.push_str(&pad);
                    go(v, indent + 2, out);
                    out.push_str(if i + 1 < l.len() { ",\n" } else { "\n" });
                }
                out.push_str(&" ".repeat(indent));
                out.push(']');
            }
            other => out.push_str(&json_inline(other)),
        }
    }
    let mut out = String::new();
    go(node, 0, &mut out);
    out
}

/// A YAML mapping key: plain when it is a simple name, else quoted.
fn yaml_key(k: &str) -> String {
    let plain = k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        k.to_owned()
    } else {
        json_quote(k)
    }
}

/// A block mapping at `indent`; every string double-quoted, so no value is
/// read as a number, boolean, null or anchor.
fn yaml_map(entries: &[(&'static str, Node)], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for (k, v) in entries {
        out.push_str(&pad);
        out.push_str(&yaml_key(k));
        out.push(':');
        match v {
            Node::Map(m) if !m.is_empty() => {
                out.push('\n');
                out.push_str(&yaml_map(m, indent + 2));
            }
            Node::List(l) if !l.is_empty() => {
                out.push('\n');
                out.push_str(&yaml_list(l, indent + 2));
            }
            Node::Map(_) => out.push_str(" {}\n"),
            Node::List(_) => out.push_str(" []\n"),
            scalar => {
                out.push(' ');
                out.push_str(&json_scalar(scalar).unwrap_or_default());
                out.push('\n');
            }
        }
    }
    out
}

/// A block sequence at `indent`; a mapping item starts on the `- ` line.
fn yaml_list(items: &[Node], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for item in items {
        match item {
            Node::Map(m) if !m.is_empty() => {
                let inner = yaml_map(m, indent + 2);
                out.push_str(&pad);
                out.push_str("- ");
                out.push_str(&inner[indent + 2..]);
            }
            Node::List(l) if !l.is_empty() => {
                out.push_str(&pad);
                out.push_str("-\n");
                out.push_str(&yaml_list(l, indent + 2));
            }
            Node::Map(_) => out.push_str(&format!("{pad}- {{}}\n")),
            Node::List(_) => out.push_str(&format!("{pad}- []\n")),
            scalar => {
                out.push_str(&pad);
                out.push_str("- ");
                out.push_str(&json_scalar(scalar).unwrap_or_default());
                out.push('\n');
            }
        }
    }
    out
}

/// Text safe inside a `#` comment or a message: control characters and
/// line separators are written `\u{…}`, so an id can never end a comment.
fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `A`, `B` and `C` → "`A`, `B` and `C`".
fn backticked(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::LOCAL_PROVIDERS;

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
        ];
        assert_eq!(ExportFormat::all().collect::<Vec<_>>(), all);
        for (i, f) in all.iter().enumerate() {
            assert_eq!(*f as usize, i);
            assert_eq!(f.info().format, *f);
            assert_eq!(ExportFormat::from_name(f.name()), Some(*f));
            assert_eq!(f.to_string().parse::<ExportFormat>(), Ok(*f));
            assert!(f.name().chars().all(|c| c.is_ascii_lowercase()));
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
            "unknown export format `yaml`; expected one of: env, dotenv, litellm, openai, curl, aider, continue, llm"
        );
    }

    #[test]
    fn every_server_has_one_row_of_tool_routes() {
        let mut servers: Vec<&str> = LOCAL_PROVIDERS.iter().map(|p| p.id).collect();
        servers.push(Route::HfRouter.as_str());
        let rows: Vec<&str> = SERVER_ROUTES.iter().map(|s| s.server).collect();
        assert_eq!(rows, servers);
        for row in SERVER_ROUTES {
            assert!(row.litellm_prefix.ends_with('/'));
            assert!(row.litellm_docs.starts_with("https://docs.litellm.ai/"));
            assert!(row.continue_docs.starts_with("https://docs.continue.dev/"));
        }
    }

    #[test]
    fn every_direct_route_has_a_row() {
        for route in [Route::Anthropic, Route::Bedrock, Route::Openai] {
            assert_eq!(direct_route(route).route, route);
            assert_eq!(direct_route(route).prefix, format!("{}/", route.as_str()));
        }
    }

    #[test]
    fn error_codes_are_listed_once() {
        let mut codes = EXPORT_ERROR_CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), EXPORT_ERROR_CODES.len());
    }

    #[test]
    fn shell_quoting_escapes_only_single_quotes() {
        assert_eq!(sh_quote("a b"), "'a b'");
        assert_eq!(sh_quote("it's"), r"'it'\''s'");
        assert_eq!(sh_quote("a\nb"), "'a\nb'");
        assert_eq!(sh_quote(""), "''");
    }

    #[test]
    fn json_quoting_escapes_what_yaml_forbids() {
        assert_eq!(json_quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(json_quote("\u{1}\u{85}\u{2028}"), r#""\u0001\u0085\u2028""#);
        assert_eq!(json_quote("…é"), "\"…é\"");
    }

    #[test]
    fn comments_cannot_be_ended_by_a_value() {
        assert_eq!(printable("a\nrm -rf ~"), "a\\u{a}rm -rf ~");
        assert_eq!(printable("x\u{2028}y"), "x\\u{2028}y");
    }

    #[test]
    fn yaml_lists_of_maps_start_on_the_dash_line() {
        let doc = yaml_map(
            &[(
                "models",
                Node::List(vec![Node::Map(vec![
                    ("name", Node::str("a")),
                    ("n", Node::Int(1)),
                ])]),
            )],
            0,
        );
        assert_eq!(doc, "models:\n  - name: \"a\"\n    n: 1\n");
    }

    #[test]
    fn backticked_joins_names() {
        assert_eq!(backticked(&["A"]), "`A`");
        assert_eq!(backticked(&["A", "B", "C"]), "`A`, `B` and `C`");
    }
}
