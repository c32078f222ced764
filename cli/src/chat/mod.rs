//! The chat client behind `run` and `shell`: from a resolution to a chat
//! completion, streamed as server-sent events or read as one JSON answer.
//!
//! It stands on the layers below it: the session's target
//! (`session::target`, so `openai/` ids read `OPENAI_BASE_URL` and
//! `OPENAI_API_KEY` as `probe` does), the one HTTP client of `net` (no
//! proxy, same-origin redirects only), and core's failure classes. Every read is bounded: at most
//! [`LINE_CAP`] bytes per event-stream line or per JSON answer, and no more
//! than the idle timeout between two pieces of the answer.
//!
//! How a stream ends:
//!
//! | what arrives | result |
//! |---|---|
//! | `data: [DONE]` | success (nothing after it is read) |
//! | `data: {"error": ...}` | an error; the class comes from the frame's `code` when it is an HTTP status, else `server_error` |
//! | end of the body after a chunk with a `finish_reason` | success: Ollama and llama.cpp may end without `[DONE]` |
//! | end of the body with no `finish_reason` | `connection_failed`: the answer was cut |
//! | the connection breaks | `connection_failed` |
//! | nothing for the idle timeout | `timeout` |
//! | a line over [`LINE_CAP`] | `bad_response` |

pub mod sse;

use std::io;
use std::time::Duration;

use modelroute_core::hf_token;
use modelroute_core::probe::{self, FailureClass, FailureKind, ProbeTarget};
use modelroute_core::{LiteLlmParams, ResolveOptions, Route};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::cli::ChatArgs;
use crate::environment::Environment;
use crate::error::CliError;
use crate::failure::ProbeFailure;
use crate::net;
use crate::session;

/// Largest event-stream line, event or JSON answer read (1 MiB).
pub const LINE_CAP: usize = net::BODY_CAP;

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// `system`, `user` or `assistant`.
    pub role: &'static str,
    pub content: String,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Self {
        Message {
            role: "system",
            content: content.into(),
        }
    }

    pub fn user(content: impl Into<String>) -> Self {
        Message {
            role: "user",
            content: content.into(),
        }
    }

    pub fn assistant(content: impl Into<String>) -> Self {
        Message {
            role: "assistant",
            content: content.into(),
        }
    }
}

/// Where a chat goes and what every request to it carries.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub target: ProbeTarget,
    /// The level the resolution sends as `reasoning_effort`, if any.
    pub effort: Option<&'static str>,
    /// Extra request headers of the resolution (`X-HF-Bill-To`).
    pub headers: Vec<(&'static str, String)>,
}

/// The effort level a resolution sends, at the top level of the body:
/// `reasoning_effort` for `openai/` ids, and the HF Router's
/// `extra_body.reasoning_effort`, which the OpenAI client merges into the
/// top level. Local resolutions carry none.
pub fn effort_field(litellm: &LiteLlmParams) -> Option<&'static str> {
    litellm
        .reasoning_effort
        .or(litellm.extra_body.as_ref().map(|b| b.reasoning_effort))
}

/// Resolves `id` (non-strict: an effort the route does not take is
/// dropped) into the endpoint to chat with.
pub fn endpoint(
    id: &str,
    env: &Environment,
    options: &ResolveOptions,
) -> Result<Endpoint, CliError> {
    let resolution = modelroute_core::resolve(id, env, options)?;
    let (route, target) =
        session::target(id, env, options).map_err(|t| t.into_error(id, "talk to"))?;
    if route != Route::Local && target.api_key.is_none() {
        return Err(session::no_key(&target, route, false).into());
    }
    let headers = resolution
        .litellm
        .extra_headers
        .as_ref()
        .map(|h| vec![(hf_token::BILL_TO_HEADER, h.bill_to.clone())])
        .unwrap_or_default();
    Ok(Endpoint {
        effort: effort_field(&resolution.litellm),
        target,
        headers,
    })
}

/// The endpoint for `id`, resolved non-strict (an effort the route does
/// not take is dropped) with the requested `effort`.
pub fn endpoint_for(
    id: &str,
    env: &Environment,
    effort: Option<String>,
    session_token: Option<&str>,
) -> Result<Endpoint, CliError> {
    let options = session::resolve_options(env, id, effort, false, session_token)?;
    endpoint(id, env, &options)
}

/// Sampling options of a request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sampling {
    pub max_tokens: Option<u32>,
    pub temperature: Option<f64>,
}

/// The request body: the model, the messages, `stream`, the sampling
/// options that are set, and the resolution's effort field.
pub fn body(endpoint: &Endpoint, messages: &[Message], sampling: Sampling, stream: bool) -> String {
    let mut b = Map::new();
    b.insert("model".into(), endpoint.target.model.clone().into());
    b.insert(
        "messages".into(),
        serde_json::to_value(messages).unwrap_or_default(),
    );
    b.insert("stream".into(), stream.into());
    if let Some(n) = sampling.max_tokens {
        b.insert("max_tokens".into(), n.into());
    }
    if let Some(t) = sampling.temperature {
        b.insert("temperature".into(), t.into());
    }
    if let Some(level) = endpoint.effort {
        b.insert("reasoning_effort".into(), level.into());
    }
    Value::Object(b).to_string()
}

impl From<&ChatArgs> for Sampling {
    fn from(args: &ChatArgs) -> Self {
        Sampling {
            max_tokens: args.max_tokens,
            temperature: args.temperature,
        }
    }
}

/// How long the client waits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest silence: before the answer starts, and between two pieces of it.
    pub idle: Duration,
    /// Deadline for the TCP connection.
    pub connect: Duration,
}

impl From<&ChatArgs> for Limits {
    fn from(args: &ChatArgs) -> Self {
        Limits {
            idle: args.timeout,
            connect: args.connect_timeout,
        }
    }
}

/// A finished answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub text: String,
    pub finish_reason: Option<String>,
}

/// Why a chat failed.
#[derive(Debug)]
pub enum ChatError {
    /// The server or the network failed; classified like a probe failure.
    Failure(ProbeFailure),
    /// Writing the answer failed.
    Output(io::Error),
}

impl From<ChatError> for CliError {
    fn from(e: ChatError) -> Self {
        match e {
            ChatError::Failure(f) => CliError::from(f),
            ChatError::Output(e) => CliError::from(e),
        }
    }
}

impl From<ProbeFailure> for ChatError {
    fn from(f: ProbeFailure) -> Self {
        ChatError::Failure(f)
    }
}

/// Sends one chat completion and hands the answer's text to `sink` as it
/// arrives (the whole text at once with `stream` false). With `keep_text`
/// false the returned [`Answer`] has no text: a headless run only prints,
/// so an endless stream costs no memory.
pub async fn complete(
    endpoint: &Endpoint,
    body: String,
    stream: bool,
    keep_text: bool,
    limits: Limits,
    sink: &mut dyn FnMut(&str) -> io::Result<()>,
) -> Result<Answer, ChatError> {
    let target = &endpoint.target;
    let fail = |kind| ChatError::Failure(ProbeFailure::new(kind, Some(target)));
    let client = net::client(limits.connect).map_err(|e| fail(net::transport(&e)))?;
    let mut req = net::post_json(
        &client,
        &target.chat_url,
        target.api_key.as_deref(),
        &endpoint.headers,
        body,
    );
    if stream {
        req = req.header("accept", "text/event-stream");
    }
    let mut resp = match tokio::time::timeout(limits.idle, req.send()).await {
        Err(_) => return Err(fail(silence(target, limits.idle, false))),
        Ok(Err(e)) => return Err(fail(transport(target, &e))),
        Ok(Ok(r)) => r,
    };
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    // A stream was asked for, but an error status, or a server that
    // answers with one JSON completion anyway, gets the whole body read.
    let whole = !stream
        || !(200..300).contains(&status)
        || content_type
            .as_deref()
            .is_some_and(|c| c.contains("json") || c.contains("html"));
    if whole {
        let bytes = read_all(&mut resp, target, limits.idle)
            .await
            .map_err(fail)?;
        probe::classify_completion(&target.chat_url, status, content_type.as_deref(), &bytes)
            .map_err(fail)?;
        let answer = whole_answer(&bytes);
        sink(&answer.text).map_err(ChatError::Output)?;
        return Ok(answer);
    }
    let mut decoder = sse::Decoder::new(LINE_CAP);
    let mut events = Vec::new();
    let mut assembly = Assembly {
        discard_text: !keep_text,
        ..Assembly::default()
    };
    let mut opening = Vec::new();
    loop {
        let chunk = match tokio::time::timeout(limits.idle, resp.chunk()).await {
            Err(_) => return Err(fail(silence(target, limits.idle, true))),
            Ok(Err(e)) => return Err(fail(broken(&e))),
            Ok(Ok(None)) => break,
            Ok(Ok(Some(chunk))) => chunk,
        };
        if opening.len() < 256 {
            opening.extend_from_slice(&chunk[..chunk.len().min(256 - opening.len())]);
        }
        decoder
            .feed(&chunk, &mut events)
            .map_err(|e| fail(too_long(target, e)))?;
        for data in events.drain(..) {
            match assembly.event(target, &data)? {
                Step::Done => return Ok(assembly.answer()),
                Step::Text(text) => sink(&text).map_err(ChatError::Output)?,
                Step::Nothing => {}
            }
        }
    }
    // The body ended. A last event without its blank line still counts,
    // unless it is a fragment cut off mid-way.
    if let Some(data) = decoder.finish().map_err(|e| fail(too_long(target, e)))? {
        match assembly.event(target, &data) {
            Ok(Step::Done) => return Ok(assembly.answer()),
            Ok(Step::Text(text)) => sink(&text).map_err(ChatError::Output)?,
            Ok(Step::Nothing) => {}
            Err(f) if f.class == FailureClass::BadResponse => return Err(fail(cut(target))),
            Err(f) => return Err(f.into()),
        }
    }
    Ok(assembly.at_end(target, &opening)?)
}

/// The text and finish reason of a non-streamed completion that
/// `classify_completion` accepted.
fn whole_answer(body: &[u8]) -> Answer {
    let v: Value = serde_json::from_slice(body).unwrap_or_default();
    let choice = &v["choices"][0];
    Answer {
        text: choice["message"]["content"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        finish_reason: choice["finish_reason"].as_str().map(str::to_owned),
    }
}

/// What one event meant.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// More of the answer.
    Text(String),
    /// Nothing to show (a role chunk, a usage chunk, a reasoning chunk).
    Nothing,
    /// `[DONE]`.
    Done,
}

/// The answer put together from its events.
#[derive(Debug, Default)]
pub struct Assembly {
    text: String,
    /// Hand text to the sink only, without keeping it.
    discard_text: bool,
    finish_reason: Option<String>,
    events: usize,
}

impl Assembly {
    /// Takes one event's data.
    pub fn event(&mut self, target: &ProbeTarget, data: &str) -> Result<Step, ProbeFailure> {
        self.events += 1;
        if data.trim() == "[DONE]" {
            return Ok(Step::Done);
        }
        let v: Value = serde_json::from_str(data).map_err(|e| {
            ProbeFailure::new(
                FailureKind::BadEvent {
                    url: target.chat_url.clone(),
                    cause: e.to_string(),
                    excerpt: probe::excerpt(data.as_bytes()),
                },
                Some(target),
            )
        })?;
        if let Some(error) = v.get("error").filter(|e| !e.is_null()) {
            return Err(ProbeFailure::new(
                stream_error(&target.chat_url, error),
                Some(target),
            ));
        }
        let mut text = String::new();
        for choice in v["choices"].as_array().into_iter().flatten() {
            if choice["index"].as_u64().unwrap_or(0) != 0 {
                continue;
            }
            if let Some(piece) = choice["delta"]["content"].as_str() {
                text.push_str(piece);
            }
            if let Some(reason) = choice["finish_reason"].as_str() {
                self.finish_reason = Some(reason.to_owned());
            }
        }
        if !self.discard_text {
            self.text.push_str(&text);
        }
        Ok(if text.is_empty() {
            Step::Nothing
        } else {
            Step::Text(text)
        })
    }

    /// The answer so far.
    pub fn answer(self) -> Answer {
        Answer {
            text: self.text,
            finish_reason: self.finish_reason,
        }
    }

    /// The body ended without `[DONE]`: complete only after a finish reason.
    pub fn at_end(self, target: &ProbeTarget, opening: &[u8]) -> Result<Answer, ProbeFailure> {
        if self.finish_reason.is_some() {
            return Ok(self.answer());
        }
        if self.events == 0 && !opening.is_empty() && !looks_like_events(opening) {
            return Err(ProbeFailure::new(
                FailureKind::NotEvents {
                    url: target.chat_url.clone(),
                    excerpt: probe::excerpt(opening),
                },
                Some(target),
            ));
        }
        Err(ProbeFailure::new(cut(target), Some(target)))
    }
}

/// Whether a body opens like an event stream: a comment or a field name.
fn looks_like_events(opening: &[u8]) -> bool {
    let text = String::from_utf8_lossy(opening);
    let text = text.trim_start_matches('\u{FEFF}');
    text.starts_with(':')
        || ["data", "event", "id", "retry"].iter().any(|field| {
            text.strip_prefix(field)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '\r', '\n']))
        })
}

/// An error frame in the middle of a stream (vLLM, llama.cpp, LiteLLM):
/// `{"error": {"message", "code", ...}}` or Ollama's `{"error": "..."}`.
fn stream_error(url: &str, error: &Value) -> FailureKind {
    let said = match error {
        Value::String(s) => s.clone(),
        other => other["message"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| other.to_string()),
    };
    let code = match &error["code"] {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
    .and_then(|c| u16::try_from(c).ok())
    .filter(|c| (400..600).contains(c));
    let envelope = serde_json::json!({ "error": { "message": said } }).to_string();
    let inner = probe::failure_for_status(url, code.unwrap_or(500), envelope.as_bytes());
    FailureKind::StreamError {
        code,
        said,
        inner: Box::new(inner),
    }
}

/// Nothing arrived for the idle timeout.
fn silence(target: &ProbeTarget, idle: Duration, started: bool) -> FailureKind {
    let url = target.chat_url.clone();
    if started {
        FailureKind::Stalled { url, after: idle }
    } else {
        FailureKind::Timeout {
            url,
            after: idle,
            during: "the request".to_owned(),
        }
    }
}

/// The body ended before the answer did.
fn cut(target: &ProbeTarget) -> FailureKind {
    FailureKind::Cut {
        url: target.chat_url.clone(),
    }
}

/// A transport error before any answer; a refused connection names the
/// server to start, as the probe does.
fn transport(target: &ProbeTarget, e: &reqwest::Error) -> FailureKind {
    let kind = net::transport(e);
    if kind.class() != FailureClass::ConnectionRefused {
        return kind;
    }
    let addrs = reqwest::Url::parse(&target.api_base)
        .ok()
        .and_then(|u| Some(format!("{}:{}", u.host_str()?, u.port_or_known_default()?)))
        .unwrap_or_else(|| target.api_base.clone());
    FailureKind::Refused { addrs }
}

/// The connection broke while the answer was arriving.
fn broken(e: &reqwest::Error) -> FailureKind {
    FailureKind::Broke {
        status: None,
        cause: net::chain(e),
    }
}

fn too_long(target: &ProbeTarget, e: sse::SseError) -> FailureKind {
    let sse::SseError::TooLong { cap } = e;
    FailureKind::LineTooLong {
        url: target.chat_url.clone(),
        cap,
    }
}

/// Reads a whole body, at most [`LINE_CAP`] bytes, with the idle timeout
/// between pieces.
async fn read_all(
    resp: &mut reqwest::Response,
    target: &ProbeTarget,
    idle: Duration,
) -> Result<Vec<u8>, FailureKind> {
    let mut body = Vec::new();
    loop {
        match tokio::time::timeout(idle, resp.chunk()).await {
            Err(_) => return Err(silence(target, idle, true)),
            Ok(Err(e)) => return Err(broken(&e)),
            Ok(Ok(None)) => return Ok(body),
            Ok(Ok(Some(chunk))) => {
                if body.len() + chunk.len() > LINE_CAP {
                    return Err(FailureKind::TooLarge {
                        url: Some(target.chat_url.clone()),
                        cap: LINE_CAP,
                    });
                }
                body.extend_from_slice(&chunk);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use modelroute_core::Source;

    fn target() -> ProbeTarget {
        ProbeTarget {
            api_base: "http://127.0.0.1:1/v1".into(),
            models_url: "http://127.0.0.1:1/v1/models".into(),
            chat_url: "http://127.0.0.1:1/v1/chat/completions".into(),
            model: "m".into(),
            api_key: None,
            key_source: Source::Default,
            base_source: Source::Default,
            provider: None,
        }
    }

    fn endpoint_for(id: &str, env: &[(&str, &str)], effort: Option<&str>) -> Endpoint {
        let env = Environment::from_map(
            env.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        let options = ResolveOptions {
            effort: effort.map(str::to_owned),
            ..ResolveOptions::default()
        };
        endpoint(id, &env, &options).unwrap()
    }

    fn json(body: &str) -> Value {
        serde_json::from_str(body).unwrap()
    }

    #[test]
    fn effort_goes_top_level_where_the_route_takes_it() {
        let messages = [Message::user("hi")];
        let openai = endpoint_for("openai/gpt-5", &[("OPENAI_API_KEY", "sk-x")], Some("high"));
        let b = json(&body(&openai, &messages, Sampling::default(), true));
        assert_eq!(b["reasoning_effort"], "high");
        assert_eq!(b["model"], "gpt-5");
        // The HF Router's extra_body is merged into the top level;
        // `minimal` becomes `low` there (SPEC §3).
        let hf = endpoint_for(
            "moonshotai/Kimi-K2",
            &[("HF_TOKEN", "hf_x")],
            Some("minimal"),
        );
        let b = json(&body(&hf, &messages, Sampling::default(), true));
        assert_eq!(b["reasoning_effort"], "low");
        assert!(b.get("extra_body").is_none());
        // Local servers never get one.
        let local = endpoint_for("ollama/llama3.1:8b", &[], Some("high"));
        let b = json(&body(&local, &messages, Sampling::default(), true));
        assert!(b.get("reasoning_effort").is_none(), "{b}");
        // A level the route refuses is dropped (non-strict).
        let dropped = endpoint_for("openai/gpt-5", &[("OPENAI_API_KEY", "sk-x")], Some("max"));
        assert_eq!(dropped.effort, None);
    }

    #[test]
    fn body_carries_messages_and_only_the_sampling_options_set() {
        let local = endpoint_for("vllm/org/m", &[], None);
        let messages = [Message::system("be brief"), Message::user("hi")];
        let b = json(&body(&local, &messages, Sampling::default(), false));
        assert_eq!(
            b,
            serde_json::json!({"model": "org/m", "messages": [
                {"role": "system", "content": "be brief"},
                {"role": "user", "content": "hi"}], "stream": false})
        );
        let sampling = Sampling {
            max_tokens: Some(5),
            temperature: Some(0.5),
        };
        let b = json(&body(&local, &messages, sampling, true));
        assert_eq!(b["max_tokens"], 5);
        assert_eq!(b["temperature"], 0.5);
    }

    #[test]
    fn billing_header_rides_along_with_inference_token() {
        let hf = endpoint_for("org/m", &[("INFERENCE_TOKEN", "it")], None);
        assert_eq!(hf.headers, [("X-HF-Bill-To", "smolagents".to_owned())]);
        assert_eq!(hf.target.api_key.as_deref(), Some("it"));
    }

    #[test]
    fn routes_without_an_endpoint_or_a_key_are_unusable() {
        let env = Environment::default();
        let options = ResolveOptions::default();
        for id in ["anthropic/claude-opus-4-7", "bedrock/x"] {
            match endpoint(id, &env, &options) {
                Err(CliError::Probe(f)) => assert_eq!(f.class, FailureClass::Unsupported),
                other => panic!("{id}: {other:?}"),
            }
        }
        match endpoint("openai/gpt-5", &env, &options) {
            Err(CliError::Probe(f)) => {
                assert_eq!(f.class, FailureClass::Unauthorized);
                assert!(f.fixes[0].contains("OPENAI_API_KEY"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            endpoint("openai-compat/x", &env, &options),
            Err(CliError::Resolution(_))
        ));
    }

    fn chunk(content: &str, finish: Option<&str>) -> String {
        serde_json::json!({"object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}]})
        .to_string()
    }

    #[test]
    fn events_assemble_the_answer() {
        let t = target();
        let mut a = Assembly::default();
        let role = r#"{"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}"#;
        assert_eq!(a.event(&t, role).unwrap(), Step::Nothing);
        assert_eq!(
            a.event(&t, &chunk("Hel", None)).unwrap(),
            Step::Text("Hel".into())
        );
        assert_eq!(
            a.event(&t, &chunk("lo", Some("stop"))).unwrap(),
            Step::Text("lo".into())
        );
        // A usage chunk has no choices.
        assert_eq!(
            a.event(&t, r#"{"choices":[],"usage":{"total_tokens":3}}"#)
                .unwrap(),
            Step::Nothing
        );
        assert_eq!(a.event(&t, "[DONE]").unwrap(), Step::Done);
        assert_eq!(
            a.answer(),
            Answer {
                text: "Hello".into(),
                finish_reason: Some("stop".into())
            }
        );
    }

    #[test]
    fn the_end_of_the_body_needs_a_finish_reason() {
        let t = target();
        let mut a = Assembly::default();
        a.event(&t, &chunk("partial", None)).unwrap();
        let f = a.at_end(&t, b"data: ...").unwrap_err();
        assert_eq!(f.class, FailureClass::ConnectionFailed);
        let mut a = Assembly::default();
        a.event(&t, &chunk("all", Some("stop"))).unwrap();
        assert_eq!(a.at_end(&t, b"data: ...").unwrap().text, "all");
        // Bytes, but never an event: not an event stream at all...
        let f = Assembly::default().at_end(&t, b"hello").unwrap_err();
        assert_eq!(f.class, FailureClass::BadResponse);
        // ...unless they were keep-alive comments: then the answer was cut.
        let f = Assembly::default().at_end(&t, b": ping\n\n").unwrap_err();
        assert_eq!(f.class, FailureClass::ConnectionFailed);
    }

    #[test]
    fn error_frames_are_classified_by_their_code() {
        let t = target();
        let cases = [
            // llama.cpp
            (
                r#"{"error":{"code":500,"message":"boom","type":"server_error"}}"#,
                FailureClass::ServerError,
                "(500): boom",
            ),
            // vLLM
            (
                r#"{"error":{"message":"too long","type":"BadRequestError","param":null,"code":400}}"#,
                FailureClass::HttpError,
                "(400): too long",
            ),
            // LiteLLM: the code is a string.
            (
                r#"{"error":{"message":"slow down","type":"None","param":"None","code":"429"}}"#,
                FailureClass::HttpError,
                "(429): slow down",
            ),
            // Ollama's native error: no code.
            (
                r#"{"error":"out of memory"}"#,
                FailureClass::ServerError,
                "error: out of memory",
            ),
        ];
        for (data, class, text) in cases {
            let f = Assembly::default().event(&t, data).unwrap_err();
            assert_eq!(f.class, class, "{data}");
            assert!(f.message.ends_with(text), "{}", f.message);
        }
        let f = Assembly::default().event(&t, "{not json").unwrap_err();
        assert_eq!(f.class, FailureClass::BadResponse);
    }
}
