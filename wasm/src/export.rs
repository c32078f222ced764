//! `exportAs`: core's `export` module, in the `modelroute/export` entry
//! only (cargo feature `export`). It is about 13 KB of the module once
//! gzipped, which the main entry leaves out to stay within its size budget
//! (wasm/README.md "Size"); the web demo uses this entry.
//!
//! Also compiled for the native unit tests, which check its declarations
//! (`types-export.d.ts`) against core whatever the features.

use wasm_bindgen::prelude::*;

use crate::error::Thrown;
use crate::input::{self, Place, MAX_STRING};
use crate::{js, run, to_js, with_inputs};

/// `ErrorCode` with the export codes, and the types of `exportAs`.
#[wasm_bindgen(typescript_custom_section)]
const EXPORT_TYPES: &str = include_str!("types-export.d.ts");

/// The `ModelrouteError` for an export error: core's code, message and
/// hints, as [`Thrown`] carries them for resolution errors.
fn export_error(e: &modelroute_core::ExportError) -> JsValue {
    let hints = to_js(&e.hints()).unwrap_or(JsValue::UNDEFINED);
    js::make_error(e.code(), &e.to_string(), &hints, None, &JsValue::UNDEFINED)
}

/// Resolves the id as `resolveOrThrow` does and writes the resolution in
/// `format` (one of core's `EXPORT_FORMATS`: `env`, `dotenv`, `litellm`,
/// `openai`, `curl`, `aider`, `continue`, `llm`), exactly as
/// `modelroute export <id> --to <format>` prints it: `{format, text,
/// redacted}`. Keys are masked with `redact()` unless the option
/// `show_secrets` is true (the public placeholder key never is), the same
/// option, read the same way, as `resolve`'s. Throws a `ModelrouteError`:
/// `invalid_argument` for bad arguments (an unknown format names the valid
/// ones), the resolution's code when the id does not resolve, and
/// `export_unsupported`, `export_missing_key` or `export_unrepresentable`
/// when the format cannot carry the resolution.
#[wasm_bindgen(js_name = exportAs, unchecked_return_type = "Export")]
pub fn export_as(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EnvInput | null | undefined")] env: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExportFormat")] format: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ExportAsOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    const FUNC: &str = "exportAs";
    let exported = run(|| {
        let name = input::string(FUNC, Place::Arg("format"), &format, MAX_STRING)?;
        let format = name
            .parse::<modelroute_core::ExportFormat>()
            .map_err(|e| Thrown::invalid(format!("{FUNC}: argument `format`: {e}")))?;
        with_inputs(
            FUNC,
            &id,
            &env,
            &options,
            |id, env, options, export_options| {
                let r = modelroute_core::resolve(id, env, options)?;
                Ok(modelroute_core::export(&r, format, export_options))
            },
        )
    })?;
    match exported {
        Ok(export) => run(|| to_js(&export)),
        Err(e) => Err(export_error(&e)),
    }
}

#[cfg(test)]
mod tests {
    /// The string literals of `export type <name> = ...;` in
    /// types-export.d.ts.
    fn union(name: &str) -> Vec<String> {
        crate::ts_union(include_str!("types-export.d.ts"), name)
    }

    #[test]
    fn typescript_export_unions_match_core() {
        let formats: Vec<&str> = modelroute_core::EXPORT_FORMATS
            .iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(union("ExportFormat"), formats);
        assert_eq!(
            union("ExportErrorCode"),
            modelroute_core::export::EXPORT_ERROR_CODES
        );
        // ErrorCode: the resolution codes, the export codes, this layer's.
        let mut all = union("ErrorCode");
        all.retain(|c| !modelroute_core::ERROR_CODES.contains(&c.as_str()));
        all.retain(|c| !modelroute_core::export::EXPORT_ERROR_CODES.contains(&c.as_str()));
        assert_eq!(all, crate::WASM_ERROR_CODES);
    }

    #[test]
    fn export_options_are_cores_fields() {
        // The options every function takes are core's export options' names.
        let json = serde_json::to_value(modelroute_core::ExportOptions::default()).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys, [crate::input::SHOW_SECRETS, crate::input::CONTEXT]);
    }
}
