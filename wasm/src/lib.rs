//! # modelroute-wasm
//!
//! [`modelroute_core`] for JavaScript: the `modelroute` npm package.
//!
//! Every export takes plain JavaScript values, checks them (wrong types,
//! unknown options and malformed strings throw a `ModelrouteError` with
//! code `invalid_argument` naming the function and the argument), calls
//! core, and returns what core returns as plain objects with core's own
//! snake_case field names: `JSON.stringify(resolve(...))` is byte for byte
//! the line `modelroute resolve --json` prints for the same input (keys
//! redacted, as there; `{show_secrets: true}` is `--show-secrets`).
//!
//! Nothing here decides anything about model ids; it only converts. A
//! panic would trap (the package is built with `panic = "abort"`), so no
//! path here panics: every conversion that can fail returns an error.
#![forbid(unsafe_code)]

// `readCapabilities`, `capabilityRequests`: the `modelroute/export` entry
// only (see capabilities.rs).
#[cfg(any(feature = "export", test))]
mod capabilities;
// `explain`, `diagnose`: the `modelroute/export` entry only (see
// diagnostics.rs).
#[cfg(any(feature = "export", test))]
mod diagnostics;
mod env;
mod error;
// `exportAs`: the `modelroute/export` entry only (see export.rs).
#[cfg(any(feature = "export", test))]
mod export;
mod input;
mod js;

use modelroute_core::{dotenv, providers};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::env::JsEnv;
use crate::error::Thrown;
use crate::input::{Place, MAX_STRING, MAX_TEXT};

#[cfg(feature = "export")]
pub use crate::diagnostics::{diagnose, explain};
pub use crate::error::WASM_ERROR_CODES;

/// The allocator: talc instead of Rust's default for wasm32 (dlmalloc),
/// which is about 2.5 KB larger once gzipped (wasm/README.md, "Size").
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The TypeScript declarations of every value that crosses the boundary.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// `ErrorCode` of the main entry; `modelroute/export` declares its own
/// (types-export.d.ts), with the export codes.
#[cfg(not(feature = "export"))]
#[wasm_bindgen(typescript_custom_section)]
const ERROR_CODE_TYPE: &str = include_str!("types-error-code.d.ts");

/// The one conversion of every output: core's serde output as plain
/// objects, exactly as `serde_json` would print it (the `modelroute-tape`
/// crate, `tape/`).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Thrown> {
    modelroute_tape::to_js(value).map_err(thrown)
}

/// The `internal` error of a result that could not be converted (kept out
/// of line: it does not depend on the type).
#[inline(never)]
fn thrown(e: modelroute_tape::BuildError) -> Thrown {
    match e {
        modelroute_tape::BuildError::Layout(e) => {
            Thrown::internal(format!("could not convert a result to JavaScript: {e}"))
        }
        modelroute_tape::BuildError::Thrown(e) => {
            Thrown::internal("could not build a result in JavaScript".to_owned()).caused_by(e)
        }
    }
}

/// Runs one export body, turning its error into the thrown `ModelrouteError`.
fn run<T>(body: impl FnOnce() -> Result<T, Thrown>) -> Result<T, JsValue> {
    body().map_err(Thrown::into_js)
}

fn id_arg(func: &str, id: &JsValue) -> Result<String, Thrown> {
    input::string(func, Place::Arg("id"), id, MAX_STRING)
}

/// Calls `f` with the checked id, environment and options of `func`, and
/// whether the caller asked for secrets in full (`show_secrets`).
fn with_inputs<T>(
    func: &'static str,
    id: &JsValue,
    env: &JsValue,
    options: &JsValue,
    f: impl FnOnce(
        &str,
        &JsEnv<'_>,
        &modelroute_core::ResolveOptions,
        &modelroute_core::ExportOptions,
    ) -> Result<T, Thrown>,
) -> Result<T, Thrown> {
    let id = id_arg(func, id)?;
    let env = JsEnv::new(func, env)?;
    let options = input::options(func, options)?;
    let out = f(&id, &env, &options.resolve, &options.export);
    // A variable that could not be read makes core's answer meaningless:
    // report that rather than what core made of the missing value.
    env.finish()?;
    out
}

/// Resolves a model id against an environment and returns the report
/// (`modelroute resolve --json`'s object): on success the LiteLLM keywords
/// in `litellm` and where each value came from in `sources`; on a
/// resolution failure an object with `error: {code, message, hints}`
/// instead. It throws only for bad arguments (`invalid_argument`), so a
/// batch of ids never needs a `try`. Secrets are redacted by default, as
/// the CLI prints them: `litellm.api_key` masked with `redact()` and a
/// password inside `litellm.api_base` with `***`; the option
/// `show_secrets: true` returns them in full (`--show-secrets`).
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn resolve(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EnvInput | null")] env: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ResolveOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        with_inputs("resolve", &id, &env, &options, |id, env, options, out| {
            let mut report = modelroute_core::report(id, env, options);
            if !out.show_secrets {
                report.redact_secrets();
            }
            to_js(&report)
        })
    })
}

/// As `resolve`, but returns only a successful resolution and throws the
/// resolution failure as a `ModelrouteError` carrying core's `code`,
/// `message` and `hints` (the same as the report's `error`). Secrets are
/// redacted as `resolve` redacts them unless `show_secrets` is true.
#[wasm_bindgen(js_name = resolveOrThrow, unchecked_return_type = "Resolution")]
pub fn resolve_or_throw(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EnvInput | null")] env: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ResolveOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        with_inputs(
            "resolveOrThrow",
            &id,
            &env,
            &options,
            |id, env, options, show| {
                let mut resolution = modelroute_core::resolve(id, env, options)?;
                if !show.show_secrets {
                    resolution.redact_secrets();
                }
                to_js(&resolution)
            },
        )
    })
}

/// The `/model` input check and the id's flags, without an environment:
/// `{id, valid, local, requires_hf_token, reason, expected_formats}`, where
/// `reason` (`{code, message}`) and `expected_formats` are `null` for a
/// valid id.
#[wasm_bindgen(unchecked_return_type = "Validation")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        let id = id_arg("validate", &id)?;
        to_js(&modelroute_core::explain::validate(&id))
    })
}

/// Whether the id names a local model (needs no Hugging Face token).
#[wasm_bindgen(js_name = isLocal)]
pub fn is_local(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> Result<bool, JsValue> {
    run(|| Ok(modelroute_core::is_local(&id_arg("isLocal", &id)?)))
}

/// Whether starting a run on the id needs a Hugging Face token.
#[wasm_bindgen(js_name = requiresHfToken)]
pub fn requires_hf_token(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> Result<bool, JsValue> {
    run(|| {
        Ok(modelroute_core::requires_hf_token(&id_arg(
            "requiresHfToken",
            &id,
        )?))
    })
}

/// The reference's `/model` input check.
#[wasm_bindgen(js_name = isValidModelId)]
pub fn is_valid_model_id(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> Result<bool, JsValue> {
    run(|| {
        Ok(modelroute_core::is_valid_model_id(&id_arg(
            "isValidModelId",
            &id,
        )?))
    })
}

/// The local provider table and the names shared by every local prefix.
#[wasm_bindgen(unchecked_return_type = "ProviderTable")]
pub fn providers() -> Result<JsValue, JsValue> {
    run(|| to_js(&providers::PROVIDER_TABLE))
}

/// The levels the reference tries for an effort preference, in order.
#[wasm_bindgen(js_name = effortCascade, unchecked_return_type = "string[]")]
pub fn effort_cascade(
    #[wasm_bindgen(unchecked_param_type = "string")] preference: JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        let pref = input::string(
            "effortCascade",
            Place::Arg("preference"),
            &preference,
            MAX_STRING,
        )?;
        to_js(&modelroute_core::effort_cascade(&pref))
    })
}

/// The levels of the cascade for `preference` that a strict resolve of
/// `id` accepts, in order: what the reference would try, without a request.
#[wasm_bindgen(js_name = acceptedCascade, unchecked_return_type = "string[]")]
pub fn accepted_cascade(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] preference: JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        let id = id_arg("acceptedCascade", &id)?;
        let pref = input::string(
            "acceptedCascade",
            Place::Arg("preference"),
            &preference,
            MAX_STRING,
        )?;
        to_js(&modelroute_core::accepted_cascade(&id, &pref))
    })
}

/// Masks a secret for display, as every modelroute printer does:
/// `sk-local-no-key-required` becomes `sk-l…ired`.
#[wasm_bindgen]
pub fn redact(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
) -> Result<String, JsValue> {
    run(|| {
        let secret = input::string("redact", Place::Arg("secret"), &secret, MAX_STRING)?;
        Ok(modelroute_core::redact(&secret))
    })
}

/// Most bytes the expansion of one `.env` text may produce (64 MiB).
const MAX_DOTENV_OUTPUT: usize = 64 << 20;

/// An upper bound of the bytes `dotenv::load` produces for `bindings`,
/// where no environment value is longer than `longest_env` bytes. Each
/// `${` can bring in at most the longest value seen so far, the longest
/// environment value or a default taken from the value itself.
fn dotenv_output_bound(bindings: &[dotenv::Binding], longest_env: usize) -> (usize, Option<usize>) {
    let mut longest = longest_env;
    let mut total = 0usize;
    for b in bindings {
        let Some(v) = &b.value else { continue };
        let refs = v.matches("${").count();
        let each = longest.max(v.len());
        let size = v.len().saturating_add(refs.saturating_mul(each));
        total = total.saturating_add(size).saturating_add(b.key.len());
        if total > MAX_DOTENV_OUTPUT {
            return (total, Some(b.line));
        }
        longest = longest.max(size);
    }
    (total, None)
}

/// Name-value pairs, serialized as one object in their order.
struct Record<'a>(&'a [(String, String)]);

impl Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Reads `.env` text as python-dotenv's `load_dotenv()` would and returns
/// the variables it would set, `{[name]: value}`: `${VAR}` and
/// `${VAR:-default}` are expanded, and names already in `env` (the process
/// environment, which wins) are left out. A line python-dotenv would skip
/// throws a `ModelrouteError` with code `dotenv_parse` and its `line`.
#[wasm_bindgen(js_name = parseDotenv, unchecked_return_type = "Record<string, string>")]
pub fn parse_dotenv(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EnvInput | null")] env: JsValue,
) -> Result<JsValue, JsValue> {
    const FUNC: &str = "parseDotenv";
    run(|| {
        let text = input::string(FUNC, Place::Arg("text"), &text, MAX_TEXT)?;
        let env = JsEnv::measured(FUNC, &env)?;
        let bindings = dotenv::parse(&text).map_err(|e| Thrown::dotenv(e.to_string(), e.line))?;
        // UTF-16 units to UTF-8 bytes: at most three bytes each.
        let (_, over) = dotenv_output_bound(&bindings, env.longest().saturating_mul(3));
        if let Some(line) = over {
            return Err(Thrown::invalid(format!(
                "{FUNC}: expanding argument `text` could produce more than {MAX_DOTENV_OUTPUT} bytes (line {line})"
            ))
            .hint("`${VAR}` references that repeat or nest multiply the size of the values"));
        }
        let vars = dotenv::load(&text, &env).map_err(|e| Thrown::dotenv(e.to_string(), e.line))?;
        env.finish()?;
        to_js(&Record(&vars))
    })
}

/// The string literals of `export type <name> = ...;` in the TypeScript
/// declarations `types` (a union ends at a blank line): what the type
/// tests compare with core's lists.
#[cfg(test)]
fn ts_union(types: &str, name: &str) -> Vec<String> {
    let start = types
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("no type {name}"));
    let body = &types[start..];
    let body = &body[..body.find("\n\n").unwrap_or(body.len())];
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The JSON strings serde makes of `values` (enum variants): what the
/// type tests compare with the TypeScript unions.
#[cfg(test)]
fn serde_names<T: serde::Serialize>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .map(|v| {
            serde_json::to_value(v)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use modelroute_core::{model_id, EffortStatus, Route, Severity, State};

    const TYPES: &str = concat!(
        include_str!("types.d.ts"),
        include_str!("types-error-code.d.ts"),
        include_str!("types-diagnostics.d.ts")
    );

    /// The string literals of `export type <name> = ...;` in types.d.ts,
    /// types-error-code.d.ts and types-diagnostics.d.ts (`modelroute/export`).
    fn union(name: &str) -> Vec<String> {
        ts_union(TYPES, name)
    }

    #[test]
    fn typescript_unions_match_core() {
        assert_eq!(union("ResolutionErrorCode"), modelroute_core::ERROR_CODES);
        let diagnostics: Vec<&str> = modelroute_core::DIAGNOSTIC_CODES
            .iter()
            .map(|(code, _, _)| *code)
            .collect();
        assert_eq!(union("DiagnosticCode"), diagnostics);
        let mut all = union("ErrorCode");
        all.retain(|c| !modelroute_core::ERROR_CODES.contains(&c.as_str()));
        assert_eq!(all, WASM_ERROR_CODES);
        let ids: Vec<&str> = modelroute_core::LOCAL_PROVIDERS
            .iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(union("LocalProviderId"), ids);
        let routes = [
            Route::Anthropic,
            Route::Bedrock,
            Route::Openai,
            Route::Reserved,
            Route::Local,
            Route::HfRouter,
        ];
        assert_eq!(union("Route"), serde_names(&routes));
        let states = [
            State::Set,
            State::Empty,
            State::Unset,
            State::Blank,
            State::Hidden,
            State::Builtin,
        ];
        assert_eq!(union("CandidateState"), serde_names(&states));
        let statuses = [
            EffortStatus::None,
            EffortStatus::Sent,
            EffortStatus::Dropped,
            EffortStatus::Ignored,
        ];
        assert_eq!(union("EffortStatus"), serde_names(&statuses));
        let severities = [Severity::Info, Severity::Warning, Severity::Error];
        assert_eq!(union("Severity"), serde_names(&severities));
        for id in [
            "",
            "openai-compat/x",
            "ollama/",
            "vllm/a b",
            "gpt-4",
            "a//b",
        ] {
            let reason = model_id::validity(id).unwrap_err();
            assert!(
                union("InvalidCode").contains(&reason.code().to_owned()),
                "{id}"
            );
        }
    }

    /// Every object key in `v`, recursively, and every `kind` tag as
    /// `kind=<tag>`.
    fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    out.push(k.clone());
                    if let (true, Some(tag)) = (k == "kind", v.as_str()) {
                        out.push(format!("kind={tag}"));
                    }
                    keys(v, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }

    #[test]
    fn typescript_declares_every_key_core_outputs() {
        use modelroute_core::{explain, ResolveOptions};
        let env = [
            ("INFERENCE_TOKEN", "it"),
            ("HF_TOKEN", "hf"),
            ("HUGGING_FACE_HUB_TOKEN", "legacy"),
            ("OLLAMA_BASE_URL", "localhost:11434"),
            ("VLLM_BASE_URL", "http://box:8000"),
        ];
        let mut seen = Vec::new();
        for id in [
            "ollama/x",
            "vllm/x",
            "Ollama/x",
            "a/b:fastest",
            "a/b:together",
            "openai/gpt-5",
            "anthropic/c",
            "bedrock/c",
            "openai-compat/x",
            "gpt-4",
        ] {
            for effort in [None, Some("max"), Some("minimal")] {
                let options = ResolveOptions {
                    effort: effort.map(str::to_owned),
                    ..ResolveOptions::default()
                };
                keys(
                    &serde_json::to_value(explain(id, &env, &options)).unwrap(),
                    &mut seen,
                );
            }
        }
        keys(
            &serde_json::to_value(modelroute_core::LOCAL_PROVIDERS).unwrap(),
            &mut seen,
        );
        seen.sort();
        seen.dedup();
        let kinds = union("Suggestion");
        assert!(
            seen.iter().any(|k| k.starts_with("kind=")),
            "no suggestion seen"
        );
        for key in seen.iter().filter_map(|k| k.strip_prefix("kind=")) {
            assert!(
                kinds.iter().any(|k| k == key),
                "Suggestion lacks kind {key:?}"
            );
        }
        seen.retain(|k| !k.starts_with("kind="));
        for key in seen {
            let declared = [format!("{key}:"), format!("{key}?:"), format!("\"{key}\":")];
            assert!(
                declared.iter().any(|d| TYPES.contains(d.as_str())),
                "types.d.ts does not declare `{key}`"
            );
        }
    }

    #[test]
    fn dotenv_bound_catches_nested_expansion() {
        let text = "A=0123456789\nB=${A}${A}${A}${A}${A}${A}${A}${A}${A}${A}\n".to_owned()
            + &(b'C'..=b'Z')
                .map(|c| {
                    let prev = char::from(c - 1);
                    format!("{}={}\n", char::from(c), format!("${{{prev}}}").repeat(10))
                })
                .collect::<String>();
        let bindings = dotenv::parse(&text).unwrap();
        let (_, over) = dotenv_output_bound(&bindings, 0);
        assert!(over.is_some());
    }

    #[test]
    fn dotenv_bound_is_an_upper_bound() {
        let env = [("HOST", "gpu-box")];
        let text = "PORT=8000\nURL=http://${HOST}:${PORT}/${MISSING:-v1}\n";
        let bindings = dotenv::parse(text).unwrap();
        let (bound, over) = dotenv_output_bound(&bindings, "gpu-box".len());
        assert!(over.is_none());
        let loaded = dotenv::load(text, &env).unwrap();
        let actual: usize = loaded.iter().map(|(k, v)| k.len() + v.len()).sum();
        assert!(actual <= bound, "{actual} > {bound}");
    }
}
