//! The capabilities stage: the metadata requests of the family the
//! models stage identified (at most one beyond `/models`; Ollama's two),
//! read by core into [`Capabilities`], and the diagnostics they raise.
//! Under the probe's deadline and the client's 1 MiB cap, like every
//! request.

use modelroute_core::capabilities::{
    read, requests, Capabilities, Family, LoadState, Reply, Support,
};
use modelroute_core::diagnostics::diagnose_capabilities;
use modelroute_core::probe::{FailureKind, ProbeTarget};
use modelroute_core::Severity;

use super::{Checks, Found, Progress};
use crate::failure::ProbeFailure;
use crate::net::{self, send, Answer};

/// Reads the server's metadata about `target.model` into `found`.
pub(super) async fn stage(
    target: &ProbeTarget,
    client: &reqwest::Client,
    checks: Checks,
    progress: &Progress,
    found: &mut Found,
) -> Result<(), ProbeFailure> {
    progress.start("capabilities");
    // LiteLLM's /models carries nothing that names it: ask, as discover
    // does, but only a local server (never the Hugging Face Router).
    if found.server.is_none() && target.provider.is_some() {
        found.server = super::survey::identify_by_asking(client, &target.api_base).await;
    }
    let Some(family) = found.server.as_deref().and_then(Family::from_server) else {
        found.capabilities = Some(Capabilities::unknown());
        progress.end(
            "skipped",
            "the server does not say what it is, so nothing is known".to_owned(),
        );
        return Ok(());
    };
    let root = target
        .api_base
        .strip_suffix("/v1")
        .unwrap_or(&target.api_base);
    let mut answers: Vec<Option<Answer>> = Vec::new();
    for req in requests(family, &target.model) {
        let method = if req.method == "POST" {
            reqwest::Method::POST
        } else {
            reqwest::Method::GET
        };
        let url = format!("{root}{}", req.path);
        let mut builder = net::request(client, method, &url, target.api_key.as_deref(), &[]);
        if let Some(body) = req.body {
            builder = builder
                .header("content-type", "application/json")
                .body(body);
        }
        // A family that does not answer one of its requests (an older
        // version, a proxy in front) leaves those fields unknown.
        answers.push(send(builder).await.ok());
    }
    let extra: Vec<Option<Reply>> = answers
        .iter()
        .map(|a| {
            a.as_ref().map(|a| Reply {
                status: a.status,
                body: &a.body,
            })
        })
        .collect();
    let models = found.models_reply.as_ref().map(|(status, body)| Reply {
        status: *status,
        body,
    });
    let caps = read(family, &target.model, models, &extra);
    found.family = Some(family);
    if caps.state == LoadState::Loading {
        found.capabilities = Some(caps);
        let kind = FailureKind::Loading {
            url: target.api_base.clone(),
            said: format!("{} says it is loading the model", family.name()),
        };
        return Err(progress.fail(target, kind));
    }
    let diagnostics =
        diagnose_capabilities(Some(family), &target.model, &caps, checks.min_context, None);
    let outcome = if diagnostics.iter().any(|d| d.severity >= Severity::Warning) {
        "warning"
    } else {
        "ok"
    };
    progress.end(outcome, summary(&caps));
    found.capabilities = Some(caps);
    found.diagnostics = diagnostics;
    Ok(())
}

/// One line: `context 3072 served of 8192, tools no, vision no, loaded`.
pub fn summary(caps: &Capabilities) -> String {
    if *caps == Capabilities::unknown() {
        return "the server publishes nothing about the model".to_owned();
    }
    let n = |v: Option<u64>| v.map_or("unknown".to_owned(), |n| n.to_string());
    let support = |s: Support| match s {
        Support::Yes => "yes",
        Support::No => "no",
        Support::Unknown => "unknown",
    };
    let state = match caps.state {
        LoadState::Loaded => "loaded",
        LoadState::Loading => "loading",
        LoadState::NotLoaded => "not loaded",
        LoadState::Unknown => "state unknown",
    };
    format!(
        "context {} served of {}, tools {}, vision {}, {state}",
        n(caps.context.served),
        n(caps.context.max),
        support(caps.tools.support),
        support(caps.vision.support)
    )
}
