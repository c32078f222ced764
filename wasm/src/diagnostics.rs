//! `explain` and `diagnose`: core's diagnostics engine, in the
//! `modelroute/export` entry only (cargo feature `export`). Every round of
//! diagnostics makes it larger (issue 19's second round alone added about
//! 7 KB gzipped), and the main entry must stay within its 60 KiB gzipped
//! budget (wasm/README.md "Size"), so the engine lives beside `exportAs`
//! and the capability parsers; the web demo already loads this entry.
//!
//! Also compiled for the native unit tests, which check its declarations
//! (`types-diagnostics.d.ts`) against core whatever the features.

use wasm_bindgen::prelude::*;

use crate::env::JsEnv;
use crate::{id_arg, run, to_js, with_inputs};

/// The types of `explain` and `diagnose`, and of the diagnostics they return.
#[wasm_bindgen(typescript_custom_section)]
const DIAGNOSTIC_TYPES: &str = include_str!("types-diagnostics.d.ts");

/// Resolves and explains: the report's fields plus `expected_formats` (the
/// reference's help for an id that fails the `/model` check, or `null`),
/// `effort_cascade` (the levels a strict resolve accepts for the requested
/// effort, in the order the reference tries them) and `diagnostics`.
/// Secrets are redacted as `resolve` redacts them (what `modelroute explain
/// --json` prints) unless `show_secrets` is true.
#[wasm_bindgen(unchecked_return_type = "Explanation")]
pub fn explain(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EnvInput | null")] env: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ResolveOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        with_inputs("explain", &id, &env, &options, |id, env, options, out| {
            let mut explanation = modelroute_core::explain(id, env, options);
            if !out.show_secrets {
                explanation.report.redact_secrets();
            }
            to_js(&explanation)
        })
    })
}

/// Setup mistakes found in an id and an environment, as core lists them.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn diagnose(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EnvInput | null")] env: JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        let id = id_arg("diagnose", &id)?;
        let env = JsEnv::new("diagnose", &env)?;
        let out = to_js(&modelroute_core::diagnose(&id, &env));
        env.finish()?;
        out
    })
}
