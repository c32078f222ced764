//! The one way secrets are shown.
//!
//! Every printer in every shell (CLI human output, `--json` unless
//! `--show-secrets`, the wasm package's defaults, the demo) calls
//! [`redact`], so a key looks the same everywhere and no surface invents a
//! weaker mask.

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
    let count = secret.chars().count();
    if count == 0 {
        return String::new();
    }
    if count < MIN_PARTIAL_LEN {
        return "…".to_owned();
    }
    let head: String = secret.chars().take(KEEP).collect();
    let tail: String = secret.chars().skip(count - KEEP).collect();
    format!("{head}…{tail}")
}

/// A URL with any password or token in it masked: `http://user:pw@h` becomes
/// `http://user:***@h`. Base URLs are shown in full otherwise: they are
/// not secret, and the exact value is what a person needs to see.
///
/// ```
/// use modelroute_core::redact_url;
/// assert_eq!(redact_url("https://user:pw@gpu:8443/v1"), "https://user:***@gpu:8443/v1");
/// assert_eq!(redact_url("http://localhost:11434"), "http://localhost:11434");
/// ```
pub fn redact_url(url: &str) -> String {
    crate::diagnostics::masked(url)
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
    fn counts_characters_not_bytes() {
        assert_eq!(redact("ééééxxxxxxxxéééé"), "éééé…éééé");
    }
}
