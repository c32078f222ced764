//! `probe`: prove that the resolved endpoint answers, stage by stage.
//!
//! Stages: connect (TCP, own timeout) → for `https://`, the TLS handshake
//! (the same timeout) → `GET <api_base>/models` (is the name served, and
//! which server family answers?) → capabilities (what the server's
//! metadata says about the model: `capabilities.rs`) → the reference's
//! 1-token chat completion → with `--tools`, one request with a function
//! (`tools.rs`); `export --probe` stops after the capabilities
//! ([`Plan::Capabilities`]). One deadline covers them all, so a server
//! that accepts and never answers, or drips a byte a second, cannot hold
//! the tool past `--timeout`. `--wait` repeats the whole probe while the server is not
//! ready (`wait.rs`).

pub mod capabilities;
pub mod discovery;
pub mod outcome;
pub mod survey;
pub mod tools;
pub mod wait;

use std::cell::RefCell;
use std::time::{Duration, Instant};

use modelroute_core::capabilities::tools::ToolsProbe;
use modelroute_core::capabilities::{Capabilities, LoadState};
use modelroute_core::diagnostics::Diagnostic;
use modelroute_core::diagnostics::DEFAULT_MIN_CONTEXT;
use modelroute_core::probe::{
    self, classify_completion, served_models, FailureClass, FailureKind, ProbeTarget,
};
use serde::Serialize;

use crate::failure::{family_mismatch, ProbeFailure};
use crate::net::{self, connect, send, Answer};

/// How long each part may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deadline for the whole probe.
    pub timeout: Duration,
    /// Deadline for the TCP connection.
    pub connect_timeout: Duration,
}

impl From<&crate::cli::LimitArgs> for Limits {
    fn from(args: &crate::cli::LimitArgs) -> Self {
        Limits {
            timeout: args.timeout,
            connect_timeout: args.connect_timeout,
        }
    }
}

/// What the probe checks beyond "does it answer" (`--min-context`,
/// `--tools`).
#[derive(Debug, Clone, Copy)]
pub struct Checks {
    /// The smallest served context window an agent can work with.
    pub min_context: u64,
    /// Whether to send the tools request.
    pub tools: bool,
}

impl From<&crate::cli::CheckArgs> for Checks {
    fn from(args: &crate::cli::CheckArgs) -> Self {
        Checks {
            min_context: args.min_context,
            tools: args.tools,
        }
    }
}

impl Default for Checks {
    fn default() -> Self {
        Checks {
            min_context: DEFAULT_MIN_CONTEXT,
            tools: false,
        }
    }
}

/// What happened at one stage.
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub name: &'static str,
    /// `ok`, `warning`, `failed` or `skipped`.
    pub outcome: &'static str,
    /// Milliseconds spent.
    pub ms: f64,
    pub detail: String,
}

/// The probe's whole story.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    pub target: ProbeTarget,
    pub stages: Vec<Stage>,
    pub ok: bool,
    /// Models the server lists, when it answered `/models`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub served: Option<Vec<String>>,
    /// What kind of server answered, when it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<ProbeFailure>,
    /// What the server's metadata says about the model, when the
    /// capabilities stage ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<Capabilities>,
    /// With `--tools`: what the request with a function got.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools_probe: Option<ToolsProbe>,
    /// What the answers showed: `server_family_mismatch` when the family
    /// that answered is not the one the id's prefix is for, and what the
    /// capabilities (and the tools request) say against an agent's needs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    pub total_ms: f64,
}

/// Records stages as they run, so a deadline that cuts the probe short
/// still knows which stage was running.
struct Progress {
    stages: RefCell<Vec<Stage>>,
    current: RefCell<Option<(&'static str, Instant)>>,
}

impl Progress {
    /// Ends the running stage as failed with `kind`, worded for `target`.
    fn fail(&self, target: &ProbeTarget, kind: FailureKind) -> ProbeFailure {
        let f = ProbeFailure::new(kind, Some(target));
        self.end("failed", f.message.clone());
        f
    }

    fn start(&self, name: &'static str) {
        *self.current.borrow_mut() = Some((name, Instant::now()));
    }

    fn end(&self, outcome: &'static str, detail: String) {
        if let Some((name, started)) = self.current.borrow_mut().take() {
            self.stages.borrow_mut().push(Stage {
                name,
                outcome,
                ms: ms(started.elapsed()),
                detail,
            });
        }
    }
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// Facts the stages gather besides pass/fail.
#[derive(Default)]
struct Found {
    served: Option<Vec<String>>,
    server: Option<String>,
    /// The `/models` answer, which some families' metadata is part of.
    models_reply: Option<(u16, Vec<u8>)>,
    capabilities: Option<Capabilities>,
    family: Option<modelroute_core::capabilities::Family>,
    tools_probe: Option<ToolsProbe>,
    /// What the `/models` answer showed (`server_family_mismatch`).
    family_diagnostics: Vec<Diagnostic>,
    /// What the capabilities (and `--tools`) say: each of those stages
    /// writes the whole list anew.
    diagnostics: Vec<Diagnostic>,
}

/// Which stages a probe runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// connect → models → completion: `probe`, `doctor`.
    Full,
    /// connect → completion: the shell's `/model` switch probe, which SPEC
    /// §6 defines as the 1-token completion alone (the connect stage only
    /// sharpens a refused port into "start the server").
    Switch,
    /// connect → models → capabilities, no completion: `export --probe`,
    /// which wants only what the server says about the model. A name the
    /// server does not list fails here, since no completion follows to
    /// prove it is served anyway.
    Capabilities,
}

/// Runs the staged probe against `target`, with the default checks.
pub async fn run(target: ProbeTarget, limits: Limits, plan: Plan) -> ProbeReport {
    run_with(target, limits, plan, Checks::default()).await
}

/// What the server says about `target`'s model, and nothing more:
/// connect, models and capabilities under `limits`, no completion
/// (`export --probe`).
pub async fn capabilities_of(target: ProbeTarget, limits: Limits) -> ProbeReport {
    run_with(target, limits, Plan::Capabilities, Checks::default()).await
}

/// Runs the staged probe against `target`, with `checks`.
pub async fn run_with(
    target: ProbeTarget,
    limits: Limits,
    plan: Plan,
    checks: Checks,
) -> ProbeReport {
    let started = Instant::now();
    let progress = Progress {
        stages: RefCell::new(Vec::new()),
        current: RefCell::new(None),
    };
    let mut found = Found::default();
    let outcome = tokio::time::timeout(
        limits.timeout,
        stages(&target, limits, plan, checks, &progress, &mut found),
    )
    .await;
    let failure = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(f)) => Some(f),
        Err(_) => {
            let stage = progress.current.borrow().map_or("probe", |(n, _)| n);
            progress.end("failed", "timed out".to_owned());
            // A model that was not loaded and then gave no answer is
            // being loaded by the request, not stuck.
            let not_loaded = found
                .capabilities
                .as_ref()
                .is_some_and(|c| c.state == LoadState::NotLoaded);
            let kind = if stage == "completion" && not_loaded {
                FailureKind::Loading {
                    url: target.chat_url.clone(),
                    said: format!(
                        "it was not loaded when the probe began, and gave no answer within {}",
                        crate::failure::seconds(limits.timeout)
                    ),
                }
            } else {
                FailureKind::Timeout {
                    url: target.api_base.clone(),
                    after: limits.timeout,
                    during: format!("the {stage} stage"),
                }
            };
            Some(ProbeFailure::new(kind, Some(&target)))
        }
    };
    ProbeReport {
        ok: failure.is_none(),
        stages: progress.stages.into_inner(),
        served: found.served,
        server: found.server,
        failure,
        capabilities: found.capabilities,
        tools_probe: found.tools_probe,
        diagnostics: found
            .family_diagnostics
            .into_iter()
            .chain(found.diagnostics)
            .collect(),
        total_ms: ms(started.elapsed()),
        target,
    }
}

async fn stages(
    target: &ProbeTarget,
    limits: Limits,
    plan: Plan,
    checks: Checks,
    progress: &Progress,
    found: &mut Found,
) -> Result<(), ProbeFailure> {
    progress.start("connect");
    let connected = match connect(target, limits.connect_timeout).await {
        Ok(connected) => {
            progress.end("ok", connected.detail.clone());
            connected
        }
        Err(kind) => return Err(progress.fail(target, kind)),
    };
    if connected.tls {
        progress.start("tls");
        match net::handshake(connected, limits.connect_timeout).await {
            Ok(detail) => progress.end("ok", detail),
            Err(kind) => return Err(progress.fail(target, kind)),
        }
    } else {
        // Closed now: a server with few workers should not keep one on it.
        drop(connected);
    }
    let client = net::client(limits.connect_timeout)
        .map_err(|e| ProbeFailure::new(net::transport(&e), Some(target)))?;

    let mut not_listed = false;
    if plan != Plan::Switch {
        progress.start("models");
        models(target, &client, limits, progress, found, &mut not_listed).await?;
        capabilities::stage(target, &client, checks, progress, found).await?;
    }
    if plan == Plan::Capabilities {
        return match &found.served {
            Some(served) if not_listed => Err(ProbeFailure::new(
                probe::not_listed(&target.model, served, false, found.server.as_deref()),
                Some(target),
            )),
            _ => Ok(()),
        };
    }
    completion(target, &client, limits, progress, found, not_listed).await?;
    if plan == Plan::Full && checks.tools {
        tools::stage(target, &client, checks, progress, found).await?;
    }
    Ok(())
}

/// `GET <api_base>/models`: is the name served, and what answers.
async fn models(
    target: &ProbeTarget,
    client: &reqwest::Client,
    limits: Limits,
    progress: &Progress,
    found: &mut Found,
    not_listed: &mut bool,
) -> Result<(), ProbeFailure> {
    let key = target.api_key.as_deref();
    match send(net::request(
        client,
        reqwest::Method::GET,
        &target.models_url,
        key,
        &[],
    ))
    .await
    {
        Ok(answer) => {
            found.server = identify(&answer);
            found.models_reply = Some((answer.status, answer.body.clone()));
            match served_models(answer.status, answer.content_type.as_deref(), &answer.body) {
                Ok(served) => {
                    let listed = probe::is_served(&target.model, &served);
                    *not_listed = !listed;
                    let mut detail = format!(
                        "{} served{}",
                        served.len(),
                        if listed {
                            format!(", `{}` among them", target.model)
                        } else {
                            format!(", `{}` not among them", target.model)
                        }
                    );
                    let mismatch = found
                        .server
                        .as_deref()
                        .and_then(|server| family_mismatch(target, server, &served));
                    if let (Some(server), Some(p), Some(_)) =
                        (&found.server, target.provider, &mismatch)
                    {
                        detail
                            .push_str(&format!("; the server is {server}, not {}", p.display_name));
                    }
                    let ok = listed && mismatch.is_none();
                    found.family_diagnostics.extend(mismatch);
                    progress.end(if ok { "ok" } else { "warning" }, detail);
                    found.served = Some(served);
                }
                Err((FailureClass::Unauthorized, said)) => {
                    let kind = probe::failure_for_status(
                        &target.models_url,
                        answer.status,
                        said.as_bytes(),
                    );
                    return Err(progress.fail(target, kind));
                }
                Err((FailureClass::Loading, _)) => {
                    let kind =
                        probe::failure_for_status(&target.models_url, answer.status, &answer.body);
                    return Err(progress.fail(target, kind));
                }
                Err((_, said)) => progress.end(
                    "warning",
                    format!("no model list ({}): {said}", answer.status),
                ),
            }
        }
        Err(kind) => {
            let kind = net::sharpen(kind, target, limits.connect_timeout).await;
            return Err(progress.fail(target, kind));
        }
    }

    Ok(())
}

/// The reference's 1-token chat completion.
async fn completion(
    target: &ProbeTarget,
    client: &reqwest::Client,
    limits: Limits,
    progress: &Progress,
    found: &mut Found,
    not_listed: bool,
) -> Result<(), ProbeFailure> {
    let key = target.api_key.as_deref();
    progress.start("completion");
    let body = probe::chat_body(&target.model, 1, &[]);
    let req = net::post_json(client, &target.chat_url, key, &[], body);
    let answer: Answer = match send(req).await {
        Ok(a) => a,
        Err(kind) => {
            let kind = net::sharpen(kind, target, limits.connect_timeout).await;
            return Err(progress.fail(target, kind));
        }
    };
    if found.server.is_none() {
        found.server = identify(&answer);
    }
    match classify_completion(
        &target.chat_url,
        answer.status,
        answer.content_type.as_deref(),
        &answer.body,
    ) {
        Ok(()) if not_listed => {
            progress.end(
                "warning",
                "answered, though the name is not listed".to_owned(),
            );
            let served = found.served.clone().unwrap_or_default();
            Err(ProbeFailure::new(
                probe::not_listed(&target.model, &served, true, found.server.as_deref()),
                Some(target),
            ))
        }
        Ok(()) => {
            progress.end("ok", format!("{} answered", answer.status));
            Ok(())
        }
        Err(kind) => {
            let f = progress.fail(target, kind);
            Err(match &found.served {
                Some(served) if f.class == FailureClass::ModelNotServed => {
                    f.with_served(target, served, found.server.as_deref())
                }
                _ => f,
            })
        }
    }
}

/// What kind of server answered, from what it says about itself.
fn identify(answer: &Answer) -> Option<String> {
    let headers: Vec<(&str, &str)> = answer
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    probe::identify_server(&headers, &answer.body).map(str::to_owned)
}
