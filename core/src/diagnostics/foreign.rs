//! Other tools' variables (`OLLAMA_HOST`, `OPENAI_BASE_URL`, ...), set
//! for a setting modelroute reads under its own name.

use super::host::{classify, loopback_for, HostClass};
use super::tables::{ForeignSetting, ForeignTarget, ValueForm, FOREIGN_VARIABLES};
use super::target::default_port;
use super::{Diagnostic, DiagnosticKind, Severity};
use crate::base_url::{self, V1_SUFFIX};
use crate::env::Env;
use crate::providers::{
    LocalProvider, LOCAL_LLM_API_KEY, LOCAL_LLM_BASE_URL, LOCAL_PROVIDERS, PLACEHOLDER_API_KEY,
};
use crate::pyrepr::py_repr;
use crate::redact::redact_url;
use crate::url::{authority, split_scheme};
use crate::whitespace::{contains_py_space, py_strip};

fn applies(target: ForeignTarget, provider: &LocalProvider) -> bool {
    match target {
        ForeignTarget::Provider(id) => id == provider.id,
        ForeignTarget::AnyLocal => true,
    }
}

pub(super) fn check_foreign_base_urls(
    env: &(impl Env + ?Sized),
    provider: &'static LocalProvider,
    out: &mut Vec<Diagnostic>,
) {
    for fv in FOREIGN_VARIABLES {
        let ForeignSetting::BaseUrl(form) = fv.setting else {
            continue;
        };
        if !applies(fv.target, provider) {
            continue;
        }
        let Some(raw) = env.var(fv.name).map(py_strip).filter(|v| !v.is_empty()) else {
            continue;
        };
        let Some(value) = convert(raw, form).map(|v| redact_url(&v)) else {
            continue;
        };
        let (host, port) = match split_scheme(&value) {
            Some((_, rest)) => {
                let a = authority(rest);
                (
                    a.host.to_owned(),
                    a.port.and_then(|p| p.parse::<u16>().ok()),
                )
            }
            None => continue,
        };
        if fv.only_local_hosts && !is_local_server(&host, port) {
            continue;
        }
        let ours = provider.base_url_env;
        let same_as_default = value.starts_with("http://")
            && matches!(
                classify(&host),
                HostClass::Loopback | HostClass::Unspecified
            )
            && port == default_port(provider);
        let mut d = Diagnostic::new(
            DiagnosticKind::ForeignVariable,
            Severity::Warning,
            format!(
                "`{}` is set to {} (read by {} as {}), but not read here: `{}` ids read `{ours}`, then `{LOCAL_LLM_BASE_URL}`",
                fv.name,
                py_repr(&redact_url(raw)),
                fv.tool,
                fv.meaning,
                provider.prefix
            ),
            format!("set `{ours}` instead: `{ours}={value}`"),
        )
        .variable(fv.name)
        .set(ours, value.clone());
        if same_as_default {
            d.severity = Severity::Info;
            d.message.push_str(&format!(
                "; the default {} reaches the same server",
                py_repr(provider.default_base_url)
            ));
            d.fix = format!("nothing to do; to make it explicit, set `{ours}={value}`");
        }
        out.push(d);
    }
}

pub(super) fn check_foreign_keys(
    env: &(impl Env + ?Sized),
    provider: &'static LocalProvider,
    out: &mut Vec<Diagnostic>,
) {
    for fv in FOREIGN_VARIABLES {
        if fv.setting != ForeignSetting::ApiKey || !applies(fv.target, provider) {
            continue;
        }
        let Some(value) = env.var(fv.name).filter(|v| !py_strip(v).is_empty()) else {
            continue;
        };
        if fv.only_local_hosts && py_strip(value).starts_with("sk-") && !base_url_points_local(env)
        {
            continue;
        }
        let ours = provider.api_key_env;
        out.push(
            Diagnostic::new(
                DiagnosticKind::ForeignVariable,
                Severity::Warning,
                format!(
                    "`{}` is set (read by {} as {}), but not read here: `{}` ids send the placeholder key `{PLACEHOLDER_API_KEY}` unless `{ours}` or `{LOCAL_LLM_API_KEY}` is set",
                    fv.name, fv.tool, fv.meaning, provider.prefix
                ),
                format!("set `{ours}` to the same value as `{}`", fv.name),
            )
            .variable(fv.name),
        );
    }
}

/// Whether a host (and port) is a local server's: not on the public
/// internet, or on a local server's default port.
fn is_local_server(host: &str, port: Option<u16>) -> bool {
    classify(host) != HostClass::Public
        || LOCAL_PROVIDERS
            .iter()
            .any(|p| port.is_some() && default_port(p) == port)
}

/// Whether a base URL variable that is only flagged for local hosts
/// (`OPENAI_BASE_URL`, `OPENAI_API_BASE`) points at a local server: its
/// key variable was then set for that server too.
fn base_url_points_local(env: &(impl Env + ?Sized)) -> bool {
    FOREIGN_VARIABLES.iter().any(|fv| {
        let ForeignSetting::BaseUrl(form) = fv.setting else {
            return false;
        };
        let Some(url) = env
            .var(fv.name)
            .and_then(|raw| convert(py_strip(raw), form))
        else {
            return false;
        };
        let Some((_, rest)) = split_scheme(&url) else {
            return false;
        };
        let a = authority(rest);
        fv.only_local_hosts && is_local_server(a.host, a.port.and_then(|p| p.parse().ok()))
    })
}

/// The value of another tool's variable, written as modelroute's base URL
/// variable takes it (without `/v1`).
fn convert(raw: &str, form: ValueForm) -> Option<String> {
    let url = match form {
        ValueForm::WithoutV1 => raw.trim_end_matches('/').to_owned(),
        ValueForm::WithV1 => {
            let v = raw.trim_end_matches('/');
            let v = v.strip_suffix(V1_SUFFIX).unwrap_or(v);
            v.trim_end_matches('/').to_owned()
        }
        ValueForm::HostPort => ollama_host(raw)?,
    };
    // The other tool needs a usable URL too: a broken value is not a
    // setting worth carrying over.
    base_url::check(&url, "").is_ok().then_some(url)
}

/// `OLLAMA_HOST` as Ollama's own client reads it (`envconfig.Host`), made
/// into a URL a client can connect to.
fn ollama_host(raw: &str) -> Option<String> {
    let v = raw.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    let (scheme, hostport, default) = match v.split_once("://") {
        None => ("http", v, "11434"),
        Some((s, rest)) if s.eq_ignore_ascii_case("https") => ("https", rest, "443"),
        Some((s, rest)) if s.eq_ignore_ascii_case("http") => ("http", rest, "80"),
        Some(_) => return None,
    };
    let hostport = hostport.trim_end_matches('/');
    let (host, port) = if let Some(inner) = hostport.strip_prefix('[') {
        let (h, after) = inner.split_once(']')?;
        (h, after.strip_prefix(':').unwrap_or(default))
    } else if hostport.matches(':').count() == 1 {
        hostport.split_once(':')?
    } else {
        (hostport, default)
    };
    // Ollama's `envconfig.Host` parses the port as a number from 0 to
    // 65535 and falls back to its default on anything else.
    let port = if port.parse::<u16>().is_ok() {
        port
    } else {
        default
    };
    if host.contains(['/', '@']) || contains_py_space(host) {
        return None;
    }
    let host = match classify(host) {
        _ if host.is_empty() => "127.0.0.1".to_owned(),
        HostClass::Unspecified => loopback_for(host).to_owned(),
        _ if host.contains(':') => format!("[{host}]"),
        _ => host.to_owned(),
    };
    let default_for_scheme =
        (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
    Some(if default_for_scheme {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}:{port}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ollama_host_with_a_port_that_is_not_a_number_takes_the_default() {
        // Found by the diagnostics proptest: the text after `:` was carried
        // over as the port, secret and all.
        assert_eq!(
            ollama_host("http:/hunter2-SECRET@").as_deref(),
            Some("http://http:11434")
        );
        assert_eq!(
            ollama_host("gpu:99999").as_deref(),
            Some("http://gpu:11434")
        );
    }

    #[test]
    fn ollama_host_reads_like_ollama() {
        let cases = [
            ("0.0.0.0", "http://127.0.0.1:11434"),
            ("0.0.0.0:11434", "http://127.0.0.1:11434"),
            (":11434", "http://127.0.0.1:11434"),
            ("", "http://127.0.0.1:11434"),
            ("\"192.168.1.10:11434\"", "http://192.168.1.10:11434"),
            ("gpu-box", "http://gpu-box:11434"),
            ("http://gpu-box", "http://gpu-box"),
            ("https://ollama.example.com/", "https://ollama.example.com"),
            ("http://10.0.0.2:8080", "http://10.0.0.2:8080"),
            ("[::]:11434", "http://[::1]:11434"),
            ("::1", "http://[::1]:11434"),
        ];
        for (raw, want) in cases {
            assert_eq!(ollama_host(raw).as_deref(), Some(want), "{raw:?}");
        }
    }
}
