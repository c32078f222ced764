//! How each probe failure reads: the one place its message and its fixes
//! are written. Core sorts answers into [`FailureKind`]s carrying their
//! facts; [`ProbeFailure::new`] turns a kind into what `probe --json`
//! prints (`class`, `code`, `message`, `fixes`, `closest`) and what the
//! error renderer shows. Flag names (`--timeout`) and commands
//! (`modelroute discover`) appear here, not in core.

use std::time::Duration;

use modelroute_core::diagnostics::{server_family, server_family_mismatch, Answered, Diagnostic};
use modelroute_core::hf_token::LOGIN_COMMAND;
use modelroute_core::probe::{FailureClass, FailureKind, ProbeTarget};
use modelroute_core::providers::PLACEHOLDER_API_KEY;
use modelroute_core::{EnvVar, Route, Source};
use serde::Serialize;

/// A failure as people and `--json` see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeFailure {
    /// The class.
    pub class: FailureClass,
    /// Stable code of the class.
    pub code: &'static str,
    /// What happened, quoting the URL or the server's words.
    pub message: String,
    /// What to do, most likely first.
    pub fixes: Vec<String>,
    /// For `model_not_served`: the served names closest to the request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closest: Vec<String>,
    /// What happened, as data (boxed: failures travel in `Result`s).
    #[serde(skip)]
    pub kind: Box<FailureKind>,
}

impl ProbeFailure {
    /// `kind` worded for `target` (whose provider, key source and URLs the
    /// fixes name). `None` for failures with no endpoint at all.
    pub fn new(kind: FailureKind, target: Option<&ProbeTarget>) -> Self {
        let (message, fixes) = words(&kind, target);
        let closest = match &kind {
            FailureKind::NotListed { closest, .. } => closest.clone(),
            _ => Vec::new(),
        };
        let class = kind.class();
        ProbeFailure {
            class,
            code: class.code(),
            message,
            fixes,
            closest,
            kind: Box::new(kind),
        }
    }

    /// A model the server said it does not know, once its `/models` list
    /// (and the family of the `server` that sent it) is known: the fixes
    /// and closest names of that list.
    pub fn with_served(
        mut self,
        target: &ProbeTarget,
        served: &[String],
        server: Option<&str>,
    ) -> Self {
        let listed = ProbeFailure::new(
            modelroute_core::probe::not_listed(&target.model, served, false, server),
            Some(target),
        );
        if let Some(d) = server.and_then(|server| family_mismatch(target, server, served)) {
            self.message = format!("{}; {}", self.message, d.message);
        }
        self.fixes = listed.fixes;
        self.closest = listed.closest;
        self
    }
}

/// `server_family_mismatch` for `target`, when the `server` that answered
/// (listing `served`) is of another family than the one the id's prefix is
/// for: what the probe reports, and what a failure's fixes start from.
pub fn family_mismatch(
    target: &ProbeTarget,
    server: &str,
    served: &[String],
) -> Option<Diagnostic> {
    let answered = Answered {
        server,
        api_base: &target.api_base,
        served,
    };
    server_family_mismatch(target.provider?, base_url_var(target), &answered)
}

/// The variable the base URL came from; `None` for a built-in default.
fn base_url_var(target: &ProbeTarget) -> Option<&'static str> {
    match target.base_source {
        Source::Env(var) => Some(var.name()),
        _ => None,
    }
}

/// The base URL with `http://` for `https://`, without `/v1`: the value a
/// base URL variable should hold for a server that speaks plain HTTP.
fn plain_http_base(api_base: &str) -> String {
    let root = api_base.strip_suffix("/v1").unwrap_or(api_base);
    match root.strip_prefix("https://") {
        Some(rest) => format!("http://{rest}"),
        None => root.to_owned(),
    }
}

/// The fix that names the variable holding the base URL and what to do
/// with it (`set … to …`, `check the port in …`).
fn base_url_fix(
    target: Option<&ProbeTarget>,
    with_var: impl Fn(&str) -> String,
    without: &str,
) -> String {
    match target.and_then(base_url_var) {
        Some(var) => with_var(var),
        None => without.to_owned(),
    }
}

/// A duration in seconds for messages: `15 s`, `2.5 s`.
pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

const CHECK_SERVER: &str = "check that an OpenAI-compatible server listens there";
const CRASHED: &str = "check the server's log; it may have crashed or restarted";

/// The fixes every timeout shares.
fn timeout_fixes() -> Vec<String> {
    vec![
        "a model loading cold can take longer than the timeout: run again, or raise --timeout"
            .to_owned(),
        "check that the server is not stuck (its log, its CPU/GPU use)".to_owned(),
    ]
}

/// Which variable holds the key that was sent, and what to do about it.
fn key_fix(target: Option<&ProbeTarget>) -> String {
    let Some(t) = target else {
        return "check the key".to_owned();
    };
    match (t.key_source, t.provider) {
        (Source::Env(var), _) => {
            format!("the key comes from `{var}`: check that it matches the server's key")
        }
        (Source::Default, Some(p)) => format!(
            "no key is set, so the placeholder `{PLACEHOLDER_API_KEY}` was sent: set `{}` (or `LOCAL_LLM_API_KEY`) to the server's key",
            p.api_key_env
        ),
        (Source::None, _) => {
            format!("no token was found: set `HF_TOKEN` or run `{LOGIN_COMMAND}`")
        }
        (source, _) => format!("the key comes from {source}: check it"),
    }
}

/// Fixes for a path that is not the server's: `/v1` twice, an extra path,
/// or another program on the port.
fn path_fixes(target: Option<&ProbeTarget>) -> Vec<String> {
    let Some(t) = target else {
        return vec![CHECK_SERVER.to_owned()];
    };
    let base = &t.api_base;
    let mut fixes = Vec::new();
    if base.contains("/v1/v1") {
        fixes.push(format!(
            "`{base}` has `/v1` twice: remove one from the base URL variable"
        ));
    }
    let before_v1 = base.strip_suffix("/v1").unwrap_or(base);
    if before_v1.contains("/v1/") || before_v1.ends_with("/api") || before_v1.contains("/api/") {
        fixes.push(format!("the base URL has an extra path (`{before_v1}`): set it to the server's root, e.g. `scheme://host:port`"));
    }
    fixes.push(format!(
        "make sure the server at `{base}` is an OpenAI-compatible server{}: another program may be listening on that port",
        t.provider.map_or(String::new(), |p| format!(" ({})", p.display_name))
    ));
    fixes
}

/// The message and fixes of `kind`.
fn words(kind: &FailureKind, target: Option<&ProbeTarget>) -> (String, Vec<String>) {
    use FailureKind as K;
    let api_base = target.map_or("", |t| t.api_base.as_str());
    let model = target.map_or("", |t| t.model.as_str());
    let provider = target.and_then(|t| t.provider);
    let one = |fix: &str| vec![fix.to_owned()];
    match kind {
        K::Refused { addrs } => {
            let mut fixes = Vec::new();
            if let Some(p) = provider {
                fixes.push(format!("start the server: `{}`", p.start_hint));
                fixes.push(format!(
                    "or point `{}` (or `LOCAL_LLM_BASE_URL`) at where it runs",
                    p.base_url_env
                ));
            }
            fixes.push("find running servers: `modelroute discover`".to_owned());
            (
                format!("nothing listens at {addrs} (connection refused) for `{api_base}`"),
                fixes,
            )
        }
        K::NameResolution {
            host,
            cause: Some(cause),
            ..
        } => (
            format!("the host `{host}` of `{api_base}` does not resolve: {cause}"),
            one("check the host name in the base URL (a typo, or a name only another machine knows)"),
        ),
        K::NameResolution {
            host,
            cause: None,
            after,
        } => (
            format!("looking up `{host}` took longer than {}", seconds(*after)),
            one("check the host name and your DNS"),
        ),
        K::ConnectTimeout { addr, after } => (
            format!(
                "{addr} did not accept a connection within {}",
                seconds(*after)
            ),
            vec![
                "check the host and port; a firewall may be dropping packets".to_owned(),
                "raise --connect-timeout if the host is far away".to_owned(),
            ],
        ),
        K::ConnectFailed { host_port, cause } => (
            format!("cannot connect to `{host_port}`: {cause}"),
            one("check the address in the base URL"),
        ),
        K::BadUrl { cause } => (
            format!("`{api_base}` is not a URL the HTTP client accepts: {cause}"),
            one("fix the base URL variable"),
        ),
        K::Transport { class, cause } => (
            cause.clone(),
            one(match class {
                FailureClass::ConnectTimeout => {
                    "the host did not accept a connection in time: check the address and any firewall"
                }
                FailureClass::Timeout => "the server took too long",
                FailureClass::ConnectionRefused => {
                    "start the server, or point the base URL at where it runs"
                }
                FailureClass::NameResolution => "check the host name in the base URL",
                FailureClass::Tls => {
                    "local servers usually speak plain http: try `http://` instead of `https://`"
                }
                _ => "check the server's log; it may have closed the connection",
            }),
        ),
        K::Handshake {
            addr,
            cause: Some(cause),
            ..
        } => (
            format!("the TLS handshake with {addr} failed: {cause}"),
            if cause.to_ascii_lowercase().contains("certificate") {
                vec![
                    "if the server has its own or a self-signed certificate, add the CA that signed it to this machine's trusted certificates".to_owned(),
                    "check that the host in the base URL is a name the certificate is for".to_owned(),
                ]
            } else {
                one("check the server's TLS setup (its log says why it refused)")
            },
        ),
        K::Handshake {
            addr,
            cause: None,
            after,
        } => (
            format!(
                "the TLS handshake with {addr} got no answer within {}, and a plain-HTTP request got none either",
                seconds(*after)
            ),
            vec![
                "check what listens on that port, and that it speaks TLS (`https://`)".to_owned(),
                "raise --connect-timeout if the host is far away".to_owned(),
            ],
        ),
        K::PlainHttpPort {
            addr,
            handshake,
            after,
            status_line,
        } => {
            let http = plain_http_base(api_base);
            (
                format!(
                    "this port speaks plain HTTP: the TLS handshake with {addr} {}, and a plain-HTTP request to it was answered (`{status_line}`)",
                    match handshake {
                        Some(cause) => format!("failed ({cause})"),
                        None => format!("got no answer within {}", seconds(*after)),
                    }
                ),
                vec![base_url_fix(
                    target,
                    |var| format!("set `{var}` to `{http}`"),
                    &format!("use `http://` instead of `https://`: `{http}`"),
                )],
            )
        }
        K::NotHttp { addr, first_bytes } => (
            format!("{addr} is not an HTTP server: it sent `{first_bytes}`"),
            vec![
                base_url_fix(
                    target,
                    |var| format!("another service holds this port: check the port in `{var}`"),
                    "another service holds this port: check the port in the base URL",
                ),
                "find the model servers that answer: `modelroute discover`".to_owned(),
            ],
        ),
        K::Timeout { url, after, during } => (
            format!(
                "no answer from `{url}` within {} during {during}",
                seconds(*after)
            ),
            timeout_fixes(),
        ),
        K::Stalled { url, after } => (
            format!(
                "`{url}` sent nothing for {} in the middle of the answer",
                seconds(*after)
            ),
            timeout_fixes(),
        ),
        K::Broke {
            status: Some(status),
            cause,
        } => (
            format!("the connection broke while reading the answer ({status}): {cause}"),
            one(CRASHED),
        ),
        K::Broke { status: None, cause } => (
            format!("the connection broke in the middle of the answer: {cause}"),
            one(CRASHED),
        ),
        K::Cut { url } => (
            format!("the answer from `{url}` ended before `data: [DONE]` or a finish reason: it is incomplete"),
            one(CRASHED),
        ),
        K::TooLarge { url, cap } => (
            match url {
                Some(url) => format!(
                    "the answer from `{url}` is larger than {} KiB; stopped reading",
                    cap / 1024
                ),
                None => format!("the answer is larger than {} KiB; stopped reading", cap / 1024),
            },
            one(CHECK_SERVER),
        ),
        K::LineTooLong { url, cap } => (
            format!(
                "`{url}` sent an event-stream line longer than {} KiB; stopped reading",
                cap / 1024
            ),
            one(CHECK_SERVER),
        ),
        K::KeyRefused { url, status, said } => (
            format!("`{url}` refused the key ({status}): {said}"),
            vec![key_fix(target)],
        ),
        K::KeyUnchecked { url, status, said } => (
            format!(
                "`{url}` could not check the key ({status}: {said}): LiteLLM has no database connected, and without one it accepts only its master key"
            ),
            vec![
                "if this LiteLLM should have a database, check that it is up and reachable (LiteLLM's `DATABASE_URL`, and LiteLLM's log)".to_owned(),
                format!("otherwise send LiteLLM's master key: {}", key_fix(target)),
            ],
        ),
        K::NoKey {
            route,
            api_base,
            nothing_probed,
        } => (
            format!(
                "no key to send to `{api_base}`{}",
                if *nothing_probed {
                    ", so nothing was probed"
                } else {
                    ""
                }
            ),
            vec![if *route == Route::HfRouter {
                format!("set `HF_TOKEN` or run `{LOGIN_COMMAND}`")
            } else {
                format!("set `{}`", EnvVar::OPENAI_API_KEY)
            }],
        ),
        // Which server this is is not known here, so no server's own
        // command is offered (`with_served` adds them once it is).
        K::ModelUnknown { status, said } => (
            format!("the server does not serve `{model}` ({status}): {said}"),
            target.map_or_else(Vec::new, |t| {
                vec![format!(
                    "list what it serves: `modelroute discover` or `curl {}`",
                    t.models_url
                )]
            }),
        ),
        K::NotListed {
            served,
            closest,
            answered_anyway,
            server,
        } => {
            let mut fixes = Vec::new();
            let mismatch = target
                .zip(server.as_deref())
                .and_then(|(t, server)| family_mismatch(t, server, served));
            match (&mismatch, provider) {
                (Some(d), _) => fixes.push(d.fix.clone()),
                (None, Some(p)) => {
                    for c in closest {
                        fixes.push(format!("use `{}{c}`", p.prefix));
                    }
                }
                (None, None) => {}
            }
            // A server's own command, for the family that answered.
            let hint = server
                .as_deref()
                .and_then(server_family)
                .and_then(|f| f.model_hint);
            if let Some(h) = hint {
                let or = if fixes.is_empty() { "" } else { "or " };
                fixes.push(format!("{or}{}: `{} {model}`", h.action, h.command));
            }
            if fixes.is_empty() && served.is_empty() {
                fixes.push("load a model into the server first".to_owned());
            }
            let listed = if served.is_empty() {
                "it serves no models".to_owned()
            } else {
                let mut shown: Vec<&str> = served.iter().take(8).map(String::as_str).collect();
                if served.len() > 8 {
                    shown.push("…");
                }
                format!("it serves: {}", shown.join(", "))
            };
            let family = match (server, provider, &mismatch) {
                (Some(server), Some(p), Some(_)) => format!(" is {server}, not {}, and", p.display_name),
                _ => String::new(),
            };
            let mut message =
                format!("the server at `{api_base}`{family} does not serve `{model}`; {listed}");
            if *answered_anyway {
                message.push_str("; it answered the completion anyway, so it ignores the name and serves whatever it has loaded");
            }
            (message, fixes)
        }
        K::PathNotFound { url, said } => (
            format!("`{url}` does not exist on the server (404): {said}"),
            path_fixes(target),
        ),
        K::ServerError { status, said } => (
            format!("the server failed ({status}): {said}"),
            one("check the server's log; a model that failed to load often answers 500"),
        ),
        K::Redirect { url, status } => (
            format!("`{url}` redirected ({status}) to another host; not followed, so the key stays with the resolved base URL"),
            one("set the base URL to the final address directly"),
        ),
        K::HttpError { url, status, said } => (
            format!("`{url}` answered {status}: {said}"),
            one("check the server's log for why it refused the request"),
        ),
        K::Html { url, excerpt } => (
            format!("`{url}` answered with an HTML page, not JSON: {excerpt}"),
            path_fixes(target),
        ),
        K::InvalidJson {
            url,
            cause,
            excerpt,
        } => (
            format!("`{url}` answered with invalid JSON ({cause}): {excerpt}"),
            one(CHECK_SERVER),
        ),
        K::BadEvent {
            url,
            cause,
            excerpt,
        } => (
            format!("`{url}` sent an event that is not JSON ({cause}): {excerpt}"),
            one(CHECK_SERVER),
        ),
        K::NotEvents { url, excerpt } => (
            format!("`{url}` answered, but not with server-sent events: {excerpt}"),
            one(CHECK_SERVER),
        ),
        K::NotAModelList { url, excerpt } => (
            format!("`{url}` is not an OpenAI-style model list: {excerpt}"),
            one("check what listens on that port"),
        ),
        K::NoChoices { url, excerpt } => (
            format!("`{url}` answered 200 but the completion has no choices: {excerpt}"),
            one("the server accepted the request but produced nothing: check its log"),
        ),
        K::StreamError { code, said, inner } => (
            match code {
                Some(code) => {
                    format!("the server stopped the answer with an error ({code}): {said}")
                }
                None => format!("the server stopped the answer with an error: {said}"),
            },
            words(inner, target).1,
        ),
        K::Unsupported { id, route, purpose } => (
            format!(
                "`{id}` goes to {} through LiteLLM's own client, not an OpenAI-compatible endpoint modelroute can {purpose}",
                route.as_str()
            ),
            one("use a local id, a Hugging Face Router id, or an `openai/` id (OPENAI_BASE_URL, OPENAI_API_KEY)"),
        ),
        // A kind added to core without its words here still reads.
        other => (format!("{other:?}"), Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use modelroute_core::probe::failure_for_status;

    #[test]
    fn litellm_without_a_database_is_not_called_a_refused_key() {
        let target = ProbeTarget {
            api_base: "http://127.0.0.1:4000/v1".into(),
            models_url: "http://127.0.0.1:4000/v1/models".into(),
            chat_url: "http://127.0.0.1:4000/v1/chat/completions".into(),
            model: "m".into(),
            api_key: Some("sk-virtual".into()),
            key_source: Source::Env(EnvVar::OPENAI_API_KEY),
            base_source: Source::Env(EnvVar::OPENAI_BASE_URL),
            provider: None,
        };
        let body = br#"{"error":{"message":"No connected db.","type":"no_db_connection","param":null,"code":"400"}}"#;
        let f = ProbeFailure::new(
            failure_for_status(&target.chat_url, 400, body),
            Some(&target),
        );
        assert_eq!(f.class, FailureClass::Unauthorized);
        assert!(!f.message.contains("refused"), "{}", f.message);
        assert!(
            f.message.contains("could not check the key")
                && f.message.contains("No connected db.")
                && f.message.contains("no database connected"),
            "{}",
            f.message
        );
        assert!(f.fixes[0].contains("database"), "{:?}", f.fixes);
        assert!(
            f.fixes[1].contains("master key") && f.fixes[1].contains("`OPENAI_API_KEY`"),
            "{:?}",
            f.fixes
        );
        // An ordinary refusal still says so.
        let f = ProbeFailure::new(
            failure_for_status(&target.chat_url, 401, br#"{"detail":"Invalid API key"}"#),
            Some(&target),
        );
        assert!(f.message.contains("refused the key"), "{}", f.message);
    }

    #[test]
    fn every_kind_has_a_message() {
        let kinds = [
            FailureKind::Refused {
                addrs: "127.0.0.1:1".into(),
            },
            FailureKind::Cut { url: "u".into() },
            FailureKind::Handshake {
                addr: "127.0.0.1:1".into(),
                cause: None,
                after: Duration::from_secs(3),
            },
            FailureKind::PlainHttpPort {
                addr: "127.0.0.1:1".into(),
                handshake: None,
                after: Duration::from_secs(3),
                status_line: "HTTP/1.1 200 OK".into(),
            },
            FailureKind::NotHttp {
                addr: "127.0.0.1:1".into(),
                first_bytes: "SSH-2.0-OpenSSH_9.6\\r\\n".into(),
            },
            FailureKind::NoChoices {
                url: "u".into(),
                excerpt: "{}".into(),
            },
        ];
        for kind in kinds {
            let f = ProbeFailure::new(kind.clone(), None);
            assert_ne!(f.message, format!("{kind:?}"), "{kind:?} has no words");
            assert!(!f.fixes.is_empty(), "{kind:?}");
        }
    }
}
