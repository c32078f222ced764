//! The base URL's own checks: blank, whitespace, scheme, host, host and
//! port syntax (`syntax`), credentials, query, endpoint paths, native
//! APIs, `/v1/v1` and other version segments. Each fixes its part of the
//! [`Url`] before the next runs; the host's checks follow (`host`).

use super::host::check_host;
use super::syntax;
use super::tables::{ENDPOINT_SUFFIXES, NATIVE_API_PATHS};
use super::target::{default_port, ends_with_ignore_case, strip_prefix_ignore_case, Target, Url};
use super::{Diagnostic, DiagnosticKind, Severity};
use crate::base_url::{HTTP_SCHEMES, V1_SUFFIX};
use crate::error::ErrorKind;
use crate::providers::local_provider_by_id;
use crate::pyrepr::py_repr;
use crate::redact::redact_url;
use crate::url::split_scheme;
use crate::whitespace::py_strip;

/// The diagnostic for a base URL mistake `resolve` refuses too, worded by
/// its error, about `var`.
fn refused(error: ErrorKind, var: &'static str) -> Option<Diagnostic> {
    Diagnostic::from_error(error).map(|d| d.variable(var))
}

pub(super) fn check_base_url(raw: &str, t: &Target<'_>, out: &mut Vec<Diagnostic>) {
    let var = t.var;
    let value = py_strip(raw);
    if value.is_empty() {
        out.extend(refused(ErrorKind::BlankBaseUrl { var }, var));
        return;
    }
    let unspaced = syntax::check_whitespace(value, var, out);
    let value = unspaced.as_deref().unwrap_or(value);

    let mut url = match split_scheme(value) {
        None => {
            // `http:/host` and `http:host` lost slashes; anything else
            // lacks the scheme altogether.
            let rest = ["http:", "https:"]
                .iter()
                .find_map(|s| {
                    strip_prefix_ignore_case(value, s)
                        .filter(|rest| !rest.is_empty())
                        .map(|rest| (&s[..s.len() - 1], rest.trim_start_matches('/')))
                })
                .unwrap_or(("http", value));
            let url = Url::parse(rest.0, rest.1);
            let error = ErrorKind::BaseUrlMissingScheme {
                url: redact_url(value),
                var,
            };
            if let Some(mut d) = refused(error, var) {
                // The error's hint, with slashes a `http:/` lost put back.
                d.fix = format!("write the scheme: `{var}={}`", url.render());
                out.push(d.set(var, url.render()));
            }
            url
        }
        Some((scheme, rest)) if HTTP_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) => {
            Url::parse(scheme, rest)
        }
        Some((scheme, rest)) => {
            // `NAME=http://…`: an assignment pasted into the value.
            let pasted = scheme
                .rsplit_once('=')
                .filter(|(_, s)| HTTP_SCHEMES.iter().any(|h| h.eq_ignore_ascii_case(s)));
            let error = ErrorKind::UnsupportedBaseUrlScheme {
                url: redact_url(value),
                var,
                scheme: redact_url(scheme),
            };
            let Some(mut d) = refused(error, var) else {
                return;
            };
            match pasted {
                Some((assignment, s)) => {
                    let url = Url::parse(s, rest);
                    d.message.push_str(&format!(
                        ": the value repeats the assignment `{assignment}=`"
                    ));
                    d.fix = format!("keep only the URL: `{var}={}`", url.render());
                    out.push(d.set(var, url.render()));
                    url
                }
                None => {
                    out.push(d);
                    return;
                }
            }
        }
    };

    if url.host.is_empty() {
        let port = url
            .port
            .clone()
            .filter(|p| !p.is_empty())
            .or_else(|| default_port(t.provider).map(|p| p.to_string()));
        let error = ErrorKind::BaseUrlMissingHost {
            url: url.render(),
            var,
        };
        url.host = "127.0.0.1".to_owned();
        url.port = port;
        if let Some(mut d) = refused(error, var) {
            // The error's hint, with the value to copy.
            d.fix = format!(
                "put the server's host in `{var}`, e.g. `{var}={}` when it runs on this machine",
                url.render()
            );
            out.push(d.set(var, url.render()));
        }
        return;
    }

    syntax::check_authority(&mut url, t, out);

    // Trailing slashes go, as the reference strips them.
    let kept = url.path.trim_end_matches('/').len();
    url.path.truncate(kept);

    if let Some(userinfo) = url.userinfo.take() {
        let shown = Url {
            userinfo: Some(userinfo),
            ..url.clone()
        }
        .shown();
        out.push(
            Diagnostic::new(
                DiagnosticKind::BaseUrlCredentials,
                Severity::Warning,
                format!(
                    "base URL {shown} from `{var}` carries credentials, which end up in logs, and OpenAI-compatible clients authenticate with a bearer key instead"
                ),
                format!(
                    "remove them: `{var}={}`, and put the key the server expects in `{}`",
                    url.render(),
                    t.key.map_or(t.provider.api_key_env, |(v, _)| v)
                ),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    if !url.tail.is_empty() {
        let shown = url.shown();
        let requested = url.request_url();
        let tail = std::mem::take(&mut url.tail);
        out.push(
            Diagnostic::new(
                DiagnosticKind::BaseUrlQuery,
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` has a query or fragment {}: `/v1` and the endpoint are appended after it, giving {requested}",
                    py_repr(&redact_url(&tail))
                ),
                format!("remove it: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    check_path(&mut url, t, out);
    check_host(&mut url, t, out);
}

/// Endpoint paths, native APIs, `/v1/v1` and other version segments.
fn check_path(url: &mut Url, t: &Target<'_>, out: &mut Vec<Diagnostic>) {
    let var = t.var;

    if let Some(suffix) = ENDPOINT_SUFFIXES
        .iter()
        .find(|s| ends_with_ignore_case(&url.path, s))
    {
        let shown = url.shown();
        let requested = url.request_url();
        let keep = url.path.len() - suffix.len();
        url.path.truncate(keep);
        out.push(
            Diagnostic::new(
                DiagnosticKind::BaseUrlEndpointPath,
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` ends with the endpoint `{suffix}`, which clients append themselves: requests would go to {requested}"
                ),
                format!("drop `{suffix}`: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    if let Some((path, servers)) = NATIVE_API_PATHS
        .iter()
        .find(|(p, _)| ends_with_ignore_case(&url.path, p))
    {
        let server = servers
            .iter()
            .find(|s| **s == t.provider.id)
            .or(servers.first())
            .and_then(|s| local_provider_by_id(s))
            .map_or("a server", |p| p.display_name);
        let shown = url.shown();
        let requested = url.request_url();
        let keep = url.path.len() - path.len();
        url.path.truncate(keep);
        out.push(
            Diagnostic::new(
                DiagnosticKind::BaseUrlNativeApi,
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` points at `{path}`, {server}'s native API, not its OpenAI-compatible one: requests would go to {requested}"
                ),
                format!(
                    "drop `{path}`; modelroute adds `/v1` itself: `{var}={}`",
                    url.render()
                ),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    let doubled = format!("{V1_SUFFIX}{V1_SUFFIX}");
    if url.path.ends_with(&doubled) {
        let shown = url.shown();
        let requested = url.request_url();
        while url.path.ends_with(&doubled) {
            let keep = url.path.len() - V1_SUFFIX.len();
            url.path.truncate(keep);
        }
        out.push(
            Diagnostic::new(
                DiagnosticKind::BaseUrlDoubleV1,
                Severity::Error,
                format!(
                    "base URL {shown} from `{var}` ends in `/v1/v1`: requests would go to {requested}"
                ),
                format!("keep one `/v1`: `{var}={}`", url.render()),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }

    let last = url.path.rsplit('/').next().unwrap_or("");
    if is_version_segment(last) && last != &V1_SUFFIX[1..] {
        let segment = format!("/{last}");
        let shown = url.shown();
        let requested = url.request_url();
        let keep = url.path.len() - segment.len();
        url.path.truncate(keep);
        out.push(
            Diagnostic::new(
                DiagnosticKind::BaseUrlVersionSegment,
                Severity::Warning,
                format!(
                    "base URL {shown} from `{var}` ends in the version segment `{segment}`; modelroute appends `/v1` to anything but `/v1`, so requests would go to {requested}"
                ),
                format!(
                    "local OpenAI-compatible servers serve under `/v1`: drop `{segment}`: `{var}={}`",
                    url.render()
                ),
            )
            .variable(var)
            .set(var, url.render()),
        );
    }
}

/// `v2`, `v1beta`, `V1`: a `v` and digits, then letters and digits.
fn is_version_segment(segment: &str) -> bool {
    let mut chars = segment.chars();
    matches!(chars.next(), Some('v' | 'V'))
        && chars.next().is_some_and(|c| c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_segments() {
        for s in ["v2", "v1beta", "V1", "v10"] {
            assert!(is_version_segment(s), "{s}");
        }
        for s in ["v", "vllm", "api", "", "v1-preview"] {
            assert!(!is_version_segment(s), "{s}");
        }
    }
}
