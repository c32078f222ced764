//! The server family that answered at a base URL, against the one the
//! id's prefix is for (`server_family_mismatch`). Only a request shows
//! which server answers, so the CLI's probe, `doctor` and `discover` call
//! [`server_family_mismatch`] with what they saw; the words are here, once,
//! so all three say the same.

use super::tables::{ServerFamily, SERVER_FAMILIES};
use super::{Diagnostic, DiagnosticKind, Severity};
use crate::base_url::V1_SUFFIX;
use crate::providers::{local_provider_by_id, LocalProvider};
use crate::redact::redact_url;

/// How many served models the fix turns into ids.
const IDS_SHOWN: usize = 3;

/// The family of a server as the probe named it: the family's name, or
/// the name followed by a version (`"Ollama 0.12.3"`).
///
/// ```
/// use modelroute_core::diagnostics::server_family;
/// assert_eq!(server_family("Ollama 0.12.3").map(|f| f.provider), Some(Some("ollama")));
/// assert_eq!(server_family("llama-cpp-python").map(|f| f.provider), Some(Some("llamacpp")));
/// assert!(server_family("Ollamax").is_none());
/// ```
pub fn server_family(server: &str) -> Option<&'static ServerFamily> {
    SERVER_FAMILIES.iter().find(|f| {
        server
            .strip_prefix(f.name)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// What answered at a base URL.
#[derive(Debug, Clone, Copy)]
pub struct Answered<'a> {
    /// The server as the probe named it (`"llama.cpp"`, `"Ollama 0.12.3"`).
    pub server: &'a str,
    /// The base URL asked (`http://127.0.0.1:8080/v1`).
    pub api_base: &'a str,
    /// The models it lists.
    pub served: &'a [String],
}

/// The `server_family_mismatch` finding, when the server that `answered`
/// is of another family than the one `provider`'s prefix is for; `None`
/// when it is the same family, a proxy that fronts any server (LiteLLM),
/// or a server that did not say what it is.
///
/// `base_url_var` is the variable the base URL came from (`None`: the
/// built-in default, so the provider's own variable is named). The fix
/// gives the ids that work with the family's own prefix, the variable to
/// point there, and, instead, the variable to point elsewhere.
///
/// ```
/// use modelroute_core::diagnostics::{server_family_mismatch, Answered, Suggestion};
/// use modelroute_core::providers::local_provider_by_id;
/// let ollama = local_provider_by_id("ollama").unwrap();
/// let served = ["smollm2".to_owned()];
/// let answered = Answered {
///     server: "llama.cpp",
///     api_base: "http://127.0.0.1:8080/v1",
///     served: &served,
/// };
/// let d = server_family_mismatch(ollama, Some("OLLAMA_BASE_URL"), &answered).unwrap();
/// assert_eq!(d.code, "server_family_mismatch");
/// assert!(d.message.contains("llama.cpp, not Ollama"));
/// assert!(d.fix.contains("`llamacpp/smollm2`"));
/// assert_eq!(
///     d.suggestion,
///     Some(Suggestion::SetVariable {
///         variable: "LLAMACPP_BASE_URL",
///         value: "http://127.0.0.1:8080".into(),
///     })
/// );
/// let same = Answered { server: "Ollama 0.12.3", ..answered };
/// assert!(server_family_mismatch(ollama, None, &same).is_none());
/// ```
pub fn server_family_mismatch(
    provider: &LocalProvider,
    base_url_var: Option<&'static str>,
    answered: &Answered<'_>,
) -> Option<Diagnostic> {
    let family = server_family(answered.server)?;
    let home = local_provider_by_id(family.provider?)?;
    if home.id == provider.id {
        return None;
    }
    let api_base = redact_url(answered.api_base);
    let root = api_base
        .strip_suffix(V1_SUFFIX)
        .unwrap_or(&api_base)
        .to_owned();
    let mut ids: Vec<String> = answered
        .served
        .iter()
        .take(IDS_SHOWN)
        .map(|m| format!("`{}{m}`", home.prefix))
        .collect();
    if answered.served.len() > IDS_SHOWN {
        ids.push("…".to_owned());
    }
    let ids = if ids.is_empty() {
        format!("`{}<model>`", home.prefix)
    } else {
        ids.join(", ")
    };
    let var = base_url_var.unwrap_or(provider.base_url_env);
    Some(
        Diagnostic::new(
            DiagnosticKind::ServerFamilyMismatch,
            Severity::Warning,
            format!(
                "the server at `{api_base}` is {}, not {}, which `{}` ids are for",
                family.name, provider.display_name, provider.prefix
            ),
            format!(
                "use {ids} with `{}={root}`, or point `{var}` at where {} runs",
                home.base_url_env, provider.display_name
            ),
        )
        .variable(var)
        .set(home.base_url_env, root),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::LOCAL_PROVIDERS;

    fn answered<'a>(server: &'a str, served: &'a [String]) -> Answered<'a> {
        Answered {
            server,
            api_base: "http://user:secret@127.0.0.1:9/v1",
            served,
        }
    }

    #[test]
    fn every_provider_against_every_family() {
        let served = vec!["a".to_owned()];
        for p in LOCAL_PROVIDERS {
            for family in SERVER_FAMILIES {
                let found = server_family_mismatch(p, None, &answered(family.name, &served));
                assert_eq!(
                    found.is_some(),
                    family.provider.is_some_and(|id| id != p.id),
                    "{} at {}",
                    p.id,
                    family.name
                );
                if let Some(d) = found {
                    assert!(d.message.contains(family.name), "{}", d.message);
                    assert!(!d.message.contains("secret") && !d.fix.contains("secret"));
                    assert_eq!(d.variable.as_deref(), Some(p.base_url_env));
                }
            }
        }
    }

    #[test]
    fn unknown_servers_and_proxies_are_no_mismatch() {
        let ollama = local_provider_by_id("ollama").unwrap();
        assert!(server_family_mismatch(ollama, None, &answered("nginx", &[])).is_none());
        assert!(server_family_mismatch(ollama, None, &answered("LiteLLM", &[])).is_none());
    }

    #[test]
    fn the_fix_lists_a_few_ids_and_names_the_variable_that_was_set() {
        let vllm = local_provider_by_id("vllm").unwrap();
        let served: Vec<String> = ["q1", "q2", "q3", "q4"].map(str::to_owned).to_vec();
        let d = server_family_mismatch(
            vllm,
            Some("LOCAL_LLM_BASE_URL"),
            &answered("Ollama 0.12.3", &served),
        )
        .unwrap();
        assert!(
            d.fix.starts_with("use `ollama/q1`, `ollama/q2`, `ollama/q3`, … with `OLLAMA_BASE_URL=http://user:***@127.0.0.1:9`"),
            "{}",
            d.fix
        );
        assert!(d
            .fix
            .ends_with("or point `LOCAL_LLM_BASE_URL` at where vLLM runs"));
        let d = server_family_mismatch(vllm, None, &answered("LM Studio", &[])).unwrap();
        assert!(
            d.fix.starts_with("use `lm_studio/<model>` with"),
            "{}",
            d.fix
        );
    }
}
