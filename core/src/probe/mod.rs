//! The probe's pure half: what to send, and what an answer means.
//!
//! The CLI does the network I/O; every decision about an answer is here,
//! testable without a server: a failure comes back as a [`FailureKind`]
//! carrying its facts (`failure.rs`), which the CLI words for people.
//! The request is the reference's (SPEC §6): `POST <api_base>/chat/completions`
//! with `Authorization: Bearer <key>` and
//! `{"model", "messages": [{"role": "user", "content": "ping"}], "max_tokens": 1, "stream": false}`.

use serde::Serialize;

use crate::env::Source;
use crate::providers::LocalProvider;
use crate::resolve::Resolution;

mod failure;

pub use failure::{FailureClass, FailureKind, FAILURE_CLASSES};

/// What a probe sends, derived from a resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeTarget {
    /// The resolved `api_base`.
    pub api_base: String,
    /// `<api_base>/models`.
    pub models_url: String,
    /// `<api_base>/chat/completions`.
    pub chat_url: String,
    /// The model name the server sees (the LiteLLM model without `openai/`).
    pub model: String,
    /// The bearer key; `None` sends no `Authorization` header.
    #[serde(skip_serializing)]
    pub api_key: Option<String>,
    /// Where the key came from, for "which variable holds the key" hints.
    pub key_source: Source,
    /// Where the base URL came from, for "set this variable to …" fixes.
    #[serde(skip_serializing)]
    pub base_source: Source,
    /// The local provider, if any.
    #[serde(skip_serializing)]
    pub provider: Option<&'static LocalProvider>,
}

/// The reference's probe body, with `max_tokens` as given (1 for the
/// switch probe, 64 for an effort probe) and extra top-level fields (the
/// effort placement) merged in.
///
/// ```
/// let body = modelroute_core::probe::chat_body("llama3.1:8b", 1, &[]);
/// assert_eq!(body, r#"{"model":"llama3.1:8b","messages":[{"role":"user","content":"ping"}],"max_tokens":1,"stream":false}"#);
/// ```
pub fn chat_body(model: &str, max_tokens: u32, extra: &[(&str, String)]) -> String {
    let mut body = format!(
        "{{\"model\":{},\"messages\":[{{\"role\":\"user\",\"content\":\"ping\"}}],\"max_tokens\":{max_tokens},\"stream\":false",
        json_string(model)
    );
    for (key, raw_json) in extra {
        body.push(',');
        body.push_str(&json_string(key));
        body.push(':');
        body.push_str(raw_json);
    }
    body.push('}');
    body
}

/// A JSON string literal for `s` (the one quoting the exports use too).
pub fn json_string(s: &str) -> String {
    crate::export::json_quote(s)
}

/// The probe target for a resolution with an `api_base` (local servers
/// and the HF Router). `None` for routes LiteLLM reaches by itself.
pub fn target(r: &Resolution<'_>) -> Option<ProbeTarget> {
    let api_base = r.litellm.api_base.clone()?;
    let model = r
        .litellm
        .model
        .strip_prefix("openai/")
        .unwrap_or(&r.litellm.model)
        .to_owned();
    let provider = r.provider.and_then(crate::providers::local_provider_by_id);
    Some(ProbeTarget {
        models_url: format!("{api_base}/models"),
        chat_url: format!("{api_base}/chat/completions"),
        api_base,
        model,
        api_key: r.litellm.api_key.clone().flatten(),
        key_source: r
            .sources
            .api_key
            .as_ref()
            .map_or(Source::None, |p| p.source),
        base_source: r
            .sources
            .api_base
            .as_ref()
            .map_or(Source::Default, |p| p.source),
        provider,
    })
}

/// The longest excerpt of a server's body quoted in a message.
const EXCERPT: usize = 200;

/// A one-line excerpt of a body, for messages.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trimmed = one_line.trim();
    if trimmed.chars().count() > EXCERPT {
        let cut: String = trimmed.chars().take(EXCERPT).collect();
        format!("{cut}…")
    } else {
        trimmed.to_owned()
    }
}

/// The most bytes of a non-HTTP answer a message quotes.
pub const QUOTED_BYTES: usize = 24;

/// Up to `max` bytes a server sent, quoted so a terminal shows them as
/// they are and does nothing else: printable ASCII as itself, `\r`, `\n`,
/// `\t` and the backslash escaped, any other byte (control characters,
/// escape sequences, anything beyond ASCII) and the backtick (which would
/// end the quote in a message) as `\xNN`; `…` when cut short.
///
/// ```
/// use modelroute_core::probe::quote_bytes;
/// assert_eq!(quote_bytes(b"SSH-2.0-OpenSSH_9.6\r\n", 24), r"SSH-2.0-OpenSSH_9.6\r\n");
/// assert_eq!(quote_bytes(b"\x1b[2J\x00`", 24), r"\x1b[2J\x00\x60");
/// assert_eq!(quote_bytes(b"SSH-2.0-OpenSSH_9.6", 8), "SSH-2.0-…");
/// ```
pub fn quote_bytes(bytes: &[u8], max: usize) -> String {
    let mut out = String::new();
    for &b in bytes.iter().take(max) {
        match b {
            b'\r' => out.push_str(r"\r"),
            b'\n' => out.push_str(r"\n"),
            b'\t' => out.push_str(r"\t"),
            b'\\' => out.push_str(r"\\"),
            b'`' => out.push_str(r"\x60"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    if bytes.len() > max {
        out.push('…');
    }
    out
}

/// The status line of a plain-HTTP answer, quoted, when `bytes` start
/// like one (`HTTP/1.1 400 Bad Request`); `None` when they are not HTTP.
///
/// ```
/// use modelroute_core::probe::http_status_line;
/// let answer = b"HTTP/1.0 400 Bad request version\r\nServer: SimpleHTTP/0.6\r\n";
/// assert_eq!(http_status_line(answer).as_deref(), Some("HTTP/1.0 400 Bad request version"));
/// assert_eq!(http_status_line(b"SSH-2.0-OpenSSH_9.6\r\n"), None);
/// ```
pub fn http_status_line(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"HTTP/") {
        return None;
    }
    let end = bytes
        .iter()
        .position(|&b| b == b'\r' || b == b'\n')
        .unwrap_or(bytes.len());
    Some(quote_bytes(&bytes[..end], 64))
}

/// What the server said, when its body is an OpenAI-style error.
fn error_text(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let from = |v: &serde_json::Value| -> Option<String> {
        match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(o) => {
                o.get("message").and_then(|m| m.as_str()).map(str::to_owned)
            }
            _ => None,
        }
    };
    v.get("error")
        .and_then(from)
        .or_else(|| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
        .or_else(|| v.get("detail").and_then(from))
}

/// Whether an error text says the model is unknown.
fn mentions_missing_model(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("model")
        && [
            "not found",
            "does not exist",
            "invalid model",
            "no such model",
            "not loaded",
            "no models loaded",
            "try pulling",
        ]
        .iter()
        .any(|p| t.contains(p))
}

/// Whether a body looks like HTML.
fn looks_like_html(content_type: Option<&str>, body: &[u8]) -> bool {
    content_type.is_some_and(|c| c.to_ascii_lowercase().contains("text/html"))
        || String::from_utf8_lossy(&body[..body.len().min(64)])
            .trim_start()
            .starts_with('<')
}

/// Interprets a `GET /models` answer: the served model ids, or a failure.
///
/// ```
/// use modelroute_core::probe::served_models;
/// let body = br#"{"object":"list","data":[{"id":"smollm2","object":"model","owned_by":"me"}]}"#;
/// assert_eq!(served_models(200, Some("application/json"), body).unwrap(), ["smollm2"]);
/// ```
pub fn served_models(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Vec<String>, (FailureClass, String)> {
    if status != 200 {
        return Err((status_class(status, body), excerpt(body)));
    }
    if looks_like_html(content_type, body) {
        return Err((FailureClass::BadResponse, "an HTML page".to_owned()));
    }
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| (FailureClass::BadResponse, format!("invalid JSON ({e})")))?;
    // Ollama sends `"data": null` when no model is pulled.
    if v.get("data").is_some_and(serde_json::Value::is_null) {
        return Ok(Vec::new());
    }
    let list = v.get("data").and_then(|d| d.as_array()).ok_or((
        FailureClass::BadResponse,
        "JSON without a `data` list".to_owned(),
    ))?;
    Ok(list
        .iter()
        .filter_map(|m| m.get("id").and_then(|i| i.as_str()))
        .map(str::to_owned)
        .collect())
}

/// Answers that do not accept the key without a 401. LiteLLM's "No
/// connected db." is among them: the key is not accepted, though not
/// because it is wrong (see [`LITELLM_NO_DB`]).
const KEY_REFUSED_PHRASES: &[&str] = &[LITELLM_NO_DB, "authentication error", "invalid api key"];

/// LiteLLM's proxy answers 400 "No connected db." when it has no database
/// to look a key up in: none is configured, or the one configured is down
/// or unreachable. It can then check no key but its master key. So the
/// key was not checked, rather than refused, and the message says so.
const LITELLM_NO_DB: &str = "no connected db";

fn refuses_key(body: &[u8]) -> bool {
    error_text(body).is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        KEY_REFUSED_PHRASES.iter().any(|p| t.contains(p))
    })
}

fn litellm_without_db(body: &[u8]) -> bool {
    error_text(body).is_some_and(|t| t.to_ascii_lowercase().contains(LITELLM_NO_DB))
}

fn status_class(status: u16, body: &[u8]) -> FailureClass {
    match status {
        401 | 403 => FailureClass::Unauthorized,
        400 if refuses_key(body) => FailureClass::Unauthorized,
        404 if error_text(body).is_some_and(|t| mentions_missing_model(&t)) => {
            FailureClass::ModelNotServed
        }
        404 => FailureClass::PathNotFound,
        400 | 422 if error_text(body).is_some_and(|t| mentions_missing_model(&t)) => {
            FailureClass::ModelNotServed
        }
        300..=399 => FailureClass::Redirect,
        500..=599 => FailureClass::ServerError,
        _ => FailureClass::HttpError,
    }
}

/// Whether `name` is among `served`; Ollama's implicit `:latest` counts.
pub fn is_served(name: &str, served: &[String]) -> bool {
    served
        .iter()
        .any(|s| s == name || (!name.contains(':') && *s == format!("{name}:latest")))
}

/// Up to three served names closest to `name`, best first.
///
/// ```
/// use modelroute_core::probe::closest;
/// let served = ["llama3.1:8b".to_owned(), "qwen2.5:7b".to_owned(), "llama3.2:3b".to_owned()];
/// assert_eq!(closest("llama3.1:7b", &served), ["llama3.1:8b", "llama3.2:3b"]);
/// ```
pub fn closest(name: &str, served: &[String]) -> Vec<String> {
    let lname = name.to_lowercase();
    let mut scored: Vec<(usize, &String)> = served
        .iter()
        .map(|s| (strsim::levenshtein(&lname, &s.to_lowercase()), s))
        .filter(|(d, s)| {
            let ls = s.to_lowercase();
            *d <= (name.chars().count() / 3).max(2) || ls.contains(&lname) || lname.contains(&ls)
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, s)| s.clone()).collect()
}

/// The kind for `model` missing from the `served` list of `server` (the
/// family that answered, when it named itself).
pub fn not_listed(
    model: &str,
    served: &[String],
    answered_anyway: bool,
    server: Option<&str>,
) -> FailureKind {
    FailureKind::NotListed {
        server: server.map(str::to_owned),
        closest: closest(model, served),
        served: served.to_vec(),
        answered_anyway,
    }
}

/// Interprets the answer to a chat completion sent to `url`.
///
/// ```
/// use modelroute_core::probe::{classify_completion, FailureClass};
/// let url = "http://127.0.0.1:1/v1/chat/completions";
/// let ok = br#"{"choices":[{"index":0,"message":{"role":"assistant","content":"p"}}]}"#;
/// assert!(classify_completion(url, 200, Some("application/json"), ok).is_ok());
/// let err = classify_completion(url, 401, None, br#"{"detail":"Invalid API key"}"#).unwrap_err();
/// assert_eq!(err.class(), FailureClass::Unauthorized);
/// ```
pub fn classify_completion(
    url: &str,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<(), FailureKind> {
    if !(200..300).contains(&status) {
        return Err(failure_for_status(url, status, body));
    }
    if looks_like_html(content_type, body) {
        return Err(FailureKind::Html {
            url: url.to_owned(),
            excerpt: excerpt(body),
        });
    }
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| FailureKind::InvalidJson {
            url: url.to_owned(),
            cause: e.to_string(),
            excerpt: excerpt(body),
        })?;
    let has_choices = v
        .get("choices")
        .and_then(|c| c.as_array())
        .is_some_and(|c| !c.is_empty());
    if has_choices {
        Ok(())
    } else {
        Err(FailureKind::NoChoices {
            url: url.to_owned(),
            excerpt: excerpt(body),
        })
    }
}

/// The kind of a non-2xx answer from `url`.
///
/// ```
/// use modelroute_core::probe::{failure_for_status, FailureKind};
/// let kind = failure_for_status("http://h/v1/models", 404, br#"{"detail":"Not Found"}"#);
/// assert!(matches!(kind, FailureKind::PathNotFound { .. }));
/// ```
pub fn failure_for_status(url: &str, status: u16, body: &[u8]) -> FailureKind {
    let said = error_text(body).unwrap_or_else(|| excerpt(body));
    let url = url.to_owned();
    match status_class(status, body) {
        FailureClass::Unauthorized if litellm_without_db(body) => {
            FailureKind::KeyUnchecked { url, status, said }
        }
        FailureClass::Unauthorized => FailureKind::KeyRefused { url, status, said },
        FailureClass::ModelNotServed => FailureKind::ModelUnknown { status, said },
        FailureClass::PathNotFound => FailureKind::PathNotFound { url, said },
        FailureClass::ServerError => FailureKind::ServerError { status, said },
        FailureClass::Redirect => FailureKind::Redirect { url, status },
        _ => FailureKind::HttpError { url, status, said },
    }
}

/// What an error answer to an effort probe says about the effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EffortErrorKind {
    /// The model has no thinking mode: switch with effort off.
    ThinkingUnsupported,
    /// The level is refused: try the next one down.
    EffortInvalid,
    /// Passing trouble (429, 5xx, timeouts): the switch completes with a
    /// warning.
    Transient,
    /// Anything else (auth, unknown model, quota): the switch is rejected.
    Hard,
}

/// The reference's tests on the lower-cased error text (ml-intern
/// `agent/core/effort_probe.py`): "thinking" and "not supported" together
/// mean the model cannot think at all.
fn is_thinking_unsupported(text: &str) -> bool {
    text.contains("thinking") && text.contains("not supported")
}

/// Phrases that, with "effort" or "output_config" in the text, mean this
/// effort level is refused (the reference's `_is_invalid_effort`).
const EFFORT_REFUSED: &[&str] = &[
    "invalid",
    "not supported",
    "must be one of",
    "not a valid",
    "unrecognized",
    "unknown",
    "only supported by",
    "is only supported",
];

/// Phrases the reference's `_is_transient` treats as passing trouble.
pub const TRANSIENT_PHRASES: &[&str] = &[
    "timeout",
    "timed out",
    "429",
    "rate limit",
    "503",
    "service unavailable",
    "502",
    "bad gateway",
    "500",
    "internal server error",
    "overloaded",
    "capacity",
    "connection reset",
    "connection refused",
    "connection error",
    "eof",
    "broken pipe",
];

/// Sorts an error answer to an effort probe as the reference does
/// (SPEC §7), from its status and its text.
///
/// ```
/// use modelroute_core::probe::{effort_error_kind, EffortErrorKind};
/// let body = br#"{"error":{"message":"Invalid value for reasoning_effort: 'max'"}}"#;
/// assert_eq!(effort_error_kind(400, body), EffortErrorKind::EffortInvalid);
/// let body = br#"{"error":{"message":"thinking is not supported by this model"}}"#;
/// assert_eq!(effort_error_kind(400, body), EffortErrorKind::ThinkingUnsupported);
/// assert_eq!(effort_error_kind(503, b"busy"), EffortErrorKind::Transient);
/// ```
pub fn effort_error_kind(status: u16, body: &[u8]) -> EffortErrorKind {
    let said = error_text(body).unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
    // LiteLLM's exception text starts with the status; the reference reads
    // that text, so the status takes part in the match too.
    let text = format!("{status} {said}").to_lowercase();
    if is_thinking_unsupported(&text) {
        EffortErrorKind::ThinkingUnsupported
    } else if (text.contains("effort") || text.contains("output_config"))
        && EFFORT_REFUSED.iter().any(|p| text.contains(p))
    {
        EffortErrorKind::EffortInvalid
    } else if status == 429 || status >= 500 || TRANSIENT_PHRASES.iter().any(|p| text.contains(p)) {
        EffortErrorKind::Transient
    } else {
        EffortErrorKind::Hard
    }
}

/// How a server family gives itself away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// A response header whose value contains the text (`""`: any value).
    Header(&'static str, &'static str),
    /// An `owned_by` value in the `/models` list.
    OwnedBy(&'static str),
}

/// Server families and their signatures, checked in order (headers from
/// proxies such as LiteLLM first, since they pass `owned_by` through).
pub const SERVER_SIGNATURES: &[(&str, Signature)] = &[
    ("LiteLLM", Signature::Header("x-litellm-version", "")),
    ("LiteLLM", Signature::Header("x-litellm-call-id", "")),
    ("llama.cpp", Signature::Header("server", "llama.cpp")),
    ("vLLM", Signature::OwnedBy("vllm")),
    ("llama.cpp", Signature::OwnedBy("llamacpp")),
    ("Ollama", Signature::OwnedBy("library")),
    ("LM Studio", Signature::OwnedBy("organization_owner")),
    ("llama-cpp-python", Signature::OwnedBy("me")),
];

/// Names the server family from its headers and `/models` body.
///
/// ```
/// use modelroute_core::probe::identify_server;
/// let body = br#"{"object":"list","data":[{"id":"m","object":"model","owned_by":"vllm"}]}"#;
/// assert_eq!(identify_server(&[], body), Some("vLLM"));
/// assert_eq!(identify_server(&[("x-litellm-version", "1.0")], body), Some("LiteLLM"));
/// ```
pub fn identify_server(headers: &[(&str, &str)], body: &[u8]) -> Option<&'static str> {
    let owners: Vec<String> = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("data").and_then(|d| d.as_array()).cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|m| {
            m.get("owned_by")
                .and_then(|o| o.as_str())
                .map(str::to_owned)
        })
        .collect();
    SERVER_SIGNATURES.iter().find_map(|(name, sig)| {
        let hit = match sig {
            Signature::Header(h, needle) => headers
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case(h) && v.contains(needle)),
            Signature::OwnedBy(o) => owners.iter().any(|x| x == o),
        };
        hit.then_some(*name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_table_is_complete_and_unique() {
        let mut codes: Vec<&str> = FAILURE_CLASSES.iter().map(|r| r.1).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), FAILURE_CLASSES.len());
        for row in FAILURE_CLASSES {
            assert_eq!(row.0.code(), row.1);
        }
    }

    #[test]
    fn every_signature_names_a_known_family() {
        for (name, _) in SERVER_SIGNATURES {
            assert!(
                crate::diagnostics::server_family(name).is_some_and(|f| f.name == *name),
                "{name} has no row in SERVER_FAMILIES"
            );
        }
    }

    #[test]
    fn quoted_bytes_cannot_drive_a_terminal() {
        let all: Vec<u8> = (0..=255).collect();
        let quoted = quote_bytes(&all, all.len());
        assert!(
            quoted.chars().all(|c| c.is_ascii_graphic() || c == ' '),
            "{quoted}"
        );
        assert!(!quoted.contains('`'));
        assert_eq!(quote_bytes(b"", 8), "");
    }

    #[test]
    fn status_classes() {
        let ollama_404 = br#"{"error":{"message":"model \"llama9\" not found, try pulling it first","type":"api_error"}}"#;
        let vllm_404 = br#"{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","code":404}"#;
        let litellm_400 = br#"{"error":{"message":"Invalid model name passed in model=x","type":"invalid_request_error","code":"400"}}"#;
        assert_eq!(status_class(404, ollama_404), FailureClass::ModelNotServed);
        assert_eq!(status_class(404, vllm_404), FailureClass::ModelNotServed);
        assert_eq!(status_class(400, litellm_400), FailureClass::ModelNotServed);
        assert_eq!(
            status_class(404, br#"{"detail":"Not Found"}"#),
            FailureClass::PathNotFound
        );
        assert_eq!(
            status_class(404, b"404 page not found"),
            FailureClass::PathNotFound
        );
        assert_eq!(status_class(503, b""), FailureClass::ServerError);
        assert_eq!(status_class(429, b""), FailureClass::HttpError);
        assert_eq!(status_class(302, b""), FailureClass::Redirect);
        // LiteLLM without a database, for a key that is not the master key.
        let litellm = br#"{"error":{"message":"No connected db.","type":"no_db_connection","param":null,"code":"400"}}"#;
        assert_eq!(status_class(400, litellm), FailureClass::Unauthorized);
    }

    #[test]
    fn litellm_without_a_database_is_not_called_a_refused_key() {
        let url = "http://127.0.0.1:4000/v1/chat/completions";
        let body = br#"{"error":{"message":"No connected db.","type":"no_db_connection","param":null,"code":"400"}}"#;
        let kind = failure_for_status(url, 400, body);
        assert_eq!(kind.class(), FailureClass::Unauthorized);
        assert!(
            matches!(&kind, FailureKind::KeyUnchecked { said, status: 400, .. } if said == "No connected db."),
            "{kind:?}"
        );
        // An ordinary refusal is still one.
        let kind = failure_for_status(url, 401, br#"{"detail":"Invalid API key"}"#);
        assert!(
            matches!(kind, FailureKind::KeyRefused { status: 401, .. }),
            "{kind:?}"
        );
    }

    #[test]
    fn closest_names_prefer_small_edits_and_containment() {
        let served: Vec<String> = [
            "llama3.1:8b",
            "llama3.1:70b",
            "qwen2.5:7b",
            "mistral:latest",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            closest("llama3.1", &served)[..2],
            ["llama3.1:8b", "llama3.1:70b"]
        );
        assert_eq!(closest("mistral", &served), ["mistral:latest"]);
        assert!(closest("gemma", &served).is_empty());
        assert!(is_served("mistral", &served));
        assert!(!is_served("llama3.1", &served));
    }

    #[test]
    fn chat_body_escapes_and_merges_effort() {
        let body = chat_body("a\"b", 64, &[("reasoning_effort", "\"low\"".to_owned())]);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["model"], "a\"b");
        assert_eq!(v["max_tokens"], 64);
        assert_eq!(v["reasoning_effort"], "low");
        assert_eq!(v["stream"], false);
    }
}
