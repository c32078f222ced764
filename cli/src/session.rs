//! The session layer: the gathered environment turned into what commands
//! need. It is the one place that builds core's [`ResolveOptions`] (with
//! the token file read only when the id needs it), finds the endpoint a
//! probe or a chat talks to ([`target`]), and applies the Hub-token gate
//! of SPEC §5 ([`gate`]).

use modelroute_core::hf_token::{self, HF_TOKEN, HUGGING_FACE_HUB_TOKEN};
use modelroute_core::probe::{self, FailureKind, ProbeTarget};
use modelroute_core::{report, Env, EnvVar, Report, ResolveOptions, Route, Source};

use crate::cli::ResolutionArgs;
use crate::environment::{EnvError, Environment};
use crate::error::CliError;
use crate::failure::ProbeFailure;

/// LiteLLM's own default for `openai/` ids when `OPENAI_BASE_URL` is unset.
const OPENAI_DEFAULT_BASE: &str = "https://api.openai.com/v1";

/// Core options for resolving `id`: the given effort, strictness and
/// session token, plus the token file's contents when the id needs them
/// (SPEC §3: the file is the last source, so it is read only then).
pub fn resolve_options(
    env: &Environment,
    id: &str,
    effort: Option<String>,
    strict: bool,
    session_token: Option<&str>,
) -> Result<ResolveOptions, EnvError> {
    Ok(ResolveOptions {
        effort,
        strict,
        session_token: session_token.map(str::to_owned),
        hf_token_file: env.token_file_for(id, session_token)?,
    })
}

/// [`resolve_options`] from the command line's resolution flags.
pub fn options(
    env: &Environment,
    id: &str,
    args: &ResolutionArgs,
) -> Result<ResolveOptions, CliError> {
    Ok(resolve_options(
        env,
        id,
        args.effort.clone(),
        args.strict,
        args.session_token.as_deref(),
    )?)
}

/// What the CLI knows about the machine, for platform-dependent diagnostics.
pub fn platform_context() -> modelroute_core::Context {
    modelroute_core::Context {
        platform: modelroute_core::Platform::from_os(std::env::consts::OS),
    }
}

/// Why an id has nothing to probe or chat with.
#[derive(Debug)]
pub enum Target {
    /// The id does not resolve.
    Resolution(Box<modelroute_core::Error>),
    /// The route goes through LiteLLM's own client (`anthropic/`,
    /// `bedrock/`): no OpenAI-compatible endpoint.
    Unsupported(Route),
}

impl Target {
    /// As an error, with `purpose` saying what the endpoint was wanted for
    /// ("probe", "talk to").
    pub fn into_error(self, id: &str, purpose: &'static str) -> CliError {
        match self {
            Target::Resolution(e) => CliError::Resolution(e),
            Target::Unsupported(route) => unsupported(id, route, purpose).into(),
        }
    }
}

/// The failure for a route with no endpoint modelroute can use
/// (`purpose`: "probe", "talk to").
pub fn unsupported(id: &str, route: Route, purpose: &'static str) -> ProbeFailure {
    ProbeFailure::new(
        FailureKind::Unsupported {
            id: id.to_owned(),
            route,
            purpose,
        },
        None,
    )
}

/// The endpoint for any route: core's target for local and HF Router ids,
/// LiteLLM's OpenAI defaults for `openai/` ids.
pub fn target(
    id: &str,
    env: &Environment,
    options: &ResolveOptions,
) -> Result<(Route, ProbeTarget), Target> {
    let r = match report(id, env, options) {
        Report::Resolved(r) => r,
        Report::Failed(f) => return Err(Target::Resolution(Box::new(f.error))),
    };
    if let Some(t) = probe::target(&r) {
        return Ok((r.route, t));
    }
    match r.route {
        Route::Openai => {
            let base = env
                .var(EnvVar::OPENAI_BASE_URL.name())
                .filter(|v| !v.is_empty())
                .map_or(OPENAI_DEFAULT_BASE.to_owned(), |v| {
                    v.trim().trim_end_matches('/').to_owned()
                });
            let key = env
                .var(EnvVar::OPENAI_API_KEY.name())
                .filter(|v| !v.is_empty());
            Ok((
                r.route,
                ProbeTarget {
                    models_url: format!("{base}/models"),
                    chat_url: format!("{base}/chat/completions"),
                    api_base: base,
                    model: id.strip_prefix("openai/").unwrap_or(id).to_owned(),
                    api_key: key.map(str::to_owned),
                    key_source: if key.is_some() {
                        Source::Env(EnvVar::OPENAI_API_KEY)
                    } else {
                        Source::None
                    },
                    base_source: if env
                        .var(EnvVar::OPENAI_BASE_URL.name())
                        .is_some_and(|v| !v.is_empty())
                    {
                        Source::Env(EnvVar::OPENAI_BASE_URL)
                    } else {
                        Source::Default
                    },
                    provider: None,
                },
            ))
        }
        route => Err(Target::Unsupported(route)),
    }
}

/// The failure when a route that needs a key has none: nothing is sent.
pub fn no_key(target: &ProbeTarget, route: Route, nothing_probed: bool) -> ProbeFailure {
    ProbeFailure::new(
        FailureKind::NoKey {
            route,
            api_base: target.api_base.clone(),
            nothing_probed,
        },
        Some(target),
    )
}

/// The Hugging Face Hub token that start-up gating looks for (SPEC §3, §5):
/// `clean(HF_TOKEN or HUGGING_FACE_HUB_TOKEN)` (the `or` on the raw values,
/// an empty value counting as unset), then the cleaned token file. The file
/// is read only when the variables give nothing.
pub fn hub_token(env: &Environment) -> Result<Option<String>, EnvError> {
    let set = |name| env.var(name).filter(|v| !v.is_empty());
    if let Some(token) = set(HF_TOKEN).or_else(|| set(HUGGING_FACE_HUB_TOKEN)) {
        if let Some(clean) = hf_token::clean(token) {
            return Ok(Some(clean));
        }
    }
    Ok(env
        .read_token_file()?
        .and_then(|file| hf_token::clean(&file)))
}

/// SPEC §5: a start on an id that is not local needs a Hub token; without
/// one, the reference's error ([`CliError::NoToken`], exit 1).
pub fn gate(id: &str, env: &Environment) -> Result<(), CliError> {
    if modelroute_core::is_local(id) || hub_token(env)?.is_some() {
        Ok(())
    } else {
        Err(CliError::NoToken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_token_reads_the_variables_as_python_does() {
        let env = |pairs: &[(&str, &str)]| {
            Environment::from_map(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .chain([("HF_TOKEN_PATH".to_owned(), "/nonexistent/token".to_owned())])
                    .collect(),
            )
        };
        assert_eq!(
            hub_token(&env(&[("HF_TOKEN", " hf_a\n")]))
                .unwrap()
                .as_deref(),
            Some("hf_a")
        );
        assert_eq!(
            hub_token(&env(&[
                ("HF_TOKEN", ""),
                ("HUGGING_FACE_HUB_TOKEN", "hf_b")
            ]))
            .unwrap()
            .as_deref(),
            Some("hf_b")
        );
        // A blank HF_TOKEN hides the legacy variable.
        assert_eq!(
            hub_token(&env(&[
                ("HF_TOKEN", "  "),
                ("HUGGING_FACE_HUB_TOKEN", "hf_b")
            ]))
            .unwrap(),
            None
        );
        // INFERENCE_TOKEN is a router key, not a Hub token.
        assert_eq!(hub_token(&env(&[("INFERENCE_TOKEN", "it")])).unwrap(), None);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "hf_file\n").unwrap();
        let e = Environment::from_map(
            [("HF_TOKEN_PATH".to_owned(), file.display().to_string())].into(),
        );
        assert_eq!(hub_token(&e).unwrap().as_deref(), Some("hf_file"));
        assert!(matches!(gate("org/m", &env(&[])), Err(CliError::NoToken)));
        assert!(gate("ollama/m", &env(&[])).is_ok());
    }
}
