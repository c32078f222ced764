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

/// Why a host cannot be connected to, as a URL parser sees it.
///
/// The rules are WHATWG's host parser for `http` and `https` (forbidden
/// code points, IPv6 literals, hosts that end in a number are IPv4
/// addresses), made stricter where DNS is: a name is ASCII letters,
/// digits, `-`, `_` and `.`, or non-ASCII text that IDNA maps (left to
/// the client, except U+FFFD and control characters, which IDNA never
/// allows). `core/tests/whatwg_hosts.rs` checks them against the WHATWG URL
/// test data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostProblem {
    /// A character no host name contains, at this byte offset of the host.
    Character(usize, char),
    /// The host ends in a number, so it must be an IPv4 address, and is not.
    Ipv4,
    /// `[...]` that is not an IPv6 address (or lacks its `]`).
    Ipv6,
    /// An IPv6 address without its brackets: the authority parser took its
    /// last `:` group for the port.
    Unbracketed,
}

/// What is wrong with `host` (as [`authority`] returns it), if anything.
/// An empty host is not judged here.
pub(crate) fn host_problem(host: &str) -> Option<HostProblem> {
    if let Some(inner) = host.strip_prefix('[') {
        let ok = inner
            .strip_suffix(']')
            .is_some_and(|a| a.parse::<std::net::Ipv6Addr>().is_ok());
        return (!ok).then_some(HostProblem::Ipv6);
    }
    if host.contains(':') && host.parse::<std::net::Ipv6Addr>().is_ok() {
        return Some(HostProblem::Unbracketed);
    }
    let bad = host.char_indices().find(|&(_, c)| {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        } else {
            c.is_control() || c.is_whitespace() || c == '\u{FFFD}'
        }
    });
    if let Some((at, c)) = bad {
        return Some(HostProblem::Character(at, c));
    }
    (ends_in_number(host) && ipv4(host).is_none()).then_some(HostProblem::Ipv4)
}

/// WHATWG's "ends in a number": the last label (after one trailing `.`)
/// is decimal digits, or `0x` and hex digits.
fn ends_in_number(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let last = host.rsplit('.').next().unwrap_or("");
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    last.strip_prefix("0x")
        .or_else(|| last.strip_prefix("0X"))
        .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// WHATWG's IPv4 parser: one to four parts, each decimal, octal (leading
/// `0`) or hex (`0x`), the last filling the bytes left.
fn ipv4(host: &str) -> Option<u32> {
    let host = host.strip_suffix('.').unwrap_or(host);
    let count = host.split('.').count();
    if count > 4 {
        return None;
    }
    let mut address = 0u64;
    for (i, part) in host.split('.').enumerate() {
        let n = ipv4_number(part)?;
        let last = i + 1 == count;
        let limit = if last { 1u64 << (8 * (5 - count)) } else { 256 };
        if n >= limit {
            return None;
        }
        address += if last { n } else { n << (8 * (3 - i)) };
    }
    u32::try_from(address).ok()
}

/// One part of an IPv4 address, saturating when too big for any.
fn ipv4_number(part: &str) -> Option<u64> {
    let (digits, radix) = match part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
        Some(hex) => (hex, 16),
        None if part.len() > 1 && part.starts_with('0') => (&part[1..], 8),
        None if part.is_empty() => return None,
        None => (part, 10),
    };
    digits.chars().try_fold(0u64, |n, c| {
        let digit = u64::from(c.to_digit(radix)?);
        Some(n.saturating_mul(u64::from(radix)).saturating_add(digit))
    })
}

/// Where `port` (the text after the host's `:`) stops being a port: the
/// byte offset of its first character that is not a digit, or 0 when it
/// is all digits but over 65535. `None` for a port, or an empty one
/// (which means the scheme's default).
pub(crate) fn port_problem(port: &str) -> Option<usize> {
    if let Some(at) = port.bytes().position(|b| !b.is_ascii_digit()) {
        return Some(at);
    }
    // Leading zeros are allowed (`:0080` is port 80).
    let value = port.trim_start_matches('0');
    (value.len() > 5 || value.parse::<u32>().is_ok_and(|p| p > 65535)).then_some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_judged_like_a_url_parser() {
        use HostProblem::*;
        let cases = [
            ("localhost", None),
            ("gpu-box_1.lan", None),
            ("é.example", None),
            ("127.0.0.1", None),
            ("0x7f.1", None),
            ("0x", None),
            ("1.256.0.0", Some(Ipv4)),
            ("1.0x100", None),
            ("4294967296", Some(Ipv4)),
            ("4294967295", None),
            ("[::1]", None),
            ("[fe80::1]", None),
            ("localhost;11434", Some(Character(9, ';'))),
            ("a%41", Some(Character(1, '%'))),
            ("a\u{FFFD}", Some(Character(1, '\u{FFFD}'))),
            ("256.0.0.1", Some(Ipv4)),
            ("1.2.3.4.5", Some(Ipv4)),
            ("foo.09", Some(Ipv4)),
            ("[::1", Some(Ipv6)),
            ("[1:2]", Some(Ipv6)),
            ("fdc4:f303:9324::254", Some(Unbracketed)),
        ];
        for (host, want) in cases {
            assert_eq!(host_problem(host), want, "{host}");
        }
    }

    #[test]
    fn ports_are_numbers_up_to_65535() {
        assert_eq!(port_problem(""), None);
        assert_eq!(port_problem("11434"), None);
        assert_eq!(port_problem("00000000000080"), None);
        assert_eq!(port_problem("65535"), None);
        assert_eq!(port_problem("65536"), Some(0));
        assert_eq!(port_problem("5501255012"), Some(0));
        assert_eq!(port_problem("11434abc"), Some(5));
        assert_eq!(port_problem("http"), Some(0));
    }

    #[test]
    fn authority_splits_userinfo_host_port_and_rest() {
        let a = authority("u:p@[::1]:8000/v1?x");
        assert_eq!(a.userinfo, Some("u:p"));
        assert_eq!(a.host, "[::1]");
        assert_eq!(a.port, Some("8000"));
        assert_eq!(a.rest, "/v1?x");
    }
}
