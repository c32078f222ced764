//! The exports for coding agents: `codex` (TOML), `opencode`, `pi`,
//! `goose` and `aider-metadata` (JSON).
//!
//! Each points the agent at the server through the agent's own
//! "custom OpenAI-compatible provider" mechanism, under the provider id
//! `modelroute-<server>` (never a name an agent reserves for a built-in
//! provider: Codex refuses to redefine `openai`, `ollama` and `lmstudio`).
//! Where the agent can read the key from an environment variable, the file
//! names the variable (the one `--to env` writes) instead of holding the
//! key; so these files carry no secret unless the agent has no such
//! reference (pi's literal placeholder is public). The context window is
//! written only when the caller gave one ([`super::ExportOptions::context`]).
//!
//! Sources, beside each writer and in `docs/export.md`, where the tested
//! tool versions are listed too.

use std::collections::BTreeMap;

use serde::Serialize;

use super::json::{json_quote, to_json_pretty};
use super::{ExportError, ExportErrorKind, ExportFormat, Target, Unrepresentable, Writer};
use crate::hf_token::BILL_TO_HEADER;
use crate::providers::PLACEHOLDER_API_KEY;

/// What agents show as the provider's name: `llama.cpp (modelroute)`.
fn display_name(t: &Target<'_>) -> String {
    let server = t.provider.map_or("Hugging Face Router", |p| p.display_name);
    format!("{server} (modelroute)")
}

/// The billing header, when the resolution carries one.
fn headers<'t>(t: &Target<'t>) -> Option<BTreeMap<&'static str, &'t str>> {
    t.bill_to.map(|b| BTreeMap::from([(BILL_TO_HEADER, b)]))
}

// --- codex ------------------------------------------------------------------

/// Codex's `config.toml` (https://developers.openai.com/codex/config-reference):
/// top-level `model`, `model_provider`, `model_context_window` and
/// `model_reasoning_effort`; a `[model_providers.<id>]` table with `name`,
/// `base_url` (ending in `/v1`; Codex appends `/responses`), `env_key` (the
/// variable Codex reads the key from; without it Codex sends no key),
/// `wire_api` and `http_headers`. Codex speaks only the Responses API
/// (`wire_api = "responses"`, the one value it accepts since 2026), so the
/// comment says whether the server family serves `/v1/responses`
/// ([`super::routes::ServerRoutes::responses_api`]).
pub(super) fn codex(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    t.require_key(ExportFormat::Codex)?;
    let provider = t.provider_key();
    w.comment(
        "Codex's config.toml (https://developers.openai.com/codex/config-reference).\nCodex reads model providers only from the user-level file, $CODEX_HOME/config.toml\n(~/.codex/config.toml): a project's .codex/config.toml cannot set model_provider.\nMerge these keys into it; `modelroute export --write` does, keeping every other key.",
    );
    w.comment(&format!(
        "wire_api: Codex speaks only the Responses API; {}",
        t.routes.responses_api
    ));
    match t.key_var() {
        Some(var) => w.comment(&format!(
            "Codex reads the key from ${var} when it starts: set it, e.g. with\neval \"$(modelroute export {} --to env)\"",
            super::printable(t.id)
        )),
        None => w.comment("the server needs no key, so no env_key: Codex sends none"),
    }
    if t.context.is_none() {
        w.comment("no model_context_window: give --context N (what the server serves per request);\nwithout it Codex assumes its default window for a model it does not know");
    }
    let mut top = vec![
        ("model", toml_str(t.name)),
        ("model_provider", toml_str(&provider)),
    ];
    if let Some(n) = t.context {
        top.push(("model_context_window", n.to_string()));
    }
    if let Some(level) = t.effort {
        top.push(("model_reasoning_effort", toml_str(level)));
    }
    for (k, v) in &top {
        w.line(&format!("{k} = {v}"));
    }
    w.line("");
    w.line(&format!("[model_providers.{}]", toml_key(&provider)));
    w.line(&format!("name = {}", toml_str(&display_name(t))));
    w.line(&format!("base_url = {}", toml_str(t.api_base)));
    if let Some(var) = t.key_var() {
        w.line(&format!("env_key = {}", toml_str(var)));
    }
    w.line("wire_api = \"responses\"");
    if let Some(h) = headers(t) {
        let inline: Vec<String> = h
            .iter()
            .map(|(k, v)| format!("{} = {}", toml_str(k), toml_str(v)))
            .collect();
        w.line(&format!("http_headers = {{ {} }}", inline.join(", ")));
    }
    Ok(())
}

/// A TOML basic string: JSON's quoting as [`json_quote`] writes it is one
/// (it escapes every control character and DEL as `\uXXXX`, which TOML
/// requires, and nothing TOML does not know).
fn toml_str(s: &str) -> String {
    json_quote(s)
}

/// A TOML key: bare when it is made of `A-Za-z0-9_-`, else quoted.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_owned()
    } else {
        toml_str(k)
    }
}

// --- opencode ---------------------------------------------------------------

/// `opencode.json` (https://opencode.ai/docs/providers/#custom-provider;
/// schema https://opencode.ai/config.json): a provider on
/// `@ai-sdk/openai-compatible` with `options.baseURL`, the key as
/// `{env:VAR}` (opencode substitutes it when it loads the file), the
/// model under `models` with `limit.context` when known, and the
/// top-level `model` as `<provider>/<model>`.
pub(super) fn opencode(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    t.require_key(ExportFormat::Opencode)?;
    #[derive(Serialize)]
    struct Doc<'a> {
        #[serde(rename = "$schema")]
        schema: &'static str,
        provider: BTreeMap<String, Provider<'a>>,
        model: String,
    }
    #[derive(Serialize)]
    struct Provider<'a> {
        npm: &'static str,
        name: String,
        options: Options<'a>,
        models: BTreeMap<&'a str, Model<'a>>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Options<'a> {
        #[serde(rename = "baseURL")]
        base_url: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        api_key: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        headers: Option<BTreeMap<&'static str, &'a str>>,
    }
    #[derive(Serialize)]
    struct Model<'a> {
        name: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<Limit>,
        #[serde(skip_serializing_if = "Option::is_none")]
        options: Option<ModelOptions>,
    }
    #[derive(Serialize)]
    struct Limit {
        context: u32,
        /// opencode's schema requires it beside `context`; 0 leaves the
        /// answer's length to the server, as when no limit is given.
        output: u32,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct ModelOptions {
        reasoning_effort: &'static str,
    }
    let provider = t.provider_key();
    let doc = Doc {
        schema: "https://opencode.ai/config.json",
        provider: BTreeMap::from([(
            provider.clone(),
            Provider {
                npm: "@ai-sdk/openai-compatible",
                name: display_name(t),
                options: Options {
                    base_url: t.api_base,
                    api_key: t.key_var().map(|v| format!("{{env:{v}}}")),
                    headers: headers(t),
                },
                models: BTreeMap::from([(
                    t.name,
                    Model {
                        name: t.name,
                        limit: t.context.map(|context| Limit { context, output: 0 }),
                        options: t
                            .effort
                            .map(|reasoning_effort| ModelOptions { reasoning_effort }),
                    },
                )]),
            },
        )]),
        model: format!("{provider}/{}", t.name),
    };
    w.line(&to_json_pretty(&doc));
    Ok(())
}

// --- pi ---------------------------------------------------------------------

/// pi's `~/.pi/agent/models.json`
/// (https://github.com/earendil-works/pi/blob/main/packages/coding-agent/docs/models.md):
/// `providers.<id>` with `baseUrl`, `api: "openai-completions"`, `apiKey`
/// (a variable's name, which pi resolves, or a literal: the public
/// placeholder when the server needs no key, since pi requires one),
/// `headers`, and `models` with `id` and `contextWindow` when known.
pub(super) fn pi(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    t.require_key(ExportFormat::Pi)?;
    #[derive(Serialize)]
    struct Doc<'a> {
        providers: BTreeMap<String, Provider<'a>>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Provider<'a> {
        base_url: &'a str,
        api: &'static str,
        api_key: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        headers: Option<BTreeMap<&'static str, &'a str>>,
        models: Vec<Model<'a>>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Model<'a> {
        id: &'a str,
        name: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        context_window: Option<u32>,
    }
    let doc = Doc {
        providers: BTreeMap::from([(
            t.provider_key(),
            Provider {
                base_url: t.api_base,
                api: "openai-completions",
                api_key: t.key_var().unwrap_or(PLACEHOLDER_API_KEY),
                headers: headers(t),
                models: vec![Model {
                    id: t.name,
                    name: t.id,
                    context_window: t.context,
                }],
            },
        )]),
    };
    w.line(&to_json_pretty(&doc));
    Ok(())
}

// --- goose ------------------------------------------------------------------

/// A goose declarative provider, `~/.config/goose/custom_providers/<name>.json`
/// (goose `crates/goose/src/config/declarative_providers.rs`,
/// `DeclarativeProviderConfig`): `engine: "openai"`, `api_key_env` (goose
/// reads the key from that variable or its keyring), `base_url` and
/// `models` with `name` and `context_limit`, which goose requires: so this
/// format needs `--context`. `base_url` is the full chat completions URL:
/// goose takes any path but a bare `/v1` as the request path itself.
pub(super) fn goose(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    t.require_key(ExportFormat::Goose)?;
    #[derive(Serialize)]
    struct Doc<'a> {
        name: String,
        engine: &'static str,
        display_name: String,
        description: String,
        api_key_env: &'static str,
        requires_auth: bool,
        base_url: String,
        models: Vec<Model<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        headers: Option<BTreeMap<&'static str, &'a str>>,
        supports_streaming: bool,
    }
    #[derive(Serialize)]
    struct Model<'a> {
        name: &'a str,
        context_limit: u32,
    }
    let context = t.context.ok_or_else(|| ExportErrorKind::NeedsContext {
        format: ExportFormat::Goose,
        id: t.id.to_owned(),
    })?;
    let var = t.key_var();
    let doc = Doc {
        name: t.provider_key().replace('-', "_"),
        engine: "openai",
        display_name: display_name(t),
        description: format!("{} through modelroute export", t.id),
        api_key_env: var.unwrap_or(""),
        requires_auth: var.is_some(),
        base_url: t.chat_url(),
        models: vec![Model {
            name: t.name,
            context_limit: context,
        }],
        headers: headers(t),
        supports_streaming: true,
    };
    w.line(&to_json_pretty(&doc));
    Ok(())
}

// --- aider-metadata ---------------------------------------------------------

/// aider's `.aider.model.metadata.json`
/// (https://aider.chat/docs/config/adv-model-settings.html#context-window-size-and-token-costs):
/// LiteLLM's model-cost entry for the name aider is given (the `aider`
/// export's `model`), with `max_input_tokens`, `litellm_provider` and
/// `mode`. Without it aider warns "unknown context window". Only the
/// window is known, so only the window is written: no token costs.
pub(super) fn aider_metadata(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    #[derive(Serialize)]
    struct Entry {
        max_input_tokens: u32,
        litellm_provider: String,
        mode: &'static str,
    }
    let context = t.context.ok_or_else(|| ExportErrorKind::NeedsContext {
        format: ExportFormat::AiderMetadata,
        id: t.id.to_owned(),
    })?;
    let (model, prefix) = super::yaml::aider_model(t);
    w.check("model", &model, &[Unrepresentable::Nul])?;
    let doc = BTreeMap::from([(
        model,
        Entry {
            max_input_tokens: context,
            litellm_provider: prefix.trim_end_matches('/').to_owned(),
            mode: "chat",
        },
    )]);
    w.line(&to_json_pretty(&doc));
    Ok(())
}
