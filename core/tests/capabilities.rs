//! The capability parsers against a recorded answer of every family
//! (`tests/fixtures/capabilities/`, each named with the server version it
//! comes from), and against hostile metadata: wrong types, out-of-range
//! numbers, deep JSON, random bytes. Unknown, never a panic or a guess.

use std::path::PathBuf;

use modelroute_core::capabilities::{
    read, Capabilities, Family, LoadState, Reply, Support, MAX_TOKENS,
};
use modelroute_core::diagnostics::{diagnose_capabilities, DEFAULT_MIN_CONTEXT};
use proptest::prelude::*;
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/capabilities")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_of(caps: &Capabilities) -> Value {
    serde_json::to_value(caps).unwrap()
}

#[test]
fn ollama_loaded_from_its_documented_answers() {
    let show = fixture("ollama-0.33.0-rc2-api-show.json");
    let ps = fixture("ollama-0.33.0-rc2-api-ps.json");
    let caps = read(
        Family::Ollama,
        "llava",
        None,
        &[Some(Reply::ok(&show)), Some(Reply::ok(&ps))],
    );
    assert_eq!(
        json_of(&caps),
        json!({
            "context": {"served": 4096, "max": 8192,
                        "source": "Ollama /api/ps context_length, /api/show model_info.llama.context_length"},
            "tools": {"support": "no", "source": "Ollama /api/show capabilities"},
            "vision": {"support": "yes", "source": "Ollama /api/show capabilities"},
            "state": "loaded",
            "quantization": "Q4_0",
            "parameter_count": 8030261248u64,
            "model_family": "llama"
        })
    );
    // Not running: not loaded, and no served window (no num_ctx parameter).
    let none = fixture("ollama-0.33.0-rc2-api-ps-none.json");
    let caps = read(
        Family::Ollama,
        "llava",
        None,
        &[Some(Reply::ok(&show)), Some(Reply::ok(&none))],
    );
    assert_eq!(caps.state, LoadState::NotLoaded);
    assert_eq!(caps.context.served, None);
    assert_eq!(caps.context.max, Some(8192));
    // A num_ctx parameter is what a load will serve.
    let mut with_ctx: Value = serde_json::from_slice(&show).unwrap();
    with_ctx["parameters"] = json!("num_ctx 16384\nstop \"<|eot_id|>\"");
    let body = with_ctx.to_string();
    let caps = read(
        Family::Ollama,
        "llava",
        None,
        &[Some(Reply::ok(body.as_bytes())), Some(Reply::ok(&none))],
    );
    assert_eq!(caps.context.served, Some(16384));
    assert_eq!(
        caps.context.source.as_deref(),
        Some("Ollama /api/show parameters num_ctx, model_info.llama.context_length")
    );
}

#[test]
fn vllm_serves_its_max_model_len() {
    let models = fixture("vllm-ec3b890c-v1-models.json");
    let caps = read(
        Family::Vllm,
        "meta-llama/Llama-3.1-8B-Instruct",
        Some(Reply::ok(&models)),
        &[],
    );
    assert_eq!(caps.context.served, Some(32768));
    assert_eq!(caps.context.max, None);
    assert_eq!(
        caps.context.source.as_deref(),
        Some("vLLM /v1/models max_model_len")
    );
    assert_eq!(caps.tools.support, Support::Unknown);
    assert_eq!(caps.state, LoadState::Loaded);
    // Another name: nothing known.
    let other = read(Family::Vllm, "x", Some(Reply::ok(&models)), &[]);
    assert_eq!(other, Capabilities::unknown());
}

#[test]
fn lm_studio_entries_say_state_window_tools_and_vision() {
    let models = fixture("lmstudio-0.3.16-api-v0-models.json");
    let loaded = read(
        Family::LmStudio,
        "meta-llama-3.1-8b-instruct",
        None,
        &[Some(Reply::ok(&models))],
    );
    assert_eq!(
        json_of(&loaded),
        json!({
            "context": {"served": 4096, "max": 131072,
                        "source": "LM Studio /api/v0/models loaded_context_length, max_context_length"},
            "tools": {"support": "yes", "source": "LM Studio /api/v0/models capabilities"},
            "vision": {"support": "no", "source": "LM Studio /api/v0/models type"},
            "state": "loaded",
            "quantization": "Q4_K_M",
            "parameter_count": null,
            "model_family": "llama"
        })
    );
    let vlm = read(
        Family::LmStudio,
        "qwen2-vl-7b-instruct",
        None,
        &[Some(Reply::ok(&models))],
    );
    assert_eq!(vlm.state, LoadState::NotLoaded);
    assert_eq!(vlm.context.served, None);
    assert_eq!(vlm.vision.support, Support::Yes);
    assert_eq!(vlm.tools.support, Support::No);
    let embed = read(
        Family::LmStudio,
        "text-embedding-nomic-embed-text-v1.5",
        None,
        &[Some(Reply::ok(&models))],
    );
    assert_eq!(embed.tools.support, Support::Unknown);
}

#[test]
fn a_failed_request_or_an_error_status_says_nothing() {
    let show = fixture("ollama-0.33.0-rc2-api-show.json");
    let refused = Reply {
        status: 404,
        body: &show,
    };
    assert_eq!(
        read(Family::Ollama, "llava", None, &[Some(refused), None]),
        Capabilities::unknown()
    );
    assert_eq!(
        read(Family::LlamaCppPython, "smollm2", None, &[]),
        Capabilities::unknown()
    );
}

#[test]
fn diagnostics_name_each_servers_own_setting() {
    let show = fixture("ollama-0.33.0-rc2-api-show.json");
    let ps = fixture("ollama-0.33.0-rc2-api-ps.json");
    let caps = read(
        Family::Ollama,
        "llava",
        None,
        &[Some(Reply::ok(&show)), Some(Reply::ok(&ps))],
    );
    let found = diagnose_capabilities(Some(Family::Ollama), "llava", &caps, 8000, None);
    let codes: Vec<&str> = found.iter().map(|d| d.code.code()).collect();
    assert_eq!(codes, ["context_too_small", "tools_unsupported"]);
    assert!(
        found[0].fix.contains("OLLAMA_CONTEXT_LENGTH=8000"),
        "{}",
        found[0].fix
    );
    assert!(
        found[1].fix.contains("ollama show llava"),
        "{}",
        found[1].fix
    );
    // The default asks for more than the model was trained for: the fix
    // says to serve its whole window and to choose another model.
    let found = diagnose_capabilities(
        Some(Family::Ollama),
        "llava",
        &caps,
        DEFAULT_MIN_CONTEXT,
        None,
    );
    assert!(
        found[0].message.contains("supports only 8192"),
        "{}",
        found[0].message
    );
    assert!(
        found[0].fix.contains("OLLAMA_CONTEXT_LENGTH=8192"),
        "{}",
        found[0].fix
    );
    // Enough for the agent, but a quarter of the model's own: info.
    let models = fixture("lmstudio-0.3.16-api-v0-models.json");
    let caps = read(
        Family::LmStudio,
        "meta-llama-3.1-8b-instruct",
        None,
        &[Some(Reply::ok(&models))],
    );
    let found = diagnose_capabilities(
        Some(Family::LmStudio),
        "meta-llama-3.1-8b-instruct",
        &caps,
        2048,
        None,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, modelroute_core::Severity::Info);
    assert!(
        found[0].fix.contains("--context-length 131072"),
        "{}",
        found[0].fix
    );
}

/// Any JSON value, nested a little.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,80}".prop_map(Value::from),
        Just(json!(MAX_TOKENS + 1)),
        Just(json!(0)),
        Just(json!(-4096)),
        Just(json!("4096")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::hash_map("[a-z_.]{0,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What a count field may become: only an in-range integer is kept.
fn as_count(v: &Value) -> Option<u64> {
    v.as_u64().filter(|n| (1..=MAX_TOKENS).contains(n))
}

fn check_invariants(caps: &Capabilities) {
    for n in [caps.context.served, caps.context.max]
        .into_iter()
        .flatten()
    {
        assert!((1..=MAX_TOKENS).contains(&n), "{n}");
    }
    assert_eq!(
        caps.context.source.is_some(),
        caps.context.served.is_some() || caps.context.max.is_some()
    );
    for f in [&caps.tools, &caps.vision] {
        assert_eq!(f.source.is_some(), f.support != Support::Unknown);
    }
    for name in [&caps.quantization, &caps.model_family]
        .into_iter()
        .flatten()
    {
        assert!(!name.chars().any(char::is_control) && name.chars().count() <= 64);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any value in any field llama.cpp's parser reads: a count only when
    /// it is one, flags only when they are booleans.
    #[test]
    fn llama_cpp_fields_are_read_or_unknown(n_ctx in any_json(), train in any_json(), tools in any_json(), sleeping in any_json()) {
        let models = json!({"data":[{"id":"m","meta":{"n_ctx": n_ctx, "n_ctx_train": train}}]}).to_string();
        let props = json!({"chat_template_caps":{"supports_tool_calls": tools}, "is_sleeping": sleeping}).to_string();
        let caps = read(Family::LlamaCpp, "m", Some(Reply::ok(models.as_bytes())), &[Some(Reply::ok(props.as_bytes()))]);
        check_invariants(&caps);
        prop_assert_eq!(caps.context.served, as_count(&n_ctx));
        prop_assert_eq!(caps.context.max, as_count(&train));
        let want = match tools.as_bool() { Some(true) => Support::Yes, Some(false) => Support::No, None => Support::Unknown };
        prop_assert_eq!(caps.tools.support, want);
        let state = match sleeping.as_bool() { Some(true) => LoadState::NotLoaded, _ => LoadState::Loaded };
        prop_assert_eq!(caps.state, state);
    }

    /// The same for Ollama, LM Studio, vLLM and LiteLLM.
    #[test]
    fn other_families_read_or_say_unknown(a in any_json(), b in any_json(), c in any_json()) {
        let show = json!({"model_info":{"general.architecture":"llama","llama.context_length": a},"capabilities": c, "parameters": b}).to_string();
        let ps = json!({"models":[{"model":"m","context_length": b}]}).to_string();
        let caps = read(Family::Ollama, "m", None, &[Some(Reply::ok(show.as_bytes())), Some(Reply::ok(ps.as_bytes()))]);
        check_invariants(&caps);
        prop_assert_eq!(caps.context.max, as_count(&a));
        prop_assert_eq!(caps.context.served, as_count(&b));

        let lms = json!({"data":[{"id":"m","state":"loaded","loaded_context_length": a,"max_context_length": b,"capabilities": c,"type": c}]}).to_string();
        let caps = read(Family::LmStudio, "m", None, &[Some(Reply::ok(lms.as_bytes()))]);
        check_invariants(&caps);
        prop_assert_eq!(caps.context.served, as_count(&a));
        prop_assert_eq!(caps.context.max, as_count(&b));

        let vllm = json!({"data":[{"id":"m","max_model_len": a}]}).to_string();
        let caps = read(Family::Vllm, "m", Some(Reply::ok(vllm.as_bytes())), &[]);
        check_invariants(&caps);
        prop_assert_eq!(caps.context.served, as_count(&a));

        let info = json!({"data":[{"model_name":"m","model_info":{"max_input_tokens": a,"supports_function_calling": b,"supports_vision": c}}]}).to_string();
        let caps = read(Family::LiteLlm, "m", None, &[Some(Reply::ok(info.as_bytes()))]);
        check_invariants(&caps);
        prop_assert_eq!(caps.context.served, as_count(&a));
    }

    /// Bytes that are not JSON at all, in every position.
    #[test]
    fn random_bytes_give_unknown(bytes in prop::collection::vec(any::<u8>(), 0..256), status in 100u16..600) {
        let reply = Reply { status, body: &bytes };
        for family in modelroute_core::capabilities::FAMILIES.iter().map(|r| r.family) {
            let caps = read(family, "m", Some(reply), &[Some(reply), Some(reply)]);
            check_invariants(&caps);
        }
    }
}

#[test]
fn json_nested_deeper_than_the_parser_allows_is_unknown() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let nested_meta = format!(r#"{{"data":[{{"id":"m","meta":{deep}}}]}}"#);
    for family in modelroute_core::capabilities::FAMILIES
        .iter()
        .map(|r| r.family)
    {
        let caps = read(
            family,
            "m",
            Some(Reply::ok(nested_meta.as_bytes())),
            &[Some(Reply::ok(deep.as_bytes()))],
        );
        assert_eq!(caps.context.served, None);
        assert_eq!(caps.context.max, None);
    }
}

#[test]
fn llama_server_from_its_recorded_answers() {
    let models = fixture("llamacpp-11434.0.0-v1-models.json");
    let props = fixture("llamacpp-11434.0.0-props.json");
    let caps = read(
        Family::LlamaCpp,
        "smollm2",
        Some(Reply::ok(&models)),
        &[Some(Reply::ok(&props))],
    );
    assert_eq!(
        json_of(&caps),
        json!({
            "context": {"served": 3072, "max": 8192,
                        "source": "llama.cpp /v1/models meta.n_ctx, meta.n_ctx_train"},
            "tools": {"support": "no", "source": "llama.cpp /props chat_template_caps.supports_tool_calls"},
            "vision": {"support": "no", "source": "llama.cpp /props modalities.vision"},
            "state": "loaded",
            "quantization": "Q4_1",
            "parameter_count": 134515008,
            "model_family": null
        })
    );
    // Without the model list, /props still gives the slot's window.
    let caps = read(
        Family::LlamaCpp,
        "smollm2",
        None,
        &[Some(Reply::ok(&props))],
    );
    assert_eq!(caps.context.served, Some(3072));
    assert_eq!(
        caps.context.source.as_deref(),
        Some("llama.cpp /props default_generation_settings.n_ctx")
    );
    // While it loads, every answer is the 503.
    let loading = fixture("llamacpp-11434.0.0-v1-models-loading.json");
    let busy = Reply {
        status: 503,
        body: loading.as_slice(),
    };
    let caps = read(Family::LlamaCpp, "smollm2", Some(busy), &[Some(busy)]);
    assert_eq!(caps.state, LoadState::Loading);
    assert_eq!(caps.context.served, None);
}

#[test]
fn llama_server_tools_answers_with_and_without_jinja() {
    use modelroute_core::capabilities::tools::{classify_tools, ToolsOutcome};
    let refused = fixture("llamacpp-11434.0.0-chat-tools-no-jinja.json");
    let t = classify_tools(500, &refused).unwrap();
    assert_eq!(t.outcome, ToolsOutcome::Refused);
    assert_eq!(t.detail, "tools param requires --jinja flag");
    let text = fixture("llamacpp-11434.0.0-chat-tools-jinja.json");
    assert_eq!(
        classify_tools(200, &text).unwrap().outcome,
        ToolsOutcome::Text
    );
}

#[test]
fn litellm_from_its_recorded_model_info() {
    let info = fixture("litellm-1.108.7-model-info.json");
    let caps = read(Family::LiteLlm, "mock-gpt", None, &[Some(Reply::ok(&info))]);
    assert_eq!(
        json_of(&caps),
        json!({
            "context": {"served": 4096, "max": null,
                        "source": "LiteLLM /model/info model_info.max_input_tokens"},
            "tools": {"support": "yes", "source": "LiteLLM /model/info model_info.supports_function_calling"},
            "vision": {"support": "no", "source": "LiteLLM /model/info model_info.supports_vision"},
            "state": "unknown",
            "quantization": null,
            "parameter_count": null,
            "model_family": null
        })
    );
    // Another name: nothing known.
    let other = read(Family::LiteLlm, "gpt-x", None, &[Some(Reply::ok(&info))]);
    assert_eq!(other, Capabilities::unknown());
}
