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
//! A diagnostic never changes a resolution: [`crate::resolve`](fn@crate::resolve) gives the
//! same answer with or without them. Each has a stable code from
//! [`DIAGNOSTIC_CODES`], a severity, a message saying what is wrong (quoting
//! the input) and a fix saying what to do, with the value to copy in
//! [`Diagnostic::suggestion`] where there is one.
//!
//!
//! A mistake `resolve` also refuses (the codes shared with
//! [`crate::ERROR_CODES`]) is worded by its [`crate::Error`]: the
//! diagnostic's message is the error's, so the CLI's error, the JS error
//! and `explain` say it the same way.
//!
//! The module by concern:
//! - `kind`: [`DiagnosticKind`], one row per code ([`DIAGNOSTIC_CODES`]);
//! - `tables`: every domain as a table ([`NEAR_MISS_PREFIXES`],
//!   [`ENDPOINT_SUFFIXES`], [`NATIVE_API_PATHS`], [`FOREIGN_VARIABLES`]);
//!   the default port of each server is read from
//!   [`LOCAL_PROVIDERS`](crate::LOCAL_PROVIDERS), never repeated;
//! - `id`: the model id's checks;
//! - `target`: the base URL being checked, taken apart (on the crate's one
//!   URL parser) so each fix can change one part;
//! - `base_url`: its scheme, authority, query and path; `syntax`: its
//!   whitespace, host and port as a URL parser judges them; `host`: where
//!   its host and port point; `foreign`: other tools' variables; `names`:
//!   names one typo away from ours;
//! - `fixed_point`: every suggestion followed to the value that needs no
//!   second fix;
//! - `family`: the one finding that needs an answer, not just the setup:
//!   the server family that answered at the base URL against the one the
//!   id's prefix is for ([`server_family_mismatch`], which the CLI's probe,
//!   `doctor` and `discover` call with what they saw).
//! - `capabilities`: what a server says about a model (context window,
//!   tools, loaded), with each family's fixes ([`CAPABILITY_FIXES`]).
//!
//! `docs/diagnostics.md` is tested against the tables.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::env::Env;
use crate::error::Error;
use crate::model_id::{self, ModelId};
use crate::providers::{LOCAL_LLM_API_KEY, LOCAL_LLM_BASE_URL};

mod base_url;
mod capabilities;
mod family;
mod fixed_point;
mod foreign;
mod host;
mod id;
mod kind;
mod names;
mod syntax;
mod tables;
mod target;

pub use capabilities::{
    diagnose_capabilities, CapabilityFix, CAPABILITY_FIXES, DEFAULT_MIN_CONTEXT,
};
pub use family::{server_family, server_family_mismatch, Answered};
pub use kind::{code_entry, DiagnosticKind, DIAGNOSTIC_CODES};
pub use tables::{
    ForeignSetting, ForeignTarget, ForeignVariable, ModelHint, ServerFamily, ValueForm,
    COMMON_HTTP_PORTS, DOCKER_HOST, ENDPOINT_SUFFIXES, FOREIGN_VARIABLES, NATIVE_API_PATHS,
    NEAR_MISS_PREFIXES, SERVER_FAMILIES,
};

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
    /// What it is about: a stable snake_case code, one of
    /// [`DIAGNOSTIC_CODES`] (it compares equal to the code's string).
    pub code: DiagnosticKind,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong, quoting the input (secrets masked).
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// The variable concerned, if any: the one whose value is wrong, or the
    /// variable that is set but not read (another tool's, or a misspelt
    /// name of one of ours).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable: Option<Cow<'static, str>>,
    /// The change that fixes it, when it can be spelled out. It is a fixed
    /// point: applying it leaves no diagnostic suggesting another change
    /// to the same variable (or to the id), so every suggestion for a
    /// variable holds the same value, the one to copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
}

impl Diagnostic {
    fn new(code: DiagnosticKind, severity: Severity, message: String, fix: String) -> Self {
        debug_assert!(
            severity <= code.max_severity(),
            "{code} exceeds its severity"
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

    /// The diagnostic for a mistake `resolve` refuses, worded by its
    /// [`Error`]: the same code, the error's message, and its hints as the
    /// fix (a check may then hand over a value to copy). `None` for the one
    /// error that is about the request rather than the setup (an
    /// unsupported effort).
    fn from_error(error: impl Into<Error>) -> Option<Self> {
        let error = error.into();
        let kind = DiagnosticKind::of_error(&error)?;
        Some(Diagnostic::new(
            kind,
            Severity::Error,
            error.to_string(),
            error.hints().join("; "),
        ))
    }

    fn variable(mut self, variable: impl Into<Cow<'static, str>>) -> Self {
        self.variable = Some(variable.into());
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
/// for its provider (the same precedence as [`crate::resolve`](fn@crate::resolve): the
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
    let mut out = findings(id, env, context);
    fixed_point::settle(&mut out, id, env, context);
    fixed_point::one_value_per_target(&mut out);
    out
}

/// Every finding, each suggestion with only its own check's fixes (and
/// the earlier ones of the same base URL) applied: [`fixed_point`] takes
/// them to their end.
fn findings(id: &str, env: &dyn Env, context: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    id::check_id(id, env, &mut out);
    if let ModelId::Local { provider, name } = model_id::parse(id) {
        let key = winning(env, provider.api_key_env, LOCAL_LLM_API_KEY);
        match winning(env, provider.base_url_env, LOCAL_LLM_BASE_URL) {
            Some((var, raw)) => {
                let target = target::Target {
                    var,
                    provider,
                    name,
                    key,
                    context,
                };
                base_url::check_base_url(raw, &target, &mut out);
            }
            None => foreign::check_foreign_base_urls(env, provider, &mut out),
        }
        if key.is_none() {
            foreign::check_foreign_keys(env, provider, &mut out);
        }
    }
    names::check_names(env, &names::read_by(id), &mut out);
    out
}

/// The first of two variables that is set and non-empty, as `resolve`
/// walks them (an empty value counts as unset).
pub(super) fn winning<'e>(
    env: &'e (impl Env + ?Sized),
    own: &'static str,
    shared: &'static str,
) -> Option<(&'static str, &'e str)> {
    [own, shared]
        .into_iter()
        .find_map(|var| env.var(var).filter(|v| !v.is_empty()).map(|v| (var, v)))
}
