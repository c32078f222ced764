//! The data the checks read: misspelt prefixes, endpoint and native-API
//! paths, other tools' variables, common ports. Each domain is one table;
//! `docs/diagnostics.md` is tested against them.

use serde::Serialize;

/// Spellings of local prefixes other tools use, or that people type, which
/// would silently fall through to the HF Router: `(spelling, provider id)`.
///
/// Matched ASCII case-insensitively. Besides these, a provider's own prefix
/// in the wrong case (`Ollama/`) and with `:` for `/` (`ollama:`) are
/// near misses; those are derived from [`LOCAL_PROVIDERS`](crate::LOCAL_PROVIDERS).
pub const NEAR_MISS_PREFIXES: &[(&str, &str)] = &[
    ("olama/", "ollama"),
    ("ollama_chat/", "ollama"),
    ("hosted_vllm/", "vllm"),
    ("lmstudio/", "lm_studio"),
    ("lm-studio/", "lm_studio"),
    ("lm_studio:", "lm_studio"),
    ("llama.cpp/", "llamacpp"),
    ("llama_cpp/", "llamacpp"),
    ("llama-cpp/", "llamacpp"),
    ("llamafile/", "llamacpp"),
];

/// Endpoint paths clients append to the base URL themselves, most specific
/// first; a base URL ending in one was pasted from an endpoint.
pub const ENDPOINT_SUFFIXES: &[&str] = &[
    "/chat/completions",
    "/completions",
    "/responses",
    "/embeddings",
    "/models",
];

/// Paths of servers' native (not OpenAI-compatible) APIs, most specific
/// first, each with the providers that serve it (the first one is named
/// when the id's own provider is not among them).
pub const NATIVE_API_PATHS: &[(&str, &[&str])] = &[
    ("/api/chat", &["ollama"]),
    ("/api/generate", &["ollama"]),
    ("/api/tags", &["ollama"]),
    ("/api/v0", &["lm_studio"]),
    ("/api/v1", &["lm_studio"]),
    ("/api", &["ollama", "lm_studio"]),
];

/// Where a variable of another tool applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "provider", rename_all = "snake_case")]
pub enum ForeignTarget {
    /// Ids of this local provider (its id, `"ollama"`).
    Provider(&'static str),
    /// Ids of every local provider.
    AnyLocal,
}

/// How the other tool writes a base URL, which decides what to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueForm {
    /// A base URL without `/v1` (`http://127.0.0.1:11434`): copied as is,
    /// since modelroute appends `/v1`.
    WithoutV1,
    /// A base URL ending in `/v1`: copied without it (either works, as
    /// modelroute only appends `/v1` when missing).
    WithV1,
    /// Ollama's `OLLAMA_HOST`: `[scheme://]host[:port]`, where the scheme
    /// defaults to `http`, the port to 11434 (80 or 443 with a scheme), an
    /// empty host to `127.0.0.1`, and quotes around it are dropped. A bind
    /// address (`0.0.0.0`) is copied as `127.0.0.1`.
    HostPort,
}

/// Which setting the variable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "form", rename_all = "snake_case")]
pub enum ForeignSetting {
    /// A base URL, written in this form.
    BaseUrl(ValueForm),
    /// An API key (never printed).
    ApiKey,
}

/// A variable another tool reads for a setting modelroute reads elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ForeignVariable {
    /// The variable's name.
    pub name: &'static str,
    /// Who reads it.
    pub tool: &'static str,
    /// What it means there.
    pub meaning: &'static str,
    /// Which ids it would apply to.
    pub target: ForeignTarget,
    /// The setting, and how the value is written.
    pub setting: ForeignSetting,
    /// Only flag it when it looks meant for a local server, as
    /// `OPENAI_BASE_URL` and `OPENAI_API_KEY` are often set for OpenAI
    /// itself: a base URL when it points at a local host (or a local
    /// server's default port); a key when it is not shaped like OpenAI's
    /// (`sk-...`), or when a base URL variable of the same kind points at a
    /// local server.
    pub only_local_hosts: bool,
}

/// Variables other tools use for settings modelroute reads under its own
/// names. Which of ours to set instead comes from the id's provider row.
///
/// A base URL variable is reported when the id's base URL comes from the
/// built-in default (neither the provider's variable nor
/// `LOCAL_LLM_BASE_URL` is set); a key variable when the key is the
/// placeholder.
pub const FOREIGN_VARIABLES: &[ForeignVariable] = &[
    ForeignVariable {
        name: "OLLAMA_HOST",
        tool: "Ollama's CLI and its Python and JS clients",
        meaning: "the Ollama server's address, for the server and its clients alike",
        target: ForeignTarget::Provider("ollama"),
        setting: ForeignSetting::BaseUrl(ValueForm::HostPort),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "OLLAMA_API_BASE",
        tool: "LiteLLM and aider",
        meaning: "the Ollama server for `ollama/` and `ollama_chat/` models",
        target: ForeignTarget::Provider("ollama"),
        setting: ForeignSetting::BaseUrl(ValueForm::WithoutV1),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "LM_STUDIO_API_BASE",
        tool: "LiteLLM and aider",
        meaning: "the LM Studio server for `lm_studio/` models",
        target: ForeignTarget::Provider("lm_studio"),
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "LM_STUDIO_API_KEY",
        tool: "LiteLLM and aider",
        meaning: "the key for `lm_studio/` models",
        target: ForeignTarget::Provider("lm_studio"),
        setting: ForeignSetting::ApiKey,
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "HOSTED_VLLM_API_BASE",
        tool: "LiteLLM",
        meaning: "the vLLM server for `hosted_vllm/` models",
        target: ForeignTarget::Provider("vllm"),
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "HOSTED_VLLM_API_KEY",
        tool: "LiteLLM",
        meaning: "the key for `hosted_vllm/` models",
        target: ForeignTarget::Provider("vllm"),
        setting: ForeignSetting::ApiKey,
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "VLLM_API_BASE",
        tool: "Letta and AgentVerse",
        meaning: "the vLLM server's address",
        target: ForeignTarget::Provider("vllm"),
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "LLAMAFILE_API_BASE",
        tool: "LiteLLM",
        meaning: "the llamafile (llama.cpp) server for `llamafile/` models",
        target: ForeignTarget::Provider("llamacpp"),
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "OPENAI_BASE_URL",
        tool: "the OpenAI SDKs and LiteLLM",
        meaning: "the endpoint for `openai/` models only",
        target: ForeignTarget::AnyLocal,
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: true,
    },
    ForeignVariable {
        name: "OPENAI_API_BASE",
        tool: "older OpenAI SDKs, LangChain and LiteLLM",
        meaning: "the endpoint for `openai/` models only",
        target: ForeignTarget::AnyLocal,
        setting: ForeignSetting::BaseUrl(ValueForm::WithV1),
        only_local_hosts: true,
    },
    ForeignVariable {
        name: "LLAMAFILE_API_KEY",
        tool: "LiteLLM",
        meaning: "the key for `llamafile/` models",
        target: ForeignTarget::Provider("llamacpp"),
        setting: ForeignSetting::ApiKey,
        only_local_hosts: false,
    },
    ForeignVariable {
        name: "OPENAI_API_KEY",
        tool: "the OpenAI SDKs and LiteLLM",
        meaning: "the key for `openai/` models only",
        target: ForeignTarget::AnyLocal,
        setting: ForeignSetting::ApiKey,
        only_local_hosts: true,
    },
];

/// The command that makes a model available in a server family, for a
/// hint after its name (`ollama pull llama3.1:8b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ModelHint {
    /// What the command does, as the hint says it (`"download it"`).
    pub action: &'static str,
    /// The command, which the model name follows (`"ollama pull"`).
    pub command: &'static str,
}

/// A server family the probe recognises by what it says about itself
/// (`SERVER_SIGNATURES` in the probe names them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ServerFamily {
    /// Its name, as the probe identifies it (`"llama.cpp"`).
    pub name: &'static str,
    /// The local provider whose prefix is meant for it. `None` for a proxy
    /// (LiteLLM), which fronts any server, so that any prefix is right.
    pub provider: Option<&'static str>,
    /// How to make a model available there. Hints are keyed on the family
    /// that answered, never on the id's prefix alone: `ollama pull` cannot
    /// help a llama.cpp server on Ollama's variable.
    pub model_hint: Option<ModelHint>,
}

/// The server families, each with the prefix meant for it and its model
/// hint. llama-cpp-python serves the same API as llama.cpp, so `llamacpp/`
/// is its prefix too.
pub const SERVER_FAMILIES: &[ServerFamily] = &[
    ServerFamily {
        name: "Ollama",
        provider: Some("ollama"),
        model_hint: Some(ModelHint {
            action: "download it",
            command: "ollama pull",
        }),
    },
    ServerFamily {
        name: "vLLM",
        provider: Some("vllm"),
        model_hint: Some(ModelHint {
            action: "vLLM serves the model it was started with: restart it with this one",
            command: "vllm serve",
        }),
    },
    ServerFamily {
        name: "LM Studio",
        provider: Some("lm_studio"),
        model_hint: Some(ModelHint {
            action: "load it",
            command: "lms load",
        }),
    },
    ServerFamily {
        name: "llama.cpp",
        provider: Some("llamacpp"),
        model_hint: None,
    },
    ServerFamily {
        name: "llama-cpp-python",
        provider: Some("llamacpp"),
        model_hint: None,
    },
    ServerFamily {
        name: "LiteLLM",
        provider: None,
        model_hint: None,
    },
];

/// Ports so many HTTP servers use that another local server's default on
/// one of them is only worth an info (`other_server_port`).
pub const COMMON_HTTP_PORTS: &[u16] = &[80, 443, 3000, 5000, 8000, 8080, 8888];

/// Docker Desktop's name for the host machine, seen from a container.
pub const DOCKER_HOST: &str = "host.docker.internal";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{
        local_provider_by_id, LOCAL_LLM_API_KEY, LOCAL_LLM_BASE_URL, LOCAL_PROVIDERS,
    };

    #[test]
    fn near_misses_name_real_providers_and_no_real_prefix() {
        for (spelling, id) in NEAR_MISS_PREFIXES {
            assert!(local_provider_by_id(id).is_some(), "{id}");
            assert_eq!(
                crate::model_id::parse(&format!("{spelling}m")).route(),
                crate::Route::HfRouter
            );
            assert!(spelling.ends_with(['/', ':']), "{spelling}");
        }
    }

    #[test]
    fn suffix_tables_put_the_most_specific_first() {
        let paths: Vec<&str> = NATIVE_API_PATHS.iter().map(|(p, _)| *p).collect();
        for table in [ENDPOINT_SUFFIXES, paths.as_slice()] {
            for (i, later) in table.iter().enumerate() {
                assert!(later.starts_with('/'));
                for earlier in &table[..i] {
                    assert!(!later.ends_with(earlier), "{earlier} shadows {later}");
                }
            }
        }
        for (_, servers) in NATIVE_API_PATHS {
            assert!(servers.iter().all(|s| local_provider_by_id(s).is_some()));
        }
    }

    #[test]
    fn server_families_are_unique_and_name_real_providers() {
        for (i, family) in SERVER_FAMILIES.iter().enumerate() {
            assert!(SERVER_FAMILIES[..i].iter().all(|f| f.name != family.name));
            if let Some(id) = family.provider {
                assert!(local_provider_by_id(id).is_some(), "{id}");
            }
        }
        // Each provider has a family of its own, named as the provider
        // names its server.
        for p in LOCAL_PROVIDERS {
            assert!(
                SERVER_FAMILIES
                    .iter()
                    .any(|f| f.name == p.display_name && f.provider == Some(p.id)),
                "{}",
                p.id
            );
        }
    }

    #[test]
    fn foreign_variables_are_not_ours_and_target_real_providers() {
        let ours: Vec<&str> = LOCAL_PROVIDERS
            .iter()
            .flat_map(|p| [p.base_url_env, p.api_key_env])
            .chain([LOCAL_LLM_BASE_URL, LOCAL_LLM_API_KEY])
            .collect();
        for (i, fv) in FOREIGN_VARIABLES.iter().enumerate() {
            assert!(!ours.contains(&fv.name), "{}", fv.name);
            assert!(FOREIGN_VARIABLES[..i].iter().all(|e| e.name != fv.name));
            if let ForeignTarget::Provider(id) = fv.target {
                assert!(local_provider_by_id(id).is_some(), "{id}");
            }
        }
    }
}
