//! Facts about the tools, as tables: how each tool names a local server or
//! the Hugging Face Router ([`SERVER_ROUTES`]), and what LiteLLM reads
//! itself for the routes modelroute resolves no endpoint for
//! ([`DIRECT_ROUTES`]). Sources are cited beside each row and in
//! `docs/export.md`.

use crate::model_id::Route;

/// How a base URL is written for a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BaseForm {
    /// The OpenAI-compatible base, ending in `/v1` (`api_base` as resolved).
    V1,
    /// The server's root, without `/v1` (Ollama's native API).
    Root,
}

/// How the tools name one kind of server: a row per local provider, plus
/// one for the Hugging Face Router. `server` is the provider's id in
/// [`crate::LOCAL_PROVIDERS`] (or `hf_router`); a test checks every
/// provider has exactly one row.
#[derive(Debug)]
pub(super) struct ServerRoutes {
    pub(super) server: &'static str,
    /// LiteLLM's own provider prefix for this server.
    pub(super) litellm_prefix: &'static str,
    /// The variables LiteLLM reads for it, and the base URL form it wants.
    pub(super) litellm_base_env: &'static str,
    pub(super) litellm_key_env: &'static str,
    pub(super) litellm_base: BaseForm,
    /// The LiteLLM page that documents the three above.
    pub(super) litellm_docs: &'static str,
    /// aider: `Some(page)` when aider documents LiteLLM's own prefix for
    /// this server (then the export uses it, with `set-env`); `None` to use
    /// aider's generic OpenAI-compatible setup.
    pub(super) aider_native: Option<&'static str>,
    /// Continue: the `provider` of the models entry and its `apiBase` form.
    pub(super) continue_provider: &'static str,
    pub(super) continue_base: BaseForm,
    pub(super) continue_docs: &'static str,
    /// Whether the server serves the OpenAI Responses API (`/v1/responses`),
    /// the only wire API Codex speaks, as a clause with its source.
    pub(super) responses_api: &'static str,
}

pub(super) const LITELLM_OPENAI_COMPATIBLE: &str =
    "https://docs.litellm.ai/docs/providers/openai_compatible";
pub(super) const AIDER_OPENAI_COMPATIBLE: &str = "https://aider.chat/docs/llms/openai-compat.html";
pub(super) const CONTINUE_OPENAI: &str =
    "https://docs.continue.dev/customize/model-providers/top-level/openai";

/// Sources, checked against each tool's documentation and code:
/// - LiteLLM ollama: `ollama_chat/` is the recommended prefix; the base is
///   `OLLAMA_API_BASE` without `/v1` (default `http://localhost:11434`), the
///   key `OLLAMA_API_KEY` (https://docs.litellm.ai/docs/providers/ollama).
/// - LiteLLM vLLM: `hosted_vllm/`, `HOSTED_VLLM_API_BASE` *with* `/v1`,
///   `HOSTED_VLLM_API_KEY` (https://docs.litellm.ai/docs/providers/vllm;
///   `litellm/llms/hosted_vllm/chat/transformation.py`).
/// - LiteLLM LM Studio: `lm_studio/`, `LM_STUDIO_API_BASE` with `/v1`,
///   `LM_STUDIO_API_KEY` (https://docs.litellm.ai/docs/providers/lm_studio).
/// - LiteLLM has no llama.cpp provider: its generic OpenAI-compatible route
///   is `openai/` with `OPENAI_API_BASE` (read after `OPENAI_BASE_URL`) and
///   `OPENAI_API_KEY` (https://docs.litellm.ai/docs/providers/openai_compatible).
///   The reference reaches the HF Router the same way.
/// - aider: `ollama_chat/` with `OLLAMA_API_BASE` (https://aider.chat/docs/llms/ollama.html),
///   `lm_studio/` with `LM_STUDIO_API_BASE` (https://aider.chat/docs/llms/lm-studio.html),
///   anything else as `openai/<name>` with `openai-api-base`/`openai-api-key`
///   (https://aider.chat/docs/llms/openai-compat.html).
/// - Continue: `provider: ollama` with the server root
///   (https://docs.continue.dev/customize/model-providers/top-level/ollama),
///   `provider: openai` with an `apiBase` ending in `/v1` for every other
///   OpenAI-compatible server (https://docs.continue.dev/customize/model-providers/top-level/openai).
pub(super) const SERVER_ROUTES: &[ServerRoutes] = &[
    ServerRoutes {
        server: "ollama",
        litellm_prefix: "ollama_chat/",
        litellm_base_env: "OLLAMA_API_BASE",
        litellm_key_env: "OLLAMA_API_KEY",
        litellm_base: BaseForm::Root,
        litellm_docs: "https://docs.litellm.ai/docs/providers/ollama",
        aider_native: Some("https://aider.chat/docs/llms/ollama.html"),
        continue_provider: "ollama",
        continue_base: BaseForm::Root,
        continue_docs: "https://docs.continue.dev/customize/model-providers/top-level/ollama",
        responses_api: "Ollama serves /v1/responses since 0.13.3, stateless only (https://docs.ollama.com/api/openai-compatibility)",
    },
    ServerRoutes {
        server: "vllm",
        litellm_prefix: "hosted_vllm/",
        litellm_base_env: "HOSTED_VLLM_API_BASE",
        litellm_key_env: "HOSTED_VLLM_API_KEY",
        litellm_base: BaseForm::V1,
        litellm_docs: "https://docs.litellm.ai/docs/providers/vllm",
        aider_native: None,
        continue_provider: "openai",
        continue_base: BaseForm::V1,
        continue_docs: CONTINUE_OPENAI,
        responses_api: "vLLM serves /v1/responses (https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html)",
    },
    ServerRoutes {
        server: "lm_studio",
        litellm_prefix: "lm_studio/",
        litellm_base_env: "LM_STUDIO_API_BASE",
        litellm_key_env: "LM_STUDIO_API_KEY",
        litellm_base: BaseForm::V1,
        litellm_docs: "https://docs.litellm.ai/docs/providers/lm_studio",
        aider_native: Some("https://aider.chat/docs/llms/lm-studio.html"),
        continue_provider: "openai",
        continue_base: BaseForm::V1,
        continue_docs: CONTINUE_OPENAI,
        responses_api: "LM Studio serves /v1/responses since 0.3.29 (https://lmstudio.ai/docs/developer/openai-compat)",
    },
    ServerRoutes {
        server: "llamacpp",
        litellm_prefix: "openai/",
        litellm_base_env: "OPENAI_API_BASE",
        litellm_key_env: "OPENAI_API_KEY",
        litellm_base: BaseForm::V1,
        litellm_docs: LITELLM_OPENAI_COMPATIBLE,
        aider_native: None,
        continue_provider: "openai",
        continue_base: BaseForm::V1,
        continue_docs: CONTINUE_OPENAI,
        responses_api: "llama.cpp's llama-server serves /v1/responses (tested); llama-cpp-python, which also answers llamacpp/ ids, does not, so Codex cannot use it",
    },
    ServerRoutes {
        server: "hf_router",
        litellm_prefix: "openai/",
        litellm_base_env: "OPENAI_API_BASE",
        litellm_key_env: "OPENAI_API_KEY",
        litellm_base: BaseForm::V1,
        litellm_docs: LITELLM_OPENAI_COMPATIBLE,
        aider_native: None,
        continue_provider: "openai",
        continue_base: BaseForm::V1,
        continue_docs: CONTINUE_OPENAI,
        responses_api: "the Hugging Face Router serves /v1/responses, in beta (https://huggingface.co/docs/inference-providers/guides/responses-api)",
    },
];

/// The routes LiteLLM serves itself: what it reads, where that is written.
pub(super) struct DirectRoute {
    pub(super) route: Route,
    pub(super) prefix: &'static str,
    pub(super) display_name: &'static str,
    pub(super) reads: &'static [&'static str],
    pub(super) docs: &'static str,
}

/// Sources: https://docs.litellm.ai/docs/providers/anthropic,
/// https://docs.litellm.ai/docs/providers/bedrock,
/// https://docs.litellm.ai/docs/providers/openai (and SPEC §3, route 3).
pub(super) const DIRECT_ROUTES: &[DirectRoute] = &[
    DirectRoute {
        route: Route::Anthropic,
        prefix: "anthropic/",
        display_name: "Anthropic",
        reads: &["ANTHROPIC_API_KEY"],
        docs: "https://docs.litellm.ai/docs/providers/anthropic",
    },
    DirectRoute {
        route: Route::Bedrock,
        prefix: "bedrock/",
        display_name: "AWS Bedrock",
        reads: &[
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_REGION_NAME",
        ],
        docs: "https://docs.litellm.ai/docs/providers/bedrock",
    },
    DirectRoute {
        route: Route::Openai,
        prefix: "openai/",
        display_name: "OpenAI",
        reads: &["OPENAI_API_KEY", "OPENAI_BASE_URL"],
        docs: "https://docs.litellm.ai/docs/providers/openai",
    },
];

pub(super) fn direct_route(route: Route) -> &'static DirectRoute {
    DIRECT_ROUTES
        .iter()
        .find(|d| d.route == route)
        .unwrap_or(&DIRECT_ROUTES[0])
}

/// The prefix LiteLLM's OpenAI-compatible route puts before a model name.
pub(super) const OPENAI_PREFIX: &str = "openai/";
/// The path the probe and every OpenAI client posts to, after `api_base`.
pub(super) const CHAT_COMPLETIONS: &str = "/chat/completions";
/// What [`export`] writes next to a masked value, after its name.
pub(super) const REDACTED_NOTICE: &str =
    "is redacted below: export again with `--show-secrets` to write it in full";
/// What the `llm` export names its stored key, after this prefix.
pub(super) const LLM_KEY_PREFIX: &str = "modelroute-";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::LOCAL_PROVIDERS;

    #[test]
    fn every_server_has_one_row_of_tool_routes() {
        let mut servers: Vec<&str> = LOCAL_PROVIDERS.iter().map(|p| p.id).collect();
        servers.push(Route::HfRouter.as_str());
        let rows: Vec<&str> = SERVER_ROUTES.iter().map(|s| s.server).collect();
        assert_eq!(rows, servers);
        for row in SERVER_ROUTES {
            assert!(row.litellm_prefix.ends_with('/'));
            assert!(row.litellm_docs.starts_with("https://docs.litellm.ai/"));
            assert!(row.continue_docs.starts_with("https://docs.continue.dev/"));
        }
    }

    #[test]
    fn every_direct_route_has_a_row() {
        for route in [Route::Anthropic, Route::Bedrock, Route::Openai] {
            assert_eq!(direct_route(route).route, route);
            assert_eq!(direct_route(route).prefix, format!("{}/", route.as_str()));
        }
    }
}
