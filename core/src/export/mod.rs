//! `export`: a resolution written in the form another tool reads.
//!
//! One environment should drive every tool on a machine, yet each tool
//! names the same server its own way: LiteLLM reads `OLLAMA_API_BASE`
//! without `/v1` and `HOSTED_VLLM_API_BASE` with it, OpenAI SDK clients read
//! `OPENAI_BASE_URL`, aider, Continue and `llm` each have a config file.
//! [`export`] renders one [`Resolution`] in any format of
//! [`EXPORT_FORMATS`], as a pure function, so the CLI, the wasm package and
//! the demo offer the same exports byte for byte.
//!
//! Secrets are masked with [`crate::redact`](fn@crate::redact) unless
//! [`ExportOptions::show_secrets`] is set, and every format that has
//! comments says so next to the masked value (JSON says it in `redacted`
//! and `notes`). The placeholder key `sk-local-no-key-required` is a public
//! constant and is never masked, so a default local setup exports ready to
//! use.
//!
//! Where each format comes from is cited beside its renderer below and in
//! `docs/export.md`; every choice made for a route or a format is listed
//! there too.
//!
//! The module by concern: `formats` (the table of formats), `error`,
//! `routes` (how each tool names each server), and one writer per syntax
//! family: `shell` (`env`, `dotenv`, `openai`, `curl`), `json`
//! (`litellm`, on serde_json) and `yaml` (`aider`, `continue`, `llm`).
//! What they share is here: the [`export`] entry point, the resolved
//! target, and the text writer that keeps comments and masked secrets.

use std::fmt::{self, Write as _};
use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use crate::base_url;
use crate::env::Source;
use crate::model_id::{ModelId, Route};
use crate::providers::{LocalProvider, PLACEHOLDER_API_KEY};
use crate::redact::redact;
use crate::resolve::{LiteLlmParams, Resolution};

mod agents;
mod error;
mod formats;
mod json;
mod routes;
mod shell;
mod yaml;

pub use error::{ExportError, ExportErrorKind, Unrepresentable, EXPORT_ERROR_CODES};
pub use formats::{
    ContextField, ExportFormat, ExportFormatInfo, KeyHandling, Syntax, UnknownExportFormat,
    EXPORT_FORMATS,
};
// The probe's request bodies quote strings as the exports do.
#[cfg(feature = "probe")]
pub(crate) use json::json_quote;
use routes::{
    BaseForm, ServerRoutes, CHAT_COMPLETIONS, OPENAI_PREFIX, REDACTED_NOTICE, SERVER_ROUTES,
};

/// What a caller passes besides the resolution and the format.
///
/// Deserializes from `{"show_secrets": bool, "context": N}` (both
/// optional); unknown names are refused, and so is a context of 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportOptions {
    /// Write API keys in full instead of masked.
    pub show_secrets: bool,
    /// The model's context window in tokens, as the server serves it, for
    /// the formats that have a field for it. Never guessed: when it is
    /// `None` those fields are left out (and the formats whose tool
    /// requires one fail with `export_needs_context`).
    pub context: Option<NonZeroU32>,
}

/// A written export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Export {
    /// The format it is written in.
    pub format: ExportFormat,
    /// The text, ending in a newline.
    pub text: String,
    /// Whether a secret in `text` is masked (the text says so too).
    pub redacted: bool,
}

impl fmt::Display for Export {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Writes `r` in `format`.
///
/// ```
/// use modelroute_core::{export, resolve, ExportFormat, ExportOptions, ResolveOptions};
/// let env = [("VLLM_BASE_URL", "http://gpu:8000/"), ("VLLM_API_KEY", "sk-secret-0123456789")];
/// let r = resolve("vllm/meta-llama/Llama-3.1-8B-Instruct", &env, &ResolveOptions::default())?;
/// let e = export(&r, ExportFormat::Env, &ExportOptions::default())?;
/// assert!(e.text.contains("export VLLM_BASE_URL='http://gpu:8000'\n"));
/// assert!(e.text.contains("export VLLM_API_KEY='sk-s…6789'\n"));
/// assert!(e.redacted);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ExportErrorKind::Unsupported`] for `anthropic/`, `bedrock/` and
/// `openai/` ids in any format but `litellm`; [`ExportErrorKind::MissingKey`]
/// for an HF Router id without a token in a format that sends requests;
/// [`ExportErrorKind::Unrepresentable`] for a value the format cannot carry.
pub fn export(
    r: &Resolution<'_>,
    format: ExportFormat,
    options: &ExportOptions,
) -> Result<Export, ExportError> {
    // A password inside the base URL is a secret like the key: masked
    // unless secrets were asked for.
    if !options.show_secrets {
        if let Some(base) = &r.litellm.api_base {
            let masked = crate::redact_url(base);
            if masked != *base {
                let mut copy = r.clone();
                copy.litellm.api_base = Some(masked);
                return export(&copy, format, options).map(|mut e| {
                    e.redacted = true;
                    e
                });
            }
        }
    }
    let Some(t) = Target::of(r, options) else {
        if format == ExportFormat::Litellm {
            return Ok(json::litellm_direct(r, options));
        }
        return Err(ExportErrorKind::Unsupported {
            format,
            id: r.model_id.to_owned(),
            route: r.route,
        }
        .into());
    };
    let mut w = Writer::new(format, t.id);
    match format {
        ExportFormat::Env | ExportFormat::Dotenv => shell::variables(&t, &mut w)?,
        ExportFormat::Litellm => json::litellm(&t, &mut w),
        ExportFormat::Openai => shell::openai(&t, &mut w)?,
        ExportFormat::Curl => shell::curl(&t, &mut w)?,
        ExportFormat::Aider => yaml::aider(&t, &mut w)?,
        ExportFormat::Continue => yaml::continue_config(&t, &mut w)?,
        ExportFormat::Llm => yaml::llm(&t, &mut w)?,
        ExportFormat::Codex => agents::codex(&t, &mut w)?,
        ExportFormat::Opencode => agents::opencode(&t, &mut w)?,
        ExportFormat::Pi => agents::pi(&t, &mut w)?,
        ExportFormat::Goose => agents::goose(&t, &mut w)?,
        ExportFormat::AiderMetadata => agents::aider_metadata(&t, &mut w)?,
    }
    Ok(w.finish())
}

/// A value that may be a secret, as it is written.
#[derive(Debug, Clone)]
struct Secret {
    shown: String,
    redacted: bool,
}

impl Secret {
    fn new(value: &str, options: &ExportOptions) -> Secret {
        // The placeholder is a public constant: masking it would only make a
        // default local setup unusable.
        let shown = if options.show_secrets || value == PLACEHOLDER_API_KEY {
            value.to_owned()
        } else {
            redact(value)
        };
        Secret {
            redacted: shown != value,
            shown,
        }
    }
}

/// A local server or the HF Router: what every format but `litellm` on a
/// direct route is built from.
struct Target<'r> {
    id: &'r str,
    provider: Option<&'static LocalProvider>,
    routes: &'static ServerRoutes,
    params: &'r LiteLlmParams,
    /// LiteLLM's model (`openai/llama3.1:8b`).
    model: &'r str,
    /// The name the server is sent (`llama3.1:8b`).
    name: &'r str,
    /// Ends in `/v1`.
    api_base: &'r str,
    /// `None` when the HF Router found no token.
    key: Option<Secret>,
    key_source: Source,
    bill_to: Option<&'r str>,
    effort: Option<&'static str>,
    /// The context window the caller gave ([`ExportOptions::context`]).
    context: Option<u32>,
}

impl<'r> Target<'r> {
    /// `None` for the routes LiteLLM serves directly.
    fn of(r: &'r Resolution<'_>, options: &ExportOptions) -> Option<Target<'r>> {
        let (provider, server) = match r.parsed {
            ModelId::Local { provider, .. } => (Some(provider), provider.id),
            ModelId::HfRouter { .. } => (None, Route::HfRouter.as_str()),
            _ => return None,
        };
        let routes = SERVER_ROUTES.iter().find(|s| s.server == server)?;
        let api_base = r.litellm.api_base.as_deref()?;
        let model = r.litellm.model.as_str();
        Some(Target {
            id: r.model_id,
            provider,
            routes,
            params: &r.litellm,
            model,
            name: model.strip_prefix(OPENAI_PREFIX).unwrap_or(model),
            api_base,
            key: r
                .litellm
                .api_key
                .as_ref()
                .and_then(|k| k.as_deref())
                .map(|k| Secret::new(k, options)),
            key_source: r.sources.api_key.map_or(Source::None, |p| p.source),
            bill_to: r.litellm.extra_headers.as_ref().map(|h| h.bill_to.as_str()),
            effort: r.litellm.extra_body.as_ref().map(|b| b.reasoning_effort),
            context: options.context.map(NonZeroU32::get),
        })
    }

    /// The variable `--to env` writes the key to: the provider's own, or
    /// for the router `INFERENCE_TOKEN` when that supplied it (it also
    /// decides the billing header), else `HF_TOKEN`, which stands for every
    /// later source (session, token file). `None` without a key.
    fn key_env(&self) -> Option<&'static str> {
        self.key.as_ref()?;
        Some(match (self.provider, self.key_source) {
            (Some(p), _) => p.api_key_env,
            (None, Source::Env(crate::env::EnvVar::INFERENCE_TOKEN)) => {
                crate::hf_token::INFERENCE_TOKEN
            }
            (None, _) => crate::hf_token::HF_TOKEN,
        })
    }

    /// The variable an agent that reads the key at run time is pointed at:
    /// [`Target::key_env`], so `eval "$(modelroute export <id> --to env)"`
    /// sets it. `None` for the public placeholder, which no server checks.
    fn key_var(&self) -> Option<&'static str> {
        match &self.key {
            Some(k) if k.shown == PLACEHOLDER_API_KEY => None,
            _ => self.key_env(),
        }
    }

    /// The id an agent's config names this server by:
    /// `modelroute-<server>` (`modelroute-llamacpp`), never one of the
    /// names agents reserve for their own built-in providers.
    fn provider_key(&self) -> String {
        format!("modelroute-{}", self.routes.server.replace('_', "-"))
    }

    fn base(&self, form: BaseForm) -> &'r str {
        match form {
            BaseForm::V1 => self.api_base,
            BaseForm::Root => self
                .api_base
                .strip_suffix(base_url::V1_SUFFIX)
                .unwrap_or(self.api_base),
        }
    }

    /// The base URL as a person writes it in modelroute's own variable: the
    /// server root when modelroute turns it back into the same `api_base`,
    /// else `api_base` itself (normalization keeps a trailing `/v1`).
    fn configured_base(&self) -> &'r str {
        let root = self.base(BaseForm::Root);
        if root != self.api_base && base_url::normalize(root) == self.api_base {
            root
        } else {
            self.api_base
        }
    }

    fn server_name(&self) -> &'static str {
        self.provider
            .map_or("the Hugging Face Router", |p| p.display_name)
    }

    fn chat_url(&self) -> String {
        format!("{}{CHAT_COMPLETIONS}", self.api_base)
    }

    /// The key, or [`ExportErrorKind::MissingKey`] for formats that send
    /// requests.
    fn require_key(&self, format: ExportFormat) -> Result<&Secret, ExportError> {
        self.key.as_ref().ok_or_else(|| {
            ExportErrorKind::MissingKey {
                format,
                id: self.id.to_owned(),
            }
            .into()
        })
    }
}

/// Builds an export's text, tracking masked secrets and checking values.
struct Writer {
    format: ExportFormat,
    out: String,
    redacted: bool,
}

impl Writer {
    /// Starts every format with comments with the same first line.
    fn new(format: ExportFormat, id: &str) -> Writer {
        let mut w = Writer {
            format,
            out: String::new(),
            redacted: false,
        };
        if format.info().syntax != Syntax::Json {
            w.comment(&format!(
                "modelroute export {} --to {format}",
                printable(id)
            ));
        }
        w
    }

    fn comment(&mut self, text: &str) {
        for line in text.split('\n') {
            self.out.push_str("# ");
            self.out.push_str(&printable(line));
            self.out.push('\n');
        }
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Notes a secret; says so in a comment when it is masked.
    fn secret(&mut self, what: &str, secret: &Secret) {
        if secret.redacted {
            self.redacted = true;
            if self.format.info().syntax != Syntax::Json {
                self.comment(&format!("{what} {REDACTED_NOTICE}"));
            }
        }
    }

    fn check(
        &self,
        name: &'static str,
        value: &str,
        problems: &[Unrepresentable],
    ) -> Result<(), ExportError> {
        for &problem in problems {
            let found = match problem {
                Unrepresentable::Nul => value.contains('\0'),
                Unrepresentable::Interpolation => value.contains("${"),
                Unrepresentable::LineBreakInHeader => value.contains(['\r', '\n']),
            };
            if found {
                return Err(ExportErrorKind::Unrepresentable {
                    format: self.format,
                    name,
                    problem,
                }
                .into());
            }
        }
        Ok(())
    }

    fn finish(self) -> Export {
        Export {
            format: self.format,
            text: self.out,
            redacted: self.redacted,
        }
    }
}

/// Text safe inside a `#` comment or a message: control characters and
/// line separators are written `\u{…}`, so an id can never end a comment.
fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `A`, `B` and `C` → "`A`, `B` and `C`".
fn backticked(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_cannot_be_ended_by_a_value() {
        assert_eq!(printable("a\nrm -rf ~"), "a\\u{a}rm -rf ~");
        assert_eq!(printable("x\u{2028}y"), "x\\u{2028}y");
    }

    #[test]
    fn backticked_joins_names() {
        assert_eq!(backticked(&["A"]), "`A`");
        assert_eq!(backticked(&["A", "B", "C"]), "`A`, `B` and `C`");
    }
}
