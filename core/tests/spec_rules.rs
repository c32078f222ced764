//! SPEC §5–§7 and the pull request's own examples, one named test each.
//! (§2–§4 are covered rule by rule in the unit tests and the vectors.)

use modelroute_core::providers::PLACEHOLDER_API_KEY;
use modelroute_core::{
    accepted_cascade, effort_cascade, requires_hf_token, resolve, EmptyEnv, ResolveOptions,
};

fn resolve_ok(id: &str, env: &[(&str, &str)]) -> modelroute_core::LiteLlmParams {
    resolve(id, env, &ResolveOptions::default())
        .unwrap()
        .litellm
}

#[test]
fn pr_usage_examples_route_to_their_local_servers() {
    // "ml-intern --model ollama/llama3.1:8b" and the /model examples.
    let cases = [
        (
            "ollama/llama3.1:8b",
            "openai/llama3.1:8b",
            "http://localhost:11434/v1",
        ),
        (
            "vllm/meta-llama/Llama-3.1-8B-Instruct",
            "openai/meta-llama/Llama-3.1-8B-Instruct",
            "http://localhost:8000/v1",
        ),
        (
            "lm_studio/google/gemma-3-4b",
            "openai/google/gemma-3-4b",
            "http://127.0.0.1:1234/v1",
        ),
        (
            "llamacpp/llama-3.1-8b-instruct",
            "openai/llama-3.1-8b-instruct",
            "http://localhost:8080/v1",
        ),
    ];
    for (id, model, base) in cases {
        let p = resolve_ok(id, &[]);
        assert_eq!(p.model, model);
        assert_eq!(p.api_base.as_deref(), Some(base));
        assert_eq!(p.api_key, Some(Some(PLACEHOLDER_API_KEY.to_owned())));
    }
}

#[test]
fn pr_shared_local_endpoint_example() {
    let env = [
        ("LOCAL_LLM_BASE_URL", "http://localhost:8000"),
        ("LOCAL_LLM_API_KEY", "optional-local-key"),
    ];
    let p = resolve_ok("vllm/custom-model", &env);
    assert_eq!(p.api_base.as_deref(), Some("http://localhost:8000/v1"));
    assert_eq!(p.api_key, Some(Some("optional-local-key".to_owned())));
}

#[test]
fn pr_openai_base_url_is_for_openai_ids_only() {
    let env = [("OPENAI_BASE_URL", "http://localhost:8000/v1")];
    let p = resolve_ok("openai/my-local-model", &env);
    assert_eq!(p.model, "openai/my-local-model");
    assert_eq!(p.api_base, None, "LiteLLM itself reads OPENAI_BASE_URL");
    let p = resolve_ok("ollama/x", &env);
    assert_eq!(p.api_base.as_deref(), Some("http://localhost:11434/v1"));
}

#[test]
fn review_thread_cases_empty_prefix_whitespace_and_reserved() {
    let err = |id: &str| resolve(id, &EmptyEnv, &ResolveOptions::default()).unwrap_err();
    assert_eq!(err("ollama/").code(), "empty_model_name");
    assert_eq!(err("ollama/a b").code(), "whitespace_in_id");
    assert_eq!(
        err("openai-compat/x").to_string(),
        "Unsupported local model id: openai-compat/x"
    );
}

#[test]
fn spec_5_local_starts_need_no_hf_token_everything_else_does() {
    for id in [
        "ollama/llama3.1:8b",
        "vllm/x",
        "lm_studio/a/b",
        "llamacpp/m",
    ] {
        assert!(!requires_hf_token(id), "{id}");
    }
    for id in [
        "anthropic/claude",
        "openai/gpt-5",
        "bedrock/x",
        "org/model",
        "ollama/",
        "ollama/a b",
        "",
    ] {
        assert!(requires_hf_token(id), "{id}");
    }
}

#[test]
fn spec_7_cascade_table() {
    let table: &[(&str, &[&str])] = &[
        ("max", &["max", "xhigh", "high", "medium", "low"]),
        ("xhigh", &["xhigh", "high", "medium", "low"]),
        ("high", &["high", "medium", "low"]),
        ("medium", &["medium", "low"]),
        ("minimal", &["minimal", "low"]),
        ("low", &["low"]),
        ("turbo", &["turbo"]),
        ("HIGH", &["HIGH"]),
    ];
    for (pref, levels) in table {
        assert_eq!(effort_cascade(pref), *levels, "{pref}");
    }
}

#[test]
fn spec_7_strict_resolve_skips_refused_levels_without_a_request() {
    assert_eq!(
        accepted_cascade("anthropic/claude-opus-4-7", "max"),
        ["max", "xhigh", "high", "medium", "low"]
    );
    assert_eq!(
        accepted_cascade("anthropic/claude-opus-4-7", "minimal"),
        ["minimal", "low"]
    );
    assert_eq!(
        accepted_cascade("openai/gpt-5", "max"),
        ["xhigh", "high", "medium", "low"]
    );
    assert_eq!(
        accepted_cascade("openai/gpt-5", "minimal"),
        ["minimal", "low"]
    );
    assert_eq!(
        accepted_cascade("org/model:fastest", "xhigh"),
        ["high", "medium", "low"]
    );
    assert_eq!(accepted_cascade("org/model", "minimal"), ["minimal", "low"]);
    // Bedrock ignores effort, so strict resolve accepts every level.
    assert_eq!(
        accepted_cascade("bedrock/claude", "high"),
        ["high", "medium", "low"]
    );
    assert!(accepted_cascade("ollama/llama3.1:8b", "max").is_empty());
    assert!(accepted_cascade("openai-compat/x", "low").is_empty());
    assert!(accepted_cascade("openai/gpt-5", "turbo").is_empty());
}

#[test]
fn spec_6_local_probe_resolves_with_no_effort() {
    // The probe resolves "with no effort": whatever the preference, a
    // non-strict resolve of a local id never carries one.
    let opts = ResolveOptions {
        effort: Some("high".into()),
        ..Default::default()
    };
    let r = resolve("ollama/llama3.1:8b", &EmptyEnv, &opts).unwrap();
    assert_eq!(r.litellm.reasoning_effort, None);
    assert_eq!(r.litellm.extra_body, None);
    assert_eq!(r.litellm.thinking, None);
    assert_eq!(r.effort.sent, None);
}
