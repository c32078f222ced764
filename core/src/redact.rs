//! The one way secrets are shown.
//!
//! Every printer in every shell (CLI human output, `--json` unless
//! `--show-secrets`, the wasm package's defaults, the demo) calls
//! [`redact`], so a key looks the same everywhere and no surface invents a
//! weaker mask.

use crate::url::{authority, split_scheme};

/// Shortest secret whose first and last four characters are shown: below
/// this, eight revealed characters would give away too much of it.
pub const MIN_PARTIAL_LEN: usize = 12;

/// How many characters are kept at each end of a long secret.
const KEEP: usize = 4;

/// Masks a secret: `sk-local-no-key-required` becomes `sk-l…ired`.
///
/// Secrets shorter than [`MIN_PARTIAL_LEN`] characters become `…` alone;
/// the empty string stays empty (there is nothing to hide, and showing that
/// a variable is empty helps). Counts characters, not bytes, so it never
/// splits a UTF-8 sequence.
///
/// ```
/// use modelroute_core::redact;
/// assert_eq!(redact("sk-local-no-key-required"), "sk-l…ired");
/// assert_eq!(redact("hf_short"), "…");
/// assert_eq!(redact(""), "");
/// ```
pub fn redact(secret: &str) -> String {
    // Built from byte offsets rather than `format!` and collected
    // halves: the wasm package redacts every report it returns.
    const MARK: &str = "…";
    let count = secret.chars().count();
    if count == 0 {
        return String::new();
    }
    if count < MIN_PARTIAL_LEN {
        return MARK.to_owned();
    }
    let head_end = secret.char_indices().nth(KEEP).map_or(0, |(i, _)| i);
    let tail_start = secret
        .char_indices()
        .nth_back(KEEP - 1)
        .map_or(secret.len(), |(i, _)| i);
    let (head, tail) = (&secret[..head_end], &secret[tail_start..]);
    let mut shown = String::with_capacity(head.len() + MARK.len() + tail.len());
    shown.push_str(head);
    shown.push_str(MARK);
    shown.push_str(tail);
    shown
}

/// A URL with any password or token in it masked: `http://user:pw@h` becomes
/// `http://user:***@h`, and `?api_key=…` (any query or fragment parameter
/// named like a key, token, secret, password or signature) `?api_key=***`.
/// Base URLs are shown in full otherwise: they are not secret, and the
/// exact value is what a person needs to see.
///
/// ```
/// use modelroute_core::redact_url;
/// assert_eq!(redact_url("https://user:pw@gpu:8443/v1"), "https://user:***@gpu:8443/v1");
/// assert_eq!(redact_url("http://h/v1?api_key=abc&x=1"), "http://h/v1?api_key=***&x=1");
/// assert_eq!(redact_url("http://localhost:11434"), "http://localhost:11434");
/// ```
pub fn redact_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut from = 0;
    for span in secret_spans(url) {
        out.push_str(&url[from..span.start]);
        out.push_str(URL_MASK);
        from = span.end;
    }
    out.push_str(&url[from..]);
    out
}

/// The secrets inside a URL-like value, as [`redact_url`] finds them: the
/// password (or lone token) of its credentials and the values of
/// secret-named parameters. Lets a shell learn them, to mask them wherever
/// else they turn up (an error message quoting the URL).
///
/// ```
/// use modelroute_core::redact::url_secrets;
/// assert_eq!(url_secrets("https://me:pw@h/v1?token=t1&x=2"), ["pw", "t1"]);
/// assert!(url_secrets("http://h/a@b").is_empty());
/// ```
pub fn url_secrets(url: &str) -> Vec<&str> {
    secret_spans(url)
        .into_iter()
        .map(|span| &url[span])
        .filter(|s| !s.is_empty())
        .collect()
}

/// What a secret inside a URL is shown as.
const URL_MASK: &str = "***";

/// Query and fragment parameter names (compared ASCII case-insensitively,
/// as parts of the name) whose values are credentials: `?api_key=…`,
/// `#access_token=…`, `?sig=…`.
const SECRET_PARAM_HINTS: &[&str] = &[
    "key",
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "auth",
    "sig",
    "credential",
];

/// The byte ranges of the secrets in `raw`, in order; a range may be empty
/// (`user:@h`, `?key=`), which still shows as masked.
///
/// With a scheme, the credentials are what precedes the last `@` of the
/// authority (between `://` and the first `/`, `?` or `#`): an `@` later
/// in the path, query or fragment is not one. Without a valid scheme (a
/// malformed value a message quotes), the segment holding the last `@`
/// counts as credentials. In the credentials, what follows the first `:`
/// is the secret, or all of them when there is no `:`.
fn secret_spans(raw: &str) -> Vec<std::ops::Range<usize>> {
    // A scheme is a letter, then letters, digits, `+`, `-` or `.` (RFC
    // 3986): `http:/user:pw@://x` has none, and is read segment-wise.
    let scheme = split_scheme(raw).map(|(s, _)| s).filter(|s| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    // The credentials, and where the authority (or segment) ends.
    let (userinfo, end) = match scheme {
        Some(s) => {
            let start = s.len() + "://".len();
            let a = authority(&raw[start..]);
            (
                a.userinfo.map(|u| start..start + u.len()),
                raw.len() - a.rest.len(),
            )
        }
        None => match raw.rfind('@') {
            Some(at) => {
                let start = raw[..at].rfind('/').map_or(0, |i| i + 1);
                let end = raw[at..]
                    .find(['/', '?', '#'])
                    .map_or(raw.len(), |e| at + e);
                (Some(start..at), end)
            }
            None => (None, 0),
        },
    };
    let mut spans = Vec::new();
    if let Some(userinfo) = userinfo {
        match raw[userinfo.clone()].find(':') {
            Some(colon) => spans.push(userinfo.start + colon + 1..userinfo.end),
            None => spans.push(userinfo),
        }
    }
    // Parameters: from the first `?` or `#` after the authority, each
    // `name=value` between `?`, `&` and `#` delimiters.
    if let Some(q) = raw[end..].find(['?', '#']) {
        let mut at = end + q;
        while at < raw.len() {
            let from = at + 1;
            let to = raw[from..]
                .find(['?', '&', '#'])
                .map_or(raw.len(), |e| from + e);
            if let Some(eq) = raw[from..to].find('=') {
                let name = raw[from..from + eq].to_ascii_lowercase();
                if SECRET_PARAM_HINTS.iter().any(|hint| name.contains(hint)) {
                    spans.push(from + eq + 1..to);
                }
            }
            at = to;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_reveals_more_than_eight_characters() {
        for len in 0..40 {
            let secret: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            let shown = redact(&secret);
            let revealed = shown.chars().filter(|&c| c != '…').count();
            assert!(revealed <= 2 * KEEP, "{shown}");
            if len > 0 {
                assert_ne!(shown, secret);
            }
        }
    }

    #[test]
    fn urls_lose_their_credentials_and_nothing_else() {
        for (url, shown) in [
            ("http://localhost:11434/v1", "http://localhost:11434/v1"),
            ("https://u:pw@gpu:8443/v1", "https://u:***@gpu:8443/v1"),
            ("http://tok@h/v1", "http://***@h/v1"),
            // An `@` after the authority is not a credential separator.
            (
                "https://user:pw-SECRET@host/v1?email=me@x.com",
                "https://user:***@host/v1?email=me@x.com",
            ),
            ("http://tok-SECRET@host/v1#a@b", "http://***@host/v1#a@b"),
            ("http://host/a@b/v1", "http://host/a@b/v1"),
            // The last `@` of the authority ends the credentials.
            ("http://u:p@ss@host/v1", "http://u:***@host/v1"),
            // Query parameters named like secrets.
            (
                "http://h/v1?api_key=SECRET&x=1&Access_Token=T#f",
                "http://h/v1?api_key=***&x=1&Access_Token=***#f",
            ),
            ("http://h/v1?model=a&sig", "http://h/v1?model=a&sig"),
            (
                "http://h/cb#access_token=T&x=1",
                "http://h/cb#access_token=***&x=1",
            ),
            ("http://h/#?#&api_key=K", "http://h/#?#&api_key=***"),
            // No scheme: the segment holding the last `@`.
            ("user:pw@host:8000", "user:***@host:8000"),
            (
                "http:/user:pw@host/v1?key=K",
                "http:/user:***@host/v1?key=***",
            ),
            ("host:8000?token=T", "host:8000?token=***"),
            // Not a scheme before the `://`: read as having none.
            ("http:/user:pw-S@://v1", "http:/user:***@://v1"),
            ("a b://u:pw@h", "a b://u:***@h"),
            ("", ""),
        ] {
            assert_eq!(redact_url(url), shown, "{url}");
        }
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(redact("ééééxxxxxxxxéééé"), "éééé…éééé");
        assert_eq!(
            redact("\u{1F600}bcdefghijk\u{1F600}"),
            "\u{1F600}bcd…ijk\u{1F600}"
        );
        assert_eq!(redact("abcdefghijk"), "…");
        assert_eq!(redact("abcdefghijkl"), "abcd…ijkl");
    }
}
