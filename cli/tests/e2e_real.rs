//! End to end against real servers, started by `scripts/test-e2e.sh`:
//! llama-cpp-python's server running SmolLM2-135M-Instruct (alias
//! `smollm2`, key `secret`) and LiteLLM's proxy (model `mock-gpt`, master
//! key `sk-secret`). Ignored in a plain `cargo test`; the script runs them
//! with `--ignored` and the two URLs, and they fail loudly without them.

mod common;

use common::modelroute;
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

fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.args(args).arg("--json");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"));
    (out.status.code().unwrap(), v)
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
