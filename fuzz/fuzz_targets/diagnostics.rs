//! URL and setup diagnostics: no panic for any id, base URL or platform,
//! every code is published, and no secret leaks into a message.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use modelroute_core::diagnostics::code_entry;
use modelroute_core::{diagnose_with, Context, Platform, LOCAL_PROVIDERS};

#[derive(Debug, Arbitrary)]
struct Input {
    provider: u8,
    name: String,
    base_url: String,
    shared: Option<String>,
    foreign: Vec<(u8, String)>,
    platform: u8,
}

const FOREIGN: &[&str] = &[
    "OLLAMA_HOST", "OLLAMA_API_BASE", "LM_STUDIO_API_BASE", "HOSTED_VLLM_API_BASE",
    "LLAMAFILE_API_BASE", "OPENAI_BASE_URL", "OPENAI_API_BASE", "VLLM_API_BASE",
    "OPENAI_API_KEY", "LLAMAFILE_API_KEY",
    // Near misses of ours, keys among them (whose values must not show).
    "OLAMA_BASE_URL", "LM_STUDIO_BASE_URL", "VLLM_BASEURL", "OLLAMA_APIKEY", "LOCAL_LLM_APIKEY",
];

const SECRET: &str = "sk-fuzz-secret-value-0123456789";

fuzz_target!(|input: Input| {
    let p = &LOCAL_PROVIDERS[usize::from(input.provider) % LOCAL_PROVIDERS.len()];
    let id = format!("{}{}", p.prefix, input.name);
    let mut env = vec![
        (p.base_url_env.to_owned(), input.base_url),
        (p.api_key_env.to_owned(), SECRET.to_owned()),
    ];
    if let Some(s) = input.shared {
        env.push(("LOCAL_LLM_BASE_URL".to_owned(), s));
    }
    for (i, v) in input.foreign {
        env.push((FOREIGN[usize::from(i) % FOREIGN.len()].to_owned(), v));
    }
    let platform = [Platform::Linux, Platform::MacOs, Platform::Windows, Platform::Unknown]
        [usize::from(input.platform) % 4];
    // The key may show up only if the fuzzer typed it somewhere else too.
    let typed_elsewhere = env.iter().skip(2).chain(env.iter().take(1)).any(|(_, v)| v.contains(SECRET))
        || id.contains(SECRET);
    for d in diagnose_with(&id, &env, &Context { platform }) {
        assert!(code_entry(d.code).is_some(), "{}", d.code);
        assert!(!d.message.is_empty() && !d.fix.is_empty());
        let json = serde_json::to_string(&d).unwrap();
        assert!(typed_elsewhere || !json.contains(SECRET), "{json}");
    }
});
