//! Test servers on 127.0.0.1, each on a port the OS picks, answering the
//! way each real server family answers (shapes from their sources: Ollama
//! `openai/openai.go`, vLLM `entrypoints/openai`, llama.cpp
//! `tools/server/server-http.cpp`, LM Studio's documented answers), plus
//! misbehaving ones. Each runs until the test's process ends.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

/// Which real server a stub imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Ollama,
    Vllm,
    LmStudio,
    LlamaCpp,
}

/// A stub's configuration.
#[derive(Debug, Clone)]
pub struct Stub {
    pub family: Family,
    pub models: Vec<&'static str>,
    /// The key it requires, if any.
    pub key: Option<&'static str>,
}

/// Starts `router` on a fresh loopback port, in its own thread.
pub fn serve(router: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, router).await.unwrap();
        });
    });
    addr
}

fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn authorized(stub: &Stub, headers: &HeaderMap) -> bool {
    match stub.key {
        None => true,
        Some(key) => headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == format!("Bearer {key}")),
    }
}

fn unauthorized(family: Family) -> Response {
    match family {
        Family::Vllm => json_response(StatusCode::UNAUTHORIZED, json!({"error": "Unauthorized"})),
        Family::LlamaCpp => json_response(
            StatusCode::UNAUTHORIZED,
            json!({"error": {"message": "Invalid API Key", "type": "authentication_error", "code": 401}}),
        ),
        _ => json_response(
            StatusCode::UNAUTHORIZED,
            json!({"detail": "Invalid API key"}),
        ),
    }
}

fn owned_by(family: Family) -> &'static str {
    match family {
        Family::Ollama => "library",
        Family::Vllm => "vllm",
        Family::LmStudio => "organization_owner",
        Family::LlamaCpp => "llamacpp",
    }
}

async fn models(State(stub): State<Stub>, headers: HeaderMap) -> Response {
    // llama.cpp leaves /v1/models public even with a key.
    if stub.family != Family::LlamaCpp && !authorized(&stub, &headers) {
        return unauthorized(stub.family);
    }
    let data: Vec<Value> = stub
        .models
        .iter()
        .map(|m| json!({"id": m, "object": "model", "created": 1_700_000_000, "owned_by": owned_by(stub.family)}))
        .collect();
    let mut resp = json_response(StatusCode::OK, json!({"object": "list", "data": data}));
    if stub.family == Family::LlamaCpp {
        resp.headers_mut()
            .insert("server", "llama.cpp".parse().unwrap());
    }
    resp
}

async fn chat(State(stub): State<Stub>, headers: HeaderMap, body: String) -> Response {
    if !authorized(&stub, &headers) {
        return unauthorized(stub.family);
    }
    let Ok(req) = serde_json::from_str::<Value>(&body) else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response();
    };
    let model = req["model"].as_str().unwrap_or_default().to_owned();
    let served = stub.models.iter().any(|m| *m == model);
    if !served {
        match stub.family {
            Family::Ollama => {
                return json_response(
                    StatusCode::NOT_FOUND,
                    json!({"error": {"message": format!("model '{model}' not found"), "type": "not_found_error", "param": null, "code": null}}),
                )
            }
            Family::Vllm => {
                return json_response(
                    StatusCode::NOT_FOUND,
                    json!({"error": {"message": format!("The model `{model}` does not exist."), "type": "NotFoundError", "param": "model", "code": 404}}),
                )
            }
            Family::LmStudio => {
                return json_response(
                    StatusCode::BAD_REQUEST,
                    json!({"error": {"message": format!("Invalid model identifier \"{model}\". Please specify a valid downloaded model."), "type": "invalid_request_error", "param": "model", "code": "model_not_found"}}),
                )
            }
            // llama.cpp ignores the name in single-model mode.
            Family::LlamaCpp => {}
        }
    }
    assert_eq!(
        req["max_tokens"], 1,
        "the reference's probe asks for one token"
    );
    assert_eq!(req["stream"], false);
    assert_eq!(req["messages"][0]["content"], "ping");
    json_response(
        StatusCode::OK,
        json!({"id": "chatcmpl-1", "object": "chat.completion", "model": model,
               "choices": [{"index": 0, "message": {"role": "assistant", "content": "p"}, "finish_reason": "length"}]}),
    )
}

async fn not_found(State(stub): State<Stub>) -> Response {
    match stub.family {
        Family::Ollama => (
            StatusCode::NOT_FOUND,
            [("content-type", "text/plain")],
            "404 page not found",
        )
            .into_response(),
        Family::LlamaCpp => json_response(
            StatusCode::NOT_FOUND,
            json!({"error": {"message": "File Not Found", "type": "not_found_error", "code": 404}}),
        ),
        _ => json_response(StatusCode::NOT_FOUND, json!({"detail": "Not Found"})),
    }
}

/// A well-behaved server of `stub.family`.
pub fn family(stub: Stub) -> SocketAddr {
    let mut router = Router::new()
        .route("/v1/models", get(models))
        .route("/v1/chat/completions", post(chat));
    if stub.family == Family::Ollama {
        router = router.route(
            "/api/version",
            get(|| async { json_response(StatusCode::OK, json!({"version": "0.12.3"})) }),
        );
    }
    serve(router.fallback(not_found).with_state(stub))
}

/// A server that answers every request with `status`, `content_type` and `body`.
pub fn fixed(status: u16, content_type: &'static str, body: &'static str) -> SocketAddr {
    let handler = move || async move {
        (
            StatusCode::from_u16(status).unwrap(),
            [("content-type", content_type)],
            body,
        )
            .into_response()
    };
    serve(Router::new().fallback(handler))
}

/// Models listed fine, completion answered by `chat`.
pub fn with_chat(status: u16, content_type: &'static str, body: &'static str) -> SocketAddr {
    let chat = move || async move {
        (
            StatusCode::from_u16(status).unwrap(),
            [("content-type", content_type)],
            body,
        )
            .into_response()
    };
    serve(
        Router::new()
            .route(
                "/v1/models",
                get(|| async {
                    json_response(
                        StatusCode::OK,
                        json!({"object": "list", "data": [{"id": "m", "object": "model"}]}),
                    )
                }),
            )
            .route("/v1/chat/completions", post(chat)),
    )
}

/// A body that never ends.
pub fn endless() -> SocketAddr {
    let handler = || async {
        let chunks = futures_util::stream::repeat_with(|| {
            Ok::<_, std::io::Error>(axum::body::Bytes::from_static(&[b'x'; 65536]))
        });
        Response::builder()
            .header("content-type", "application/json")
            .body(Body::from_stream(chunks))
            .unwrap()
    };
    serve(Router::new().fallback(handler))
}

/// Raw TCP servers for what HTTP frameworks will not do.
pub fn raw(behaviour: Raw) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                match behaviour {
                    Raw::Banner => {
                        // As sshd does: the banner first, unasked; then,
                        // on anything else, one line and the end.
                        let _ = stream.write_all(BANNER);
                        let _ = stream.read(&mut buf);
                        let _ = stream.write_all(b"Invalid SSH identification string.\r\n");
                        return;
                    }
                    Raw::HttpOnly => {
                        answer_complete_requests(&mut stream);
                        return;
                    }
                    _ => {}
                }
                let _ = stream.read(&mut buf);
                match behaviour {
                    Raw::Banner | Raw::HttpOnly => {}
                    Raw::Silent => std::thread::sleep(Duration::from_secs(120)),
                    Raw::Drip => {
                        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n";
                        if stream.write_all(head.as_bytes()).is_err() {
                            return;
                        }
                        for _ in 0..120 {
                            if stream.write_all(b" ").is_err() {
                                return;
                            }
                            std::thread::sleep(Duration::from_secs(1));
                        }
                    }
                    Raw::CloseMidBody => {
                        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"object\":\"list\",\"da";
                        let _ = stream.write_all(head.as_bytes());
                    }
                }
            });
        }
    });
    addr
}

/// What [`Raw::Banner`] sends: an SSH server's identification line.
pub const BANNER: &[u8] = b"SSH-2.0-OpenSSH_9.6\r\n";

/// Answers a request only once its head has ended (`\r\n\r\n`), as
/// llama.cpp's server does: a TLS ClientHello, which never ends that way,
/// gets no answer at all, and the connection stays open until the client
/// gives up.
fn answer_complete_requests(stream: &mut std::net::TcpStream) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(n) if n > 0 => seen.extend_from_slice(&buf[..n]),
            _ => return,
        }
    }
    let body = r#"{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}"#;
    let _ = write!(
        stream,
        "HTTP/1.1 404 Not Found\r\nServer: llama.cpp\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// Misbehaviour a raw server shows.
#[derive(Debug, Clone, Copy)]
pub enum Raw {
    /// Not HTTP: sends an SSH banner as soon as it accepts.
    Banner,
    /// Plain HTTP that says nothing until a request's head has ended, so
    /// a TLS handshake gets no answer (llama.cpp's server).
    HttpOnly,
    /// Accepts, reads, never answers.
    Silent,
    /// Sends headers, then one byte a second.
    Drip,
    /// Sends part of the body and closes.
    CloseMidBody,
}

/// A port nothing listens on (bound, then released).
pub fn dead_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// Redirects every request to `location` (another host).
pub fn fixed_redirect(location: &'static str) -> SocketAddr {
    let handler =
        move || async move { (StatusCode::FOUND, [("location", location)], "").into_response() };
    serve(Router::new().fallback(handler))
}

/// An OpenAI-style server that accepts only `accepted` effort levels; other
/// levels get `refusal` (400: "invalid reasoning_effort"; 5xx: overloaded).
pub fn effort_server(accepted: &'static [&'static str], refusal: u16) -> SocketAddr {
    let chat = move |headers: HeaderMap, body: String| async move {
        assert_eq!(
            headers.get("authorization").and_then(|v| v.to_str().ok()),
            Some("Bearer sk-openai-test-key")
        );
        let req: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(req["max_tokens"], 64, "effort probes ask for 64 tokens");
        let level = req["reasoning_effort"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if accepted.contains(&level.as_str()) {
            return json_response(
                StatusCode::OK,
                json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": "pong"}}]}),
            );
        }
        let status = StatusCode::from_u16(refusal).unwrap();
        let message = if refusal == 400 {
            format!(
                "Invalid value for reasoning_effort: '{level}' is not supported with this model"
            )
        } else {
            "The server is overloaded".to_owned()
        };
        json_response(
            status,
            json!({"error": {"message": message, "type": "invalid_request_error"}}),
        )
    };
    serve(Router::new().route("/v1/chat/completions", post(chat)))
}

// Chat servers for `run` and `shell`: scripted streamed answers.

/// One step of a scripted answer.
#[derive(Debug, Clone)]
pub enum Step {
    /// Send these bytes.
    Send(String),
    /// Wait this long.
    Sleep(Duration),
    /// Wait until the test sets the flag (10 s at most).
    Gate(std::sync::Arc<std::sync::atomic::AtomicBool>),
    /// Break the connection: the chunked body never ends properly.
    Abort,
}

/// An event carrying `text` as a content delta.
pub fn delta(text: &str) -> Step {
    Step::Send(format!(
        "data: {}\n\n",
        json!({"id": "chatcmpl-1", "object": "chat.completion.chunk",
               "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": null}]})
    ))
}

/// The last content event: an empty delta with `reason`.
pub fn finish(reason: &str) -> Step {
    Step::Send(format!(
        "data: {}\n\n",
        json!({"id": "chatcmpl-1", "object": "chat.completion.chunk",
               "choices": [{"index": 0, "delta": {}, "finish_reason": reason}]})
    ))
}

/// `data: [DONE]`.
pub fn done() -> Step {
    Step::Send("data: [DONE]\n\n".to_owned())
}

/// What a chat server answers.
#[derive(Debug, Clone, Default)]
pub struct Script {
    /// The event stream for `"stream": true` requests.
    pub steps: Vec<Step>,
    /// The message content of a JSON completion for other requests.
    pub reply: &'static str,
    /// What `GET /v1/models` lists.
    pub models: Vec<&'static str>,
}

/// A request as the chat server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub authorization: Option<String>,
    pub body: Value,
}

/// A running chat server and the requests it received.
pub struct ChatServer {
    pub addr: SocketAddr,
    pub requests: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
}

impl ChatServer {
    /// The requests so far.
    pub fn received(&self) -> Vec<Received> {
        self.requests.lock().unwrap().clone()
    }
}

/// A chat server playing `script`: streamed requests get its steps as
/// server-sent events, others a JSON completion; every request is recorded.
pub fn chat_server(script: Script) -> ChatServer {
    let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = requests.clone();
    let script = std::sync::Arc::new(script);
    let listed = script.clone();
    let chat = move |headers: HeaderMap, body: String| {
        let script = script.clone();
        let seen = seen.clone();
        async move {
            let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            seen.lock().unwrap().push(Received {
                authorization: headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                body: body.clone(),
            });
            if body["stream"] != true {
                return json_response(
                    StatusCode::OK,
                    json!({"id": "chatcmpl-1", "object": "chat.completion",
                           "choices": [{"index": 0, "message": {"role": "assistant", "content": script.reply}, "finish_reason": "stop"}]}),
                );
            }
            Response::builder()
                .header("content-type", "text/event-stream")
                .body(Body::from_stream(play(script.steps.clone())))
                .unwrap()
        }
    };
    let models = move || {
        let listed = listed.clone();
        async move {
            let data: Vec<Value> = listed
                .models
                .iter()
                .map(|m| json!({"id": m, "object": "model", "owned_by": "library"}))
                .collect();
            json_response(StatusCode::OK, json!({"object": "list", "data": data}))
        }
    };
    let addr = serve(
        Router::new()
            .route("/v1/chat/completions", post(chat))
            .route("/v1/models", get(models)),
    );
    ChatServer { addr, requests }
}

/// The steps as a body stream.
fn play(
    steps: Vec<Step>,
) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, std::io::Error>> {
    futures_util::stream::unfold((steps, 0), |(steps, mut i)| async move {
        loop {
            let step = steps.get(i)?.clone();
            i += 1;
            match step {
                Step::Send(text) => return Some((Ok(text.into()), (steps, i))),
                Step::Sleep(d) => tokio::time::sleep(d).await,
                Step::Gate(open) => {
                    let until = std::time::Instant::now() + Duration::from_secs(10);
                    while !open.load(std::sync::atomic::Ordering::SeqCst)
                        && std::time::Instant::now() < until
                    {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                }
                Step::Abort => {
                    return Some((Err(std::io::Error::other("cut on purpose")), (steps, i)))
                }
            }
        }
    })
}

/// An event stream whose one line never ends.
pub fn endless_event_stream() -> SocketAddr {
    let handler = || async {
        let head = futures_util::stream::once(async {
            Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"data: "))
        });
        let rest = futures_util::stream::repeat_with(|| {
            Ok::<_, std::io::Error>(axum::body::Bytes::from_static(&[b'x'; 65536]))
        });
        Response::builder()
            .header("content-type", "text/event-stream")
            .body(Body::from_stream(futures_util::StreamExt::chain(
                head, rest,
            )))
            .unwrap()
    };
    serve(Router::new().fallback(handler))
}

/// A recorded answer of `core/tests/fixtures/capabilities/` (the server
/// version is in its name; that directory's README says where each
/// comes from).
pub fn fixture(name: &str) -> String {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/capabilities")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every request a [`replay`] server got, as `METHOD /path`.
pub type Seen = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// A server that answers each path of `routes` with its JSON body (200,
/// any method) and every other path with 404, and records each request,
/// so a test can tell what was asked and what was not.
pub fn replay(routes: Vec<(&'static str, String)>) -> (SocketAddr, Seen) {
    let seen = Seen::default();
    let log = seen.clone();
    let handler = move |method: axum::http::Method, uri: axum::http::Uri| {
        let routes = routes.clone();
        let log = log.clone();
        async move {
            log.lock().unwrap().push(format!("{method} {}", uri.path()));
            match routes.iter().find(|(path, _)| *path == uri.path()) {
                Some((_, body)) => (
                    StatusCode::OK,
                    [("content-type", "application/json")],
                    body.clone(),
                )
                    .into_response(),
                None => json_response(StatusCode::NOT_FOUND, json!({"detail": "Not Found"})),
            }
        }
    };
    (serve(Router::new().fallback(handler)), seen)
}
