//! URL anatomy: the one parser of a URL's scheme and authority.
//!
//! Checking a base URL (`base_url`), masking its secrets (`redact`) and
//! diagnosing it (`diagnostics`) all take a URL apart the same way, here: the scheme ends at the first
//! `://`, the authority at the first `/`, `?` or `#` after it, the
//! credentials at its last `@`. A leaf module: it imports nothing.

/// `("http", "host:1/v1")` for `"http://host:1/v1"`: a byte scan, since
/// this runs on every local resolution.
pub(crate) fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let at = url.as_bytes().windows(3).position(|w| w == b"://")?;
    Some((&url[..at], &url[at + 3..]))
}

/// Splits the part after `scheme://` into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authority<'a> {
    /// `user:password` before an `@`, if any.
    pub userinfo: Option<&'a str>,
    /// Host name or address; IPv6 keeps its brackets.
    pub host: &'a str,
    /// Port text after the host's `:`, if any.
    pub port: Option<&'a str>,
    /// Everything from the first `/`, `?` or `#` on.
    pub rest: &'a str,
}

/// Parses the text after `scheme://`. Never fails; missing parts are empty.
pub fn authority(after_scheme: &str) -> Authority<'_> {
    let end = after_scheme
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(after_scheme.len());
    let (auth, rest) = after_scheme.split_at(end);
    let (userinfo, hostport) = match auth.rfind('@') {
        Some(at) => (Some(&auth[..at]), &auth[at + 1..]),
        None => (None, auth),
    };
    let (host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(close) => {
                let port = hostport[close + 1..].strip_prefix(':');
                (&hostport[..=close], port)
            }
            None => (hostport, None),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    Authority {
        userinfo,
        host,
        port,
        rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authority_splits_userinfo_host_port_and_rest() {
        let a = authority("u:p@[::1]:8000/v1?x");
        assert_eq!(a.userinfo, Some("u:p"));
        assert_eq!(a.host, "[::1]");
        assert_eq!(a.port, Some("8000"));
        assert_eq!(a.rest, "/v1?x");
    }
}
