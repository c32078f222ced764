//! Discovery: every local provider's effective and default base URL,
//! surveyed at once (`discover`, and `doctor` without an id), each answer
//! turned into ready-to-paste ids.

use modelroute_core::base_url::normalize;
use modelroute_core::diagnostics::{server_family, server_family_mismatch, Answered, Diagnostic};
use modelroute_core::probe::ProbeTarget;
use modelroute_core::providers::local_provider_by_id;
use modelroute_core::{resolve, EnvVar, LocalProvider, ResolveOptions, Source, LOCAL_PROVIDERS};
use serde::Serialize;

use super::survey::{survey, Survey};
use crate::environment::Environment;

/// One base URL worth probing, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub api_base: String,
    /// `(provider id, "env:VAR" or "default")` for every provider that
    /// resolves to this base URL or has it as its default.
    pub providers: Vec<(String, String)>,
    #[serde(skip)]
    key: Option<String>,
}

/// Every provider's effective base URL and its default one, deduplicated.
pub fn candidates(env: &Environment, effective_only: bool) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut add =
        |base: String, provider: &LocalProvider, via: String, key: Option<String>| match out
            .iter_mut()
            .find(|c| c.api_base == base)
        {
            Some(c) => {
                if !c.providers.iter().any(|(p, _)| p == provider.id) {
                    c.providers.push((provider.id.to_owned(), via));
                }
                if c.key.is_none() {
                    c.key = key;
                }
            }
            None => out.push(Candidate {
                api_base: base,
                providers: vec![(provider.id.to_owned(), via)],
                key,
            }),
        };
    for p in LOCAL_PROVIDERS {
        let id = format!("{}model", p.prefix);
        if let Ok(r) = resolve(&id, env, &ResolveOptions::default()) {
            let via = r
                .sources
                .api_base
                .map_or(Source::Default, |s| s.source)
                .to_string();
            let key = r.litellm.api_key.flatten();
            if let Some(base) = r.litellm.api_base {
                add(base, p, via, key);
            }
        }
        if !effective_only {
            add(
                normalize(p.default_base_url),
                p,
                "default port".to_owned(),
                None,
            );
        }
    }
    out
}

/// A survey with the candidate it answers for.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    #[serde(flatten)]
    pub candidate: Candidate,
    #[serde(flatten)]
    pub survey: Survey,
    /// The models as ids to paste (`ollama/llama3.1:8b`).
    pub model_ids: Vec<String>,
    /// When the server is another kind than the providers pointing at it:
    /// the prefix to use and the variable to set (the fix of the first of
    /// `diagnostics`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// `server_family_mismatch` for each provider pointing here whose
    /// prefix is for another family than the one that answered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

/// The provider whose prefix is meant for the server family that
/// answered, from its self-description.
fn provider_of_kind(server: &str) -> Option<&'static LocalProvider> {
    server_family(server)
        .and_then(|f| f.provider)
        .and_then(local_provider_by_id)
}

pub async fn survey_all(
    cands: Vec<Candidate>,
    connect_timeout: std::time::Duration,
    timeout: std::time::Duration,
) -> Vec<Found> {
    let mut set = tokio::task::JoinSet::new();
    for (i, c) in cands.into_iter().enumerate() {
        set.spawn(async move {
            let target = ProbeTarget {
                models_url: format!("{}/models", c.api_base),
                chat_url: format!("{}/chat/completions", c.api_base),
                api_base: c.api_base.clone(),
                model: String::new(),
                api_key: c.key.clone(),
                key_source: Source::None,
                base_source: Source::None,
                provider: None,
            };
            let s = survey(target, connect_timeout, timeout).await;
            (i, found(c, s))
        });
    }
    let mut results: Vec<(usize, Found)> = set.join_all().await;
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, f)| f).collect()
}

fn found(candidate: Candidate, survey: Survey) -> Found {
    let kind = survey.server.as_deref().and_then(provider_of_kind);
    let pointing: Vec<&'static LocalProvider> = candidate
        .providers
        .iter()
        .filter_map(|(id, _)| modelroute_core::providers::local_provider_by_id(id))
        .collect();
    let prefix = kind.or(pointing.first().copied()).map_or("", |p| p.prefix);
    let model_ids = survey
        .models
        .iter()
        .map(|m| format!("{prefix}{m}"))
        .collect();
    let diagnostics: Vec<Diagnostic> = match &survey.server {
        Some(server) => candidate
            .providers
            .iter()
            .filter_map(|(id, via)| {
                let provider = local_provider_by_id(id)?;
                let var = via
                    .strip_prefix("env:")
                    .and_then(EnvVar::named)
                    .map(EnvVar::name);
                let answered = Answered {
                    server,
                    api_base: &candidate.api_base,
                    served: &survey.models,
                };
                server_family_mismatch(provider, var, &answered)
            })
            .collect(),
        None => Vec::new(),
    };
    Found {
        suggestion: diagnostics.first().map(|d| d.fix.clone()),
        candidate,
        survey,
        model_ids,
        diagnostics,
    }
}
