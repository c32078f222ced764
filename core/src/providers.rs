//! The local OpenAI-compatible servers modelroute knows, as one table.
//!
//! Every fact about a provider lives in its row of [`LOCAL_PROVIDERS`]:
//! matching, help text, listings, the wasm package and the demo all read it.
//! Nothing else in the crate names a provider.

use std::fmt;

use serde::{Serialize, Serializer};

/// One local provider: a model id prefix and where its endpoint comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LocalProvider {
    /// Stable identifier, the prefix without its `/` (`"lm_studio"`).
    pub id: &'static str,
    /// Model id prefix, including the trailing `/` (`"lm_studio/"`).
    pub prefix: &'static str,
    /// Human name of the server software (`"LM Studio"`).
    pub display_name: &'static str,
    /// Variable that overrides the base URL for this provider only.
    pub base_url_env: &'static str,
    /// Variable that holds the API key for this provider only.
    pub api_key_env: &'static str,
    /// [`Self::base_url_env`] as recorded in provenance: the row's place in
    /// [`ENV_VARS`] (a test checks the two agree).
    #[serde(skip)]
    pub base_url_var: EnvVar,
    /// [`Self::api_key_env`] as recorded in provenance.
    #[serde(skip)]
    pub api_key_var: EnvVar,
    /// Base URL used when neither variable is set.
    pub default_base_url: &'static str,
    /// The command a person runs to start this server, for hints.
    pub start_hint: &'static str,
    /// A model name to show in examples and suggestions (the pull
    /// request's own examples).
    #[serde(skip)]
    pub example_model: &'static str,
}

/// The local providers in matching order (SPEC §1).
///
/// Matching is a case-sensitive `starts_with` walk in this order.
pub const LOCAL_PROVIDERS: &[LocalProvider] = &[
    LocalProvider {
        id: "ollama",
        prefix: "ollama/",
        display_name: "Ollama",
        base_url_env: "OLLAMA_BASE_URL",
        api_key_env: "OLLAMA_API_KEY",
        base_url_var: EnvVar::provider_base_url(0),
        api_key_var: EnvVar::provider_api_key(0),
        default_base_url: "http://localhost:11434",
        start_hint: "ollama serve",
        example_model: "llama3.1:8b",
    },
    LocalProvider {
        id: "vllm",
        prefix: "vllm/",
        display_name: "vLLM",
        base_url_env: "VLLM_BASE_URL",
        api_key_env: "VLLM_API_KEY",
        base_url_var: EnvVar::provider_base_url(1),
        api_key_var: EnvVar::provider_api_key(1),
        default_base_url: "http://localhost:8000",
        start_hint: "vllm serve <model>",
        example_model: "meta-llama/Llama-3.1-8B-Instruct",
    },
    LocalProvider {
        id: "lm_studio",
        prefix: "lm_studio/",
        display_name: "LM Studio",
        base_url_env: "LMSTUDIO_BASE_URL",
        api_key_env: "LMSTUDIO_API_KEY",
        base_url_var: EnvVar::provider_base_url(2),
        api_key_var: EnvVar::provider_api_key(2),
        default_base_url: "http://127.0.0.1:1234",
        start_hint: "lms server start",
        example_model: "google/gemma-3-4b",
    },
    LocalProvider {
        id: "llamacpp",
        prefix: "llamacpp/",
        display_name: "llama.cpp",
        base_url_env: "LLAMACPP_BASE_URL",
        api_key_env: "LLAMACPP_API_KEY",
        base_url_var: EnvVar::provider_base_url(3),
        api_key_var: EnvVar::provider_api_key(3),
        default_base_url: "http://localhost:8080",
        start_hint: "llama-server -m <model.gguf>",
        example_model: "llama-3.1-8b-instruct",
    },
];

/// Shared base URL fallback for every local prefix.
pub const LOCAL_LLM_BASE_URL: &str = "LOCAL_LLM_BASE_URL";
/// Shared API key fallback for every local prefix.
pub const LOCAL_LLM_API_KEY: &str = "LOCAL_LLM_API_KEY";
/// Key sent to local servers when none is configured: many OpenAI clients
/// refuse an empty key, and local servers ignore it.
pub const PLACEHOLDER_API_KEY: &str = "sk-local-no-key-required";
/// Prefix the reference reserves for a future generic escape hatch and rejects.
pub const RESERVED_PREFIX: &str = "openai-compat/";

/// Base URL of the direct `openai/` route, read by OpenAI SDKs (and by
/// `modelroute probe` for `openai/` ids); the reference itself never reads it.
pub const OPENAI_BASE_URL: &str = "OPENAI_BASE_URL";
/// Key of the direct `openai/` route, read by LiteLLM and the OpenAI SDKs.
pub const OPENAI_API_KEY: &str = "OPENAI_API_KEY";

/// The HF Router's key variable the reference reads first.
pub const INFERENCE_TOKEN: &str = "INFERENCE_TOKEN";
/// Primary Hub token variable.
pub const HF_TOKEN: &str = "HF_TOKEN";
/// Legacy Hub token variable, read only when `HF_TOKEN` is unset or empty.
pub const HUGGING_FACE_HUB_TOKEN: &str = "HUGGING_FACE_HUB_TOKEN";
/// Billing header value, sent with `INFERENCE_TOKEN`.
pub const HF_BILL_TO: &str = "HF_BILL_TO";

/// The Hugging Face Router's OpenAI-compatible endpoint.
pub const HF_ROUTER_BASE_URL: &str = "https://router.huggingface.co/v1";
/// One leading occurrence is removed from Hugging Face Router ids.
pub const HUGGINGFACE_PREFIX: &str = "huggingface/";
/// HF Router routing policies that may follow the `:` of an id.
pub const HF_ROUTING_POLICIES: &[&str] = &["fastest", "cheapest", "preferred"];

/// The other variables a source can name, in the order they follow the
/// providers' own in [`ENV_VARS`]: the shared local fallbacks, the HF
/// Router's, and the direct OpenAI route's (which core's resolve does not
/// read, but the CLI's probe records as sources).
const SHARED_VARS: [&str; 8] = [
    LOCAL_LLM_BASE_URL,
    LOCAL_LLM_API_KEY,
    INFERENCE_TOKEN,
    HF_TOKEN,
    HUGGING_FACE_HUB_TOKEN,
    HF_BILL_TO,
    OPENAI_BASE_URL,
    OPENAI_API_KEY,
];

const PROVIDER_VARS: usize = 2 * LOCAL_PROVIDERS.len();

/// Every environment variable a `Source::Env` can name: each local
/// provider's base URL and key variables, in table order, then the shared
/// ones. Built from [`LOCAL_PROVIDERS`], so a new row brings its variables.
pub const ENV_VARS: [&str; PROVIDER_VARS + SHARED_VARS.len()] = {
    let mut names = [""; PROVIDER_VARS + SHARED_VARS.len()];
    let mut i = 0;
    while i < LOCAL_PROVIDERS.len() {
        names[2 * i] = LOCAL_PROVIDERS[i].base_url_env;
        names[2 * i + 1] = LOCAL_PROVIDERS[i].api_key_env;
        i += 1;
    }
    let mut j = 0;
    while j < SHARED_VARS.len() {
        names[PROVIDER_VARS + j] = SHARED_VARS[j];
        j += 1;
    }
    names
};

// A variable is one byte: keep room.
const _: () = assert!(ENV_VARS.len() <= u8::MAX as usize);

/// One of the variables a source can name ([`ENV_VARS`]), in one byte.
///
/// Provenance records a variable for every candidate of every chain, and
/// `resolve` builds several chains per call: a one-byte name instead of a
/// 16-byte `&str` makes each `Provenance` about an eighth of the size (32
/// bytes), and copying provenance was most of what `resolve` spent.
///
/// ```
/// use modelroute_core::{providers::LOCAL_PROVIDERS, EnvVar};
/// let shared = EnvVar::LOCAL_LLM_BASE_URL;
/// assert_eq!(shared.name(), "LOCAL_LLM_BASE_URL");
/// assert_eq!(EnvVar::named("LOCAL_LLM_BASE_URL"), Some(shared));
/// let ollama = &LOCAL_PROVIDERS[0];
/// assert_eq!(ollama.base_url_var.name(), "OLLAMA_BASE_URL");
/// assert_eq!(ollama.api_key_var.name(), "OLLAMA_API_KEY");
/// assert_eq!(EnvVar::named("PATH"), None); // core never reads it
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnvVar(u8);

impl EnvVar {
    const fn shared(i: usize) -> EnvVar {
        // In range: `SHARED_VARS` is indexed by constants below, and the
        // whole table fits a byte (asserted above).
        EnvVar((PROVIDER_VARS + i) as u8)
    }

    /// [`LOCAL_LLM_BASE_URL`].
    pub const LOCAL_LLM_BASE_URL: EnvVar = EnvVar::shared(0);
    /// [`LOCAL_LLM_API_KEY`].
    pub const LOCAL_LLM_API_KEY: EnvVar = EnvVar::shared(1);
    /// [`INFERENCE_TOKEN`].
    pub const INFERENCE_TOKEN: EnvVar = EnvVar::shared(2);
    /// [`HF_TOKEN`].
    pub const HF_TOKEN: EnvVar = EnvVar::shared(3);
    /// [`HUGGING_FACE_HUB_TOKEN`].
    pub const HUGGING_FACE_HUB_TOKEN: EnvVar = EnvVar::shared(4);
    /// [`HF_BILL_TO`].
    pub const HF_BILL_TO: EnvVar = EnvVar::shared(5);
    /// [`OPENAI_BASE_URL`].
    pub const OPENAI_BASE_URL: EnvVar = EnvVar::shared(6);
    /// [`OPENAI_API_KEY`].
    pub const OPENAI_API_KEY: EnvVar = EnvVar::shared(7);

    /// The variable's name.
    pub fn name(self) -> &'static str {
        // Every `EnvVar` is made in this crate from an index into the
        // table (the constants, `named`, and the provider rows, which a
        // test checks): the fallback is never taken.
        ENV_VARS
            .get(usize::from(self.0))
            .copied()
            .unwrap_or_default()
    }

    /// The variable called `name`, if it is one of [`ENV_VARS`].
    pub fn named(name: &str) -> Option<EnvVar> {
        let i = ENV_VARS.iter().position(|n| *n == name)?;
        u8::try_from(i).ok().map(EnvVar)
    }

    /// The base URL variable of the local provider in row `row` of
    /// [`LOCAL_PROVIDERS`]: what the row's `base_url_var` holds. Crate
    /// only: the table is the one caller, and a test checks every row.
    pub(crate) const fn provider_base_url(row: u8) -> EnvVar {
        EnvVar(2 * row)
    }

    /// The key variable of the local provider in row `row` of
    /// [`LOCAL_PROVIDERS`]: what the row's `api_key_var` holds.
    pub(crate) const fn provider_api_key(row: u8) -> EnvVar {
        EnvVar(2 * row + 1)
    }
}

impl fmt::Display for EnvVar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Debug for EnvVar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq<str> for EnvVar {
    fn eq(&self, other: &str) -> bool {
        self.name() == other
    }
}

impl PartialEq<&str> for EnvVar {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

impl Serialize for EnvVar {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The provider whose prefix `id` starts with, first match in table order.
///
/// ```
/// use modelroute_core::providers::local_provider_for;
/// assert_eq!(local_provider_for("vllm/meta-llama/x").unwrap().id, "vllm");
/// assert!(local_provider_for("Ollama/x").is_none()); // case-sensitive
/// ```
pub fn local_provider_for(id: &str) -> Option<&'static LocalProvider> {
    LOCAL_PROVIDERS.iter().find(|p| id.starts_with(p.prefix))
}

/// The provider with this stable identifier (`"ollama"`).
pub fn local_provider_by_id(provider_id: &str) -> Option<&'static LocalProvider> {
    LOCAL_PROVIDERS.iter().find(|p| p.id == provider_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_spec_section_1() {
        let rows: Vec<_> = LOCAL_PROVIDERS
            .iter()
            .map(|p| (p.prefix, p.base_url_env, p.api_key_env, p.default_base_url))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "ollama/",
                    "OLLAMA_BASE_URL",
                    "OLLAMA_API_KEY",
                    "http://localhost:11434"
                ),
                (
                    "vllm/",
                    "VLLM_BASE_URL",
                    "VLLM_API_KEY",
                    "http://localhost:8000"
                ),
                (
                    "lm_studio/",
                    "LMSTUDIO_BASE_URL",
                    "LMSTUDIO_API_KEY",
                    "http://127.0.0.1:1234"
                ),
                (
                    "llamacpp/",
                    "LLAMACPP_BASE_URL",
                    "LLAMACPP_API_KEY",
                    "http://localhost:8080"
                ),
            ]
        );
    }

    #[test]
    fn every_row_is_reachable_and_consistent() {
        for (i, p) in LOCAL_PROVIDERS.iter().enumerate() {
            assert_eq!(format!("{}/", p.id), p.prefix);
            // No earlier row's prefix shadows this one.
            for earlier in &LOCAL_PROVIDERS[..i] {
                assert!(
                    !p.prefix.starts_with(earlier.prefix),
                    "{} shadowed",
                    p.prefix
                );
            }
            assert_eq!(local_provider_for(&format!("{}m", p.prefix)), Some(p));
            assert_eq!(local_provider_by_id(p.id), Some(p));
            assert!(!p.prefix.starts_with(RESERVED_PREFIX));
        }
    }
}
