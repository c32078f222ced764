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
    (same_start && b.len() >= MIN_TYPO_LEN && one_edit(a.as_bytes(), b.as_bytes()))
        .then_some("by one letter")
}

/// Whether `a` and `b` differ by exactly one edit: a byte added, dropped
/// or changed, or two neighbours swapped (optimal string alignment
/// distance 1). Written out rather than taken from `strsim`: a general
/// distance, and the sort its callers would need, cost the wasm package's
/// main entry kilobytes its 60 KiB budget does not have. Names are ASCII;
/// a non-ASCII character is more than one byte, so never one edit away.
fn one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let start = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 if start == short.len() => false,
        0 => {
            let rest = start + 1;
            short[rest..] == long[rest..]
                || (rest < short.len()
                    && short[start] == long[rest]
                    && short[rest] == long[start]
                    && short[rest + 1..] == long[rest + 1..])
        }
        1 => short[start..] == long[start + 1..],
        _ => false,
    }
}

/// Whether the variable holds a key or token, whose value is never shown.
fn is_secret(name: &str) -> bool {
    name.ends_with("_KEY") || name.ends_with("_TOKEN")
}

pub(super) fn check_names(env: &dyn Env, reads: &[&'static str], out: &mut Vec<Diagnostic>) {
    if reads.is_empty() {
        return;
    }
    // Linear in the environment's size, whatever it holds: the cheap test
    // of each name first, and a set for the few names that pass it.
    let mut flagged = std::collections::HashSet::new();
    // Only the first near miss of each of our names suggests setting it:
    // two misspellings hold two values, and only one can be the value to
    // copy; each suggestion is also a whole check again when it settles.
    let mut suggested = std::collections::HashSet::new();
    for name in env.names() {
        if ENV_VARS.contains(&name) || FOREIGN_VARIABLES.iter().any(|f| f.name == name) {
            continue;
        }
        // The name first: only a near miss's value is read, so a variable
        // that is nothing like ours is never looked at (a caller's value
        // that is not a string stays unread, as in `resolve`).
        let Some((ours, how)) = reads
            .iter()
            .find_map(|ours| miss(name, ours).map(|how| (*ours, how)))
        else {
            continue;
        };
        // A name listed twice (a slice with a repeated key) is one variable.
        if !flagged.insert(name) {
            continue;
        }
        let Some(value) = env.var(name).filter(|v| !py_strip(v).is_empty()) else {
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
            if suggested.insert(ours) {
                d = d.set(ours, value);
            }
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
    fn one_edit_is_osa_distance_one() {
        let cases = [
            ("OLLAMA", "OLAMA", true),
            ("OLLAMA", "OLLAMAS", true),
            ("OLLAMA", "OLLEMA", true),
            ("BASEURL", "BASERUL", true),
            ("BASEURL", "BASEULR", true),
            ("AB", "BA", true),
            ("OLLAMA", "OLLAMA", false),
            ("OLLAMA", "OLMA", false),
            ("OLLAMA", "OLLMAAS", false),
            ("ABC", "CBA", false),
            ("HFTOKEN", "GHTOKEN", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(one_edit(a.as_bytes(), b.as_bytes()), want, "{a} {b}");
            assert_eq!(one_edit(b.as_bytes(), a.as_bytes()), want, "{b} {a}");
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
