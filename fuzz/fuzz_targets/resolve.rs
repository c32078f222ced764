//! `resolve`, `report` and `explain` with arbitrary ids, environments and
//! options: no panic, serializable, and consistent with the id checks.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use modelroute_core::{explain, is_local, is_valid_model_id, report, Report, ResolveOptions};

/// Names core reads, so the fuzzer reaches every chain quickly.
const NAMES: &[&str] = &[
    "OLLAMA_BASE_URL", "VLLM_BASE_URL", "LMSTUDIO_BASE_URL", "LLAMACPP_BASE_URL",
    "OLLAMA_API_KEY", "VLLM_API_KEY", "LMSTUDIO_API_KEY", "LLAMACPP_API_KEY",
    "LOCAL_LLM_BASE_URL", "LOCAL_LLM_API_KEY", "INFERENCE_TOKEN", "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN", "HF_BILL_TO", "OPENAI_BASE_URL", "OLLAMA_HOST",
];

#[derive(Debug, Arbitrary)]
struct Input {
    id: String,
    env: Vec<(u8, String)>,
    extra: Vec<(String, String)>,
    effort: Option<String>,
    strict: bool,
    session_token: Option<String>,
    hf_token_file: Option<String>,
}

fuzz_target!(|input: Input| {
    let mut env: Vec<(String, String)> = input
        .env
        .into_iter()
        .map(|(i, v)| (NAMES[usize::from(i) % NAMES.len()].to_owned(), v))
        .collect();
    env.extend(input.extra);
    let options = ResolveOptions {
        effort: input.effort,
        strict: input.strict,
        session_token: input.session_token,
        hf_token_file: input.hf_token_file,
    };
    let r = report(&input.id, &env, &options);
    let (valid, local) = match &r {
        Report::Resolved(r) => (r.valid, r.local),
        Report::Failed(f) => {
            assert!(!f.error.to_string().is_empty());
            (f.valid, f.local)
        }
    };
    assert_eq!(valid, is_valid_model_id(&input.id));
    assert_eq!(local, is_local(&input.id));
    let _ = serde_json::to_string(&r).unwrap();
    let _ = serde_json::to_string(&explain(&input.id, &env, &options)).unwrap();
});
