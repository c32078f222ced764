//! `explain`: the whole story of a resolution in one serializable value.

use serde::Serialize;

use crate::diagnostics::{diagnose_with, Context, Diagnostic};
use crate::env::Env;
use crate::error::expected_formats_help;
use crate::model_id::{self, is_valid_model_id};
use crate::resolve::{accepted_cascade, report, Report, ResolveOptions};

/// A report plus what a person needs to understand it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation<'a> {
    /// The resolution or its failure, as `resolve --json` prints it.
    #[serde(flatten)]
    pub report: Report<'a>,
    /// The reference's invalid-id help, when the id fails the `/model` check.
    pub expected_formats: Option<String>,
    /// Levels of the effort cascade a strict resolve accepts for the
    /// requested effort, in the order the reference would try them.
    pub effort_cascade: Vec<String>,
    /// Setup mistakes found in the id and the environment.
    pub diagnostics: Vec<Diagnostic>,
}

/// Explains `id` in `env`.
///
/// ```
/// use modelroute_core::{explain, ResolveOptions};
/// let opts = ResolveOptions { effort: Some("max".into()), ..Default::default() };
/// let e = explain("openai/gpt-5", &modelroute_core::EmptyEnv, &opts);
/// assert_eq!(e.effort_cascade, ["xhigh", "high", "medium", "low"]);
/// assert!(e.expected_formats.is_none());
/// ```
pub fn explain<'a>(
    id: &'a str,
    env: &(impl Env + ?Sized),
    options: &ResolveOptions,
) -> Explanation<'a> {
    explain_with(id, env, options, &Context::default())
}

/// [`explain`], with what the caller knows about the machine (its OS) for
/// the diagnostics that depend on it.
pub fn explain_with<'a>(
    id: &'a str,
    env: &(impl Env + ?Sized),
    options: &ResolveOptions,
    context: &Context,
) -> Explanation<'a> {
    let effort_cascade = options
        .effort
        .as_deref()
        .map(|pref| {
            accepted_cascade(id, pref)
                .into_iter()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Explanation {
        report: report(id, env, options),
        expected_formats: (!is_valid_model_id(id)).then(|| expected_formats_help(id)),
        effort_cascade,
        diagnostics: diagnose_with(id, env, context),
    }
}

/// Why an id fails the `/model` check: [`model_id::Invalid`]'s code and
/// message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable snake_case code.
    pub code: &'static str,
    /// One line saying what is wrong.
    pub message: &'static str,
}

/// The reference's `/model` check of an id, with its flags and, for an
/// invalid id, the reason and the reference's help: what the npm and
/// Python packages' `validate()` return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Validation<'a> {
    /// The id as given.
    pub id: &'a str,
    /// [`is_valid_model_id`] of the id.
    pub valid: bool,
    /// [`crate::is_local`] of the id.
    pub local: bool,
    /// [`crate::requires_hf_token`] of the id.
    pub requires_hf_token: bool,
    /// Why it is invalid; `None` for a valid id.
    pub reason: Option<Reason>,
    /// The reference's invalid-id help; `None` for a valid id.
    pub expected_formats: Option<String>,
}

/// Validates `id` without an environment.
///
/// ```
/// use modelroute_core::explain::validate;
/// let v = validate("gpt-4");
/// assert!(!v.valid);
/// assert_eq!(v.reason.unwrap().code, "missing_slash");
/// assert!(validate("ollama/llama3").expected_formats.is_none());
/// ```
pub fn validate(id: &str) -> Validation<'_> {
    let validity = model_id::validity(id);
    Validation {
        id,
        valid: validity.is_ok(),
        local: model_id::is_local(id),
        requires_hf_token: model_id::requires_hf_token(id),
        reason: validity.err().map(|r| Reason {
            code: r.code(),
            message: r.message(),
        }),
        expected_formats: validity.is_err().then(|| expected_formats_help(id)),
    }
}
