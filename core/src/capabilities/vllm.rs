//! vLLM: the `/v1/models` entry's `max_model_len`, the window it serves
//! (`vllm serve --max-model-len`, by default the model's own).
//!
//! Shape: vLLM's `ModelCard` (`vllm/entrypoints/openai/protocol.py`).
//! vLLM does not say whether tool calling is on
//! (`--enable-auto-tool-choice`): `probe --tools` finds out.

use super::fields::{self, Source};
use super::{Capabilities, LoadState, Reply};

const NAME: &str = "vLLM";

pub(super) fn read(model: &str, models: Option<Reply<'_>>) -> Capabilities {
    let mut caps = Capabilities::unknown();
    let Some(entry) = fields::entry(models, model) else {
        return caps;
    };
    // vLLM opens its API only once the model is loaded.
    caps.state = LoadState::Loaded;
    caps.context.served = fields::tokens(entry.get("max_model_len"));
    let mut source = Source::default();
    if caps.context.served.is_some() {
        source.add("/v1/models", "max_model_len");
    }
    caps.context.source = source.render(NAME);
    caps
}
