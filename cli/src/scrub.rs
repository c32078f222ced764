//! A leaf (it knows core, nothing of the CLI's). Everything the CLI
//! prints for people (and `--json` unless
//! `--show-secrets`) passes through [`scrub`], which does two things:
//!
//! - every URL in the text passes core's `redact_url`, whatever printed it
//!   (a probe target, a server list, an error quoting a request URL): its
//!   password and key-named parameters are masked at any length. This is
//!   how URLs are shown, not a safety net, and it is always on;
//! - then, as the last line of defence, any secret value the process knows
//!   of is replaced with its redacted form. The printers already redact
//!   what they know is a key; this also catches what they cannot know,
//!   such as a server quoting the key back in an error message.

use std::borrow::Cow;
use std::sync::Mutex;

use modelroute_core::providers::PLACEHOLDER_API_KEY;
use modelroute_core::redact::url_secrets;
use modelroute_core::{redact, redact_url, Env};

/// Known secrets and what to print instead, longest first.
static SECRETS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// Shorter values are not treated as secrets: masking them everywhere would
/// mangle ordinary output, and they are too short to be real keys.
const MIN_SECRET_LEN: usize = 8;

/// Whether a variable name holds a key or token.
fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["_KEY", "_TOKEN", "_SECRET", "_PASSWORD"]
        .iter()
        .any(|s| upper.ends_with(s))
        || upper == "INFERENCE_TOKEN"
}

/// Records `secret`, to be printed as `shown`.
pub fn add(secret: &str, shown: String) {
    if secret.chars().count() < MIN_SECRET_LEN || secret == PLACEHOLDER_API_KEY {
        return;
    }
    let Ok(mut list) = SECRETS.lock() else { return };
    if !list.iter().any(|(s, _)| s == secret) {
        list.push((secret.to_owned(), shown));
        list.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
    }
}

/// Records a key or token.
pub fn add_key(secret: &str) {
    add(secret, redact(secret));
    // A token is also used cleaned of newlines and surrounding whitespace.
    let trimmed = secret.trim();
    if trimmed != secret {
        add(trimmed, redact(trimmed));
    }
}

/// Records the secrets the environment holds: keys and tokens by variable
/// name, and, inside any URL-valued variable, the password and the values
/// of parameters named like keys or tokens (core's `url_secrets`, what
/// `redact_url` masks).
pub fn learn(env: &impl Env, names: impl Iterator<Item = String>) {
    for name in names {
        let Some(value) = env.var(&name) else {
            continue;
        };
        if is_secret_name(&name) {
            add_key(value);
        } else {
            for secret in url_secrets(value) {
                add(secret, "***".to_owned());
            }
        }
    }
}

/// Test-only: in debug builds, `MODELROUTE_TEST_NO_SCRUB` set turns the
/// last line of defence (known secrets) off, so the secret audit
/// (`cli/tests/secrets.rs`) sees what the printers show by themselves.
/// Release builds compile the check out.
fn switched_off_for_tests() -> bool {
    cfg!(debug_assertions) && std::env::var_os("MODELROUTE_TEST_NO_SCRUB").is_some()
}

/// `text` with every URL in it redacted, then every known secret replaced.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let urls = redact_urls(text);
    if switched_off_for_tests() {
        return urls;
    }
    let Ok(list) = SECRETS.lock() else {
        return urls;
    };
    let mut out = urls;
    for (secret, shown) in list.iter() {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), shown));
        }
    }
    out
}

/// Characters that end a URL quoted in text: whitespace, controls (an
/// ANSI colour code), and the quotes and brackets messages and JSON put
/// around it. A `)` does not end one: it may be inside the URL, and what
/// follows the URL is left as it is anyway.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '`' | '"' | '\'' | '<' | '>')
}

/// `text` with every `scheme://...` in it passed through `redact_url`.
fn redact_urls(text: &str) -> Cow<'_, str> {
    if !text.contains("://") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find("://") {
        let sep = search + found;
        let start = text[..sep]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            .last()
            .map_or(sep, |(i, _)| i);
        let end = text[sep..]
            .char_indices()
            .find(|(_, c)| ends_url(*c))
            .map_or(text.len(), |(i, _)| sep + i);
        if start < sep && start >= done {
            let url = &text[start..end];
            let shown = redact_url(url);
            if shown != url {
                out.push_str(&text[done..start]);
                out.push_str(&shown);
                done = end;
            }
        }
        search = end.max(sep + 3);
    }
    if done == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[done..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_variable_names() {
        assert!(is_secret_name("VLLM_API_KEY"));
        assert!(is_secret_name("HF_TOKEN"));
        assert!(!is_secret_name("VLLM_BASE_URL"));
    }

    #[test]
    fn urls_in_text_are_redacted_at_any_length() {
        assert_eq!(
            redact_urls("`http://u:p@127.0.0.1:9/v1` refused"),
            "`http://u:***@127.0.0.1:9/v1` refused"
        );
        assert_eq!(
            redact_urls(r#"{"api_base":"http://h:1/v1?api_key=k7&x=1","n":"https://a:b@c"}"#),
            r#"{"api_base":"http://h:1/v1?api_key=***&x=1","n":"https://a:***@c"}"#
        );
        assert_eq!(
            redact_urls("error sending request for url (http://u:pw@h/v1/models): closed"),
            "error sending request for url (http://u:***@h/v1/models): closed"
        );
        let plain = "no URL here, and http://localhost:11434/v1 has no secret";
        assert!(matches!(redact_urls(plain), Cow::Borrowed(_)));
        assert_eq!(redact_urls(plain), plain);
        assert_eq!(redact_urls("a :// b"), "a :// b");
    }

    #[test]
    fn scrubs_longest_first() {
        add_key("sk-abcdefgh-1234");
        add_key("sk-abcdefgh-1234-extended");
        assert_eq!(scrub("a sk-abcdefgh-1234-extended b"), "a sk-a…nded b");
        assert_eq!(scrub("sk-abcdefgh-1234"), "sk-a…1234");
        assert_eq!(scrub("short"), "short");
    }
}
