//! A base URL checked the way a URL parser checks it: whitespace inside
//! it, a host that is not a host name, an IPv4 or an IPv6 address, and a
//! port that is not a number from 0 to 65535 (the rules are core's one
//! URL parser's, `crate::url`). `resolve` keeps the reference's answer
//! for these, which is what the agent would send (`docs/compat.md`); the
//! diagnostics say where the bad character is and what to write instead.

use std::net::Ipv6Addr;

use super::target::{default_port, Target, Url};
use super::{Diagnostic, DiagnosticKind, Severity};
use crate::error::describe_char;
use crate::pyrepr::py_repr;
use crate::redact::redact_url;
use crate::url::{host_problem, port_problem, HostProblem};
use crate::whitespace::{first_py_space, is_py_space};

/// Whitespace inside the (trimmed) value: reported with its position,
/// and the value without it returned for the checks that follow.
pub(super) fn check_whitespace(
    value: &str,
    var: &'static str,
    out: &mut Vec<Diagnostic>,
) -> Option<String> {
    first_py_space(value)?;
    let fixed: String = value.chars().filter(|c| !is_py_space(*c)).collect();
    let shown = redact_url(value);
    // Found in what is shown: a space inside a masked password has no
    // position to show.
    let at = first_py_space(&shown).map_or(String::new(), |(at, c)| {
        format!(
            " a {} at character {}",
            describe_char(c),
            column(&shown, at)
        )
    });
    let fixed_shown = redact_url(&fixed);
    let what = if at.is_empty() {
        " whitespace"
    } else {
        at.as_str()
    };
    out.push(
        Diagnostic::new(
            DiagnosticKind::BaseUrlWhitespace,
            Severity::Error,
            format!(
                "base URL {} from `{var}` has{what}: no client connects to a URL with whitespace inside it",
                py_repr(&shown)
            ),
            format!("remove the whitespace: `{var}={fixed_shown}`"),
        )
        .variable(var)
        .set(var, fixed_shown),
    );
    Some(fixed)
}

/// The host and port, once the URL has both a scheme and a host.
pub(super) fn check_authority(url: &mut Url, t: &Target<'_>, out: &mut Vec<Diagnostic>) {
    let var = t.var;
    if let Some(fix) = unbracketed_ipv6(url) {
        let shown = url.shown();
        let bare = url.host.clone();
        let at = host_column(url, 0);
        *url = fix;
        out.push(
            Diagnostic::new(
                DiagnosticKind::BaseUrlInvalidIpv6,
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` has the IPv6 address `{bare}` at character {at} without brackets, so a client reads its last `:` group as the port"
                ),
                format!("put the address in brackets: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    match host_problem(&url.host) {
        Some(HostProblem::Ipv6 | HostProblem::Unbracketed) => {
            let at = host_column(url, 0);
            out.push(
                Diagnostic::new(
                    DiagnosticKind::BaseUrlInvalidIpv6,
                    Severity::Error,
                    format!(
                        "base URL {} from `{var}` has the host `{}` at character {at}, which is not an IPv6 address in brackets",
                        url.shown(),
                        url.host
                    ),
                    "write an IPv6 address between `[` and `]` (`[::1]` is this machine), or the server's host name".to_owned(),
                )
                .variable(var),
            );
        }
        Some(HostProblem::Ipv4) => {
            let at = host_column(url, 0);
            out.push(
                Diagnostic::new(
                    DiagnosticKind::BaseUrlInvalidHost,
                    Severity::Error,
                    format!(
                        "base URL {} from `{var}` has the host `{}` at character {at}, which ends in a number but is not an IPv4 address",
                        url.shown(),
                        url.host
                    ),
                    "write an IPv4 address as four numbers from 0 to 255 (`127.0.0.1`), or the server's host name".to_owned(),
                )
                .variable(var),
            );
        }
        Some(HostProblem::Character(byte, c)) => {
            let shown = url.shown();
            let at = host_column(url, byte);
            let host = url.host.clone();
            let found = shown_char(c);
            let mut d = Diagnostic::new(
                DiagnosticKind::BaseUrlInvalidHost,
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` has {found} at character {at}, which a host name cannot contain: no client can look up `{}`",
                    redact_url(&host)
                ),
                "remove it: a host name is letters, digits, `-`, `_` and `.`".to_owned(),
            )
            .variable(var);
            if let Some((fixed, how)) = fix_host(url, byte, c) {
                *url = fixed;
                d.fix = format!("{how}: `{var}={}`", url.render());
                d = d.set(var, url.render());
            }
            out.push(d);
        }
        None => {}
    }

    if let Some(at) = url.port.as_deref().and_then(port_problem) {
        let shown = url.shown();
        let port = url.port.clone().unwrap_or_default();
        let column = host_column(url, url.host.len()) + 1 + port[..at].chars().count();
        let what = match port[at..].chars().next() {
            Some(c) => format!(
                "{} at character {column}, in its port `{port}`",
                shown_char(c)
            ),
            None => format!("the port `{port}` at character {column}"),
        };
        // The digits before the mistake when they make a port, else the
        // server's default.
        let digits = &port[..at];
        let fixed = if !digits.is_empty() && port_problem(digits).is_none() {
            Some(digits.to_owned())
        } else {
            default_port(t.provider).map(|p| p.to_string())
        };
        url.port = fixed;
        let how = if url.port.is_some() {
            "use the server's port"
        } else {
            "drop the port"
        };
        out.push(
            Diagnostic::new(
                DiagnosticKind::BaseUrlInvalidPort,
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` has {what}: a port is a number from 0 to 65535"
                ),
                format!("{how}: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }
}

/// An IPv6 address written without brackets, which the authority parser
/// split at its last `:`: the URL with the brackets put back.
fn unbracketed_ipv6(url: &Url) -> Option<Url> {
    if url.host.starts_with('[') || !url.host.contains(':') {
        return None;
    }
    let port = url.port.as_deref().unwrap_or("");
    let mut fixed = url.clone();
    if url.host.parse::<Ipv6Addr>().is_ok() && !port.is_empty() && port_problem(port).is_none() {
        // `fd00::5:11434`: the last group read as a port is most likely one.
        fixed.host = format!("[{}]", url.host);
    } else if format!("{}:{port}", url.host).parse::<Ipv6Addr>().is_ok() {
        fixed.host = format!("[{}:{port}]", url.host);
        fixed.port = None;
    } else {
        return None;
    }
    Some(fixed)
}

/// A fix for a character a host cannot contain, when the intent is
/// plain (`;` or `,` where the port's `:` goes, or quotes around the
/// value) and leaves a host with nothing else wrong.
fn fix_host(url: &Url, byte: usize, c: char) -> Option<(Url, &'static str)> {
    plain_host_fix(url, byte, c)
        .filter(|(fixed, _)| !fixed.host.is_empty() && host_problem(&fixed.host).is_none())
}

fn plain_host_fix(url: &Url, byte: usize, c: char) -> Option<(Url, &'static str)> {
    let mut fixed = url.clone();
    let after = &url.host[byte + c.len_utf8()..];
    if matches!(c, ';' | ',')
        && url.port.is_none()
        && !after.is_empty()
        && port_problem(after).is_none()
    {
        fixed.port = Some(after.to_owned());
        fixed.host.truncate(byte);
        return Some((fixed, "write `:` before the port"));
    }
    if matches!(c, '"' | '\'' | '`') {
        fixed.host.retain(|h| !matches!(h, '"' | '\'' | '`'));
        return Some((fixed, "remove the quotes"));
    }
    None
}

/// The 1-based character position of byte `byte` of the host in the URL
/// as shown (credentials masked).
fn host_column(url: &Url, byte: usize) -> usize {
    let before = Url {
        host: url.host[..byte].to_owned(),
        port: None,
        path: String::new(),
        tail: String::new(),
        ..url.clone()
    };
    before.render().chars().count() + 1
}

/// The 1-based character position of byte `byte` of `s`.
fn column(s: &str, byte: usize) -> usize {
    s[..byte].chars().count() + 1
}

/// A character as a message shows it: in backticks, or as its code point
/// when it would not show.
fn shown_char(c: char) -> String {
    if c.is_control() || c == '\u{FFFD}' || c == '`' {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}`")
    }
}
