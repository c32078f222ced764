//! What a served model can do for an agent, read from the server's own
//! metadata: the context window it serves and the one it was trained for,
//! tool calling, vision, and whether it is loaded.
//!
//! Each server family publishes some of this at its own endpoints (the
//! table is [`FAMILIES`]; `docs/capabilities.md` lists every field). The
//! CLI fetches what [`requests`] names, at most one request per family
//! beyond the `/models` list the probe already has (Ollama needs two:
//! `/api/show` and `/api/ps`), and hands the bodies to [`read`], which
//! turns them into one [`Capabilities`] value. Nothing here does I/O.
//!
//! A parser never guesses: a field that is missing, of the wrong type, out
//! of range (a context of 0, a negative or absurdly large number) or
//! buried in JSON nested too deep gives `unknown`/`null`, never a panic
//! and never a default. `tests/capabilities.rs` replays a recorded
//! response of every family (`core/tests/fixtures/capabilities/`), and a
//! proptest and a cargo-fuzz target (`fuzz/fuzz_targets/capabilities.rs`)
//! feed them hostile metadata.
//!
//! ```
//! use modelroute_core::capabilities::{read, Family, Reply, Support, LoadState};
//!
//! let models = br#"{"object":"list","data":[{"id":"smollm2","owned_by":"llamacpp",
//!   "meta":{"n_ctx":3072,"n_ctx_train":8192,"n_params":134515008}}]}"#;
//! let props = br#"{"chat_template_caps":{"supports_tool_calls":false},
//!   "modalities":{"vision":false},"is_sleeping":false}"#;
//! let caps = read(Family::LlamaCpp, "smollm2", Some(Reply::ok(models)), &[Some(Reply::ok(props))]);
//! assert_eq!(caps.context.served, Some(3072));
//! assert_eq!(caps.context.max, Some(8192));
//! assert_eq!(caps.context.source.as_deref(), Some("llama.cpp /v1/models meta.n_ctx, meta.n_ctx_train"));
//! assert_eq!(caps.tools.support, Support::No);
//! assert_eq!(caps.state, LoadState::Loaded);
//! ```

use serde::Serialize;

mod family;
mod fields;
mod litellm;
mod llama_cpp;
mod lm_studio;
mod ollama;
pub mod tools;
mod vllm;

pub use family::{requests, Family, FamilyRow, MetadataRequest, FAMILIES};
pub use fields::{is_loading_body, MAX_TOKENS};

/// `yes`, `no` or `unknown`: whether the server says the model can do
/// something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// The server says it can.
    Yes,
    /// The server says it cannot.
    No,
    /// The server does not say, or said something unreadable.
    Unknown,
}

/// Whether the model is in memory, ready to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadState {
    /// Loaded: a request is answered without a load first.
    Loaded,
    /// Being loaded right now (llama.cpp's 503 `Loading model`, LM
    /// Studio's `loading`).
    Loading,
    /// Not in memory: the first request loads it (Ollama, LM Studio's
    /// JIT loading) or the server sleeps (llama.cpp `is_sleeping`).
    NotLoaded,
    /// The server does not say.
    Unknown,
}

/// The context windows, in tokens, and where they were read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextWindow {
    /// The tokens the server really uses for one request (per slot).
    pub served: Option<u64>,
    /// The model's trained or maximum context.
    pub max: Option<u64>,
    /// The endpoint and fields read, e.g. `llama.cpp /v1/models
    /// meta.n_ctx, meta.n_ctx_train`; `None` when neither is known.
    pub source: Option<String>,
}

/// A yes/no/unknown finding and where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What the server says.
    pub support: Support,
    /// The endpoint and field read; `None` when the server does not say.
    pub source: Option<String>,
}

impl Finding {
    /// Nothing known.
    pub const UNKNOWN: Finding = Finding {
        support: Support::Unknown,
        source: None,
    };
}

/// What the server says about one model. Serialized (in `probe --json`,
/// `doctor --json` and each model of `discover --json`) as
/// `{"context": {"served", "max", "source"}, "tools": {"support", "source"},
/// "vision": {...}, "state", "quantization", "parameter_count", "model_family"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capabilities {
    /// The served and maximum context windows.
    pub context: ContextWindow,
    /// Tool (function) calling.
    pub tools: Finding,
    /// Image input.
    pub vision: Finding,
    /// Loaded, loading, not loaded or unknown.
    pub state: LoadState,
    /// The quantization, where the server names it (`Q4_K_M`, `4bit`).
    pub quantization: Option<String>,
    /// The number of parameters, where the server counts them.
    pub parameter_count: Option<u64>,
    /// The model's architecture family (`llama`, `qwen2`), where the
    /// server names it.
    pub model_family: Option<String>,
}

impl Capabilities {
    /// Nothing known: what a server that publishes nothing gets
    /// (llama-cpp-python, or a family modelroute cannot tell).
    ///
    /// ```
    /// let caps = modelroute_core::capabilities::Capabilities::unknown();
    /// assert_eq!(serde_json::to_string(&caps.context).unwrap(), r#"{"served":null,"max":null,"source":null}"#);
    /// ```
    pub fn unknown() -> Self {
        Capabilities {
            context: ContextWindow {
                served: None,
                max: None,
                source: None,
            },
            tools: Finding::UNKNOWN,
            vision: Finding::UNKNOWN,
            state: LoadState::Unknown,
            quantization: None,
            parameter_count: None,
            model_family: None,
        }
    }
}

/// One answer the CLI got: its status and body (already capped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reply<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: &'a [u8],
}

impl<'a> Reply<'a> {
    /// A 200 answer with `body`.
    pub fn ok(body: &'a [u8]) -> Self {
        Reply { status: 200, body }
    }

    /// The body of a 200 answer, parsed; `None` for any other status or
    /// for a body that is not JSON (too deep included).
    pub(crate) fn json(self) -> Option<serde_json::Value> {
        (self.status == 200)
            .then(|| serde_json::from_slice(self.body).ok())
            .flatten()
    }
}

/// Reads what `family` said about `model`: `models` is its answer to
/// `GET <api_base>/models` (when the probe has one), `extra` the answers to
/// [`requests`]`(family, model)`, in that order (`None` where a request
/// failed or was not sent).
///
/// Any answer that is llama.cpp's 503 `Loading model` makes the state
/// `loading`, whatever the family.
pub fn read(
    family: Family,
    model: &str,
    models: Option<Reply<'_>>,
    extra: &[Option<Reply<'_>>],
) -> Capabilities {
    let get = |i: usize| extra.get(i).copied().flatten();
    let mut caps = match family {
        Family::Ollama => ollama::read(model, get(0), get(1)),
        Family::LlamaCpp => llama_cpp::read(model, models, get(0)),
        Family::Vllm => vllm::read(model, models),
        Family::LmStudio => lm_studio::read(model, get(0)),
        Family::LiteLlm => litellm::read(model, get(0)),
        Family::LlamaCppPython => Capabilities::unknown(),
    };
    let loading = models
        .into_iter()
        .chain(extra.iter().copied().flatten())
        .any(|r| is_loading_body(r.status, r.body));
    if loading {
        caps.state = LoadState::Loading;
    }
    caps
}
