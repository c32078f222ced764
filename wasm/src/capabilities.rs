//! `readCapabilities` and `capabilityRequests`: core's capability parsers
//! (`modelroute_core::capabilities`), in the `modelroute/export` entry
//! only (cargo feature `export`). They parse JSON, which the main entry
//! does nowhere else: serde_json's parser is several KB of gzipped module
//! that the main entry's 60 KiB budget cannot carry (wasm/README.md
//! "Size"). The export entry already has the web demo and every tool that
//! writes an agent's configuration, which is where a context window read
//! from the server goes next (`exportAs(..., {context})`).
//!
//! Also compiled for the native unit tests, which check the declarations
//! (`types-capabilities.d.ts`) against core whatever the features.

use modelroute_core::capabilities::{self, Family, Reply, FAMILIES};
use wasm_bindgen::prelude::*;

use crate::error::Thrown;
use crate::input::{self, quote, Place, MAX_STRING};
use crate::{js, run, to_js};

/// The JavaScript helpers (glue.js) that check the answers.
#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    /// Checks one answer `{status, body}`: its status, or -1 for `null` or
    /// `undefined`; keeps the body for [`reply_body`]. A thrown `Bad` (or
    /// what a getter threw) otherwise.
    #[wasm_bindgen(js_name = replyRead, catch)]
    pub fn reply_read(v: &JsValue, max: u32) -> Result<i32, JsValue>;

    /// The body of the last [`reply_read`]; a lone surrogate arrives as
    /// U+FFFD, which must be looked at again with [`reply_body_raw`].
    #[wasm_bindgen(js_name = replyBody)]
    pub fn reply_body() -> String;

    /// The body of the last [`reply_read`], as the JavaScript string.
    #[wasm_bindgen(js_name = replyBodyRaw)]
    pub fn reply_body_raw() -> JsValue;

    /// Checks a list (`null`, `undefined` or an array of at most `max`
    /// items) and keeps a copy of its items: their number, or a thrown
    /// `Bad` (or what a getter threw).
    #[wasm_bindgen(js_name = listRead, catch)]
    pub fn list_read(v: &JsValue, max: u32) -> Result<u32, JsValue>;

    /// Item `i` of the last [`list_read`].
    #[wasm_bindgen(js_name = listItem)]
    pub fn list_item(i: u32) -> JsValue;
}

/// The types of the capability functions.
#[wasm_bindgen(typescript_custom_section)]
const CAPABILITY_TYPES: &str = include_str!("types-capabilities.d.ts");

/// Most bytes of one answer's body (as UTF-8): the CLI reads no more of
/// any answer (1 MiB), so a longer body is refused rather than read
/// differently from the CLI.
pub const MAX_BODY: usize = 1 << 20;

/// Most answers in `extra` (every family sends at most two requests).
pub const MAX_EXTRA: u32 = 16;

/// The family named by argument `family`: a name as `probe` and `discover`
/// give the server (`llama.cpp`, `Ollama 0.12.3`), read by core's
/// [`Family::from_server`].
fn family_arg(func: &str, v: &JsValue) -> Result<Family, Thrown> {
    let name = input::string(func, Place::Arg("family"), v, MAX_STRING)?;
    Family::from_server(&name).ok_or_else(|| {
        let names: Vec<String> = FAMILIES.iter().map(|r| format!("`{}`", r.name)).collect();
        Thrown::invalid(format!(
            "{func}: argument `family` is not a server family modelroute reads: {}",
            quote(&name)
        ))
        .hint(format!(
            "use the name `probe` and `discover` give the server: {}",
            names.join(", ")
        ))
    })
}

/// One answer, `{status, body}`, or `None` for `null`/`undefined` (a
/// request that failed or was not sent). `place` names it in errors
/// (`models`, `extra[1]`).
fn reply_arg(func: &str, place: &str, v: &JsValue) -> Result<Option<(u16, String)>, Thrown> {
    let max = u32::try_from(MAX_BODY).unwrap_or(u32::MAX);
    let status = match reply_read(v, max) {
        Ok(status) => status,
        Err(e) => {
            let key = js::bad_field(&e, "key").unwrap_or_default();
            return Err(match (js::bad_field(&e, "what").as_deref(), key.as_str()) {
                (None, _) => {
                    Thrown::invalid(format!("{func}: reading argument `{place}` threw"))
                        .caused_by(e)
                }
                (Some(_), "") => Thrown::invalid(format!(
                    "{func}: argument `{place}` must be an object {{status, body}}, null or undefined, got {}",
                    js::bad_field(&e, "desc").unwrap_or_default()
                )),
                (Some(_), "status") => Thrown::invalid(format!(
                    "{func}: argument `{place}.status` must be an HTTP status (a whole number from 100 to 599), got {}",
                    js::bad_field(&e, "desc").unwrap_or_default()
                )),
                (Some("long"), _) => too_long(func, place, js::bad_length(&e) as usize, "UTF-16 code units"),
                (Some(_), _) => Thrown::invalid(format!(
                    "{func}: argument `{place}.body` must be a string (the answer's text), got {}",
                    js::bad_field(&e, "desc").unwrap_or_default()
                ))
                .hint("pass `await response.text()`"),
            });
        }
    };
    let Ok(status) = u16::try_from(status) else {
        return Ok(None);
    };
    let body = input::well_formed(
        func,
        Place::Arg(&format!("{place}.body")),
        &reply_body_raw(),
        reply_body(),
    )?;
    if body.len() > MAX_BODY {
        return Err(too_long(func, place, body.len(), "bytes of UTF-8"));
    }
    Ok(Some((status, body)))
}

/// The error for a body over [`MAX_BODY`].
fn too_long(func: &str, place: &str, n: usize, unit: &str) -> Thrown {
    Thrown::invalid(format!(
        "{func}: argument `{place}.body` is too long: {n} {unit}, the limit is {MAX_BODY} bytes (1 MiB)"
    ))
    .hint("modelroute reads at most 1 MiB of an answer, as the CLI does: metadata is far smaller, so this is not a metadata answer")
}

/// A checked answer as core takes it.
fn as_reply(r: &Option<(u16, String)>) -> Option<Reply<'_>> {
    r.as_ref().map(|(status, body)| Reply {
        status: *status,
        body: body.as_bytes(),
    })
}

/// The answers of argument `extra`: `undefined`, `null` or an array of at
/// most [`MAX_EXTRA`] answers (each `{status, body}`, `null` or
/// `undefined`).
fn extra_arg(func: &str, v: &JsValue) -> Result<Vec<Option<(u16, String)>>, Thrown> {
    let n = match list_read(v, MAX_EXTRA) {
        Ok(n) => n,
        Err(e) => {
            return Err(match js::bad_field(&e, "what").as_deref() {
                None => Thrown::invalid(format!("{func}: reading argument `extra` threw"))
                    .caused_by(e),
                Some("long") => Thrown::invalid(format!(
                    "{func}: argument `extra` has {} answers, the limit is {MAX_EXTRA}",
                    js::bad_length(&e)
                ))
                .hint("pass the answers to `capabilityRequests(family, model)`, in its order"),
                Some(_) => Thrown::invalid(format!(
                    "{func}: argument `extra` must be an array of answers, null or undefined, got {}",
                    js::bad_field(&e, "desc").unwrap_or_default()
                )),
            });
        }
    };
    // Each item was copied by list_read, so a getter ran once, there.
    (0..n)
        .map(|i| reply_arg(func, &format!("extra[{i}]"), &list_item(i)))
        .collect()
}

/// What a server says about `model`, read from its metadata answers as
/// `modelroute probe --json` reads them: `{context: {served, max, source},
/// tools: {support, source}, vision: {support, source}, state,
/// quantization, parameter_count, model_family}`, byte for byte the
/// CLI's `capabilities` object. `family` is the server's family as
/// `probe` and `discover` name it (`llama.cpp`, `Ollama`, `vLLM`, `LM
/// Studio`, `LiteLLM`, `llama-cpp-python`); `models` its answer to `GET
/// <api_base>/models` (`{status, body}`, or `null`); `extra` the answers
/// to `capabilityRequests(family, model)`, in that order (`null` for a
/// request that failed). Anything the answers do not say, or say in a
/// shape that cannot be trusted, is `unknown`/`null`: never a guess.
/// Throws `invalid_argument` for bad arguments (an unknown family, a
/// body over 1 MiB).
#[wasm_bindgen(js_name = readCapabilities, unchecked_return_type = "Capabilities")]
pub fn read_capabilities(
    #[wasm_bindgen(unchecked_param_type = "ServerFamilyName")] family: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] model: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MetadataReply | null")] models: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "ReadonlyArray<MetadataReply | null | undefined> | null"
    )]
    extra: JsValue,
) -> Result<JsValue, JsValue> {
    const FUNC: &str = "readCapabilities";
    run(|| {
        let family = family_arg(FUNC, &family)?;
        let model = input::string(FUNC, Place::Arg("model"), &model, MAX_STRING)?;
        let models = reply_arg(FUNC, "models", &models)?;
        let extra = extra_arg(FUNC, &extra)?;
        let extra: Vec<Option<Reply<'_>>> = extra.iter().map(as_reply).collect();
        to_js(&capabilities::read(
            family,
            &model,
            as_reply(&models),
            &extra,
        ))
    })
}

/// The requests to send, beyond `GET <api_base>/models`, for what a
/// `family` server says about `model`: `[{method, path, body}]`, `path`
/// from the server's root (the `api_base` without its `/v1`), `body` the
/// JSON text of a `POST` (else `null`). Empty for vLLM and
/// llama-cpp-python; two for Ollama. Their answers, in this order, are
/// `readCapabilities`'s `extra`.
#[wasm_bindgen(js_name = capabilityRequests, unchecked_return_type = "MetadataRequest[]")]
pub fn capability_requests(
    #[wasm_bindgen(unchecked_param_type = "ServerFamilyName")] family: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] model: JsValue,
) -> Result<JsValue, JsValue> {
    const FUNC: &str = "capabilityRequests";
    run(|| {
        let family = family_arg(FUNC, &family)?;
        let model = input::string(FUNC, Place::Arg("model"), &model, MAX_STRING)?;
        to_js(&capabilities::requests(family, &model))
    })
}

#[cfg(test)]
mod tests {
    use modelroute_core::capabilities::{LoadState, Support};

    /// The string literals of `export type <name> = ...;` in
    /// types-capabilities.d.ts.
    fn union(name: &str) -> Vec<String> {
        crate::ts_union(include_str!("types-capabilities.d.ts"), name)
    }

    #[test]
    fn typescript_capability_unions_match_core() {
        let families: Vec<&str> = super::FAMILIES.iter().map(|r| r.name).collect();
        assert_eq!(union("ServerFamily"), families);
        assert_eq!(
            union("Support"),
            crate::serde_names(&[Support::Yes, Support::No, Support::Unknown])
        );
        let states = [
            LoadState::Loaded,
            LoadState::Loading,
            LoadState::NotLoaded,
            LoadState::Unknown,
        ];
        assert_eq!(union("LoadState"), crate::serde_names(&states));
        let methods: Vec<&str> = super::FAMILIES
            .iter()
            .flat_map(|r| r.requests.iter().map(|q| q.0))
            .collect();
        for m in methods {
            assert!(union("MetadataMethod").iter().any(|u| u == m), "{m}");
        }
    }

    #[test]
    fn typescript_declares_every_capabilities_key() {
        let types = include_str!("types-capabilities.d.ts");
        let caps =
            serde_json::to_value(modelroute_core::capabilities::Capabilities::unknown()).unwrap();
        let req = serde_json::to_value(modelroute_core::capabilities::requests(
            modelroute_core::capabilities::Family::Ollama,
            "m",
        ))
        .unwrap();
        let mut keys = Vec::new();
        for v in [&caps, &caps["context"], &caps["tools"], &req[0]] {
            keys.extend(v.as_object().unwrap().keys().cloned());
        }
        for key in keys {
            assert!(
                types.contains(&format!("  {key}:")),
                "types-capabilities.d.ts does not declare `{key}`"
            );
        }
    }
}
