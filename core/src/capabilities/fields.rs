//! Reading one field of hostile metadata: a number only when it is a
//! whole, positive, plausible count; a name only when it is short,
//! printable text; everything else is "not said".

use serde_json::Value;

/// The largest context window believed, in tokens (2^27, about 134
/// million; the largest models served today advertise 10 million). A
/// larger number is treated as unreadable, not as a window.
pub const MAX_TOKENS: u64 = 1 << 27;

/// The largest parameter count believed (10^14).
const MAX_PARAMETERS: u64 = 100_000_000_000_000;

/// The longest name kept (a quantization, an architecture).
const MAX_NAME: usize = 64;

/// A token count: a JSON integer from 1 to [`MAX_TOKENS`]. Strings,
/// floats, zero, negatives and larger numbers are not counts.
pub(crate) fn tokens(v: Option<&Value>) -> Option<u64> {
    v?.as_u64().filter(|n| (1..=MAX_TOKENS).contains(n))
}

/// A parameter count: a JSON integer from 1 to 10^14.
pub(crate) fn parameters(v: Option<&Value>) -> Option<u64> {
    v?.as_u64().filter(|n| (1..=MAX_PARAMETERS).contains(n))
}

/// A JSON boolean.
pub(crate) fn flag(v: Option<&Value>) -> Option<bool> {
    v?.as_bool()
}

/// A short name: a non-empty string of at most 64 characters with no
/// control characters (it ends up on a terminal).
pub(crate) fn name(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?.trim();
    (!s.is_empty() && s.chars().count() <= MAX_NAME && !s.chars().any(char::is_control))
        .then(|| s.to_owned())
}

/// The entries of a `data` (or other named) list.
pub(crate) fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The entry of an OpenAI-style list (`{"data": [{"id": ...}]}`, a 200
/// answer) whose `id` is `model`.
pub(crate) fn entry(reply: Option<super::Reply<'_>>, model: &str) -> Option<Value> {
    let v = reply?.json()?;
    list(&v, "data")
        .iter()
        .find(|m| names(m, "id", model))
        .cloned()
}

/// Whether a list entry's `key` names `model` (Ollama's implicit
/// `:latest` counts).
pub(crate) fn names(entry: &Value, key: &str, model: &str) -> bool {
    entry.get(key).and_then(Value::as_str).is_some_and(|id| {
        id == model || (!model.contains(':') && id.strip_suffix(":latest") == Some(model))
    })
}

/// Whether an answer is llama.cpp's "still loading" one: 503 with the
/// error message `Loading model` (`{"error":{"message":"Loading model",
/// "type":"unavailable_error","code":503}}`).
///
/// ```
/// use modelroute_core::capabilities::is_loading_body;
/// let body = br#"{"error":{"message":"Loading model","type":"unavailable_error","code":503}}"#;
/// assert!(is_loading_body(503, body));
/// assert!(!is_loading_body(500, body));
/// assert!(!is_loading_body(503, br#"{"error":{"message":"server busy"}}"#));
/// ```
pub fn is_loading_body(status: u16, body: &[u8]) -> bool {
    if status != 503 {
        return false;
    }
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return false;
    };
    let message = v
        .get("error")
        .and_then(|e| e.get("message").or(Some(e)))
        .and_then(Value::as_str)
        .or_else(|| v.get("message").and_then(Value::as_str));
    message.is_some_and(|m| m.trim().eq_ignore_ascii_case("loading model"))
}

/// The source of a finding: the family, then each endpoint once with the
/// fields read there (`llama.cpp /v1/models meta.n_ctx, meta.n_ctx_train`).
#[derive(Debug, Default)]
pub(crate) struct Source {
    parts: Vec<(&'static str, String)>,
}

impl Source {
    /// Notes that `field` of `endpoint` was read.
    pub(crate) fn add(&mut self, endpoint: &'static str, field: impl Into<String>) {
        self.parts.push((endpoint, field.into()));
    }

    /// Appends everything `other` read, after what this one read.
    pub(crate) fn parts_from(&mut self, other: Source) {
        self.parts.extend(other.parts);
    }

    /// `"<family> <endpoint> <field>, <field>, <endpoint> <field>"`, or
    /// `None` when nothing was read.
    pub(crate) fn render(&self, family: &str) -> Option<String> {
        if self.parts.is_empty() {
            return None;
        }
        let mut s = family.to_owned();
        let mut last = "";
        for (i, (endpoint, field)) in self.parts.iter().enumerate() {
            s.push_str(if i == 0 { " " } else { ", " });
            if *endpoint != last {
                s.push_str(endpoint);
                s.push(' ');
                last = *endpoint;
            }
            s.push_str(field);
        }
        Some(s)
    }
}

/// A finding from one field of one endpoint.
pub(crate) fn finding(
    family: &str,
    endpoint: &'static str,
    field: &str,
    said: Option<bool>,
) -> super::Finding {
    match said {
        Some(yes) => super::Finding {
            support: if yes {
                super::Support::Yes
            } else {
                super::Support::No
            },
            source: Some(format!("{family} {endpoint} {field}")),
        },
        None => super::Finding::UNKNOWN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn counts_are_whole_positive_and_plausible() {
        assert_eq!(tokens(Some(&json!(8192))), Some(8192));
        for bad in [
            json!(0),
            json!(-1),
            json!(4096.5),
            json!("4096"),
            json!(null),
            json!(MAX_TOKENS + 1),
            json!(u64::MAX),
            json!([4096]),
        ] {
            assert_eq!(tokens(Some(&bad)), None, "{bad}");
        }
        assert_eq!(tokens(None), None);
    }

    #[test]
    fn names_are_short_printable_text() {
        assert_eq!(name(Some(&json!("Q4_K_M"))), Some("Q4_K_M".to_owned()));
        assert_eq!(name(Some(&json!("a\u{1b}[31m"))), None);
        assert_eq!(name(Some(&json!("x".repeat(65)))), None);
        assert_eq!(name(Some(&json!(""))), None);
        assert_eq!(name(Some(&json!(4))), None);
    }

    #[test]
    fn sources_name_each_endpoint_once() {
        let mut s = Source::default();
        assert_eq!(s.render("llama.cpp"), None);
        s.add("/v1/models", "meta.n_ctx");
        s.add("/v1/models", "meta.n_ctx_train");
        s.add("/props", "modalities.vision");
        assert_eq!(
            s.render("llama.cpp").unwrap(),
            "llama.cpp /v1/models meta.n_ctx, meta.n_ctx_train, /props modalities.vision"
        );
    }
}
