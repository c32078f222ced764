//! A quick look at one base URL: does anything answer, what is it, and
//! which models does it list. Used by `discover` and `doctor`.

use std::time::{Duration, Instant};

use modelroute_core::probe::{self, served_models, FailureClass, FailureKind, ProbeTarget};
use serde::Serialize;

use crate::failure::ProbeFailure;
use crate::net::{self, send};

/// What one base URL said.
#[derive(Debug, Clone, Serialize)]
pub struct Survey {
    pub api_base: String,
    pub answering: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    pub models: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeFailure>,
    pub ms: f64,
}

/// Connects, lists models and names the server, all within `timeout`.
pub async fn survey(target: ProbeTarget, connect_timeout: Duration, timeout: Duration) -> Survey {
    let started = Instant::now();
    let api_base = target.api_base.clone();
    let result = tokio::time::timeout(timeout, look(&target, connect_timeout)).await;
    let (server, models, error) = match result {
        Ok(Ok((server, models))) => (server, models, None),
        Ok(Err(kind)) => (None, Vec::new(), Some(kind)),
        Err(_) => (
            None,
            Vec::new(),
            Some(FailureKind::Timeout {
                url: target.models_url.clone(),
                after: timeout,
                during: "the models stage".to_owned(),
            }),
        ),
    };
    let error = error.map(|kind| ProbeFailure::new(kind, Some(&target)));
    // A server that refused the key still answers: it is there.
    let answering = error.as_ref().is_none_or(|f| {
        matches!(
            f.class,
            FailureClass::Unauthorized
                | FailureClass::PathNotFound
                | FailureClass::BadResponse
                | FailureClass::ServerError
                | FailureClass::HttpError
        )
    });
    Survey {
        api_base,
        answering,
        server,
        models,
        error,
        ms: started.elapsed().as_secs_f64() * 1e3,
    }
}

async fn look(
    target: &ProbeTarget,
    connect_timeout: Duration,
) -> Result<(Option<String>, Vec<String>), FailureKind> {
    let connected = net::connect(target, connect_timeout).await?;
    if connected.tls {
        net::handshake(connected, connect_timeout).await?;
    } else {
        drop(connected);
    }
    let client = net::client(connect_timeout).map_err(|e| net::transport(&e))?;
    let answer = match send(net::request(
        &client,
        reqwest::Method::GET,
        &target.models_url,
        target.api_key.as_deref(),
        &[],
    ))
    .await
    {
        Ok(answer) => answer,
        Err(kind) => return Err(net::sharpen(kind, target, connect_timeout).await),
    };
    let headers: Vec<(&str, &str)> = answer
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut server = probe::identify_server(&headers, &answer.body).map(str::to_owned);
    if server.is_none() {
        server = ollama_version(&client, &target.api_base).await;
    }
    if server.is_none() {
        server = litellm_alive(&client, &target.api_base).await;
    }
    match served_models(answer.status, answer.content_type.as_deref(), &answer.body) {
        Ok(models) => Ok((server, models)),
        Err((_, _)) => Err(if answer.status == 200 {
            FailureKind::NotAModelList {
                url: target.models_url.clone(),
                excerpt: probe::excerpt(&answer.body),
            }
        } else {
            probe::failure_for_status(&target.models_url, answer.status, &answer.body)
        }),
    }
}

/// Ollama names itself at `GET /api/version`.
async fn ollama_version(client: &reqwest::Client, api_base: &str) -> Option<String> {
    let root = api_base.strip_suffix("/v1").unwrap_or(api_base);
    let answer = send(client.get(format!("{root}/api/version"))).await.ok()?;
    if answer.status != 200 {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&answer.body).ok()?;
    let version = v.get("version")?.as_str()?;
    Some(format!("Ollama {version}"))
}

/// LiteLLM's proxy answers `GET /health/liveliness` with `"I'm alive!"`
/// and no key; its `/v1/models` carries no header that names it.
async fn litellm_alive(client: &reqwest::Client, api_base: &str) -> Option<String> {
    let root = api_base.strip_suffix("/v1").unwrap_or(api_base);
    let answer = send(client.get(format!("{root}/health/liveliness")))
        .await
        .ok()?;
    (answer.status == 200 && String::from_utf8_lossy(&answer.body).contains("I'm alive"))
        .then(|| "LiteLLM".to_owned())
}
