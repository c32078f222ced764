//! Setup mistakes caught before they cost a request.
//!
//! A diagnostic never changes a resolution: [`crate::resolve`] gives the
//! same answer with or without them. Each has a stable code, a severity, a
//! message saying what is wrong and a fix saying what to do.

use serde::Serialize;

use crate::env::Env;
use crate::model_id::{self, ModelId};
use crate::providers::{LocalProvider, LOCAL_PROVIDERS};

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

/// One finding about an id or an environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable snake_case code.
    pub code: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong, quoting the input.
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// The variable concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable: Option<&'static str>,
}

/// Near-miss spellings of local prefixes that would silently fall through to
/// the HF Router, each with the prefix meant.
pub const NEAR_MISS_PREFIXES: &[(&str, &str)] = &[
    ("olama/", "ollama/"),
    ("ollama:", "ollama/"),
    ("lmstudio/", "lm_studio/"),
    ("lm-studio/", "lm_studio/"),
    ("llama.cpp/", "llamacpp/"),
    ("llama_cpp/", "llamacpp/"),
    ("llama-cpp/", "llamacpp/"),
];

/// Every diagnostic for `id` in `env`.
///
/// ```
/// use modelroute_core::diagnostics::diagnose;
/// let d = diagnose("lmstudio/google/gemma-3-4b", &modelroute_core::EmptyEnv);
/// assert_eq!(d[0].code, "near_miss_prefix");
/// assert!(d[0].fix.contains("lm_studio/google/gemma-3-4b"));
/// ```
pub fn diagnose(id: &str, env: &(impl Env + ?Sized)) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let ModelId::HfRouter { .. } = model_id::parse(id) {
        if let Some((meant, rest)) = near_miss(id) {
            out.push(Diagnostic {
                code: "near_miss_prefix",
                severity: Severity::Warning,
                message: format!(
                    "`{id}` does not start with a local prefix, so it goes to the Hugging Face Router"
                ),
                fix: format!("did you mean `{meant}{rest}`?"),
                variable: None,
            });
        }
    }
    let _ = env;
    out
}

/// The local prefix `id` nearly starts with, and the rest of the id.
fn near_miss(id: &str) -> Option<(&'static str, &str)> {
    for &(wrong, right) in NEAR_MISS_PREFIXES {
        if id.len() >= wrong.len() && id.is_char_boundary(wrong.len()) {
            let (head, rest) = id.split_at(wrong.len());
            if head.eq_ignore_ascii_case(wrong) {
                return Some((right, rest));
            }
        }
    }
    // Right spelling, wrong case: `Ollama/`, `VLLM/`.
    LOCAL_PROVIDERS.iter().find_map(|p: &LocalProvider| {
        let n = p.prefix.len();
        (id.len() >= n && id.is_char_boundary(n) && id[..n].eq_ignore_ascii_case(p.prefix))
            .then(|| (p.prefix, &id[n..]))
    })
}
