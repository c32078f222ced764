//! End to end against real servers, started by `scripts/test-e2e.sh`:
//! llama-cpp-python's server running SmolLM2-135M-Instruct (alias
//! `smollm2`, key `secret`), LiteLLM's proxy (model `mock-gpt`, master
//! key `sk-secret`), llama.cpp's own `llama-server` with the same model
//! (alias `smollm2`, key `secret`) and Python's `http.server`. Ignored in a
//! plain `cargo test`; the script runs them with `--ignored` and the URLs,
//! and they fail loudly without them.

#[macro_use]
mod common;

use common::{configured_only, json_output, modelroute, server_at, transcript};
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
    json_output(args, env)
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
