//! `resolve`: a model id plus an environment in, LiteLLM keywords out.
//!
//! The routes are tried in the reference's order (SPEC §3). The keywords in
//! [`LiteLlmParams`] are exactly the reference's: same keys, same values,
//! `api_key: null` where it has `None`. Everything else a caller may want to
//! show (where each value came from, what happened to the effort) sits
//! beside them in [`Resolution`], never inside.

use serde::{Deserialize, Serialize};

use crate::base_url;
use crate::effort::{self, EffortOutcome, Placed, Placement};
use crate::env::{Chain, Env, EnvVar, Provenance, Source, State};
use crate::error::{Error, ErrorKind};
use crate::hf_token::{self, DEFAULT_BILL_TO, HF_BILL_TO};
use crate::model_id::{self, ModelId, Route};
use crate::providers::{
    LocalProvider, HF_ROUTER_BASE_URL, LOCAL_LLM_BASE_URL, PLACEHOLDER_API_KEY,
};
use crate::whitespace::first_py_space;

/// What a caller passes besides the id and the environment.
///
/// Deserializes from `{"effort", "strict", "session_token", "hf_token_file"}`
/// (all optional); unknown names are refused so a typo is not silently
/// ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ResolveOptions {
    /// Requested reasoning effort; absent or `""` means none.
    pub effort: Option<String>,
    /// Raise instead of dropping an effort the route does not accept.
    pub strict: bool,
    /// The session's Hugging Face token (the reference's `session_hf_token`).
    pub session_token: Option<String>,
    /// Contents of the Hugging Face token file, read by the caller; `None`
    /// when it does not exist. Core never touches the disk.
    pub hf_token_file: Option<String>,
}

/// `{type: "adaptive"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Thinking {
    /// Always `"adaptive"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// `{effort: level}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutputConfig {
    /// The effort level.
    pub effort: &'static str,
}

/// `{reasoning_effort: level}` for the HF Router's `extra_body`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtraBody {
    /// The effort level.
    pub reasoning_effort: &'static str,
}

/// `{"X-HF-Bill-To": value}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtraHeaders {
    /// The billing target.
    #[serde(rename = "X-HF-Bill-To")]
    pub bill_to: String,
}

/// The keyword arguments the reference hands to `litellm.completion`.
///
/// Absent keys are absent (not `null`), except `api_key`, which is `null`
/// when the HF Router has no token, as in the reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiteLlmParams {
    /// LiteLLM model string (`openai/llama3.1:8b`).
    pub model: String,
    /// Endpoint base, ending in `/v1` for local servers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_base: Option<String>,
    /// `None`: no key field; `Some(None)`: `api_key: null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<Option<String>>,
    /// HF billing header, with `INFERENCE_TOKEN` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_headers: Option<ExtraHeaders>,
    /// HF Router effort.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_body: Option<ExtraBody>,
    /// OpenAI effort.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_effort: Option<&'static str>,
    /// Anthropic adaptive thinking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thinking: Option<Thinking>,
    /// Anthropic effort.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_config: Option<OutputConfig>,
}

impl LiteLlmParams {
    fn model_only(model: &str) -> Self {
        LiteLlmParams {
            model: model.to_owned(),
            api_base: None,
            api_key: None,
            extra_headers: None,
            extra_body: None,
            reasoning_effort: None,
            thinking: None,
            output_config: None,
        }
    }

    fn place_effort(&mut self, placement: Option<Placed>) {
        match placement {
            None => {}
            Some((Placement::AnthropicThinking, level)) => {
                self.thinking = Some(Thinking { kind: "adaptive" });
                self.output_config = Some(OutputConfig { effort: level });
            }
            Some((Placement::ReasoningEffort, level)) => self.reasoning_effort = Some(level),
            Some((Placement::ExtraBody, level)) => {
                self.extra_body = Some(ExtraBody {
                    reasoning_effort: level,
                })
            }
        }
    }
}

/// Where each value of the keywords came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sources {
    /// Always from the id.
    pub model: Provenance,
    /// Present when `api_base` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_base: Option<Provenance>,
    /// Present when `api_key` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<Provenance>,
    /// Present when the billing header is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<Provenance>,
}

/// A successful resolution: the keywords and their story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution<'a> {
    /// The id as given.
    pub model_id: &'a str,
    /// [`crate::is_valid_model_id`] of the id.
    pub valid: bool,
    /// [`crate::is_local`] of the id.
    pub local: bool,
    /// [`crate::requires_hf_token`] of the id.
    pub requires_hf_token: bool,
    /// The route taken.
    pub route: Route,
    /// Local provider id (`"ollama"`), the direct provider (`"anthropic"`,
    /// `"bedrock"`, `"openai"`), or `None` for the HF Router.
    pub provider: Option<&'static str>,
    /// The id taken apart.
    pub parsed: ModelId<'a>,
    /// The keywords for LiteLLM.
    pub litellm: LiteLlmParams,
    /// Where each value came from.
    pub sources: Sources,
    /// What became of the requested effort.
    pub effort: EffortOutcome,
}

/// Resolves `id` against `env` (SPEC §3).
///
/// ```
/// use modelroute_core::{resolve, ResolveOptions};
/// let env = [("LOCAL_LLM_BASE_URL", "http://gpu-box:8000/")];
/// let r = resolve("vllm/custom-model", &env, &ResolveOptions::default()).unwrap();
/// assert_eq!(r.litellm.model, "openai/custom-model");
/// assert_eq!(r.litellm.api_base.as_deref(), Some("http://gpu-box:8000/v1"));
/// assert_eq!(r.sources.api_base.unwrap().source.to_string(), "env:LOCAL_LLM_BASE_URL");
/// ```
///
/// # Errors
/// Reserved prefix, empty local name, whitespace in a local id, an
/// unusable base URL, an empty id, or (strict) an effort the route refuses.
pub fn resolve<'a>(
    id: &'a str,
    env: &(impl Env + ?Sized),
    options: &ResolveOptions,
) -> Result<Resolution<'a>, Error> {
    if id.is_empty() {
        return Err(ErrorKind::EmptyModelId.into());
    }
    let parsed = model_id::parse(id);
    let route = parsed.route();
    let effort_requested = options.effort.as_deref();
    let (litellm, sources, effort, provider, (valid, local)) = match parsed {
        ModelId::Anthropic { .. } | ModelId::Bedrock { .. } | ModelId::Openai { .. } => {
            let (placement, outcome) = effort::apply(route, effort_requested, options.strict)?;
            let mut params = LiteLlmParams::model_only(id);
            params.place_effort(placement);
            let sources = Sources {
                model: Provenance::single(Source::Id),
                api_base: None,
                api_key: None,
                bill_to: None,
            };
            let checks = model_id::checks(id);
            (params, sources, outcome, Some(route.as_str()), checks)
        }
        ModelId::Reserved { .. } => {
            return Err(ErrorKind::ReservedPrefix { id: id.to_owned() }.into());
        }
        ModelId::Local { provider, name } => {
            let (params, sources, outcome) = resolve_local(id, provider, name, env, options)?;
            // `resolve_local` refuses exactly the local ids `validity`
            // refuses (an empty name, whitespace), so this one is valid and
            // local without walking the id again (a proptest holds the two
            // together).
            (params, sources, outcome, Some(provider.id), (true, true))
        }
        ModelId::HfRouter { .. } => {
            let model = model_id::hf_router_model(id);
            let (params, sources, outcome) = resolve_hf_router(model, env, options)?;
            (params, sources, outcome, None, model_id::checks(id))
        }
    };
    Ok(Resolution {
        model_id: id,
        valid,
        local,
        requires_hf_token: !local,
        route,
        provider,
        parsed,
        litellm,
        sources,
        effort,
    })
}

type Resolved = (LiteLlmParams, Sources, EffortOutcome);

/// LiteLLM's name for a model behind an OpenAI-compatible endpoint. Built
/// without `format!`: this is on the hot path of every resolution.
fn openai_model(name: &str) -> String {
    const PREFIX: &str = "openai/";
    let mut model = String::with_capacity(PREFIX.len() + name.len());
    model.push_str(PREFIX);
    model.push_str(name);
    model
}

fn resolve_local(
    id: &str,
    provider: &'static LocalProvider,
    name: &str,
    env: &(impl Env + ?Sized),
    options: &ResolveOptions,
) -> Result<Resolved, Error> {
    // The reference checks a strict effort before the empty name.
    let (_, outcome) = effort::apply(Route::Local, options.effort.as_deref(), options.strict)?;
    if name.is_empty() {
        return Err(ErrorKind::EmptyModelName { id: id.to_owned() }.into());
    }
    if let Some((offset, found)) = first_py_space(id) {
        return Err(ErrorKind::WhitespaceInId {
            id: id.to_owned(),
            offset,
            found,
        }
        .into());
    }

    let mut base_chain = Chain::new();
    let own = base_chain.env(env, provider.base_url_var);
    let shared = base_chain.env(env, EnvVar::LOCAL_LLM_BASE_URL);
    base_chain.push(Source::Default, State::Builtin);
    let api_base = match (own, shared) {
        (Some(raw), _) => base_url::normalize_checked(raw, provider.base_url_env)?,
        (None, Some(raw)) => base_url::normalize_checked(raw, LOCAL_LLM_BASE_URL)?,
        (None, None) => base_url::normalize(provider.default_base_url),
    };

    let mut key_chain = Chain::new();
    let key = key_chain.env(env, provider.api_key_var);
    let shared_key = key_chain.env(env, EnvVar::LOCAL_LLM_API_KEY);
    key_chain.push(Source::Default, State::Builtin);
    let api_key = key.or(shared_key).unwrap_or(PLACEHOLDER_API_KEY);

    let mut params = LiteLlmParams::model_only("");
    params.model = openai_model(name);
    params.api_base = Some(api_base);
    params.api_key = Some(Some(api_key.to_owned()));
    let sources = Sources {
        model: Provenance::single(Source::Id),
        api_base: Some(base_chain.finish()),
        api_key: Some(key_chain.finish()),
        bill_to: None,
    };
    Ok((params, sources, outcome))
}

fn resolve_hf_router(
    model: &str,
    env: &(impl Env + ?Sized),
    options: &ResolveOptions,
) -> Result<Resolved, Error> {
    let (placement, outcome) =
        effort::apply(Route::HfRouter, options.effort.as_deref(), options.strict)?;
    let (key, key_provenance) = hf_token::router_key(
        env,
        options.session_token.as_deref(),
        options.hf_token_file.as_deref(),
    );
    let inference_token_won = key_provenance.source == Source::Env(EnvVar::INFERENCE_TOKEN);
    let mut params = LiteLlmParams::model_only("");
    params.model = openai_model(model);
    params.api_base = Some(HF_ROUTER_BASE_URL.to_owned());
    params.api_key = Some(key);
    let mut bill_to = None;
    if inference_token_won {
        let mut chain = Chain::new();
        let value = match env.var(HF_BILL_TO) {
            None => {
                chain.push(Source::Env(EnvVar::HF_BILL_TO), State::Unset);
                chain.push(Source::Default, State::Builtin);
                Some(DEFAULT_BILL_TO)
            }
            // An empty HF_BILL_TO means "no header", not "use the default".
            Some("") => {
                chain.push(Source::Env(EnvVar::HF_BILL_TO), State::Empty);
                None
            }
            Some(v) => {
                chain.push(Source::Env(EnvVar::HF_BILL_TO), State::Set);
                Some(v)
            }
        };
        if let Some(v) = value {
            params.extra_headers = Some(ExtraHeaders {
                bill_to: v.to_owned(),
            });
            bill_to = Some(chain.finish());
        }
    }
    params.place_effort(placement);
    let sources = Sources {
        model: Provenance::single(Source::Id),
        api_base: Some(Provenance::single(Source::Default)),
        api_key: Some(key_provenance),
        bill_to,
    };
    Ok((params, sources, outcome))
}

/// The levels of the effort cascade for `preference` that a strict resolve
/// of `id` accepts, in order: what the reference would actually try, with
/// no network call (SPEC §7).
///
/// ```
/// use modelroute_core::accepted_cascade;
/// assert_eq!(accepted_cascade("openai/gpt-5", "max"), ["xhigh", "high", "medium", "low"]);
/// assert_eq!(accepted_cascade("moonshotai/Kimi-K2", "max"), ["high", "medium", "low"]);
/// assert!(accepted_cascade("ollama/llama3", "high").is_empty());
/// ```
pub fn accepted_cascade<'p>(id: &str, preference: &'p str) -> Vec<&'p str> {
    let route = model_id::parse(id).route();
    if id.is_empty() || route == Route::Reserved {
        return Vec::new();
    }
    effort::effort_cascade(preference)
        .into_iter()
        .filter(|level| !level.is_empty() && effort::apply(route, Some(level), true).is_ok())
        .collect()
}

/// A resolution or its failure, with the id's checks either way: the one
/// object every surface prints (`resolve --json`, `--batch`, the wasm API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Report<'a> {
    /// The id resolved.
    Resolved(Box<Resolution<'a>>),
    /// It did not.
    Failed(Failure<'a>),
}

/// A failed resolution, with the checks that still apply to the id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure<'a> {
    /// The id as given.
    pub model_id: &'a str,
    /// [`crate::is_valid_model_id`] of the id.
    pub valid: bool,
    /// [`crate::is_local`] of the id.
    pub local: bool,
    /// [`crate::requires_hf_token`] of the id.
    pub requires_hf_token: bool,
    /// The route the id would take.
    pub route: Route,
    /// Why it failed.
    pub error: Error,
}

impl Report<'_> {
    /// Replaces every secret in the report with its redacted form (the API
    /// key with [`crate::redact`]'s, a password or token inside the base URL
    /// with [`crate::redact_url`]'s): what every printer shows unless the
    /// user asks for secrets. Call it once: a masked key masked again
    /// loses its ends (`sk-l…ired` is under 12 characters).
    ///
    /// ```
    /// use modelroute_core::{report, ResolveOptions};
    /// let env = [("VLLM_API_KEY", "sk-very-secret-value")];
    /// let mut r = report("vllm/m", &env, &ResolveOptions::default());
    /// r.redact_secrets();
    /// let json = serde_json::to_value(&r).unwrap();
    /// assert_eq!(json["litellm"]["api_key"], "sk-v…alue");
    /// ```
    pub fn redact_secrets(&mut self) {
        if let Report::Resolved(r) = self {
            r.redact_secrets();
        }
    }
}

impl Resolution<'_> {
    /// Replaces the secrets of the resolution with their redacted forms:
    /// the API key with its [`crate::redact`]ed form, and a password inside
    /// the base URL with [`crate::redact_url`]'s. [`Report::redact_secrets`]
    /// of a resolved report does exactly this.
    ///
    /// ```
    /// use modelroute_core::{resolve, ResolveOptions};
    /// let env = [
    ///     ("VLLM_API_KEY", "sk-very-secret-value"),
    ///     ("VLLM_BASE_URL", "http://user:pw@gpu-box:8000"),
    /// ];
    /// let mut r = resolve("vllm/m", &env, &ResolveOptions::default()).unwrap();
    /// r.redact_secrets();
    /// assert_eq!(r.litellm.api_key, Some(Some("sk-v…alue".to_owned())));
    /// assert_eq!(r.litellm.api_base.as_deref(), Some("http://user:***@gpu-box:8000/v1"));
    /// ```
    pub fn redact_secrets(&mut self) {
        if let Some(Some(key)) = &mut self.litellm.api_key {
            *key = crate::redact(key);
        }
        // A password or token inside the base URL is a secret too; without
        // an `@` or a query there is none, and the URL is kept as it is.
        if let Some(base) = self
            .litellm
            .api_base
            .as_mut()
            .filter(|b| b.bytes().any(|c| c == b'@' || c == b'?'))
        {
            *base = crate::redact_url(base);
        }
    }
}

/// [`resolve`], with a failure turned into a [`Report::Failed`].
///
/// ```
/// use modelroute_core::{report, EmptyEnv, ResolveOptions};
/// let json = serde_json::to_value(report("openai-compat/x", &EmptyEnv, &ResolveOptions::default())).unwrap();
/// assert_eq!(json["error"]["code"], "reserved_prefix");
/// assert_eq!(json["valid"], false);
/// ```
pub fn report<'a>(id: &'a str, env: &(impl Env + ?Sized), options: &ResolveOptions) -> Report<'a> {
    match resolve(id, env, options) {
        Ok(r) => Report::Resolved(Box::new(r)),
        Err(error) => {
            let (valid, local) = model_id::checks(id);
            Report::Failed(Failure {
                model_id: id,
                valid,
                local,
                requires_hf_token: !local,
                route: model_id::parse(id).route(),
                error,
            })
        }
    }
}
