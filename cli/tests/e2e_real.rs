//! End to end against real servers, started by `scripts/test-e2e.sh`:
//! llama-cpp-python's server running SmolLM2-135M-Instruct (alias
//! `smollm2`, key `secret`), LiteLLM's proxy (model `mock-gpt`, master
//! key `sk-secret`), llama.cpp's own `llama-server` with the same model
//! (alias `smollm2`, key `secret`) and Python's `http.server`. Ignored in a
//! plain `cargo test`; the script runs them with `--ignored` and the URLs,
//! and they fail loudly without them.

#[macro_use]
mod common;

use common::{
    configured_only, diagnostic_codes, json_output_within, modelroute, server_at, transcript,
};
use serde_json::Value;

fn url(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| panic!("{var} is not set: run scripts/test-e2e.sh"))
}

fn llama() -> String {
    url("MODELROUTE_E2E_LLAMA_URL")
}

fn litellm() -> String {
    url("MODELROUTE_E2E_LITELLM_URL")
}

/// llama.cpp's own server.
fn llama_server() -> String {
    url("MODELROUTE_E2E_LLAMA_SERVER_URL")
}

/// Python's `http.server`.
fn http_server() -> String {
    url("MODELROUTE_E2E_HTTP_SERVER_URL")
}

/// The human transcript of `modelroute args` with `env`, every other local
/// base URL on a port nothing listens on.
fn human(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.args(args).arg("--color=never");
    for var in [
        "OLLAMA_BASE_URL",
        "VLLM_BASE_URL",
        "LMSTUDIO_BASE_URL",
        "LLAMACPP_BASE_URL",
    ] {
        cmd.env(var, "http://127.0.0.1:9");
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    transcript(&cmd.output().unwrap())
}

fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, Value) {
    json_output_within(args, env, std::time::Duration::from_secs(300))
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn llama_cpp_python_answers_with_the_right_key() {
    let base = llama();
    let (code, v) = run(
        &["probe", "llamacpp/smollm2"],
        &[("LLAMACPP_BASE_URL", &base), ("LLAMACPP_API_KEY", "secret")],
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["server"], "llama-cpp-python");
    assert_eq!(v["served"], serde_json::json!(["smollm2"]));
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn llama_cpp_python_refuses_a_wrong_key() {
    let base = llama();
    let (code, v) = run(
        &["probe", "llamacpp/smollm2"],
        &[("LLAMACPP_BASE_URL", &base), ("LLAMACPP_API_KEY", "wrong")],
    );
    assert_eq!(code, 15, "{v}");
    assert!(v["failure"]["fixes"][0]
        .as_str()
        .unwrap()
        .contains("LLAMACPP_API_KEY"));
    // No key at all: the placeholder is sent and refused.
    let (code, _) = run(
        &["probe", "llamacpp/smollm2"],
        &[("LLAMACPP_BASE_URL", &base)],
    );
    assert_eq!(code, 15);
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn llama_cpp_python_unknown_model_is_caught_by_the_list() {
    let base = llama();
    let (code, v) = run(
        &["probe", "llamacpp/smollm3"],
        &[("LLAMACPP_BASE_URL", &base), ("LLAMACPP_API_KEY", "secret")],
    );
    assert_eq!(code, 17, "{v}");
    assert_eq!(v["failure"]["closest"][0], "smollm2");
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn litellm_answers_with_the_master_key() {
    let base = litellm();
    let (code, v) = run(
        &["probe", "vllm/mock-gpt"],
        &[("VLLM_BASE_URL", &base), ("VLLM_API_KEY", "sk-secret")],
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["server"], "LiteLLM");
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn litellm_refuses_missing_and_wrong_keys() {
    let base = litellm();
    let (code, v) = run(&["probe", "vllm/mock-gpt"], &[("VLLM_BASE_URL", &base)]);
    assert_eq!(code, 15, "{v}");
    let (code, v) = run(
        &["probe", "vllm/mock-gpt"],
        &[("VLLM_BASE_URL", &base), ("VLLM_API_KEY", "sk-wrong")],
    );
    assert_eq!(code, 15, "{v}");
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn litellm_unknown_model() {
    let base = litellm();
    let (code, v) = run(
        &["probe", "vllm/mock-gpt-5"],
        &[("VLLM_BASE_URL", &base), ("VLLM_API_KEY", "sk-secret")],
    );
    assert_eq!(code, 17, "{v}");
    assert_eq!(v["failure"]["closest"][0], "mock-gpt");
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn discover_finds_both() {
    let (llama, litellm) = (llama(), litellm());
    let (code, v) = run(
        &["discover"],
        &[
            ("LLAMACPP_BASE_URL", &llama),
            ("LLAMACPP_API_KEY", "secret"),
            ("VLLM_BASE_URL", &litellm),
            ("VLLM_API_KEY", "sk-secret"),
        ],
    );
    assert_eq!(code, 0);
    let servers = v["servers"].as_array().unwrap();
    let find = |base: &str| {
        servers
            .iter()
            .find(|s| s["api_base"] == format!("{base}/v1"))
            .unwrap_or_else(|| panic!("{base} not in {v}"))
    };
    assert_eq!(
        find(&llama)["model_ids"],
        serde_json::json!(["llamacpp/smollm2"])
    );
    assert_eq!(find(&llama)["server"], "llama-cpp-python");
    assert_eq!(
        find(&litellm)["model_ids"],
        serde_json::json!(["vllm/mock-gpt"])
    );
    assert_eq!(find(&litellm)["server"], "LiteLLM");
}

/// `https://` to llama.cpp's server, which never answers a ClientHello:
/// the TLS stage waits the connect timeout, not `--timeout`, and names the
/// plain-HTTP port with the variable to fix.
#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn llama_server_over_https_is_a_plain_http_port() {
    let base = llama_server().replacen("http://", "https://", 1);
    let env = [
        ("LLAMACPP_BASE_URL", base.as_str()),
        ("LLAMACPP_API_KEY", "secret"),
    ];
    let args = ["probe", "llamacpp/smollm2", "--connect-timeout", "1"];
    let (code, v) = run(&args, &env);
    assert_eq!(code, 14, "{v}");
    assert_eq!(v["failure"]["code"], "tls");
    let message = v["failure"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("this port speaks plain HTTP: the TLS handshake with ")
            && message.contains("got no answer within 1 s"),
        "{message}"
    );
    assert_eq!(
        v["failure"]["fixes"],
        serde_json::json!([format!("set `LLAMACPP_BASE_URL` to `{}`", llama_server())])
    );
    snap!("llama_server_over_https", human(&args, &env));
}

/// `https://` to Python's `http.server`, which answers the ClientHello
/// with a 400 (or, when the ClientHello holds no newline, waits).
#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn http_server_over_https_is_a_plain_http_port() {
    let base = http_server().replacen("http://", "https://", 1);
    let env = [("VLLM_BASE_URL", base.as_str())];
    let args = ["probe", "vllm/m", "--connect-timeout", "2"];
    let (code, v) = run(&args, &env);
    assert_eq!(code, 14, "{v}");
    let message = v["failure"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("this port speaks plain HTTP: "),
        "{message}"
    );
    assert!(message.ends_with("(`HTTP/1.0 200 OK`)"), "{message}");
    assert_eq!(
        v["failure"]["fixes"],
        serde_json::json!([format!("set `VLLM_BASE_URL` to `{}`", http_server())])
    );
    snap!(
        "http_server_over_https",
        human(&args, &env),
        (
            r"(the TLS handshake with \S+) (failed \([^)]*\)|got no answer within \S+ s)",
            "$1 [FAILED, OR GOT NO ANSWER]"
        )
    );
}

/// An Ollama id whose variable points at llama.cpp's server: the family
/// that answered is named, with the ids that work there, and no
/// `ollama pull`. `doctor` and `discover` say the same.
#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn llama_server_behind_ollamas_variable_is_named() {
    let base = llama_server();
    let env = [
        ("OLLAMA_BASE_URL", base.as_str()),
        ("OLLAMA_API_KEY", "secret"),
    ];
    let (code, v) = run(&["probe", "ollama/llama3.1:8b"], &env);
    assert_eq!(code, 17, "{v}");
    assert_eq!(v["server"], "llama.cpp");
    let fixes = v["failure"]["fixes"].to_string();
    assert!(
        fixes.contains(&format!(
            "use `llamacpp/smollm2` with `LLAMACPP_BASE_URL={base}`"
        )),
        "{fixes}"
    );
    assert!(!fixes.contains("ollama pull"), "{fixes}");
    assert_eq!(v["diagnostics"][0]["code"], "server_family_mismatch");
    snap!(
        "llama_server_behind_ollama_probe",
        human(&["probe", "ollama/llama3.1:8b"], &env)
    );

    let (code, v) = run(&["doctor", "ollama/llama3.1:8b"], &env);
    assert_eq!(code, 17, "{v}");
    assert_eq!(
        v["probe"]["diagnostics"][0]["code"],
        "server_family_mismatch"
    );
    let (_, v) = run(&["discover"], &env);
    let found = server_at(&v, &format!("{base}/v1"));
    assert_eq!(found["model_ids"], serde_json::json!(["llamacpp/smollm2"]));
    assert_eq!(found["diagnostics"][0]["code"], "server_family_mismatch");
    let discover = human(&["discover"], &env);
    let mine = configured_only(&discover);
    snap!("llama_server_behind_ollama_discover", mine);
}

// ---- Capabilities and readiness (issue 17) --------------------------------
//
// llama.cpp's own `llama-server` is started by each test with a context
// size the test picks, with and without `--jinja`; the binary and the
// model come from `scripts/test-e2e.sh` (MODELROUTE_E2E_LLAMA_SERVER,
// MODELROUTE_E2E_GGUF).

/// A `llama-server` this test started, stopped (by its PID) on drop.
struct LlamaServer {
    child: std::process::Child,
    base: String,
}

impl Drop for LlamaServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `llama-server` with `--ctx-size ctx` and `extra` flags; does not
/// wait for it.
fn start_llama_server(ctx: u32, extra: &[&str]) -> LlamaServer {
    let bin = url("MODELROUTE_E2E_LLAMA_SERVER");
    let gguf = url("MODELROUTE_E2E_GGUF");
    let port = free_port();
    let log = std::fs::File::create(std::env::temp_dir().join(format!("llama-server-{port}.log")))
        .unwrap();
    let child = std::process::Command::new(bin)
        .args([
            "-m",
            &gguf,
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .args([
            "--ctx-size",
            &ctx.to_string(),
            "-np",
            "1",
            "--alias",
            "smollm2",
        ])
        .args(["--api-key", "secret"])
        // One thread: on a shared 2-core machine, llama.cpp's threads
        // waiting on each other cost more than they bring.
        .args(["--threads", "1"])
        .args(extra)
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("llama-server starts");
    LlamaServer {
        child,
        base: format!("http://127.0.0.1:{port}"),
    }
}

/// `probe` of `llamacpp/smollm2` against `server`, with `args`.
fn probe_llama(server: &LlamaServer, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["probe", "llamacpp/smollm2"];
    all.extend_from_slice(args);
    run(
        &all,
        &[
            ("LLAMACPP_BASE_URL", &server.base),
            ("LLAMACPP_API_KEY", "secret"),
        ],
    )
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn llama_server_states_its_window_and_template_caps() {
    let server = start_llama_server(3072, &["--jinja"]);
    let (code, v) = probe_llama(&server, &["--wait=120", "--min-context", "4096", "--tools"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["server"], "llama.cpp");
    let caps = &v["capabilities"];
    assert_eq!(caps["context"]["served"], 3072, "{v}");
    assert_eq!(caps["context"]["max"], 8192, "{v}");
    assert_eq!(
        caps["context"]["source"],
        "llama.cpp /v1/models meta.n_ctx, meta.n_ctx_train"
    );
    // SmolLM2's template has no tool support, and says so.
    assert_eq!(caps["tools"]["support"], "no", "{v}");
    assert_eq!(caps["state"], "loaded");
    let found = diagnostic_codes(&v);
    assert_eq!(
        found[..2],
        ["context_too_small", "tools_unsupported"],
        "{v}"
    );
    assert!(v["diagnostics"][0]["fix"]
        .as_str()
        .unwrap()
        .contains("llama-server --ctx-size 4096"));
    // With Jinja on, the tools request is answered, in text.
    let outcome = v["tools_probe"]["outcome"].as_str().unwrap();
    assert!(["text", "call_as_text"].contains(&outcome), "{v}");
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn export_probe_writes_the_window_llama_server_was_started_with() {
    let server = start_llama_server(2560, &[]);
    let (code, v) = probe_llama(&server, &["--wait=120"]);
    assert_eq!(code, 0, "{v}");
    let env = [
        ("LLAMACPP_BASE_URL", server.base.as_str()),
        ("LLAMACPP_API_KEY", "secret"),
    ];
    let out = human(
        &["export", "llamacpp/smollm2", "--to", "continue", "--probe"],
        &env,
    );
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(out.contains("      contextLength: 2560\n"), "{out}");
    assert!(
        out.contains("note: the server serves a context window of 2560 tokens (llama.cpp /v1/models meta.n_ctx, meta.n_ctx_train), of the 8192 the model supports"),
        "{out}"
    );
    // The probe sent the real key (llama-server refuses a wrong one);
    // the output masks it.
    assert!(!out.contains("\"secret\""), "{out}");
    let wrong = human(
        &["export", "llamacpp/smollm2", "--to", "continue", "--probe"],
        &[
            ("LLAMACPP_BASE_URL", server.base.as_str()),
            ("LLAMACPP_API_KEY", "wrong"),
        ],
    );
    assert!(wrong.starts_with("exit: 15\n"), "{wrong}");
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn llama_server_without_jinja_refuses_tools() {
    let server = start_llama_server(2048, &["--no-jinja"]);
    let (code, v) = probe_llama(&server, &["--wait=120", "--tools"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["capabilities"]["context"]["served"], 2048, "{v}");
    assert_eq!(v["tools_probe"]["outcome"], "refused", "{v}");
    assert!(v["tools_probe"]["detail"]
        .as_str()
        .unwrap()
        .contains("--jinja"));
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "tools_unsupported")
        .unwrap_or_else(|| panic!("{v}"));
    assert!(d["fix"].as_str().unwrap().contains("--jinja"), "{d}");
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn llama_server_probed_while_it_loads_is_loading_never_a_server_error() {
    let server = start_llama_server(4096, &[]);
    // Probe as fast as possible from the moment it starts: before it
    // listens (refused, 10), while it loads (loading, 25), then ready.
    let mut seen = Vec::new();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        // While it loads, every answer is an immediate 503; once loaded,
        // a completion on a busy machine can take seconds.
        let (code, v) = probe_llama(&server, &["--timeout", "60"]);
        assert!([0, 10, 25].contains(&code), "{code}: {v}");
        if code == 25 {
            assert_eq!(v["failure"]["code"], "loading", "{v}");
        }
        seen.push(code);
        if code == 0 || std::time::Instant::now() > until {
            break;
        }
    }
    assert!(seen.contains(&25), "never caught it loading: {seen:?}");
    assert_eq!(seen.last(), Some(&0), "{seen:?}");

    // And --wait from a cold start waits through both states.
    let server = start_llama_server(4096, &[]);
    let (code, v) = probe_llama(&server, &["--wait=120"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["capabilities"]["context"]["served"], 4096);
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn llama_cpp_python_publishes_nothing_so_everything_is_unknown() {
    let base = llama();
    let (code, v) = run(
        &["probe", "llamacpp/smollm2"],
        &[("LLAMACPP_BASE_URL", &base), ("LLAMACPP_API_KEY", "secret")],
    );
    assert_eq!(code, 0, "{v}");
    let caps = &v["capabilities"];
    assert_eq!(caps["context"]["served"], Value::Null, "{v}");
    assert_eq!(caps["context"]["max"], Value::Null);
    assert_eq!(caps["tools"]["support"], "unknown");
    assert_eq!(caps["state"], "unknown");
    assert!(diagnostic_codes(&v).is_empty(), "{v}");
}

#[test]
#[ignore = "needs the real servers: scripts/test-e2e.sh"]
fn litellm_states_the_model_info_of_its_config() {
    let base = litellm();
    let (code, v) = run(
        &["probe", "vllm/mock-gpt", "--min-context", "8000"],
        &[("VLLM_BASE_URL", &base), ("VLLM_API_KEY", "sk-secret")],
    );
    assert_eq!(code, 0, "{v}");
    let caps = &v["capabilities"];
    assert_eq!(caps["context"]["served"], 4096, "{v}");
    assert_eq!(
        caps["context"]["source"],
        "LiteLLM /model/info model_info.max_input_tokens"
    );
    assert_eq!(caps["tools"]["support"], "yes", "{v}");
    assert_eq!(caps["vision"]["support"], "no", "{v}");
    assert_eq!(diagnostic_codes(&v), ["context_too_small"]);
}
