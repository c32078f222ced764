//! Turning a configured base URL into the `api_base` LiteLLM is given.
//!
//! [`normalize`] is the reference's rule exactly: trim Python whitespace,
//! drop trailing `/`, append `/v1` unless the URL already ends with it. It
//! is idempotent. [`check`] rejects the values for which that rule yields
//! an unusable answer (SPEC §3 quirks): blank, no scheme, a scheme other
//! than HTTP(S), no host. It never changes a usable answer.

use crate::error::{Error, ErrorKind};
use crate::url::split_scheme;
// The one URL authority parser, public here where it always was.
pub use crate::url::{authority, Authority};
use crate::whitespace::py_strip;

/// The path segment OpenAI-compatible servers serve under.
pub const V1_SUFFIX: &str = "/v1";

/// Schemes an OpenAI-compatible client can speak, compared ASCII
/// case-insensitively (`HTTP://` works with httpx too).
pub const HTTP_SCHEMES: &[&str] = &["http", "https"];

/// The reference's `_local_api_base`.
///
/// ```
/// use modelroute_core::base_url::normalize;
/// assert_eq!(normalize("http://localhost:11434"), "http://localhost:11434/v1");
/// assert_eq!(normalize(" http://h:8000/v1/ "), "http://h:8000/v1");
/// assert_eq!(normalize("http://h/v1//"), "http://h/v1");
/// ```
pub fn normalize(base: &str) -> String {
    let base = py_strip(base).trim_end_matches('/');
    if base.ends_with(V1_SUFFIX) {
        base.to_owned()
    } else {
        let mut out = String::with_capacity(base.len() + V1_SUFFIX.len());
        out.push_str(base);
        out.push_str(V1_SUFFIX);
        out
    }
}

/// Checks that `raw` (the value that won, from `var`) yields a usable
/// `api_base`, and returns it normalized.
///
/// ```
/// use modelroute_core::base_url::normalize_checked;
/// assert_eq!(normalize_checked("http://gpu:8000/", "VLLM_BASE_URL").unwrap(), "http://gpu:8000/v1");
/// let err = normalize_checked("localhost:11434", "OLLAMA_BASE_URL").unwrap_err();
/// assert_eq!(err.code(), "base_url_missing_scheme");
/// ```
pub fn normalize_checked(raw: &str, var: &'static str) -> Result<String, Error> {
    check(raw, var)?;
    Ok(normalize(raw))
}

/// The checks of [`normalize_checked`] without building the result.
pub fn check(raw: &str, var: &'static str) -> Result<(), Error> {
    let trimmed = py_strip(raw);
    // Messages quote the URL: never with a password or token in it.
    // Only for messages, built on the error paths alone: resolve is hot.
    let url = || crate::redact_url(trimmed);
    if trimmed.is_empty() {
        return Err(ErrorKind::BlankBaseUrl { var }.into());
    }
    let Some((scheme, rest)) = split_scheme(trimmed) else {
        return Err(ErrorKind::BaseUrlMissingScheme { url: url(), var }.into());
    };
    if !HTTP_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        return Err(ErrorKind::UnsupportedBaseUrlScheme {
            url: url(),
            var,
            // A "scheme" can be anything before `://`, a password too.
            scheme: crate::redact_url(scheme),
        }
        .into());
    }
    if authority(rest).host.is_empty() {
        return Err(ErrorKind::BaseUrlMissingHost { url: url(), var }.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_follows_the_reference() {
        let cases = [
            ("http://localhost:11434", "http://localhost:11434/v1"),
            ("http://localhost:11434/", "http://localhost:11434/v1"),
            ("http://localhost:11434/v1", "http://localhost:11434/v1"),
            ("http://localhost:11434/v1/", "http://localhost:11434/v1"),
            ("\thttp://x/v1 \n", "http://x/v1"),
            ("http://x/api/v1", "http://x/api/v1"),
            ("http://x/v1/v1", "http://x/v1/v1"),
            ("http://x/v2", "http://x/v2/v1"),
            ("http://x/V1", "http://x/V1/v1"),
            ("   ", "/v1"),
            ("localhost:11434", "localhost:11434/v1"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input:?}");
        }
    }

    #[test]
    fn checks_name_the_problem() {
        let code = |u| check(u, "X").map_err(|e| e.code()).err();
        assert_eq!(code("http://h:1"), None);
        assert_eq!(code("HTTPS://h"), None);
        assert_eq!(code("http://[::1]:8000"), None);
        assert_eq!(code(" \u{1F}"), Some("blank_base_url"));
        assert_eq!(code("/"), Some("base_url_missing_scheme"));
        assert_eq!(code("localhost:11434"), Some("base_url_missing_scheme"));
        assert_eq!(code("ftp://h"), Some("unsupported_base_url_scheme"));
        assert_eq!(code("http://"), Some("base_url_missing_host"));
        assert_eq!(code("http://:8000/v1"), Some("base_url_missing_host"));
        assert_eq!(code("http://user@:80"), Some("base_url_missing_host"));
        let e = check("http://user:hunter2@:80", "X").unwrap_err();
        assert_eq!(
            e.to_string(),
            "base URL 'http://user:***@:80' from `X` has no host"
        );
    }
}
