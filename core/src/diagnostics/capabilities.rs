//! What a server's metadata (and `probe --tools`) says about a model, as
//! diagnostics: a context window too small for an agent, no tool calling,
//! tool calls left in the text, a model not loaded. Each fix is the exact
//! setting of the server that answered, from [`CAPABILITY_FIXES`].

use super::{Diagnostic, DiagnosticKind, Severity};
use crate::capabilities::tools::{ToolsOutcome, ToolsProbe};
use crate::capabilities::{Capabilities, Family, LoadState, Support};

/// The default `--min-context`: 64000 tokens. Ollama's own docs recommend
/// "at least 64000 tokens" for "agents, and coding tools"
/// (`docs/context-length.mdx`), and a window of at least 64k for each
/// agent they cover (Codex, Claude Code, OpenCode, Droid, Copilot CLI,
/// OpenClaw: `docs/integrations/*.mdx`). One Codex turn alone sent about
/// 4.6k tokens of system prompt and tool definitions here
/// (`shared/reference/real-servers.md`, section 5), so a 2048- or
/// 4096-token default window cuts even the first request.
pub const DEFAULT_MIN_CONTEXT: u64 = 64_000;

/// A window at most this fraction of the model's own is "far below" it.
const FAR_BELOW: u64 = 4;

/// How to fix each finding on one server family. `{n}` is a window in
/// tokens, `{model}` the served name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapabilityFix {
    /// The family.
    pub family: Family,
    /// Serve a window of `{n}` tokens.
    pub context: &'static str,
    /// Make tool calls possible.
    pub tools: &'static str,
    /// Make the template parse tool calls.
    pub call_as_text: &'static str,
    /// Load the model ahead of the first request.
    pub not_loaded: &'static str,
}

/// Every family's fixes.
pub const CAPABILITY_FIXES: &[CapabilityFix] = &[
    CapabilityFix {
        family: Family::Ollama,
        context: "serve a larger window: `OLLAMA_CONTEXT_LENGTH={n} ollama serve`, or `PARAMETER num_ctx {n}` in the model's Modelfile (then `ollama create`)",
        tools: "use a model whose `ollama show {model}` lists `tools` under Capabilities",
        call_as_text: "update Ollama, or use a model whose `ollama show {model}` lists `tools`: its template then parses calls",
        not_loaded: "load it ahead: `ollama run {model} \"\"` (kept for `OLLAMA_KEEP_ALIVE`, 5 minutes by default), or wait for the load: `--wait`",
    },
    CapabilityFix {
        family: Family::LlamaCpp,
        context: "restart it with a larger window: `llama-server --ctx-size {n}` (each of `--parallel` slots gets its share)",
        tools: "restart `llama-server` with `--jinja`, and a chat template that supports tools (`--chat-template-file`) if the model's own does not",
        call_as_text: "restart `llama-server` with `--jinja` and a chat template that supports tools (`--chat-template-file`)",
        not_loaded: "it sleeps after `--sleep-idle-seconds`: the next request wakes it; wait for it with `--wait`",
    },
    CapabilityFix {
        family: Family::Vllm,
        context: "restart it with a larger window: `vllm serve {model} --max-model-len {n}`",
        tools: "restart it with tool calling on: `vllm serve {model} --enable-auto-tool-choice --tool-call-parser <parser>` (the parser of the model's family, e.g. `hermes`, `llama3_json`)",
        call_as_text: "restart it with the model's parser: `vllm serve {model} --enable-auto-tool-choice --tool-call-parser <parser>`",
        not_loaded: "wait for the load: `--wait`",
    },
    CapabilityFix {
        family: Family::LmStudio,
        context: "load it with a larger window: `lms load {model} --context-length {n}`, or raise Context Length in the model's load settings",
        tools: "use a model LM Studio marks for tool use (`capabilities` lists `tool_use`)",
        call_as_text: "use a model LM Studio marks for tool use, or update LM Studio",
        not_loaded: "load it ahead: `lms load {model}`, or wait for LM Studio's JIT load: `--wait`",
    },
    CapabilityFix {
        family: Family::LiteLlm,
        context: "route `{model}` to a backend that serves {n} tokens or more, and set `model_info.max_input_tokens` in the proxy's config to what it serves",
        tools: "route `{model}` to a model that calls tools; `model_info.supports_function_calling` in the proxy's config says so",
        call_as_text: "turn on tool-call parsing in the backend behind LiteLLM (`--jinja` for llama.cpp, `--tool-call-parser` for vLLM)",
        not_loaded: "wait for the backend's load: `--wait`",
    },
    CapabilityFix {
        family: Family::LlamaCppPython,
        context: "restart it with a larger window: `python -m llama_cpp.server --n_ctx {n}`",
        tools: "restart it with a function-calling chat format: `python -m llama_cpp.server --chat_format chatml-function-calling`",
        call_as_text: "restart it with a function-calling chat format: `--chat_format chatml-function-calling`",
        not_loaded: "wait for the load: `--wait`",
    },
];

/// The fixes for `family`, when known.
fn fixes(family: Option<Family>) -> Option<&'static CapabilityFix> {
    CAPABILITY_FIXES.iter().find(|f| Some(f.family) == family)
}

fn fill(template: &str, model: &str, n: u64) -> String {
    template
        .replace("{model}", model)
        .replace("{n}", &n.to_string())
}

/// What the capabilities (and a `probe --tools` answer) say against an
/// agent's needs: `context_too_small` when the served window is under
/// `min_context` or at most a quarter of the model's own,
/// `tools_unsupported`, `tool_call_as_text`, `model_not_loaded`.
///
/// ```
/// use modelroute_core::capabilities::{read, Family, Reply};
/// use modelroute_core::diagnostics::diagnose_capabilities;
///
/// let models = br#"{"data":[{"id":"smollm2","meta":{"n_ctx":2048,"n_ctx_train":8192}}]}"#;
/// let caps = read(Family::LlamaCpp, "smollm2", Some(Reply::ok(models)), &[]);
/// let found = diagnose_capabilities(Some(Family::LlamaCpp), "smollm2", &caps, 8192, None);
/// assert_eq!(found[0].code, "context_too_small");
/// assert!(found[0].fix.contains("llama-server --ctx-size 8192"));
/// ```
pub fn diagnose_capabilities(
    family: Option<Family>,
    model: &str,
    caps: &Capabilities,
    min_context: u64,
    tools_probe: Option<&ToolsProbe>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let fix = fixes(family);
    let fix_or = |pick: fn(&CapabilityFix) -> &'static str, n: u64, generic: &str| {
        fix.map_or_else(|| generic.to_owned(), |f| fill(pick(f), model, n))
    };

    if let Some(served) = caps.context.served {
        let max = caps.context.max;
        let source = caps.context.source.as_deref().unwrap_or("the server");
        if served < min_context {
            let (message, n) = match max {
                Some(max) if max < min_context => (
                    format!("`{model}` is served with a {served}-token context window, and the model itself supports only {max}: an agent needs {min_context} (`--min-context`); read from {source}"),
                    max,
                ),
                Some(max) => (
                    format!("`{model}` is served with a {served}-token context window, under the {min_context} an agent needs (`--min-context`), though the model supports {max}; read from {source}"),
                    min_context,
                ),
                None => (
                    format!("`{model}` is served with a {served}-token context window, under the {min_context} an agent needs (`--min-context`); read from {source}"),
                    min_context,
                ),
            };
            let mut text = fix_or(
                |f| f.context,
                n,
                &format!("serve a window of at least {n} tokens"),
            );
            if max.is_some_and(|m| m < min_context) {
                text.push_str(&format!(
                    "; for {min_context} tokens, choose a model trained for them"
                ));
            }
            out.push(Diagnostic::new(
                DiagnosticKind::ContextTooSmall,
                Severity::Warning,
                message,
                text,
            ));
        } else if let Some(max) = max.filter(|m| served.saturating_mul(FAR_BELOW) <= *m) {
            out.push(Diagnostic::new(
                DiagnosticKind::ContextTooSmall,
                Severity::Info,
                format!("`{model}` is served with {served} of the {max} tokens of context it supports; read from {source}"),
                fix_or(|f| f.context, max, &format!("serve up to {max} tokens")),
            ));
        }
    }

    let refused = tools_probe.filter(|t| t.outcome == ToolsOutcome::Refused);
    if let Some(t) = refused {
        out.push(Diagnostic::new(
            DiagnosticKind::ToolsUnsupported,
            Severity::Warning,
            format!(
                "the server refused a request with tools for `{model}`: {}",
                t.detail
            ),
            fix_or(|f| f.tools, 0, "use a server and model that call tools"),
        ));
    } else if caps.tools.support == Support::No {
        out.push(Diagnostic::new(
            DiagnosticKind::ToolsUnsupported,
            Severity::Warning,
            format!(
                "the server says `{model}` cannot call tools ({})",
                caps.tools.source.as_deref().unwrap_or("its metadata")
            ),
            fix_or(|f| f.tools, 0, "use a server and model that call tools"),
        ));
    }

    if let Some(t) = tools_probe.filter(|t| t.outcome == ToolsOutcome::CallAsText) {
        out.push(Diagnostic::new(
            DiagnosticKind::ToolCallAsText,
            Severity::Warning,
            format!("`{model}` wrote its tool call into the answer's text, so an agent sees prose, not a call: {}", t.detail),
            fix_or(
                |f| f.call_as_text,
                0,
                "turn on the server's tool-call parsing for this model",
            ),
        ));
    }

    if caps.state == LoadState::NotLoaded {
        out.push(Diagnostic::new(
            DiagnosticKind::ModelNotLoaded,
            Severity::Info,
            format!("`{model}` is not loaded: the first request waits while the server loads it, which can outlast a client's timeout"),
            fix_or(|f| f.not_loaded, 0, "wait for the load: `--wait`"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_has_fixes_that_name_what_they_fill() {
        for row in crate::capabilities::FAMILIES {
            let f = fixes(Some(row.family)).unwrap_or_else(|| panic!("{:?}", row.family));
            assert!(f.context.contains("{n}"), "{:?}", row.family);
            for text in [f.context, f.tools, f.call_as_text, f.not_loaded] {
                assert!(!text.ends_with('.'), "{text}");
            }
        }
        assert_eq!(CAPABILITY_FIXES.len(), crate::capabilities::FAMILIES.len());
    }
}
