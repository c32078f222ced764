//! `probe`: prove that the resolved endpoint answers, stage by stage.
//!
//! Stages: connect (TCP, own timeout) → for `https://`, the TLS handshake
//! (the same timeout) → `GET <api_base>/models` (is the name served, and
//! which server family answers?) → the reference's 1-token chat
//! completion. One deadline covers them all, so a server that accepts and
//! never answers, or drips a byte a second, cannot hold the tool past
//! `--timeout`.

pub mod discovery;
pub mod outcome;
pub mod survey;

use std::cell::RefCell;
use std::time::{Duration, Instant};

use modelroute_core::diagnostics::Diagnostic;
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
    /// What the answers showed about the setup: `server_family_mismatch`
    /// when the family that answered is not the one the id's prefix is for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<ProbeFailure>,
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
}

/// Runs the staged probe against `target`.
pub async fn run(target: ProbeTarget, limits: Limits, plan: Plan) -> ProbeReport {
    let started = Instant::now();
    let progress = Progress {
        stages: RefCell::new(Vec::new()),
        current: RefCell::new(None),
    };
    let mut found = Found::default();
    let outcome = tokio::time::timeout(
        limits.timeout,
        stages(&target, limits, plan, &progress, &mut found),
    )
    .await;
    let failure = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(f)) => Some(f),
        Err(_) => {
            let stage = progress.current.borrow().map_or("probe", |(n, _)| n);
            progress.end("failed", "timed out".to_owned());
            Some(ProbeFailure::new(
                FailureKind::Timeout {
                    url: target.api_base.clone(),
                    after: limits.timeout,
                    during: format!("the {stage} stage"),
                },
                Some(&target),
            ))
        }
    };
    ProbeReport {
        ok: failure.is_none(),
        stages: progress.stages.into_inner(),
        served: found.served,
        server: found.server,
        diagnostics: found.diagnostics,
        failure,
        total_ms: ms(started.elapsed()),
        target,
    }
}

async fn stages(
    target: &ProbeTarget,
    limits: Limits,
    plan: Plan,
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
    if plan == Plan::Full {
        progress.start("models");
        models(target, &client, limits, progress, found, &mut not_listed).await?;
    }
    completion(target, &client, limits, progress, found, not_listed).await
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
                    found.diagnostics.extend(mismatch);
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
