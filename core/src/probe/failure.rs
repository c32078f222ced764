//! Why a probe failed: the classes (one per distinct fix, each with its
//! stable code) and the kinds, which carry the facts a message needs.

use std::time::Duration;

use serde::Serialize;

use crate::model_id::Route;

/// Why a probe failed: one class per distinct fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FailureClass {
    /// Nothing listens on the port.
    ConnectionRefused,
    /// The host name does not resolve.
    NameResolution,
    /// The TCP connection did not complete within the connect timeout.
    ConnectTimeout,
    /// The whole probe did not finish within its timeout.
    Timeout,
    /// TLS handshake or certificate failure, including `https://` to a
    /// port that speaks plain HTTP.
    Tls,
    /// 401 or 403.
    Unauthorized,
    /// 404 on the path itself.
    PathNotFound,
    /// The server does not serve the requested model.
    ModelNotServed,
    /// 5xx.
    ServerError,
    /// The body is not the JSON an OpenAI-compatible server sends (HTML,
    /// plain text, invalid JSON, too large, cut off), or the port does not
    /// speak HTTP at all.
    BadResponse,
    /// A 200 completion without choices.
    NoChoices,
    /// A redirect to another host, not followed.
    Redirect,
    /// Another 4xx.
    HttpError,
    /// The connection broke for another reason (reset, closed early).
    ConnectionFailed,
    /// The route has no OpenAI-compatible endpoint modelroute can probe.
    Unsupported,
}

/// Every failure class with its stable code. What a class means for a
/// person (the summary, the exit code) is the CLI's business: see
/// `cli/src/exit.rs`.
pub const FAILURE_CLASSES: &[(FailureClass, &str)] = &[
    (FailureClass::ConnectionRefused, "connection_refused"),
    (FailureClass::NameResolution, "name_resolution"),
    (FailureClass::ConnectTimeout, "connect_timeout"),
    (FailureClass::Timeout, "timeout"),
    (FailureClass::Tls, "tls"),
    (FailureClass::Unauthorized, "unauthorized"),
    (FailureClass::PathNotFound, "path_not_found"),
    (FailureClass::ModelNotServed, "model_not_served"),
    (FailureClass::ServerError, "server_error"),
    (FailureClass::BadResponse, "bad_response"),
    (FailureClass::NoChoices, "no_choices"),
    (FailureClass::Redirect, "redirect"),
    (FailureClass::HttpError, "http_error"),
    (FailureClass::ConnectionFailed, "connection_failed"),
    (FailureClass::Unsupported, "probe_unsupported"),
];

impl FailureClass {
    fn row(self) -> &'static (FailureClass, &'static str) {
        FAILURE_CLASSES
            .iter()
            .find(|row| row.0 == self)
            .unwrap_or(&FAILURE_CLASSES[FAILURE_CLASSES.len() - 1])
    }

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        self.row().1
    }

    /// Whether the reference treats it as transient when probing a
    /// non-local id (timeouts, 429, 5xx, connection reset/refused): the
    /// switch completes with a warning instead of being rejected.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            FailureClass::Timeout
                | FailureClass::ConnectTimeout
                | FailureClass::ServerError
                | FailureClass::ConnectionRefused
                | FailureClass::ConnectionFailed
        )
    }
}

/// What went wrong, with the facts its message and fixes need. Core
/// classifies answers into kinds (and the CLI's network layer builds the
/// kinds that happen before any answer); how a kind reads for a person,
/// its message and its fixes, is written once, by the CLI
/// (`cli/src/probe/failure.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureKind {
    /// Nothing listens: every address (comma-joined) refused.
    Refused {
        /// The addresses that refused, e.g. `127.0.0.1:11434`.
        addrs: String,
    },
    /// The host name does not resolve; no `cause` means the lookup took
    /// longer than `after`.
    NameResolution {
        /// The host.
        host: String,
        /// The resolver's error.
        cause: Option<String>,
        /// The lookup's deadline.
        after: Duration,
    },
    /// No TCP connection within `after`.
    ConnectTimeout {
        /// The address tried.
        addr: String,
        /// The connect deadline.
        after: Duration,
    },
    /// The connection failed for another reason.
    ConnectFailed {
        /// `host:port`.
        host_port: String,
        /// The operating system's error.
        cause: String,
    },
    /// The base URL is not one the HTTP client accepts.
    BadUrl {
        /// The parser's error.
        cause: String,
    },
    /// A transport error before any answer, already sorted into a class.
    Transport {
        /// The class (timeout, refused, name, TLS, connect timeout, other).
        class: FailureClass,
        /// The error chain as one line.
        cause: String,
    },
    /// The TLS handshake failed for a reason of its own (a certificate
    /// that is not trusted, an unknown CA, a wrong name, an alert), or got
    /// no answer from a port that does not answer plain HTTP either.
    Handshake {
        /// The address the handshake went to, `host:port`.
        addr: String,
        /// What went wrong: the TLS library's error, or `None` when the
        /// server sent nothing within `after`.
        cause: Option<String>,
        /// The handshake's deadline (the connect timeout).
        after: Duration,
    },
    /// The TLS handshake failed or got no answer, and a plain-HTTP request
    /// to the same port was answered: the base URL says `https://` where
    /// the server speaks `http://`.
    PlainHttpPort {
        /// The address, `host:port`.
        addr: String,
        /// What the handshake got: the TLS library's error, or `None` for
        /// no answer within `after`.
        handshake: Option<String>,
        /// The handshake's deadline (the connect timeout).
        after: Duration,
        /// The plain-HTTP answer's status line, as sent.
        status_line: String,
    },
    /// What came back is not HTTP at all: another service holds the port.
    NotHttp {
        /// The address, `host:port`.
        addr: String,
        /// The first bytes it sent, quoted safe for a terminal and cut
        /// short ([`quote_bytes`](super::quote_bytes)).
        first_bytes: String,
    },
    /// No answer from `url` within `after`, while `during` ran (a probe
    /// stage, the request, an effort level).
    Timeout {
        /// The URL asked.
        url: String,
        /// The deadline.
        after: Duration,
        /// What was running.
        during: String,
    },
    /// The answer started, then nothing came for `after`.
    Stalled {
        /// The URL asked.
        url: String,
        /// The idle deadline.
        after: Duration,
    },
    /// The connection broke while the answer arrived.
    Broke {
        /// The status, when the answer had one before it broke.
        status: Option<u16>,
        /// The error chain as one line.
        cause: String,
    },
    /// The body ended before `[DONE]` or a finish reason.
    Cut {
        /// The URL asked.
        url: String,
    },
    /// The answer is larger than `cap` bytes.
    TooLarge {
        /// The URL asked, when known.
        url: Option<String>,
        /// The cap.
        cap: usize,
    },
    /// An event-stream line longer than `cap` bytes.
    LineTooLong {
        /// The URL asked.
        url: String,
        /// The cap.
        cap: usize,
    },
    /// 401/403, or an answer that refuses the key without one.
    KeyRefused {
        /// The URL asked.
        url: String,
        /// The status.
        status: u16,
        /// What the server said.
        said: String,
    },
    /// LiteLLM's 400 "No connected db.": with no database to look keys
    /// up in (none configured, or down), it checks no key but its
    /// master key. Not accepted, though not because it is wrong.
    KeyUnchecked {
        /// The URL asked.
        url: String,
        /// The status.
        status: u16,
        /// What the server said.
        said: String,
    },
    /// A route that needs a key has none: nothing was sent.
    NoKey {
        /// The route.
        route: Route,
        /// The base URL the key would have gone to.
        api_base: String,
        /// Whether this ended a probe before it started.
        nothing_probed: bool,
    },
    /// The server answered that it does not know the model.
    ModelUnknown {
        /// The status.
        status: u16,
        /// What the server said.
        said: String,
    },
    /// The model is not in the server's `/models` list.
    NotListed {
        /// The server family that answered, as it named itself
        /// ([`identify_server`](super::identify_server)), when it did.
        server: Option<String>,
        /// What the server lists.
        served: Vec<String>,
        /// The served names closest to the request, best first.
        closest: Vec<String>,
        /// Whether it answered the completion anyway (it ignores names).
        answered_anyway: bool,
    },
    /// 404 on the path itself.
    PathNotFound {
        /// The URL asked.
        url: String,
        /// What the server said.
        said: String,
    },
    /// 5xx.
    ServerError {
        /// The status.
        status: u16,
        /// What the server said.
        said: String,
    },
    /// A redirect to another origin, not followed.
    Redirect {
        /// The URL asked.
        url: String,
        /// The status.
        status: u16,
    },
    /// Another 4xx.
    HttpError {
        /// The URL asked.
        url: String,
        /// The status.
        status: u16,
        /// What the server said.
        said: String,
    },
    /// A 2xx HTML page.
    Html {
        /// The URL asked.
        url: String,
        /// The start of the page.
        excerpt: String,
    },
    /// A 2xx answer that is not JSON.
    InvalidJson {
        /// The URL asked.
        url: String,
        /// The parser's error.
        cause: String,
        /// The start of the body.
        excerpt: String,
    },
    /// An event of a stream that is not JSON.
    BadEvent {
        /// The URL asked.
        url: String,
        /// The parser's error.
        cause: String,
        /// The start of the event.
        excerpt: String,
    },
    /// A streamed answer that is not server-sent events.
    NotEvents {
        /// The URL asked.
        url: String,
        /// The start of the body.
        excerpt: String,
    },
    /// A 200 `/models` answer that is not an OpenAI-style list.
    NotAModelList {
        /// The URL asked.
        url: String,
        /// The start of the body.
        excerpt: String,
    },
    /// A 200 completion without choices.
    NoChoices {
        /// The URL asked.
        url: String,
        /// The start of the body.
        excerpt: String,
    },
    /// An error frame in the middle of a stream; `inner` is what its
    /// code means as a status.
    StreamError {
        /// The frame's code, when it is an HTTP status.
        code: Option<u16>,
        /// What the frame said.
        said: String,
        /// The kind of failure that status is.
        inner: Box<FailureKind>,
    },
    /// The route has no OpenAI-compatible endpoint (`anthropic/`,
    /// `bedrock/`).
    Unsupported {
        /// The id.
        id: String,
        /// Its route.
        route: Route,
        /// What the endpoint was wanted for ("probe", "talk to").
        purpose: &'static str,
    },
}

impl FailureKind {
    /// The class: the stable code and, on the command line, the exit code.
    pub fn class(&self) -> FailureClass {
        use FailureKind as K;
        match self {
            K::Refused { .. } => FailureClass::ConnectionRefused,
            K::NameResolution { .. } => FailureClass::NameResolution,
            K::ConnectTimeout { .. } => FailureClass::ConnectTimeout,
            K::Timeout { .. } | K::Stalled { .. } => FailureClass::Timeout,
            K::ConnectFailed { .. } | K::BadUrl { .. } | K::Broke { .. } | K::Cut { .. } => {
                FailureClass::ConnectionFailed
            }
            K::Transport { class, .. } => *class,
            K::Handshake { .. } | K::PlainHttpPort { .. } => FailureClass::Tls,
            K::NotHttp { .. } => FailureClass::BadResponse,
            K::TooLarge { .. }
            | K::LineTooLong { .. }
            | K::Html { .. }
            | K::InvalidJson { .. }
            | K::NotAModelList { .. }
            | K::BadEvent { .. }
            | K::NotEvents { .. } => FailureClass::BadResponse,
            K::KeyRefused { .. } | K::KeyUnchecked { .. } | K::NoKey { .. } => {
                FailureClass::Unauthorized
            }
            K::ModelUnknown { .. } | K::NotListed { .. } => FailureClass::ModelNotServed,
            K::PathNotFound { .. } => FailureClass::PathNotFound,
            K::ServerError { .. } => FailureClass::ServerError,
            K::Redirect { .. } => FailureClass::Redirect,
            K::HttpError { .. } => FailureClass::HttpError,
            K::NoChoices { .. } => FailureClass::NoChoices,
            K::StreamError { inner, .. } => inner.class(),
            K::Unsupported { .. } => FailureClass::Unsupported,
        }
    }
}
