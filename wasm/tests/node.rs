//! The exports under Node (`cargo test -p modelroute-wasm --target wasm32-unknown-unknown --tests`), called the way
//! JavaScript calls them: with any value at all. Every bad input must come
//! back as a thrown `ModelrouteError` naming the argument, never a trap.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JsString, Map, Object, Reflect};
use modelroute_wasm as mr;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &s(key)).unwrap()
}

fn text(obj: &JsValue, key: &str) -> String {
    get(obj, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &s(k), v).unwrap();
    }
    o.into()
}

/// Asserts `e` is a `ModelrouteError` with `code`, a message containing
/// every one of `parts`, and `hints` an array.
fn assert_error(e: &JsValue, code: &str, parts: &[&str]) {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    assert_eq!(text(e, "name"), "ModelrouteError");
    assert_eq!(text(e, "code"), code);
    let message = text(e, "message");
    for part in parts {
        assert!(message.contains(part), "{message:?} lacks {part:?}");
    }
    assert!(Array::is_array(&get(e, "hints")));
}

fn hostile_values() -> Vec<(JsValue, &'static str)> {
    vec![
        (JsValue::UNDEFINED, "undefined"),
        (JsValue::NULL, "null"),
        (JsValue::from(1.5), "number"),
        (JsValue::from(true), "boolean"),
        (Object::new().into(), "object"),
        (Array::new().into(), "array"),
        (Map::new().into(), "Map"),
        (JsValue::bigint_from_str("12"), "bigint"),
        (js_sys::Symbol::for_("x").into(), "symbol"),
    ]
}

fn lone_surrogate() -> JsValue {
    // "ollama/\u{D800}x" cannot be written in Rust: build it in JS.
    let s = JsString::from("ollama/").concat(&JsString::from_char_code1(0xD800));
    s.concat(&JsString::from("x")).into()
}

#[wasm_bindgen_test]
fn resolves_like_core() {
    let env = object(&[("OLLAMA_BASE_URL", s("http://gpu:11434/"))]);
    let r = mr::resolve(s("ollama/llama3.1:8b"), env, JsValue::UNDEFINED).unwrap();
    let litellm = get(&r, "litellm");
    assert_eq!(text(&litellm, "api_base"), "http://gpu:11434/v1");
    assert_eq!(text(&litellm, "model"), "openai/llama3.1:8b");
    assert_eq!(
        text(&get(&get(&r, "sources"), "api_base"), "source"),
        "env:OLLAMA_BASE_URL"
    );
}

#[wasm_bindgen_test]
fn resolution_failures_are_reports_or_thrown_errors() {
    let r = mr::resolve(s("ollama/"), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&get(&r, "error"), "code"), "empty_model_name");
    let e = mr::resolve_or_throw(s("ollama/"), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap_err();
    assert_error(
        &e,
        "empty_model_name",
        &["Unsupported local model id: ollama/"],
    );
}

#[wasm_bindgen_test]
fn every_id_argument_refuses_non_strings() {
    for (v, what) in hostile_values() {
        let got = format!("got {what}");
        let id = "argument `id` must be a string";
        let checks: Vec<(&str, Result<JsValue, JsValue>)> = vec![
            (
                "resolve",
                mr::resolve(v.clone(), JsValue::UNDEFINED, JsValue::UNDEFINED),
            ),
            (
                "resolveOrThrow",
                mr::resolve_or_throw(v.clone(), JsValue::UNDEFINED, JsValue::UNDEFINED),
            ),
            ("validate", mr::validate(v.clone())),
            (
                "acceptedCascade",
                mr::accepted_cascade(v.clone(), s("high")),
            ),
            ("isLocal", mr::is_local(v.clone()).map(JsValue::from)),
            (
                "requiresHfToken",
                mr::requires_hf_token(v.clone()).map(JsValue::from),
            ),
            (
                "isValidModelId",
                mr::is_valid_model_id(v.clone()).map(JsValue::from),
            ),
        ];
        for (func, result) in checks {
            let e = result.expect_err(func);
            assert_error(&e, "invalid_argument", &[func, id, &got]);
        }
        let e = mr::effort_cascade(v.clone()).unwrap_err();
        assert_error(
            &e,
            "invalid_argument",
            &["effortCascade", "argument `preference`", &got],
        );
        let e = mr::redact(v.clone()).unwrap_err();
        assert_error(
            &e,
            "invalid_argument",
            &["redact", "argument `secret`", &got],
        );
        let e = mr::parse_dotenv(v.clone(), JsValue::UNDEFINED).unwrap_err();
        assert_error(
            &e,
            "invalid_argument",
            &["parseDotenv", "argument `text`", &got],
        );
    }
}

#[wasm_bindgen_test]
fn env_must_be_an_object_or_map_of_strings() {
    for (v, what) in [
        (s("OLLAMA_BASE_URL=x"), "string"),
        (JsValue::from(3), "number"),
        (Array::of1(&s("x")).into(), "array"),
        (JsValue::from(false), "boolean"),
    ] {
        let e = mr::resolve(s("ollama/x"), v, JsValue::UNDEFINED).unwrap_err();
        assert_error(
            &e,
            "invalid_argument",
            &["resolve: argument `env` must be", &format!("got {what}")],
        );
    }
    // A non-string value under a name core reads.
    let env = object(&[("OLLAMA_BASE_URL", JsValue::from(8080))]);
    let e = mr::resolve(s("ollama/x"), env, JsValue::UNDEFINED).unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["`env` value at key \"OLLAMA_BASE_URL\"", "got number"],
    );
    // Names core never reads are not looked at.
    let env = object(&[("PORT", JsValue::from(8080))]);
    assert!(mr::resolve(s("ollama/x"), env, JsValue::UNDEFINED).is_ok());
    // undefined values are unset, as in process.env.
    let env = object(&[("OLLAMA_BASE_URL", JsValue::UNDEFINED)]);
    let r = mr::resolve(s("ollama/x"), env, JsValue::UNDEFINED).unwrap();
    assert_eq!(
        text(&get(&r, "litellm"), "api_base"),
        "http://localhost:11434/v1"
    );
    // A Map works.
    let map = Map::new();
    map.set(&s("VLLM_BASE_URL"), &s("http://box:8000"));
    let r = mr::resolve(s("vllm/m"), map.clone().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&get(&r, "litellm"), "api_base"), "http://box:8000/v1");
    // parseDotenv checks every entry (it reads any name its text uses).
    map.set(&JsValue::from(1), &s("x"));
    let e = mr::parse_dotenv(s("A=1"), map.into()).unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["a Map with a key that is not a string", "(number)"],
    );
}

#[wasm_bindgen_test]
fn options_are_checked_by_name_and_type() {
    let e = mr::resolve(
        s("a/b"),
        JsValue::UNDEFINED,
        object(&[("sessionToken", s("x"))]),
    )
    .unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &[
            "unknown option \"sessionToken\"",
            "did you mean `session_token`?",
        ],
    );
    let e = mr::resolve(
        s("a/b"),
        JsValue::UNDEFINED,
        object(&[("strict", s("yes"))]),
    )
    .unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["option `strict` must be a boolean, got string"],
    );
    let e = mr::resolve(
        s("a/b"),
        JsValue::UNDEFINED,
        object(&[("effort", JsValue::from(1))]),
    )
    .unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["option `effort` must be a string or null, got number"],
    );
    let e = mr::resolve(s("a/b"), JsValue::UNDEFINED, s("strict")).unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["argument `options` must be an object", "got string"],
    );
    // null and undefined values mean absent.
    let opts = object(&[
        ("effort", JsValue::NULL),
        ("session_token", JsValue::UNDEFINED),
    ]);
    let r = mr::resolve(s("a/b"), JsValue::UNDEFINED, opts).unwrap();
    assert_eq!(text(&get(&r, "effort"), "status"), "none");
}

/// Options with only `show_secrets`, set to `v`.
fn show(v: JsValue) -> JsValue {
    object(&[("show_secrets", v)])
}

/// The options that leave secrets masked: none, `show_secrets: false`,
/// and `show_secrets: undefined`.
fn masking_options() -> [JsValue; 3] {
    [
        JsValue::UNDEFINED,
        show(JsValue::FALSE),
        show(JsValue::UNDEFINED),
    ]
}

/// A vLLM key and a password inside its base URL.
fn secret_env() -> JsValue {
    object(&[
        ("VLLM_API_KEY", s("sk-very-secret-value")),
        ("VLLM_BASE_URL", s("http://me:pw-secret@gpu:8000")),
    ])
}

#[wasm_bindgen_test]
fn secrets_are_masked_unless_show_secrets() {
    let env = secret_env;
    for options in masking_options() {
        let results = [
            mr::resolve(s("vllm/m"), env(), options.clone()).unwrap(),
            mr::resolve_or_throw(s("vllm/m"), env(), options.clone()).unwrap(),
        ];
        for r in results {
            let litellm = get(&r, "litellm");
            assert_eq!(text(&litellm, "api_key"), "sk-v…alue");
            assert_eq!(text(&litellm, "api_base"), "http://me:***@gpu:8000/v1");
        }
    }
    let e = mr::resolve(s("vllm/m"), env(), show(s("yes"))).unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["resolve: option `show_secrets` must be a boolean, got string"],
    );
    let e = mr::resolve_or_throw(s("vllm/m"), env(), show(JsValue::NULL)).unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["resolveOrThrow: option `show_secrets` must be a boolean, got null"],
    );
}

/// `explain` and `diagnose`: in `modelroute/export` only (the cargo feature
/// `export`; scripts/test-wasm.sh runs these tests with and without it).
#[cfg(feature = "export")]
#[wasm_bindgen_test]
fn explain_and_diagnose_check_their_arguments_and_mask_secrets() {
    for (v, what) in hostile_values() {
        let got = format!("got {what}");
        let id = "argument `id` must be a string";
        let checks = [
            (
                "explain",
                mr::explain(v.clone(), JsValue::UNDEFINED, JsValue::UNDEFINED),
            ),
            ("diagnose", mr::diagnose(v.clone(), JsValue::UNDEFINED)),
        ];
        for (func, result) in checks {
            let e = result.expect_err(func);
            assert_error(&e, "invalid_argument", &[func, id, &got]);
        }
    }
    let e = mr::explain(
        s("a/b"),
        JsValue::UNDEFINED,
        object(&[("verbose", JsValue::TRUE)]),
    )
    .unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["explain: unknown option \"verbose\""],
    );
    let env = secret_env;
    for options in masking_options() {
        let r = mr::explain(s("vllm/m"), env(), options).unwrap();
        let litellm = get(&r, "litellm");
        assert_eq!(text(&litellm, "api_key"), "sk-v…alue");
        assert_eq!(text(&litellm, "api_base"), "http://me:***@gpu:8000/v1");
    }
    let r = mr::explain(s("vllm/m"), env(), show(JsValue::TRUE)).unwrap();
    let litellm = get(&r, "litellm");
    assert_eq!(text(&litellm, "api_key"), "sk-very-secret-value");
    assert_eq!(
        text(&litellm, "api_base"),
        "http://me:pw-secret@gpu:8000/v1"
    );

    let e = mr::explain(
        s("vllm/m"),
        env(),
        object(&[("showSecrets", JsValue::TRUE)]),
    )
    .unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &[
            "explain: unknown option \"showSecrets\"",
            "did you mean `show_secrets`?",
        ],
    );
    let found = mr::diagnose(s("Ollama/x"), JsValue::UNDEFINED).unwrap();
    let first = Reflect::get(&found, &JsValue::from(0)).unwrap();
    assert_eq!(text(&first, "code"), "near_miss_prefix");
}

#[wasm_bindgen_test]
fn lone_surrogates_and_huge_strings_are_refused() {
    let e = mr::resolve(lone_surrogate(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["argument `id` is not well-formed Unicode", "index 7"],
    );
    let env = object(&[("OLLAMA_BASE_URL", lone_surrogate())]);
    let e = mr::resolve(s("ollama/x"), env, JsValue::UNDEFINED).unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["`env` value at key \"OLLAMA_BASE_URL\"", "lone surrogate"],
    );
    // A real U+FFFD is fine.
    assert!(mr::is_local(s("ollama/\u{FFFD}")).unwrap());
    let huge = JsString::from("a").repeat((1 << 20) + 1);
    let e = mr::validate(huge.into()).unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["argument `id` is too long", "1048577"],
    );
    // NUL bytes are ordinary characters.
    let v = mr::validate(s("a/b\0c")).unwrap();
    assert_eq!(get(&v, "valid"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn dotenv_errors_carry_their_line() {
    let e = mr::parse_dotenv(s("A=1\n\nB=\"open\n"), JsValue::UNDEFINED).unwrap_err();
    assert_error(&e, "dotenv_parse", &["line 3"]);
    assert_eq!(get(&e, "line").as_f64(), Some(3.0));
    let vars = mr::parse_dotenv(s("A=1\nB=${A}2\n__proto__=p\n"), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&vars, "B"), "12");
    // An own property, not the prototype.
    assert_eq!(text(&vars, "__proto__"), "p");
    // Nested `${}` references that would explode are refused up front.
    let mut bomb = String::from("A=0123456789\n");
    let mut prev = 'A';
    for c in 'B'..='Z' {
        bomb.push_str(&format!("{c}={}\n", format!("${{{prev}}}").repeat(10)));
        prev = c;
    }
    let e = mr::parse_dotenv(s(&bomb), JsValue::UNDEFINED).unwrap_err();
    assert_error(
        &e,
        "invalid_argument",
        &["parseDotenv: expanding argument `text`"],
    );
}

/// `JSON.stringify` of what the package builds for `value` is exactly
/// `serde_json::to_string`: core's outputs hold no float and no map keys
/// JavaScript reorders, so the text is byte for byte the same (the general
/// property is modelroute-tape's own test, `tape/tests/node.rs`).
fn builds_what_serde_json_prints<T: serde::Serialize>(value: &T) {
    let built = modelroute_tape::to_js(value).unwrap();
    let json: String = js_sys::JSON::stringify(&built).unwrap().into();
    assert_eq!(json, serde_json::to_string(value).unwrap());
}

#[wasm_bindgen_test]
fn every_core_output_builds_as_serde_json_prints_it() {
    use modelroute_core::{explain, report, ResolveOptions};
    let env = [
        ("INFERENCE_TOKEN", "it"),
        ("HF_BILL_TO", "org"),
        ("VLLM_BASE_URL", "http://user:pw@gpu:8000/?token=x"),
    ];
    for id in [
        "vllm/m",
        "ollama/",
        "a/b:fastest",
        "olama/x",
        "",
        "openai-compat/x",
        "anthropic/claude",
        "bedrock/x",
        "openai/gpt-5",
        "Ollama/x",
    ] {
        for effort in [None, Some("max"), Some("minimal"), Some("high")] {
            for strict in [false, true] {
                let options = ResolveOptions {
                    effort: effort.map(str::to_owned),
                    strict,
                    ..ResolveOptions::default()
                };
                let mut r = report(id, &env, &options);
                builds_what_serde_json_prints(&r);
                r.redact_secrets();
                builds_what_serde_json_prints(&r);
                builds_what_serde_json_prints(&explain(id, &env, &options));
            }
        }
    }
    builds_what_serde_json_prints(&modelroute_core::LOCAL_PROVIDERS);
}
