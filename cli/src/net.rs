//! The network layer: the one HTTP client every command uses (`probe`,
//! `doctor`, `discover`, `run`, `shell`), set up for safety, a capped body
//! reader, the TCP connect stage, and the mapping from transport errors to
//! failure classes.
//!
//! Safety lives here and only here: no proxy is ever used, redirects are
//! followed only within the same origin, the key is attached by
//! [`request`] to the resolved URL only, and no body is read past
//! [`BODY_CAP`].

use std::error::Error as _;
use std::time::Duration;

use modelroute_core::probe::{connection_refused, FailureClass, ProbeFailure, ProbeTarget};
use reqwest::redirect::Policy;

/// Largest response body read; a server cannot make the probe hold more.
pub const BODY_CAP: usize = 1 << 20;

/// An HTTP client that never uses a proxy (the key goes only to the
/// resolved base URL), follows redirects only within the same origin, and
/// gives up connecting after `connect_timeout`.
pub fn client(connect_timeout: Duration) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(connect_timeout)
        .redirect(Policy::custom(|attempt| {
            let same_origin = attempt.previous().last().is_some_and(|prev| {
                prev.scheme() == attempt.url().scheme()
                    && prev.host_str() == attempt.url().host_str()
                    && prev.port_or_known_default() == attempt.url().port_or_known_default()
            });
            if same_origin && attempt.previous().len() < 5 {
                attempt.follow()
            } else {
                attempt.stop()
            }
        }))
        .user_agent(concat!("modelroute/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// A response read to the end (or to the cap).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Sends a request and reads its body, at most [`BODY_CAP`] bytes.
pub async fn send(req: reqwest::RequestBuilder) -> Result<Answer, ProbeFailure> {
    let mut resp = req.send().await.map_err(|e| transport(&e))?;
    let status = resp.status().as_u16();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type");
    let headers = resp
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > BODY_CAP {
                    return Err(ProbeFailure::new(
                        FailureClass::BadResponse,
                        format!(
                            "the answer is larger than {} KiB; stopped reading",
                            BODY_CAP / 1024
                        ),
                        vec!["check that an OpenAI-compatible server listens there".to_owned()],
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                return Err(ProbeFailure::new(
                    FailureClass::ConnectionFailed,
                    format!(
                        "the connection broke while reading the answer ({status}): {}",
                        chain(&e)
                    ),
                    vec!["check the server's log; it may have crashed or restarted".to_owned()],
                ))
            }
        }
    }
    Ok(Answer {
        status,
        content_type,
        headers,
        body,
    })
}

/// The whole error chain as one line.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

/// Classifies a transport error (no HTTP answer at all).
pub fn transport(e: &reqwest::Error) -> ProbeFailure {
    let text = chain(e);
    let lower = text.to_ascii_lowercase();
    let io_kind = {
        let mut source = e.source();
        let mut kind = None;
        while let Some(s) = source {
            if let Some(io) = s.downcast_ref::<std::io::Error>() {
                kind = Some(io.kind());
            }
            source = s.source();
        }
        kind
    };
    let (class, fix) = if e.is_timeout() && e.is_connect() {
        (
            FailureClass::ConnectTimeout,
            "the host did not accept a connection in time: check the address and any firewall",
        )
    } else if e.is_timeout() {
        (FailureClass::Timeout, "the server took too long")
    } else if io_kind == Some(std::io::ErrorKind::ConnectionRefused) {
        (
            FailureClass::ConnectionRefused,
            "start the server, or point the base URL at where it runs",
        )
    } else if lower.contains("dns")
        || lower.contains("lookup address")
        || lower.contains("name or service")
    {
        (
            FailureClass::NameResolution,
            "check the host name in the base URL",
        )
    } else if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("handshake")
        // rustls, when an `https://` URL reaches a plain-HTTP server.
        || lower.contains("received corrupt message")
    {
        (
            FailureClass::Tls,
            "local servers usually speak plain http: try `http://` instead of `https://`",
        )
    } else {
        (
            FailureClass::ConnectionFailed,
            "check the server's log; it may have closed the connection",
        )
    };
    ProbeFailure::new(class, text, vec![fix.to_owned()])
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

/// Resolves the host and opens a TCP connection to the first address
/// that accepts one; refused only when every address refuses.
pub async fn connect(
    target: &ProbeTarget,
    connect_timeout: Duration,
) -> Result<String, ProbeFailure> {
    let url = reqwest::Url::parse(&target.api_base).map_err(|e| {
        ProbeFailure::new(
            FailureClass::ConnectionFailed,
            format!(
                "`{}` is not a URL the HTTP client accepts: {e}",
                target.api_base
            ),
            vec!["fix the base URL variable".to_owned()],
        )
    })?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<std::net::SocketAddr> =
        match tokio::time::timeout(connect_timeout, tokio::net::lookup_host((host.as_str(), port))).await {
            Ok(Ok(addrs)) => addrs.collect(),
            Ok(Err(e)) => {
                return Err(ProbeFailure::new(
                    FailureClass::NameResolution,
                    format!("the host `{host}` of `{}` does not resolve: {e}", target.api_base),
                    vec!["check the host name in the base URL (a typo, or a name only another machine knows)".to_owned()],
                ))
            }
            Err(_) => {
                return Err(ProbeFailure::new(
                    FailureClass::NameResolution,
                    format!("looking up `{host}` took longer than {}", seconds(connect_timeout)),
                    vec!["check the host name and your DNS".to_owned()],
                ))
            }
        };
    let mut refused = Vec::new();
    let mut last_error = None;
    for addr in &addrs {
        match tokio::time::timeout(connect_timeout, tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(_)) => {
                let mut detail = addr.to_string();
                if !refused.is_empty() {
                    detail.push_str(&format!(" (after {} refused)", refused.join(", ")));
                }
                return Ok(detail);
            }
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                refused.push(addr.to_string())
            }
            Ok(Err(e)) => last_error = Some(e.to_string()),
            Err(_) => {
                return Err(ProbeFailure::new(
                    FailureClass::ConnectTimeout,
                    format!(
                        "{addr} did not accept a connection within {}",
                        seconds(connect_timeout)
                    ),
                    vec![
                        "check the host and port; a firewall may be dropping packets".to_owned(),
                        "raise --connect-timeout if the host is far away".to_owned(),
                    ],
                ))
            }
        }
    }
    match last_error {
        Some(e) if refused.is_empty() => Err(ProbeFailure::new(
            FailureClass::ConnectionFailed,
            format!("cannot connect to `{host}:{port}`: {e}"),
            vec!["check the address in the base URL".to_owned()],
        )),
        _ => Err(connection_refused(target, &refused.join(", "))),
    }
}

/// A single-threaded runtime: every command makes a handful of requests,
/// concurrent at most within one `join`.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime builds")
}

/// A request to `url` carrying the bearer `key` (none when `None`) and the
/// extra `headers`: the one place a key is attached to a request.
pub fn request(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    key: Option<&str>,
    headers: &[(&'static str, String)],
) -> reqwest::RequestBuilder {
    let mut req = client.request(method, url);
    if let Some(key) = key {
        req = req.bearer_auth(key);
    }
    for (name, value) in headers {
        req = req.header(*name, value);
    }
    req
}

/// A JSON `POST` of `body` to `url`, with the key and headers as
/// [`request`] attaches them.
pub fn post_json(
    client: &reqwest::Client,
    url: &str,
    key: Option<&str>,
    headers: &[(&'static str, String)],
    body: String,
) -> reqwest::RequestBuilder {
    request(client, reqwest::Method::POST, url, key, headers)
        .header("content-type", "application/json")
        .body(body)
}

/// The one failure for "no answer in time": `url` gave nothing within
/// `after`, while `during` (a probe stage, the request, an effort level)
/// was running.
pub fn timed_out(url: &str, after: Duration, during: &str) -> ProbeFailure {
    timeout_failure(format!(
        "no answer from `{url}` within {} during {during}",
        seconds(after)
    ))
}

/// The failure for an answer that started and then went silent for
/// `after`.
pub fn stalled(url: &str, after: Duration) -> ProbeFailure {
    timeout_failure(format!(
        "`{url}` sent nothing for {} in the middle of the answer",
        seconds(after)
    ))
}

/// A timeout with `message`, and the fixes every timeout shares.
fn timeout_failure(message: String) -> ProbeFailure {
    ProbeFailure::new(
        FailureClass::Timeout,
        message,
        vec![
            "a model loading cold can take longer than the timeout: run again, or raise --timeout"
                .to_owned(),
            "check that the server is not stuck (its log, its CPU/GPU use)".to_owned(),
        ],
    )
}
