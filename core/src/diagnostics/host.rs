//! The base URL's host and port: bind addresses, TLS on loopback,
//! Docker's host name, other servers' ports, keys in clear text, and
//! `localhost`; and how a host is classified.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::tables::{COMMON_HTTP_PORTS, DOCKER_HOST};
use super::target::{default_port, ends_with_ignore_case, Target, Url};
use super::{Diagnostic, DiagnosticKind, Platform, Severity};
use crate::providers::{LOCAL_PROVIDERS, PLACEHOLDER_API_KEY};
use crate::whitespace::py_strip;

/// Bind addresses, TLS on loopback, Docker's host name, other servers'
/// ports, keys in clear text, and `localhost`.
pub(super) fn check_host(url: &mut Url, t: &Target<'_>, out: &mut Vec<Diagnostic>) {
    let var = t.var;

    if classify(&url.host) == HostClass::Unspecified {
        let shown = url.shown();
        let loopback = loopback_for(&url.host).to_owned();
        let bound = std::mem::replace(&mut url.host, loopback);
        out.push(
            Diagnostic::new(
                DiagnosticKind::BaseUrlBindAddress,
                Severity::Warning,
                format!(
                    "base URL {shown} from `{var}` names `{bound}`, the address a server listens on, not one to connect to"
                ),
                format!(
                    "connect to `{}` when the server runs on this machine, or to the machine's own address when it does not: `{var}={}`",
                    url.host,
                    url.render()
                ),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    if url.scheme.eq_ignore_ascii_case("https") && classify(&url.host) == HostClass::Loopback {
        let shown = url.shown();
        url.scheme = "http".to_owned();
        out.push(
            Diagnostic::new(
                DiagnosticKind::HttpsOnLoopback,
                Severity::Warning,
                format!(
                    "base URL {shown} from `{var}` uses `https://` on this machine, where {} speaks plain HTTP unless a TLS proxy sits in front: the handshake fails with \"wrong version number\"",
                    t.provider.display_name
                ),
                format!("use `http://`: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    if url.host.eq_ignore_ascii_case(DOCKER_HOST)
        && t.context.platform != Platform::MacOs
        && t.context.platform != Platform::Windows
    {
        let shown = url.shown();
        let (severity, message) = if t.context.platform == Platform::Linux {
            (
                Severity::Warning,
                format!(
                    "base URL {shown} from `{var}` uses `{DOCKER_HOST}`, which does not resolve on Linux unless the container is started with `--add-host={DOCKER_HOST}:host-gateway`"
                ),
            )
        } else {
            (
                Severity::Info,
                format!(
                    "base URL {shown} from `{var}` uses `{DOCKER_HOST}`: Docker Desktop (macOS, Windows) defines it, but on Linux it only resolves when the container is started with `--add-host={DOCKER_HOST}:host-gateway`"
                ),
            )
        };
        out.push(
            Diagnostic::new(
                DiagnosticKind::DockerHostOnLinux,
                severity,
                message,
                format!(
                    "on Linux, start the container with `--add-host={DOCKER_HOST}:host-gateway` (Compose: `extra_hosts: [\"{DOCKER_HOST}:host-gateway\"]`), or use the host's address on the Docker bridge (often `172.17.0.1`); either way {} must listen on an address the container can reach, not only on `127.0.0.1`",
                    t.provider.display_name
                ),
            )
            .variable(var),
        );
    }

    if let Some(port) = url.port_number() {
        let other = LOCAL_PROVIDERS
            .iter()
            .find(|p| p.id != t.provider.id && default_port(p) == Some(port));
        if let (Some(other), true) = (other, default_port(t.provider) != Some(port)) {
            let shown = url.shown();
            let own_port = default_port(t.provider)
                .map_or(String::new(), |p| format!(" (default port `{p}`)"));
            // 8000 and 8080 are every web framework's port too: there the
            // match says little.
            let severity = if COMMON_HTTP_PORTS.contains(&port) {
                Severity::Info
            } else {
                Severity::Warning
            };
            let mut d = Diagnostic::new(
                DiagnosticKind::OtherServerPort,
                severity,
                format!(
                    "base URL {shown} from `{var}` uses port `{port}`, {}'s default, while `{}` ids are for {}{own_port}",
                    other.display_name, t.provider.prefix, t.provider.display_name
                ),
                String::new(),
            )
            .variable(var);
            if t.name.is_empty() {
                d.fix = format!(
                    "if that server is {}, use the `{}` prefix; otherwise check the port",
                    other.display_name, other.prefix
                );
            } else {
                let meant = format!("{}{}", other.prefix, t.name);
                d.fix = format!(
                    "if that server is {}, did you mean `{meant}`? Otherwise check the port",
                    other.display_name
                );
                d = d.use_id(meant);
            }
            out.push(d);
        }
    }

    if let Some((key_var, key)) = t.key {
        let class = classify(&url.host);
        let real = key != PLACEHOLDER_API_KEY && !py_strip(key).is_empty();
        if real
            && url.scheme.eq_ignore_ascii_case("http")
            && matches!(class, HostClass::Private | HostClass::Public)
        {
            let (severity, whom) = if class == HostClass::Private {
                (Severity::Info, "anyone on the local network")
            } else {
                (Severity::Warning, "anyone on the path")
            };
            let port = url
                .port_number()
                .or_else(|| default_port(t.provider))
                .unwrap_or(80);
            out.push(
                Diagnostic::new(
                    DiagnosticKind::PlainHttpKey,
                    severity,
                    format!(
                        "the API key from `{key_var}` would travel unencrypted to `{}` over plain `http://` ({} from `{var}`), readable by {whom}",
                        url.host,
                        url.shown()
                    ),
                    format!(
                        "serve {} over HTTPS (a reverse proxy such as Caddy or nginx) and use `https://`, or tunnel to it: `ssh -L {port}:127.0.0.1:{port} {}` then `{var}=http://127.0.0.1:{port}`",
                        t.provider.display_name,
                        url.host.trim_start_matches('[').trim_end_matches(']')
                    ),
                )
                .variable(var),
            );
        }
    }

    if url.host.eq_ignore_ascii_case("localhost") {
        let shown = url.shown();
        url.host = "127.0.0.1".to_owned();
        out.push(
            Diagnostic::new(
                DiagnosticKind::BaseUrlLocalhost,
                Severity::Info,
                format!(
                    "base URL {shown} from `{var}` uses `localhost`, which may resolve to IPv6 `::1` first; a server listening on IPv4 only then refuses clients that do not fall back to `127.0.0.1`"
                ),
                format!("use `127.0.0.1`: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HostClass {
    /// This machine: `localhost`, `127.0.0.0/8`, `::1`.
    Loopback,
    /// `0.0.0.0` or `::`: every interface, for listening.
    Unspecified,
    /// A private, link-local or shared address, a single-label name (a
    /// Docker service, a LAN host) or a local-only domain.
    Private,
    /// Anything else.
    Public,
}

const LOCAL_DOMAINS: &[&str] = &[".local", ".lan", ".internal", ".home.arpa", ".localdomain"];

pub(super) fn classify(host: &str) -> HostClass {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.eq_ignore_ascii_case("localhost") || ends_with_ignore_case(bare, ".localhost") {
        return HostClass::Loopback;
    }
    if let Ok(ip) = bare.parse::<Ipv4Addr>() {
        let [a, b, ..] = ip.octets();
        return if ip.is_loopback() {
            HostClass::Loopback
        } else if ip.is_unspecified() {
            HostClass::Unspecified
        } else if ip.is_private() || ip.is_link_local() || (a == 100 && (64..128).contains(&b)) {
            HostClass::Private
        } else {
            HostClass::Public
        };
    }
    if let Ok(ip) = bare.parse::<Ipv6Addr>() {
        let first = ip.segments()[0];
        return if ip.is_loopback() {
            HostClass::Loopback
        } else if ip.is_unspecified() {
            HostClass::Unspecified
        } else if first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfe80 {
            HostClass::Private
        } else {
            HostClass::Public
        };
    }
    if !bare.contains('.') || LOCAL_DOMAINS.iter().any(|d| ends_with_ignore_case(bare, d)) {
        HostClass::Private
    } else {
        HostClass::Public
    }
}

/// The loopback address of the same family as a bind address.
pub(super) fn loopback_for(host: &str) -> &'static str {
    if host.contains(':') {
        "[::1]"
    } else {
        "127.0.0.1"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::LOCAL_PROVIDERS;

    #[test]
    fn every_provider_has_a_distinct_default_port() {
        let ports: Vec<u16> = LOCAL_PROVIDERS.iter().filter_map(default_port).collect();
        assert_eq!(ports.len(), LOCAL_PROVIDERS.len());
        for (i, p) in ports.iter().enumerate() {
            assert!(!ports[..i].contains(p));
        }
    }

    #[test]
    fn hosts_are_classified() {
        use HostClass::*;
        let cases = [
            ("localhost", Loopback),
            ("127.0.0.2", Loopback),
            ("[::1]", Loopback),
            ("0.0.0.0", Unspecified),
            ("[::]", Unspecified),
            ("192.168.1.5", Private),
            ("10.0.0.10", Private),
            ("100.100.1.1", Private),
            ("[fd00::1]", Private),
            ("ollama", Private),
            ("gpu.lan", Private),
            (DOCKER_HOST, Private),
            ("203.0.113.7", Public),
            ("api.example.com", Public),
        ];
        for (host, want) in cases {
            assert_eq!(classify(host), want, "{host}");
        }
    }
}
