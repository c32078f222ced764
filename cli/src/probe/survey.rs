//! A quick look at one base URL: does anything answer, what is it, which
//! models does it list, and what its metadata says about each (the
//! capabilities, within what is left of the same deadline). Used by
//! `discover` and `doctor`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use modelroute_core::capabilities::{self, Capabilities, Family, Reply};

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
    /// What the server says about each model it lists, by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub capabilities: BTreeMap<String, Capabilities>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeFailure>,
    pub ms: f64,
}

/// Connects, lists models and names the server, all within `timeout`.
pub async fn survey(target: ProbeTarget, connect_timeout: Duration, timeout: Duration) -> Survey {
    let started = Instant::now();
    let api_base = target.api_base.clone();
    let result = tokio::time::timeout(timeout, look(&target, connect_timeout)).await;
    let mut capabilities = BTreeMap::new();
    let (server, models, error) = match result {
        Ok(Ok((server, models, body))) => {
            // What is left of the deadline; a server slow to say more
            // keeps its list, with its models' capabilities unknown.
            let family = server.as_deref().and_then(Family::from_server);
            let left = timeout.saturating_sub(started.elapsed());
            if let Some(family) = family {
                if let Ok(found) = tokio::time::timeout(
                    left,
                    capabilities_of(&target, connect_timeout, family, &body, &models),
                )
                .await
                {
                    capabilities = found;
                }
            }
            (server, models, None)
        }
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
                | FailureClass::Loading
        )
    });
    Survey {
        api_base,
        answering,
        server,
        models,
        capabilities,
        error,
        ms: started.elapsed().as_secs_f64() * 1e3,
    }
}

/// Which answer: the model's index (`None` for a request shared by all
/// models) and the request's index.
type Slot = (Option<usize>, usize);

/// The capabilities of every listed model: the family's requests that
/// are the same for all models once, those that name a model (Ollama's
/// `/api/show`) for each, all at once.
async fn capabilities_of(
    target: &ProbeTarget,
    connect_timeout: Duration,
    family: Family,
    models_body: &[u8],
    models: &[String],
) -> BTreeMap<String, Capabilities> {
    let Ok(client) = net::client(connect_timeout) else {
        return BTreeMap::new();
    };
    let root = target
        .api_base
        .strip_suffix("/v1")
        .unwrap_or(&target.api_base)
        .to_owned();
    let key = target.api_key.clone();
    let mut set = tokio::task::JoinSet::new();
    let first = models.first().map_or("", String::as_str);
    for (r, req) in capabilities::requests(family, first)
        .into_iter()
        .enumerate()
    {
        let per_model = req.body.is_some();
        let names: Vec<Option<usize>> = if per_model {
            (0..models.len()).map(Some).collect()
        } else {
            vec![None]
        };
        for m in names {
            let body = m.and_then(|m| capabilities::requests(family, &models[m])[r].body.clone());
            let (client, url, key) = (client.clone(), format!("{root}{}", req.path), key.clone());
            let method = if req.method == "POST" {
                reqwest::Method::POST
            } else {
                reqwest::Method::GET
            };
            set.spawn(async move {
                let mut builder = net::request(&client, method, &url, key.as_deref(), &[]);
                if let Some(body) = body {
                    builder = builder
                        .header("content-type", "application/json")
                        .body(body);
                }
                ((m, r), send(builder).await.ok())
            });
        }
    }
    let answers: Vec<(Slot, Option<net::Answer>)> = set.join_all().await;
    let n_requests = capabilities::requests(family, first).len();
    models
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let extra: Vec<Option<Reply>> = (0..n_requests)
                .map(|r| {
                    answers
                        .iter()
                        .find(|((m, at), _)| *at == r && (m.is_none() || *m == Some(i)))
                        .and_then(|(_, a)| a.as_ref())
                        .map(|a| Reply {
                            status: a.status,
                            body: &a.body,
                        })
                })
                .collect();
            let models_reply = Some(Reply::ok(models_body));
            (
                name.clone(),
                capabilities::read(family, name, models_reply, &extra),
            )
        })
        .collect()
}

/// What answered, the names it lists, and the list's body.
type Looked = (Option<String>, Vec<String>, Vec<u8>);

async fn look(target: &ProbeTarget, connect_timeout: Duration) -> Result<Looked, FailureKind> {
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
        server = identify_by_asking(&client, &target.api_base).await;
    }
    match served_models(answer.status, answer.content_type.as_deref(), &answer.body) {
        Ok(models) => Ok((server, models, answer.body)),
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

/// The server's family when its `/models` answer does not say: Ollama's
/// `/api/version`, then LiteLLM's `/health/liveliness` (neither needs a
/// key).
pub async fn identify_by_asking(client: &reqwest::Client, api_base: &str) -> Option<String> {
    match ollama_version(client, api_base).await {
        Some(s) => Some(s),
        None => litellm_alive(client, api_base).await,
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
