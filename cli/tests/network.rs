//! The README's network promises, each pinned by a test, all on loopback
//! (127.0.0.1, and names that never resolve): system proxies are never
//! used; a host that does not resolve exits 11, a connection that is not
//! accepted in time 12, a TLS failure 14; redirects are followed within
//! the same origin only, and the key goes nowhere else.

mod common;
mod servers;

use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use common::modelroute;
use serde_json::{json, Value};
use servers::{chat_server, delta, done, finish, Family, Script, Stub};

/// A host under `.invalid`, which never resolves (RFC 6761), so nothing
/// is ever sent anywhere.
const NOWHERE: &str = "modelroute-test.invalid";

/// Runs modelroute with `env` and returns (exit code, stdout, stderr).
fn modelroute_with(args: &[&str], env: &[(&str, String)]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `probe --json`: (exit code, report).
fn probe(id: &str, env: &[(&str, String)], extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["probe", id, "--json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = modelroute_with(&args, env);
    let v: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: stdout {stdout:?}, stderr {stderr:?}"));
    (code, v)
}

// ---------------------------------------------------------------- proxies

/// A proxy on 127.0.0.1 that records every connection it gets, then closes
/// it (a request sent through it fails, and shows up here).
struct RecordingProxy {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<String>>>,
}

impl RecordingProxy {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let mut buf = [0u8; 1024];
                let n = stream.read(&mut buf).unwrap_or(0);
                let first = String::from_utf8_lossy(&buf[..n]);
                let line = first.lines().next().unwrap_or("(nothing read)").to_owned();
                record.lock().unwrap().push(line);
            }
        });
        RecordingProxy { addr, seen }
    }

    /// Every proxy variable a client library might read, in both cases,
    /// pointing here.
    fn env(&self) -> Vec<(&'static str, String)> {
        let url = format!("http://{}", self.addr);
        [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ]
        .into_iter()
        .map(|k| (k, url.clone()))
        .collect()
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

#[test]
fn system_proxies_are_never_used() {
    let proxy = RecordingProxy::start();
    let ollama = servers::family(Stub {
        family: Family::Ollama,
        models: vec!["llama3.1:8b"],
        key: None,
    });
    let chat = chat_server(Script {
        steps: vec![delta("pong"), finish("stop"), done()],
        ..Script::default()
    });
    let with = |var: &'static str, url: String| {
        let mut env = proxy.env();
        env.push((var, url));
        env
    };
    // A server on loopback answers directly.
    let (code, v) = probe(
        "ollama/llama3.1:8b",
        &with("OLLAMA_BASE_URL", format!("http://{ollama}")),
        &[],
    );
    assert_eq!(code, 0, "{v}");
    let (code, stdout, stderr) = modelroute_with(
        &["run", "--model", "vllm/m", "ping"],
        &with("VLLM_BASE_URL", format!("http://{}", chat.addr)),
    );
    assert_eq!((code, stdout.as_str()), (0, "pong\n"), "{stderr}");
    let (code, _, stderr) = modelroute_with(
        &["discover", "--json", "--timeout", "3"],
        &with("OLLAMA_BASE_URL", format!("http://{ollama}")),
    );
    assert_eq!(code, 0, "{stderr}");
    // A name only a proxy could reach does not resolve: the request is not
    // handed to the proxy instead.
    for scheme in ["http", "https"] {
        let (code, _, stderr) = modelroute_with(
            &["run", "--model", "vllm/m", "ping", "--timeout", "5"],
            &with("VLLM_BASE_URL", format!("{scheme}://{NOWHERE}:8000")),
        );
        assert_eq!(code, 11, "{scheme}: {stderr}");
    }
    assert_eq!(proxy.seen(), Vec::<String>::new(), "the proxy was used");
}

// -------------------------------------------------------------------- DNS

#[test]
fn a_host_that_does_not_resolve_exits_11() {
    let env = [("OLLAMA_BASE_URL", format!("http://{NOWHERE}:11434"))];
    let (code, v) = probe("ollama/m", &env, &["--timeout", "10"]);
    assert_eq!(code, 11, "{v}");
    assert_eq!(v["failure"]["code"], "name_resolution");
    assert!(
        v["failure"]["message"].as_str().unwrap().contains(NOWHERE),
        "{v}"
    );
    assert_eq!(v["stages"][0]["name"], "connect");
    let (code, _, stderr) = modelroute_with(
        &["run", "--model", "ollama/m", "hi", "--timeout", "10"],
        &env,
    );
    assert_eq!(code, 11, "{stderr}");
    assert!(stderr.contains("error[name_resolution]"), "{stderr}");
}

// --------------------------------------------------------- connect timeout

/// A listener on 127.0.0.1 whose accept queue is full: it is never
/// accepted from, its backlog is 0, and connections fill the queue until a
/// connection attempt times out. Linux then drops further SYNs, so a
/// connection attempt hangs until the client gives up. Measured on this
/// machine's kernel: with `listen(0)` the first connection completes and
/// every later one times out.
struct FullBacklog {
    addr: SocketAddr,
    _listener: TcpListener,
    _held: Vec<TcpStream>,
}

fn full_backlog() -> FullBacklog {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket
        .bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    socket.listen(0).unwrap();
    let listener: TcpListener = socket.into();
    let addr = listener.local_addr().unwrap();
    let mut held = Vec::new();
    for _ in 0..16 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
            Ok(s) => held.push(s),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                return FullBacklog {
                    addr,
                    _listener: listener,
                    _held: held,
                }
            }
            Err(e) => panic!("filling the backlog: {e}"),
        }
    }
    panic!("16 connections and the backlog of {addr} is still not full");
}

#[test]
fn a_connection_not_accepted_in_time_exits_12() {
    let listener = full_backlog();
    let env = [("OLLAMA_BASE_URL", format!("http://{}", listener.addr))];
    let started = Instant::now();
    let (code, v) = probe(
        "ollama/m",
        &env,
        &["--connect-timeout", "1", "--timeout", "20"],
    );
    let took = started.elapsed();
    assert_eq!(code, 12, "{v}");
    assert_eq!(v["failure"]["code"], "connect_timeout");
    assert_eq!(v["stages"][0]["name"], "connect");
    assert!(took < Duration::from_secs(2), "took {took:?}: {v}");

    let started = Instant::now();
    let (code, _, stderr) = modelroute_with(
        &[
            "run",
            "--model",
            "ollama/m",
            "hi",
            "--connect-timeout",
            "1",
            "--timeout",
            "20",
        ],
        &env,
    );
    let took = started.elapsed();
    assert_eq!(code, 12, "{stderr}");
    assert!(stderr.contains("error[connect_timeout]"), "{stderr}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

// -------------------------------------------------------------------- TLS

/// A TLS server on 127.0.0.1 with a freshly made self-signed certificate
/// for `localhost` and `127.0.0.1`. Counts completed handshakes.
fn self_signed_tls_server() -> (SocketAddr, Arc<AtomicUsize>) {
    use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    use tokio_rustls::rustls::ServerConfig;
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let handshakes = Arc::new(AtomicUsize::new(0));
    let count = handshakes.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            use tokio::io::AsyncWriteExt;
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let acceptor = acceptor.clone();
                let count = count.clone();
                tokio::spawn(async move {
                    if let Ok(mut tls) = acceptor.accept(stream).await {
                        count.fetch_add(1, Ordering::SeqCst);
                        let _ = tls
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
                            .await;
                    }
                });
            }
        });
    });
    (addr, handshakes)
}

#[test]
fn a_self_signed_certificate_exits_14() {
    let (addr, handshakes) = self_signed_tls_server();
    let env = [("OLLAMA_BASE_URL", format!("https://{addr}"))];
    let (code, v) = probe("ollama/m", &env, &["--timeout", "10"]);
    assert_eq!(code, 14, "{v}");
    assert_eq!(v["failure"]["code"], "tls");
    let message = v["failure"]["message"].as_str().unwrap().to_lowercase();
    assert!(message.contains("certificate"), "{v}");
    let (code, _, stderr) = modelroute_with(
        &["run", "--model", "ollama/m", "hi", "--timeout", "10"],
        &env,
    );
    assert_eq!(code, 14, "{stderr}");
    assert_eq!(
        handshakes.load(Ordering::SeqCst),
        0,
        "a handshake completed: the certificate was accepted"
    );
}

#[test]
fn tls_to_a_plain_http_server_exits_14() {
    let addr = servers::family(Stub {
        family: Family::Ollama,
        models: vec!["m"],
        key: None,
    });
    let env = [("OLLAMA_BASE_URL", format!("https://{addr}"))];
    let (code, v) = probe("ollama/m", &env, &["--timeout", "10"]);
    assert_eq!(code, 14, "{v}");
    assert_eq!(stage_names(&v), ["connect", "tls"], "{v}");
    let message = v["failure"]["message"].as_str().unwrap();
    assert!(message.starts_with("this port speaks plain HTTP: "), "{v}");
    assert!(message.contains("(`HTTP/1.1 "), "{v}");
    assert_eq!(
        v["failure"]["fixes"],
        json!([format!("set `OLLAMA_BASE_URL` to `http://{addr}`")])
    );
}

fn stage_names(v: &Value) -> Vec<&str> {
    v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect()
}

/// llama.cpp's server never answers a ClientHello: the handshake gets the
/// connect timeout of its own (not `--timeout`), then one plain request
/// settles it. The variable named is the one that was set.
#[test]
fn a_silent_handshake_on_a_plain_http_port_exits_14() {
    let addr = servers::raw(servers::Raw::HttpOnly);
    let env = [("LOCAL_LLM_BASE_URL", format!("https://{addr}/v1"))];
    let (code, v) = probe(
        "llamacpp/m",
        &env,
        &["--timeout", "30", "--connect-timeout", "1"],
    );
    assert_eq!(code, 14, "{v}");
    assert_eq!(v["failure"]["code"], "tls");
    assert_eq!(stage_names(&v), ["connect", "tls"], "{v}");
    assert_eq!(v["stages"][0]["outcome"], "ok");
    assert_eq!(
        v["failure"]["message"],
        format!("this port speaks plain HTTP: the TLS handshake with {addr} got no answer within 1 s, and a plain-HTTP request to it was answered (`HTTP/1.1 404 Not Found`)")
    );
    assert_eq!(
        v["failure"]["fixes"],
        json!([format!("set `LOCAL_LLM_BASE_URL` to `http://{addr}`")])
    );
}

/// Something that is not HTTP at all (an SSH banner): exit 19 with its
/// first bytes quoted, over `http://` and `https://` alike.
#[test]
fn a_service_that_is_not_http_exits_19() {
    let addr = servers::raw(servers::Raw::Banner);
    for scheme in ["http", "https"] {
        let env = [("VLLM_BASE_URL", format!("{scheme}://{addr}"))];
        let (code, v) = probe("vllm/m", &env, &["--timeout", "10"]);
        assert_eq!(code, 19, "{scheme}: {v}");
        assert_eq!(v["failure"]["code"], "bad_response");
        assert_eq!(
            v["failure"]["message"],
            format!("{addr} is not an HTTP server: it sent `SSH-2.0-OpenSSH_9.6\\r\\n`"),
            "{scheme}"
        );
        assert_eq!(
            v["failure"]["fixes"][0],
            "another service holds this port: check the port in `VLLM_BASE_URL`"
        );
        let failed = if scheme == "http" { "models" } else { "tls" };
        assert_eq!(stage_names(&v).last(), Some(&failed), "{v}");
    }
}

/// A service whose first bytes would drive a terminal is quoted inert.
#[test]
fn first_bytes_are_quoted_safe_for_a_terminal() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            use std::io::Write;
            let _ = stream.write_all(b"\x1b]0;owned\x07\x1b[2J`rm -rf ~` and much more\r\n");
            let _ = stream.read(&mut [0u8; 4096]);
        }
    });
    let env = [("VLLM_BASE_URL", format!("http://{addr}"))];
    let (code, v) = probe("vllm/m", &env, &["--timeout", "10"]);
    assert_eq!(code, 19, "{v}");
    let message = v["failure"]["message"].as_str().unwrap();
    assert!(
        message.ends_with(r"it sent `\x1b]0;owned\x07\x1b[2J\x60rm -rf ~\x60…`"),
        "{message}"
    );
    assert!(!message.chars().any(char::is_control), "{message:?}");
}

// -------------------------------------------------------------- redirects

/// A request a recording server received.
#[derive(Debug, Clone)]
struct Request {
    host: String,
    path: String,
    authorization: Option<String>,
}

/// A server on 127.0.0.1 that records every request and answers with
/// `answer(path)`.
fn recording_server(
    answer: impl Fn(&str) -> Response + Clone + Send + Sync + 'static,
) -> (SocketAddr, Arc<Mutex<Vec<Request>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let handler = move |uri: Uri, headers: HeaderMap| {
        let answer = answer.clone();
        let record = record.clone();
        async move {
            let header = |name: &str| {
                headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            record.lock().unwrap().push(Request {
                host: header("host").unwrap_or_default(),
                path: uri.path().to_owned(),
                authorization: header("authorization"),
            });
            answer(uri.path())
        }
    };
    let addr = servers::serve(Router::new().fallback(handler));
    (addr, seen)
}

fn models_list() -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        json!({"object": "list", "data": [{"id": "m", "object": "model", "owned_by": "vllm"}]})
            .to_string(),
    )
        .into_response()
}

fn completion() -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": "p"}, "finish_reason": "length"}]})
            .to_string(),
    )
        .into_response()
}

fn redirect(location: String) -> Response {
    (StatusCode::TEMPORARY_REDIRECT, [("location", location)], "").into_response()
}

const KEY: &str = "sk-redirect-test-key-0001";

/// A server whose every `/v1/...` path redirects to `elsewhere(port)` (the
/// server's own port given), and which answers `/moved/v1/models` and
/// `/moved/v1/chat/completions` itself.
fn redirecting(
    elsewhere: impl Fn(u16, &str) -> String + Clone + Send + Sync + 'static,
) -> (SocketAddr, Arc<Mutex<Vec<Request>>>) {
    let port = Arc::new(AtomicUsize::new(0));
    let own = port.clone();
    let (addr, seen) = recording_server(move |path| match path {
        "/moved/v1/models" => models_list(),
        "/moved/v1/chat/completions" => completion(),
        p if p.starts_with("/v1/") => redirect(elsewhere(own.load(Ordering::SeqCst) as u16, p)),
        _ => StatusCode::NOT_FOUND.into_response(),
    });
    port.store(addr.port() as usize, Ordering::SeqCst);
    (addr, seen)
}

/// Where a redirect points, from the redirecting server's port and the
/// requested path.
type Location = dyn Fn(u16, &str) -> String + Send + Sync;

#[test]
fn redirects_are_followed_within_the_same_origin_only() {
    // A second server that must never hear from the probe.
    let (other, other_seen) = recording_server(|path| match path {
        "/v1/models" => models_list(),
        _ => completion(),
    });
    let cases: Vec<(&str, Box<Location>, i32)> = vec![
        (
            "same origin, absolute",
            Box::new(|port, p| format!("http://127.0.0.1:{port}/moved{p}")),
            0,
        ),
        (
            "same origin, relative",
            Box::new(|_, p| format!("/moved{p}")),
            0,
        ),
        (
            "another port",
            Box::new(move |_, p| format!("http://127.0.0.1:{}{p}", other.port())),
            21,
        ),
        (
            "another scheme",
            Box::new(|port, p| format!("https://127.0.0.1:{port}/moved{p}")),
            21,
        ),
        (
            // Same address and port, another host name: if followed, the
            // request would reach this very server with `Host: localhost`.
            "another host",
            Box::new(|port, p| format!("http://localhost:{port}/moved{p}")),
            21,
        ),
        (
            "same origin, then another port",
            Box::new(move |port, p| {
                if let Some(rest) = p.strip_prefix("/v1/hop") {
                    format!("http://127.0.0.1:{}{rest}", other.port())
                } else {
                    format!("http://127.0.0.1:{port}/v1/hop{p}")
                }
            }),
            21,
        ),
    ];
    for (name, elsewhere, want) in cases {
        let elsewhere: Arc<Location> = Arc::from(elsewhere);
        let (addr, seen) = redirecting(move |port, p| elsewhere(port, p));
        let env = [
            ("VLLM_BASE_URL", format!("http://127.0.0.1:{}", addr.port())),
            ("VLLM_API_KEY", KEY.to_owned()),
        ];
        let (code, v) = probe("vllm/m", &env, &["--timeout", "10"]);
        assert_eq!(code, want, "{name}: {v}");
        let seen = seen.lock().unwrap().clone();
        if want == 0 {
            let moved: Vec<&Request> = seen
                .iter()
                .filter(|r| r.path.starts_with("/moved/"))
                .collect();
            assert_eq!(moved.len(), 2, "{name}: {seen:?}");
            assert!(
                moved
                    .iter()
                    .all(|r| r.authorization.as_deref() == Some(&format!("Bearer {KEY}"))),
                "{name}: the key goes along within the origin: {seen:?}"
            );
        } else {
            assert_eq!(v["failure"]["code"], "redirect", "{name}: {v}");
            assert!(
                seen.iter()
                    .all(|r| r.host == format!("127.0.0.1:{}", addr.port())
                        && !r.path.starts_with("/moved/")),
                "{name}: a redirect out of the origin was followed: {seen:?}"
            );
        }
    }
    // `run` refuses the same way.
    let elsewhere = move |_: u16, p: &str| format!("http://127.0.0.1:{}{p}", other.port());
    let (addr, _) = redirecting(elsewhere);
    let (code, _, stderr) = modelroute_with(
        &["run", "--model", "vllm/m", "hi", "--timeout", "10"],
        &[
            ("VLLM_BASE_URL", format!("http://{addr}")),
            ("VLLM_API_KEY", KEY.to_owned()),
        ],
    );
    assert_eq!(code, 21, "{stderr}");
    let other_seen = other_seen.lock().unwrap().clone();
    assert!(
        other_seen.is_empty(),
        "the other server was reached, key and all: {other_seen:?}"
    );
}

#[test]
fn these_tests_use_no_address_but_127_0_0_1() {
    // A guard on this file itself: every dotted IPv4 address it writes is
    // 127.0.0.1; every name is `localhost` or under `.invalid`.
    let source = include_str!("network.rs");
    for (i, line) in source.lines().enumerate() {
        for word in line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')) {
            let parts: Vec<&str> = word.split('.').collect();
            if parts.len() == 4 && parts.iter().all(|p| p.parse::<u8>().is_ok()) {
                assert!(
                    word.starts_with("127.0.0.1"),
                    "line {}: {word} is not 127.0.0.1",
                    i + 1
                );
            }
        }
    }
}

/// The human form says what `--json` says: the same message and fixes for
/// the failure, and the same finding for a server of another family.
#[test]
fn human_output_and_json_agree_on_protocol_and_family_failures() {
    let llamacpp = servers::family(Stub {
        family: Family::LlamaCpp,
        models: vec!["smollm2"],
        key: None,
    });
    let cases = [
        (
            "llamacpp/m",
            "LLAMACPP_BASE_URL",
            format!("https://{}", servers::raw(servers::Raw::HttpOnly)),
        ),
        (
            "vllm/m",
            "VLLM_BASE_URL",
            format!("http://{}", servers::raw(servers::Raw::Banner)),
        ),
        (
            "ollama/llama3.1:8b",
            "OLLAMA_BASE_URL",
            format!("http://{llamacpp}"),
        ),
    ];
    for (id, var, url) in cases {
        let env = [(var, url)];
        let extra = ["--connect-timeout", "1"];
        let (code, v) = probe(id, &env, &extra);
        let mut args = vec!["probe", id, "--color=never"];
        args.extend_from_slice(&extra);
        let (human_code, stdout, stderr) = modelroute_with(&args, &env);
        assert_eq!(code, human_code, "{id}");
        let f = &v["failure"];
        assert!(
            stderr.starts_with(&format!(
                "error[{}]: {}\n",
                f["code"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )),
            "{id}: {stderr}"
        );
        for fix in f["fixes"].as_array().unwrap() {
            assert!(
                stderr.contains(&format!("help: {}\n", fix.as_str().unwrap())),
                "{id}: {stderr}"
            );
        }
        assert_eq!(
            v.get("diagnostics").is_some(),
            id.starts_with("ollama/"),
            "{id}: {v}"
        );
        for d in v["diagnostics"].as_array().into_iter().flatten() {
            let head = format!(
                "warning[{}]: {}\n",
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            );
            assert!(stdout.contains(&head), "{id}: {stdout}");
            let fix = format!("fix: {}\n", d["fix"].as_str().unwrap());
            assert!(stdout.contains(&fix), "{id}: {stdout}");
        }
    }
}
