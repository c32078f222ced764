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
        assert_eq!(
            redact("\u{1F600}bcdefghijk\u{1F600}"),
            "\u{1F600}bcd…ijk\u{1F600}"
        );
        assert_eq!(redact("abcdefghijk"), "…");
        assert_eq!(redact("abcdefghijkl"), "abcd…ijkl");
    }
}
