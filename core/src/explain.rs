//! `explain`: the whole story of a resolution in one serializable value.

use serde::Serialize;

use crate::diagnostics::{diagnose_with, Context, Diagnostic};
use crate::env::Env;
use crate::error::expected_formats_help;
use crate::model_id::is_valid_model_id;
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
