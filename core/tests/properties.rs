//! Invariants that hold for every input, checked with proptest.

use std::collections::HashMap;

use modelroute_core::base_url::normalize;
use modelroute_core::providers::{LOCAL_LLM_API_KEY, LOCAL_LLM_BASE_URL};
use modelroute_core::{
    explain, is_local, is_valid_model_id, report, resolve, EnvVar, Report, ResolveOptions, Route,
    Source, ENV_VARS, LOCAL_PROVIDERS,
};
use proptest::prelude::*;

/// Variable names core reads, plus noise.
fn var_name() -> impl Strategy<Value = String> {
    let mut names: Vec<String> = ENV_VARS.iter().map(|n| (*n).to_owned()).collect();
    names.push("UNRELATED".to_owned());
    prop_oneof![proptest::sample::select(names), "[A-Z_]{1,12}"]
}

/// Values that mix URLs, whitespace of every kind, and arbitrary text.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ \\t\\n\\r\u{1c}\u{85}\u{a0}\u{3000}]{1,4}",
        "(https?://)?[a-z0-9.:\\[\\]@]{0,20}(/v1)?/{0,3}[ \\t]{0,2}",
        any::<String>(),
    ]
}

fn env_map() -> impl Strategy<Value = HashMap<String, String>> {
    proptest::collection::hash_map(var_name(), value(), 0..12)
}

fn model_id() -> impl Strategy<Value = String> {
    let prefixes: Vec<&str> = LOCAL_PROVIDERS
        .iter()
        .map(|p| p.prefix)
        .chain([
            "anthropic/",
            "bedrock/",
            "openai/",
            "openai-compat/",
            "huggingface/",
            "",
            "Ollama/",
        ])
        .collect();
    (
        proptest::sample::select(prefixes),
        // Every kind of Python whitespace, not only what `any::<String>()`
        // happens to produce: a local id with any of them is refused.
        prop_oneof![
            "[a-zA-Z0-9./:_ -]{0,20}",
            "[a-z0-9./:]{0,8}[ \t\n\r\u{b}\u{c}\u{1c}-\u{1f}\u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}][a-z0-9./:]{0,8}",
            any::<String>()
        ],
    )
        .prop_map(|(p, rest)| format!("{p}{rest}"))
}

fn options() -> impl Strategy<Value = ResolveOptions> {
    (
        proptest::option::of(prop_oneof![
            proptest::sample::select(vec![
                "", "minimal", "low", "medium", "high", "xhigh", "max", "HIGH"
            ])
            .prop_map(str::to_owned),
            any::<String>()
        ]),
        any::<bool>(),
        proptest::option::of(value()),
        proptest::option::of(value()),
    )
        .prop_map(
            |(effort, strict, session_token, hf_token_file)| ResolveOptions {
                effort,
                strict,
                session_token,
                hf_token_file,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn normalisation_is_idempotent(s in value()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone());
        prop_assert!(once.ends_with("/v1"));
    }

    #[test]
    fn resolve_never_panics_and_serializes(id in model_id(), env in env_map(), opts in options()) {
        let r = report(&id, &env, &opts);
        let json = serde_json::to_value(&r).unwrap();
        prop_assert!(json["valid"].is_boolean() && json["local"].is_boolean());
        prop_assert_eq!(json["valid"].as_bool(), Some(is_valid_model_id(&id)));
        prop_assert_eq!(json["local"].as_bool(), Some(is_local(&id)));
        let _ = serde_json::to_string(&explain(&id, &env, &opts)).unwrap();
    }

    #[test]
    fn a_local_prefix_never_reaches_the_hf_router(
        p in proptest::sample::select(LOCAL_PROVIDERS),
        rest in any::<String>(),
        env in env_map(),
        opts in options(),
    ) {
        let id = format!("{}{rest}", p.prefix);
        match resolve(&id, &env, &opts) {
            Ok(r) => {
                prop_assert_eq!(r.route, Route::Local);
                prop_assert_eq!(r.provider, Some(p.id));
                prop_assert!(r.litellm.model.starts_with("openai/"));
                prop_assert!(r.litellm.api_base.is_some());
            }
            Err(e) => prop_assert!(!e.to_string().is_empty() && !e.code().is_empty()),
        }
        prop_assert_eq!(modelroute_core::parse(&id).route(), Route::Local);
    }

    #[test]
    fn the_provider_variable_always_beats_the_shared_one(
        p in proptest::sample::select(LOCAL_PROVIDERS),
        own in "http://[a-z]{1,8}:[0-9]{2,5}(/v1)?",
        shared in "http://[a-z]{1,8}:[0-9]{2,5}",
        own_key in "[a-zA-Z0-9_-]{1,20}",
        shared_key in "[a-zA-Z0-9_-]{1,20}",
    ) {
        let env: HashMap<String, String> = [
            (p.base_url_env.to_owned(), own.clone()),
            (LOCAL_LLM_BASE_URL.to_owned(), shared),
            (p.api_key_env.to_owned(), own_key.clone()),
            (LOCAL_LLM_API_KEY.to_owned(), shared_key),
        ].into();
        let id = format!("{}m", p.prefix);
        let r = resolve(&id, &env, &ResolveOptions::default()).unwrap();
        prop_assert_eq!(r.litellm.api_base, Some(normalize(&own)));
        prop_assert_eq!(r.litellm.api_key, Some(Some(own_key)));
        let base = r.sources.api_base.unwrap();
        prop_assert_eq!(base.source, Source::Env(EnvVar::named(p.base_url_env).unwrap()));
        prop_assert_eq!(base.shadowed, vec![Source::Env(EnvVar::LOCAL_LLM_BASE_URL)]);
    }

    #[test]
    fn an_empty_value_never_beats_a_later_source(
        p in proptest::sample::select(LOCAL_PROVIDERS),
        shared in proptest::option::of("http://[a-z]{1,8}:[0-9]{2,5}"),
        shared_key in proptest::option::of("[a-z]{1,8}"),
    ) {
        let mut env: HashMap<String, String> = [
            (p.base_url_env.to_owned(), String::new()),
            (p.api_key_env.to_owned(), String::new()),
        ].into();
        if let Some(s) = &shared { env.insert(LOCAL_LLM_BASE_URL.to_owned(), s.clone()); }
        if let Some(k) = &shared_key { env.insert(LOCAL_LLM_API_KEY.to_owned(), k.clone()); }
        let id = format!("{}m", p.prefix);
        let r = resolve(&id, &env, &ResolveOptions::default()).unwrap();
        let want_base = normalize(shared.as_deref().unwrap_or(p.default_base_url));
        prop_assert_eq!(r.litellm.api_base, Some(want_base));
        let want_source = if shared.is_some() { Source::Env(EnvVar::LOCAL_LLM_BASE_URL) } else { Source::Default };
        prop_assert_eq!(r.sources.api_base.unwrap().source, want_source);
        let want_key = shared_key.unwrap_or_else(|| "sk-local-no-key-required".to_owned());
        prop_assert_eq!(r.litellm.api_key, Some(Some(want_key)));
    }

    #[test]
    fn redacted_reports_never_hold_the_key(key in "[a-zA-Z0-9_-]{12,40}") {
        let env = [("OLLAMA_API_KEY", key.as_str())];
        let mut r = report("ollama/m", &env, &ResolveOptions::default());
        r.redact_secrets();
        prop_assert!(matches!(r, Report::Resolved(_)));
        prop_assert!(!serde_json::to_string(&r).unwrap().contains(&key));
    }

    /// Whatever `@`s the path, query and fragment hold, a base URL's
    /// password never reaches a redacted report, nor its explanation.
    #[test]
    fn redacted_reports_never_hold_a_url_password(
        user in "[a-z]{0,6}",
        password in "PW[A-Za-z0-9]{8,16}",
        host in "[a-z0-9.-]{1,12}(:[0-9]{1,5})?",
        tail in "[a-z0-9/?#=&@.]{0,24}",
    ) {
        let url = format!("http://{user}:{password}@{host}/{tail}");
        let query_url = format!("http://{host}/{tail}?{tail}&api_key={password}");
        let env = [("VLLM_BASE_URL", url.as_str())];
        let mut r = report("vllm/m", &env, &ResolveOptions::default());
        r.redact_secrets();
        prop_assert!(matches!(r, Report::Resolved(_)));
        prop_assert!(!serde_json::to_string(&r).unwrap().contains(&password), "{}", url);
        prop_assert!(!modelroute_core::redact_url(&url).contains(&password), "{}", url);
        let mut e = explain("vllm/m", &env, &ResolveOptions::default());
        e.report.redact_secrets();
        prop_assert!(!serde_json::to_string(&e).unwrap().contains(&password), "{}", url);
        let env = [("VLLM_BASE_URL", query_url.as_str())];
        let mut r = report("vllm/m", &env, &ResolveOptions::default());
        r.redact_secrets();
        prop_assert!(!serde_json::to_string(&r).unwrap().contains(&password), "{}", query_url);
    }
}
