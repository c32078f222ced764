//! The exports written as shell lines or a `.env` file: `env`, `dotenv`,
//! `openai` and `curl`, and their quoting.

use serde::Serialize;

use super::json::{json_quote, to_json_inline};
use super::{ExportError, ExportFormat, Secret, Target, Unrepresentable, Writer};
use crate::hf_token::{BILL_TO_HEADER, HF_BILL_TO, INFERENCE_TOKEN};
use crate::providers::HF_ROUTER_BASE_URL;

// --- env, dotenv -------------------------------------------------------------

/// modelroute's own variables for the endpoint: for each value, the
/// variable it reads first that yields the same answer, so sourcing the
/// file reproduces the resolution whatever else is set.
fn bindings<'t>(t: &'t Target<'_>) -> Vec<(&'static str, &'t str, Option<&'t Secret>)> {
    let mut b = Vec::new();
    if let Some(p) = t.provider {
        b.push((p.base_url_env, t.configured_base(), None));
    }
    if let (Some(key), Some(name)) = (&t.key, t.key_env()) {
        b.push((name, key.shown.as_str(), Some(key)));
        if name == INFERENCE_TOKEN {
            b.push((HF_BILL_TO, t.bill_to.unwrap_or(""), None));
        }
    }
    b
}

pub(super) fn variables(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let dotenv = w.format == ExportFormat::Dotenv;
    w.comment(if dotenv {
        "modelroute's own variables for this endpoint, the ones it reads first;\nmodelroute and python-dotenv read them back unchanged from a .env file"
    } else {
        "modelroute's own variables for this endpoint, the ones it reads first:\nsource this file in a POSIX shell (`. ./file`) and modelroute resolves the same"
    });
    if t.provider.is_none() {
        w.comment(&format!(
            "the Hugging Face Router's endpoint is fixed: {HF_ROUTER_BASE_URL}"
        ));
    }
    if t.key.is_none() {
        w.comment(&format!(
            "no Hugging Face token was found, so api_key is null: set HF_TOKEN or run `{}`",
            crate::hf_token::LOGIN_COMMAND
        ));
    }
    if let Some(level) = t.effort {
        w.comment(&format!(
            "the reasoning effort `{level}` comes from --effort: no variable carries it"
        ));
    }
    let problems: &[Unrepresentable] = if dotenv {
        &[Unrepresentable::Nul, Unrepresentable::Interpolation]
    } else {
        &[Unrepresentable::Nul]
    };
    for (name, value, secret) in bindings(t) {
        w.check(name, value, problems)?;
        if let Some(s) = secret {
            w.secret(name, s);
        }
        if dotenv {
            w.line(&format!("{name}={}", dotenv_quote(value)));
        } else {
            w.line(&format!("export {name}={}", sh_quote(value)));
        }
    }
    Ok(())
}

// --- openai -----------------------------------------------------------------

/// openai-python and openai-node read `OPENAI_BASE_URL` and `OPENAI_API_KEY`
/// (`src/openai/_client.py`: `base_url = os.environ.get("OPENAI_BASE_URL")`);
/// neither reads a model, so `OPENAI_MODEL` is for the caller's own code.
pub(super) fn openai(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let key = t.require_key(ExportFormat::Openai)?;
    w.comment("OpenAI SDK clients (openai-python, openai-node) read OPENAI_BASE_URL and OPENAI_API_KEY;\nthey read no model: pass OPENAI_MODEL yourself, e.g. model=os.environ[\"OPENAI_MODEL\"]");
    if let Some(bill_to) = t.bill_to {
        w.comment(&format!(
            "also pass default_headers={{{}: {}}}",
            json_quote(BILL_TO_HEADER),
            json_quote(bill_to)
        ));
    }
    if let Some(level) = t.effort {
        w.comment(&format!(
            "also pass extra_body={{\"reasoning_effort\": {}}}",
            json_quote(level)
        ));
    }
    let nul = &[Unrepresentable::Nul];
    w.check("OPENAI_BASE_URL", t.api_base, nul)?;
    w.check("OPENAI_API_KEY", &key.shown, nul)?;
    w.check("OPENAI_MODEL", t.name, nul)?;
    w.line(&format!("export OPENAI_BASE_URL={}", sh_quote(t.api_base)));
    w.secret("OPENAI_API_KEY", key);
    w.line(&format!("export OPENAI_API_KEY={}", sh_quote(&key.shown)));
    w.line(&format!("export OPENAI_MODEL={}", sh_quote(t.name)));
    Ok(())
}

// --- curl -------------------------------------------------------------------

/// The reference's 1-token probe body, its keys in this order.
#[derive(Serialize)]
struct ProbeBody<'a> {
    model: &'a str,
    messages: [Message; 1],
    max_tokens: u32,
    stream: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reasoning_effort: Option<&'static str>,
}

#[derive(Serialize)]
struct Message {
    role: &'static str,
    content: &'static str,
}

/// SPEC §6: `POST <api_base>/chat/completions` with `Authorization: Bearer
/// <api_key>` and the 1-token body, 15 s for the whole call. The model is
/// LiteLLM's without `openai/`, which is what LiteLLM sends the server.
/// `--fail-with-body` (curl 7.76+) makes a 4xx or 5xx a failure, as it is
/// for the reference, while still showing the server's answer.
pub(super) fn curl(t: &Target<'_>, w: &mut Writer) -> Result<(), ExportError> {
    let key = t.require_key(ExportFormat::Curl)?;
    let nul = &[Unrepresentable::Nul];
    let header = &[Unrepresentable::Nul, Unrepresentable::LineBreakInHeader];
    w.check("api_base", t.api_base, header)?;
    w.check("Authorization", &key.shown, header)?;
    if let Some(b) = t.bill_to {
        w.check(BILL_TO_HEADER, b, header)?;
    }
    w.check("model", t.name, nul)?;
    w.comment("the reference's 1-token probe: one chat completion, max_tokens 1, 15 s in all");
    w.secret("the bearer token", key);
    let body = ProbeBody {
        model: t.name,
        messages: [Message {
            role: "user",
            content: "ping",
        }],
        max_tokens: 1,
        stream: false,
        // LiteLLM merges extra_body into the request body.
        reasoning_effort: t.effort,
    };
    let mut lines = vec![
        "curl --fail-with-body --silent --show-error --max-time 15".to_owned(),
        format!("-X POST {}", sh_quote(&t.chat_url())),
        format!(
            "-H {}",
            sh_quote(&format!("Authorization: Bearer {}", key.shown))
        ),
        format!("-H {}", sh_quote("Content-Type: application/json")),
    ];
    if let Some(b) = t.bill_to {
        lines.push(format!(
            "-H {}",
            sh_quote(&format!("{BILL_TO_HEADER}: {b}"))
        ));
    }
    lines.push(format!("--data-raw {}", sh_quote(&to_json_inline(&body))));
    w.line(&lines.join(" \\\n  "));
    Ok(())
}

/// POSIX single quotes: everything is literal except `'`, written `'\''`.
/// Newlines and every other byte survive as they are.
///
/// ```text
/// it's  ->  'it'\''s'
/// ```
pub(super) fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A python-dotenv double-quoted value: `\\`, `\"` and the control escapes
/// it decodes (`\\[\\'"abfnrtv]`); other characters stay as they are. `\r`
/// is escaped because Python reads files with universal newlines.
fn dotenv_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            '\u{7}' => out.push_str(r"\a"),
            '\u{8}' => out.push_str(r"\b"),
            '\u{b}' => out.push_str(r"\v"),
            '\u{c}' => out.push_str(r"\f"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting_escapes_only_single_quotes() {
        assert_eq!(sh_quote("a b"), "'a b'");
        assert_eq!(sh_quote("it's"), r"'it'\''s'");
        assert_eq!(sh_quote("a\nb"), "'a\nb'");
        assert_eq!(sh_quote(""), "''");
    }
}
