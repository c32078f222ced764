//! JSON, written by serde_json: the `litellm` export (pretty), the `curl`
//! body (one line, Python's separators), and the one JSON string quoter
//! the exports, the probe and the YAML writer share.
//!
//! Two formatter adapters keep the text byte for byte what modelroute has
//! always written: [`YamlSafe`] escapes, besides what JSON requires, every
//! character YAML forbids unescaped (so a JSON string is also a YAML
//! double-quoted scalar), and [`PythonSeparators`] writes `", "` and
//! `": "` between items, as Python's `json.dumps` does. Key order is the
//! order of the structs' fields.

use std::io;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::ser::{CharEscape, CompactFormatter, Formatter, PrettyFormatter};

use super::routes::{direct_route, OPENAI_PREFIX};
use super::{Export, ExportFormat, ExportOptions, Secret, Target, Writer};
use crate::resolve::{LiteLlmParams, Resolution};

/// A JSON string literal, which is also a YAML double-quoted scalar:
/// characters YAML does not allow unescaped (C0, DEL, C1, line and
/// paragraph separators, BOM, noncharacters) are written `\uXXXX`.
pub(crate) fn json_quote(s: &str) -> String {
    write_json(s, YamlSafe(CompactFormatter))
}

/// `value` as indented JSON (two spaces, `{}` and `[]` when empty).
pub(super) fn to_json_pretty(value: &impl Serialize) -> String {
    write_json(value, YamlSafe(PrettyFormatter::new()))
}

/// `value` as JSON on one line, with `json.dumps`'s separators.
pub(super) fn to_json_inline(value: &impl Serialize) -> String {
    write_json(value, YamlSafe(PythonSeparators))
}

fn write_json(value: &(impl Serialize + ?Sized), formatter: impl Formatter) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    // Neither can fail: the values are strings, booleans, integers,
    // sequences and maps with string keys, written to a `Vec`; and
    // serde_json writes UTF-8. The fallback is never taken.
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Whether YAML needs `c` escaped inside a double-quoted scalar, beyond
/// what JSON escapes: DEL, C1 controls, line and paragraph separators,
/// the BOM and the two noncharacters YAML forbids.
fn yaml_forbids(c: char) -> bool {
    ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A serde_json formatter that escapes as [`json_quote`] documents:
/// `\"`, `\\`, `\n`, `\r`, `\t`, and every other escaped character as
/// `\uXXXX` (lowercase hex), never `\b` or `\f`. Everything else is the
/// wrapped formatter's.
struct YamlSafe<F>(F);

impl<F: Formatter> Formatter for YamlSafe<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut from = 0;
        for (i, c) in fragment.char_indices() {
            if yaml_forbids(c) {
                writer.write_all(&fragment.as_bytes()[from..i])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                from = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[from..])
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        let code = match escape {
            CharEscape::Quote => return writer.write_all(b"\\\""),
            CharEscape::ReverseSolidus => return writer.write_all(b"\\\\"),
            CharEscape::LineFeed => return writer.write_all(b"\\n"),
            CharEscape::CarriageReturn => return writer.write_all(b"\\r"),
            CharEscape::Tab => return writer.write_all(b"\\t"),
            CharEscape::Solidus => b'/',
            CharEscape::Backspace => 0x08,
            CharEscape::FormFeed => 0x0c,
            CharEscape::AsciiControl(byte) => byte,
        };
        write!(writer, "\\u{:04x}", code)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Compact JSON with Python's `json.dumps` separators: `", "` between
/// items, `": "` after a key.
struct PythonSeparators;

impl Formatter for PythonSeparators {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.begin_array_value(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
}

/// Name–value pairs written as a JSON object, in their order.
struct Pairs<'a>(Vec<(&'static str, &'a str)>);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The `litellm` document, its keys in this order.
#[derive(Serialize)]
struct LitellmDoc<'a> {
    model_id: &'a str,
    completion_kwargs: LiteLlmParams,
    provider_route: ProviderRoute<'a>,
    redacted: bool,
    notes: Vec<String>,
}

/// How LiteLLM itself names the same server.
#[derive(Serialize)]
struct ProviderRoute<'a> {
    model: String,
    env: Pairs<'a>,
    docs: &'static str,
    /// The proxy's `model_info` for a `model_list` entry, when the context
    /// window is known (https://docs.litellm.ai/docs/proxy/configs).
    #[serde(skip_serializing_if = "Option::is_none")]
    model_info: Option<ModelInfo>,
}

/// LiteLLM's model metadata: what the caller knows of it.
#[derive(Serialize)]
struct ModelInfo {
    max_input_tokens: u32,
}

/// The reference's keywords with the key as shown: the resolution's own
/// [`LiteLlmParams`], serialized as everywhere else.
fn completion_kwargs(p: &LiteLlmParams, key: Option<&Secret>) -> LiteLlmParams {
    let mut shown = p.clone();
    if let (Some(Some(k)), Some(s)) = (&mut shown.api_key, key) {
        k.clone_from(&s.shown);
    }
    shown
}

// --- litellm ----------------------------------------------------------------

/// `completion_kwargs` are exactly the reference's keywords (redacted);
/// `provider_route` is how LiteLLM itself names the same server, through
/// the variables it reads (see [`super::routes::SERVER_ROUTES`] for the
/// sources).
pub(super) fn litellm(t: &Target<'_>, w: &mut Writer) {
    let routes = t.routes;
    let mut env = vec![(routes.litellm_base_env, t.base(routes.litellm_base))];
    if let Some(key) = &t.key {
        env.push((routes.litellm_key_env, key.shown.as_str()));
    }
    let mut notes = Vec::new();
    if let Some(key) = &t.key {
        if key.redacted {
            w.redacted = true;
            notes.push(
                "the API key is redacted: export again with `--show-secrets` to write it in full"
                    .to_owned(),
            );
        }
    } else {
        notes.push(format!(
            "no Hugging Face token was found, so api_key is null: set HF_TOKEN or run `{}`",
            crate::hf_token::LOGIN_COMMAND
        ));
    }
    if routes.litellm_prefix == OPENAI_PREFIX {
        notes.push(format!(
            "{} and {} apply to every openai/ model in the process, and LiteLLM prefers OPENAI_BASE_URL when it is set",
            routes.litellm_base_env, routes.litellm_key_env
        ));
    }
    if t.bill_to.is_some() || t.effort.is_some() {
        notes.push(
            "no variable carries extra_headers or extra_body: pass them as in completion_kwargs"
                .to_owned(),
        );
    }
    let doc = LitellmDoc {
        model_id: t.id,
        completion_kwargs: completion_kwargs(t.params, t.key.as_ref()),
        provider_route: ProviderRoute {
            model: format!("{}{}", routes.litellm_prefix, t.name),
            env: Pairs(env),
            docs: routes.litellm_docs,
            model_info: t
                .context
                .map(|max_input_tokens| ModelInfo { max_input_tokens }),
        },
        redacted: w.redacted,
        notes,
    };
    w.line(&to_json_pretty(&doc));
}

/// The `litellm` export of an `anthropic/`, `bedrock/` or `openai/` id: the
/// keywords, and what LiteLLM reads for them itself.
pub(super) fn litellm_direct(r: &Resolution<'_>, options: &ExportOptions) -> Export {
    let direct = direct_route(r.route);
    let key = r
        .litellm
        .api_key
        .as_ref()
        .and_then(|k| k.as_deref())
        .map(|k| Secret::new(k, options));
    let doc = LitellmDoc {
        model_id: r.model_id,
        completion_kwargs: completion_kwargs(&r.litellm, key.as_ref()),
        provider_route: ProviderRoute {
            model: r.litellm.model.clone(),
            env: Pairs(Vec::new()),
            docs: direct.docs,
            model_info: options.context.map(|n| ModelInfo {
                max_input_tokens: n.get(),
            }),
        },
        redacted: false,
        notes: vec![format!(
            "LiteLLM reads {} itself for {} ids; modelroute resolves no endpoint or key for them",
            direct.reads.join(", "),
            direct.prefix
        )],
    };
    Export {
        format: ExportFormat::Litellm,
        text: format!("{}\n", to_json_pretty(&doc)),
        redacted: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_quoting_escapes_what_yaml_forbids() {
        assert_eq!(json_quote("a\"b\\c/"), r#""a\"b\\c/""#);
        assert_eq!(json_quote("\u{1}\u{85}\u{2028}"), r#""\u0001\u0085\u2028""#);
        assert_eq!(
            json_quote("\u{8}\u{c}\n\r\t\u{7f}"),
            r#""\u0008\u000c\n\r\t\u007f""#
        );
        assert_eq!(json_quote("…é"), "\"…é\"");
    }

    #[test]
    fn inline_json_uses_pythons_separators_and_pretty_json_two_spaces() {
        let pairs = Pairs(vec![("a", "1"), ("b", "x")]);
        assert_eq!(to_json_inline(&pairs), r#"{"a": "1", "b": "x"}"#);
        assert_eq!(to_json_inline(&[1, 2]), "[1, 2]");
        assert_eq!(
            to_json_pretty(&pairs),
            "{\n  \"a\": \"1\",\n  \"b\": \"x\"\n}"
        );
        assert_eq!(to_json_pretty(&Pairs(Vec::new())), "{}");
        assert_eq!(to_json_pretty(&Vec::<u8>::new()), "[]");
    }
}
