//! The exports written as YAML: `aider`, `continue` and `llm`, and the
//! small YAML writer they share (block style, every string
//! double-quoted with [`json_quote`], so no value reads as a number,
//! boolean, null or anchor).

use super::json::json_quote;
use super::routes::{AIDER_OPENAI_COMPATIBLE, LLM_KEY_PREFIX};
use super::shell::sh_quote;
use super::{printable, ExportError, ExportFormat, Target, Writer};
use crate::hf_token::BILL_TO_HEADER;
use crate::providers::PLACEHOLDER_API_KEY;

// --- aider ------------------------------------------------------------------

/// The model name aider is given, and LiteLLM's provider prefix in it:
/// LiteLLM's own prefix where aider documents it for the server
/// (`ollama_chat/llama3.1:8b`), else the OpenAI-compatible `openai/<name>`.
/// `aider-metadata` keys its entry by the same name.
pub(super) fn aider_model(t: &Target<'_>) -> (String, &'static str) {
    match t.routes.aider_native {
        Some(_) => (
            format!("{}{}", t.routes.litellm_prefix, t.name),
            t.routes.litellm_prefix,
        ),
        None => (t.model.to_owned(), super::routes::OPENAI_PREFIX),
    }
}

/// `.aider.conf.yml` (https://aider.chat/docs/config/aider_conf.html): keys
/// are the long options without `--`. `model`, `openai-api-base` and
/// `openai-api-key` for the generic OpenAI-compatible setup; `set-env` (a
/// list of `NAME=value`) for LiteLLM's own prefixes, which aider documents
/// for Ollama (with the larger context window it sets for `ollama_chat/`)
/// and LM Studio. `reasoning-effort` goes into `extra_body`, as the
/// reference's HF Router effort does (aider `models.py`,
/// `set_reasoning_effort`).
pub(super) fn aider(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let key = t.require_key(ExportFormat::Aider)?;
    let routes = t.routes;
    let mut conf = Vec::new();
    match routes.aider_native {
        Some(page) => {
            w.comment(&format!(
                ".aider.conf.yml (https://aider.chat/docs/config/aider_conf.html), for {}\nthrough LiteLLM's {} prefix, as aider documents it ({page})",
                t.server_name(),
                routes.litellm_prefix
            ));
            w.secret(routes.litellm_key_env, key);
            conf.push(("model", Node::Str(aider_model(t).0)));
            conf.push((
                "set-env",
                Node::List(vec![
                    Node::Str(format!(
                        "{}={}",
                        routes.litellm_base_env,
                        t.base(routes.litellm_base)
                    )),
                    Node::Str(format!("{}={}", routes.litellm_key_env, key.shown)),
                ]),
            ));
        }
        None => {
            w.comment(&format!(
                ".aider.conf.yml (https://aider.chat/docs/config/aider_conf.html), for {}\nas an OpenAI-compatible API ({AIDER_OPENAI_COMPATIBLE})",
                t.server_name()
            ));
            w.secret("openai-api-key", key);
            conf.push(("model", Node::Str(aider_model(t).0)));
            conf.push(("openai-api-base", Node::str(t.api_base)));
            conf.push(("openai-api-key", Node::str(&key.shown)));
        }
    }
    if let Some(level) = t.effort {
        conf.push(("reasoning-effort", Node::str(level)));
    }
    if let Some(n) = t.context {
        w.comment(&format!(
            "aider reads the context window ({n} tokens) from .aider.model.metadata.json, not from this file:\nmodelroute export {} --to aider-metadata --context {n}",
            printable(t.id)
        ));
    }
    if let Some(b) = t.bill_to {
        w.comment(&format!(
            "the header {BILL_TO_HEADER}: {} has no key here: add it to .aider.model.settings.yml\nunder extra_params: extra_headers (https://aider.chat/docs/config/adv-model-settings.html)",
            printable(b)
        ));
    }
    w.line(yaml_map(&conf, 0).trim_end());
    Ok(())
}

// --- continue ---------------------------------------------------------------

/// Continue's `config.yaml` (https://docs.continue.dev/reference): `name`,
/// `version` and `schema` are required at the top; a models entry has
/// `name`, `provider`, `model`, `apiBase`, `apiKey`, and `requestOptions`
/// with `headers` and `extraBodyProperties`.
pub(super) fn continue_config(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let key = t.require_key(ExportFormat::Continue)?;
    let routes = t.routes;
    w.comment(&format!(
        "Continue config.yaml (https://docs.continue.dev/reference): save it as an assistant,\ne.g. ~/.continue/assistants/local.yaml, or merge its models entry into yours;\n{} with provider {} ({})",
        t.server_name(),
        routes.continue_provider,
        routes.continue_docs
    ));
    w.secret("apiKey", key);
    let mut entry = vec![
        ("name", Node::str(t.id)),
        ("provider", Node::str(routes.continue_provider)),
        ("model", Node::str(t.name)),
        ("apiBase", Node::str(t.base(routes.continue_base))),
        ("apiKey", Node::str(&key.shown)),
    ];
    if let Some(n) = t.context {
        entry.push((
            "defaultCompletionOptions",
            Node::Map(vec![("contextLength", Node::Int(n))]),
        ));
    }
    let mut request = Vec::new();
    if let Some(b) = t.bill_to {
        request.push(("headers", Node::Map(vec![(BILL_TO_HEADER, Node::str(b))])));
    }
    if let Some(level) = t.effort {
        request.push((
            "extraBodyProperties",
            Node::Map(vec![("reasoning_effort", Node::str(level))]),
        ));
    }
    if !request.is_empty() {
        entry.push(("requestOptions", Node::Map(request)));
    }
    let conf = vec![
        ("name", Node::str("modelroute")),
        ("version", Node::str("0.0.1")),
        ("schema", Node::str("v1")),
        ("models", Node::List(vec![Node::Map(entry)])),
    ];
    w.line(yaml_map(&conf, 0).trim_end());
    Ok(())
}

// --- llm --------------------------------------------------------------------

/// simonw/llm's `extra-openai-models.yaml`
/// (https://llm.datasette.io/en/stable/other-models.html#openai-compatible-models):
/// `model_id` is what `llm -m` takes, `model_name` what the API is sent,
/// `api_base` the OpenAI client's base URL, `api_key_name` a key stored
/// with `llm keys set <name> --value <key>`, `headers` extra HTTP headers.
/// Without `api_key_name` llm sends no real key, which servers that need
/// none accept: so the placeholder key needs no stored key.
pub(super) fn llm(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let key = t.require_key(ExportFormat::Llm)?;
    w.comment("an entry for llm's extra-openai-models.yaml, in the directory of `llm logs path`\n(https://llm.datasette.io/en/stable/other-models.html#openai-compatible-models)");
    let mut entry = vec![
        ("model_id", Node::str(t.id)),
        ("model_name", Node::str(t.name)),
        ("api_base", Node::str(t.api_base)),
    ];
    if key.shown != PLACEHOLDER_API_KEY {
        let key_name = format!("{LLM_KEY_PREFIX}{}", t.provider.map_or("hf", |p| p.id));
        w.secret("the key", key);
        w.comment("store the key first:");
        w.comment(&format!(
            "  llm keys set {key_name} --value {}",
            sh_quote(&key.shown)
        ));
        entry.push(("api_key_name", Node::Str(key_name)));
    }
    if let Some(b) = t.bill_to {
        entry.push(("headers", Node::Map(vec![(BILL_TO_HEADER, Node::str(b))])));
    }
    if let Some(level) = t.effort {
        w.comment(&format!(
            "llm has no setting for extra body fields: the effort `{level}` is not sent"
        ));
    }
    w.line(yaml_list(&[Node::Map(entry)], 0).trim_end());
    Ok(())
}

/// A value in a YAML document: the exports write strings and token
/// counts, in mappings (keys in order) and sequences.
#[derive(Debug, Clone)]
enum Node {
    Str(String),
    Int(u32),
    Map(Vec<(&'static str, Node)>),
    List(Vec<Node>),
}

impl Node {
    fn str(s: &str) -> Node {
        Node::Str(s.to_owned())
    }
}

/// A YAML mapping key: plain when it is a simple name, else quoted.
fn yaml_key(k: &str) -> String {
    let plain = k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        k.to_owned()
    } else {
        json_quote(k)
    }
}

/// A block mapping at `indent`; every string double-quoted (JSON's
/// quoting, which YAML reads the same), so no value is read as a number,
/// boolean, null or anchor.
fn yaml_map(entries: &[(&'static str, Node)], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for (k, v) in entries {
        out.push_str(&pad);
        out.push_str(&yaml_key(k));
        out.push(':');
        match v {
            Node::Map(m) if !m.is_empty() => {
                out.push('\n');
                out.push_str(&yaml_map(m, indent + 2));
            }
            Node::List(l) if !l.is_empty() => {
                out.push('\n');
                out.push_str(&yaml_list(l, indent + 2));
            }
            Node::Map(_) => out.push_str(" {}\n"),
            Node::List(_) => out.push_str(" []\n"),
            Node::Str(text) => {
                out.push(' ');
                out.push_str(&json_quote(text));
                out.push('\n');
            }
            Node::Int(n) => {
                out.push(' ');
                out.push_str(&n.to_string());
                out.push('\n');
            }
        }
    }
    out
}

/// A block sequence at `indent`; a mapping item starts on the `- ` line.
fn yaml_list(items: &[Node], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for item in items {
        match item {
            Node::Map(m) if !m.is_empty() => {
                let inner = yaml_map(m, indent + 2);
                out.push_str(&pad);
                out.push_str("- ");
                out.push_str(&inner[indent + 2..]);
            }
            Node::List(l) if !l.is_empty() => {
                out.push_str(&pad);
                out.push_str("-\n");
                out.push_str(&yaml_list(l, indent + 2));
            }
            Node::Map(_) => out.push_str(&format!("{pad}- {{}}\n")),
            Node::List(_) => out.push_str(&format!("{pad}- []\n")),
            Node::Str(text) => {
                out.push_str(&pad);
                out.push_str("- ");
                out.push_str(&json_quote(text));
                out.push('\n');
            }
            Node::Int(n) => out.push_str(&format!("{pad}- {n}\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_lists_of_maps_start_on_the_dash_line() {
        let doc = yaml_map(
            &[(
                "models",
                Node::List(vec![Node::Map(vec![
                    ("name", Node::str("a")),
                    ("n", Node::str("1")),
                ])]),
            )],
            0,
        );
        assert_eq!(doc, "models:\n  - name: \"a\"\n    n: \"1\"\n");
    }
}
