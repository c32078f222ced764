//! `probe`: prove that the resolved endpoint answers, stage by stage.
//!
//! Stages: connect (TCP, own timeout) → `GET <api_base>/models` (is the
//! name served?) → the reference's 1-token chat completion. One deadline
//! covers them all, so a server that accepts and never answers, or drips a
//! byte a second, cannot hold the tool past `--timeout`.

pub mod http;
pub mod survey;

use std::cell::RefCell;
use std::time::{Duration, Instant};

use modelroute_core::probe::{
    self, classify_completion, connection_refused, served_models, Context, FailureClass,
    ProbeFailure, ProbeTarget,
};
use serde::Serialize;

use self::http::{send, Answer};

/// How long each part may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deadline for the whole probe.
    pub timeout: Duration,
    /// Deadline for the TCP connection.
    pub connect_timeout: Duration,
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
    pub total_ms: f64,
}

/// Records stages as they run, so a deadline that cuts the probe short
/// still knows which stage was running.
struct Progress {
    stages: RefCell<Vec<Stage>>,
    current: RefCell<Option<(&'static str, Instant)>>,
}

impl Progress {
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
}

/// Runs the staged probe against `target`.
pub async fn run(target: ProbeTarget, limits: Limits) -> ProbeReport {
    let started = Instant::now();
    let progress = Progress {
        stages: RefCell::new(Vec::new()),
        current: RefCell::new(None),
    };
    let mut found = Found::default();
    let outcome = tokio::time::timeout(
        limits.timeout,
        stages(&target, limits, &progress, &mut found),
    )
    .await;
    let failure = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(f)) => Some(f),
        Err(_) => {
            let stage = progress.current.borrow().map_or("probe", |(n, _)| n);
            progress.end("failed", "timed out".to_owned());
            Some(ProbeFailure::new(
                FailureClass::Timeout,
                format!(
                    "no answer from `{}` within {} during the {stage} stage",
                    target.api_base,
                    seconds(limits.timeout)
                ),
                vec![
                    "a model loading cold can take longer than the timeout: run again, or raise --timeout".to_owned(),
                    "check that the server is not stuck (its log, its CPU/GPU use)".to_owned(),
                ],
            ))
        }
    };
    ProbeReport {
        ok: failure.is_none(),
        stages: progress.stages.into_inner(),
        served: found.served,
        server: found.server,
        failure,
        total_ms: ms(started.elapsed()),
        target,
    }
}

/// A duration in seconds for messages: `15 s`, `2.5 s`.
pub(crate) fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

async fn stages(
    target: &ProbeTarget,
    limits: Limits,
    progress: &Progress,
    found: &mut Found,
) -> Result<(), ProbeFailure> {
    progress.start("connect");
    match connect(target, limits.connect_timeout).await {
        Ok(addr) => progress.end("ok", addr),
        Err(f) => {
            progress.end("failed", f.message.clone());
            return Err(f);
        }
    }
    let client = http::client(limits.connect_timeout).map_err(|e| http::transport(&e))?;
    let auth = |req: reqwest::RequestBuilder| match &target.api_key {
        Some(key) => req.bearer_auth(key),
        None => req,
    };

    progress.start("models");
    let mut not_listed = false;
    match send(auth(client.get(&target.models_url))).await {
        Ok(answer) => {
            found.server = identify(&answer);
            match served_models(answer.status, answer.content_type.as_deref(), &answer.body) {
                Ok(served) => {
                    let listed = probe::is_served(&target.model, &served);
                    not_listed = !listed;
                    let detail = format!(
                        "{} served{}",
                        served.len(),
                        if listed {
                            format!(", `{}` among them", target.model)
                        } else {
                            format!(", `{}` not among them", target.model)
                        }
                    );
                    progress.end(if listed { "ok" } else { "warning" }, detail);
                    found.served = Some(served);
                }
                Err((FailureClass::Unauthorized, said)) => {
                    let cx = Context {
                        target,
                        url: &target.models_url,
                    };
                    let f = probe::failure_for_status(&cx, answer.status, said.as_bytes());
                    progress.end("failed", f.message.clone());
                    return Err(f);
                }
                Err((_, said)) => progress.end(
                    "warning",
                    format!("no model list ({}): {said}", answer.status),
                ),
            }
        }
        Err(f) => {
            progress.end("failed", f.message.clone());
            return Err(f);
        }
    }

    progress.start("completion");
    let body = probe::chat_body(&target.model, 1, &[]);
    let req = auth(client.post(&target.chat_url))
        .header("content-type", "application/json")
        .body(body);
    let answer: Answer = match send(req).await {
        Ok(a) => a,
        Err(f) => {
            progress.end("failed", f.message.clone());
            return Err(f);
        }
    };
    if found.server.is_none() {
        found.server = identify(&answer);
    }
    let cx = Context {
        target,
        url: &target.chat_url,
    };
    match classify_completion(
        &cx,
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
            let mut f = probe::model_not_served(target, &served);
            f.message.push_str(
                "; it answered the completion anyway, so it ignores the name and serves whatever it has loaded",
            );
            Err(f)
        }
        Ok(()) => {
            progress.end("ok", format!("{} answered", answer.status));
            Ok(())
        }
        Err(mut f) => {
            progress.end("failed", f.message.clone());
            if f.class == FailureClass::ModelNotServed {
                if let Some(served) = &found.served {
                    let better = probe::model_not_served(target, served);
                    f.fixes = better.fixes;
                    f.closest = better.closest;
                }
            }
            Err(f)
        }
    }
}

/// Resolves the host and opens a TCP connection to the first address
/// that accepts one; refused only when every address refuses.
pub async fn connect(
    target: &ProbeTarget,
    connect_timeout: Duration,
) -> Result<String, ProbeFailure> {
    let url = reqwest::Url::parse(&target.api_base).map_err(|e| {
        ProbeFailure::new(
            FailureClass::ConnectionFailed,
            format!(
                "`{}` is not a URL the HTTP client accepts: {e}",
                target.api_base
            ),
            vec!["fix the base URL variable".to_owned()],
        )
    })?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<std::net::SocketAddr> =
        match tokio::time::timeout(connect_timeout, tokio::net::lookup_host((host.as_str(), port))).await {
            Ok(Ok(addrs)) => addrs.collect(),
            Ok(Err(e)) => {
                return Err(ProbeFailure::new(
                    FailureClass::NameResolution,
                    format!("the host `{host}` of `{}` does not resolve: {e}", target.api_base),
                    vec!["check the host name in the base URL (a typo, or a name only another machine knows)".to_owned()],
                ))
            }
            Err(_) => {
                return Err(ProbeFailure::new(
                    FailureClass::NameResolution,
                    format!("looking up `{host}` took longer than {}", seconds(connect_timeout)),
                    vec!["check the host name and your DNS".to_owned()],
                ))
            }
        };
    let mut refused = Vec::new();
    let mut last_error = None;
    for addr in &addrs {
        match tokio::time::timeout(connect_timeout, tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(_)) => {
                let mut detail = addr.to_string();
                if !refused.is_empty() {
                    detail.push_str(&format!(" (after {} refused)", refused.join(", ")));
                }
                return Ok(detail);
            }
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                refused.push(addr.to_string())
            }
            Ok(Err(e)) => last_error = Some(e.to_string()),
            Err(_) => {
                return Err(ProbeFailure::new(
                    FailureClass::ConnectTimeout,
                    format!(
                        "{addr} did not accept a connection within {}",
                        seconds(connect_timeout)
                    ),
                    vec![
                        "check the host and port; a firewall may be dropping packets".to_owned(),
                        "raise --connect-timeout if the host is far away".to_owned(),
                    ],
                ))
            }
        }
    }
    match last_error {
        Some(e) if refused.is_empty() => Err(ProbeFailure::new(
            FailureClass::ConnectionFailed,
            format!("cannot connect to `{host}:{port}`: {e}"),
            vec!["check the address in the base URL".to_owned()],
        )),
        _ => Err(connection_refused(target, &refused.join(", "))),
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
