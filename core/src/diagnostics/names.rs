//! Variables whose names are one typo away from one modelroute reads
//! (`OLAMA_BASE_URL`, `LM_STUDIO_BASE_URL`, `VLLM_BASEURL`): set, and
//! never read.
//!
//! The names compared with are those the id's route reads, all of them
//! from [`ENV_VARS`], so a new provider row brings its own. A name is a
//! near miss when it equals one of them once case and `_` are ignored, or
//! is one edit (a letter added, dropped, changed, or two swapped, the
//! first letter kept) from it when both are long enough for one edit to be
//! a typo. Names modelroute
//! reads and names [`FOREIGN_VARIABLES`] explains are never flagged, nor
//! is a near miss whose real variable is set: then it changes nothing.
//! `core/tests/fixtures/common_env_names.txt` holds common real names that
//! must never be flagged.

use super::tables::FOREIGN_VARIABLES;
use super::{Diagnostic, DiagnosticKind, Severity};
use crate::env::{Env, ENV_VARS};
use crate::model_id::{self, ModelId, Route};
use crate::providers::{
    HF_BILL_TO, HF_TOKEN, HUGGING_FACE_HUB_TOKEN, INFERENCE_TOKEN, LOCAL_LLM_API_KEY,
    LOCAL_LLM_BASE_URL, OPENAI_API_KEY, OPENAI_BASE_URL,
};
use crate::pyrepr::py_repr;
use crate::redact::redact_url;
use crate::whitespace::py_strip;

/// Shorter names (without `_`) only match when equal up to case and `_`:
/// one edit from `HFTOKEN` is too many real names.
const MIN_TYPO_LEN: usize = 8;

/// The variables of [`ENV_VARS`] that `id`'s route reads.
pub(super) fn read_by(id: &str) -> Vec<&'static str> {
    let id = py_strip(id);
    match model_id::parse(id) {
        ModelId::Local { provider, .. } => vec![
            provider.base_url_env,
            provider.api_key_env,
            LOCAL_LLM_BASE_URL,
            LOCAL_LLM_API_KEY,
        ],
        parsed => match parsed.route() {
            Route::HfRouter => vec![
                INFERENCE_TOKEN,
                HF_TOKEN,
                HUGGING_FACE_HUB_TOKEN,
                HF_BILL_TO,
            ],
            Route::Openai => vec![OPENAI_BASE_URL, OPENAI_API_KEY],
            _ => Vec::new(),
        },
    }
}

/// `OLLAMA_BASE_URL` as `OLLAMABASEURL`: case and `_` ignored.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// How `name` misses `ours`, if it does.
fn miss(name: &str, ours: &str) -> Option<&'static str> {
    let (a, b) = (squash(name), squash(ours));
    if a == b {
        return Some(if name.eq_ignore_ascii_case(ours) {
            "in case only"
        } else {
            "only in `_`"
        });
    }
    // The first letter stays: a name that starts otherwise is another
    // word (Meta's `LLAMA_API_KEY` beside `OLLAMA_API_KEY`).
    let same_start = a.chars().next() == b.chars().next();
    (same_start && b.len() >= MIN_TYPO_LEN && strsim::osa_distance(&a, &b) == 1)
        .then_some("by one letter")
}

/// Whether the variable holds a key or token, whose value is never shown.
fn is_secret(name: &str) -> bool {
    name.ends_with("_KEY") || name.ends_with("_TOKEN")
}

pub(super) fn check_names(env: &dyn Env, reads: &[&'static str], out: &mut Vec<Diagnostic>) {
    if reads.is_empty() {
        return;
    }
    let mut names = env.names();
    names.sort_unstable();
    names.dedup();
    for name in names {
        if ENV_VARS.contains(&name) || FOREIGN_VARIABLES.iter().any(|f| f.name == name) {
            continue;
        }
        let Some(value) = env.var(name).filter(|v| !py_strip(v).is_empty()) else {
            continue;
        };
        let Some((ours, how)) = reads
            .iter()
            .find_map(|ours| miss(name, ours).map(|how| (*ours, how)))
        else {
            continue;
        };
        if env.var(ours).is_some_and(|v| !v.is_empty()) {
            continue;
        }
        let mut d = Diagnostic::new(
            DiagnosticKind::NearMissVariable,
            Severity::Warning,
            format!(
                "`{name}` is set, but modelroute never reads it: it reads `{ours}`, whose name differs {how}, and `{ours}` is unset"
            ),
            format!("rename `{name}` to `{ours}`"),
        )
        .variable(name.to_owned());
        if !is_secret(ours) {
            let value = redact_url(py_strip(value));
            d.fix = format!("rename `{name}` to `{ours}`: `{ours}={}`", value);
            d.message
                .push_str(&format!(" (`{name}` holds {})", py_repr(&value)));
            d = d.set(ours, value);
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_are_typos_of_our_names() {
        let cases = [
            (
                "LM_STUDIO_BASE_URL",
                "LMSTUDIO_BASE_URL",
                Some("only in `_`"),
            ),
            (
                "LLAMA_CPP_BASE_URL",
                "LLAMACPP_BASE_URL",
                Some("only in `_`"),
            ),
            ("VLLM_BASEURL", "VLLM_BASE_URL", Some("only in `_`")),
            ("OLAMA_BASE_URL", "OLLAMA_BASE_URL", Some("by one letter")),
            ("ollama_base_url", "OLLAMA_BASE_URL", Some("in case only")),
            ("GH_TOKEN", "HF_TOKEN", None),
            ("LLAMA_API_KEY", "OLLAMA_API_KEY", None),
            ("HF_TOKENS", "HF_TOKEN", None),
            ("OPENAI_API_TYPE", "OPENAI_API_KEY", None),
        ];
        for (name, ours, want) in cases {
            assert_eq!(miss(name, ours), want, "{name}");
        }
    }

    #[test]
    fn every_name_read_is_one_of_env_vars() {
        for id in [
            "ollama/m",
            "vllm/m",
            "lm_studio/m",
            "llamacpp/m",
            "org/m",
            "openai/m",
        ] {
            for name in read_by(id) {
                assert!(ENV_VARS.contains(&name), "{name}");
            }
        }
    }
}
