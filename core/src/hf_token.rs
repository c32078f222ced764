//! Where the Hugging Face Router's key comes from (SPEC §3, route 6).
//!
//! Order: `INFERENCE_TOKEN`, the session token, then the Hub token, which is
//! `HF_TOKEN or HUGGING_FACE_HUB_TOKEN` (a Python `or` on the *raw* values,
//! so a blank `HF_TOKEN` hides the other) and then the token file. Every
//! value is [`clean`]ed; the first non-empty one wins.

use crate::env::{Chain, Env, EnvVar, Provenance, Source, State};
use crate::whitespace::py_strip;

// The names the reference reads, in order, are declared with every other
// variable's (the one table of variables) and re-exported here.
pub use crate::providers::{HF_BILL_TO, HF_TOKEN, HUGGING_FACE_HUB_TOKEN, INFERENCE_TOKEN};
/// Explicit path of the token file.
pub const HF_TOKEN_PATH: &str = "HF_TOKEN_PATH";
/// Hugging Face home; the token file is `$HF_HOME/token`.
pub const HF_HOME: &str = "HF_HOME";
/// XDG cache home; the token file is `$XDG_CACHE_HOME/huggingface/token`.
pub const XDG_CACHE_HOME: &str = "XDG_CACHE_HOME";
/// Header carrying [`HF_BILL_TO`].
pub const BILL_TO_HEADER: &str = "X-HF-Bill-To";
/// Value of the billing header when `HF_BILL_TO` is unset.
pub const DEFAULT_BILL_TO: &str = "smolagents";
/// The command that writes the token file. Current `huggingface_hub`
/// releases ship it as `hf auth login`; the older `huggingface-cli login`
/// is gone from them. Every hint names it through this constant (only the
/// reference's own start-up error, quoted word for word, keeps the old
/// name).
pub const LOGIN_COMMAND: &str = "hf auth login";

/// The reference's token cleaning: drop every `\r` and `\n`, trim Python
/// whitespace; nothing left means no token.
///
/// ```
/// use modelroute_core::hf_token::clean;
/// assert_eq!(clean("hf_ab\r\ncd \n").as_deref(), Some("hf_abcd"));
/// assert_eq!(clean(" \n "), None);
/// ```
pub fn clean(raw: &str) -> Option<String> {
    let joined: String = raw.chars().filter(|&c| c != '\r' && c != '\n').collect();
    let trimmed = py_strip(&joined);
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Path of the token file, from the environment and the home directory, as
/// the Hub library computes it. Empty variables count as unset; a leading
/// `~` expands to `home`. `None` only when nothing names a path and `home`
/// is unknown.
///
/// ```
/// use modelroute_core::hf_token::token_file_path;
/// let env = [("XDG_CACHE_HOME", "/c")];
/// assert_eq!(token_file_path(&env, Some("/home/a")).as_deref(), Some("/c/huggingface/token"));
/// assert_eq!(token_file_path(&[("HF_HOME", "~/hf")], Some("/home/a")).as_deref(), Some("/home/a/hf/token"));
/// ```
pub fn token_file_path(env: &(impl Env + ?Sized), home: Option<&str>) -> Option<String> {
    let set = |name| env.var(name).filter(|v| !v.is_empty());
    let expand = |p: &str| -> Option<String> {
        match p.strip_prefix('~') {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                home.map(|h| format!("{h}{rest}"))
            }
            _ => Some(p.to_owned()),
        }
    };
    if let Some(path) = set(HF_TOKEN_PATH) {
        return expand(path);
    }
    if let Some(hf_home) = set(HF_HOME) {
        return expand(hf_home).map(|h| format!("{h}/token"));
    }
    if let Some(cache) = set(XDG_CACHE_HOME) {
        return expand(cache).map(|c| format!("{c}/huggingface/token"));
    }
    home.map(|h| format!("{h}/.cache/huggingface/token"))
}

/// Walks the router key chain; returns the key and its provenance.
pub(crate) fn router_key(
    env: &(impl Env + ?Sized),
    session_token: Option<&str>,
    token_file: Option<&str>,
) -> (Option<String>, Provenance) {
    let mut chain = Chain::new();
    let mut key = take(
        &mut chain,
        Source::Env(EnvVar::INFERENCE_TOKEN),
        env.var(INFERENCE_TOKEN),
    );
    key = key.or(take(&mut chain, Source::Session, session_token));
    let hf = env.var(HF_TOKEN);
    key = key.or(take(&mut chain, Source::Env(EnvVar::HF_TOKEN), hf));
    let legacy = env.var(HUGGING_FACE_HUB_TOKEN);
    if hf.is_some_and(|v| !v.is_empty()) {
        // Python's `HF_TOKEN or HUGGING_FACE_HUB_TOKEN`: never consulted.
        let state = match legacy {
            None => State::Unset,
            Some("") => State::Empty,
            Some(_) => State::Hidden,
        };
        chain.push(Source::Env(EnvVar::HUGGING_FACE_HUB_TOKEN), state);
    } else {
        key = key.or(take(
            &mut chain,
            Source::Env(EnvVar::HUGGING_FACE_HUB_TOKEN),
            legacy,
        ));
    }
    key = key.or(take(&mut chain, Source::TokenFile, token_file));
    (key, chain.finish())
}

/// Records one token candidate; returns its cleaned value when it wins.
fn take(chain: &mut Chain, source: Source, raw: Option<&str>) -> Option<String> {
    let (state, cleaned) = match raw {
        None => (State::Unset, None),
        Some("") => (State::Empty, None),
        Some(v) => match clean(v) {
            Some(c) => (State::Set, Some(c)),
            None => (State::Blank, None),
        },
    };
    let wins = !chain.has_winner();
    chain.push(source, state);
    cleaned.filter(|_| wins)
}

/// Whether resolving needs the token file's contents: only when the id goes
/// to the HF Router and no earlier source yields a key. Lets a shell skip
/// reading the file.
pub fn needs_token_file(env: &(impl Env + ?Sized), session_token: Option<&str>) -> bool {
    router_key(env, session_token, None).0.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_hf_token_hides_the_legacy_variable() {
        let env = [("HF_TOKEN", "  "), ("HUGGING_FACE_HUB_TOKEN", "hf_legacy")];
        let (key, p) = router_key(&env, None, None);
        assert_eq!(key, None);
        assert_eq!(p.source, Source::None);
        assert_eq!(p.candidates[2].state, State::Blank);
        assert_eq!(p.candidates[3].state, State::Hidden);
        // With the file, the file wins and the hidden variable is reported.
        let (key, p) = router_key(&env, None, Some("hf_file\n"));
        assert_eq!(key.as_deref(), Some("hf_file"));
        assert_eq!(p.source, Source::TokenFile);
        assert_eq!(p.shadowed, [Source::Env(EnvVar::HUGGING_FACE_HUB_TOKEN)]);
    }

    #[test]
    fn empty_hf_token_lets_the_legacy_variable_through() {
        let env = [("HF_TOKEN", ""), ("HUGGING_FACE_HUB_TOKEN", " hf_legacy ")];
        let (key, p) = router_key(&env, None, None);
        assert_eq!(key.as_deref(), Some("hf_legacy"));
        assert_eq!(p.source, Source::Env(EnvVar::HUGGING_FACE_HUB_TOKEN));
    }

    #[test]
    fn inference_token_beats_session_and_hub() {
        let env = [("INFERENCE_TOKEN", "it\n"), ("HF_TOKEN", "hf")];
        let (key, p) = router_key(&env, Some("sess"), Some("file"));
        assert_eq!(key.as_deref(), Some("it"));
        assert_eq!(
            p.shadowed,
            [
                Source::Session,
                Source::Env(EnvVar::HF_TOKEN),
                Source::TokenFile
            ]
        );
    }

    #[test]
    fn token_path_precedence() {
        let home = Some("/h");
        assert_eq!(
            token_file_path(&[("HF_TOKEN_PATH", "/t"), ("HF_HOME", "/x")], home).as_deref(),
            Some("/t")
        );
        assert_eq!(
            token_file_path(&[("HF_TOKEN_PATH", ""), ("HF_HOME", "/x")], home).as_deref(),
            Some("/x/token")
        );
        assert_eq!(
            token_file_path(&crate::EmptyEnv, home).as_deref(),
            Some("/h/.cache/huggingface/token")
        );
        assert_eq!(token_file_path(&crate::EmptyEnv, None), None);
        assert_eq!(
            token_file_path(&[("HF_HOME", "~user/x")], home).as_deref(),
            Some("~user/x/token")
        );
    }
}
