//! The network half of the probe: one HTTP client set up for safety, a
//! capped body reader, and the mapping from transport errors to classes.

use std::error::Error as _;
use std::time::Duration;

use modelroute_core::probe::{FailureClass, ProbeFailure};
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
