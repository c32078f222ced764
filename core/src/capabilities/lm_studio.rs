//! LM Studio: `GET /api/v0/models`, whose entries carry `state`
//! (`loaded`, `not-loaded`), `max_context_length`, `loaded_context_length`
//! (when loaded), `type` (`llm`, `vlm`, `embeddings`), `quantization`,
//! `arch` and, since 0.3.16, `capabilities` (`["tool_use"]`).
//!
//! Shape: LM Studio's docs, `1_developer/2_rest/endpoints.mdx` ("REST API
//! v0") and `api-changelog.md` (0.3.16).

use serde_json::Value;

use super::fields::{self, Source};
use super::{Capabilities, Finding, LoadState, Reply, Support};

const NAME: &str = "LM Studio";
const ENDPOINT: &str = "/api/v0/models";

pub(super) fn read(model: &str, models: Option<Reply<'_>>) -> Capabilities {
    let mut caps = Capabilities::unknown();
    let Some(entry) = fields::entry(models, model) else {
        return caps;
    };
    caps.state = match entry.get("state").and_then(Value::as_str) {
        Some("loaded") => LoadState::Loaded,
        Some("not-loaded") => LoadState::NotLoaded,
        Some("loading") => LoadState::Loading,
        _ => LoadState::Unknown,
    };
    let mut source = Source::default();
    if caps.state == LoadState::Loaded {
        caps.context.served = fields::tokens(entry.get("loaded_context_length"));
        if caps.context.served.is_some() {
            source.add(ENDPOINT, "loaded_context_length");
        }
    }
    caps.context.max = fields::tokens(entry.get("max_context_length"));
    if caps.context.max.is_some() {
        source.add(ENDPOINT, "max_context_length");
    }
    caps.context.source = source.render(NAME);
    caps.vision = match entry.get("type").and_then(Value::as_str) {
        Some("vlm") => said(Support::Yes, "type"),
        Some("llm") => said(Support::No, "type"),
        _ => Finding::UNKNOWN,
    };
    if let Some(list) = entry.get("capabilities").and_then(Value::as_array) {
        let yes = list.iter().any(|c| c.as_str() == Some("tool_use"));
        caps.tools = said(if yes { Support::Yes } else { Support::No }, "capabilities");
    }
    caps.quantization = fields::name(entry.get("quantization"));
    caps.model_family = fields::name(entry.get("arch"));
    caps
}

fn said(support: Support, field: &str) -> Finding {
    Finding {
        support,
        source: Some(format!("{NAME} {ENDPOINT} {field}")),
    }
}
