//! # modelroute-python
//!
//! [`modelroute_core`] for Python: the extension module `modelroute._native`
//! of the `modelroute` wheel (PyO3, one abi3 wheel for CPython 3.9 and
//! later). The package `modelroute` (python/modelroute) re-exports it with
//! its exception classes and type stubs.
//!
//! Every function checks its Python arguments (a wrong type, a malformed
//! or oversized string raises an `invalid_argument` error naming the
//! function and the argument), calls core, and returns what core returns as
//! plain `dict`s and `list`s with core's own field names, in core's order:
//! `json.dumps(resolve(...), separators=(",", ":"), ensure_ascii=False)` is
//! byte for byte the line `modelroute resolve --json` prints for the same
//! input (keys redacted, as there; `show_secrets=True` is
//! `--show-secrets`).
//!
//! Nothing here decides anything about model ids: it only converts. It
//! reads the process environment (for `env=None`) and the Hugging Face
//! token file (only then, and only when core's key chain reaches it), as
//! the CLI does.

mod args;
mod convert;
mod env;
mod errors;
mod tables;

use modelroute_core::diagnostics::{Context, Platform};
use modelroute_core::hf_token;
use modelroute_core::providers as table;
use modelroute_core::{dotenv, Env, Report, ResolveOptions, Route};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;

use crate::args::{Place, MAX_STRING, MAX_TEXT};
use crate::convert::to_py;
use crate::env::PyEnv;
use crate::errors::{Raise, Result};

/// Runs one function body, raising its error.
fn run<T>(py: Python<'_>, body: impl FnOnce() -> Result<T>) -> PyResult<T> {
    body().map_err(|r| r.into_err(py))
}

/// `value` as Python objects; a failure is a bug of this module.
fn out<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> Result<Bound<'py, PyAny>> {
    to_py(py, value).map_err(|e| {
        Raise::internal("could not convert a result to Python".to_owned()).caused_by(e)
    })
}

fn id_arg(func: &str, name: &str, v: &Bound<'_, PyAny>) -> Result<String> {
    args::string(func, Place::Arg(name), v, MAX_STRING)
}

/// The keyword options shared by `resolve`, `explain` and `export_as`.
struct Opts<'a, 'py> {
    effort: Option<&'a Bound<'py, PyAny>>,
    strict: Option<&'a Bound<'py, PyAny>>,
    session_token: Option<&'a Bound<'py, PyAny>>,
    hf_token_file: Option<&'a Bound<'py, PyAny>>,
    show_secrets: Option<&'a Bound<'py, PyAny>>,
}

/// Checked options: core's, and whether results show secrets in full.
struct Options {
    resolve: ResolveOptions,
    show_secrets: bool,
}

impl Opts<'_, '_> {
    fn check(&self, func: &str) -> Result<Options> {
        Ok(Options {
            resolve: ResolveOptions {
                effort: args::opt_string(func, "effort", self.effort)?,
                strict: args::flag(func, "strict", self.strict)?,
                session_token: args::opt_string(func, "session_token", self.session_token)?,
                hf_token_file: args::opt_string(func, "hf_token_file", self.hf_token_file)?,
            },
            show_secrets: args::flag(func, "show_secrets", self.show_secrets)?,
        })
    }
}

/// Runs `resolve` with `options`, and again with the Hugging Face token
/// file's contents when the environment is the process's, the caller gave
/// none, and the first answer is an HF Router resolution with no key
/// (`lacks_key`): SPEC §3 makes the file the last source, so, as the CLI
/// does, it is read only when every earlier source is empty. Resolving
/// twice in that rare case keeps the common one (a key in the
/// environment) from walking the key chain twice.
fn with_token_file<T>(
    func: &str,
    env: &PyEnv<'_>,
    options: &mut ResolveOptions,
    resolve: impl Fn(&ResolveOptions) -> T,
    lacks_key: impl Fn(&T) -> bool,
) -> Result<T> {
    let first = resolve(options);
    if !env.is_process() || options.hf_token_file.is_some() || !lacks_key(&first) {
        return Ok(first);
    }
    match read_token_file(func, env)? {
        None => Ok(first),
        Some(text) => {
            options.hf_token_file = Some(text);
            Ok(resolve(options))
        }
    }
}

/// Whether `r` goes to the HF Router without a key.
fn keyless(r: &modelroute_core::Resolution<'_>) -> bool {
    r.route == Route::HfRouter && r.litellm.api_key == Some(None)
}

/// The token file's contents, at the path `huggingface_hub` uses; `None`
/// when it does not exist or nothing names a path.
fn read_token_file(func: &str, env: &PyEnv<'_>) -> Result<Option<String>> {
    let Some(path) = hf_token::token_file_path(env, env.var("HOME")) else {
        return Ok(None);
    };
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            Raise::environment(format!(
                "{func}: the Hugging Face token file {path} is not valid UTF-8"
            ))
            .hint(format!(
                "run `{}` again, or set HF_TOKEN",
                hf_token::LOGIN_COMMAND
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Raise::environment(format!(
            "{func}: cannot read the Hugging Face token file {path}: {e}"
        ))),
    }
}

/// The id, the environment and the options of `func`, checked.
fn inputs<'py>(
    func: &'static str,
    py: Python<'py>,
    model_id: &Bound<'py, PyAny>,
    env: Option<&Bound<'py, PyAny>>,
    opts: &Opts<'_, 'py>,
) -> Result<(String, PyEnv<'py>, Options)> {
    let id = id_arg(func, "model_id", model_id)?;
    let options = opts.check(func)?;
    let env = PyEnv::new(func, py, env)?;
    Ok((id, env, options))
}

/// The platform the diagnostics assume: this machine's for `None` (as the
/// CLI does), or one of `"linux"`, `"macos"`, `"windows"`, `"unknown"`.
fn platform(func: &str, v: Option<&Bound<'_, PyAny>>) -> Result<Context> {
    let platform = match v {
        None => Platform::from_os(std::env::consts::OS),
        Some(v) => {
            let name = id_arg(func, "platform", v)?;
            match Platform::from_os(&name) {
                Platform::Unknown if name != "unknown" => {
                    return Err(Raise::value(format!(
                        "{func}: argument `platform` must be \"linux\", \"macos\", \"windows\", \"unknown\" or None, got {name:?}"
                    )))
                }
                p => p,
            }
        }
    };
    Ok(Context { platform })
}

/// Resolves a model id against an environment and returns the report that
/// `modelroute resolve --json` prints: on success the LiteLLM keywords in
/// `litellm` and where each value came from in `sources`; on a resolution
/// failure a dict with `error: {code, message, hints}` instead (use
/// `resolve_or_raise` to get an exception). `env=None` is the process
/// environment (plus the Hugging Face token file, read only when needed);
/// any `Mapping[str, str]` is accepted. Secrets are masked unless
/// `show_secrets=True`.
#[pyfunction]
#[pyo3(signature = (model_id, env=None, *, effort=None, strict=None, session_token=None, hf_token_file=None, show_secrets=None))]
#[allow(clippy::too_many_arguments)]
fn resolve<'py>(
    py: Python<'py>,
    model_id: &Bound<'py, PyAny>,
    env: Option<&Bound<'py, PyAny>>,
    effort: Option<&Bound<'py, PyAny>>,
    strict: Option<&Bound<'py, PyAny>>,
    session_token: Option<&Bound<'py, PyAny>>,
    hf_token_file: Option<&Bound<'py, PyAny>>,
    show_secrets: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = Opts {
        effort,
        strict,
        session_token,
        hf_token_file,
        show_secrets,
    };
    run(py, || {
        const FUNC: &str = "resolve";
        let (id, env, mut options) = inputs(FUNC, py, model_id, env, &opts)?;
        let mut report = with_token_file(
            FUNC,
            &env,
            &mut options.resolve,
            |o| modelroute_core::report(&id, &env, o),
            |r| matches!(r, Report::Resolved(r) if keyless(r)),
        )?;
        env.finish()?;
        if !options.show_secrets {
            report.redact_secrets();
        }
        out(py, &report)
    })
}

/// As `resolve`, but returns only a successful resolution and raises a
/// resolution failure as a `ResolutionError` (`UnsupportedEffortError` for
/// a strict effort the route refuses) carrying core's `code`, message and
/// `hints`.
#[pyfunction]
#[pyo3(signature = (model_id, env=None, *, effort=None, strict=None, session_token=None, hf_token_file=None, show_secrets=None))]
#[allow(clippy::too_many_arguments)]
fn resolve_or_raise<'py>(
    py: Python<'py>,
    model_id: &Bound<'py, PyAny>,
    env: Option<&Bound<'py, PyAny>>,
    effort: Option<&Bound<'py, PyAny>>,
    strict: Option<&Bound<'py, PyAny>>,
    session_token: Option<&Bound<'py, PyAny>>,
    hf_token_file: Option<&Bound<'py, PyAny>>,
    show_secrets: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = Opts {
        effort,
        strict,
        session_token,
        hf_token_file,
        show_secrets,
    };
    run(py, || {
        const FUNC: &str = "resolve_or_raise";
        let (id, env, mut options) = inputs(FUNC, py, model_id, env, &opts)?;
        let resolution = with_token_file(
            FUNC,
            &env,
            &mut options.resolve,
            |o| modelroute_core::resolve(&id, &env, o),
            |r| r.as_ref().is_ok_and(keyless),
        )?;
        env.finish()?;
        let mut resolution = resolution?;
        if !options.show_secrets {
            resolution.redact_secrets();
        }
        out(py, &resolution)
    })
}

/// Resolves and explains: the report's fields plus `expected_formats` (the
/// reference's help for an id that fails the `/model` check, or `None`),
/// `effort_cascade` (the levels a strict resolve accepts for the requested
/// effort, in the order the reference tries them) and `diagnostics`. What
/// `modelroute explain --json` prints. `platform` is the OS whose network
/// the requests use (`None`: this machine's, as the CLI assumes).
#[pyfunction]
#[pyo3(signature = (model_id, env=None, *, effort=None, strict=None, session_token=None, hf_token_file=None, show_secrets=None, platform=None))]
#[allow(clippy::too_many_arguments)]
fn explain<'py>(
    py: Python<'py>,
    model_id: &Bound<'py, PyAny>,
    env: Option<&Bound<'py, PyAny>>,
    effort: Option<&Bound<'py, PyAny>>,
    strict: Option<&Bound<'py, PyAny>>,
    session_token: Option<&Bound<'py, PyAny>>,
    hf_token_file: Option<&Bound<'py, PyAny>>,
    show_secrets: Option<&Bound<'py, PyAny>>,
    platform: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = Opts {
        effort,
        strict,
        session_token,
        hf_token_file,
        show_secrets,
    };
    run(py, || {
        const FUNC: &str = "explain";
        let context = self::platform(FUNC, platform)?;
        let (id, env, mut options) = inputs(FUNC, py, model_id, env, &opts)?;
        let mut e = with_token_file(
            FUNC,
            &env,
            &mut options.resolve,
            |o| modelroute_core::explain_with(&id, &env, o, &context),
            |e| matches!(&e.report, Report::Resolved(r) if keyless(r)),
        )?;
        env.finish()?;
        if !options.show_secrets {
            e.report.redact_secrets();
        }
        out(py, &e)
    })
}

/// Setup mistakes found in an id and an environment, as core lists them
/// (each a dict with `code`, `severity`, `message`, `fix`, and maybe
/// `variable` and `suggestion`).
#[pyfunction]
#[pyo3(signature = (model_id, env=None, *, platform=None))]
fn diagnose<'py>(
    py: Python<'py>,
    model_id: &Bound<'py, PyAny>,
    env: Option<&Bound<'py, PyAny>>,
    platform: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    run(py, || {
        const FUNC: &str = "diagnose";
        let context = self::platform(FUNC, platform)?;
        let id = id_arg(FUNC, "model_id", model_id)?;
        let env = PyEnv::new(FUNC, py, env)?;
        let found = modelroute_core::diagnose_with(&id, &env, &context);
        env.finish()?;
        out(py, &found)
    })
}

/// The reference's `/model` input check and the id's flags, without an
/// environment: `{id, valid, local, requires_hf_token, reason,
/// expected_formats}`, where `reason` (`{code, message}`) and
/// `expected_formats` are `None` for a valid id.
#[pyfunction]
fn validate<'py>(py: Python<'py>, model_id: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    run(py, || {
        let id = id_arg("validate", "model_id", model_id)?;
        out(py, &modelroute_core::explain::validate(&id))
    })
}

/// The reference's `/model` input check.
#[pyfunction]
fn is_valid_model_id(py: Python<'_>, model_id: &Bound<'_, PyAny>) -> PyResult<bool> {
    run(py, || {
        Ok(modelroute_core::is_valid_model_id(&id_arg(
            "is_valid_model_id",
            "model_id",
            model_id,
        )?))
    })
}

/// Whether the id names a local model (one that needs no Hugging Face
/// token).
#[pyfunction]
fn is_local(py: Python<'_>, model_id: &Bound<'_, PyAny>) -> PyResult<bool> {
    run(py, || {
        Ok(modelroute_core::is_local(&id_arg(
            "is_local", "model_id", model_id,
        )?))
    })
}

/// Whether starting a run on the id needs a Hugging Face token.
#[pyfunction]
fn requires_hf_token(py: Python<'_>, model_id: &Bound<'_, PyAny>) -> PyResult<bool> {
    run(py, || {
        Ok(modelroute_core::requires_hf_token(&id_arg(
            "requires_hf_token",
            "model_id",
            model_id,
        )?))
    })
}

/// The local provider table and the names shared by every local prefix.
#[pyfunction]
fn providers(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    run(py, || out(py, &table::PROVIDER_TABLE))
}

/// The levels the reference tries for an effort preference, in order
/// (`"max"`: `["max", "xhigh", "high", "medium", "low"]`).
#[pyfunction]
fn effort_cascade<'py>(
    py: Python<'py>,
    preference: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    run(py, || {
        let pref = id_arg("effort_cascade", "preference", preference)?;
        out(py, &modelroute_core::effort_cascade(&pref))
    })
}

/// The levels of the cascade for `preference` that a strict resolve of
/// `model_id` accepts, in order: what the reference would try, without a
/// request.
#[pyfunction]
fn accepted_cascade<'py>(
    py: Python<'py>,
    model_id: &Bound<'py, PyAny>,
    preference: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    run(py, || {
        const FUNC: &str = "accepted_cascade";
        let id = id_arg(FUNC, "model_id", model_id)?;
        let pref = id_arg(FUNC, "preference", preference)?;
        out(py, &modelroute_core::accepted_cascade(&id, &pref))
    })
}

/// Masks a secret for display, as every modelroute printer does:
/// `"sk-local-no-key-required"` becomes `"sk-l…ired"`.
#[pyfunction]
fn redact(py: Python<'_>, secret: &Bound<'_, PyAny>) -> PyResult<String> {
    run(py, || {
        Ok(modelroute_core::redact(&id_arg(
            "redact", "secret", secret,
        )?))
    })
}

/// Reads `.env` text as python-dotenv's `load_dotenv()` would and returns
/// the variables it would set, `{name: value}` in file order: `${VAR}` and
/// `${VAR:-default}` are expanded, and names already in `env` (`None`: the
/// process environment, which wins) are left out. A line python-dotenv
/// would skip raises `DotenvError` with its `line`.
#[pyfunction]
#[pyo3(signature = (text, env=None))]
fn parse_dotenv<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    env: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    run(py, || {
        const FUNC: &str = "parse_dotenv";
        let text = args::string(FUNC, Place::Arg("text"), text, MAX_TEXT)?;
        let env = PyEnv::new(FUNC, py, env)?;
        let vars = dotenv::load(&text, &env);
        env.finish()?;
        let vars = vars.map_err(|e| Raise::dotenv(e.to_string(), e.line))?;
        let dict = PyDict::new(py);
        for (k, v) in vars {
            dict.set_item(k, v)
                .map_err(|e| Raise::internal("could not build a dict".to_owned()).caused_by(e))?;
        }
        Ok(dict.into_any())
    })
}

/// Resolves the id as `resolve_or_raise` does and writes the resolution in
/// `format` (a name of core's `EXPORT_FORMATS`: `"env"`, `"codex"`, …),
/// exactly as `modelroute export <id> --to <format>` prints it: `{format,
/// text, redacted}`. Keys are masked unless `show_secrets=True`;
/// `context=N` is `--context N`, the window for the formats with a field
/// for it. Raises `ResolutionError` when the
/// id does not resolve and `ExportError` when the format cannot carry the
/// resolution.
#[pyfunction]
#[pyo3(signature = (model_id, format, env=None, *, effort=None, strict=None, session_token=None, hf_token_file=None, show_secrets=None, context=None))]
#[allow(clippy::too_many_arguments)]
fn export_as<'py>(
    py: Python<'py>,
    model_id: &Bound<'py, PyAny>,
    format: &Bound<'py, PyAny>,
    env: Option<&Bound<'py, PyAny>>,
    effort: Option<&Bound<'py, PyAny>>,
    strict: Option<&Bound<'py, PyAny>>,
    session_token: Option<&Bound<'py, PyAny>>,
    hf_token_file: Option<&Bound<'py, PyAny>>,
    show_secrets: Option<&Bound<'py, PyAny>>,
    context: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = Opts {
        effort,
        strict,
        session_token,
        hf_token_file,
        show_secrets,
    };
    run(py, || {
        const FUNC: &str = "export_as";
        let context = args::opt_tokens(FUNC, "context", context)?;
        let name = id_arg(FUNC, "format", format)?;
        let format = name
            .parse::<modelroute_core::ExportFormat>()
            .map_err(|e| Raise::value(format!("{FUNC}: argument `format`: {e}")))?;
        let (id, env, mut options) = inputs(FUNC, py, model_id, env, &opts)?;
        let resolution = with_token_file(
            FUNC,
            &env,
            &mut options.resolve,
            |o| modelroute_core::resolve(&id, &env, o),
            |r| r.as_ref().is_ok_and(keyless),
        )?;
        env.finish()?;
        let export_options = modelroute_core::ExportOptions {
            show_secrets: options.show_secrets,
            context,
        };
        let export = modelroute_core::export(&resolution?, format, &export_options)
            .map_err(|e| Raise::from(&e))?;
        out(py, &export)
    })
}

/// A drop-in for the reference's `_resolve_llm_params` (ml-intern PR #228):
/// the keyword arguments for `litellm.completion`, exactly the dict the
/// reference returns (same keys, same values, the API key in full), read
/// from the process environment and the Hugging Face token file as the
/// reference reads them. Where the reference raises `ValueError` or
/// `UnsupportedEffortError`, this raises `ResolutionError` or
/// `UnsupportedEffortError` (both `ValueError`s); where it would return an
/// unusable answer (docs/compat.md), it raises `ResolutionError`.
#[pyfunction]
#[pyo3(signature = (model_name, session_hf_token=None, reasoning_effort=None, strict=None))]
fn resolve_llm_params<'py>(
    py: Python<'py>,
    model_name: &Bound<'py, PyAny>,
    session_hf_token: Option<&Bound<'py, PyAny>>,
    reasoning_effort: Option<&Bound<'py, PyAny>>,
    strict: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    run(py, || {
        const FUNC: &str = "resolve_llm_params";
        let id = id_arg(FUNC, "model_name", model_name)?;
        let mut options = ResolveOptions {
            effort: args::opt_string(FUNC, "reasoning_effort", reasoning_effort)?,
            strict: args::flag(FUNC, "strict", strict)?,
            session_token: args::opt_string(FUNC, "session_hf_token", session_hf_token)?,
            hf_token_file: None,
        };
        let env = PyEnv::new(FUNC, py, None)?;
        let resolution = with_token_file(
            FUNC,
            &env,
            &mut options,
            |o| modelroute_core::resolve(&id, &env, o),
            |r| r.as_ref().is_ok_and(keyless),
        )?;
        env.finish()?;
        out(py, &resolution?.litellm)
    })
}

/// Every name a result or an error can carry, from core's tables (what
/// the stubs' `Literal` unions list): `{alias name: [names]}`.
#[pyfunction]
fn _tables(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    run(py, || out(py, &tables::tables()))
}

/// The extension module `modelroute._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(resolve, m)?)?;
    m.add_function(wrap_pyfunction!(resolve_or_raise, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(diagnose, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_model_id, m)?)?;
    m.add_function(wrap_pyfunction!(is_local, m)?)?;
    m.add_function(wrap_pyfunction!(requires_hf_token, m)?)?;
    m.add_function(wrap_pyfunction!(providers, m)?)?;
    m.add_function(wrap_pyfunction!(effort_cascade, m)?)?;
    m.add_function(wrap_pyfunction!(accepted_cascade, m)?)?;
    m.add_function(wrap_pyfunction!(redact, m)?)?;
    m.add_function(wrap_pyfunction!(parse_dotenv, m)?)?;
    m.add_function(wrap_pyfunction!(export_as, m)?)?;
    m.add_function(wrap_pyfunction!(resolve_llm_params, m)?)?;
    m.add_function(wrap_pyfunction!(_tables, m)?)?;
    Ok(())
}
