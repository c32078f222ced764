//! Setup mistakes caught before they cost a request.
//!
//! A model id and an environment can resolve without error and still be
//! wrong: the id silently falls through to the Hugging Face Router, the base
//! URL points at the endpoint rather than the base, at a bind address, at
//! another server's port, or the user set the variable another tool reads.
//! [`diagnose`] finds those mistakes without touching the network, so the
//! CLI (`explain`, `doctor`), the wasm package and the demo can show them
//! before a request fails with a confusing 404 or "connection refused".
//!
//! A diagnostic never changes a resolution: [`crate::resolve`] gives the
//! same answer with or without them. Each has a stable code from
//! [`DIAGNOSTIC_CODES`], a severity, a message saying what is wrong (quoting
//! the input) and a fix saying what to do, with the value to copy in
//! [`Diagnostic::suggestion`] where there is one.
//!
//! Every domain here is a table: [`NEAR_MISS_PREFIXES`],
//! [`ENDPOINT_SUFFIXES`], [`NATIVE_API_PATHS`], [`FOREIGN_VARIABLES`]. The
//! default port of each server is read from [`LOCAL_PROVIDERS`], never
//! repeated. `docs/diagnostics.md` is tested against these tables.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

use crate::base_url::{self, HTTP_SCHEMES, V1_SUFFIX};
use crate::env::Env;
use crate::model_id::{self, ModelId};
use crate::providers::{
    local_provider_by_id, LocalProvider, LOCAL_LLM_API_KEY, LOCAL_LLM_BASE_URL, LOCAL_PROVIDERS,
    PLACEHOLDER_API_KEY, RESERVED_PREFIX,
};
use crate::pyrepr::py_repr;
use crate::redact::redact_url;
use crate::whitespace::{contains_py_space, first_py_space, py_strip};

/// How much a diagnostic matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Probably not what was meant.
    Warning,
    /// Will fail.
    Error,
}

impl Severity {
    /// The serialized name: `info`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A concrete change that fixes a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Suggestion {
    /// Set `variable` to `value` (in the environment or the `.env` file).
    SetVariable {
        /// The variable to set.
        variable: &'static str,
        /// The value to copy.
        value: String,
    },
    /// Use this model id instead.
    UseId {
        /// The corrected id.
        id: String,
    },
}

/// One finding about an id or an environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable snake_case code, one of [`DIAGNOSTIC_CODES`].
    pub code: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong, quoting the input (secrets masked).
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// The variable concerned, if any: the one whose value is wrong, or the
    /// other tool's variable that is set but not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable: Option<&'static str>,
    /// The change that fixes it, when it can be spelled out. For a base URL
    /// the value has every earlier fix for the same variable applied too,
    /// so the last suggestion for a variable is the value to copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
}

impl Diagnostic {
    fn new(code: &'static str, severity: Severity, message: String, fix: String) -> Self {
        debug_assert!(
            code_entry(code).is_some_and(|(_, max, _)| severity <= *max),
            "{code} is not in DIAGNOSTIC_CODES or exceeds its severity"
        );
        Diagnostic {
            code,
            severity,
            message,
            fix,
            variable: None,
            suggestion: None,
        }
    }

    fn variable(mut self, variable: &'static str) -> Self {
        self.variable = Some(variable);
        self
    }

    fn set(mut self, variable: &'static str, value: String) -> Self {
        self.suggestion = Some(Suggestion::SetVariable { variable, value });
        self
    }

    fn use_id(mut self, id: String) -> Self {
        self.suggestion = Some(Suggestion::UseId { id });
        self
    }
}

/// The operating system the setup runs on, for the one check that depends
/// on it (`host.docker.internal` resolves on Docker Desktop, not on Linux).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Linux: Docker Engine, where `host.docker.internal` needs `--add-host`.
    Linux,
    /// macOS: Docker Desktop defines `host.docker.internal`.
    #[serde(rename = "macos")]
    MacOs,
    /// Windows: Docker Desktop defines `host.docker.internal`.
    Windows,
    /// Not known (the wasm package, or a CLI inside a container, which cannot
    /// tell what the Docker host runs): platform-dependent findings are
    /// reported as info.
    #[default]
    Unknown,
}

impl Platform {
    /// The platform for a `std::env::consts::OS` value (`"linux"`,
    /// `"macos"`, `"windows"`); anything else is [`Platform::Unknown`].
    ///
    /// ```
    /// use modelroute_core::diagnostics::Platform;
    /// assert_eq!(Platform::from_os("linux"), Platform::Linux);
    /// assert_eq!(Platform::from_os("freebsd"), Platform::Unknown);
    /// ```
    pub fn from_os(os: &str) -> Platform {
        match os {
            "linux" => Platform::Linux,
            "macos" => Platform::MacOs,
            "windows" => Platform::Windows,
            _ => Platform::Unknown,
        }
    }
}

/// What [`diagnose_with`] knows besides the id and the environment. Core is
/// pure, so the caller says what it knows about the machine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Context {
    /// The OS of the machine whose network the requests use (for a
    /// container, the Docker host's); [`Platform::Unknown`] by default.
    pub platform: Platform,
}

/// Every diagnostic code: `(code, highest severity, one-line summary)`.
///
/// The severity is the highest the code is emitted with; some codes drop to
/// `info` when the harm is uncertain: `docker_host_on_linux` when the
/// platform is unknown, `plain_http_key` to a private-network host,
/// `other_server_port` on a port in [`COMMON_HTTP_PORTS`], and
/// `foreign_variable` when the default already reaches the same server.
/// Codes shared with [`crate::ERROR_CODES`] mean the same mistake. Codes are
/// never renamed.
pub const DIAGNOSTIC_CODES: &[(&str, Severity, &str)] = &[
    ("empty_model_id", Severity::Error, "the model id is empty"),
    (
        "empty_model_name",
        Severity::Error,
        "a local prefix with no model name after it",
    ),
    (
        "whitespace_in_id",
        Severity::Error,
        "the model id contains whitespace",
    ),
    (
        "reserved_prefix",
        Severity::Error,
        "the reserved `openai-compat/` prefix",
    ),
    (
        "near_miss_prefix",
        Severity::Warning,
        "a misspelt local prefix that falls through to the Hugging Face Router",
    ),
    (
        "blank_base_url",
        Severity::Error,
        "the base URL is only whitespace",
    ),
    (
        "base_url_missing_scheme",
        Severity::Error,
        "the base URL has no `http://` or `https://`",
    ),
    (
        "unsupported_base_url_scheme",
        Severity::Error,
        "the base URL's scheme is not `http` or `https`",
    ),
    (
        "base_url_missing_host",
        Severity::Error,
        "the base URL has no host",
    ),
    (
        "base_url_credentials",
        Severity::Warning,
        "the base URL carries a user name or password",
    ),
    (
        "base_url_query",
        Severity::Error,
        "the base URL has a query string or fragment",
    ),
    (
        "base_url_endpoint_path",
        Severity::Error,
        "the base URL ends with an endpoint path such as `/chat/completions`",
    ),
    (
        "base_url_native_api",
        Severity::Error,
        "the base URL points at a server's native API, not its OpenAI-compatible one",
    ),
    (
        "base_url_double_v1",
        Severity::Error,
        "the base URL ends in `/v1/v1`",
    ),
    (
        "base_url_version_segment",
        Severity::Warning,
        "the base URL ends in a version segment other than `/v1`",
    ),
    (
        "base_url_bind_address",
        Severity::Warning,
        "the base URL names `0.0.0.0` or `::`, an address to listen on, not to connect to",
    ),
    (
        "base_url_localhost",
        Severity::Info,
        "`localhost` may resolve to IPv6 `::1` while the server listens on IPv4 only",
    ),
    (
        "https_on_loopback",
        Severity::Warning,
        "`https://` to a loopback address, where local servers speak plain HTTP",
    ),
    (
        "other_server_port",
        Severity::Warning,
        "the base URL's port is another local server's default",
    ),
    (
        "docker_host_on_linux",
        Severity::Warning,
        "`host.docker.internal` does not resolve on Linux without `--add-host`",
    ),
    (
        "plain_http_key",
        Severity::Warning,
        "a real API key would travel over plain HTTP to another machine",
    ),
    (
        "foreign_variable",
        Severity::Warning,
        "another tool's variable for this setting is set, but not read here",
    ),
];

/// The entry of [`DIAGNOSTIC_CODES`] for `code`.
pub fn code_entry(code: &str) -> Option<&'static (&'static str, Severity, &'static str)> {
    DIAGNOSTIC_CODES.iter().find(|(c, _, _)| *c == code)
}

/// Spellings of local prefixes other tools use, or that people type, which
/// would silently fall through to the HF Router: `(spelling, provider id)`.
///
/// Matched ASCII case-insensitively. Besides these, a provider's own prefix
/// in the wrong case (`Ollama/`) and with `:` for `/` (`ollama:`) are
/// near misses; those are derived from [`LOCAL_PROVIDERS`].
pub const NEAR_MISS_PREFIXES: &[(&str, &str)] = &[
    ("olama/", "ollama"),
    ("ollama_chat/", "ollama"),
    ("hosted_vllm/", "vllm"),
    ("lmstudio/", "lm_studio"),
    ("lm-studio/", "lm_studio"),
    ("lm_studio:", "lm_studio"),
    ("llama.cpp/", "llamacpp"),
    ("llama_cpp/", "llamacpp"),
    ("llama-cpp/", "llamacpp"),
    ("llamafile/", "llamacpp"),
];

/// Endpoint paths clients append to the base URL themselves, most specific
/// first; a base URL ending in one was pasted from an endpoint.
pub const ENDPOINT_SUFFIXES: &[&str] = &[
    "/chat/completions",
    "/completions",
    "/responses",
    "/embeddings",
    "/models",
];

/// Paths of servers' native (not OpenAI-compatible) APIs, most specific
/// first, each with the providers that serve it (the first one is named
/// when the id's own provider is not among them).
pub const NATIVE_API_PATHS: &[(&str, &[&str])] = &[
    ("/api/chat", &["ollama"]),
    ("/api/generate", &["ollama"]),
    ("/api/tags", &["ollama"]),
    ("/api/v0", &["lm_studio"]),
    ("/api/v1", &["lm_studio"]),
    ("/api", &["ollama", "lm_studio"]),
];

/// Where a variable of another tool applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "provider", rename_all = "snake_case")]
pub enum ForeignTarget {
    /// Ids of this local provider (its id, `"ollama"`).
    Provider(&'static str),
    /// Ids of every local provider.
    AnyLocal,
}

/// How the other tool writes a base URL, which decides what to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueForm {
    /// A base URL without `/v1` (`http://127.0.0.1:11434`): copied as is,
    /// since modelroute appends `/v1`.
    WithoutV1,
    /// A base URL ending in `/v1`: copied without it (either works, as
    /// modelroute only appends `/v1` when missing).
    WithV1,
    /// Ollama's `OLLAMA_HOST`: `[scheme://]host[:port]`, where the scheme
    /// defaults to `http`, the port to 11434 (80 or 443 with a scheme), an
    /// empty host to `127.0.0.1`, and quotes around it are dropped. A bind
    /// address (`0.0.0.0`) is copied as `127.0.0.1`.
    HostPort,
}

/// Which setting the variable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "form", rename_all = "snake_case")]
pub enum ForeignSetting {
    /// A base URL, written in this form.
    BaseUrl(ValueForm),
    /// An API key (never printed).
    ApiKey,
}

/// A variable another tool reads for a setting modelroute reads elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ForeignVariable {
    /// The variable's name.
    pub name: &'static str,
    /// Who reads it.
    pub tool: &'static str,
    /// What it means there.
    pub meaning: &'static str,
    /// Which ids it would apply to.
    pub target: ForeignTarget,
    /// The setting, and how the value is written.
    pub setting: ForeignSetting,
    /// Only flag it when it points at a local server: `OPENAI_BASE_URL` is
    /// often set for OpenAI itself.
    pub only_local_hosts: bool,
}

/// Variables other tools use for settings modelroute reads under its own
/// names. Which of ours to set instead comes from the id's provider row.
///
/// A base URL variable is reported when the id's base URL comes from the
/// built-in default (neither the provider's variable nor
/// `LOCAL_LLM_BASE_URL` is set); a key variable when the key is the
/// placeholder.
pub const FOREIGN_VARIABLES: &[ForeignVariable] = &[
    ForeignVariable {
        name: "OLLAMA_HOST",
        tool: "Ollama's CLI and its Python and JS clients",
        meaning: "the Ollama server's address, for the server and its clients alike",
        target: ForeignTarget::Provider("ollama"),
        setting: ForeignSetting::BaseUrl(ValueForm::HostPort),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "OLLAMA_API_BASE",
        tool: "LiteLLM and aider",
        meaning: "the Ollama server for `ollama/` and `ollama_chat/` models",
        target: ForeignTarget::Provider("ollama"),
        setting: ForeignSetting::BaseUrl(ValueForm::WithoutV1),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "LM_STUDIO_API_BASE",
        tool: "LiteLLM and aider",
        meaning: "the LM Studio server for `lm_studio/` models",
        target: ForeignTarget::Provider("lm_studio"),
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "LM_STUDIO_API_KEY",
        tool: "LiteLLM and aider",
        meaning: "the key for `lm_studio/` models",
        target: ForeignTarget::Provider("lm_studio"),
        setting: ForeignSetting::ApiKey,
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "HOSTED_VLLM_API_BASE",
        tool: "LiteLLM",
        meaning: "the vLLM server for `hosted_vllm/` models",
        target: ForeignTarget::Provider("vllm"),
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "HOSTED_VLLM_API_KEY",
        tool: "LiteLLM",
        meaning: "the key for `hosted_vllm/` models",
        target: ForeignTarget::Provider("vllm"),
        setting: ForeignSetting::ApiKey,
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "LLAMAFILE_API_BASE",
        tool: "LiteLLM",
        meaning: "the llamafile (llama.cpp) server for `llamafile/` models",
        target: ForeignTarget::Provider("llamacpp"),
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "OPENAI_BASE_URL",
        tool: "the OpenAI SDKs and LiteLLM",
        meaning: "the endpoint for `openai/` models only",
        target: ForeignTarget::AnyLocal,
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: true,
    },
    ForeignVariable {
        name: "OPENAI_API_BASE",
        tool: "older OpenAI SDKs, LangChain and LiteLLM",
        meaning: "the endpoint for `openai/` models only",
        target: ForeignTarget::AnyLocal,
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: true,
    },
];

/// Ports so many HTTP servers use that another local server's default on
/// one of them is only worth an info (`other_server_port`).
pub const COMMON_HTTP_PORTS: &[u16] = &[80, 443, 3000, 5000, 8000, 8080, 8888];

/// Docker Desktop's name for the host machine, seen from a container.
pub const DOCKER_HOST: &str = "host.docker.internal";

/// Every diagnostic for `id` in `env`, on an unknown platform.
///
/// The same as [`diagnose_with`] and a default [`Context`]: findings that
/// depend on the platform are reported as info.
///
/// ```
/// use modelroute_core::diagnostics::{diagnose, Suggestion};
/// let d = diagnose("lmstudio/google/gemma-3-4b", &modelroute_core::EmptyEnv);
/// assert_eq!(d[0].code, "near_miss_prefix");
/// assert!(d[0].fix.contains("lm_studio/google/gemma-3-4b"));
///
/// let env = [("OLLAMA_BASE_URL", "http://0.0.0.0:11434/v1/chat/completions")];
/// let d = diagnose("ollama/llama3.1:8b", &env);
/// let codes: Vec<_> = d.iter().map(|d| d.code).collect();
/// assert_eq!(codes, ["base_url_endpoint_path", "base_url_bind_address"]);
/// assert_eq!(
///     d[1].suggestion,
///     Some(Suggestion::SetVariable {
///         variable: "OLLAMA_BASE_URL",
///         value: "http://127.0.0.1:11434/v1".into(),
///     })
/// );
/// ```
pub fn diagnose(id: &str, env: &(impl Env + ?Sized)) -> Vec<Diagnostic> {
    diagnose_with(id, env, &Context::default())
}

/// Every diagnostic for `id` in `env` on the platform `context` names.
///
/// The id is checked first, then, for a local id, the base URL that wins
/// for its provider (the same precedence as [`crate::resolve`]: the
/// provider's variable, `LOCAL_LLM_BASE_URL`, the built-in default, which
/// is never checked), then the variables of other tools. A variable that is
/// set but shadowed by an earlier one is not checked: it is never used, and
/// `explain` already shows it as shadowed.
///
/// ```
/// use modelroute_core::diagnostics::{diagnose_with, Context, Platform, Severity};
/// let env = [("OLLAMA_BASE_URL", "http://host.docker.internal:11434")];
/// let linux = Context { platform: Platform::Linux };
/// assert_eq!(diagnose_with("ollama/llama3", &env, &linux)[0].severity, Severity::Warning);
/// let mac = Context { platform: Platform::MacOs };
/// assert!(diagnose_with("ollama/llama3", &env, &mac).is_empty());
/// ```
pub fn diagnose_with(id: &str, env: &(impl Env + ?Sized), context: &Context) -> Vec<Diagnostic> {
    // One body for every kind of environment: each caller's type would
    // otherwise compile all of it again (the wasm package's size).
    diagnose_dyn(id, &env, context)
}

fn diagnose_dyn(id: &str, env: &dyn Env, context: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_id(id, env, &mut out);
    if let ModelId::Local { provider, name } = model_id::parse(id) {
        let key = winning(env, provider.api_key_env, LOCAL_LLM_API_KEY);
        match winning(env, provider.base_url_env, LOCAL_LLM_BASE_URL) {
            Some((var, raw)) => {
                let target = Target {
                    var,
                    provider,
                    name,
                    key,
                    context,
                };
                check_base_url(raw, &target, &mut out);
            }
            None => check_foreign_base_urls(env, provider, &mut out),
        }
        if key.is_none() {
            check_foreign_keys(env, provider, &mut out);
        }
    }
    out
}

/// The first of two variables that is set and non-empty, as `resolve`
/// walks them (an empty value counts as unset).
fn winning<'e>(
    env: &'e (impl Env + ?Sized),
    own: &'static str,
    shared: &'static str,
) -> Option<(&'static str, &'e str)> {
    [own, shared]
        .into_iter()
        .find_map(|var| env.var(var).filter(|v| !v.is_empty()).map(|v| (var, v)))
}

// ---------------------------------------------------------------- model id

fn check_id(id: &str, env: &(impl Env + ?Sized), out: &mut Vec<Diagnostic>) {
    if id.is_empty() {
        out.push(Diagnostic::new(
            "empty_model_id",
            Severity::Error,
            "the model id is empty".to_owned(),
            "pass a model id such as `ollama/llama3.1:8b` or `moonshotai/Kimi-K2-Instruct`"
                .to_owned(),
        ));
        return;
    }
    let trimmed = py_strip(id);
    if let Some((offset, found)) = first_py_space(id) {
        let mut d = Diagnostic::new(
            "whitespace_in_id",
            Severity::Error,
            format!(
                "model id {} contains whitespace: {} at byte {offset}",
                py_repr(id),
                crate::error::describe_char(found)
            ),
            String::new(),
        );
        if !trimmed.is_empty() && !contains_py_space(trimmed) {
            let local_hint = if model_id::is_local(trimmed) && !model_id::is_local(id) {
                ", so it is read as a local id"
            } else {
                ""
            };
            d.fix = format!("remove the surrounding whitespace{local_hint}: `{trimmed}`");
            d = d.use_id(trimmed.to_owned());
        } else if trimmed.is_empty() {
            d.fix = "pass a model id such as `ollama/llama3.1:8b`".to_owned();
        } else {
            d.fix = format!(
                "remove the {} at byte {offset}: model names never contain whitespace",
                crate::error::describe_char(found)
            );
        }
        out.push(d);
    }
    match model_id::parse(id) {
        ModelId::Reserved { name } => {
            let name = if name.is_empty() { "<model>" } else { name };
            let ids: Vec<String> = LOCAL_PROVIDERS
                .iter()
                .map(|p| format!("`{}{name}`", p.prefix))
                .collect();
            out.push(Diagnostic::new(
                "reserved_prefix",
                Severity::Error,
                format!(
                    "`{RESERVED_PREFIX}` is reserved and not supported: {}",
                    py_repr(id)
                ),
                format!(
                    "name the server instead: {}; any other OpenAI-compatible server works with one of them and `{LOCAL_LLM_BASE_URL}`",
                    ids.join(", ")
                ),
            ));
        }
        ModelId::Local { provider, name: "" } => {
            let base = winning(env, provider.base_url_env, LOCAL_LLM_BASE_URL)
                .filter(|(var, raw)| base_url::check(raw, var).is_ok())
                .map_or(provider.default_base_url, |(_, raw)| raw);
            out.push(Diagnostic::new(
                "empty_model_name",
                Severity::Error,
                format!("no model name after the prefix in {}", py_repr(id)),
                format!(
                    "add the model name as the server lists it at `{}/models`, e.g. `{}<model>`",
                    base_url::normalize(&redact_url(base)),
                    provider.prefix
                ),
            ));
        }
        ModelId::HfRouter { .. } => {
            if let Some((provider, rest)) = near_miss(trimmed)
                .filter(|_| model_id::parse(trimmed).route() == crate::Route::HfRouter)
            {
                let spelled = &trimmed[..trimmed.len() - rest.len()];
                let mut d = Diagnostic::new(
                    "near_miss_prefix",
                    Severity::Warning,
                    format!(
                        "{} does not start with a local prefix (`{spelled}` is not `{}`), so it goes to the Hugging Face Router",
                        py_repr(id),
                        provider.prefix
                    ),
                    String::new(),
                );
                if rest.is_empty() {
                    d.fix = format!(
                        "use the {} prefix `{}` followed by the model name",
                        provider.display_name, provider.prefix
                    );
                } else {
                    let meant = format!("{}{rest}", provider.prefix);
                    d.fix = format!("did you mean `{meant}`?");
                    d = d.use_id(meant);
                }
                out.push(d);
            }
        }
        _ => {}
    }
}

/// The provider `id` nearly names, and the rest of the id after the
/// misspelt prefix.
fn near_miss(id: &str) -> Option<(&'static LocalProvider, &str)> {
    let head_is = |spelling: &str| strip_prefix_ignore_case(id, spelling);
    for &(spelling, provider_id) in NEAR_MISS_PREFIXES {
        if let (Some(rest), Some(p)) = (head_is(spelling), local_provider_by_id(provider_id)) {
            return Some((p, rest));
        }
    }
    // Derived from the table: the right prefix in the wrong case
    // (`Ollama/`, `VLLM/`), or with `:` for `/` (`ollama:llama3`).
    LOCAL_PROVIDERS.iter().find_map(|p| {
        head_is(p.prefix)
            .or_else(|| head_is(&format!("{}:", p.id)))
            .map(|rest| (p, rest))
    })
}

// ---------------------------------------------------------------- base URL

/// The base URL being checked and what it is for.
struct Target<'a> {
    /// The variable it came from.
    var: &'static str,
    provider: &'static LocalProvider,
    /// The model name after the prefix.
    name: &'a str,
    /// The key that wins for the id, if a variable supplies one.
    key: Option<(&'static str, &'a str)>,
    context: &'a Context,
}

/// A base URL taken apart, so each fix can change one part and the next
/// check sees the fixed value.
#[derive(Debug, Clone)]
struct Url {
    scheme: String,
    userinfo: Option<String>,
    host: String,
    port: Option<String>,
    /// The path, from the first `/` after the authority.
    path: String,
    /// A query or fragment, from the first `?` or `#`.
    tail: String,
}

impl Url {
    fn parse(scheme: &str, after_scheme: &str) -> Url {
        let a = base_url::authority(after_scheme);
        let split = a.rest.find(['?', '#']).unwrap_or(a.rest.len());
        Url {
            scheme: scheme.to_owned(),
            userinfo: a.userinfo.map(str::to_owned),
            host: a.host.to_owned(),
            port: a.port.map(str::to_owned),
            path: a.rest[..split].to_owned(),
            tail: a.rest[split..].to_owned(),
        }
    }

    /// The URL as written, except that a password or token in it is
    /// masked: every message, fix and suggestion is built from this, so no
    /// secret is ever printed. (The credentials check then says to remove
    /// them, and later suggestions have none.)
    fn render(&self) -> String {
        let mut s = format!("{}://", self.scheme);
        if let Some(u) = &self.userinfo {
            s.push_str(u);
            s.push('@');
        }
        s.push_str(&self.host);
        if let Some(p) = &self.port {
            s.push(':');
            s.push_str(p);
        }
        s.push_str(&self.path);
        s.push_str(&self.tail);
        redact_url(&s)
    }

    /// The URL quoted for a message.
    fn shown(&self) -> String {
        py_repr(&self.render())
    }

    /// Where a chat request would go with this base URL.
    fn request_url(&self) -> String {
        py_repr(&format!(
            "{}/chat/completions",
            base_url::normalize(&self.render())
        ))
    }

    fn port_number(&self) -> Option<u16> {
        self.port.as_deref().and_then(|p| p.parse().ok())
    }
}

fn check_base_url(raw: &str, t: &Target<'_>, out: &mut Vec<Diagnostic>) {
    let var = t.var;
    let value = py_strip(raw);
    if value.is_empty() {
        out.push(
            Diagnostic::new(
                "blank_base_url",
                Severity::Error,
                format!("base URL from `{var}` is blank"),
                format!(
                    "set `{var}` to the server's URL, e.g. `{var}={}`, or unset it to fall back to the next source",
                    t.provider.default_base_url
                ),
            )
            .variable(var),
        );
        return;
    }

    let mut url = match value.split_once("://") {
        None => {
            // `http:/host` and `http:host` lost slashes; anything else
            // lacks the scheme altogether.
            let rest = ["http:", "https:"]
                .iter()
                .find_map(|s| {
                    strip_prefix_ignore_case(value, s)
                        .filter(|rest| !rest.is_empty())
                        .map(|rest| (&s[..s.len() - 1], rest.trim_start_matches('/')))
                })
                .unwrap_or(("http", value));
            let url = Url::parse(rest.0, rest.1);
            let shown = py_repr(&redact_url(value));
            out.push(
                Diagnostic::new(
                    "base_url_missing_scheme",
                    Severity::Error,
                    format!("base URL {shown} from `{var}` has no scheme"),
                    format!("write the scheme: `{var}={}`", url.render()),
                )
                .variable(var)
                .set(var, url.render()),
            );
            url
        }
        Some((scheme, rest)) if HTTP_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) => {
            Url::parse(scheme, rest)
        }
        Some((scheme, rest)) => {
            let shown = py_repr(&redact_url(value));
            // `NAME=http://…`: an assignment pasted into the value.
            let pasted = scheme
                .rsplit_once('=')
                .filter(|(_, s)| HTTP_SCHEMES.iter().any(|h| h.eq_ignore_ascii_case(s)));
            let mut d = Diagnostic::new(
                "unsupported_base_url_scheme",
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` has unsupported scheme {}",
                    py_repr(&redact_url(scheme))
                ),
                format!(
                    "OpenAI-compatible servers speak HTTP: set `{var}` to an `http://` or `https://` URL"
                ),
            )
            .variable(var);
            match pasted {
                Some((assignment, s)) => {
                    let url = Url::parse(s, rest);
                    d.message.push_str(&format!(
                        ": the value repeats the assignment `{assignment}=`"
                    ));
                    d.fix = format!("keep only the URL: `{var}={}`", url.render());
                    out.push(d.set(var, url.render()));
                    url
                }
                None => {
                    out.push(d);
                    return;
                }
            }
        }
    };

    if url.host.is_empty() {
        let port = url
            .port
            .clone()
            .filter(|p| !p.is_empty())
            .or_else(|| default_port(t.provider).map(|p| p.to_string()));
        let shown = url.shown();
        url.host = "127.0.0.1".to_owned();
        url.port = port;
        out.push(
            Diagnostic::new(
                "base_url_missing_host",
                Severity::Error,
                format!("base URL {shown} from `{var}` has no host"),
                format!(
                    "put the server's host in `{var}`, e.g. `{var}={}` when it runs on this machine",
                    url.render()
                ),
            )
            .variable(var)
            .set(var, url.render()),
        );
        return;
    }

    // Trailing slashes go, as the reference strips them.
    let kept = url.path.trim_end_matches('/').len();
    url.path.truncate(kept);

    if let Some(userinfo) = url.userinfo.take() {
        let shown = Url {
            userinfo: Some(userinfo),
            ..url.clone()
        }
        .shown();
        out.push(
            Diagnostic::new(
                "base_url_credentials",
                Severity::Warning,
                format!(
                    "base URL {shown} from `{var}` carries credentials, which end up in logs, and OpenAI-compatible clients authenticate with a bearer key instead"
                ),
                format!(
                    "remove them: `{var}={}`, and put the key the server expects in `{}`",
                    url.render(),
                    t.key.map_or(t.provider.api_key_env, |(v, _)| v)
                ),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    if !url.tail.is_empty() {
        let shown = url.shown();
        let requested = url.request_url();
        let tail = std::mem::take(&mut url.tail);
        out.push(
            Diagnostic::new(
                "base_url_query",
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` has a query or fragment {}: `/v1` and the endpoint are appended after it, giving {requested}",
                    py_repr(&redact_url(&tail))
                ),
                format!("remove it: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    check_path(&mut url, t, out);
    check_host(&mut url, t, out);
}

/// Endpoint paths, native APIs, `/v1/v1` and other version segments.
fn check_path(url: &mut Url, t: &Target<'_>, out: &mut Vec<Diagnostic>) {
    let var = t.var;

    if let Some(suffix) = ENDPOINT_SUFFIXES
        .iter()
        .find(|s| ends_with_ignore_case(&url.path, s))
    {
        let shown = url.shown();
        let requested = url.request_url();
        let keep = url.path.len() - suffix.len();
        url.path.truncate(keep);
        out.push(
            Diagnostic::new(
                "base_url_endpoint_path",
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` ends with the endpoint `{suffix}`, which clients append themselves: requests would go to {requested}"
                ),
                format!("drop `{suffix}`: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    if let Some((path, servers)) = NATIVE_API_PATHS
        .iter()
        .find(|(p, _)| ends_with_ignore_case(&url.path, p))
    {
        let server = servers
            .iter()
            .find(|s| **s == t.provider.id)
            .or(servers.first())
            .and_then(|s| local_provider_by_id(s))
            .map_or("a server", |p| p.display_name);
        let shown = url.shown();
        let requested = url.request_url();
        let keep = url.path.len() - path.len();
        url.path.truncate(keep);
        out.push(
            Diagnostic::new(
                "base_url_native_api",
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` points at `{path}`, {server}'s native API, not its OpenAI-compatible one: requests would go to {requested}"
                ),
                format!(
                    "drop `{path}`; modelroute adds `/v1` itself: `{var}={}`",
                    url.render()
                ),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    let doubled = format!("{V1_SUFFIX}{V1_SUFFIX}");
    if url.path.ends_with(&doubled) {
        let shown = url.shown();
        let requested = url.request_url();
        while url.path.ends_with(&doubled) {
            let keep = url.path.len() - V1_SUFFIX.len();
            url.path.truncate(keep);
        }
        out.push(
            Diagnostic::new(
                "base_url_double_v1",
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` ends in `/v1/v1`: requests would go to {requested}"
                ),
                format!("keep one `/v1`: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    let last = url.path.rsplit('/').next().unwrap_or("");
    if is_version_segment(last) && last != &V1_SUFFIX[1..] {
        let segment = format!("/{last}");
        let shown = url.shown();
        let requested = url.request_url();
        let keep = url.path.len() - segment.len();
        url.path.truncate(keep);
        out.push(
            Diagnostic::new(
                "base_url_version_segment",
                Severity::Warning,
                format!(
                    "base URL {shown} from `{var}` ends in the version segment `{segment}`; modelroute appends `/v1` to anything but `/v1`, so requests would go to {requested}"
                ),
                format!(
                    "local OpenAI-compatible servers serve under `/v1`: drop `{segment}`: `{var}={}`",
                    url.render()
                ),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }
}

/// `v2`, `v1beta`, `V1`: a `v` and digits, then letters and digits.
fn is_version_segment(segment: &str) -> bool {
    let mut chars = segment.chars();
    matches!(chars.next(), Some('v' | 'V'))
        && chars.next().is_some_and(|c| c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// Bind addresses, TLS on loopback, Docker's host name, other servers'
/// ports, keys in clear text, and `localhost`.
fn check_host(url: &mut Url, t: &Target<'_>, out: &mut Vec<Diagnostic>) {
    let var = t.var;

    if classify(&url.host) == HostClass::Unspecified {
        let shown = url.shown();
        let loopback = loopback_for(&url.host).to_owned();
        let bound = std::mem::replace(&mut url.host, loopback);
        out.push(
            Diagnostic::new(
                "base_url_bind_address",
                Severity::Warning,
                format!(
                    "base URL {shown} from `{var}` names `{bound}`, the address a server listens on, not one to connect to"
                ),
                format!(
                    "connect to `{}` when the server runs on this machine, or to the machine's own address when it does not: `{var}={}`",
                    url.host,
                    url.render()
                ),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    if url.scheme.eq_ignore_ascii_case("https") && classify(&url.host) == HostClass::Loopback {
        let shown = url.shown();
        url.scheme = "http".to_owned();
        out.push(
            Diagnostic::new(
                "https_on_loopback",
                Severity::Warning,
                format!(
                    "base URL {shown} from `{var}` uses `https://` on this machine, where {} speaks plain HTTP unless a TLS proxy sits in front: the handshake fails with \"wrong version number\"",
                    t.provider.display_name
                ),
                format!("use `http://`: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    if url.host.eq_ignore_ascii_case(DOCKER_HOST)
        && t.context.platform != Platform::MacOs
        && t.context.platform != Platform::Windows
    {
        let shown = url.shown();
        let (severity, message) = if t.context.platform == Platform::Linux {
            (
                Severity::Warning,
                format!(
                    "base URL {shown} from `{var}` uses `{DOCKER_HOST}`, which does not resolve on Linux unless the container is started with `--add-host={DOCKER_HOST}:host-gateway`"
                ),
            )
        } else {
            (
                Severity::Info,
                format!(
                    "base URL {shown} from `{var}` uses `{DOCKER_HOST}`: Docker Desktop (macOS, Windows) defines it, but on Linux it only resolves when the container is started with `--add-host={DOCKER_HOST}:host-gateway`"
                ),
            )
        };
        out.push(
            Diagnostic::new(
                "docker_host_on_linux",
                severity,
                message,
                format!(
                    "on Linux, start the container with `--add-host={DOCKER_HOST}:host-gateway` (Compose: `extra_hosts: [\"{DOCKER_HOST}:host-gateway\"]`), or use the host's address on the Docker bridge (often `172.17.0.1`); either way {} must listen on an address the container can reach, not only on `127.0.0.1`",
                    t.provider.display_name
                ),
            )
            .variable(var),
        );
    }

    if let Some(port) = url.port_number() {
        let other = LOCAL_PROVIDERS
            .iter()
            .find(|p| p.id != t.provider.id && default_port(p) == Some(port));
        if let (Some(other), true) = (other, default_port(t.provider) != Some(port)) {
            let shown = url.shown();
            let own_port = default_port(t.provider)
                .map_or(String::new(), |p| format!(" (default port `{p}`)"));
            // 8000 and 8080 are every web framework's port too: there the
            // match says little.
            let severity = if COMMON_HTTP_PORTS.contains(&port) {
                Severity::Info
            } else {
                Severity::Warning
            };
            let mut d = Diagnostic::new(
                "other_server_port",
                severity,
                format!(
                    "base URL {shown} from `{var}` uses port `{port}`, {}'s default, while `{}` ids are for {}{own_port}",
                    other.display_name, t.provider.prefix, t.provider.display_name
                ),
                String::new(),
            )
            .variable(var);
            if t.name.is_empty() {
                d.fix = format!(
                    "if that server is {}, use the `{}` prefix; otherwise check the port",
                    other.display_name, other.prefix
                );
            } else {
                let meant = format!("{}{}", other.prefix, t.name);
                d.fix = format!(
                    "if that server is {}, did you mean `{meant}`? Otherwise check the port",
                    other.display_name
                );
                d = d.use_id(meant);
            }
            out.push(d);
        }
    }

    if let Some((key_var, key)) = t.key {
        let class = classify(&url.host);
        let real = key != PLACEHOLDER_API_KEY && !py_strip(key).is_empty();
        if real
            && url.scheme.eq_ignore_ascii_case("http")
            && matches!(class, HostClass::Private | HostClass::Public)
        {
            let (severity, whom) = if class == HostClass::Private {
                (Severity::Info, "anyone on the local network")
            } else {
                (Severity::Warning, "anyone on the path")
            };
            let port = url
                .port_number()
                .or_else(|| default_port(t.provider))
                .unwrap_or(80);
            out.push(
                Diagnostic::new(
                    "plain_http_key",
                    severity,
                    format!(
                        "the API key from `{key_var}` would travel unencrypted to `{}` over plain `http://` ({} from `{var}`), readable by {whom}",
                        url.host,
                        url.shown()
                    ),
                    format!(
                        "serve {} over HTTPS (a reverse proxy such as Caddy or nginx) and use `https://`, or tunnel to it: `ssh -L {port}:127.0.0.1:{port} {}` then `{var}=http://127.0.0.1:{port}`",
                        t.provider.display_name,
                        url.host.trim_start_matches('[').trim_end_matches(']')
                    ),
                )
                .variable(var),
            );
        }
    }

    if url.host.eq_ignore_ascii_case("localhost") {
        let shown = url.shown();
        url.host = "127.0.0.1".to_owned();
        out.push(
            Diagnostic::new(
                "base_url_localhost",
                Severity::Info,
                format!(
                    "base URL {shown} from `{var}` uses `localhost`, which may resolve to IPv6 `::1` first; a server listening on IPv4 only then refuses clients that do not fall back to `127.0.0.1`"
                ),
                format!("use `127.0.0.1`: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }
}

/// The default port of a provider, read from its default base URL.
fn default_port(p: &LocalProvider) -> Option<u16> {
    let (_, rest) = p.default_base_url.split_once("://")?;
    base_url::authority(rest).port?.parse().ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HostClass {
    /// This machine: `localhost`, `127.0.0.0/8`, `::1`.
    Loopback,
    /// `0.0.0.0` or `::`: every interface, for listening.
    Unspecified,
    /// A private, link-local or shared address, a single-label name (a
    /// Docker service, a LAN host) or a local-only domain.
    Private,
    /// Anything else.
    Public,
}

const LOCAL_DOMAINS: &[&str] = &[".local", ".lan", ".internal", ".home.arpa", ".localdomain"];

fn classify(host: &str) -> HostClass {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.eq_ignore_ascii_case("localhost") || ends_with_ignore_case(bare, ".localhost") {
        return HostClass::Loopback;
    }
    if let Ok(ip) = bare.parse::<Ipv4Addr>() {
        let [a, b, ..] = ip.octets();
        return if ip.is_loopback() {
            HostClass::Loopback
        } else if ip.is_unspecified() {
            HostClass::Unspecified
        } else if ip.is_private() || ip.is_link_local() || (a == 100 && (64..128).contains(&b)) {
            HostClass::Private
        } else {
            HostClass::Public
        };
    }
    if let Ok(ip) = bare.parse::<Ipv6Addr>() {
        let first = ip.segments()[0];
        return if ip.is_loopback() {
            HostClass::Loopback
        } else if ip.is_unspecified() {
            HostClass::Unspecified
        } else if first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfe80 {
            HostClass::Private
        } else {
            HostClass::Public
        };
    }
    if !bare.contains('.') || LOCAL_DOMAINS.iter().any(|d| ends_with_ignore_case(bare, d)) {
        HostClass::Private
    } else {
        HostClass::Public
    }
}

/// The loopback address of the same family as a bind address.
fn loopback_for(host: &str) -> &'static str {
    if host.contains(':') {
        "[::1]"
    } else {
        "127.0.0.1"
    }
}

// ------------------------------------------------------ foreign variables

fn applies(target: ForeignTarget, provider: &LocalProvider) -> bool {
    match target {
        ForeignTarget::Provider(id) => id == provider.id,
        ForeignTarget::AnyLocal => true,
    }
}

fn check_foreign_base_urls(
    env: &(impl Env + ?Sized),
    provider: &'static LocalProvider,
    out: &mut Vec<Diagnostic>,
) {
    for fv in FOREIGN_VARIABLES {
        let ForeignSetting::BaseUrl(form) = fv.setting else {
            continue;
        };
        if !applies(fv.target, provider) {
            continue;
        }
        let Some(raw) = env.var(fv.name).map(py_strip).filter(|v| !v.is_empty()) else {
            continue;
        };
        let Some(value) = convert(raw, form).map(|v| redact_url(&v)) else {
            continue;
        };
        let (host, port) = match value.split_once("://") {
            Some((_, rest)) => {
                let a = base_url::authority(rest);
                (
                    a.host.to_owned(),
                    a.port.and_then(|p| p.parse::<u16>().ok()),
                )
            }
            None => continue,
        };
        let local_port = LOCAL_PROVIDERS
            .iter()
            .any(|p| port.is_some() && default_port(p) == port);
        if fv.only_local_hosts && classify(&host) == HostClass::Public && !local_port {
            continue;
        }
        let ours = provider.base_url_env;
        let same_as_default = value.starts_with("http://")
            && matches!(
                classify(&host),
                HostClass::Loopback | HostClass::Unspecified
            )
            && port == default_port(provider);
        let mut d = Diagnostic::new(
            "foreign_variable",
            Severity::Warning,
            format!(
                "`{}` is set to {} (read by {} as {}), but not read here: `{}` ids read `{ours}`, then `{LOCAL_LLM_BASE_URL}`",
                fv.name,
                py_repr(&redact_url(raw)),
                fv.tool,
                fv.meaning,
                provider.prefix
            ),
            format!("set `{ours}` instead: `{ours}={value}`"),
        )
        .variable(fv.name)
        .set(ours, value.clone());
        if same_as_default {
            d.severity = Severity::Info;
            d.message.push_str(&format!(
                "; the default {} reaches the same server",
                py_repr(provider.default_base_url)
            ));
            d.fix = format!("nothing to do; to make it explicit, set `{ours}={value}`");
        }
        out.push(d);
    }
}

fn check_foreign_keys(
    env: &(impl Env + ?Sized),
    provider: &'static LocalProvider,
    out: &mut Vec<Diagnostic>,
) {
    for fv in FOREIGN_VARIABLES {
        if fv.setting != ForeignSetting::ApiKey || !applies(fv.target, provider) {
            continue;
        }
        if env.var(fv.name).is_some_and(|v| !py_strip(v).is_empty()) {
            let ours = provider.api_key_env;
            out.push(
                Diagnostic::new(
                    "foreign_variable",
                    Severity::Warning,
                    format!(
                        "`{}` is set (read by {} as {}), but not read here: `{}` ids send the placeholder key `{PLACEHOLDER_API_KEY}` unless `{ours}` or `{LOCAL_LLM_API_KEY}` is set",
                        fv.name, fv.tool, fv.meaning, provider.prefix
                    ),
                    format!("set `{ours}` to the same value as `{}`", fv.name),
                )
                .variable(fv.name),
            );
        }
    }
}

/// The value of another tool's variable, written as modelroute's base URL
/// variable takes it (without `/v1`).
fn convert(raw: &str, form: ValueForm) -> Option<String> {
    let url = match form {
        ValueForm::WithoutV1 => raw.trim_end_matches('/').to_owned(),
        ValueForm::WithV1 => {
            let v = raw.trim_end_matches('/');
            let v = v.strip_suffix(V1_SUFFIX).unwrap_or(v);
            v.trim_end_matches('/').to_owned()
        }
        ValueForm::HostPort => ollama_host(raw)?,
    };
    // The other tool needs a usable URL too: a broken value is not a
    // setting worth carrying over.
    base_url::check(&url, "").is_ok().then_some(url)
}

fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let n = prefix.len();
    (s.len() >= n && s.is_char_boundary(n) && s[..n].eq_ignore_ascii_case(prefix)).then(|| &s[n..])
}

/// `OLLAMA_HOST` as Ollama's own client reads it (`envconfig.Host`), made
/// into a URL a client can connect to.
fn ollama_host(raw: &str) -> Option<String> {
    let v = raw.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    let (scheme, hostport, default) = match v.split_once("://") {
        None => ("http", v, "11434"),
        Some((s, rest)) if s.eq_ignore_ascii_case("https") => ("https", rest, "443"),
        Some((s, rest)) if s.eq_ignore_ascii_case("http") => ("http", rest, "80"),
        Some(_) => return None,
    };
    let hostport = hostport.trim_end_matches('/');
    let (host, port) = if let Some(inner) = hostport.strip_prefix('[') {
        let (h, after) = inner.split_once(']')?;
        (h, after.strip_prefix(':').unwrap_or(default))
    } else if hostport.matches(':').count() == 1 {
        hostport.split_once(':')?
    } else {
        (hostport, default)
    };
    let port = if port.is_empty() { default } else { port };
    if host.contains(['/', '@']) || contains_py_space(host) {
        return None;
    }
    let host = match classify(host) {
        _ if host.is_empty() => "127.0.0.1".to_owned(),
        HostClass::Unspecified => loopback_for(host).to_owned(),
        _ if host.contains(':') => format!("[{host}]"),
        _ => host.to_owned(),
    };
    let default_for_scheme =
        (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
    Some(if default_for_scheme {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}:{port}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_summaries_are_phrases() {
        for (i, (code, _, summary)) in DIAGNOSTIC_CODES.iter().enumerate() {
            assert!(code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            assert!(!summary.is_empty() && !summary.ends_with('.'), "{code}");
            assert!(
                DIAGNOSTIC_CODES[..i].iter().all(|(c, _, _)| c != code),
                "{code} twice"
            );
        }
    }

    #[test]
    fn codes_shared_with_errors_mean_errors() {
        for (code, severity, _) in DIAGNOSTIC_CODES {
            if crate::ERROR_CODES.contains(code) {
                assert_eq!(*severity, Severity::Error, "{code}");
            }
        }
    }

    #[test]
    fn near_misses_name_real_providers_and_no_real_prefix() {
        for (spelling, id) in NEAR_MISS_PREFIXES {
            assert!(local_provider_by_id(id).is_some(), "{id}");
            assert_eq!(
                model_id::parse(&format!("{spelling}m")).route(),
                crate::Route::HfRouter
            );
            assert!(spelling.ends_with(['/', ':']), "{spelling}");
        }
    }

    #[test]
    fn suffix_tables_put_the_most_specific_first() {
        let paths: Vec<&str> = NATIVE_API_PATHS.iter().map(|(p, _)| *p).collect();
        for table in [ENDPOINT_SUFFIXES, paths.as_slice()] {
            for (i, later) in table.iter().enumerate() {
                assert!(later.starts_with('/'));
                for earlier in &table[..i] {
                    assert!(!later.ends_with(earlier), "{earlier} shadows {later}");
                }
            }
        }
        for (_, servers) in NATIVE_API_PATHS {
            assert!(servers.iter().all(|s| local_provider_by_id(s).is_some()));
        }
    }

    #[test]
    fn foreign_variables_are_not_ours_and_target_real_providers() {
        let ours: Vec<&str> = LOCAL_PROVIDERS
            .iter()
            .flat_map(|p| [p.base_url_env, p.api_key_env])
            .chain([LOCAL_LLM_BASE_URL, LOCAL_LLM_API_KEY])
            .collect();
        for (i, fv) in FOREIGN_VARIABLES.iter().enumerate() {
            assert!(!ours.contains(&fv.name), "{}", fv.name);
            assert!(FOREIGN_VARIABLES[..i].iter().all(|e| e.name != fv.name));
            if let ForeignTarget::Provider(id) = fv.target {
                assert!(local_provider_by_id(id).is_some(), "{id}");
            }
        }
    }

    #[test]
    fn every_provider_has_a_distinct_default_port() {
        let ports: Vec<u16> = LOCAL_PROVIDERS.iter().filter_map(default_port).collect();
        assert_eq!(ports.len(), LOCAL_PROVIDERS.len());
        for (i, p) in ports.iter().enumerate() {
            assert!(!ports[..i].contains(p));
        }
    }

    #[test]
    fn ollama_host_reads_like_ollama() {
        let cases = [
            ("0.0.0.0", "http://127.0.0.1:11434"),
            ("0.0.0.0:11434", "http://127.0.0.1:11434"),
            (":11434", "http://127.0.0.1:11434"),
            ("", "http://127.0.0.1:11434"),
            ("\"192.168.1.10:11434\"", "http://192.168.1.10:11434"),
            ("gpu-box", "http://gpu-box:11434"),
            ("http://gpu-box", "http://gpu-box"),
            ("https://ollama.example.com/", "https://ollama.example.com"),
            ("http://10.0.0.2:8080", "http://10.0.0.2:8080"),
            ("[::]:11434", "http://[::1]:11434"),
            ("::1", "http://[::1]:11434"),
        ];
        for (raw, want) in cases {
            assert_eq!(ollama_host(raw).as_deref(), Some(want), "{raw:?}");
        }
    }

    #[test]
    fn hosts_are_classified() {
        use HostClass::*;
        let cases = [
            ("localhost", Loopback),
            ("127.0.0.2", Loopback),
            ("[::1]", Loopback),
            ("0.0.0.0", Unspecified),
            ("[::]", Unspecified),
            ("192.168.1.5", Private),
            ("10.0.0.10", Private),
            ("100.100.1.1", Private),
            ("[fd00::1]", Private),
            ("ollama", Private),
            ("gpu.lan", Private),
            (DOCKER_HOST, Private),
            ("203.0.113.7", Public),
            ("api.example.com", Public),
        ];
        for (host, want) in cases {
            assert_eq!(classify(host), want, "{host}");
        }
    }

    #[test]
    fn version_segments() {
        for s in ["v2", "v1beta", "V1", "v10"] {
            assert!(is_version_segment(s), "{s}");
        }
        for s in ["v", "vllm", "api", "", "v1-preview"] {
            assert!(!is_version_segment(s), "{s}");
        }
    }
}
