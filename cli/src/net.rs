//! The network layer: the one HTTP client every command uses (`probe`,
//! `doctor`, `discover`, `run`, `shell`), set up for safety, a capped body
//! reader, the TCP connect stage, the TLS stage, and the mapping from
//! transport errors to failure classes (with a look at the raw bytes when
//! the port may not speak what the URL says: `https://` to plain HTTP, or
//! something that is not HTTP at all).
//!
//! Safety lives here and only here: no proxy is ever used, redirects are
//! followed only within the same origin, the key is attached by
//! [`request`] to the resolved URL only, and no body is read past
//! [`BODY_CAP`].

use std::error::Error as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use modelroute_core::probe::{self, FailureClass, FailureKind, ProbeTarget};
use reqwest::redirect::Policy;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;

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

/// An open TCP connection, from the connect stage.
pub struct Connected {
    /// The connection, for the TLS stage to shake hands on.
    pub stream: tokio::net::TcpStream,
    /// The address that accepted it.
    pub addr: SocketAddr,
    /// The host name of the base URL (the TLS server name).
    pub host: String,
    /// Whether the base URL is `https://`.
    pub tls: bool,
    /// The stage's detail: the address, and any that refused first.
    pub detail: String,
}

/// Resolves the host and opens a TCP connection to the first address
/// that accepts one; refused only when every address refuses.
pub async fn connect(
    target: &ProbeTarget,
    connect_timeout: Duration,
) -> Result<Connected, FailureKind> {
    let url = reqwest::Url::parse(&target.api_base).map_err(|e| FailureKind::BadUrl {
        cause: e.to_string(),
    })?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<SocketAddr> = match tokio::time::timeout(
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
            Ok(Ok(stream)) => {
                let mut detail = addr.to_string();
                if !refused.is_empty() {
                    detail.push_str(&format!(" (after {} refused)", refused.join(", ")));
                }
                return Ok(Connected {
                    stream,
                    addr: *addr,
                    host,
                    tls: url.scheme() == "https",
                    detail,
                });
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

/// The TLS stage: a handshake on the connect stage's connection, bounded
/// by `limit` (the connect timeout, not the whole probe's), verified as
/// the HTTP client verifies (the platform's roots). The detail on success
/// names the protocol version.
///
/// A certificate the verifier refuses, or an alert from the server, is a
/// TLS failure in its own words. A handshake that gets no answer, or an
/// answer that is not TLS, is checked with one plain-HTTP request to the
/// same port ([`first_bytes`], same bound): an HTTP answer means the URL
/// should say `http://`; other bytes, that the port is not HTTP at all.
pub async fn handshake(connected: Connected, limit: Duration) -> Result<String, FailureKind> {
    let Connected {
        stream, addr, host, ..
    } = connected;
    let config = tls_config().map_err(|cause| FailureKind::Handshake {
        addr: addr.to_string(),
        cause: Some(cause),
        after: limit,
    })?;
    let name = rustls::pki_types::ServerName::try_from(host.clone()).map_err(|e| {
        FailureKind::Handshake {
            addr: addr.to_string(),
            cause: Some(format!("`{host}` is not a name TLS accepts: {e}")),
            after: limit,
        }
    })?;
    let connector = tokio_rustls::TlsConnector::from(config);
    let cause = match tokio::time::timeout(limit, connector.connect(name, stream)).await {
        Ok(Ok(tls)) => {
            let version = tls
                .get_ref()
                .1
                .protocol_version()
                .and_then(|v| v.as_str())
                .unwrap_or("TLS");
            return Ok(version.replace('_', "."));
        }
        Ok(Err(e)) => {
            let tls_error = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>());
            match tls_error {
                // Bytes that are not TLS: the question is what they are.
                Some(rustls::Error::InvalidMessage(_)) | None => Some(chain(&e)),
                // A TLS server that refused: its own words.
                Some(other) => {
                    return Err(FailureKind::Handshake {
                        addr: addr.to_string(),
                        cause: Some(other.to_string()),
                        after: limit,
                    })
                }
            }
        }
        // No answer at all: llama.cpp's server, for one, waits for the end
        // of an HTTP request that a ClientHello never sends.
        Err(_) => None,
    };
    let bytes = first_bytes(addr, &host, limit).await;
    Err(match probe::http_status_line(&bytes) {
        Some(status_line) => FailureKind::PlainHttpPort {
            addr: addr.to_string(),
            handshake: cause,
            after: limit,
            status_line,
        },
        None if says_something(&bytes) => FailureKind::NotHttp {
            addr: addr.to_string(),
            first_bytes: probe::quote_bytes(&bytes, probe::QUOTED_BYTES),
        },
        None => FailureKind::Handshake {
            addr: addr.to_string(),
            cause,
            after: limit,
        },
    })
}

/// The client's TLS settings: reqwest's TLS library, crypto provider and
/// certificate verifier, so the TLS stage accepts what the requests will.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier =
        rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| e.to_string())?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The most bytes [`first_bytes`] reads: a status line, or a banner.
const SNIFF_CAP: usize = 256;

/// Sends one plain-HTTP request (`GET /`, no key) to `addr` and returns
/// the first bytes that come back: the first line, or what arrived before
/// the connection ended, [`SNIFF_CAP`] bytes were read or `limit` passed
/// (nothing, when nothing did).
pub async fn first_bytes(addr: SocketAddr, host: &str, limit: Duration) -> Vec<u8> {
    let deadline = tokio::time::Instant::now() + limit;
    let mut got = Vec::new();
    let Ok(Ok(mut stream)) =
        tokio::time::timeout_at(deadline, tokio::net::TcpStream::connect(addr)).await
    else {
        return got;
    };
    let host = if host.contains(':') {
        format!("[{host}]:{}", addr.port())
    } else {
        format!("{host}:{}", addr.port())
    };
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: modelroute/{}\r\nConnection: close\r\n\r\n",
        env!("CARGO_PKG_VERSION")
    );
    // A service that speaks first (SSH) has its banner waiting whether or
    // not the request is written, so a failed write is no verdict.
    let _ = tokio::time::timeout_at(deadline, stream.write_all(request.as_bytes())).await;
    let mut buf = [0u8; SNIFF_CAP];
    while got.len() < SNIFF_CAP && !got.contains(&b'\n') {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf[..SNIFF_CAP - got.len()]))
            .await
        {
            Ok(Ok(n)) if n > 0 => got.extend_from_slice(&buf[..n]),
            _ => break,
        }
    }
    // The first line only: what follows it depends on when it arrived.
    if let Some(end) = got.iter().position(|&b| b == b'\n') {
        got.truncate(end + 1);
    }
    got
}

/// Whether `bytes` say anything that could not be the start of an HTTP
/// answer cut short.
fn says_something(bytes: &[u8]) -> bool {
    !bytes.is_empty() && !b"HTTP/".starts_with(bytes)
}

/// A request that failed with no usable HTTP answer on a plain-HTTP URL
/// ("invalid HTTP version parsed", a reset) may have reached something
/// that is not HTTP: one plain request to the same port (bounded by
/// `limit`) shows what answers there. [`FailureKind::NotHttp`] when its
/// first bytes are not HTTP; `kind` unchanged otherwise.
pub async fn sharpen(kind: FailureKind, target: &ProbeTarget, limit: Duration) -> FailureKind {
    let FailureKind::Transport {
        class: FailureClass::ConnectionFailed,
        ..
    } = &kind
    else {
        return kind;
    };
    let Ok(url) = reqwest::Url::parse(&target.api_base) else {
        return kind;
    };
    let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else {
        return kind;
    };
    if url.scheme() != "http" {
        return kind;
    }
    let host = host.trim_matches(['[', ']']);
    let Ok(Ok(mut addrs)) =
        tokio::time::timeout(limit, tokio::net::lookup_host((host, port))).await
    else {
        return kind;
    };
    let Some(addr) = addrs.next() else {
        return kind;
    };
    let bytes = first_bytes(addr, host, limit).await;
    if probe::http_status_line(&bytes).is_none() && says_something(&bytes) {
        FailureKind::NotHttp {
            addr: addr.to_string(),
            first_bytes: probe::quote_bytes(&bytes, probe::QUOTED_BYTES),
        }
    } else {
        kind
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
