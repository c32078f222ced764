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

use modelroute_core::probe::{FailureClass, FailureKind, ProbeTarget};
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
pub async fn send(req: reqwest::RequestBuilder) -> Result<Answer, FailureKind> {
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
                    return Err(FailureKind::TooLarge {
                        url: None,
                        cap: BODY_CAP,
                    });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                return Err(FailureKind::Broke {
                    status: Some(status),
                    cause: chain(&e),
                })
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
pub fn transport(e: &reqwest::Error) -> FailureKind {
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
    let class = if e.is_timeout() && e.is_connect() {
        FailureClass::ConnectTimeout
    } else if e.is_timeout() {
        FailureClass::Timeout
    } else if io_kind == Some(std::io::ErrorKind::ConnectionRefused) {
        FailureClass::ConnectionRefused
    } else if lower.contains("dns")
        || lower.contains("lookup address")
        || lower.contains("name or service")
    {
        FailureClass::NameResolution
    } else if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("handshake")
        // rustls, when an `https://` URL reaches a plain-HTTP server.
        || lower.contains("received corrupt message")
    {
        FailureClass::Tls
    } else {
        FailureClass::ConnectionFailed
    };
    FailureKind::Transport { class, cause: text }
}

/// Resolves the host and opens a TCP connection to the first address
/// that accepts one; refused only when every address refuses.
pub async fn connect(
    target: &ProbeTarget,
    connect_timeout: Duration,
) -> Result<String, FailureKind> {
    let url = reqwest::Url::parse(&target.api_base).map_err(|e| FailureKind::BadUrl {
        cause: e.to_string(),
    })?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<std::net::SocketAddr> = match tokio::time::timeout(
        connect_timeout,
        tokio::net::lookup_host((host.as_str(), port)),
    )
    .await
    {
        Ok(Ok(addrs)) => addrs.collect(),
        Ok(Err(e)) => {
            return Err(FailureKind::NameResolution {
                host: host.clone(),
                cause: Some(e.to_string()),
                after: connect_timeout,
            })
        }
        Err(_) => {
            return Err(FailureKind::NameResolution {
                host: host.clone(),
                cause: None,
                after: connect_timeout,
            })
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
                return Err(FailureKind::ConnectTimeout {
                    addr: addr.to_string(),
                    after: connect_timeout,
                })
            }
        }
    }
    match last_error {
        Some(cause) if refused.is_empty() => Err(FailureKind::ConnectFailed {
            host_port: format!("{host}:{port}"),
            cause,
        }),
        _ => Err(FailureKind::Refused {
            addrs: refused.join(", "),
        }),
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
