//! `probe --tools`: one chat request with one trivial function, and what
//! the answer says about tool calling.
//!
//! A template that cannot parse tool calls lets the model write the call
//! into the text (`<tool_call>{"name": ...}</tool_call>` or bare JSON): the
//! agent then sees prose, not a call. That is told apart from a real
//! `tool_calls` answer, from plain text, and from a server that refuses
//! tools outright.

use serde::Serialize;
use serde_json::Value;

/// The function offered: trivial, so any tools-capable model calls it.
pub const TOOL_NAME: &str = "get_weather";

/// The most tokens the answer may have: enough for one small call.
pub const TOOLS_MAX_TOKENS: u32 = 64;

/// What a tools request got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolsOutcome {
    /// A real `tool_calls` answer.
    ToolCalls,
    /// Plain text, no call.
    Text,
    /// The server refused the request because of the tools.
    Refused,
    /// A call written into the text content: the template did not parse it.
    CallAsText,
}

/// The outcome with what supports it (the function called, the server's
/// words, or the start of the text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToolsProbe {
    /// The class of the answer.
    pub outcome: ToolsOutcome,
    /// What supports it.
    pub detail: String,
}

/// The body of the tools request for `model`.
///
/// ```
/// let body = modelroute_core::capabilities::tools::tools_body("m");
/// let v: serde_json::Value = serde_json::from_str(&body).unwrap();
/// assert_eq!(v["tool_choice"], "auto");
/// assert_eq!(v["tools"][0]["function"]["name"], "get_weather");
/// ```
pub fn tools_body(model: &str) -> String {
    serde_json::json!({
        "model": model,
        "messages": [{"role": "user", "content": "What is the weather in Paris? Call the get_weather tool."}],
        "tools": [{
            "type": "function",
            "function": {
                "name": TOOL_NAME,
                "description": "Get the current weather in a city",
                "parameters": {
                    "type": "object",
                    "properties": {"city": {"type": "string", "description": "The city"}},
                    "required": ["city"]
                }
            }
        }],
        "tool_choice": "auto",
        "max_tokens": TOOLS_MAX_TOKENS,
        "stream": false
    })
    .to_string()
}

/// Phrases of servers that refuse tools: Ollama ("does not support
/// tools"), llama.cpp without `--jinja` ("tools param requires --jinja
/// flag"), vLLM without `--enable-auto-tool-choice` ("\"auto\" tool choice
/// requires --enable-auto-tool-choice and --tool-call-parser to be set").
const REFUSALS: &[&str] = &[
    "does not support tools",
    "requires --jinja",
    "--enable-auto-tool-choice",
    "tool choice requires",
    "tools are not supported",
    "tool use is not supported",
    "function calling is not supported",
    "does not support function calling",
];

/// Markup models write around a call when the template leaves it in the
/// text (Hermes/Qwen `<tool_call>`, Llama 3 `<|python_tag|>`, Mistral
/// `[TOOL_CALLS]`, `<function=`).
const CALL_MARKUP: &[&str] = &[
    "<tool_call>",
    "<|python_tag|>",
    "[TOOL_CALLS]",
    "<function=",
    "<|tool_call",
];

/// Sorts the answer to [`tools_body`]. `None` when the answer says nothing
/// about tools (an error of another kind, a body that is not a
/// completion): the caller reports it as the failure it is.
///
/// ```
/// use modelroute_core::capabilities::tools::{classify_tools, ToolsOutcome};
/// let call = br#"{"choices":[{"message":{"role":"assistant","content":null,
///   "tool_calls":[{"id":"1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}}]}"#;
/// assert_eq!(classify_tools(200, call).unwrap().outcome, ToolsOutcome::ToolCalls);
/// let text = br#"{"choices":[{"message":{"role":"assistant","content":"<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}</tool_call>"}}]}"#;
/// assert_eq!(classify_tools(200, text).unwrap().outcome, ToolsOutcome::CallAsText);
/// let refused = br#"{"error":{"message":"tools param requires --jinja flag","type":"server_error"}}"#;
/// assert_eq!(classify_tools(500, refused).unwrap().outcome, ToolsOutcome::Refused);
/// assert_eq!(classify_tools(401, br#"{"detail":"Invalid API key"}"#), None);
/// ```
pub fn classify_tools(status: u16, body: &[u8]) -> Option<ToolsProbe> {
    let v: Option<Value> = serde_json::from_slice(body).ok();
    if !(200..300).contains(&status) {
        let said = v
            .as_ref()
            .and_then(error_message)
            .unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
        let lower = said.to_ascii_lowercase();
        return REFUSALS
            .iter()
            .any(|p| lower.contains(&p.to_ascii_lowercase()))
            .then(|| ToolsProbe {
                outcome: ToolsOutcome::Refused,
                detail: one_line(&said),
            });
    }
    let message = v?.get("choices")?.get(0)?.get("message")?.clone();
    let calls = message
        .get("tool_calls")
        .and_then(Value::as_array)
        .filter(|c| !c.is_empty());
    if let Some(calls) = calls {
        let names: Vec<String> = calls
            .iter()
            .filter_map(|c| c.get("function")?.get("name")?.as_str())
            .map(one_line)
            .collect();
        return Some(ToolsProbe {
            outcome: ToolsOutcome::ToolCalls,
            detail: format!("called {}", names.join(", ")),
        });
    }
    let content = message.get("content").and_then(Value::as_str).unwrap_or("");
    let outcome = if call_in_text(content) {
        ToolsOutcome::CallAsText
    } else {
        ToolsOutcome::Text
    };
    Some(ToolsProbe {
        outcome,
        detail: one_line(content),
    })
}

/// Whether text holds a call: known markup, or JSON naming a function
/// with its arguments (bare, or in a code fence).
fn call_in_text(content: &str) -> bool {
    if CALL_MARKUP.iter().any(|m| content.contains(m)) {
        return true;
    }
    let trimmed = content
        .trim()
        .trim_start_matches("```json")
        .trim_start_matches("```")
        .trim_end_matches("```")
        .trim();
    let Ok(v) = serde_json::from_str::<Value>(trimmed) else {
        return false;
    };
    let is_call = |v: &Value| {
        let inner = v.get("function").unwrap_or(v);
        inner.get("name").is_some_and(Value::is_string)
            && (inner.get("arguments").is_some() || inner.get("parameters").is_some())
    };
    match &v {
        Value::Array(items) => !items.is_empty() && items.iter().all(&is_call),
        other => is_call(other),
    }
}

/// An OpenAI-style error's message (`error.message`, `error`, `message`,
/// `detail`).
fn error_message(v: &Value) -> Option<String> {
    let e = v.get("error");
    e.and_then(|e| e.get("message").and_then(Value::as_str))
        .or_else(|| e.and_then(Value::as_str))
        .or_else(|| v.get("message").and_then(Value::as_str))
        .or_else(|| v.get("detail").and_then(Value::as_str))
        .map(str::to_owned)
}

/// At most 120 characters on one line, control characters made spaces.
fn one_line(s: &str) -> String {
    let line: String = s
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if line.chars().count() > 120 {
        format!("{}…", line.chars().take(120).collect::<String>())
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(content: &str) -> Vec<u8> {
        serde_json::json!({"choices":[{"message":{"role":"assistant","content":content}}]})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn calls_in_text_are_told_from_prose() {
        for text in [
            r#"{"name": "get_weather", "arguments": {"city": "Paris"}}"#,
            "```json\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}\n```",
            r#"[{"name": "get_weather", "arguments": {}}]"#,
            "<|python_tag|>get_weather.call(city=\"Paris\")",
        ] {
            assert_eq!(
                classify_tools(200, &answer(text)).unwrap().outcome,
                ToolsOutcome::CallAsText,
                "{text}"
            );
        }
        for text in ["It is sunny in Paris.", "{\"city\": \"Paris\"}", "[]", ""] {
            assert_eq!(
                classify_tools(200, &answer(text)).unwrap().outcome,
                ToolsOutcome::Text,
                "{text}"
            );
        }
    }

    #[test]
    fn refusals_are_read_from_each_servers_words() {
        let ollama = br#"{"error":{"message":"registry.ollama.ai/library/gemma:2b does not support tools","type":"api_error"}}"#;
        let vllm = br#"{"object":"error","message":"\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set","type":"BadRequestError","code":400}"#;
        assert_eq!(
            classify_tools(400, ollama).unwrap().outcome,
            ToolsOutcome::Refused
        );
        assert_eq!(
            classify_tools(400, vllm).unwrap().outcome,
            ToolsOutcome::Refused
        );
        assert_eq!(classify_tools(503, b"busy"), None);
        assert_eq!(classify_tools(200, b"not json"), None);
    }
}
