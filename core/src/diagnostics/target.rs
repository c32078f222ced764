//! The base URL being checked, taken apart on the crate's one URL parser
//! so each fix can change one part and the next check sees the fixed
//! value; and the small helpers every check shares.

use super::Context;
use crate::base_url::normalize;
use crate::providers::LocalProvider;
use crate::pyrepr::py_repr;
use crate::redact::redact_url;
use crate::url::{authority, split_scheme};

/// The base URL being checked and what it is for.
pub(super) struct Target<'a> {
    /// The variable it came from.
    pub(super) var: &'static str,
    pub(super) provider: &'static LocalProvider,
    /// The model name after the prefix.
    pub(super) name: &'a str,
    /// The key that wins for the id, if a variable supplies one.
    pub(super) key: Option<(&'static str, &'a str)>,
    pub(super) context: &'a Context,
}

/// A base URL taken apart, so each fix can change one part and the next
/// check sees the fixed value.
#[derive(Debug, Clone)]
pub(super) struct Url {
    pub(super) scheme: String,
    pub(super) userinfo: Option<String>,
    pub(super) host: String,
    pub(super) port: Option<String>,
    /// The path, from the first `/` after the authority.
    pub(super) path: String,
    /// A query or fragment, from the first `?` or `#`.
    pub(super) tail: String,
}

impl Url {
    pub(super) fn parse(scheme: &str, after_scheme: &str) -> Url {
        let a = authority(after_scheme);
        let split = a.rest.find(['?', '#']).unwrap_or(a.rest.len());
        Url {
            scheme: scheme.to_owned(),
            userinfo: a.userinfo.map(str::to_owned),
            host: a.host.to_owned(),
            port: a.port.map(str::to_owned),
            path: a.rest[..split].to_owned(),
            tail: a.rest[split..].to_owned(),
        }
    }

    /// The URL as written, except that a password or token in it is
    /// masked: every message, fix and suggestion is built from this, so no
    /// secret is ever printed. (The credentials check then says to remove
    /// them, and later suggestions have none.)
    pub(super) fn render(&self) -> String {
        let mut s = format!("{}://", self.scheme);
        if let Some(u) = &self.userinfo {
            s.push_str(u);
            s.push('@');
        }
        s.push_str(&self.host);
        if let Some(p) = &self.port {
            s.push(':');
            s.push_str(p);
        }
        s.push_str(&self.path);
        s.push_str(&self.tail);
        redact_url(&s)
    }

    /// The URL quoted for a message.
    pub(super) fn shown(&self) -> String {
        py_repr(&self.render())
    }

    /// Where a chat request would go with this base URL.
    pub(super) fn request_url(&self) -> String {
        py_repr(&format!("{}/chat/completions", normalize(&self.render())))
    }

    pub(super) fn port_number(&self) -> Option<u16> {
        self.port.as_deref().and_then(|p| p.parse().ok())
    }
}

/// The default port of a provider, read from its default base URL.
pub(super) fn default_port(p: &LocalProvider) -> Option<u16> {
    let (_, rest) = split_scheme(p.default_base_url)?;
    authority(rest).port?.parse().ok()
}

pub(super) fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

pub(super) fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let n = prefix.len();
    (s.len() >= n && s.is_char_boundary(n) && s[..n].eq_ignore_ascii_case(prefix)).then(|| &s[n..])
}
