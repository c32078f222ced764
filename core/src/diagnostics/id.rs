//! The model id's checks: empty, whitespace, the reserved prefix, a local
//! prefix with no name, and a misspelt local prefix that falls through to
//! the Hugging Face Router.

use super::tables::NEAR_MISS_PREFIXES;
use super::target::strip_prefix_ignore_case;
use super::{winning, Diagnostic, DiagnosticKind, Severity};
use crate::base_url;
use crate::env::Env;
use crate::error::ErrorKind;
use crate::model_id::{self, ModelId};
use crate::providers::{
    local_provider_by_id, LocalProvider, HF_TOKEN, HUGGINGFACE_PREFIX, HUGGING_FACE_HUB_TOKEN,
    INFERENCE_TOKEN, LOCAL_LLM_BASE_URL, LOCAL_PROVIDERS,
};
use crate::pyrepr::py_repr;
use crate::redact::redact_url;
use crate::whitespace::{contains_py_space, first_py_space, py_strip};

pub(super) fn check_id(id: &str, env: &(impl Env + ?Sized), out: &mut Vec<Diagnostic>) {
    if id.is_empty() {
        out.extend(Diagnostic::from_error(ErrorKind::EmptyModelId));
        return;
    }
    let trimmed = py_strip(id);
    if let Some((offset, found)) = first_py_space(id) {
        // Worded by the error (for any id, local or not), with a fix
        // that hands over the id to use when there is one.
        let error = ErrorKind::WhitespaceInId {
            id: id.to_owned(),
            offset,
            found,
        };
        if let Some(mut d) = Diagnostic::from_error(error) {
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
            }
            out.push(d);
        }
    }
    match model_id::parse(id) {
        ModelId::Reserved { .. } => {
            out.extend(Diagnostic::from_error(ErrorKind::ReservedPrefix {
                id: id.to_owned(),
            }));
        }
        ModelId::Local { provider, name: "" } => {
            let base = winning(env, provider.base_url_env, LOCAL_LLM_BASE_URL)
                .filter(|(var, raw)| base_url::check(raw, var).is_ok())
                .map_or(provider.default_base_url, |(_, raw)| raw);
            let error = ErrorKind::EmptyModelName { id: id.to_owned() };
            if let Some(mut d) = Diagnostic::from_error(error) {
                // The error's hint, and where the names to use are listed.
                d.fix.push_str(&format!(
                    ", as the server lists it at `{}/models`",
                    base_url::normalize(&redact_url(base))
                ));
                out.push(d);
            }
        }
        ModelId::HfRouter { .. } => {
            if let Some((provider, rest)) = near_miss(trimmed)
                .filter(|_| model_id::parse(trimmed).route() == crate::Route::HfRouter)
            {
                let spelled = &trimmed[..trimmed.len() - rest.len()];
                let mut d = Diagnostic::new(
                    DiagnosticKind::NearMissPrefix,
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
            } else {
                out.extend(local_server_for_router_id(trimmed, env));
            }
        }
        _ => {}
    }
}

/// A local server's base URL variable is set while `id` (trimmed) goes to
/// the HF Router and reads like a model that server would serve: an HF
/// repo id without a `:` tag (a tag there picks a Router provider or
/// policy), or an Ollama-style name without `/`. An id written with
/// `huggingface/` means the Router. The first provider in table order
/// whose variable is set gives the prefix to suggest.
fn local_server_for_router_id(id: &str, env: &(impl Env + ?Sized)) -> Option<Diagnostic> {
    if id.is_empty() || id.starts_with(HUGGINGFACE_PREFIX) || contains_py_space(id) {
        return None;
    }
    if id.contains('/') && id.contains(':') {
        return None;
    }
    let (provider, raw) = LOCAL_PROVIDERS.iter().find_map(|p| {
        env.var(p.base_url_env)
            .filter(|v| !py_strip(v).is_empty())
            .map(|v| (p, v))
    })?;
    let var = provider.base_url_env;
    let meant = format!("{}{id}", provider.prefix);
    let has_token = [INFERENCE_TOKEN, HF_TOKEN, HUGGING_FACE_HUB_TOKEN]
        .iter()
        .any(|t| env.var(t).is_some_and(|v| !py_strip(v).is_empty()));
    // With a Hub token the Router may well be meant; without one the
    // request fails for want of a key.
    let (severity, router) = if has_token {
        (Severity::Info, "the Hugging Face Router")
    } else {
        (
            Severity::Warning,
            "the Hugging Face Router (and no Hub token variable is set for it)",
        )
    };
    Some(
        Diagnostic::new(
            DiagnosticKind::RouterIdWithLocalServer,
            severity,
            format!(
                "{} has no local prefix, so it goes to {router}, while `{var}` is set to {} for {}, which only `{}` ids use",
                py_repr(id),
                py_repr(&redact_url(py_strip(raw))),
                provider.display_name,
                provider.prefix
            ),
            format!("to send it to {}, use `{meant}`", provider.display_name),
        )
        .use_id(meant),
    )
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
