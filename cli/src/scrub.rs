//! The last line of defence for secrets (a leaf: it knows core, nothing
//! of the CLI's): everything the CLI prints for
//! people (and `--json` unless `--show-secrets`) passes through [`scrub`],
//! which replaces any secret value the process knows of with its redacted
//! form. The printers already redact what they know is a key; this also
//! catches what they cannot know, such as a server quoting the key back in
//! an error message, or a password inside a base URL.

use std::borrow::Cow;
use std::sync::Mutex;

use modelroute_core::providers::PLACEHOLDER_API_KEY;
use modelroute_core::redact::url_secrets;
use modelroute_core::{redact, Env};

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

/// `text` with every known secret replaced.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let Ok(list) = SECRETS.lock() else {
        return Cow::Borrowed(text);
    };
    let mut out = Cow::Borrowed(text);
    for (secret, shown) in list.iter() {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), shown));
        }
    }
    out
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
    fn scrubs_longest_first() {
        add_key("sk-abcdefgh-1234");
        add_key("sk-abcdefgh-1234-extended");
        assert_eq!(scrub("a sk-abcdefgh-1234-extended b"), "a sk-a…nded b");
        assert_eq!(scrub("sk-abcdefgh-1234"), "sk-a…1234");
        assert_eq!(scrub("short"), "short");
    }
}
