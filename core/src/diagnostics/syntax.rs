//! A base URL checked the way a URL parser checks it: whitespace inside
//! it, a host that is not a host name, an IPv4 or an IPv6 address, and a
//! port that is not a number from 0 to 65535 (the rules are core's one
//! URL parser's, `crate::url`). `resolve` keeps the reference's answer
//! for these, which is what the agent would send (`docs/compat.md`); the
//! diagnostics say where the bad character is and what to write instead.
//!
//! Every message has one shape, `base URL '...' from `VAR` has <what>:
//! <why>`, built in one place: the wasm package's main entry has a size
//! budget, and each separately formatted message costs it.

use std::net::Ipv6Addr;

use super::target::{default_port, Target, Url};
use super::{Diagnostic, DiagnosticKind, Severity};
use crate::error::describe_char;
use crate::pyrepr::py_repr;
use crate::redact::redact_url;
use crate::url::{host_problem, port_problem, HostProblem};
use crate::whitespace::{first_py_space, is_py_space};

/// One syntax diagnostic: what the URL `shown` (as written before the fix)
/// has, why that fails, and the fix, with the URL to copy when there is
/// one.
fn push(
    out: &mut Vec<Diagnostic>,
    kind: DiagnosticKind,
    (shown, var): (&str, &'static str),
    what: &str,
    why: &str,
    fix: (&str, Option<String>),
) {
    let mut d = Diagnostic::new(
        kind,
        Severity::Error,
        format!("base URL {} from `{var}` has {what}: {why}", py_repr(shown)),
        fix.0.to_owned(),
    )
    .variable(var);
    if let Some(value) = fix.1 {
        d.fix = format!("{}: `{var}={value}`", fix.0);
        d = d.set(var, value);
    }
    out.push(d);
}

/// Whitespace inside the (trimmed) value: reported with its position,
/// and the value without it returned for the checks that follow.
pub(super) fn check_whitespace(
    value: &str,
    var: &'static str,
    out: &mut Vec<Diagnostic>,
) -> Option<String> {
    first_py_space(value)?;
    let mut fixed = value.to_owned();
    fixed.retain(|c| !is_py_space(c));
    let shown = redact_url(value);
    // Found in what is shown: a space inside a masked password has no
    // position to show.
    let what = first_py_space(&shown).map_or("whitespace".to_owned(), |(at, c)| {
        format!("a {} at character {}", describe_char(c), column(&shown, at))
    });
    push(
        out,
        DiagnosticKind::BaseUrlWhitespace,
        (&shown, var),
        &what,
        "no client connects to a URL with whitespace inside it",
        ("remove the whitespace", Some(redact_url(&fixed))),
    );
    Some(fixed)
}

/// The host and port, once the URL has both a scheme and a host. Positions
/// count from 1 within the host, or the port, as the message quotes it.
pub(super) fn check_authority(url: &mut Url, t: &Target<'_>, out: &mut Vec<Diagnostic>) {
    let var = t.var;
    let shown = url.render();
    if let Some(fix) = unbracketed_ipv6(url) {
        let what = format!("the IPv6 address `{}` without brackets", url.host);
        *url = fix;
        push(
            out,
            DiagnosticKind::BaseUrlInvalidIpv6,
            (&shown, var),
            &what,
            "a client reads its last `:` group as the port",
            ("put the address in brackets", Some(url.render())),
        );
    }

    let problem = host_problem(&url.host).map(|p| {
        let (kind, what, why, fix) = match p {
            HostProblem::Ipv6 | HostProblem::Unbracketed => (
                DiagnosticKind::BaseUrlInvalidIpv6,
                String::new(),
                "it is not an IPv6 address in brackets",
                None,
            ),
            HostProblem::Ipv4 => (
                DiagnosticKind::BaseUrlInvalidHost,
                String::new(),
                "it ends in a number, so it must be an IPv4 address (four numbers from 0 to 255), and is not",
                None,
            ),
            HostProblem::Character(byte, c) => (
                DiagnosticKind::BaseUrlInvalidHost,
                format!(
                    ", with {} at character {}",
                    shown_char(c),
                    column(&url.host, byte)
                ),
                "a host name is letters, digits, `-`, `_` and `.`, so no client can look it up",
                fix_host(url, byte, c),
            ),
        };
        (kind, format!("the host `{}`{what}", url.host), why, fix)
    });
    if let Some((kind, what, why, fix)) = problem {
        let fix = match fix {
            Some((fixed, how)) => {
                *url = fixed;
                (how, Some(url.render()))
            }
            None => ("write the server's host name or address", None),
        };
        push(out, kind, (&shown, var), &what, why, fix);
    }

    if let Some(at) = url.port.as_deref().and_then(port_problem) {
        let port = url.port.take().unwrap_or_default();
        // `port_problem` points at a port over 65535 as a whole.
        let what = match port[at..].chars().next().filter(|c| !c.is_ascii_digit()) {
            Some(c) => format!(
                "the port `{port}`, with {} at character {}",
                shown_char(c),
                column(&port, at)
            ),
            None => format!("the port `{port}`"),
        };
        // The digits before the mistake when they make a port, else the
        // server's default.
        let digits = &port[..at];
        url.port = if !digits.is_empty() && port_problem(digits).is_none() {
            Some(digits.to_owned())
        } else {
            default_port(t.provider).map(|p| p.to_string())
        };
        push(
            out,
            DiagnosticKind::BaseUrlInvalidPort,
            (&shown, var),
            &what,
            "a port is a number from 0 to 65535",
            ("use the server's port", Some(url.render())),
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

/// A fix for a character a host cannot contain, when the intent is plain
/// (`;` or `,` where the port's `:` goes, or quotes around the value) and
/// leaves a host with nothing else wrong.
fn fix_host(url: &Url, byte: usize, c: char) -> Option<(Url, &'static str)> {
    let mut fixed = url.clone();
    let after = &url.host[byte + c.len_utf8()..];
    let how = if matches!(c, ';' | ',') && url.port.is_none() && !after.is_empty() {
        fixed.port = Some(after.to_owned());
        fixed.host.truncate(byte);
        "write `:` before the port"
    } else if matches!(c, '"' | '\'' | '`') {
        fixed.host.retain(|h| !matches!(h, '"' | '\'' | '`'));
        "remove the quotes"
    } else {
        return None;
    };
    let port_ok = fixed.port.as_deref().and_then(port_problem).is_none();
    (!fixed.host.is_empty() && host_problem(&fixed.host).is_none() && port_ok)
        .then_some((fixed, how))
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
