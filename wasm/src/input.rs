//! Turning JavaScript arguments into core's inputs, refusing bad ones with
//! an `invalid_argument` error that names the function and the argument.

use std::fmt;

use modelroute_core::ResolveOptions;
use wasm_bindgen::JsValue;

use crate::error::Thrown;
use crate::js;

/// Longest string accepted for an id, a token, an effort or an env value,
/// in UTF-16 code units (1 Mi). Far beyond any real value; it keeps a
/// hostile input from exhausting wasm memory (which would trap).
pub const MAX_STRING: usize = 1 << 20;
/// Longest `.env` text accepted (16 Mi code units).
pub const MAX_TEXT: usize = 1 << 24;

/// `s` in double quotes, with `"`, `\\` and control characters escaped as
/// in JSON (a name from the caller may hold anything).
pub fn quote(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                let n = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[n >> 4]));
                out.push(char::from(HEX[n & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What a message calls the value being checked.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// A positional argument.
    Arg(&'a str),
    /// A field of the `options` argument.
    Opt(&'a str),
    /// The value of one variable of the `env` argument.
    EnvValue(&'a str),
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Arg(name) => write!(f, "argument `{name}`"),
            Place::Opt(name) => write!(f, "option `{name}`"),
            Place::EnvValue(key) => write!(f, "argument `env` value at key {}", quote(key)),
        }
    }
}

/// The error for a value of the wrong type.
pub fn wrong_type(func: &str, place: Place<'_>, expected: &str, got: &JsValue) -> Thrown {
    Thrown::invalid(format!(
        "{func}: {place} must be {expected}, got {}",
        js::describe(got)
    ))
}

/// A JavaScript string of at most `max` UTF-16 units without lone
/// surrogates.
pub fn string(func: &str, place: Place<'_>, v: &JsValue, max: usize) -> Result<String, Thrown> {
    string_or(func, place, v, max, "a string")
}

/// [`string`], with `expected` saying what else would have done.
pub fn string_or(
    func: &str,
    place: Place<'_>,
    v: &JsValue,
    max: usize,
    expected: &str,
) -> Result<String, Thrown> {
    let max32 = u32::try_from(max).unwrap_or(u32::MAX);
    let s = js::arg_str(v, max32);
    if !s.contains('\u{FFFD}') {
        return Ok(s);
    }
    // Not a string, too long, a lone surrogate, or a real U+FFFD.
    match js::arg_check(v, max32) {
        Ok(s) => well_formed(func, place, v, s),
        Err(e) => Err(refused(func, place, &e, expected, max)),
    }
}

/// The error for a value glue.js refused (a thrown `Bad`), or for what a
/// getter of the caller's object threw while it looked.
pub fn refused(func: &str, place: Place<'_>, e: &JsValue, expected: &str, max: usize) -> Thrown {
    match js::bad_field(e, "what").as_deref() {
        None => Thrown::invalid(format!("{func}: reading {place} threw")).caused_by(e.clone()),
        Some("long") => Thrown::invalid(format!(
            "{func}: {place} is too long: {} UTF-16 code units, the limit is {max}",
            js::bad_length(e)
        )),
        Some(_) => Thrown::invalid(format!(
            "{func}: {place} must be {expected}, got {}",
            js::bad_field(e, "desc").unwrap_or_default()
        )),
    }
}

/// `s`, converted from the JavaScript string `raw`, unless `raw` held a
/// lone surrogate (which the conversion turned into U+FFFD).
pub fn well_formed(
    func: &str,
    place: Place<'_>,
    raw: &JsValue,
    s: String,
) -> Result<String, Thrown> {
    if s.contains('\u{FFFD}') {
        let at = js::lone_surrogate(raw);
        if at >= 0 {
            return Err(Thrown::invalid(format!(
                "{func}: {place} is not well-formed Unicode: lone surrogate at index {at}"
            ))
            .hint("JavaScript strings can hold unpaired UTF-16 surrogates; model ids and environment values cannot"));
        }
    }
    Ok(s)
}

/// The option that is not core's: whether results carry secrets in full.
/// Which secrets a result shows is a presentation choice (the CLI's
/// `--show-secrets`), not an input of the resolution, so core's
/// `ResolveOptions` has no such field; it is core's `ExportOptions` field.
pub const SHOW_SECRETS: &str = "show_secrets";

/// The other export option: the model's context window, for `exportAs()`'s
/// formats that have a field for it (core's `ExportOptions::context`).
pub const CONTEXT: &str = "context";

/// The option names: core's `ResolveOptions` fields, as it deserializes
/// them, then core's `ExportOptions` fields, [`SHOW_SECRETS`] and
/// [`CONTEXT`] (glue.js's `OPTIONS`, in the same order).
pub const OPTION_NAMES: &[&str] = &[
    "effort",
    "strict",
    "session_token",
    "hf_token_file",
    SHOW_SECRETS,
    CONTEXT,
];

/// The known option `name` was probably meant as (`sessionToken`,
/// `session-token`, `Strict`, `showSecrets`, ...).
pub fn suggest_option(name: &str) -> Option<&'static str> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let wanted = squash(name);
    OPTION_NAMES.iter().copied().find(|o| squash(o) == wanted)
}

/// The error for an option name that is not one of [`OPTION_NAMES`].
pub fn unknown_option(func: &str, name: &str) -> Thrown {
    let mut message = format!(
        "{func}: unknown option {} in argument `options`",
        quote(name)
    );
    if let Some(meant) = suggest_option(name) {
        message.push_str(&format!(" (did you mean `{meant}`?)"));
    }
    Thrown::invalid(message).hint(format!(
        "the accepted options are {}",
        OPTION_NAMES
            .iter()
            .map(|o| format!("`{o}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// The `options` argument, read: core's options, and [`SHOW_SECRETS`]
/// (peeled off here: core's `ResolveOptions` refuses unknown fields).
#[derive(Default)]
pub struct Options {
    pub resolve: ResolveOptions,
    /// Core's export options: whether results show secrets in full
    /// (`show_secrets: true`; by default they are redacted as the CLI's
    /// `--json` prints them), and the context window (`context`).
    pub export: modelroute_core::ExportOptions,
}

/// The `options` argument: `undefined`, `null` or a plain object with only
/// the keys of [`OPTION_NAMES`].
pub fn options(func: &str, v: &JsValue) -> Result<Options, Thrown> {
    let max = u32::try_from(MAX_STRING).unwrap_or(u32::MAX);
    let mut out = Options::default();
    if v.is_undefined() || v.is_null() {
        return Ok(out);
    }
    match js::read_options(v, max) {
        Ok(false) => Ok(out),
        Ok(true) => {
            let opts = &mut out.resolve;
            let text = |i: u32, name: &str| match js::option_string(i) {
                None => Ok(None),
                Some(s) => well_formed(func, Place::Opt(name), &js::option_raw(i), s).map(Some),
            };
            opts.effort = text(0, "effort")?;
            opts.strict = js::option_flag(1);
            opts.session_token = text(2, "session_token")?;
            opts.hf_token_file = text(3, "hf_token_file")?;
            out.export.show_secrets = js::option_flag(4);
            // Checked by glue.js: a whole number from 1 to 2^32 - 1.
            out.export.context =
                js::option_number(5).and_then(|n| std::num::NonZeroU32::new(n as u32));
            Ok(out)
        }
        Err(e) => {
            let key = js::bad_field(&e, "key").unwrap_or_default();
            Err(match js::bad_field(&e, "what").as_deref() {
                None => Thrown::invalid(format!("{func}: reading argument `options` threw"))
                    .caused_by(e),
                Some("unknown") => unknown_option(func, &key),
                Some(_) if key.is_empty() => Thrown::invalid(format!(
                    "{func}: argument `options` must be an object, null or undefined, got {}",
                    js::bad_field(&e, "desc").unwrap_or_default()
                )),
                Some(_) => {
                    let expected = if key == "strict" || key == SHOW_SECRETS {
                        "a boolean"
                    } else if key == CONTEXT {
                        "a whole number of tokens from 1 to 4294967295, or null"
                    } else {
                        "a string or null"
                    };
                    refused(func, Place::Opt(&key), &e, expected, MAX_STRING)
                }
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_names_are_cores() {
        // Core refuses unknown fields, so this list (but `show_secrets`,
        // which is peeled off) must be exactly its own.
        let json = serde_json::to_value(ResolveOptions::default()).unwrap();
        let mut core: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut ours = OPTION_NAMES.to_vec();
        // The last ones are core's ExportOptions fields, in its order.
        let export = serde_json::to_value(modelroute_core::ExportOptions::default()).unwrap();
        let export: Vec<&str> = export
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let tail = ours.split_off(ours.len() - export.len());
        assert_eq!(tail, export);
        assert_eq!(export, [SHOW_SECRETS, CONTEXT]);
        assert!(
            !core.contains(&SHOW_SECRETS),
            "core's ResolveOptions has show_secrets"
        );
        core.sort_unstable();
        ours.sort_unstable();
        assert_eq!(core, ours);
    }

    #[test]
    fn glue_reads_the_same_option_names() {
        let glue = include_str!("glue.js");
        let quoted: Vec<String> = OPTION_NAMES.iter().map(|o| format!("{o:?}")).collect();
        let line = format!("const OPTIONS = [{}];", quoted.join(", "));
        assert!(glue.contains(&line), "glue.js lacks {line}");
    }

    #[test]
    fn camel_case_and_dashes_suggest_the_snake_case_name() {
        assert_eq!(suggest_option("sessionToken"), Some("session_token"));
        assert_eq!(suggest_option("hf-token-file"), Some("hf_token_file"));
        assert_eq!(suggest_option("Strict"), Some("strict"));
        assert_eq!(suggest_option("showSecrets"), Some("show_secrets"));
        assert_eq!(suggest_option("show-secrets"), Some("show_secrets"));
        assert_eq!(suggest_option("verbose"), None);
    }

    #[test]
    fn quote_escapes_like_json() {
        assert_eq!(quote("A B"), "\"A B\"");
        assert_eq!(
            quote("a\"b\\c\n\u{0}\u{7f}é"),
            "\"a\\\"b\\\\c\\n\\u0000\\u007fé\""
        );
    }

    #[test]
    fn places_read_naturally() {
        assert_eq!(Place::Arg("id").to_string(), "argument `id`");
        assert_eq!(Place::Opt("strict").to_string(), "option `strict`");
        assert_eq!(
            Place::EnvValue("A B").to_string(),
            "argument `env` value at key \"A B\""
        );
    }
}
